"""Pages of annual plans (PLAN-01), announcements (PLAN-02), deadlines (PLAN-03) and changes
of a sitting's place or time (ARR-10). Thin: tenancy, a form, a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.web import bind, form_submit, found_or_404, rule_messages
from skillcert.institutions.selectors import can_manage
from skillcert.institutions.web import institution_for

from ..deadlines import deadlines_context
from ..models import Announcement
from ..selectors import scope_subject
from ..web import sitting_get
from . import selectors as sel
from .forms import (
    AnnouncementForm,
    ChangeDecisionForm,
    ChangeRequestForm,
    LateRequestForm,
    PlanForm,
    PlanItemForm,
    PlanLinkForm,
)
from .late import announcement_is_late, announcement_late_decide, announcement_late_request
from .services import (
    announcement_publish,
    announcement_publish_by,
    announcement_save,
    is_director,
    plan_create,
    plan_item_add,
    plan_sitting_link,
    sitting_change_decide,
    sitting_change_request,
)

# --- PLAN-01 ---------------------------------------------------------------------------------


@login_required
def plans_page(request, iid):
    institution = institution_for(request, iid)
    manage = can_manage(request.user, institution)
    if request.method == "POST":
        institution = institution_for(request, iid, manage=True)
    form = bind(request, PlanForm, initial={"year": timezone.localdate().year + 1})
    done = form_submit(
        request,
        form,
        lambda d: plan_create(actor=request.user, institution=institution, **d),
        success=lambda plan: f"已创建{plan}",
        warning=lambda plan: (
            plan.made_late and f"{plan.year}年度计划应在{plan.year - 1}年年底制定，已按逾期补报记录"
        ),
        then=lambda plan: ("plan_detail", institution.pk, plan.pk),
    )
    return done or render(
        request,
        "plans/plan_list.html",
        {
            "institution": institution,
            "plans": sel.plans_of(institution),
            "form": form,
            "can_manage": manage,
        },
    )


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def plan_detail(request, iid, pid):
    institution = institution_for(request, iid)
    plan = found_or_404(sel.plan_get(institution, pid), "未找到该年度计划")
    return render(
        request,
        "plans/plan_detail.html",
        {
            "institution": institution,
            "plan": plan,
            "sittings": sel.plan_sittings(plan),
            "item_form": PlanItemForm(institution=institution),
            "link_form": PlanLinkForm(sittings=sel.sittings_linkable(plan)),
            "can_manage": can_manage(request.user, institution),
        },
    )


@login_required
@require_POST
def plan_item_new(request, iid, pid):
    institution = institution_for(request, iid, manage=True)
    plan = found_or_404(sel.plan_get(institution, pid), "未找到该年度计划")
    form = PlanItemForm(request.POST, institution=institution)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("plan_detail", institution.pk, plan.pk)
    row, level = scope_subject(institution=institution, choice=form.cleaned_data["subject"])
    with rule_messages(request):
        plan_item_add(
            actor=request.user,
            plan=plan,
            occupation=row.occupation,
            job_type=row.job_type,
            level=level,
            expected_count=form.cleaned_data["expected_count"],
        )
        messages.success(request, "已列入计划")
    return redirect("plan_detail", institution.pk, plan.pk)


@login_required
@require_POST
def plan_link(request, iid, pid):
    institution = institution_for(request, iid, manage=True)
    plan = found_or_404(sel.plan_get(institution, pid), "未找到该年度计划")
    sitting = sitting_get(institution, request.POST.get("sitting"))
    with rule_messages(request):
        plan_sitting_link(actor=request.user, plan=plan, sitting=sitting)
        messages.success(request, f"批次“{sitting.name}”已纳入{plan}")
    return redirect("plan_detail", institution.pk, plan.pk)


# --- PLAN-02 ---------------------------------------------------------------------------------


@login_required
def announcement_edit(request, iid, sid):
    institution = institution_for(request, iid)
    sitting = sitting_get(institution, sid)
    announcement = sel.announcement_of(sitting)
    if request.method == "POST":
        institution_for(request, iid, manage=True)
    form = bind(request, AnnouncementForm, instance=announcement or Announcement())
    done = form_submit(
        request,
        form,
        lambda d: announcement_save(
            actor=request.user,
            sitting=sitting,
            **{k: d[k] for k in AnnouncementForm.Meta.fields},
        ),
        success="公告已保存",
        then=("announcement_edit", institution.pk, sitting.pk),
    )
    return done or render(
        request,
        "plans/announcement_edit.html",
        {
            "institution": institution,
            "sitting": sitting,
            "announcement": announcement,
            "publish_by": announcement_publish_by(sitting),
            "form": form,
            "can_manage": can_manage(request.user, institution),
            # PLAN-02 late path: request with a reason, the director decides.
            "is_late": bool(announcement)
            and announcement_is_late(announcement, timezone.localdate()),
            "late_requests": sel.late_requests_of(announcement),
            "late_form": LateRequestForm(),
            "decision_form": ChangeDecisionForm(),
            "is_director": is_director(request.user, institution),
        },
    )


@login_required
@require_POST
def announcement_publish_view(request, iid, sid):
    institution = institution_for(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    announcement = sel.announcement_of(sitting)
    if announcement is None:
        messages.error(request, "请先保存公告")
    else:
        with rule_messages(request):
            announcement_publish(actor=request.user, announcement=announcement)
            messages.success(request, "公告已发布")
    return redirect("announcement_edit", institution.pk, sitting.pk)


@login_required
@require_POST
def announcement_late_request_view(request, iid, sid):
    """PLAN-02: ask to publish after the lead time, with a reason."""
    institution = institution_for(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    announcement = sel.announcement_of(sitting)
    form = LateRequestForm(request.POST)
    if announcement is None:
        messages.error(request, "请先保存公告")
    elif not form.is_valid():
        messages.error(request, "请填写逾期发布理由")
    else:
        with rule_messages(request):
            announcement_late_request(
                actor=request.user, announcement=announcement, reason=form.cleaned_data["reason"]
            )
            messages.success(request, "逾期发布申请已提交，待机构负责人审批")
    return redirect("announcement_edit", institution.pk, sitting.pk)


@login_required
@require_POST
def announcement_late_decide_view(request, iid, sid, lid):
    """PLAN-02: the director approves or rejects a late publication, with a reason."""
    return _director_decision(
        request,
        iid,
        sid,
        what="公告逾期发布",
        fetch=lambda sitting: found_or_404(
            sel.late_request_get(sel.announcement_of(sitting), lid), "未找到该逾期发布申请"
        ),
        decide=lambda record, **kw: announcement_late_decide(late=record, **kw),
        back="announcement_edit",
        done="逾期发布申请",
    )


def _director_decision(request, iid, sid, *, what, fetch, decide, back, done):
    """A director's approve/reject form on a pending request of the sitting (PLAN-02, ARR-10);
    the service checks the rule again and audits."""
    institution = institution_for(request, iid, manage=True)
    if not is_director(request.user, institution):
        raise PermissionDenied(f"只有机构负责人可以审批{what}")
    sitting = sitting_get(institution, sid)
    record = fetch(sitting)
    form = ChangeDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择批准或驳回，并填写审批意见")
        return redirect(back, institution.pk, sitting.pk)
    with rule_messages(request):
        record = decide(
            record,
            actor=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["decision_reason"],
        )
        messages.success(request, f"{done}{record.get_status_display()}")
    return redirect(back, institution.pk, sitting.pk)


def announcements_public(request):
    """PLAN-02: the public list of published announcements (no login)."""
    return render(
        request, "plans/announcement_list.html", {"announcements": sel.announcements_public()}
    )


def announcement_public(request, aid):
    return render(
        request,
        "plans/announcement_public.html",
        {"announcement": found_or_404(sel.announcement_public_get(aid), "未找到该公告")},
    )


# --- ARR-10 (and the PLAN-03 deadlines of the sitting) ---------------------------------------


@login_required
def sitting_changes(request, iid, sid):
    institution = institution_for(request, iid)
    sitting = sitting_get(institution, sid)
    if request.method == "POST":
        institution_for(request, iid, manage=True)
    initial = {"theory_on": sitting.theory_on, "practical_on": sitting.practical_on}
    form = bind(request, ChangeRequestForm, initial=initial | {"place": sitting.place})
    done = form_submit(
        request,
        form,
        lambda d: sitting_change_request(actor=request.user, sitting=sitting, **d),
        success="变更申请已提交，待机构负责人审批",
        then=("sitting_changes", institution.pk, sitting.pk),
    )
    return done or render(
        request,
        "plans/plan_changes.html",
        {
            "institution": institution,
            "sitting": sitting,
            "changes": sel.changes_of(sitting),
            "announcement": sel.announcement_of(sitting),
            "form": form,
            "decision_form": ChangeDecisionForm(),
            **deadlines_context(sitting, timezone.localdate()),
            "can_manage": can_manage(request.user, institution),
            "is_director": is_director(request.user, institution),
        },
    )


@login_required
@require_POST
def sitting_change_decide_view(request, iid, sid, cid):
    return _director_decision(
        request,
        iid,
        sid,
        what="考试时间地点变更",
        fetch=lambda sitting: found_or_404(sel.change_get(sitting, cid), "未找到该变更申请"),
        decide=lambda record, **kw: sitting_change_decide(change=record, **kw),
        back="sitting_changes",
        done="变更申请",
    )
