"""督办 scans, resolutions, and the writes of plans, entries, nodes and thresholds."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.changelog.models import ChangeRecord
from zhaoshang.construction import services
from zhaoshang.construction.choices import Light, SupervisionKind
from zhaoshang.construction.models import InvestmentEntry, Supervision
from zhaoshang.construction.tests.conftest import node, plan
from zhaoshang.organisation.models import ZoneSettings
from zhaoshang.projects.choices import Stage
from zhaoshang.testing.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_node(zone, officer):
    """A node due Friday 2024-09-27, not done; the project has recent activity so only the node counts."""
    project = ProjectFactory(zone=zone, stage=Stage.STARTED, stage_date=date(2024, 9, 26), officer=officer)
    return node(project, date(2024, 9, 27))


def scan(zone, day, by=None):
    return services.supervision_scan(zone=zone, as_of=day, by=by)


def test_a_scan_opens_an_item_with_why_and_since(zone, late_node, officer):
    result = scan(zone, date(2024, 10, 8), by=officer)
    assert result.opened == 1
    item = Supervision.objects.get()
    assert (item.kind, item.key, item.light, item.since) == (
        SupervisionKind.NODE_OVERDUE, str(late_node.pk), Light.YELLOW, date(2024, 9, 28))
    assert item.reason == "节点“主体封顶”计划 2024-09-27 完成, 已逾期 3 个工作日"
    assert item.project.officer == officer
    assert ZoneSettings.objects.filter(zone=zone).exists()  # the zone's thresholds row, with defaults


def test_scanning_again_does_not_duplicate_and_updates_the_light(zone, late_node):
    scan(zone, date(2024, 10, 8))
    again = scan(zone, date(2024, 10, 8))
    assert (again.opened, again.updated) == (0, 0)
    later = scan(zone, date(2024, 10, 17))  # 11 working days late: red
    assert (later.opened, later.updated) == (0, 1)
    item = Supervision.objects.get()
    assert item.light == Light.RED and "已逾期 11 个工作日" in item.reason
    assert item.since == date(2024, 9, 28)


def test_an_open_item_whose_condition_went_away_turns_green_and_waits_for_a_note(zone, late_node):
    scan(zone, date(2024, 10, 8))
    late_node.actual_date = date(2024, 10, 9)
    late_node.save()
    result = scan(zone, date(2024, 10, 10))
    assert result.cleared == 1
    item = Supervision.objects.get()
    assert (item.light, item.resolved_at) == (Light.GREEN, None)


def test_after_resolution_it_reopens_only_when_the_condition_returns(zone, late_node, officer):
    scan(zone, date(2024, 10, 8))
    services.supervision_resolve(supervision=Supervision.objects.get(), by=officer, note="已催办, 企业承诺调整工期")
    assert scan(zone, date(2024, 10, 9)).opened == 0  # still late, same light: the resolution stands
    assert Supervision.objects.filter(resolved_at__isnull=True).count() == 0

    late_node.planned_date = date(2024, 10, 20)  # rescheduled: no longer late
    late_node.save()
    scan(zone, date(2024, 10, 10))
    assert Supervision.objects.get().light == Light.GREEN  # the scan saw it go away
    assert scan(zone, date(2024, 10, 20)).opened == 0  # due today
    assert scan(zone, date(2024, 10, 21)).opened == 1  # late again: a new item
    assert Supervision.objects.count() == 2
    assert Supervision.objects.filter(resolved_at__isnull=True).get().since == date(2024, 10, 21)


def test_an_item_resolved_at_yellow_reopens_when_it_turns_red(zone, late_node, officer):
    scan(zone, date(2024, 10, 8))
    services.supervision_resolve(supervision=Supervision.objects.get(), by=officer, note="已电话督促")
    assert scan(zone, date(2024, 10, 16)).opened == 0  # 10 working days: still yellow
    assert scan(zone, date(2024, 10, 17)).opened == 1  # 11: red, worse than when it was resolved
    assert Supervision.objects.get(resolved_at__isnull=True).light == Light.RED


def test_resolving_needs_a_note(zone, late_node, officer):
    scan(zone, date(2024, 10, 8))
    item = Supervision.objects.get()
    for note in ("", "   "):
        with pytest.raises(ValidationError) as error:
            services.supervision_resolve(supervision=item, by=officer, note=note)
        assert error.value.message_dict == {"resolution": [services.MSG_RESOLUTION_REQUIRED]}
    item.refresh_from_db()
    assert item.resolved_at is None
    services.supervision_resolve(supervision=item, by=officer, note="已协调施工单位")
    item.refresh_from_db()
    assert (item.resolved_by, item.resolution) == (officer, "已协调施工单位")
    with pytest.raises(ValidationError, match=services.MSG_ALREADY_RESOLVED):
        services.supervision_resolve(supervision=item, by=officer, note="再次")
    assert ChangeRecord.objects.filter(object_id=item.project_id, field_label="办结督办·节点逾期").exists()


def test_the_database_refuses_a_resolution_without_a_note(zone, late_node):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    scan(zone, date(2024, 10, 8))
    with pytest.raises(IntegrityError), transaction.atomic():
        Supervision.objects.update(resolved_at=timezone.now())


def test_readers_cannot_scan_or_resolve(zone, late_node, zone_leader, city_viewer, outsider):
    scan(zone, date(2024, 10, 8))
    item = Supervision.objects.get()
    for user in (zone_leader, city_viewer, outsider):
        with pytest.raises(PermissionDenied):
            scan(zone, date(2024, 10, 9), by=user)
        with pytest.raises(PermissionDenied):
            services.supervision_resolve(supervision=item, by=user, note="x")


def test_the_scan_as_a_background_job(zone, late_node, officer):
    from zhaoshang.construction.jobs import enqueue_supervision_scan
    from zhaoshang.jobs.models import JobStatus

    job = enqueue_supervision_scan(zone=zone, user=officer, as_of=date(2024, 10, 8))
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    assert job.result["opened"] == 1
    with pytest.raises(PermissionDenied):
        enqueue_supervision_scan(zone=zone, user=UserFactory(role="zone_leader", zone=zone))


def test_the_management_command_scans_every_zone(zone, other_zone, late_node):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("supervision_scan", "--as-of", "2024-10-08", stdout=out)
    assert "QDKFQ: 新增 1" in out.getvalue() and "THKFQ: 新增 0" in out.getvalue()


# ---------------------------------------------------------------------------- plans, entries, nodes


def test_a_plan_is_created_then_changed_with_history(zone, officer):
    project = ProjectFactory(zone=zone)
    services.annual_plan_save(project=project, year=2024, by=officer, planned_investment=Decimal("12000"),
                              major_level="city", planned_start=date(2024, 5, 1))
    services.annual_plan_save(project=project, year=2024, by=officer, planned_investment=Decimal("15000"),
                              major_level="city", planned_start=date(2024, 5, 1))
    assert project.annual_plans.get().planned_investment == Decimal("15000")
    labels = list(ChangeRecord.objects.filter(object_id=project.pk).values_list("field_label", "old_value",
                                                                                 "new_value"))
    assert ("2024年建设计划·年度计划投资(万元)", "12000", "15000") in labels
    assert any(label == "新建2024年建设计划" for label, _, _ in labels)


def test_a_planned_start_outside_the_year_is_refused(zone, officer):
    with pytest.raises(ValidationError) as error:
        services.annual_plan_save(project=ProjectFactory(zone=zone), year=2024, by=officer,
                                  planned_investment=Decimal("1"), planned_start=date(2025, 1, 2))
    assert error.value.message_dict == {"planned_start": [services.MSG_START_OUTSIDE_YEAR.format(year=2024)]}


def test_entering_a_month_again_replaces_it_and_logs_the_old_figure(zone, officer):
    record = plan(ProjectFactory(zone=zone), planned="10000")
    services.investment_entry_set(plan=record, month=3, amount=Decimal("800"), by=officer)
    services.investment_entry_set(plan=record, month=3, amount=Decimal("1200.5"), by=officer)
    entry = InvestmentEntry.objects.get()
    assert (entry.amount, entry.recorded_by) == (Decimal("1200.5"), officer)
    log = ChangeRecord.objects.filter(field_label="2024年3月完成投资").order_by("id")
    assert [(row.old_value, row.new_value) for row in log] == [("", "800万元"), ("800万元", "1,200.5万元")]


def test_a_month_not_yet_begun_is_refused(zone, officer):
    record = plan(ProjectFactory(zone=zone), year=date.today().year + 1, planned="10")
    with pytest.raises(ValidationError) as error:
        services.investment_entry_set(plan=record, month=1, amount=Decimal("1"), by=officer)
    assert "month" in error.value.message_dict


def test_readers_cannot_write_plans(zone, zone_leader, city_viewer):
    record = plan(ProjectFactory(zone=zone), planned="10")
    for user in (zone_leader, city_viewer):
        with pytest.raises(PermissionDenied):
            services.investment_entry_set(plan=record, month=1, amount=Decimal("1"), by=user)
        with pytest.raises(PermissionDenied):
            services.annual_plan_save(project=record.project, year=2024, by=user, planned_investment=Decimal("1"))


def test_a_node_needs_someone_responsible_of_the_zone(zone, officer, outsider):
    project = ProjectFactory(zone=zone)
    fields = dict(name="设备进场", planned_date=date(2024, 11, 1), actual_date=None, note="")
    with pytest.raises(ValidationError) as error:
        services.plan_node_save(project=project, by=officer, responsible=None, responsible_name="", **fields)
    assert error.value.message_dict == {"responsible": [services.MSG_RESPONSIBLE_REQUIRED]}
    with pytest.raises(ValidationError) as error:
        services.plan_node_save(project=project, by=officer, responsible=outsider, responsible_name="", **fields)
    assert error.value.message_dict == {"responsible": [services.MSG_RESPONSIBLE_OTHER_ZONE]}
    saved = services.plan_node_save(project=project, by=officer, responsible=officer, responsible_name="", **fields)
    changed = services.plan_node_save(project=project, node=saved, by=officer, responsible=officer,
                                      responsible_name="", **(fields | {"actual_date": date(2024, 10, 30)}))
    assert changed.actual_date == date(2024, 10, 30)
    assert ChangeRecord.objects.filter(field_label="节点“设备进场”·实际完成日期", new_value="2024-10-30").exists()
    services.plan_node_delete(node=changed, by=officer)
    assert not project.plan_nodes.exists()


def test_a_person_who_left_stays_responsible_but_cannot_be_named_anew(zone, officer, colleague):
    project = ProjectFactory(zone=zone)
    fields = dict(name="主体封顶", planned_date=date(2024, 6, 30), actual_date=None, note="", responsible_name="")
    node = services.plan_node_save(project=project, by=officer, responsible=colleague, **fields)
    colleague.is_active = False
    colleague.save()
    kept = services.plan_node_save(project=project, node=node, by=officer, responsible=colleague,
                                   **(fields | {"note": "桩基完成"}))
    assert kept.responsible == colleague and kept.note == "桩基完成"
    with pytest.raises(ValidationError) as error:
        services.plan_node_save(project=project, by=officer, responsible=colleague, **(fields | {"name": "竣工"}))
    assert error.value.message_dict == {"responsible": [services.MSG_RESPONSIBLE_INACTIVE]}


def test_the_zone_administrator_sets_the_thresholds(zone, zone_admin, officer):
    with pytest.raises(PermissionDenied):
        services.zone_settings_update(zone=zone, by=officer, node_red_after_workdays=3)
    settings = services.zone_settings_update(zone=zone, by=zone_admin, node_red_after_workdays=3,
                                             idle_workdays={"negotiating": 15})
    assert (settings.node_red_after_workdays, settings.idle_workdays) == (3, {"negotiating": 15})
    with pytest.raises(ValidationError):
        services.zone_settings_update(zone=zone, by=zone_admin, idle_workdays={"negotiating": 0})
    with pytest.raises(ValidationError):
        services.zone_settings_update(zone=zone, by=zone_admin, lag_yellow_points=Decimal("20"),
                                      lag_red_points=Decimal("10"))
    assert ChangeRecord.objects.filter(zone=zone, field="node_red_after_workdays", new_value="3").exists()
