"""Pages of the technical evaluation (INST-03): the authority's group page, the experts'
scoring page, the printed sheet. Authority pages answer 404 to anyone who is not staff of an
authority whose region covers the institution; the scoring page 404 to anyone outside the
application's group."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from skillcert.core.web import bind, download, form_submit, found_or_404, rule_messages

from ..guards import authority_application, evaluation_reader, evaluation_seat
from ..models import FilingApplication
from . import selectors, services
from .forms import GroupForm, SheetForm
from .pdf import sheet_pdf


@login_required
def evaluation_page(request, fid):
    application = authority_application(request, fid)
    form = bind(request, GroupForm)
    done = form_submit(
        request,
        form,
        lambda d: services.evaluation_group_name(
            actor=request.user,
            application=application,
            experts=d["experts"],
            leader=d["leader"],
        ),
        success="已组建评估专家组",
        then=lambda g: request.path,
    )
    if done:
        return done
    group = selectors.group_of(application=application)
    result = services.group_result(group) if group else None
    return render(
        request,
        "filings/evaluation.html",
        {"application": application, "group": group, "result": result, "form": form},
    )


@login_required
@require_POST
def evaluation_conclude(request, fid):
    application = authority_application(request, fid)
    with rule_messages(request):
        group = services.evaluation_conclude(actor=request.user, application=application)
        verdict = "通过，进入确认环节" if group.passed else "未通过"
        messages.success(request, f"技术评估结论：{verdict}")
    return redirect("filing_evaluation", fid=application.pk)


@login_required
def evaluation_sheet_pdf(request, fid):
    """The group's sheet for the authority; an expert gets his own."""
    application, evaluator = evaluation_reader(request, fid)
    group = found_or_404(selectors.group_of(application=application), "尚未组建评估专家组")
    return download(
        sheet_pdf(group, evaluator=evaluator),
        "application/pdf",
        f"技术评估评分表-{application.institution.name}.pdf",
        inline=True,
    )


@login_required
def my_evaluations(request):
    """An expert's evaluations; for authority staff also the region's applications at the
    evaluation, confirmation and receipt steps (links to their pages)."""
    queue = selectors.applications_for_authority(user=request.user).filter(
        state__in=[
            FilingApplication.EVALUATION,
            FilingApplication.CONFIRMATION,
            FilingApplication.RECEIPT,
        ]
    )
    return render(
        request,
        "filings/my_evaluations.html",
        {"seats": selectors.evaluations_of_expert(user=request.user), "queue": queue},
    )


@login_required
def evaluation_score(request, fid):
    evaluator = evaluation_seat(request, fid)
    application = evaluator.group.application
    previous = {}
    for s in selectors.scores_of(evaluator=evaluator):
        previous[s.item.order] = (
            s.points if s.conforms is None else ("符合" if s.conforms else "不符合")
        )
    form = bind(request, SheetForm, items=selectors.items(), initial_marks=previous)
    done = form_submit(
        request,
        form,
        lambda d: services.evaluation_sheet_submit(
            actor=request.user, application=application, marks=form.marks()
        ),
        success=lambda e: f"评分已提交，总分{e.total}分",
        then=lambda e: request.path,
    )
    if done:
        return done
    return render(
        request,
        "filings/evaluation_score.html",
        {"application": application, "evaluator": evaluator, "form": form},
    )
