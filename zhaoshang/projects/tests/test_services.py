"""Project services: creation and numbering, conversion to 万元, concurrent edits, history and interactions."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhaoshang.changelog.context import change_source
from zhaoshang.changelog.models import ChangeAction, ChangeSource
from zhaoshang.changelog.selectors import history_of
from zhaoshang.core.money import Currency
from zhaoshang.core.services import ConcurrentEditError
from zhaoshang.organisation.models import ExchangeRate
from zhaoshang.projects.choices import InteractionKind, Stage
from zhaoshang.projects.models import Interaction, Project
from zhaoshang.projects.services import (
    MSG_INTERACTION_FUTURE,
    interaction_create,
    project_advance_stage,
    project_change_status,
    project_correct_stage,
    project_create,
    project_update,
    stage_event_change_date,
)
from zhaoshang.testing.factories import EnterpriseFactory


@pytest.fixture
def investor(zone):
    return EnterpriseFactory(zone=zone, name="江苏神众新能源有限公司")


@pytest.fixture
def new_project(zone, officer, investor):
    def make(stage_dates=None, *, by=officer, in_zone=zone, **fields):
        fields.setdefault("name", "神众新能源项目")
        fields.setdefault("investor", investor if in_zone == zone else EnterpriseFactory(zone=in_zone))
        fields.setdefault("total_investment", Decimal("50000"))
        return project_create(zone=in_zone, by=by, stage_dates=stage_dates, **fields)

    return make


# ---- creation ------------------------------------------------------------------------------------------------

def test_a_new_project_records_each_stage_it_has_reached(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10), Stage.NEGOTIATING: date(2024, 2, 3),
                           Stage.SIGNED: date(2024, 3, 18)})

    events = list(project.events.order_by("date").values_list("stage", "date", "recorded_by"))
    assert events == [(Stage.LEAD, date(2024, 1, 10), officer.pk), (Stage.NEGOTIATING, date(2024, 2, 3), officer.pk),
                      (Stage.SIGNED, date(2024, 3, 18), officer.pk)]
    assert (project.stage, project.stage_date) == (Stage.SIGNED, date(2024, 3, 18))
    assert project.created_by == officer


def test_a_new_project_without_dates_starts_as_a_lead_today(new_project):
    project = new_project()

    assert (project.stage, project.stage_date) == (Stage.LEAD, timezone.localdate())
    assert project.code == f"QDKFQ-{timezone.localdate().year}-0001"


def test_project_codes_count_up_per_zone_and_year_of_first_contact(new_project, outsider, other_zone):
    first = new_project({Stage.LEAD: date(2024, 1, 10)})
    second = new_project({Stage.LEAD: date(2024, 6, 1), Stage.SIGNED: date(2025, 2, 1)})
    older = new_project({Stage.LEAD: date(2023, 11, 30)})
    elsewhere = new_project({Stage.LEAD: date(2024, 2, 1)}, by=outsider, in_zone=other_zone)

    assert [first.code, second.code, older.code] == ["QDKFQ-2024-0001", "QDKFQ-2024-0002", "QDKFQ-2023-0001"]
    assert elsewhere.code == "THKFQ-2024-0001"


def test_a_new_project_with_stage_dates_out_of_order_is_refused(new_project):
    with pytest.raises(ValidationError) as error:
        new_project({Stage.LEAD: date(2024, 3, 10), Stage.SIGNED: date(2024, 2, 1)})

    assert "早于本项目已登记的“线索”日期 2024-03-10" in " ".join(error.value.messages)
    assert not Project.objects.exists()


def test_a_new_project_dated_in_the_future_is_refused(new_project):
    with pytest.raises(ValidationError, match="晚于今天"):
        new_project({Stage.LEAD: date(2024, 3, 10), Stage.SIGNED: timezone.localdate() + timedelta(days=1)})

    assert not Project.objects.exists()


# ---- 万元 of CNY for a USD project --------------------------------------------------------------------------

def test_a_usd_project_is_converted_at_the_default_rate_of_its_signing_year(new_project):
    # 3000万美元 signed in 2023: the 2023 yearly average 7.0467 from organisation/0002.
    project = new_project({Stage.LEAD: date(2023, 3, 1), Stage.SIGNED: date(2023, 5, 10)},
                          currency=Currency.USD, total_investment=Decimal("3000"), is_foreign=True)

    assert Project.objects.get(pk=project.pk).total_investment_cny == Decimal("21140.10")


def test_a_zones_own_exchange_rate_wins_over_the_default(new_project, zone):
    ExchangeRate.objects.create(zone=zone, currency=Currency.USD, valid_from=date(2023, 1, 1), rate=Decimal("7.2000"))

    project = new_project({Stage.LEAD: date(2023, 3, 1), Stage.SIGNED: date(2023, 5, 10)},
                          currency=Currency.USD, total_investment=Decimal("3000"))

    assert Project.objects.get(pk=project.pk).total_investment_cny == Decimal("21600.00")


def test_another_zones_rate_does_not_apply(new_project, other_zone):
    ExchangeRate.objects.create(zone=other_zone, currency=Currency.USD, valid_from=date(2023, 1, 1),
                                rate=Decimal("7.2000"))

    project = new_project({Stage.LEAD: date(2023, 3, 1), Stage.SIGNED: date(2023, 5, 10)},
                          currency=Currency.USD, total_investment=Decimal("3000"))

    assert Project.objects.get(pk=project.pk).total_investment_cny == Decimal("21140.10")


def test_signing_a_usd_project_converts_it_at_the_signing_date(new_project, officer):
    project = new_project({Stage.LEAD: date(2023, 3, 1)}, currency=Currency.USD, total_investment=Decimal("1000"))

    project_advance_stage(project=project, stage=Stage.SIGNED, when=date(2024, 7, 1), by=officer)

    assert Project.objects.get(pk=project.pk).total_investment_cny == Decimal("7121.70")


def test_correcting_the_signing_date_into_another_year_converts_again(new_project, officer):
    project = new_project({Stage.LEAD: date(2023, 3, 1), Stage.SIGNED: date(2024, 1, 5)},
                          currency=Currency.USD, total_investment=Decimal("1000"))
    signed = project.events.get(stage=Stage.SIGNED)

    stage_event_change_date(event=signed, when=date(2023, 12, 28), reason="以合同落款日期为准", by=officer)

    assert Project.objects.get(pk=project.pk).total_investment_cny == Decimal("7046.70")


def test_changing_the_amount_of_a_usd_project_converts_it_again(new_project, officer):
    project = new_project({Stage.LEAD: date(2023, 3, 1), Stage.SIGNED: date(2023, 5, 10)},
                          currency=Currency.USD, total_investment=Decimal("1000"))

    project_update(project=project, by=officer, expected_version=1, total_investment=Decimal("2000"))

    assert Project.objects.get(pk=project.pk).total_investment_cny == Decimal("14093.40")


def test_a_cny_project_counts_its_own_amount(new_project):
    project = new_project({Stage.LEAD: date(2024, 1, 10)}, total_investment=Decimal("358520"))

    assert Project.objects.get(pk=project.pk).total_investment_cny == Decimal("358520")


# ---- concurrent edits -----------------------------------------------------------------------------------------

def test_the_second_of_two_concurrent_edits_is_refused_and_says_what_changed(new_project, officer, colleague):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})
    officers_copy = Project.objects.get(pk=project.pk)
    colleagues_copy = Project.objects.get(pk=project.pk)
    assert officers_copy.version == colleagues_copy.version == 1

    project_update(project=officers_copy, by=officer, expected_version=1, total_investment=Decimal("80000"))
    with pytest.raises(ConcurrentEditError) as error:
        project_update(project=colleagues_copy, by=colleague, expected_version=1,
                       total_investment=Decimal("60000"), name="神众新能源二期项目")

    message = error.value.messages[0]
    assert "陈佳伟" in message
    assert "“总投资”由“50000”改为“80000”" in message
    saved = Project.objects.get(pk=project.pk)
    assert (saved.name, saved.total_investment, saved.version) == ("神众新能源项目", Decimal("80000"), 2)
    assert not history_of(saved).filter(actor=colleague).exists()


def test_a_concurrent_edit_message_gives_the_time_of_the_other_change_in_local_time(new_project, officer, colleague):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})
    stale = Project.objects.get(pk=project.pk)
    project_update(project=project, by=officer, expected_version=1, referrer="南通市商务局")
    changed_at = history_of(project).get(field="referrer").at

    with pytest.raises(ConcurrentEditError) as error:
        project_update(project=stale, by=colleague, expected_version=1, referrer="启东市工商联")

    assert f"在 {timezone.localtime(changed_at).strftime('%m-%d %H:%M')} 将" in error.value.messages[0]


def test_an_edit_from_the_current_version_is_saved(new_project, officer, colleague):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})
    project_update(project=project, by=officer, expected_version=1, total_investment=Decimal("80000"))

    project_update(project=Project.objects.get(pk=project.pk), by=colleague, expected_version=2, name="神众二期")

    saved = Project.objects.get(pk=project.pk)
    assert (saved.name, saved.total_investment, saved.version) == ("神众二期", Decimal("80000"), 3)


def test_saving_without_changes_keeps_the_version(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})

    project_update(project=project, by=officer, expected_version=1, name="神众新能源项目",
                   total_investment=Decimal("50000.00"), referrer="", description="")

    saved = Project.objects.get(pk=project.pk)
    assert saved.version == 1
    assert not history_of(saved).filter(action=ChangeAction.UPDATE).exists()


def test_a_project_cannot_be_moved_to_another_zone_by_an_edit(new_project, officer, other_zone):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})

    with pytest.raises(TypeError, match="zone"):
        project_update(project=project, by=officer, expected_version=1, zone=other_zone)

    assert Project.objects.get(pk=project.pk).zone_id == project.zone_id


def test_the_stage_cannot_be_set_by_an_edit(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})

    with pytest.raises(TypeError, match="stage"):
        project_update(project=project, by=officer, expected_version=1, stage=Stage.STARTED)

    assert Project.objects.get(pk=project.pk).stage == Stage.LEAD


# ---- history --------------------------------------------------------------------------------------------------

def test_creating_editing_and_advancing_are_each_recorded_with_who_did_it(new_project, officer, colleague):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})
    project_update(project=project, by=colleague, expected_version=1, total_investment=Decimal("80000"),
                   referrer="南通市商务局")
    project_advance_stage(project=project, stage=Stage.SIGNED, when=date(2024, 3, 1), by=officer)

    records = list(history_of(project).order_by("id"))
    assert [(r.action, r.actor, r.field_label, r.old_value, r.new_value) for r in records] == [
        (ChangeAction.CREATE, officer, "", "", ""),
        (ChangeAction.UPDATE, colleague, "总投资", "50000", "80000"),
        (ChangeAction.UPDATE, colleague, "推荐人", "", "南通市商务局"),
        (ChangeAction.UPDATE, officer, "推进阶段", "线索(2024-01-10)", "签约(2024-03-01)"),
    ]
    assert {record.zone_id for record in records} == {project.zone_id}


def test_a_correction_is_recorded_with_its_reason(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10), Stage.SIGNED: date(2024, 3, 1)})

    project_correct_stage(project=project, to_stage=Stage.LEAD, reason="协议未正式签署", by=officer)

    record = history_of(project).get(field_label="更正阶段")
    assert (record.old_value, record.actor) == ("签约(2024-03-01)", officer)
    assert "协议未正式签署" in record.new_value


def test_a_change_made_outside_any_request_is_recorded_as_from_the_shell(new_project, officer):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})
    project_update(project=project, by=None, expected_version=None, name="神众新能源(一期)")

    created = history_of(project).get(action=ChangeAction.CREATE)
    renamed = history_of(project).get(field="name")
    assert (created.source, created.actor) == (ChangeSource.SHELL, officer)
    assert (renamed.source, renamed.get_source_display(), renamed.actor) == (ChangeSource.SHELL, "命令行", None)


def test_a_change_made_by_an_import_is_recorded_as_from_the_import(new_project, officer):
    with change_source(ChangeSource.IMPORT, ref="2024年在谈项目.xlsx"):
        project = new_project({Stage.LEAD: date(2024, 1, 10)})
    project_update(project=project, by=officer, expected_version=1, name="神众新能源(一期)")

    created = history_of(project).get(action=ChangeAction.CREATE)
    edited = history_of(project).get(field="name")
    assert (created.source, created.source_ref) == (ChangeSource.IMPORT, "2024年在谈项目.xlsx")
    assert edited.source == ChangeSource.SHELL  # the import's context ended with its block


# ---- interactions ---------------------------------------------------------------------------------------------

def test_an_interaction_is_logged_against_the_project_and_its_investor(new_project, officer, zone, investor):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})

    interaction = interaction_create(zone=zone, by=officer, project=project, kind=InteractionKind.VISIT,
                                     date=date(2024, 1, 18), people="陈佳伟; 神众 王总", notes="赴深圳总部拜访")

    assert (interaction.enterprise, interaction.recorded_by) == (investor, officer)
    assert list(project.interactions.all()) == [interaction]


def test_an_interaction_dated_in_the_future_is_refused(new_project, officer, zone):
    project = new_project({Stage.LEAD: date(2024, 1, 10)})

    with pytest.raises(ValidationError) as error:
        interaction_create(zone=zone, by=officer, project=project, kind=InteractionKind.VISIT,
                           date=timezone.localdate() + timedelta(days=1), people="陈佳伟", notes="计划拜访")

    assert error.value.messages == [MSG_INTERACTION_FUTURE]
    assert not Interaction.objects.exists()


def test_a_project_cannot_name_another_zones_investor_team_or_officer(zone, officer, other_zone, outsider):
    from zhaoshang.projects.models import (
        MSG_OTHER_ZONE_INVESTOR,
        MSG_OTHER_ZONE_OFFICER,
        MSG_OTHER_ZONE_TEAM,
    )
    from zhaoshang.testing.factories import TeamFactory

    foreign_investor = EnterpriseFactory(zone=other_zone, name="亭湖的目标企业")
    with pytest.raises(ValidationError) as refused:
        project_create(zone=zone, by=officer, name="串园区项目", investor=foreign_investor,
                                total_investment=1000)
    assert refused.value.message_dict["investor"] == [MSG_OTHER_ZONE_INVESTOR]
    project = project_create(zone=zone, by=officer, name="本园区项目",
                                      investor=EnterpriseFactory(zone=zone), total_investment=1000)
    with pytest.raises(ValidationError) as refused:
        project_update(project=project, by=officer, expected_version=1,
                                team=TeamFactory(zone=other_zone), officer=outsider)
    assert refused.value.message_dict["team"] == [MSG_OTHER_ZONE_TEAM]
    assert refused.value.message_dict["officer"] == [MSG_OTHER_ZONE_OFFICER]


def test_a_status_in_the_stage_dates_of_a_new_project_is_refused_with_a_message(zone, officer):
    with pytest.raises(ValidationError, match="不是项目推进阶段"):
        project_create(zone=zone, by=officer, name="x", investor=EnterpriseFactory(zone=zone),
                                total_investment=1, stage_dates={Stage.DROPPED: date(2024, 1, 1)})


def test_a_dropped_date_cannot_be_corrected_to_before_the_lead_it_ended(zone, officer):
    project = project_create(zone=zone, by=officer, name="x", investor=EnterpriseFactory(zone=zone),
                                      total_investment=1, stage_dates={Stage.LEAD: date(2024, 3, 1)})
    dropped = project_change_status(project=project, event=Stage.DROPPED, when=date(2024, 5, 1),
                                             reason="落户其他地区", by=officer)
    with pytest.raises(ValidationError, match="早于本项目已登记的“线索”日期 2024-03-01"):
        stage_event_change_date(event=dropped, when=date(2024, 2, 1), reason="误录", by=officer)


def test_an_unrelated_edit_does_not_move_the_yuan_figure_of_an_unsigned_usd_project(zone, officer, investor):
    from datetime import datetime

    ExchangeRate.objects.create(zone=zone, currency=Currency.USD, valid_from=date(2020, 1, 1), rate=Decimal("6.5"))
    ExchangeRate.objects.create(zone=zone, currency=Currency.USD, valid_from=date(2025, 1, 1), rate=Decimal("7.2"))
    project = project_create(zone=zone, by=officer, name="外资项目", investor=investor, currency=Currency.USD,
                             total_investment=Decimal("10000"), stage_dates={Stage.CONTACTED: date(2024, 5, 1)})
    # Entered in May 2024 (as an import or the demo would backdate it): converted at that day's rate.
    Project.objects.filter(pk=project.pk).update(created_at=timezone.make_aware(datetime(2024, 5, 1, 9)))
    project = project_update(project=Project.objects.get(pk=project.pk), by=officer, expected_version=1,
                             description="新描述")
    assert project.total_investment_cny == Decimal("65000.00")  # not today's 7.2
