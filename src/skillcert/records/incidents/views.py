"""Pages of incidents (REC-05): the sitting's incidents (late first reports shown overdue), the
first report, an incident with its staged reports and its final report. Thin: the services
apply the rule; outsiders 404, readers 403 on writes (institution_for)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.rules import rules
from skillcert.core.web import bind, form_submit, found_or_404, rule_messages
from skillcert.institutions.web import institution_for
from skillcert.plans.web import sitting_get

from ..video.selectors import rooms_of
from . import selectors, services
from .forms import CloseForm, IncidentForm, StageForm


def _incident(request, iid, nid, *, manage=False):
    institution = institution_for(request, iid, manage=manage)
    found = selectors.incident_find(institution=institution, incident_id=nid)
    return institution, found_or_404(found, "未找到该事件")


@login_required
@require_safe
def incident_list(request, iid, sid):
    institution = institution_for(request, iid)
    sitting = sitting_get(institution, sid)
    return render(
        request,
        "records/incident_list.html",
        {
            "institution": institution,
            "sitting": sitting,
            "incidents": selectors.incidents_of_sitting(sitting=sitting),
            "limit": rules().incident_first_report_minutes,
        },
    )


@login_required
def incident_new(request, iid, sid):
    institution = institution_for(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    form = bind(request, IncidentForm, rooms=rooms_of(institution=institution))
    done = form_submit(
        request,
        form,
        lambda d: services.incident_report(
            actor=request.user,
            institution=institution,
            sitting=sitting,
            category=d["category"],
            exam_form=d["exam_form"],
            room=d["room"],
            occurred_at=d["occurred_at"],
            discovered_at=d["discovered_at"],
            description=d["description"],
        ),
        success=lambda incident: None if incident.report_late else "已登记初次报告",
        warning=lambda incident: (
            incident.report_late
            and (
                f"初次报告在发现后{incident.report_minutes}分钟，"
                f"超过{rules().incident_first_report_minutes}分钟（REC-05），已记为逾期"
            )
        ),
        then=lambda incident: ("incident_detail", institution.pk, incident.pk),
    )
    return done or render(
        request,
        "records/incident_new.html",
        {"institution": institution, "sitting": sitting, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def incident_detail(request, iid, nid):
    institution, incident = _incident(request, iid, nid)
    return render(
        request,
        "records/incident_detail.html",
        {
            "institution": institution,
            "sitting": incident.sitting,
            "incident": incident,
            "stage_form": StageForm(),
            "close_form": CloseForm(),
            "limit": rules().incident_first_report_minutes,
        },
    )


@login_required
@require_POST
def incident_stage(request, iid, nid):
    institution, incident = _incident(request, iid, nid, manage=True)
    with rule_messages(request):
        services.incident_stage_add(
            actor=request.user, incident=incident, text=request.POST.get("text", "")
        )
        messages.success(request, "已添加阶段性报告")
    return redirect("incident_detail", institution.pk, incident.pk)


@login_required
@require_POST
def incident_close(request, iid, nid):
    institution, incident = _incident(request, iid, nid, manage=True)
    with rule_messages(request):
        services.incident_close(
            actor=request.user,
            incident=incident,
            **{k: request.POST.get(k, "") for k in ("cause", "handling", "result", "impact")},
        )
        messages.success(request, "已提交最终报告，事件结案")
    return redirect("incident_detail", institution.pk, incident.pk)
