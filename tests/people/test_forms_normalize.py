"""Issue 16 item 6: the people registers' forms take names and IDs as people type them."""

from skillcert.people.forms import PersonForm
from tests.core.test_normalize import full_width, id_with_x


def test_person_form_normalises_name_and_id_number():
    number = id_with_x()
    typed = {"name": "王五 ", "id_type": "resident", "id_number": full_width(number[:-1]) + "x"}
    form = PersonForm(typed)
    assert form.is_valid(), form.errors
    assert form.person_values() == {"name": "王五", "id_type": "resident", "id_number": number}
