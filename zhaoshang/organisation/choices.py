from django.db import models
from django.utils.translation import gettext_lazy as _


class ZoneKind(models.TextChoices):
    NATIONAL_ETDZ = "national_etdz", _("国家级经济技术开发区")
    NATIONAL_HTZ = "national_htz", _("国家级高新技术产业开发区")
    PROVINCIAL_EDZ = "provincial_edz", _("省级经济开发区")
    PROVINCIAL_HTZ = "provincial_htz", _("省级高新技术产业开发区")
    SPECIAL = "special", _("综合保税区/特色园区")
    OTHER = "other", _("其他园区")


class DepartmentKind(models.TextChoices):
    PROMOTION = "promotion", _("投资促进局/招商局")
    CONSTRUCTION = "construction", _("项目建设推进办公室")
    SCITECH = "scitech", _("科技局/科创办")
    APPROVAL = "approval", _("行政审批局")
    OTHER = "other", _("其他部门")


class TeamKind(models.TextChoices):
    GROUP = "group", _("招商小组")
    UNIT = "unit", _("招商单元")
    RESIDENT = "resident", _("驻点小分队")
    LIAISON = "liaison", _("联络办公室")
    TASK_FORCE = "task_force", _("专班")
    AGENT = "agent", _("第三方代理")


class MemberRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("组员")
