"""What a user sees and does on the enterprise pages."""

from django.urls import reverse

from zhaoshang.enterprises.models import Enterprise
from zhaoshang.testing.factories import EnterpriseFactory


def _form(enterprise, **changes):
    data = {"version": enterprise.version, "name": enterprise.name, "credit_code": enterprise.credit_code,
            "location": enterprise.location, "country": enterprise.country}
    data.update(changes)
    return data


def test_two_people_changing_tags_at_once_the_second_is_refused(client, officer, colleague, zone):
    enterprise = EnterpriseFactory(zone=zone, name="江苏氢翻新能源科技有限公司")
    url = reverse("enterprises:edit", args=[enterprise.pk])
    client.force_login(officer)
    client.post(url, _form(enterprise, has_high_tech="on", year_high_tech="2023"))
    client.force_login(colleague)
    page = client.post(url, _form(enterprise, has_listed="on", year_listed="2024")).content.decode()
    assert "其他人已修改" in page and "企业标签" in page and "陈佳伟" in page
    assert list(enterprise.tags.values_list("kind", flat=True)) == ["high_tech"]


def test_a_contact_added_meanwhile_fails_an_edit_started_before_it(client, officer, colleague, zone):
    enterprise = EnterpriseFactory(zone=zone)
    client.force_login(officer)
    client.post(reverse("enterprises:contact_add", args=[enterprise.pk]),
                {"name": "何毅", "role": "项目负责人", "phone": "13800000000"})
    client.force_login(colleague)
    page = client.post(reverse("enterprises:edit", args=[enterprise.pk]),
                       _form(enterprise, address="启东市世纪大道1号")).content.decode()
    assert "其他人已修改" in page and "新增联系人" in page
    assert Enterprise.objects.get(pk=enterprise.pk).address == ""


def test_a_wrong_credit_code_is_refused_with_the_reason(client, officer):
    client.force_login(officer)
    page = client.post(reverse("enterprises:create"), {
        "name": "乾朔电子科技有限公司", "credit_code": "91320681MA1MX3G65P", "location": "in_zone",
        "country": "中国"}).content.decode()
    assert "校验位不符" in page and "应为“F”" in page
    assert not Enterprise.objects.exists()


def test_an_enterprise_is_found_by_name_or_code(client, officer, zone):
    tianhe = EnterpriseFactory(zone=zone, name="天合光能股份有限公司")
    EnterpriseFactory(zone=zone, name="上海神众智能科技有限公司")
    client.force_login(officer)
    page = client.get(reverse("enterprises:list"), {"q": "天合"}).content.decode()
    assert "天合光能股份有限公司" in page and "上海神众智能科技有限公司" not in page
    page = client.get(reverse("enterprises:list"), {"q": tianhe.credit_code.lower()}).content.decode()
    assert "天合光能股份有限公司" in page and "上海神众智能科技有限公司" not in page


def test_a_tag_year_after_this_year_is_refused_on_the_web_as_in_an_import(client, officer, zone):
    enterprise = EnterpriseFactory(zone=zone)
    client.force_login(officer)
    page = client.post(reverse("enterprises:edit", args=[enterprise.pk]),
                       _form(enterprise, has_specialised="on", year_specialised="2099")).content.decode()
    assert "晚于今年" in page
    assert not enterprise.tags.exists()


def test_the_region_is_picked_province_city_district_and_the_form_stays_light(client, officer):
    from zhaoshang.geo.models import Division

    client.force_login(officer)
    page = client.get(reverse("enterprises:create"))
    assert len(page.content) < 60_000  # not the 3,429 divisions at once
    jiangsu, nantong, qidong = (Division.objects.get(code=code) for code in ("320000", "320600", "320681"))
    cities = client.get(reverse("geo:children"), {"parent": jiangsu.pk}).json()["divisions"]
    assert {"id": nantong.pk, "code": "320600", "name": "南通市"} in cities
    client.post(reverse("enterprises:create"), {
        "name": "乾朔电子科技有限公司", "location": "in_zone", "country": "中国",
        "division_province": jiangsu.pk, "division_city": nantong.pk, "division_district": qidong.pk})
    assert Enterprise.objects.get(name="乾朔电子科技有限公司").division == qidong
    edit = client.get(reverse("enterprises:edit", args=[Enterprise.objects.get().pk])).content.decode()
    assert f'<option value="{qidong.pk}" selected>启东市</option>' in edit
