"""Runs end to end from EnterpriseYear rows: create (evaluated by the job), publish, supersede, delete."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.evaluation import selectors, services
from zhaoshang.evaluation.engine.presets import PRESETS
from zhaoshang.evaluation.models import EnterpriseYear, EvaluationResult, EvaluationRun, Parcel, RunStatus, Scheme
from zhaoshang.evaluation.tests.run_fixtures import huaian, qidong, result_of, year_row  # noqa: F401
from zhaoshang.jobs.models import JobStatus
from zhaoshang.testing.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def evaluate(zone, scheme, by, year=2024) -> EvaluationRun:
    run = services.run_create(zone=zone, year=year, scheme=scheme, by=by)
    run.refresh_from_db()
    assert run.job.status == JobStatus.SUCCEEDED, run.job.error_message
    return run


def test_a_run_grades_the_hand_computed_zone(zone, officer, huaian, qidong):
    run = evaluate(zone, huaian, officer)

    graded = {result.name: (result.klass, result.total) for result in run.results.all()}
    assert graded == {
        "一号精密": ("A", Decimal("167.50")), "二号材料": ("B", Decimal("90.00")), "三号电子": ("B", Decimal("80.50")),
        "四号机械": ("C", Decimal("48.50")), "五号纺织": ("D", Decimal("14.00")), "小微包装": ("D", Decimal("50.00")),
        "新投产科技": ("T", None), "小作坊": ("", None),
    }
    one = result_of(run, qidong["one"])
    assert one.indicators["tax_per_mu"] == {"value": 25.0, "score": 90.0, "imputed": False}  # 112.5 capped at 2 × 45
    assert (one.rank, one.rank_of, one.group, one.status) == (1, 5, "above", "rated")
    three = result_of(run, qidong["three"])
    assert three.bonus == Decimal("3.00") and three.bonuses == [{"label": "高新技术企业", "points": 3.0}]
    assert result_of(run, qidong["two"]).bonus == 0  # its tag dates from 2025
    assert result_of(run, qidong["new"]).reason == "2024年投产, 不满2年"
    assert result_of(run, qidong["tiny"]).status == "out"
    assert run.benchmarks["above"]["tax_per_mu"]["value"] == pytest.approx(10)
    assert run.benchmarks["above"]["sales_per_mu"]["value"] == pytest.approx(100)
    assert run.benchmarks["above"]["tax_per_energy_or_electricity"]["value"] == pytest.approx(4)
    assert run.benchmarks["below"]["tax_per_mu"]["value"] == pytest.approx(4)
    assert run.counts == {"above": {"A": 1, "B": 2, "C": 1, "D": 1, "T": 1}, "below": {"D": 1, "out": 1}}
    assert run.warnings == []
    huaian.refresh_from_db()
    assert run.spec == huaian.spec and run.scheme_name == "淮安 2024" and run.status == RunStatus.DRAFT
    # The inputs travel with the result: the report card never reads the live data.
    assert (one.land_mu, one.tax, one.revenue) == (Decimal("10.00"), Decimal("250.00"), Decimal("1500.00"))
    assert one.inputs["energy_tce"] == 50.0 and one.enterprise_id == qidong["one"].pk


def test_the_first_year_takes_its_own_averages_and_says_so(zone, officer, huaian, qidong):
    run = evaluate(zone, huaian, officer, year=2023)

    assert any("缺少2022年数据" in warning for warning in run.warnings)
    # 2023's averages × 2: 一号 45 × 10/10 + 35 × 100/100 + 20 × 4/4 = 100
    assert result_of(run, qidong["one"]).total == Decimal("100.00")
    assert result_of(run, qidong["three"]).klass == "C"  # 20 + 3 = 23


def test_a_year_without_data_is_refused(zone, officer, huaian, qidong):
    with pytest.raises(ValidationError) as error:
        services.run_create(zone=zone, year=2025, scheme=huaian, by=officer)

    assert error.value.message_dict == {"year": [services.MSG_NO_DATA.format(year=2025)]}
    assert "2025年还没有企业数据, 请先导入" in services.MSG_NO_DATA.format(year=2025)
    assert not EvaluationRun.objects.exists()


def test_readers_and_outsiders_cannot_evaluate(zone, zone_leader, outsider, huaian, qidong):
    for user in (zone_leader, outsider):
        with pytest.raises(PermissionDenied):
            services.run_create(zone=zone, year=2024, scheme=huaian, by=user)
    assert not EvaluationRun.objects.exists()


def test_another_zones_scheme_cannot_be_used(zone, other_zone, officer, qidong):
    theirs = Scheme.objects.create(zone=other_zone, name="亭湖方案", spec=PRESETS["huaian-2024"].to_dict())

    with pytest.raises(ValidationError) as error:
        services.run_create(zone=zone, year=2024, scheme=theirs, by=officer)
    assert error.value.message_dict == {"scheme": [services.MSG_SCHEME_OTHER_ZONE]}


def test_a_benchmark_of_zero_fails_the_job_with_the_engines_message(other_zone, outsider):
    scheme = Scheme.objects.create(zone=other_zone, name="淮安", spec=PRESETS["huaian-2024"].to_dict())
    for above in (True, False):
        year_row(EnterpriseFactory(zone=other_zone), 2024, land=10, tax=0, revenue=100, energy=5, above=above)

    run = services.run_create(zone=other_zone, year=2024, scheme=scheme, by=outsider)

    run.refresh_from_db()
    assert run.job.status == JobStatus.FAILED
    assert "基准值为0" in run.job.error_message
    assert not run.results.exists()
    with pytest.raises(ValidationError) as error:
        services.run_publish(run=run, by=outsider)
    assert error.value.messages == [services.MSG_PUBLISH_NOT_READY]


def test_publishing_again_supersedes_the_year_published_before(zone, officer, colleague, huaian, qidong):
    first = evaluate(zone, huaian, officer)
    services.run_publish(run=first, by=officer)
    first.refresh_from_db()
    assert first.status == RunStatus.PUBLISHED and first.published_by == officer and first.published_at

    second = evaluate(zone, huaian, colleague)
    services.run_publish(run=second, by=colleague)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (RunStatus.SUPERSEDED, RunStatus.PUBLISHED)
    assert selectors.published_run(zone.pk, 2024) == second
    with pytest.raises(ValidationError) as error:
        services.run_publish(run=second, by=officer)
    assert error.value.messages == [services.MSG_PUBLISH_NOT_DRAFT.format(status="已发布")]


def test_a_published_run_cannot_be_deleted_but_drafts_and_superseded_ones_can(zone, officer, huaian, qidong):
    published = evaluate(zone, huaian, officer)
    services.run_publish(run=published, by=officer)

    with pytest.raises(ValidationError) as error:
        services.run_delete(run=published, by=officer)
    assert error.value.messages == [services.MSG_DELETE_PUBLISHED]
    assert published.results.count() == 8

    draft = evaluate(zone, huaian, officer)
    services.run_delete(run=draft, by=officer)
    services.run_publish(run=evaluate(zone, huaian, officer), by=officer)
    published.refresh_from_db()
    services.run_delete(run=published, by=officer)  # superseded now
    assert list(EvaluationRun.objects.values_list("status", flat=True)) == [RunStatus.PUBLISHED]
    assert EvaluationResult.objects.count() == 8


def test_a_run_still_being_evaluated_is_not_deleted(zone, officer, huaian, qidong):
    run = evaluate(zone, huaian, officer)
    run.job.status = JobStatus.RUNNING
    run.job.save()

    with pytest.raises(ValidationError) as error:
        services.run_delete(run=run, by=officer)
    assert error.value.messages == [services.MSG_DELETE_RUNNING]


def test_readers_cannot_publish_or_delete(zone, officer, zone_leader, city_viewer, huaian, qidong):
    run = evaluate(zone, huaian, officer)
    for user in (zone_leader, city_viewer):
        with pytest.raises(PermissionDenied):
            services.run_publish(run=run, by=user)
        with pytest.raises(PermissionDenied):
            services.run_delete(run=run, by=user)
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT


def test_a_published_run_reads_the_same_after_the_data_and_the_scheme_change(zone, officer, huaian, qidong):
    run = evaluate(zone, huaian, officer)
    services.run_publish(run=run, by=officer)
    four = result_of(run, qidong["four"])
    card_before = selectors.report_card(four)
    summary_before = selectors.run_summary(run)
    spec_before = EvaluationRun.objects.get(pk=run.pk).spec

    EnterpriseYear.objects.filter(enterprise=qidong["four"], year=2024).update(tax=Decimal("500"), land_mu=1)
    spec = huaian.spec | {"indicators": [item | {"weight": 1} for item in huaian.spec["indicators"]]}
    Scheme.objects.filter(pk=huaian.pk).update(spec=spec, name="改过的方案")

    run = EvaluationRun.objects.get(pk=run.pk)
    four = result_of(run, qidong["four"])
    card_after = selectors.report_card(four)
    assert run.spec == spec_before and run.spec["indicators"][0]["weight"] == 45 and run.scheme_name == "淮安 2024"
    assert (four.klass, four.total, four.tax, four.land_mu) == ("C", Decimal("48.50"), Decimal("50.00"),
                                                                Decimal("10.00"))
    assert card_after["indicators"] == card_before["indicators"]
    assert card_after["whatif"].phrase == card_before["whatif"].phrase
    summary_after = selectors.run_summary(run)
    assert [(row.klass, row.count, row.tax) for row in summary_after["overall"]] == \
           [(row.klass, row.count, row.tax) for row in summary_before["overall"]]


def test_three_d_years_in_a_row_raise_the_surcharge(zone, officer, huaian, qidong):
    """Shandong 2022 in the preset: +0.05 元/kWh, +0.10 for two D years, +0.15 from three (no stacking)."""
    year_row(qidong["five"], 2022, land=20, tax=10, revenue=100, energy=50)
    for key, tax, revenue in (("one", 200, 2000), ("two", 150, 1500), ("three", 40, 400), ("four", 100, 1000)):
        year_row(qidong[key], 2022, land=20, tax=tax, revenue=revenue, energy=50)
    year_row(qidong["small"], 2022, land=5, tax=10, revenue=100, energy=10, above=False)
    for year in (2022, 2023):
        run = evaluate(zone, huaian, officer, year=year)
        assert result_of(run, qidong["five"]).klass == "D"
        services.run_publish(run=run, by=officer)

    run = evaluate(zone, huaian, officer)

    five = result_of(run, qidong["five"])
    assert five.streak == 3
    surcharge = next(policy for policy in five.policies if policy["name"] == "差别化电价")
    assert surcharge["rate"] == 0.15 and surcharge["amount"] == 15.0  # 0.15 元/kWh × 100 万千瓦时 = 15 万元


def test_a_tenant_takes_its_parcel_owners_class(zone, officer, huaian, qidong):
    parcel = Parcel.objects.create(zone=zone, code="QD-01", area_mu=20)
    EnterpriseYear.objects.filter(enterprise=qidong["four"], year=2024).update(parcel=parcel)
    tenant = EnterpriseFactory(zone=zone, name="租户贸易")
    year_row(tenant, 2024, land=3, tax=300, revenue=3000, energy=10, parcel=parcel, tenure="leased")

    run = evaluate(zone, huaian, officer)

    result = result_of(run, tenant)
    owner = result_of(run, qidong["four"])
    assert (result.klass, result.follows, result.unit) == ("C", qidong["four"].credit_code, owner.unit)
    assert result.reason == "承租企业, 随宗地主四号机械评价"
    assert owner.total == Decimal("48.50")  # the tenant's figures do not count for the owner's unit


def test_an_enterprise_without_a_credit_code_is_left_out_with_a_warning(zone, officer, huaian, qidong):
    uncoded = EnterpriseFactory(zone=zone, name="无代码工厂", credit_code="")
    year_row(uncoded, 2024, land=10, tax=500, revenue=5000, energy=10)

    run = evaluate(zone, huaian, officer)

    assert run.results.count() == 8 and not run.results.filter(name="无代码工厂").exists()
    assert run.warnings == [services.MSG_NO_CREDIT_CODE.format(names="无代码工厂")]


def test_storing_results_takes_a_plain_insert_per_batch(zone, officer, huaian, qidong, django_assert_max_num_queries):
    run = evaluate(zone, huaian, officer)
    with django_assert_max_num_queries(12):
        services.evaluate_run(run)
    assert run.results.count() == 8
