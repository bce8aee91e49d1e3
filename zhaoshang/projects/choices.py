"""Project stages, statuses and the other choices, with the rules of moving between stages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    LEAD = "lead", _("线索")
    CONTACTED = "contacted", _("已接洽")
    NEGOTIATING = "negotiating", _("在谈")
    INTENT = "intent", _("意向")
    SIGNED = "signed", _("签约")
    REGISTERED = "registered", _("注册")
    LAND_SUPPLIED = "land_supplied", _("供地")
    STARTED = "started", _("开工")
    COMPLETED = "completed", _("竣工")
    PRODUCING = "producing", _("投产")
    FULL_PRODUCTION = "full_production", _("达产")
    # Not steps of the pipeline: they change the project's status and keep its stage.
    ON_HOLD = "on_hold", _("暂缓")
    RESUMED = "resumed", _("恢复推进")
    DROPPED = "dropped", _("终止")


# The pipeline in order. A project may skip forward (an expansion does not register); going back is a
# correction with a reason, which voids the later events rather than deleting them.
PIPELINE: tuple[str, ...] = (
    Stage.LEAD, Stage.CONTACTED, Stage.NEGOTIATING, Stage.INTENT, Stage.SIGNED, Stage.REGISTERED,
    Stage.LAND_SUPPLIED, Stage.STARTED, Stage.COMPLETED, Stage.PRODUCING, Stage.FULL_PRODUCTION,
)
PIPELINE_INDEX = {stage: index for index, stage in enumerate(PIPELINE)}
STATUS_EVENTS: tuple[str, ...] = (Stage.ON_HOLD, Stage.RESUMED, Stage.DROPPED)
PIPELINE_CHOICES = [(stage, Stage(stage).label) for stage in PIPELINE]


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", _("推进中")
    ON_HOLD = "on_hold", _("暂缓")
    DROPPED = "dropped", _("已终止")


# Which status event each status allows.
STATUS_TRANSITIONS: dict[str, dict[str, str]] = {
    ProjectStatus.ACTIVE: {Stage.ON_HOLD: ProjectStatus.ON_HOLD, Stage.DROPPED: ProjectStatus.DROPPED},
    ProjectStatus.ON_HOLD: {Stage.RESUMED: ProjectStatus.ACTIVE, Stage.DROPPED: ProjectStatus.DROPPED},
    ProjectStatus.DROPPED: {Stage.RESUMED: ProjectStatus.ACTIVE},
}


class Channel(models.TextChoices):
    COMMISSIONED = "commissioned", _("委托招商")
    REFERRAL = "referral", _("以商引商")
    FUND = "fund", _("基金招商")
    AGENT = "agent", _("第三方代理")
    CHAIN = "chain", _("链式招商")
    RESIDENT = "resident", _("驻点招商")
    EVENT = "event", _("推介会")
    ONLINE = "online", _("云招商")
    DIRECT = "direct", _("自主对接")


class MajorLevel(models.TextChoices):
    PROVINCE = "province", _("省重大")
    CITY = "city", _("市重大")
    DISTRICT = "district", _("区重点")


class Top500(models.TextChoices):
    GLOBAL = "global500", _("世界500强")
    CHINA = "china500", _("中国500强")
    PRIVATE = "private500", _("民营500强")


class InteractionKind(models.TextChoices):
    VISIT = "visit", _("走访拜访")
    MEETING = "meeting", _("洽谈会议")
    CALL = "call", _("电话沟通")
    EVENT = "event", _("推介活动")
    ONLINE = "online", _("线上会议")


# Amount bands of the list filter, in 万元 of CNY equivalent (1亿 = 10,000 万元).
AMOUNT_BANDS = {"1yi": 10_000, "5yi": 50_000, "10yi": 100_000}
AMOUNT_BAND_CHOICES = [("1yi", _("1亿元以上")), ("5yi", _("5亿元以上")), ("10yi", _("10亿元以上"))]
