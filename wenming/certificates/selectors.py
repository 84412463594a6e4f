"""Reads of certificates and of the approved hours a certificate may state, scoped to the user."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wenming.certificates.models import Certificate
from wenming.core.errors import NotFoundError
from wenming.ledger.models import EntryKind, HoursEntry
from wenming.regions.access import access_q, scoped
from wenming.regions.roles import ADD, VIEW, Role, roles_allowed
from wenming.regions.scoping import NOTHING

CERTIFICATE_LABEL = "certificates.certificate"
CONTENT_LINES_SHOWN = 30  # a longer record is summarized: the PDF keeps to one A4 page


def certificate_personal_q(user: Any) -> Q:
    """Volunteers see their own certificates; team leaders those for their team's activities.

    Meant for regions.access.PERSONAL_SCOPES["certificates.certificate"]; until it is there the
    selectors add it themselves (an OR with the same condition twice costs nothing).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    condition = NOTHING
    team_ids = [a.team_id for a in user.active_assignments if a.role == Role.TEAM_LEADER]
    if team_ids:
        activities = apps.get_model("activities", "Activity")._default_manager.filter(organizer_team_id__in=team_ids)
        condition |= Q(activity_id__in=activities.values("pk"))
    # Only the user's own volunteer row can match, whatever their roles.
    return condition | Q(volunteer__user_id=user.pk)


def certificate_list(*, user: Any) -> QuerySet[Certificate]:
    """Certificates the user may see: admins by the issuer's region, volunteers their own, leaders their team's."""
    condition = access_q(user, Certificate, VIEW)
    if condition != Q():  # a superuser's empty Q already reaches every row
        condition |= certificate_personal_q(user)
    return (
        Certificate.objects.filter(condition)
        .select_related("issuer_site", "region", "volunteer")
        .order_by("-issued_at", "-id")
    )


def certificate_get(*, user: Any, certificate_id: int) -> Certificate:
    """One certificate the user may see; one outside their scope is reported exactly like a missing one."""
    certificate = certificate_list(user=user).filter(pk=certificate_id).first()
    if certificate is None:
        raise NotFoundError(_("证明不存在。"), field="certificate_id")
    return certificate


def certificate_verify(*, token: str) -> Certificate | None:
    """Public check of a certificate by the token printed in its QR code (None when unknown)."""
    token = (token or "").strip()
    if not token or len(token) > 64:
        return None
    return Certificate.objects.select_related("issuer_site").filter(verification_token=token).first()


def certificate_verify_url(*, certificate: Certificate, request: Any = None) -> str:
    """The public verification address printed in the QR code: absolute when a request is at hand."""
    path = reverse("certificates:verify", kwargs={"token": certificate.verification_token})
    return request.build_absolute_uri(path) if request is not None else path


def certificate_issue_paths(*, user: Any) -> list[str]:
    """Region paths in which the user may issue (and revoke) certificates: the admins' assignments."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return user.region_paths(roles_allowed(CERTIFICATE_LABEL, ADD))


def certificate_may_issue_for(*, user: Any, site: Any) -> bool:
    """Whether the user may issue certificates in the name of `site` (an admin whose scope holds it)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(site.region.path.startswith(path) for path in certificate_issue_paths(user=user))


def certificate_may_revoke(*, user: Any, certificate: Certificate) -> bool:
    """Revocation is for the admins of the issuer's region (the same scope that may issue there)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(certificate.region.path.startswith(path) for path in certificate_issue_paths(user=user))


def certificate_list_of_volunteer(*, volunteer: Any) -> QuerySet[Certificate]:
    return Certificate.objects.filter(volunteer=volunteer).select_related("issuer_site").order_by("-issued_at", "-id")


def certificate_issuer_sites(*, user: Any) -> QuerySet[Any]:
    """Active sites in whose name the user may issue certificates."""
    site_model = apps.get_model("sites", "Site")
    sites = site_model._default_manager.filter(is_active=True).select_related("region")
    if not (getattr(user, "is_superuser", False) and user.is_active):
        paths = certificate_issue_paths(user=user)
        condition = NOTHING
        for path in paths:
            condition |= Q(region__path__startswith=path)
        sites = sites.filter(condition)
    return sites.order_by("region__code", "kind", "name", "pk")


def certificate_volunteer_find(*, user: Any, volunteer_id: int | None = None, volunteer_number: str = "") -> Any:
    """The volunteer a certificate may be issued for: one the user sees, themselves, or one with hours the
    user sees in the ledger (a volunteer of another village who served here). Otherwise not found."""
    volunteer_model = apps.get_model("volunteers", "Volunteer")
    volunteers = volunteer_model._default_manager.select_related("region")
    if volunteer_id is not None:
        volunteers = volunteers.filter(pk=volunteer_id)
    elif volunteer_number.strip():
        volunteers = volunteers.filter(volunteer_number=volunteer_number.strip())
    else:
        volunteers = volunteers.none()
    served_here = scoped(HoursEntry.objects.all(), user, VIEW).values("volunteer_id")
    condition = access_q(user, volunteer_model, VIEW) | Q(pk__in=served_here)
    if getattr(user, "is_authenticated", False):
        condition |= Q(user_id=user.pk)
    volunteer = volunteers.filter(condition).first()
    if volunteer is None:
        raise NotFoundError(_("志愿者不存在。"), field="volunteer")
    return volunteer


def certificate_activity_get(*, user: Any, activity_id: int) -> Any:
    """An activity the user sees, or one in which the user served (a volunteer asking for its certificate)."""
    activity_model = apps.get_model("activities", "Activity")
    condition = access_q(user, activity_model, VIEW)
    if getattr(user, "is_authenticated", False):
        served = HoursEntry.objects.filter(volunteer__user_id=user.pk, activity__isnull=False).values("activity_id")
        condition |= Q(pk__in=served)
    activity = (
        activity_model._default_manager.select_related("organizer_site__region")
        .filter(condition, pk=activity_id)
        .first()
    )
    if activity is None:
        raise NotFoundError(_("活动不存在。"), field="activity_id")
    return activity


def certificate_site_get(*, site_id: int) -> Any:
    """A site by id; whether the user may issue in its name is the service's question."""
    site = apps.get_model("sites", "Site")._default_manager.select_related("region").filter(pk=site_id).first()
    if site is None:
        raise NotFoundError(_("阵地不存在。"), field="issuer_site_id")
    return site


@dataclass(frozen=True)
class CertifiableHours:
    """The approved hours of one selection of the ledger, netted, and the lines that describe them."""

    total: Decimal
    lines: tuple[str, ...]
    first_on: dt.date | None
    last_on: dt.date | None
    approver_id: int | None  # the approver of the latest credit (the handler of a volunteer's request)
    person_in_charge: str

    @property
    def service_content(self) -> str:
        shown = list(self.lines[:CONTENT_LINES_SHOWN])
        if len(self.lines) > CONTENT_LINES_SHOWN:
            shown.append(str(_("……等共%(count)d项服务") % {"count": len(self.lines)}))
        return "\n".join(shown)


def _issuer_q(site: Any) -> Q:
    """Entries recorded at the issuer site or anywhere in its region's subtree.

    An entry names its site; an activity's entry without one falls back to the organizer site, and an
    entry with neither (training, order) to the region it was recorded in.
    """
    path = site.region.path
    return (
        Q(site__region__path__startswith=path)
        | Q(site__isnull=True, activity__organizer_site__region__path__startswith=path)
        | Q(site__isnull=True, activity__isnull=True, region__path__startswith=path)
    )


def _netted_credits(credits: QuerySet[HoursEntry]) -> list[dict[str, Any]]:
    """The selected credits (oldest first) with their reversals netted; fully reversed ones dropped.

    A reversal counts when the credit it reverses was selected, whatever its own date or site, so a
    correction always nets against what it corrects.
    """
    rows = list(
        credits.order_by("service_on", "pk").values(
            "pk", "service_on", "hours", "content", "activity_id", "activity__title", "person_in_charge", "approver_id"
        )
    )
    reversed_hours: dict[int, Decimal] = defaultdict(Decimal)
    reversals = HoursEntry.objects.approved().filter(
        kind=EntryKind.REVERSAL, reverses_id__in=[row["pk"] for row in rows]
    )
    for reverses_id, hours in reversals.values_list("reverses_id", "hours"):
        reversed_hours[reverses_id] += hours
    kept = []
    for row in rows:
        net = row["hours"] + reversed_hours.get(row["pk"], Decimal(0))
        if net > 0:
            kept.append({**row, "net": net})
    return kept


def certifiable_hours(
    *,
    volunteer: Any,
    issuer_site: Any = None,
    activity: Any = None,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
) -> CertifiableHours:
    """Approved hours of `volunteer` for one activity, or for a period recorded by the issuer's subtree.

    Only approved entries count: pending and rejected ones never do, and reversals net their credits.
    """
    credits = HoursEntry.objects.approved().filter(volunteer=volunteer, kind=EntryKind.CREDIT)
    if activity is not None:
        credits = credits.filter(activity=activity)
    elif issuer_site is not None:
        credits = credits.filter(_issuer_q(issuer_site))
    if period_from is not None:
        credits = credits.filter(service_on__gte=period_from)
    if period_to is not None:
        credits = credits.filter(service_on__lte=period_to)
    kept = _netted_credits(credits)
    total = sum((row["net"] for row in kept), Decimal(0)).quantize(Decimal("0.01"))
    latest = kept[-1] if kept else None
    return CertifiableHours(
        total=total,
        lines=tuple(_content_lines(kept)),
        first_on=kept[0]["service_on"] if kept else None,
        last_on=latest["service_on"] if latest else None,
        approver_id=latest["approver_id"] if latest else None,
        person_in_charge=next((row["person_in_charge"] for row in reversed(kept) if row["person_in_charge"]), ""),
    )


def _content_lines(rows: list[dict[str, Any]]) -> list[str]:
    """One line per activity (its dates and hours), and one per other entry, in date order."""
    groups: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["activity_id"] or ("entry", row["pk"]), []).append(row)
    lines: list[str] = []
    for group in groups.values():
        dates = sorted({row["service_on"] for row in group})
        if len(dates) == 1:
            when = dates[0].isoformat()
        else:
            when = str(_("%(first)s至%(last)s") % {"first": dates[0].isoformat(), "last": dates[-1].isoformat()})
        title = group[0]["activity__title"] or group[0]["content"]
        hours = sum((row["net"] for row in group), Decimal(0))
        lines.append(str(_("%(when)s %(title)s（%(hours)s小时）") % {"when": when, "title": title, "hours": hours}))
    return lines


def activities_awaiting_certificate(*, volunteer: Any) -> list[dict[str, Any]]:
    """Activities where the volunteer has approved hours and no valid certificate yet ("my certificates")."""
    certified = Certificate.objects.filter(volunteer=volunteer, activity__isnull=False, revoked_at__isnull=True)
    credits = (
        HoursEntry.objects.approved()
        .filter(volunteer=volunteer, kind=EntryKind.CREDIT, activity__isnull=False)
        .exclude(activity_id__in=certified.values("activity_id"))
    )
    hours_by_activity: dict[int, Decimal] = defaultdict(Decimal)
    for row in _netted_credits(credits):
        hours_by_activity[row["activity_id"]] += row["net"]
    activity_model = apps.get_model("activities", "Activity")
    activities = activity_model._default_manager.filter(pk__in=list(hours_by_activity)).select_related("organizer_site")
    return [
        {"activity": activity, "hours": hours_by_activity[activity.pk]}
        for activity in activities.order_by("-starts_at", "-pk")
    ]
