"""REC-07: the equipment ledger per occupation; a practical whose stations use a measuring
instrument past its calibration date is refused where it is prepared (panels, via a hook)."""

from datetime import date
from decimal import Decimal

import pytest

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.panels.services import work_numbers_assign
from skillcert.records.equipment import services
from skillcert.records.models import Equipment, EquipmentEvent, EquipmentUse
from skillcert.scoring.models import Result
from skillcert.scoring.services import ScoreInput, results_set

from .helpers import instrument

D = Decimal


def test_rec07_ledger_line_carries_the_fields_and_is_audited(sitting, staff):
    row = instrument(sitting, actor=staff)
    assert (row.quantity, row.price, row.work_items) == (10, Decimal("120.00"), "1.2 零件尺寸测量")
    assert AuditEntry.objects.filter(action="equipment.add", object_id=str(row.pk)).exists()


def test_rec07_measuring_instrument_needs_a_calibration_date(sitting, staff):
    with pytest.raises(DomainError) as exc:
        instrument(sitting, actor=staff, due=None)
    assert exc.value.rule == "REC-07" and exc.value.field == "calibration_due"
    assert not Equipment.objects.exists()


def test_rec07_bad_input_is_a_message_on_the_field(sitting, staff):
    with pytest.raises(DomainError) as exc:
        services.equipment_add(
            actor=staff,
            institution=sitting.institution,
            occupation=sitting.occupation,
            name="车床",
            model="CK6140",
            quantity=0,
            purchased_on=date(2024, 1, 1),
            price=Decimal("1"),
            work_items="2.1 车削",
        )
    assert exc.value.field == "quantity"


def test_rec07_calibration_moves_the_date_and_maintenance_is_kept(sitting, staff):
    row = instrument(sitting, actor=staff, due=date(2026, 1, 1))
    services.equipment_event_add(
        actor=staff,
        equipment=row,
        kind=EquipmentEvent.MAINTENANCE,
        on=date(2026, 2, 1),
        note="清洁",
    )
    services.equipment_event_add(
        actor=staff,
        equipment=row,
        kind=EquipmentEvent.CALIBRATION,
        on=date(2026, 3, 1),
        note="省计量院检定合格",
        valid_until=date(2027, 3, 1),
    )
    row.refresh_from_db()
    assert row.calibration_due == date(2027, 3, 1)
    assert row.events.count() == 2
    assert AuditEntry.objects.filter(action="equipment.event").count() == 2


def test_rec07_instrument_past_calibration_is_refused_at_assignment(sitting, staff):
    row = instrument(sitting, actor=staff, due=date(2026, 6, 1))  # practical on 2026-06-02
    with pytest.raises(DomainError) as exc:
        services.equipment_assign(actor=staff, sitting=sitting, equipment=row)
    assert exc.value.rule == "REC-07"
    assert not EquipmentUse.objects.exists()


def test_rec07_practical_with_an_expired_instrument_is_refused_where_it_is_prepared(
    sitting, staff, enrol
):
    """Assigned while valid, the calibration then found to run out before the practical:
    panels asks records (scoring.hooks.practical_refusal) and refuses the work numbers."""
    enrol(sitting, 2)
    row = instrument(sitting, actor=staff, due=date(2026, 12, 31))
    services.equipment_assign(actor=staff, sitting=sitting, equipment=row)
    Equipment.objects.filter(pk=row.pk).update(calibration_due=date(2026, 5, 31))
    with pytest.raises(DomainError) as exc:
        work_numbers_assign(actor=staff, sitting=sitting)
    assert exc.value.rule == "REC-07" and "游标卡尺" in exc.value.message
    Equipment.objects.filter(pk=row.pk).update(calibration_due=date(2026, 6, 2))
    assert work_numbers_assign(actor=staff, sitting=sitting) == 2


def test_rec07_typed_practical_scores_are_refused_with_an_expired_instrument(sitting, staff, enrol):
    """A sitting without a panel has its practical typed in: the same REC-07 question is asked
    there (scoring.hooks.practical_refusal), so an expired instrument stops the practical
    scores; the theory and a practical absence are still recorded."""
    a, b = enrol(sitting, 2)
    row = instrument(sitting, actor=staff, due=date(2026, 12, 31))
    services.equipment_assign(actor=staff, sitting=sitting, equipment=row)
    Equipment.objects.filter(pk=row.pk).update(calibration_due=date(2026, 5, 31))
    with pytest.raises(DomainError) as exc:
        results_set(actor=None, sitting=sitting, items=[ScoreInput(a.pk, D(80), D(75))])
    assert exc.value.rule == "REC-07" and exc.value.field == "practical"
    assert not Result.objects.exists()
    items = [ScoreInput(a.pk, D(80)), ScoreInput(b.pk, D(70), practical_absent=True)]
    assert len(results_set(actor=None, sitting=sitting, items=items)) == 2
    Equipment.objects.filter(pk=row.pk).update(calibration_due=date(2026, 6, 2))
    results_set(actor=None, sitting=sitting, items=[ScoreInput(a.pk, D(80), D(75))])
    assert Result.objects.get(registration=a).practical_score == D(75)
