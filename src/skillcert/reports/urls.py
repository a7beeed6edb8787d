"""Pages of reports (REC-08, CERT-08): the institution's documents and home page, the
authority's dashboard."""

from django.urls import path

from . import views_documents as docs

urlpatterns: list = []

# --- institution documents sent upward (issue 13, docs part) ---------------------------------
urlpatterns += [
    path("i/<int:iid>/reports/", docs.reports_home, name="reports_home"),
    path("i/<int:iid>/reports/send/", docs.reports_send, name="reports_send"),
    path(
        "i/<int:iid>/reports/yearly/<int:year>.xlsx", docs.yearly_xlsx, name="reports_yearly_xlsx"
    ),
    path(
        "i/<int:iid>/reports/yearly/<int:year>.docx", docs.yearly_docx, name="reports_yearly_docx"
    ),
    path(
        "i/<int:iid>/reports/periodic/<int:year>/<int:quarter>.xlsx",
        docs.periodic_xlsx,
        name="reports_periodic_xlsx",
    ),
    path(
        "i/<int:iid>/reports/sittings/<int:sid>/application.xlsx",
        docs.application_xlsx,
        name="reports_application_xlsx",
    ),
    path(
        "i/<int:iid>/reports/sittings/<int:sid>/roster/",
        docs.roster_page,
        name="reports_roster",
    ),
    path(
        "i/<int:iid>/reports/sittings/<int:sid>/notice.docx",
        docs.notice_docx,
        name="reports_notice_docx",
    ),
    path(
        "i/<int:iid>/reports/sittings/<int:sid>/summary.xlsx",
        docs.summary_xlsx,
        name="reports_summary_xlsx",
    ),
    path(
        "i/<int:iid>/reports/sittings/<int:sid>/summary.docx",
        docs.summary_docx,
        name="reports_summary_docx",
    ),
]

# --- the authority's statistics dashboard (issue 13, dash part) ---------------------------
from django.urls import path  # noqa: E402

from . import views_dashboard  # noqa: E402

urlpatterns += [
    path("authority/reports/", views_dashboard.dashboard, name="reports_dashboard"),
    path("authority/reports/<str:section>.xlsx", views_dashboard.export, name="reports_export"),
    path("authority/reports/<str:section>/", views_dashboard.drill, name="reports_drill"),
]
