"""What a user sees and does in 招商情报: paste, upload, review, decide, search the market figures."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhaoshang.intelligence import forms, services
from zhaoshang.intelligence.choices import FigureKind, ReviewStatus
from zhaoshang.intelligence.models import Article
from zhaoshang.intelligence.tests.conftest import SEED_SPUN, read_doc, record_named
from zhaoshang.jobs.models import Job
from zhaoshang.projects.models import Project
from zhaoshang.testing.factories import ProjectFactory

pytestmark = pytest.mark.urls("zhaoshang.intelligence.tests.urls")

HTMX = {"HTTP_HX_REQUEST": "true"}


def _paste(client, text, **fields):
    return client.post(reverse("intelligence:paste"), {"text": text, "published_on": "2024-01-05", **fields})


# ---- paste and upload --------------------------------------------------------------------------------------


def test_an_officer_pastes_a_seed_article_and_sees_its_records(client, officer):
    client.force_login(officer)
    response = _paste(client, read_doc(SEED_SPUN), source="启东发布")

    article = Article.objects.get()
    assert response.status_code == 302 and response.url == article.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "已从《" in page and "个项目" in page  # the message
    assert "乾朔电子连接器项目" in page and "5亿元" in page and "开工 (2023-12)" in page
    record = record_named(article, "乾朔电子连接器项目")
    assert f'id="ev-{record.key}"' in page and '<mark class="ev-p">' in page
    assert "经同义词替换(伪原创)" in page
    assert "建为新线索" in page


def test_the_article_text_is_escaped(client, officer):
    client.force_login(officer)
    _paste(client, '乾朔电子连接器项目<img src=x onerror="alert(1)">总投资5亿元, 已于去年12月开工。')
    page = client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_pasting_the_same_article_again_takes_the_user_to_the_first(client, officer, colleague):
    client.force_login(officer)
    first = _paste(client, read_doc(SEED_SPUN))
    client.force_login(colleague)
    again = _paste(client, read_doc(SEED_SPUN))
    assert again.url == first.url and Article.objects.count() == 1
    assert "未重复提取" in client.get(again.url).content.decode()


def test_a_long_paste_is_extracted_in_the_background(client, officer, monkeypatch):
    monkeypatch.setattr(services, "SYNC_LIMIT", 100)
    client.force_login(officer)
    response = _paste(client, read_doc(SEED_SPUN), title="启东开发区新年项目建设")
    job = Job.objects.get()
    assert response.url == reverse("intelligence:batch", args=[job.pk])
    assert Article.objects.get().title == "启东开发区新年项目建设"
    assert "启东开发区新年项目建设" in client.get(response.url).content.decode()


def test_several_files_are_uploaded_at_once(client, officer):
    client.force_login(officer)
    response = client.post(reverse("intelligence:upload"), {"files": [
        SimpleUploadedFile("启东.txt", read_doc(SEED_SPUN).encode()),
        SimpleUploadedFile("签约.html", "<html><body><p>腾安智能装备项目总投资3亿元。</p></body></html>".encode()),
    ]})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("intelligence:batch", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "新收录 2 篇" in page
    for article in Article.objects.all():
        assert article.get_absolute_url() in page


@pytest.mark.parametrize("name, content, message", [
    ("setup.exe", b"MZ\x90\x00", "“setup.exe”: 不支持的文件类型 .exe, 请上传 .txt、.html、.docx 或 .pdf"),
    ("report.pdf", b"<html>not a pdf</html>", forms.MSG_NOT_PDF.format(name="report.pdf")),
    ("plan.docx", b"%PDF-1.4", forms.MSG_NOT_DOCX.format(name="plan.docx")),
    ("empty.txt", b"", "“empty.txt”: 上传的文件是空的。"),
])
def test_a_file_that_cannot_be_read_is_refused_with_a_clear_message(client, officer, name, content, message):
    client.force_login(officer)
    response = client.post(reverse("intelligence:upload"), {"files": [
        SimpleUploadedFile("ok.txt", "腾安智能装备项目总投资3亿元。".encode()), SimpleUploadedFile(name, content)]})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert not Job.objects.exists()


def test_a_broken_pdf_is_reported_on_the_upload_page(client, officer):
    client.force_login(officer)
    response = client.post(reverse("intelligence:upload"), {"files": [
        SimpleUploadedFile("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")]})
    page = client.get(response.url).content.decode()
    assert "broken.pdf" in page and "PDF 文件已损坏, 无法读取" in page
    assert not Article.objects.exists()


def test_the_inbox_lists_articles_with_pending_projects_first_when_asked(client, officer, ceremony, submit):
    done = submit("腾安智能装备项目总投资3亿元, 去年12月开工。")
    services.record_reject(record=done.project_records.get(), by=officer)
    client.force_login(officer)
    everything = client.get(reverse("intelligence:inbox")).content.decode()
    assert ceremony.title in everything and done.title in everything
    pending = client.get(reverse("intelligence:inbox"), {"pending": "on"}).content.decode()
    assert ceremony.title in pending and done.title not in pending
    assert '<span class="badge text-bg-warning">4</span>' in pending


def test_another_zones_upload_page_is_not_found(client, outsider, officer, zone):
    job = services.articles_enqueue(zone=zone, by=officer, files=[("a.txt", "腾安智能装备项目总投资3亿元。".encode())])
    client.force_login(outsider)
    assert client.get(reverse("intelligence:batch", args=[job.pk])).status_code == 404


# ---- decisions ---------------------------------------------------------------------------------------------


def test_accepting_a_record_in_the_modal_creates_the_lead(client, officer, ceremony):
    record = record_named(ceremony, "华储储能电池智能制造项目")
    client.force_login(officer)
    form = client.get(reverse("intelligence:accept", args=[record.pk]), **HTMX).content.decode()
    assert "35亿元" in form and "文中没有“签约”的日期" in form

    response = client.post(reverse("intelligence:accept", args=[record.pk]),
                           {"name": record.name, "investor_name": "宁德华储科技有限公司"}, **HTMX)

    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{ceremony.get_absolute_url()}#record-{record.key}"
    project = Project.objects.get(name="华储储能电池智能制造项目")
    assert (project.total_investment, project.investor.name) == (Decimal("350000"), "宁德华储科技有限公司")
    page = client.get(ceremony.get_absolute_url()).content.decode()
    assert f"已建立线索“华储储能电池智能制造项目”, 编号 {project.code}" in page
    assert project.get_absolute_url() in page


def test_accepting_without_an_investor_says_what_is_missing(client, officer, submit):
    record = record_named(submit(read_doc(SEED_SPUN)), "乾朔电子连接器项目")
    client.force_login(officer)
    response = client.post(reverse("intelligence:accept", args=[record.pk]), {"name": record.name})
    assert response.status_code == 200 and services.MSG_INVESTOR_REQUIRED in response.content.decode()
    assert not Project.objects.exists()


def test_merging_offers_the_best_match_first_and_links_the_article(client, officer, zone, ceremony):
    ProjectFactory(zone=zone, name="光来精细电子零部件项目")
    match = ProjectFactory(zone=zone, name="华储储能电池项目", total_investment=Decimal("350000"))
    record = record_named(ceremony, "华储储能电池智能制造项目")
    client.force_login(officer)
    page = client.get(ceremony.get_absolute_url()).content.decode()
    assert "最相似的项目" in page and match.name in page

    form = client.get(reverse("intelligence:merge", args=[record.pk])).content.decode()
    assert f'<option value="{match.pk}" selected>' in form
    client.post(reverse("intelligence:merge", args=[record.pk]), {"project": match.pk})

    record.refresh_from_db()
    assert (record.status, record.project) == (ReviewStatus.MERGED, match)
    assert match.source_articles.get().article == ceremony
    assert "来源文章" in client.get(match.get_absolute_url()).content.decode()


def test_rejecting_a_record_with_a_reason(client, officer, ceremony):
    record = record_named(ceremony, "宏基智慧物流园项目")
    client.force_login(officer)
    client.post(reverse("intelligence:reject", args=[record.pk]), {"reason": "不在本园区"})
    record.refresh_from_db()
    assert (record.status, record.reason) == (ReviewStatus.REJECTED, "不在本园区")
    assert "不在本园区" in client.get(ceremony.get_absolute_url()).content.decode()


# ---- who may see and do what -------------------------------------------------------------------------------


def test_it_hides_articles_of_other_zones(client, outsider, ceremony):
    record = record_named(ceremony, "华储储能电池智能制造项目")
    client.force_login(outsider)
    assert client.get(ceremony.get_absolute_url()).status_code == 404
    assert client.post(reverse("intelligence:accept", args=[record.pk]), {"name": "x"}).status_code == 404
    assert ceremony.title not in client.get(reverse("intelligence:inbox")).content.decode()


def test_a_zone_leader_reads_but_cannot_act(client, zone_leader, ceremony):
    record = record_named(ceremony, "华储储能电池智能制造项目")
    client.force_login(zone_leader)
    page = client.get(ceremony.get_absolute_url()).content.decode()
    assert record.name in page and "建为新线索" not in page
    inbox = client.get(reverse("intelligence:inbox")).content.decode()
    assert ceremony.title in inbox and "粘贴文字" not in inbox
    assert client.post(reverse("intelligence:accept", args=[record.pk]),
                       {"name": record.name, "investor_name": "宁德华储科技有限公司"}).status_code == 403
    assert client.post(reverse("intelligence:paste"), {"text": "乾朔电子连接器项目总投资5亿元。"}).status_code == 403
    record.refresh_from_db()
    assert record.status == ReviewStatus.PENDING and not Project.objects.exists()


def test_a_city_viewer_reads_the_zones_articles_but_cannot_reject(client, city_viewer, ceremony):
    figure = ceremony.figure_records.first()
    client.force_login(city_viewer)
    assert client.get(ceremony.get_absolute_url()).status_code == 200
    assert client.post(reverse("intelligence:figure_reject", args=[figure.pk])).status_code == 403


# ---- market intelligence -----------------------------------------------------------------------------------


@pytest.fixture
def figures(submit, other_zone, outsider):
    submit("2024年一季度, 亭湖区新签约新能源项目42个, 总投资358.52亿元。\n今年亭湖区力争新签约亿元以上项目不少于30个。",
           published_on=date(2024, 4, 10))
    submit("2023年上半年, 如皋高新区签约半导体项目28个, 总投资150.8亿元。", published_on=date(2023, 7, 10))
    submit("2024年一季度, 海门开发区签约新能源项目12个, 总投资50亿元。", in_zone=other_zone, by=outsider,
           published_on=date(2024, 4, 10))


def _market(client, **query):
    return client.get(reverse("intelligence:market"), query).content.decode()


def test_market_figures_are_searched_by_subject_keyword_and_period(client, officer, figures):
    client.force_login(officer)
    everything = _market(client)
    assert "亭湖区" in everything and "如皋高新区" in everything
    assert "海门开发区" not in everything  # another zone's collection

    by_subject = _market(client, q="亭湖")
    assert "358.52亿元" in by_subject and "如皋高新区" not in by_subject
    by_keyword = _market(client, keyword="半导体")
    assert "150.8亿元" in by_keyword and "亭湖区" not in by_keyword
    by_period = _market(client, period_from="2024-01-01", period_to="2024-03-31", kind=FigureKind.STATISTIC)
    assert "358.52亿元" in by_period and "150.8亿元" not in by_period


def test_a_rejected_figure_leaves_the_market_page(client, officer, figures):
    figure = Article.objects.get(title__startswith="2023年上半年").figure_records.get()
    client.force_login(officer)
    client.post(reverse("intelligence:figure_reject", args=[figure.pk]), {"reason": "重复"})
    assert "150.8亿元" not in _market(client)
