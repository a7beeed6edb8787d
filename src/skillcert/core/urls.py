from django.urls import path

from . import rule_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("rules/", rule_views.rules_page, name="rules"),
]
