"""Writing plans, targets with their period values, and FDI arrivals: the rules and their Chinese messages."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhaoshang.changelog.models import ChangeAction, ChangeRecord
from zhaoshang.changelog.selectors import history_of
from zhaoshang.organisation.models import ZoneSettings
from zhaoshang.organisation.selectors import MSG_OFFICER_NOT_ASSIGNABLE, MSG_TEAM_NOT_ASSIGNABLE
from zhaoshang.projects.choices import Stage
from zhaoshang.projects.models import FdiArrival
from zhaoshang.targets import services
from zhaoshang.targets.choices import Granularity, Metric, PlanScope
from zhaoshang.targets.models import Target, TargetPlan
from zhaoshang.testing.factories import TeamFactory

D = Decimal
SIGNED = {"metric": Metric.STAGE_COUNT, "stage": Stage.SIGNED}


@pytest.fixture
def plan(zone, officer):
    return services.target_plan_create(zone=zone, by=officer, year=2024, name="2024年目标任务")


def messages_of(excinfo) -> dict:
    return excinfo.value.message_dict


def values_of(target) -> dict:
    return {period: value for period, value in target.values.values_list("period", "value")}


# ----------------------------------------------------------------------------------------------- plans


def test_a_team_plan_needs_a_team_of_the_zone(zone, officer, other_zone):
    with pytest.raises(ValidationError) as excinfo:
        services.target_plan_create(zone=zone, by=officer, year=2024, name="小组任务", scope=PlanScope.TEAM)
    assert messages_of(excinfo) == {"team": [services.MSG_PLAN_TEAM_REQUIRED]}
    with pytest.raises(ValidationError) as excinfo:
        services.target_plan_create(zone=zone, by=officer, year=2024, name="小组任务", scope=PlanScope.TEAM,
                                    team=TeamFactory(zone=other_zone))
    assert messages_of(excinfo) == {"team": [services.MSG_PLAN_TEAM_OTHER_ZONE]}


def test_an_officer_plan_needs_an_officer_of_the_zone(zone, officer, outsider):
    with pytest.raises(ValidationError) as excinfo:
        services.target_plan_create(zone=zone, by=officer, year=2024, name="个人任务", scope=PlanScope.OFFICER,
                                    officer=outsider)
    assert messages_of(excinfo) == {"officer": [services.MSG_PLAN_OFFICER_OTHER_ZONE]}


def test_a_new_team_or_officer_must_be_active_and_one_retired_since_stays(zone, officer, colleague, team):
    retired_team = TeamFactory(zone=zone, name="已撤销小组", is_active=False)
    with pytest.raises(ValidationError) as excinfo:
        services.target_plan_create(zone=zone, by=officer, year=2024, name="小组任务", scope=PlanScope.TEAM,
                                    team=retired_team)
    assert messages_of(excinfo) == {"team": [MSG_TEAM_NOT_ASSIGNABLE]}

    team_plan = services.target_plan_create(zone=zone, by=officer, year=2024, name="小组任务",
                                            scope=PlanScope.TEAM, team=team)
    person_plan = services.target_plan_create(zone=zone, by=officer, year=2024, name="个人任务",
                                              scope=PlanScope.OFFICER, officer=colleague)
    team.is_active = False
    team.save()
    colleague.is_active = False
    colleague.save()
    # Renaming a plan whose team was wound up, or whose officer left, keeps them ...
    assert services.target_plan_update(plan=team_plan, by=officer, name="小组任务(调整)").team == team
    assert services.target_plan_update(plan=person_plan, by=officer, name="个人任务(调整)").officer == colleague
    # ... but they cannot be named anew.
    other_plan = services.target_plan_create(zone=zone, by=officer, year=2024, name="另一小组任务",
                                             scope=PlanScope.TEAM, team=TeamFactory(zone=zone))
    with pytest.raises(ValidationError) as excinfo:
        services.target_plan_update(plan=other_plan, by=officer, team=team)
    assert messages_of(excinfo) == {"team": [MSG_TEAM_NOT_ASSIGNABLE]}
    with pytest.raises(ValidationError) as excinfo:
        services.target_plan_create(zone=zone, by=officer, year=2024, name="另一个人任务", scope=PlanScope.OFFICER,
                                    officer=colleague)
    assert messages_of(excinfo) == {"officer": [MSG_OFFICER_NOT_ASSIGNABLE]}


def test_a_zone_plan_drops_a_team_chosen_before_the_scope_changed(zone, officer, team):
    plan = services.target_plan_create(zone=zone, by=officer, year=2024, name="园区任务", team=team)
    assert plan.scope == PlanScope.ZONE and plan.team is None


def test_a_plan_name_is_used_once_a_year(plan, zone, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.target_plan_create(zone=zone, by=officer, year=2024, name="2024年目标任务")
    assert messages_of(excinfo) == {"name": [services.MSG_PLAN_NAME_TAKEN.format(year=2024, name="2024年目标任务")]}
    services.target_plan_create(zone=zone, by=officer, year=2025, name="2024年目标任务")  # another year is fine


def test_read_only_roles_cannot_write_plans(zone, zone_leader, city_viewer, plan):
    for user in (zone_leader, city_viewer):
        with pytest.raises(PermissionDenied):
            services.target_plan_create(zone=zone, by=user, year=2024, name="x")
        with pytest.raises(PermissionDenied):
            services.target_create(plan=plan, by=user, name="x", values={"Y": D(1)}, **SIGNED)


def test_plan_changes_and_deletion_are_logged(plan, officer):
    services.target_plan_update(plan=plan, by=officer, name="2024年招商引资目标任务")
    change = history_of(plan).get(action=ChangeAction.UPDATE)
    assert (change.field_label, change.old_value, change.new_value) == (
        "名称", "2024年目标任务", "2024年招商引资目标任务")
    pk = plan.pk
    services.target_plan_delete(plan=plan, by=officer)
    assert not TargetPlan.objects.filter(pk=pk).exists()
    assert ChangeRecord.objects.filter(object_id=pk, action=ChangeAction.DELETE).exists()


# --------------------------------------------------------------------------------------------- targets


def test_the_usd_threshold_defaults_from_the_zones_pairing(zone, plan, officer):
    """No settings yet: they are made with the nominal 10 : 1, so 亿元 pairs with 1000万美元."""
    assert not ZoneSettings.objects.filter(zone=zone).exists()
    target = services.target_create(plan=plan, by=officer, name="亿元以上", min_investment=D(10000), pair_usd=True,
                                    values={"Y": D(30)}, **SIGNED)
    assert target.min_investment_usd == D(1000)
    assert ZoneSettings.objects.get(zone=zone).usd_pairing == D(10)


def test_a_zone_with_its_own_pairing_and_a_threshold_typed_by_hand(zone, plan, officer):
    ZoneSettings.objects.create(zone=zone, usd_pairing=D(8))
    paired = services.target_create(plan=plan, by=officer, name="亿元以上", min_investment=D(10000), pair_usd=True,
                                    values={"Y": D(30)}, **SIGNED)
    typed = services.target_create(plan=plan, by=officer, name="5亿元以上", min_investment=D(50000),
                                   min_investment_usd=D(7000), pair_usd=True, values={"Y": D(10)}, **SIGNED)
    plain = services.target_create(plan=plan, by=officer, name="2亿元以上(不含美元门槛)", min_investment=D(20000),
                                   values={"Y": D(5)}, **SIGNED)
    assert (paired.min_investment_usd, typed.min_investment_usd, plain.min_investment_usd) == (D(1250), D(7000), None)


def test_pairing_needs_a_cny_threshold(plan, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.target_create(plan=plan, by=officer, name="x", pair_usd=True, values={"Y": D(1)}, **SIGNED)
    assert messages_of(excinfo) == {"min_investment_usd": [services.MSG_PAIR_NEEDS_CNY]}


def test_a_stage_metric_needs_a_stage_and_others_take_none(plan, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.target_create(plan=plan, by=officer, name="签约", metric=Metric.STAGE_COUNT, values={"Y": D(1)})
    assert messages_of(excinfo) == {"stage": [services.MSG_STAGE_REQUIRED]}
    with pytest.raises(ValidationError) as excinfo:
        services.target_create(plan=plan, by=officer, name="外资", metric=Metric.FDI, stage=Stage.SIGNED,
                               values={"Y": D(1)})
    assert messages_of(excinfo) == {"stage": [services.MSG_STAGE_UNUSED]}


def test_interactions_are_not_filtered_by_project_facts(plan, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.target_create(plan=plan, by=officer, name="走访", metric=Metric.INTERACTIONS,
                               min_investment=D(10000), values={"Y": D(100)})
    assert messages_of(excinfo) == {"__all__": [services.MSG_FILTERS_UNUSED.format(metric="走访对接(次)")]}


def test_a_child_target_measures_the_same_metric_in_the_same_plan(zone, plan, officer):
    big = services.target_create(plan=plan, by=officer, name="签约亿元以上", min_investment=D(10000),
                                 values={"Y": D(30)}, **SIGNED)
    child = services.target_create(plan=plan, by=officer, name="其中5亿元以上", parent=big, min_investment=D(50000),
                                   values={"Y": D(10)}, **SIGNED)
    assert list(big.children.all()) == [child]
    cases = [
        (dict(metric=Metric.STAGE_COUNT, stage=Stage.STARTED, parent=big), services.MSG_PARENT_METRIC),
        (dict(metric=Metric.STAGE_INVESTMENT, stage=Stage.SIGNED, parent=big), services.MSG_PARENT_METRIC),
        (dict(parent=child, **SIGNED), services.MSG_PARENT_NESTED),
    ]
    other_plan = services.target_plan_create(zone=zone, by=officer, year=2024, name="另一任务")
    for fields, message in cases + [(dict(parent=big, **SIGNED), services.MSG_PARENT_PLAN)]:
        where = other_plan if message == services.MSG_PARENT_PLAN else plan
        with pytest.raises(ValidationError) as excinfo:
            services.target_create(plan=where, by=officer, name="x", values={"Y": D(1)}, **fields)
        assert messages_of(excinfo) == {"parent": [message]}


def test_a_parent_cannot_change_metric_under_its_children(plan, officer):
    big = services.target_create(plan=plan, by=officer, name="签约亿元以上", values={"Y": D(30)}, **SIGNED)
    services.target_create(plan=plan, by=officer, name="其中", parent=big, values={"Y": D(10)}, **SIGNED)
    with pytest.raises(ValidationError) as excinfo:
        services.target_update(target=big, by=officer, stage=Stage.STARTED, values={"Y": D(30)})
    assert messages_of(excinfo) == {"metric": [services.MSG_CHILDREN_DIFFER]}


def test_values_must_not_be_negative(plan, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.target_create(plan=plan, by=officer, name="x", granularity=Granularity.QUARTER,
                               values={"Q1": D(4), "Q2": D(-1)}, **SIGNED)
    assert messages_of(excinfo) == {"value_Q2": [services.MSG_VALUE_NEGATIVE]}
    assert not Target.objects.exists()


def test_a_year_target_needs_its_year_value(plan, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.target_create(plan=plan, by=officer, name="x", values={"Y": None}, **SIGNED)
    assert messages_of(excinfo) == {"value_Y": [services.MSG_VALUE_YEAR_REQUIRED]}


def test_a_value_for_a_period_outside_the_split_is_refused(plan, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.target_create(plan=plan, by=officer, name="x", granularity=Granularity.QUARTER,
                               values={"Q1": D(1), "M04": D(1)}, **SIGNED)
    assert messages_of(excinfo) == {"value_M04": [services.MSG_VALUE_PERIOD.format(granularity="分季度",
                                                                                  periods="各季度")]}


def test_a_split_targets_year_value_is_the_sum_of_its_periods(plan, officer):
    """Quarters 5 + 8 + 8 + 9 = 30; with only Q1 set there is no year value; a rate's year is its last period's."""
    full = services.target_create(plan=plan, by=officer, name="全年分季度", granularity=Granularity.QUARTER,
                                  values={"Q1": D(5), "Q2": D(8), "Q3": D(8), "Q4": D(9)}, **SIGNED)
    q1_only = services.target_create(plan=plan, by=officer, name="一季度", granularity=Granularity.QUARTER,
                                     values={"Q1": D(4)}, **SIGNED)
    rate = services.target_create(plan=plan, by=officer, name="投资完成率", metric=Metric.MAJOR_COMPLETION_RATE,
                                  granularity=Granularity.QUARTER,
                                  values={"Q1": D(20), "Q2": D(45), "Q3": D(70), "Q4": D(100)})
    assert values_of(full) == {"Q1": D(5), "Q2": D(8), "Q3": D(8), "Q4": D(9), "Y": D(30)}
    assert values_of(q1_only) == {"Q1": D(4)}
    assert values_of(rate)["Y"] == D(100)
    with pytest.raises(ValidationError) as excinfo:
        services.target_create(plan=plan, by=officer, name="填错全年", granularity=Granularity.QUARTER,
                               values={"Y": D(31), "Q1": D(5), "Q2": D(8), "Q3": D(8), "Q4": D(9)}, **SIGNED)
    assert messages_of(excinfo) == {"value_Y": [services.MSG_YEAR_IS_SUM.format(total="30")]}


def test_updating_a_target_replaces_its_values_and_logs_them(plan, officer):
    target = services.target_create(plan=plan, by=officer, name="签约", values={"Y": D(30)}, **SIGNED)
    services.target_update(target=target, by=officer, granularity=Granularity.QUARTER, name="分季度签约",
                           values={"Q1": D(6), "Q2": D(8), "Q3": D(8), "Q4": D(8)})
    target.refresh_from_db()
    assert target.name == "分季度签约" and values_of(target) == {"Q1": 6, "Q2": 8, "Q3": 8, "Q4": 8, "Y": 30}
    note = history_of(target).get(field_label="分期目标值", action=ChangeAction.UPDATE, old_value="Y=30")
    assert note.new_value == "Y=30; Q1=6; Q2=8; Q3=8; Q4=8"


def test_deleting_a_target_takes_its_children(plan, officer):
    big = services.target_create(plan=plan, by=officer, name="签约", values={"Y": D(30)}, **SIGNED)
    services.target_create(plan=plan, by=officer, name="其中", parent=big, values={"Y": D(10)}, **SIGNED)
    services.target_delete(target=big, by=officer)
    assert not plan.targets.exists()
    assert ChangeRecord.objects.filter(action=ChangeAction.DELETE).count() == 2


def test_targets_are_ordered_as_added(plan, officer):
    first = services.target_create(plan=plan, by=officer, name="一", values={"Y": D(1)}, **SIGNED)
    second = services.target_create(plan=plan, by=officer, name="二", values={"Y": D(1)}, **SIGNED)
    assert (first.order, second.order) == (1, 2)


# ---------------------------------------------------------------------------------------- FDI arrivals


@pytest.fixture
def foreign_project(zone, officer):
    from zhaoshang.projects import services as project_services
    from zhaoshang.testing.factories import EnterpriseFactory

    return project_services.project_create(zone=zone, by=officer, name="景创外资项目", is_foreign=True,
                                           investor=EnterpriseFactory(zone=zone), total_investment=D(30000),
                                           stage_dates={Stage.SIGNED: date(2024, 1, 10)})


def test_an_fdi_arrival_is_recorded_on_the_project(foreign_project, officer):
    arrival = services.fdi_arrival_create(project=foreign_project, by=officer, when=date(2024, 3, 31),
                                          amount_usd=D("1250.50"), note="第一笔注资")
    assert (arrival.zone_id, arrival.recorded_by, arrival.amount_usd) == (foreign_project.zone_id, officer,
                                                                          D("1250.50"))
    assert history_of(foreign_project).get(field_label="外资到账").new_value == "2024-03-31 1250.5万美元"


def test_an_fdi_arrival_cannot_be_in_the_future_or_empty(foreign_project, officer):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        services.fdi_arrival_create(project=foreign_project, by=officer, when=tomorrow, amount_usd=D(0))
    assert messages_of(excinfo) == {"date": [services.MSG_FDI_FUTURE], "amount_usd": [services.MSG_FDI_POSITIVE]}
    assert not FdiArrival.objects.exists()


def test_an_fdi_arrival_stays_in_its_zone(foreign_project, officer, outsider, other_zone, zone_leader):
    with pytest.raises(PermissionDenied):
        services.fdi_arrival_create(project=foreign_project, by=outsider, when=date(2024, 3, 1), amount_usd=D(1))
    with pytest.raises(PermissionDenied):
        services.fdi_arrival_create(project=foreign_project, by=zone_leader, when=date(2024, 3, 1), amount_usd=D(1))
    with pytest.raises(ValidationError) as excinfo:
        services.fdi_arrival_create(project=foreign_project, by=officer, zone=other_zone, when=date(2024, 3, 1),
                                    amount_usd=D(1))
    assert messages_of(excinfo) == {"project": [services.MSG_FDI_OTHER_ZONE]}
