from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .selectors import can_manage, institution_get_for_user, scope_rows_for


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def institution_home(request, iid: int):
    institution = institution_get_for_user(request.user, iid)
    sittings = institution.sittings.select_related("occupation", "job_type").order_by("-created_at")
    return render(
        request,
        "institutions/home.html",
        {
            "institution": institution,
            "scope_rows": scope_rows_for(institution),
            "sittings": sittings,
            "can_manage": can_manage(request.user, institution),
        },
    )
