from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "skillcert.people"
    label = "people"
    verbose_name = "人员"
