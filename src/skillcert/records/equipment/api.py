"""API of the equipment ledger (REC-07): thin — guard, service, schema."""

from datetime import date

from ninja import Field, Router, Schema, Status

from skillcert.arrangement.selectors import room_get
from skillcert.core.api_errors import ErrorOut
from skillcert.core.api_types import NO_NUL, DbId, decimal_schema
from skillcert.core.web import found_or_404
from skillcert.institutions.guards import institution_api
from skillcert.institutions.selectors import scope_occupations

from ..archives.selectors import sitting_get
from . import selectors, services

router = Router(tags=["records"])

Price = decimal_schema(r"^\d{1,10}(\.\d{1,2})?$")


class EquipmentIn(Schema):
    occupation: DbId
    name: str = Field(max_length=100, pattern=NO_NUL)
    model: str = Field(max_length=100, pattern=NO_NUL)
    quantity: int = Field(ge=1, le=100_000)
    purchased_on: date
    price: Price
    parameters: str = Field("", max_length=1000, pattern=NO_NUL)
    work_items: str = Field(max_length=1000, pattern=NO_NUL)
    measuring: bool = False
    calibration_due: date | None = None


class EquipmentOut(Schema):
    id: int
    occupation_id: int
    name: str
    model: str
    quantity: int
    purchased_on: date
    price: str
    work_items: str
    measuring: bool
    calibration_due: date | None

    @staticmethod
    def resolve_price(obj) -> str:
        return str(obj.price)


class EquipmentAssignIn(Schema):
    equipment: DbId
    room: DbId | None = None


class EquipmentUseOut(Schema):
    id: int
    sitting_id: int
    equipment_id: int
    room_id: int | None


@router.get("/institutions/{iid}/equipment", response=list[EquipmentOut])
def equipment_list(request, iid: DbId):
    """REC-07: the equipment ledger of the institution."""
    institution = institution_api(request, iid)
    return list(selectors.equipment_for(institution=institution))


@router.post(
    "/institutions/{iid}/equipment", response={201: EquipmentOut, 403: ErrorOut, 404: ErrorOut}
)
def equipment_add(request, iid: DbId, body: EquipmentIn):
    """REC-07: a ledger line of an occupation in the institution's scope."""
    institution = institution_api(request, iid, manage=True)
    occupation = found_or_404(
        scope_occupations(institution).filter(pk=body.occupation).first(),
        "未找到该职业",
    )
    data = body.dict(exclude={"occupation"})
    row = services.equipment_add(
        actor=request.user, institution=institution, occupation=occupation, **data
    )
    return Status(201, row)


@router.post(
    "/institutions/{iid}/sittings/{sid}/equipment",
    response={201: EquipmentUseOut, 403: ErrorOut, 404: ErrorOut},
)
def equipment_assign(request, iid: DbId, sid: DbId, body: EquipmentAssignIn):
    """REC-07: an instrument at the sitting's practical stations (refused past calibration)."""
    institution = institution_api(request, iid, manage=True)
    sitting = found_or_404(sitting_get(institution=institution, sitting_id=sid), "未找到该批次")
    equipment = found_or_404(
        selectors.equipment_get(institution=institution, equipment_id=body.equipment),
        "未找到该设备",
    )
    room = None
    if body.room:
        room = found_or_404(room_get(institution=institution, room_id=body.room), "未找到该考场")
    use = services.equipment_assign(
        actor=request.user, sitting=sitting, equipment=equipment, room=room
    )
    return Status(201, use)
