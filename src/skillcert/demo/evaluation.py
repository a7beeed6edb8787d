"""Demo rows of issue 11 part B: the demo authority has an application under technical
evaluation (three experts named, one sheet submitted) and a published one (filing number,
receipt, scope in the directory). Built with the real services; called from demo/data.py."""

from datetime import date
from decimal import Decimal

from skillcert.core.idnumbers import credit_check_char
from skillcert.filings.evaluation import services as ev
from skillcert.filings.models import EvaluationItem, FilingApplication, FilingScopeItem
from skillcert.filings.receipt import services as receipt
from skillcert.institutions import services as inst
from skillcert.institutions.models import Authority, Institution

EXPERTS = [("expert1", "王专家"), ("expert2", "李专家"), ("expert3", "张专家")]
LOGINS = [
    ("expert1", "评估专家（组长）：/authority/evaluations/ 技术评估评分"),
    ("expert2", "评估专家：技术评估评分"),
    ("expert3", "评估专家：技术评估评分"),
]


def _code(n: int) -> str:
    body = f"12410100MB{n:07d}"
    return body + credit_check_char(body)


def _applicant(admin, authority, n: int, name: str, region: str) -> Institution:
    return inst.institution_create(
        actor=admin,
        kind=Institution.COLLEGE,
        name=name,
        credit_code=_code(n),
        region_code=region,
        authority=authority,
        contact_person="赵老师",
        phone="0371-60000000",
        address="河南省",
    )


def _application(institution, director, state, cat, scope) -> FilingApplication:
    application = FilingApplication.objects.create(
        institution=institution, created_by=director, state=state
    )
    for code, job, levels in scope:
        FilingScopeItem.objects.create(
            application=application,
            occupation=cat["standards"][code].occupation,
            job_type=cat["job_types"].get(job) if job else None,
            levels=levels,
            standard=cat["standards"][code],
        )
    return application


def seed_evaluation(*, admin, make_user, cat) -> None:
    authority = Authority.objects.get(region_code="410000")
    staff = make_user("authority")
    director = make_user("director")
    experts = [make_user(u, first_name=name) for u, name in EXPERTS]

    evaluating = _applicant(admin, authority, 11, "郑州工业技师学院职业技能等级认定中心", "410102")
    application = _application(
        evaluating,
        director,
        FilingApplication.EVALUATION,
        cat,
        [("6-18-01-01", "数控车床", "432"), ("4-12-01-01", "汽车电器维修工", "43")],
    )
    ev.evaluation_group_name(
        actor=staff, application=application, experts=experts, leader=experts[0]
    )
    marks = {
        i.order: (True if i.kind == EvaluationItem.VETO else i.points * Decimal("0.8"))
        for i in EvaluationItem.objects.all()
    }
    marks = {
        k: (v.quantize(Decimal("0.1")) if isinstance(v, Decimal) else v) for k, v in marks.items()
    }
    ev.evaluation_sheet_submit(actor=experts[0], application=application, marks=marks)

    published = _applicant(admin, authority, 12, "洛阳技师学院职业技能等级认定中心", "410302")
    application = _application(
        published,
        director,
        FilingApplication.RECEIPT,
        cat,
        [("6-18-01-01", None, "5"), ("6-18-01-01", "普通车床", "4321")],
    )
    receipt.filing_number_assign(actor=staff, application=application)
    receipt.filing_publish(actor=staff, application=application, filed_on=date(2026, 11, 20))


def _evaluated(staff, experts, application, *, veto_fail: bool) -> None:
    """All three experts score the sheet (one veto item failed by all when `veto_fail`)
    and the authority concludes: confirmation, or rejection with the reasons (INST-03)."""
    ev.evaluation_group_name(
        actor=staff, application=application, experts=experts, leader=experts[0]
    )
    vetoes = [i.order for i in EvaluationItem.objects.filter(kind=EvaluationItem.VETO)]
    marks = {
        i.order: (
            (not (veto_fail and i.order == vetoes[0]))
            if i.kind == EvaluationItem.VETO
            else (i.points * Decimal("0.9")).quantize(Decimal("0.1"))
        )
        for i in EvaluationItem.objects.all()
    }
    for expert in experts:
        ev.evaluation_sheet_submit(actor=expert, application=application, marks=marks)
    ev.evaluation_conclude(actor=staff, application=application)


def seed_later_states(*, admin, make_user, cat) -> None:
    """The remaining states of INST-02 for the demo authority: awaiting confirmation and
    rejected (both through a real evaluation), and awaiting the receipt letter."""
    authority = Authority.objects.get(region_code="410000")
    staff = make_user("authority")
    director = make_user("director")
    experts = [make_user(u, first_name=name) for u, name in EXPERTS]
    scope = [("6-18-01-01", "数控车床", "43")]
    for n, name, region, veto in (
        (13, "开封职业技术学院职业技能等级认定中心", "410202", False),
        (14, "新乡技工学校职业技能等级认定中心", "410702", True),
    ):
        institution = _applicant(admin, authority, n, name, region)
        application = _application(institution, director, FilingApplication.EVALUATION, cat, scope)
        _evaluated(staff, experts, application, veto_fail=veto)
    receipt_due = _applicant(admin, authority, 15, "安阳工业学校职业技能等级认定中心", "410502")
    _application(receipt_due, director, FilingApplication.RECEIPT, cat, scope)
