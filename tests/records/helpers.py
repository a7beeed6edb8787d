"""Builders for the records tests (equipment, handover, archives)."""

from datetime import date
from decimal import Decimal

from skillcert.records.equipment import services as equipment
from skillcert.records.handover import services as handover


def instrument(sitting, *, due: date | None = date(2026, 12, 31), actor=None, name="游标卡尺"):
    """A measuring instrument of the sitting's occupation, calibrated until `due`."""
    return equipment.equipment_add(
        actor=actor,
        institution=sitting.institution,
        occupation=sitting.occupation,
        name=name,
        model="0-150mm",
        quantity=10,
        purchased_on=date(2024, 3, 1),
        price=Decimal("120.00"),
        parameters="分度值0.02mm",
        work_items="1.2 零件尺寸测量",
        measuring=True,
        calibration_due=due,
    )


def void_notice(cert, *, on: date = date(2025, 10, 1), actor=None):
    """CERT-10: the loss declared void in a newspaper on `on`."""
    return handover.void_notice_record(
        actor=actor,
        certificate=cert,
        medium="newspaper",
        publication="XX日报",
        published_on=on,
    )
