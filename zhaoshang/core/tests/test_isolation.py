"""One zone never sees another's leads: by list, detail, edit, export or a guessed URL."""

from datetime import date

import pytest
from django.urls import reverse

from zhaoshang.jobs.models import Job
from zhaoshang.projects import services
from zhaoshang.projects.choices import Stage
from zhaoshang.projects.models import Project
from zhaoshang.testing.factories import EnterpriseFactory


@pytest.fixture
def qidong_project(zone, officer):
    investor = EnterpriseFactory(zone=zone, name="乾朔电子科技有限公司")
    return services.project_create(zone=zone, by=officer, name="乾朔电子连接器项目", investor=investor,
                                   total_investment=50000, stage_dates={Stage.SIGNED: date(2023, 11, 20)})


@pytest.fixture
def tinghu_project(other_zone, outsider):
    investor = EnterpriseFactory(zone=other_zone, name="盐城景创新能源有限公司")
    return services.project_create(zone=other_zone, by=outsider, name="景创锂钠动力储能项目", investor=investor,
                                   total_investment=500000, stage_dates={Stage.STARTED: date(2023, 4, 10)})


def _object_urls(project):
    event = project.events.first()
    return [
        reverse("projects:detail", args=[project.pk]),
        reverse("projects:edit", args=[project.pk]),
        reverse("projects:advance", args=[project.pk]),
        reverse("projects:status", args=[project.pk]),
        reverse("projects:correct", args=[project.pk]),
        reverse("projects:event_date", args=[project.pk, event.pk]),
        reverse("projects:interaction_create", args=[project.pk]),
        reverse("enterprises:detail", args=[project.investor_id]),
        reverse("enterprises:edit", args=[project.investor_id]),
        reverse("enterprises:interaction_create", args=[project.investor_id]),
    ]


def test_an_officer_cannot_see_another_zones_project_in_lists_board_or_home(client, officer, qidong_project,
                                                                            tinghu_project):
    client.force_login(officer)
    for url in [reverse("projects:list"), reverse("projects:board"), reverse("home"), reverse("enterprises:list"),
                reverse("projects:list") + "?q=景创", reverse("projects:list") + f"?zone={tinghu_project.zone_id}"]:
        page = client.get(url).content.decode()
        assert "景创锂钠动力储能项目" not in page and "盐城景创新能源有限公司" not in page, url
    assert "乾朔电子连接器项目" in client.get(reverse("projects:list")).content.decode()


def test_guessed_urls_of_another_zone_answer_404_for_reading_and_writing(client, officer, tinghu_project):
    client.force_login(officer)
    for url in _object_urls(tinghu_project):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "改名", "stage": "completed", "date": "2024-01-01",
                                 "reason": "x"}).status_code == 404, url
    tinghu_project.refresh_from_db()
    assert tinghu_project.name == "景创锂钠动力储能项目" and tinghu_project.stage == Stage.STARTED


def test_an_export_holds_only_the_users_own_zone(client, officer, qidong_project, tinghu_project):
    from python_calamine import CalamineWorkbook

    client.force_login(officer)
    response = client.get(reverse("projects:export"))
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(__import__("io").BytesIO(response.content)).get_sheet_by_index(0).to_python()
    names = [row[1] for row in rows[1:]]
    assert names == ["乾朔电子连接器项目"]
    response = client.get(reverse("projects:export") + f"?zone={tinghu_project.zone_id}")
    assert "景创".encode() not in response.content


def test_a_job_of_another_zone_is_not_found(client, officer, outsider, other_zone):
    job = Job.objects.create(kind="projects.import", title="导入项目: 亭湖.xlsx", zone=other_zone, created_by=outsider)
    client.force_login(officer)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert "亭湖.xlsx" not in client.get(reverse("jobs:list")).content.decode()


def test_a_city_viewer_reads_its_zones_only_and_cannot_write(client, city_viewer, qidong_project, tinghu_project):
    client.force_login(city_viewer)
    page = client.get(reverse("projects:list")).content.decode()
    assert "乾朔电子连接器项目" in page and "景创" not in page
    assert client.get(reverse("projects:detail", args=[qidong_project.pk])).status_code == 200
    assert client.get(reverse("projects:detail", args=[tinghu_project.pk])).status_code == 404
    assert client.post(reverse("projects:edit", args=[qidong_project.pk]), {"name": "改名"}).status_code == 403
    assert client.get(reverse("projects:create")).status_code == 403
    assert Project.objects.get(pk=qidong_project.pk).name == "乾朔电子连接器项目"


def test_a_province_viewer_reads_every_zone_in_the_province(client, province_viewer, qidong_project, tinghu_project):
    client.force_login(province_viewer)
    page = client.get(reverse("projects:list")).content.decode()
    assert "乾朔电子连接器项目" in page and "景创锂钠动力储能项目" in page
    home = client.get(reverse("home")).content.decode()
    assert "启东经济开发区" in home and "盐城亭湖经济开发区" in home


def test_filter_choices_do_not_leak_another_zones_teams_or_officers(client, officer, outsider, other_zone, team,
                                                                    tinghu_project):
    from zhaoshang.testing.factories import TeamFactory

    TeamFactory(zone=other_zone, name="节能环保产业链专班")
    client.force_login(officer)
    page = client.get(reverse("projects:list")).content.decode()
    assert team.name in page  # the user's own team is offered …
    assert "节能环保产业链专班" not in page and outsider.full_name not in page  # … another zone's are not
