from django.db import models
from django.utils.translation import gettext_lazy as _


class Light(models.TextChoices):
    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")


class SupervisionKind(models.TextChoices):
    NODE_OVERDUE = "node_overdue", _("节点逾期")
    LAGGING = "lagging", _("投资进度滞后")
    IDLE = "idle", _("长期无进展")
