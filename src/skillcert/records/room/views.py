"""Pages of the room record (REC-10): the sitting's records, one room's record (attendance,
violation, incident, seal), its PDF. Thin: the services keep the rules; another
institution's records are a 404, a member who does not keep this room a 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.web import bind, download, form_submit, found_or_404, rule_messages
from skillcert.institutions.web import institution_for

from ..models import RoomRecord
from ..papers import selectors as papers
from ..papers.forms import ItemErrorForm, ReturnForm
from . import selectors, services
from .forms import AttendanceForm, IncidentForm, RoomViolationForm, SealForm, StartForm
from .guards import record_kept, sitting_kept
from .pdf import room_record_pdf


def _sitting(request, iid, sid):
    institution = institution_for(request, iid)
    return institution, sitting_kept(request.user, institution, sid)


def _record(request, iid, sid, rid) -> RoomRecord:
    return record_kept(request.user, institution_for(request, iid), sid, rid)


@login_required
@require_safe
def records_index(request, iid, sid):
    institution, sitting = _sitting(request, iid, sid)
    records = list(selectors.room_records_of(sitting=sitting))
    started = {r.room_id for r in records}
    rooms = selectors.rooms_of_sitting(sitting=sitting)
    return render(
        request,
        "records/sitting.html",
        {
            "institution": institution,
            "sitting": sitting,
            "records": records,
            "free_rooms": [r for r in rooms if r.pk not in started],
            "rooms": rooms,
            "returns": papers.return_registers_of(sitting=sitting),
            "item_errors": papers.item_errors_of(sitting=sitting),
            "return_form": ReturnForm(rooms=rooms),
            "item_error_form": ItemErrorForm(rooms=rooms),
        },
    )


@login_required
@require_POST
def room_record_start(request, iid, sid):
    institution, sitting = _sitting(request, iid, sid)
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择考场")
        return redirect("records_sitting", institution.pk, sitting.pk)
    rooms = {r.pk: r for r in selectors.rooms_of_sitting(sitting=sitting)}
    room = found_or_404(rooms.get(form.cleaned_data["room"]), "本批次座位编排中没有该考场")
    with rule_messages(request):
        record = services.room_record_start(actor=request.user, sitting=sitting, room=room)
        messages.success(request, f"已按座位表建立{room}的考场情况记录表")
        return redirect("room_record", institution.pk, sitting.pk, record.pk)
    return redirect("records_sitting", institution.pk, sitting.pk)


def _record_page(request, record, *, status=200, **forms):
    return render(
        request,
        "records/room_record.html",
        {
            "institution": record.institution,
            "sitting": record.sitting,
            "record": record,
            "counts": record.counts(),
            "attendance": selectors.attendance_of(record=record),
            "violations": selectors.violations_of(record=record),
            "reported_incidents": selectors.incidents_of(record=record),
            "open": record.status == RoomRecord.OPEN,
            "violation_form": forms.get("violation_form") or RoomViolationForm(),
            "incident_form": forms.get("incident_form") or IncidentForm(),
            "seal_form": forms.get("seal_form") or SealForm(),
            "status_choices": AttendanceForm.base_fields["status"].choices,
        },
        status=status,
    )


@login_required
@require_safe
def room_record(request, iid, sid, rid):
    return _record_page(request, _record(request, iid, sid, rid))


@login_required
@require_POST
def attendance_mark(request, iid, sid, rid):
    record = _record(request, iid, sid, rid)
    form = AttendanceForm(request.POST)
    back = redirect("room_record", record.institution_id, record.sitting_id, record.pk)
    if not form.is_valid():
        messages.error(request, "请选择座位和签到情况")
        return back
    row = found_or_404(
        selectors.attendance_find(record=record, attendance_id=form.cleaned_data["attendance"]),
        "本记录表中没有该座位",
    )
    with rule_messages(request):
        row = services.attendance_mark(
            actor=request.user, record=record, attendance=row, status=form.cleaned_data["status"]
        )
        messages.success(request, f"{row.ticket_number}：{row.get_status_display()}")
    return back


def _post_form(request, record, form_class, key, action, success):
    form = bind(request, form_class)
    then = reverse("room_record", args=[record.institution_id, record.sitting_id, record.pk])
    done = form_submit(request, form, action, success=success, then=then)
    return done or _record_page(request, record, status=400, **{key: form})


@login_required
@require_POST
def room_violation(request, iid, sid, rid):
    record = _record(request, iid, sid, rid)

    def action(d):
        row = found_or_404(
            selectors.attendance_find(record=record, attendance_id=d["attendance"]),
            "本记录表中没有该座位",
        )
        return services.room_violation_record(
            actor=request.user,
            record=record,
            attendance=row,
            category=d["category"],
            subject=d["subject"],
            occurred_at=d["occurred_at"],
            notes=d["notes"],
            candidate_signed=d["candidate_signed"],
            candidate_refusal=d["candidate_refusal"],
        )

    return _post_form(
        request,
        record,
        RoomViolationForm,
        "violation_form",
        action,
        "已在考场情况记录表登记违纪，并送违纪违规处理，待考务负责人确认",
    )


@login_required
@require_POST
def room_incident(request, iid, sid, rid):
    record = _record(request, iid, sid, rid)
    return _post_form(
        request,
        record,
        IncidentForm,
        "incident_form",
        lambda d: services.room_incident_note(actor=request.user, record=record, text=d["text"]),
        "已记录突发事件",
    )


@login_required
@require_POST
def room_record_seal(request, iid, sid, rid):
    record = _record(request, iid, sid, rid)
    return _post_form(
        request,
        record,
        SealForm,
        "seal_form",
        lambda d: services.room_record_seal(actor=request.user, record=record, **d),
        "考场情况记录表已清点封存",
    )


@login_required
@require_safe
def room_record_print(request, iid, sid, rid):
    record = _record(request, iid, sid, rid)
    return download(
        room_record_pdf(record),
        "application/pdf",
        f"考场情况记录表-{record.room.number:03d}.pdf",
        inline=True,
    )
