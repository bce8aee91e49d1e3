"""Writes of the review queue: an article in, its records out, and the decisions on each record.

Importing this module registers the extraction job handler, so the app's `ready()` imports it.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhaoshang.changelog.services import log_note
from zhaoshang.core.money import Currency, format_wan
from zhaoshang.core.services import ensure_can_write
from zhaoshang.enterprises.services import enterprise_find_or_create
from zhaoshang.intelligence.choices import (
    EVENT_LABELS,
    FIGURE_DECISIONS,
    PROJECT_DECISIONS,
    FigureKind,
    ReviewStatus,
)
from zhaoshang.intelligence.extract.api import extract
from zhaoshang.intelligence.extract.normalise import Normalised, normalise, readable
from zhaoshang.intelligence.extract.readers import ReadError, read_bytes
from zhaoshang.intelligence.models import (
    Article,
    FigureRecord,
    ProjectRecord,
    ProjectSource,
)
from zhaoshang.jobs.runner import JobError, enqueue, handler
from zhaoshang.projects import rules
from zhaoshang.projects.choices import PIPELINE_INDEX, Stage
from zhaoshang.projects.models import Project
from zhaoshang.projects.services import project_create, today

JOB_KIND = "intelligence.extract"
# A paste up to this many characters is extracted while the user waits (well under a second); longer
# pastes and every upload go to a background job whose page shows progress.
SYNC_LIMIT = 20_000
TITLE_LENGTH = 60

MSG_EMPTY_TEXT = "没有可提取的文字。"
MSG_ALREADY_DECIDED = "这条记录已由{who}于 {when} 处理为“{status}”, 请刷新页面。"
MSG_NOT_ALLOWED = "这条记录不能“{status}”。"
MSG_OTHER_ZONE_PROJECT = "只能并入本园区的项目。"
MSG_OTHER_ZONE_INVESTOR = "投资方必须是本园区企业库中的企业。"
MSG_INVESTOR_REQUIRED = "文中没有投资方, 请选择企业库中的企业或填写投资方名称。"
MSG_STAGE_NO_DATE = "文中没有“{stage}”的日期, 按今天的线索建档; 请在项目页登记{stage}及其日期。"
MSG_STAGE_VAGUE = "文中“{stage}”的日期只到年份({when}), 按今天的线索建档; 请在项目页登记{stage}及其日期。"
MSG_STAGE_INVALID = "文中的阶段日期不符合项目阶段规则: {error} 按今天的线索建档。"
MSG_NO_AMOUNT = "文中没有投资额, 总投资暂记为0, 请在项目页补充。"
MSG_OTHER_CURRENCY = "文中投资额为{amount}{unit}, 项目库只收人民币和美元, 总投资暂记为0, 请折算后在项目页填写。"

CENT = Decimal("0.01")


# ---- articles in -------------------------------------------------------------------------------------------

def content_hash(clean: Normalised) -> str:
    """The article's fingerprint: its normalised text without any white space."""
    return hashlib.sha256("".join(clean.text.split()).encode()).hexdigest()


def _title(text: str, file_name: str) -> str:
    """The first line, cut at its first full stop when long; else the file's name."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(line) > TITLE_LENGTH:
        stop = line.find("。")
        line = line[:stop] if 0 < stop <= TITLE_LENGTH else line[:TITLE_LENGTH] + "…"
    return line or file_name or "未命名文章"


def _money(data: dict | None) -> tuple[Decimal | None, str]:
    if not data:
        return None, ""
    try:
        return Decimal(data["value"]).quantize(CENT, rounding=ROUND_HALF_UP), data.get("currency") or ""
    except (InvalidOperation, KeyError, TypeError):
        return None, ""


def main_amount(amounts: list[dict]) -> dict | None:
    """The project's investment as the queue shows it: the total, else the fixed-asset investment."""
    by_kind = {item.get("kind"): item for item in amounts or []}
    return by_kind.get("total") or by_kind.get("fixed_asset")


def _locate(clean: Normalised, evidence: str) -> tuple[int | None, int | None]:
    """The span in the article of a statistic's or target's sentence (the extractor gives none)."""
    start = clean.text.find(evidence) if evidence else -1
    if start < 0:
        return None, None
    return clean.span(start, start + len(evidence))


def _project_record(article: Article, position: int, item: dict) -> ProjectRecord:
    main = main_amount(item.get("amounts"))
    amount, currency = _money(main)
    span = item.get("span") or [None, None]
    return ProjectRecord(
        article=article, position=position, data=item, evidence=item.get("evidence") or "",
        span_start=span[0], span_end=span[1], name=(item.get("name") or "")[:150],
        investor_name=(item.get("investor") or "")[:120], place=((item.get("place") or {}).get("text") or "")[:100],
        amount=amount, amount_kind=(main or {}).get("kind") or "", currency=currency[:3],
        stage=item.get("stage") or "", stage_date=item.get("stage_date") or "",
    )


def _figure_record(article: Article, kind: str, position: int, item: dict, clean: Normalised) -> FigureRecord:
    amount, currency = _money(item.get("amount") if kind == FigureKind.STATISTIC else item.get("threshold"))
    period = item.get("period") or [None, None]
    start, end = _locate(clean, item.get("evidence") or "")
    event = item.get("event") or ""
    return FigureRecord(
        article=article, kind=kind, position=position, data=item, evidence=item.get("evidence") or "",
        span_start=start, span_end=end, subject=(item.get("subject") or "")[:100],
        event=event if event in EVENT_LABELS else "",
        period_start=date.fromisoformat(period[0]) if period[0] else None,
        period_end=date.fromisoformat(period[1]) if period[1] else None,
        count=item.get("count"), comparator=item.get("comparator") or "", amount=amount, currency=currency[:3],
    )


def _save_records(article: Article, document: dict, clean: Normalised) -> None:
    projects = [_project_record(article, position, item) for position, item in enumerate(document["projects"])]
    figures = [_figure_record(article, kind, position, item, clean)
               for kind, key in ((FigureKind.STATISTIC, "statistics"), (FigureKind.TARGET, "targets"))
               for position, item in enumerate(document[key])]
    for record in [*projects, *figures]:
        record.full_clean(validate_constraints=False)
    ProjectRecord.objects.bulk_create(projects)
    FigureRecord.objects.bulk_create(figures)


@dataclass(frozen=True)
class Submission:
    article: Article
    created: bool  # False: the zone had this article already, and it was not extracted again


@transaction.atomic
def article_submit(*, zone, by, text: str, title: str = "", source: str = "", url: str = "",
                   published_on: date | None = None, file_name: str = "") -> Submission:
    """Keep an article and extract its records, unless the zone has the same text already."""
    ensure_can_write(by, zone.pk)
    text = readable(text.replace("\r\n", "\n")).strip()
    if not text:
        raise ValidationError({"text": MSG_EMPTY_TEXT})
    clean = normalise(text)
    digest = content_hash(clean)
    existing = Article.objects.filter(zone=zone, content_hash=digest).first()
    if existing is not None:
        return Submission(existing, created=False)
    document = extract(text, date=published_on, source=file_name or None)
    article = Article(
        zone=zone, title=(title.strip() or _title(text, file_name))[:200], source=source.strip(), url=url.strip(),
        published_on=published_on or (date.fromisoformat(document["date"]) if document["date"] else None),
        file_name=file_name[:200], text=text, content_hash=digest, cleaning=list(clean.steps),
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    article.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: the same article submitted at the same moment by a colleague
            article.save()
    except IntegrityError:
        return Submission(Article.objects.get(zone=zone, content_hash=digest), created=False)
    _save_records(article, document, clean)
    return Submission(article, created=True)


def pack_files(files: list[tuple[str, bytes]]) -> bytes:
    """Several uploads in the one binary column a job row has: a zip archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(files):
            archive.writestr(f"{index:04d}/{name}", data)
    return buffer.getvalue()


def unpack_files(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(item.filename.split("/", 1)[1], archive.read(item)) for item in sorted(archive.infolist(),
                                                                                        key=lambda i: i.filename)]


def articles_enqueue(*, zone, by, files: list[tuple[str, bytes]], title: str = "", source: str = "", url: str = "",
                     published_on: date | None = None):
    """Extract files (or a long paste, as one .txt) in the background; the job page shows each file's outcome.
    A title and an address only apply to a single file."""
    ensure_can_write(by, zone.pk)
    label = f"提取情报: {files[0][0]}" + (f" 等{len(files)}个文件" if len(files) > 1 else "")
    single = len(files) == 1
    return enqueue(kind=JOB_KIND, title=label[:200], zone=zone, user=by, data=pack_files(files),
                   data_name=files[0][0][:200],
                   payload={"source": source, "title": title if single else "", "url": url if single else "",
                            "published_on": published_on.isoformat() if published_on else None})


@handler(JOB_KIND)
def extract_files_job(job, progress) -> dict:
    files = unpack_files(bytes(job.data))
    published_on = job.payload.get("published_on")
    outcomes, created, duplicates = [], 0, 0
    for index, (name, data) in enumerate(files):
        progress(index * 100 // len(files), f"正在提取 {name} ({index + 1}/{len(files)})")
        try:
            submission = article_submit(
                zone=job.zone, by=job.created_by, text=read_bytes(data, name), file_name=name,
                title=job.payload.get("title") or "", source=job.payload.get("source") or "",
                url=job.payload.get("url") or "",
                published_on=date.fromisoformat(published_on) if published_on else None)
        except PermissionDenied as exc:
            raise JobError(str(exc)) from exc
        except ReadError as exc:
            outcomes.append({"name": name, "error": exc.zh})
        except ValidationError as exc:
            outcomes.append({"name": name, "error": " ".join(exc.messages)})
        else:
            article = submission.article
            created += submission.created
            duplicates += not submission.created
            outcomes.append({"name": name, "article": article.pk, "title": article.title,
                             "duplicate": not submission.created})
    return {"files": outcomes, "created": created, "unchanged": duplicates,
            "failed": sum("error" in outcome for outcome in outcomes)}


# ---- decisions ---------------------------------------------------------------------------------------------

def _lock_for(record, status: str):
    """The record, locked, if `status` is a decision its current state allows."""
    decisions = PROJECT_DECISIONS if isinstance(record, ProjectRecord) else FIGURE_DECISIONS
    locked = type(record).objects.select_for_update(of=("self",)).select_related("article").get(pk=record.pk)
    if locked.status not in decisions:
        who = locked.decided_by.display_name if locked.decided_by else "系统"
        raise ValidationError(MSG_ALREADY_DECIDED.format(
            who=who, when=timezone.localtime(locked.decided_at).strftime("%Y-%m-%d %H:%M"),
            status=locked.get_status_display()))
    if status not in decisions[locked.status]:
        raise ValidationError(MSG_NOT_ALLOWED.format(status=ReviewStatus(status).label))
    return locked


def _decide(record, status: str, by, **fields) -> None:
    record.status = status
    record.decided_by = by if getattr(by, "pk", None) else None
    record.decided_at = timezone.now()
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean(validate_constraints=False)
    record.save(update_fields=["status", "decided_by", "decided_at", *fields])


def _partial_date(text: str) -> date | None:
    """2023-12-05 as it is; 2023-12 as its first day (a stage reached in a month is reached by its end,
    but the first day cannot lie after today in the current month); a bare year is too vague."""
    parts = text.split("-") if text else []
    try:
        if len(parts) == 3:
            return date.fromisoformat(text)
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1)
    except ValueError:
        return None
    return None


def lead_stage_dates(record: ProjectRecord) -> tuple[dict[str, date], str]:
    """The stage the article says the project reached, with its date, if the project rules accept it;
    otherwise nothing (project_create then makes a lead today) and the reason why, to tell the user."""
    if record.stage not in PIPELINE_INDEX or record.stage == Stage.LEAD and not record.stage_date:
        return {}, ""
    label = Stage(record.stage).label
    if not record.stage_date:
        return {}, MSG_STAGE_NO_DATE.format(stage=label)
    when = _partial_date(record.stage_date)
    if when is None:
        return {}, MSG_STAGE_VAGUE.format(stage=label, when=record.stage_date)
    errors = rules.check_stage_dates({record.stage: when}, today())
    if errors:
        return {}, MSG_STAGE_INVALID.format(error=" ".join(errors.values()))
    return {record.stage: when}, ""


def lead_fields(record: ProjectRecord) -> tuple[dict, list[str]]:
    """A new project's facts from the record: investment in 万元 or 万美元, fixed-asset and foreign
    investment, announced outputs; and what could not be taken over, to tell the user."""
    fields: dict = {"currency": Currency.CNY, "total_investment": Decimal(0)}
    notes = []
    if record.amount is None:
        notes.append(MSG_NO_AMOUNT)
    elif record.currency in Currency.values:
        fields.update(currency=record.currency, total_investment=record.amount)
    else:
        main = main_amount(record.data.get("amounts"))
        notes.append(MSG_OTHER_CURRENCY.format(amount=main["value"], unit=main["unit"]))
    for item in record.data.get("amounts") or []:
        value, currency = _money(item)
        if item.get("kind") == "fixed_asset" and currency == Currency.CNY:
            fields["fixed_asset_investment"] = value
        elif item.get("kind") == "foreign" and currency == Currency.USD:
            fields.update(foreign_investment=value, is_foreign=True)
    outputs = {"output": "expected_output", "taxable_sales": "expected_taxable_sales", "tax": "expected_tax"}
    for item in record.data.get("outputs") or []:
        if item.get("kind") in outputs and item.get("unit") == "万元":
            fields[outputs[item["kind"]]] = _money(item)[0]
        elif item.get("kind") == "jobs" and str(item.get("value", "")).isdigit():
            fields["expected_jobs"] = int(item["value"])
    return fields, notes


def _article_line(article: Article) -> str:
    when = f"({article.published_on:%Y-%m-%d})" if article.published_on else ""
    return f"《{article.title}》{when}"


def record_summary(record: ProjectRecord) -> str:
    """What the article says of the project, in one line for the project's history."""
    said = []
    if record.stage in PIPELINE_INDEX:
        said.append(f"{Stage(record.stage).label}{' ' + record.stage_date if record.stage_date else ''}")
    if record.amount is not None and record.currency in Currency.values:
        said.append(f"投资{format_wan(record.amount, record.currency)}")
    evidence = record.evidence if len(record.evidence) <= 200 else record.evidence[:200] + "…"
    return f"{_article_line(record.article)}{'; ' + ', '.join(said) if said else ''}; 原文: {evidence}"


@dataclass
class Accepted:
    project: Project
    notes: list[str] = field(default_factory=list)  # what was not taken over from the article, and why


@transaction.atomic
def project_record_accept(*, record: ProjectRecord, by, name: str = "", investor=None,
                          investor_name: str = "") -> Accepted:
    """A new lead from the record: the investor found in (or added to) the library, the project with the
    stage, date and investment the article gives where the project rules allow them."""
    zone = record.article.zone
    ensure_can_write(by, zone.pk)
    record = _lock_for(record, ReviewStatus.ACCEPTED)
    if investor is None:
        investor_name = (investor_name or record.investor_name).strip()
        if not investor_name:
            raise ValidationError({"investor_name": MSG_INVESTOR_REQUIRED})
        investor = enterprise_find_or_create(zone=zone, by=by, name=investor_name)
    elif investor.zone_id != zone.pk:
        raise ValidationError({"investor": MSG_OTHER_ZONE_INVESTOR})
    fields, notes = lead_fields(record)
    stage_dates, stage_note = lead_stage_dates(record)
    if stage_note:
        notes.insert(0, stage_note)
    project = project_create(zone=zone, by=by, stage_dates=stage_dates, name=(name.strip() or record.name)[:150],
                             investor=investor, description=f"据{_article_line(record.article)}: {record.evidence}",
                             **fields)
    ProjectSource.objects.create(project=project, article=record.article, record=record,
                                 linked_by=by if getattr(by, "pk", None) else None)
    log_note(project, zone_id=zone.pk, actor=by, label="来源文章", new=record_summary(record))
    _decide(record, ReviewStatus.ACCEPTED, by, project=project)
    return Accepted(project, notes)


@transaction.atomic
def project_record_merge(*, record: ProjectRecord, project: Project, by) -> ProjectSource:
    """The record is about a project already on file: link the article to it and note what it says."""
    zone_id = record.article.zone_id
    ensure_can_write(by, zone_id)
    if project.zone_id != zone_id:
        raise ValidationError({"project": MSG_OTHER_ZONE_PROJECT})
    record = _lock_for(record, ReviewStatus.MERGED)
    source, _ = ProjectSource.objects.get_or_create(
        project=project, article=record.article,
        defaults={"record": record, "linked_by": by if getattr(by, "pk", None) else None})
    log_note(project, zone_id=zone_id, actor=by, label="来源文章", new=record_summary(record))
    _decide(record, ReviewStatus.MERGED, by, project=project)
    return source


@transaction.atomic
def record_reject(*, record: ProjectRecord | FigureRecord, by, reason: str = "") -> ProjectRecord | FigureRecord:
    """A misreading, or a project of no interest: kept, marked rejected, with the reason if given."""
    ensure_can_write(by, record.article.zone_id)
    record = _lock_for(record, ReviewStatus.REJECTED)
    _decide(record, ReviewStatus.REJECTED, by, reason=reason.strip()[:200])
    return record
