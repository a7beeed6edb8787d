"""Forms of the bank pages: thin, the services check the rules and name the field."""

from decimal import Decimal

from django import forms

from skillcert.catalog.models import LEVELS, JobType, Occupation

from .item_check import answer_text
from .kinds import KIND_LABELS, KINDS
from .models import DIFFICULTIES, SOURCES, Item, PaperUnlock
from .selectors import item_scope


class ScopedOccupationForm(forms.Form):
    """Occupation and job type chosen from the institution's filed scope only (item 22: the
    whole catalogue made a <select> of ~1,650 options). `keep` is an occupation that must stay
    choosable: an item's own, filed before its scope row was withdrawn."""

    occupation = forms.ModelChoiceField(label="职业", queryset=Occupation.objects.none())
    job_type = forms.ModelChoiceField(
        label="工种/职业方向", queryset=JobType.objects.none(), required=False
    )

    def __init__(self, *args, institution, keep: Occupation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        occupations, job_types = item_scope(institution=institution, keep=keep)
        self.fields["occupation"].queryset = occupations
        self.fields["job_type"].queryset = job_types


class ItemForm(ScopedOccupationForm):
    level = forms.TypedChoiceField(label="级别", choices=LEVELS, coerce=int)
    kind = forms.ChoiceField(label="题型", choices=KINDS)
    stem = forms.CharField(label="题干", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    options = forms.CharField(
        label="选项（每行一个，依次为A、B、C…；判断题、填空题不填）",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    answer = forms.CharField(
        label="答案（单选B；多选ACD；判断 正确/错误；填空多个答案用|分隔）", max_length=1000
    )
    knowledge_point = forms.CharField(label="知识点", max_length=100)
    difficulty = forms.TypedChoiceField(label="难度", choices=DIFFICULTIES, coerce=int, initial=3)
    source = forms.ChoiceField(label="来源（EXAM-01）", choices=SOURCES)
    author = forms.CharField(label="命题人（自建题必填）", max_length=60, required=False)

    @staticmethod
    def initial_for(item: Item) -> dict:
        return {
            "occupation": item.occupation_id,
            "job_type": item.job_type_id,
            "level": item.level,
            "kind": item.kind,
            "stem": item.stem,
            "options": "\n".join(item.options),
            "answer": answer_text(item.kind, item.answer),
            "knowledge_point": item.knowledge_point,
            "difficulty": item.difficulty,
            "source": item.source,
            "author": item.author,
        }


class ImportForm(forms.Form):
    file = forms.FileField(label="题库文件（.xlsx，按模板填写）")


class BlueprintForm(ScopedOccupationForm):
    field_order = ["name", "occupation", "job_type"]
    name = forms.CharField(label="名称", max_length=100)
    level = forms.TypedChoiceField(label="级别", choices=LEVELS, coerce=int)
    difficulty_tolerance = forms.DecimalField(
        label="难度比例允许偏差（%）", min_value=0, max_value=100, initial=5, decimal_places=1
    )
    knowledge_points = forms.CharField(
        label="须覆盖的知识点（每行“知识点:每套最少题数”，如 2.1.1:1）",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in KINDS:
            self.fields[f"{kind}_count"] = forms.IntegerField(
                label=f"{label}题量", min_value=0, max_value=500, initial=0
            )
            self.fields[f"{kind}_points"] = forms.DecimalField(
                label=f"{label}每题分值", min_value=0, max_value=100, initial=1, decimal_places=2
            )
        for d, label in DIFFICULTIES:
            self.fields[f"d{d}"] = forms.DecimalField(
                label=f"难度{label}占比（%）",
                min_value=0,
                max_value=100,
                required=False,
                decimal_places=1,
            )

    def clean_knowledge_points(self) -> dict:
        """Lines "知识点:每套最少题数" (a bare name counts 1) as {knowledge point: count}."""
        kps = {}
        lines = (self.cleaned_data.get("knowledge_points") or "").splitlines()
        for n, line in enumerate(lines, start=1):
            line = line.strip()
            if not line:
                continue
            kp, _, count = line.replace("：", ":").rpartition(":")
            if not kp:
                kp, count = line, "1"
            try:
                kps[kp.strip()] = int(count)
            except ValueError:
                raise forms.ValidationError(f"知识点第{n}行“{line}”的题数应为整数") from None
        return kps

    def blueprint_values(self) -> dict:
        data = self.cleaned_data
        mix = {str(d): data[f"d{d}"] / 100 for d, _ in DIFFICULTIES if data.get(f"d{d}")}
        return {
            "name": data["name"],
            "occupation": data["occupation"],
            "job_type": data.get("job_type"),
            "level": data["level"],
            "sections": {
                k: {"count": data[f"{k}_count"], "points": str(data[f"{k}_points"])}
                for k in KIND_LABELS
            },
            "difficulty_mix": mix,
            "difficulty_tolerance": (data["difficulty_tolerance"] or Decimal(0)) / 100,
            "knowledge_points": data["knowledge_points"],
        }


class AssembleForm(forms.Form):
    n_forms = forms.IntegerField(label="套数", min_value=1, max_value=30, initial=2)
    seed = forms.IntegerField(
        label="随机种子（可不填）", min_value=0, max_value=2**62, required=False
    )
    sitting = forms.ModelChoiceField(label="认定批次（可不填）", queryset=None, required=False)

    def __init__(self, *args, sittings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sitting"].queryset = sittings


class AttachSittingForm(forms.Form):
    sitting = forms.ModelChoiceField(
        label="认定批次",
        queryset=None,
        error_messages={
            "required": "请选择本机构的认定批次",
            "invalid_choice": "请选择本机构的认定批次",
        },
    )

    def __init__(self, *args, sittings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sitting"].queryset = sittings


class HandoverForm(forms.Form):
    to_user = forms.ModelChoiceField(label="接收人", queryset=None)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = users


class KeyHolderForm(forms.Form):
    user = forms.ModelChoiceField(label="第二把钥匙保管人", queryset=None)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


class UnlockForm(forms.Form):
    purpose = forms.ChoiceField(label="开锁用途", choices=PaperUnlock.PURPOSES)
