"""Bases shared by every zone-owned model."""

from django.db import models

from zhaoshang.accounts.access import visible_zones, writable_zones


class ZoneScopedQuerySet(models.QuerySet):
    """Querysets of objects that belong to one zone; views start from `visible_to` or `writable_by`."""

    zone_field = "zone"

    def visible_to(self, user):
        return self.filter(**{f"{self.zone_field}__in": visible_zones(user)})

    def writable_by(self, user):
        return self.filter(**{f"{self.zone_field}__in": writable_zones(user)})


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True
