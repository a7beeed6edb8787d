"""Pages of results and appeals: the sitting's results page (SCORE-02 carry, SCORE-04 notice,
SCORE-06 publication), the appeals queue (SCORE-05), the public 公示 pages and the
candidate's appeal form. Thin: services decide, selectors read."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.rules import rules
from skillcert.core.web import bind, form_submit, rule_messages
from skillcert.institutions.selectors import can_manage, can_score
from skillcert.institutions.web import institution_for
from skillcert.plans.web import sitting_get

from .models import SUBJECTS, Appeal
from .selectors import (
    appeal_due_state,
    appeal_get,
    appeals_queue,
    candidate_registration_get,
    portal_result,
    public_figures,
    public_publication_get,
    public_publications,
    results_overview,
)
from .services import (
    appeal_create,
    appeal_resolve,
    results_carry,
    results_notify,
    results_publish,
)


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def results_page(request, iid, sid):
    institution = institution_for(request, iid)
    sitting = sitting_get(institution, sid)
    today = timezone.localdate()
    context = {
        "institution": institution,
        "sitting": sitting,
        "today": today,
        "rules": rules(),
        "can_manage": can_manage(request.user, institution),
        "can_score": can_score(request.user, institution),
        **results_overview(sitting, today),
    }
    for a in context["appeals"]:
        a.due_state = appeal_due_state(a, today)
    return render(request, "scoring/results.html", context)


def _act(request, iid, sid, action, done: str, *, score: bool = False):
    institution = institution_for(request, iid, manage=not score, score=score)
    sitting = sitting_get(institution, sid)
    with rule_messages(request):
        action(actor=request.user, sitting=sitting)
        messages.success(request, done)
    return redirect("scoring_results", institution.pk, sitting.pk)


@login_required
@require_POST
def results_carry_view(request, iid, sid):
    """SCORE-02: bring in the valid single-subject passes of earlier sittings."""
    return _act(request, iid, sid, results_carry, "已带入一年内单科合格成绩", score=True)


@login_required
@require_POST
def results_notify_view(request, iid, sid):
    """SCORE-04: results sent to the candidates (they see them on their portal)."""
    return _act(request, iid, sid, results_notify, "已通知考生成绩")


@login_required
@require_POST
def results_publish_view(request, iid, sid):
    """SCORE-06: publish the pass list (公示)."""
    return _act(request, iid, sid, results_publish, "成绩已公示")


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def appeals_page(request, iid):
    institution = institution_for(request, iid)
    status = request.GET.get("status", "")[:10]
    today = timezone.localdate()
    appeals = appeals_queue(institution, status=status)
    for a in appeals:
        a.due_state = appeal_due_state(a, today)
    return render(
        request,
        "scoring/appeals.html",
        {
            "institution": institution,
            "appeals": appeals,
            "status": status,
            "overdue": sum(1 for a in appeals if a.due_state == "overdue"),
            "rules": rules(),
        },
    )


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(label="复核结论", choices=Appeal.OUTCOMES)
    new_score = forms.CharField(label="复核后成绩", max_length=10, required=False)
    note = forms.CharField(
        label="答复意见", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


@login_required
def appeal_page(request, iid, aid):
    institution = institution_for(request, iid, manage=request.method == "POST")
    appeal = appeal_get(institution, aid)
    form = bind(request, ResolveForm)
    done = form_submit(
        request,
        form,
        lambda d: appeal_resolve(
            actor=request.user,
            appeal=appeal,
            outcome=d["outcome"],
            new_score=d["new_score"] or None,
            note=d["note"],
        ),
        success="复核申请已答复",
        then=reverse("appeals_queue", args=[institution.pk]),
    )
    if done:
        return done
    appeal.due_state = appeal_due_state(appeal, timezone.localdate())
    return render(
        request,
        "scoring/appeal_detail.html",
        {
            "institution": institution,
            "appeal": appeal,
            "form": form,
            "can_manage": can_manage(request.user, institution),
        },
    )


def public_results(request):
    """SCORE-06: the publications whose 公示 period runs (no login)."""
    return render(
        request,
        "scoring/public_results.html",
        {"publications": public_publications(timezone.localdate())[:200]},
    )


def public_result(request, pid):
    publication = public_publication_get(pid)
    ended = publication.period_ends_on < timezone.localdate()
    figures = public_figures(publication)  # item 25: figures from the rows listed
    return render(
        request,
        "scoring/public_result.html",
        {
            "publication": publication,
            "ended": ended,
            "rows": [] if ended else figures["rows"],
            "candidates": figures["candidates"],
            "passed": figures["passed"],
        },
    )


class AppealForm(forms.Form):
    subject = forms.ChoiceField(label="复核科目", choices=SUBJECTS)
    reason = forms.CharField(
        label="申请理由", max_length=500, widget=forms.Textarea(attrs={"rows": 4})
    )


@login_required
def appeal_new(request, rid):
    """SCORE-05: the candidate applies to re-check a subject of their own result."""
    registration = candidate_registration_get(request.user, rid)
    form = bind(request, AppealForm)
    done = form_submit(
        request,
        form,
        lambda d: appeal_create(
            actor=request.user,
            registration=registration,
            subject=d["subject"],
            reason=d["reason"],
        ),
        success=lambda appeal: (
            f"复核申请已提交，中心应在{appeal.due_on:%Y-%m-%d}前答复（SCORE-05）"
        ),
        then="home",
    )
    return done or render(
        request,
        "scoring/appeal_new.html",
        {
            "registration": registration,
            "portal": portal_result(registration, timezone.localdate()),
            "form": form,
        },
    )
