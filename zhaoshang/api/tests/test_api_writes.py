"""The API's writes beyond projects: target plans, targets and FDI arrivals; publishing and deleting evaluation
runs; decisions on extracted records; plan nodes and 督办. Each goes through its service, so the web's rules,
messages and change log apply; here is what an API client sees of them."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from zhaoshang.accounts.models import Role
from zhaoshang.api.serializers import MSG_PERIOD_TWICE
from zhaoshang.organisation.selectors import MSG_OFFICER_NOT_ASSIGNABLE, MSG_TEAM_NOT_ASSIGNABLE
from zhaoshang.changelog.models import ChangeAction, ChangeRecord, ChangeSource
from zhaoshang.changelog.selectors import history_of
from zhaoshang.construction import services as construction_services
from zhaoshang.construction.models import PlanNode, Supervision
from zhaoshang.evaluation import services as evaluation_services
from zhaoshang.evaluation.engine.presets import PRESETS
from zhaoshang.evaluation.models import EnterpriseYear, EvaluationRun, Scheme
from zhaoshang.intelligence import services as intelligence_services
from zhaoshang.intelligence.choices import FigureKind
from zhaoshang.intelligence.tests.conftest import CEREMONY, SEED_SPUN, read_doc
from zhaoshang.projects.choices import Stage
from zhaoshang.projects.models import FdiArrival, Project
from zhaoshang.targets import services as target_services
from zhaoshang.targets.models import Target, TargetPlan
from zhaoshang.testing.factories import EnterpriseFactory, ProjectFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def assert_refused(response, status: int, code: str):
    assert response.status_code == status, (response.status_code, response.content)
    body = response.json()
    assert set(body) == {"code", "message", "fields"} and body["code"] == code
    assert any("\u4e00" <= char <= "\u9fff" for char in body["message"])  # a Chinese message
    return body


def invalid(response, field: str) -> list[str]:
    """The messages of one field of a 400 answer."""
    body = assert_refused(response, 400, "invalid")
    assert field in body["fields"], body
    return body["fields"][field]


def project_history(client, project) -> list[dict]:
    """The project's history as GET /projects/{id}/history/ gives it (the first page, newest first)."""
    response = client.get(f"{V1}/projects/{project.pk}/history/")
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def api_history(instance) -> list[ChangeRecord]:
    """The change log of an object as the web's history shows it, written through the API."""
    return [record for record in history_of(instance) if record.source == ChangeSource.API]


# ------------------------------------------------------------------------------------------ target plans


def test_target_plan_create_update_and_delete(api, officer, zone, team):
    client = api(officer, token=True)
    response = client.post(f"{V1}/target-plans/", {"year": 2024, "name": "2024年招商目标"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["zone"], body["scope"], body["team"], body["targets"]) == (zone.pk, "zone", None, [])
    plan = TargetPlan.objects.get(pk=body["id"])
    assert plan.created_by == officer
    assert {r.action for r in api_history(plan)} == {ChangeAction.CREATE}

    again = client.post(f"{V1}/target-plans/", {"year": 2024, "name": "2024年招商目标"}, format="json")
    assert invalid(again, "name") == [target_services.MSG_PLAN_NAME_TAKEN.format(year=2024, name="2024年招商目标")]
    no_team = client.patch(f"{V1}/target-plans/{plan.pk}/", {"scope": "team"}, format="json")
    assert invalid(no_team, "team") == [target_services.MSG_PLAN_TEAM_REQUIRED]

    response = client.patch(f"{V1}/target-plans/{plan.pk}/", {"scope": "team", "team": team.pk, "zone": 999},
                            format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["scope"], response.json()["team"], response.json()["zone"]) == ("team", team.pk, zone.pk)
    assert any(r.field == "scope" and r.action == ChangeAction.UPDATE for r in api_history(plan))

    assert client.delete(f"{V1}/target-plans/{plan.pk}/").status_code == 204
    assert client.get(f"{V1}/target-plans/{plan.pk}/").status_code == 404
    assert ChangeRecord.objects.filter(object_id=plan.pk, action=ChangeAction.DELETE,
                                       source=ChangeSource.API).exists()


def test_target_plan_team_and_officer_as_the_web_form_offers(api, officer, zone, other_zone):
    client = api(officer)
    retired = TeamFactory(zone=zone, name="已撤销小组", is_active=False)
    response = client.post(f"{V1}/target-plans/", {"year": 2024, "name": "小组目标", "scope": "team",
                                                   "team": retired.pk}, format="json")
    assert invalid(response, "team") == [MSG_TEAM_NOT_ASSIGNABLE]
    theirs = TeamFactory(zone=other_zone)
    response = client.post(f"{V1}/target-plans/", {"year": 2024, "name": "小组目标", "scope": "team",
                                                   "team": theirs.pk}, format="json")
    invalid(response, "team")  # another zone's team is "does not exist"
    leader = UserFactory(username="leader_only", role=Role.ZONE_LEADER, zone=zone)
    response = client.post(f"{V1}/target-plans/", {"year": 2024, "name": "人员目标", "scope": "officer",
                                                   "officer": leader.pk}, format="json")
    assert invalid(response, "officer") == [MSG_OFFICER_NOT_ASSIGNABLE]
    response = client.post(f"{V1}/target-plans/", {"year": 2024, "name": "人员目标", "scope": "officer",
                                                   "officer": officer.pk}, format="json")
    assert response.status_code == 201 and response.json()["officer"] == officer.pk


# --------------------------------------------------------------------------------------------- targets


@pytest.fixture
def plan(zone, officer):
    return target_services.target_plan_create(zone=zone, by=officer, year=2024, name="2024年招商目标")


QUARTERS = [{"period": "Q1", "value": "1"}, {"period": "Q2", "value": "2"}, {"period": "Q3", "value": "3"},
            {"period": "Q4", "value": "4"}]


def signing_target(plan, **fields):
    return {"plan": plan.pk, "name": "新签约项目", "metric": "stage_count", "stage": "signed",
            "granularity": "quarter", "values": QUARTERS, **fields}


def test_a_quarterly_target_shows_in_the_plans_progress(api, officer, zone, plan):
    ProjectFactory(zone=zone, stage=Stage.SIGNED, stage_date=date(2024, 5, 10))
    client = api(officer, token=True)
    response = client.post(f"{V1}/targets/", signing_target(plan), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["order"] == 1 and "pair_usd" not in body
    assert {row["period"]: Decimal(row["value"]) for row in body["values"]} == {
        "Q1": 1, "Q2": 2, "Q3": 3, "Q4": 4, "Y": 10}  # the year's target is the sum of the quarters

    progress = client.get(f"{V1}/target-plans/{plan.pk}/progress/", {"as_of": "2024-12-31"}).json()
    [row] = progress["rows"]
    assert (row["target"], row["name"]) == (body["id"], "新签约项目")
    assert (Decimal(row["year"]["target"]), Decimal(row["year"]["actual"])) == (10, 1)
    q2 = next(cell for cell in row["cells"] if cell["period"] == "Q2")
    assert (Decimal(q2["target"]), Decimal(q2["actual"])) == (2, 1)
    assert client.get(f"{V1}/target-plans/{plan.pk}/").json()["targets"][0]["id"] == body["id"]
    assert any(r.field_label == "分期目标值" and "Q2=2" in r.new_value
               for r in api_history(Target.objects.get(pk=body["id"])))


def test_values_that_do_not_add_up_are_refused_with_the_services_messages(api, officer, plan):
    client = api(officer)
    wrong_year = client.post(f"{V1}/targets/", signing_target(plan, values=[*QUARTERS, {"period": "Y", "value": "11"}]),
                             format="json")
    assert invalid(wrong_year, "values.Y") == [target_services.MSG_YEAR_IS_SUM.format(total="10")]
    no_year = client.post(f"{V1}/targets/", signing_target(plan, granularity="year", values=QUARTERS[:1]),
                          format="json")
    assert target_services.MSG_VALUE_YEAR_REQUIRED in invalid(no_year, "values.Y")
    negative = client.post(f"{V1}/targets/", signing_target(plan, granularity="year",
                                                            values=[{"period": "Y", "value": "-1"}]), format="json")
    assert invalid(negative, "values.Y") == [target_services.MSG_VALUE_NEGATIVE]
    twice = client.post(f"{V1}/targets/", signing_target(plan, values=[*QUARTERS, QUARTERS[0]]), format="json")
    assert invalid(twice, "values") == [MSG_PERIOD_TWICE.format(period="Q1")]
    no_stage = client.post(f"{V1}/targets/", signing_target(plan, stage=""), format="json")
    assert invalid(no_stage, "stage") == [target_services.MSG_STAGE_REQUIRED]
    unknown = client.post(f"{V1}/targets/", signing_target(plan, values=[{"period": "Q5", "value": "1"}]),
                          format="json")
    invalid(unknown, "values.0.period")
    assert not Target.objects.exists()


def test_target_update_keeps_or_replaces_values_and_pairs_usd(api, officer, plan):
    client = api(officer)
    response = client.post(f"{V1}/targets/", signing_target(
        plan, name="新签约亿元以上项目", min_investment="10000", pair_usd=True, granularity="year",
        values=[{"period": "Y", "value": "8"}]), format="json")
    assert response.status_code == 201, response.json()
    target = response.json()
    assert Decimal(target["min_investment_usd"]) == 1000  # 亿元 → 1000万美元 at the zone's 10:1

    renamed = client.patch(f"{V1}/targets/{target['id']}/", {"name": "新签约亿元(或1000万美元)以上项目"}, format="json")
    assert renamed.status_code == 200, renamed.json()
    assert renamed.json()["values"] == [{"period": "Y", "value": "8.00"}]  # a PATCH without values keeps them
    changed = client.patch(f"{V1}/targets/{target['id']}/", {"values": [{"period": "Y", "value": "12"}]},
                           format="json")
    assert changed.json()["values"] == [{"period": "Y", "value": "12.00"}]
    split = client.patch(f"{V1}/targets/{target['id']}/", {"granularity": "quarter"}, format="json")
    assert target_services.MSG_VALUES_REQUIRED in invalid(split, "values")

    child = client.post(f"{V1}/targets/", signing_target(
        plan, name="其中5亿元以上", parent=target["id"], min_investment="50000", granularity="year",
        values=[{"period": "Y", "value": "3"}]), format="json")
    assert child.status_code == 201, child.json()
    other_metric = client.patch(f"{V1}/targets/{child.json()['id']}/", {"metric": "leads", "stage": ""},
                                format="json")
    assert invalid(other_metric, "parent") == [target_services.MSG_PARENT_METRIC]
    moved = client.patch(f"{V1}/targets/{child.json()['id']}/", {"plan": 12345}, format="json")
    assert moved.status_code == 200 and moved.json()["plan"] == plan.pk  # a target stays in its plan

    assert client.delete(f"{V1}/targets/{target['id']}/").status_code == 204
    assert client.get(f"{V1}/targets/{child.json()['id']}/").status_code == 404  # “其中” items go with it
    assert client.get(f"{V1}/targets/", {"plan": plan.pk}).json()["count"] == 0


def test_fdi_arrivals_count_in_an_fdi_target(api, officer, zone, other_zone, plan):
    project = ProjectFactory(zone=zone, is_foreign=True)
    client = api(officer, token=True)
    target = client.post(f"{V1}/targets/", {"plan": plan.pk, "name": "实际利用外资", "metric": "fdi",
                                            "values": [{"period": "Y", "value": "1000"}]}, format="json")
    assert target.status_code == 201, target.json()
    response = client.post(f"{V1}/fdi-arrivals/", {"project": project.pk, "date": "2024-03-05",
                                                   "amount_usd": "300", "note": "首笔到账"}, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["zone"], response.json()["recorded_by"]) == (zone.pk, officer.pk)
    assert any(r.field_label == "外资到账" for r in api_history(project))
    progress = client.get(f"{V1}/target-plans/{plan.pk}/progress/", {"as_of": "2024-12-31"}).json()
    assert Decimal(progress["rows"][0]["year"]["actual"]) == 300

    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    future = client.post(f"{V1}/fdi-arrivals/", {"project": project.pk, "date": tomorrow, "amount_usd": "1"},
                         format="json")
    assert invalid(future, "date") == [target_services.MSG_FDI_FUTURE]
    zero = client.post(f"{V1}/fdi-arrivals/", {"project": project.pk, "date": "2024-03-05", "amount_usd": "0"},
                       format="json")
    assert invalid(zero, "amount_usd") == [target_services.MSG_FDI_POSITIVE]
    theirs = ProjectFactory(zone=other_zone)
    invalid(client.post(f"{V1}/fdi-arrivals/", {"project": theirs.pk, "date": "2024-03-05", "amount_usd": "1"},
                        format="json"), "project")
    assert client.get(f"{V1}/fdi-arrivals/", {"year": 2024}).json()["count"] == 1
    assert client.get(f"{V1}/fdi-arrivals/", {"year": 2023}).json()["count"] == 0
    assert client.delete(f"{V1}/fdi-arrivals/{response.json()['id']}/").status_code == 405  # the web has no delete


# ------------------------------------------------------------------------------------------ evaluation


@pytest.fixture
def scheme(zone):
    scheme = Scheme.objects.create(zone=zone, name="淮安 2024", preset="huaian-2024",
                                   spec=PRESETS["huaian-2024"].to_dict())
    enterprise = EnterpriseFactory(zone=zone, location="in_zone")
    EnterpriseYear.objects.create(zone=zone, enterprise=enterprise, year=2024, above_scale=True,
                                  land_mu=Decimal(10), tax=Decimal(100), revenue=Decimal(1000),
                                  energy_tce=Decimal(10), production_year=2015)
    return scheme


def test_publishing_supersedes_the_earlier_run_and_a_published_run_is_not_deleted(api, officer, scheme):
    client = api(officer, token=True)
    runs = []
    for note in ("第一次", "第二次"):
        response = client.post(f"{V1}/evaluation/runs/", {"year": 2024, "scheme": scheme.pk, "note": note},
                               format="json")
        assert response.status_code == 201, response.json()
        runs.append(response.json()["id"])
    first, second = runs

    response = client.post(f"{V1}/evaluation/runs/{first}/publish/")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["published_by"]) == ("published", officer.pk)
    twice = assert_refused(client.post(f"{V1}/evaluation/runs/{first}/publish/"), 400, "invalid")
    assert twice["message"] == evaluation_services.MSG_PUBLISH_NOT_DRAFT.format(status="已发布")

    assert client.post(f"{V1}/evaluation/runs/{second}/publish/").json()["status"] == "published"
    assert client.get(f"{V1}/evaluation/runs/{first}/").json()["status"] == "superseded"

    refused = assert_refused(client.delete(f"{V1}/evaluation/runs/{second}/"), 400, "invalid")
    assert refused["message"] == evaluation_services.MSG_DELETE_PUBLISHED
    assert client.get(f"{V1}/evaluation/runs/{second}/").status_code == 200
    assert client.delete(f"{V1}/evaluation/runs/{first}/").status_code == 204
    assert client.get(f"{V1}/evaluation/runs/{first}/").status_code == 404
    assert client.get(f"{V1}/evaluation/results/", {"run": first}).json()["count"] == 0


def test_a_draft_run_can_be_deleted_and_readers_cannot(api, officer, zone_leader, scheme):
    run = evaluation_services.run_create(zone=scheme.zone, year=2024, scheme=scheme, by=officer)
    assert_refused(api(zone_leader).post(f"{V1}/evaluation/runs/{run.pk}/publish/"), 403, "permission_denied")
    assert_refused(api(zone_leader).delete(f"{V1}/evaluation/runs/{run.pk}/"), 403, "permission_denied")
    assert EvaluationRun.objects.get(pk=run.pk).status == "draft"
    assert api(officer).delete(f"{V1}/evaluation/runs/{run.pk}/").status_code == 204
    assert not EvaluationRun.objects.filter(pk=run.pk).exists()


# ---------------------------------------------------------------------------------------- intelligence


def submit(zone, by, name: str, published_on=date(2024, 4, 18)):
    return intelligence_services.article_submit(zone=zone, by=by, text=read_doc(name),
                                                published_on=published_on).article


def test_accepting_a_record_creates_a_project_with_the_records_stage(api, officer, zone):
    article = submit(zone, officer, SEED_SPUN, published_on=date(2024, 1, 5))
    record = article.project_records.get(name="乾朔电子连接器项目")
    client = api(officer, token=True)
    pending = client.get(f"{V1}/intelligence/project-records/", {"article": article.pk, "status": "pending"}).json()
    assert record.pk in [row["id"] for row in pending["results"]]

    response = client.post(f"{V1}/intelligence/project-records/{record.pk}/accept/",
                           {"investor_name": "江苏乾朔电子科技有限公司"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["record"]["status"], body["record"]["decided_by"]) == ("accepted", officer.pk)
    assert body["project"]["id"] == body["record"]["project"] and body["notes"] == []

    project = client.get(f"{V1}/projects/{body['project']['id']}/").json()
    assert (project["name"], project["stage"], project["stage_date"]) == ("乾朔电子连接器项目", "started", "2023-12-01")
    assert project["id"] in [row["id"] for row in client.get(f"{V1}/projects/", {"q": "乾朔"}).json()["results"]]
    assert Project.objects.get(pk=project["id"]).investor.name == "江苏乾朔电子科技有限公司"

    again = client.post(f"{V1}/intelligence/project-records/{record.pk}/accept/", {}, format="json")
    assert "已由" in assert_refused(again, 400, "invalid")["message"]  # every decision is final
    assert Project.objects.filter(name="乾朔电子连接器项目").count() == 1
    assert client.get(f"{V1}/intelligence/project-records/",
                      {"article": article.pk, "status": "accepted"}).json()["count"] == 1


def test_accept_without_an_investor_and_with_another_zones_enterprise(api, officer, zone, other_zone):
    article = submit(zone, officer, CEREMONY)
    record = article.project_records.get(name="华储储能电池智能制造项目")
    client = api(officer)
    theirs = EnterpriseFactory(zone=other_zone)
    response = client.post(f"{V1}/intelligence/project-records/{record.pk}/accept/", {"investor": theirs.pk},
                           format="json")
    invalid(response, "investor")
    response = client.post(f"{V1}/intelligence/project-records/{record.pk}/accept/", {"name": "华储储能电池项目"},
                           format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["project"]["name"] == "华储储能电池项目"
    assert response.json()["notes"] == [intelligence_services.MSG_STAGE_NO_DATE.format(stage="签约")]


def test_merge_links_the_record_and_reject_keeps_the_reason(api, officer, zone, other_zone):
    article = submit(zone, officer, CEREMONY)
    ours = ProjectFactory(zone=zone, name="华储储能电池")
    theirs = ProjectFactory(zone=other_zone)
    record = article.project_records.get(name="华储储能电池智能制造项目")
    client = api(officer)
    url = f"{V1}/intelligence/project-records/{record.pk}/merge/"
    invalid(client.post(url, {"project": theirs.pk}, format="json"), "project")
    invalid(client.post(url, {}, format="json"), "project")
    response = client.post(url, {"project": ours.pk}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["project"]) == ("merged", ours.pk)
    assert any(r.field_label == "来源文章" and article.title in r.new_value for r in api_history(ours))

    other = article.project_records.get(name="宏基智慧物流园项目")
    response = client.post(f"{V1}/intelligence/project-records/{other.pk}/reject/", {"reason": "与本园区无关"},
                           format="json")
    assert (response.json()["status"], response.json()["reason"]) == ("rejected", "与本园区无关")

    figure = article.figure_records.filter(kind=FigureKind.STATISTIC).first()
    kept = client.get(f"{V1}/intelligence/figure-records/", {"article": article.pk, "status": "kept"}).json()
    assert figure.pk in [row["id"] for row in kept["results"]]
    response = client.post(f"{V1}/intelligence/figure-records/{figure.pk}/reject/", {"reason": "抽取有误"},
                           format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["reason"]) == ("rejected", "抽取有误")
    kept = client.get(f"{V1}/intelligence/figure-records/", {"article": article.pk, "status": "kept"}).json()
    assert figure.pk not in [row["id"] for row in kept["results"]]


# ---------------------------------------------------------------------------------------- construction


def test_plan_nodes_are_written_into_the_projects_history(api, officer, colleague, zone, other_zone):
    project = ProjectFactory(zone=zone)
    client = api(officer, token=True)
    url = f"{V1}/construction/plan-nodes/"
    nobody = client.post(url, {"project": project.pk, "name": "主体封顶", "planned_date": "2024-06-30"},
                         format="json")
    assert invalid(nobody, "responsible") == [construction_services.MSG_RESPONSIBLE_REQUIRED]
    outsider = UserFactory(username="tinghu_someone", zone=other_zone)
    retired = UserFactory(username="retired", zone=zone, is_active=False)
    assert invalid(client.post(url, {"project": project.pk, "name": "主体封顶", "planned_date": "2024-06-30",
                                     "responsible": retired.pk}, format="json"), "responsible") == [
        construction_services.MSG_RESPONSIBLE_INACTIVE]
    invalid(client.post(url, {"project": project.pk, "name": "主体封顶", "planned_date": "2024-06-30",
                              "responsible": outsider.pk}, format="json"), "responsible")
    response = client.post(url, {"project": project.pk, "name": "主体封顶", "planned_date": "2024-06-30",
                                 "responsible": colleague.pk}, format="json")
    assert response.status_code == 201, response.json()
    node = response.json()
    assert node["zone"] == zone.pk
    assert any(r["field_label"] == "新增计划节点" and r["new_value"] == "主体封顶(计划 2024-06-30)"
               for r in project_history(client, project))

    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    late = client.patch(f"{url}{node['id']}/", {"actual_date": tomorrow}, format="json")
    assert invalid(late, "actual_date") == [construction_services.MSG_ACTUAL_FUTURE]
    done = client.patch(f"{url}{node['id']}/", {"actual_date": "2024-07-02"}, format="json")
    assert done.status_code == 200 and done.json()["actual_date"] == "2024-07-02"
    assert any(r["field_label"] == "节点“主体封顶”·实际完成日期" and r["new_value"] == "2024-07-02"
               for r in project_history(client, project))
    assert client.get(url, {"project": project.pk, "done": "true"}).json()["count"] == 1
    assert client.get(url, {"project": project.pk, "done": "false"}).json()["count"] == 0

    assert client.delete(f"{url}{node['id']}/").status_code == 204
    assert not PlanNode.objects.filter(pk=node["id"]).exists()
    assert any(r["field_label"] == "删除计划节点" for r in project_history(client, project))


def test_scan_opens_a_supervision_item_and_resolve_closes_it(api, officer, zone):
    project = ProjectFactory(zone=zone)
    construction_services.plan_node_save(project=project, by=officer, name="完成桩基",
                                         planned_date=date(2024, 1, 10), responsible_name="项目经理")
    client = api(officer, token=True)
    scan = client.post(f"{V1}/construction/supervisions/scan/", {}, format="json")
    assert scan.status_code == 200, scan.json()
    assert scan.json()["opened"] >= 1
    listed = client.get(f"{V1}/construction/supervisions/", {"project": project.pk, "kind": "node_overdue"}).json()
    [item] = listed["results"]
    assert item["light"] == "red" and item["resolved_at"] is None

    url = f"{V1}/construction/supervisions/{item['id']}/resolve/"
    assert invalid(client.post(url, {}, format="json"), "resolution") == [
        construction_services.MSG_RESOLUTION_REQUIRED]
    response = client.post(url, {"resolution": "已协调施工单位, 节点调整至月底"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["resolved_by"] == officer.pk and response.json()["resolved_at"]
    assert any(r.field_label == "办结督办·节点逾期" for r in api_history(project))
    again = assert_refused(client.post(url, {"resolution": "再办一次"}, format="json"), 400, "invalid")
    assert again["message"] == construction_services.MSG_ALREADY_RESOLVED

    # The list shows open items unless asked for all, as the web list does; an item is read by id either way.
    overdue = {"project": project.pk, "kind": "node_overdue"}
    assert client.get(f"{V1}/construction/supervisions/", overdue).json()["count"] == 0
    assert client.get(f"{V1}/construction/supervisions/", {**overdue, "state": "all"}).json()["count"] == 1
    assert client.get(f"{V1}/construction/supervisions/{item['id']}/").json()["resolution"].startswith("已协调")


# ------------------------------------------------------------------------------------------- tenancy


@pytest.fixture
def objects(zone, officer):
    """One object of each kind the new writes touch, in 启东."""
    project = ProjectFactory(zone=zone, is_foreign=True)
    target_plan = target_services.target_plan_create(zone=zone, by=officer, year=2024, name="2024年目标")
    target = target_services.target_create(plan=target_plan, by=officer, values={"Y": Decimal(5)}, name="新签约项目",
                                           metric="stage_count", stage="signed")
    node = construction_services.plan_node_save(project=project, by=officer, name="主体封顶",
                                                planned_date=date(2024, 6, 1), responsible_name="项目经理")
    supervision = Supervision.objects.create(zone=zone, project=project, kind="node_overdue", key=str(node.pk),
                                             light="red", reason="节点逾期", since=date(2024, 6, 2))
    article = submit(zone, officer, CEREMONY)
    scheme = Scheme.objects.create(zone=zone, name="淮安 2024", preset="huaian-2024",
                                   spec=PRESETS["huaian-2024"].to_dict())
    run = EvaluationRun.objects.create(zone=zone, year=2024, scheme=scheme, scheme_name=scheme.name, spec={},
                                       counts={"A": 1})
    return {"project": project, "plan": target_plan, "target": target, "node": node, "supervision": supervision,
            "record": article.project_records.first(), "figure": article.figure_records.first(), "run": run}


def writes(o):
    """(method, url, body) of every new write, valid as far as the data go."""
    return [
        ("post", f"{V1}/target-plans/", {"year": 2025, "name": "2025年目标", "zone": o["plan"].zone_id}),
        ("patch", f"{V1}/target-plans/{o['plan'].pk}/", {"name": "改名"}),
        ("delete", f"{V1}/target-plans/{o['plan'].pk}/", None),
        ("post", f"{V1}/targets/", {"plan": o["plan"].pk, "name": "新增线索", "metric": "leads",
                                   "values": [{"period": "Y", "value": "3"}]}),
        ("patch", f"{V1}/targets/{o['target'].pk}/", {"values": [{"period": "Y", "value": "9"}]}),
        ("delete", f"{V1}/targets/{o['target'].pk}/", None),
        ("post", f"{V1}/fdi-arrivals/", {"project": o["project"].pk, "date": "2024-03-01", "amount_usd": "10"}),
        ("post", f"{V1}/evaluation/runs/{o['run'].pk}/publish/", None),
        ("delete", f"{V1}/evaluation/runs/{o['run'].pk}/", None),
        ("post", f"{V1}/intelligence/project-records/{o['record'].pk}/accept/", {"investor_name": "某公司"}),
        ("post", f"{V1}/intelligence/project-records/{o['record'].pk}/merge/", {"project": o["project"].pk}),
        ("post", f"{V1}/intelligence/project-records/{o['record'].pk}/reject/", {"reason": "无关"}),
        ("post", f"{V1}/intelligence/figure-records/{o['figure'].pk}/reject/", {"reason": "有误"}),
        ("post", f"{V1}/construction/plan-nodes/", {"project": o["project"].pk, "name": "设备进场",
                                                    "planned_date": "2024-09-01", "responsible_name": "张工"}),
        ("patch", f"{V1}/construction/plan-nodes/{o['node'].pk}/", {"note": "改"}),
        ("delete", f"{V1}/construction/plan-nodes/{o['node'].pk}/", None),
        ("post", f"{V1}/construction/supervisions/{o['supervision'].pk}/resolve/", {"resolution": "已办"}),
        ("post", f"{V1}/construction/supervisions/scan/", {"zone": o["plan"].zone_id}),
    ]


def snapshot_of(o) -> tuple:
    return (TargetPlan.objects.count(), Target.objects.count(), list(Target.objects.values_list("name", flat=True)),
            FdiArrival.objects.count(), PlanNode.objects.count(), Project.objects.count(),
            list(EvaluationRun.objects.values_list("status", flat=True)),
            list(Supervision.objects.values_list("resolved_at", "light")),
            [type(r).objects.get(pk=r.pk).status for r in (o["record"], o["figure"])])


@pytest.mark.parametrize("reader", ["city_viewer", "zone_leader"])
def test_readers_get_403_on_every_write_and_nothing_changes(api, request, reader, objects):
    client = api(request.getfixturevalue(reader), token=True)
    before = snapshot_of(objects)
    for method, url, body in writes(objects):
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code == 403, (method, url, response.content)
        assert_refused(response, 403, "permission_denied")
    assert snapshot_of(objects) == before
    # …and they read what they may see.
    assert client.get(f"{V1}/construction/supervisions/{objects['supervision'].pk}/").status_code == 200
    assert client.get(f"{V1}/intelligence/project-records/{objects['record'].pk}/").status_code == 200


def test_another_zones_user_gets_404_on_every_object_write(api, outsider, objects):
    client = api(outsider, token=True)
    before = snapshot_of(objects)
    for method, url, body in writes(objects):
        response = getattr(client, method)(url, body, format="json")
        if url.rstrip("/").split("/")[-1].isdigit() or url.endswith(("/publish/", "/accept/", "/merge/", "/reject/",
                                                                      "/resolve/")):
            assert response.status_code == 404, (method, url, response.content)
            assert_refused(response, 404, "not_found")
        else:
            # New objects naming 启东's plan, project or zone: those do not exist for 亭湖's user.
            body = assert_refused(response, 400, "invalid")
            assert set(body["fields"]) & {"zone", "plan", "project"}, (url, body)
    assert snapshot_of(objects) == before
    for url in (f"{V1}/targets/", f"{V1}/fdi-arrivals/", f"{V1}/construction/plan-nodes/",
                f"{V1}/construction/supervisions/?state=all", f"{V1}/intelligence/project-records/",
                f"{V1}/intelligence/figure-records/"):
        assert client.get(url).json()["count"] == 0, url


# ------------------------------------------------------------------------------------------ project history


def test_project_history_lists_changes_newest_first_for_whoever_may_read_it(api, officer, city_viewer, outsider,
                                                                           zone):
    project = ProjectFactory(zone=zone, name="储能电池项目")
    client = api(officer, token=True)
    assert client.patch(f"{V1}/projects/{project.pk}/", {"name": "储能电池一期项目"}, format="json").status_code == 200
    assert client.patch(f"{V1}/projects/{project.pk}/", {"name": "储能电池二期项目"}, format="json").status_code == 200

    renames = [r for r in project_history(client, project) if r["field"] == "name"]
    assert [(r["old_value"], r["new_value"]) for r in renames] == [
        ("储能电池一期项目", "储能电池二期项目"), ("储能电池项目", "储能电池一期项目")]
    assert renames[0]["source"] == ChangeSource.API and renames[0]["actor_name"] == officer.full_name
    assert renames[0]["field_label"] == Project._meta.get_field("name").verbose_name

    assert project_history(api(city_viewer), project)[0]["new_value"] == "储能电池二期项目"  # read-only, reads
    assert api(outsider).get(f"{V1}/projects/{project.pk}/history/").status_code == 404
    assert api(officer).get(f"{V1}/projects/{project.pk}/history/", {"page_size": 1}).json()["count"] >= 2
