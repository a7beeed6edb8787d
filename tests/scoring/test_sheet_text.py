"""Issue 16 item 13: a candidate's name is text in scores.xlsx, never a formula."""

from skillcert.people.models import Person
from skillcert.scoring.sheets import score_sheet_xlsx
from tests.xlsx_text import EVIL, assert_written_as_text


def test_score_sheet_writes_a_formula_like_name_as_text(sitting, enrol):
    reg = enrol(sitting, 1)[0]
    Person.objects.filter(pk=reg.person_id).update(name=EVIL)
    assert_written_as_text(score_sheet_xlsx(sitting), EVIL)
