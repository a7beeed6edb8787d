"""Every page of plans: sittings here, the sub-packages' lists included (one place to look)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("i/<int:iid>/sittings/new/", views.sitting_new, name="sitting_new"),
    path("i/<int:iid>/sittings/<int:sid>/", views.sitting_detail, name="sitting_detail"),
    path("", include("skillcert.plans.roster.urls")),
    path("", include("skillcert.plans.plan.urls")),
    path("", include("skillcert.plans.registration.urls")),
]
