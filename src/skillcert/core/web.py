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
