"""core.web: file names with Chinese characters reach the browser as a proper RFC 6266 header
(attachment, UTF-8 name), not an RFC 2047-encoded header; form_submit's messages and errors."""

from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from skillcert.core.errors import DomainError
from skillcert.core.web import download, form_submit


def test_download_with_a_chinese_name_is_an_attachment_with_the_utf8_name():
    r = download(b"%PDF", "application/pdf", "试卷12.pdf")
    header = r["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''")
    assert "%E8%AF%95%E5%8D%B712.pdf" in header and "=?utf-8?" not in header


def test_inline_download_and_an_ascii_name():
    r = download(b"%PDF", "application/pdf", "41000012026400001.pdf", inline=True)
    assert r["Content-Disposition"] == 'inline; filename="41000012026400001.pdf"'


class _NameForm(forms.Form):
    name = forms.CharField()
    experts = forms.CharField(required=False)


def _post(data):
    request = RequestFactory().post("/", data)
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _texts(request):
    return [(m.level_tag, m.message) for m in request._messages]


def test_form_submit_messages_success_then_warning_and_none_when_empty():
    request = _post({"name": "张三"})
    done = form_submit(
        request,
        _NameForm(request.POST),
        lambda d: d["name"],
        success=lambda name: f"已添加{name}",
        warning=lambda name: name == "张三" and "重名",
        then="/next/",
    )
    assert done.status_code == 302 and done["Location"] == "/next/"
    assert _texts(request) == [("success", "已添加张三"), ("warning", "重名")]
    request = _post({"name": "李四"})
    form_submit(request, _NameForm(request.POST), lambda d: d, then="/next/")
    assert _texts(request) == []


def test_form_submit_puts_a_broken_rule_on_its_field_with_the_rule_when_asked():
    def refuse(field, rule=""):
        def act(_):
            raise DomainError("bad", "不可以", field=field, rule=rule)

        return act

    request = _post({"name": "张三"})
    form = _NameForm(request.POST)
    assert form_submit(request, form, refuse("experts.2.id_number"), then="/") is None
    assert form.errors == {"experts": ["不可以"]}  # a dotted path on its first part
    form = _NameForm(request.POST)
    form_submit(request, form, refuse("nothing", "PEOPLE-05"), then="/", show_rule=True)
    assert form.non_field_errors() == ["不可以（PEOPLE-05）"] and _texts(request) == []
