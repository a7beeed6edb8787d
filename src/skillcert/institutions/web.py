"""The one place a view resolves `/i/<iid>/` for the user: 404 to outsiders, 403 to readers
who try to change something."""

from django.core.exceptions import PermissionDenied

from .models import Institution
from .selectors import can_manage, can_score, institution_get_for_user


def institution_for(request, iid, *, manage: bool = False, score: bool = False) -> Institution:
    institution = institution_get_for_user(request.user, iid)
    if manage and not can_manage(request.user, institution):
        raise PermissionDenied("您在本机构没有该操作的权限")
    if score and not can_score(request.user, institution):
        raise PermissionDenied("您在本机构没有录入成绩的权限")
    return institution
