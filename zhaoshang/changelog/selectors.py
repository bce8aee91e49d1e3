from django.contrib.contenttypes.models import ContentType

from zhaoshang.changelog.models import ChangeRecord


def history_of(instance):
    """Every recorded change of one object, newest first."""
    return (
        ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(type(instance)), object_id=instance.pk
        )
        .select_related("actor")
        .order_by("-at", "-id")
    )


def changes_since(instance, version: int):
    """What others changed after the version a user started editing from."""
    return history_of(instance).filter(version__gt=version).order_by("at", "id")
