"""The projects of the seed articles, with their reported facts, turned into plans for the writer.

An article's facts are dated as the article has them (article_qidong.py, article_tinghu.py). Loaded years
later, a demo of 2023 would show nothing in "this year"; so each article's dates move forward by whole
years until its newest fact falls in the year up to today. Whole years keep every interval (18 days from
first contact to signing stays 18 days) and every month ("started last December" stays December).
"""

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models

from zhaoshang.accounts.models import User
from zhaoshang.demo.roster import DemoZone, phone_number
from zhaoshang.demo.writer import FirmPlan, ProjectPlan, Step, advance, talk, update
from zhaoshang.enterprises.choices import EnterpriseLocation
from zhaoshang.geo.models import Division, Industry
from zhaoshang.projects.choices import PIPELINE_INDEX
from zhaoshang.projects.models import Project


@dataclass(frozen=True)
class SeedFirm:
    key: str
    name: str
    industry: str
    division: str
    location: str = EnterpriseLocation.IN_ZONE
    # (kind, year): a year of 0 or less counts from the article's year (0: that year, -1: the year before),
    # so "今年入选小巨人" moves with the article; a real year (天合光能 listed in 2020) stays as it is.
    tags: tuple[tuple[str, int | None], ...] = ()
    contacts: tuple[tuple[str, str], ...] = ()
    description: str = ""
    established: date | None = None
    website: str = ""


@dataclass(frozen=True)
class SeedTalk:
    on: date
    kind: str
    notes: str
    place: str = ""
    next_step: str = ""
    due: date | None = None
    by: str = ""  # a username; the project's officer when blank


@dataclass(frozen=True)
class SeedUpdate:
    on: date
    by: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class SeedProject:
    name: str
    firm: str
    team: str
    officer: str
    total: int  # 万元
    industry: str
    channel: str
    stages: dict[str, date]
    fields: dict[str, Any] = field(default_factory=dict)
    talks: tuple[SeedTalk, ...] = ()
    updates: tuple[SeedUpdate, ...] = ()


@dataclass(frozen=True)
class Article:
    zone: str
    written: date
    firms: tuple[SeedFirm, ...]
    projects: tuple[SeedProject, ...]
    firm_talks: tuple[tuple[str, SeedTalk], ...] = ()

    def dates(self) -> list[date]:
        found = [self.written]
        for project in self.projects:
            found += list(project.stages.values()) + [t.on for t in project.talks] + [u.on for u in project.updates]
        return found + [seed_talk.on for _, seed_talk in self.firm_talks]


def shift(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def years_to_shift(newest: date, today: date) -> int:
    """Whole years that bring `newest` into the year up to `today` (0 when it is there already)."""
    years = today.year - newest.year
    return years - 1 if shift(newest, years) > today else years


class Reference:
    """Industries and divisions by code, read once per load."""

    def __init__(self) -> None:
        self.industries = {industry.code: industry for industry in Industry.objects.all()}
        self.divisions: dict[str, Division] = {}

    def industry(self, code: str) -> Industry:
        return self.industries[code]

    def division(self, code: str) -> Division:
        if code not in self.divisions:
            self.divisions[code] = Division.objects.get(code=code)
        return self.divisions[code]


def model_values(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """Whole numbers written for decimal fields (万元, 亩) become Decimals, as a form would give them."""
    return {
        name: Decimal(value) if isinstance(value, int) and not isinstance(value, bool)
        and isinstance(model._meta.get_field(name), models.DecimalField) else value
        for name, value in values.items()
    }


def people(by: User, colleague: User | None, firm: FirmPlan) -> str:
    ours = "、".join(dict.fromkeys(user.full_name for user in (by, colleague) if user))
    contact = firm.contacts[0] if firm.contacts else None
    theirs = f"；企业：{contact['name']}({contact['role']})" if contact else ""
    return f"我方：{ours}{theirs}"


class ArticlePlanner:
    def __init__(self, article: Article, built: DemoZone, *, today: date, opened: date, ref: Reference,
                 rng: random.Random) -> None:
        self.article, self.built, self.ref, self.rng = article, built, ref, rng
        self.years = years_to_shift(max(article.dates()), today)
        self.year = shift(article.written, self.years).year
        self.opened = opened
        self.firms: dict[str, FirmPlan] = {}

    def day(self, day: date | None) -> date | None:
        return shift(day, self.years) if day else None

    def text(self, value: str) -> str:
        return value.format(year=self.year, last_year=self.year - 1) if "{" in value else value

    def tag_year(self, year: int | None) -> int | None:
        return self.year + year if year is not None and year <= 0 else year

    def firm(self, seed: SeedFirm, since: date, by: User) -> FirmPlan:
        if seed.key in self.firms:
            return self.firms[seed.key]
        plan = FirmPlan(
            key=seed.key, name=seed.name, since=since, by=by,
            fields=dict(industry=self.ref.industry(seed.industry), division=self.ref.division(seed.division),
                        location=seed.location, description=self.text(seed.description),
                        established_on=self.day(seed.established), website=seed.website),
            tags=[(kind, self.tag_year(year)) for kind, year in seed.tags],
            contacts=[dict(name=name, role=role, phone=phone_number(self.rng), is_primary=index == 0)
                      for index, (name, role) in enumerate(seed.contacts)],
        )
        self.firms[seed.key] = plan
        return plan

    def talk(self, seed: SeedTalk, by: User, colleague: User | None, firm: FirmPlan) -> Step:
        who = self.built.user(seed.by) if seed.by else by
        return talk(self.day(seed.on), who, seed.kind, people(who, colleague, firm), self.text(seed.notes),
                    place=seed.place, next_step=self.text(seed.next_step), due=self.day(seed.due))

    def project(self, seed: SeedProject, firms: dict[str, SeedFirm]) -> ProjectPlan:
        officer = self.built.user(seed.officer)
        team = self.built.teams[seed.team]
        leader = self.built.members[seed.team][0]
        stages = {stage: self.day(when) for stage, when in
                  sorted(seed.stages.items(), key=lambda item: PIPELINE_INDEX[item[0]])}
        first = min(stages.values())
        firm = self.firm(firms[seed.firm], first, officer)
        fields = model_values(Project, dict(
            name=seed.name, team=team, officer=officer, total_investment=seed.total,
            industry=self.ref.industry(seed.industry), channel=seed.channel,
            **{name: self.text(value) if isinstance(value, str) else value for name, value in seed.fields.items()},
        ))
        steps = [advance(when, officer, stage) for stage, when in stages.items() if when != first]
        steps += [self.talk(seed_talk, officer, leader, firm) for seed_talk in seed.talks]
        steps += [update(self.day(change.on), self.built.user(change.by), **model_values(
            Project, {name: self.text(value) if isinstance(value, str) else value
                      for name, value in change.fields.items()})) for change in seed.updates]
        return ProjectPlan(firm=firm, by=officer, stages={s: d for s, d in stages.items() if d == first},
                           fields=fields, steps=steps)

    def plans(self) -> tuple[list[ProjectPlan], list[FirmPlan], list[tuple[FirmPlan, Step]]]:
        """The article's projects, the enterprises it names without a project, and visits to those."""
        firms = {seed.key: seed for seed in self.article.firms}
        projects = [self.project(seed, firms) for seed in self.article.projects]
        admin = self.built.admin
        others = [self.firm(seed, self.opened, admin) for seed in self.article.firms if seed.key not in self.firms]
        visits = []
        for key, seed_talk in self.article.firm_talks:
            firm = self.firm(firms[key], self.opened, admin)
            visits.append((firm, self.talk(seed_talk, self.built.user(seed_talk.by), None, firm)))
        return projects, others, visits
