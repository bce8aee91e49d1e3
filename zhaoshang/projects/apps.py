from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "zhaoshang.projects"
    verbose_name = "项目库"

    def ready(self):
        # Registers the Excel import job handler, so the web process and every worker can run it.
        import zhaoshang.projects.excel  # noqa: F401
