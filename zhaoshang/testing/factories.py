"""Factories for tests and the demo: one place that knows how to make a valid object of each kind."""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from zhaoshang.accounts.models import Role, User
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.geo.models import Division, Industry
from zhaoshang.organisation.choices import TeamKind, ZoneKind
from zhaoshang.organisation.models import Team, TeamMembership, Zone
from zhaoshang.projects.choices import Channel, Stage
from zhaoshang.projects.models import Project, StageEvent

# Real, valid 统一社会信用代码 patterns are built by `credit_code(n)` below.
from zhaoshang.enterprises.credit_code import check_character


def credit_code(n: int, area: str = "320681") -> str:
    """A valid code (correct check character) for the n-th test enterprise."""
    body = f"91{area}MA{n:07d}"[:17]
    return body + check_character(body)


def division(code: str) -> Division:
    return Division.objects.get(code=code)


def industry(code: str) -> Industry:
    return Industry.objects.get(code=code)


class ZoneFactory(DjangoModelFactory):
    class Meta:
        model = Zone
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"测试经济开发区{n}")
    code = factory.Sequence(lambda n: f"TZ{n}")
    kind = ZoneKind.PROVINCIAL_EDZ
    division = factory.LazyFunction(lambda: division("320681"))


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.OFFICER
    zone = factory.SubFactory(ZoneFactory)
    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "pass-1234")
        if create:
            self.save(update_fields=["password"])


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    zone = factory.SubFactory(ZoneFactory)
    name = factory.Sequence(lambda n: f"招商{n}组")
    kind = TeamKind.GROUP


class TeamMembershipFactory(DjangoModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)


class EnterpriseFactory(DjangoModelFactory):
    class Meta:
        model = Enterprise

    zone = factory.SubFactory(ZoneFactory)
    name = factory.Sequence(lambda n: f"测试科技有限公司{n}")
    credit_code = factory.Sequence(credit_code)
    industry = factory.LazyFunction(lambda: industry("39"))
    division = factory.LazyFunction(lambda: division("310115"))


class ProjectFactory(DjangoModelFactory):
    """A project saved directly; use the services when a test is about what they do."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    zone = factory.SubFactory(ZoneFactory)
    code = factory.Sequence(lambda n: f"T-2024-{n:04d}")
    name = factory.Sequence(lambda n: f"测试项目{n}")
    investor = factory.SubFactory(EnterpriseFactory, zone=factory.SelfAttribute("..zone"))
    industry = factory.LazyFunction(lambda: industry("39"))
    total_investment = Decimal("50000")
    total_investment_cny = factory.SelfAttribute("total_investment")
    channel = Channel.DIRECT
    stage = Stage.LEAD
    stage_date = date(2024, 1, 5)

    @factory.post_generation
    def events(self, create, extracted, **kwargs):
        if create:
            StageEvent.objects.create(project=self, stage=self.stage, date=self.stage_date)
