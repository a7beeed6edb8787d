"""Pages of reports (REC-08, CERT-08): the institution's documents and home page, the
authority's dashboard."""

from django.urls import include, path

from .home import views as home_views

urlpatterns: list = [
    # --- home helper: the institution's home page; the certificate data feed (CERT-08) ---
    path("i/<int:iid>/", home_views.institution_home, name="institution_home"),
    path("", include("skillcert.reports.feed.urls")),
    # --- end home helper ---
]
