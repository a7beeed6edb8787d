"""Pages of violations (VIOL-01..06): record, sitting list, detail with confirm, evidence,
correction notices (VIOL-05). Thin: the services apply the rules; another institution's
records are a 404 (institution_for), a member without the role a 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.web import download, form_submit, found_or_404, rule_messages
from skillcert.institutions.web import institution_for
from skillcert.plans.web import sitting_get

from . import evidence as ev
from . import selectors, services
from .forms import ConfirmForm, EvidenceForm, ViolationForm, WithdrawForm
from .hooks import room_record_of
from .models import Violation


def _recorder(request, iid, sitting_id=None):
    institution = institution_for(request, iid)
    sitting = sitting_get(institution, sitting_id) if sitting_id is not None else None
    if not selectors.can_record(request.user, institution, sitting):
        raise PermissionDenied("您不是本批次的监考员、考评员或考务人员")
    return institution, sitting


def _violation(request, iid, vid):
    institution = institution_for(request, iid)
    violation = found_or_404(
        selectors.violation_get(institution=institution, violation_id=vid), "未找到该违纪记录"
    )
    sitting = violation.registration.sitting
    if not selectors.can_record(request.user, institution, sitting):
        raise PermissionDenied("您不是本批次的监考员、考评员或考务人员")
    return institution, violation


def _files(uploads) -> list[tuple[str, bytes]]:
    # Read one byte past the limit: the service names the file that is too large.
    return [(u.name, u.read(ev.MAX_BYTES + 1)) for u in uploads or []]


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def violation_list(request, iid, sid):
    institution, sitting = _recorder(request, iid, sid)
    return render(
        request,
        "violations/list.html",
        {
            "institution": institution,
            "sitting": sitting,
            "violations": selectors.violations_of_sitting(sitting),
        },
    )


@login_required
def violation_new(request, iid, sid):
    institution, sitting = _recorder(request, iid, sid)
    # an empty POST re-shows the blank form (200), as test_page_tenancy pins for examiners
    form = ViolationForm(request.POST or None, request.FILES or None)
    done = form_submit(
        request,
        form,
        lambda d: services.violation_record(
            actor=request.user,
            institution=institution,
            registration=selectors.registration_find(sitting, d["candidate"]),
            category=d["category"],
            subject=d["subject"],
            occurred_at=d["occurred_at"],
            notes=d["notes"],
            found_after_sitting=d["found_after_sitting"],
            evidence=_files(request.FILES.getlist("evidence")),
        ),
        success="已登记违纪违规，待考务负责人确认后生效",
        then=lambda violation: ("violation_detail", institution.pk, violation.pk),
    )
    return done or render(
        request,
        "violations/form.html",
        {
            "institution": institution,
            "sitting": sitting,
            "form": form,
            "candidates": selectors.candidates_of(sitting),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def violation_detail(request, iid, vid):
    institution, violation = _violation(request, iid, vid)
    return render(
        request,
        "violations/detail.html",
        {
            "institution": institution,
            "sitting": violation.registration.sitting,
            "v": violation,
            "room_record": room_record_of(violation=violation),  # REC-10
            "evidence": violation.evidence.all(),
            "corrections": violation.corrections.all(),
            "can_confirm": selectors.can_confirm(request.user, institution),
            "confirm_form": ConfirmForm(),
            "withdraw_form": WithdrawForm(),
            "evidence_form": EvidenceForm(),
            "recorded": violation.status == Violation.RECORDED,
        },
    )


@login_required
@require_POST
def violation_confirm(request, iid, vid):
    institution, violation = _violation(request, iid, vid)
    if not selectors.can_confirm(request.user, institution):
        raise PermissionDenied("只有机构负责人或考务人员可以确认违纪处理")
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, "毕业日期格式不正确")
        return redirect("violation_detail", institution.pk, violation.pk)
    with rule_messages(request):
        services.violation_confirm(
            actor=request.user,
            violation=violation,
            graduation_on=form.cleaned_data["graduation_on"],
        )
        messages.success(request, f"已确认处理：{violation.effect_label}（{violation.rule}）")
    return redirect("violation_detail", institution.pk, violation.pk)


@login_required
@require_POST
def violation_withdraw(request, iid, vid):
    institution, violation = _violation(request, iid, vid)
    form = WithdrawForm(request.POST)
    with rule_messages(request):
        services.violation_withdraw(
            actor=request.user,
            violation=violation,
            reason=form.data.get("reason", "")[:1000],
        )
        messages.success(request, "已撤回该违纪记录")
    return redirect("violation_detail", institution.pk, violation.pk)


@login_required
@require_POST
def evidence_add(request, iid, vid):
    institution, violation = _violation(request, iid, vid)
    with rule_messages(request):
        services.evidence_add(
            actor=request.user,
            violation=violation,
            files=_files(request.FILES.getlist("evidence")),
        )
        messages.success(request, "已添加证据")
    return redirect("violation_detail", institution.pk, violation.pk)


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def evidence_download(request, iid, vid, eid):
    _, violation = _violation(request, iid, vid)
    item = found_or_404(
        selectors.evidence_get(violation=violation, evidence_id=eid), "未找到该证据文件"
    )
    name = f"{item.pk}-{item.sha256[:8]}"
    response = download(ev.unseal(item.file), item.content_type, name, inline=True)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def correction_list(request, iid):
    """VIOL-05: certificates voided for a violation whose data must be corrected upward."""
    institution = institution_for(request, iid, manage=request.method == "POST")
    if not selectors.can_read_corrections(request.user, institution):
        raise PermissionDenied("只有机构负责人、考务人员或主管人社部门可以查看数据更正通知")
    if request.method == "POST":
        with rule_messages(request):
            services.correction_notices_mark_sent(
                actor=request.user,
                institution=institution,
                notice_ids=[i for i in request.POST.getlist("ids") if i.isdigit()][:1000],
            )
            messages.success(request, "已标记为已报送")
        return redirect("violation_corrections", institution.pk)
    return render(
        request,
        "violations/corrections.html",
        {
            "institution": institution,
            "notices": selectors.corrections_of(institution),
            "can_mark": selectors.can_confirm(request.user, institution),
        },
    )
