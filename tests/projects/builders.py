"""Builders of the projects tests: a brand, projects and awards at every matrix scope, and project figures."""

from typing import Any

from wenming.projects.models import Award, AwardCategory, AwardLevel, Brand, Project

SCOPE_REGIONS = {"own": "village", "sibling": "sibling_village", "parent": "township"}


def records_in_every_scope(api_county: Any) -> dict[str, dict[str, Any]]:
    """One brand, project and award per matrix scope (own village, sibling village, township).

    Made once per test and kept on the fixture, so every row of one test sees the same records.
    """
    if "project_records" not in api_county.targets:
        county = api_county.county
        made: dict[str, dict[str, Any]] = {"brands": {}, "projects": {}, "awards": {}}
        for scope, attribute in SCOPE_REGIONS.items():
            region = getattr(county, attribute)
            brand = Brand.objects.create(region=region, name=f"{region.name}爱心品牌", slogan="爱撒骊城")
            project = Project.objects.create(region=region, brand=brand, name=f"{region.name}关老爱老")
            award = Award.objects.create(
                region=region,
                level=AwardLevel.CITY,
                category=AwardCategory.EXCELLENT_PROJECT,
                year=2023,
                title=f"{region.name}优秀志愿服务项目",
                issuer="伊春市文明办",
                project=project,
            )
            made["brands"][scope] = brand
            made["projects"][scope] = project
            made["awards"][scope] = award
        api_county.targets["project_records"] = made
    return api_county.targets["project_records"]
