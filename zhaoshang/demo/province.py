"""A province-sized, reproducible synthetic database for benchmarks (`zhaoshang generate`).

150 zones under 江苏省 (two zones on some districts), each with teams, officers, an enterprise library and
projects whose stage histories follow a funnel over five years (log-normal amounts, some in USD, phases and
expansions), 100,000 enterprises in all (the projects' investors, spread over the zones in proportion to their
projects) with parcels and five years of annual 亩均 evaluation figures (`evaluation_data`), interactions, FDI arrivals, this year's construction plans with monthly investment, a target
plan of twenty targets per zone and a province scorecard. Rows are bulk-inserted for speed: this is
benchmark data, so it has no change log, and it is never mixed with a zone's real data (its zones are
recognised by their GZ codes and refused where real zones exist).
"""

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from zhaoshang.accounts.models import Role, User
from zhaoshang.assessment.models import Scorecard, ScoreIndicator, ScoreTarget
from zhaoshang.construction.models import AnnualPlan, InvestmentEntry
from zhaoshang.core.bulk import insert_objects
from zhaoshang.enterprises.credit_code import check_character
from zhaoshang.demo.evaluation_data import parcels_for, plan_firms, year_rows
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.evaluation.models import EnterpriseYear, Parcel
from zhaoshang.geo.models import Division, Industry
from zhaoshang.organisation.choices import TeamKind, ZoneKind
from zhaoshang.organisation.models import Team, TeamMembership, Zone
from zhaoshang.projects.choices import PIPELINE, Channel, InteractionKind, MajorLevel, Stage
from zhaoshang.projects.models import FdiArrival, Interaction, Project, StageEvent
from zhaoshang.targets.choices import Granularity, Metric, ScorecardScope
from zhaoshang.targets.models import Target, TargetPlan, TargetValue

CODE_PREFIX = "GZ"
PROVINCE = "320000"
BATCH = 5000
USD_RATE = Decimal("7.1")
# Share of projects whose history stops at each stage (the funnel), then on hold / dropped shares.
FUNNEL = [0.12, 0.12, 0.12, 0.08, 0.11, 0.07, 0.06, 0.10, 0.07, 0.08, 0.07]
CHANNELS = [choice for choice, _ in Channel.choices]
TARGET_SPECS = [  # (name, metric, stage, min 万元, min 万美元, granularity, year value)
    ("新签约项目", Metric.STAGE_COUNT, Stage.SIGNED, None, None, Granularity.QUARTER, 80),
    ("新签约亿元以上项目", Metric.STAGE_COUNT, Stage.SIGNED, 10000, 1000, Granularity.QUARTER, 30),
    ("新签约5亿元以上项目", Metric.STAGE_COUNT, Stage.SIGNED, 50000, 5000, Granularity.YEAR, 10),
    ("新签约10亿元以上项目", Metric.STAGE_COUNT, Stage.SIGNED, 100000, 10000, Granularity.YEAR, 4),
    ("新签约总投资", Metric.STAGE_INVESTMENT, Stage.SIGNED, None, None, Granularity.QUARTER, 3000000),
    ("新签约3000万美元以上外资项目", Metric.STAGE_COUNT, Stage.SIGNED, None, 3000, Granularity.YEAR, 4),
    ("新注册项目", Metric.STAGE_COUNT, Stage.REGISTERED, None, None, Granularity.YEAR, 40),
    ("新供地项目", Metric.STAGE_COUNT, Stage.LAND_SUPPLIED, None, None, Granularity.YEAR, 25),
    ("新开工项目", Metric.STAGE_COUNT, Stage.STARTED, None, None, Granularity.QUARTER, 25),
    ("新开工亿元以上项目", Metric.STAGE_COUNT, Stage.STARTED, 10000, None, Granularity.QUARTER, 17),
    ("新开工5亿元以上项目", Metric.STAGE_COUNT, Stage.STARTED, 50000, None, Granularity.YEAR, 8),
    ("新开工项目总投资", Metric.STAGE_INVESTMENT, Stage.STARTED, None, None, Granularity.YEAR, 1500000),
    ("新竣工项目", Metric.STAGE_COUNT, Stage.COMPLETED, None, None, Granularity.YEAR, 11),
    ("新投产项目", Metric.STAGE_COUNT, Stage.PRODUCING, None, None, Granularity.YEAR, 10),
    ("实际利用外资", Metric.FDI, "", None, None, Granularity.QUARTER, 8000),
    ("重大项目完成投资", Metric.MAJOR_COMPLETED, "", None, None, Granularity.QUARTER, 500000),
    ("重大项目投资完成率", Metric.MAJOR_COMPLETION_RATE, "", None, None, Granularity.YEAR, 100),
    ("新增项目信息", Metric.LEADS, "", None, None, Granularity.YEAR, 150),
    ("走访对接", Metric.INTERACTIONS, "", None, None, Granularity.MONTH, 600),
    ("招商推介活动", Metric.PROMOTION_EVENTS, "", None, None, Granularity.YEAR, 12),
]


@dataclass
class Counts:
    zones: int = 0
    users: int = 0
    enterprises: int = 0
    parcels: int = 0
    enterprise_years: int = 0
    projects: int = 0
    events: int = 0
    interactions: int = 0
    fdi: int = 0
    plans: int = 0
    entries: int = 0
    targets: int = 0


def generated_zones():
    return Zone.objects.filter(code__startswith=CODE_PREFIX)


def _bulk(model, rows: list, counts: Counts | None = None, field: str = "") -> list:
    """Small tables: bulk_create, which sets the new keys on the objects."""
    created = model.objects.bulk_create(rows, batch_size=BATCH)
    if counts is not None and field:
        setattr(counts, field, getattr(counts, field) + len(created))
    return created


def _insert(model, rows: list, counts: Counts, field: str, *, keyed_by: str = "", zone: Zone | None = None) -> list:
    """Large tables: `insert_objects` (several times faster than bulk_create), then, with `keyed_by`, the new
    keys read back from the zone's rows by that natural key and set on the objects."""
    setattr(counts, field, getattr(counts, field) + insert_objects(model, rows))
    if keyed_by:
        keys = dict(model.objects.filter(zone=zone).values_list(keyed_by, "pk"))
        for row in rows:
            row.pk = keys[getattr(row, keyed_by)]
    return rows


def _credit_code(n: int, area: str) -> str:
    body = f"91{area}MA{n:07d}"[:17]
    return body + check_character(body)


class ProvinceGenerator:
    EVALUATION_YEARS = 5

    def __init__(self, *, zones: int, projects: int, seed: int, today: date | None = None,
                 enterprises: int | None = None):
        self.rng = random.Random(seed)
        self.zone_count, self.project_count = zones, projects
        # 100,000 enterprises for the province's 300,000 projects unless told otherwise.
        self.enterprise_count = max(zones, enterprises if enterprises is not None else projects // 3)
        self.today = today or timezone.localdate()
        self.start = date(self.today.year - 4, 1, 1)
        self.counts = Counts()
        self.industries = list(Industry.objects.filter(level="division", parent__code="C").values_list("pk", flat=True))
        self.industry_codes = dict(Industry.objects.values_list("code", "pk"))
        self.password = make_password("zhaoshang-bench")

    def run(self, progress=print) -> Counts:
        if generated_zones().exists():
            raise ValueError("已有生成的数据(园区代号 GZ 开头); 请先 --reset 删除后再生成。")
        with transaction.atomic():
            zones = self._zones()
            progress(f"{len(zones)} 个园区")
            per_zone = self._split(self.project_count, len(zones))
            firms_per_zone = self._proportional(self.enterprise_count, per_zone)
            for index, (zone, n, n_firms) in enumerate(zip(zones, per_zone, firms_per_zone)):
                self._zone(zone, n, index, n_firms)
                if index % 10 == 9:
                    progress(f"已生成 {index + 1} 个园区, {self.counts.projects} 个项目, {self.counts.events} 个阶段事件, "
                             f"{self.counts.enterprises} 家企业, {self.counts.enterprise_years} 条亩均年度数据")
            self._scorecard(zones)
        return self.counts

    def _split(self, total: int, parts: int) -> list[int]:
        weights = [self.rng.lognormvariate(0, 0.5) for _ in range(parts)]
        scale = total / sum(weights)
        counts = [int(weight * scale) for weight in weights]
        counts[0] += total - sum(counts)
        return counts

    @staticmethod
    def _proportional(total: int, weights: list[int]) -> list[int]:
        """`total` split in proportion to `weights`, at least one each, summing exactly to `total`."""
        whole, cumulative, previous, parts = sum(weights), 0, 0, []
        for weight in weights:
            cumulative += weight
            share = round(cumulative * total / whole)
            parts.append(share - previous)
            previous = share
        for i, part in enumerate(parts):  # a zone with very few projects still gets one enterprise
            if part < 1:
                donor = max(range(len(parts)), key=parts.__getitem__)
                parts[donor] -= 1 - part
                parts[i] = 1
        return parts

    def _zones(self) -> list[Zone]:
        districts = list(Division.objects.filter(code__startswith=PROVINCE[:2], level="district").order_by("code"))
        kinds = [ZoneKind.NATIONAL_ETDZ, ZoneKind.NATIONAL_HTZ, ZoneKind.PROVINCIAL_EDZ, ZoneKind.PROVINCIAL_HTZ]
        zones = []
        for index in range(self.zone_count):
            district = districts[index % len(districts)]
            kind = kinds[index // len(districts) % len(kinds)] if index >= len(districts) else ZoneKind.PROVINCIAL_EDZ
            suffix = "高新技术产业开发区" if kind in (ZoneKind.NATIONAL_HTZ, ZoneKind.PROVINCIAL_HTZ) else "经济开发区"
            zones.append(Zone(name=f"{district.name}{suffix}{index + 1:03d}", code=f"{CODE_PREFIX}{index + 1:03d}",
                              kind=kind, division=district))
        zones = _bulk(Zone, zones, self.counts, "zones")
        return zones

    def _zone(self, zone: Zone, n_projects: int, index: int, n_firms: int) -> None:
        rng = self.rng
        teams = _bulk(Team, [Team(zone=zone, name=f"招商{number}组", kind=TeamKind.GROUP) for number in range(1, 9)])
        officers = _bulk(User, [
            User(username=f"{zone.code.lower()}_{number:02d}", full_name=f"{zone.code}人员{number:02d}",
                 role=Role.OFFICER if number > 1 else Role.ZONE_ADMIN, zone=zone, password=self.password)
            for number in range(1, 11)], self.counts, "users")
        TeamMembership.objects.bulk_create(
            [TeamMembership(team=teams[i % len(teams)], user=user) for i, user in enumerate(officers)])
        firms = _insert(Enterprise, [
            Enterprise(zone=zone, name=f"{zone.code}企业{number:05d}有限公司",
                       credit_code=_credit_code(number, zone.division.code),
                       industry_id=rng.choice(self.industries))
            for number in range(n_firms)], self.counts, "enterprises", keyed_by="credit_code", zone=zone)
        projects, histories = [], []
        span = (self.today - self.start).days
        for number in range(n_projects):
            usd = rng.random() < 0.1
            amount = Decimal(int(min(500000, max(500, rng.lognormvariate(math.log(20000), 1.3)))))
            if usd:
                amount = (amount / 7).quantize(Decimal(1))
            last = rng.choices(range(len(PIPELINE)), weights=FUNNEL)[0]
            entered = self.start + timedelta(days=rng.randrange(span))
            dates, day = [], entered
            for stage_index in range(last + 1):
                if stage_index and rng.random() < 0.1 and stage_index < last:
                    continue  # a skipped stage
                if day > self.today:
                    break
                dates.append((PIPELINE[stage_index], day))
                day += timedelta(days=rng.randint(5, 120))
            status = "active"
            roll = rng.random()
            if roll < 0.08:
                status = "dropped"
            elif roll < 0.12:
                status = "on_hold"
            stage, stage_date = dates[-1]
            firm = rng.choice(firms)
            major = rng.choice([MajorLevel.PROVINCE, MajorLevel.CITY, MajorLevel.DISTRICT]) if amount >= 50000 and (
                rng.random() < 0.5) else ""
            projects.append(Project(
                zone=zone, code=f"{zone.code}-{entered.year}-{number + 1:05d}", name=f"{firm.name[:-4]}项目{number}",
                investor=firm, industry_id=firm.industry_id, currency="USD" if usd else "CNY",
                total_investment=amount, total_investment_cny=amount * USD_RATE if usd else amount,
                foreign_investment=amount if usd else None, is_foreign=usd, channel=rng.choice(CHANNELS),
                team=rng.choice(teams), officer=rng.choice(officers), major_level=major,
                top500=rng.choice(["global500", "china500", "private500"]) if rng.random() < 0.03 else "",
                is_sci_tech=rng.random() < 0.1, phase=rng.choice([None, None, 1, 2]),
                is_expansion=rng.random() < 0.1, stage=stage, stage_date=stage_date, status=status))
            histories.append((dates, status))
        projects = _insert(Project, projects, self.counts, "projects", keyed_by="code", zone=zone)
        events, interactions, fdi = [], [], []
        for project, (dates, status) in zip(projects, histories):
            events.extend(StageEvent(project=project, stage=stage, date=day, recorded_by_id=project.officer_id)
                          for stage, day in dates)
            last_day = dates[-1][1]
            if status != "active":
                when = min(self.today, last_day + timedelta(days=rng.randint(10, 90)))
                events.append(StageEvent(project=project, stage=Stage.DROPPED if status == "dropped" else Stage.ON_HOLD,
                                         date=when, reason="投资方战略调整" if status == "dropped" else ""))
            for _ in range(rng.randint(1, 3)):
                day = dates[0][1] + timedelta(days=rng.randint(0, max(1, (last_day - dates[0][1]).days)))
                interactions.append(Interaction(
                    zone=zone, project=project, enterprise_id=project.investor_id, date=min(day, self.today),
                    kind=rng.choice([kind for kind, _ in InteractionKind.choices]), people="双方人员",
                    notes="洽谈项目进展", recorded_by_id=project.officer_id))
            if project.is_foreign and any(stage == Stage.REGISTERED for stage, _ in dates):
                registered = next(day for stage, day in dates if stage == Stage.REGISTERED)
                for _ in range(rng.randint(1, 3)):
                    day = min(self.today, registered + timedelta(days=rng.randint(10, 400)))
                    fdi.append(FdiArrival(zone=zone, project=project, date=day,
                                          amount_usd=(project.total_investment / rng.randint(3, 10)).quantize(Decimal(1))))
        _insert(StageEvent, events, self.counts, "events")
        _insert(Interaction, interactions, self.counts, "interactions")
        _insert(FdiArrival, fdi, self.counts, "fdi")
        self._construction(zone, projects)
        self._targets(zone)
        self._evaluation(zone, firms)

    def _evaluation(self, zone: Zone, enterprises: list[Enterprise]) -> None:
        """Parcels and five completed years of 亩均 figures for every enterprise of the zone."""
        first = self.today.year - self.EVALUATION_YEARS
        firms = plan_firms([enterprise.pk for enterprise in enterprises], first_year=first, rng=self.rng)
        parcels = _insert(Parcel, parcels_for(zone, firms, prefix=f"{zone.code}-", rng=self.rng,
                                              idle=self.rng.randint(0, 4)), self.counts, "parcels",
                          keyed_by="code", zone=zone)
        _insert(EnterpriseYear, year_rows(zone, firms, parcels, years=range(first, self.today.year), rng=self.rng,
                                        industries=self.industry_codes), self.counts, "enterprise_years")

    def _construction(self, zone: Zone, projects: list[Project]) -> None:
        year, month = self.today.year, self.today.month
        building = [project for project in projects if project.stage in (Stage.LAND_SUPPLIED, Stage.STARTED,
                                                                           Stage.COMPLETED)]
        plans = _insert(AnnualPlan, [
            AnnualPlan(zone=zone, project=project, year=year, major_level=project.major_level,
                       planned_investment=(project.total_investment_cny * Decimal("0.3")).quantize(Decimal(1)),
                       planned_start=date(year, self.rng.randint(1, 12), 1) if project.stage == Stage.LAND_SUPPLIED
                       else None)
            for project in building], self.counts, "plans", keyed_by="project_id", zone=zone)
        entries = []
        for plan in plans:
            monthly = plan.planned_investment / 12
            for entry_month in range(1, month + 1):
                entries.append(InvestmentEntry(plan=plan, month=entry_month, amount=(
                    monthly * Decimal(self.rng.uniform(0.5, 1.3))).quantize(Decimal(1))))
        _insert(InvestmentEntry, entries, self.counts, "entries")

    def _targets(self, zone: Zone) -> None:
        plan = TargetPlan.objects.create(zone=zone, year=self.today.year, name=f"{self.today.year}年招商引资目标任务")
        targets = _bulk(Target, [
            Target(plan=plan, order=order, name=name, metric=metric, stage=stage, granularity=granularity,
                   min_investment=Decimal(cny) if cny is not None else (Decimal(usd) * 10 if usd is not None else None),
                   min_investment_usd=Decimal(usd) if usd is not None else None)
            for order, (name, metric, stage, cny, usd, granularity, _) in enumerate(TARGET_SPECS)], self.counts, "targets")
        values = []
        for target, spec in zip(targets, TARGET_SPECS):
            total, granularity = Decimal(spec[6]), spec[5]
            values.append(TargetValue(target=target, period="Y", value=total))
            if granularity == Granularity.QUARTER:
                values.extend(TargetValue(target=target, period=f"Q{q}", value=total / 4) for q in range(1, 5))
            elif granularity == Granularity.MONTH:
                values.extend(TargetValue(target=target, period=f"M{m:02d}", value=(total / 12).quantize(Decimal(1)))
                              for m in range(1, 13))
        _bulk(TargetValue, values)

    def _scorecard(self, zones: list[Zone]) -> None:
        card = Scorecard.objects.create(name=f"{self.today.year}年全省开发区季度考核", scope=ScorecardScope.DIVISION_ZONES,
                                        division=Division.objects.get(code=PROVINCE), year=self.today.year)
        indicators = _bulk(ScoreIndicator, [
            ScoreIndicator(scorecard=card, order=0, name="新签约亿元以上项目", weight=Decimal(30),
                           metric=Metric.STAGE_COUNT, stage=Stage.SIGNED, min_investment=Decimal(10000),
                           min_investment_usd=Decimal(1000)),
            ScoreIndicator(scorecard=card, order=1, name="新开工亿元以上项目", weight=Decimal(30),
                           metric=Metric.STAGE_COUNT, stage=Stage.STARTED, min_investment=Decimal(10000)),
            ScoreIndicator(scorecard=card, order=2, name="实际利用外资", weight=Decimal(20), metric=Metric.FDI),
            ScoreIndicator(scorecard=card, order=3, name="重大项目完成投资", weight=Decimal(20),
                           metric=Metric.MAJOR_COMPLETED),
        ])
        quarterly = [Decimal(8), Decimal(5), Decimal(2000), Decimal(100000)]
        _bulk(ScoreTarget, [ScoreTarget(indicator=indicator, zone=zone, period=f"Q{q}", value=value)
                            for indicator, value in zip(indicators, quarterly) for zone in zones for q in range(1, 5)])


def delete_generated() -> None:
    zones = generated_zones()
    with transaction.atomic():
        Scorecard.objects.filter(name__endswith="全省开发区季度考核", division__code=PROVINCE).delete()
        Project.objects.filter(zone__in=zones).delete()
        User.objects.filter(zone__in=zones).delete()
        zones.delete()
