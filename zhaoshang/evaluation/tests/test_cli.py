"""`zhaoshang evaluate`: JSON a program can use, a table a person can read, and structured errors."""

import io
import json

import pytest
from django.core.management import call_command

from zhaoshang.evaluation.engine.presets import PRESETS
from zhaoshang.evaluation.tests.test_excel import data_file, good
from zhaoshang.testing.factories import credit_code

# 黄岩 2022 规上 (benchmarks 24.097 万元/亩, 136.16 万元/亩, 2.694 万元/吨标煤, 4929.81 万元/吨, 18.14 万元/人,
# 3.02 %; weights 30/20/20/10/10/10; score = weight × value ÷ benchmark, rounded half-up to 2 places):
#   企业1: 10 亩, 税收 240.97, 增加值 1361.6, 能耗 500, 排放 0.25, 职工 75, 研发 302, 营收 10000
#     亩均税收 24.097 → 30.00; 亩均增加值 136.16 → 20.00; 增加值/能耗 2.7232 → 20 × 2.7232 ÷ 2.694 = 20.2168 → 20.22;
#     增加值/排放 5446.4 → 10 × 5446.4 ÷ 4929.81 = 11.0479 → 11.05; 劳动生产率 18.1547 → 10.0081 → 10.01;
#     研发占比 3.02 % → 10.00. Total 101.28.
#   企业2: 20 亩, 税收 240.97, 增加值 1361.6, 能耗 1000, 排放 (missing), 职工 150, 研发 151, 营收 10000
#     12.0485 → 15.00; 68.08 → 10.00; 1.3616 → 10.1084 → 10.11; missing emissions take the indicator's average
#     score (only 企业1 has one: 11.05); 9.0773 → 5.0040 → 5.00; 1.51 % → 5.00. Total 56.16.
#   Classes with 2 rated: A floor(2 × 20%) = 0 places, A+B floor(2 × 60%) = 1, A+B+C floor(2 × 95%) = 1:
#   企业1 B, 企业2 D. 企业3 (规下, 2 亩 < 3 亩) is out of scope; 企业4 began production in 2021, T.
HUANGYAN_ROWS = (
    good(1, 年度=2022, **{"用地面积(亩)": 10, "税收(万元)": 240.97, "营业收入(万元)": 10000, "工业增加值(万元)": 1361.6,
                        "综合能耗(吨标煤)": 500, "主要污染物排放(吨)": 0.25, "年平均职工人数": 75, "研发经费(万元)": 302}),
    good(2, 年度=2022, **{"用地面积(亩)": 20, "税收(万元)": 240.97, "营业收入(万元)": 10000, "工业增加值(万元)": 1361.6,
                        "综合能耗(吨标煤)": 1000, "年平均职工人数": 150, "研发经费(万元)": 151}),
    good(3, 年度=2022, 规上="否", **{"用地面积(亩)": 2}),
    good(4, 年度=2022, 投产年份=2021),
)


@pytest.fixture
def write(tmp_path):
    def write(data: bytes | str, name: str = "data.xlsx") -> str:
        path = tmp_path / name
        path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, encoding="utf-8")
        return str(path)
    return write


def evaluate(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("evaluate", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def error_of(*args) -> dict:
    status, out, err = evaluate(*args)
    assert (status, out) == (2, "")
    return json.loads(err)["error"]


def test_huangyan_2022_json_matches_the_hand_computed_scores(write):
    status, out, err = evaluate(write(data_file(*HUANGYAN_ROWS)), "--scheme", "huangyan-2022", "--year", "2022",
                                "--json")

    assert (status, err) == (0, "")
    rows = {row["credit_code"]: row for row in json.loads(out)}
    first, second = rows[credit_code(1)], rows[credit_code(2)]
    assert first["indicators"] == {"tax_per_mu": 30.0, "value_added_per_mu": 20.0, "value_added_per_energy": 20.22,
                                   "value_added_per_emission": 11.05, "labour_productivity": 10.01,
                                   "rd_intensity": 10.0}
    assert (first["group"], first["status"], first["total"], first["rank"], first["class"]) == (
        "above", "rated", 101.28, 1, "B")
    assert second["indicators"]["value_added_per_emission"] == 11.05
    assert (second["total"], second["rank"], second["class"], second["percentile"]) == (56.16, 2, "D", 0.0)
    small = rows[credit_code(3)]
    assert (small["status"], small["class"], small["total"]) == ("out", None, None)
    assert (rows[credit_code(4)]["status"], rows[credit_code(4)]["class"]) == ("T", "T")
    assert "2021年投产" in rows[credit_code(4)]["reason"]


def test_without_json_a_chinese_table_ranks_each_group(write):
    status, out, _ = evaluate(write(data_file(*HUANGYAN_ROWS)), "--scheme", "huangyan-2022", "--year", "2022")

    assert status == 0
    lines = out.splitlines()
    assert "【规上企业】参评 2 家" in lines and any(line.startswith("基准值: 亩均税收 24.097") for line in lines)
    ranked = [line for line in lines if "启东测试企业1" in line or "启东测试企业2" in line]
    assert ranked[0].split()[:3] == ["1", "B", "101.28"] and ranked[1].split()[:3] == ["2", "D", "56.16"]
    assert any("暂不评价(T) 启东测试企业4" in line for line in lines)


def test_a_scheme_file_as_to_dict_gives_it_scores_like_the_preset(write):
    data = write(data_file(*HUANGYAN_ROWS))
    scheme = write(json.dumps(PRESETS["huangyan-2022"].to_dict(), ensure_ascii=False), "scheme.json")

    assert evaluate(data, "--scheme", scheme, "--year", "2022", "--json")[1] == evaluate(
        data, "--scheme", "huangyan-2022", "--year", "2022", "--json")[1]


def test_last_years_rows_in_the_file_set_benchmarks_of_k_times_last_year(write):
    energy = {"综合能耗(吨标煤)": 100}  # 淮安 also weighs tax per energy, and rates 规下 too
    this_year = [good(1, 年度=2023, **energy), good(2, 年度=2023, **energy, **{"税收(万元)": 100}),
                 good(3, 年度=2023, 规上="否", **energy)]
    last_year = [good(n, 年度=2022, **energy) for n in (1, 2)] + [good(3, 年度=2022, 规上="否", **energy)]
    alone = write(data_file(*this_year), "alone.xlsx")
    both = write(data_file(*this_year, *last_year), "both.xlsx")

    _, _, err = evaluate(alone, "--scheme", "huaian-2024", "--year", "2023", "--json")
    assert "缺少2022年数据" in err
    status, out, err = evaluate(both, "--scheme", "huaian-2024", "--year", "2023", "--json")
    assert (status, err) == (0, "")
    # 2022 规上: tax 300 + 300 on 40 亩 = 15 万元/亩, benchmark 2 × 15 = 30; 企业1 (300 ÷ 20 = 15) scores
    # 45 × 15 ÷ 30 = 22.5.
    assert json.loads(out)[0]["indicators"]["tax_per_mu"] == 22.5


def test_warnings_go_to_stderr_and_the_result_still_prints(write):
    status, out, err = evaluate(write(data_file(good(1, **{"税收(万元)": 900, "营业收入(万元)": 800}))),
                                "--scheme", "jingde-minmax", "--year", "2023", "--json")
    assert status == 0 and len(json.loads(out)) == 1
    assert json.loads(err.splitlines()[0])["warning"]["row"] == 2


def test_bad_input_is_a_json_error_with_status_2(write, tmp_path):
    missing_file = error_of(str(tmp_path / "none.xlsx"), "--scheme", "huangyan-2022", "--year", "2022")
    assert missing_file["code"] == "file_not_found"
    assert error_of(write(b"hello", "a.xlsx"), "--scheme", "huangyan-2022", "--year", "2022")["code"] == "bad_file"
    data = write(data_file(*HUANGYAN_ROWS))
    unknown = error_of(data, "--scheme", "wuhan-2030", "--year", "2022")
    assert unknown["code"] == "unknown_scheme" and "huangyan-2022" in unknown["message"]
    assert error_of(data, "--scheme", "huangyan-2022")["code"] == "bad_argument"
    assert error_of(data, "--scheme", "huangyan-2022", "--year", "22")["code"] == "bad_argument"
    missing = error_of(data, "--scheme", "huangyan-2022", "--year", "2019")
    assert missing == {"code": "no_rows_for_year", "message": "数据文件中没有2019年的数据行(文件中的年度: 2022)。",
                       "errors": []}


def test_bad_rows_are_listed_in_the_error(write):
    data = write(data_file(good(1), good(2, **{"用地面积(亩)": 0})))
    error = error_of(data, "--scheme", "huangyan-2022", "--year", "2023")
    assert error["code"] == "bad_rows"
    assert [(item["row"], item["column"]) for item in error["errors"]] == [(3, "用地面积(亩)")]


def test_a_bad_scheme_file_lists_each_setting_to_fix(write):
    spec = PRESETS["huangyan-2022"].to_dict() | {"shares": [20, 40, 35, 10]}
    data = write(data_file(good(1)), "d.xlsx")
    error = error_of(data, "--scheme", write(json.dumps(spec), "s.json"), "--year", "2023")
    assert error["code"] == "bad_scheme" and error["errors"][0]["field"] == "shares"
    assert error_of(data, "--scheme", write("{oops", "s.json"), "--year", "2023")["code"] == "bad_scheme"


def test_a_year_that_cannot_be_scored_is_an_evaluation_error(write):
    # 淮安: benchmarks are 2 × last year's average; with no tax at all the benchmark is 0.
    rows = [good(n, 规上=scale, **{"税收(万元)": 0, "综合能耗(吨标煤)": 100}) for n, scale in ((1, "是"), (2, "否"))]
    error = error_of(write(data_file(*rows)), "--scheme", "huaian-2024", "--year", "2023")
    assert error["code"] == "evaluation_error" and "基准值为0" in error["message"]
