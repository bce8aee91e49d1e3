from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "zhaoshang.evaluation"
    verbose_name = "亩均效益评价"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zhaoshang.evaluation import jobs  # noqa: F401 - registers the job handlers
