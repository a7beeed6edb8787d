from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model

from ..models import EvaluationItem

VETO_CHOICES = [("符合", "符合"), ("不符合", "不符合")]


class GroupForm(forms.Form):
    experts = forms.CharField(
        label="评估专家（登录名，每行一个）",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "请填写评估专家"},
    )
    leader = forms.CharField(label="组长（登录名，可空）", required=False, max_length=150)

    def _users(self, names: list[str], field: str) -> list:
        users = {u.get_username(): u for u in get_user_model().objects.filter(username__in=names)}
        missing = [n for n in names if n not in users]
        if missing:
            raise forms.ValidationError(f"没有这些账号：{'、'.join(missing)}")
        return [users[n] for n in names]

    def clean_experts(self):
        names = [n.strip() for n in self.cleaned_data["experts"].splitlines() if n.strip()]
        return self._users(list(dict.fromkeys(names)), "experts")

    def clean_leader(self):
        name = self.cleaned_data["leader"].strip()
        return self._users([name], "leader")[0] if name else None


class SheetForm(forms.Form):
    """One field per item of the 技术评估评分表: points, or 符合/不符合 for a veto item."""

    def __init__(self, *args, items: list[EvaluationItem], initial_marks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            name = f"item_{item.order}"
            label = f"{item.order}. {item.content}"
            if item.kind == EvaluationItem.VETO:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    choices=VETO_CHOICES,
                    widget=forms.RadioSelect,
                    error_messages={"required": f"第{item.order}项是否决项，请选择符合或不符合"},
                )
            else:
                self.fields[name] = forms.DecimalField(
                    label=label,
                    min_value=Decimal(0),
                    max_value=item.points,
                    decimal_places=1,
                    max_digits=4,
                    error_messages={
                        "required": f"第{item.order}项未评分",
                        "invalid": f"第{item.order}项的得分应为数字",
                        "min_value": f"第{item.order}项的得分不能小于0",
                        "max_value": f"第{item.order}项的得分不能超过{item.points}分",
                        "max_decimal_places": f"第{item.order}项的得分至多1位小数",
                    },
                )
            if initial_marks and item.order in initial_marks:
                self.fields[name].initial = initial_marks[item.order]

    def rows(self):
        return [(item, self[f"item_{item.order}"]) for item in self.items]

    def marks(self) -> dict[int, object]:
        return {item.order: self.cleaned_data[f"item_{item.order}"] for item in self.items}
