"""JSON API of paper-exam records (EXAM-11, EXAM-12): a sitting's return registers (list,
file), the institution's pledges (read: a person signs their own on the page)."""

from datetime import date, datetime

from ninja import Field, Router, Schema, Status

from skillcert.core.api_types import NO_NUL, DbId
from skillcert.core.errors import DomainError
from skillcert.institutions.guards import institution_api
from skillcert.institutions.selectors import can_manage

from ..models import ReturnRegister
from ..room import selectors as room_selectors
from ..room.guards import sitting_kept
from . import selectors, services

router = Router(tags=["试卷与保密 paper records"])
COUNT = {"ge": 0, "le": 100000}


class ReturnRegisterOut(Schema):
    id: int
    room_id: int
    papers_issued: int
    papers_used: int
    papers_spare: int
    papers_blank: int
    cards_issued: int
    cards_used: int
    cards_spare: int
    cards_blank: int
    seal_number: str
    status: str
    returned_at: datetime
    received_at: datetime | None


class ReturnRegisterIn(Schema):
    room_id: DbId
    seal_number: str = Field(max_length=services.SEAL_MAX, pattern=NO_NUL)
    papers_issued: int = Field(**COUNT)
    papers_used: int = Field(**COUNT)
    papers_spare: int = Field(**COUNT)
    papers_blank: int = Field(**COUNT)
    cards_issued: int = Field(**COUNT)
    cards_used: int = Field(**COUNT)
    cards_spare: int = Field(**COUNT)
    cards_blank: int = Field(**COUNT)


class PledgeOut(Schema):
    id: int
    user_id: int
    kind: str
    signed_at: datetime
    valid_until: date


def _out(r: ReturnRegister) -> dict:
    fields = ("id", "room_id", *ReturnRegister.COUNTS, "seal_number", "status")
    return {f: getattr(r, f) for f in fields} | {
        "returned_at": r.returned_at,
        "received_at": r.received_at,
    }


def _sitting(request, iid, sid):
    return sitting_kept(request.user, institution_api(request, iid), sid)


P = "/institutions/{iid}/sittings/{sid}/return-registers"


@router.get(P, response=list[ReturnRegisterOut])
def return_registers_list(request, iid: DbId, sid: DbId):
    sitting = _sitting(request, iid, sid)
    return [_out(r) for r in selectors.return_registers_of(sitting=sitting)]


@router.post(P, response={201: ReturnRegisterOut})
def return_register_create(request, iid: DbId, sid: DbId, payload: ReturnRegisterIn):
    """EXAM-11: a room's papers returned, counted (adding up to the issue) and sealed."""
    sitting = _sitting(request, iid, sid)
    data = payload.dict()
    rooms = {r.pk: r for r in room_selectors.rooms_of_sitting(sitting=sitting)}
    room = rooms.get(data.pop("room_id"))
    if room is None:
        raise DomainError("room", "本批次座位编排中没有该考场", field="room_id")
    register = services.return_register_file(actor=request.user, sitting=sitting, room=room, **data)
    return Status(201, _out(register))


@router.get("/institutions/{iid}/pledges", response=list[PledgeOut])
def pledges_list(request, iid: DbId):
    """EXAM-12: managers see every pledge of the institution, others their own."""
    institution = institution_api(request, iid)
    mine = None if can_manage(request.user, institution) else request.user
    return [
        PledgeOut(
            id=p.pk,
            user_id=p.user_id,
            kind=p.kind,
            signed_at=p.signed_at,
            valid_until=p.valid_until,
        )
        for p in selectors.pledges_of(institution=institution, user=mine)[:1000]
    ]
