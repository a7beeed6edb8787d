from django.urls import path

from . import views

urlpatterns = [
    path("panels/mine/", views.my_panels, name="my_panels"),
    path("i/<int:iid>/sittings/<int:sid>/panel/", views.panel_setup, name="panel_setup"),
    path("i/<int:iid>/panels/<int:pid>/", views.panel_status, name="panel_status"),
    path("i/<int:iid>/panels/<int:pid>/modules/<int:mid>/", views.panel_grid, name="panel_grid"),
    path("i/<int:iid>/panels/<int:pid>/tally/", views.panel_tally, name="panel_tally"),
    path("i/<int:iid>/panels/<int:pid>/summary/", views.panel_summary, name="panel_summary"),
    path("i/<int:iid>/panels/<int:pid>/absences/", views.panel_absences, name="panel_absences"),
]
