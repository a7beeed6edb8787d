"""Pages of paper-exam records (EXAM-11, EXAM-12): return register and item-error report of a
sitting (forms on the sitting's records page), pledges, the paper store's duty log. Thin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from skillcert.core.web import bind, form_submit, found_or_404, rule_messages
from skillcert.institutions.selectors import can_manage
from skillcert.institutions.web import institution_for
from skillcert.plans.web import sitting_get

from ..room import selectors as room_selectors
from ..room.guards import sitting_kept
from . import selectors, services
from .forms import DutyForm, HandleForm, ItemErrorForm, PledgeForm, ReturnForm


def _sitting(request, iid, sid):
    institution = institution_for(request, iid)
    return institution, sitting_kept(request.user, institution, sid)


def _manager(request, iid):
    institution = institution_for(request, iid)
    if not can_manage(request.user, institution):
        raise PermissionDenied("只有机构负责人或考务人员可以办理")
    return institution


def _bad_form(request, form, then):
    for errors in form.errors.values():
        messages.error(request, "；".join(errors))
    return redirect(then)


def _room_form(request, iid, sid, form_class, action, success):
    """A sitting form naming one of the seating plan's rooms, posted from the records page:
    the service `action(sitting, rooms, data)`; a bad form or broken rule a message there."""
    institution, sitting = _sitting(request, iid, sid)
    rooms = {r.pk: r for r in room_selectors.rooms_of_sitting(sitting=sitting)}
    form = form_class(request.POST, rooms=rooms.values())
    then = reverse("records_sitting", args=[institution.pk, sitting.pk])
    done = form_submit(
        request, form, lambda d: action(sitting, rooms, d), success=success, then=then
    )
    return done or _bad_form(request, form, then)


@login_required
@require_POST
def return_file(request, iid, sid):
    def action(sitting, rooms, d):
        room = rooms[d.pop("room")]
        return services.return_register_file(actor=request.user, sitting=sitting, room=room, **d)

    return _room_form(request, iid, sid, ReturnForm, action, "试卷已清点交回，待保密室接收签字")


@login_required
@require_POST
def return_receive(request, iid, sid, gid):
    institution = _manager(request, iid)
    sitting = sitting_get(institution, sid)
    register = found_or_404(
        selectors.return_register_find(sitting=sitting, register_id=gid), "未找到该登记表"
    )
    with rule_messages(request):
        services.return_register_receive(actor=request.user, register=register)
        messages.success(request, "已接收交回试卷并签字")
    return redirect("records_sitting", institution.pk, sitting.pk)


@login_required
@require_POST
def item_error_report(request, iid, sid):
    def action(sitting, rooms, d):
        return services.item_error_report(
            actor=request.user,
            sitting=sitting,
            room=rooms.get(d["room"]),
            question_no=d["question_no"],
            description=d["description"],
        )

    return _room_form(request, iid, sid, ItemErrorForm, action, "已提交试题差错报告")


@login_required
@require_POST
def item_error_handle(request, iid, sid, eid):
    institution = _manager(request, iid)
    sitting = sitting_get(institution, sid)
    report = found_or_404(
        selectors.item_error_find(sitting=sitting, report_id=eid), "未找到该差错报告"
    )
    form = HandleForm(request.POST)
    then = reverse("records_sitting", args=[institution.pk, sitting.pk])
    done = form_submit(
        request,
        form,
        lambda d: services.item_error_handle(
            actor=request.user, report=report, handling=d["handling"]
        ),
        success="已处理试题差错报告",
        then=then,
    )
    return done or _bad_form(request, form, then)


@login_required
def pledges(request, iid):
    """Every member signs their own pledge here (EXAM-12); managers see everyone's."""
    institution = institution_for(request, iid)
    form = bind(request, PledgeForm)
    done = form_submit(
        request,
        form,
        lambda d: services.pledge_sign(actor=request.user, institution=institution, kind=d["kind"]),
        success="已签署",
        then=reverse("records_pledges", args=[institution.pk]),
    )
    manager = can_manage(request.user, institution)
    return done or render(
        request,
        "records/pledges.html",
        {
            "institution": institution,
            "form": form,
            "texts": services.PLEDGE_TEXTS,
            "pledges": selectors.pledges_of(
                institution=institution, user=None if manager else request.user
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
def duty_logs(request, iid):
    institution = institution_for(request, iid)
    manager = can_manage(request.user, institution)
    if request.method == "POST" and not manager:
        raise PermissionDenied("只有机构负责人或考务人员可以登记保密室值班")
    members = {u.pk: u for u in selectors.duty_candidates(institution=institution)}
    form = bind(request, DutyForm, members=members.values())
    done = form_submit(
        request,
        form,
        lambda d: services.duty_log_open(
            actor=request.user,
            institution=institution,
            day=d["day"],
            shift=d["shift"],
            second=members.get(d["second"]),
            notes=d["notes"],
        ),
        success="已登记值班，待第二名值班人签字",
        then=reverse("records_duty", args=[institution.pk]),
    )
    return done or render(
        request,
        "records/duty.html",
        {
            "institution": institution,
            "form": form if manager else None,
            "logs": selectors.duty_logs_of(institution=institution),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def duty_log_sign(request, iid, did):
    institution = institution_for(request, iid)
    log = found_or_404(
        selectors.duty_log_find(institution=institution, log_id=did), "未找到该值班记录"
    )
    if log.second_id != request.user.pk:
        raise PermissionDenied("只有登记的第二名值班人本人可以签字")
    with rule_messages(request):
        services.duty_log_sign(actor=request.user, log=log)
        messages.success(request, "已签字")
    return redirect("records_duty", institution.pk)
