from django.urls import path

from .candidate import api as candidate_api
from .candidate import views as candidate_views
from .proctor import views as proctor_views

urlpatterns = [
    # The candidate (token auth; see candidate/api.py and autosave.py for the contract).
    path("exam/", candidate_views.signin_page, name="exam_signin"),
    path("exam/<int:exam_id>/", candidate_views.signin_page, name="exam_signin_for"),
    path("exam/take/", candidate_views.take_page, name="exam_take"),
    path("exam/api/signin", candidate_api.signin, name="exam_api_signin"),
    path("exam/api/save", candidate_api.save, name="exam_api_save"),
    path("exam/api/paper", candidate_api.paper_view, name="exam_api_paper"),
    path("exam/api/time", candidate_api.time, name="exam_api_time"),
    path("exam/api/submit", candidate_api.submit, name="exam_api_submit"),
    # Exam affairs / proctors of the institution (EXAM-05, EXAM-08, EXAM-10).
    path("i/<int:iid>/sittings/<int:sid>/exams/", proctor_views.exam_list, name="exam_list"),
    path("i/<int:iid>/exams/<int:eid>/", proctor_views.console, name="exam_console"),
    path(
        "i/<int:iid>/exams/<int:eid>/attendance/",
        proctor_views.console_attendance,
        name="exam_console_attendance",
    ),
    path("i/<int:iid>/exams/<int:eid>/extra/", proctor_views.extra_time, name="exam_extra"),
    path("i/<int:iid>/exams/<int:eid>/incident/", proctor_views.incident, name="exam_incident"),
    path(
        "i/<int:iid>/exams/<int:eid>/force/<int:aid>/",
        proctor_views.force_submit,
        name="exam_force",
    ),
    path("i/<int:iid>/exams/<int:eid>/finish/", proctor_views.finish, name="exam_finish"),
    path("i/<int:iid>/exams/<int:eid>/unlock/", proctor_views.unlock, name="exam_unlock"),
    path(
        "i/<int:iid>/exams/<int:eid>/similarity/",
        proctor_views.similarity,
        name="exam_similarity",
    ),
]
