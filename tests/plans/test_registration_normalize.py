"""Issue 16 item 6: the sign-up form takes input as people type it and stores it normalised."""

import pytest

from skillcert.people.models import Person
from skillcert.plans.registration.forms import ApplyForm, SignUpForm
from tests.core.test_normalize import full_width, id_with_x

pytestmark = pytest.mark.django_db


def test_signup_accepts_full_width_id_spaces_lower_x_and_a_float_phone(client):
    """Issue 16 item 6 (PEOPLE-01): stored as 张三 / the ASCII ID with X / 13800138000."""
    number = id_with_x()
    r = client.post(
        "/register/",
        {
            "name": " 张三\u3000",
            "id_type": "resident",
            "id_number": f" {full_width(number[:-1])}x ",
            "phone": "13800138000.0",
            "username": "zhangsan",
            "password": "pw-Secret-123",
            "password2": "pw-Secret-123",
        },
    )
    assert r.status_code == 302
    person = Person.objects.get()
    assert (person.name, person.id_number, person.phone) == ("张三", number, "13800138000")


def test_apply_form_phone_as_excel_wrote_it():
    form = ApplyForm({"phone": "１３８００１３８０００.0"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "13800138000"
    assert not SignUpForm({"phone": "1380013800"}).is_valid()


def test_sign_up_service_normalises_a_phone_from_the_api():
    """Issue 16 item 6: callers other than the form (the API) get the same phone."""
    from skillcert.plans.registration.signup import candidate_sign_up

    number = id_with_x()
    candidate_sign_up(
        username="lisi",
        password="pw-Secret-123",
        name="李四",
        id_type="resident",
        id_number=number.lower(),
        phone="13800138000.0",
    )
    assert Person.objects.get().phone == "13800138000"
