from django.urls import path

from . import views

urlpatterns = [
    path("verify/", views.verify_page, name="verify"),
    path("verify/q/<str:number>/<str:token>/", views.verify_qr, name="verify_qr"),
    path("i/<int:iid>/sittings/<int:sid>/issue/", views.issue_page, name="certificates_issue"),
    path(
        "i/<int:iid>/sittings/<int:sid>/issue/registers/",
        views.register_create,
        name="issue_register_create",
    ),
    path(
        "i/<int:iid>/issue-registers/<int:rid>/review/",
        views.register_review,
        name="issue_register_review",
    ),
    path(
        "i/<int:iid>/issue-registers/<int:rid>/issue/",
        views.register_issue,
        name="issue_register_issue",
    ),
    path(
        "i/<int:iid>/issue-registers/<int:rid>/pdf/", views.register_pdf, name="issue_register_pdf"
    ),
    path("i/<int:iid>/certificate-pdfs/<int:jid>/", views.pdf_job_status, name="pdf_job_status"),
    path(
        "i/<int:iid>/certificate-pdfs/<int:jid>/download/",
        views.pdf_job_download,
        name="pdf_job_download",
    ),
    path("i/<int:iid>/certificates/", views.certificate_list, name="certificate_list"),
    path(
        "i/<int:iid>/certificates/<str:number>.pdf", views.certificate_pdf, name="certificate_pdf"
    ),
    path(
        "i/<int:iid>/certificates/<str:number>/void/",
        views.certificate_void,
        name="certificate_void",
    ),
]
