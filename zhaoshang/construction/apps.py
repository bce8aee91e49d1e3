from django.apps import AppConfig


class ConstructionConfig(AppConfig):
    name = "zhaoshang.construction"
    verbose_name = "项目建设"

    def ready(self):
        # Registers the 督办 scan job handler, so the web process and every worker can run it.
        import zhaoshang.construction.jobs  # noqa: F401
