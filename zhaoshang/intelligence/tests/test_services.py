"""The review queue's services: articles in, duplicates recognised, and accept, merge and reject."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhaoshang.changelog.selectors import history_of
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.intelligence import services
from zhaoshang.intelligence.choices import FigureKind, ReviewStatus
from zhaoshang.intelligence.models import (
    Article,
    FigureRecord,
    ProjectRecord,
    ProjectSource,
)
from zhaoshang.intelligence.tests.conftest import (
    SEED_SPUN,
    SEED_TRADITIONAL,
    read_doc,
    record_named,
)
from zhaoshang.jobs.models import JobStatus
from zhaoshang.projects.choices import Stage
from zhaoshang.testing.factories import EnterpriseFactory, ProjectFactory

# ---- articles in -------------------------------------------------------------------------------------------


def test_a_pasted_seed_article_is_kept_with_its_projects_statistics_and_targets(submit, officer):
    article = submit(read_doc(SEED_SPUN))

    assert article.uploaded_by == officer and article.published_on == date(2024, 1, 5)
    assert "spin" in article.cleaning  # seed 000 is spun text
    connector = record_named(article, "乾朔电子连接器项目")
    assert (connector.amount, connector.currency, connector.amount_kind) == (Decimal("50000"), "CNY", "total")
    assert (connector.stage, connector.stage_date, connector.status) == ("started", "2023-12", ReviewStatus.PENDING)
    # The span points into the text as pasted (spun: 乾朔电子连贯器名目), not the cleaned one.
    assert "乾朔电子连贯器名目" in article.text[connector.span_start:connector.span_end]
    targets = article.figure_records.filter(kind=FigureKind.TARGET)
    assert targets.filter(event="started", count=4, amount=Decimal("50000"), status=ReviewStatus.KEPT).exists()
    assert all(target.span is not None for target in targets)


def test_the_title_is_the_first_line_unless_one_is_given(submit):
    assert submit("园区签约仪式举行\n乾朔电子连接器项目总投资5亿元。").title == "园区签约仪式举行"
    assert submit("另一篇\n腾安智能装备项目总投资3亿元。", title="腾安项目签约").title == "腾安项目签约"


def test_the_same_text_twice_is_recognised_and_not_extracted_again(zone, officer, colleague):
    text = read_doc(SEED_SPUN)
    first = services.article_submit(zone=zone, by=officer, text=text)
    again = services.article_submit(zone=zone, by=colleague, text="\n\n" + text.replace("\n", "\n\n") + "  ")

    assert first.created and not again.created
    assert again.article == first.article
    assert Article.objects.count() == 1
    assert ProjectRecord.objects.count() == first.article.project_records.count()


def test_the_same_article_as_a_web_page_is_recognised(zone, officer):
    text = read_doc(SEED_TRADITIONAL)
    page = "<html><head><meta charset='utf-8'></head><body>" + "".join(
        f"<p>{line}</p>\n" for line in text.splitlines()) + "</body></html>"
    first = services.article_submit(zone=zone, by=officer, text=text)
    assert services.article_submit(zone=zone, by=officer, text=page).article == first.article


def test_another_zone_keeps_its_own_copy(zone, other_zone, officer, outsider):
    text = read_doc(SEED_SPUN)
    ours = services.article_submit(zone=zone, by=officer, text=text)
    theirs = services.article_submit(zone=other_zone, by=outsider, text=text)
    assert theirs.created and theirs.article != ours.article


def test_an_empty_text_is_refused(zone, officer):
    with pytest.raises(ValidationError) as caught:
        services.article_submit(zone=zone, by=officer, text="  \n ")
    assert caught.value.message_dict["text"] == [services.MSG_EMPTY_TEXT]


def test_a_zone_leader_cannot_submit(zone, zone_leader):
    with pytest.raises(PermissionDenied):
        services.article_submit(zone=zone, by=zone_leader, text="乾朔电子连接器项目总投资5亿元。")


def test_uploads_are_extracted_in_a_job_file_by_file(zone, officer):
    seed = read_doc(SEED_SPUN)
    job = services.articles_enqueue(zone=zone, by=officer, files=[
        ("启东.txt", seed.encode("gb18030")),
        ("again.html", f"<html><body><p>{seed}</p></body></html>".encode()),
        ("broken.pdf", b"%PDF-1.4\nnot really a pdf"),
        ("亭湖.txt", read_doc(SEED_TRADITIONAL).encode("big5", "ignore")),
    ], source="启东发布")

    assert job.status == JobStatus.SUCCEEDED
    files = job.result["files"]
    assert [f["name"] for f in files] == ["启东.txt", "again.html", "broken.pdf", "亭湖.txt"]
    assert files[0]["duplicate"] is False and files[1] == {**files[0], "name": "again.html", "duplicate": True}
    assert files[2]["error"] == "PDF 文件已损坏, 无法读取"
    assert (job.result["created"], job.result["unchanged"], job.result["failed"]) == (2, 1, 1)
    article = Article.objects.get(pk=files[0]["article"])
    assert (article.file_name, article.source, article.title[:10]) == ("启东.txt", "启东发布", seed[:10])


# ---- accept ------------------------------------------------------------------------------------------------


def test_accepting_creates_a_lead_with_the_investor_and_the_amount(ceremony, officer, zone):
    record = record_named(ceremony, "华储储能电池智能制造项目")

    accepted = services.project_record_accept(record=record, by=officer)

    project = accepted.project
    assert project.zone == zone and project.name == "华储储能电池智能制造项目"
    assert project.investor.name == "宁德华储科技有限公司" and project.investor.zone == zone
    assert (project.total_investment, project.currency) == (Decimal("350000"), "CNY")
    assert (project.expected_tax, project.expected_jobs) == (Decimal("32000"), 1500)
    # The text says it signed but not when: a lead today, and the user is told.
    assert (project.stage, project.stage_date) == (Stage.LEAD, timezone.localdate())
    assert accepted.notes == [services.MSG_STAGE_NO_DATE.format(stage="签约")]
    record.refresh_from_db()
    assert (record.status, record.project, record.decided_by) == (ReviewStatus.ACCEPTED, project, officer)
    assert ProjectSource.objects.get(project=project).article == ceremony
    assert any(entry.field_label == "来源文章" and ceremony.title in entry.new_value for entry in history_of(project))


def test_a_usd_project_keeps_its_currency_and_foreign_investment(ceremony, officer):
    project = services.project_record_accept(record=record_named(ceremony, "精密轴承外资项目"), by=officer).project
    assert (project.total_investment, project.currency) == (Decimal("12000"), "USD")
    assert (project.foreign_investment, project.is_foreign) == (Decimal("8000"), True)


def test_an_amount_in_another_currency_is_not_guessed(ceremony, officer):
    accepted = services.project_record_accept(record=record_named(ceremony, "宏基智慧物流园项目"), by=officer)
    assert accepted.project.total_investment == 0
    assert services.MSG_OTHER_CURRENCY.format(amount="150000", unit="万港元") in accepted.notes


def test_a_stage_with_its_date_is_taken_over(submit, officer):
    record = record_named(submit(read_doc(SEED_SPUN)), "乾朔电子连接器项目")
    accepted = services.project_record_accept(record=record, by=officer, investor_name="江苏乾朔电子科技有限公司")
    project = accepted.project
    assert (project.stage, project.stage_date) == (Stage.STARTED, date(2023, 12, 1))
    assert list(project.events.values_list("stage", "date")) == [(Stage.STARTED, date(2023, 12, 1))]
    assert accepted.notes == []


def test_a_stage_date_the_rules_refuse_makes_a_lead_today_and_says_so(submit, officer):
    record = record_named(submit(read_doc(SEED_SPUN)), "乾朔电子连接器项目")
    next_year = timezone.localdate().year + 1
    ProjectRecord.objects.filter(pk=record.pk).update(stage_date=f"{next_year}-03")

    accepted = services.project_record_accept(record=record, by=officer, investor_name="江苏乾朔电子科技有限公司")

    assert (accepted.project.stage, accepted.project.stage_date) == (Stage.LEAD, timezone.localdate())
    assert accepted.notes[0].startswith("文中的阶段日期不符合项目阶段规则") and "晚于今天" in accepted.notes[0]


def test_accepting_uses_the_investor_already_in_the_library(ceremony, officer, zone):
    known = EnterpriseFactory(zone=zone, name="宁德华储科技有限公司")
    project = services.project_record_accept(record=record_named(ceremony, "华储储能电池智能制造项目"),
                                             by=officer).project
    assert project.investor == known
    assert Enterprise.objects.filter(zone=zone, name="宁德华储科技有限公司").count() == 1


def test_a_record_without_an_investor_needs_one(submit, officer):
    record = record_named(submit(read_doc(SEED_SPUN)), "乾朔电子连接器项目")
    with pytest.raises(ValidationError) as caught:
        services.project_record_accept(record=record, by=officer)
    assert caught.value.message_dict["investor_name"] == [services.MSG_INVESTOR_REQUIRED]
    record.refresh_from_db()
    assert record.status == ReviewStatus.PENDING


def test_a_record_is_decided_once(ceremony, officer, colleague):
    record = record_named(ceremony, "华储储能电池智能制造项目")
    services.project_record_accept(record=record, by=officer)
    with pytest.raises(ValidationError) as caught:
        services.record_reject(record=record, by=colleague)
    assert "陈佳伟" in caught.value.messages[0] and "已建为新线索" in caught.value.messages[0]


def test_a_zone_leader_cannot_accept(ceremony, zone_leader):
    with pytest.raises(PermissionDenied):
        services.project_record_accept(record=record_named(ceremony, "华储储能电池智能制造项目"), by=zone_leader)


# ---- merge and reject --------------------------------------------------------------------------------------


def test_merging_links_the_article_and_writes_the_project_history(ceremony, officer, zone):
    project = ProjectFactory(zone=zone, name="华储储能电池项目")
    record = record_named(ceremony, "华储储能电池智能制造项目")

    services.project_record_merge(record=record, project=project, by=officer)

    record.refresh_from_db()
    assert (record.status, record.project) == (ReviewStatus.MERGED, project)
    assert list(project.source_articles.values_list("article", flat=True)) == [ceremony.pk]
    note = history_of(project).get(field_label="来源文章")
    assert note.actor == officer
    assert ceremony.title in note.new_value and "签约" in note.new_value and "35亿元" in note.new_value


def test_a_second_record_of_the_same_article_keeps_one_link(ceremony, officer, zone):
    project = ProjectFactory(zone=zone)
    for name in ("华储储能电池智能制造项目", "精密轴承外资项目"):
        services.project_record_merge(record=record_named(ceremony, name), project=project, by=officer)
    assert project.source_articles.count() == 1
    assert history_of(project).filter(field_label="来源文章").count() == 2


def test_merging_into_another_zones_project_is_refused(ceremony, officer, other_zone):
    with pytest.raises(ValidationError) as caught:
        services.project_record_merge(record=record_named(ceremony, "精密轴承外资项目"),
                                      project=ProjectFactory(zone=other_zone), by=officer)
    assert caught.value.message_dict["project"] == [services.MSG_OTHER_ZONE_PROJECT]


def test_rejecting_keeps_the_record_with_the_reason(ceremony, officer):
    record = record_named(ceremony, "宏基智慧物流园项目")
    services.record_reject(record=record, by=officer, reason="  与本园区无关 ")
    record.refresh_from_db()
    assert (record.status, record.reason, record.decided_by) == (ReviewStatus.REJECTED, "与本园区无关", officer)


def test_a_misread_statistic_is_rejected_and_a_rejected_one_stays_rejected(ceremony, officer):
    figure = ceremony.figure_records.filter(kind=FigureKind.STATISTIC).first()
    services.record_reject(record=figure, by=officer)
    assert FigureRecord.objects.get(pk=figure.pk).status == ReviewStatus.REJECTED
    with pytest.raises(ValidationError):
        services.record_reject(record=figure, by=officer)


def test_a_figure_cannot_be_accepted(ceremony, officer):
    figure = ceremony.figure_records.first()
    with pytest.raises(ValidationError) as caught:
        services._lock_for(figure, ReviewStatus.ACCEPTED)
    assert caught.value.messages == [services.MSG_NOT_ALLOWED.format(status="已建为新线索")]


def test_stage_dates_of_a_record():
    record = ProjectRecord(stage="signed", stage_date="2023-05-06")
    assert services.lead_stage_dates(record) == ({"signed": date(2023, 5, 6)}, "")
    record.stage_date = "2023"
    assert services.lead_stage_dates(record) == ({}, services.MSG_STAGE_VAGUE.format(stage="签约", when="2023"))
    record.stage, record.stage_date = "", ""
    assert services.lead_stage_dates(record) == ({}, "")
    tomorrow = timezone.localdate() + timedelta(days=1)
    record.stage, record.stage_date = "lead", tomorrow.isoformat()
    assert services.lead_stage_dates(record)[0] == {}
