from ninja import Schema

from wenming.core.masking import mask_phone
from wenming.volunteers.models import Volunteer


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
