"""Form pieces the records parts share: date-time inputs as browsers send them."""

from django import forms
from django.contrib import messages

DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def datetime_field(label: str, **kw) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=DT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        **kw,
    )


def date_field(label: str, **kw) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}), **kw)


def textarea(label: str, max_length: int = 4000, rows: int = 3, **kw) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows}), **kw
    )


def form_messages(request, form) -> None:
    """A form posted from a page that shows several: its errors as messages, field named."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
