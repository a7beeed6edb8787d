from django.urls import path

from . import views

F = "i/<int:iid>/filings/<int:fid>/"

urlpatterns = [
    path("register/institution/", views.register, name="institution_register"),
    path("i/<int:iid>/filings/", views.filing_list, name="filing_list"),
    path(F, views.filing_detail, name="filing_detail"),
    path(F + "sections/", views.filing_sections, name="filing_sections"),
    path(F + "identity/", views.filing_identity, name="filing_identity"),
    path(F + "scope/", views.filing_scope_add, name="filing_scope_add"),
    path(F + "scope/<int:sid>/remove/", views.filing_scope_remove, name="filing_scope_remove"),
    path(F + "attachments/", views.filing_attachment_add, name="filing_attachment_add"),
    path(F + "attachments/<int:aid>/", views.filing_attachment, name="filing_attachment"),
    path(
        F + "attachments/<int:aid>/remove/",
        views.filing_attachment_remove,
        name="filing_attachment_remove",
    ),
    path(F + "commitment/", views.filing_commitment, name="filing_commitment"),
    path(F + "submit/", views.filing_submit, name="filing_submit"),
    path("authority/filings/", views.authority_queue, name="authority_filings"),
    path("authority/filings/<int:fid>/", views.authority_detail, name="authority_filing"),
    path(
        "authority/filings/<int:fid>/attachments/<int:aid>/",
        views.authority_attachment,
        name="authority_filing_attachment",
    ),
]
