"""Pages of the equipment ledger (REC-07): thin — guard, form, service, redirect."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from skillcert.arrangement.models import Room
from skillcert.arrangement.selectors import rooms_of
from skillcert.core.web import bind, form_submit, found_or_404, rule_messages
from skillcert.institutions.selectors import can_manage, scope_occupations
from skillcert.institutions.web import institution_for

from ..archives.selectors import sitting_get, sittings_for
from . import selectors, services
from .forms import AssignForm, EquipmentForm, EventForm


def _manage(request, iid):
    """Who may write: a manager of the institution (readers 403) on POST; anyone who sees it
    on GET."""
    return institution_for(request, iid, manage=request.method == "POST")


@login_required
def equipment_list(request, iid: int):
    institution = _manage(request, iid)
    form = bind(request, EquipmentForm, occupations=scope_occupations(institution))
    done = form_submit(
        request,
        form,
        lambda d: services.equipment_add(actor=request.user, institution=institution, **d),
        success=lambda row: f"已登记设备：{row}",
        then=lambda row: reverse("records_equipment_detail", args=[iid, row.pk]),
    )
    return done or render(
        request,
        "records/equipment_list.html",
        {
            "institution": institution,
            "rows": selectors.equipment_for(institution=institution),
            "sittings": sittings_for(institution=institution),
            "form": form,
            "can_manage": can_manage(request.user, institution),
        },
    )


@login_required
def equipment_detail(request, iid: int, eid: int):
    institution = _manage(request, iid)
    row = found_or_404(
        selectors.equipment_get(institution=institution, equipment_id=eid), "未找到该设备"
    )
    form = bind(request, EventForm)
    done = form_submit(
        request,
        form,
        lambda d: services.equipment_event_add(actor=request.user, equipment=row, **d),
        success="已登记",
        then=request.path,
    )
    return done or render(
        request,
        "records/equipment_detail.html",
        {
            "institution": institution,
            "row": row,
            "events": selectors.events_of(equipment=row),
            "form": form,
            "can_manage": can_manage(request.user, institution),
        },
    )


@login_required
def sitting_equipment(request, iid: int, sid: int):
    institution = _manage(request, iid)
    sitting = found_or_404(sitting_get(institution=institution, sitting_id=sid), "未找到该批次")
    form = bind(
        request,
        AssignForm,
        equipment=selectors.equipment_for(institution=institution).filter(
            occupation_id=sitting.occupation_id
        ),
        rooms=rooms_of(institution=institution).filter(kind=Room.PRACTICAL),
    )
    done = form_submit(
        request,
        form,
        lambda d: services.equipment_assign(actor=request.user, sitting=sitting, **d),
        success="已登记实操工位设备",
        then=request.path,
    )
    return done or render(
        request,
        "records/sitting_equipment.html",
        {
            "institution": institution,
            "sitting": sitting,
            "uses": selectors.uses_of(sitting=sitting),
            "refusal": selectors.practical_refusal(
                sitting_id=sitting.pk, on=sitting.practical_on or sitting.created_at.date()
            ),
            "form": form,
            "can_manage": can_manage(request.user, institution),
        },
    )


@login_required
@require_POST
def equipment_unassign(request, iid: int, uid: int):
    institution = institution_for(request, iid, manage=True)
    use = found_or_404(selectors.use_get(institution=institution, use_id=uid), "未找到该记录")
    with rule_messages(request):
        services.equipment_unassign(actor=request.user, use=use)
    return redirect("records_sitting_equipment", iid, use.sitting_id)
