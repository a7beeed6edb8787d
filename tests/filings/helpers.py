"""Builders of filing applications for the filings tests, the page/API worlds and the demo."""

import io
from decimal import Decimal

from PIL import Image

from skillcert.filings import services as fs
from skillcert.filings.models import (
    EvaluationItem,
    FilingApplication,
    FilingAttachment,
    FilingScopeItem,
)
from skillcert.institutions import services as inst
from skillcert.institutions.models import Institution
from tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buf, "PNG")
    return buf.getvalue()


def register(n: int, *, kind=Institution.COLLEGE, username=None, region="410102"):
    return fs.institution_register(
        username=username or f"applicant{n}",
        password="pw-Secret-123",
        kind=kind,
        name=f"申请机构{n}",
        credit_code=f.credit_code(800 + n),
        region_code=region,
        nature="public",
        supervising_dept="河南省教育厅",
        legal_rep="张法人",
        contact_person="李联系",
        phone="0371-12345678",
        address="郑州市金水区1号",
    )


def person_rows(n: int, start: int, **extra) -> list[dict]:
    return [
        {
            "name": f"人员{start + i}",
            "id_number": f.resident_id(seq=start + i),
            "title": "高级讲师",
            "education": "本科",
            "duty": "评价工作",
            "major": "车工",
            "own_staff": "是",
            **extra,
        }
        for i in range(n)
    ]


def full_sections(occupation_name: str = "车工") -> dict:
    return {
        "rules": [
            {
                "name": "职业技能等级认定工作规则",
                "made_on": "2026-01-05",
                "doc_number": "豫职院〔2026〕1号",
            }
        ],
        "sites": [
            {"kind": "理论考场", "place": "1号楼", "area": "120", "count": "4"},
            {
                "kind": "操作考场",
                "place": "实训楼",
                "area": "300",
                "count": "2",
                "occupation": occupation_name,
            },
        ],
        "equipment": [
            {
                "occupation": occupation_name,
                "location": "实训楼",
                "name": "数控车床",
                "model": "CK6140",
                "quantity": "6",
                "ownership": "自有",
            }
        ],
        "staff": person_rows(1, 100),
        "experts": person_rows(2, 200, major=occupation_name),
        "examiners": person_rows(
            3, 300, occupation=occupation_name, certificate_number="KP2026001"
        ),
        "supervisors": person_rows(1, 400),
    }


def complete(application: FilingApplication, user, *, occupation_code="6-18-01-01", attach=True):
    """Fill every section, one scope item, the attachments and the commitment."""
    occ = f.occupation(occupation_code)
    fs.application_save(
        actor=user,
        application=application,
        sections=full_sections(occ.name),
        texts={"org_advantage": "校企合作", "pro_advantage": "专业齐全", "it_system": "在线考务"},
        school_type=FilingApplication.TECHNICAL
        if application.institution.kind == Institution.COLLEGE
        else None,
    )
    if not application.scope_items.filter(occupation=occ).exists():
        fs.scope_item_add(
            actor=user,
            application=application,
            occupation=occ,
            levels="543",
            major="数控技术",
            standard=f.standard(occupation_code),
        )
    if attach:
        for kind in (
            FilingAttachment.LETTER,
            FilingAttachment.WORK_PLAN,
            FilingAttachment.EVIDENCE,
        ):
            fs.attachment_add(
                actor=user, application=application, kind=kind, name=f"{kind}.pdf", data=PDF
            )
    fs.commitment_sign(
        actor=user, application=application, signed_by=application.institution.legal_rep
    )
    return FilingApplication.objects.get(pk=application.pk)


def submitted(n: int, **kwargs):
    user, institution = register(n, **kwargs)
    application = fs.application_open(
        actor=user, institution=institution, kind=FilingApplication.INITIAL
    )
    complete(application, user)
    return user, fs.application_submit(actor=user, application=application)


def application_of(institution, user) -> FilingApplication:
    """An incremental draft of a filed `institution` with one scope item and one attachment
    (the page and API worlds); rows made directly: the worlds need objects, not the rules."""
    application = FilingApplication.objects.create(
        institution=institution, kind=FilingApplication.INCREMENTAL, created_by=user
    )
    application.scope_items.create(
        occupation=f.occupation("4-10-01-03"), levels="5", standard=f.standard("4-10-01-03")
    )
    fs.attachment_add(
        actor=user,
        application=application,
        kind=FilingAttachment.LETTER,
        name="申请函.pdf",
        data=PDF,
    )
    return application


def applicant(name="申请学院", *, n=901, region="410102") -> Institution:
    return inst.institution_create(
        actor=None,
        kind=Institution.COLLEGE,
        name=name,
        credit_code=f.credit_code(n),
        region_code=region,
        contact_person="李老师",
        phone="0371-12345678",
        address="郑州市金水区",
    )


def application_at(institution: Institution, state: str, *, scope=True) -> FilingApplication:
    manager = f.member(institution, role="director")
    application = FilingApplication.objects.create(
        institution=institution, created_by=manager, state=state
    )
    if scope:
        std = f.standard()
        FilingScopeItem.objects.create(
            application=application, occupation=f.occupation(), levels="5", standard=std
        )
        FilingScopeItem.objects.create(
            application=application,
            occupation=f.occupation(),
            job_type=f.job_type("数控车床"),
            levels="4321",
            standard=std,
        )
    return application


def full_marks(*, share: Decimal = Decimal(1), veto_fail: set[int] = frozenset()) -> dict:
    """A mark for every item: `share` of each item's points, vetoes conforming but those in
    `veto_fail` (item orders)."""
    marks = {}
    for item in EvaluationItem.objects.all():
        if item.kind == EvaluationItem.VETO:
            marks[item.order] = item.order not in veto_fail
        elif item.kind == EvaluationItem.BONUS:
            marks[item.order] = Decimal(0)
        else:
            marks[item.order] = (item.points * share).quantize(Decimal("0.1"))
    return marks


def marks_totalling(total: Decimal) -> dict:
    """A sheet whose points add up to exactly `total` (vetoes conforming, no bonus)."""
    marks, left = full_marks(share=Decimal(0)), Decimal(total)
    for item in EvaluationItem.objects.filter(kind=EvaluationItem.SCORED):
        give = min(item.points, left)
        marks[item.order], left = give, left - give
    return marks


def change_of(institution, user):
    """A submitted INST-08 change application (address) of `institution`."""
    from skillcert.filings.changes import services as changes

    return changes.change_submit(
        actor=user,
        institution=institution,
        kind="address",
        new_value="郑州市新址8号",
        reason="整体搬迁",
        documents={"basis": ("依据.pdf", PDF)},
    )
