from django.urls import path

from .papers import views as papers
from .room import views as room

S = "i/<int:iid>/sittings/<int:sid>/records/"

urlpatterns = [
    # REC-10 room records
    path(S, room.records_index, name="records_sitting"),
    path(S + "room-records/", room.room_record_start, name="room_record_start"),
    path(S + "room-records/<int:rid>/", room.room_record, name="room_record"),
    path(S + "room-records/<int:rid>/attendance/", room.attendance_mark, name="room_attendance"),
    path(S + "room-records/<int:rid>/violation/", room.room_violation, name="room_violation"),
    path(S + "room-records/<int:rid>/incident/", room.room_incident, name="room_incident"),
    path(S + "room-records/<int:rid>/seal/", room.room_record_seal, name="room_record_seal"),
    path(S + "room-records/<int:rid>/pdf/", room.room_record_print, name="room_record_pdf"),
    # EXAM-11 return register, item-error report
    path(S + "returns/", papers.return_file, name="records_return_file"),
    path(S + "returns/<int:gid>/receive/", papers.return_receive, name="records_return_receive"),
    path(S + "item-errors/", papers.item_error_report, name="records_item_error"),
    path(
        S + "item-errors/<int:eid>/handle/",
        papers.item_error_handle,
        name="records_item_error_handle",
    ),
    # EXAM-12 pledges and the paper store's duty log
    path("i/<int:iid>/records/pledges/", papers.pledges, name="records_pledges"),
    path("i/<int:iid>/records/duty/", papers.duty_logs, name="records_duty"),
    path(
        "i/<int:iid>/records/duty/<int:did>/sign/", papers.duty_log_sign, name="records_duty_sign"
    ),
]
