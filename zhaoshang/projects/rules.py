"""The stage rules, as pure checks over a project's events. Services apply them; messages are constants."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from zhaoshang.projects.choices import (
    PIPELINE,
    PIPELINE_INDEX,
    STATUS_TRANSITIONS,
    ProjectStatus,
    Stage,
)

MSG_FUTURE = "{stage}日期 {date} 晚于今天, 不能登记尚未发生的事件。"
MSG_BEFORE_EARLIER = "{stage}日期 {date} 早于本项目已登记的“{earlier}”日期 {earlier_date}, 请核对日期。"
MSG_AFTER_LATER = "{stage}日期 {date} 晚于本项目其后登记的“{later}”日期 {later_date}, 请核对日期。"
MSG_NOT_FORWARD = "项目当前已到“{current}”阶段, 只能向后推进到“{current}”之后的阶段; 如需回退, 请用“更正阶段”并写明原因。"
MSG_NOT_PIPELINE = "“{stage}”不是项目推进阶段。"
MSG_NOT_ACTIVE = "项目处于“{status}”状态, 请先恢复推进, 再登记新阶段。"
MSG_STATUS_NOT_ALLOWED = "项目处于“{status}”状态, 不能登记“{event}”。"
MSG_REASON_REQUIRED = "请填写原因。"
MSG_CORRECT_NOT_BACK = "更正只能退回到当前阶段“{current}”之前、且已登记过的阶段。"
MSG_DATE_REQUIRED = "请填写日期。"


@dataclass(frozen=True)
class EventView:
    """What the rules need to know of an existing, active event."""

    stage: str
    date: date


def _label(stage: str) -> str:
    return str(Stage(stage).label)


def check_not_future(stage: str, when: date, today: date) -> None:
    if when > today:
        raise ValidationError({"date": MSG_FUTURE.format(stage=_label(stage), date=when)})


def check_after_latest(stage: str, when: date, events: list[EventView]) -> None:
    """An event cannot be dated before an event already on record (events are a timeline)."""
    if not events:
        return
    latest = max(events, key=lambda event: event.date)
    if when < latest.date:
        raise ValidationError({"date": MSG_BEFORE_EARLIER.format(
            stage=_label(stage), date=when, earlier=_label(latest.stage), earlier_date=latest.date)})


def check_advance(*, current: str, status: str, stage: str, when: date | None, events: list[EventView],
                  today: date) -> None:
    if stage not in PIPELINE_INDEX:
        raise ValidationError({"stage": MSG_NOT_PIPELINE.format(stage=stage)})
    if status != ProjectStatus.ACTIVE:
        raise ValidationError(MSG_NOT_ACTIVE.format(status=ProjectStatus(status).label))
    if PIPELINE_INDEX[stage] <= PIPELINE_INDEX[current]:
        raise ValidationError({"stage": MSG_NOT_FORWARD.format(current=_label(current))})
    if when is None:
        raise ValidationError({"date": MSG_DATE_REQUIRED})
    check_not_future(stage, when, today)
    check_after_latest(stage, when, events)


def check_status_event(*, status: str, event: str, when: date | None, reason: str, events: list[EventView],
                       today: date) -> str:
    """Returns the status the event leads to."""
    allowed = STATUS_TRANSITIONS[status]
    if event not in allowed:
        raise ValidationError(MSG_STATUS_NOT_ALLOWED.format(status=ProjectStatus(status).label, event=_label(event)))
    if event == Stage.DROPPED and not reason.strip():
        raise ValidationError({"reason": MSG_REASON_REQUIRED})
    if when is None:
        raise ValidationError({"date": MSG_DATE_REQUIRED})
    check_not_future(event, when, today)
    check_after_latest(event, when, events)
    return allowed[event]


def check_correction(*, current: str, to_stage: str, reason: str, reached: set[str]) -> None:
    if not reason.strip():
        raise ValidationError({"reason": MSG_REASON_REQUIRED})
    if to_stage not in reached or PIPELINE_INDEX.get(to_stage, 99) >= PIPELINE_INDEX[current]:
        raise ValidationError({"stage": MSG_CORRECT_NOT_BACK.format(current=_label(current))})


def check_date_change(*, timeline: list[EventView], index: int, when: date, today: date) -> None:
    """A corrected date must keep the event between its neighbours on the project's timeline
    (stage and status events alike: a 终止 cannot move before the 线索 it ended)."""
    event = timeline[index]
    check_not_future(event.stage, when, today)
    if index > 0 and when < timeline[index - 1].date:
        earlier = timeline[index - 1]
        raise ValidationError({"date": MSG_BEFORE_EARLIER.format(
            stage=_label(event.stage), date=when, earlier=_label(earlier.stage), earlier_date=earlier.date)})
    if index + 1 < len(timeline) and when > timeline[index + 1].date:
        later = timeline[index + 1]
        raise ValidationError({"date": MSG_AFTER_LATER.format(
            stage=_label(event.stage), date=when, later=_label(later.stage), later_date=later.date)})


def check_stage_dates(dates: dict[str, date], today: date) -> dict[str, str]:
    """A whole history at once (a new project from a form or a spreadsheet): stage → message."""
    errors: dict[str, str] = {}
    previous: tuple[str, date] | None = None
    for stage in PIPELINE:
        when = dates.get(stage)
        if when is None:
            continue
        if when > today:
            errors[stage] = MSG_FUTURE.format(stage=_label(stage), date=when)
        elif previous and when < previous[1]:
            errors[stage] = MSG_BEFORE_EARLIER.format(
                stage=_label(stage), date=when, earlier=_label(previous[0]), earlier_date=previous[1])
        previous = (stage, when)
    return errors
