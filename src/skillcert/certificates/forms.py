"""Forms of the certificates pages (CERT-05..08): they read what was typed; the services
judge it. A field that cannot be read is a DomainError naming it (`form_data`), shown as a
message on the page the view goes back to, as every broken rule there is."""

from datetime import date

from django import forms

from skillcert.core.errors import DomainError

from . import selectors
from .stock import selectors as stock_selectors

INT_MAX = 2**31 - 1


class _Typed(forms.Field):
    """A value as typed (spaces trimmed); empty is None when not required, else unreadable."""

    def __init__(self, label: str, *, required: bool = True):
        super().__init__(label=label, required=False)
        self.needed = required

    def to_python(self, value):
        raw = (value or "").strip()
        if not raw and not self.needed:
            return None
        return self.parse(raw)

    def parse(self, raw: str):
        raise NotImplementedError


class IntText(_Typed):
    """A whole number from 0 to INT_MAX."""

    def parse(self, raw: str) -> int:
        try:
            number = int(raw)
        except ValueError:
            raise forms.ValidationError(f"{self.label}应为整数") from None
        if not 0 <= number <= INT_MAX:
            raise forms.ValidationError(f"{self.label}超出范围")
        return number


class DateText(_Typed):
    """A date as 年-月-日 (ISO)."""

    def parse(self, raw: str) -> date:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise forms.ValidationError(f"{self.label}格式不正确（应为年-月-日）") from None


def text():
    return forms.CharField(required=False, strip=False)


def form_data(form: forms.Form) -> dict:
    """The cleaned data, or a DomainError with the first field's message (in field order)."""
    if form.is_valid():
        return form.cleaned_data
    name, errors = next(iter(form.errors.items()))
    field = None if name == forms.forms.NON_FIELD_ERRORS else name
    raise DomainError(name if field else "not_found", errors[0], field=field)


class InstitutionForm(forms.Form):
    """A form whose ids name records of one institution; missing ones are a message."""

    def __init__(self, data, *, institution):
        super().__init__(data)
        self.institution = institution

    def found(self, record, message: str):
        if record is None:
            raise forms.ValidationError(message)
        return record


class VoidForm(forms.Form):
    reason = text()


class ReplacementForm(InstitutionForm):
    batch = IntText("空白证书批次", required=False)
    applied_on = DateText("申请日期")
    replaced_on = DateText("补发日期", required=False)
    sheet_serial = IntText("印刷编号", required=False)
    reason = text()
    holder_name = text()
    id_number = text()
    note = text()

    def clean(self):
        data = super().clean()
        if not self.errors:
            data["batch"] = data["batch"] and self.found(
                stock_selectors.stock_batch_get(
                    institution=self.institution, batch_id=data["batch"]
                ),
                "未找到该入库批次",
            )
        return data


class ExportCreateForm(InstitutionForm):
    sitting = IntText("批次", required=False)
    issued_from = DateText("开始日期", required=False)
    issued_to = DateText("结束日期", required=False)

    def clean(self):
        data = super().clean()
        if not self.errors:
            data["sitting"] = data["sitting"] and self.found(
                selectors.sitting_get(institution=self.institution, sitting_id=data["sitting"]),
                "未找到该批次",
            )
        return data


class ExportSentForm(forms.Form):
    sent_on = DateText("报送日期")
    sent_to = text()
