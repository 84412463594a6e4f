"""Reads of volunteer records, already scoped to what the user may see."""

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wenming.core.crypto import decrypt_text
from wenming.core.errors import NotFoundError, PermissionDeniedError
from wenming.core.masking import mask_phone
from wenming.regions.access import scoped
from wenming.regions.models import Region
from wenming.regions.roles import ADD, STAFF_ROLES, VIEW, roles_allowed
from wenming.regions.scoping import region_subtree_q
from wenming.regions.selectors import region_path_of
from wenming.teams.models import Membership
from wenming.volunteers.models import Skill, Volunteer, VolunteerTag
from wenming.volunteers.search import text_simplified

VOLUNTEER_LABEL = "volunteers.volunteer"
PHONE_TAIL_DIGITS = 4  # fewer digits than this match too many phones to be a search
_LATIN = re.compile(r"^[a-z0-9]+$")
_DIGITS = re.compile(r"^[0-9]+$")


def volunteer_list(
    *, user: Any, region_code: str | None = None, status: str | None = None, search: str | None = None
) -> QuerySet[Volunteer]:
    """Volunteers of the user's scope; `search` matches a part of the name or the whole volunteer number."""
    volunteers = scoped(Volunteer.objects.select_related("region"), user, VIEW)
    if region_code:
        volunteers = volunteers.filter(region__path__startswith=region_path_of(region_code))
    if status:
        volunteers = volunteers.filter(status=status)
    if (search or "").strip():
        volunteers = volunteers.filter(volunteer_name_part_q(search or ""))
    return volunteers.order_by("volunteer_number", "pk")


def volunteer_name_part_q(search: str) -> Q:
    """A part of the name, or the whole volunteer number (the older `search` of the API list)."""
    search = search.strip()
    return Q(name__icontains=search) | Q(volunteer_number=search)


def volunteer_region_find(*, user: Any, code: str | None) -> Region:
    """The region a staff user registers a volunteer in: one where they administer volunteers.

    Refused (403) for users who register volunteers nowhere; a region outside the admin's subtrees
    is a field error, whether it exists or not.
    """
    paths = [] if user.is_superuser else user.region_paths(roles_allowed(VOLUNTEER_LABEL, ADD))
    if not (paths or user.is_superuser):
        raise PermissionDeniedError(_("只有管理员可以登记志愿者。"))
    regions = Region.objects.filter(code=(code or "").strip())
    if not user.is_superuser:
        regions = regions.filter(region_subtree_q(paths, field=""))
    region = regions.first()
    if region is None:
        raise ValidationError({"region_code": [_("所属区划不存在或不在您的管辖范围内。")]})
    return region


def volunteer_list_readable(*, user: Any) -> bool:
    """Who reads volunteer lists and their exports: admins (their region) and team leaders (their members)."""
    return bool(user.is_active and (user.is_superuser or user.has_role(*STAFF_ROLES)))


def volunteer_of_user(*, user: Any) -> Volunteer | None:
    """The logged-in user's own volunteer record, or None (staff, residents, anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Volunteer.objects.filter(user_id=user.pk).select_related("region").first()


def volunteer_get(*, user: Any, volunteer_id: int) -> Volunteer:
    """One volunteer of the user's scope; one outside it is reported exactly like a missing one."""
    volunteer = volunteer_list(user=user).filter(pk=volunteer_id).first()
    if volunteer is None:
        raise NotFoundError(_("志愿者不存在。"), field="id")
    return volunteer


def _prefix_q(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, written so that the column's index answers it.

    PostgreSQL answers LIKE 'abc%' from the `_like` (pattern ops) index Django creates beside every
    indexed text column. SQLite's LIKE ignores case, so it cannot use an ordinary index: there the
    prefix becomes the equivalent range [prefix, prefix with its last character incremented).
    """
    last = ord(prefix[-1]) + 1
    if connection.vendor == "sqlite" and last <= sys.maxunicode:
        if 0xD800 <= last <= 0xDFFF:  # surrogates are not characters: the next one is U+E000
            last = 0xE000
        return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix[:-1] + chr(last)})
    return Q(**{f"{field}__startswith": prefix})


def volunteer_search_q(query: str) -> Q | None:
    """What a search box text matches, each through an index; None when the text matches nothing.

    Digits: the volunteer number (exact or prefix) and, with 4 or more, the phone's last digits.
    Latin letters: the start of the full pinyin or of the pinyin initials (`zyz` finds 张永志).
    Anything else: the start of the name after folding traditional characters (鐵力 finds 铁力).
    """
    query = "".join((query or "").split())[:64]
    if not query:
        return None
    condition = Q()
    lowered = query.lower()
    if _DIGITS.match(query):
        condition = _prefix_q("volunteer_number", query)
        if len(query) >= PHONE_TAIL_DIGITS:
            condition |= _prefix_q("phone_reversed", query[::-1])
        return condition
    if _LATIN.match(lowered):
        return _prefix_q("name_initials", lowered) | _prefix_q("name_pinyin", lowered)
    return _prefix_q("name_simplified", text_simplified(query))


def _codes(values: Iterable[str] | None) -> list[str]:
    return sorted({value.strip() for value in values or () if value and value.strip()})


def volunteer_search(
    *,
    user: Any,
    query: str | None = None,
    tags: Iterable[str] | None = None,
    skills: Iterable[str] | None = None,
    status: str | None = None,
    region_code: str | None = None,
) -> QuerySet[Volunteer]:
    """Volunteers of the user's scope matching the search box text (see volunteer_search_q), holding
    every given tag and skill (codes), in a status and a region subtree; ordered by volunteer number."""
    volunteers = volunteer_list(user=user, region_code=region_code, status=status)
    condition = volunteer_search_q(query or "")
    if condition is not None:
        volunteers = volunteers.filter(condition)
    # One subquery per code: no join, so no repeated rows and no DISTINCT over the table.
    for code in _codes(tags):
        volunteers = volunteers.filter(
            pk__in=Volunteer.tags.through.objects.filter(volunteertag__code=code).values("volunteer_id")
        )
    for code in _codes(skills):
        volunteers = volunteers.filter(
            pk__in=Volunteer.skills.through.objects.filter(skill__code=code).values("volunteer_id")
        )
    return volunteers


def volunteer_registration_result(*, volunteer_id: Any) -> Volunteer | None:
    """The record a browser session has just registered (its id kept in that session only)."""
    return Volunteer.objects.filter(pk=volunteer_id).first() if isinstance(volunteer_id, int) else None


def volunteer_pending_list(*, user: Any) -> QuerySet[Volunteer]:
    """Registrations waiting for review in the user's scope, oldest first."""
    return volunteer_list(user=user, status="pending").select_related("region").order_by("registered_at", "pk")


def volunteer_with_details(queryset: QuerySet[Volunteer]) -> QuerySet[Volunteer]:
    """Tags, skills and current teams read with the volunteers (three queries, whatever the page size)."""
    return queryset.prefetch_related(
        "tags",
        "skills",
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(left_on__isnull=True).select_related("team").order_by("team__name"),
            to_attr="current_memberships",
        ),
    )


def volunteer_tag_choices() -> QuerySet[VolunteerTag]:
    return VolunteerTag.objects.order_by("group", "code")


def volunteer_skill_choices() -> QuerySet[Skill]:
    return Skill.objects.order_by("code")


def volunteer_region_choices(*, user: Any) -> QuerySet[Region]:
    """Regions the user may register volunteers in (their admin subtrees)."""
    regions = Region.objects.all()
    if not user.is_superuser:
        regions = regions.filter(region_subtree_q(user.region_paths(roles_allowed(VOLUNTEER_LABEL, ADD)), field=""))
    return regions.order_by("path")


def registration_region_choices() -> QuerySet[Region]:
    """Villages and communities a resident may choose on the public registration page."""
    return Region.objects.filter(level="village").order_by("path")


EXPORT_HEADERS: Sequence[Any] = (
    _("志愿者编号"),
    _("姓名"),
    _("性别"),
    _("出生年份"),
    _("身份证号"),
    _("手机号"),
    _("所属区划"),
    _("状态"),
    _("注册渠道"),
    _("注册时间"),
    _("标签"),
    _("技能"),
    _("所在队伍"),
    _("敏感记录（未成年人）"),
)


def volunteer_export_rows(*, volunteers: QuerySet[Volunteer], unmasked: bool) -> Iterator[list[Any]]:
    """One row per volunteer; the ID number and phone in full only when `unmasked` was authorized
    (volunteers.services.personal_data_export_authorize), decrypted one row at a time."""
    for volunteer in volunteer_with_details(volunteers).iterator(chunk_size=2000):
        yield [
            volunteer.volunteer_number,
            volunteer.name,
            volunteer.get_gender_display(),
            volunteer.birth_on.year,
            decrypt_text(volunteer.id_number_encrypted) if unmasked else volunteer.id_number_masked,
            volunteer.phone if unmasked else mask_phone(volunteer.phone),
            volunteer.region.name,
            volunteer.get_status_display(),
            volunteer.get_channel_display(),
            volunteer.registered_at,
            "、".join(tag.name for tag in volunteer.tags.all()),
            "、".join(skill.name for skill in volunteer.skills.all()),
            "、".join(membership.team.name for membership in getattr(volunteer, "current_memberships", ())),
            volunteer.is_sensitive,
        ]
