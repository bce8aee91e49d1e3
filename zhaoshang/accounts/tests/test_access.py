"""Who reads and writes which zone: 启东's own people, its leaders, the city and province above, and outsiders."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from zhaoshang.accounts.access import can_write, visible_zones, writable_zones
from zhaoshang.changelog.models import ChangeRecord
from zhaoshang.enterprises.models import Enterprise, EnterpriseContact
from zhaoshang.enterprises.services import contact_add, enterprise_create, enterprise_update
from zhaoshang.projects.choices import InteractionKind, ProjectStatus, Stage
from zhaoshang.projects.models import Interaction, Project, StageEvent
from zhaoshang.projects.services import (
    interaction_create, project_advance_stage, project_change_status, project_correct_stage, project_create,
    project_update, stage_event_change_date,
)
from zhaoshang.testing.factories import EnterpriseFactory


def names(zones) -> set[str]:
    return {zone.code for zone in zones}


@pytest.fixture(autouse=True)
def both_zones(zone, other_zone):
    """Every test here sees 启东 and 亭湖 exist, so 'sees only its own' means something."""


# ---- reading and writing, persona by persona ------------------------------------------------------------

@pytest.mark.parametrize("persona", ["officer", "colleague", "team_leader", "zone_admin"])
def test_a_zones_own_staff_read_and_write_only_their_zone(request, persona, zone, other_zone):
    user = request.getfixturevalue(persona)

    assert names(visible_zones(user)) == {"QDKFQ"}
    assert names(writable_zones(user)) == {"QDKFQ"}
    assert can_write(user, zone.pk)
    assert not can_write(user, other_zone.pk)


def test_a_zone_leader_reads_the_zone_but_cannot_write(zone_leader, zone):
    assert names(visible_zones(zone_leader)) == {"QDKFQ"}
    assert not writable_zones(zone_leader).exists()
    assert not can_write(zone_leader, zone.pk)


def test_the_nantong_city_viewer_sees_qidong_but_not_tinghu_and_writes_nothing(city_viewer, zone, other_zone):
    assert names(visible_zones(city_viewer)) == {"QDKFQ"}
    assert not writable_zones(city_viewer).exists()
    assert not can_write(city_viewer, zone.pk)


def test_the_yancheng_city_viewer_sees_tinghu_but_not_qidong(other_city_viewer):
    assert names(visible_zones(other_city_viewer)) == {"THKFQ"}


def test_the_province_viewer_sees_every_zone_of_jiangsu_and_writes_nothing(province_viewer, zone, other_zone):
    assert names(visible_zones(province_viewer)) == {"QDKFQ", "THKFQ"}
    assert not writable_zones(province_viewer).exists()
    assert not can_write(province_viewer, zone.pk)


def test_an_outsider_sees_only_tinghu(outsider, zone, other_zone):
    assert names(visible_zones(outsider)) == {"THKFQ"}
    assert names(writable_zones(outsider)) == {"THKFQ"}
    assert not can_write(outsider, zone.pk)


def test_an_officer_cannot_see_another_zones_projects(officer, outsider, zone, other_zone):
    ours = project_create(zone=zone, by=officer, name="神众新能源项目", investor=EnterpriseFactory(zone=zone),
                          total_investment=Decimal("50000"), stage_dates={Stage.LEAD: date(2024, 1, 10)})
    theirs = project_create(zone=other_zone, by=outsider, name="亭湖风电装备项目",
                            investor=EnterpriseFactory(zone=other_zone), total_investment=Decimal("80000"),
                            stage_dates={Stage.LEAD: date(2024, 1, 10)})

    assert list(Project.objects.visible_to(officer)) == [ours]
    assert list(Project.objects.visible_to(outsider)) == [theirs]
    assert not Project.objects.writable_by(officer).filter(pk=theirs.pk).exists()


def test_an_inactive_officer_sees_and_writes_nothing(officer, zone):
    officer.is_active = False
    officer.save()

    assert not visible_zones(officer).exists()
    assert not writable_zones(officer).exists()
    assert not can_write(officer, zone.pk)


def test_an_inactive_city_viewer_sees_nothing(city_viewer):
    city_viewer.is_active = False
    city_viewer.save()

    assert not visible_zones(city_viewer).exists()


def test_an_anonymous_visitor_sees_and_writes_nothing(zone):
    visitor = AnonymousUser()

    assert not visible_zones(visitor).exists()
    assert not writable_zones(visitor).exists()
    assert not can_write(visitor, zone.pk)


# ---- services refuse whoever may not write ------------------------------------------------------------------

@pytest.fixture
def qidong_project(zone, officer):
    return project_create(zone=zone, by=officer, name="神众新能源项目", investor=EnterpriseFactory(zone=zone),
                          total_investment=Decimal("50000"),
                          stage_dates={Stage.LEAD: date(2024, 1, 10), Stage.SIGNED: date(2024, 3, 1)})


def _snapshot(project):
    return (
        Project.objects.filter(pk=project.pk).values_list("name", "stage", "status", "version").get(),
        list(StageEvent.objects.filter(project=project).values_list("stage", "date", "voided_at")),
        ChangeRecord.objects.count(),
        Interaction.objects.count(),
    )


WRITES = {
    "update": lambda p, by: project_update(project=p, by=by, expected_version=1, name="被改名的项目"),
    "advance": lambda p, by: project_advance_stage(project=p, stage=Stage.REGISTERED, when=date(2024, 4, 1), by=by),
    "drop": lambda p, by: project_change_status(project=p, event=Stage.DROPPED, when=date(2024, 4, 1), by=by,
                                                reason="不再跟进"),
    "correct": lambda p, by: project_correct_stage(project=p, to_stage=Stage.LEAD, reason="误登记", by=by),
    "change date": lambda p, by: stage_event_change_date(event=p.events.get(stage=Stage.SIGNED),
                                                         when=date(2024, 2, 1), reason="核对", by=by),
    "interaction": lambda p, by: interaction_create(zone=p.zone, by=by, project=p, kind=InteractionKind.CALL,
                                                    date=date(2024, 4, 1), people="王浩", notes="电话沟通"),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_an_outsider_cannot_change_a_qidong_project_and_nothing_is_written(qidong_project, outsider, write):
    before = _snapshot(qidong_project)

    with pytest.raises(PermissionDenied):
        WRITES[write](qidong_project, outsider)

    assert _snapshot(qidong_project) == before


@pytest.mark.parametrize("persona", ["zone_leader", "city_viewer", "province_viewer"])
def test_readers_cannot_change_a_project_they_can_see(request, qidong_project, persona):
    before = _snapshot(qidong_project)

    with pytest.raises(PermissionDenied):
        project_advance_stage(project=qidong_project, stage=Stage.REGISTERED, when=date(2024, 4, 1),
                              by=request.getfixturevalue(persona))

    assert _snapshot(qidong_project) == before
    assert Project.objects.get(pk=qidong_project.pk).status == ProjectStatus.ACTIVE


def test_an_outsider_cannot_create_a_project_or_an_enterprise_in_qidong(zone, outsider):
    investor = EnterpriseFactory(zone=zone)

    with pytest.raises(PermissionDenied):
        project_create(zone=zone, by=outsider, name="冒名项目", investor=investor, total_investment=Decimal("1000"))
    with pytest.raises(PermissionDenied):
        enterprise_create(zone=zone, by=outsider, name="冒名企业")

    assert not Project.objects.exists()
    assert list(Enterprise.objects.all()) == [investor]
    assert not ChangeRecord.objects.exists()


def test_an_outsider_cannot_edit_a_qidong_enterprise_or_its_contacts(zone, officer, outsider):
    enterprise = enterprise_create(zone=zone, by=officer, name="江苏神众新能源有限公司")

    with pytest.raises(PermissionDenied):
        enterprise_update(enterprise=enterprise, by=outsider, expected_version=1, name="改名")
    with pytest.raises(PermissionDenied):
        contact_add(enterprise=enterprise, by=outsider, name="王浩")

    assert Enterprise.objects.get(pk=enterprise.pk).name == "江苏神众新能源有限公司"
    assert not EnterpriseContact.objects.exists()
    assert ChangeRecord.objects.count() == 1  # the creation only
