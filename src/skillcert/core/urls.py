from django.urls import path

from . import health, rule_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("rules/", rule_views.rules_page, name="rules"),
    path("healthz", health.healthz, name="healthz"),  # for the load balancer
]
