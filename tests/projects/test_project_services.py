"""Brands and projects: unique names per region, links within the region, deactivation, beneficiary reports."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.api.conftest import client_as
from wenming.core.errors import DomainError, PermissionDeniedError
from wenming.projects.models import Brand, Project, ProjectBeneficiaryReport
from wenming.projects.services import (
    brand_create,
    project_beneficiary_report_create,
    project_create,
    project_deactivate,
    project_update,
)
from wenming.regions.roles import Role


def test_project_created_with_brand_and_lead_team(county):
    brand = brand_create(region=county.county, name="爱撒骊城", acting_user=county.users[Role.COUNTY_ADMIN])
    project = project_create(
        region=county.village,
        name="关老爱老",
        brand=brand,
        lead_team=county.team,
        acting_user=county.users[Role.TOWNSHIP_ADMIN],
    )
    assert (project.brand_id, project.lead_team_id, project.region_id) == (brand.pk, county.team.pk, county.village.pk)


def test_project_name_is_unique_in_its_region(county):
    project_create(region=county.township, name="文明交通", acting_user=county.users[Role.COUNTY_ADMIN])
    with pytest.raises(ValidationError) as refusal:
        project_create(region=county.township, name=" 文明交通 ", acting_user=county.users[Role.COUNTY_ADMIN])
    assert refusal.value.message_dict == {"name": ["本区划已有同名项目。"]}
    assert Project.objects.count() == 1


def test_lead_team_outside_the_project_region_is_refused(county):
    with pytest.raises(ValidationError) as refusal:
        project_create(
            region=county.sibling_village,
            name="文化惠民",
            lead_team=county.team,
            acting_user=county.users[Role.COUNTY_ADMIN],
        )
    assert refusal.value.message_dict == {"lead_team": ["牵头队伍须在项目所在区划内。"]}
    assert Project.objects.count() == 0


def test_brand_of_a_lower_region_is_refused(county):
    brand = Brand.objects.create(region=county.village, name="东兴品牌")
    with pytest.raises(ValidationError) as refusal:
        project_create(region=county.township, name="项目", brand=brand, acting_user=county.users[Role.COUNTY_ADMIN])
    assert refusal.value.message_dict == {"brand": ["所选品牌不属于项目所在区划或其上级区划。"]}


def test_station_admin_may_not_create_projects(county):
    with pytest.raises(PermissionDeniedError):
        project_create(region=county.village, name="项目", acting_user=county.users[Role.STATION_ADMIN])
    assert Project.objects.count() == 0


def test_project_update_and_deactivate(county):
    project = project_create(region=county.village, name="旧名", acting_user=county.users[Role.COUNTY_ADMIN])
    project_update(project_id=project.pk, name="新名", acting_user=county.users[Role.TOWNSHIP_ADMIN])
    project_deactivate(project_id=project.pk, acting_user=county.users[Role.TOWNSHIP_ADMIN])
    project.refresh_from_db()
    assert (project.name, project.is_active) == ("新名", False)
    with pytest.raises(DomainError) as refusal:
        project_deactivate(project_id=project.pk, acting_user=county.users[Role.TOWNSHIP_ADMIN])
    assert refusal.value.code == "already_inactive"


def test_beneficiary_reports_never_overlap(county):
    project = project_create(region=county.village, name="关老爱老", acting_user=county.users[Role.COUNTY_ADMIN])
    admin = county.users[Role.COUNTY_ADMIN]
    project_beneficiary_report_create(
        project_id=project.pk,
        period_from=dt.date(2023, 1, 1),
        period_to=dt.date(2023, 6, 30),
        beneficiaries=150,
        acting_user=admin,
    )
    with pytest.raises(ValidationError) as refusal:
        project_beneficiary_report_create(
            project_id=project.pk,
            period_from=dt.date(2023, 6, 1),
            period_to=dt.date(2023, 12, 31),
            beneficiaries=10,
            acting_user=admin,
        )
    assert refusal.value.message_dict == {"period_from": ["该时段与已填报的时段重叠，请勿重复填报。"]}
    with pytest.raises(ValidationError) as refusal:
        project_beneficiary_report_create(
            project_id=project.pk,
            period_from=dt.date(2023, 7, 1),
            period_to=dt.date(2023, 12, 31),
            beneficiaries=0,
            acting_user=admin,
        )
    assert list(refusal.value.message_dict) == ["beneficiaries"]
    assert list(ProjectBeneficiaryReport.objects.values_list("beneficiaries", flat=True)) == [150]


def test_api_project_create_names_the_bad_field(api_county):
    county = api_county.county
    client = client_as(county.users[Role.COUNTY_ADMIN])
    response = client.post(
        "/api/v1/projects", {"region_code": county.village.code, "name": ""}, content_type="application/json"
    )
    assert (response.status_code, response.json()["field"], response.json()["message"]) == (
        400,
        "name",
        "请填写项目名称。",
    )
    response = client.post(
        "/api/v1/projects",
        {"region_code": county.village.code, "name": "项目", "lead_team_id": 2_000_000_000},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["field"]) == (404, "lead_team_id")
    assert Project.objects.count() == 0
