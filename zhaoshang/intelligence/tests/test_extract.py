"""The records of whole articles: shape, variants, company sizes, nothing to extract."""

import json
from pathlib import Path

from zhaoshang.intelligence.extract.api import extract

DOCS = Path(__file__).resolve().parents[1] / "devset" / "docs"
CLEAN = ("东台经济开发区项目建设现场,施工人员正在进行打桩作业。乾朔电子连接器项目总投资12亿元,全部达产后可实现年新增应税销售18亿元、"
         "税收6000万元。项目自去年11月开工以来,进展顺利。\n今年园区力争实现新签约亿元以上项目不少于20个,其中5亿元以上项目不少于6个,"
         "实际利用外资不少于5000万美元。")
SPUN = ("东台经济开发区名目建立现场,施工人员正正在停行打桩做业。乾朔电子连贯器名目总投资12亿元,全副达产后可真现年新删应税销售18亿元、"
        "税支6000万元。名目自去年11月动工以来,停展顺利。\n今年园区力争真现新签约亿元以上名目许多于20个,此中5亿元以上名目许多于6个,"
        "真际操做外资许多于5000万美圆。")
TRADITIONAL = ("東臺經濟開發區項目建設現場,施工人員正在進行打樁作業。乾朔電子連接器項目總投資12億元,全部達產後可實現年新增應稅銷售18億元、"
               "稅收6000萬元。項目自去年11月開工以來,進展順利。\n今年園區力爭實現新簽約億元以上項目不少於20個,其中5億元以上項目不少於6個,"
               "實際利用外資不少於5000萬美元。")


def records(result: dict) -> dict:
    """What must not depend on how the article was written: everything but evidence and spans."""
    strip = ("evidence", "span")
    return {kind: [{k: v for k, v in record.items() if k not in strip} for record in result[kind]]
            for kind in ("projects", "statistics", "targets")}


def test_the_output_has_the_shape_of_the_issue():
    result = extract(CLEAN, date="2024-01-10", source="a.txt")
    assert list(result) == ["source", "date", "projects", "statistics", "targets"]
    assert (result["source"], result["date"]) == ("a.txt", "2024-01-10")
    project = result["projects"][0]
    assert list(project) == ["name", "investor", "place", "amounts", "stage", "stage_date", "outputs", "evidence", "span"]
    assert project["name"] == "乾朔电子连接器项目"
    assert project["amounts"] == [{"kind": "total", "value": "120000", "unit": "万元", "currency": "CNY"}]
    assert (project["stage"], project["stage_date"]) == ("started", "2023-11")
    assert project["outputs"] == [{"kind": "taxable_sales", "value": "180000", "unit": "万元"},
                                  {"kind": "tax", "value": "6000", "unit": "万元"}]
    assert project["place"] == {"text": "东台经济开发区", "province": "江苏省", "city": "盐城市", "district": "东台市"}
    target = result["targets"][0]
    assert list(target) == ["subject", "period", "event", "comparator", "count", "threshold", "evidence"]
    assert target["period"] == ["2024-01-01", "2024-12-31"]
    assert (target["event"], target["comparator"], target["count"]) == ("signed", ">=", 20)
    assert target["threshold"] == {"value": "10000", "unit": "万元", "currency": "CNY"}
    json.dumps(result)  # serialisable as it is


def test_the_span_points_at_the_evidence_in_the_original_text():
    result = extract(TRADITIONAL, date="2024-01-10")
    start, end = result["projects"][0]["span"]
    assert TRADITIONAL[start:end].startswith("乾朔電子連接器項目總投資12億元")


def test_spun_and_traditional_variants_give_the_same_records():
    clean = records(extract(CLEAN, date="2024-01-10"))
    assert clean["projects"] and len(clean["targets"]) == 3
    assert records(extract(SPUN, date="2024-01-10")) == clean
    assert records(extract(TRADITIONAL, date="2024-01-10")) == clean


def test_the_devset_variants_agree_too():
    results = [records(extract((DOCS / f"variant_{kind}_dongtai.txt").read_text(encoding="utf-8"), date="2024-01-10"))
               for kind in ("clean", "spun", "traditional")]
    assert results[0] == results[1] == results[2]


def test_a_company_size_is_not_a_project_investment():
    text = ("6月12日,开发区与年产值360亿元的上市公司华通智能装备集团签订合作协议,华通智能装备集团将在区内投资建设华通机器人核心部件"
            "生产基地项目,项目总投资25亿元。华通智能装备集团去年实现销售额128亿元。注册资本5000万元的锐博精密科技有限公司同日签约。")
    result = extract(text, date="2024-06-12")
    assert len(result["projects"]) == 1
    project = result["projects"][0]
    assert project["name"] == "华通机器人核心部件生产基地项目"
    assert project["investor"] == "华通智能装备集团"
    assert [a["value"] for a in project["amounts"]] == ["250000"]
    assert project["outputs"] == []
    values = json.dumps(result, ensure_ascii=False)
    assert "3600000" not in values and "1280000" not in values


def test_a_class_of_projects_is_a_target_threshold_not_a_project():
    result = extract("全年新签约亿元以上项目不少于45个,其中10亿元以上项目不少于8个。", date="2024-02-20")
    assert result["projects"] == []
    assert [(t["count"], t["threshold"]["value"]) for t in result["targets"]] == [(45, "10000"), (8, "100000")]


def test_statistics_read_counts_totals_and_fdi():
    text = "一季度,海门经济技术开发区新签约项目42个,总投资358.52亿元;实际利用外资2.14亿美元,同比增长59%。"
    stats = extract(text, date="2024-04-10")["statistics"]
    assert [(s["event"], s["count"], s["amount"] and s["amount"]["value"], s["period"]) for s in stats] == [
        ("signed", 42, "3585200", ["2024-01-01", "2024-03-31"]),
        ("fdi_utilised", None, "21400", ["2024-01-01", "2024-03-31"]),
    ]
    assert stats[0]["subject"] == "海门经济技术开发区"


def test_a_text_with_nothing_to_extract_gives_empty_lists():
    text = "加强疫情防控。全面落实疫情防控常态化工作要求,确保村居、企业疫情防控工作全覆盖。完善市政基础设施,加快道路建设。"
    result = extract(text, date="2021-03-01")
    assert (result["projects"], result["statistics"], result["targets"]) == ([], [], [])
    assert extract("")["projects"] == []


def test_the_same_input_gives_the_same_output():
    text = (DOCS / "seed001_traditional_tinghu.txt").read_text(encoding="utf-8")
    first = json.dumps(extract(text, date="2023-08-28"), ensure_ascii=False)
    assert json.dumps(extract(text, date="2023-08-28"), ensure_ascii=False) == first
