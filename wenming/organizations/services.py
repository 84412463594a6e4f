"""Writes of contact units, pairings, policy documents (with their file versions) and joint meetings.

Each write checks that the acting user may make it in the record's region (county and township admins
of DESIGN.md §1: "units and pairings W own"), says in Chinese which field is wrong otherwise, and
changes nothing when it refuses.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.core.identity import phone_normalize
from wenming.organizations.files import CheckedUpload, upload_check
from wenming.organizations.models import (
    PAIRING_MODE_FIELDS,
    PAIRING_SITE_KINDS,
    JointMeeting,
    JointMeetingFile,
    Organization,
    OrganizationKind,
    Pairing,
    PolicyDocument,
    PolicyDocumentVersion,
    PolicyKind,
)
from wenming.regions.access import scoped
from wenming.regions.models import Region
from wenming.regions.roles import ADD, CHANGE, VIEW, roles_allowed
from wenming.sites.models import Site

NUL = "\x00"


# -- shared checks ---------------------------------------------------------------------------------


def _may_in_region(user: Any, model: type[models.Model], action: str, region: Region) -> bool:
    """Whether the user's region-wide roles allow `action` on `model` records of `region`."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if user.is_superuser:
        return True
    label = f"{model._meta.app_label}.{model._meta.model_name}"
    return any(region.path.startswith(path) for path in user.region_paths(roles_allowed(label, action)))


def _write_check(user: Any, model: type[models.Model], region: Region, message: Any) -> None:
    if not _may_in_region(user, model, ADD, region):
        raise PermissionDeniedError(message)


def _for_change(model: type[models.Model], pk: int, user: Any, *, missing: Any, refused: Any) -> Any:
    """The row locked for change; one the user sees but may not change is refused (403), others missing (404)."""
    row = scoped(model._default_manager.all(), user, CHANGE).select_for_update(of=("self",)).filter(pk=pk).first()
    if row is None:
        if scoped(model._default_manager.filter(pk=pk), user, VIEW).exists():
            raise PermissionDeniedError(refused)
        raise NotFoundError(missing)
    return row


def _text(value: Any, field: str, *, required: bool = False, max_length: int | None = None) -> str:
    """A trimmed text field: no NUL, within its length, present when required."""
    text = str(value or "").strip()
    if NUL in text:
        raise ValidationError({field: [_("不能包含空字符（NUL）。")]})
    if required and not text:
        raise ValidationError({field: [_("此项不能为空。")]})
    if max_length is not None and len(text) > max_length:
        raise ValidationError({field: [_("不能超过 %(max)d 个字符。") % {"max": max_length}]})
    return text


def _model_clean(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """Model validation with the unique checks left to the database (they need the row lock)."""
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


# -- contact units ---------------------------------------------------------------------------------

ORGANIZATION_FIELDS = ("name", "kind", "contact_name", "contact_phone", "address")


def _organization_fields_clean(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise DomainError(_("未知字段：%(fields)s") % {"fields": "、".join(sorted(unknown))}, field=sorted(unknown)[0])
    cleaned: dict[str, Any] = {}
    if "name" in fields:
        cleaned["name"] = _text(fields["name"], "name", required=True, max_length=120)
    if "kind" in fields:
        if fields["kind"] not in OrganizationKind.values:
            raise ValidationError({"kind": [_("单位类型无效。")]})
        cleaned["kind"] = fields["kind"]
    if "contact_name" in fields:
        cleaned["contact_name"] = _text(fields["contact_name"], "contact_name", max_length=64)
    if "address" in fields:
        cleaned["address"] = _text(fields["address"], "address", max_length=200)
    if "contact_phone" in fields:
        phone = _text(fields["contact_phone"], "contact_phone", max_length=20)
        if phone:
            try:
                phone = phone_normalize(phone)
            except ValidationError as error:
                raise ValidationError({"contact_phone": error.messages}) from None
        cleaned["contact_phone"] = phone
    return cleaned


def _organization_name_check(*, region: Region, name: str, exclude_pk: int | None = None) -> None:
    taken = Organization.objects.filter(region=region, name=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"name": [_("本区划已有同名的联系单位。")]})


@transaction.atomic
def organization_create(*, region: Region, acting_user: Any, **fields: Any) -> Organization:
    """A contact unit in a region of the user's scope; its name is unique within the region."""
    _write_check(acting_user, Organization, region, _("没有权限在该区划登记联系单位。"))
    cleaned = _organization_fields_clean({"kind": OrganizationKind.OTHER, **fields})
    if "name" not in cleaned:
        raise ValidationError({"name": [_("此项不能为空。")]})
    _organization_name_check(region=region, name=cleaned["name"])
    unit = Organization(region=region, **cleaned)
    _model_clean(unit)
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError:  # a concurrent registration of the same name won
        raise ValidationError({"name": [_("本区划已有同名的联系单位。")]}) from None
    return unit


@transaction.atomic
def organization_update(*, organization_id: int, acting_user: Any, **fields: Any) -> Organization:
    unit = _for_change(
        Organization,
        organization_id,
        acting_user,
        missing=_("联系单位不存在。"),
        refused=_("没有权限修改该联系单位。"),
    )
    cleaned = _organization_fields_clean(fields)
    if "name" in cleaned:
        _organization_name_check(region=unit.region, name=cleaned["name"], exclude_pk=unit.pk)
    for name, value in cleaned.items():
        setattr(unit, name, value)
    _model_clean(unit)
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError:
        raise ValidationError({"name": [_("本区划已有同名的联系单位。")]}) from None
    return unit


@transaction.atomic
def organization_deactivate(*, organization_id: int, acting_user: Any, today: dt.date | None = None) -> Organization:
    """Stop using a unit (it stays on record); refused while it still has a running pairing."""
    today = today or timezone.localdate()
    unit = _for_change(
        Organization,
        organization_id,
        acting_user,
        missing=_("联系单位不存在。"),
        refused=_("没有权限停用该联系单位。"),
    )
    if not unit.is_active:
        raise DomainError(_("该联系单位已停用。"), code="already_inactive")
    if Pairing.objects.filter(organization=unit).active(today).exists():
        raise DomainError(_("该单位还有进行中的结对，请先结束结对再停用。"), code="has_active_pairings")
    unit.is_active = False
    unit.save(update_fields=["is_active", "updated_at"])
    return unit


# -- pairings --------------------------------------------------------------------------------------


def _modes_clean(fields: dict[str, Any]) -> dict[str, bool]:
    modes = {name: bool(fields[name]) for name in PAIRING_MODE_FIELDS if name in fields}
    return modes


def _pairing_period_check(pairing: Pairing) -> None:
    if pairing.started_on is None:
        raise ValidationError({"started_on": [_("请填写开始日期。")]})
    if pairing.ended_on is not None and pairing.ended_on < pairing.started_on:
        raise ValidationError({"ended_on": [_("结束日期不能早于开始日期。")]})
    if not any(getattr(pairing, name) for name in PAIRING_MODE_FIELDS):
        raise ValidationError({"shares_site": [_("请至少选择一种结对方式。")]})


def _overlap_check(pairing: Pairing) -> None:
    """No two pairings of the same unit and site may run at the same time (an open end overlaps every later day)."""
    others = Pairing.objects.filter(organization_id=pairing.organization_id, site_id=pairing.site_id).exclude(
        pk=pairing.pk
    )
    overlapping = others.filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=pairing.started_on))
    if pairing.ended_on is not None:
        overlapping = overlapping.filter(started_on__lte=pairing.ended_on)
    if overlapping.exists():
        raise ValidationError({"started_on": [_("该单位与该阵地已有时间重叠的结对，请先结束原结对。")]})


def _organization_lock(organization_id: int) -> None:
    """Serialize pairing writes of one unit (PostgreSQL row lock; SQLite's IMMEDIATE write lock already does)."""
    list(Organization.objects.select_for_update().filter(pk=organization_id).values_list("pk", flat=True))


@transaction.atomic
def pairing_create(
    *,
    organization: Organization,
    site: Site,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    note: str = "",
    acting_user: Any,
    **modes: Any,
) -> Pairing:
    """Pair a unit the user sees with an institute or station of the user's scope, by at least one mode."""
    unknown = set(modes) - set(PAIRING_MODE_FIELDS)
    if unknown:
        raise DomainError(_("未知字段：%(fields)s") % {"fields": "、".join(sorted(unknown))}, field=sorted(unknown)[0])
    _write_check(acting_user, Pairing, site.region, _("没有权限为该阵地建立结对。"))
    if not scoped(Organization.objects.filter(pk=organization.pk), acting_user, VIEW).exists():
        raise ValidationError({"organization": [_("联系单位不在您的管辖范围内。")]})
    if site.kind not in PAIRING_SITE_KINDS:
        raise ValidationError({"site": [_("结对阵地须是文明实践所或站。")]})
    if not organization.is_active:
        raise ValidationError({"organization": [_("该联系单位已停用，不能建立新的结对。")]})
    pairing = Pairing(
        region=site.region,
        organization=organization,
        site=site,
        started_on=started_on,
        ended_on=ended_on,
        note=_text(note, "note", max_length=200),
        **_modes_clean(modes),
    )
    _pairing_period_check(pairing)
    _model_clean(pairing)
    _organization_lock(organization.pk)
    _overlap_check(pairing)
    try:
        with transaction.atomic():
            pairing.save()
    except IntegrityError:
        raise ValidationError({"started_on": [_("该单位与该阵地已有时间重叠的结对，请先结束原结对。")]}) from None
    return pairing


PAIRING_UPDATE_FIELDS = (*PAIRING_MODE_FIELDS, "started_on", "ended_on", "note")


@transaction.atomic
def pairing_update(*, pairing_id: int, acting_user: Any, **fields: Any) -> Pairing:
    """Change a pairing's modes, period or note (its unit and site stay: pair anew for another)."""
    unknown = set(fields) - set(PAIRING_UPDATE_FIELDS)
    if unknown:
        raise DomainError(_("未知字段：%(fields)s") % {"fields": "、".join(sorted(unknown))}, field=sorted(unknown)[0])
    pairing = _for_change(
        Pairing, pairing_id, acting_user, missing=_("结对共建不存在。"), refused=_("没有权限修改该结对。")
    )
    _organization_lock(pairing.organization_id)
    for name, value in _modes_clean(fields).items():
        setattr(pairing, name, value)
    if "started_on" in fields:
        if fields["started_on"] is None:
            raise ValidationError({"started_on": [_("请填写开始日期。")]})
        pairing.started_on = fields["started_on"]
    if "ended_on" in fields:
        pairing.ended_on = fields["ended_on"]
    if "note" in fields:
        pairing.note = _text(fields["note"], "note", max_length=200)
    _pairing_period_check(pairing)
    _model_clean(pairing)
    _overlap_check(pairing)
    try:
        with transaction.atomic():
            pairing.save()
    except IntegrityError:
        raise ValidationError({"started_on": [_("该单位与该阵地已有时间重叠的结对，请先结束原结对。")]}) from None
    return pairing


@transaction.atomic
def pairing_end(*, pairing_id: int, ended_on: dt.date, acting_user: Any) -> Pairing:
    """End a running pairing on a day not before its start; its joint activities stay on record."""
    pairing = _for_change(
        Pairing, pairing_id, acting_user, missing=_("结对共建不存在。"), refused=_("没有权限结束该结对。")
    )
    if pairing.ended_on is not None:
        raise DomainError(_("该结对已于 %(day)s 结束。") % {"day": pairing.ended_on.isoformat()}, code="already_ended")
    if ended_on is None:
        raise ValidationError({"ended_on": [_("请填写结束日期。")]})
    if ended_on < pairing.started_on:
        raise ValidationError({"ended_on": [_("结束日期不能早于开始日期。")]})
    pairing.ended_on = ended_on
    pairing.save(update_fields=["ended_on", "updated_at"])
    return pairing


# -- stored files ----------------------------------------------------------------------------------


def _stored_file_save(stored: Any, checked: CheckedUpload) -> None:
    """Write the checked bytes under a server-chosen name, then the row; the file is removed if the row fails.

    The caller has locked the owner row and numbered the file, so the row is the last write of its service.
    """
    stored.original_name = checked.original_name
    stored.content_type = checked.file_type.content_type
    stored.size = checked.size
    stored.sha256 = checked.sha256
    stored.file.save(f"upload.{checked.file_type.extension}", ContentFile(checked.content), save=False)
    try:
        with transaction.atomic():
            stored.save()
    except Exception:
        stored.file.delete(save=False)
        raise


def _next_number(owner: Any, related_name: str) -> int:
    """The next gapless number of the owner's files; the owner row is locked by the caller."""
    return (getattr(owner, related_name).aggregate(last=Max("number"))["last"] or 0) + 1


# -- policy documents ------------------------------------------------------------------------------

DOCUMENT_FIELDS = ("title", "kind", "document_number", "issuer", "issued_on", "summary")


def _document_fields_clean(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise DomainError(_("未知字段：%(fields)s") % {"fields": "、".join(sorted(unknown))}, field=sorted(unknown)[0])
    cleaned: dict[str, Any] = {}
    if "title" in fields:
        cleaned["title"] = _text(fields["title"], "title", required=True, max_length=200)
    if "kind" in fields:
        if fields["kind"] not in PolicyKind.values:
            raise ValidationError({"kind": [_("文件类别无效。")]})
        cleaned["kind"] = fields["kind"]
    if "document_number" in fields:
        cleaned["document_number"] = _text(fields["document_number"], "document_number", max_length=60)
    if "issuer" in fields:
        cleaned["issuer"] = _text(fields["issuer"], "issuer", required=True, max_length=120)
    if "issued_on" in fields:
        if fields["issued_on"] is None:
            raise ValidationError({"issued_on": [_("请填写印发日期。")]})
        cleaned["issued_on"] = fields["issued_on"]
    if "summary" in fields:
        cleaned["summary"] = _text(fields["summary"], "summary", max_length=5000)
    return cleaned


def _document_title_check(*, region: Region, title: str, exclude_pk: int | None = None) -> None:
    taken = PolicyDocument.objects.filter(region=region, title=title)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"title": [_("本区划已有同名的制度文件。")]})


@transaction.atomic
def policy_document_create(
    *, region: Region, acting_user: Any, upload: Any = None, change_note: str = "", **fields: Any
) -> PolicyDocument:
    """A policy document of a region of the user's scope, with its first file version when one is given."""
    _write_check(acting_user, PolicyDocument, region, _("没有权限在该区划发布制度文件。"))
    cleaned = _document_fields_clean(fields)
    for required in ("title", "kind", "issuer", "issued_on"):
        if required not in cleaned:
            raise ValidationError({required: [_("此项不能为空。")]})
    _document_title_check(region=region, title=cleaned["title"])
    checked = upload_check(upload) if upload is not None else None
    note = _text(change_note, "change_note", max_length=200)
    document = PolicyDocument(region=region, **cleaned)
    _model_clean(document)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        raise ValidationError({"title": [_("本区划已有同名的制度文件。")]}) from None
    if checked is not None:
        version = PolicyDocumentVersion(document=document, number=1, change_note=note, uploaded_by=acting_user)
        _stored_file_save(version, checked)
    return document


@transaction.atomic
def policy_document_update(*, document_id: int, acting_user: Any, **fields: Any) -> PolicyDocument:
    document = _for_change(
        PolicyDocument,
        document_id,
        acting_user,
        missing=_("制度文件不存在。"),
        refused=_("没有权限修改该制度文件。"),
    )
    cleaned = _document_fields_clean(fields)
    if "title" in cleaned:
        _document_title_check(region=document.region, title=cleaned["title"], exclude_pk=document.pk)
    for name, value in cleaned.items():
        setattr(document, name, value)
    _model_clean(document)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        raise ValidationError({"title": [_("本区划已有同名的制度文件。")]}) from None
    return document


@transaction.atomic
def policy_document_version_upload(
    *, document_id: int, upload: Any, change_note: str = "", acting_user: Any
) -> PolicyDocumentVersion:
    """Add the next version of a document's file (1, 2, 3… without gaps); earlier versions stay as they were."""
    document = _for_change(
        PolicyDocument,
        document_id,
        acting_user,
        missing=_("制度文件不存在。"),
        refused=_("没有权限上传该制度文件的新版本。"),
    )
    checked = upload_check(upload)
    note = _text(change_note, "change_note", max_length=200)
    version = PolicyDocumentVersion(
        document=document, number=_next_number(document, "versions"), change_note=note, uploaded_by=acting_user
    )
    _stored_file_save(version, checked)
    return version


# -- joint meetings --------------------------------------------------------------------------------

MEETING_FIELDS = ("title", "held_on", "place", "convener", "topics", "minutes")


def _meeting_fields_clean(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise DomainError(_("未知字段：%(fields)s") % {"fields": "、".join(sorted(unknown))}, field=sorted(unknown)[0])
    lengths = {"title": 200, "place": 200, "convener": 120, "topics": 5000, "minutes": 20000}
    required = {"title", "convener", "topics"}
    cleaned: dict[str, Any] = {}
    for name, limit in lengths.items():
        if name in fields:
            cleaned[name] = _text(fields[name], name, required=name in required, max_length=limit)
    if "held_on" in fields:
        if fields["held_on"] is None:
            raise ValidationError({"held_on": [_("请填写召开日期。")]})
        if fields["held_on"] > timezone.localdate():
            raise ValidationError({"held_on": [_("召开日期不能晚于今天：会议记录在会后登记。")]})
        cleaned["held_on"] = fields["held_on"]
    return cleaned


def _attendees_check(
    user: Any, units: list[Organization] | None, sites: list[Site] | None
) -> tuple[list[Organization] | None, list[Site] | None]:
    if units is not None:
        unit_ids = {unit.pk for unit in units}
        if scoped(Organization.objects.filter(pk__in=unit_ids), user, VIEW).count() != len(unit_ids):
            raise ValidationError({"attendee_units": [_("参会单位中有不在您管辖范围内的单位。")]})
    if sites is not None:
        site_ids = {site.pk for site in sites}
        if scoped(Site.objects.filter(pk__in=site_ids), user, VIEW).count() != len(site_ids):
            raise ValidationError({"attendee_sites": [_("参会阵地中有不在您管辖范围内的阵地。")]})
    return units, sites


@transaction.atomic
def joint_meeting_create(
    *,
    region: Region,
    acting_user: Any,
    attendee_units: list[Organization] | None = None,
    attendee_sites: list[Site] | None = None,
    **fields: Any,
) -> JointMeeting:
    """Record a joint meeting held in a region of the user's scope, with the units and sites that attended."""
    _write_check(acting_user, JointMeeting, region, _("没有权限在该区划登记联席会议。"))
    cleaned = _meeting_fields_clean(fields)
    for required in ("title", "held_on", "convener", "topics"):
        if required not in cleaned:
            raise ValidationError({required: [_("此项不能为空。")]})
    units, sites = _attendees_check(acting_user, attendee_units, attendee_sites)
    meeting = JointMeeting(region=region, recorded_by=acting_user, **cleaned)
    _model_clean(meeting)
    meeting.save()
    if units:
        meeting.attendee_units.set(units)
    if sites:
        meeting.attendee_sites.set(sites)
    return meeting


@transaction.atomic
def joint_meeting_update(
    *,
    meeting_id: int,
    acting_user: Any,
    attendee_units: list[Organization] | None = None,
    attendee_sites: list[Site] | None = None,
    **fields: Any,
) -> JointMeeting:
    """Correct a meeting record; attendee lists given replace the old ones, lists left out stay."""
    meeting = _for_change(
        JointMeeting,
        meeting_id,
        acting_user,
        missing=_("联席会议记录不存在。"),
        refused=_("没有权限修改该联席会议记录。"),
    )
    cleaned = _meeting_fields_clean(fields)
    units, sites = _attendees_check(acting_user, attendee_units, attendee_sites)
    for name, value in cleaned.items():
        setattr(meeting, name, value)
    _model_clean(meeting)
    meeting.save()
    if units is not None:
        meeting.attendee_units.set(units)
    if sites is not None:
        meeting.attendee_sites.set(sites)
    return meeting


@transaction.atomic
def joint_meeting_file_upload(
    *, meeting_id: int, upload: Any, change_note: str = "", acting_user: Any
) -> JointMeetingFile:
    """Attach the minutes (or another record) as a file, numbered like document versions; none is replaced."""
    meeting = _for_change(
        JointMeeting,
        meeting_id,
        acting_user,
        missing=_("联席会议记录不存在。"),
        refused=_("没有权限为该联席会议上传文件。"),
    )
    checked = upload_check(upload)
    note = _text(change_note, "change_note", max_length=200)
    stored = JointMeetingFile(
        meeting=meeting, number=_next_number(meeting, "files"), change_note=note, uploaded_by=acting_user
    )
    _stored_file_save(stored, checked)
    return stored
