import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema
from pydantic import field_validator

from wenming.core.fields import ID_MAX
from wenming.core.masking import mask_phone
from wenming.organizations.models import (
    JointMeeting,
    JointMeetingFile,
    Organization,
    OrganizationKind,
    Pairing,
    PolicyDocument,
    PolicyDocumentVersion,
    PolicyKind,
)

RegionCode = Field(..., min_length=6, max_length=12, pattern=r"^\d+$")


def _not_null(value: Any) -> Any:
    if value is None:
        raise ValueError("this field cannot be null")
    return value


# -- contact units ---------------------------------------------------------------------------------


class OrganizationOut(Schema):
    """A contact unit; its contact phone only ever masked (the full number in an audited export)."""

    id: int
    name: str
    kind: str
    kind_display: str
    region_code: str
    region_name: str
    contact_name: str
    contact_phone_masked: str
    address: str
    is_active: bool
    active_pairing_count: int
    joint_activity_count: int

    @staticmethod
    def resolve_kind_display(unit: Organization) -> str:
        return str(unit.get_kind_display())

    @staticmethod
    def resolve_region_code(unit: Organization) -> str:
        return unit.region.code

    @staticmethod
    def resolve_region_name(unit: Organization) -> str:
        return unit.region.name

    @staticmethod
    def resolve_contact_phone_masked(unit: Organization) -> str:
        return mask_phone(unit.contact_phone)


class OrganizationIn(Schema):
    region_code: str = RegionCode
    name: str = Field(..., max_length=120)
    kind: OrganizationKind = OrganizationKind.OTHER
    contact_name: str = Field("", max_length=64)
    contact_phone: str = Field("", max_length=20)
    address: str = Field("", max_length=200)


class OrganizationPatchIn(Schema):
    """Only the fields sent are changed."""

    name: str | None = Field(None, max_length=120)
    kind: OrganizationKind | None = None
    contact_name: str | None = Field(None, max_length=64)
    contact_phone: str | None = Field(None, max_length=20)
    address: str | None = Field(None, max_length=200)

    @field_validator("name", "kind", "contact_name", "contact_phone", "address", mode="after")
    @classmethod
    def _refuse_null(cls, value: Any) -> Any:
        return _not_null(value)


class ExportIn(Schema):
    """Unmasked (full phone numbers) only for county and township admins, with a reason; audited."""

    unmasked: bool = False
    reason: str = Field("", max_length=200)


class OrganizationExportIn(ExportIn):
    region_code: str | None = Field(None, max_length=12, pattern=r"^\d+$")
    kind: OrganizationKind | None = None
    is_active: bool | None = None
    search: str | None = Field(None, max_length=120)


# -- pairings --------------------------------------------------------------------------------------


class PairingOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    site_id: int
    site_name: str
    site_kind: str
    region_code: str
    region_name: str
    shares_site: bool
    shares_team: bool
    gives_technical_guidance: bool
    shares_resources: bool
    modes: list[str]
    started_on: dt.date
    ended_on: dt.date | None
    is_active: bool
    note: str
    joint_activity_count: int
    joint_activity_hours: Decimal

    @staticmethod
    def resolve_organization_name(pairing: Pairing) -> str:
        return pairing.organization.name

    @staticmethod
    def resolve_site_name(pairing: Pairing) -> str:
        return pairing.site.name

    @staticmethod
    def resolve_site_kind(pairing: Pairing) -> str:
        return pairing.site.kind

    @staticmethod
    def resolve_region_code(pairing: Pairing) -> str:
        return pairing.region.code

    @staticmethod
    def resolve_region_name(pairing: Pairing) -> str:
        return pairing.region.name

    @staticmethod
    def resolve_is_active(pairing: Pairing) -> bool:
        return pairing.is_active_on(timezone.localdate())


class PairingIn(Schema):
    organization_id: int = Field(..., ge=1, le=ID_MAX)
    site_id: int = Field(..., ge=1, le=ID_MAX)
    shares_site: bool = False
    shares_team: bool = False
    gives_technical_guidance: bool = False
    shares_resources: bool = False
    started_on: dt.date
    ended_on: dt.date | None = None
    note: str = Field("", max_length=200)


class PairingPatchIn(Schema):
    """Only the fields sent are changed; `ended_on: null` reopens a pairing ended by mistake."""

    shares_site: bool | None = None
    shares_team: bool | None = None
    gives_technical_guidance: bool | None = None
    shares_resources: bool | None = None
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    note: str | None = Field(None, max_length=200)

    @field_validator(
        "shares_site", "shares_team", "gives_technical_guidance", "shares_resources", "started_on", "note", mode="after"
    )
    @classmethod
    def _refuse_null(cls, value: Any) -> Any:
        return _not_null(value)


class PairingEndIn(Schema):
    ended_on: dt.date


class PairingExportIn(ExportIn):
    region_code: str | None = Field(None, max_length=12, pattern=r"^\d+$")
    site_id: int | None = Field(None, ge=1, le=ID_MAX)
    organization_id: int | None = Field(None, ge=1, le=ID_MAX)
    mode: str | None = Field(None, pattern=r"^(shares_site|shares_team|gives_technical_guidance|shares_resources)$")
    is_active: bool | None = None


class JointActivityOut(Schema):
    id: int
    title: str
    status: str
    status_display: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    organizer_site_name: str
    participant_count: int
    approved_hours: Decimal

    @staticmethod
    def resolve_status_display(activity: Any) -> str:
        return str(activity.get_status_display())

    @staticmethod
    def resolve_organizer_site_name(activity: Any) -> str:
        return activity.organizer_site.name


# -- files -----------------------------------------------------------------------------------------


class StoredFileOut(Schema):
    number: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    change_note: str
    uploaded_at: dt.datetime
    download_url: str

    @staticmethod
    def resolve_download_url(stored: PolicyDocumentVersion | JointMeetingFile) -> str:
        if isinstance(stored, PolicyDocumentVersion):
            kwargs = {"document_id": stored.document_id, "number": stored.number}
            return reverse("api-v1:policy_document_version_file", kwargs=kwargs)
        return reverse(
            "api-v1:joint_meeting_file_download", kwargs={"meeting_id": stored.meeting_id, "number": stored.number}
        )


# -- policy documents ------------------------------------------------------------------------------


class PolicyDocumentOut(Schema):
    id: int
    title: str
    kind: str
    kind_display: str
    document_number: str
    issuer: str
    issued_on: dt.date
    summary: str
    region_code: str
    region_name: str
    version_count: int

    @staticmethod
    def resolve_kind_display(document: PolicyDocument) -> str:
        return str(document.get_kind_display())

    @staticmethod
    def resolve_region_code(document: PolicyDocument) -> str:
        return document.region.code

    @staticmethod
    def resolve_region_name(document: PolicyDocument) -> str:
        return document.region.name


class PolicyDocumentIn(Schema):
    """The document's record; its file is uploaded next as version 1 (POST …/versions)."""

    region_code: str = RegionCode
    title: str = Field(..., max_length=200)
    kind: PolicyKind
    document_number: str = Field("", max_length=60)
    issuer: str = Field(..., max_length=120)
    issued_on: dt.date
    summary: str = Field("", max_length=5000)


class PolicyDocumentPatchIn(Schema):
    title: str | None = Field(None, max_length=200)
    kind: PolicyKind | None = None
    document_number: str | None = Field(None, max_length=60)
    issuer: str | None = Field(None, max_length=120)
    issued_on: dt.date | None = None
    summary: str | None = Field(None, max_length=5000)

    @field_validator("title", "kind", "document_number", "issuer", "issued_on", "summary", mode="after")
    @classmethod
    def _refuse_null(cls, value: Any) -> Any:
        return _not_null(value)


class PolicyDocumentExportIn(Schema):
    region_code: str | None = Field(None, max_length=12, pattern=r"^\d+$")
    kind: PolicyKind | None = None
    search: str | None = Field(None, max_length=200)


# -- joint meetings --------------------------------------------------------------------------------


class NamedOut(Schema):
    id: int
    name: str


class JointMeetingOut(Schema):
    id: int
    title: str
    held_on: dt.date
    place: str
    convener: str
    topics: str
    minutes: str
    region_code: str
    region_name: str
    unit_count: int
    file_count: int

    @staticmethod
    def resolve_region_code(meeting: JointMeeting) -> str:
        return meeting.region.code

    @staticmethod
    def resolve_region_name(meeting: JointMeeting) -> str:
        return meeting.region.name


class JointMeetingDetailOut(JointMeetingOut):
    attendee_units: list[NamedOut]
    attendee_sites: list[NamedOut]
    files: list[StoredFileOut]

    @staticmethod
    def resolve_attendee_units(meeting: JointMeeting) -> list[dict[str, Any]]:
        return [{"id": unit.pk, "name": unit.name} for unit in meeting.attendee_units.all()]

    @staticmethod
    def resolve_attendee_sites(meeting: JointMeeting) -> list[dict[str, Any]]:
        return [{"id": site.pk, "name": site.name} for site in meeting.attendee_sites.all()]

    @staticmethod
    def resolve_files(meeting: JointMeeting) -> list[JointMeetingFile]:
        return list(meeting.files.order_by("-number"))


RecordId = Annotated[int, Field(ge=1, le=ID_MAX)]


class JointMeetingIn(Schema):
    region_code: str = RegionCode
    title: str = Field(..., max_length=200)
    held_on: dt.date
    place: str = Field("", max_length=200)
    convener: str = Field(..., max_length=120)
    topics: str = Field(..., max_length=5000)
    minutes: str = Field("", max_length=20000)
    attendee_unit_ids: list[RecordId] = Field(default_factory=list, max_length=200)
    attendee_site_ids: list[RecordId] = Field(default_factory=list, max_length=200)


class JointMeetingPatchIn(Schema):
    """Only the fields sent are changed; an id list sent replaces the attendees."""

    title: str | None = Field(None, max_length=200)
    held_on: dt.date | None = None
    place: str | None = Field(None, max_length=200)
    convener: str | None = Field(None, max_length=120)
    topics: str | None = Field(None, max_length=5000)
    minutes: str | None = Field(None, max_length=20000)
    attendee_unit_ids: list[RecordId] | None = Field(None, max_length=200)
    attendee_site_ids: list[RecordId] | None = Field(None, max_length=200)

    @field_validator(
        "title",
        "held_on",
        "place",
        "convener",
        "topics",
        "minutes",
        "attendee_unit_ids",
        "attendee_site_ids",
        mode="after",
    )
    @classmethod
    def _refuse_null(cls, value: Any) -> Any:
        return _not_null(value)


class JointMeetingExportIn(Schema):
    region_code: str | None = Field(None, max_length=12, pattern=r"^\d+$")
    held_from: dt.date | None = None
    held_to: dt.date | None = None
    organization_id: int | None = Field(None, ge=1, le=ID_MAX)
    search: str | None = Field(None, max_length=200)
