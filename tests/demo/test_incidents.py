"""Demo of records part B (issue 12): an incident reported late, a video index with a gap and
the incident it raised (REC-11), a complaint in progress (REC-04); fast."""

import time

from skillcert.demo import incidents as demo
from skillcert.demo.data import seed
from skillcert.records.models import Complaint, Incident
from skillcert.records.video.coverage import gaps_of


def test_demo_incident_video_gap_and_complaint(db, client):
    seed()
    late = Incident.objects.get(source="manual")
    assert late.report_late and late.status == Incident.OPEN
    gap = Incident.objects.get(source="video")
    assert gap.category == "g_video_gap"
    assert [g.minutes for g in gaps_of(late.sitting)] == [15]
    assert Complaint.objects.get().status == Complaint.INVESTIGATING
    client.force_login(late.reported_by)
    iid = late.institution_id
    assert client.get(f"/i/{iid}/sittings/{late.sitting_id}/incidents/").status_code == 200
    assert client.get(f"/i/{iid}/complaints/").status_code == 200


def test_demo_part_b_seeds_in_under_a_second(db):
    college = seed()
    kaowu, sitting = Incident.objects.get(source="manual").reported_by, college.sittings.first()
    Incident.objects.all().delete()
    started = time.perf_counter()
    demo.incidents_demo(college, kaowu, sitting)
    assert time.perf_counter() - started < 1.0
