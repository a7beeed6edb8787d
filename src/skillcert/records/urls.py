from django.urls import include, path

urlpatterns: list = [
    path("", include("skillcert.records.equipment.urls")),
    path("", include("skillcert.records.handover.urls")),
    path("", include("skillcert.records.archives.urls")),
]
