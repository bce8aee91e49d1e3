"""Generated projects: about 150 a zone over three years, so that every list, chart and report has data.

Each project lives a story: it enters as a lead on some day of the last three years and moves down the
pipeline with the chances and delays below (larger projects move slower), until it reaches today, stalls,
is put on hold or is dropped with a reason. Its steps are then the stage events of that story, the contacts
officers logged along the way, and the edits a project gets (figures after the pre-review, the amount of
the signed agreement, land area, a place on the major-project list, a new officer).
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from zhaoshang.accounts.models import User
from zhaoshang.core.money import Currency, format_wan
from zhaoshang.demo import texts
from zhaoshang.demo.profiles import Sector, ZoneProfile
from zhaoshang.demo.roster import DemoZone, phone_number
from zhaoshang.demo.seeds import Reference, people
from zhaoshang.demo.writer import FirmPlan, ProjectPlan, Step, advance, correct, redate, status, talk, update
from zhaoshang.enterprises.choices import EnterpriseLocation, EnterpriseTagKind as Tag
from zhaoshang.enterprises.credit_code import ALPHABET, check_character
from zhaoshang.projects.choices import PIPELINE_INDEX, Channel, MajorLevel, Stage, Top500

PROJECTS_PER_ZONE = 150
IN_ZONE_FIRMS_PER_SECTOR = 4
USD_SIZE = 7  # rough CNY per USD, only to size a project; the services convert amounts with the rate table

# (stage, chance of reaching it from the one before, fewest and most days it takes)
FLOW: tuple[tuple[str, float, int, int], ...] = (
    (Stage.CONTACTED, 0.88, 1, 30), (Stage.NEGOTIATING, 0.72, 10, 75), (Stage.INTENT, 0.75, 15, 90),
    (Stage.SIGNED, 0.8, 10, 60), (Stage.REGISTERED, 0.92, 5, 45), (Stage.LAND_SUPPLIED, 0.85, 30, 150),
    (Stage.STARTED, 0.92, 3, 75), (Stage.COMPLETED, 0.88, 150, 400), (Stage.PRODUCING, 0.95, 10, 90),
    (Stage.FULL_PRODUCTION, 0.7, 150, 450),
)
PHASE_OF_STAGE = {
    Stage.LEAD: "early", Stage.CONTACTED: "early", Stage.NEGOTIATING: "talks", Stage.INTENT: "talks",
    Stage.SIGNED: "landing", Stage.REGISTERED: "landing", Stage.LAND_SUPPLIED: "landing",
    Stage.STARTED: "building", Stage.COMPLETED: "building", Stage.PRODUCING: "running",
    Stage.FULL_PRODUCTION: "running",
}
START_FIX = "误将场地平整、临时设施搭建登记为开工；按统计口径以主体工程桩基施工为开工，退回待开工后重新登记。"
SIGN_FIX = "签约主体由集团公司变更为项目公司，原协议作废，退回签约前阶段，待重新签约后登记。"
DATE_FIX = "按投资协议落款日期更正签约日期。"


@dataclass
class Story:
    stages: dict[str, date]  # in pipeline order
    statuses: list[tuple[date, str, str, str]] = field(default_factory=list)  # day, event, reason, note

    @property
    def active(self) -> bool:
        return not self.statuses or self.statuses[-1][1] == Stage.RESUMED

    @property
    def dropped_on(self) -> date | None:
        return self.statuses[-1][0] if self.statuses and self.statuses[-1][1] == Stage.DROPPED else None

    @property
    def stage(self) -> str:
        return next(reversed(self.stages))

    @property
    def entered(self) -> date:
        return next(iter(self.stages.values()))

    @property
    def last_day(self) -> date:
        return max([*self.stages.values(), *(day for day, *_ in self.statuses)])

    def stage_on(self, day: date) -> str:
        return [stage for stage, when in self.stages.items() if when <= day][-1]


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def nice(value: float) -> Decimal:
    """Round as a plan would state it: 3500万, 1.2亿, 12.5亿."""
    step = 5000 if value >= 100_000 else 1000 if value >= 10_000 else 100 if value >= 1000 else 50
    return Decimal(max(step, round(value / step) * step))


class Generator:
    def __init__(self, built: DemoZone, profile: ZoneProfile, *, today: date, opened: date, ref: Reference,
                 rng: random.Random) -> None:
        self.built, self.profile, self.today, self.opened, self.ref, self.rng = built, profile, today, opened, ref, rng
        self.brands: set[str] = set()
        self.codes: set[str] = set()
        self.in_zone: dict[str, list[FirmPlan]] = {}
        self.phases: dict[str, int] = {}
        self.brand_of: dict[str, str] = {}  # enterprise → its 字号, which project names start with
        self.fixes = {"start", "sign", "date"}  # one of each correction per zone, for the history pages

    # ---- enterprises -------------------------------------------------------------------------------------

    def brand(self) -> str:
        while True:
            brand = "".join(self.rng.sample(texts.BRAND_CHARACTERS, 2))
            if brand not in self.brands:
                self.brands.add(brand)
                return brand

    def person(self) -> str:
        return self.rng.choice(texts.SURNAMES) + self.rng.choice(texts.GIVEN_NAMES)

    def credit_code(self, area: str) -> str:
        while True:
            body = f"91{area}MA" + "".join(self.rng.choice(ALPHABET) for _ in range(7))
            if body not in self.codes:
                self.codes.add(body)
                return body + check_character(body)

    def tags(self, *, in_zone: bool, big: bool) -> list[tuple[str, int]]:
        rng, year = self.rng, self.today.year
        chances = ((Tag.HIGH_TECH, 0.4), (Tag.TECH_SME, 0.2), (Tag.SPECIALISED, 0.15),
                   (Tag.ABOVE_SCALE, 0.6 if in_zone else 0.3), (Tag.LISTED, 0.3 if big and not in_zone else 0.02))
        found = [(kind, year - rng.randint(1, 6)) for kind, chance in chances if rng.random() < chance]
        if any(kind == Tag.SPECIALISED for kind, _ in found) and rng.random() < 0.3:
            found.append((Tag.LITTLE_GIANT, year - rng.randint(0, 3)))
        return found

    def firm(self, sector: Sector, *, since: date, by: User, region: str, foreign: bool, in_zone: bool,
             big: bool = False) -> tuple[FirmPlan, str]:
        """A new enterprise and the city its people are met in."""
        rng, brand = self.rng, self.brand()
        industry = self.ref.industry(rng.choice(sector.industries))
        fields = dict(industry=industry, established_on=date(rng.randint(2000, since.year - 1), rng.randint(1, 12), 1),
                      registered_capital=nice(rng.lognormvariate(math.log(3000), 1.0)),
                      description=f"主要从事{rng.choice(sector.products)}的研发、生产和销售。")
        if foreign:
            country, form, city = rng.choice(texts.FOREIGN_FORMS)
            name = form.format(brand=brand)
            fields.update(country=country, location=EnterpriseLocation.TARGET)
        else:
            area, city, street = rng.choice(texts.SOURCE_PLACES[region])
            if in_zone:
                name = f"{brand}{rng.choice(sector.suffixes)}({self.profile.city})有限公司"
                area, address = self.built.zone.division.code, rng.choice(self.profile.streets)
            else:
                name, address = f"{city}{brand}{rng.choice(sector.suffixes)}有限公司", street
            fields.update(credit_code=self.credit_code(area), division=self.ref.division(area),
                          address=f"{address}{rng.randint(1, 999)}号",
                          location=EnterpriseLocation.IN_ZONE if in_zone else EnterpriseLocation.TARGET)
        roles = [rng.choice(texts.LEADING_ROLES)] + rng.sample(texts.CONTACT_ROLES, rng.randint(0, 1))
        contacts = [dict(name=self.person(), role=role, phone=phone_number(rng), is_primary=index == 0)
                    for index, role in enumerate(roles)]
        fields["legal_representative"] = contacts[0]["name"] if contacts[0]["role"] == "董事长" else self.person()
        tags = [] if foreign else self.tags(in_zone=in_zone, big=big)
        self.brand_of[name] = brand
        return FirmPlan(key=name, name=name, since=since, by=by, fields=fields, tags=tags, contacts=contacts), city

    def in_zone_firms(self) -> list[FirmPlan]:
        """Enterprises already in the zone when its library opened: they expand and refer others."""
        for sector in self.profile.sectors:
            self.in_zone[sector.label] = [
                self.firm(sector, since=self.opened, by=self.built.admin, region="local", foreign=False,
                          in_zone=True)[0]
                for _ in range(IN_ZONE_FIRMS_PER_SECTOR)
            ]
        return [firm for firms in self.in_zone.values() for firm in firms]

    # ---- the story -------------------------------------------------------------------------------------

    def story(self, first: str, entered: date, *, pace: float, skip: set[str]) -> Story:
        rng, story = self.rng, Story({first: entered})
        flow = [step for step in FLOW if PIPELINE_INDEX[step[0]] > PIPELINE_INDEX[first] and step[0] not in skip]
        day, index = entered, 0
        while index < len(flow):
            stage, chance, fewest, most = flow[index]
            when = day + timedelta(days=max(1, round(rng.randint(fewest, most) * pace)))
            if when > self.today:
                break
            if rng.random() < chance:
                story.stages[stage], day, index = when, when, index + 1
                continue
            early, fate = PIPELINE_INDEX[stage] <= PIPELINE_INDEX[Stage.SIGNED], rng.random()
            if early and fate < 0.35:
                story.statuses.append((when, Stage.DROPPED, *rng.choice(texts.DROP_REASONS[:-1])))
            elif fate > (0.8 if early else 0.6):
                story.statuses.append((when, Stage.ON_HOLD, rng.choice(texts.HOLD_REASONS), ""))
                back = when + timedelta(days=rng.randint(60, 240))
                if back <= self.today and rng.random() < 0.5:
                    story.statuses.append((back, Stage.RESUMED, "", rng.choice(texts.RESUME_NOTES)))
                    day = back
                    continue
            break
        # A lead nobody has moved for a year is closed and kept in the target library, as zones do.
        stale = (self.today - day).days > 365 and PIPELINE_INDEX[story.stage] <= PIPELINE_INDEX[Stage.NEGOTIATING]
        if story.active and stale and rng.random() < 0.45:
            closed = day + timedelta(days=rng.randint(300, 360))
            story.statuses.append((closed, Stage.DROPPED, *texts.DROP_REASONS[-1]))
        return story

    # ---- one project -----------------------------------------------------------------------------------

    def project(self) -> ProjectPlan:
        rng, profile = self.rng, self.profile
        sector = weighted(rng, {sector: sector.weight for sector in profile.sectors})
        entered = self.today - timedelta(days=rng.randint(3, 3 * 365))
        expansion = rng.random() < 0.12
        foreign = not expansion and rng.random() < 0.1
        currency = Currency.USD if foreign else Currency.CNY
        median, least, most = (2000, 100, 60_000) if foreign else (13_000, 500, 500_000)
        amount = nice(min(max(rng.lognormvariate(math.log(median), 1.1), least), most))
        cny = float(amount) * (USD_SIZE if foreign else 1)
        sci_tech = not (foreign or expansion) and cny <= 10_000 and rng.random() < sector.sci_tech_share * 3
        channel = Channel.DIRECT if expansion and rng.random() < 0.7 else weighted(rng, profile.channels)
        region = weighted(rng, profile.regions)
        rents = (cny < 10_000 or sci_tech) and rng.random() < 0.6  # a standard factory, no land of its own
        skip = {Stage.INTENT} if rng.random() < 0.35 else set()
        skip |= {Stage.REGISTERED} if expansion else set()
        skip |= {Stage.LAND_SUPPLIED} if rents or (expansion and rng.random() < 0.5) else set()
        story = self.story(Stage.CONTACTED if expansion else Stage.LEAD, entered,
                           pace=max(0.8, 1 + 0.2 * math.log10(cny / 10_000)), skip=skip)

        team = self.team(sector, channel, region, sci_tech)
        members = self.built.members[team.name]
        officer = rng.choice(members[1:]) if len(members) > 1 and rng.random() < 0.75 else members[0]
        product = rng.choice(sector.products)
        top500 = ""
        if expansion:
            firm, city = rng.choice(self.in_zone[sector.label]), profile.city
            self.phases[firm.key] = self.phases.get(firm.key, 1) + 1
            name = f"{self.brand_of[firm.key]}{product}{'二三四五'[min(self.phases[firm.key], 5) - 2]}期项目"
        else:
            in_zone = not foreign and PIPELINE_INDEX[story.stage] >= PIPELINE_INDEX[Stage.REGISTERED]
            firm, city = self.firm(sector, since=entered, by=officer, region=region, foreign=foreign,
                                   in_zone=in_zone, big=cny >= 100_000)
            name = f"{self.brand_of[firm.key]}{product}项目"
            if cny >= 50_000 and rng.random() < 0.25:
                top500 = Top500.GLOBAL if foreign else rng.choice((Top500.CHINA, Top500.PRIVATE))
                firm.tags.append((top500, self.today.year - rng.randint(1, 3)))
        fields = dict(
            name=name, team=team, officer=officer, channel=channel, referrer=self.referrer(channel, team),
            industry=self.ref.industry(rng.choice(sector.industries)) if expansion else firm.fields["industry"],
            currency=currency, total_investment=amount, is_foreign=foreign,
            foreign_investment=nice(float(amount) * rng.uniform(0.3, 1.0)) if foreign else None,
            is_sci_tech=sci_tech, top500=top500, phase=self.phases[firm.key] if expansion else None,
            is_expansion=expansion,
            description=(f"{'企业一期已投产，本期扩大产能，' if expansion else ''}拟投资{format_wan(amount, currency)}，"
                         f"建设{product}{'研发及产业化平台' if sci_tech else '生产线'}。"),
        )
        figures = self.figures(cny, rents)
        officer_on, handover = self.handover(story, team, officer)
        event = rng.choice(profile.events)
        words = dict(
            company=firm.name, contact=firm.contacts[0]["name"], role=firm.contacts[0]["role"], city=city,
            product=product, industry=sector.label, amount=format_wan(amount, currency), event=event,
            fixed=format_wan(figures["fixed_asset_investment"]), mu=figures["land_area_mu"] or rng.randint(20, 80),
            sales=format_wan(figures["expected_taxable_sales"]), tax=format_wan(figures["expected_tax"]),
            jobs=figures["expected_jobs"], carrier=rng.choice(profile.carriers), leader=self.built.leader.full_name,
            source=self.source(channel, fields["referrer"], team, event),
        )
        steps = self.stage_steps(story, officer_on, members[0])
        steps += self.talks(story, firm, words, first_is_event=channel == Channel.EVENT, officer_on=officer_on,
                            members=members)
        steps += self.edits(story, amount, cny, figures, officer_on, members[0], handover)
        return ProjectPlan(firm=firm, by=officer, stages={next(iter(story.stages)): entered}, fields=fields,
                           steps=steps)

    def team(self, sector: Sector, channel: str, region: str, sci_tech: bool):
        profile, teams = self.profile, self.built.teams
        if channel == Channel.AGENT and profile.agent_team:
            return teams[profile.agent_team]
        if channel == Channel.RESIDENT and region in profile.liaison:
            return teams[profile.liaison[region]]
        if sci_tech and profile.sci_tech_team:
            return teams[profile.sci_tech_team]
        return teams[sector.team]

    def referrer(self, channel: str, team) -> str:
        rng = self.rng
        if channel == Channel.COMMISSIONED:
            return rng.choice(texts.COMMISSIONED_AGENCIES)
        if channel in (Channel.REFERRAL, Channel.CHAIN):
            firm = rng.choice([firm for firms in self.in_zone.values() for firm in firms])
            return firm.name + ("(链主企业)" if channel == Channel.CHAIN else "")
        if channel == Channel.FUND:
            return rng.choice(self.profile.funds)
        if channel == Channel.AGENT:
            return team.agency or "江苏远景招商咨询有限公司"
        return ""

    def figures(self, cny: float, rents: bool) -> dict:
        rng = self.rng
        sales = nice(cny * rng.uniform(0.8, 2.0))
        return dict(
            expected_taxable_sales=sales, expected_tax=nice(float(sales) * rng.uniform(0.04, 0.08)),
            expected_output=nice(float(sales) * rng.uniform(1.0, 1.2)),
            expected_jobs=min(3000, max(20, int(cny / rng.uniform(30, 80)))),
            fixed_asset_investment=nice(cny * rng.uniform(0.55, 0.85)),
            land_area_mu=None if rents else nice(cny / rng.uniform(250, 600)).quantize(Decimal("1")),
        )

    def handover(self, story: Story, team, officer: User):
        """Who follows the project on a day: now and then a long-running project passes to a colleague."""
        colleagues = [user for user in self.built.members[team.name] if user != officer]
        entered = story.entered
        span = (story.last_day - entered).days
        if not colleagues or span < 400 or self.rng.random() > 0.12:
            return (lambda day: officer), None
        day, successor = entered + timedelta(days=span // 2), self.rng.choice(colleagues)
        return (lambda when: successor if when > day else officer), (day, successor)

    def stage_steps(self, story: Story, officer_on, leader: User) -> list[Step]:
        stages, steps = list(story.stages.items()), []
        for index, (stage, day) in enumerate(stages[1:], start=1):
            previous_stage, previous_day = stages[index - 1]
            following = stages[index + 1][1] if index + 1 < len(stages) else None
            last, plain = following is None, not story.statuses
            if last and plain and stage == Stage.STARTED and "start" in self.fixes and (day - previous_day).days > 31:
                self.fixes.discard("start")
                steps += [advance(day - timedelta(days=30), officer_on(day), stage, "场地平整、临时设施搭建"),
                          correct(day - timedelta(days=18), leader, previous_stage, START_FIX),
                          advance(day, officer_on(day), stage)]
            elif last and plain and stage == Stage.SIGNED and "sign" in self.fixes and (day - previous_day).days > 36:
                self.fixes.discard("sign")
                steps += [advance(day - timedelta(days=35), officer_on(day), stage),
                          correct(day - timedelta(days=25), leader, previous_stage, SIGN_FIX),
                          advance(day, officer_on(day), stage)]
            elif (stage == Stage.SIGNED and plain and "date" in self.fixes and day + timedelta(days=5) <= self.today
                  and (following is None or (following - day).days >= 6)):
                self.fixes.discard("date")
                steps += [advance(day + timedelta(days=3), officer_on(day), stage),
                          redate(day + timedelta(days=5), leader, stage, day, DATE_FIX)]
            else:
                steps.append(advance(day, officer_on(day), stage))
        steps += [status(day, leader, event, reason, note) for day, event, reason, note in story.statuses]
        return steps

    def source(self, channel: str, referrer: str, team, event: str) -> str:
        """How the zone first heard of the project, in the words of a lead note."""
        return {
            Channel.COMMISSIONED: f"委托招商机构{referrer}", Channel.REFERRAL: f"园区企业{referrer}推荐",
            Channel.FUND: referrer, Channel.AGENT: f"第三方代理机构{referrer}", Channel.CHAIN: referrer,
            Channel.RESIDENT: team.name, Channel.EVENT: event, Channel.ONLINE: "云招商平台",
        }.get(channel, "行业协会")

    def talks(self, story: Story, firm: FirmPlan, words: dict, *, first_is_event: bool, officer_on,
              members: list[User]) -> list[Step]:
        rng, entered = self.rng, story.entered
        end = story.dropped_on or min(self.today, story.last_day + timedelta(days=120))
        count = rng.randint(2, 6) if story.active else rng.randint(1, 3)
        days = sorted(entered + timedelta(days=rng.randint(0, (end - entered).days)) for _ in range(count))
        if first_is_event:
            days[0] = entered
        steps = []
        for index, day in enumerate(days):
            notes = texts.NOTES[PHASE_OF_STAGE[story.stage_on(day)]]
            if first_is_event and index == 0:
                notes = [note for note in texts.NOTES["early"] if note[0] == "event"]
            kind, place, text, next_step = rng.choice(notes)
            values = dict(words, month=day.month % 12 + 1)
            by = officer_on(day)
            colleague = rng.choice(members) if rng.random() < 0.5 else None
            due = day + timedelta(days=rng.randint(7, 30)) if story.active and index == count - 1 else None
            steps.append(talk(day, by, kind, people(by, colleague, firm), text.format(**values),
                              place=place.format(**values), next_step=next_step.format(**values), due=due))
        return steps

    def major_level(self, cny: float) -> str:
        chance = self.rng.random()
        if cny >= 100_000 and chance < 0.8:
            return MajorLevel.PROVINCE if cny >= 300_000 and chance < 0.4 else MajorLevel.CITY
        if cny >= 50_000 and chance < 0.6:
            return MajorLevel.CITY if chance < 0.25 else MajorLevel.DISTRICT
        if cny >= 20_000 and chance < 0.3:
            return MajorLevel.DISTRICT
        return ""

    def edits(self, story: Story, amount: Decimal, cny: float, figures: dict, officer_on, leader: User,
              handover: tuple[date, User] | None) -> list[Step]:
        rng, steps = self.rng, []
        limit = story.dropped_on or self.today

        def edit(day: date, by: User, **changes) -> None:
            if day <= limit:
                steps.append(update(day, by, **changes))

        if negotiating := story.stages.get(Stage.NEGOTIATING):
            day = negotiating + timedelta(days=rng.randint(5, 40))
            edit(day, officer_on(day), **{name: value for name, value in figures.items() if name != "land_area_mu"})
        if (signed := story.stages.get(Stage.SIGNED)) and rng.random() < 0.35:
            revised = nice(float(amount) * rng.uniform(0.8, 1.3))
            if revised != amount:
                edit(signed + timedelta(days=rng.randint(2, 10)), leader, total_investment=revised)
        if (land := story.stages.get(Stage.LAND_SUPPLIED)) and figures["land_area_mu"]:
            day = land + timedelta(days=rng.randint(1, 10))
            edit(day, officer_on(day), land_area_mu=figures["land_area_mu"])
        if signed and (level := self.major_level(cny)):
            # The city and province publish their lists of major projects early in the year; a project
            # signed this year is put on the zone's own list a few weeks after signing.
            listed = date(signed.year + 1, 2, rng.randint(10, 28))
            edit(listed if listed <= self.today else signed + timedelta(days=rng.randint(20, 60)), leader,
                 major_level=level)
        if handover:
            edit(handover[0], leader, officer=handover[1])
        return steps

    def plans(self, count: int = PROJECTS_PER_ZONE) -> tuple[list[ProjectPlan], list[FirmPlan]]:
        """The zone's generated projects, and the enterprises already in the zone that some of them expand."""
        firms = self.in_zone_firms()
        return [self.project() for _ in range(count)], firms
