from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "zhaoshang.geo"
    verbose_name = "行政区划与行业"
