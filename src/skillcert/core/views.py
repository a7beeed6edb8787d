from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from skillcert.institutions.selectors import institutions_for_user
from skillcert.scoring.selectors import candidate_registrations

from .rules import rules


@login_required
def home(request):
    """Send a member straight to their institution; others get the list they may see."""
    institutions = list(institutions_for_user(request.user)[:50])
    # Everyone else is a candidate, linked to a person or not yet: an unlinked account sees
    # the same page (and the claim-code box), so the page does not tell whether sign-up
    # found the ID on file (issue 16 item 2).
    if not institutions and not hasattr(request.user, "authority_staff"):
        return render(
            request,
            "core/candidate.html",
            {
                # each with .portal: results only after the SCORE-04 notice, appeals (SCORE-05)
                "registrations": candidate_registrations(request.user),
                "pass_mark": rules().pass_mark,
            },
        )
    if len(institutions) == 1 and not hasattr(request.user, "authority_staff"):
        return redirect("institution_home", institutions[0].pk)
    return render(request, "core/home.html", {"institutions": institutions})
