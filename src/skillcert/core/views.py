from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from skillcert.institutions.selectors import institutions_for_user


@login_required
def home(request):
    """Send a member straight to their institution; others get the list they may see."""
    institutions = list(institutions_for_user(request.user)[:50])
    if len(institutions) == 1 and not hasattr(request.user, "authority_staff"):
        return redirect("institution_home", institutions[0].pk)
    return render(request, "core/home.html", {"institutions": institutions})
