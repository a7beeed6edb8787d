"""Pages of certificates: issue registers, the list, PDFs and their ZIP, replacement (CERT-05),
the blank stock (CERT-07), the authority export (CERT-08), and the public verification.

Thin: resolve the institution (404 for outsiders), check the right to change (403), call a
service, turn a DomainError into a message on the page that was shown.
"""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.crypto import decrypt_bytes
from skillcert.core.replica import replica_reads
from skillcert.core.web import download, found_or_404, rule_messages
from skillcert.institutions.selectors import can_manage
from skillcert.institutions.web import institution_for

from . import downloads, selectors, services
from . import export as export_mod
from .forms import ExportCreateForm, ExportSentForm, ReplacementForm, VoidForm, form_data
from .models import CertificatePdfJob, CertificateZipJob, Replacement
from .sealing import sealed_response
from .stock import selectors as stock_selectors
from .verification import NEUTRAL_MESSAGE, RATE_LIMIT_MESSAGE, rate_limited


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def issue_page(request, iid: int, sid: int):
    """The sitting's passed candidates and its registers, with the create/review/issue buttons."""
    institution = institution_for(request, iid)
    sitting = found_or_404(
        selectors.sitting_get(institution=institution, sitting_id=sid), "未找到该批次"
    )
    registers = list(
        selectors.issue_registers_for(institution, sitting=sitting).prefetch_related(
            "registrations__person", "pdf_jobs", "zip_jobs"
        )
    )
    passed = list(selectors.passed_registrations(sitting).select_related("certificate"))
    pending = set(selectors.registrations_to_register(sitting).values_list("pk", flat=True))
    for r in registers:
        r.latest_job = next(iter(r.pdf_jobs.all()), None)
        r.latest_zip = next(iter(r.zip_jobs.all()), None)
    return render(
        request,
        "certificates/issue.html",
        {
            "institution": institution,
            "sitting": sitting,
            "registers": registers,
            "passed": passed,
            "pending": pending,
            "can_manage": can_manage(request.user, institution),
            "today": timezone.localdate().isoformat(),
        },
    )


def _back_to_sitting(iid, sid):
    return redirect("certificates_issue", iid, sid)


@login_required
@require_POST
def register_create(request, iid: int, sid: int):
    institution = institution_for(request, iid, manage=True)
    sitting = found_or_404(
        selectors.sitting_get(institution=institution, sitting_id=sid), "未找到该批次"
    )
    with rule_messages(request):
        register = services.issue_register_create(actor=request.user, sitting=sitting)
        messages.success(request, f"已生成核发名册（{register.registrations.count()}人），待审核")
    return _back_to_sitting(iid, sid)


@login_required
@require_POST
def register_review(request, iid: int, rid: int):
    institution = institution_for(request, iid, manage=True)
    register = found_or_404(
        selectors.issue_register_get(institution=institution, register_id=rid), "未找到该核发名册"
    )
    with rule_messages(request):
        services.issue_register_review(actor=request.user, register=register)
        messages.success(request, "核发名册已审核通过")
    return _back_to_sitting(iid, register.sitting_id)


@login_required
@require_POST
def register_issue(request, iid: int, rid: int):
    institution = institution_for(request, iid, manage=True)
    register = found_or_404(
        selectors.issue_register_get(institution=institution, register_id=rid), "未找到该核发名册"
    )
    with rule_messages(request):  # item 24: the issue date is the system's (today)
        certs = services.issue_register_issue(actor=request.user, register=register)
        messages.success(
            request, f"已核发证书{len(certs)}本：{certs[0].number} 至 {certs[-1].number}"
        )
    return _back_to_sitting(iid, register.sitting_id)


def _job_start(request, iid: int, rid: int, start, started: str):
    """Start a background job of an issue register (batch PDF, ZIP) and go back."""
    institution = institution_for(request, iid, manage=True)
    register = found_or_404(
        selectors.issue_register_get(institution=institution, register_id=rid), "未找到该核发名册"
    )
    with rule_messages(request):
        start(actor=request.user, register=register)
        messages.success(request, started)
    return _back_to_sitting(iid, register.sitting_id)


def _job_progress(request, iid: int, jid: int, get, template: str):
    """A job's progress fragment; it polls itself (htmx) until the job is finished."""
    institution = institution_for(request, iid)
    job = found_or_404(get(institution=institution, job_id=jid), "未找到该任务")
    return render(request, template, {"institution": institution, "job": job})


@login_required
@require_POST
def register_pdf(request, iid: int, rid: int):
    return _job_start(request, iid, rid, services.pdf_job_start, "已开始生成证书PDF")


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def pdf_job_status(request, iid: int, jid: int):
    return _job_progress(request, iid, jid, selectors.pdf_job_get, "certificates/_pdf_job.html")


@login_required
def pdf_job_download(request, iid: int, jid: int):
    # Served through this view, never a media URL: the file carries full ID numbers.
    institution = institution_for(request, iid, manage=True)
    job = found_or_404(selectors.pdf_job_get(institution=institution, job_id=jid), "未找到该任务")
    if job.status != CertificatePdfJob.DONE or not job.file:
        raise Http404("文件尚未生成")
    downloads.full_id_download_record(actor=request.user, obj=job, what="pdf_batch")
    with default_storage.open(job.file.name, "rb") as sealed:
        pdf = decrypt_bytes(sealed.read())
    return FileResponse(
        io.BytesIO(pdf),
        as_attachment=True,
        filename=f"certificates-register-{job.register_id}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def certificate_list(request, iid: int):
    institution = institution_for(request, iid)
    page = Paginator(selectors.certificates_for(institution), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "certificates/list.html",
        {
            "institution": institution,
            "page": page,
            "can_manage": can_manage(request.user, institution),
        },
    )


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def certificate_pdf(request, iid: int, number: str):
    institution = institution_for(request, iid)
    cert = found_or_404(
        selectors.certificate_get(institution=institution, number=number), "未找到该证书"
    )
    # Read-only roles get masked ID numbers; a manager's full copy is audited (item 15).
    pdf = downloads.certificate_pdf_for(
        actor=request.user, institution=institution, certificate=cert
    )
    response = download(pdf, "application/pdf", f"{cert.number}.pdf", inline=True)
    response["Cache-Control"] = "private, no-store"  # ID number inside
    return response


@login_required
def my_certificate_pdf(request, rid: int):
    """A holder's own certificate (CERT-03, with their own full number); anybody else's 404."""
    cert = found_or_404(
        selectors.certificate_of_candidate(user=request.user, registration_id=rid), "未找到该证书"
    )
    pdf = downloads.certificate_pdf_of_holder(certificate=cert)
    response = download(pdf, "application/pdf", f"{cert.number}.pdf", inline=True)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def certificate_void(request, iid: int, number: str):
    institution = institution_for(request, iid, manage=True)
    cert = found_or_404(
        selectors.certificate_get(institution=institution, number=number), "未找到该证书"
    )
    with rule_messages(request):
        data = form_data(VoidForm(request.POST))
        services.certificate_void(actor=request.user, certificate=cert, reason=data["reason"])
        messages.success(request, f"证书{cert.number}已作废")
    return redirect("certificate_list", iid)


@replica_reads
def verify_page(request):
    """Public lookup by number and name; one neutral answer for every kind of miss."""
    # POST so that names do not end up in access logs and browser history as query strings.
    number = (request.POST.get("number") or "").strip()
    name = (request.POST.get("name") or "").strip()
    context = {"number": number, "name": name, "searched": False}
    status = 200
    if request.method == "POST":
        context["searched"] = True
        if rate_limited(request):
            context["error"] = RATE_LIMIT_MESSAGE
            status = 429
        else:
            context["certificate"] = selectors.certificate_verify(number=number, name=name)
            if context["certificate"] is None:
                context["error"] = NEUTRAL_MESSAGE
    return render(request, "certificates/verify.html", context, status=status)


@replica_reads
def verify_qr(request, number: str, token: str):
    """The QR landing: the token stands for the name, so the card shows without asking."""
    context = {"number": number, "name": "", "searched": True, "from_qr": True}
    status = 200
    if rate_limited(request):
        context["error"] = RATE_LIMIT_MESSAGE
        status = 429
    else:
        context["certificate"] = selectors.certificate_by_token(number=number, token=token)
        if context["certificate"] is None:
            context["error"] = NEUTRAL_MESSAGE
            context["number"] = ""
    return render(request, "certificates/verify.html", context, status=status)


# --- bulk PDF as a ZIP (one PDF per certificate) ---------------------------------------------


@login_required
@require_POST
def register_zip(request, iid: int, rid: int):
    return _job_start(request, iid, rid, services.zip_job_start, "已开始生成证书PDF压缩包")


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def zip_job_status(request, iid: int, jid: int):
    return _job_progress(request, iid, jid, selectors.zip_job_get, "certificates/_zip_job.html")


@login_required
def zip_job_download(request, iid: int, jid: int):
    institution = institution_for(request, iid, manage=True)
    job = found_or_404(selectors.zip_job_get(institution=institution, job_id=jid), "未找到该任务")
    if job.status != CertificateZipJob.DONE or not job.file:
        raise Http404("文件尚未生成")
    downloads.full_id_download_record(actor=request.user, obj=job, what="zip")
    return sealed_response(
        job.file.name, f"certificates-register-{job.register_id}.zip", "application/zip"
    )


# --- CERT-05 replacement ----------------------------------------------------------------------


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def certificate_detail(request, iid: int, number: str):
    """One certificate: its data, its reprints (CERT-05), its sheets (CERT-07), and actions."""
    institution = institution_for(request, iid)
    cert = found_or_404(
        selectors.certificate_get(institution=institution, number=number), "未找到该证书"
    )
    return render(
        request,
        "certificates/detail.html",
        {
            "institution": institution,
            "certificate": cert,
            "replacements": selectors.replacements_of(cert),
            "sheets": stock_selectors.sheets_of(cert),
            "batches": stock_selectors.stock_batches_for(institution),
            "reasons": Replacement.REASONS,
            "can_manage": can_manage(request.user, institution),
            "today": timezone.localdate().isoformat(),
        },
    )


@login_required
@require_POST
def certificate_replace(request, iid: int, number: str):
    institution = institution_for(request, iid, manage=True)
    cert = found_or_404(
        selectors.certificate_get(institution=institution, number=number), "未找到该证书"
    )
    with rule_messages(request):
        data = form_data(ReplacementForm(request.POST, institution=institution))
        services.replacement_create(actor=request.user, certificate=cert, **data)
        messages.success(request, f"证书{cert.number}已补发，证书编号不变")
    return redirect("certificate_detail", iid, cert.number)


# --- CERT-08 export to the authority -----------------------------------------------------------


@login_required
def export_page(request, iid: int):
    # Managers only: the files hold full ID numbers (see export.py).
    institution = institution_for(request, iid, manage=True)
    return render(
        request,
        "certificates/exports.html",
        {
            "institution": institution,
            "exports": selectors.exports_for(institution)[:100],
            "sittings": selectors.sittings_with_certificates(institution),
            "today": timezone.localdate().isoformat(),
        },
    )


@login_required
@require_POST
def export_create(request, iid: int):
    institution = institution_for(request, iid, manage=True)
    with rule_messages(request):
        data = form_data(ExportCreateForm(request.POST, institution=institution))
        export = export_mod.certificate_export_create(
            actor=request.user, institution=institution, **data
        )
        messages.success(request, f"已导出证书数据{export.rows}条")
    return redirect("certificate_exports", iid)


@login_required
def export_download(request, iid: int, eid: int):
    institution = institution_for(request, iid, manage=True)
    export = found_or_404(
        selectors.export_get(institution=institution, export_id=eid), "未找到该导出"
    )
    export_mod.certificate_export_downloaded(actor=request.user, export=export)
    return sealed_response(
        export.file.name,
        f"certificates-export-{export.pk}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_POST
def export_sent(request, iid: int, eid: int):
    institution = institution_for(request, iid, manage=True)
    export = found_or_404(
        selectors.export_get(institution=institution, export_id=eid), "未找到该导出"
    )
    with rule_messages(request):
        data = form_data(ExportSentForm(request.POST))
        export_mod.certificate_export_mark_sent(actor=request.user, export=export, **data)
        messages.success(request, "已登记报送")
    return redirect("certificate_exports", iid)
