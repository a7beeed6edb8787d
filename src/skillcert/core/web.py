"""Small pieces every page uses."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib import messages

from .errors import DomainError


@contextmanager
def rule_messages(request) -> Iterator[None]:
    """A broken rule becomes a message on the next page; the view goes on to redirect."""
    try:
        yield
    except DomainError as exc:
        messages.error(request, exc.message)


def form_error(form, exc: DomainError) -> None:
    """A broken rule shown on the form: on its field when the form has one, else above it."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
