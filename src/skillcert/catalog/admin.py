"""Admin for the catalogue (CAT-01..04, LEVEL-04/05): reference data kept by support staff."""

from django import forms
from django.contrib import admin

from skillcert.core.admin_audit import AuditedModelAdmin

from .models import JobType, Occupation, Standard, parse_levels
from .services import CODE_PATTERN, MIN_SPEC_EXPERTS, code_rank_error


class OccupationForm(forms.ModelForm):
    class Meta:
        model = Occupation
        fields = ["code", "name", "rank", "kind", "green", "digital", "active"]

    def clean(self):
        data = super().clean()
        code, rank = data.get("code") or getattr(self.instance, "code", ""), data.get("rank")
        if code and not CODE_PATTERN.match(code):
            self.add_error("code", "职业编码格式不正确，应形如6-18-01-01（CAT-01）")
        elif code and rank and (why := code_rank_error(code, rank)):
            self.add_error("rank", why)
        return data


@admin.register(Occupation)
class OccupationAdmin(AuditedModelAdmin):
    form = OccupationForm
    list_display = ["code", "name", "rank", "kind", "green", "digital", "active"]
    list_filter = ["rank", "kind", "active", "green", "digital"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        # The code is the entry's identity: certificates copy it; a new code is a new entry.
        return ["code"] if obj else []


@admin.register(JobType)
class JobTypeAdmin(AuditedModelAdmin):
    list_display = ["name", "occupation"]
    search_fields = ["name", "occupation__code", "occupation__name"]
    raw_id_fields = ["occupation"]


class StandardForm(forms.ModelForm):
    class Meta:
        model = Standard
        fields = ["occupation", "job_type", "kind", "title", "levels", "expert_count"]

    def clean_levels(self):
        try:
            return parse_levels(self.cleaned_data["levels"])  # LEVEL-01
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        data = super().clean()
        if (
            data.get("kind") == Standard.SPECIFICATION
            and (data.get("expert_count") or 0) < MIN_SPEC_EXPERTS
        ):
            self.add_error(
                "expert_count", f"评价规范须经至少{MIN_SPEC_EXPERTS}名专家评审（LEVEL-04）"
            )
        job_type, occupation = data.get("job_type"), data.get("occupation")
        if job_type and occupation and job_type.occupation_id != occupation.pk:
            self.add_error("job_type", "工种不属于该职业（CAT-02）")
        return data


@admin.register(Standard)
class StandardAdmin(AuditedModelAdmin):
    form = StandardForm
    list_display = ["title", "occupation", "job_type", "kind", "levels", "expert_count"]
    list_filter = ["kind"]
    search_fields = ["title", "occupation__code", "occupation__name", "job_type__name"]
    raw_id_fields = ["occupation", "job_type"]
