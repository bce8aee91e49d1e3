"""Importing projects: every row is checked against the library and the stage rules (projects.rules) first,
outside any transaction so progress shows; then everything is written in one transaction, or nothing.

The lookups are loaded once and the write is set-based (bulk statements in batches, never a query per
row), so 10,000 rows take seconds.
"""

import functools
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhaoshang.changelog.models import ChangeRecord
from zhaoshang.changelog.services import FieldValue, import_records, snapshot
from zhaoshang.core import xlsx
from zhaoshang.core.services import ensure_can_write
from zhaoshang.core.xlsx import CellError, Column, Row
from zhaoshang.enterprises.choices import EnterpriseLocation
from zhaoshang.enterprises.excel import EnterpriseIndex, IndustryIndex, read_credit_code
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.organisation.models import Team, Zone
from zhaoshang.organisation.selectors import to_cny
from zhaoshang.projects import rules
from zhaoshang.projects.choices import PIPELINE, PIPELINE_INDEX, ProjectStatus, Stage
from zhaoshang.projects.excel.columns import (
    CODE,
    CURRENCY,
    DROP_REASON,
    INDUSTRY,
    INVESTOR,
    INVESTOR_CODE,
    OFFICER,
    PHASE,
    PROJECT_COLUMNS,
    SHEET_TITLE,
    STAGE_HEADERS,
    STATUS,
    TEAM,
    PeopleIndex,
    to_phase,
)
from zhaoshang.projects.models import Project, StageEvent
from zhaoshang.projects.services import check_assignment, conversion_date, next_project_code, today

CORRECTION_REASON = "Excel导入更正"
MSG_UNKNOWN_CODE = "项目编号“{code}”在本园区不存在。新项目请让项目编号留空。"
MSG_DUPLICATE_CODE = "项目编号“{code}”在第{other}行也出现了, 同一项目在一个文件中只能有一行。"
MSG_TEAM_UNKNOWN = "本园区没有名为“{value}”的招商小组。"
MSG_STALE = "导入期间有项目被他人修改, 为免覆盖他人的修改, 未写入任何数据。请重新导入。"

# The status event that brings a project into each status.
STATUS_EVENT = {ProjectStatus.ACTIVE: Stage.RESUMED, ProjectStatus.ON_HOLD: Stage.ON_HOLD,
                ProjectStatus.DROPPED: Stage.DROPPED}
# A new investor is checked as an enterprise; its name's errors belong to the 投资方 cell.
INVESTOR_COLUMNS = (Column(INVESTOR, field="name"),)
# Always written on update; the facts and the stage fields only where some row changed them, because
# bulk_update builds a CASE per field and row, and that, not the database, is what takes the time.
ALWAYS_UPDATED = ["total_investment_cny", "version", "updated_at"]
STAGE_FIELDS = ["stage", "stage_date", "status"]


@dataclass
class _Item:
    """One checked row and what writing it means."""

    row: Row
    code: str
    dates: dict[str, date]
    status: str | None
    reason: str
    project: Project | None = None  # new and unsaved, or loaded and changed in memory
    is_new: bool = True
    unchanged: bool = False
    first_date: date | None = None  # a new project's earliest stage date: the year of its code
    before: dict[str, FieldValue] | None = None
    changed: set[str] = field(default_factory=set)  # tracked fields the row changes
    stamp: tuple[int, datetime] | None = None  # (version, updated_at) as checked
    events: list[StageEvent] = field(default_factory=list)  # to create
    moved: list[StageEvent] = field(default_factory=list)  # dates corrected
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new) for the change log


def _to_code(value: Any) -> str:
    return "".join(xlsx.to_text(value).translate(xlsx.FULL_WIDTH).split()).upper()


def _rule_failed(row: Row, exc: ValidationError, header: str) -> None:
    """A rule's refusal as row errors: a missing reason belongs to 终止原因, the rest to `header`."""
    pairs = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for key, messages in pairs:
        for message in messages:
            row.error(DROP_REASON if key == "reason" else header, message)


class _Import:
    """The zone's lookups, loaded once, and the checking of each row against them."""

    def __init__(self, *, zone, by, rows: list[Row]):
        self.zone, self.by = zone, by
        self.user = by if getattr(by, "pk", None) else None
        self.today = today()
        self.industries = IndustryIndex()
        self.library = EnterpriseIndex(zone.pk)
        self.people = PeopleIndex(zone.pk)
        self.teams = {team.name: team for team in Team.objects.filter(zone=zone)}
        self.new_investors: list[Enterprise] = []
        codes = {_to_code(row.raw(CODE)) for row in rows if row.raw(CODE) is not None}
        self.projects, self.events = self._load(codes)
        self.first_row: dict[str, Row] = {}
        self.duplicates: list[dict] = []
        # A USD amount is converted at its signing date's rate; rows share few (amount, date) pairs.
        self.cny = functools.cache(lambda amount, currency, on: to_cny(amount, currency=currency,
                                                                       zone_id=zone.pk, on=on))

    def _load(self, codes: set[str]) -> tuple[dict[str, Project], dict[int, list[StageEvent]]]:
        projects: dict[str, Project] = {}
        events: dict[int, list[StageEvent]] = {}
        for chunk in xlsx.chunked(sorted(codes)):
            found = Project.objects.filter(zone=self.zone, code__in=chunk).select_related(
                "investor", "industry", "team", "officer")
            projects.update((project.code, project) for project in found)
        for chunk in xlsx.chunked([project.pk for project in projects.values()]):
            active = StageEvent.objects.filter(project_id__in=chunk, voided_at__isnull=True).order_by("date", "id")
            for event in active:
                events.setdefault(event.project_id, []).append(event)
        return projects, events

    # ------------------------------------------------------------------------------------ reading

    def read(self, row: Row) -> _Item:
        code = row.value(CODE, _to_code, default="")
        project = self.projects.get(code) if code else None
        if code and project is None:
            row.error(CODE, MSG_UNKNOWN_CODE.format(code=code))
        if code:
            self._check_once(row, code)
        fields = xlsx.read_fields(row, PROJECT_COLUMNS, Project, lookups={
            INDUSTRY: ("industry", self.industries.find), PHASE: ("phase", to_phase),
            TEAM: ("team", self._team), OFFICER: ("officer", self.people.find),
        })
        investor = self._investor(row, current=project.investor if project else None)
        if investor is not None:
            fields["investor"] = investor
        self._check_assignment(row, fields, project)
        item = _Item(row=row, code=code,
                     dates={stage: when for stage, header in STAGE_HEADERS.items()
                            if (when := row.value(header, xlsx.to_date))},
                     status=row.value(STATUS, xlsx.to_choice(ProjectStatus.choices)),
                     reason=row.value(DROP_REASON, default=""))
        if project is not None:
            self._plan_update(item, project, fields)
        elif not code:
            self._plan_new(item, fields)
        return item

    def _check_once(self, row: Row, code: str) -> None:
        other = self.first_row.setdefault(code, row)
        if other is not row:
            for this, that in ((row, other), (other, row)):
                self.duplicates.append({"row": this.number, "column": CODE, "value": code,
                                        "message": MSG_DUPLICATE_CODE.format(code=code, other=that.number)})

    def _check_assignment(self, row: Row, fields: dict[str, Any], project: Project | None) -> None:
        """The rule the project services apply: a newly named officer or team must be assignable."""
        candidate = Project(zone=self.zone, officer=fields.get("officer"), team=fields.get("team"))
        try:
            check_assignment(candidate, old_officer_id=project.officer_id if project else None,
                             old_team_id=project.team_id if project else None)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                row.error(OFFICER if field == "officer" else TEAM, messages[0])

    def _team(self, value: Any) -> Team:
        team = self.teams.get(xlsx.to_text(value))
        if team is None:
            raise CellError(MSG_TEAM_UNKNOWN.format(value=xlsx.show(value)))
        return team

    def _investor(self, row: Row, *, current: Enterprise | None) -> Enterprise | None:
        """The library's enterprise for the row; a new target enterprise when it has none."""
        name = row.value(INVESTOR, required=True, default="")
        code = read_credit_code(row, INVESTOR_CODE) if row.has(INVESTOR_CODE) else ""
        if not name:
            return None
        # An exported row names its project's own investor; keep it even if the library has a namesake.
        if current is not None and (current.credit_code == code if code else current.name == name):
            return current
        try:
            found = self.library.find(code=code, name=name)
        except CellError as exc:
            row.error(INVESTOR, exc.message)
            return None
        if found is not None:
            return found
        investor = Enterprise(zone=self.zone, name=name, credit_code=code, location=EnterpriseLocation.TARGET,
                              created_by=self.user)
        errors = len(row.errors)
        xlsx.clean_fields(row, investor, INVESTOR_COLUMNS)
        if len(row.errors) == errors:
            self.library.add(investor)  # later rows naming it find this one instead of making another
            self.new_investors.append(investor)
        return investor

    # ----------------------------------------------------------------------------------- planning

    def _plan_new(self, item: _Item, fields: dict[str, Any]) -> None:
        row = item.row
        dates = item.dates or {Stage.LEAD: self.today}
        for stage, message in rules.check_stage_dates(dates, self.today).items():
            row.error(STAGE_HEADERS[stage], message)
        project = Project(zone=self.zone, created_by=self.user, **fields)
        xlsx.clean_fields(row, project, PROJECT_COLUMNS)
        latest = max(dates, key=PIPELINE_INDEX.__getitem__)
        project.stage, project.stage_date = latest, dates[latest]
        item.project, item.first_date = project, min(dates.values())
        item.events = [StageEvent(project=project, stage=stage, date=when, recorded_by=self.user)
                       for stage, when in sorted(dates.items(), key=lambda pair: PIPELINE_INDEX[pair[0]])]
        self._derive(item, dates.get(Stage.SIGNED))
        self._change_status(item, [rules.EventView(stage, when) for stage, when in dates.items()])

    def _plan_update(self, item: _Item, project: Project, fields: dict[str, Any]) -> None:
        item.project, item.is_new = project, False
        item.before = snapshot(project, Project.TRACKED_FIELDS)
        item.stamp = (project.version, project.updated_at)
        xlsx.assign(project, fields)
        xlsx.clean_fields(item.row, project, PROJECT_COLUMNS)
        events = self.events.get(project.pk, [])
        ok = self._correct_dates(item, events)
        views = [rules.EventView(event.stage, event.date) for event in events]
        # Only an active project advances: resume first, put on hold or drop after.
        if ok and item.status == ProjectStatus.ACTIVE:
            ok = self._change_status(item, views)
        if ok:
            ok = self._advance(item, views)
        if ok and item.status != ProjectStatus.ACTIVE:
            self._change_status(item, views)
        signed = next((event.date for event in [*events, *item.events] if event.stage == Stage.SIGNED), None)
        self._derive(item, signed)
        after = snapshot(project, Project.TRACKED_FIELDS)
        item.changed = {name for name in Project.TRACKED_FIELDS if item.before[name].raw != after[name].raw}
        item.unchanged = not item.notes and not item.changed

    def _correct_dates(self, item: _Item, events: list[StageEvent]) -> bool:
        """A changed date of a stage on record is a correction, checked as the correction service checks one
        (rules.check_date_change against its neighbours on the timeline).

        Several corrections in one row are applied one by one in the order that lets a consistent set
        through: moves to a later date from the last stage back, then moves to an earlier date from the
        first stage on — so shifting 线索 and 签约 both a month later is not refused halfway.
        """
        reached = {event.stage: event for event in events if event.stage in PIPELINE_INDEX}
        moves = [(reached[stage], when) for stage, when in item.dates.items()
                 if stage in reached and reached[stage].date != when]
        order = [move for move in moves if move[1] > move[0].date]
        order.sort(key=lambda move: -PIPELINE_INDEX[move[0].stage])
        order += sorted((move for move in moves if move[1] < move[0].date),
                        key=lambda move: PIPELINE_INDEX[move[0].stage])
        project = item.project
        for event, when in order:
            timeline = sorted(events, key=lambda other: (other.date, other.pk))
            try:
                rules.check_date_change(timeline=[rules.EventView(other.stage, other.date) for other in timeline],
                                        index=timeline.index(event), when=when, today=self.today)
            except ValidationError as exc:
                _rule_failed(item.row, exc, STAGE_HEADERS[event.stage])
                return False
            item.notes.append((f"更正{event.get_stage_display()}日期", str(event.date),
                               f"{when}；原因：{CORRECTION_REASON}"))
            event.date = when
            item.moved.append(event)
            if event.stage == project.stage:
                project.stage_date = when
        return True

    def _advance(self, item: _Item, views: list[rules.EventView]) -> bool:
        """Dates of stages not reached yet move the project forward (rules.check_advance, in pipeline order)."""
        project = item.project
        reached = {view.stage for view in views}
        for stage in PIPELINE:
            when = item.dates.get(stage)
            if when is None or stage in reached:
                continue
            try:
                rules.check_advance(current=project.stage, status=project.status, stage=stage, when=when,
                                    events=views, today=self.today)
            except ValidationError as exc:
                _rule_failed(item.row, exc, STAGE_HEADERS[stage])
                return False
            old = f"{project.get_stage_display()}({project.stage_date or ''})"
            item.events.append(StageEvent(project=project, stage=stage, date=when, recorded_by=self.user))
            views.append(rules.EventView(stage, when))
            project.stage, project.stage_date = stage, when
            item.notes.append(("推进阶段", old, f"{Stage(stage).label}({when})"))
        return True

    def _change_status(self, item: _Item, views: list[rules.EventView]) -> bool:
        """The 状态 cell, if it differs, as the status event that leads there, dated today."""
        project = item.project
        if item.status is None or item.status == project.status:
            return True
        event = STATUS_EVENT[item.status]
        reason = item.reason if event == Stage.DROPPED else ""
        try:
            status = rules.check_status_event(status=project.status, event=event, when=self.today, reason=reason,
                                              events=views, today=self.today)
        except ValidationError as exc:
            _rule_failed(item.row, exc, STATUS)
            return False
        old = project.get_status_display()
        project.status = status
        item.events.append(StageEvent(project=project, stage=event, date=self.today, reason=reason.strip(),
                                      recorded_by=self.user))
        views.append(rules.EventView(event, self.today))
        item.notes.append(("项目状态", old, f"{ProjectStatus(status).label}({self.today})"
                                            + (f"：{reason.strip()}" if reason.strip() else "")))
        return True

    def _derive(self, item: _Item, signed_on: date | None) -> None:
        """The CNY equivalent, on the date the project services convert at (services.conversion_date)."""
        project = item.project
        if not isinstance(project.total_investment, Decimal):
            return  # the amount itself is already a row error
        try:
            project.total_investment_cny = self.cny(project.total_investment, project.currency,
                                                    conversion_date(project, signed_on))
        except LookupError as exc:
            item.row.error(CURRENCY, str(exc))

    # ------------------------------------------------------------------------------------ writing

    def write(self, items: list[_Item]) -> None:
        now = timezone.now()
        new = [item for item in items if item.is_new]
        updated = [item for item in items if not item.is_new and not item.unchanged]
        xlsx.ensure_unchanged_since(Project, {item.project.pk: item.stamp for item in updated}, MSG_STALE)
        # The zone row is the numbering lock, as in project_create: two imports cannot draw the same codes.
        Zone.objects.select_for_update().filter(pk=self.zone.pk).first()
        Enterprise.objects.bulk_create(self.new_investors)
        self._allocate_codes(new)
        Project.objects.bulk_create([item.project for item in new])
        for item in updated:
            item.project.version += 1
            item.project.updated_at = now
        Project.objects.bulk_update([item.project for item in updated], _changed_fields(updated),
                                    batch_size=xlsx.UPDATE_BATCH)
        StageEvent.objects.bulk_create([event for item in new + updated for event in item.events])
        StageEvent.objects.bulk_update([event for item in updated for event in item.moved], ["date"],
                                       batch_size=xlsx.UPDATE_BATCH)
        records = [(investor, None, []) for investor in self.new_investors]
        records += [(item.project, item.before, item.notes) for item in new + updated]
        ChangeRecord.objects.bulk_create([
            record for instance, before, notes in records
            for record in import_records(instance, zone_id=self.zone.pk, actor=self.by, before=before, notes=notes,
                                         at=now)])

    def _allocate_codes(self, items: list[_Item]) -> None:
        """Codes in row order per year, continuing from the service's next code: one query per year."""
        by_year: dict[int, list[Project]] = {}
        for item in items:
            by_year.setdefault(item.first_date.year, []).append(item.project)
        for year, projects in by_year.items():
            prefix, _, first = next_project_code(self.zone, year).rpartition("-")
            for offset, project in enumerate(projects):
                project.code = f"{prefix}-{int(first) + offset:04d}"


def _changed_fields(items: list[_Item]) -> list[str]:
    changed = set().union(*(item.changed for item in items))
    fields = [Project._meta.get_field(name).attname for name in Project.TRACKED_FIELDS if name in changed]
    if any(item.events or item.moved for item in items):
        fields += STAGE_FIELDS
    return fields + ALWAYS_UPDATED


def _silent(percent: int, message: str = "") -> None:
    return None


def import_projects(*, zone, by, data: bytes, progress: Callable[[int, str], None] = _silent) -> dict:
    """Create and update the zone's projects (with their stage dates) from an .xlsx; all rows or none.

    Returns {"created", "updated", "unchanged", "investors_created"}; raises XlsxError (a JobError) listing
    every bad row, and PermissionDenied if `by` may not write the zone.
    """
    ensure_can_write(by, zone.pk)
    progress(0, "正在读取文件")
    sheet = xlsx.read_sheet(data, columns=PROJECT_COLUMNS, sheet_name=SHEET_TITLE)
    progress(3, "正在载入企业库和项目库")
    run = _Import(zone=zone, by=by, rows=sheet.rows)
    items = [run.read(row) for row in xlsx.with_progress(sheet.rows, progress, end=85)]
    error = xlsx.rows_error(sheet.rows, run.duplicates)
    if error:
        raise error
    progress(90, "正在写入数据库")  # outside the transaction, so the job page sees it
    try:
        with transaction.atomic():
            run.write(items)
    except IntegrityError as exc:  # a code taken or a credit code registered by someone else since the check
        raise xlsx.XlsxError(MSG_STALE) from exc
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for item in items:
        counts["created" if item.is_new else "unchanged" if item.unchanged else "updated"] += 1
    return {**counts, "investors_created": len(run.new_investors)}
