"""The filing application's services: registration, draft, checklist, scope rules, attachments,
commitment, submission and the authority's preliminary review and confirmation."""

from datetime import date

import pytest
from django.test import override_settings

from skillcert.catalog.models import Occupation, Standard
from skillcert.core import crypto
from skillcert.core.audit import AuditEntry
from skillcert.core.errors import DomainError
from skillcert.filings import services as fs
from skillcert.filings.models import FilingApplication as A
from skillcert.filings.models import FilingAttachment, FilingScopeItem, FilingStep
from skillcert.filings.selectors import authority_applications, missing_items
from skillcert.institutions import services as inst
from skillcert.institutions.models import Institution, Membership, ScopeRow
from skillcert.itembank.models import Item
from tests import factories as f
from tests.filings.helpers import PDF, complete, png, register, submitted

pytestmark = pytest.mark.django_db
CHILDCARE = "4-10-01-03"


def _draft(n=1, **kwargs):
    user, institution = register(n, **kwargs)
    return user, fs.application_open(actor=user, institution=institution, kind=A.INITIAL)


# --- INST-01 registration ---------------------------------------------------------------------


def test_inst_01_registration_creates_the_record_and_its_director():
    user, institution = register(1)
    assert institution.kind == Institution.COLLEGE and institution.legal_rep == "张法人"
    assert Membership.objects.get(user=user).role == Membership.DIRECTOR
    assert AuditEntry.objects.filter(action="institution.register").count() == 1


def test_inst_01_credit_code_checked_and_never_taken_over():
    with pytest.raises(DomainError) as exc:
        fs.institution_register(
            username="x1",
            password="pw-Secret-123",
            kind="college",
            name="甲",
            credit_code="91410100MA00000000",
            region_code="410102",
            legal_rep="a",
            contact_person="b",
            phone="1",
        )
    assert exc.value.field == "credit_code"
    register(1)
    with pytest.raises(DomainError) as exc:
        register(1, username="intruder")
    assert exc.value.code == "credit_duplicate" and "不能重复注册" in exc.value.message
    assert not Membership.objects.filter(user__username="intruder").exists()
    assert not get_user("intruder")


def get_user(name):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=name).exists()


def test_inst_01_registration_needs_the_form_fields():
    with pytest.raises(DomainError) as exc:
        fs.institution_register(
            username="x2",
            password="pw-Secret-123",
            kind="college",
            name="乙",
            credit_code=f.credit_code(9),
            region_code="410102",
            legal_rep="",
            contact_person="b",
            phone="1",
        )
    assert exc.value.field == "legal_rep" and exc.value.rule == "INST-01"
    assert not Institution.objects.exists()


# --- sections and checklist -------------------------------------------------------------------


def test_inst_02_section_rows_are_checked_naming_row_and_column():
    user, app = _draft()
    with pytest.raises(DomainError) as exc:
        fs.application_save(
            actor=user,
            application=app,
            sections={
                "rules": [
                    {"name": "规则", "made_on": "2026-01-01", "doc_number": "1号"},
                    {"name": "考场规则", "made_on": "明天", "doc_number": "2号"},
                ]
            },
        )
    assert exc.value.field == "rules.2.made_on"
    assert "第2行" in exc.value.message and "制定时间" in exc.value.message
    with pytest.raises(DomainError) as exc:
        fs.application_save(
            actor=user,
            application=app,
            sections={
                "experts": [
                    {
                        "name": "王",
                        "id_number": "123",
                        "title": "t",
                        "education": "e",
                        "major": "m",
                        "own_staff": "是",
                    }
                ]
            },
        )
    assert exc.value.field == "experts.1.id_number"
    assert A.objects.get().sections == {}


def test_id_numbers_in_sections_are_sealed_and_masked():
    user, app = _draft()
    number = f.resident_id(seq=5)
    row = {"name": "王五", "id_number": number, "title": "t", "education": "e", "duty": "d"}
    fs.application_save(actor=user, application=app, sections={"staff": [row]})
    stored = A.objects.get().sections["staff"][0]
    assert number not in str(stored)
    assert crypto.decrypt(stored["id_sealed"]) == number
    # sent back with the masked number (as a page shows it), the number is kept
    fs.application_save(
        actor=user, application=app, sections={"staff": [{**row, "id_number": stored["id_masked"]}]}
    )
    assert A.objects.get().sections["staff"][0]["id_sealed"] == stored["id_sealed"]


def test_inst_02_checklist_lists_what_is_missing_and_submit_refuses():
    user, app = _draft()
    missing = {m.section for m in missing_items(app)}
    assert {"scope", "rules", "examiners", "attachments", "commitment", "school_type"} <= missing
    with pytest.raises(DomainError) as exc:
        fs.application_submit(actor=user, application=app)
    assert exc.value.code == "filing_incomplete"
    assert A.objects.get().state == A.DRAFT
    app = complete(app, user)
    assert missing_items(app) == []
    app = fs.application_submit(actor=user, application=app)
    assert app.state == A.SUBMITTED


# --- INST-15 commitment -----------------------------------------------------------------------


def test_inst_15_commitment_is_the_legal_representatives_and_needed_before_submit():
    user, app = _draft()
    app = complete(app, user)
    A.objects.filter(pk=app.pk).update(commitment_signed_by="")
    with pytest.raises(DomainError) as exc:
        fs.application_submit(actor=user, application=app)
    assert exc.value.rule == "INST-15"
    with pytest.raises(DomainError) as exc:
        fs.commitment_sign(actor=user, application=app, signed_by="别人")
    assert exc.value.rule == "INST-15" and exc.value.field == "signed_by"
    fs.commitment_sign(actor=user, application=app, signed_by="张法人")
    assert fs.application_submit(actor=user, application=app).state == A.SUBMITTED


# --- attachments ------------------------------------------------------------------------------


def test_inst_02_attachments_checked_by_content_sealed_and_read_back():
    user, app = _draft()
    kind = FilingAttachment.LETTER
    for bad, code in (
        (b"hello", "attachment_type"),
        (b"%PDF-1.4 no end", "attachment_pdf"),
        (b"", "attachment_empty"),
    ):
        with pytest.raises(DomainError) as exc:
            fs.attachment_add(actor=user, application=app, kind=kind, name="x.pdf", data=bad)
        assert exc.value.code == code and exc.value.field == "file"
    with override_settings(SKILLCERT_RULES={"filing_attachment_max_mb": 0}):
        with pytest.raises(DomainError) as exc:
            fs.attachment_add(actor=user, application=app, kind=kind, name="x.pdf", data=PDF)
        assert exc.value.code == "attachment_size"
    a = fs.attachment_add(actor=user, application=app, kind=kind, name="函.pdf", data=PDF)
    b = fs.attachment_add(
        actor=user, application=app, kind=FilingAttachment.EVIDENCE, name="p.png", data=png()
    )
    assert (a.content_type, b.content_type) == ("application/pdf", "image/png")
    with a.file.open("rb") as fh:
        assert crypto.is_sealed(fh.read())
    assert fs.attachment_bytes(a) == PDF
    fs.attachment_remove(actor=user, attachment=b)
    assert FilingAttachment.objects.count() == 1


# --- scope rules ------------------------------------------------------------------------------


def test_cat_02_a_category_or_a_foreign_job_type_is_refused():
    user, app = _draft()
    category = Occupation.objects.filter(rank=3).first()
    with pytest.raises(DomainError) as exc:
        fs.scope_item_add(
            actor=user, application=app, occupation=category, levels="5", standard=f.standard()
        )
    assert exc.value.rule == "CAT-02"
    with pytest.raises(DomainError) as exc:
        fs.scope_item_add(
            actor=user,
            application=app,
            occupation=f.occupation(CHILDCARE),
            job_type=f.job_type("数控车床"),
            levels="5",
            standard=f.standard(CHILDCARE),
        )
    assert exc.value.rule == "CAT-02" and exc.value.field == "job_type"


def test_cat_03_level_02_a_licensing_occupation_is_not_filed_and_special_has_no_levels():
    user, app = _draft()
    std = f.standard(CHILDCARE)
    Occupation.objects.filter(code=CHILDCARE).update(kind=Occupation.LICENSING)
    with pytest.raises(DomainError) as exc:
        fs.scope_item_add(
            actor=user,
            application=app,
            occupation=f.occupation(CHILDCARE),
            levels="5",
            standard=std,
        )
    assert exc.value.rule == "CAT-03"
    with pytest.raises(DomainError) as exc:
        fs.scope_item_add(
            actor=user,
            application=app,
            occupation=f.occupation(),
            levels="5",
            evaluation=FilingScopeItem.SPECIAL,
            standard=f.standard(),
        )
    assert exc.value.rule == "LEVEL-02" and exc.value.field == "levels"
    item = fs.scope_item_add(
        actor=user,
        application=app,
        occupation=f.occupation(),
        evaluation=FilingScopeItem.SPECIAL,
        standard=f.standard(),
    )
    assert item.levels == ""


def test_level_03_only_an_employer_subdivides_and_adds_titles_above_level_1():
    user, app = _draft()
    with pytest.raises(DomainError) as exc:
        fs.scope_item_add(
            actor=user,
            application=app,
            occupation=f.occupation(),
            levels="21",
            standard=f.standard(),
            top_titles="首席技师",
        )
    assert exc.value.rule == "LEVEL-03"
    user2, app2 = _draft(2, kind=Institution.EMPLOYER)
    with pytest.raises(DomainError) as exc:
        fs.scope_item_add(
            actor=user2,
            application=app2,
            occupation=f.occupation(),
            levels="32",
            standard=f.standard(),
            top_titles="特级技师",
        )
    assert exc.value.rule == "LEVEL-03" and "一级" in exc.value.message
    item = fs.scope_item_add(
        actor=user2,
        application=app2,
        occupation=f.occupation(),
        levels="21",
        standard=f.standard(),
        top_titles="特级技师、首席技师",
        sub_levels="二级分为二级甲、二级乙",
    )
    assert item.top_titles == "特级技师、首席技师"


def test_level_04_national_standard_or_a_specification_reviewed_by_5_experts():
    user, app = _draft()
    occ = f.occupation()
    with pytest.raises(DomainError) as exc:
        fs.scope_item_add(actor=user, application=app, occupation=occ, levels="5", standard=None)
    assert exc.value.rule == "LEVEL-04"
    spec = Standard.objects.create(
        occupation=occ,
        kind=Standard.SPECIFICATION,
        title="车工评价规范",
        levels="54321",
        expert_count=4,
    )
    with pytest.raises(DomainError) as exc:
        fs.scope_item_add(actor=user, application=app, occupation=occ, levels="5", standard=spec)
    assert exc.value.rule == "LEVEL-04"
    Standard.objects.filter(pk=spec.pk).update(expert_count=5)
    spec.refresh_from_db()
    fs.scope_item_add(actor=user, application=app, occupation=occ, levels="5", standard=spec)
    # an own specification needs its signed copy among the attachments
    app = complete(app, user)
    assert [m.rule for m in missing_items(app)] == ["LEVEL-04"]
    fs.attachment_add(
        actor=user, application=app, kind=FilingAttachment.SPECIFICATION, name="s.pdf", data=PDF
    )
    assert missing_items(app) == []


def test_scope_rules_checked_again_at_submit():
    user, app = _draft()
    app = complete(app, user)
    Occupation.objects.filter(code="6-18-01-01").update(kind=Occupation.LICENSING)
    with pytest.raises(DomainError) as exc:
        fs.application_submit(actor=user, application=app)
    assert exc.value.rule == "CAT-03"
    assert A.objects.get().state == A.DRAFT


def test_scope_row_add_and_filing_share_one_check():
    """The filed scope (institutions) and the application use institutions.scope_check."""
    institution = f.filed_institution()
    with pytest.raises(DomainError) as exc:
        inst.scope_check(
            occupation=f.occupation(), job_type=None, levels="9", standard=f.standard()
        )
    assert exc.value.rule == "LEVEL-01"
    assert ScopeRow.objects.filter(institution=institution).count() == 3


# --- incremental filing -----------------------------------------------------------------------


def _incremental(institution, user, occupation_code=CHILDCARE, **item):
    app = fs.application_open(actor=user, institution=institution, kind=A.INCREMENTAL)
    fs.scope_item_add(
        actor=user,
        application=app,
        occupation=f.occupation(occupation_code),
        levels="5",
        standard=f.standard(occupation_code),
        **item,
    )
    return complete(app, user, occupation_code=occupation_code)


def _bank_item(institution):
    """One item of 保育师 in the institution's bank (INST-05: items for the new occupation)."""
    Item.objects.create(
        institution=institution,
        occupation=f.occupation(CHILDCARE),
        level=5,
        kind="single",
        stem="题",
        answer=["A"],
        knowledge_point="k",
        source="own",
        author="甲",
    )


def _filed(kind=Institution.COLLEGE, region="410102"):
    institution = f.filed_institution(region=region)
    Institution.objects.filter(pk=institution.pk).update(
        kind=kind,
        nature="public",
        supervising_dept="省教育厅",
        legal_rep="张法人",
        contact_person="李",
        phone="1",
        address="郑州",
    )
    institution.refresh_from_db()
    return institution, f.member(institution, role=Membership.DIRECTOR)


def test_inst_05_incremental_needs_two_thirds_run_and_resources_for_the_new_one():
    institution, user = _filed()
    app = _incremental(institution, user)
    with pytest.raises(DomainError) as exc:  # 车工 filed, no sitting held yet: 0/1
        fs.application_submit(actor=user, application=app)
    assert exc.value.rule == "INST-05" and exc.value.code == "incremental_ran"
    f.sitting(institution, theory_on=date(2025, 6, 1))
    with pytest.raises(DomainError) as exc:  # no items for 保育师 yet
        fs.application_submit(actor=user, application=app)
    assert exc.value.rule == "INST-05" and "题库" in exc.value.message
    _bank_item(institution)
    assert fs.application_submit(actor=user, application=app).state == A.SUBMITTED


def test_inst_05_an_incremental_filing_is_for_a_filed_institution_only():
    user, institution = register(1)
    with pytest.raises(DomainError) as exc:
        fs.application_open(actor=user, institution=institution, kind=A.INCREMENTAL)
    assert exc.value.rule == "INST-05"


def test_inst_06_a_saturated_occupation_is_not_added_in_the_region():
    others = [f.filed_institution(region="410105") for _ in range(2)]
    for other in others:
        inst.scope_row_add(
            actor=None,
            institution=other,
            occupation=f.occupation(CHILDCARE),
            job_type=None,
            levels="5",
            standard=f.standard(CHILDCARE),
        )
    institution, user = _filed()
    f.sitting(institution)
    _bank_item(institution)
    app = _incremental(institution, user)
    with pytest.raises(DomainError) as exc:  # 2 of the 3 filed institutions of 4101 cover it
        fs.application_submit(actor=user, application=app)
    assert exc.value.rule == "INST-06" and "2/3" in exc.value.message
    with override_settings(SKILLCERT_RULES={"region_saturation_share": "3/4"}):
        assert fs.application_submit(actor=user, application=app).state == A.SUBMITTED


def test_inst_07_a_social_organisation_files_five_and_then_only_swaps():
    institution, user = _filed(kind=Institution.SOCIAL)
    codes = list(
        Standard.objects.filter(kind=Standard.NATIONAL).values_list("occupation__code", flat=True)
    )
    extra = [
        o
        for o in Occupation.objects.filter(rank=4, kind=Occupation.LEVEL_EVALUATION).exclude(
            code__in=["6-18-01-01", CHILDCARE, *codes]
        )[:5]
    ]
    for occ in extra[:4]:  # 车工 + 4 = 5 filed occupations
        std = Standard.objects.create(occupation=occ, title=f"{occ.name}标准", levels="54321")
        inst.scope_row_add(
            actor=None,
            institution=institution,
            occupation=occ,
            job_type=None,
            levels="5",
            standard=std,
        )
    app = fs.application_open(actor=user, institution=institution, kind=A.INCREMENTAL)
    fs.scope_item_add(
        actor=user,
        application=app,
        occupation=f.occupation(CHILDCARE),
        levels="5",
        standard=f.standard(CHILDCARE),
    )
    app = complete(app, user, occupation_code=CHILDCARE)
    with pytest.raises(DomainError) as exc:
        fs.application_submit(actor=user, application=app)
    assert exc.value.rule == "INST-07"
    item = app.scope_items.get()
    item.swap_out = ScopeRow.objects.filter(institution=institution, occupation=extra[0]).get()
    item.save()
    with pytest.raises(DomainError) as exc:  # past the cap, the next refusal is INST-05's
        fs.application_submit(actor=user, application=app)
    assert exc.value.rule != "INST-07"


# --- the authority's steps --------------------------------------------------------------------


def test_inst_02_preliminary_review_returns_with_reasons_and_resubmission_passes():
    user, app = submitted(1)
    assert app.receiving_department == "人力资源社会保障部门"
    authority = f.authority_user("410100")
    assert list(authority_applications(authority)) == [app]
    assert authority_applications(f.authority_user("420000")).count() == 0
    assert authority_applications(user) is None
    with pytest.raises(DomainError):
        fs.authority_decide(
            actor=authority, application=app, step=A.SUBMITTED, decision=FilingStep.RETURN
        )
    fs.authority_decide(
        actor=authority,
        application=app,
        step=A.SUBMITTED,
        decision=FilingStep.RETURN,
        reasons="工作方案不全",
    )
    app.refresh_from_db()
    assert app.state == A.RETURNED and app.editable
    fs.attachment_add(
        actor=user, application=app, kind=FilingAttachment.WORK_PLAN, name="新方案.pdf", data=PDF
    )
    fs.application_submit(actor=user, application=app)
    with pytest.raises(DomainError) as exc:  # stale page: the confirmation step is not open
        fs.authority_decide(
            actor=authority, application=app, step=A.CONFIRMATION, decision=FilingStep.PASS
        )
    assert exc.value.code == "filing_state_changed"
    fs.authority_decide(
        actor=authority, application=app, step=A.SUBMITTED, decision=FilingStep.PASS
    )
    app.refresh_from_db()
    assert app.state == A.EVALUATION
    assert [s.decision for s in app.steps.all()] == ["submit", "return", "submit", "pass"]


def test_inst_02_a_vocational_college_goes_to_the_education_department():
    user, app = _draft()
    fs.application_save(actor=user, application=app, school_type=A.VOCATIONAL)
    assert A.objects.get().receiving_department == "教育部门"


def test_inst_02_confirmation_passes_to_the_receipt_step():
    user, app = submitted(1)
    authority = f.authority_user("410100")
    fs.authority_decide(
        actor=authority, application=app, step=A.SUBMITTED, decision=FilingStep.PASS
    )
    A.objects.filter(pk=app.pk).update(state=A.CONFIRMATION)  # part B's evaluation passed
    fs.authority_decide(
        actor=authority, application=app, step=A.CONFIRMATION, decision=FilingStep.PASS
    )
    assert A.objects.get().state == A.RECEIPT


def test_a_submitted_application_is_locked():
    user, app = submitted(1)
    with pytest.raises(DomainError) as exc:
        fs.application_save(actor=user, application=app, texts={})
    assert exc.value.code == "filing_locked"


def test_inst_01_the_record_is_completed_before_filing_and_then_changes_by_application():
    user, app = _draft()
    fs.application_save(
        actor=user, application=app, identity={"address": "郑州市新地址", "email": "a@b.cn"}
    )
    assert Institution.objects.get().address == "郑州市新地址"
    with pytest.raises(DomainError) as exc:
        fs.application_save(actor=user, application=app, identity={"email": "不是邮箱"})
    assert exc.value.field == "email"
    with pytest.raises(DomainError):
        fs.application_save(actor=user, application=app, identity={"credit_code": "x"})
    institution, director = _filed()
    incremental = fs.application_open(actor=director, institution=institution, kind=A.INCREMENTAL)
    with pytest.raises(DomainError) as exc:
        fs.application_save(actor=director, application=incremental, identity={"legal_rep": "新人"})
    assert exc.value.rule == "INST-08"
    assert Institution.objects.get(pk=institution.pk).legal_rep == "张法人"
