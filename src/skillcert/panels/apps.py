from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "skillcert.panels"
    label = "panels"
    verbose_name = "技能考核评分（考评组）"
