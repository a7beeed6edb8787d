"""Writes of the equipment ledger (REC-07): lines, maintenance and calibration, use at a
sitting's practical stations; each audited in its transaction."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from skillcert.arrangement.models import Room
from skillcert.catalog.models import Occupation
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting

from ..actors import user_of
from ..models import Equipment, EquipmentEvent, EquipmentUse


def _text(value: str, *, field: str, label: str, limit: int, required: bool = True) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise DomainError(f"{field}_required", f"请填写{label}", field=field)
    if len(value) > limit:
        raise DomainError(f"{field}_long", f"{label}不能超过{limit}字", field=field)
    return value


@transaction.atomic
def equipment_add(
    *,
    actor,
    institution: Institution,
    occupation: Occupation,
    name: str,
    model: str,
    quantity: int,
    purchased_on: date,
    price: Decimal,
    work_items: str,
    parameters: str = "",
    measuring: bool = False,
    calibration_due: date | None = None,
) -> Equipment:
    """REC-07: a ledger line of an occupation with model, quantity, purchase date and price,
    parameters and the standard's work items it serves; a measuring instrument carries the
    date its calibration runs out."""
    if not isinstance(quantity, int) or quantity < 1 or quantity > 100_000:
        raise DomainError("quantity", "数量应为1至100000的整数", field="quantity")
    try:
        price = Decimal(price)
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError("price", "请填写正确的单价", field="price") from None
    if not price.is_finite() or price < 0 or price >= Decimal("1e10"):
        raise DomainError("price", "单价应为0至100亿元之间的金额", field="price")
    if not isinstance(purchased_on, date):
        raise DomainError("purchased_on", "请填写购置日期", field="purchased_on")
    if measuring and calibration_due is None:
        raise DomainError(
            "calibration_due", "计量器具须填写检定有效期", field="calibration_due", rule="REC-07"
        )
    row = Equipment.objects.create(
        institution=institution,
        occupation=occupation,
        name=_text(name, field="name", label="设备名称", limit=100),
        model=_text(model, field="model", label="型号", limit=100),
        quantity=quantity,
        purchased_on=purchased_on,
        price=price.quantize(Decimal("0.01")),
        parameters=_text(
            parameters, field="parameters", label="技术参数", limit=1000, required=False
        ),
        work_items=_text(work_items, field="work_items", label="服务的标准工作内容", limit=1000),
        measuring=measuring,
        calibration_due=calibration_due if measuring else None,
    )
    audit_record(
        actor=actor,
        action="equipment.add",
        obj=row,
        after={
            "occupation": occupation.code,
            "name": row.name,
            "model": row.model,
            "quantity": quantity,
            "price": row.price,
            "calibration_due": row.calibration_due,
        },
    )
    return row


@transaction.atomic
def equipment_event_add(
    *,
    actor,
    equipment: Equipment,
    kind: str,
    on: date,
    note: str,
    valid_until: date | None = None,
) -> EquipmentEvent:
    """REC-07: maintenance, repair or calibration; a calibration moves the instrument's
    calibration date to `valid_until`."""
    equipment = Equipment.objects.select_for_update().get(pk=equipment.pk)
    if kind not in dict(EquipmentEvent.KINDS):
        raise DomainError("kind", "请选择记录类别", field="kind")
    if not isinstance(on, date):
        raise DomainError("on", "请填写日期", field="on")
    if kind == EquipmentEvent.CALIBRATION:
        if not equipment.measuring:
            raise DomainError("not_measuring", "该设备不是计量器具，无需检定", field="kind")
        if valid_until is None or valid_until < on:
            raise DomainError(
                "valid_until",
                "请填写不早于检定日期的检定有效期",
                field="valid_until",
                rule="REC-07",
            )
    else:
        valid_until = None
    event = EquipmentEvent.objects.create(
        institution_id=equipment.institution_id,
        equipment=equipment,
        kind=kind,
        on=on,
        note=_text(note, field="note", label="内容", limit=300),
        valid_until=valid_until,
        recorded_by=user_of(actor),
    )
    before = equipment.calibration_due
    if valid_until is not None:
        equipment.calibration_due = valid_until
        equipment.save(update_fields=["calibration_due"])
    audit_record(
        actor=actor,
        action="equipment.event",
        obj=equipment,
        before={"calibration_due": before},
        after={"kind": kind, "on": on, "calibration_due": equipment.calibration_due},
    )
    return event


@transaction.atomic
def equipment_assign(
    *, actor, sitting: Sitting, equipment: Equipment, room: Room | None = None
) -> EquipmentUse:
    """REC-07: an instrument used at the sitting's practical stations (its room, when
    named, a practical room of the institution). An instrument whose calibration runs out
    before the practical is refused at once."""
    if equipment.institution_id != sitting.institution_id:
        raise DomainError("equipment", "设备不属于本机构", field="equipment")
    if equipment.occupation_id != sitting.occupation_id:
        raise DomainError("equipment", "设备不属于本批次的职业", field="equipment", rule="REC-07")
    if room is not None and (
        room.institution_id != sitting.institution_id or room.kind != Room.PRACTICAL
    ):
        raise DomainError("room", "请选择本机构的实操考场", field="room")
    day = sitting.practical_on
    if day is not None and not equipment.calibrated_on(day):
        raise DomainError(
            "calibration",
            f"{equipment}的检定有效期至{equipment.calibration_due}，"
            f"早于技能考核日期{day}，不能用于考核",
            field="equipment",
            rule="REC-07",
        )
    if EquipmentUse.objects.filter(sitting=sitting, equipment=equipment).exists():
        raise DomainError("assigned", "该设备已登记在本批次", field="equipment")
    use = EquipmentUse.objects.create(
        institution_id=sitting.institution_id, sitting=sitting, equipment=equipment, room=room
    )
    audit_record(
        actor=actor,
        action="equipment.assign",
        obj=use,
        after={"sitting": sitting.pk, "equipment": str(equipment), "room": room and room.pk},
    )
    return use


@transaction.atomic
def equipment_unassign(*, actor, use: EquipmentUse) -> None:
    audit_record(
        actor=actor,
        action="equipment.unassign",
        obj=use,
        before={"sitting": use.sitting_id, "equipment": str(use.equipment)},
    )
    use.delete()
