"""Issue 16 item 13: door lists and sign-in sheets write formula-like text as text."""

from skillcert.arrangement import documents
from skillcert.arrangement.services import seating_arrange
from skillcert.people.models import Person
from skillcert.plans.models import Sitting
from tests.xlsx_text import EVIL, EVILS, assert_written_as_text

from .helpers import theory_rooms, venue


def test_door_list_and_sign_in_sheet_write_formula_like_text_as_text(institution, sitting, enrol):
    regs = enrol(sitting, 4)
    for reg, name in zip(regs, EVILS, strict=True):
        Person.objects.filter(pk=reg.person_id).update(name=name)
    Sitting.objects.filter(pk=sitting.pk).update(name=EVIL)
    place = venue(institution, name="=1+1")
    arranged = seating_arrange(actor=None, sitting=sitting, rooms=theory_rooms(place, 1), seed=1)
    arranged.sitting.refresh_from_db()
    for kind in (documents.DOOR, documents.SIGN_IN):
        data = documents.render_list_xlsx(arranged, kind)
        assert_written_as_text(data, *EVILS)
