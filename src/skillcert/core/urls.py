from django.urls import path

from . import health, rule_views

urlpatterns = [
    path("rules/", rule_views.rules_page, name="rules"),
    path("healthz", health.healthz, name="healthz"),  # for the load balancer
]
