"""Matching an extracted project to the zone's projects and enterprises: the right one first, and why."""

from decimal import Decimal

import pytest

from zhaoshang.intelligence.matching import (
    MIN_SCORE,
    Wanted,
    ZoneIndex,
    company_core,
    project_core,
    similarity,
)
from zhaoshang.testing.factories import EnterpriseFactory, ProjectFactory


def test_names_are_compared_by_their_core():
    assert company_core("江苏神众新能源科技有限公司") == "神众新能源"
    assert company_core("宁德华储科技股份有限公司") == "宁德华储"
    assert company_core("日本丰和精机株式会社") == "日本丰和精机株式会社"
    assert project_core("沃太新能源二期项目") == "沃太新能源"
    assert project_core("乾朔电子连接器项目(一期)") == "乾朔电子连接器"
    assert project_core("项目") == "项目"


def test_a_short_name_inside_a_long_one_is_similar_but_below_the_same_name():
    inside = similarity("乾朔电子连接器", "乾朔电子连接器生产基地")
    assert 85 <= inside < similarity("乾朔电子连接器", "乾朔电子连接器") == 100
    assert similarity("光来精细电子零部件", "乾朔电子连接器") < MIN_SCORE
    assert similarity("", "乾朔") == 0


@pytest.fixture
def library(zone):
    qianshuo = EnterpriseFactory(zone=zone, name="江苏乾朔电子科技有限公司")
    tengan = EnterpriseFactory(zone=zone, name="腾安智能装备有限公司")
    projects = {
        "connector": ProjectFactory(zone=zone, name="乾朔电子连接器生产项目", investor=qianshuo,
                                    total_investment=Decimal("50000")),
        "phase_two": ProjectFactory(zone=zone, name="乾朔电子连接器二期项目", investor=qianshuo,
                                    total_investment=Decimal("200000")),
        "park": ProjectFactory(zone=zone, name="智能装备产业园项目", total_investment=Decimal("30000")),
        "tengan": ProjectFactory(zone=zone, name="腾安高端装备项目", investor=tengan,
                                 total_investment=Decimal("30000")),
        "other": ProjectFactory(zone=zone, name="光来精细电子零部件项目"),
    }
    return {"qianshuo": qianshuo, "tengan_co": tengan, **projects}


def test_the_project_with_the_same_name_and_amount_ranks_first(library, zone):
    matches = ZoneIndex(zone.pk).match(Wanted("乾朔电子连接器项目", amount=Decimal("50000"), currency="CNY"))

    assert [c.pk for c in matches.projects[:2]] == [library["connector"].pk, library["phase_two"].pk]
    best = matches.project
    assert best.score > matches.projects[1].score
    assert "总投资相近: 文中5亿元, 项目库5亿元" in best.reasons
    assert "项目名称含投资方简称“乾朔电子”" in best.reasons
    assert library["other"].pk not in [c.pk for c in matches.projects]


def test_the_same_investor_outweighs_a_closer_name(library, zone):
    matches = ZoneIndex(zone.pk).match(Wanted("智能装备项目", investor="腾安智能装备有限公司"))
    assert matches.project.pk == library["tengan"].pk
    assert "投资方相同: 腾安智能装备有限公司" in matches.project.reasons


def test_the_investor_is_found_in_the_enterprise_library(library, zone):
    by_name = ZoneIndex(zone.pk).match(Wanted("乾朔电子连接器项目"))
    assert by_name.enterprise.pk == library["qianshuo"].pk
    assert by_name.enterprise.reasons == ("项目名称含企业简称“乾朔电子”",)
    by_investor = ZoneIndex(zone.pk).match(Wanted("某项目", investor="腾安智能装备有限公司"))
    assert by_investor.enterprise.pk == library["tengan_co"].pk and by_investor.enterprise.score == 100


def test_nothing_similar_is_no_match(library, zone):
    matches = ZoneIndex(zone.pk).match(Wanted("景创锂钠动力储能项目", investor="景创新能源有限公司"))
    assert matches.project is None and matches.enterprise is None and matches.best is None


def test_another_zones_projects_are_never_candidates(zone, other_zone):
    ProjectFactory(zone=other_zone, name="乾朔电子连接器项目")
    assert ZoneIndex(zone.pk).match(Wanted("乾朔电子连接器项目")).projects == []
