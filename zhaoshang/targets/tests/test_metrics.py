"""The metric engine's rules that the progress tests lean on, each shown on its own."""

from datetime import date
from decimal import Decimal

from zhaoshang.construction.models import AnnualPlan
from zhaoshang.projects.choices import MajorLevel
from zhaoshang.targets import metrics
from zhaoshang.targets.choices import Metric
from zhaoshang.targets.periods import Period
from zhaoshang.targets.selectors import Cumulative

D = Decimal


class Spec:
    """A bare metric spec: the fields the engine reads."""

    def __init__(self, metric, **fields):
        self.metric = metric
        self.stage = ""
        self.min_investment = self.min_investment_usd = self.industry_id = self.industry = None
        self.foreign_only = self.top500_only = self.sci_tech_only = False
        self.channel = self.major_level = ""
        self.__dict__.update(fields)


def test_a_percentage_rounds_half_up_as_reports_do():
    assert metrics.percent(D(1225), D(10000)) == D("12.3")  # half-even would give 12.2
    assert metrics.percent(D(2), D(3)) == D("66.7")


def test_the_years_list_decides_a_major_projects_level(zone, construction, starts):
    """S1 is on the 2024 province list though the project itself now says 市重大: its 2024 investment
    (2000 + 3000 + 4000 + 5000 = 14000) is the province list's, not the city's (S2: 6000 + 7000)."""
    def completed(level):
        spec = Spec(Metric.MAJOR_COMPLETED, major_level=level)
        found = metrics.measure([metrics.Measure("m", spec, Period(2024, "Y"))], zone_ids=[zone.pk],
                                as_of=date(2024, 12, 31))
        return found.get(("m", zone.pk), D(0))

    assert starts["S1"].major_level == MajorLevel.CITY
    assert (completed(MajorLevel.PROVINCE), completed(MajorLevel.CITY)) == (D(14000), D(13000))
    province = Spec(Metric.MAJOR_COMPLETION_RATE, major_level=MajorLevel.PROVINCE)
    assert list(metrics.planned(province, Period(2024, "Y"), zone_ids=[zone.pk])) == [
        AnnualPlan.objects.get(project=starts["S1"], year=2024)]


def test_a_rate_for_a_period_not_begun_is_zero_even_beside_earlier_periods(zone, construction):
    """Measured together as of 2024-02-10: Q1's rate is January and February, (2000 + 3000 + 6000) ÷ 80000
    = 13.75 → 13.8%; Q2's is nothing yet — not Q1's months."""
    spec = Spec(Metric.MAJOR_COMPLETION_RATE)
    found = metrics.measure([metrics.Measure(code, spec, Period(2024, code)) for code in ("Q1", "Q2")],
                            zone_ids=[zone.pk], as_of=date(2024, 2, 10))
    assert found.get(("Q1", zone.pk)) == D("13.8")
    assert found.get(("Q2", zone.pk), D(0)) == D(0)


def test_a_cumulative_period_runs_from_january():
    half = Cumulative(2024, "Q2")
    assert (half.start, half.end, half.label) == (date(2024, 1, 1), date(2024, 6, 30), "2024年1—6月")
    assert half.time_progress(date(2024, 3, 31)) == D("50.0")  # 3 of 6 months
    assert Cumulative(2024, "M01").label == "2024年1月"
