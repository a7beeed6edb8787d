from decimal import Decimal

from django import forms

from .models import Absence


class ModuleForm(forms.Form):
    name = forms.CharField(label="模块名称", max_length=100)
    weight = forms.DecimalField(
        label="权重（占技能成绩100分中的分值）",
        min_value=Decimal("0.1"),
        max_value=Decimal("100"),
        decimal_places=1,
        max_digits=4,
    )
    items = forms.CharField(
        label="评分项（每行一项：内容|配分）",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text="例如：尺寸精度|40",
    )

    def clean_items(self) -> list[tuple[str, str]]:
        rows, errors = [], []
        lines = [x.strip() for x in self.cleaned_data["items"].splitlines() if x.strip()]
        for n, line in enumerate(lines, start=1):
            text = line.replace("｜", "|").replace("\t", "|")
            if "|" not in text:
                errors.append(f"第{n}行“{line[:30]}”缺少“|配分”")
                continue
            description, points = text.rsplit("|", 1)
            rows.append((description.strip(), points.strip()))
        if errors:
            raise forms.ValidationError("；".join(errors))
        if not rows:
            raise forms.ValidationError("请至少填写一个评分项")
        return rows


class PasswordForm(forms.Form):
    password = forms.CharField(
        label="本人登录密码（电子签名）",
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AbsenceForm(forms.Form):
    work_number = forms.CharField(label="作品号", max_length=10)
    basis = forms.ChoiceField(label="缺考依据", choices=Absence.BASES)
    note = forms.CharField(label="说明（依据为“其他”时必填）", max_length=200, required=False)
