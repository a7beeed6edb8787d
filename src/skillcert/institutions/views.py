from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .selectors import can_manage, scope_rows_for, sittings_of
from .web import institution_for


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def institution_home(request, iid: int):
    institution = institution_for(request, iid)
    return render(
        request,
        "institutions/home.html",
        {
            "institution": institution,
            "scope_rows": scope_rows_for(institution),
            "sittings": sittings_of(institution=institution),
            "can_manage": can_manage(request.user, institution),
        },
    )
