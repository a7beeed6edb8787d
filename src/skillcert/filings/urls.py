from django.urls import path

from .evaluation import views as evaluation
from .receipt import views as receipt

urlpatterns: list = [
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
]
