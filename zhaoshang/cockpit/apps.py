from django.apps import AppConfig


class CockpitConfig(AppConfig):
    name = "zhaoshang.cockpit"
    verbose_name = "数据驾驶舱"
