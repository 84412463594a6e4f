import datetime as dt

from ninja import Schema

from wenming.teams.models import Team


class TeamOut(Schema):
    id: int
    name: str
    region_code: str
    region_name: str
    category_code: str
    category_name: str
    home_site_id: int
    home_site_name: str
    leader_volunteer_number: str | None
    leader_name: str | None
    founded_on: dt.date
    is_active: bool

    @staticmethod
    def resolve_region_code(team: Team) -> str:
        return team.region.code

    @staticmethod
    def resolve_region_name(team: Team) -> str:
        return team.region.name

    @staticmethod
    def resolve_category_code(team: Team) -> str:
        return team.category.code

    @staticmethod
    def resolve_category_name(team: Team) -> str:
        return team.category.name

    @staticmethod
    def resolve_home_site_name(team: Team) -> str:
        return team.home_site.name

    @staticmethod
    def resolve_leader_volunteer_number(team: Team) -> str | None:
        return team.leader.volunteer_number if team.leader is not None else None

    @staticmethod
    def resolve_leader_name(team: Team) -> str | None:
        return team.leader.name if team.leader is not None else None
