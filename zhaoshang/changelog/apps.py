from django.apps import AppConfig


class ChangelogConfig(AppConfig):
    name = "zhaoshang.changelog"
    verbose_name = "变更记录"
