"""Every URL, page and API route alike, keeps zone B's data from zone A (issue 6, "Security and isolation").

The routes are read from the URL resolver, so a route added later is walked too: each one is either filled
with zone B's objects (OBJECT_OF_KWARG / OBJECT_OF_PK below) or listed, with the reason, in NOT_ZONE_OBJECTS.
A new route that is neither makes `test_every_route_is_covered` fail.

For each route with object ids, filled with objects of zone B (亭湖):
- a user of zone A (启东's officer and administrator) gets 404 or 403 on GET and on POST (405 counts too: the
  method is refused before any object is read);
- an anonymous user is sent to the login page (the API answers 401);
- the city viewer of zone B's city (盐城) reads the read routes (200) and is refused every write (403).
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zhaoshang.testing.factories import EnterpriseFactory, ProjectFactory, TeamFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db

SKIPPED_NAMESPACES = {"admin"}  # Django's admin: superusers only, its own permission checks.


def all_routes():
    """(route name, pattern text, kwarg names) of every URL pattern; format-suffix twins are folded together."""
    seen = {}

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = ":".join(filter(None, [namespace, entry.namespace])) or None
                if entry.namespace in SKIPPED_NAMESPACES:
                    continue
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                kwargs = tuple(sorted(set(entry.pattern.regex.groupindex) - {"format"}))
                yield name, prefix + str(entry.pattern), kwargs

    for name, text, kwargs in walk(get_resolver().url_patterns, "/", None):
        seen.setdefault((name, kwargs), text)
    return sorted((name, text, kwargs) for (name, kwargs), text in seen.items())


# ------------------------------------------------------------------------------------------------ zone B's world

@pytest.fixture
def world(other_zone, outsider):
    """One object of each kind in zone B (亭湖), made by its officer."""
    from zhaoshang.api.models import ApiToken
    from zhaoshang.api.services import token_create
    from zhaoshang.assessment import services as assessment
    from zhaoshang.construction.models import AnnualPlan, PlanNode, Supervision
    from zhaoshang.enterprises import services as enterprises
    from zhaoshang.evaluation import services as evaluation
    from zhaoshang.evaluation.engine.presets import PRESETS
    from zhaoshang.evaluation.models import EnterpriseYear, Parcel, Scheme
    from zhaoshang.intelligence import selectors as intelligence_selectors
    from zhaoshang.intelligence import services as intelligence
    from zhaoshang.jobs.models import Job
    from zhaoshang.organisation import services as organisation
    from zhaoshang.projects import services as projects
    from zhaoshang.projects.choices import Stage
    from zhaoshang.targets import services as targets
    from zhaoshang.targets.choices import Metric, ScorecardScope

    from zhaoshang.accounts.models import Role
    from zhaoshang.testing.factories import UserFactory

    zone, by = other_zone, outsider
    admin = UserFactory(username="tinghu_admin", full_name="亭湖管理员", role=Role.ZONE_ADMIN, zone=zone)
    team = TeamFactory(zone=zone, name="亭湖招商一组")
    membership = TeamMembershipFactory(team=team, user=by)
    enterprise = EnterpriseFactory(zone=zone, name="亭湖新能源有限公司", location="in_zone")
    project = ProjectFactory(zone=zone, team=team, investor=enterprise, name="亭湖光伏组件项目",
                             stage=Stage.SIGNED, stage_date=date(2024, 3, 1))
    event = project.events.order_by("-pk").first()
    interaction = projects.interaction_create(zone=zone, by=by, project=project, kind="visit",
                                              date=date(2024, 3, 2), people="李总", notes="现场考察")
    contact = enterprises.contact_add(enterprise=enterprise, by=by, name="李明")
    plan = AnnualPlan.objects.create(zone=zone, project=project, year=2024, planned_investment=Decimal(1000))
    node = PlanNode.objects.create(zone=zone, project=project, name="主体封顶", planned_date=date(2024, 6, 1),
                                   responsible_name="项目经理")
    supervision = Supervision.objects.create(zone=zone, project=project, kind="node_overdue", key=str(node.pk),
                                             light="red", reason="节点逾期", since=date(2024, 6, 2))
    target_plan = targets.target_plan_create(zone=zone, by=by, year=2024, name="2024年目标任务")
    target = targets.target_create(plan=target_plan, by=by, values={"Y": Decimal(5)}, name="新签约项目",
                                   metric=Metric.STAGE_COUNT, stage=Stage.SIGNED)
    fdi_arrival = targets.fdi_arrival_create(project=project, by=by, when=date(2024, 3, 5), amount_usd=Decimal(300))
    card = assessment.scorecard_create(by=admin, scope=ScorecardScope.ZONE_TEAMS, zone=zone, name="2024年小组考核",
                                       year=2024, cap=Decimal("1.2"))
    indicator = assessment.indicator_save(scorecard=card, by=admin, name="新签约项目", order=1, weight=Decimal(100),
                                          metric=Metric.STAGE_COUNT, stage=Stage.SIGNED)
    adjustment = assessment.adjustment_create(scorecard=card, by=admin, subject=team, period="M03",
                                              points=Decimal(1), reason="重大项目签约")
    department = organisation.department_save(zone=zone, by=admin, name="招商局", kind="promotion")
    job = Job.objects.create(zone=zone, kind="projects.import", title="导入项目: 亭湖.xlsx", created_by=by)
    batch = Job.objects.create(zone=zone, kind=intelligence_selectors.JOB_KIND, title="上传文章", created_by=by)
    # The dev set's signing ceremony: project records and figure records (statistics) both.
    from zhaoshang.intelligence.tests.conftest import CEREMONY, read_doc
    article = intelligence.article_submit(zone=zone, by=by, text=read_doc(CEREMONY),
                                          published_on=date(2024, 4, 18)).article
    scheme = Scheme.objects.create(zone=zone, name="淮安 2024", preset="huaian-2024",
                                   spec=PRESETS["huaian-2024"].to_dict())
    EnterpriseYear.objects.create(zone=zone, enterprise=enterprise, year=2024, above_scale=True,
                                  land_mu=Decimal(10), tax=Decimal(100), revenue=Decimal(1000),
                                  energy_tce=Decimal(10), production_year=2015)
    run = evaluation.run_create(zone=zone, year=2024, scheme=scheme, by=by)
    parcel = Parcel.objects.create(zone=zone, code="TH-001", area_mu=Decimal(10))
    token_create(user=by, name="亭湖接口")
    world = {
        "zone": zone, "team": team, "membership": membership, "user": by, "enterprise": enterprise,
        "project": project, "event": event, "interaction": interaction, "contact": contact, "annual_plan": plan,
        "entry": plan, "node": node, "supervision": supervision, "target_plan": target_plan, "target": target,
        "fdi_arrival": fdi_arrival,
        "scorecard": card, "indicator": indicator, "adjustment": adjustment, "department": department, "job": job, "batch": batch,
        "article": article, "project_record": article.project_records.first(),
        "figure_record": article.figure_records.first(), "scheme": scheme, "run": run,
        "result": run.results.first(), "parcel": parcel, "token": ApiToken.objects.get(user=by),
    }
    assert all(value is not None for value in world.values()), [k for k, v in world.items() if v is None]
    return world


# What each URL kwarg names. `pk` depends on the route, see OBJECT_OF_PK.
OBJECT_OF_KWARG = {
    "zone_pk": "zone", "event_pk": "event", "contact_pk": "contact", "target_pk": "target", "node_pk": "node",
    "indicator_pk": "indicator", "adjustment_pk": "adjustment",
    "year": lambda world: 2024, "period": lambda world: "Y",
    "code": lambda world: world["zone"].division.code,  # api:division-detail
}
# `pk` by route name: the first prefix that matches wins (exact names before their app's default).
OBJECT_OF_PK = [
    ("projects:", "project"), ("enterprises:", "enterprise"), ("jobs:", "job"),
    ("organisation:department_edit", "department"), ("organisation:member_remove", "membership"),
    ("organisation:user_toggle", "user"), ("organisation:", "team"),
    ("cockpit:zone", "zone"), ("targets:", "target_plan"), ("assessment:", "scorecard"),
    ("construction:supervision_resolve", "supervision"), ("construction:", "project"),
    ("intelligence:batch", "batch"), ("intelligence:article", "article"), ("intelligence:figure_reject", "figure_record"),
    ("intelligence:", "project_record"),
    ("evaluation:report_card", "result"), ("evaluation:scheme", "scheme"), ("evaluation:", "run"),
    ("api_tokens:revoke", "token"),
    ("api:zone-", "zone"), ("api:team-", "team"), ("api:user-", "user"), ("api:enterprise-", "enterprise"),
    ("api:project-record-", "project_record"), ("api:project-", "project"), ("api:stage-event-", "event"),
    ("api:interaction-", "interaction"), ("api:annual-plan-", "annual_plan"), ("api:monthly-entry-", "entry"),
    ("api:plan-node-", "node"), ("api:supervision-", "supervision"), ("api:target-plan-", "target_plan"),
    ("api:target-", "target"), ("api:fdi-arrival-", "fdi_arrival"), ("api:evaluation-run-", "run"),
    ("api:evaluation-result-", "result"), ("api:article-", "article"), ("api:figure-record-", "figure_record"),
]

# Routes with ids that are not one zone's objects, each with the reason it is safe; nothing else may be here.
NOT_ZONE_OBJECTS = {
    # The statutory calendar (holidays, make-up workdays) is one for the whole deployment: every user reads
    # it, and only a superuser edits it (workdays/tests cover that).
    "workdays:year", "workdays:holiday_add", "workdays:day_delete", "workdays:complete", "workdays:reopen",
    # Divisions (province, city, district) are public reference data.
    "api:division-detail",
    # The monthly entries of the API are filled with the annual plan's id; they have their own ids.
    "api:monthly-entry-detail",
}

# Routes a city viewer may GET (everything else is a write: its GET form and its POST are refused).
READ_ROUTES = re.compile(
    r"^(projects:detail|enterprises:detail|jobs:detail|cockpit:zone|targets:(detail|export|drill)"
    r"|assessment:(detail|export)|construction:panel|organisation:zone"
    r"|intelligence:(batch|article)"
    r"|evaluation:(run|results|run_export|run_compare|idle_land|report_card|scheme)"
    r"|api:.*)$")
# A user's own things, not a zone's: another user (the viewer too) gets 404, as for any id that is not theirs.
PERSONAL_ROUTES = {"api_tokens:revoke"}
# API actions that write (POSTed); other API routes are written with PATCH.
API_ACTIONS = re.compile(r"-(advance|correct|drop|hold|resume|publish|accept|merge|reject|resolve)$")


def object_routes():
    return [(name, text, kwargs) for name, text, kwargs in all_routes() if kwargs]


def kind_of_pk(name):
    return next((kind for prefix, kind in OBJECT_OF_PK if name.startswith(prefix)), None)


def fill(name, kwargs, world):
    values = {}
    for kwarg in kwargs:
        source = kind_of_pk(name) if kwarg == "pk" else OBJECT_OF_KWARG.get(kwarg)
        if source is None:
            return None
        value = source(world) if callable(source) else world[source]
        values[kwarg] = value if isinstance(value, (int, str)) else value.pk
    return reverse(name, kwargs=values)


def test_every_route_is_covered():
    """A new route with ids must be mapped above or listed in NOT_ZONE_OBJECTS with its reason."""
    uncovered = []
    for name, text, kwargs in object_routes():
        if name in NOT_ZONE_OBJECTS:
            continue
        for kwarg in kwargs:
            known = kind_of_pk(name) if kwarg == "pk" else OBJECT_OF_KWARG.get(kwarg)
            if known is None:
                uncovered.append(f"{name} ({text}): {kwarg}")
    assert not uncovered, "routes without isolation coverage:\n" + "\n".join(uncovered)


def test_the_walk_sees_the_page_and_api_routes():
    names = {name for name, _, _ in all_routes()}
    assert {"projects:detail", "evaluation:report_card", "construction:node_delete"} <= names
    assert len(object_routes()) > 60


def _urls(world):
    for name, text, kwargs in object_routes():
        if name in NOT_ZONE_OBJECTS:
            continue
        yield name, fill(name, kwargs, world)


def _is_api_object(name):
    """An API route of an object itself (read, PATCH, DELETE), not one of its POSTed actions."""
    return name.startswith("api:") and not API_ACTIONS.search(name)


def _post(client, name, url):
    if _is_api_object(name):
        return client.patch(url, {}, content_type="application/json")
    return client.post(url, {})


@pytest.mark.parametrize("persona", ["officer", "zone_admin"])
def test_zone_a_users_get_404_or_403_for_every_object_of_zone_b(client, request, persona, world):
    client.force_login(request.getfixturevalue(persona))
    leaks = []
    for name, url in _urls(world):
        got = client.get(url).status_code
        if got not in (403, 404, 405):
            leaks.append(f"GET {url} ({name}): {got}")
        got = _post(client, name, url).status_code
        if got not in (403, 404, 405):
            leaks.append(f"POST {url} ({name}): {got}")
        if _is_api_object(name):
            got = client.delete(url).status_code
            if got not in (403, 404, 405):
                leaks.append(f"DELETE {url} ({name}): {got}")
    assert not leaks, "zone B reachable from zone A:\n" + "\n".join(leaks)


def test_anonymous_users_are_sent_to_log_in(client, world):
    login = reverse("login")
    wrong = []
    for name, url in _urls(world):
        for method in ("get", "post", "delete") if _is_api_object(name) else ("get", "post"):
            response = getattr(client, method)(url)
            if url.startswith("/api/v1/"):
                ok = response.status_code == 401
            else:
                ok = response.status_code == 302 and response.url.startswith(login)
            if not ok:
                wrong.append(f"{method.upper()} {url} ({name}): {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_the_city_viewer_of_zone_b_reads_but_never_writes(client, other_city_viewer, world):
    client.force_login(other_city_viewer)
    wrong = []
    for name, url in _urls(world):
        reads = READ_ROUTES.match(name) and not API_ACTIONS.search(name)
        got = client.get(url).status_code
        if reads and got != 200:
            wrong.append(f"GET {url} ({name}): {got}, expected 200")
        if not reads and got not in ((404, 405) if name in PERSONAL_ROUTES else (403, 405)):
            wrong.append(f"GET {url} ({name}): {got}, expected 403")
        if _is_api_object(name):  # the API's reads are GETs only: its PATCH and DELETE write
            for method, got in (("PATCH", _post(client, name, url).status_code),
                                ("DELETE", client.delete(url).status_code)):
                if got not in (403, 405):
                    wrong.append(f"{method} {url} ({name}): {got}, expected 403")
            continue
        if reads:
            continue  # some read pages answer a POST like a GET (filters); nothing is written
        got = _post(client, name, url).status_code
        if got not in ((404,) if name in PERSONAL_ROUTES else (403, 405)):
            wrong.append(f"POST {url} ({name}): {got}, expected 403")
    assert not wrong, "\n".join(wrong)
