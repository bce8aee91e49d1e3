from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "zhaoshang.workdays"
    verbose_name = "工作日历"
