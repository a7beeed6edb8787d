from django.urls import path

from . import views

P = "i/<int:iid>/records/"

urlpatterns = [
    path(P + "equipment/", views.equipment_list, name="records_equipment"),
    path(P + "equipment/<int:eid>/", views.equipment_detail, name="records_equipment_detail"),
    path(
        P + "sittings/<int:sid>/equipment/",
        views.sitting_equipment,
        name="records_sitting_equipment",
    ),
    path(
        P + "equipment-uses/<int:uid>/remove/",
        views.equipment_unassign,
        name="records_equipment_unassign",
    ),
]
