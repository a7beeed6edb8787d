"""Small pieces every page uses."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import resolve_url
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme

from .errors import DomainError

T = TypeVar("T")


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


def or_404(found: T | None, message: str = "未找到") -> T:
    """The edge's answer to a selector's None: 404 (an outsider learns nothing more)."""
    if found is None:
        raise Http404(message)
    return found


def download(content: bytes, content_type: str, filename: str, *, inline=False) -> HttpResponse:
    """A file response. The header comes from Django's `content_disposition_header`: a name
    with Chinese characters written raw into the header made Django encode the whole header
    (RFC 2047), and browsers then opened the file in place, without its name."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response


def safe_next(request, default: str) -> str:
    """The `next` address of the request when it stays on this site, else `default` (a URL
    name or path): `?next=https://evil.example/` must not send a user away (issue 16 #16)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)
