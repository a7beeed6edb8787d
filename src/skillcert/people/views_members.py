"""The institution's members (logins with a role) and their password-reset codes (issue 16
item 16): staff accounts without a person on file are reset here, not in the admin."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from skillcert.core.web import rule_messages
from skillcert.institutions.selectors import can_manage
from skillcert.institutions.web import institution_for

from . import claims
from .selectors import members_of


@login_required
def members_page(request, iid):
    """GET lists the members; a manager's POST issues a one-time reset code for one of
    them, shown once on this answer only (never stored in clear, put in a message or a
    redirect)."""
    institution = institution_for(request, iid)
    code, claim, member = "", None, None
    if request.method == "POST":
        institution = institution_for(request, iid, manage=True)
        member = claims.member_of_institution(institution, request.POST.get("user"))
        with rule_messages(request):
            claim, code = claims.member_reset_code_issue(
                actor=request.user, institution=institution, member=member
            )
    return render(
        request,
        "people/members.html",
        {
            "institution": institution,
            "members": members_of(institution),
            "code": code,
            "claim": claim,
            "member": member,
            "can_manage": can_manage(request.user, institution),
        },
    )
