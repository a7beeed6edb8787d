from django.urls import path

from . import rule_views

urlpatterns = [
    path("rules/", rule_views.rules_page, name="rules"),
]
