from django.urls import path

from . import views

urlpatterns = [
    path("i/<int:iid>/sittings/<int:sid>/violations/", views.violation_list, name="violations"),
    path(
        "i/<int:iid>/sittings/<int:sid>/violations/new/",
        views.violation_new,
        name="violation_new",
    ),
    path("i/<int:iid>/violations/<int:vid>/", views.violation_detail, name="violation_detail"),
    path(
        "i/<int:iid>/violations/<int:vid>/confirm/",
        views.violation_confirm,
        name="violation_confirm",
    ),
    path(
        "i/<int:iid>/violations/<int:vid>/withdraw/",
        views.violation_withdraw,
        name="violation_withdraw",
    ),
    path(
        "i/<int:iid>/violations/<int:vid>/evidence/",
        views.evidence_add,
        name="violation_evidence_add",
    ),
    path(
        "i/<int:iid>/violations/<int:vid>/evidence/<int:eid>/",
        views.evidence_download,
        name="violation_evidence",
    ),
    path(
        "i/<int:iid>/violation-corrections/",
        views.correction_list,
        name="violation_corrections",
    ),
]
