"""Reads of a run: the summary, change from last year, comparison, report cards, idle land, history."""

from datetime import date
from decimal import Decimal

import pytest

from zhaoshang.evaluation import selectors, services
from zhaoshang.evaluation.models import EnterpriseYear, EvaluationRun, Parcel
from zhaoshang.evaluation.tests.run_fixtures import huaian, qidong, result_of, year_row  # noqa: F401
from zhaoshang.testing.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def evaluate(zone, scheme, by, year=2024, publish=False) -> EvaluationRun:
    run = services.run_create(zone=zone, year=year, scheme=scheme, by=by)
    if publish:
        services.run_publish(run=run, by=by)
    return EvaluationRun.objects.get(pk=run.pk)


@pytest.fixture
def published_2023(zone, officer, huaian, qidong):
    return evaluate(zone, huaian, officer, year=2023, publish=True)


def test_the_summary_counts_classes_and_shares_land_tax_and_revenue(zone, officer, huaian, qidong):
    run = evaluate(zone, huaian, officer)

    summary = selectors.run_summary(run)

    above, below = summary["groups"]
    assert [(row.klass, row.count) for row in above["rows"]] == [("A", 1), ("B", 2), ("C", 1), ("D", 1), ("T", 1)]
    assert (above["total"].count, above["total"].land, above["total"].tax) == (5, Decimal("50"), Decimal("490"))
    a = above["rows"][0]
    # 一号: 10 of 50 亩 = 20.0 %, 250 of 490 万元 tax = 51.0 %, 1500 of 4200 revenue = 35.7 %
    assert (a.land_share, a.tax_share, a.revenue_share) == (Decimal("20.0"), Decimal("51.0"), Decimal("35.7"))
    assert (above["t"], above["out"], below["out"]) == (1, 0, 1)
    assert [(row.klass, row.count) for row in below["rows"]][3] == ("D", 1)
    assert (summary["evaluated"], summary["rated"], summary["t"], summary["out"]) == (8, 6, 1, 1)
    assert [result.name for result in summary["d_list"]] == ["五号纺织", "小微包装"]
    assert summary["chart"]["groups"][0] == {"name": "规上企业", "counts": [1, 2, 1, 1, 1]}
    assert summary["change"] is None  # 2023 has no published run
    benchmarks = {(row["group"], row["label"]): round(row["value"], 6) for row in summary["benchmarks"]}
    assert benchmarks[("规上企业", "亩均税收")] == 10 and benchmarks[("规下企业", "亩均销售收入")] == 40


def test_the_summary_shows_who_moved_since_last_years_published_run(zone, officer, huaian, qidong, published_2023):
    change = selectors.run_summary(evaluate(zone, huaian, officer))["change"]

    assert change["previous"] == published_2023
    matrix = dict(change["rows"])
    assert matrix["C"] == [0, 1, 0, 0, 0]  # 三号 C → B
    assert matrix["B"] == [0, 1, 1, 0, 0]  # 二号 stays B, 四号 B → C
    assert matrix["—"] == [0, 0, 0, 0, 1]  # 新投产 has no 2023 grade
    assert (change["up"], change["down"], change["same"]) == (1, 1, 4)


def test_compare_lists_the_enterprises_whose_class_changes(zone, officer, huaian, qidong):
    published = evaluate(zone, huaian, officer, publish=True)
    EnterpriseYear.objects.filter(enterprise=qidong["four"], year=2024).update(tax=Decimal("108.19"))
    draft = evaluate(zone, huaian, officer)

    comparison = selectors.compare(draft, published)

    assert [(c["name"], c["from"], c["to"], c["direction"]) for c in comparison["changes"]] == [
        ("四号机械", "C", "B", "up"), ("三号电子", "B", "C", "down")]
    assert comparison["changes"][0]["to_total"] == Decimal("80.51")
    above = comparison["counts"][0]
    assert [(row["klass"], row["run"], row["other"]) for row in above["rows"][:4]] == [
        ("A", 1, 1), ("B", 2, 2), ("C", 1, 1), ("D", 1, 1)]
    assert (comparison["up"], comparison["down"], comparison["gone"]) == (1, 1, [])


def test_the_report_card_explains_the_score(zone, officer, huaian, qidong, published_2023):
    run = evaluate(zone, huaian, officer)

    card = selectors.report_card(result_of(run, qidong["one"]))

    tax = card["indicators"][0]
    assert (tax["label"], tax["value"], tax["benchmark"], tax["weight"], tax["cap"], tax["score"], tax["capped"]) == (
        "亩均税收", 25.0, pytest.approx(10), 45, 90.0, 90.0, True)
    assert tax["basis"] == "上年(2023)全区平均值 5 × 2"
    assert [item["score"] for item in card["indicators"]] == [90.0, 52.5, 25.0]
    assert card["indicator_total"] == 167.5
    assert card["history"][0] | {"total": None, "run_id": None, "pk": None} == {
        "year": 2023, "klass": "A", "total": None, "run_id": None, "pk": None}
    assert card["whatif"].phrase == "已是A类。"
    assert any(policy["note"] == "优先保障新增用地和用能指标" for policy in card["policies"])


def test_the_report_card_says_what_it_takes(zone, officer, huaian, qidong):
    run = evaluate(zone, huaian, officer)

    four = selectors.report_card(result_of(run, qidong["four"]))
    three = selectors.report_card(result_of(run, qidong["three"]))

    # See test_whatif for the arithmetic.
    assert four["whatif"].phrase == "达到B类(总分需达到 80.51 分): 税收再增加 58.19 万元, 或用地减少 4.24 亩。"
    assert three["bonuses"] == [{"label": "高新技术企业", "points": 3.0}] and not three["bonus_capped"]
    assert selectors.report_card(result_of(run, qidong["new"]))["whatif"] is None


def test_a_pooled_parcel_is_one_unit_in_the_report_card(zone, officer, huaian, qidong):
    """淮安 with pooled parcels: 四号 (10 亩, tax 50, revenue 600, energy 50) and a neighbour (10 亩, tax 30,
    revenue 200, energy 30) make one unit of 20 亩, tax 80, revenue 800, energy 80: 45 × 4/10 = 18,
    35 × 40/100 = 14, 20 × 1/4 = 5 → 37."""
    huaian.spec = huaian.spec | {"parcel_rule": "pooled"}
    huaian.save()
    parcel = Parcel.objects.create(zone=zone, code="QD-07", area_mu=20)
    EnterpriseYear.objects.filter(enterprise=qidong["four"], year=2024).update(parcel=parcel)
    neighbour = EnterpriseFactory(zone=zone, name="邻居五金")
    year_row(neighbour, 2024, land=10, tax=30, revenue=200, energy=30, parcel=parcel)
    run = evaluate(zone, huaian, officer)

    four, pooled = result_of(run, qidong["four"]), result_of(run, neighbour)
    assert four.unit == pooled.unit and four.total == pooled.total == Decimal("37.00")
    figures = selectors.unit_figures(pooled)
    assert (figures["land_mu"], figures["tax"], figures["revenue"], figures["energy_tce"]) == (20, 80, 800, 80)


def test_idle_land_lists_unused_parcels_zero_revenue_enterprises_and_underused_results(zone, officer, huaian, qidong):
    run = evaluate(zone, huaian, officer)  # 用而不足 (淮安: 25 % of the benchmark): 五号 (1 万元/亩 < 25 % × 10) only
    old = Parcel.objects.create(zone=zone, code="P-OLD", area_mu=30, supplied_on=date(2020, 5, 1))
    used = Parcel.objects.create(zone=zone, code="P-USED", area_mu=25, supplied_on=date(2019, 1, 1))
    Parcel.objects.create(zone=zone, code="P-NEW", area_mu=12, supplied_on=date(2023, 3, 1))  # under 2 years
    Parcel.objects.create(zone=zone, code="P-NODATE", area_mu=9)
    EnterpriseYear.objects.filter(enterprise=qidong["one"], year=2024).update(parcel=used)
    idle, stopped, sitting = (EnterpriseFactory(zone=zone, name=name) for name in ("停产一厂", "新停二厂", "宗地上的厂"))
    for year in (2023, 2024):
        year_row(idle, year, land=8, tax=0, revenue=0)
        year_row(sitting, year, land=30, tax=0, revenue=0, parcel=old)
    year_row(stopped, 2023, land=6, tax=1, revenue=50)
    year_row(stopped, 2024, land=6, tax=0, revenue=0)

    land = selectors.idle_land(run)

    assert [parcel.code for parcel in land["parcels"]] == ["P-OLD"]
    assert [row.enterprise.name for row in land["enterprises"]] == ["停产一厂"]
    assert (land["parcel_area"], land["enterprise_area"], land["idle_area"]) == (30, 8, 38)
    assert [result.name for result in land["underused"]] == ["五号纺织"]
    assert land["underused_area"] == Decimal("10.00") and land["underused"][0].tax_line == pytest.approx(2.5)
    assert land["supplied_by"] == date(2022, 12, 31)


def test_an_enterprises_history_lists_its_published_years(zone, officer, huaian, qidong, published_2023):
    evaluate(zone, huaian, officer)  # a draft: not on the enterprise page
    latest = evaluate(zone, huaian, officer, publish=True)

    history = selectors.enterprise_evaluation_history(qidong["three"])

    assert [(row["year"], row["klass"], row["total"]) for row in history] == [
        (2024, "B", Decimal("80.50")), (2023, "C", Decimal("23.00"))]
    assert history[0]["run"] == latest


def test_run_lists_follow_the_users_zones(zone, officer, outsider, city_viewer, other_city_viewer, huaian, qidong):
    run = evaluate(zone, huaian, officer)

    assert list(selectors.runs_for(officer)) == [run]
    assert list(selectors.runs_for(city_viewer)) == [run]
    assert not selectors.runs_for(outsider).exists() and not selectors.runs_for(other_city_viewer).exists()
    assert selectors.data_years(zone) == [2024, 2023]
    filterset, rows = selectors.result_list(run, {"klass": "D"})
    assert [row.name for row in rows] == ["五号纺织", "小微包装"]
    _, rows = selectors.result_list(run, {"q": qidong["two"].credit_code.lower()})
    assert [row.name for row in rows] == ["二号材料"]
