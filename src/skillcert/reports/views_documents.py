"""Pages of the institution's documents sent upward (REC-08, CERT-08): the list per sitting
and period with downloads, 报送 buttons and the delivery history.

Members read (404 for outsiders, institution_for); the 花名册 holds full ID numbers, so only
managers download it (and each download is audited), as the certificate export; sending is
a manager's act. Statistics read from the replica (core.replica)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.errors import DomainError
from skillcert.core.replica import replica_reads
from skillcert.core.web import download, found_or_404, rule_messages
from skillcert.core.xlsx import XLSX_CONTENT_TYPE
from skillcert.institutions.selectors import can_manage
from skillcert.institutions.web import institution_for

from . import services
from .deadlines import quarter_due, yearly_due
from .documents import application, notice, periodic, summary, yearly
from .documents.sending import deliveries_of
from .documents.sittings import sitting_of, sittings_of
from .documents.word import DOCX_CONTENT_TYPE
from .forms_documents import SendForm


def _quarters(today: date, n: int = 4) -> list[dict]:
    """The last `n` quarters that have begun, newest first, with their due day."""
    year, quarter, out = today.year, (today.month - 1) // 3 + 1, []
    for _ in range(n):
        out.append({"year": year, "quarter": quarter, "due": quarter_due(year, quarter)})
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return out


@login_required
@require_safe
def reports_home(request, iid: int):
    institution = institution_for(request, iid)
    today = timezone.localdate()
    years = [{"year": y, "due": yearly_due(y)} for y in (today.year - 1, today.year)]
    return render(
        request,
        "reports/documents.html",
        {
            "institution": institution,
            "sittings": sittings_of(institution),
            "years": years,
            "quarters": _quarters(today),
            "deliveries": deliveries_of(institution),
            "manager": can_manage(request.user, institution),
        },
    )


def _file(request, iid, build, content_type: str, filename: str):
    """The built file, or the reason it cannot be built shown on the documents page."""
    try:
        content = build()
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reports_home", iid)
    return download(content, content_type, filename)


@login_required
@require_safe
@replica_reads
def yearly_xlsx(request, iid: int, year: int):
    institution = institution_for(request, iid)
    build = lambda: yearly.yearly_xlsx(institution, year, on=timezone.localdate())  # noqa: E731
    return _file(request, iid, build, XLSX_CONTENT_TYPE, f"yearly-{year}.xlsx")


@login_required
@require_safe
@replica_reads
def yearly_docx(request, iid: int, year: int):
    institution = institution_for(request, iid)
    build = lambda: yearly.yearly_docx(institution, year, on=timezone.localdate())  # noqa: E731
    return _file(request, iid, build, DOCX_CONTENT_TYPE, f"yearly-{year}.docx")


@login_required
@require_safe
@replica_reads
def periodic_xlsx(request, iid: int, year: int, quarter: int):
    institution = institution_for(request, iid)
    today = timezone.localdate()
    build = lambda: periodic.periodic_xlsx(institution, year, quarter, on=today)  # noqa: E731
    return _file(request, iid, build, XLSX_CONTENT_TYPE, f"periodic-{year}-q{quarter}.xlsx")


def _sitting(request, iid: int, sid: int, *, manage: bool = False):
    institution = institution_for(request, iid, manage=manage)
    return found_or_404(sitting_of(institution=institution, sitting_id=sid), "未找到该批次")


@login_required
@require_safe
def application_xlsx(request, iid: int, sid: int):
    """Managers only: the 花名册 carries full ID numbers (documents/application.py)."""
    sitting = _sitting(request, iid, sid, manage=True)
    content = application.application_xlsx(sitting, on=timezone.localdate())
    services.roster_downloaded(actor=request.user, sitting=sitting)
    return download(content, XLSX_CONTENT_TYPE, f"application-{sitting.pk}.xlsx")


@login_required
@require_safe
def roster_page(request, iid: int, sid: int):
    """The 花名册 on screen, masked ID numbers, for any member (the file is for managers)."""
    sitting = _sitting(request, iid, sid)
    return render(
        request,
        "reports/roster.html",
        {
            "institution": sitting.institution,
            "sitting": sitting,
            "header": application.ROSTER_HEADER,
            "lines": application.roster_lines(sitting, full=False),
        },
    )


@login_required
@require_safe
def notice_docx(request, iid: int, sid: int):
    sitting = _sitting(request, iid, sid)
    content = notice.notice_docx(sitting, on=timezone.localdate())
    return download(content, DOCX_CONTENT_TYPE, f"notice-{sitting.pk}.docx")


@login_required
@require_safe
@replica_reads
def summary_xlsx(request, iid: int, sid: int):
    sitting = _sitting(request, iid, sid)
    content = summary.summary_xlsx(sitting, on=timezone.localdate())
    return download(content, XLSX_CONTENT_TYPE, f"summary-{sitting.pk}.xlsx")


@login_required
@require_safe
@replica_reads
def summary_docx(request, iid: int, sid: int):
    sitting = _sitting(request, iid, sid)
    content = summary.summary_docx(sitting, on=timezone.localdate())
    return download(content, DOCX_CONTENT_TYPE, f"summary-{sitting.pk}.docx")


@login_required
@require_POST
def reports_send(request, iid: int):
    """报送: today's file of the chosen report recorded as sent (services.report_send)."""
    institution = institution_for(request, iid, manage=True)
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect("reports_home", iid)
    data = form.cleaned_data
    sitting = None
    if data["sitting"]:
        sitting = found_or_404(
            sitting_of(institution=institution, sitting_id=data["sitting"]), "未找到该批次"
        )
    with rule_messages(request):
        delivery = services.report_send(
            actor=request.user,
            institution=institution,
            kind=data["kind"],
            year=data["year"],
            quarter=data["quarter"],
            sitting=sitting,
        )
        digest = delivery.sha256[:12]
        messages.success(request, f"已报送{delivery.get_kind_display()}（摘要 {digest}…）")
    return redirect("reports_home", iid)
