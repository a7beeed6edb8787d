"""Pages of certificates: issue registers, the list, PDFs, and the public verification.

Thin: resolve the institution (404 for outsiders), check the right to change (403), call a
service, turn a DomainError into a message on the page that was shown.
"""

import io
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from skillcert.core.crypto import decrypt_bytes
from skillcert.core.web import rule_messages
from skillcert.institutions.selectors import can_manage, institution_get_for_user
from skillcert.institutions.web import institution_for

from . import selectors, services
from .models import CertificatePdfJob
from .pdf import render_certificates
from .verification import NEUTRAL_MESSAGE, RATE_LIMIT_MESSAGE, rate_limited


@login_required
def issue_page(request, iid: int, sid: int):
    """The sitting's passed candidates and its registers, with the create/review/issue buttons."""
    institution = institution_get_for_user(request.user, iid)
    sitting = selectors.sitting_get(institution, sid)
    registers = list(
        selectors.issue_registers_for(institution, sitting=sitting).prefetch_related(
            "registrations__person", "pdf_jobs"
        )
    )
    passed = list(selectors.passed_registrations(sitting).select_related("certificate"))
    pending = set(selectors.registrations_to_register(sitting).values_list("pk", flat=True))
    for r in registers:
        r.latest_job = next(iter(r.pdf_jobs.all()), None)
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
    sitting = selectors.sitting_get(institution, sid)
    with rule_messages(request):
        register = services.issue_register_create(actor=request.user, sitting=sitting)
        messages.success(request, f"已生成核发名册（{register.registrations.count()}人），待审核")
    return _back_to_sitting(iid, sid)


@login_required
@require_POST
def register_review(request, iid: int, rid: int):
    institution = institution_for(request, iid, manage=True)
    register = selectors.issue_register_get(institution, rid)
    with rule_messages(request):
        services.issue_register_review(actor=request.user, register=register)
        messages.success(request, "核发名册已审核通过")
    return _back_to_sitting(iid, register.sitting_id)


@login_required
@require_POST
def register_issue(request, iid: int, rid: int):
    institution = institution_for(request, iid, manage=True)
    register = selectors.issue_register_get(institution, rid)
    try:
        issued_on = date.fromisoformat(request.POST.get("issued_on", ""))
    except ValueError:
        messages.error(request, "发证日期格式不正确（应为年-月-日）")
        return _back_to_sitting(iid, register.sitting_id)
    with rule_messages(request):
        certs = services.issue_register_issue(
            actor=request.user, register=register, issued_on=issued_on
        )
        messages.success(
            request, f"已核发证书{len(certs)}本：{certs[0].number} 至 {certs[-1].number}"
        )
    return _back_to_sitting(iid, register.sitting_id)


@login_required
@require_POST
def register_pdf(request, iid: int, rid: int):
    institution = institution_for(request, iid, manage=True)
    register = selectors.issue_register_get(institution, rid)
    with rule_messages(request):
        services.pdf_job_start(actor=request.user, register=register)
        messages.success(request, "已开始生成证书PDF")
    return _back_to_sitting(iid, register.sitting_id)


@login_required
def pdf_job_status(request, iid: int, jid: int):
    """The progress fragment; it polls itself (htmx) until the job is finished."""
    institution = institution_get_for_user(request.user, iid)
    job = selectors.pdf_job_get(institution, jid)
    return render(request, "certificates/_pdf_job.html", {"institution": institution, "job": job})


@login_required
def pdf_job_download(request, iid: int, jid: int):
    # Served through this view, never a media URL: the file carries full ID numbers.
    institution = institution_for(request, iid, manage=True)
    job = selectors.pdf_job_get(institution, jid)
    if job.status != CertificatePdfJob.DONE or not job.file:
        raise Http404("文件尚未生成")
    with default_storage.open(job.file.name, "rb") as sealed:
        pdf = decrypt_bytes(sealed.read())
    return FileResponse(
        io.BytesIO(pdf),
        as_attachment=True,
        filename=f"certificates-register-{job.register_id}.pdf",
        content_type="application/pdf",
    )


@login_required
def certificate_list(request, iid: int):
    institution = institution_get_for_user(request.user, iid)
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
def certificate_pdf(request, iid: int, number: str):
    institution = institution_get_for_user(request.user, iid)
    cert = selectors.certificate_get(institution, number)
    buffer = io.BytesIO()
    render_certificates([cert], buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{cert.number}.pdf"'
    response["Cache-Control"] = "private, no-store"  # full ID number inside
    return response


@login_required
@require_POST
def certificate_void(request, iid: int, number: str):
    institution = institution_for(request, iid, manage=True)
    cert = selectors.certificate_get(institution, number)
    with rule_messages(request):
        services.certificate_void(
            actor=request.user, certificate=cert, reason=request.POST.get("reason", "")
        )
        messages.success(request, f"证书{cert.number}已作废")
    return redirect("certificate_list", iid)


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
