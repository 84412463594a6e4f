"""The pages: the project list (query count pinned), exports matching the filters, a site's awards."""

import io
import re
from typing import Any

import openpyxl
from django.urls import reverse

from tests.api.conftest import client_as
from tests.projects.builders import records_in_every_scope
from wenming.projects.models import Award, AwardCategory, AwardLevel, Project
from wenming.regions.roles import Role


def _sheet_rows(response):
    sheet: Any = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_project_list_page_query_count_does_not_grow_with_projects(api_county, django_assert_max_num_queries):
    records_in_every_scope(api_county)
    client = client_as(api_county.county.users[Role.COUNTY_ADMIN])
    client.get(reverse("projects:project_list"))  # warm the session
    with django_assert_max_num_queries(9) as first:
        assert client.get(reverse("projects:project_list")).status_code == 200
    for number in range(5):
        Project.objects.create(region=api_county.county.county, name=f"项目{number}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(reverse("projects:project_list"))
    assert len(re.findall(r'id="project-\d', response.content.decode())) == 8


def test_project_export_matches_the_filters(api_county):
    records = records_in_every_scope(api_county)
    client = client_as(api_county.county.users[Role.COUNTY_ADMIN])
    Project.objects.filter(pk=records["projects"]["sibling"].pk).update(is_active=False)
    response = client.get(reverse("projects:project_export"), {"active": "0"})
    rows = _sheet_rows(response)
    assert rows[0][:3] == ["项目名称", "所属品牌", "服务类别"]
    assert [row[0] for row in rows[1:]] == ["西林村关老爱老"]
    assert rows[1][6:] == ["否", 0, 0, 0, 0, 1]


def test_award_export_matches_the_filters_and_shows_no_id_number(api_county):
    county = api_county.county
    records_in_every_scope(api_county)
    Award.objects.create(
        region=county.village,
        level=AwardLevel.PROVINCE,
        category=AwardCategory.EXCELLENT_VOLUNTEER,
        year=2022,
        title="省级优秀志愿者",
        volunteer=county.volunteers["own"],
    )
    response = client_as(county.users[Role.COUNTY_ADMIN]).get(reverse("projects:award_export"), {"level": "province"})
    rows = _sheet_rows(response)
    volunteer = county.volunteers["own"]
    assert rows[1:] == [
        [2022, "省级", "优秀志愿者", "省级优秀志愿者", "", "志愿者", "张东兴", volunteer.volunteer_number, "东兴村"]
    ]
    assert volunteer.id_number_masked[-4:] not in "".join(str(cell) for cell in rows[1])


def test_site_awards_page_lists_only_that_sites_awards(api_county):
    county = api_county.county
    records_in_every_scope(api_county)
    Award.objects.create(
        region=county.village,
        level=AwardLevel.CITY,
        category=AwardCategory.EXCELLENT_COMMUNITY,
        year=2023,
        title="优秀志愿服务站",
        site=county.station,
    )
    response = client_as(county.users[Role.RESIDENT]).get(reverse("projects:award_list"), {"site": county.station.pk})
    body = response.content.decode()
    assert len(re.findall(r'id="award-\d', body)) == 1
    assert "优秀志愿服务站" in body


def test_project_page_shows_its_awards_through_the_partial(api_county):
    records = records_in_every_scope(api_county)
    project = records["projects"]["own"]
    response = client_as(api_county.county.users[Role.VOLUNTEER]).get(
        reverse("projects:project_detail", kwargs={"project_id": project.pk})
    )
    assert response.status_code == 200
    assert "东兴村优秀志愿服务项目" in response.content.decode()
    assert [award.title for award in response.context["awards"]] == ["东兴村优秀志愿服务项目"]


def test_award_form_refusal_names_the_field_and_records_nothing(api_county):
    county = api_county.county
    before = Award.objects.count()
    response = client_as(county.users[Role.TOWNSHIP_ADMIN]).post(
        reverse("projects:award_create"),
        {
            "awardee_type": "volunteer",
            "awardee_id": 999999,
            "level": "city",
            "category": "other",
            "year": 2023,
            "title": "荣誉",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["awardee_id"] == ["获奖对象不存在，或不在您的管辖范围内。"]
    assert Award.objects.count() == before


def test_project_deactivate_page(api_county):
    project = records_in_every_scope(api_county)["projects"]["own"]
    response = client_as(api_county.county.users[Role.COUNTY_ADMIN]).post(
        reverse("projects:project_deactivate", kwargs={"project_id": project.pk})
    )
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).is_active is False
