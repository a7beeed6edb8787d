"""The candidate's pages: sign-in (same service as the API) and the exam page (static shell;
exam.js talks to the JSON endpoints with the token kept in the browser's localStorage)."""

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from skillcert.core.errors import DomainError
from skillcert.core.ratelimit import client_address
from skillcert.core.rules import rules

from ..signin import candidate_signin


@csrf_exempt  # no cookie is trusted here: the ticket/ID pair is the credential
def signin_page(request, exam_id: int | None = None):
    error, ticket = "", ""
    if request.method == "POST":
        ticket = request.POST.get("ticket", "")[:20]
        try:
            done = candidate_signin(
                exam_id=exam_id,
                ticket=ticket,
                id_number=request.POST.get("id_number", ""),
                address=client_address(request),
            )
        except DomainError as exc:
            error = exc.message
        else:
            return render(request, "exams/signed_in.html", {"token": done.token})
    return render(
        request,
        "exams/signin.html",
        {
            "error": error,
            "ticket": ticket,
            "exam_id": exam_id,
            "before": rules().exam_entry_before_minutes,
            "close": rules().exam_entry_close_minutes,
        },
        status=400 if error else 200,
    )


def take_page(request):
    return render(request, "exams/take.html")
