"""Pages of the implementation plan (INST-13), the re-check (PLAN-11) and the level approval
(INST-16): the institution's under /i/<iid>/sittings/<sid>/implementation/ (exam-affairs
roles: the plan names candidates, ARR-09), the authority's under /authority/ (its region
only; anyone else 404)."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.core.web import download, found_or_404, rule_messages
from skillcert.institutions.authority import authority_scope
from skillcert.institutions.web import institution_for
from skillcert.plans.web import sitting_get

from . import selectors, services
from .content import plan_content
from .document import render_plan
from .forms import DecisionForm, LevelRequestForm, RecheckForm
from .gate import level_approval_needed, sitting_refusal

PDF = "application/pdf"


def _sitting(request, iid, sid, *, manage=True):
    institution = institution_for(request, iid, manage=manage)
    return institution, sitting_get(institution, sid)


def _recheck_rows(plan) -> list:
    """PLAN-11: the authority's findings, shown to the institution beside its candidates."""
    if plan is None:
        return []
    rechecks = selectors.rechecks_of(plan=plan)
    return [
        (c, rechecks[c["registration_id"]])
        for c in plan.content.get("candidates", [])
        if c["registration_id"] in rechecks
    ]


@login_required
@require_safe
def plan_page(request, iid, sid):
    institution, sitting = _sitting(request, iid, sid)
    plan = selectors.latest_plan(sitting)
    try:
        due = services.plan_due_on(sitting)
    except DomainError as exc:  # the calendar of that year is not known yet
        due, messages_due = None, exc.message
    else:
        messages_due = ""
    return render(
        request,
        "arrangement/implementation_plan.html",
        {
            "institution": institution,
            "sitting": sitting,
            "plan": plan,
            "plans": selectors.plans_of_sitting(sitting=sitting),
            "preview": plan_content(sitting),
            "refusal": sitting_refusal(sitting),
            "due_on": due,
            "due_error": messages_due,
            "recheck_rows": _recheck_rows(plan),
            "lead_days": rules().plan_report_workdays,
            "level_needed": level_approval_needed(sitting),
            "level_approvals": selectors.level_approvals_of(sitting=sitting),
            "level_form": LevelRequestForm(),
        },
    )


@login_required
@require_POST
def plan_submit(request, iid, sid):
    institution, sitting = _sitting(request, iid, sid)
    with rule_messages(request):
        plan = services.plan_submit(actor=request.user, sitting=sitting)
        messages.success(request, f"已报送实施方案第{plan.version}版，待人社部门审批")
    return redirect("implementation_plan", institution.pk, sitting.pk)


@login_required
@require_safe
def plan_pdf(request, iid, sid):
    institution, sitting = _sitting(request, iid, sid)
    plan = selectors.latest_plan(sitting)
    buf = io.BytesIO()
    if plan is None:
        render_plan(plan_content(sitting), buf, state="草稿，未报送")
    else:
        render_plan(plan.content, buf, state=plan.get_state_display(), version=plan.version)
    return download(buf.getvalue(), PDF, f"implementation-plan-{sitting.pk}.pdf")


@login_required
@require_POST
def level_request(request, iid, sid):
    institution, sitting = _sitting(request, iid, sid)
    form = LevelRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写申请说明（至多1000字）")
    else:
        with rule_messages(request):
            services.level_request(
                actor=request.user, sitting=sitting, reason=form.cleaned_data["reason"]
            )
            messages.success(request, "已提交技师、高级技师认定申请，待鉴定指导中心审批")
    return redirect("implementation_plan", institution.pk, sitting.pk)


# --- the authority's pages -------------------------------------------------------------


def _authority_plan(request, pid):
    prefix = authority_scope(request.user)
    return found_or_404(
        selectors.plan_for_authority(prefix=prefix, plan_id=pid), "未找到该实施方案"
    )


@login_required
def authority_plan(request, pid):
    """INST-13 approve or return; PLAN-11 the candidate list with today's re-check."""
    plan = _authority_plan(request, pid)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            with rule_messages(request):
                if d["decision"] == "approve":
                    services.plan_approve(actor=request.user, plan=plan, reasons=d["reasons"])
                    messages.success(request, "已批准实施方案")
                else:
                    services.plan_return(actor=request.user, plan=plan, reasons=d["reasons"])
                    messages.success(request, "已退回实施方案")
        else:
            messages.error(request, "请选择审批结论（意见至多1000字）")
        return redirect("authority_plan", plan.pk)
    registrations = selectors.listed_registrations(plan=plan)
    findings = services.recheck_findings(plan, registrations) if registrations else {}
    rechecks = selectors.rechecks_of(plan=plan)
    rows = [
        {
            **cand,
            "system": findings.get(cand["registration_id"], []),
            "recheck": rechecks.get(cand["registration_id"]),
        }
        for cand in plan.content.get("candidates", [])
    ]
    return render(
        request,
        "arrangement/authority_plan.html",
        {"plan": plan, "content": plan.content, "rows": rows, "form": form},
    )


@login_required
@require_POST
def authority_recheck(request, pid):
    plan = _authority_plan(request, pid)
    form = RecheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择复审结论（意见至多300字）")
        return redirect("authority_plan", plan.pk)
    d = form.cleaned_data
    registration = found_or_404(
        selectors.listed_registration(plan=plan, registration_id=d["registration"]),
        "该考生不在本实施方案的考生名单中",
    )
    with rule_messages(request):
        services.candidate_recheck(
            actor=request.user,
            plan=plan,
            registration=registration,
            finding=d["finding"],
            note=d["note"],
        )
        messages.success(request, f"已记录{registration.person.name}的复审结论")
    return redirect("authority_plan", plan.pk)


@login_required
@require_safe
def authority_plan_pdf(request, pid):
    plan = _authority_plan(request, pid)
    buf = io.BytesIO()
    render_plan(plan.content, buf, state=plan.get_state_display(), version=plan.version)
    return download(
        buf.getvalue(), PDF, f"implementation-plan-{plan.sitting_id}-v{plan.version}.pdf"
    )


@login_required
def authority_level(request, lid):
    """INST-16: approve or refuse a level 2/1 sitting."""
    prefix = authority_scope(request.user)
    approval = found_or_404(
        selectors.level_approval_for_authority(prefix=prefix, approval_id=lid), "未找到该申请"
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            with rule_messages(request):
                services.level_decide(
                    actor=request.user,
                    request=approval,
                    approve=d["decision"] == "approve",
                    reason=d["reasons"],
                )
                messages.success(request, "已审批")
        else:
            messages.error(request, "请选择审批结论（意见至多1000字）")
        return redirect("authority_level", approval.pk)
    return render(request, "arrangement/authority_level.html", {"approval": approval, "form": form})
