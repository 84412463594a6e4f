import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from wenming.core.masking import mask_phone
from wenming.volunteers.models import Volunteer, VolunteerStatus


class VolunteerOut(Schema):
    """A volunteer as the API shows it: the ID and phone numbers only ever masked."""

    id: int
    volunteer_number: str
    name: str
    gender: str
    gender_display: str
    birth_year: int
    region_code: str
    region_name: str
    status: str
    status_display: str
    id_number_masked: str
    phone_masked: str

    @staticmethod
    def resolve_gender_display(volunteer: Volunteer) -> str:
        return str(volunteer.get_gender_display())

    @staticmethod
    def resolve_birth_year(volunteer: Volunteer) -> int:
        return volunteer.birth_on.year

    @staticmethod
    def resolve_region_code(volunteer: Volunteer) -> str:
        return volunteer.region.code

    @staticmethod
    def resolve_region_name(volunteer: Volunteer) -> str:
        return volunteer.region.name

    @staticmethod
    def resolve_status_display(volunteer: Volunteer) -> str:
        return str(volunteer.get_status_display())

    @staticmethod
    def resolve_phone_masked(volunteer: Volunteer) -> str:
        return mask_phone(volunteer.phone)


class IdNumberRevealIn(Schema):
    """Why the full ID number is needed (required of staff; a volunteer asking for their own may omit it)."""

    reason: str = ""


class IdNumberOut(Schema):
    id_number: str


class VolunteerDetailOut(VolunteerOut):
    """One volunteer with the registration and review facts, tags, skills and current teams (masked)."""

    channel: str
    channel_display: str
    registered_at: dt.datetime
    consent_at: dt.datetime | None
    is_sensitive: bool
    reviewed_at: dt.datetime | None
    review_note: str
    tags: list[str]
    skills: list[str]
    teams: list[str]

    @staticmethod
    def resolve_channel_display(volunteer: Volunteer) -> str:
        return str(volunteer.get_channel_display())

    @staticmethod
    def resolve_tags(volunteer: Volunteer) -> list[str]:
        return [tag.code for tag in volunteer.tags.all()]

    @staticmethod
    def resolve_skills(volunteer: Volunteer) -> list[str]:
        return [skill.code for skill in volunteer.skills.all()]

    @staticmethod
    def resolve_teams(volunteer: Volunteer) -> list[str]:
        return [
            membership.team.name
            for membership in volunteer.memberships.filter(left_on__isnull=True).select_related("team")
        ]


class VolunteerRegisterIn(Schema):
    """Staff entry of a registration: active at once (`activate`), or pending review."""

    region_code: str = Field(..., max_length=12)
    name: str = Field(..., max_length=64)
    id_number: str = Field(..., max_length=18)
    phone: str = Field(..., max_length=20)
    consents: bool = Field(..., description="本人已同意志愿者个人信息处理规则（纸质或口头同意由工作人员确认）")
    activate: bool = True
    guardian_name: str = Field("", max_length=64)
    guardian_phone: str = Field("", max_length=20)
    guardian_consents: bool = False
    tags: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=50)
    skills: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=50)


class VolunteerReviewIn(Schema):
    note: str = Field("", max_length=200)


class VolunteerUpdateIn(Schema):
    """Fields left out are kept; `tags` and `skills` replace the volunteer's whole list when given."""

    phone: str | None = Field(None, max_length=20)
    status: VolunteerStatus | None = None
    tags: list[Annotated[str, Field(max_length=40)]] | None = Field(None, max_length=50)
    skills: list[Annotated[str, Field(max_length=40)]] | None = Field(None, max_length=50)


class VolunteerExportIn(Schema):
    """The list's filters, and whether to export full ID and phone numbers.

    Full numbers are for county and township admins, with a reason; each such export is audited.
    """

    q: str = Field("", max_length=64)
    tag: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=50)
    skill: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=50)
    status: VolunteerStatus | None = None
    region_code: str = Field("", max_length=12)
    unmasked: bool = False
    reason: str = Field("", max_length=200)


class VolunteerListFilters(Schema):
    region_code: str | None = None
    status: VolunteerStatus | None = None
    search: str | None = None
    q: str | None = Field(None, max_length=64, description="姓名、拼音或拼音首字母、志愿者编号、手机尾号（4位以上）")
    tag: list[Annotated[str, Field(max_length=40)]] = Field(
        default_factory=list, max_length=50, description="标签编码（可多个，须全部具备）"
    )
    skill: list[Annotated[str, Field(max_length=40)]] = Field(
        default_factory=list, max_length=50, description="技能编码（可多个，须全部具备）"
    )
