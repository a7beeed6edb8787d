"""Builders for item bank tests: reviewed items in bulk, a blueprint, an assembled paper, and
the two keys (EXAM-04 双人双锁) that take a paper out of store."""

import random
from decimal import Decimal

from skillcert.institutions.models import Membership
from skillcert.itembank import custody
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


def second_key(paper, holder=None, *, name=""):
    """A director names `holder` (else a new examiner of the paper's institution) the
    paper's second key holder; `paper` is refreshed in place."""
    if holder is None:
        holder = f.member(paper.institution, role=Membership.EXAMINER)
        holder.first_name = name
        holder.save(update_fields=["first_name"])
    director = f.member(paper.institution, role=Membership.DIRECTOR)
    custody.key_holder_set(actor=director, paper=paper, user=holder)
    paper.refresh_from_db()
    return holder


def pledged(user, institution, kind="maker"):
    """`user` signs the paper makers' responsibility pledge (EXAM-12), needed to handle papers."""
    from skillcert.records.papers.services import pledge_sign

    return pledge_sign(actor=user, institution=institution, kind=kind)


def unlock(paper, purpose="print", *, reader=None):
    """Both keys for `purpose` today: the custodian asks, the second key holder (named if the
    paper has none) confirms; both (and `reader`) have signed their pledge (EXAM-12).
    `paper` is refreshed in place."""
    paper.refresh_from_db()
    holder = paper.key_holder or second_key(paper)
    for person in {paper.custodian, holder, reader} - {None}:
        pledged(person, paper.institution)
    request = custody.unlock_request(actor=paper.custodian, paper=paper, purpose=purpose)
    return custody.unlock_confirm(actor=holder, unlock=request)
