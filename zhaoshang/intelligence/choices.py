"""What an extracted record is and where its review stands, with the decisions allowed from each state."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.projects.choices import PIPELINE, Stage


class FigureKind(models.TextChoices):
    STATISTIC = "statistic", _("统计")
    TARGET = "target", _("目标")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("待处理")
    ACCEPTED = "accepted", _("已建为新线索")
    MERGED = "merged", _("已并入项目")
    KEPT = "kept", _("已存为市场情报")
    REJECTED = "rejected", _("已驳回")


# A project record waits for a person; a statistic or target is kept at once as market intelligence
# (issue 5) and only a misreading is rejected. Every decision is final: the record then names who and when.
PROJECT_DECISIONS: dict[str, tuple[str, ...]] = {
    ReviewStatus.PENDING: (ReviewStatus.ACCEPTED, ReviewStatus.MERGED, ReviewStatus.REJECTED),
}
FIGURE_DECISIONS: dict[str, tuple[str, ...]] = {
    ReviewStatus.KEPT: (ReviewStatus.REJECTED,),
}
PROJECT_STATUSES = [(status, ReviewStatus(status).label) for status in (
    ReviewStatus.PENDING, ReviewStatus.ACCEPTED, ReviewStatus.MERGED, ReviewStatus.REJECTED)]
FIGURE_STATUSES = [(status, ReviewStatus(status).label) for status in (ReviewStatus.KEPT, ReviewStatus.REJECTED)]


class Comparator(models.TextChoices):
    AT_LEAST = ">=", _("不少于")
    AT_MOST = "<=", _("不超过")


# Events of statistics and targets: the project stages plus the two figures reported in bulk.
EVENT_LABELS: dict[str, str] = {stage: str(Stage(stage).label) for stage in PIPELINE} | {
    "fdi_utilised": "实际利用外资", "investment_completed": "完成投资",
}
EVENT_CHOICES = list(EVENT_LABELS.items())

# Amount kinds of an extracted project, and of its announced outputs, as the extractor names them.
AMOUNT_KIND_LABELS = {"total": "总投资", "fixed_asset": "固定资产投资", "foreign": "外资"}
OUTPUT_KIND_LABELS = {
    "taxable_sales": "应税销售", "invoiced_sales": "开票销售", "sales": "销售收入", "output": "产值", "tax": "税收",
    "profit_and_tax": "利税", "profit": "利润", "exports": "出口", "jobs": "就业",
}
