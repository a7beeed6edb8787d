from django.urls import path

from . import views
from .stock import views as stock_views

urlpatterns = [
    path(
        "me/registrations/<int:rid>/certificate.pdf",
        views.my_certificate_pdf,
        name="my_certificate_pdf",
    ),
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

urlpatterns += [
    path(
        "i/<int:iid>/issue-registers/<int:rid>/zip/", views.register_zip, name="issue_register_zip"
    ),
    path("i/<int:iid>/certificate-zips/<int:jid>/", views.zip_job_status, name="zip_job_status"),
    path(
        "i/<int:iid>/certificate-zips/<int:jid>/download/",
        views.zip_job_download,
        name="zip_job_download",
    ),
    path(
        "i/<int:iid>/certificates/<str:number>/detail/",
        views.certificate_detail,
        name="certificate_detail",
    ),
    path(
        "i/<int:iid>/certificates/<str:number>/replace/",
        views.certificate_replace,
        name="certificate_replace",
    ),
    path("i/<int:iid>/certificate-stock/", stock_views.stock_page, name="stock_page"),
    path("i/<int:iid>/certificate-stock/receive/", stock_views.stock_receive, name="stock_receive"),
    path(
        "i/<int:iid>/certificate-stock/<int:bid>/",
        stock_views.stock_batch_page,
        name="stock_batch_page",
    ),
    path(
        "i/<int:iid>/certificate-stock/<int:bid>/<str:kind>/",
        stock_views.stock_move,
        name="stock_move",
    ),
    path("i/<int:iid>/certificate-exports/", views.export_page, name="certificate_exports"),
    path("i/<int:iid>/certificate-exports/new/", views.export_create, name="export_create"),
    path(
        "i/<int:iid>/certificate-exports/<int:eid>/download/",
        views.export_download,
        name="export_download",
    ),
    path("i/<int:iid>/certificate-exports/<int:eid>/sent/", views.export_sent, name="export_sent"),
]
