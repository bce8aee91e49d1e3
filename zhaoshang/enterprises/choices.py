from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseTagKind(models.TextChoices):
    GLOBAL_500 = "global500", _("世界500强")
    CHINA_500 = "china500", _("中国500强")
    PRIVATE_500 = "private500", _("民营500强")
    LISTED = "listed", _("上市")
    HIGH_TECH = "high_tech", _("高新技术企业")
    SPECIALISED = "specialised", _("专精特新")
    LITTLE_GIANT = "little_giant", _("小巨人")
    TECH_SME = "tech_sme", _("科技型中小企业")
    ABOVE_SCALE = "above_scale", _("规上")
    # Negative marks that evaluation schemes deduct points for (a penalty item names this tag).
    PENALISED = "penalised", _("安全环保处罚")



class EnterpriseLocation(models.TextChoices):
    IN_ZONE = "in_zone", _("园区内企业")
    TARGET = "target", _("区外目标企业")
