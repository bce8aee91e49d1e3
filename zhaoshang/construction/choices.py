from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.projects.choices import MajorLevel


class Light(models.TextChoices):
    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")


# Worse is higher: a project shows the worst light of its conditions.
LIGHT_RANK = {Light.GREEN: 0, Light.YELLOW: 1, Light.RED: 2}
# The order of the major-project lists in tables and exports (province first); blank sorts last.
LEVEL_RANK = {MajorLevel.PROVINCE: 0, MajorLevel.CITY: 1, MajorLevel.DISTRICT: 2}


class SupervisionKind(models.TextChoices):
    NODE_OVERDUE = "node_overdue", _("节点逾期")
    LAGGING = "lagging", _("投资进度滞后")
    IDLE = "idle", _("长期无进展")
