from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "zhaoshang.targets"
    verbose_name = "目标任务"
