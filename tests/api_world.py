"""One real object of `institution` for every kind of id an API path names, for the
tests that walk the whole OpenAPI document (tenancy, fuzzing)."""

import re

import pytest

from skillcert.people.models import Examiner
from skillcert.plans.models import Announcement, LateAnnouncement, RosterImport
from skillcert.plans.plan.services import ANNOUNCEMENT_FIELDS
from tests.exams.helpers import make_exam, seat_all
from tests.filings.helpers import application_of, change_of
from tests.itembank.helpers import blueprint
from tests.panels.helpers import build
from tests.records.world import incidents_world, records_api_world
from tests.supervision.helpers import supervision_world
from tests.violations.helpers import ISSUED_ON, issued, record

PARAM = re.compile(r"/([^/{}]+)/\{(\w+)\}")


@pytest.fixture
def world(institution, sitting, enrol, staff, pin_issue_day):
    """One real object of `institution` per kind an API path names, keyed by the segment
    before its id in the path."""
    pin_issue_day(ISSUED_ON)  # certificates are dated by the system's day (item 24)
    certificates = issued(sitting, 2, actor=staff)
    reg = certificates[0].registration
    seat_all(institution, sitting)
    panel = build(sitting, enrol, candidates=1).panel
    roster = RosterImport.objects.create(
        institution=institution, sitting=sitting, file="rosters/x.xlsx", filename="x.xlsx"
    )
    filing = application_of(institution, staff)
    records = records_api_world(sitting, staff)  # issue 12: records (archives)
    return records | {
        "filings": filing.pk,
        "scope": filing.scope_items.first().pk,
        "attachments": filing.attachments.first().pk,
        "institutions": institution.pk,
        "i": institution.pk,
        "sittings": sitting.pk,
        "issue-registers": certificates[0].register_id,
        "certificates": certificates[0].number,
        "panels": panel.pk,
        "modules": panel.modules.first().pk,
        "violations": record(staff, reg, "v01_other", "theory").pk,
        "exams": make_exam(sitting).pk,
        "blueprints": blueprint(institution).pk,
        "roster-imports": roster.pk,
        "examiners": Examiner.objects.filter(institution=institution).first().pk,
        "persons": reg.person_id,
        "people": reg.person_id,
        "late-requests": _late_request(sitting).pk,
        "rules": "PLAN-03",
        "members": staff.pk,  # issue 16 item 16: a member login of `institution`
        **incidents_world(institution, sitting, staff),
        "room-records": _room_record(sitting, staff).pk,
        **_authority_objects(sitting),
        **supervision_world(institution),
        "reports": "candidates",  # issue 13: a section of the authority's dashboard
        **_changes(institution, staff),
    }


def _authority_objects(sitting) -> dict:
    """The authority's objects of `sitting` (INST-13 plan, INST-16 request, INST-14 results),
    for the /authority/... operations."""
    from django.utils import timezone

    from skillcert.arrangement.models import LevelApproval
    from skillcert.scoring.models import ResultSubmission
    from tests import factories as f

    plan = f.plan_approved(sitting)
    level = LevelApproval.objects.create(
        institution_id=sitting.institution_id, sitting=sitting, reason="技师认定"
    )
    submission = ResultSubmission.objects.create(
        institution_id=sitting.institution_id, sitting=sitting, submitted_at=timezone.now()
    )
    return {
        "implementation-plans": plan.pk,
        "level-approvals": level.pk,
        "result-submissions": submission.pk,
    }


def _room_record(sitting, staff):
    """REC-10: the room record of the first seated room, started by exam-affairs staff."""
    from skillcert.arrangement.models import Seat
    from skillcert.records.room.services import room_record_start

    seat = Seat.objects.filter(registration__sitting=sitting).select_related("room").first()
    return room_record_start(actor=staff, sitting=sitting, room=seat.room)


def _changes(institution, staff) -> dict:
    change = change_of(institution, staff)
    # "changes" is the authority's path segment; page_world uses it for sitting changes.
    return {"record-changes": change.pk, "changes": change.pk}


def _late_request(sitting) -> LateAnnouncement:
    texts = {k: "演示" for k in ANNOUNCEMENT_FIELDS}
    announcement = Announcement.objects.create(
        institution_id=sitting.institution_id, sitting=sitting, **texts
    )
    return LateAnnouncement.objects.create(
        institution_id=sitting.institution_id, announcement=announcement, reason="补发"
    )


def fill(path: str, world: dict) -> dict:
    params = {}
    for segment, name in PARAM.findall(path):
        if segment not in world:
            pytest.fail(f"{path}: no object for {{{name}}} after /{segment}/ — add one to world")
        params[name] = world[segment]
    return params
