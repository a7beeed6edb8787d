"""The bank: sources (EXAM-01), versions, renewal share (EXAM-03)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.itembank import assembly, services
from skillcert.itembank.models import Item, ItemVersion
from skillcert.itembank.selectors import renewal_by_year
from tests import factories as f

from .helpers import blueprint, items

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def _create(institution, **extra):
    values = {
        "occupation": f.occupation(),
        "job_type": None,
        "level": 4,
        "kind": "single",
        "stem": "普通车床的主运动是（ ）。",
        "options": ["工件旋转", "刀架移动", "尾座移动"],
        "answer": [0],
        "knowledge_point": "1.2 车床结构",
        "difficulty": 2,
        "source": "own",
        "author": "王专家",
    } | extra
    return services.item_create(actor=None, institution=institution, **values)


def test_exam_01_source_is_required_and_recorded(institution):
    with pytest.raises(DomainError) as exc:
        _create(institution, source="")
    assert exc.value.rule == "EXAM-01" and exc.value.field == "source"
    item = _create(institution, source="national", author="")
    assert item.source == "national"
    assert AuditEntry.objects.filter(action="item.create", object_id=str(item.pk)).exists()


def test_exam_01_own_items_name_the_expert_who_wrote_them(institution):
    with pytest.raises(DomainError) as exc:
        _create(institution, author="")
    assert exc.value.field == "author" and exc.value.rule == "EXAM-01"


def test_exam_01_national_items_are_used_where_the_bank_has_them(institution):
    items(institution, 20, source="own")
    bp = blueprint(institution, single=5)
    assert assembly.source_for(bp) == "own"
    items(institution, 20, source="national", seed=2)
    assert assembly.source_for(bp) == "national"
    ps = assembly.paper_set_assemble(actor=None, blueprint=bp, forms=2, seed=1)
    assert ps.source == "national"
    national = set(Item.objects.filter(source="national").values_list("pk", flat=True))
    assert {c.id for c in assembly.candidates(bp, "national")} == national


@pytest.mark.parametrize(
    "kind,options,answer,field",
    [
        ("single", ["甲", "乙"], [0, 1], "answer"),
        ("multiple", ["甲", "乙", "丙"], [1], "answer"),
        ("single", ["甲"], [0], "options"),
        ("judge", [], "yes", "answer"),
        ("fill", [], [], "answer"),
        ("single", ["甲", "乙"], [5], "answer"),
    ],
)
def test_bad_content_is_refused_naming_the_field(institution, kind, options, answer, field):
    with pytest.raises(DomainError) as exc:
        _create(institution, kind=kind, options=options, answer=answer)
    assert exc.value.field == field
    assert not Item.objects.exists()


def test_an_edit_makes_a_new_version_and_needs_review_again(institution, staff):
    item = _create(institution)
    services.item_set_status(actor=staff, item=item, status=Item.REVIEWED)
    item = services.item_update(actor=staff, item=item, stem="普通车床的主运动是什么？")
    assert item.version == 2 and item.status == Item.DRAFT
    versions = list(item.versions.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].content["stem"] == "普通车床的主运动是（ ）。"
    assert versions[1].created_by == staff
    assert AuditEntry.objects.filter(action="item.revise", object_id=str(item.pk)).exists()
    # Saving the same content again is not a revision.
    assert services.item_update(actor=staff, item=item, stem=item.stem).version == 2


def test_retired_items_cannot_be_edited(institution):
    item = _create(institution)
    services.item_set_status(actor=None, item=item, status=Item.RETIRED)
    with pytest.raises(DomainError):
        services.item_update(actor=None, item=item, stem="新题干")


def _at_year(item_ids, year):
    ItemVersion.objects.filter(item_id__in=item_ids).update(
        created_at=datetime(year, 3, 1, 10, tzinfo=SH)
    )


def test_exam_03_renewal_share_per_year_and_warning_below_20_percent(institution):
    old = [_create(institution, stem=f"旧题{n}").pk for n in range(9)]
    _at_year(old, 2024)
    new = _create(institution, stem="新题")
    _at_year([new.pk], 2025)
    retired = _create(institution, stem="停用题")
    services.item_set_status(actor=None, item=retired, status=Item.RETIRED)
    report = renewal_by_year(Item.objects.filter(institution=institution), year=2025)
    rows = {r["year"]: r for r in report["rows"]}
    assert report["active"] == 10  # retired items are not part of the bank
    assert rows[2024]["renewed"] == 9 and not rows[2024]["low"]
    assert rows[2025]["renewed"] == 1 and rows[2025]["share"] == pytest.approx(0.1)
    assert rows[2025]["low"] and report["current"]["year"] == 2025
    # Revising two more items in 2025 lifts the share to 30%: no warning.
    for pk in old[:2]:
        item = Item.objects.get(pk=pk)
        services.item_update(actor=None, item=item, stem=item.stem + "（修订）")
    ItemVersion.objects.filter(version=2).update(created_at=datetime(2025, 5, 1, tzinfo=SH))
    report = renewal_by_year(Item.objects.filter(institution=institution), year=2025)
    assert report["current"]["renewed"] == 3 and not report["current"]["low"]


def test_exam_03_threshold_comes_from_rule_settings(institution, settings):
    settings.SKILLCERT_RULES = {"bank_renewal_share": "0.05"}
    item = _create(institution)
    _at_year([item.pk], 2024)
    for n in range(19):
        _at_year([_create(institution, stem=f"题{n}").pk], 2023)
    report = renewal_by_year(Item.objects.filter(institution=institution), year=2024)
    assert report["current"]["share"] == pytest.approx(0.05) and not report["current"]["low"]


def test_blueprint_contradictions_are_refused(institution):
    with pytest.raises(DomainError) as exc:
        blueprint(institution, single=10, mix={"3": "0.5"})
    assert "100%" in exc.value.message
    with pytest.raises(DomainError):
        blueprint(institution, single=0)
