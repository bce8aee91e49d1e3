"""The pages, as each persona meets them: another zone's objects are 404, readers get 403 on writes."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from zhaoshang.construction.choices import Light, SupervisionKind
from zhaoshang.construction.models import (
    AnnualPlan,
    InvestmentEntry,
    PlanNode,
    Supervision,
)
from zhaoshang.construction.tests.conftest import node, plan
from zhaoshang.organisation.models import ZoneSettings
from zhaoshang.projects.choices import Stage
from zhaoshang.testing.factories import ProjectFactory, ZoneFactory, division

pytestmark = [pytest.mark.django_db, pytest.mark.urls("zhaoshang.construction.tests.urls")]


def item(zone, name="项目", light=Light.RED, **project_fields) -> Supervision:
    project = ProjectFactory(zone=zone, name=name, **project_fields)
    return Supervision.objects.create(zone=zone, project=project, kind=SupervisionKind.IDLE, key="lead",
                                      light=light, reason=f"{name}无进展", since=date(2024, 9, 1))


@pytest.fixture
def haimen(db):
    return ZoneFactory(name="海门经济技术开发区", short_name="海门经开区", code="HMKFQ", division=division("320614"))


@pytest.fixture
def project(zone, officer):
    return ProjectFactory(zone=zone, name="启东新材料", officer=officer, stage=Stage.STARTED,
                          stage_date=date(2024, 3, 1))


def test_the_overview_shows_the_hand_counted_year(client, officer, zone, year_2024):
    client.force_login(officer)
    page = client.get("/construction/?year=2024").content.decode()
    assert "5.1亿元" in page  # 51000 万元 planned
    assert "计划新开工 4 个, 已开工 2 个" in page
    assert "五号" in page and "99999" not in page


def test_the_overview_exports_its_tables(client, officer, zone, year_2024):
    client.force_login(officer)
    response = client.get("/construction/export/?year=2024&level=city")
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(sheet.values)
    assert rows[0][:3] == ("项目编号", "项目名称", "重大项目清单")
    assert [row[1] for row in rows[1:]] == ["二号"]
    assert rows[1][5] == 20000
    response = client.get("/construction/export/?year=2024&table=levels")
    levels = list(load_workbook(BytesIO(response.content)).worksheets[0].values)
    assert levels[1][:2] == ("省重大", 1) and levels[-1][:3] == ("全部建设计划", 5, 51000)


def test_it_hides_other_zones_construction(client, outsider, zone, project):
    client.force_login(outsider)
    assert client.get(f"/construction/?zone={zone.pk}").status_code == 404
    assert client.get(f"/construction/settings/?zone={zone.pk}").status_code == 404
    assert client.get(f"/construction/projects/{project.pk}/panel/").status_code == 404
    assert client.post(f"/construction/projects/{project.pk}/plans/2024/",
                       {"planned_investment": "1"}).status_code == 404
    supervision = item(zone)
    assert client.get(f"/construction/supervision/{supervision.pk}/resolve/").status_code == 404
    assert client.post(f"/construction/supervision/{supervision.pk}/resolve/", {"resolution": "x"}).status_code == 404
    assert "项目无进展" not in client.get("/construction/supervision/").content.decode()


def test_readers_get_403_on_every_write(client, zone_leader, city_viewer, zone, project):
    record = plan(project, planned="100")
    plan_node = node(project, date(2024, 9, 1))
    supervision = item(zone)
    for user in (zone_leader, city_viewer):
        client.force_login(user)
        posts = [
            (f"/construction/projects/{project.pk}/plans/2024/", {"planned_investment": "5"}),
            (f"/construction/projects/{project.pk}/plans/2024/entries/", {"month": "1", "amount": "1"}),
            (f"/construction/projects/{project.pk}/nodes/new/", {"name": "x", "planned_date": "2024-10-01",
                                                                  "responsible_name": "甲"}),
            (f"/construction/projects/{project.pk}/nodes/{plan_node.pk}/delete/", {}),
            (f"/construction/supervision/{supervision.pk}/resolve/", {"resolution": "已处理"}),
            ("/construction/supervision/scan/", {"zone": zone.pk}),
            ("/construction/settings/", {"zone": zone.pk, "lag_yellow_points": "1", "lag_red_points": "2",
                                         "node_red_after_workdays": "1"}),
        ]
        for url, data in posts:
            assert client.post(url, data).status_code == 403, (user, url)
    record.refresh_from_db()
    assert record.planned_investment == Decimal("100") and not InvestmentEntry.objects.exists()
    assert PlanNode.objects.count() == 1 and Supervision.objects.get().resolved_at is None
    assert not ZoneSettings.objects.exists()


def test_a_city_viewer_sees_the_supervision_of_all_its_zones(client, city_viewer, zone, other_zone, haimen):
    item(zone, "启东项目")
    item(haimen, "海门项目", light=Light.YELLOW)
    item(other_zone, "亭湖项目")
    client.force_login(city_viewer)
    page = client.get("/construction/supervision/").content.decode()
    assert "启东项目" in page and "海门项目" in page and "亭湖项目" not in page
    assert "/supervision/scan/" not in page and ">办结</a>" not in page
    only_haimen = client.get(f"/construction/supervision/?zone={haimen.pk}").content.decode()
    assert "海门项目" in only_haimen and "启东项目" not in only_haimen
    assert client.get(f"/construction/supervision/?zone={other_zone.pk}").status_code == 200
    assert "亭湖项目" not in client.get(f"/construction/supervision/?zone={other_zone.pk}").content.decode()


def test_the_supervision_list_filters(client, officer, zone, team):
    item(zone, "红灯项目", team=team)
    item(zone, "黄灯项目", light=Light.YELLOW)
    client.force_login(officer)
    page = client.get("/construction/supervision/").content.decode()
    assert page.index("红灯项目") < page.index("黄灯项目")  # red first
    assert "黄灯项目" not in client.get("/construction/supervision/?light=red").content.decode()
    assert "黄灯项目" not in client.get(f"/construction/supervision/?team={team.pk}").content.decode()
    assert "红灯项目" in client.get("/construction/supervision/?officer=&kind=idle").content.decode()


def test_resolving_from_the_list_needs_a_note(client, officer, zone):
    supervision = item(zone)
    client.force_login(officer)
    response = client.post(f"/construction/supervision/{supervision.pk}/resolve/", {"resolution": " "})
    assert response.status_code == 200 and "办结督办事项须填写办结说明。" in response.content.decode()
    response = client.post(f"/construction/supervision/{supervision.pk}/resolve/", {"resolution": "已协调"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    supervision.refresh_from_db()
    assert supervision.resolution == "已协调"
    assert "已协调" in client.get("/construction/supervision/?state=resolved").content.decode()


def test_a_writer_runs_the_scan_now(client, officer, zone, project):
    node(project, date(2024, 9, 1))
    client.force_login(officer)
    response = client.post("/construction/supervision/scan/", follow=True)
    assert "督办检查完成: 新增 2 项" in response.content.decode()  # the node and the idle project
    assert Supervision.objects.filter(zone=zone).count() == 2


def test_a_writer_fills_in_the_panel(client, officer, zone, project):
    client.force_login(officer)
    assert client.get(f"/construction/projects/{project.pk}/plans/2024/", HTTP_HX_REQUEST="true").status_code == 200
    back = f"/projects/{project.pk}/#construction"
    response = client.post(f"/construction/projects/{project.pk}/plans/2024/",
                           {"planned_investment": "30000", "major_level": "province", "planned_start": "2024-03-01",
                            "next": back})
    assert (response.status_code, response["Location"]) == (302, back)
    response = client.post(f"/construction/projects/{project.pk}/plans/2024/entries/", {"month": "2", "amount": "900"})
    assert response.status_code == 302
    response = client.post(f"/construction/projects/{project.pk}/nodes/new/", {
        "name": "主体封顶", "planned_date": "2024-08-01", "responsible": officer.pk})
    assert response.status_code == 302
    panel = client.get(f"/construction/projects/{project.pk}/panel/?year=2024").content.decode()
    assert "3亿元" in panel and "900" in panel and "主体封顶" in panel and "省重大" in panel
    assert AnnualPlan.objects.get().entries.get().amount == Decimal("900")


def test_the_panel_reads_for_a_city_viewer_without_buttons(client, city_viewer, project):
    plan(project, planned="100")
    client.force_login(city_viewer)
    panel = client.get(f"/construction/projects/{project.pk}/panel/?year=2024").content.decode()
    assert "项目建设 · 2024年" in panel and "新增节点" not in panel


def test_the_zone_administrator_edits_the_thresholds(client, zone_admin, officer, zone):
    client.force_login(officer)
    assert client.get("/construction/settings/").status_code == 200  # read-only for others
    client.force_login(zone_admin)
    data = {"lag_yellow_points": "3", "lag_red_points": "12", "node_red_after_workdays": "8",
            "idle_negotiating": "25", "idle_started": "15"}
    assert client.post("/construction/settings/", data).status_code == 302
    settings = ZoneSettings.objects.get(zone=zone)
    assert settings.node_red_after_workdays == 8
    assert settings.idle_workdays == {"negotiating": 25, "started": 15}
    bad = client.post("/construction/settings/", data | {"lag_red_points": "1"})
    assert "红灯阈值不能小于黄灯阈值。" in bad.content.decode()
