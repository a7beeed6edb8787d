from django.urls import include, path

from .complaints import views as complaints
from .incidents import views as incidents
from .supervision_report import views as supervision
from .video import views as video

S = "i/<int:iid>/sittings/<int:sid>/"

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
]
