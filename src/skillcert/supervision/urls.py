from django.urls import path

from . import views

A = "authority/supervision/"

urlpatterns = [
    path("supervision/results/", views.results, name="supervision_results"),
    path("i/<int:iid>/credit/", views.own_credit, name="own_credit"),
    path(A, views.home, name="supervision_home"),
    path(A + "inspectors/", views.inspector_add, name="supervision_inspector_add"),
    path(A + "draws/<int:did>/", views.draw_detail, name="supervision_draw"),
    path(A + "draws/<int:did>/targets/<int:tid>/", views.finding, name="supervision_finding"),
    path(A + "draws/<int:did>/publish/", views.draw_publish, name="supervision_publish"),
    path(A + "institutions/", views.institutions, name="supervision_institutions"),
    path(A + "institutions/<int:pk>/", views.institution_detail, name="supervision_institution"),
    path(A + "institutions/<int:pk>/credit/", views.credit_event, name="supervision_credit"),
    path(A + "institutions/<int:pk>/suspend/", views.suspend, name="supervision_suspend"),
    path(A + "institutions/<int:pk>/reinstate/", views.reinstate, name="supervision_reinstate"),
    path(A + "sittings/<int:sid>/", views.sitting_supervisors, name="supervision_sitting"),
    path(A + "annual/<int:year>/", views.annual, name="supervision_annual"),
    path(A + "annual/<int:year>.xlsx", views.annual_xlsx, name="supervision_annual_xlsx"),
    path(
        A + "annual/<int:year>/institutions/<int:pk>/",
        views.annual_score,
        name="supervision_annual_score",
    ),
]
