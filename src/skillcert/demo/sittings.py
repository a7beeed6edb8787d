"""Demo rows of the sitting's approvals (issue 11 part C): an approved implementation plan
for the demo exam sitting (its tickets and exam keep working, INST-13), one plan awaiting
the authority's approval (the second sitting), and the first sitting's results sent to the
authority (INST-14, recorded).

The demo sittings' dates are near or past, so the plans are sent as on their last allowed
day (`today=` the INST-13 due day), as an institution that sent them in time would have."""

from skillcert.arrangement import services as arr
from skillcert.arrangement.implementation import gate
from skillcert.arrangement.implementation import services as impl
from skillcert.arrangement.models import Room, SeatArrangement
from skillcert.institutions.models import AuthorityStaff
from skillcert.people.services import person_get_or_create
from skillcert.plans.models import Registration, Sitting
from skillcert.scoring.services.submissions import latest_submission, results_submit

AWAITING_NAMES = ["钱待批", "孙待批", "李待批"]


def _authority_user():
    staff = AuthorityStaff.objects.select_related("user").order_by("pk").first()
    return staff.user if staff else None


def plan_approved(sitting: Sitting, kaowu) -> None:
    """The seated sitting's plan sent in time and approved by the demo authority."""
    if gate.sitting_refusal(sitting) is None:
        return
    plan = gate.latest_plan(sitting)
    if plan is None or plan.state != plan.SUBMITTED:
        plan = impl.plan_submit(actor=kaowu, sitting=sitting, today=impl.plan_due_on(sitting))
    impl.plan_approve(actor=_authority_user(), plan=plan, reasons="同意按方案组织实施")


def plan_awaiting(sitting: Sitting, kaowu, id_numbers: list[str]) -> None:
    """Three candidates seated in a room of their own and the plan sent, not yet decided."""
    if gate.latest_plan(sitting) is not None:
        return
    if not SeatArrangement.objects.filter(sitting=sitting).exists():
        for name, number in zip(AWAITING_NAMES, id_numbers, strict=True):
            person = person_get_or_create(name=name, id_type="resident", id_number=number)
            Registration.objects.get_or_create(
                institution=sitting.institution,
                sitting=sitting,
                person=person,
                defaults={"school_level": "secondary", "status": Registration.APPROVED},
            )
        room = Room.objects.filter(institution=sitting.institution, kind="theory").last()
        arr.seating_arrange(actor=kaowu, sitting=sitting, rooms=[room], seed=2)
    impl.plan_submit(actor=kaowu, sitting=sitting, today=impl.plan_due_on(sitting))


def results_sent(sitting: Sitting, kaowu) -> None:
    if latest_submission(sitting) is None:
        results_submit(actor=kaowu, sitting=sitting)
