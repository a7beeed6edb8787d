"""Issue 16 item 3 (SCORE-03): where a panel scores a sitting's practical, only the summary its
leader signed writes it. The score sheet form, the sheet import and the API refuse a typed
practical (with no signature, or over a signed one), and certificate issuing refuses a
practical that is not the signed one."""

import io
import json
from decimal import Decimal

import openpyxl
import pytest

from skillcert.certificates import services as certs
from skillcert.certificates.models import Certificate
from skillcert.core.errors import DomainError
from skillcert.institutions import services as inst
from skillcert.institutions.models import Membership
from skillcert.panels import services as ps
from skillcert.scoring.models import Result
from skillcert.scoring.services import ScoreInput, results_set
from tests.panels import helpers as h

SIGNED = Decimal("86.0")  # h.score_everything: 54/60 × 60 + 8/10 × 40


@pytest.fixture
def s(sitting, enrol):
    return h.build(sitting, enrol)


def sign_summary(s):
    ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    ps.summary_sign(actor=s.users[0], panel=s.panel, password=h.PASSWORD)


@pytest.fixture
def signed(s):
    """Every member scored and signed, the checker checked, the leader signed: 86.0 each."""
    h.score_everything(s)
    sign_summary(s)
    return s


@pytest.fixture
def examiner_client(client, s):
    """An examiner of the panel, on the plan and a member of the institution: even they
    may not type the panel's practical."""
    user = s.users[1]
    inst.membership_add(institution=s.panel.institution, user=user, role=Membership.EXAMINER)
    client.force_login(user)
    return client


def base(s) -> str:
    return f"/i/{s.panel.institution_id}/sittings/{s.panel.sitting_id}/scores/"


def practical_of(reg):
    res = Result.objects.filter(registration=reg).first()
    return res.practical_score if res else None


def test_item3_score_03_service_refuses_a_practical_with_no_panel_signature(s):
    """No member signed anything yet: a typed practical is refused, nothing is written."""
    a = s.regs[0]
    with pytest.raises(DomainError) as err:
        results_set(actor=None, sitting=s.panel.sitting, items=[ScoreInput(a.pk, None, 90)])
    assert err.value.rule == "SCORE-03" and err.value.code == "score_panel"
    assert not Result.objects.filter(registration=a).exists()


def test_item3_score_03_form_refuses_to_overwrite_the_signed_practical(signed, examiner_client):
    a = signed.regs[0]
    assert practical_of(a) == SIGNED
    resp = examiner_client.post(
        base(signed), {f"theory_{a.pk}": "70", f"practical_{a.pk}": "99"}, follow=True
    )
    text = resp.content.decode()
    assert "考评组" in text and "SCORE-03" in text
    res = Result.objects.get(registration=a)
    assert res.practical_score == SIGNED and res.theory_score is None  # all or nothing


def test_item3_score_03_form_still_saves_theory_beside_the_signed_practical(
    signed, examiner_client
):
    """The sheet shows the signed practical; saving it back unchanged with a theory score
    is no practical write."""
    a, b = signed.regs
    resp = examiner_client.post(
        base(signed),
        {
            f"theory_{a.pk}": "70",
            f"practical_{a.pk}": str(SIGNED),
            f"theory_{b.pk}": "",
            f"practical_{b.pk}": str(SIGNED),
        },
    )
    assert resp.status_code == 302
    res = Result.objects.get(registration=a)
    assert res.theory_score == Decimal("70.0") and res.practical_score == SIGNED


def test_item3_score_03_sheet_import_refuses_the_practical(signed, examiner_client):
    a = signed.regs[0]
    book = openpyxl.load_workbook(
        io.BytesIO(examiner_client.get(base(signed)[:-1] + ".xlsx").content)
    )
    ws = book.active
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == a.pk)
    ws.cell(row, 4).value, ws.cell(row, 5).value = 70, 99
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "scores.xlsx"
    resp = examiner_client.post(base(signed) + "upload/", {"file": out}, follow=True)
    assert "SCORE-03" in resp.content.decode()
    res = Result.objects.get(registration=a)
    assert res.practical_score == SIGNED and res.theory_score is None


def test_item3_score_03_api_put_refuses_the_practical(signed, examiner_client):
    a = signed.regs[0]
    url = f"/api/institutions/{a.institution_id}/sittings/{a.sitting_id}/results"
    body = {"results": [{"registration_id": a.pk, "theory_score": 70, "practical_score": 99}]}
    resp = examiner_client.put(url, json.dumps(body), content_type="application/json")
    assert resp.status_code == 400
    detail = resp.json()["detail"]
    assert detail["code"] == "score_panel" and detail["rule"] == "SCORE-03"
    assert practical_of(a) == SIGNED


def test_item3_score_03_absent_from_the_summary_is_not_typed_over(s):
    """A candidate the panel recorded absent stays 缺考; typing a score is refused."""
    a, b = s.regs
    ps.absence_mark(actor=s.users[0], panel=s.panel, work_number=s.work(b), basis="no_show")
    for i in range(3):  # 54/60 × 60 + 8/10 × 40 = 86 for the one present
        h.enter(s, i, s.modules[0], {a: (36, 18)})
        h.enter(s, i, s.modules[1], {a: (8,)})
    for m in s.modules:
        h.sign_all(s, m)
    sign_summary(s)
    assert Result.objects.get(registration=b).practical_absent
    with pytest.raises(DomainError) as err:
        results_set(actor=None, sitting=s.panel.sitting, items=[ScoreInput(b.pk, None, 75)])
    assert err.value.rule == "SCORE-03"


def _register(s):
    register = certs.issue_register_create(actor=None, sitting=s.panel.sitting)
    return certs.issue_register_review(actor=None, register=register)


def test_item3_score_03_certificate_refuses_a_practical_not_from_the_signed_summary(signed):
    a, b = signed.regs
    results_set(
        actor=None,
        sitting=signed.panel.sitting,
        items=[ScoreInput(r.pk, Decimal(80), SIGNED) for r in (a, b)],
    )
    # A practical typed before this fix (or written around the service) stays in the data.
    Result.objects.filter(registration=a).update(practical_score=Decimal("95.0"))
    register = _register(signed)
    with pytest.raises(DomainError) as err:
        certs.issue_register_issue(actor=None, register=register)
    assert err.value.rule == "SCORE-03" and a.person.name in err.value.message
    assert not Certificate.objects.exists()
    Result.objects.filter(registration=a).update(practical_score=SIGNED)
    assert len(certs.issue_register_issue(actor=None, register=register)) == 2
