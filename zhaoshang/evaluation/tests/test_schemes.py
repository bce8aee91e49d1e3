"""Evaluation schemes: a zone administrator copies a preset, edits it on one page, deletes it; everyone who
sees the zone can read (and print) the scheme in words."""

from html.parser import HTMLParser

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zhaoshang.core.forms import MSG_FIX_BELOW
from zhaoshang.evaluation import schemes
from zhaoshang.evaluation.engine.presets import PRESETS
from zhaoshang.evaluation.engine.scheme import SchemeSpec
from zhaoshang.evaluation.models import EvaluationRun, RunStatus, Scheme


# ------------------------------------------------------------------------------------------- helpers


class _FormFields(HTMLParser):
    """What a browser would post for the page's form#scheme-form (rows inside <template> are not sent)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._in_form = self._in_template = False
        self._select = self._select_first = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "scheme-form":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "template":
            self._in_template = True
        if self._in_template:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") == "checkbox":
                if "checked" in attrs:
                    self.data[name] = attrs.get("value") or "on"
            else:
                self.data[name] = attrs.get("value") or ""
        elif tag == "select":
            self._select, self._select_first = name, None
        elif tag == "option" and self._select:
            if self._select_first is None:
                self._select_first = attrs.get("value", "")
                self.data.setdefault(self._select, self._select_first)
            if "selected" in attrs:
                self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "template":
            self._in_template = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea and not self._in_template:
            self.data[self._textarea] += data.lstrip("\n") if not self.data[self._textarea] else data


def edit_page_data(client, scheme) -> dict[str, str]:
    response = client.get(reverse("evaluation:scheme_edit", args=[scheme.pk]))
    assert response.status_code == 200
    parser = _FormFields()
    parser.feed(response.content.decode())
    return parser.data


def row_of(data: dict, section: str, **match) -> int:
    """The index of the row of `section` whose fields have the given values."""
    total = int(data[f"{section}-TOTAL_FORMS"])
    for index in range(total):
        if all(data.get(f"{section}-{index}-{name}") == value for name, value in match.items()):
            return index
    raise AssertionError(f"no {section} row with {match}")


def weights(scheme: Scheme, group: str = "above") -> dict[str, float]:
    return {item["key"]: item["weight"] for item in scheme.spec["indicators"] if item["group"] == group}


@pytest.fixture
def huangyan(zone, zone_admin):
    return schemes.scheme_create(zone=zone, by=zone_admin, preset="huangyan-2022")


@pytest.fixture
def admin_client(client, zone_admin):
    client.force_login(zone_admin)
    return client


# ------------------------------------------------------------------------------------------ creating


@pytest.mark.parametrize("preset", list(PRESETS))
def test_the_zone_admin_creates_a_scheme_from_each_preset(admin_client, zone, preset):
    response = admin_client.post(reverse("evaluation:scheme_create"), {"preset": preset, "name": ""})

    scheme = Scheme.objects.get(zone=zone)
    assert response.status_code == 302 and response["Location"] == reverse("evaluation:scheme_edit", args=[scheme.pk])
    assert scheme.name == PRESETS[preset].name and scheme.preset == preset and scheme.version == 1
    # The copy is the preset itself: the engine reads back exactly the published settings.
    assert SchemeSpec.from_dict(scheme.spec) == PRESETS[preset]


def test_a_second_copy_of_a_preset_gets_a_numbered_name_and_a_chosen_name_must_be_free(zone, zone_admin):
    first = schemes.scheme_create(zone=zone, by=zone_admin, preset="huaian-2024")
    second = schemes.scheme_create(zone=zone, by=zone_admin, preset="huaian-2024")
    assert (first.name, second.name) == ("淮安 2024(江苏)", "淮安 2024(江苏)-2")
    assert second.spec["name"] == second.name

    with pytest.raises(ValidationError) as refused:
        schemes.scheme_create(zone=zone, by=zone_admin, preset="jingde-minmax", name="淮安 2024(江苏)")
    assert refused.value.message_dict == {"name": [schemes.MSG_NAME_TAKEN]}


def test_the_list_offers_the_three_presets_to_the_admin_only(client, zone_admin, officer, huangyan):
    client.force_login(zone_admin)
    page = client.get(reverse("evaluation:schemes")).content.decode()
    assert huangyan.name in page and page.count("以此新建") == 3
    assert "淮安 2024(江苏)" in page and "旌德式极值法(安徽)" in page and "20/40/35/5%" in page

    client.force_login(officer)
    page = client.get(reverse("evaluation:schemes")).content.decode()
    assert huangyan.name in page and "以此新建" not in page and "只有园区管理员" in page


# ------------------------------------------------------------------------------------------- reading


def test_the_scheme_page_explains_huangyan_with_its_published_numbers(admin_client, huangyan):
    page = admin_client.get(huangyan.get_absolute_url()).content.decode()

    # 黄岩 2022 规上 benchmarks and weights, 规下 benchmarks.
    for number in ("24.097 万元/亩", "136.16 万元/亩", "2.694 万元/吨标煤", "4929.81 万元/吨", "18.14 万元/人·年",
                   "3.02%", "11.5932 万元/亩", "0.2352 元/千瓦时"):
        assert number in page, number
    assert "规下企业用地面积 3 亩及以上的参评" in page
    assert "投产不满 2 年的企业" in page
    assert "得本组该指标平均分" in page  # emissions missing → the indicator's average (黄岩)
    assert "排名前 20%" in page and "排名最后 5%" in page
    # 海宁 2025 draft surcharge, highest tier only.
    assert "+0.3 元/千瓦时" in page and "连续 3 年起" in page and "+0.4 元/千瓦时" in page


def test_the_scheme_page_explains_caps_k_benchmarks_and_the_minmax_method(zone, zone_admin, admin_client):
    huaian = schemes.scheme_create(zone=zone, by=zone_admin, preset="huaian-2024")
    page = admin_client.get(huaian.get_absolute_url()).content.decode()
    assert "上年全区平均值 × 2" in page and "权重的 2 倍, 最多 90 分" in page  # 淮安: 45 × 2
    assert "加分合计最多 5 分" in page and "安全环保处罚" in page and "-5" in page
    assert "承租企业不单独评分" in page

    jingde = schemes.scheme_create(zone=zone, by=zone_admin, preset="jingde-minmax")
    page = admin_client.get(jingde.get_absolute_url()).content.decode()
    # 旌德: weight 45 × (20 + 80 × position) ÷ 100 runs from 9 to 45.
    assert "即 9 至 45 分" in page and "排名前 25%" in page and "用地面积 5 亩及以上" in page


# ------------------------------------------------------------------------------------------- editing


def test_the_edit_page_shows_the_settings_with_their_explanations(admin_client, huangyan):
    page = admin_client.get(reverse("evaluation:scheme_edit", args=[huangyan.pk])).content.decode()
    assert 'value="24.097"' in page and 'value="黄岩 2022(浙江)"' in page
    assert "上年全区平均值 × k: 用上年全区参评企业的合计数计算" in page
    assert "一并归入较低的一类" in page
    assert "evaluation/scheme_form.js" in page and "<script>" not in page.split("</main>")[0]


@pytest.mark.parametrize("preset", list(PRESETS))
def test_saving_the_form_unchanged_changes_nothing(admin_client, zone, zone_admin, preset):
    scheme = schemes.scheme_create(zone=zone, by=zone_admin, preset=preset)

    response = admin_client.post(reverse("evaluation:scheme_edit", args=[scheme.pk]),
                                 edit_page_data(admin_client, scheme))

    assert response.status_code == 302
    scheme.refresh_from_db()
    # The form shows every setting of the preset and reads each back as it was.
    assert scheme.version == 1 and SchemeSpec.from_dict(scheme.spec) == PRESETS[preset]


def test_a_scheme_for_above_scale_enterprises_only(admin_client, huangyan):
    data = edit_page_data(admin_client, huangyan)
    del data["include_below_scale"]  # the box unticked

    assert admin_client.post(reverse("evaluation:scheme_edit", args=[huangyan.pk]), data).status_code == 302

    huangyan.refresh_from_db()
    assert huangyan.spec["include_below_scale"] is False
    page = admin_client.get(huangyan.get_absolute_url()).content.decode()
    assert "只评价规上企业" in page and "还设有 2 项规下企业指标, 但本方案不评价规下企业" in page
    assert "11.5932" not in page


def test_changed_weights_are_saved_and_the_version_moves_on(admin_client, huangyan):
    data = edit_page_data(admin_client, huangyan)
    tax = row_of(data, "indicators", key="tax_per_mu", group="above")
    value_added = row_of(data, "indicators", key="value_added_per_mu", group="above")
    data[f"indicators-{tax}-weight"] = "35"
    data[f"indicators-{value_added}-weight"] = "15"
    data["name"] = "启东 2024 亩均评价"

    response = admin_client.post(reverse("evaluation:scheme_edit", args=[huangyan.pk]), data)

    assert response.status_code == 302
    huangyan.refresh_from_db()
    assert weights(huangyan)["tax_per_mu"] == 35 and weights(huangyan)["value_added_per_mu"] == 15
    assert huangyan.version == 2
    assert huangyan.name == huangyan.spec["name"] == "启东 2024 亩均评价"
    # Nothing else moved: the benchmarks are still 黄岩's.
    assert {i["key"]: i["value"] for i in huangyan.spec["indicators"] if i["group"] == "above"}["tax_per_mu"] == 24.097


def test_shares_not_adding_up_to_100_are_shown_on_the_form_and_nothing_is_saved(admin_client, huangyan):
    data = edit_page_data(admin_client, huangyan)
    data["share_d"] = "10"  # 20 + 40 + 35 + 10 = 105

    response = admin_client.post(reverse("evaluation:scheme_edit", args=[huangyan.pk]), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "A、B、C、D 四类比例之和应为100%, 现为105%。" in page and MSG_FIX_BELOW in page
    settings = response.context["editor"].settings
    assert all(settings.errors[name] for name in ("share_a", "share_b", "share_c", "share_d"))
    assert page.count("现为105%") == 1  # one message for the four boxes
    huangyan.refresh_from_db()
    assert huangyan.version == 1 and huangyan.spec["shares"] == [20.0, 40.0, 35.0, 5.0]


def test_an_error_of_a_row_lands_on_that_rows_field_even_after_a_deleted_row(admin_client, huangyan):
    data = edit_page_data(admin_client, huangyan)
    removed = row_of(data, "indicators", key="tax_per_mu", group="above")
    bad = row_of(data, "indicators", key="labour_productivity", group="above")
    data[f"indicators-{removed}-DELETE"] = "on"
    data[f"indicators-{bad}-weight"] = "0"

    response = admin_client.post(reverse("evaluation:scheme_edit", args=[huangyan.pk]), data)

    rows = response.context["editor"].formsets["indicators"].forms
    assert rows[bad].errors == {"weight": ["全员劳动生产率: 权重必须大于0。"]}
    assert not any(form.errors for index, form in enumerate(rows) if index != bad)
    huangyan.refresh_from_db()
    assert huangyan.version == 1


def test_a_group_without_indicators_is_reported_above_its_table(admin_client, huangyan):
    data = edit_page_data(admin_client, huangyan)
    for key in ("tax_per_mu", "tax_per_kwh"):
        data[f"indicators-{row_of(data, 'indicators', key=key, group='below')}-DELETE"] = "on"

    response = admin_client.post(reverse("evaluation:scheme_edit", args=[huangyan.pk]), data)

    assert response.context["editor"].formsets["indicators"].non_form_errors() == ["规下企业至少需要一个评价指标。"]


def test_a_stale_version_is_refused_with_what_the_other_person_changed(admin_client, zone_admin, huangyan):
    data = edit_page_data(admin_client, huangyan)
    # Meanwhile a colleague saves: D share 5 → 10, C 35 → 30.
    schemes.scheme_update(scheme=huangyan, by=zone_admin, expected_version=1,
                          spec={**huangyan.spec, "shares": [20, 40, 30, 10]})
    data[f"indicators-{row_of(data, 'indicators', key='tax_per_mu', group='above')}-weight"] = "40"

    response = admin_client.post(reverse("evaluation:scheme_edit", args=[huangyan.pk]), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "其他人已修改了这条记录" in page and "分类比例(%)" in page and "20/40/30/10" in page
    huangyan.refresh_from_db()
    assert huangyan.version == 2 and weights(huangyan)["tax_per_mu"] == 30 and huangyan.spec["shares"][3] == 10


def test_rows_are_added_and_removed(admin_client, huangyan):
    data = edit_page_data(admin_client, huangyan)
    removed = row_of(data, "indicators", key="labour_productivity", group="above")
    data[f"indicators-{removed}-DELETE"] = "on"
    new = int(data["indicators-TOTAL_FORMS"])  # what the page's 添加一行 does: a row numbered after the last
    data["indicators-TOTAL_FORMS"] = str(new + 1)
    data.update({f"indicators-{new}-{name}": value for name, value in {
        "group": "above", "key": "sales_per_mu", "weight": "10", "benchmark": "prev_median", "value": "",
        "factor": "1.5", "cap": "2", "missing": "zero"}.items()})

    response = admin_client.post(reverse("evaluation:scheme_edit", args=[huangyan.pk]), data)

    assert response.status_code == 302
    huangyan.refresh_from_db()
    above = {item["key"]: item for item in huangyan.spec["indicators"] if item["group"] == "above"}
    assert "labour_productivity" not in above
    assert above["sales_per_mu"] == {"key": "sales_per_mu", "group": "above", "weight": 10.0,
                                     "benchmark": "prev_median", "value": None, "factor": 1.5, "cap": 2.0,
                                     "missing": "zero"}
    assert len(huangyan.spec["indicators"]) == 8


def test_an_untouched_new_row_is_left_out(admin_client, huangyan):
    data = edit_page_data(admin_client, huangyan)
    new = int(data["policies-TOTAL_FORMS"])
    data["policies-TOTAL_FORMS"] = str(new + 1)
    # The blank row as the template renders it: defaults only.
    data.update({f"policies-{new}-name": "", f"policies-{new}-klass": "D", f"policies-{new}-min_years": "1",
                 f"policies-{new}-basis": "none", f"policies-{new}-rate": "", f"policies-{new}-note": ""})

    response = admin_client.post(reverse("evaluation:scheme_edit", args=[huangyan.pk]), data)

    assert response.status_code == 302
    huangyan.refresh_from_db()
    assert len(huangyan.spec["policies"]) == 2 and huangyan.version == 1  # nothing changed at all


def test_without_js_the_add_button_posts_back_one_more_blank_row_and_saves_nothing(admin_client, huangyan):
    data = edit_page_data(admin_client, huangyan)
    data[f"indicators-{row_of(data, 'indicators', key='tax_per_mu', group='above')}-weight"] = "40"
    data["add"] = "forced"

    response = admin_client.post(reverse("evaluation:scheme_edit", args=[huangyan.pk]), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="forced-0-floor"' in page and 'name="forced-1-floor"' not in page
    assert 'value="40"' in page  # what was typed is kept
    huangyan.refresh_from_db()
    assert huangyan.version == 1


def test_a_forced_d_rule_and_a_bonus_are_added(admin_client, huangyan):
    data = edit_page_data(admin_client, huangyan)
    data.update({"forced-TOTAL_FORMS": "1", "forced-0-group": "above", "forced-0-key": "tax_per_mu",
                 "forced-0-floor": "1",
                 "bonuses-TOTAL_FORMS": "1", "bonuses-0-label": "专精特新企业", "bonuses-0-tag": "专精特新",
                 "bonuses-0-points": "2", "bonus_cap": "3"})

    assert admin_client.post(reverse("evaluation:scheme_edit", args=[huangyan.pk]), data).status_code == 302

    huangyan.refresh_from_db()
    assert huangyan.spec["forced"] == [{"key": "tax_per_mu", "group": "above", "floor": 1.0}]
    assert huangyan.spec["bonuses"] == [{"label": "专精特新企业", "tag": "专精特新", "points": 2.0}]
    page = admin_client.get(huangyan.get_absolute_url()).content.decode()
    assert "规上企业亩均税收低于 1 万元/亩" in page and "加分合计最多 3 分" in page


def test_switching_to_thresholds_checks_their_order(admin_client, huangyan):
    data = edit_page_data(admin_client, huangyan)
    data.update({"class_method": "thresholds", "threshold_a": "60", "threshold_b": "70", "threshold_c": "50"})

    response = admin_client.post(reverse("evaluation:scheme_edit", args=[huangyan.pk]), data)
    assert "分数线应满足 A &gt; B &gt; C。" in response.content.decode()

    data.update({"threshold_a": "90", "threshold_b": "70", "threshold_c": "50"})
    assert admin_client.post(reverse("evaluation:scheme_edit", args=[huangyan.pk]), data).status_code == 302
    huangyan.refresh_from_db()
    assert huangyan.spec["class_method"] == "thresholds" and huangyan.spec["thresholds"] == [90.0, 70.0, 50.0]
    assert huangyan.spec["shares"] == [20.0, 40.0, 35.0, 5.0]  # kept for switching back
    assert "70 ≤ 总分 &lt; 90" in admin_client.get(huangyan.get_absolute_url()).content.decode()


def test_the_service_reports_bad_settings_by_path(zone_admin, huangyan):
    spec = {**huangyan.spec, "shares": [20, 40, 35, 10],
            "indicators": [{**item, "weight": 0} if index == 2 else item
                           for index, item in enumerate(huangyan.spec["indicators"])]}
    with pytest.raises(ValidationError) as refused:
        schemes.scheme_update(scheme=huangyan, by=zone_admin, spec=spec, expected_version=1)
    assert refused.value.message_dict == {
        "shares": ["A、B、C、D 四类比例之和应为100%, 现为105%。"],
        "indicators.2.weight": ["单位能耗增加值: 权重必须大于0。"],
    }


# --------------------------------------------------------------------------------------- permissions


@pytest.mark.parametrize("persona", ["officer", "zone_leader"])
def test_zone_readers_read_schemes_but_cannot_change_them(client, request, persona, huangyan):
    client.force_login(request.getfixturevalue(persona))

    page = client.get(huangyan.get_absolute_url())
    assert page.status_code == 200 and "24.097" in page.content.decode() and "修改设置" not in page.content.decode()
    assert client.get(reverse("evaluation:scheme_edit", args=[huangyan.pk])).status_code == 403
    assert client.post(reverse("evaluation:scheme_edit", args=[huangyan.pk]), {}).status_code == 403
    assert client.post(reverse("evaluation:scheme_delete", args=[huangyan.pk])).status_code == 403
    assert client.post(reverse("evaluation:scheme_create"), {"preset": "huaian-2024"}).status_code == 403
    assert Scheme.objects.count() == 1


def test_the_services_refuse_anyone_but_the_zone_admin(zone, officer, huangyan):
    with pytest.raises(PermissionDenied):
        schemes.scheme_create(zone=zone, by=officer, preset="huaian-2024")
    with pytest.raises(PermissionDenied):
        schemes.scheme_update(scheme=huangyan, by=officer, spec=huangyan.spec, expected_version=1)
    with pytest.raises(PermissionDenied):
        schemes.scheme_delete(scheme=huangyan, by=officer)


def test_an_outsider_does_not_find_the_zones_schemes(client, outsider, huangyan):
    client.force_login(outsider)
    assert client.get(huangyan.get_absolute_url()).status_code == 404
    assert client.get(reverse("evaluation:scheme_edit", args=[huangyan.pk])).status_code == 404
    assert client.post(reverse("evaluation:scheme_delete", args=[huangyan.pk])).status_code == 404
    assert huangyan.name not in client.get(reverse("evaluation:schemes")).content.decode()


def test_a_city_viewer_reads_the_schemes_of_the_citys_zones(client, city_viewer, zone, huangyan):
    client.force_login(city_viewer)
    listing = client.get(reverse("evaluation:schemes") + f"?zone={zone.pk}").content.decode()
    assert huangyan.name in listing and "以此新建" not in listing
    assert "11.5932" in client.get(huangyan.get_absolute_url()).content.decode()
    assert client.get(reverse("evaluation:scheme_edit", args=[huangyan.pk])).status_code == 403


# ------------------------------------------------------------------------------------------ deleting


def test_deleting_a_scheme_keeps_the_runs_made_with_it(admin_client, zone, huangyan):
    run = EvaluationRun.objects.create(zone=zone, year=2024, scheme=huangyan, scheme_name=huangyan.name,
                                       spec=huangyan.spec, status=RunStatus.PUBLISHED)

    confirm = admin_client.get(reverse("evaluation:scheme_delete", args=[huangyan.pk])).content.decode()
    assert "已有 1 个评价批次使用过此方案" in confirm and "仍然保留" in confirm

    response = admin_client.post(reverse("evaluation:scheme_delete", args=[huangyan.pk]))

    assert response.status_code == 302 and not Scheme.objects.exists()
    run.refresh_from_db()
    assert run.scheme is None and run.scheme_name == "黄岩 2022(浙江)"
    assert SchemeSpec.from_dict(run.spec) == SchemeSpec.from_dict({**PRESETS["huangyan-2022"].to_dict()})
