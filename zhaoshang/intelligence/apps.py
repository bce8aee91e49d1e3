from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "zhaoshang.intelligence"
    verbose_name = "招商情报"

    def ready(self):
        # Registers the extraction job handler, so the web process and every worker can run it.
        import zhaoshang.intelligence.services  # noqa: F401
