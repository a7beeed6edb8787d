"""Pages of certificates: issue registers, the list, PDFs and their ZIP, replacement (CERT-05),
the blank stock (CERT-07), the authority export (CERT-08), and the public verification.

Thin: resolve the institution (404 for outsiders), check the right to change (403), call a
service, turn a DomainError into a message on the page that was shown.
"""

import io
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.crypto import decrypt_bytes
from skillcert.core.errors import DomainError
from skillcert.core.files import open_streaming
from skillcert.core.replica import replica_reads
from skillcert.core.web import download, rule_messages
from skillcert.institutions.selectors import can_manage, institution_get_for_user
from skillcert.institutions.web import institution_for

from . import downloads, selectors, services, stock_selectors, stock_services
from . import export as export_mod
from .models import CertificatePdfJob, CertificateZipJob, IssueRegister, Replacement
from .sealing import open_stream
from .verification import NEUTRAL_MESSAGE, RATE_LIMIT_MESSAGE, rate_limited


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def issue_page(request, iid: int, sid: int):
    """The sitting's passed candidates and its registers, with the create/review/issue buttons."""
    institution = institution_get_for_user(request.user, iid)
    sitting = selectors.sitting_get(institution, sid)
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
    with rule_messages(request):  # item 24: the issue date is the system's (today)
        certs = services.issue_register_issue(actor=request.user, register=register)
        messages.success(
            request, f"已核发证书{len(certs)}本：{certs[0].number} 至 {certs[-1].number}"
        )
    return _back_to_sitting(iid, register.sitting_id)


def _job_start(request, iid: int, rid: int, start, started: str):
    """Start a background job of an issue register (batch PDF, ZIP) and go back."""
    institution = institution_for(request, iid, manage=True)
    register = selectors.issue_register_get(institution, rid)
    with rule_messages(request):
        start(actor=request.user, register=register)
        messages.success(request, started)
    return _back_to_sitting(iid, register.sitting_id)


def _job_progress(request, iid: int, jid: int, get, template: str):
    """A job's progress fragment; it polls itself (htmx) until the job is finished."""
    institution = institution_get_for_user(request.user, iid)
    job = get(institution, jid)
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
    job = selectors.pdf_job_get(institution, jid)
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
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def certificate_pdf(request, iid: int, number: str):
    institution = institution_get_for_user(request.user, iid)
    cert = selectors.certificate_get(institution, number)
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
    cert = selectors.certificate_of_candidate(request.user, rid)
    pdf = downloads.certificate_pdf_of_holder(certificate=cert)
    response = download(pdf, "application/pdf", f"{cert.number}.pdf", inline=True)
    response["Cache-Control"] = "private, no-store"
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


# --- helpers for the forms below ------------------------------------------------------------


def _int(request, name: str, label: str, *, required: bool = True) -> int | None:
    raw = (request.POST.get(name) or "").strip()
    if not raw and not required:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise DomainError(name, f"{label}应为整数", field=name) from None
    if not 0 <= value <= 2**31 - 1:
        raise DomainError(name, f"{label}超出范围", field=name)
    return value


def _date(request, name: str, label: str, *, required: bool = True) -> date | None:
    raw = (request.POST.get(name) or "").strip()
    if not raw and not required:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise DomainError(name, f"{label}格式不正确（应为年-月-日）", field=name) from None


def _found(getter, institution, key):
    """A record named in a form field: not found (or another institution's) is a message."""
    try:
        return getter(institution, key or "")
    except Http404 as exc:
        raise DomainError("not_found", str(exc) or "未找到") from None


def _sealed_response(name: str, filename: str, content_type: str) -> StreamingHttpResponse:
    def chunks():
        with open_streaming(name) as fh:
            yield from open_stream(fh)

    response = StreamingHttpResponse(chunks(), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"  # full ID numbers inside
    return response


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
    job = selectors.zip_job_get(institution, jid)
    if job.status != CertificateZipJob.DONE or not job.file:
        raise Http404("文件尚未生成")
    downloads.full_id_download_record(actor=request.user, obj=job, what="zip")
    return _sealed_response(
        job.file.name, f"certificates-register-{job.register_id}.zip", "application/zip"
    )


# --- CERT-05 replacement ----------------------------------------------------------------------


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def certificate_detail(request, iid: int, number: str):
    """One certificate: its data, its reprints (CERT-05), its sheets (CERT-07), and actions."""
    institution = institution_get_for_user(request.user, iid)
    cert = selectors.certificate_get(institution, number)
    return render(
        request,
        "certificates/detail.html",
        {
            "institution": institution,
            "certificate": cert,
            "replacements": selectors.replacements_of(cert),
            "sheets": cert.stock_movements.select_related("batch", "replacement"),
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
    cert = selectors.certificate_get(institution, number)
    with rule_messages(request):
        batch_id = _int(request, "batch", "空白证书批次", required=False)
        batch = _found(stock_selectors.stock_batch_get, institution, batch_id) if batch_id else None
        services.replacement_create(
            actor=request.user,
            certificate=cert,
            reason=request.POST.get("reason", ""),
            applied_on=_date(request, "applied_on", "申请日期"),
            replaced_on=_date(request, "replaced_on", "补发日期", required=False),
            holder_name=request.POST.get("holder_name", ""),
            id_number=request.POST.get("id_number", ""),
            note=request.POST.get("note", ""),
            batch=batch,
            sheet_serial=_int(request, "sheet_serial", "印刷编号", required=False),
        )
        messages.success(request, f"证书{cert.number}已补发，证书编号不变")
    return redirect("certificate_detail", iid, cert.number)


# --- CERT-07 blank stock ---------------------------------------------------------------------


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def stock_page(request, iid: int):
    institution = institution_get_for_user(request.user, iid)
    batches = list(stock_selectors.stock_batches_for(institution))
    for b in batches:
        b.balance = stock_selectors.batch_balance(b)
    return render(
        request,
        "certificates/stock.html",
        {
            "institution": institution,
            "batches": batches,
            "can_manage": can_manage(request.user, institution),
            "today": timezone.localdate().isoformat(),
        },
    )


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def stock_batch_page(request, iid: int, bid: int):
    institution = institution_get_for_user(request.user, iid)
    batch = stock_selectors.stock_batch_get(institution, bid)
    return render(
        request,
        "certificates/stock_batch.html",
        {
            "institution": institution,
            "batch": batch,
            "balance": stock_selectors.batch_balance(batch),
            "movements": stock_selectors.stock_movements(batch),
            "registers": selectors.issue_registers_for(institution).filter(
                status=IssueRegister.ISSUED
            ),
            "can_manage": can_manage(request.user, institution),
            "today": timezone.localdate().isoformat(),
        },
    )


@login_required
@require_POST
def stock_receive(request, iid: int):
    institution = institution_for(request, iid, manage=True)
    with rule_messages(request):
        batch = stock_services.stock_receive(
            actor=request.user,
            institution=institution,
            prefix=request.POST.get("prefix", ""),
            digits=_int(request, "digits", "印刷编号位数", required=False) or 7,
            first_serial=_int(request, "first_serial", "起始印刷编号"),
            last_serial=_int(request, "last_serial", "终止印刷编号"),
            counted=_int(request, "counted", "清点数量"),
            received_on=_date(request, "received_on", "入库日期"),
            source=request.POST.get("source", ""),
            location=request.POST.get("location", ""),
        )
        messages.success(request, f"已入库空白证书{batch.size}张：{batch}")
    return redirect("stock_page", iid)


_STOCK_MOVES = {"issue", "issue_register", "spoil", "destroy", "count"}


@login_required
@require_POST
def stock_move(request, iid: int, bid: int, kind: str):
    institution = institution_for(request, iid, manage=True)
    batch = stock_selectors.stock_batch_get(institution, bid)
    if kind not in _STOCK_MOVES:
        raise Http404("未知的台账操作")
    with rule_messages(request):
        actor, on = request.user, _date(request, "on", "日期", required=False)
        if kind == "issue":
            cert = _found(selectors.certificate_get, institution, request.POST.get("number"))
            move = stock_services.stock_issue(
                actor=actor,
                batch=batch,
                serial=_int(request, "first_serial", "印刷编号"),
                certificate=cert,
                on=on,
            )
        elif kind == "issue_register":
            register = _found(
                selectors.issue_register_get, institution, _int(request, "register", "名册")
            )
            moves = stock_services.stock_issue_register(
                actor=actor,
                batch=batch,
                register=register,
                first_serial=_int(request, "first_serial", "起始印刷编号"),
                on=on,
            )
            move = moves[0]
            messages.success(request, f"已登记打印证书{len(moves)}张")
        elif kind == "spoil":
            move = stock_services.stock_spoil(
                actor=actor,
                batch=batch,
                first_serial=_int(request, "first_serial", "起始印刷编号"),
                last_serial=_int(request, "last_serial", "终止印刷编号", required=False),
                reason=request.POST.get("reason", ""),
                on=on,
            )
        elif kind == "destroy":
            move = stock_services.stock_destroy(
                actor=actor,
                batch=batch,
                first_serial=_int(request, "first_serial", "起始印刷编号"),
                last_serial=_int(request, "last_serial", "终止印刷编号", required=False),
                witness_1=request.POST.get("witness_1", ""),
                witness_2=request.POST.get("witness_2", ""),
                reason=request.POST.get("reason", ""),
                on=on,
            )
        else:
            move = stock_services.stock_count(
                actor=actor,
                batch=batch,
                counted=_int(request, "counted", "清点数量"),
                note=request.POST.get("note", ""),
                on=on,
            )
            if move.discrepancy:
                messages.warning(
                    request,
                    f"盘点差异{move.discrepancy:+d}张（清点{move.counted}，账面{move.expected}）",
                )
        if kind != "issue_register":
            messages.success(request, f"已登记：{move}")
    return redirect("stock_batch_page", iid, batch.pk)


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
        sid = _int(request, "sitting", "批次", required=False)
        sitting = _found(selectors.sitting_get, institution, sid) if sid else None
        export = export_mod.certificate_export_create(
            actor=request.user,
            institution=institution,
            sitting=sitting,
            issued_from=_date(request, "issued_from", "开始日期", required=False),
            issued_to=_date(request, "issued_to", "结束日期", required=False),
        )
        messages.success(request, f"已导出证书数据{export.rows}条")
    return redirect("certificate_exports", iid)


@login_required
def export_download(request, iid: int, eid: int):
    institution = institution_for(request, iid, manage=True)
    export = selectors.export_get(institution, eid)
    export_mod.certificate_export_downloaded(actor=request.user, export=export)
    return _sealed_response(
        export.file.name,
        f"certificates-export-{export.pk}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_POST
def export_sent(request, iid: int, eid: int):
    institution = institution_for(request, iid, manage=True)
    export = selectors.export_get(institution, eid)
    with rule_messages(request):
        export_mod.certificate_export_mark_sent(
            actor=request.user,
            export=export,
            sent_on=_date(request, "sent_on", "报送日期"),
            sent_to=request.POST.get("sent_to", ""),
        )
        messages.success(request, "已登记报送")
    return redirect("certificate_exports", iid)
