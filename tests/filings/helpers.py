"""Applications at a given step of INST-02, made with the models (the application form and
the earlier steps are another part's), and full evaluation sheets."""

from decimal import Decimal

from skillcert.filings.models import EvaluationItem, FilingApplication, FilingScopeItem
from skillcert.institutions import services as inst
from skillcert.institutions.models import Institution
from tests import factories as f


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
