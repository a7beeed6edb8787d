"""The institution's home page, `/i/<iid>/` (moved here from institutions, issue 13)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from skillcert.core.replica import replica_reads
from skillcert.institutions.selectors import can_manage, scope_rows_for
from skillcert.institutions.web import institution_for

from .chart import monthly_figures
from .stages import STAGES, sitting_stages
from .todos import todos_of


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
@replica_reads  # statistics: the replica when there is one
def institution_home(request, iid: int):
    institution = institution_for(request, iid)
    today = timezone.localdate()
    return render(
        request,
        "reports/home.html",
        {
            "institution": institution,
            "today": today,
            # To-do links lead to managers' pages; others see the to-do without the link
            # (issue 16 item 22: no role is shown a link it may not open).
            "can_manage": can_manage(request.user, institution),
            "todos": todos_of(institution, today),
            "stage_names": [label for _, label in STAGES],
            "sittings": sitting_stages(institution, today),
            "chart": monthly_figures(institution, today.year),
            "scope_rows": scope_rows_for(institution),
        },
    )
