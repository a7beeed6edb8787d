"""Demo filing applications (issue 11, INST-01/02): three institutions registered through the
real registration, whose applications the demo authority (`authority`) finds in its queue at
/authority/filings/ in the draft, submitted and returned states. Built by the real services;
idempotent on the applicants' logins."""

from django.contrib.auth import get_user_model

from skillcert.catalog.models import Occupation, Standard
from skillcert.core.idnumbers import credit_check_char, resident_check_digit
from skillcert.filings import services as fs
from skillcert.filings.flow import application_move
from skillcert.filings.models import FilingApplication, FilingAttachment, FilingStep
from skillcert.institutions.models import Institution

PASSWORD = "skillcert-demo"
OCCUPATION = "4-10-01-03"  # 保育师, the manual's first sample row
# A small, complete PDF: what the content check (header and end marker) asks for.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
APPLICANTS = [
    # login, name, kind, state
    ("filer_draft", "郑州康育职业培训学校", Institution.SOCIAL, FilingApplication.DRAFT),
    ("filer_submitted", "河南豫技工学校", Institution.COLLEGE, FilingApplication.SUBMITTED),
    ("filer_returned", "洛阳精工装备有限公司", Institution.EMPLOYER, FilingApplication.RETURNED),
]
LOGINS = [
    ("filer_draft", "申请机构负责人：备案申请草稿（查看尚缺内容）"),
    ("filer_submitted", "申请机构负责人：已提交待初审的备案申请"),
    ("filer_returned", "申请机构负责人：被退回的备案申请（查看理由、修改后重新提交）"),
]


def _id(i: int) -> str:
    body = f"41010219{80 + i % 15:02d}0{i % 9 + 1}1{i % 9}{i % 1000:03d}"
    return body + resident_check_digit(body)


def _people(n: int, start: int, **extra) -> list[dict]:
    names = "赵钱孙李周吴郑王冯陈"
    return [
        {
            "name": f"{names[(start + k) % 10]}{'明华强芳'[k % 4]}{start + k}",
            "id_number": _id(start + k),
            "title": "高级讲师",
            "education": "本科",
            "duty": "评价工作",
            "major": "保育师",
            "own_staff": "是",
            **extra,
        }
        for k in range(n)
    ]


def _sections() -> dict:
    return {
        "rules": [
            {
                "name": "职业技能等级认定工作规则",
                "made_on": "2026-03-01",
                "doc_number": "〔2026〕1号",
            },
            {
                "name": "职业技能等级认定考场规则",
                "made_on": "2026-03-01",
                "doc_number": "〔2026〕2号",
            },
        ],
        "sites": [
            {"kind": "理论考场", "place": "教学楼3层", "area": "90", "count": "3"},
            {
                "kind": "操作考场",
                "place": "保育实训室",
                "area": "160",
                "count": "1",
                "occupation": "保育师",
            },
        ],
        "equipment": [
            {
                "occupation": "保育师",
                "location": "保育实训室",
                "name": "综合急救箱",
                "model": "JJ-2",
                "quantity": "10",
                "ownership": "自有",
            },
        ],
        "staff": _people(2, 10),
        "experts": _people(3, 20),
        "examiners": _people(3, 30, occupation="保育师", certificate_number="KP-4101-2026"),
        "supervisors": _people(1, 40),
    }


def _standard() -> Standard:
    occupation = Occupation.objects.get(code=OCCUPATION)
    return Standard.objects.get_or_create(
        occupation=occupation,
        job_type=None,
        kind=Standard.NATIONAL,
        defaults={"title": f"{occupation.name}国家职业技能标准", "levels": "54321"},
    )[0]


def filings_ready(authority_user) -> None:
    User = get_user_model()
    standard = _standard()
    for n, (login, name, kind, state) in enumerate(APPLICANTS):
        if User.objects.filter(username=login).exists():
            continue
        prefix = {Institution.COLLEGE: "12", Institution.SOCIAL: "52", Institution.EMPLOYER: "91"}
        body = f"{prefix[kind]}41010{n + 1:010d}"
        user, institution = fs.institution_register(
            username=login,
            password=PASSWORD,
            kind=kind,
            name=name,
            credit_code=body + credit_check_char(body),
            region_code="410102",
            nature="private" if kind != Institution.COLLEGE else "public",
            supervising_dept="郑州市人力资源和社会保障局",
            legal_rep=f"{name[:2]}法人",
            contact_person="联系人",
            phone="0371-66660000",
            address=f"郑州市金水区{name}",
        )
        application = fs.application_open(
            actor=user,
            institution=institution,
            kind=FilingApplication.INITIAL,
            school_type=FilingApplication.TECHNICAL if kind == Institution.COLLEGE else "",
        )
        fs.scope_item_add(
            actor=user,
            application=application,
            occupation=standard.occupation,
            levels="543",
            major="幼儿保育",
            standard=standard,
        )
        if state == FilingApplication.DRAFT:
            fs.application_save(
                actor=user, application=application, sections={"rules": _sections()["rules"]}
            )
            continue
        fs.application_save(
            actor=user,
            application=application,
            sections=_sections(),
            texts={
                "org_advantage": "多年培训经验",
                "pro_advantage": "保育专业教师齐全",
                "it_system": "在线考务、视频监控",
            },
        )
        for kind_ in (
            FilingAttachment.LETTER,
            FilingAttachment.WORK_PLAN,
            FilingAttachment.EVIDENCE,
        ):
            fs.attachment_add(
                actor=user,
                application=application,
                kind=kind_,
                name=f"{dict(FilingAttachment.KINDS)[kind_]}.pdf",
                data=PDF,
            )
        fs.commitment_sign(actor=user, application=application, signed_by=institution.legal_rep)
        fs.application_submit(actor=user, application=application)
        if state == FilingApplication.RETURNED:
            application_move(
                actor=authority_user,
                application=application,
                decision=FilingStep.RETURN,
                reasons="工作方案未写明考务流程和应急预案，请补充后重新提交",
            )
