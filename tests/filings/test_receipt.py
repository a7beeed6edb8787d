"""INST-04 filing numbers, the receipt letter and publication (INST-12, LEVEL-04)."""

import io
from datetime import date

import pytest
from docx import Document

from skillcert.core.audit import AuditEntry
from skillcert.core.errors import DomainError
from skillcert.core.xlsx import workbook
from skillcert.filings.models import FilingApplication, FilingNumberCounter, FilingScopeItem
from skillcert.filings.receipt import documents, services
from skillcert.institutions.models import Institution, ScopeRow
from skillcert.institutions.selectors import directory
from tests import factories as f
from tests.filings.helpers import applicant, application_at

pytestmark = pytest.mark.django_db
R = FilingApplication.RECEIPT


@pytest.fixture
def authority():
    return f.authority_user("410000")


def _assign(authority, application):
    return services.filing_number_assign(actor=authority, application=application)


def test_inst_04_number_is_y0000_province_city_and_the_next_free_sequence(authority):
    f.filed_institution(sequence="9001")  # an existing 郑州 institution holds Y000041019001
    a = _assign(authority, application_at(applicant(), R))
    assert a.filing_number == "Y000041019002"
    b = _assign(authority, application_at(applicant("第二学院", n=902, region="410203"), R))
    assert b.filing_number == "Y000041029001"  # 开封 (4102) has its own sequence
    assert AuditEntry.objects.filter(action="filing.number_assign").count() == 2


def test_inst_04_a_number_is_never_reused(authority):
    first = _assign(authority, application_at(applicant(), R))
    # the application is withdrawn from the database: its number still is not given again
    FilingApplication.objects.filter(pk=first.pk).update(filing_number=None)
    second = _assign(authority, application_at(applicant("第二学院", n=902), R))
    assert first.filing_number == "Y000041019001" and second.filing_number == "Y000041019002"


def test_inst_04_refused_when_the_citys_sequences_are_spent(authority):
    FilingNumberCounter.objects.create(province="41", city="01", last_sequence=9999)
    application = application_at(applicant(), R)
    with pytest.raises(DomainError) as exc:
        _assign(authority, application)
    assert exc.value.code == "filing_numbers_exhausted"
    assert FilingApplication.objects.get(pk=application.pk).filing_number is None


def test_inst_04_only_at_the_receipt_step_and_by_the_region(authority):
    with pytest.raises(DomainError):
        _assign(authority, application_at(applicant(), FilingApplication.CONFIRMATION))
    with pytest.raises(DomainError):
        _assign(f.authority_user("420000"), application_at(applicant("湖北", n=903), R))


def test_inst_12_publishing_files_the_institution_and_its_scope(authority):
    application = _assign(authority, application_at(applicant(), R))
    services.filing_publish(actor=authority, application=application, filed_on=date(2026, 12, 1))
    institution = Institution.objects.get(pk=application.institution_id)
    assert institution.status == Institution.FILED
    assert institution.filing_number == "Y000041019001"
    assert institution.filed_on == date(2026, 12, 1)
    assert ScopeRow.objects.filter(institution=institution).count() == 2
    assert FilingApplication.objects.get(pk=application.pk).state == FilingApplication.PUBLISHED
    listed = directory(on=date(2026, 12, 2)).get(pk=institution.pk)
    assert {r.levels for r in listed.scope_rows.all()} == {"5", "4321"}


def test_level_04_a_row_without_a_standard_is_not_published(authority):
    application = _assign(authority, application_at(applicant(), R))
    FilingScopeItem.objects.filter(application=application).update(standard=None)
    with pytest.raises(DomainError) as exc:
        services.filing_publish(actor=authority, application=application, filed_on=date.today())
    assert exc.value.rule == "LEVEL-04"
    assert Institution.objects.get(pk=application.institution_id).status == Institution.DRAFT
    assert FilingApplication.objects.get(pk=application.pk).state == R


def test_inst_12_an_incremental_filing_adds_rows_and_swaps_one_out(authority):
    institution = f.filed_institution(sequence="9050")
    swapped = ScopeRow.objects.filter(institution=institution, job_type__name="普通车床").get()
    application = application_at(institution, R, scope=False)
    application.kind = FilingApplication.INCREMENTAL
    application.save()
    FilingScopeItem.objects.create(
        application=application,
        occupation=f.occupation(),
        job_type=f.job_type("仪表车床"),
        levels="43",
        standard=f.standard(),
        swap_out=swapped,
    )
    application = _assign(authority, application)
    assert services.number_of(application) == institution.filing_number  # keeps its number
    services.filing_publish(actor=authority, application=application, filed_on=date.today())
    names = set(
        ScopeRow.objects.filter(institution=institution).values_list("job_type__name", flat=True)
    )
    assert names == {None, "数控车床", "仪表车床"}
    assert AuditEntry.objects.filter(action="institution.scope_remove").count() == 1


def test_inst_04_receipt_docx_and_pdf_carry_number_name_and_scope(authority):
    from pypdf import PdfReader

    application = _assign(authority, application_at(applicant(), R))
    doc = Document(io.BytesIO(documents.receipt_docx(application, on=date(2026, 12, 1))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "关于同意申请学院备案的函" in text and "Y000041019001" in text
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["6-18-01-01", "车工", "数控车床", "4、3、2、1", "国标"] in cells
    assert any("申请学院" in c for row in cells for c in row)
    pdf = PdfReader(io.BytesIO(documents.receipt_pdf(application, on=date(2026, 12, 1))))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Y000041019001" in text and "评价机构信息与认定范围清单" in text and "数控车床" in text


# --- the scope list spreadsheet ----------------------------------------------------------------


def _sheet(rows: list[list]) -> bytes:
    out = io.BytesIO()
    book = workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    return out.getvalue()


def test_inst_12_the_exported_scope_list_imports_back(authority):
    from skillcert.core.sheets import read_first_sheet

    application = application_at(applicant(), FilingApplication.CONFIRMATION)
    data = documents.scope_xlsx(application, on=date.today())
    rows = read_first_sheet(data, unreadable=("x", "x"))
    assert rows[0][:2] == ["机构名称", "申请学院"]
    assert [str(c) for c in rows[7][:5]] == documents.SCOPE_HEADER
    f.job_type("普通车床")
    services.scope_sheet_import(actor=authority, application=application, data=data)
    assert application.scope_items.count() == 2


def test_inst_12_import_reports_every_bad_row_and_changes_nothing(authority):
    application = application_at(applicant(), FilingApplication.CONFIRMATION)
    f.standard()
    data = _sheet(
        [
            ["评价机构信息与认定范围清单"],
            documents.SCOPE_HEADER,
            ["6-18-01-01", "车工", "", 5, "国标"],
            ["", "", "不存在的工种", "4", "国标"],
            ["9-99-99-99", "无", "", "4", "国标"],
            ["6-18-01-01", "车工", "", "六级", "国标"],
        ]
    )
    with pytest.raises(services.ScopeSheetError) as exc:
        services.scope_sheet_import(actor=authority, application=application, data=data)
    assert [n for n, _ in exc.value.rows] == [4, 5, 6]
    assert "第4行" in exc.value.message and "第6行" in exc.value.message
    assert application.scope_items.count() == 2  # unchanged


def test_inst_12_summary_table_lists_the_regions_filed_institutions():
    from skillcert.core.sheets import read_first_sheet
    from skillcert.filings.receipt.selectors import filed_in_region

    inside = f.filed_institution("郑州学院")
    f.filed_institution("武汉学院", region="420100")
    user = f.authority_user("410000")
    rows = read_first_sheet(
        documents.summary_xlsx(filed_in_region(user=user)), unreadable=("x", "x")
    )
    assert rows[0][:3] == ["序号", "机构名称", "备案号"]
    names = [r[1] for r in rows[1:] if r[1]]
    assert names == [inside.name]
    assert len(rows) == 1 + 3  # its three scope rows


def test_inst_04_a_first_then_an_incremental_filing_share_the_institutions_number(authority):
    first = _assign(authority, application_at(applicant(), R))
    services.filing_publish(actor=authority, application=first, filed_on=date(2026, 1, 5))
    more = application_at(first.institution, R, scope=False)
    more.kind = FilingApplication.INCREMENTAL
    more.save()
    FilingScopeItem.objects.create(
        application=more,
        occupation=f.occupation(),
        job_type=f.job_type("普通车床"),
        levels="43",
        standard=f.standard(),
    )
    more = _assign(authority, more)
    assert services.number_of(more) == "Y000041019001" and more.filing_number is None
    services.filing_publish(actor=authority, application=more, filed_on=date(2026, 6, 1))
    institution = Institution.objects.get(pk=first.institution_id)
    assert institution.filed_on == date(2026, 1, 5)  # the first filing's date stays
    assert institution.scope_rows.count() == 3
    doc = Document(io.BytesIO(documents.receipt_docx(more, on=date(2026, 6, 1))))
    assert "增量备案" in "\n".join(p.text for p in doc.paragraphs)


def test_level_04_a_specification_reviewed_by_fewer_than_5_experts_is_not_published(authority):
    from skillcert.catalog.models import Standard

    spec = Standard.objects.create(
        occupation=f.occupation(),
        kind=Standard.SPECIFICATION,
        title="车工评价规范",
        levels="54321",
        expert_count=4,
    )
    application = _assign(authority, application_at(applicant(), R))
    FilingScopeItem.objects.filter(application=application).update(standard=spec)
    with pytest.raises(DomainError) as exc:
        services.filing_publish(actor=authority, application=application, filed_on=date.today())
    assert exc.value.rule == "LEVEL-04" and exc.value.code == "scope_spec_experts"
    assert FilingApplication.objects.get(pk=application.pk).state == R
