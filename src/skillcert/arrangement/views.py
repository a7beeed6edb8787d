"""Pages of venues and rooms (ARR-01) and the seating of a sitting (ARR-02, ARR-09).

Seating, tickets, door lists and sign-in sheets name candidates: they are exam-affairs
pages (manage=True), so an examiner or supervisor of the institution gets 403 (ARR-09).
"""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.errors import DomainError
from skillcert.core.web import bind, download, form_submit, found_or_404, rule_messages
from skillcert.institutions.selectors import can_manage
from skillcert.institutions.web import institution_for
from skillcert.plans.web import sitting_get

from . import documents, services
from .forms import RoomForm, VenueForm
from .selectors import (
    arrangement_of,
    room_get,
    room_ids_of,
    rooms_by_ids,
    rooms_of,
    rooms_of_venue,
    seat_of_candidate,
    seating_grid,
    venue_get,
    venues_of,
)
from .tickets import TICKET_RULE

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def venue_list(request, iid):
    manage = request.method == "POST"
    institution = institution_for(request, iid, manage=manage)
    form = bind(request, VenueForm)
    done = form_submit(
        request,
        form,
        lambda data: services.venue_create(actor=request.user, institution=institution, **data),
        success=lambda venue: f"已添加考点“{venue.name}”",
        then=lambda venue: ("venue_detail", institution.pk, venue.pk),
    )
    return done or render(
        request,
        "arrangement/venue_list.html",
        {
            "institution": institution,
            "venues": venues_of(institution=institution),
            "form": form,
            "can_manage": can_manage(request.user, institution),
        },
    )


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def venue_detail(request, iid, vid):
    institution = institution_for(request, iid)
    venue = found_or_404(venue_get(institution=institution, venue_id=vid), "未找到该考点")
    return render(
        request,
        "arrangement/venue_detail.html",
        {
            "institution": institution,
            "venue": venue,
            "rooms": rooms_of_venue(venue),
            "venue_form": VenueForm(initial={"name": venue.name, "address": venue.address}),
            "room_form": RoomForm(institution=institution),
            "can_manage": can_manage(request.user, institution),
        },
    )


@login_required
@require_POST
def venue_edit(request, iid, vid):
    institution = institution_for(request, iid, manage=True)
    venue = found_or_404(venue_get(institution=institution, venue_id=vid), "未找到该考点")
    form = VenueForm(request.POST)
    if form.is_valid():
        with rule_messages(request):
            services.venue_update(actor=request.user, venue=venue, **form.cleaned_data)
            messages.success(request, "已保存考点")
    return redirect("venue_detail", institution.pk, venue.pk)


@login_required
@require_POST
def venue_delete(request, iid, vid):
    institution = institution_for(request, iid, manage=True)
    venue = found_or_404(venue_get(institution=institution, venue_id=vid), "未找到该考点")
    try:
        services.venue_delete(actor=request.user, venue=venue)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("venue_detail", institution.pk, venue.pk)
    messages.success(request, "已删除考点")
    return redirect("venue_list", institution.pk)


@login_required
def room_new(request, iid, vid):
    institution = institution_for(request, iid, manage=True)
    venue = found_or_404(venue_get(institution=institution, venue_id=vid), "未找到该考点")
    form = bind(request, RoomForm, institution=institution)
    done = form_submit(
        request,
        form,
        lambda data: services.room_create(actor=request.user, venue=venue, **data),
        success=lambda room: f"已添加考场“{room}”",
        then=("venue_detail", institution.pk, venue.pk),
    )
    return done or render(
        request,
        "arrangement/room_form.html",
        {"institution": institution, "venue": venue, "form": form, "room": None},
    )


@login_required
def room_edit(request, iid, rid):
    institution = institution_for(request, iid, manage=True)
    room = found_or_404(room_get(institution=institution, room_id=rid), "未找到该考场")
    form = bind(request, RoomForm, institution=institution, initial=RoomForm.initial_for(room))
    done = form_submit(
        request,
        form,
        lambda data: services.room_update(actor=request.user, room=room, **data),
        success=lambda _: f"已保存考场“{room}”",
        then=("venue_detail", institution.pk, room.venue_id),
    )
    return done or render(
        request,
        "arrangement/room_form.html",
        {"institution": institution, "venue": room.venue, "form": form, "room": room},
    )


@login_required
@require_POST
def room_delete(request, iid, rid):
    institution = institution_for(request, iid, manage=True)
    room = found_or_404(room_get(institution=institution, room_id=rid), "未找到该考场")
    with rule_messages(request):
        services.room_delete(actor=request.user, room=room)
        messages.success(request, "已删除考场")
    return redirect("venue_detail", institution.pk, room.venue_id)


@login_required
def seating_page(request, iid, sid):
    """ARR-09: candidate names and seats are shown to exam-affairs staff only."""
    institution = institution_for(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    if request.method == "POST":
        with rule_messages(request):
            rooms = found_or_404(
                rooms_by_ids(institution=institution, ids=request.POST.getlist("rooms")),
                "未找到该考场",
            )
            seed_text = request.POST.get("seed", "").strip()
            seed = int(seed_text) if seed_text.isdigit() and len(seed_text) <= 18 else None
            arrangement = services.seating_arrange(
                actor=request.user, sitting=sitting, rooms=rooms, seed=seed
            )
            messages.success(
                request,
                f"已编排{arrangement.candidates}名考生（随机种子{arrangement.seed}），"
                f"未能避免的同班相邻{arrangement.adjacent_classmates}处",
            )
        return redirect("seating", institution.pk, sitting.pk)
    arrangement = arrangement_of(sitting)
    return render(
        request,
        "arrangement/seating.html",
        {
            "institution": institution,
            "sitting": sitting,
            "arrangement": arrangement,
            "rooms": rooms_of(institution=institution),
            "chosen": room_ids_of(arrangement),
            "grid": seating_grid(arrangement) if arrangement else [],
            "ticket_rule": TICKET_RULE,
        },
    )


def _arranged(request, iid, sid):
    institution = institution_for(request, iid, manage=True)  # ARR-09
    sitting = sitting_get(institution, sid)
    return found_or_404(arrangement_of(sitting), "本批次尚未编排座位")


@login_required
def tickets_pdf(request, iid, sid):
    arrangement = _arranged(request, iid, sid)
    buf = io.BytesIO()
    try:
        documents.render_tickets(arrangement, buf)
    except DomainError as exc:  # INST-13 / INST-16: not before the authority's approval
        messages.error(request, exc.message)
        return redirect("implementation_plan", arrangement.institution_id, arrangement.sitting_id)
    return download(buf.getvalue(), PDF, f"tickets-{arrangement.sitting_id}.pdf")


@login_required
def list_pdf(request, iid, sid, kind):
    if kind not in documents.TITLES:
        raise Http404()
    arrangement = _arranged(request, iid, sid)
    buf = io.BytesIO()
    documents.render_list_pdf(arrangement, kind, buf)
    return download(buf.getvalue(), PDF, f"{kind}-{arrangement.sitting_id}.pdf")


@login_required
def list_xlsx(request, iid, sid, kind):
    if kind not in documents.TITLES:
        raise Http404()
    arrangement = _arranged(request, iid, sid)
    content = documents.render_list_xlsx(arrangement, kind)
    return download(content, XLSX, f"{kind}-{arrangement.sitting_id}.xlsx")


@login_required
def my_ticket_pdf(request, rid):
    """A candidate's own admission ticket (ARR-02); another candidate's is a 404."""
    seat = found_or_404(seat_of_candidate(user=request.user, registration_id=rid), "未找到准考证")
    buf = io.BytesIO()
    try:
        documents.render_ticket_seats([seat], seat.registration.sitting, buf)
    except DomainError:  # INST-13 / INST-16: tickets are printed only after approval
        messages.error(request, "准考证尚未开放打印：本批次实施方案尚未经人社部门批准")
        return redirect("home")
    response = download(buf.getvalue(), PDF, f"ticket-{seat.ticket_number}.pdf", inline=True)
    response["Cache-Control"] = "private, no-store"
    return response
