from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "zhaoshang.organisation"
    verbose_name = "园区与组织"
