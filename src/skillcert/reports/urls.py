"""Pages of reports (REC-08, CERT-08): the institution's documents and home page, the
authority's dashboard."""

urlpatterns: list = []

# --- the authority's statistics dashboard (issue 13, dash part) ---------------------------
from django.urls import path  # noqa: E402

from . import views_dashboard  # noqa: E402

urlpatterns += [
    path("authority/reports/", views_dashboard.dashboard, name="reports_dashboard"),
    path("authority/reports/<str:section>.xlsx", views_dashboard.export, name="reports_export"),
    path("authority/reports/<str:section>/", views_dashboard.drill, name="reports_drill"),
]
