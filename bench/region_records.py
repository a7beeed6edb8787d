"""The records of the statistics bench's region (bench/region.py): complaints (REC-04) and
incidents (REC-05) of some held sittings, random checks with findings and credit events
(INST-09), annual inspections (INST-10), violations with the correction notice of every voided
certificate (VIOL-05) and some in the sittings, and the reports sent to the authority (REC-08),
some late and some missing, so the dashboard has overdue ones to show. All deterministic."""

import hashlib
from datetime import date, timedelta

from bench.loading import at, copy_rows
from skillcert.reports import deadlines

COMPLAINT_EVERY, INCIDENT_EVERY = 25, 15  # one per 25 (15) held sittings
COMPLAINT_STATUSES = ["archived", "decided", "declined", "investigating", "registered"]
OUTCOMES = ["passed", "passed", "rectify", "passed", "serious", "rectify"]


def build(region, s, regs, today: date) -> dict[str, int]:
    """Every record kind; how many of each were made."""
    counts = {}
    counts["complaints"] = _complaints(s, today)
    counts["incidents"] = _incidents(s, today)
    counts |= _inspections(region, today)
    counts |= _violations(today)
    counts["report deliveries"] = _deliveries(region, s, today)
    return counts


def _held(s, every: int, at: int) -> list[int]:
    return [k for k in range(len(s.ids)) if s.held[k] and k % every == at]


def _complaints(s, today: date) -> int:
    from skillcert.records.models import Complaint

    def rows():
        for n, k in enumerate(_held(s, COMPLAINT_EVERY, 0)):
            got = min(s.theory_on[k] + timedelta(days=2), today)
            status = COMPLAINT_STATUSES[n % len(COMPLAINT_STATUSES)]
            accepted = status != "registered"
            decided = status in ("decided", "archived")
            yield (
                int(s.institution[k]),
                int(s.ids[k]),
                f"投诉人{n + 1}",
                f"1380000{n % 10000:04d}",
                "对理论考试考场纪律有异议",
                got,
                status,
                got + timedelta(days=5),
                got + timedelta(days=11),
                got + timedelta(days=3) if accepted else None,
                got + timedelta(days=9) if decided else None,
                "经调查，维持原成绩" if decided else "",
                at(got, 17) if status == "archived" else None,
                at(got, 10),
            )

    columns = ["institution_id", "sitting_id", "name", "contact", "content", "received_on"]
    columns += ["status", "accept_due", "decision_due", "accepted_on", "decided_on", "decision"]
    columns += ["archived_at", "created_at"]
    return copy_rows(Complaint, columns, rows())


def _incidents(s, today: date) -> int:
    from skillcert.records.models import Incident
    from skillcert.records.models.incidents import CATEGORIES

    codes = list(CATEGORIES)

    def rows():
        for n, k in enumerate(_held(s, INCIDENT_EVERY, 4)):
            code = codes[n % len(codes)]
            minutes = 3 + n % 13  # a few first reports come after the 10 minutes of REC-05
            when = at(s.theory_on[k], 9, 30)
            closed = n % 4 != 0
            yield (
                int(s.institution[k]),
                int(s.ids[k]),
                "paper",
                code,
                CATEGORIES[code][0],
                when,
                when + timedelta(minutes=2),
                when + timedelta(minutes=2 + minutes),
                minutes,
                minutes > 10,
                "考场内发生突发事件，已按预案处置",
                "closed" if closed else "open",
                when + timedelta(hours=3) if closed else None,
            )

    columns = ["institution_id", "sitting_id", "exam_form", "category", "severity"]
    columns += ["occurred_at", "discovered_at", "reported_at", "report_minutes", "report_late"]
    columns += ["description", "status", "closed_at"]
    return copy_rows(Incident, columns, rows())


def _inspections(region, today: date) -> dict[str, int]:
    """A random check per year over a fifth of the filed institutions, findings recorded
    except this year's last ones; an annual inspection per active institution and past year."""
    from skillcert.core.rules import rules
    from skillcert.supervision.models import (
        AnnualInspection,
        CreditEvent,
        InspectionDraw,
        InspectionTarget,
        Inspector,
    )

    active = [i for i in region.institution_ids if region.institutions[i].status != "draft"]
    inspectors = Inspector.objects.bulk_create(
        [Inspector(authority=region.authority, name=f"检查员{n + 1}") for n in range(6)]
    )
    points = {"rectify": rules().credit_points_rectify, "serious": rules().credit_points_serious}
    targets = events = 0
    for year in range(today.year - 2, today.year + 1):
        picked = active[year % 5 :: 5] or active[:1]
        draw = InspectionDraw.objects.create(
            authority=region.authority,
            title=f"{year}年度双随机抽查",
            seed=str(year),
            institution_pool=active,
            inspector_pool=[i.pk for i in inspectors],
            institution_count=len(picked),
            inspector_count=2,
        )
        for n, iid in enumerate(picked):
            pending = year == today.year and n % 3 == 2
            outcome = "pending" if pending else OUTCOMES[(n + year) % len(OUTCOMES)]
            day = min(date(year, 6, 1) + timedelta(days=n), today)
            target = InspectionTarget.objects.create(
                draw=draw,
                institution_id=iid,
                outcome=outcome,
                findings="" if outcome in ("pending", "passed") else "考务档案不全",
                recorded_at=None if pending else at(day, 15),
            )
            target.inspectors.set(inspectors[n % 3 : n % 3 + 2])
            targets += 1
            if outcome in points:
                CreditEvent.objects.create(
                    institution_id=iid,
                    kind="finding",
                    points=points[outcome],
                    note=f"{year}年抽查：{target.get_outcome_display()}",
                    target=target,
                    occurred_on=day,
                )
                events += 1
    annual = copy_rows(
        AnnualInspection,
        ["institution_id", "year", "scores", "total", "scored_at"],
        (
            (iid, year, {}, 60 + (iid * 7 + year) % 41, at(date(year + 1, 3, 1)))
            for year in (today.year - 2, today.year - 1)
            for iid in active
        ),
    )
    return {"inspection targets": targets, "credit events": events, "annual inspections": annual}


def _violations(today: date) -> dict[str, int]:
    """A violation found after the sitting for every voided certificate (VIOL-05) with its
    correction notice (half already sent up), and one in the sitting for one failed
    candidate in a hundred."""
    from django.db import connection

    from skillcert.certificates.models import Certificate
    from skillcert.violations.models import CorrectionNotice, Violation

    voided = list(
        Certificate.objects.filter(status="void")
        .order_by("pk")
        .values_list("pk", "number", "institution_id", "registration_id", "issued_on", "voided_on")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.registration_id, r.institution_id, g.theory_on FROM scoring_result r "
            "JOIN plans_registration x ON x.id = r.registration_id "
            "JOIN plans_sitting g ON g.id = x.sitting_id "
            "WHERE r.passed = false AND r.theory_absent = false AND mod(r.id, 100) = 3"
        )
        failed = cursor.fetchall()
    first = (Violation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    after = [
        (
            first + n,
            iid,
            rid,
            "v04_impersonation",
            "VIOL-04",
            "cancel_all_ban",
            "all",
            at(day),
            True,
            "发证后查实冒名顶替",
            "confirmed",
            at(gone),
            at(gone),
        )
        for n, (_, _, iid, rid, day, gone) in enumerate(voided)
    ]
    during = [
        (
            first + len(after) + n,
            iid,
            rid,
            "v02_copy",
            "VIOL-02",
            "zero_subject",
            "theory",
            at(day, 10),
            False,
            "抄袭他人试卷",
            "confirmed",
            at(day, 12),
            at(day, 12),
        )
        for n, (rid, iid, day) in enumerate(failed)
    ]
    columns = ["id", "institution_id", "registration_id", "category", "rule", "effect"]
    columns += ["subject", "occurred_at", "found_after_sitting", "notes", "status"]
    columns += ["recorded_at", "confirmed_at"]
    n = copy_rows(Violation, columns, after + during)
    notices = copy_rows(
        CorrectionNotice,
        ["institution_id", "certificate_id", "certificate_number", "violation_id", "reason"]
        + ["basis", "created_at", "sent", "sent_at"],
        (
            (
                iid,
                cid,
                number,
                first + k,
                "冒名顶替，证书作废（VIOL-05）",
                {"violation": first + k},
                at(gone),
                k % 2 == 0,
                at(gone, 16) if k % 2 == 0 else None,
            )
            for k, (cid, number, iid, _, _, gone) in enumerate(voided)
        ),
    )
    return {"violations": n, "correction notices": notices}


def _deliveries(region, s, today: date) -> int:
    """Yearly reports and quarterly statistics of every due period, and the summary report of
    the closed sittings: institution i % 10 == 3 never sends its yearly report, i % 10 == 4
    sends it a week late, every seventh quarter is missing (REC-08)."""
    from skillcert.reports.models import ReportDelivery

    active = [i for i in region.institution_ids if region.institutions[i].status != "draft"]
    rows = []
    for n, iid in enumerate(active):
        for year in (today.year - 2, today.year - 1):
            due = deadlines.yearly_due(year)
            if due < today and n % 10 != 3:
                sent = min(due + timedelta(days=7 if n % 10 == 4 else -3), today)
                rows.append((iid, "yearly", date(year, 1, 1), date(year, 12, 31), None, sent))
            for q in (1, 2, 3, 4):
                start, end = deadlines.quarter_bounds(year, q)
                if deadlines.quarter_due(year, q) < today and (n + q + year) % 7:
                    rows.append((iid, "periodic", start, end, None, deadlines.quarter_due(year, q)))
    for k in range(len(s.ids)):
        day = s.theory_on[k]
        if day < today - timedelta(days=30) and k % 9:
            end = min(day + timedelta(days=15), today)
            rows.append((int(s.institution[k]), "summary", day, day, int(s.ids[k]), end))
    return copy_rows(
        ReportDelivery,
        ["institution_id", "kind", "period_start", "period_end", "sitting_id", "sha256"]
        + ["sent_at"],
        (
            (
                iid,
                kind,
                a,
                b,
                sid,
                hashlib.sha256(f"{iid}{kind}{a}".encode()).hexdigest(),
                at(sent, 14),
            )
            for iid, kind, a, b, sid, sent in rows
        ),
    )
