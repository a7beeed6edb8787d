"""The home page (`/`), one per role: a member goes straight to his institution, authority
staff and members of several institutions get the list, everyone else the candidate's page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from skillcert.core.rules import rules

from . import selectors


@login_required
def home(request):
    institutions = selectors.home_institutions(request.user)
    if selectors.is_candidate(request.user, institutions):
        return render(
            request,
            "portal/candidate.html",
            {
                # each with .portal: results only after the SCORE-04 notice, appeals (SCORE-05)
                "registrations": selectors.candidate_registrations(request.user),
                "pass_mark": rules().pass_mark,
                "expert": selectors.is_evaluation_expert(request.user),
            },
        )
    if len(institutions) == 1 and not selectors.is_authority_staff(request.user):
        return redirect("institution_home", institutions[0].pk)
    return render(
        request,
        "portal/home.html",
        {"institutions": institutions, "is_authority": selectors.is_authority_staff(request.user)},
    )
