from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from .api import api
from .core.passwords import PasswordChange

handler404 = "skillcert.core.api_errors.page_not_found"  # JSON under /api/

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    # Before Django's auth URLs: the site's own password-change page with the lockout.
    path("accounts/password_change/", PasswordChange.as_view(), name="password_change"),
    # Users here mostly have no e-mail: the reset is the institution's one-time code, on the
    # site's own page (issue 16 item 16), not Django's e-mail form in the admin's templates.
    path(
        "accounts/password_reset/",
        RedirectView.as_view(pattern_name="password_reset_code"),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("skillcert.core.urls")),
    path("", include("skillcert.portal.urls")),
    path("", include("skillcert.institutions.urls")),
    path("", include("skillcert.plans.urls")),
    path("", include("skillcert.scoring.urls")),
    path("", include("skillcert.certificates.urls")),
    path("", include("skillcert.arrangement.urls")),
    path("", include("skillcert.violations.urls")),
    path("", include("skillcert.panels.urls")),
    path("", include("skillcert.exams.urls")),
    path("", include("skillcert.itembank.urls")),
    path("", include("skillcert.people.urls")),
    path("", include("skillcert.filings.urls")),
    path("", include("skillcert.supervision.urls")),
    path("", include("skillcert.records.urls")),
    path("", include("skillcert.reports.urls")),
]
