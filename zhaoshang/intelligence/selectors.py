"""Reads of the review queue: articles with their counts, the text cut for highlighting, market figures."""

from dataclasses import dataclass
from itertools import pairwise

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from zhaoshang.intelligence.choices import FigureKind, ReviewStatus
from zhaoshang.intelligence.filtersets import ArticleFilterSet, FigureFilterSet
from zhaoshang.intelligence.matching import Matches, Wanted, ZoneIndex
from zhaoshang.intelligence.models import (
    Article,
    FigureRecord,
    ProjectRecord,
    ProjectSource,
)
from zhaoshang.intelligence.services import JOB_KIND
from zhaoshang.jobs.models import Job


def _count(model, **conditions) -> Coalesce:
    """A correlated count per article (two Counts over two joins would multiply each other)."""
    rows = (model.objects.filter(article=OuterRef("pk"), **conditions).order_by()
            .values("article").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def visible_articles(user) -> QuerySet:
    return Article.objects.visible_to(user).select_related("zone", "uploaded_by").defer("text").annotate(
        pending_count=_count(ProjectRecord, status=ReviewStatus.PENDING),
        project_count=_count(ProjectRecord),
        statistic_count=_count(FigureRecord, kind=FigureKind.STATISTIC),
        target_count=_count(FigureRecord, kind=FigureKind.TARGET),
    )


def _filtered(filterset_class, request, base: QuerySet):
    """The FilterSet of the request; an invalid value empties the list rather than widening it."""
    filterset = filterset_class(request.GET or None, queryset=base, request=request)
    if filterset.is_bound and not filterset.is_valid():
        filterset.queryset = base.none()
    return filterset


def filter_articles(request) -> ArticleFilterSet:
    return _filtered(ArticleFilterSet, request, visible_articles(request.user))


def filter_figures(request) -> FigureFilterSet:
    base = (FigureRecord.objects.visible_to(request.user).filter(status=ReviewStatus.KEPT)
            .select_related("article__zone"))
    return _filtered(FigureFilterSet, request, base)


def extraction_jobs(user) -> QuerySet:
    return Job.objects.visible_to(user).filter(kind=JOB_KIND).defer("data").select_related("created_by")


@dataclass(frozen=True)
class Segment:
    """A stretch of the article's text, with the records whose evidence covers it."""

    text: str
    marks: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()  # records whose evidence begins here

    @property
    def kind(self) -> str:
        return self.marks[0][0] if self.marks else ""


def segments(text: str, spans: list[tuple[str, int, int]]) -> list[Segment]:
    """Cut the text at every span boundary; `spans` are (key, start, end), a key like "p12" or "s3".
    Spans overlap (two projects of one sentence), so a stretch may carry several keys."""
    spans = [(key, max(0, start), min(len(text), end)) for key, start, end in spans if start < end]
    bounds = sorted({0, len(text), *(s for _, s, _ in spans), *(e for _, _, e in spans)})
    result = []
    for start, end in pairwise(bounds):
        marks = tuple(key for key, s, e in spans if s <= start and end <= e)
        anchors = tuple(key for key, s, _ in spans if s == start)
        result.append(Segment(text[start:end], marks, anchors))
    return result


def article_segments(article: Article, projects: list[ProjectRecord], figures: list[FigureRecord]) -> list[Segment]:
    return segments(article.text, [(record.key, *record.span) for record in [*projects, *figures] if record.span])


def wanted(record: ProjectRecord) -> Wanted:
    return Wanted(name=record.name, investor=record.investor_name, amount=record.amount, currency=record.currency)


def record_matches(records: list[ProjectRecord], zone_id: int) -> dict[int, Matches]:
    """The best match of each pending record among the zone's projects and enterprises."""
    pending = [record for record in records if record.status == ReviewStatus.PENDING]
    if not pending:
        return {}
    index = ZoneIndex(zone_id)
    return {record.pk: index.match(wanted(record)) for record in pending}


def sources_of(project) -> QuerySet:
    """The articles a project was found in, newest link first (for the project page)."""
    return ProjectSource.objects.filter(project=project).select_related("article", "linked_by")
