"""The one place a view resolves `/i/<iid>/` for the user: the page flavour of
`guards.institution_guard` (404 to outsiders, 403 to readers who try to change something;
its NotFound/Forbidden are Django's Http404/PermissionDenied, which pages answer)."""

from .guards import institution_guard
from .models import Institution


def institution_for(request, iid, *, manage: bool = False, score: bool = False) -> Institution:
    return institution_guard(request.user, iid, manage=manage, score=score)
