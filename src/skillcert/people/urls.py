from django.urls import path

from . import views, views_members, views_more

urlpatterns = [
    path("i/<int:iid>/people/", views.people_home, name="people_home"),
    path("i/<int:iid>/people/examiners/new/", views.examiner_new, name="examiner_new"),
    path("i/<int:iid>/people/examiners/import/", views.examiner_import, name="examiner_import"),
    path(
        "i/<int:iid>/people/examiner-template.xlsx",
        views.examiner_template,
        name="examiner_template",
    ),
    path("i/<int:iid>/people/supervisors/new/", views.supervisor_new, name="supervisor_new"),
    path("i/<int:iid>/people/experts/new/", views.expert_new, name="expert_new"),
    path("i/<int:iid>/people/staff/new/", views.staff_new, name="staff_new"),
    # issue 16 item 21: evaluation/renewal, recusal relations, account opening
    path(
        "i/<int:iid>/people/examiners/<int:eid>/",
        views_more.examiner_detail,
        name="examiner_detail",
    ),
    path(
        "i/<int:iid>/people/persons/<int:pid>/account/",
        views_more.person_account,
        name="person_account",
    ),
    path("i/<int:iid>/people/recusal/", views_more.recusal_page, name="people_recusal"),
    path("accounts/first-password/", views_more.first_password, name="account_first_password"),
    path("i/<int:iid>/people/<int:pid>/", views.person_page, name="person_page"),
    path("me/claim/", views.person_claim, name="person_claim"),
    path("i/<int:iid>/members/", views_members.members_page, name="members_page"),
    path("accounts/reset-code/", views.password_reset_code, name="password_reset_code"),
]
