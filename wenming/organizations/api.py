"""Contact units, pairings (with their joint activities), policy documents and joint meetings.

Mounted at the API root: /organizations, /pairings, /policy-documents, /joint-meetings. Reads go
through the selectors (scoped to the caller), writes through the services; files are uploaded as
multipart and downloaded only through the access-checked endpoints here.
"""

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Path, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from wenming.activities.models import Activity
from wenming.core.fields import ID_MAX
from wenming.core.pagination import BoundedPageNumberPagination
from wenming.organizations import exports, selectors, services
from wenming.organizations.files import stored_file_response
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
from wenming.organizations.schemas import (
    JointActivityOut,
    JointMeetingDetailOut,
    JointMeetingExportIn,
    JointMeetingIn,
    JointMeetingOut,
    JointMeetingPatchIn,
    OrganizationExportIn,
    OrganizationIn,
    OrganizationOut,
    OrganizationPatchIn,
    PairingEndIn,
    PairingExportIn,
    PairingIn,
    PairingOut,
    PairingPatchIn,
    PolicyDocumentExportIn,
    PolicyDocumentIn,
    PolicyDocumentOut,
    PolicyDocumentPatchIn,
    StoredFileOut,
)
from wenming.regions.models import Region
from wenming.sites.models import Site
from wenming.volunteers.services import personal_data_export_authorize

router = Router(tags=["organizations"])

PAGE_SIZE = 50
XLSX_RESPONSE = {
    "responses": {
        200: {
            "description": "Excel (.xlsx)",
            "content": {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                }
            },
        }
    }
}
FILE_RESPONSE = {
    "responses": {
        200: {"description": "the stored file", "content": {"application/octet-stream": {"schema": {"type": "string"}}}}
    }
}
RecordId = Annotated[int, Path(ge=1, le=ID_MAX)]
MODE_PATTERN = r"^(shares_site|shares_team|gives_technical_guidance|shares_resources)$"


def _region(code: str) -> Region:
    """The region a new record is filed under; whether the caller may write there is the service's question."""
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({"region_code": [_("行政区划不存在。")]})
    return region


def _records(model: type[Any], ids: list[int], field: str) -> list[Any]:
    records = list(model._default_manager.filter(pk__in=set(ids)))
    if len(records) != len(set(ids)):
        raise ValidationError({field: [_("所选记录中有不存在的记录。")]})
    return records


def _export_allowed(request: HttpRequest, payload: Any, export_name: str) -> bool:
    return personal_data_export_authorize(
        user=request.user,
        unmasked=payload.unmasked,
        reason=payload.reason,
        export_name=export_name,
        ip_address=request.META.get("REMOTE_ADDR"),
    )


# -- contact units ---------------------------------------------------------------------------------


@router.get("/organizations", response=list[OrganizationOut], url_name="organization_list")
@paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE)
def organization_list_api(
    request: HttpRequest,
    region_code: str | None = Query(None, max_length=12, pattern=r"^\d+$"),
    kind: OrganizationKind | None = None,
    is_active: bool | None = None,
    search: str | None = Query(None, max_length=120),
) -> QuerySet[Organization]:
    """Contact units of the caller's scope (a contact unit: its own), with active pairings and joint activities."""
    return selectors.organization_list(
        user=request.user, region_code=region_code, kind=kind, is_active=is_active, search=search
    )


@router.post("/organizations", response={201: OrganizationOut}, url_name="organization_create")
def organization_create_api(request: HttpRequest, payload: OrganizationIn) -> Status[Organization]:
    data = payload.dict()
    region = _region(data.pop("region_code"))
    unit = services.organization_create(region=region, acting_user=request.user, **data)
    return Status(201, selectors.organization_get(user=request.user, organization_id=unit.pk))


@router.post("/organizations/export", url_name="organization_export", openapi_extra=XLSX_RESPONSE)
def organization_export_api(request: HttpRequest, payload: OrganizationExportIn) -> HttpResponse:
    """The list as Excel, with the same filters; full phone numbers only in an audited unmasked export."""
    units = selectors.organization_list(
        user=request.user,
        region_code=payload.region_code,
        kind=payload.kind,
        is_active=payload.is_active,
        search=payload.search,
    )
    unmasked = _export_allowed(request, payload, _("联系单位"))
    return exports.organization_xlsx(units=units, unmasked=unmasked)


@router.get("/organizations/{organization_id}", response=OrganizationOut, url_name="organization_detail")
def organization_detail_api(request: HttpRequest, organization_id: RecordId) -> Organization:
    return selectors.organization_get(user=request.user, organization_id=organization_id)


@router.patch("/organizations/{organization_id}", response=OrganizationOut, url_name="organization_update")
def organization_update_api(
    request: HttpRequest, organization_id: RecordId, payload: OrganizationPatchIn
) -> Organization:
    services.organization_update(
        organization_id=organization_id, acting_user=request.user, **payload.dict(exclude_unset=True)
    )
    return selectors.organization_get(user=request.user, organization_id=organization_id)


@router.post(
    "/organizations/{organization_id}/deactivate", response=OrganizationOut, url_name="organization_deactivate"
)
def organization_deactivate_api(request: HttpRequest, organization_id: RecordId) -> Organization:
    """Stop using a unit (kept on record); refused while it has a running pairing."""
    services.organization_deactivate(organization_id=organization_id, acting_user=request.user)
    return selectors.organization_get(user=request.user, organization_id=organization_id)


# -- pairings --------------------------------------------------------------------------------------


@router.get("/pairings", response=list[PairingOut], url_name="pairing_list")
@paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE)
def pairing_list_api(
    request: HttpRequest,
    region_code: str | None = Query(None, max_length=12, pattern=r"^\d+$"),
    site_id: int | None = Query(None, ge=1, le=ID_MAX),
    organization_id: int | None = Query(None, ge=1, le=ID_MAX),
    mode: str | None = Query(None, pattern=MODE_PATTERN),
    is_active: bool | None = None,
) -> QuerySet[Pairing]:
    """Pairings of the caller's scope (a contact unit: its own), each with its finished joint activities and hours.

    `mode`: shares_site 阵地联建, shares_team 队伍共用, gives_technical_guidance 技术指导, shares_resources 资源共享.
    """
    return selectors.pairing_list(
        user=request.user,
        region_code=region_code,
        site_id=site_id,
        organization_id=organization_id,
        mode=mode,
        is_active=is_active,
    )


@router.post("/pairings", response={201: PairingOut}, url_name="pairing_create")
def pairing_create_api(request: HttpRequest, payload: PairingIn) -> Status[Pairing]:
    """Pair a unit with an institute or station: at least one mode, no overlap with a running pairing of the two."""
    data = payload.dict()
    organization = Organization.objects.filter(pk=data.pop("organization_id")).first()
    site = Site.objects.select_related("region").filter(pk=data.pop("site_id")).first()
    if organization is None:
        raise ValidationError({"organization_id": [_("联系单位不存在。")]})
    if site is None:
        raise ValidationError({"site_id": [_("阵地不存在。")]})
    pairing = services.pairing_create(organization=organization, site=site, acting_user=request.user, **data)
    return Status(201, selectors.pairing_get(user=request.user, pairing_id=pairing.pk))


@router.post("/pairings/export", url_name="pairing_export", openapi_extra=XLSX_RESPONSE)
def pairing_export_api(request: HttpRequest, payload: PairingExportIn) -> HttpResponse:
    """The list as Excel with each pairing's joint activities, the same filters; phones masked unless audited."""
    pairings = selectors.pairing_list(
        user=request.user,
        region_code=payload.region_code,
        site_id=payload.site_id,
        organization_id=payload.organization_id,
        mode=payload.mode,
        is_active=payload.is_active,
    )
    unmasked = _export_allowed(request, payload, _("结对共建"))
    return exports.pairing_xlsx(pairings=pairings, unmasked=unmasked)


@router.get("/pairings/{pairing_id}", response=PairingOut, url_name="pairing_detail")
def pairing_detail_api(request: HttpRequest, pairing_id: RecordId) -> Pairing:
    return selectors.pairing_get(user=request.user, pairing_id=pairing_id)


@router.patch("/pairings/{pairing_id}", response=PairingOut, url_name="pairing_update")
def pairing_update_api(request: HttpRequest, pairing_id: RecordId, payload: PairingPatchIn) -> Pairing:
    services.pairing_update(pairing_id=pairing_id, acting_user=request.user, **payload.dict(exclude_unset=True))
    return selectors.pairing_get(user=request.user, pairing_id=pairing_id)


@router.post("/pairings/{pairing_id}/end", response=PairingOut, url_name="pairing_end")
def pairing_end_api(request: HttpRequest, pairing_id: RecordId, payload: PairingEndIn) -> Pairing:
    services.pairing_end(pairing_id=pairing_id, ended_on=payload.ended_on, acting_user=request.user)
    return selectors.pairing_get(user=request.user, pairing_id=pairing_id)


@router.get("/pairings/{pairing_id}/activities", response=list[JointActivityOut], url_name="pairing_activities")
@paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE)
def pairing_activities_api(request: HttpRequest, pairing_id: RecordId, finished: bool = False) -> QuerySet[Activity]:
    """The pairing's joint activities, latest first, with participants (人次) and approved hours.

    `finished=true` keeps the finished ones: the activities the reports count.
    """
    pairing = selectors.pairing_get(user=request.user, pairing_id=pairing_id)
    return selectors.pairing_joint_activities(pairing=pairing, finished_only=finished)


# -- policy documents ------------------------------------------------------------------------------


@router.get("/policy-documents", response=list[PolicyDocumentOut], url_name="policy_document_list")
@paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE)
def policy_document_list_api(
    request: HttpRequest,
    region_code: str | None = Query(None, max_length=12, pattern=r"^\d+$"),
    kind: PolicyKind | None = None,
    search: str | None = Query(None, max_length=200),
) -> QuerySet[PolicyDocument]:
    """Policy documents issued in the caller's scope (work plan, joint-meeting rules, contact-point rules…)."""
    return selectors.policy_document_list(user=request.user, region_code=region_code, kind=kind, search=search)


@router.post("/policy-documents", response={201: PolicyDocumentOut}, url_name="policy_document_create")
def policy_document_create_api(request: HttpRequest, payload: PolicyDocumentIn) -> Status[PolicyDocument]:
    data = payload.dict()
    region = _region(data.pop("region_code"))
    document = services.policy_document_create(region=region, acting_user=request.user, **data)
    return Status(201, selectors.policy_document_get(user=request.user, document_id=document.pk))


@router.post("/policy-documents/export", url_name="policy_document_export", openapi_extra=XLSX_RESPONSE)
def policy_document_export_api(request: HttpRequest, payload: PolicyDocumentExportIn) -> HttpResponse:
    documents = selectors.policy_document_list(
        user=request.user, region_code=payload.region_code, kind=payload.kind, search=payload.search
    )
    return exports.policy_document_xlsx(documents=documents)


@router.get("/policy-documents/{document_id}", response=PolicyDocumentOut, url_name="policy_document_detail")
def policy_document_detail_api(request: HttpRequest, document_id: RecordId) -> PolicyDocument:
    return selectors.policy_document_get(user=request.user, document_id=document_id)


@router.patch("/policy-documents/{document_id}", response=PolicyDocumentOut, url_name="policy_document_update")
def policy_document_update_api(
    request: HttpRequest, document_id: RecordId, payload: PolicyDocumentPatchIn
) -> PolicyDocument:
    services.policy_document_update(
        document_id=document_id, acting_user=request.user, **payload.dict(exclude_unset=True)
    )
    return selectors.policy_document_get(user=request.user, document_id=document_id)


@router.get(
    "/policy-documents/{document_id}/versions", response=list[StoredFileOut], url_name="policy_document_versions"
)
def policy_document_versions_api(request: HttpRequest, document_id: RecordId) -> list[PolicyDocumentVersion]:
    """Every version of the document's file, newest first; none is ever replaced."""
    document = selectors.policy_document_get(user=request.user, document_id=document_id)
    return list(selectors.policy_document_versions(document=document))


@router.post(
    "/policy-documents/{document_id}/versions",
    response={201: StoredFileOut},
    url_name="policy_document_version_upload",
)
def policy_document_version_upload_api(
    request: HttpRequest,
    document_id: RecordId,
    file: UploadedFile = File(...),  # noqa: B008
    change_note: str = Form("", max_length=200),
) -> Status[PolicyDocumentVersion]:
    """Upload the next version (PDF, DOCX, DOC, XLSX, JPG or PNG, checked by content, within the size limit)."""
    version = services.policy_document_version_upload(
        document_id=document_id, upload=file, change_note=change_note, acting_user=request.user
    )
    return Status(201, version)


@router.get(
    "/policy-documents/{document_id}/versions/{number}/file",
    url_name="policy_document_version_file",
    openapi_extra=FILE_RESPONSE,
)
def policy_document_version_file_api(request: HttpRequest, document_id: RecordId, number: RecordId) -> FileResponse:
    """The version's file as an attachment under its original name (only for those who see the document)."""
    version = selectors.policy_document_version_get(user=request.user, document_id=document_id, number=number)
    return stored_file_response(version)


# -- joint meetings --------------------------------------------------------------------------------


@router.get("/joint-meetings", response=list[JointMeetingOut], url_name="joint_meeting_list")
@paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE)
def joint_meeting_list_api(request: HttpRequest, filters: Query[JointMeetingExportIn]) -> QuerySet[JointMeeting]:
    """Joint meetings of the caller's scope (a contact unit: those it attended), latest first."""
    return selectors.joint_meeting_list(user=request.user, **filters.dict())


@router.post("/joint-meetings", response={201: JointMeetingDetailOut}, url_name="joint_meeting_create")
def joint_meeting_create_api(request: HttpRequest, payload: JointMeetingIn) -> Status[JointMeeting]:
    data = payload.dict()
    region = _region(data.pop("region_code"))
    units = _records(Organization, data.pop("attendee_unit_ids"), "attendee_unit_ids")
    sites = _records(Site, data.pop("attendee_site_ids"), "attendee_site_ids")
    meeting = services.joint_meeting_create(
        region=region, attendee_units=units, attendee_sites=sites, acting_user=request.user, **data
    )
    return Status(201, selectors.joint_meeting_get(user=request.user, meeting_id=meeting.pk))


@router.post("/joint-meetings/export", url_name="joint_meeting_export", openapi_extra=XLSX_RESPONSE)
def joint_meeting_export_api(request: HttpRequest, payload: JointMeetingExportIn) -> HttpResponse:
    meetings = selectors.joint_meeting_list(user=request.user, **payload.dict())
    return exports.joint_meeting_xlsx(meetings=meetings)


@router.get("/joint-meetings/{meeting_id}", response=JointMeetingDetailOut, url_name="joint_meeting_detail")
def joint_meeting_detail_api(request: HttpRequest, meeting_id: RecordId) -> JointMeeting:
    return selectors.joint_meeting_get(user=request.user, meeting_id=meeting_id)


@router.patch("/joint-meetings/{meeting_id}", response=JointMeetingDetailOut, url_name="joint_meeting_update")
def joint_meeting_update_api(request: HttpRequest, meeting_id: RecordId, payload: JointMeetingPatchIn) -> JointMeeting:
    data = payload.dict(exclude_unset=True)
    if "attendee_unit_ids" in data:
        data["attendee_units"] = _records(Organization, data.pop("attendee_unit_ids"), "attendee_unit_ids")
    if "attendee_site_ids" in data:
        data["attendee_sites"] = _records(Site, data.pop("attendee_site_ids"), "attendee_site_ids")
    services.joint_meeting_update(meeting_id=meeting_id, acting_user=request.user, **data)
    return selectors.joint_meeting_get(user=request.user, meeting_id=meeting_id)


@router.post("/joint-meetings/{meeting_id}/files", response={201: StoredFileOut}, url_name="joint_meeting_file_upload")
def joint_meeting_file_upload_api(
    request: HttpRequest,
    meeting_id: RecordId,
    file: UploadedFile = File(...),  # noqa: B008
    change_note: str = Form("", max_length=200),
) -> Status[JointMeetingFile]:
    """Attach the minutes as a file (the same types and checks as policy documents), numbered 1, 2, 3…"""
    stored = services.joint_meeting_file_upload(
        meeting_id=meeting_id, upload=file, change_note=change_note, acting_user=request.user
    )
    return Status(201, stored)


@router.get(
    "/joint-meetings/{meeting_id}/files/{number}/file",
    url_name="joint_meeting_file_download",
    openapi_extra=FILE_RESPONSE,
)
def joint_meeting_file_download_api(request: HttpRequest, meeting_id: RecordId, number: RecordId) -> FileResponse:
    stored = selectors.joint_meeting_file_get(user=request.user, meeting_id=meeting_id, number=number)
    return stored_file_response(stored)
