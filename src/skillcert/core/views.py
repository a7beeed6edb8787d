from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from skillcert.institutions.selectors import institutions_for_user
from skillcert.plans.selectors import registrations_of_user


@login_required
def home(request):
    """Send a member straight to their institution; others get the list they may see."""
    institutions = list(institutions_for_user(request.user)[:50])
    if not institutions and hasattr(request.user, "person"):
        return render(
            request, "core/candidate.html", {"registrations": registrations_of_user(request.user)}
        )
    if len(institutions) == 1 and not hasattr(request.user, "authority_staff"):
        return redirect("institution_home", institutions[0].pk)
    return render(request, "core/home.html", {"institutions": institutions})
