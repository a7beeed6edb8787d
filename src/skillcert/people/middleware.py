"""A login opened with a temporary password (people.accounts) reaches nothing but the page
that replaces it, until it is replaced (issue 16 item 21)."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from .accounts import must_change_password

EXEMPT_PREFIXES = ("/static/", "/accounts/logout/", "/exam/")


class FirstPasswordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        target = reverse("account_first_password")
        if (
            path != target
            and not path.startswith(EXEMPT_PREFIXES)
            and request.user.is_authenticated
            and must_change_password(request.user)
        ):
            if path.startswith("/api/"):
                error = {"code": "password_change_required", "message": "请先修改临时密码"}
                return JsonResponse({"detail": error}, status=403)  # the API's error shape
            return redirect(target)
        return self.get_response(request)
