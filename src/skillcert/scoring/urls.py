from django.urls import path

from . import views, views_results, views_submissions

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
    # Results and appeals (SCORE-02, -04, -05, -06)
    path(
        "i/<int:iid>/sittings/<int:sid>/results/",
        views_results.results_page,
        name="scoring_results",
    ),
    path(
        "i/<int:iid>/sittings/<int:sid>/results/carry/",
        views_results.results_carry_view,
        name="results_carry",
    ),
    path(
        "i/<int:iid>/sittings/<int:sid>/results/notify/",
        views_results.results_notify_view,
        name="results_notify",
    ),
    path(
        "i/<int:iid>/sittings/<int:sid>/results/publish/",
        views_results.results_publish_view,
        name="results_publish",
    ),
    path("i/<int:iid>/appeals/", views_results.appeals_page, name="appeals_queue"),
    path("i/<int:iid>/appeals/<int:aid>/", views_results.appeal_page, name="appeal_detail"),
    path("results/", views_results.public_results, name="public_results"),
    path("results/<int:pid>/", views_results.public_result, name="public_result"),
    path(
        "me/registrations/<int:rid>/appeal/",
        views_results.appeal_new,
        name="appeal_new",
    ),
    # INST-14: results and pass list to the authority; the authority's queue.
    path(
        "i/<int:iid>/sittings/<int:sid>/results/submission/",
        views_submissions.submission_page,
        name="results_submission",
    ),
    path(
        "i/<int:iid>/sittings/<int:sid>/results/submission/send/",
        views_submissions.submission_send,
        name="results_submission_send",
    ),
    path("authority/sittings/", views_submissions.authority_queue, name="authority_sittings"),
    path(
        "authority/result-submissions/<int:rid>/",
        views_submissions.authority_submission,
        name="authority_submission",
    ),
]
