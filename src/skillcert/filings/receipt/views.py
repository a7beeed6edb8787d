"""Pages of the receipt step (INST-04, INST-12): number, downloads, publication, the scope
list's import and export, and the region's summary table. Authority staff of the region
only (404 to anyone else)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from skillcert.core.web import bind, download, form_submit, rule_messages
from skillcert.core.xlsx import xlsx_response

from ..guards import authority_application, authority_staff
from . import documents, selectors, services
from .forms import PublishForm, ScopeImportForm


@login_required
def receipt_page(request, fid):
    application = authority_application(request, fid)
    publish = bind(request, PublishForm) if "filed_on" in request.POST else PublishForm()
    done = form_submit(
        request,
        publish,
        lambda d: services.filing_publish(
            actor=request.user, application=application, filed_on=d["filed_on"]
        ),
        success="已公布：机构已备案，认定范围已更新",
        then=lambda a: request.path,
    )
    upload = bind(request, ScopeImportForm) if request.FILES else ScopeImportForm()
    done = done or form_submit(
        request,
        upload,
        lambda d: services.scope_sheet_import(
            actor=request.user, application=application, data=d["file"]
        ),
        success=lambda items: f"已导入认定范围{len(items)}行",
        then=lambda items: request.path,
    )
    if done:
        return done
    return render(
        request,
        "filings/receipt.html",
        {
            "application": application,
            "publish": publish,
            "upload": upload,
            "lines": documents.scope_lines(application),
            "number": services.number_of(application),
        },
    )


@login_required
@require_POST
def receipt_number(request, fid):
    application = authority_application(request, fid)
    with rule_messages(request):
        application = services.filing_number_assign(actor=request.user, application=application)
        messages.success(request, f"备案号：{services.number_of(application)}")
    return redirect("filing_receipt", fid=application.pk)


def _name(application, suffix: str) -> str:
    return f"备案回执-{application.institution.name}.{suffix}"


@login_required
def receipt_docx(request, fid):
    application = authority_application(request, fid)
    content = documents.receipt_docx(application, on=timezone.localdate())
    return download(content, documents.DOCX_CONTENT_TYPE, _name(application, "docx"))


@login_required
def receipt_pdf(request, fid):
    application = authority_application(request, fid)
    content = documents.receipt_pdf(application, on=timezone.localdate())
    return download(content, "application/pdf", _name(application, "pdf"), inline=True)


@login_required
def scope_xlsx(request, fid):
    application = authority_application(request, fid)
    content = documents.scope_xlsx(application, on=timezone.localdate())
    return xlsx_response(content, f"认定范围清单-{application.institution.name}.xlsx")


@login_required
def summary_xlsx(request):
    """INST-12: the 汇总表 of the filed institutions of the user's region."""
    authority_staff(request)
    content = documents.summary_xlsx(selectors.filed_in_region(user=request.user))
    return xlsx_response(content, f"评价机构汇总表-{timezone.localdate()}.xlsx")
