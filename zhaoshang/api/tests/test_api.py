"""The REST API: tokens, the error shape, tenancy, the stage rules and the filters of the web list."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import timezone

from zhaoshang.api.errors import MSG_NOT_AUTHENTICATED, MSG_NOT_FOUND, MSG_PERMISSION_DENIED
from zhaoshang.api.models import ApiToken, hash_key
from zhaoshang.api.services import token_create
from zhaoshang.projects import rules
from zhaoshang.projects.choices import Stage
from zhaoshang.projects.models import Project, StageEvent
from zhaoshang.projects.selectors import filter_projects
from zhaoshang.testing.factories import EnterpriseFactory, ProjectFactory

pytestmark = pytest.mark.django_db
PROJECTS = "/api/v1/projects/"


def assert_error_shape(body, code):
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    assert isinstance(body["fields"], dict)
    assert any("\u4e00" <= char <= "\u9fff" for char in body["message"])  # a Chinese message


# ---------------------------------------------------------------------------------------------- tokens


def test_token_is_stored_hashed_only(officer):
    token, key = token_create(user=officer, name="省平台")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_key(key) and stored.prefix == key[:8]
    assert key not in {value for value in vars(stored).values() if isinstance(value, str)}


def test_token_authenticates_and_records_use(api, officer, zone):
    ProjectFactory(zone=zone)
    client = api(officer, token=True)
    response = client.get(PROJECTS)
    assert response.status_code == 200 and response.json()["count"] == 1
    token = ApiToken.objects.get(user=officer)
    assert token.last_used_at is not None
    first = token.last_used_at
    client.get(PROJECTS)
    token.refresh_from_db()
    assert token.last_used_at == first  # touched at most once a minute


def test_revoked_and_unknown_tokens_get_401(api, officer, client):
    client.force_login(officer)
    response = client.post("/api/tokens/", {"name": "大屏"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret and secret in response.content.decode()
    token = ApiToken.objects.get(user=officer)
    api_client = api()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api_client.get(PROJECTS).status_code == 200
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = api_client.get(PROJECTS)
    assert response.status_code == 401
    assert_error_shape(response.json(), "not_authenticated")
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api_client.get(PROJECTS).status_code == 401
    # The list page shows the prefix, never the secret again.
    page = client.get("/api/tokens/").content.decode()
    assert token.prefix in page and secret not in page


def test_cannot_revoke_another_users_token(client, officer, colleague):
    token, _ = token_create(user=colleague, name="他人的")
    client.force_login(officer)
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


# ------------------------------------------------------------------------------------------ error shape


def test_401_without_credentials(api):
    response = api().get(PROJECTS)
    assert response.status_code == 401
    body = response.json()
    assert_error_shape(body, "not_authenticated")
    assert body["message"] == MSG_NOT_AUTHENTICATED


def test_404_for_another_zones_project(api, officer, other_zone):
    theirs = ProjectFactory(zone=other_zone)
    client = api(officer, token=True)
    response = client.get(f"{PROJECTS}{theirs.pk}/")
    assert response.status_code == 404
    assert response.json()["message"] == MSG_NOT_FOUND
    assert_error_shape(response.json(), "not_found")
    assert client.patch(f"{PROJECTS}{theirs.pk}/", {"name": "改"}, format="json").status_code == 404
    assert client.post(f"{PROJECTS}{theirs.pk}/advance/", {"stage": "signed", "date": "2024-02-01"},
                       format="json").status_code == 404
    assert theirs.pk not in [row["id"] for row in client.get(PROJECTS).json()["results"]]
    assert client.get(f"/api/v1/stage-events/?project={theirs.pk}").json()["count"] == 0


def test_400_validation_errors_in_fields(api, officer):
    response = api(officer).post(PROJECTS, {"name": ""}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert_error_shape(body, "invalid")
    assert "name" in body["fields"] and "investor" in body["fields"]


def test_city_viewer_reads_but_never_writes(api, city_viewer, zone, other_zone):
    ours = ProjectFactory(zone=zone)
    ProjectFactory(zone=other_zone)  # 盐城: outside 南通
    client = api(city_viewer, token=True)
    response = client.get(PROJECTS)
    assert [row["id"] for row in response.json()["results"]] == [ours.pk]
    assert client.get(f"{PROJECTS}{ours.pk}/").status_code == 200
    for response in (
        client.patch(f"{PROJECTS}{ours.pk}/", {"name": "改名"}, format="json"),
        client.post(f"{PROJECTS}{ours.pk}/advance/", {"stage": "signed", "date": "2024-02-01"}, format="json"),
        client.post(PROJECTS, {"name": "新", "investor": ours.investor_id, "total_investment": "1"}, format="json"),
    ):
        assert response.status_code == 403
        assert_error_shape(response.json(), "permission_denied")
        assert response.json()["message"].startswith(MSG_PERMISSION_DENIED)
    assert Project.objects.get(pk=ours.pk).name == ours.name


def test_zone_leader_cannot_write(api, zone_leader, zone):
    project = ProjectFactory(zone=zone)
    response = api(zone_leader).patch(f"{PROJECTS}{project.pk}/", {"name": "改名"}, format="json")
    assert response.status_code == 403


def test_method_not_allowed_has_the_shape(api, officer, zone):
    project = ProjectFactory(zone=zone)
    response = api(officer).delete(f"{PROJECTS}{project.pk}/")
    assert response.status_code == 405
    assert_error_shape(response.json(), "method_not_allowed")


# ----------------------------------------------------------------------------------------- projects


def test_create_and_update_through_the_services(api, officer, zone):
    investor = EnterpriseFactory(zone=zone)
    client = api(officer, token=True)
    response = client.post(PROJECTS, {"name": "新能源电池项目", "investor": investor.pk,
                                      "total_investment": "120000", "channel": "direct"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["zone"] == zone.pk and body["code"].startswith(f"{zone.code}-") and body["stage"] == "lead"
    project = Project.objects.get(pk=body["id"])
    assert project.created_by == officer and project.events.count() == 1
    response = client.patch(f"{PROJECTS}{project.pk}/", {"name": "新能源电池一期", "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = client.patch(f"{PROJECTS}{project.pk}/", {"name": "另一个名字", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "concurrent_edit"


def test_investor_of_another_zone_is_refused(api, officer, other_zone):
    theirs = EnterpriseFactory(zone=other_zone)
    response = api(officer).post(PROJECTS, {"name": "项目", "investor": theirs.pk, "total_investment": "1"},
                                 format="json")
    assert response.status_code == 400 and "investor" in response.json()["fields"]


def test_advance_obeys_the_stage_rules(api, officer, zone):
    project = ProjectFactory(zone=zone, stage=Stage.LEAD, stage_date=date(2024, 1, 5))
    client = api(officer, token=True)
    url = f"{PROJECTS}{project.pk}/advance/"
    future = timezone.localdate() + timedelta(days=3)
    response = client.post(url, {"stage": "signed", "date": future.isoformat()}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert_error_shape(body, "invalid")
    assert body["fields"]["date"] == [rules.MSG_FUTURE.format(stage="签约", date=future)]
    response = client.post(url, {"stage": "signed", "date": "2024-01-01"}, format="json")
    assert response.status_code == 400 and "早于" in response.json()["fields"]["date"][0]
    response = client.post(url, {"stage": "signed", "date": "2024-03-01", "note": "签约仪式"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["stage"] == "signed" and response.json()["stage_date"] == "2024-03-01"
    back = client.post(url, {"stage": "intent", "date": "2024-03-02"}, format="json")
    assert back.status_code == 400 and "stage" in back.json()["fields"]
    events = client.get(f"/api/v1/stage-events/?project={project.pk}").json()
    assert [row["stage"] for row in events["results"]] == ["lead", "signed"]


def test_hold_resume_and_drop(api, officer, zone):
    project = ProjectFactory(zone=zone, stage_date=date(2024, 1, 5))
    client = api(officer)
    assert client.post(f"{PROJECTS}{project.pk}/hold/", {"date": "2024-02-01"}, format="json").json()["status"] \
        == "on_hold"
    assert client.post(f"{PROJECTS}{project.pk}/resume/", {"date": "2024-02-02"}, format="json").status_code == 200
    response = client.post(f"{PROJECTS}{project.pk}/drop/", {"date": "2024-02-03"}, format="json")
    assert response.status_code == 400 and response.json()["fields"]["reason"] == [rules.MSG_REASON_REQUIRED]
    response = client.post(f"{PROJECTS}{project.pk}/drop/", {"date": "2024-02-03", "reason": "企业转投他地"},
                           format="json")
    assert response.json()["status"] == "dropped"
    assert StageEvent.objects.filter(project=project).count() == 4


# ------------------------------------------------------------------------------- filtering, pagination


def test_filtering_and_pagination_equal_the_web_list(api, officer, zone):
    for index in range(7):
        ProjectFactory(zone=zone, name=f"电池项目{index}" if index % 2 else f"园区项目{index}",
                       total_investment=Decimal(5000 * (index + 1)), total_investment_cny=Decimal(5000 * (index + 1)))
    params = {"q": "电池", "amount": "", "stage": ["lead"]}
    request = RequestFactory().get("/projects/", params)
    request.user = officer
    web = [project.pk for project in filter_projects(request).qs]
    client = api(officer)
    response = client.get(PROJECTS, params)
    body = response.json()
    assert body["count"] == len(web) == 3
    assert [row["id"] for row in body["results"]] == web
    page = client.get(PROJECTS, {"page_size": 2, "page": 2}).json()
    assert page["count"] == 7 and len(page["results"]) == 2 and page["next"] and page["previous"]
    everything = client.get(PROJECTS, {"page_size": 1000}).json()
    assert len(everything["results"]) == 7  # capped at 500, so all 7
    ordered = client.get(PROJECTS, {"ordering": "-total_investment_cny"}).json()["results"]
    amounts = [Decimal(row["total_investment_cny"]) for row in ordered]
    assert amounts == sorted(amounts, reverse=True)
    bad = client.get(PROJECTS, {"reached_from": "2024-02-31", "reached": "signed"})
    assert bad.status_code == 400 and "reached_from" in bad.json()["fields"]


def test_enterprise_list_uses_the_web_filterset(api, officer, zone, other_zone):
    EnterpriseFactory(zone=zone, name="启东海工装备有限公司")
    EnterpriseFactory(zone=zone, name="启东生物医药有限公司")
    EnterpriseFactory(zone=other_zone, name="亭湖海工有限公司")
    body = api(officer).get("/api/v1/enterprises/", {"q": "海工"}).json()
    assert [row["name"] for row in body["results"]] == ["启东海工装备有限公司"]


# ------------------------------------------------------------------------------------------ other data


def test_interaction_create_and_future_date_refused(api, officer, zone):
    project = ProjectFactory(zone=zone)
    client = api(officer)
    today = timezone.localdate()
    response = client.post("/api/v1/interactions/", {"project": project.pk, "kind": "visit", "date": today.isoformat(),
                                                     "people": "陈佳伟; 张总", "notes": "参观厂房"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["zone"] == zone.pk
    response = client.post("/api/v1/interactions/", {
        "project": project.pk, "kind": "visit", "date": (today + timedelta(days=2)).isoformat(),
        "people": "陈佳伟", "notes": "计划"}, format="json")
    assert response.status_code == 400 and "date" in response.json()["fields"]


def test_construction_plan_and_monthly_entry(api, officer, zone):
    project = ProjectFactory(zone=zone)
    client = api(officer)
    year = timezone.localdate().year
    response = client.post("/api/v1/construction/annual-plans/", {
        "project": project.pk, "year": year, "planned_investment": "12000"}, format="json")
    assert response.status_code == 201, response.json()
    plan = response.json()["id"]
    response = client.post("/api/v1/construction/monthly-entries/", {"plan": plan, "month": 1, "amount": "800"},
                           format="json")
    assert response.status_code == 201, response.json()
    if timezone.localdate().month < 12:
        response = client.post("/api/v1/construction/monthly-entries/", {"plan": plan, "month": 12, "amount": "1"},
                               format="json")
        assert response.status_code == 400 and "month" in response.json()["fields"]
    assert client.get(f"/api/v1/construction/monthly-entries/?plan={plan}").json()["count"] == 1


def test_team_writes_are_the_zone_admins(api, officer, zone_admin, team):
    response = api(officer).patch(f"/api/v1/teams/{team.pk}/", {"base": "上海"}, format="json")
    assert response.status_code == 403
    response = api(zone_admin).patch(f"/api/v1/teams/{team.pk}/", {"base": "上海"}, format="json")
    assert response.status_code == 200 and response.json()["base"] == "上海"


def test_users_of_visible_zones_only_and_no_password(api, officer, outsider):
    body = api(officer).get("/api/v1/users/").json()
    usernames = {row["username"] for row in body["results"]}
    assert "officer" in usernames and "outsider" not in usernames
    assert all("password" not in row for row in body["results"])


def test_divisions_by_code_and_parent(api, officer):
    client = api(officer)
    assert client.get("/api/v1/divisions/320681/").json()["name"] == "启东市"
    children = client.get("/api/v1/divisions/", {"parent": "320600", "page_size": 100}).json()["results"]
    assert "320681" in {row["code"] for row in children}


# ------------------------------------------------------------------------------------------- schema


def test_schema_and_docs(api, officer, client):
    assert api().get("/api/schema/").status_code == 401  # the map of the system is for signed-in users
    client.force_login(officer)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.") and "/api/v1/projects/{id}/advance/" in schema["paths"]
    page = client.get("/api/docs/")
    assert page.status_code == 200 and b"swagger-ui" in page.content
    assert b"cdn" not in page.content.lower()


# --------------------------------------------------------------------------- targets, evaluation, intelligence


def test_target_plan_progress_matches_the_selector(api, officer, zone, other_zone):
    from zhaoshang.targets import services as target_services
    from zhaoshang.targets.selectors import plan_progress

    project = ProjectFactory(zone=zone, stage=Stage.LEAD, stage_date=date(2024, 1, 5))
    project.events.update(date=date(2024, 2, 1))
    plan = target_services.target_plan_create(zone=zone, by=officer, year=2024, name="2024年招商目标")
    target_services.target_create(plan=plan, by=officer, values={"Y": Decimal(10)}, name="新增线索",
                                  metric="stage_count", stage="lead", granularity="year")
    client = api(officer, token=True)
    body = client.get(f"/api/v1/target-plans/{plan.pk}/progress/", {"as_of": "2024-06-30"}).json()
    expected = plan_progress(plan, date(2024, 6, 30))
    assert body["as_of"] == "2024-06-30"
    assert Decimal(body["rows"][0]["year"]["actual"]) == expected.rows[0].year.actual == 1
    assert Decimal(body["rows"][0]["year"]["target"]) == 10
    bad = client.get(f"/api/v1/target-plans/{plan.pk}/progress/", {"as_of": "2024-13-01"})
    assert bad.status_code == 400 and "as_of" in bad.json()["fields"]
    theirs = target_services.target_plan_create(zone=other_zone, by=None, year=2024, name="他区目标")
    assert client.get(f"/api/v1/target-plans/{theirs.pk}/progress/").status_code == 404


def test_evaluation_run_create_refuses_a_year_without_data(api, officer, zone):
    from zhaoshang.evaluation.models import Scheme

    scheme = Scheme.objects.create(zone=zone, name="方案", spec={})
    response = api(officer).post("/api/v1/evaluation/runs/", {"year": 2023, "scheme": scheme.pk}, format="json")
    assert response.status_code == 400 and "year" in response.json()["fields"]


def test_article_submit_extracts_and_reads_back(api, officer, zone, outsider):
    text = ("启东经济开发区2024年3月15日与上海某新能源科技有限公司签约总投资20亿元的动力电池项目, "
            "项目用地200亩, 预计年产值50亿元。")
    client = api(officer, token=True)
    response = client.post("/api/v1/intelligence/articles/", {"text": text, "source": "启东发布"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["zone"] == zone.pk and body["text"] and "project_records" in body
    again = client.post("/api/v1/intelligence/articles/", {"text": text}, format="json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert client.get(f"/api/v1/intelligence/articles/{body['id']}/").status_code == 200
    assert api(outsider).get(f"/api/v1/intelligence/articles/{body['id']}/").status_code == 404
    empty = client.post("/api/v1/intelligence/articles/", {"text": "  "}, format="json")
    assert empty.status_code == 400 and "text" in empty.json()["fields"]


def test_enterprise_create_and_duplicate_code(api, officer, zone):
    client = api(officer)
    existing = EnterpriseFactory(zone=zone)
    response = client.post("/api/v1/enterprises/", {"name": "启东新材料有限公司", "tags": [{"kind": "china500"}]},
                           format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["zone"] == zone.pk and response.json()["tags"] == [{"kind": "china500", "year": None}]
    duplicate = client.post("/api/v1/enterprises/", {"name": "重复", "credit_code": existing.credit_code},
                            format="json")
    assert duplicate.status_code == 400 and "credit_code" in duplicate.json()["fields"]
