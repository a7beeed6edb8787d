"""Session timeouts (issue 16 item 16, 等保 2.0 level 3): a session idle longer than
SESSION_IDLE_MINUTES ends; a staff session (a member of an institution, authority staff, an
admin) also ends SESSION_STAFF_MAX_HOURS after sign-in however busy it is. Candidates in an
online exam are not affected: the exam runs on its own signed token, not the session.

The last-seen time is written at most once a minute, so a busy page does not save the
session on every request.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

SEEN, SINCE = "skillcert_seen", "skillcert_since"
TOUCH_SECONDS = 60


def _is_staff(user) -> bool:
    return (
        user.is_staff
        or user.is_superuser
        or hasattr(user, "authority_staff")
        or user.memberships.exists()
    )


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and self._expired(request, user):
            # Signed out, the request goes on as anonymous: pages send it to the login
            # (with `next`), the API answers 401, public pages simply show.
            logout(request)
            messages.info(request, "长时间未操作或登录时间过长，已自动退出，请重新登录")
        return self.get_response(request)

    def _expired(self, request, user) -> bool:
        now, session = time.time(), request.session
        seen, since = session.get(SEEN), session.get(SINCE)
        if seen is not None and now - seen > settings.SESSION_IDLE_MINUTES * 60:
            return True
        if since is None:
            session[SINCE] = since = now
        max_age = settings.SESSION_STAFF_MAX_HOURS * 3600
        if now - since > max_age and _is_staff(user):
            return True
        if seen is None or now - seen > TOUCH_SECONDS:
            session[SEEN] = now
        return False
