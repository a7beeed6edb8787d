"""Issue 16 item 6: a roster row as people type it is accepted and stored normalised."""

from skillcert.people.models import Person
from skillcert.plans.models import Registration
from skillcert.plans.roster import services as roster
from tests.core.test_normalize import full_width, id_with_x

from .conftest import row, upload, xlsx_bytes


def test_full_width_id_spaces_lower_x_and_a_float_phone_are_accepted(sitting, staff):
    """Issue 16 item 6 (PEOPLE-01): full-width ID digits, trailing spaces, a lower-case x and
    a phone Excel stored as 13800138000.0 (text, and a float cell) import as typed."""
    first = id_with_x()
    typed = full_width(first[:-1]) + "x  "
    rows = [row("张三\u3000 ", typed, phone="13800138000.0")]
    data = xlsx_bytes(rows)
    imp = roster.roster_import_create(actor=staff, sitting=sitting, uploaded_file=upload(data))
    assert (imp.ok_rows, imp.errors) == (1, [])
    person = Person.objects.get()
    assert (person.name, person.id_number, person.phone) == ("张三", first, "13800138000")
    assert Registration.objects.get().person == person


def test_a_phone_in_a_number_cell_is_accepted(sitting, staff):
    cells = row("李四", phone="")
    cells[3] = 13800138000.0  # Excel's float: written as a number cell
    imp = roster.roster_import_create(
        actor=staff, sitting=sitting, uploaded_file=upload(xlsx_bytes([cells]))
    )
    assert (imp.ok_rows, imp.errors) == (1, [])
    assert Person.objects.get().phone == "13800138000"
