from django.urls import include, path

from .complaints import views as complaints
from .incidents import views as incidents
from .papers import views as papers
from .room import views as room
from .supervision_report import views as supervision
from .video import views as video

S = "i/<int:iid>/sittings/<int:sid>/"
R = "i/<int:iid>/sittings/<int:sid>/records/"

urlpatterns: list = [
    # incidents (REC-05)
    path(S + "incidents/", incidents.incident_list, name="incidents"),
    path(S + "incidents/new/", incidents.incident_new, name="incident_new"),
    path("i/<int:iid>/incidents/<int:nid>/", incidents.incident_detail, name="incident_detail"),
    path("i/<int:iid>/incidents/<int:nid>/stage/", incidents.incident_stage, name="incident_stage"),
    path("i/<int:iid>/incidents/<int:nid>/close/", incidents.incident_close, name="incident_close"),
    # video monitoring (REC-11)
    path(S + "video/", video.video_index, name="video_index"),
    path(S + "video/add/", video.video_add, name="video_add"),
    path(S + "video/periods/", video.video_period_add, name="video_period_add"),
    path(S + "video/check/", video.video_check, name="video_check"),
    path("i/<int:iid>/video-recordings/<int:rid>/file/", video.video_file, name="video_file"),
    path("i/<int:iid>/video-recordings/<int:rid>/remove/", video.video_remove, name="video_remove"),
    # complaints (REC-04)
    path("i/<int:iid>/complaints/", complaints.complaint_list, name="complaints"),
    path("i/<int:iid>/complaints/new/", complaints.complaint_new, name="complaint_new"),
    path("i/<int:iid>/complaints/<int:cid>/", complaints.complaint_detail, name="complaint_detail"),
    path(
        "i/<int:iid>/complaints/<int:cid>/accept/",
        complaints.complaint_accept,
        name="complaint_accept",
    ),
    path(
        "i/<int:iid>/complaints/<int:cid>/extend/",
        complaints.complaint_extend,
        name="complaint_extend",
    ),
    path(
        "i/<int:iid>/complaints/<int:cid>/decide/",
        complaints.complaint_decide,
        name="complaint_decide",
    ),
    path(
        "i/<int:iid>/complaints/<int:cid>/archive/",
        complaints.complaint_archive,
        name="complaint_archive",
    ),
    path(
        "i/<int:iid>/complaints/<int:cid>/files/<int:eid>/",
        complaints.complaint_evidence,
        name="complaint_evidence",
    ),
    path(
        "i/<int:iid>/complaint-notices/<int:nid>/",
        complaints.complaint_notice,
        name="complaint_notice",
    ),
    path(
        "i/<int:iid>/complaint-notices/<int:nid>/pdf/",
        complaints.complaint_notice_pdf,
        name="complaint_notice_pdf",
    ),
    # supervision report (REC-06)
    path(S + "supervision-report/", supervision.supervision_report, name="supervision_report"),
    path(
        S + "supervision-report/sign/",
        supervision.supervision_report_sign,
        name="supervision_report_sign",
    ),
    path(
        S + "supervision-report/pdf/",
        supervision.supervision_report_pdf,
        name="supervision_report_pdf",
    ),
    # equipment (REC-07), hand-over (CERT-09/10), archives (REC-01..03)
    path("", include("skillcert.records.equipment.urls")),
    path("", include("skillcert.records.handover.urls")),
    path("", include("skillcert.records.archives.urls")),
    # REC-10 room records
    path(R, room.records_index, name="records_sitting"),
    path(R + "room-records/", room.room_record_start, name="room_record_start"),
    path(R + "room-records/<int:rid>/", room.room_record, name="room_record"),
    path(R + "room-records/<int:rid>/attendance/", room.attendance_mark, name="room_attendance"),
    path(R + "room-records/<int:rid>/violation/", room.room_violation, name="room_violation"),
    path(R + "room-records/<int:rid>/incident/", room.room_incident, name="room_incident"),
    path(R + "room-records/<int:rid>/seal/", room.room_record_seal, name="room_record_seal"),
    path(R + "room-records/<int:rid>/pdf/", room.room_record_print, name="room_record_pdf"),
    # EXAM-11 return register, item-error report
    path(R + "returns/", papers.return_file, name="records_return_file"),
    path(R + "returns/<int:gid>/receive/", papers.return_receive, name="records_return_receive"),
    path(R + "item-errors/", papers.item_error_report, name="records_item_error"),
    path(
        R + "item-errors/<int:eid>/handle/",
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
