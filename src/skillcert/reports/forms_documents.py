"""The 报送 form of the documents page (REC-08): which report, for which year, quarter or
sitting. The sitting is an id resolved by the view through the institution's selector."""

from django import forms

from skillcert.core.api_types import MAX_ID

from .models import ReportDelivery

REQUIRED = {"required": "请填写此项", "invalid": "请输入整数"}


class SendForm(forms.Form):
    kind = forms.ChoiceField(
        label="报表类型",
        choices=ReportDelivery.KINDS,
        error_messages={"required": "请选择报表类型", "invalid_choice": "报表类型无效"},
    )
    year = forms.IntegerField(label="年度", required=False, error_messages=REQUIRED)
    quarter = forms.IntegerField(label="季度", required=False, error_messages=REQUIRED)
    sitting = forms.IntegerField(
        label="批次", required=False, min_value=1, max_value=MAX_ID, error_messages=REQUIRED
    )

    def first_error(self) -> str:
        field, errors = next(iter(self.errors.items()))
        label = self.fields[field].label if field in self.fields else ""
        return f"{label}：{errors[0]}" if label else errors[0]
