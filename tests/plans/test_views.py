from datetime import date

import pytest

from skillcert.core.errors import DomainError
from skillcert.plans.models import Sitting
from skillcert.plans.services import sitting_create
from tests import factories as f


def test_sitting_form_offers_only_the_filed_scope_PLAN_07(client, staff, institution):
    client.force_login(staff)
    page = client.get(f"/i/{institution.pk}/sittings/new/").content.decode()
    assert "车工（数控车床） 四级/中级工" in page
    assert "汽车维修工" not in page  # not in this institution's scope
    row = institution.scope_rows.get(job_type__name="普通车床")
    resp = client.post(
        f"/i/{institution.pk}/sittings/new/",
        {
            "name": "2026年第二批",
            "subject": f"{row.pk}:2",
            "mode": "exam",
            "theory_on": "2026-06-01",
        },
    )
    sitting = Sitting.objects.get(name="2026年第二批")
    assert resp.status_code == 302 and sitting.level == 2 and sitting.job_type.name == "普通车床"


def test_sitting_outside_scope_is_refused_PLAN_07(institution):
    with pytest.raises(DomainError) as exc:
        sitting_create(
            actor=None,
            institution=institution,
            name="越界",
            occupation=f.occupation(),
            job_type=None,
            level=3,
            mode="exam",
            theory_on=date(2026, 6, 1),
        )
    assert exc.value.rule == "PLAN-07" and "不在本机构备案的认定范围内" in exc.value.message


def test_sitting_needs_a_valid_filing_INST_04(institution):
    """A filing is valid 3 years; a sitting after that is refused."""
    with pytest.raises(DomainError) as exc:
        sitting_create(
            actor=None,
            institution=institution,
            name="过期",
            occupation=f.occupation(),
            job_type=None,
            level=5,
            mode="exam",
            theory_on=date(2028, 1, 1),
        )
    assert exc.value.rule == "INST-04"


def test_sitting_pages_are_404_to_outsiders(client, outsider, sitting):
    client.force_login(outsider)
    base = f"/i/{sitting.institution_id}"
    for path in (
        f"{base}/",
        f"{base}/sittings/{sitting.pk}/",
        f"{base}/sittings/new/",
        f"{base}/roster-template.xlsx",
    ):
        assert client.get(path).status_code == 404, path


def test_supervisor_reads_but_cannot_create(client, institution, sitting):
    reader = f.member(institution, role="supervisor")
    client.force_login(reader)
    assert client.get(f"/i/{institution.pk}/sittings/{sitting.pk}/").status_code == 200
    assert client.get(f"/i/{institution.pk}/sittings/new/").status_code == 403


def test_roster_upload_rejects_a_non_xlsx_file_and_stores_nothing(client, staff, sitting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff)
    resp = client.post(
        f"/i/{sitting.institution_id}/sittings/{sitting.pk}/roster/",
        {"file": SimpleUploadedFile("a.csv", b"x,y")},
        follow=True,
    )
    assert "请上传 .xlsx 格式的名册文件" in resp.content.decode()
    assert not sitting.roster_imports.exists()


def test_stored_roster_file_holds_no_clear_id_number(staff, sitting):
    """PEOPLE-01: ID numbers are encrypted at rest, also inside the uploaded roster file."""
    import io

    import xlsxwriter
    from django.core.files.uploadedfile import SimpleUploadedFile

    from skillcert.plans.roster.format import COLUMNS
    from skillcert.plans.roster.services import roster_import_create

    number = f.resident_id(seq=777)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, COLUMNS)
    # tests/plans/conftest.py's sitting: level 3, exam mode, graduating year 2025 (PLAN-04)
    sheet.write_row(1, 0, ["甲", "居民身份证", number, "", "本科", 2025, "", "", "", 3])
    book.close()
    raw = out.getvalue()
    imp = roster_import_create(
        actor=staff, sitting=sitting, uploaded_file=SimpleUploadedFile("r.xlsx", raw)
    )
    assert imp.ok_rows == 1, imp.errors
    with imp.file.open("rb") as fh:
        stored = fh.read()
    assert raw not in stored and not stored.startswith(b"PK")  # not the readable zip


def test_item24_practical_dated_before_the_theory_is_said_with_the_rule(client, staff, institution):
    """Issue 16 item 24: a practical before the theory is accepted (the seeds fix no order;
    004 allows 同步考试) but never without a word: the clerk is told on creation and on the
    sitting page, citing SCORE-04 (the notice counts from the practical)."""
    client.force_login(staff)
    row = institution.scope_rows.get(job_type__name="普通车床")
    resp = client.post(
        f"/i/{institution.pk}/sittings/new/",
        {
            "name": "日期颠倒",
            "subject": f"{row.pk}:2",
            "mode": "exam",
            "theory_on": "2026-06-10",
            "practical_on": "2026-06-03",
        },
        follow=True,
    )
    page = resp.content.decode()
    assert Sitting.objects.filter(name="日期颠倒").exists()
    assert "早于理论考试日期" in page and "SCORE-04" in page
    assert 'id="date-order-warning"' in page
    sitting = Sitting.objects.get(name="日期颠倒")
    sitting.practical_on = date(2026, 6, 11)
    sitting.save(update_fields=["practical_on"])
    page = client.get(f"/i/{institution.pk}/sittings/{sitting.pk}/").content.decode()
    assert 'id="date-order-warning"' not in page
