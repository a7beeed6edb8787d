"""Issue 10 item 4: selectors and guards raise core.errors NotFound/Forbidden, not Django's
HTTP exceptions; they are those exceptions too, so pages answer them 404/403 and the API
with the one body (core.api_errors); a form never turns them into a message."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from ninja.errors import HttpError

from skillcert.core.errors import DomainError, Forbidden, NotFound
from skillcert.core.web import bind, form_submit
from skillcert.institutions.guards import MANAGE_REFUSED, institution_api, institution_guard
from skillcert.institutions.models import Membership
from tests import factories as f


def test_refusals_are_what_every_edge_already_answers():
    # pages (Django), django-ninja and a router's TestClient answer Http404/PermissionDenied
    assert issubclass(NotFound, Http404) and issubclass(Forbidden, PermissionDenied)
    # an `except DomainError` around a form must never swallow a 404
    assert not issubclass(NotFound, DomainError) and not issubclass(Forbidden, DomainError)
    assert NotFound().message == "未找到" and NotFound("未找到该批次").message == "未找到该批次"


@pytest.mark.django_db
def test_the_guard_404s_outsiders_and_403s_readers(institution, outsider):
    with pytest.raises(NotFound):
        institution_guard(outsider, institution.pk)
    with pytest.raises(NotFound):
        institution_guard(outsider, "not-a-number")
    reader = f.member(institution, role=Membership.SUPERVISOR)
    assert institution_guard(reader, institution.pk) == institution
    with pytest.raises(Forbidden) as refused:
        institution_guard(reader, institution.pk, manage=True)
    assert refused.value.message == MANAGE_REFUSED
    with pytest.raises(Forbidden):
        institution_guard(reader, institution.pk, score=True)
    examiner = f.member(institution, role=Membership.EXAMINER)
    assert institution_guard(examiner, institution.pk, score=True) == institution


@pytest.mark.django_db
def test_the_api_flavour_raises_the_apis_error(rf, institution, outsider):
    request = rf.post("/")
    request.user = outsider
    with pytest.raises(HttpError) as refused:
        institution_api(request, institution.pk)
    assert refused.value.status_code == 404
    request.user = f.member(institution, role=Membership.SUPERVISOR)
    with pytest.raises(HttpError) as refused:
        institution_api(request, institution.pk, manage=True)
    assert refused.value.status_code == 403 and str(refused.value) == MANAGE_REFUSED


def _form_class():
    from django import forms

    class NameForm(forms.Form):
        name = forms.CharField(max_length=10)

    return NameForm


def _post(data):
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = RequestFactory().post("/", data)
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_form_submit_redirects_with_a_message_on_success():
    request = _post({"name": "张三"})
    form = bind(request, _form_class())
    done = form_submit(
        request, form, lambda d: d["name"], success=lambda r: f"已保存{r}", then="/x/"
    )
    assert done.status_code == 302 and done["Location"] == "/x/"
    assert [m.message for m in request._messages] == ["已保存张三"]


def test_form_submit_turns_a_broken_rule_into_a_field_error():
    request = _post({"name": "张三"})
    form = bind(request, _form_class())

    def action(d):
        raise DomainError("name_taken", "该姓名已存在", field="name")

    assert form_submit(request, form, action, success="已保存", then="/x/") is None
    assert form.errors["name"] == ["该姓名已存在"]


def test_form_submit_does_nothing_on_a_get_or_an_invalid_form():
    form = bind(RequestFactory().get("/"), _form_class())
    assert not form.is_bound
    assert form_submit(RequestFactory().get("/"), form, None, success="", then="/") is None
    request = _post({"name": ""})
    assert form_submit(request, bind(request, _form_class()), None, success="", then="/") is None


def test_form_submit_lets_a_refusal_through():
    request = _post({"name": "张三"})

    def action(d):
        raise NotFound()

    with pytest.raises(NotFound):
        form_submit(request, bind(request, _form_class()), action, success="", then="/")
