"""Writes of evaluation runs: create (and evaluate in a job), publish, delete.

A run copies the scheme's settings when it is created and every input figure into its results when it is
evaluated, so a published year reads the same whatever is later edited in the data or the scheme.
"""

import copy
import json
from typing import Callable

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import FloatField, Q
from django.db.models.functions import Cast
from django.utils import timezone

from zhaoshang.changelog.services import log_note
from zhaoshang.core.bulk import insert_rows
from zhaoshang.core.services import actor, ensure_can_write
from zhaoshang.enterprises.choices import EnterpriseTagKind
from zhaoshang.enterprises.models import EnterpriseTag
from zhaoshang.evaluation.engine.data import Dataset
from zhaoshang.evaluation.engine.scheme import SchemeError, SchemeSpec
from zhaoshang.evaluation.engine.score import EvaluationError, Outcome, evaluate
from zhaoshang.evaluation.models import EnterpriseYear, EvaluationResult, EvaluationRun, RunStatus
from zhaoshang.jobs.models import JobStatus
from zhaoshang.jobs.runner import JobError, enqueue

MSG_NO_DATA = "{year}年还没有企业数据, 请先导入。"
MSG_SCHEME_OTHER_ZONE = "只能使用本园区的评价方案。"
MSG_SCHEME_INVALID = "评价方案“{name}”的设置有误, 请先修改方案: {errors}"
MSG_YEAR_RANGE = "评价年度应在 2000 至 2100 之间。"
MSG_PUBLISH_NOT_DRAFT = "只有草稿状态的评价结果可以发布(本批次为“{status}”)。"
MSG_PUBLISH_NOT_READY = "评价尚未完成或已失败, 不能发布。请等待评价完成, 或删除后重新评价。"
MSG_DELETE_PUBLISHED = "已发布的评价结果不能删除: 它是该年度的正式结果。如需更正, 请重新评价并发布新的结果, 原结果将标记为“已被替代”。"
MSG_DELETE_RUNNING = "评价正在进行, 请等评价完成后再删除。"
MSG_NO_CREDIT_CODE = "{names}没有统一社会信用代码, 未参加评价: 请在企业库中补填后重新评价。"
MSG_RUN_FAILED_SCHEME = "本批次保存的评价方案设置有误: {errors}"
MSG_NOT_DRAFT = "只有草稿可以重新评价: 已发布的结果保持不变。"

FLOAT_SOURCES = ("land_mu", "revenue", "tax", "value_added", "energy_tce", "electricity", "emissions",
                 "employees", "rd", "taxable_sales", "production_year")
TEXT_SOURCES = (("enterprise_id", "enterprise_id"), ("credit_code", "enterprise__credit_code"),
                ("name", "enterprise__name"), ("above_scale", "above_scale"),
                ("industry_code", "industry__code"), ("parcel_code", "parcel__code"), ("tenure", "tenure"),
                ("under_construction", "under_construction"))
BATCH = 5000



# ------------------------------------------------------------------------------------------------ create


@transaction.atomic
def run_create(*, zone, year: int, scheme, by, note: str = "") -> EvaluationRun:
    """A draft run of `year` with a copy of `scheme`, evaluated by a background job."""
    ensure_can_write(by, zone.pk)
    if scheme.zone_id != zone.pk:
        raise ValidationError({"scheme": MSG_SCHEME_OTHER_ZONE})
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": MSG_YEAR_RANGE})
    if not EnterpriseYear.objects.filter(zone=zone, year=year).exists():
        raise ValidationError({"year": MSG_NO_DATA.format(year=year)})
    try:
        SchemeSpec.from_dict(scheme.spec)
    except SchemeError as error:
        raise ValidationError({"scheme": MSG_SCHEME_INVALID.format(
            name=scheme.name, errors="; ".join(error.errors.values()))}) from None
    run = EvaluationRun.objects.create(
        zone=zone, year=year, scheme=scheme, scheme_name=scheme.name, spec=copy.deepcopy(scheme.spec),
        note=(note or "")[:200], created_by=actor(by),
    )
    log_note(run, zone_id=zone.pk, actor=actor(by), label="新建评价", new=f"{year}年 · {scheme.name}")
    from zhaoshang.evaluation.jobs import RUN  # jobs imports this module

    run.job = enqueue(kind=RUN, title=f"亩均效益评价 · {year}年 · {scheme.name}", zone=zone, user=actor(by),
                      payload={"run": run.pk})
    run.save(update_fields=["job"])
    return run


# -------------------------------------------------------------------------------------------- evaluate


def run_evaluation_job(job, progress) -> dict:
    run = EvaluationRun.objects.select_related("zone").get(pk=job.payload["run"])
    if run.status != RunStatus.DRAFT:  # a published year is never evaluated again
        raise JobError(MSG_NOT_DRAFT)
    try:
        outcome = evaluate_run(run, progress=progress)
    except EvaluationError as error:
        raise JobError(str(error)) from None
    return {"run": run.pk, "evaluated": outcome.n, "counts": run.counts}


def evaluate_run(run: EvaluationRun, progress: Callable[[int, str], None] | None = None) -> Outcome:
    """Evaluate the run's zone and year with its stored spec and store every result (replacing any)."""
    report = progress or (lambda percent, message="": None)
    try:
        spec = SchemeSpec.from_dict(run.spec)
    except SchemeError as error:
        raise EvaluationError(MSG_RUN_FAILED_SCHEME.format(errors="; ".join(error.errors.values()))) from None
    report(5, "读取企业数据")
    current, enterprise_ids = year_dataset(run.zone_id, run.year, with_tags=True)
    if not current.n:
        raise EvaluationError(MSG_NO_DATA.format(year=run.year))
    previous, _ = year_dataset(run.zone_id, run.year - 1)
    history = published_history(run.zone_id, run.year)
    report(25, "计算得分和分类")
    outcome = evaluate(current, spec, run.year, previous=previous if previous.n else None, history=history)
    report(45, "保存评价结果")
    # One transaction: a run is stored whole or not at all. (Progress written inside it would only show at
    # commit, so the bar waits at 45 % for the few seconds this takes.)
    with transaction.atomic():
        EvaluationResult.objects.filter(run=run).delete()
        store_results(run, outcome, enterprise_ids)
        run.benchmarks = {group: {key: bench.as_dict() for key, bench in items.items()}
                          for group, items in outcome.benchmarks.items()}
        run.references = outcome.references
        run.warnings = list(outcome.warnings) + _uncoded_warning(run)
        run.counts = outcome.counts()
        run.save(update_fields=["benchmarks", "references", "warnings", "counts"])
    return outcome


def year_dataset(zone_id: int, year: int, *, with_tags: bool = False) -> tuple[Dataset, np.ndarray]:
    """The zone's figures of a year as engine columns, straight from one query, and the enterprise ids.

    The values_list query is run on a plain cursor: figures are cast to float in the database and taken as
    the driver returns them, since Django's per-value converters cost more than the query itself
    (0.5 s for 100,000 rows). The engine computes with floats anyway.
    """
    queryset = EnterpriseYear.objects.filter(zone_id=zone_id, year=year).exclude(enterprise__credit_code="")
    queryset = queryset.order_by("pk").values_list(
        *(source for _, source in TEXT_SOURCES), *(Cast(name, FloatField()) for name in FLOAT_SOURCES))
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    n_text = len(TEXT_SOURCES)
    if rows:
        transposed = list(zip(*rows))
    else:
        transposed = [()] * (n_text + len(FLOAT_SOURCES))
    columns: dict[str, object] = {name: list(transposed[index]) for index, (name, _) in enumerate(TEXT_SOURCES)}
    for index, name in enumerate(FLOAT_SOURCES):
        columns[name] = np.array(transposed[n_text + index], dtype=np.float64)  # None → NaN
    enterprise_ids = np.asarray(columns.pop("enterprise_id"), dtype=np.int64)
    n = len(enterprise_ids)
    columns["year"] = [year] * n
    for name in ("above_scale", "under_construction"):  # SQLite gives 0 and 1
        columns[name] = [bool(value) for value in columns[name]]
    for name in ("industry_code", "parcel_code"):
        columns[name] = ["" if value is None else value for value in columns[name]]
    if with_tags and n:
        columns["tags"] = _tags(enterprise_ids, zone_id, year)
    return Dataset(columns), enterprise_ids


def _uncoded_warning(run: EvaluationRun) -> list[str]:
    """Results are matched across years by credit code, so figures of an enterprise without one are left out."""
    names = list(EnterpriseYear.objects.filter(zone_id=run.zone_id, year=run.year, enterprise__credit_code="")
                 .values_list("enterprise__name", flat=True)[:6])
    if not names:
        return []
    shown = "、".join(names[:5]) + ("等" if len(names) > 5 else "")
    return [MSG_NO_CREDIT_CODE.format(names=shown)]


def _tags(enterprise_ids: np.ndarray, zone_id: int, year: int) -> list[tuple[str, ...]]:
    """Tags held in `year` (no year, or obtained by then), by label: scheme bonus items name tag labels."""
    labels = {value: str(label) for value, label in EnterpriseTagKind.choices}
    held: dict[int, list[str]] = {}
    tags = EnterpriseTag.objects.filter(enterprise__zone_id=zone_id).filter(
        Q(year__isnull=True) | Q(year__lte=year)).values_list("enterprise_id", "kind")
    for enterprise_id, kind in tags:
        held.setdefault(enterprise_id, []).append(labels.get(kind, kind))
    return [tuple(held.get(enterprise_id, ())) for enterprise_id in enterprise_ids.tolist()]


def published_history(zone_id: int, year: int) -> dict[str, dict[int, str]]:
    """credit code → {year: class} from the zone's published runs of earlier years (consecutive-D rules)."""
    history: dict[str, dict[int, str]] = {}
    rows = EvaluationResult.objects.filter(
        run__zone_id=zone_id, run__status=RunStatus.PUBLISHED, run__year__lt=year,
        klass__in=("A", "B", "C", "D")).values_list("credit_code", "run__year", "klass")
    for code, run_year, klass in rows:
        history.setdefault(code, {})[run_year] = klass
    return history


def store_results(run: EvaluationRun, outcome: Outcome, enterprise_ids: np.ndarray,
                  progress: Callable[[int, str], None] | None = None) -> int:
    """Insert the outcome's records as EvaluationResult rows, BATCH at a time.

    bulk_create spends ~20 µs a field preparing values, 20 s for 100,000 results; here each row's values
    are prepared once and written with `insert_rows` (COPY or multi-row INSERTs): about 3 s in all, most of
    it turning the engine's arrays into rows and JSON.
    """
    ids = enterprise_ids.tolist()
    stored = 0
    for start in range(0, outcome.n, BATCH):
        stop = min(start + BATCH, outcome.n)
        stored += insert_rows(EvaluationResult, STORED_FIELDS, (
            _result_values(run.pk, row, ids[start + j]) for j, row in enumerate(outcome.rows(start, stop))))
        if progress:
            progress(45 + int(50 * stop / outcome.n), f"已保存 {stop}/{outcome.n} 条")
    return stored


STORED_FIELDS = ("run", "enterprise", "credit_code", "name", "group", "status", "reason", "klass", "total", "bonus",
                 "rank", "rank_of", "percentile", "forced", "follows", "unit", "streak", "above_scale", "land_mu",
                 "revenue", "tax", "inputs", "indicators", "bonuses", "policies", "underused")
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def _result_values(run_id: int, row: dict, enterprise_id: int) -> tuple:
    """One result's column values in STORED_FIELDS order, as the database takes them.

    Figures need no rounding here: totals and scores come rounded from the engine, inputs were read from
    2-decimal columns, and the database keeps each column's places. `unit`: the engine's unit number + 1,
    so records of one pooled parcel (or a tenant and its owner) share it; 0 for records that are not rated
    and so belong to no unit.
    """
    inputs = row["inputs"]  # a fresh dict per row: what is popped here is stored in its own column
    for key in ("credit_code", "name"):
        del inputs[key]
    return (
        run_id, enterprise_id, row["credit_code"], row["name"][:120], row["group"], row["status"],
        (row["reason"] or "")[:100], row["class"] or "", row["total"], row["bonus"] or 0,
        row["rank"], row["rank_of"], row["percentile"], (row["forced"] or "")[:200], row["follows"] or "",
        row["unit"] + 1 if row["unit"] >= 0 else 0, row["streak"], bool(inputs.pop("above_scale")),
        inputs.pop("land_mu"), inputs.pop("revenue"), inputs.pop("tax"), _dumps(inputs), _dumps(row["indicators"]),
        _dumps(row["bonuses"]) if row["bonuses"] else "[]", _dumps(row["policies"]) if row["policies"] else "[]",
        bool(row["underused"]),
    )


# ------------------------------------------------------------------------------------- publish, delete


@transaction.atomic
def run_publish(*, run: EvaluationRun, by) -> EvaluationRun:
    """Make a draft the zone-year's official result; the one published before it becomes superseded."""
    ensure_can_write(by, run.zone_id)
    run = EvaluationRun.objects.select_for_update().get(pk=run.pk)  # no join: PostgreSQL locks no outer joins
    if run.status != RunStatus.DRAFT:
        raise ValidationError(MSG_PUBLISH_NOT_DRAFT.format(status=run.get_status_display()))
    if not run.counts or (run.job_id and run.job.status != JobStatus.SUCCEEDED):
        raise ValidationError(MSG_PUBLISH_NOT_READY)
    earlier = list(EvaluationRun.objects.select_for_update().filter(
        zone_id=run.zone_id, year=run.year, status=RunStatus.PUBLISHED).exclude(pk=run.pk))
    for old in earlier:
        old.status = RunStatus.SUPERSEDED
        old.save(update_fields=["status"])
        log_note(old, zone_id=old.zone_id, actor=actor(by), label="评价结果被替代", old="已发布", new="已被替代")
    run.status, run.published_at, run.published_by = RunStatus.PUBLISHED, timezone.now(), actor(by)
    run.save(update_fields=["status", "published_at", "published_by"])
    log_note(run, zone_id=run.zone_id, actor=actor(by), label="发布评价结果", old="草稿", new="已发布")
    return run


@transaction.atomic
def run_delete(*, run: EvaluationRun, by) -> None:
    """Delete a draft or a superseded run with its results; a published one is the year's record."""
    ensure_can_write(by, run.zone_id)
    run = EvaluationRun.objects.select_for_update().get(pk=run.pk)
    if run.status == RunStatus.PUBLISHED:
        raise ValidationError(MSG_DELETE_PUBLISHED)
    if run.job_id and run.job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
        raise ValidationError(MSG_DELETE_RUNNING)
    log_note(run, zone_id=run.zone_id, actor=actor(by), label="删除评价结果", old=str(run))
    run.delete()
