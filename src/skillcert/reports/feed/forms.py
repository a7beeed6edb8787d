"""The feed's one form: the period, read as typed; the service judges it (CERT-08)."""

from django import forms

from skillcert.certificates.forms import DateText


class FeedCreateForm(forms.Form):
    period_start = DateText("发证日期自")
    period_end = DateText("发证日期至")
