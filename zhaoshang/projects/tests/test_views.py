"""What a user sees and does on the project pages."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zhaoshang.projects import services
from zhaoshang.projects.choices import Stage
from zhaoshang.projects.models import Project, StageEvent
from zhaoshang.testing.factories import EnterpriseFactory, TeamFactory


@pytest.fixture
def investor(zone):
    return EnterpriseFactory(zone=zone, name="上海神众智能科技有限公司")


@pytest.fixture
def project(zone, officer, investor):
    return services.project_create(
        zone=zone, by=officer, name="集成电路产业成套子系统研发制造项目", investor=investor, total_investment=14000,
        officer=officer, stage_dates={Stage.CONTACTED: date(2023, 12, 9)},
    )


@pytest.fixture
def foreign_project(other_zone, outsider):
    investor = EnterpriseFactory(zone=other_zone, name="景创新能源有限公司")
    return services.project_create(zone=other_zone, by=outsider, name="景创锂钠动力储能项目", investor=investor,
                                   total_investment=500000, stage_dates={Stage.STARTED: date(2023, 4, 10)})


def _form_data(project, **changes):
    data = {
        "version": project.version, "name": project.name, "investor": project.investor_id, "currency": "CNY",
        "total_investment": str(project.total_investment), "channel": "", "description": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_an_officer_creates_a_project_for_a_new_investor_from_the_form(client, officer, zone):
    client.force_login(officer)
    response = client.post(reverse("projects:create"), {
        "name": "氢能新型膜材料研发及产业化基地", "new_investor_name": "江苏氢翻新能源科技有限公司",
        "currency": "CNY", "total_investment": "20000", "is_sci_tech": "on",
        "initial_stage": "registered", "initial_date": "2023-10-18",
    })
    project = Project.objects.get(name="氢能新型膜材料研发及产业化基地")
    assert response.status_code == 302 and response.url == project.get_absolute_url()
    assert project.investor.name == "江苏氢翻新能源科技有限公司" and project.investor.zone == zone
    assert project.stage == Stage.REGISTERED and project.code.startswith("QDKFQ-2023-")
    page = client.get(project.get_absolute_url()).content.decode()
    assert "注册" in page and "2023-10-18" in page


def test_the_create_form_says_in_chinese_what_to_fix(client, officer):
    client.force_login(officer)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(reverse("projects:create"), {
        "name": "", "currency": "CNY", "total_investment": "-5", "initial_stage": "signed",
        "initial_date": tomorrow.isoformat(),
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert "必填项" in page  # name: "该字段是必填项。" (the catalogue's wording may vary, the meaning not)
    assert "请选择投资方, 或填写新投资方的名称" in page
    assert not Project.objects.exists()


def test_a_future_stage_date_is_refused_with_a_message(client, officer, investor):
    client.force_login(officer)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(reverse("projects:create"), {
        "name": "腾安智能装备项目", "investor": investor.pk, "currency": "CNY", "total_investment": "30000",
        "initial_stage": "signed", "initial_date": tomorrow.isoformat(),
    })
    assert "晚于今天" in response.content.decode()
    assert not Project.objects.exists()


def test_the_second_of_two_concurrent_edits_is_refused_and_says_what_changed(client, officer, colleague, project):
    edit_url = reverse("projects:edit", args=[project.pk])
    client.force_login(officer)
    client.post(edit_url, _form_data(project, total_investment="15000"))
    client.force_login(colleague)
    response = client.post(edit_url, _form_data(project, name="被覆盖的名称"))  # still version 1
    page = response.content.decode()
    assert response.status_code == 200
    assert "其他人已修改" in page and "陈佳伟" in page and "14000" in page and "15000" in page
    project.refresh_from_db()
    assert project.name == "集成电路产业成套子系统研发制造项目"
    assert project.total_investment == 15000


def test_moving_a_card_on_the_board_records_the_event_with_its_date(client, officer, project):
    client.force_login(officer)
    url = reverse("projects:advance", args=[project.pk])
    form = client.get(url + "?stage=signed", HTTP_HX_REQUEST="true")
    assert "发生日期" in form.content.decode()
    response = client.post(url, {"stage": "signed", "date": "2023-12-26", "note": "正式签约"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"]
    event = StageEvent.objects.get(project=project, stage=Stage.SIGNED)
    assert event.date == date(2023, 12, 26) and event.recorded_by == officer
    board = client.get(reverse("projects:board")).content.decode()
    signed_column = board.split('aria-label="签约"')[1].split("</section>")[0]
    assert "合计 1.40 亿元" in signed_column and project.name in signed_column


def test_dragging_a_card_backwards_explains_how_to_correct(client, officer, project):
    client.force_login(officer)
    response = client.get(reverse("projects:advance", args=[project.pk]) + "?stage=lead", HTTP_HX_REQUEST="true")
    assert "更正阶段" in response.content.decode()


def test_a_board_column_shows_count_and_total_in_yi(client, officer, zone, investor):
    client.force_login(officer)
    for amount in (50000, 1000000):
        services.project_create(zone=zone, by=officer, name=f"项目{amount}", investor=investor,
                                total_investment=amount, stage_dates={Stage.STARTED: date(2024, 1, 3)})
    page = client.get(reverse("projects:board")).content.decode()
    assert "合计 105.00 亿元" in page


def test_the_list_filters_by_stage_reached_between_dates(client, officer, zone, investor):
    client.force_login(officer)
    services.project_create(zone=zone, by=officer, name="一季度签约项目", investor=investor, total_investment=10000,
                            stage_dates={Stage.SIGNED: date(2024, 3, 31)})
    services.project_create(zone=zone, by=officer, name="二季度签约项目", investor=investor, total_investment=10000,
                            stage_dates={Stage.SIGNED: date(2024, 4, 1)})
    page = client.get(reverse("projects:list"), {"reached": "signed", "reached_from": "2024-01-01",
                                                  "reached_to": "2024-03-31"}).content.decode()
    assert "一季度签约项目" in page and "二季度签约项目" not in page


def test_the_list_filters_by_amount_band_team_and_text(client, officer, zone, investor):
    client.force_login(officer)
    team = TeamFactory(zone=zone, name="深圳招商联络办公室")
    services.project_create(zone=zone, by=officer, name="万帮储能基地", investor=investor, total_investment=60000, team=team)
    services.project_create(zone=zone, by=officer, name="飞择电子厂房", investor=investor, total_investment=9000)
    page = client.get(reverse("projects:list"), {"amount": "5yi"}).content.decode()
    assert "万帮储能基地" in page and "飞择电子厂房" not in page
    page = client.get(reverse("projects:list"), {"team": team.pk}).content.decode()
    assert "万帮储能基地" in page and "飞择电子厂房" not in page
    page = client.get(reverse("projects:list"), {"q": "飞择"}).content.decode()
    assert "飞择电子厂房" in page and "万帮储能基地" not in page


def test_a_correction_needs_a_reason_and_keeps_the_voided_event_visible(client, officer, project):
    client.force_login(officer)
    services.project_advance_stage(project=project, stage=Stage.SIGNED, when=date(2023, 12, 26), by=officer)
    url = reverse("projects:correct", args=[project.pk])
    response = client.post(url, {"stage": "contacted", "reason": ""})
    assert "请填写原因" in response.content.decode()
    client.post(url, {"stage": "contacted", "reason": "签约日期误录, 实际尚在洽谈"})
    project.refresh_from_db()
    assert project.stage == Stage.CONTACTED
    page = client.get(project.get_absolute_url()).content.decode()
    assert "<s>签约</s>" in page and "签约日期误录" in page


def test_the_detail_page_shows_the_history_of_changes(client, officer, project):
    client.force_login(officer)
    services.project_update(project=project, by=officer, expected_version=1, total_investment=16000)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "变更历史" in page and "14000" in page and "16000" in page and "陈佳伟" in page


def test_a_read_only_user_cannot_post_a_stage_change(client, zone_leader, project):
    client.force_login(zone_leader)
    response = client.post(reverse("projects:advance", args=[project.pk]), {"stage": "signed", "date": "2024-01-02"})
    assert response.status_code == 403
    assert not StageEvent.objects.filter(project=project, stage=Stage.SIGNED).exists()


def test_an_upload_imports_in_the_background_and_the_job_page_reports_it(client, officer, zone):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhaoshang.projects.tests.test_excel import workbook

    client.force_login(officer)
    assert "下载导入模板" in client.get(reverse("projects:import")).content.decode()
    template = client.get(reverse("projects:template"))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    good = workbook([{"项目名称": "年产5万吨复合材料项目", "投资方": "南通新材料科技有限公司",
                      "总投资(万元或万美元)": 120000, "签约日期": "2024-03-31"}])
    response = client.post(reverse("projects:import"), {"file": SimpleUploadedFile("项目.xlsx", good)})
    job_page = client.get(response.url).content.decode()
    assert "导入完成" in job_page and "新增 1 条" in job_page
    assert Project.objects.get(name="年产5万吨复合材料项目").stage == Stage.SIGNED


def test_a_bad_upload_lists_every_bad_row_and_writes_nothing(client, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhaoshang.projects.tests.test_excel import workbook

    client.force_login(officer)
    bad = workbook([
        {"项目名称": "好的一行", "投资方": "甲公司", "总投资(万元或万美元)": 1000},
        {"项目名称": "", "投资方": "乙公司", "总投资(万元或万美元)": "很多"},
    ])
    response = client.post(reverse("projects:import"), {"file": SimpleUploadedFile("项目.xlsx", bad)})
    page = client.get(response.url).content.decode()
    assert "未写入任何数据" in page and "项目名称" in page and "总投资(万元或万美元)" in page and "很多" in page
    assert not Project.objects.exists()


def test_a_file_that_is_not_xlsx_is_refused_on_the_upload_page(client, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    response = client.post(reverse("projects:import"), {"file": SimpleUploadedFile("项目.xlsx", b"name,amount\n")})
    assert response.status_code == 200 and "另存为" in response.content.decode()


def test_after_a_stage_change_the_user_returns_to_the_board_but_never_to_an_outside_site(client, officer, project):
    client.force_login(officer)
    url = reverse("projects:advance", args=[project.pk])
    response = client.post(url, {"stage": "negotiating", "date": "2024-01-02", "next": "https://evil.example.com/"})
    assert response.url == project.get_absolute_url()
    response = client.post(url, {"stage": "intent", "date": "2024-01-03", "next": "/projects/board/?team=1"})
    assert response.url == "/projects/board/?team=1"


def test_editing_a_project_keeps_its_officer_after_the_officer_left(client, officer, colleague, project):
    services.project_update(project=project, by=officer, expected_version=1, officer=colleague)
    colleague.is_active = False
    colleague.save()
    project.refresh_from_db()
    client.force_login(officer)
    form_page = client.get(reverse("projects:edit", args=[project.pk])).content.decode()
    assert f'value="{colleague.pk}" selected' in form_page
    client.post(reverse("projects:edit", args=[project.pk]),
                _form_data(project, officer=colleague.pk, description="一季度主体到一层"))
    project.refresh_from_db()
    assert project.officer == colleague and project.description == "一季度主体到一层"


def test_a_zone_leader_or_a_retired_user_cannot_be_made_responsible(officer, zone_leader, colleague, project):
    from django.core.exceptions import ValidationError

    from zhaoshang.organisation.selectors import MSG_OFFICER_NOT_ASSIGNABLE

    for user in (zone_leader, colleague):
        user.is_active = user != colleague
        user.save()
        with pytest.raises(ValidationError) as refused:
            services.project_update(project=Project.objects.get(pk=project.pk), by=officer, expected_version=None,
                                    officer=user)
        assert refused.value.message_dict["officer"] == [MSG_OFFICER_NOT_ASSIGNABLE]


def test_a_bad_filter_value_shows_nothing_rather_than_everything(client, officer, project):
    client.force_login(officer)
    page = client.get(reverse("projects:list"), {"reached": "signed", "reached_to": "2026-03-32"}).content.decode()
    assert project.name not in page and "没有符合条件的项目" in page
    assert client.get(reverse("projects:export"), {"reached_to": "2026-03-32"}).status_code == 404


def test_naming_an_investor_already_on_file_reuses_it(client, officer, zone, investor):
    client.force_login(officer)
    client.post(reverse("projects:create"), {
        "name": "神众二期", "new_investor_name": investor.name, "currency": "CNY", "total_investment": "8000",
        "initial_stage": "lead", "initial_date": "2024-01-02"})
    assert Project.objects.get(name="神众二期").investor == investor
    assert investor.zone.enterprises.filter(name=investor.name).count() == 1


def test_an_interaction_cannot_be_put_on_another_zones_project(officer, zone, foreign_project):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="本园区"):
        services.interaction_create(zone=zone, project=foreign_project, by=officer, kind="call",
                                    date=date(2024, 1, 2), people="x", notes="y")
