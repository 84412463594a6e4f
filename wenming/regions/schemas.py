from ninja import Schema

from wenming.regions.models import Region


class RegionOut(Schema):
    code: str
    name: str
    level: str
    level_display: str
    parent_code: str | None
    is_community: bool
    population: int | None

    @staticmethod
    def resolve_level_display(region: Region) -> str:
        return str(region.get_level_display())

    @staticmethod
    def resolve_parent_code(region: Region) -> str | None:
        return region.parent.code if region.parent is not None else None
