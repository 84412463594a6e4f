"""Reads of contact units, pairings, policy documents and joint meetings, scoped to the user.

A record outside the user's scope is reported exactly like a missing one. Joint activities are read
through the pairing: whoever sees a pairing sees what the pair has done.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.activities.models import Activity, ActivityStatus, Attendance
from wenming.core.errors import NotFoundError
from wenming.ledger.models import EntryStatus, HoursEntry
from wenming.organizations.models import (
    PAIRING_MODE_FIELDS,
    PAIRING_SITE_KINDS,
    JointMeeting,
    JointMeetingFile,
    Organization,
    Pairing,
    PolicyDocument,
    PolicyDocumentVersion,
    pairing_active_q,
)
from wenming.regions.access import may, scoped
from wenming.regions.models import Region
from wenming.regions.roles import ADD, VIEW, roles_allowed
from wenming.regions.scoping import region_subtree_q
from wenming.regions.selectors import region_path_of
from wenming.sites.models import Site

ZERO_HOURS = Value(Decimal("0"), output_field=DecimalField(max_digits=12, decimal_places=2))


def _count_subquery(queryset: QuerySet[Any], field: str) -> Coalesce:
    """COUNT(*) of `queryset` per outer row, as a scalar subquery (no join, no GROUP BY on the outer table)."""
    counted = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _finished_joint_activities() -> QuerySet[Activity]:
    """Joint activities as the reports count them: finished activities linked to a pairing."""
    return Activity.objects.filter(pairing__isnull=False, status=ActivityStatus.FINISHED)


def _in_region(queryset: QuerySet[Any], region_code: str | None, field: str = "region") -> QuerySet[Any]:
    if region_code:
        return queryset.filter(**{f"{field}__path__startswith": region_path_of(region_code)})
    return queryset


# -- contact units ---------------------------------------------------------------------------------


def organization_list(
    *,
    user: Any,
    region_code: str | None = None,
    kind: str | None = None,
    is_active: bool | None = None,
    search: str | None = None,
    today: dt.date | None = None,
) -> QuerySet[Organization]:
    """Contact units of the user's scope (a contact unit: its own), with their active pairings and joint activities."""
    today = today or timezone.localdate()
    units = scoped(Organization.objects.select_related("region"), user, VIEW)
    units = _in_region(units, region_code)
    if kind:
        units = units.filter(kind=kind)
    if is_active is not None:
        units = units.filter(is_active=is_active)
    if search and search.strip():
        units = units.filter(name__icontains=search.strip())
    return units.annotate(
        active_pairing_count=_count_subquery(Pairing.objects.active(today), "organization"),
        joint_activity_count=_count_subquery(_finished_joint_activities(), "pairing__organization"),
    ).order_by("region__code", "name", "pk")


def organization_get(*, user: Any, organization_id: int, action: str = VIEW) -> Organization:
    """One unit of the user's scope with the list's figures; any other is reported like a missing one."""
    units = organization_list(user=user) if action == VIEW else scoped(Organization.objects.all(), user, action)
    unit = units.filter(pk=organization_id).first()
    if unit is None:
        raise NotFoundError(_("联系单位不存在。"), field="organization_id")
    return unit


def organization_may(*, user: Any, action: str, organization: Organization | None = None) -> bool:
    return may(user, action, Organization, organization)


# -- pairings --------------------------------------------------------------------------------------

MODES = PAIRING_MODE_FIELDS


def pairing_list(
    *,
    user: Any,
    region_code: str | None = None,
    site_id: int | None = None,
    organization_id: int | None = None,
    mode: str | None = None,
    is_active: bool | None = None,
    today: dt.date | None = None,
) -> QuerySet[Pairing]:
    """Pairings of the user's scope (a contact unit: its own), each with its joint activities and their hours.

    `mode` is one of the four mode fields; `is_active` true keeps pairings running today, false the ended ones.
    """
    today = today or timezone.localdate()
    pairings = scoped(Pairing.objects.select_related("organization", "site", "region"), user, VIEW)
    pairings = _in_region(pairings, region_code)
    if site_id is not None:
        pairings = pairings.filter(site_id=site_id)
    if organization_id is not None:
        pairings = pairings.filter(organization_id=organization_id)
    if mode in MODES:
        pairings = pairings.filter(**{mode: True})
    if is_active is True:
        pairings = pairings.filter(pairing_active_q(today))
    elif is_active is False:
        pairings = pairings.filter(ended_on__lt=today)
    hours = (
        HoursEntry.objects.filter(status=EntryStatus.APPROVED, activity__pairing=OuterRef("pk"))
        .filter(activity__status=ActivityStatus.FINISHED)
        .order_by()
        .values("activity__pairing")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return pairings.annotate(
        joint_activity_count=_count_subquery(_finished_joint_activities(), "pairing"),
        joint_activity_hours=Coalesce(Subquery(hours, output_field=ZERO_HOURS.output_field), ZERO_HOURS),
    ).order_by("-started_on", "pk")


def pairing_get(*, user: Any, pairing_id: int, action: str = VIEW) -> Pairing:
    pairings = pairing_list(user=user) if action == VIEW else scoped(Pairing.objects.all(), user, action)
    pairing = pairings.filter(pk=pairing_id).first()
    if pairing is None:
        raise NotFoundError(_("结对共建不存在。"), field="pairing_id")
    return pairing


def _joint_activities_annotated(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """Each activity with its participants (人次: checked in, not a no-show) and its approved hours, latest first."""
    participants = Attendance.objects.filter(checked_in_at__isnull=False, is_no_show=False)
    hours = (
        HoursEntry.objects.filter(status=EntryStatus.APPROVED, activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return (
        activities.select_related("organizer_site", "pairing__site")
        .annotate(
            participant_count=_count_subquery(participants, "activity"),
            approved_hours=Coalesce(Subquery(hours, output_field=ZERO_HOURS.output_field), ZERO_HOURS),
        )
        .order_by("-starts_at", "-pk")
    )


def pairing_joint_activities(*, pairing: Pairing, finished_only: bool = False) -> QuerySet[Activity]:
    """The pairing's joint activities with participants and approved hours (finished_only: those the reports count)."""
    activities = Activity.objects.filter(pairing=pairing)
    if finished_only:
        activities = activities.filter(status=ActivityStatus.FINISHED)
    return _joint_activities_annotated(activities)


def organization_joint_activities(*, user: Any, organization: Organization) -> QuerySet[Activity]:
    """The joint activities of the unit's pairings the user sees."""
    pairings = pairing_list(user=user, organization_id=organization.pk).order_by().values("pk")
    return _joint_activities_annotated(Activity.objects.filter(pairing_id__in=pairings))


def joint_activity_total(*, pairings: QuerySet[Pairing]) -> int:
    """Finished joint activities of the given pairings: the reports' "joint activities" figure over them."""
    return _finished_joint_activities().filter(pairing__in=pairings.order_by().values("pk")).count()


def pairing_site_choices(*, user: Any) -> QuerySet[Any]:
    """Institutes and stations the user may pair a unit with (their region's, active)."""
    return (
        scoped(Site.objects.select_related("region"), user, VIEW)
        .filter(kind__in=PAIRING_SITE_KINDS, is_active=True)
        .order_by("region__code", "kind", "name")
    )


# -- policy documents ------------------------------------------------------------------------------


def policy_document_list(
    *, user: Any, region_code: str | None = None, kind: str | None = None, search: str | None = None
) -> QuerySet[PolicyDocument]:
    documents = scoped(PolicyDocument.objects.select_related("region"), user, VIEW)
    documents = _in_region(documents, region_code)
    if kind:
        documents = documents.filter(kind=kind)
    if search and search.strip():
        term = search.strip()
        documents = documents.filter(Q(title__icontains=term) | Q(document_number__icontains=term))
    return documents.annotate(version_count=_count_subquery(PolicyDocumentVersion.objects.all(), "document")).order_by(
        "-issued_on", "-pk"
    )


def policy_document_get(*, user: Any, document_id: int, action: str = VIEW) -> PolicyDocument:
    documents = (
        policy_document_list(user=user) if action == VIEW else scoped(PolicyDocument.objects.all(), user, action)
    )
    document = documents.filter(pk=document_id).first()
    if document is None:
        raise NotFoundError(_("制度文件不存在。"), field="document_id")
    return document


def policy_document_versions(*, document: PolicyDocument) -> QuerySet[PolicyDocumentVersion]:
    return document.versions.select_related("uploaded_by").order_by("-number")


def policy_document_version_get(*, user: Any, document_id: int, number: int) -> PolicyDocumentVersion:
    """One version of a document the user sees; any other is "not found"."""
    version = (
        scoped(PolicyDocumentVersion.objects.all(), user, VIEW)
        .filter(document_id=document_id, number=number)
        .select_related("document")
        .first()
    )
    if version is None:
        raise NotFoundError(_("文件版本不存在。"), field="number")
    return version


# -- joint meetings --------------------------------------------------------------------------------


def joint_meeting_list(
    *,
    user: Any,
    region_code: str | None = None,
    held_from: dt.date | None = None,
    held_to: dt.date | None = None,
    organization_id: int | None = None,
    search: str | None = None,
) -> QuerySet[JointMeeting]:
    meetings = scoped(JointMeeting.objects.select_related("region"), user, VIEW)
    meetings = _in_region(meetings, region_code)
    if held_from is not None:
        meetings = meetings.filter(held_on__gte=held_from)
    if held_to is not None:
        meetings = meetings.filter(held_on__lte=held_to)
    if organization_id is not None:
        attended = JointMeeting.attendee_units.through.objects.filter(organization_id=organization_id)
        meetings = meetings.filter(pk__in=attended.values("jointmeeting_id"))
    if search and search.strip():
        term = search.strip()
        meetings = meetings.filter(Q(title__icontains=term) | Q(topics__icontains=term))
    through = JointMeeting.attendee_units.through.objects.all()
    return meetings.annotate(
        unit_count=_count_subquery(through, "jointmeeting"),
        file_count=_count_subquery(JointMeetingFile.objects.all(), "meeting"),
    ).order_by("-held_on", "-pk")


def joint_meeting_get(*, user: Any, meeting_id: int, action: str = VIEW) -> JointMeeting:
    meetings = joint_meeting_list(user=user) if action == VIEW else scoped(JointMeeting.objects.all(), user, action)
    related = meetings.select_related("recorded_by").prefetch_related("attendee_units", "attendee_sites", "files")
    meeting = related.filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFoundError(_("联席会议记录不存在。"), field="meeting_id")
    return meeting


def joint_meeting_files(*, meeting: JointMeeting) -> QuerySet[JointMeetingFile]:
    return meeting.files.select_related("uploaded_by").order_by("-number")


def joint_meeting_file_get(*, user: Any, meeting_id: int, number: int) -> JointMeetingFile:
    stored = (
        scoped(JointMeetingFile.objects.all(), user, VIEW)
        .filter(meeting_id=meeting_id, number=number)
        .select_related("meeting")
        .first()
    )
    if stored is None:
        raise NotFoundError(_("会议文件不存在。"), field="number")
    return stored


def regions_for_writing(*, user: Any, model: type[Any]) -> QuerySet[Region]:
    """Regions where the user may file new records of `model` (their county/township admin subtrees)."""
    regions = Region.objects.order_by("path")
    if getattr(user, "is_superuser", False) and user.is_active:
        return regions
    label = f"{model._meta.app_label}.{model._meta.model_name}"
    return regions.filter(region_subtree_q(user.region_paths(roles_allowed(label, ADD)), field=""))


def organization_choices(*, user: Any) -> QuerySet[Organization]:
    """Active units the user sees: the ones a pairing or a meeting may name."""
    return scoped(Organization.objects.select_related("region"), user, VIEW).filter(is_active=True).order_by("name")


def site_choices(*, user: Any) -> QuerySet[Site]:
    return (
        scoped(Site.objects.select_related("region"), user, VIEW)
        .filter(is_active=True)
        .order_by("region__code", "kind", "name")
    )
