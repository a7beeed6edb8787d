"""Forms of the implementation plan pages (Chinese labels; the services judge the rules)."""

from django import forms

from .models import CandidateRecheck


class DecisionForm(forms.Form):
    """The authority approves or returns/refuses, with reasons (required to return)."""

    decision = forms.ChoiceField(
        label="审批结论", choices=[("approve", "批准"), ("return", "退回")]
    )
    reasons = forms.CharField(
        label="审批意见", required=False, max_length=1000, widget=forms.Textarea
    )


class RecheckForm(forms.Form):
    """PLAN-11: the authority's finding on one candidate of the list."""

    registration = forms.IntegerField(label="报名编号", min_value=1, max_value=2**31 - 1)
    finding = forms.ChoiceField(label="复审结论", choices=CandidateRecheck.FINDINGS)
    note = forms.CharField(label="复审意见", required=False, max_length=300)


class LevelRequestForm(forms.Form):
    """INST-16: the institution asks for the approval of a level 2 or 1 sitting."""

    reason = forms.CharField(label="申请说明", max_length=1000, widget=forms.Textarea)
