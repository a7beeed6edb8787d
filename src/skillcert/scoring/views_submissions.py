"""Pages of INST-14 (results and pass list to the authority) and the authority's queue of its
region's implementation plans (INST-13), level approvals (INST-16) and result submissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skillcert.arrangement.implementation import selectors as implementation
from skillcert.arrangement.implementation.forms import DecisionForm
from skillcert.core.rules import rules
from skillcert.core.web import found_or_404, rule_messages
from skillcert.institutions.authority import authority_scope
from skillcert.institutions.web import institution_for
from skillcert.plans.web import sitting_get

from .selectors_submissions import (
    changed_since_sent,
    latest_submission,
    submission_for_authority,
    submissions_for_authority,
    submissions_of,
)
from .services.submissions import results_review_approve, results_review_return, results_submit

QUEUE = 100  # rows of each list on the queue page


@login_required
@require_safe
def submission_page(request, iid, sid):
    institution = institution_for(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    submission = latest_submission(sitting)
    return render(
        request,
        "scoring/submission.html",
        {
            "institution": institution,
            "sitting": sitting,
            "submission": submission,
            "changed_since_sent": changed_since_sent(submission),
            "submissions": submissions_of(sitting=sitting),
            "review_required": rules().results_review_required,
        },
    )


@login_required
@require_POST
def submission_send(request, iid, sid):
    institution = institution_for(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    with rule_messages(request):
        s = results_submit(actor=request.user, sitting=sitting)
        messages.success(request, f"已报送成绩与合格名单（{s.get_state_display()}）")
    return redirect("results_submission", institution.pk, sitting.pk)


@login_required
@require_safe
def authority_queue(request):
    """The authority's queue: its region's plans, level requests and result submissions."""
    prefix = authority_scope(request.user)
    return render(
        request,
        "scoring/authority_queue.html",
        {
            "plans": implementation.plans_for_authority(prefix=prefix)[:QUEUE],
            "levels": implementation.level_approvals_for_authority(prefix=prefix)[:QUEUE],
            "submissions": submissions_for_authority(prefix=prefix)[:QUEUE],
        },
    )


@login_required
def authority_submission(request, rid):
    prefix = authority_scope(request.user)
    submission = found_or_404(
        submission_for_authority(prefix=prefix, submission_id=rid), "未找到该成绩报送"
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            with rule_messages(request):
                if d["decision"] == "approve":
                    results_review_approve(
                        actor=request.user, submission=submission, reasons=d["reasons"]
                    )
                    messages.success(request, "核查通过，机构可以发布成绩")
                else:
                    results_review_return(
                        actor=request.user, submission=submission, reasons=d["reasons"]
                    )
                    messages.success(request, "已退回成绩报送")
        else:
            messages.error(request, "请选择核查结论（意见至多1000字）")
        return redirect("authority_submission", submission.pk)
    return render(
        request, "scoring/authority_submission.html", {"submission": submission, "form": form}
    )
