from django.urls import path

from . import views

P = "i/<int:iid>/records/"

urlpatterns = [
    path(P + "archives/", views.archive_list, name="records_archives"),
    path(P + "archives/<int:sid>/", views.archive_page, name="records_archive"),
    path(
        P + "archives/<int:sid>/assemble/", views.archive_assemble, name="records_archive_assemble"
    ),
    path(
        P + "archives/<int:sid>/destruction/",
        views.archive_destruction,
        name="records_archive_destruction",
    ),
    path(P + "archives/<int:sid>/package/", views.archive_package, name="records_archive_package"),
    path(P + "archive-items/<int:item_id>/locate/", views.item_locate, name="records_item_locate"),
    path(P + "archive-items/<int:item_id>/access/", views.item_access, name="records_item_access"),
    path(
        P + "archive-access/<int:aid>/<str:action>/",
        views.access_action,
        name="records_access_action",
    ),
    path(
        P + "destructions/<int:did>/inventory/",
        views.destruction_inventory,
        name="records_destruction_inventory",
    ),
    path(
        P + "destructions/<int:did>/<str:action>/",
        views.destruction_action,
        name="records_destruction_action",
    ),
    path(P + "archive-packages/<int:jid>/", views.package_status, name="records_package_status"),
    path(
        P + "archive-packages/<int:jid>/download/",
        views.package_download,
        name="records_package_download",
    ),
]
