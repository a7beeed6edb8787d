"""Small pieces every page uses."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme

from .errors import DomainError, NotFound


@contextmanager
def rule_messages(request) -> Iterator[None]:
    """A broken rule becomes a message on the next page; the view goes on to redirect."""
    try:
        yield
    except DomainError as exc:
        messages.error(request, exc.message)


def form_error(form, exc: DomainError, *, show_rule: bool = False) -> None:
    """A broken rule shown on the form: on its field when the form has one (a path such as
    `experts.2.id_number` on its first part, `experts`), else above it; `show_rule` puts the
    rule ID after the message, as `……（PEOPLE-05）`."""
    field = (exc.field or "").split(".", 1)[0]
    message = exc.message
    if show_rule and exc.rule and exc.rule not in message:
        message = f"{message}（{exc.rule}）"
    form.add_error(field if field in form.fields else None, message)


def bind(request, form_class, **kwargs):
    """`form_class` bound to a POST (with its files), unbound on any other method."""
    if request.method == "POST":
        return form_class(request.POST, request.FILES, **kwargs)
    return form_class(**kwargs)


def form_submit(
    request,
    form,
    action: Callable[[dict], Any],
    *,
    then: str | tuple | Callable[[Any], Any],
    success: str | Callable[[Any], str | None] | None = None,
    warning: Callable[[Any], str | None] | None = None,
    show_rule: bool = False,
) -> HttpResponse | None:
    """The one way a page handles a form: on a valid POST call `action(cleaned_data)` (a
    service call); a broken rule (DomainError) becomes a form error (with its rule ID when
    `show_rule`) and None is returned, so the view renders the form again; on success the
    messages `success` and `warning` (each a text or `f(result)`; none when empty) and a
    redirect to `then` (a URL name or path, a tuple of URL name and arguments, or
    `then(result)` giving either). None also for a GET or an invalid form. A refusal
    (NotFound/Forbidden) is not caught: the page answers 404/403.

        form = bind(request, StaffForm)
        done = form_submit(request, form, lambda d: services.staff_add(actor=..., **d),
                           success="已添加", then="people_staff")
        return done or render(request, "people/staff.html", {"form": form})
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except DomainError as exc:
        form_error(form, exc, show_rule=show_rule)
        return None
    for level, text in ((messages.SUCCESS, success), (messages.WARNING, warning)):
        text = text(result) if callable(text) else text
        if text:
            messages.add_message(request, level, text)
    target = then(result) if callable(then) else then
    return redirect(*target) if isinstance(target, tuple) else redirect(target)


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


def found_or_404(found, message: str = "未找到"):
    """A selector's answer for a view or API operation: None (nothing the user may see) is a
    404; selectors themselves return None and know nothing of HTTP."""
    if found is None:
        raise NotFound(message)
    return found
