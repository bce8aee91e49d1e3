"""The demo loads once, keeps the seed articles' facts, and obeys the same rules as data users enter."""

import io
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from zhaoshang.accounts.access import visible_zones
from zhaoshang.accounts.models import WRITER_ROLES, User
from zhaoshang.changelog.models import ChangeRecord, ChangeSource
from zhaoshang.core.money import Currency
from zhaoshang.demo import builder
from zhaoshang.demo.roster import DEMO_PASSWORD, USERNAMES, ZONE_CODES
from zhaoshang.demo.seeds import shift, years_to_shift
from zhaoshang.enterprises.choices import EnterpriseTagKind
from zhaoshang.enterprises.credit_code import validate_credit_code
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.organisation.models import TeamQuota, Zone
from zhaoshang.projects import rules
from zhaoshang.projects.choices import PIPELINE, PIPELINE_INDEX, ProjectStatus, Stage, Top500
from zhaoshang.projects.models import Interaction, Project, StageEvent
from zhaoshang.testing.factories import UserFactory, ZoneFactory, division

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module and removed afterwards so other modules never see it."""
    # The password is hashed with the hasher the tests check with (conftest's fast one, set per test).
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
        call_command("load_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        builder.delete_demo()


@pytest.fixture
def projects(demo, db):
    return Project.objects.filter(zone__code__in=ZONE_CODES)


def active_pipeline_dates(project: Project) -> dict[str, object]:
    return dict(project.events.active().filter(stage__in=PIPELINE).values_list("stage", "date"))


# ---- loading once --------------------------------------------------------------------------------------------

def test_loading_again_changes_nothing_and_prints_the_logins_again(projects):
    before = builder.counts()
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    assert builder.counts() == before
    assert "演示数据已存在" in out.getvalue()
    assert "qd_admin" in out.getvalue() and DEMO_PASSWORD in out.getvalue()


def test_it_builds_two_zones_with_about_150_generated_projects_each(projects):
    for code in ZONE_CODES:
        assert 150 <= projects.filter(zone__code=code).count() <= 180
    divisions = Zone.objects.filter(code__in=ZONE_CODES).values_list("division__code", flat=True)
    assert set(divisions) == {"320681", "320902"}


def test_deleting_the_demo_leaves_other_zones_and_users_alone(demo, db):
    zone = ZoneFactory(name="海安经济技术开发区", code="HAKFQ", division=division("320685"))
    user = UserFactory(username="haian_officer", zone=zone)

    builder.delete_demo()

    assert not Zone.objects.filter(code__in=ZONE_CODES).exists()
    assert not User.objects.filter(username__in=USERNAMES).exists()
    assert Zone.objects.filter(pk=zone.pk).exists() and User.objects.filter(pk=user.pk).exists()


def test_it_never_deletes_or_takes_over_a_real_zone_or_account_that_shares_a_demo_name(demo, db):
    builder.delete_demo()
    real_zone = ZoneFactory(name="启东经济开发区", code="QDKFQ", division=division("320681"))
    real_viewer = UserFactory(username="nantong", role="division_viewer", zone=None, division=division("320600"))

    builder.delete_demo()
    with pytest.raises(CommandError, match="QDKFQ.*nantong"):
        call_command("load_demo", "--reset", stdout=io.StringIO())

    assert Zone.objects.filter(pk=real_zone.pk).exists() and User.objects.filter(pk=real_viewer.pk).exists()


def test_it_refuses_to_load_beside_real_zones_its_public_viewer_accounts_could_read(demo, db):
    builder.delete_demo()
    ZoneFactory(name="海安经济技术开发区", code="HAKFQ", division=division("320685"))

    with pytest.raises(CommandError, match="海安经济技术开发区.*公开"):
        call_command("load_demo", stdout=io.StringIO())

    assert not builder.demo_present() and not User.objects.filter(username="jiangsu").exists()


# ---- the seed articles --------------------------------------------------------------------------------------

def test_qianshuo_is_a_5_yi_project_started_in_december(projects):
    project = projects.get(name="乾朔电子连接器项目")

    assert (project.total_investment, project.currency) == (50000, Currency.CNY)
    assert (project.stage, project.stage_date.month, project.status) == (Stage.STARTED, 12, ProjectStatus.ACTIVE)
    assert (project.expected_taxable_sales, project.expected_tax) == (60000, 4000)


def test_shenzhong_signed_and_registered_18_days_after_first_contact(projects):
    project = projects.get(name__startswith="上海神众智能科技")
    dates = active_pipeline_dates(project)

    # "从12月9日初次接触……到12月26日正式签约、颁照，仅用时18天": both days counted.
    assert (dates[Stage.SIGNED] - dates[Stage.CONTACTED]).days + 1 == 18
    assert dates[Stage.SIGNED] == dates[Stage.REGISTERED]
    assert (dates[Stage.CONTACTED].month, dates[Stage.SIGNED].day) == (12, 26)
    assert project.total_investment == 14000


def test_the_tinghu_projects_keep_their_reported_figures(projects):
    wanbang = projects.get(name="万帮锂电储能集成系统装备研发制造项目")
    trina = projects.get(name__startswith="天合光能")
    jingchuang = projects.get(name="景创锂钠动力储能项目")

    assert (wanbang.total_investment, wanbang.stage) == (1000000, Stage.COMPLETED)
    assert wanbang.expected_taxable_sales == 1500000
    assert (trina.total_investment, trina.stage, trina.top500) == (1000000, Stage.SIGNED, Top500.CHINA)
    trina_tags = set(trina.investor.tags.values_list("kind", flat=True))
    assert {EnterpriseTagKind.LISTED, EnterpriseTagKind.CHINA_500} <= trina_tags
    assert (jingchuang.total_investment, jingchuang.stage, jingchuang.stage_date.month) == (500000, Stage.STARTED, 4)
    robot_signings = projects.filter(name__in=["智能无人自动驾驶项目", "联合云通电商基地项目", "电关巡检机器人项目",
                                               "清洁机器人项目", "全球百年集散街区项目"])
    assert len({p.stage_date for p in robot_signings}) == 1 and all(p.total_investment >= 10000 for p in robot_signings)


def test_each_articles_newest_fact_falls_within_the_last_year(projects):
    today = timezone.localdate()
    newest = [
        max(projects.get(name="启东经开区—西安科创中心项目").events.values_list("date", flat=True)),  # signed mid-January
        max(projects.get(name="景创锂钠动力储能项目").interactions.values_list("date", flat=True)),  # the reporter's visit
    ]
    assert all(today - timedelta(days=366) < day <= today for day in newest)


@pytest.mark.parametrize("newest, today, years", [
    (date(2023, 10, 15), date(2026, 11, 22), 3),
    (date(2024, 1, 16), date(2026, 11, 22), 2),
    (date(2024, 1, 16), date(2024, 6, 1), 0),
    (date(2024, 1, 16), date(2027, 1, 16), 3),
])
def test_articles_move_forward_by_whole_years(newest, today, years):
    assert years_to_shift(newest, today) == years
    assert shift(date(2024, 2, 29), 1) == date(2025, 2, 28)


# ---- the rules hold for every project -------------------------------------------------------------------------

def test_no_event_lies_in_the_future_and_every_timeline_runs_in_pipeline_order(projects):
    today = timezone.localdate()
    assert not StageEvent.objects.filter(project__in=projects, date__gt=today).exists()
    assert not Interaction.objects.filter(project__in=projects, date__gt=today).exists()
    for project in projects.prefetch_related("events"):
        dates = active_pipeline_dates(project)
        assert rules.check_stage_dates(dates, today) == {}, project.name
        assert project.stage == max(dates, key=PIPELINE_INDEX.__getitem__), project.name
        statuses = [event.stage for event in project.events.active().exclude(stage__in=PIPELINE).order_by("date", "id")]
        expected = {Stage.ON_HOLD: ProjectStatus.ON_HOLD, Stage.DROPPED: ProjectStatus.DROPPED}.get(
            statuses[-1] if statuses else None, ProjectStatus.ACTIVE)
        assert project.status == expected, project.name


def test_every_project_has_a_history_written_as_demo_data(projects):
    project_type = ContentType.objects.get_for_model(Project)
    logged = set(ChangeRecord.objects.filter(content_type=project_type).values_list("object_id", flat=True))

    assert set(projects.values_list("pk", flat=True)) <= logged
    sources = ChangeRecord.objects.filter(zone__code__in=ZONE_CODES).values_list("source", flat=True)
    assert set(sources) == {ChangeSource.DEMO}


def test_the_history_shows_edits_and_corrections_with_reasons(projects):
    records = ChangeRecord.objects.filter(zone__code__in=ZONE_CODES)

    assert records.filter(field="total_investment", action="update").exists()
    assert records.filter(field="major_level").exists() and records.filter(field="officer").exists()
    assert records.filter(field_label="更正阶段").count() >= 2
    voided = StageEvent.objects.filter(project__in=projects, voided_at__isnull=False)
    assert voided.exists() and all(event.void_reason for event in voided)
    assert all(reason for reason in StageEvent.objects.filter(project__in=projects, stage=Stage.DROPPED)
               .values_list("reason", flat=True))


def test_events_and_contacts_are_recorded_by_officers_of_the_zone(projects):
    for model, zone_field in ((StageEvent, "project__zone"), (Interaction, "zone")):
        rows = model.objects.filter(**{f"{zone_field}__code__in": ZONE_CODES}).select_related("recorded_by")
        for row in rows:
            assert row.recorded_by.role in WRITER_ROLES
            assert row.recorded_by.zone_id == (row.project.zone_id if model is StageEvent else row.zone_id)


def test_the_funnel_narrows_and_some_projects_are_foreign(projects):
    def reached(stage):
        return projects.filter(events__stage=stage, events__voided_at__isnull=True).distinct().count()

    assert reached(Stage.CONTACTED) > reached(Stage.SIGNED) > reached(Stage.STARTED) > reached(Stage.PRODUCING) > 0
    assert projects.filter(status=ProjectStatus.DROPPED).exists()
    assert projects.filter(status=ProjectStatus.ON_HOLD).exists()
    foreign = projects.filter(currency=Currency.USD)
    assert foreign.count() >= 10
    assert all(p.is_foreign and p.foreign_investment for p in foreign)
    assert projects.exclude(major_level="").exists() and projects.exclude(top500="").exists()


def test_credit_codes_are_valid_where_set(projects):
    codes = list(Enterprise.objects.filter(zone__code__in=ZONE_CODES).exclude(credit_code="")
                 .values_list("credit_code", flat=True))

    assert len(codes) > 100
    for code in codes:
        validate_credit_code(code)
    assert not Enterprise.objects.filter(name="天合光能股份有限公司").exclude(credit_code="").exists()


def test_the_third_party_agent_has_a_quota_for_this_year(projects):
    quota = TeamQuota.objects.get(team__zone__code="QDKFQ", team__kind="agent")

    assert (quota.year, quota.signed_amount) == (timezone.localdate().year, 400000)


# ---- logging in --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["qd_admin", "qd_officer", "th_leader", "nantong", "jiangsu"])
def test_demo_users_can_log_in(projects, client, username):
    assert client.login(username=username, password=DEMO_PASSWORD)


def test_city_and_province_viewers_see_the_zones_under_them(projects):
    nantong, jiangsu = User.objects.get(username="nantong"), User.objects.get(username="jiangsu")

    assert list(visible_zones(nantong).values_list("code", flat=True)) == ["QDKFQ"]
    assert set(visible_zones(jiangsu).values_list("code", flat=True)) == {"QDKFQ", "THKFQ"}
