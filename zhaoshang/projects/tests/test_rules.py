"""The stage rules as an officer meets them: through the services that record stages, statuses and corrections."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhaoshang.projects import rules
from zhaoshang.projects.choices import ProjectStatus, Stage
from zhaoshang.projects.models import Project, StageEvent
from zhaoshang.projects.services import (
    project_advance_stage,
    project_change_status,
    project_correct_stage,
    project_create,
    stage_event_change_date,
)
from zhaoshang.testing.factories import EnterpriseFactory


@pytest.fixture
def new_project(zone, officer):
    """Creates a 启东 project through the service, as the officer would from the form."""

    def make(stage_dates=None, **fields):
        fields.setdefault("name", "测试新材料项目")
        fields.setdefault("investor", EnterpriseFactory(zone=zone))
        fields.setdefault("total_investment", 50000)
        return project_create(zone=zone, by=officer, stage_dates=stage_dates, **fields)

    return make


def messages_of(error: ValidationError) -> str:
    return " ".join(error.value.messages)


def active_stages(project) -> list[str]:
    return list(project.events.active().order_by("date", "id").values_list("stage", flat=True))


def tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


# ---- moving forward ------------------------------------------------------------------------------------

def test_an_officer_advances_a_project_to_the_next_stage(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})

    project_advance_stage(project=project, stage=Stage.CONTACTED, when=date(2024, 1, 20), by=officer)

    project.refresh_from_db()
    assert (project.stage, project.stage_date) == (Stage.CONTACTED, date(2024, 1, 20))
    assert active_stages(project) == [Stage.LEAD, Stage.CONTACTED]
    assert project.events.get(stage=Stage.CONTACTED).recorded_by == officer


def test_an_expansion_goes_from_signed_straight_to_land_supplied(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10), Stage.SIGNED: date(2024, 2, 1)}, is_expansion=True)

    project_advance_stage(project=project, stage=Stage.LAND_SUPPLIED, when=date(2024, 3, 15), by=officer)

    project.refresh_from_db()
    assert project.stage == Stage.LAND_SUPPLIED
    assert active_stages(project) == [Stage.LEAD, Stage.SIGNED, Stage.LAND_SUPPLIED]


def test_moving_a_project_back_is_refused_and_points_to_the_correction(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10), Stage.SIGNED: date(2024, 2, 1)})

    with pytest.raises(ValidationError) as error:
        project_advance_stage(project=project, stage=Stage.INTENT, when=date(2024, 2, 5), by=officer)

    assert messages_of(error) == rules.MSG_NOT_FORWARD.format(current="签约")
    assert "更正" in messages_of(error)
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED
    assert not project.events.filter(stage=Stage.INTENT).exists()


def test_recording_the_current_stage_again_is_refused(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10), Stage.SIGNED: date(2024, 2, 1)})

    with pytest.raises(ValidationError, match="只能向后推进"):
        project_advance_stage(project=project, stage=Stage.SIGNED, when=date(2024, 2, 2), by=officer)

    assert project.events.filter(stage=Stage.SIGNED).count() == 1


def test_a_stage_dated_in_the_future_is_refused(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})

    with pytest.raises(ValidationError) as error:
        project_advance_stage(project=project, stage=Stage.SIGNED, when=tomorrow(), by=officer)

    assert messages_of(error) == rules.MSG_FUTURE.format(stage="签约", date=tomorrow())
    assert not project.events.filter(stage=Stage.SIGNED).exists()


def test_a_stage_can_be_recorded_today(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})

    project_advance_stage(project=project, stage=Stage.SIGNED, when=timezone.localdate(), by=officer)

    project.refresh_from_db()
    assert project.stage_date == timezone.localdate()


def test_a_stage_dated_before_an_earlier_stage_names_that_stage_and_its_date(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10), Stage.SIGNED: date(2024, 3, 1)})

    with pytest.raises(ValidationError) as error:
        project_advance_stage(project=project, stage=Stage.REGISTERED, when=date(2024, 2, 20), by=officer)

    message = messages_of(error)
    assert "签约" in message and "2024-03-01" in message
    assert message == rules.MSG_BEFORE_EARLIER.format(
        stage="注册", date=date(2024, 2, 20), earlier="签约", earlier_date=date(2024, 3, 1))
    assert not project.events.filter(stage=Stage.REGISTERED).exists()


def test_shenzhong_signed_and_registered_on_the_same_day(new_project, officer):
    # 神众 signed its agreement in the morning and got its licence the same afternoon.
    project = new_project({Stage.LEAD: date(2024, 1, 10), Stage.SIGNED: date(2024, 4, 8)}, name="神众新能源项目")

    project_advance_stage(project=project, stage=Stage.REGISTERED, when=date(2024, 4, 8), by=officer)

    project.refresh_from_db()
    assert (project.stage, project.stage_date) == (Stage.REGISTERED, date(2024, 4, 8))


def test_a_stage_without_a_date_is_refused(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})

    with pytest.raises(ValidationError, match=rules.MSG_DATE_REQUIRED):
        project_advance_stage(project=project, stage=Stage.SIGNED, when=None, by=officer)


def test_a_status_is_not_a_pipeline_stage(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})

    with pytest.raises(ValidationError, match="不是项目推进阶段"):
        project_advance_stage(project=project, stage=Stage.DROPPED, when=date(2024, 2, 1), by=officer)

    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE


# ---- corrections -----------------------------------------------------------------------------------------

@pytest.fixture
def started_project(new_project):
    return new_project({
        Stage.LEAD: date(2024, 1, 10), Stage.SIGNED: date(2024, 2, 1), Stage.REGISTERED: date(2024, 2, 20),
        Stage.LAND_SUPPLIED: date(2024, 4, 1), Stage.STARTED: date(2024, 5, 6),
    })


def test_a_correction_needs_a_reason(started_project, officer):
    with pytest.raises(ValidationError, match=rules.MSG_REASON_REQUIRED):
        project_correct_stage(project=started_project, to_stage=Stage.SIGNED, reason="  ", by=officer)

    started_project.refresh_from_db()
    assert started_project.stage == Stage.STARTED
    assert not StageEvent.objects.filter(voided_at__isnull=False).exists()


def test_a_correction_voids_later_events_and_keeps_them_with_reason_and_who(started_project, colleague):
    project_correct_stage(project=started_project, to_stage=Stage.SIGNED, reason="供地和开工登记错了项目", by=colleague)

    started_project.refresh_from_db()
    assert (started_project.stage, started_project.stage_date) == (Stage.SIGNED, date(2024, 2, 1))
    assert active_stages(started_project) == [Stage.LEAD, Stage.SIGNED]
    voided = started_project.events.filter(voided_at__isnull=False)
    assert sorted(voided.values_list("stage", flat=True)) == sorted(
        [Stage.REGISTERED, Stage.LAND_SUPPLIED, Stage.STARTED])
    assert {(event.void_reason, event.voided_by) for event in voided} == {("供地和开工登记错了项目", colleague)}


def test_a_correction_can_only_go_back_to_a_stage_the_project_reached(started_project, officer):
    with pytest.raises(ValidationError, match="更正只能退回"):
        project_correct_stage(project=started_project, to_stage=Stage.INTENT, reason="误操作", by=officer)
    with pytest.raises(ValidationError, match="更正只能退回"):
        project_correct_stage(project=started_project, to_stage=Stage.COMPLETED, reason="误操作", by=officer)

    started_project.refresh_from_db()
    assert started_project.stage == Stage.STARTED


def test_after_a_correction_the_project_advances_again(started_project, officer):
    project_correct_stage(project=started_project, to_stage=Stage.REGISTERED, reason="供地日期是挂牌日, 重新登记", by=officer)

    project_advance_stage(project=started_project, stage=Stage.LAND_SUPPLIED, when=date(2024, 4, 20), by=officer)

    started_project.refresh_from_db()
    assert (started_project.stage, started_project.stage_date) == (Stage.LAND_SUPPLIED, date(2024, 4, 20))
    land_events = started_project.events.filter(stage=Stage.LAND_SUPPLIED)
    assert [(event.date, event.is_voided) for event in land_events] == [
        (date(2024, 4, 1), True), (date(2024, 4, 20), False)]


# ---- correcting a date -------------------------------------------------------------------------------------

def test_correcting_a_date_moves_the_event(started_project, officer):
    signed = started_project.events.get(stage=Stage.SIGNED)

    stage_event_change_date(event=signed, when=date(2024, 1, 25), reason="以合同落款日期为准", by=officer)

    signed.refresh_from_db()
    started_project.refresh_from_db()
    assert signed.date == date(2024, 1, 25)
    assert started_project.stage_date == date(2024, 5, 6)


def test_correcting_the_date_of_the_current_stage_moves_the_project_date(started_project, officer):
    started = started_project.events.get(stage=Stage.STARTED)

    stage_event_change_date(event=started, when=date(2024, 5, 1), reason="开工仪式日期", by=officer)

    started_project.refresh_from_db()
    assert started_project.stage_date == date(2024, 5, 1)


@pytest.mark.parametrize(("when", "neighbour", "neighbour_date"), [
    (date(2024, 2, 25), "“注册”", "2024-02-20"),   # after the later stage
    (date(2024, 1, 5), "“线索”", "2024-01-10"),    # before the earlier one
])
def test_a_corrected_date_may_not_jump_over_its_neighbours(started_project, officer, when, neighbour,
                                                            neighbour_date):
    signed = started_project.events.get(stage=Stage.SIGNED)

    with pytest.raises(ValidationError) as error:
        stage_event_change_date(event=signed, when=when, reason="核对合同", by=officer)

    assert neighbour in messages_of(error) and neighbour_date in messages_of(error)
    signed.refresh_from_db()
    assert signed.date == date(2024, 2, 1)


def test_a_corrected_date_may_not_be_in_the_future(started_project, officer):
    started = started_project.events.get(stage=Stage.STARTED)

    with pytest.raises(ValidationError, match="晚于今天"):
        stage_event_change_date(event=started, when=tomorrow(), reason="计划开工", by=officer)

    started.refresh_from_db()
    assert started.date == date(2024, 5, 6)


def test_correcting_a_date_needs_a_reason(started_project, officer):
    signed = started_project.events.get(stage=Stage.SIGNED)

    with pytest.raises(ValidationError, match=rules.MSG_REASON_REQUIRED):
        stage_event_change_date(event=signed, when=date(2024, 1, 25), reason="", by=officer)

    signed.refresh_from_db()
    assert signed.date == date(2024, 2, 1)


# ---- hold, resume, drop ------------------------------------------------------------------------------------

def test_a_project_is_put_on_hold_resumed_and_dropped(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10), Stage.NEGOTIATING: date(2024, 2, 1)})

    project_change_status(project=project, event=Stage.ON_HOLD, when=date(2024, 3, 1), by=officer)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ON_HOLD

    project_change_status(project=project, event=Stage.RESUMED, when=date(2024, 4, 1), by=officer)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE

    project_change_status(project=project, event=Stage.DROPPED, when=date(2024, 5, 1), by=officer,
                          reason="投资方转投外省")
    project.refresh_from_db()
    assert project.status == ProjectStatus.DROPPED
    assert project.stage == Stage.NEGOTIATING  # a status keeps the stage the project had reached
    assert project.events.get(stage=Stage.DROPPED).reason == "投资方转投外省"


def test_dropping_a_project_needs_a_reason(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})

    with pytest.raises(ValidationError, match=rules.MSG_REASON_REQUIRED):
        project_change_status(project=project, event=Stage.DROPPED, when=date(2024, 2, 1), by=officer, reason=" ")

    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE
    assert not project.events.filter(stage=Stage.DROPPED).exists()


def test_a_dropped_project_cannot_advance_until_it_is_resumed(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10), Stage.INTENT: date(2024, 2, 1)})
    project_change_status(project=project, event=Stage.DROPPED, when=date(2024, 3, 1), by=officer, reason="资金未到位")

    with pytest.raises(ValidationError) as error:
        project_advance_stage(project=project, stage=Stage.SIGNED, when=date(2024, 3, 5), by=officer)
    assert messages_of(error) == rules.MSG_NOT_ACTIVE.format(status="已终止")

    project_change_status(project=project, event=Stage.RESUMED, when=date(2024, 6, 1), by=officer)
    project_advance_stage(project=project, stage=Stage.SIGNED, when=date(2024, 6, 10), by=officer)
    project.refresh_from_db()
    assert (project.status, project.stage) == (ProjectStatus.ACTIVE, Stage.SIGNED)


def test_a_project_on_hold_cannot_advance(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})
    project_change_status(project=project, event=Stage.ON_HOLD, when=date(2024, 2, 1), by=officer)

    with pytest.raises(ValidationError, match="暂缓"):
        project_advance_stage(project=project, stage=Stage.CONTACTED, when=date(2024, 2, 10), by=officer)


@pytest.mark.parametrize(("first", "then"), [
    (None, Stage.RESUMED),                 # an active project has nothing to resume
    (Stage.ON_HOLD, Stage.ON_HOLD),        # already on hold
])
def test_a_status_change_that_does_not_fit_the_status_is_refused(new_project, officer, first, then):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})
    if first:
        project_change_status(project=project, event=first, when=date(2024, 2, 1), by=officer)
    status = Project.objects.get(pk=project.pk).status

    with pytest.raises(ValidationError, match="不能登记"):
        project_change_status(project=project, event=then, when=date(2024, 3, 1), by=officer)

    project.refresh_from_db()
    assert project.status == status


def test_a_status_change_dated_before_the_last_event_is_refused(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10), Stage.SIGNED: date(2024, 3, 1)})

    with pytest.raises(ValidationError, match="早于本项目已登记的“签约”日期 2024-03-01"):
        project_change_status(project=project, event=Stage.ON_HOLD, when=date(2024, 2, 1), by=officer)


def test_a_status_change_dated_in_the_future_is_refused(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})

    with pytest.raises(ValidationError, match="晚于今天"):
        project_change_status(project=project, event=Stage.ON_HOLD, when=tomorrow(), by=officer)
