from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "zhaoshang.enterprises"
    verbose_name = "企业库"

    def ready(self):
        # Registers the Excel import job handler, so the web process and every worker can run it.
        import zhaoshang.enterprises.excel  # noqa: F401
