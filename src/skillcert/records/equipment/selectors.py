"""Reads of the equipment ledger (REC-07), scoped to a resolved institution."""

from datetime import date

from django.db.models import QuerySet

from skillcert.institutions.models import Institution
from skillcert.plans.models import Sitting

from ..models import Equipment, EquipmentEvent, EquipmentUse


def equipment_for(*, institution: Institution) -> QuerySet[Equipment]:
    return Equipment.objects.filter(institution=institution).select_related("occupation")


def equipment_get(*, institution: Institution, equipment_id: int) -> Equipment | None:
    return equipment_for(institution=institution).filter(pk=equipment_id).first()


def events_of(*, equipment: Equipment) -> QuerySet[EquipmentEvent]:
    return EquipmentEvent.objects.filter(equipment=equipment).select_related("recorded_by")


def uses_of(*, sitting: Sitting) -> QuerySet[EquipmentUse]:
    return EquipmentUse.objects.filter(sitting=sitting).select_related("equipment", "room")


def use_get(*, institution: Institution, use_id: int) -> EquipmentUse | None:
    return (
        EquipmentUse.objects.filter(institution=institution, pk=use_id)
        .select_related("equipment", "sitting")
        .first()
    )


def uncalibrated(*, sitting_id: int, on: date) -> list[Equipment]:
    """REC-07: the measuring instruments at the sitting's practical stations that are past
    their calibration date on `on`."""
    uses = EquipmentUse.objects.filter(sitting_id=sitting_id, equipment__measuring=True)
    return [
        u.equipment for u in uses.select_related("equipment") if not u.equipment.calibrated_on(on)
    ]


def practical_refusal(*, sitting_id: int, on: date) -> str | None:
    """The answer to scoring.hooks.practical_refusal (REC-07), asked by panels and by
    typed practical scores."""
    late = uncalibrated(sitting_id=sitting_id, on=on)
    if not late:
        return None
    names = "、".join(f"{e}（检定有效期至{e.calibration_due or '未检定'}）" for e in late)
    return f"实操工位使用的计量器具已过检定有效期：{names}，不能开始技能考核（REC-07）"
