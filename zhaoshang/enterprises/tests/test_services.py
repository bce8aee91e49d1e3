"""The enterprise library: one per zone, codes checked and unique within it, tags and contacts logged."""

import pytest
from django.core.exceptions import ValidationError

from zhaoshang.changelog.models import ChangeAction
from zhaoshang.changelog.selectors import history_of
from zhaoshang.core.services import ConcurrentEditError
from zhaoshang.enterprises.choices import EnterpriseTagKind
from zhaoshang.enterprises.models import MSG_DUPLICATE_CODE, Enterprise
from zhaoshang.enterprises.services import (
    contact_add, contact_remove, enterprise_create, enterprise_set_tags, enterprise_update,
)

HUAWEI = "914403001922038216"
XIAOMI = "91110108551385082Q"


def test_a_code_typed_in_lower_case_or_full_width_is_stored_normalised(zone, officer):
    enterprise = enterprise_create(zone=zone, by=officer, name="小米科技有限责任公司",
                                   credit_code="９１１１０１０８ ５５１３８５０８２ｑ")

    assert Enterprise.objects.get(pk=enterprise.pk).credit_code == XIAOMI


def test_a_code_with_a_wrong_check_character_is_refused(zone, officer):
    with pytest.raises(ValidationError) as error:
        enterprise_create(zone=zone, by=officer, name="华为技术有限公司", credit_code="914403001922038217")

    assert "应为“6”" in " ".join(error.value.message_dict["credit_code"])
    assert not Enterprise.objects.exists()


def test_the_same_code_twice_in_one_zone_is_refused(zone, officer, colleague):
    enterprise_create(zone=zone, by=officer, name="华为技术有限公司", credit_code=HUAWEI)

    with pytest.raises(ValidationError) as error:
        enterprise_create(zone=zone, by=colleague, name="华为技术(深圳)", credit_code=" 914403001922038216 ")

    assert error.value.message_dict["credit_code"] == [MSG_DUPLICATE_CODE]
    assert list(Enterprise.objects.values_list("name", flat=True)) == ["华为技术有限公司"]


def test_each_zone_keeps_its_own_library_so_another_zone_may_register_the_same_code(zone, officer, other_zone,
                                                                                     outsider):
    ours = enterprise_create(zone=zone, by=officer, name="华为技术有限公司", credit_code=HUAWEI)

    theirs = enterprise_create(zone=other_zone, by=outsider, name="华为技术有限公司", credit_code=HUAWEI)

    assert ours.pk != theirs.pk
    assert list(Enterprise.objects.visible_to(officer)) == [ours]
    assert list(Enterprise.objects.visible_to(outsider)) == [theirs]


def test_several_enterprises_without_a_code_are_allowed(zone, officer):
    # Foreign investors have no 统一社会信用代码.
    enterprise_create(zone=zone, by=officer, name="Bosch Rexroth AG", country="德国")
    enterprise_create(zone=zone, by=officer, name="Daikin Industries", country="日本", credit_code="")

    assert Enterprise.objects.filter(zone=zone, credit_code="").count() == 2


def test_changing_a_code_to_one_already_in_the_zone_is_refused(zone, officer):
    enterprise_create(zone=zone, by=officer, name="华为技术有限公司", credit_code=HUAWEI)
    xiaomi = enterprise_create(zone=zone, by=officer, name="小米科技有限责任公司", credit_code=XIAOMI)

    with pytest.raises(ValidationError) as error:
        enterprise_update(enterprise=xiaomi, by=officer, expected_version=1, credit_code=HUAWEI.lower())

    assert error.value.message_dict["credit_code"] == [MSG_DUPLICATE_CODE]
    assert Enterprise.objects.get(pk=xiaomi.pk).credit_code == XIAOMI


def test_an_edit_is_logged_field_by_field(zone, officer, colleague):
    enterprise = enterprise_create(zone=zone, by=officer, name="小米科技有限责任公司", credit_code=XIAOMI)

    enterprise_update(enterprise=enterprise, by=colleague, expected_version=1, address="北京市海淀区安宁庄路")

    records = list(history_of(enterprise).order_by("id"))
    assert [(r.action, r.actor, r.field_label, r.new_value) for r in records] == [
        (ChangeAction.CREATE, officer, "", ""),
        (ChangeAction.UPDATE, colleague, "地址", "北京市海淀区安宁庄路"),
    ]
    assert Enterprise.objects.get(pk=enterprise.pk).version == 2


def test_saving_an_enterprise_without_changes_keeps_the_version(zone, officer):
    enterprise = enterprise_create(zone=zone, by=officer, name="小米科技有限责任公司", credit_code=XIAOMI)

    enterprise_update(enterprise=enterprise, by=officer, expected_version=1, name="小米科技有限责任公司",
                      credit_code="91110108551385082q", address="")

    assert Enterprise.objects.get(pk=enterprise.pk).version == 1
    assert not history_of(enterprise).filter(action=ChangeAction.UPDATE).exists()


def test_the_second_of_two_concurrent_enterprise_edits_is_refused(zone, officer, colleague):
    enterprise = enterprise_create(zone=zone, by=officer, name="小米科技有限责任公司", credit_code=XIAOMI)
    stale = Enterprise.objects.get(pk=enterprise.pk)
    enterprise_update(enterprise=enterprise, by=officer, expected_version=1, legal_representative="雷军")

    with pytest.raises(ConcurrentEditError, match="陈佳伟.*“法定代表人”由“空”改为“雷军”"):
        enterprise_update(enterprise=stale, by=colleague, expected_version=1, legal_representative="林斌")

    assert Enterprise.objects.get(pk=enterprise.pk).legal_representative == "雷军"


def test_an_enterprise_cannot_be_moved_to_another_zone_by_an_edit(zone, officer, other_zone):
    enterprise = enterprise_create(zone=zone, by=officer, name="小米科技有限责任公司", credit_code=XIAOMI)

    with pytest.raises(TypeError, match="zone"):
        enterprise_update(enterprise=enterprise, by=officer, expected_version=1, zone=other_zone)

    assert Enterprise.objects.get(pk=enterprise.pk).zone == zone


# ---- tags and contacts ------------------------------------------------------------------------------------

def test_tags_with_their_years_are_replaced_and_logged(zone, officer, colleague):
    enterprise = enterprise_create(zone=zone, by=officer, name="江苏神众新能源有限公司",
                                   tags=[(EnterpriseTagKind.HIGH_TECH, 2021), (EnterpriseTagKind.TECH_SME, 2020)])

    enterprise_set_tags(enterprise=enterprise, by=colleague, tags=[
        (EnterpriseTagKind.HIGH_TECH, 2024), (EnterpriseTagKind.SPECIALISED, 2023)])

    assert sorted(enterprise.tags.values_list("kind", "year")) == [
        (EnterpriseTagKind.HIGH_TECH, 2024), (EnterpriseTagKind.SPECIALISED, 2023)]
    # The note written at creation has no old value; this is the one the replacement wrote.
    record = history_of(enterprise).filter(field_label="企业标签").exclude(old_value="").get()
    assert record.actor == colleague
    assert (record.old_value, record.new_value) == ("高新技术企业(2021)、科技型中小企业(2020)",
                                                    "高新技术企业(2024)、专精特新(2023)")


def test_setting_the_same_tags_again_logs_nothing(zone, officer):
    enterprise = enterprise_create(zone=zone, by=officer, name="江苏神众新能源有限公司",
                                   tags=[(EnterpriseTagKind.HIGH_TECH, 2021)])

    logged = history_of(enterprise).filter(field_label="企业标签").count()  # the note of the creation
    enterprise_set_tags(enterprise=enterprise, by=officer, tags=[(EnterpriseTagKind.HIGH_TECH, 2021)])

    assert history_of(enterprise).filter(field_label="企业标签").count() == logged == 1


def test_a_tag_year_before_1980_is_refused_and_the_tags_stay_as_they_were(zone, officer):
    enterprise = enterprise_create(zone=zone, by=officer, name="江苏神众新能源有限公司",
                                   tags=[(EnterpriseTagKind.HIGH_TECH, 2021)])

    with pytest.raises(ValidationError) as error:
        enterprise_set_tags(enterprise=enterprise, by=officer, tags=[
            (EnterpriseTagKind.HIGH_TECH, 2024), (EnterpriseTagKind.LITTLE_GIANT, 1921)])

    assert "year" in error.value.message_dict
    assert list(enterprise.tags.values_list("kind", "year")) == [(EnterpriseTagKind.HIGH_TECH, 2021)]
    assert not history_of(enterprise).filter(field_label="企业标签").exclude(old_value="").exists()


def test_an_unknown_tag_is_refused_when_an_enterprise_is_created(zone, officer):
    with pytest.raises(ValidationError) as error:
        enterprise_create(zone=zone, by=officer, name="江苏神众新能源有限公司", tags=[("瞪羚企业", 2023)])

    assert "kind" in error.value.message_dict
    assert not Enterprise.objects.exists()


def test_contacts_added_and_removed_are_logged(zone, officer, colleague):
    enterprise = enterprise_create(zone=zone, by=officer, name="江苏神众新能源有限公司")

    contact = contact_add(enterprise=enterprise, by=officer, name="王建国", role="总经理", phone="0513-83321234",
                          is_primary=True)
    contact_remove(contact=contact, by=colleague)

    assert not enterprise.contacts.exists()
    notes = list(history_of(enterprise).exclude(action=ChangeAction.CREATE).order_by("id")
                 .values_list("field_label", "old_value", "new_value", "actor"))
    assert notes == [("新增联系人", "", "王建国 总经理", officer.pk), ("删除联系人", "王建国 总经理", "", colleague.pk)]


def test_a_contact_with_a_malformed_phone_is_refused(zone, officer):
    enterprise = enterprise_create(zone=zone, by=officer, name="江苏神众新能源有限公司")

    with pytest.raises(ValidationError) as error:
        contact_add(enterprise=enterprise, by=officer, name="王建国", phone="微信同号")

    assert "phone" in error.value.message_dict
    assert not enterprise.contacts.exists()
    assert not history_of(enterprise).filter(field_label="新增联系人").exists()


def test_the_tags_an_enterprise_is_created_with_are_in_its_history(zone, officer):
    from zhaoshang.changelog.selectors import history_of
    from zhaoshang.enterprises.services import enterprise_create

    enterprise = enterprise_create(zone=zone, by=officer, name="天合光能股份有限公司",
                                   tags=[("listed", 2020), ("china500", 2023)])
    notes = [record for record in history_of(enterprise) if record.field_label == "企业标签"]
    assert len(notes) == 1 and "上市(2020)" in notes[0].new_value and "中国500强(2023)" in notes[0].new_value
