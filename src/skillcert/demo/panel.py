"""A demo panel ready to score right after `make run` (issue 16 item 30): a small practical
sitting held today, its staffing plan drawn by the solver (ARR-03..08), its panel set up by
the real services with work numbers (EXAM-09) and two modules, and the plan's examiners and
checker holding demo logins (SCORE-03 signatures need accounts) so that `examiner` can open
我的考评组 and score, and kaowu / director follow the panel as its managers.

Idempotent on the sitting's name, like demo.exam; the practical stays on the day of the
first run, so later runs still allow scores (only a day before the practical refuses them).
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from skillcert.arrangement import services as arr
from skillcert.arrangement.models import Room, StaffAssignment
from skillcert.arrangement.staffing.services import staffing_plan_create
from skillcert.catalog.models import JobType, Occupation
from skillcert.institutions import services as inst
from skillcert.institutions.models import Membership
from skillcert.panels import services as ps
from skillcert.panels.models import Panel
from skillcert.people.models import Person
from skillcert.plans.models import Sitting
from skillcert.plans.roster.services import roster_import_create
from skillcert.plans.services import sitting_create

SITTING = "演示实操 汽车维修工（汽车电器维修工）四级"
CANDIDATES = 5
FIRST_ID = 600  # demo_id() numbers of its candidates, apart from the other demo people
# The plan's examiners get these logins, the leader first; the checker gets "checker".
EXAMINER_LOGINS = ["examiner", "examiner2", "examiner3"]
CHECKER_LOGIN = "checker"
MODULES = [
    ("电路检测与故障诊断", "60", [("检测仪器使用", "20"), ("故障判断", "25"), ("维修方案", "15")]),
    ("安全文明生产", "40", [("安全操作", "25"), ("工位整理", "15")]),
]


def _sitting(college, kaowu) -> Sitting:
    from .data import roster_xlsx

    today = timezone.localdate()
    sitting = sitting_create(
        actor=kaowu,
        institution=college,
        name=SITTING,
        occupation=Occupation.objects.get(code="4-12-01-01"),
        job_type=JobType.objects.get(occupation__code="4-12-01-01", name="汽车电器维修工"),
        level=4,
        mode="process",
        theory_on=today,
        practical_on=today,
    )
    upload = SimpleUploadedFile("demo-practical.xlsx", roster_xlsx(CANDIDATES, first=FIRST_ID))
    roster_import_create(actor=kaowu, sitting=sitting, uploaded_file=upload)
    # The last room: the demo online exam of the same day seats its candidates in the first.
    room = Room.objects.filter(institution=college, kind="theory").order_by("-number").first()
    arr.seating_arrange(actor=kaowu, sitting=sitting, rooms=[room], seed=1)  # ARR-03 input
    return sitting


def _accounts(college, plan) -> Person:
    """Demo logins for the plan's examiners (leader first) and a checker who is not the
    leader (SCORE-03): the first exam-affairs person of the plan."""
    from .data import user

    staff = list(plan.assignments.select_related("person").order_by("-leader", "person_id"))
    examiners = [a.person for a in staff if a.role == StaffAssignment.EXAMINER]
    others = [a.person for a in staff if a.role == StaffAssignment.EXAM_AFFAIRS]
    checker = others[0] if others else examiners[-1]
    pairs = list(zip(examiners, EXAMINER_LOGINS, strict=False)) + [(checker, CHECKER_LOGIN)]
    for person, username in pairs:
        account = user(username)
        person.user = account
        person.save(update_fields=["user"])
        inst.membership_add(institution=college, user=account, role=Membership.EXAMINER)
    return checker


@transaction.atomic
def panel_ready(college, kaowu) -> Panel:
    """The demo panel (made once): staffed by the solver, modules set, work numbers given."""
    panel = Panel.objects.filter(institution=college, sitting__name=SITTING).first()
    if panel is not None:
        return panel
    sitting = Sitting.objects.filter(institution=college, name=SITTING).first()
    sitting = sitting or _sitting(college, kaowu)
    plan = staffing_plan_create(actor=kaowu, sitting=sitting, seed=1)
    checker = _accounts(college, plan)
    panel = ps.panel_create(actor=kaowu, sitting=sitting, checker=checker)
    for name, weight, items in MODULES:
        ps.module_create(actor=kaowu, panel=panel, name=name, weight=weight, items=items)
    return panel
