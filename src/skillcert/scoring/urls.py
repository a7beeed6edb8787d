from django.urls import path

from . import views

urlpatterns = [
    path("i/<int:iid>/sittings/<int:sid>/scores/", views.score_sheet_page, name="score_sheet"),
    path(
        "i/<int:iid>/sittings/<int:sid>/scores.xlsx",
        views.score_sheet_download,
        name="score_sheet_xlsx",
    ),
    path(
        "i/<int:iid>/sittings/<int:sid>/scores/upload/",
        views.score_sheet_upload,
        name="score_sheet_upload",
    ),
]
