"""Schemathesis against the OpenAPI schema: every operation, a bounded number of generated requests each.

The schema is the one /api/schema/ serves (test_served_schema_is_the_fuzzed_one), generated in-process because
the operations are parametrized when the module is collected, before any database exists. Each request goes
through the project's WSGI application, so through the whole Django stack (middleware, token authentication,
permissions, the services), with a zone officer's API token, in this test's database. There a small world is
seeded: two zones with their users and team, enterprises, projects with stage events, an interaction, FDI
arrivals, a construction plan with a monthly entry and a plan node, a target plan with a target, an evaluation
run with results and an article with its extracted records. Half of the time a path parameter, or a body field
that names another record (project, investor, plan…), is one of those ids, so detail routes, actions and writes
meet real rows, not only 404s and 400s.

Checks (Schemathesis's own): no 5xx, a documented status code, a documented content type, and a body that
matches the schema. The 4xx answers are documented by zhaoshang/api/schema.py with the one error shape of
zhaoshang/api/errors.py. Requests are valid and invalid (generation modes positive and negative): invalid input
must get a 4xx, never a 5xx.

Bounded and repeatable: MAX_EXAMPLES requests per operation, derandomized (the same code gets the same requests
on every run). Each request runs in a savepoint that is rolled back, so every request meets the seeded world as
it was; nothing outlives the test (its transaction is rolled back too).

What it found, now fixed and pinned by the plain tests at the end: HTML 404s for unrouted URLs under /api/v1/,
the browsable API's undocumented HTML, a province's null Division.parent typed as a string, and 500s from huge
numbers in id and year filters.
"""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import RequestFactory
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from zhaoshang.api import errors, views
from zhaoshang.api.services import token_create
from zhaoshang.construction import services as construction_services
from zhaoshang.construction.models import Supervision
from zhaoshang.evaluation import services as evaluation_services
from zhaoshang.evaluation.engine.presets import PRESETS
from zhaoshang.evaluation.models import EnterpriseYear, Scheme
from zhaoshang.intelligence import services as intelligence_services
from zhaoshang.projects import services as project_services
from zhaoshang.projects.choices import Stage
from zhaoshang.targets import services as target_services
from zhaoshang.testing.factories import EnterpriseFactory, ProjectFactory, division, industry

pytestmark = [pytest.mark.django_db, pytest.mark.schemathesis]

SCHEMA_URL = "/api/schema/"
MAX_EXAMPLES = 20  # requests per operation
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# ------------------------------------------------------------------------------------------------ world

# The current test's records (filled by `world`), by collection: path parameters and references in bodies are
# drawn from them when a case is drawn.
SEEDED: dict[str, list] = {}
# Body fields that name another record → the collection their ids are drawn from; REFERENCES_IN for the fields
# whose collection depends on the operation.
REFERENCES = {
    "project": "/api/v1/projects/", "investor": "/api/v1/enterprises/", "enterprise": "/api/v1/enterprises/",
    "zone": "/api/v1/zones/", "team": "/api/v1/teams/", "officer": "/api/v1/users/",
    "responsible": "/api/v1/users/", "scheme": "schemes", "industry": "industries", "division": "division-ids",
    "year": "years",
}
REFERENCES_IN = {
    "/api/v1/construction/monthly-entries/": {"plan": "/api/v1/construction/annual-plans/"},
    "/api/v1/targets/": {"plan": "/api/v1/target-plans/", "parent": "/api/v1/targets/"},
}
ARTICLE = ("启东经济开发区2024年3月15日与上海某新能源科技有限公司签约总投资20亿元的动力电池项目, "
           "项目用地200亩, 预计年产值50亿元。")


def _year_row(enterprise, year: int, *, land: int, tax: int, revenue: int) -> None:
    EnterpriseYear.objects.create(zone=enterprise.zone, enterprise=enterprise, year=year, above_scale=True,
                                  land_mu=Decimal(land), tax=Decimal(tax), revenue=Decimal(revenue),
                                  energy_tce=Decimal(50), production_year=2015)


@pytest.fixture
def world(zone, other_zone, team, officer, colleague, zone_admin, outsider):
    """The seeded records' ids (or codes), by the collection they belong to; also in SEEDED while the test runs."""
    ours = [EnterpriseFactory(zone=zone, name=name, location="in_zone")
            for name in ("启东海工装备有限公司", "启东生物医药有限公司", "启东精密机械有限公司")]
    theirs = EnterpriseFactory(zone=other_zone, name="亭湖海工有限公司")
    projects = [
        ProjectFactory(zone=zone, investor=ours[0], name="海工装备扩产项目", stage=Stage.LEAD,
                       stage_date=date(2024, 1, 5)),
        ProjectFactory(zone=zone, investor=ours[1], name="生物医药产业园项目", stage=Stage.SIGNED,
                       stage_date=date(2024, 3, 1)),
        ProjectFactory(zone=zone, investor=ours[2], name="精密机械项目", stage=Stage.INTENT,
                       stage_date=date(2024, 2, 1)),
        ProjectFactory(zone=other_zone, investor=theirs, name="亭湖海工项目"),
    ]
    today = timezone.localdate()
    interaction = project_services.interaction_create(zone=zone, project=projects[0], by=officer, kind="visit",
                                                      date=today, people="陈佳伟; 张总", notes="参观厂房")
    plan = construction_services.annual_plan_save(project=projects[1], year=today.year, by=officer,
                                                  planned_investment=Decimal("12000"))
    entry = construction_services.investment_entry_set(plan=plan, month=1, amount=Decimal("800"), by=officer)
    node = construction_services.plan_node_save(project=projects[1], by=officer, name="完成桩基",
                                                planned_date=date(2024, 5, 1), responsible=officer)
    construction_services.supervision_scan(zone=zone, by=officer)
    target_plan = target_services.target_plan_create(zone=zone, by=officer, year=2024, name="2024年招商目标")
    target = target_services.target_create(plan=target_plan, by=officer, values={"Y": Decimal(10)}, name="新增线索",
                                           metric="stage_count", stage="lead", granularity="year")
    arrival = target_services.fdi_arrival_create(project=projects[1], by=officer, when=date(2024, 4, 1),
                                                 amount_usd=Decimal("500"))
    scheme = Scheme.objects.create(zone=zone, name="淮安 2024", preset="huaian-2024",
                                   spec=PRESETS["huaian-2024"].to_dict())
    for year in (2023, 2024):
        for index, enterprise in enumerate(ours):
            _year_row(enterprise, year, land=10 + index, tax=100 * (index + 1), revenue=1000 * (index + 1))
    run = evaluation_services.run_create(zone=zone, year=2024, scheme=scheme, by=officer)
    assert run.results.exists(), "the evaluation job did not run eagerly"
    article = intelligence_services.article_submit(zone=zone, by=officer, text=ARTICLE, source="启东发布").article
    divisions = [division(code) for code in ("320681", "320600", "320000", "320902")]
    seeded = {
        "/api/v1/divisions/": [item.code for item in divisions],
        "/api/v1/zones/": [zone.pk, other_zone.pk],
        "/api/v1/teams/": [team.pk],
        "/api/v1/users/": [officer.pk, colleague.pk, zone_admin.pk, outsider.pk],
        "/api/v1/enterprises/": [enterprise.pk for enterprise in [*ours, theirs]],
        "/api/v1/projects/": [project.pk for project in projects],
        "/api/v1/stage-events/": [event.pk for project in projects for event in project.events.all()],
        "/api/v1/interactions/": [interaction.pk],
        "/api/v1/fdi-arrivals/": [arrival.pk],
        "/api/v1/construction/annual-plans/": [plan.pk],
        "/api/v1/construction/monthly-entries/": [entry.pk],
        "/api/v1/construction/plan-nodes/": [node.pk],
        "/api/v1/construction/supervisions/": list(Supervision.objects.values_list("pk", flat=True)),
        "/api/v1/target-plans/": [target_plan.pk],
        "/api/v1/targets/": [target.pk],
        "/api/v1/evaluation/runs/": [run.pk],
        "/api/v1/evaluation/results/": list(run.results.values_list("pk", flat=True)),
        "/api/v1/intelligence/articles/": [article.pk],
        "/api/v1/intelligence/project-records/": list(article.project_records.values_list("pk", flat=True)),
        "/api/v1/intelligence/figure-records/": list(article.figure_records.values_list("pk", flat=True)),
        "schemes": [scheme.pk],
        "industries": [industry("39").pk, industry("C").pk],
        "division-ids": [item.pk for item in divisions],
        "years": [2023, 2024, today.year],
    }
    SEEDED.update(seeded)
    yield seeded
    SEEDED.clear()


def _seeded(collection: str, index: int):
    ids = SEEDED.get(collection) or [index + 1]  # nothing seeded (a new collection): a small number
    return ids[index % len(ids)]


# ----------------------------------------------------------------------------------------------- schema

RAW_SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
SCHEMA = schemathesis.openapi.from_dict(RAW_SCHEMA, config=schemathesis.Config.from_dict({
    # The token is sent with each request (below); no Authorization header or session cookie is generated.
    "generation": {"with-security-parameters": False},
}))


@SCHEMA.hook
def before_generate_path_parameters(context, strategy):
    """Half of the time, the id (or division code) of a seeded record of the operation's collection."""
    path = context.operation.path
    names = re.findall(r"{(\w+)}", path)
    if len(names) != 1:
        return strategy
    collection = path.split("{")[0]
    # An index is drawn; it becomes an id of the current test's world when the case is drawn.
    return st.one_of(strategy, st.integers(min_value=0, max_value=99).map(
        lambda index: {names[0]: _seeded(collection, index)}))


@SCHEMA.hook
def before_generate_body(context, strategy):
    """Half of the time, the body's references to other records are ids of seeded ones."""
    references = {**REFERENCES, **REFERENCES_IN.get(context.operation.path.split("{")[0], {})}

    def refer(drawn):
        body, index, use_seeded = drawn
        if not use_seeded or not isinstance(body, dict):
            return body
        return {name: _seeded(references[name], index + position) if name in references else value
                for position, (name, value) in enumerate(body.items())}

    return st.tuples(strategy, st.integers(min_value=0, max_value=99), st.booleans()).map(refer)


def _operations() -> list:
    operations = []
    for result in SCHEMA.get_all_operations():
        if isinstance(result, Err):
            raise result.err()  # a schema Schemathesis cannot read is itself a defect
        operations.append(result.ok())
    return operations


# --------------------------------------------------------------------------------------------- the test


@pytest.fixture
def wsgi_app(settings, monkeypatch):
    """The project's WSGI application (config/wsgi.py's), called in this thread, so in this test's transaction."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]  # Schemathesis's WSGI client's Host
    # The throttle would count this test's requests against the officer in the process's cache, beyond the test.
    monkeypatch.setattr(views.Throttle, "THROTTLE_RATES", {"user": None})
    # As Django's test client does: a request must not close the connection that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        # Built here, not imported from config.wsgi: middleware reads settings (such as SECURE_SSL_REDIRECT, which
        # the tests turn off) when it is loaded.
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def authorization(world, officer) -> str:
    _, key = token_create(user=officer, name="Schemathesis")
    return f"Token {key}"


# Plain pytest parametrization, one item per operation, with Schemathesis's strategies
# (`APIOperation.as_strategy`, its API for Hypothesis tests): on pytest 9.2, Schemathesis 4.32.5's
# `schema.parametrize()` gives every operation the same node id, so that under `pytest -n` only one of them
# runs, and `schemathesis.pytest.from_fixture` fails on the node's missing `_nodeid`.
@pytest.mark.parametrize("operation", _operations(), ids=lambda operation: operation.label)
def test_operation_conforms_to_the_schema(operation, wsgi_app, authorization):
    strategy = st.one_of([operation.as_strategy(generation_mode=mode) for mode in GenerationMode])

    @hypothesis_settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def request_conforms(case):
        with transaction.atomic():
            try:
                response = case.call(app=wsgi_app, headers={"Authorization": authorization})
            finally:
                transaction.set_rollback(True)
        case.validate_response(response, checks=CHECKS, headers={"Authorization": authorization})

    request_conforms()


# ------------------------------------------------------------------------------------------ the schema


def test_served_schema_is_the_fuzzed_one(api, officer):
    response = api(officer, token=True).get(SCHEMA_URL, HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(RAW_SCHEMA))


def test_schema_documents_the_error_shape():
    """Every operation documents 401/403/404/406/429 with the one error body; writes also 400, those with a body
    415, and PUT/PATCH 409."""
    assert RAW_SCHEMA["components"]["schemas"]["Error"]["required"] == ["code", "message", "fields"]
    for path, item in RAW_SCHEMA["paths"].items():
        for method, operation in item.items():
            expected = {"401", "403", "404", "406", "429"}
            expected |= {"400"} if method != "get" else set()
            expected |= {"415"} if "requestBody" in operation else set()
            expected |= {"409"} if method in ("put", "patch") else set()
            assert expected <= set(operation["responses"]), (method, path, sorted(operation["responses"]))
            for status in expected:
                content = operation["responses"][status]["content"]
                assert content == {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


# ------------------------------------------------------------------------------ what the fuzzing found once


@pytest.mark.parametrize("url", ["/api/v1/teams/1.5e-7/", "/api/v1/no-such-collection/"])
def test_unrouted_api_urls_get_the_error_shape(api, officer, url):
    response = api(officer, token=True).get(url)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(("url", "accept"), [("/api/v1/projects/", "text/html"), ("/api/v1/projects/1.api/", "*/*")])
def test_the_api_answers_json_only(api, officer, url, accept):
    response = api(officer, token=True).get(url, HTTP_ACCEPT=accept)
    assert response["Content-Type"] == "application/json", response.status_code


def test_division_parent_is_nullable_in_the_schema():
    assert RAW_SCHEMA["components"]["schemas"]["Division"]["properties"]["parent"].get("nullable") is True


def test_the_api_404_handler():
    """errors.page_not_found (config/urls.py's handler404): JSON under /api/v1/, the site's page elsewhere."""
    response = errors.page_not_found(RequestFactory().get("/api/v1/teams/1.5e-7/"))
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"code": "not_found", "message": errors.MSG_NOT_FOUND, "fields": {}}
    assert errors.page_not_found(RequestFactory().get("/projects/1.5/")).status_code == 404  # the web's page
