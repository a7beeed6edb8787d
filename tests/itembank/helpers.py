"""Builders for item bank tests: reviewed items in bulk, a blueprint, an assembled paper."""

import random
from decimal import Decimal

from skillcert.itembank.assembly import paper_set_assemble
from skillcert.itembank.models import Item, ItemVersion
from skillcert.itembank.services import CONTENT_FIELDS, blueprint_create
from tests import factories as f

CONTENT = {
    "single": (["甲", "乙", "丙", "丁"], [1]),
    "multiple": (["甲", "乙", "丙", "丁"], [0, 2]),
    "judge": ([], True),
    "fill": ([], ["答案"]),
}


def items(institution, n, *, kind="single", source="own", status=Item.REVIEWED, seed=1, kps=4):
    rng = random.Random(seed)
    options, answer = CONTENT[kind]
    rows = [
        Item(
            institution=institution,
            occupation=f.occupation(),
            level=4,
            kind=kind,
            stem=f"{kind}题干{seed}-{k}：车床主轴转速怎样选择？",
            options=options,
            answer=answer,
            knowledge_point=f"K{k % kps}",
            difficulty=1 + rng.randrange(5),
            source=source,
            author="专家",
            status=status,
        )
        for k in range(n)
    ]
    created = Item.objects.bulk_create(rows)
    ItemVersion.objects.bulk_create(
        [
            ItemVersion(
                institution=institution,
                item=i,
                version=1,
                content={f: getattr(i, f) for f in CONTENT_FIELDS},
                created_at=i.created_at,
            )
            for i in created
        ]
    )
    return created


def blueprint(institution, *, single=10, judge=0, kps=None, mix=None):
    sections = {"single": {"count": single, "points": "2"}}
    if judge:
        sections["judge"] = {"count": judge, "points": "1"}
    return blueprint_create(
        actor=None,
        institution=institution,
        name="车工四级理论",
        occupation=f.occupation(),
        job_type=None,
        level=4,
        sections=sections,
        difficulty_mix=mix or {},
        difficulty_tolerance=Decimal("0.1"),
        knowledge_points=kps or {},
    )


def paper(institution, actor, sitting=None, forms=1):
    items(institution, 40)
    bp = blueprint(institution)
    ps = paper_set_assemble(actor=actor, blueprint=bp, forms=forms, seed=5, sitting=sitting)
    return ps.papers.order_by("form_no").first()
