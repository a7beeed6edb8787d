"""Issue 13: the institution home page's to-dos (PLAN-11, INST-13, INST-14, SCORE-05,
REC-04, REC-05, REC-06, VIOL-05, REC-08, INST-04), the stage strip of each sitting and the
monthly chart, against the hand-counted world of home_world.py."""

from datetime import date

import pytest
from django.urls import reverse

from skillcert.institutions.models import Membership
from skillcert.reports.home.chart import monthly_figures
from skillcert.reports.home.stages import sitting_stages
from skillcert.reports.home.todos import todos_of
from skillcert.reports.models import ReportDelivery
from tests import factories as f

from .home_world import TODAY, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def sittings(institution, other_institution):
    return build(institution, other_institution)


def test_todos_counted_by_hand(institution, sittings):
    got = [(t.key, t.rule, t.count, t.due, t.overdue) for t in todos_of(institution, TODAY)]
    assert got == [
        # 2025 yearly report: due 10 January, not delivered (REC-08)
        ("yearly_report", "REC-08", 1, date(2026, 1, 10), 1),
        # A (held 03-02, no report) and C (03-14, a draft): due 2 days after A's day
        ("supervision", "REC-06", 2, date(2026, 3, 4), 1),
        # two pending appeals due 03-10 (overdue) and 03-20; the answered one is not
        ("appeals", "SCORE-05", 2, date(2026, 3, 10), 1),
        # registered (decide by 03-18) and investigating (decide by 03-12, overdue)
        ("complaints", "REC-04", 2, date(2026, 3, 12), 1),
        # D (never sent) and F (returned); D's 10th working day before 04-20, skipping
        # 清明 4–6 April, is 04-03; E is waiting for the authority
        ("implementation_plan", "INST-13", 2, date(2026, 4, 3), 0),
        # filed 2023-05-01, 3 years: 46 days left, inside the 90-day warning
        ("filing", "INST-04", 1, date(2026, 5, 1), 0),
        ("corrections", "VIOL-05", 2, None, 0),  # two unsent, one sent
        ("incidents", "REC-05", 1, None, 0),  # one open, one closed
        ("registrations", "PLAN-11", 2, None, 0),  # A's two pending; cancelled not
        ("results", "INST-14", 2, None, 0),  # A and C; B's results are recorded
    ]


def test_rec08_delivered_reports_leave_the_todos(institution, sittings):
    ReportDelivery.objects.create(
        institution=institution,
        kind=ReportDelivery.YEARLY,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        sha256="0" * 64,
        sent_at="2026-01-09T09:00:00+08:00",
    )
    keys = [t.key for t in todos_of(institution, TODAY)]
    assert "yearly_report" not in keys and "quarterly_statistics" not in keys
    # After 1 April the first quarter of 2026 is due by 10 April, and not yet delivered.
    april = {t.key: t for t in todos_of(institution, date(2026, 4, 2))}
    q1 = april["quarterly_statistics"]
    assert (q1.label, q1.due, q1.overdue) == ("2026年第1季度统计表待报送", date(2026, 4, 10), 0)


def test_todos_of_another_institution_are_not_counted(other_institution, sittings):
    got = {t.key: t.count for t in todos_of(other_institution, TODAY)}
    assert got["registrations"] == 1 and got["complaints"] == 1
    assert "appeals" not in got and "corrections" not in got and "incidents" not in got


def test_stage_strip_of_each_sitting(institution, sittings):
    strips = {r.sitting.name: r for r in sitting_stages(institution, TODAY)}

    def states(name):
        return [s.state[0] for s in strips[name].stages]  # d(one) c(urrent) t(odo)

    # 报名 审核 方案报批 考试 评分 公示/成绩 发证 归档
    assert states("批次A") == list("dctddttt")  # 2 pending: review is where it stands
    assert (strips["批次A"].registered, strips["批次A"].pending) == (5, 2)
    assert states("批次B") == list("dddddcdt")  # certified, results not published
    assert states("批次C") == list("ddcddttt")  # no plan approved
    assert states("批次D") == list("ddcttttt")
    assert states("批次E") == list("cttttttt")  # no one registered
    assert strips["批次B"].current.label == "公示/成绩"


def test_chart_counts_registrations_and_passes_per_month(institution, sittings):
    figures = monthly_figures(institution, 2026)
    # March: A 5 (cancelled not) + B 3 + C 1; April: D 1. Passes: A 3 + B 3 (C failed).
    assert figures["registrations"] == [0, 0, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    assert figures["passes"] == [0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert figures["labels"][2] == "3月"
    assert sum(monthly_figures(institution, 2025)["registrations"]) == 0


def test_home_page_shows_todos_and_tenancy(client, institution, outsider, sittings):
    manager = f.member(institution, role=Membership.DIRECTOR)
    client.force_login(manager)
    page = client.get(reverse("institution_home", args=[institution.pk])).content.decode()
    assert 'data-todo="appeals"' in page and 'id="home-chart-data"' in page
    assert reverse("appeals_queue", args=[institution.pk]) in page
    assert reverse("certificate_feeds", args=[institution.pk]) in page
    client.force_login(outsider)
    assert client.get(reverse("institution_home", args=[institution.pk])).status_code == 404


def _queries(institution) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as q:
        todos_of(institution, TODAY)
        sitting_stages(institution, TODAY)
        monthly_figures(institution, 2026)
    return len(q.captured_queries)


def test_home_figures_are_aggregate_queries_not_a_query_per_sitting(institution, sittings):
    """Issue 13 Scale: ten more sittings (held and ahead, with registrations, no plan) add
    no query."""
    from skillcert.institutions.models import Institution

    before = _queries(institution)
    filed = Institution.objects.filter(pk=institution.pk)
    filed.update(filed_on=date(2026, 1, 1))  # a sitting is created under a valid filing
    institution.refresh_from_db()
    for n in range(10):
        day = date(2026, 3, 3) if n % 2 else date(2026, 6, 1)
        extra = f.sitting(institution, name=f"加批{n}", theory_on=day)
        f.registrations_with_results(extra, 2, status="pending", passed=None)
    filed.update(filed_on=date(2023, 5, 1))
    institution.refresh_from_db()
    assert _queries(institution) == before
