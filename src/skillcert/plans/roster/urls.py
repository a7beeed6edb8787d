from django.urls import path

from . import views

urlpatterns = [
    path("i/<int:iid>/sittings/<int:sid>/roster/", views.roster_upload, name="roster_upload"),
    path("i/<int:iid>/imports/<int:import_id>/", views.roster_import_page, name="roster_import"),
    path(
        "i/<int:iid>/imports/<int:import_id>/errors.xlsx",
        views.roster_errors_download,
        name="roster_errors",
    ),
    path(
        "i/<int:iid>/roster-template.xlsx", views.roster_template_download, name="roster_template"
    ),
]
