from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "zhaoshang.intelligence"
    verbose_name = "招商情报"
