"""Pages of supervision: the authority's random checks, findings, publication, credit and
suspension (INST-09), annual inspection (INST-10), external supervisors of a sitting; the
public results (一公开) and an institution's own credit record. Thin: guard, form, service."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.rules import rules
from skillcert.core.web import bind, form_submit, found_or_404, rule_messages
from skillcert.core.xlsx import xlsx_response
from skillcert.institutions.web import institution_for

from . import selectors, services
from .forms import (
    AnnualItemForm,
    AnnualScoreForm,
    CreditEventForm,
    DrawForm,
    FindingForm,
    InspectorForm,
    ReasonForm,
    SupervisorForm,
)
from .guards import authority_for
from .report import annual_workbook


def _render(request, template, context, form=None):
    status = 400 if request.method == "POST" and form is not None and form.errors else 200
    return render(request, template, context, status=status)


@login_required
def home(request):
    authority = authority_for(request.user)
    form = bind(request, DrawForm)
    done = form_submit(
        request,
        form,
        lambda d: services.draw_make(actor=request.user, authority=authority, **d),
        success=lambda draw: f"已抽取，随机种子{draw.seed}",
        then=lambda draw: ("supervision_draw", draw.pk),
    )
    return done or _render(
        request,
        "supervision/home.html",
        {
            "authority": authority,
            "draws": selectors.draws_of(authority),
            "inspectors": selectors.inspectors_of(authority),
            "form": form,
            "inspector_form": InspectorForm(),
            "pool": len(selectors.draw_pool(authority)),
            "year": timezone.localdate().year,
        },
        form,
    )


@login_required
@require_POST
def inspector_add(request):
    authority = authority_for(request.user)
    form = InspectorForm(request.POST)
    done = form_submit(
        request,
        form,
        lambda d: services.inspector_add(actor=request.user, authority=authority, **d),
        success="已登记检查人员",
        then="supervision_home",
    )
    return done or _render(
        request,
        "supervision/home.html",
        {
            "authority": authority,
            "draws": selectors.draws_of(authority),
            "inspectors": selectors.inspectors_of(authority),
            "form": DrawForm(),
            "inspector_form": form,
            "pool": len(selectors.draw_pool(authority)),
            "year": timezone.localdate().year,
        },
        form,
    )


def _draw(request, did):
    authority = authority_for(request.user)
    return authority, found_or_404(selectors.draw_of(authority, did), "未找到该抽查")


@login_required
@require_safe
def draw_detail(request, did: int):
    _, draw = _draw(request, did)
    return render(
        request,
        "supervision/draw.html",
        {"draw": draw, "targets": selectors.targets_of(draw), "finding_form": FindingForm()},
    )


@login_required
@require_POST
def finding(request, did: int, tid: int):
    _, draw = _draw(request, did)
    target = found_or_404(selectors.target_of(draw, tid), "未找到该抽查对象")
    form = FindingForm(request.POST)
    done = form_submit(
        request,
        form,
        lambda d: services.finding_record(actor=request.user, target=target, **d),
        success=f"已记录{target.institution.name}的检查结果",
        then=("supervision_draw", draw.pk),
    )
    return done or _render(
        request,
        "supervision/draw.html",
        {
            "draw": draw,
            "targets": selectors.targets_of(draw),
            "finding_form": form,
            "form_target": target.pk,
        },
        form,
    )


@login_required
@require_POST
def draw_publish(request, did: int):
    _, draw = _draw(request, did)
    with rule_messages(request):
        services.draw_publish(actor=request.user, draw=draw)
    return redirect("supervision_draw", did=draw.pk)


@require_safe
def results(request):
    """一公开: the published results of the random checks, for everyone (no login)."""
    return render(request, "supervision/results.html", {"draws": selectors.published_draws()})


@login_required
@require_safe
def institutions(request):
    authority = authority_for(request.user)
    rows = [(i, selectors.credit_score(i)) for i in selectors.region_institutions(authority)]
    below = rules().credit_suspend_below  # INST-09: shown as 应暂停 under this score
    return render(request, "supervision/institutions.html", {"rows": rows, "below": below})


def _institution(request, pk):
    authority = authority_for(request.user)
    return authority, found_or_404(selectors.institution_of(authority, pk), "未找到该机构")


def _institution_context(institution, **forms):
    return {
        "institution": institution,
        "score": selectors.credit_score(institution),
        "events": selectors.credit_events(institution),
        "pending": selectors.pending_sittings(institution),
        "event_form": forms.get("event_form") or CreditEventForm(),
        "reason_form": forms.get("reason_form") or ReasonForm(),
    }


@login_required
@require_safe
def institution_detail(request, pk: int):
    _, institution = _institution(request, pk)
    return render(request, "supervision/institution.html", _institution_context(institution))


@login_required
@require_POST
def credit_event(request, pk: int):
    authority, institution = _institution(request, pk)
    form = CreditEventForm(request.POST)
    done = form_submit(
        request,
        form,
        lambda d: services.credit_event_add(
            actor=request.user, authority=authority, institution=institution, **d
        ),
        success="已记录信用事件",
        then=("supervision_institution", institution.pk),
    )
    return done or _render(
        request,
        "supervision/institution.html",
        _institution_context(institution, event_form=form),
        form,
    )


def _status_change(request, pk, service, success):
    authority, institution = _institution(request, pk)
    form = ReasonForm(request.POST)
    done = form_submit(
        request,
        form,
        lambda d: service(
            actor=request.user, authority=authority, institution=institution, reason=d["reason"]
        ),
        success=success,
        then=("supervision_institution", institution.pk),
    )
    return done or _render(
        request,
        "supervision/institution.html",
        _institution_context(institution, reason_form=form),
        form,
    )


@login_required
@require_POST
def suspend(request, pk: int):
    return _status_change(request, pk, services.suspend, "已暂停该机构备案，机构目录不再列出")


@login_required
@require_POST
def reinstate(request, pk: int):
    return _status_change(request, pk, services.reinstate, "已恢复该机构备案")


@login_required
def sitting_supervisors(request, sid: int):
    authority = authority_for(request.user)
    sitting = found_or_404(selectors.sitting_in_region(authority, sid), "未找到该批次")
    form = bind(request, SupervisorForm, inspectors=selectors.inspectors_of(authority))
    done = form_submit(
        request,
        form,
        lambda d: services.supervisor_send(
            actor=request.user, authority=authority, sitting=sitting, inspector=d["inspector"]
        ),
        success="已派出督导人员",
        then=("supervision_sitting", sitting.pk),
    )
    return done or _render(
        request,
        "supervision/sitting.html",
        {"sitting": sitting, "rows": selectors.external_supervisors(sitting), "form": form},
        form,
    )


@login_required
def annual(request, year: int):
    authority = authority_for(request.user)
    form = bind(request, AnnualItemForm)
    done = form_submit(
        request,
        form,
        lambda d: services.annual_item_save(actor=request.user, year=year, **d),
        success="已发布年检项目",
        then=("supervision_annual", year),
    )
    return done or _render(
        request,
        "supervision/annual.html",
        {
            "year": year,
            "items": selectors.annual_items(year),
            "results": selectors.annual_results(authority, year),
            "institutions": selectors.region_institutions(authority),
            "form": form,
        },
        form,
    )


@login_required
def annual_score(request, year: int, pk: int):
    authority, institution = _institution(request, pk)
    items = list(selectors.annual_items(year))
    form = bind(request, AnnualScoreForm, items=items)
    done = form_submit(
        request,
        form,
        lambda d: services.annual_score(
            actor=request.user, authority=authority, institution=institution, year=year, scores=d
        ),
        success=lambda row: f"已评分，总分{row.total}",
        then=("supervision_annual", year),
    )
    return done or _render(
        request,
        "supervision/annual_score.html",
        {"year": year, "institution": institution, "form": form},
        form,
    )


@login_required
@require_safe
def annual_xlsx(request, year: int):
    authority = authority_for(request.user)
    content = annual_workbook(
        selectors.annual_results(authority, year), selectors.annual_items(year)
    )
    return xlsx_response(content, f"{year}年度评价机构年检结果.xlsx")


@login_required
@require_safe
def own_credit(request, iid: int):
    """The institution's own credit record and the published findings about it."""
    institution = institution_for(request, iid)
    return render(
        request,
        "supervision/own_credit.html",
        {
            "institution": institution,
            "score": selectors.credit_score(institution),
            "events": selectors.credit_events(institution),
        },
    )
