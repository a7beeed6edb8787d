from django.urls import path

from . import views
from .changes import views as changes
from .evaluation import views as evaluation
from .receipt import views as receipt

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
    # INST-03: technical evaluation (authority) and the experts' sheets
    path("authority/evaluations/", evaluation.my_evaluations, name="my_evaluations"),
    path(
        "authority/filings/<int:fid>/evaluation/",
        evaluation.evaluation_page,
        name="filing_evaluation",
    ),
    path(
        "authority/filings/<int:fid>/evaluation/conclude/",
        evaluation.evaluation_conclude,
        name="filing_evaluation_conclude",
    ),
    path(
        "authority/filings/<int:fid>/evaluation/score/",
        evaluation.evaluation_score,
        name="filing_evaluation_score",
    ),
    path(
        "authority/filings/<int:fid>/evaluation/sheet.pdf",
        evaluation.evaluation_sheet_pdf,
        name="filing_evaluation_sheet",
    ),
    # INST-04, INST-12: receipt letter, filing number, publication, scope list
    path("authority/filings/<int:fid>/receipt/", receipt.receipt_page, name="filing_receipt"),
    path(
        "authority/filings/<int:fid>/receipt/number/",
        receipt.receipt_number,
        name="filing_receipt_number",
    ),
    path(
        "authority/filings/<int:fid>/receipt.docx", receipt.receipt_docx, name="filing_receipt_docx"
    ),
    path("authority/filings/<int:fid>/receipt.pdf", receipt.receipt_pdf, name="filing_receipt_pdf"),
    path("authority/filings/<int:fid>/scope.xlsx", receipt.scope_xlsx, name="filing_scope_xlsx"),
    path("authority/summary.xlsx", receipt.summary_xlsx, name="authority_summary_xlsx"),
    # INST-08: change applications
    path("i/<int:iid>/record-changes/", changes.change_list, name="record_changes"),
    path("i/<int:iid>/record-changes/<int:cid>/", changes.change_detail, name="record_change"),
    path("authority/changes/", changes.authority_changes, name="authority_changes"),
    path("authority/changes/report.xlsx", changes.quarter_report, name="authority_changes_report"),
    path("authority/changes/<int:cid>/", changes.authority_change, name="authority_change"),
    path(
        "authority/changes/<int:cid>/documents/<int:did>/",
        changes.authority_change_document,
        name="authority_change_document",
    ),
]
