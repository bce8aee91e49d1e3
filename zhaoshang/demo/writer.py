"""Plans of demo enterprises and projects, written through the services on the days they happened.

A plan says what happened to a project and when: the stages it had reached when it was entered, then
steps (a later stage, a hold or a drop, a contact, an edit, a correction). The writer replays the steps in
date order on the demo clock, so every stage rule, permission check and change-log row is the services'.
"""

from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any, Callable

from zhaoshang.accounts.models import User
from zhaoshang.demo.clock import DemoClock
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.enterprises.services import enterprise_create
from zhaoshang.projects.models import Project
from zhaoshang.projects.services import (
    interaction_create, project_advance_stage, project_change_status, project_correct_stage, project_create,
    project_update, stage_event_change_date,
)


@dataclass
class FirmPlan:
    key: str
    name: str
    since: date  # the day it entered the zone's library
    by: User
    fields: dict[str, Any]
    tags: list[tuple[str, int | None]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Step:
    on: date
    by: User
    action: str
    args: dict[str, Any]


@dataclass
class ProjectPlan:
    firm: FirmPlan
    by: User
    stages: dict[str, date]  # the stages on record when the project is entered
    fields: dict[str, Any]
    steps: list[Step] = field(default_factory=list)

    @property
    def entered(self) -> date:
        return min(self.stages.values())


def advance(on: date, by: User, stage: str, note: str = "") -> Step:
    return Step(on, by, "advance", {"stage": stage, "note": note})


def status(on: date, by: User, event: str, reason: str = "", note: str = "") -> Step:
    return Step(on, by, "status", {"event": event, "reason": reason, "note": note})


def talk(on: date, by: User, kind: str, people: str, notes: str, place: str = "", next_step: str = "",
         due: date | None = None) -> Step:
    return Step(on, by, "talk", {"kind": kind, "people": people[:200], "place": place[:100], "notes": notes,
                                 "next_step": next_step[:200], "next_step_due": due})


def update(on: date, by: User, **fields: Any) -> Step:
    return Step(on, by, "update", fields)


def correct(on: date, by: User, to_stage: str, reason: str) -> Step:
    return Step(on, by, "correct", {"to_stage": to_stage, "reason": reason})


def redate(on: date, by: User, stage: str, when: date, reason: str) -> Step:
    return Step(on, by, "redate", {"stage": stage, "when": when, "reason": reason})


def _advance(project: Project, step: Step) -> None:
    project_advance_stage(project=project, when=step.on, by=step.by, **step.args)


def _status(project: Project, step: Step) -> None:
    project_change_status(project=project, when=step.on, by=step.by, **step.args)


def _talk(project: Project, step: Step) -> None:
    interaction_create(zone=project.zone, by=step.by, project=project, date=step.on, **step.args)


def _update(project: Project, step: Step) -> None:
    project_update(project=project, by=step.by, expected_version=None, **step.args)


def _correct(project: Project, step: Step) -> None:
    project_correct_stage(project=project, by=step.by, **step.args)


def _redate(project: Project, step: Step) -> None:
    event = project.events.active().get(stage=step.args["stage"])
    stage_event_change_date(event=event, when=step.args["when"], reason=step.args["reason"], by=step.by)


ACTIONS: dict[str, Callable[[Project, Step], None]] = {
    "advance": _advance, "status": _status, "talk": _talk, "update": _update, "correct": _correct,
    "redate": _redate,
}


class Writer:
    """Writes one zone's plans; an enterprise shared by several plans is created once."""

    def __init__(self, zone, clock: DemoClock) -> None:
        self.zone = zone
        self.clock = clock
        self.firms: dict[str, Enterprise] = {}

    def firm(self, plan: FirmPlan) -> Enterprise:
        if plan.key not in self.firms:
            # The record is written on the day the firm entered the library: a qualification it holds by now
            # cannot carry a later year then, so it is dated that year at the latest.
            tags = [(kind, min(year, plan.since.year) if year else year) for kind, year in plan.tags]
            with self.clock.on(plan.since):
                self.firms[plan.key] = enterprise_create(
                    zone=self.zone, by=plan.by, tags=tags, contacts=plan.contacts, name=plan.name,
                    **plan.fields,
                )
        return self.firms[plan.key]

    def firm_talk(self, plan: FirmPlan, step: Step) -> None:
        """A contact with an enterprise about no particular project (a visit of the 企业服务月)."""
        enterprise = self.firm(plan)
        with self.clock.on(step.on):
            interaction_create(zone=self.zone, by=step.by, enterprise=enterprise, date=step.on, **step.args)

    def project(self, plan: ProjectPlan) -> Project:
        investor = self.firm(plan.firm)
        with self.clock.on(plan.entered):
            project = project_create(zone=self.zone, by=plan.by, stage_dates=plan.stages, investor=investor,
                                     **plan.fields)
        for step in sorted(plan.steps, key=attrgetter("on")):
            with self.clock.on(step.on):
                ACTIONS[step.action](project, step)
        return project
