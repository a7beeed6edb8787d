"""Demo of issue 11 part D: a published draw with findings, a pending change application."""

from skillcert.demo.data import seed
from skillcert.filings.models import ChangeApplication
from skillcert.supervision.models import InspectionDraw, SittingSupervisor


def test_demo_draw_with_findings_and_a_pending_change(db, client):
    college = seed()
    draw = InspectionDraw.objects.get()
    assert draw.published_at is not None
    assert all(t.findings for t in draw.targets.all())
    assert SittingSupervisor.objects.count() == 1
    change = ChangeApplication.objects.get()
    assert change.state == ChangeApplication.SUBMITTED and change.institution == college
    assert "2026年第四季度双随机抽查" in client.get("/supervision/results/").content.decode()
