"""Bulk writes of volunteer records: the engine behind spreadsheet imports.

`volunteer_rows_import` first validates every row (normalizing full-width characters, stray spaces,
a lower-case x and +86 prefixes), then writes the accepted rows in one transaction: new volunteers
with one bulk insert (their volunteer numbers a contiguous block per county, taken under a lock),
changed ones with one bulk update, team memberships, tags and skills in bulk. A failure while writing
rolls the whole batch back. A row is keyed by the keyed hash of its ID number, so running the same
rows again creates nothing: every row comes back "unchanged".
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.crypto import encrypt_text, keyed_hash
from wenming.core.identity import age_on, id_number_parse, phone_normalize
from wenming.core.masking import mask_id_number
from wenming.regions.models import Region
from wenming.teams.models import Membership, MembershipRole, Team
from wenming.volunteers.models import RegistrationChannel, Skill, Volunteer, VolunteerStatus, VolunteerTag
from wenming.volunteers.services import GUARDIAN_CONSENT_AGE, volunteer_numbers_allocate

IMPORTED, UPDATED, UNCHANGED, REJECTED = "imported", "updated", "unchanged", "rejected"
OUTCOMES = (IMPORTED, UPDATED, UNCHANGED, REJECTED)
ADULT_AGE = 18  # a minor's record is sensitive personal information (PIPL art. 28)
NAME_MAX_LENGTH = 64
WRITE_CHUNK = 2000
LOOKUP_CHUNK = 900  # below SQLite's old limit of 999 query parameters
NAME_EXTRA_CHARACTERS = frozenset("·・.- ")  # 阿依古丽·买买提, Jean-Luc
LIST_SEPARATORS = re.compile(r"[、,，;；/\s]+")
WHITESPACE = re.compile(r"\s+")
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
# What phonenumbers accepts as a mainland mobile number; checked directly, as is_valid_number would,
# because parsing every number of a large sheet costs more than the rest of the row together.
_CN_METADATA: Any = phonenumbers.PhoneMetadata.metadata_for_region("CN")
MOBILE_PATTERN = re.compile(f"(?:{_CN_METADATA.mobile.national_number_pattern})")
MOBILE_SHAPE = re.compile(r"^1\d{10}$")
PHONE_NOISE = re.compile(r"[\s\-()（）]")
SCIENTIFIC_NUMBER = re.compile(r"^\d+(\.\d+)?E\+?\d+$")

Progress = Callable[[float], None]
_KEY_FIELDS = {"name_simplified", "name_pinyin", "name_initials", "phone_reversed"}
_UPDATED_FIELDS = [
    "phone",
    "guardian_name",
    "guardian_phone",
    "updated_at",
    *sorted(field.name for field in Volunteer._meta.concrete_fields if field.name in _KEY_FIELDS),
]


@dataclass
class VolunteerRow:
    """One data row as read from the sheet: text cells, plus what the reader already found wrong."""

    row_number: int
    name: str = ""
    id_number: str = ""
    phone: str = ""
    region: str = ""
    team: str = ""
    tags: str = ""
    skills: str = ""
    guardian_name: str = ""
    guardian_phone: str = ""
    problems: list[str] = field(default_factory=list)
    flagged: set[str] = field(default_factory=set)  # fields whose cell the reader already reported


@dataclass
class RowResult:
    row_number: int
    name: str
    id_number_masked: str
    outcome: str
    reasons: list[str] = field(default_factory=list)
    volunteer_id: int | None = None


@dataclass
class BulkImportResult:
    rows: list[RowResult]

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        return {outcome: self.count(outcome) for outcome in OUTCOMES}


@dataclass
class _Checked:
    """A row that passed the checks that need no database, with what it will write."""

    result: RowResult
    id_number: str
    id_hash: str
    birth_on: dt.date
    gender: str
    phone: str
    region: Region
    team: Team | None
    tag_ids: list[int]
    skill_ids: list[int]
    guardian_name: str
    guardian_phone: str


def text_normalize(value: str) -> str:
    """Full-width letters and digits to half-width, U+3000 and zero-width spaces away, trimmed."""
    return unicodedata.normalize("NFKC", value or "").translate(ZERO_WIDTH).strip()


def id_number_normalize(value: str) -> str:
    """`１１０１０５ 19491231002x` → `11010519491231002X`."""
    return WHITESPACE.sub("", text_normalize(value)).upper()


def name_normalize(value: str) -> str:
    """Spaces inside a Chinese name are stray (`张 三`); inside a Latin name one is kept."""
    name = WHITESPACE.sub(" ", text_normalize(value))
    if all(not character.isascii() for character in name.replace(" ", "")):
        name = name.replace(" ", "")
    return name


def phone_text_normalize(value: str) -> str:
    """A mainland number in national form: spaces, dashes and +86 / 0086 removed; ValidationError if invalid."""
    digits = PHONE_NOISE.sub("", text_normalize(value))
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    if len(digits) == 13 and digits.startswith("86") and MOBILE_SHAPE.match(digits[2:]):
        digits = digits[2:]
    if MOBILE_SHAPE.match(digits) and MOBILE_PATTERN.fullmatch(digits):
        return digits
    return phone_normalize(digits)


def _name_problem(name: str) -> str | None:
    if not name:
        return _("姓名不能为空。")
    if len(name) > NAME_MAX_LENGTH:
        return _("姓名不能超过%(count)d个字符。") % {"count": NAME_MAX_LENGTH}
    bad = sorted({character for character in name if not (character.isalpha() or character in NAME_EXTRA_CHARACTERS)})
    if bad:
        shown = "".join(character if character.isprintable() else "�" for character in bad[:10])
        return _("姓名含有不允许的字符（%(characters)s），只能填写汉字、字母和间隔号“·”。") % {"characters": shown}
    return None


def _list_split(value: str) -> list[str]:
    return [item for item in LIST_SEPARATORS.split(text_normalize(value)) if item]


class _Lookups:
    """Regions, teams, tags and skills of the import scope, each loaded once for the whole batch."""

    def __init__(self, region_scope: Region) -> None:
        self.scope = region_scope
        regions = list(Region.objects.filter(path__startswith=region_scope.path))
        self.region_by_code = {region.code: region for region in regions}
        self.regions_by_name: dict[str, list[Region]] = {}
        for region in regions:
            self.regions_by_name.setdefault(region.name, []).append(region)
        self.teams_by_name: dict[str, list[Team]] = {}
        for team in Team.objects.filter(region__path__startswith=region_scope.path, is_active=True).select_related(
            "region"
        ):
            self.teams_by_name.setdefault(team.name, []).append(team)
        self.tags = {
            key: pk for pk, code, name in VolunteerTag.objects.values_list("pk", "code", "name") for key in (code, name)
        }
        self.skills = {
            key: pk for pk, code, name in Skill.objects.values_list("pk", "code", "name") for key in (code, name)
        }

    def region(self, text: str) -> tuple[Region | None, str | None]:
        value = WHITESPACE.sub("", text_normalize(text))
        if not value:
            return self.scope, None
        if value.isdigit():
            region = self.region_by_code.get(value)
            if region is None:
                return None, _("所属区划“%(value)s”不存在或不在本次导入的范围内。") % {"value": value}
            return region, None
        candidates = self.regions_by_name.get(value, [])
        if not candidates:
            return None, _("所属区划“%(value)s”不存在或不在本次导入的范围内。") % {"value": value}
        if len(candidates) > 1:
            return None, _("所属区划“%(value)s”有重名，请改填区划代码。") % {"value": value}
        return candidates[0], None

    def team(self, text: str, region: Region) -> tuple[Team | None, str | None]:
        value = text_normalize(text)
        if not value:
            return None, None
        candidates = self.teams_by_name.get(value, [])
        if len(candidates) > 1:  # the same name in two villages: the one on the volunteer's branch
            candidates = [
                team
                for team in candidates
                if region.path.startswith(team.region.path) or team.region.path.startswith(region.path)
            ]
        if not candidates:
            return None, _("未找到队伍“%(value)s”（须为本次导入范围内在用的队伍）。") % {"value": value}
        if len(candidates) > 1:
            return None, _("队伍“%(value)s”有重名，无法确定是哪一支。") % {"value": value}
        return candidates[0], None

    @staticmethod
    def _ids(text: str, known: dict[str, int], message: str) -> tuple[list[int], str | None]:
        items = _list_split(text)
        unknown = [item for item in items if item not in known]
        if unknown:
            return [], message % {"values": "、".join(unknown)}
        return sorted({known[item] for item in items}), None

    def tag_ids(self, text: str) -> tuple[list[int], str | None]:
        return self._ids(text, self.tags, _("未知的标签：%(values)s。"))

    def skill_ids(self, text: str) -> tuple[list[int], str | None]:
        return self._ids(text, self.skills, _("未知的技能：%(values)s。"))


def _row_check(row: VolunteerRow, lookups: _Lookups, today: dt.date, first_row_of: dict[str, int]) -> Any:
    """A _Checked row, or a rejected RowResult naming every reason at once."""
    reasons = list(row.problems)
    name = name_normalize(row.name)
    result = RowResult(row_number=row.row_number, name=name[:NAME_MAX_LENGTH], id_number_masked="", outcome=REJECTED)
    name_problem = None if "name" in row.flagged and not name else _name_problem(name)
    if name_problem:
        reasons.append(name_problem)
    id_number = id_number_normalize(row.id_number)
    parsed = None
    if not id_number:
        if "id_number" not in row.flagged:
            reasons.append(_("身份证号不能为空。"))
    elif SCIENTIFIC_NUMBER.match(id_number):
        reasons.append(
            _("身份证号被 Excel 存成了数字（只保留15位有效数字，后几位已丢失）：请将该列设为文本后重新填写。")
        )
    else:
        result.id_number_masked = mask_id_number(id_number)[:18]
        try:
            parsed = id_number_parse(id_number, today=today)
        except ValidationError as error:
            reasons.extend(str(message) for message in error.messages)
        else:
            result.id_number_masked = mask_id_number(parsed.value)
            first = first_row_of.setdefault(parsed.value, row.row_number)
            if first != row.row_number:
                reasons.append(_("与第%(row)d行的身份证号重复。") % {"row": first})
    phone = ""
    if not text_normalize(row.phone):
        if "phone" not in row.flagged:
            reasons.append(_("手机号不能为空。"))
    else:
        try:
            phone = phone_text_normalize(row.phone)
        except ValidationError as error:
            reasons.extend(_("手机号：%(message)s") % {"message": message} for message in error.messages)
    region, problem = lookups.region(row.region)
    if problem:
        reasons.append(problem)
    team = None
    if region is not None:
        team, problem = lookups.team(row.team, region)
        if problem:
            reasons.append(problem)
    tag_ids, problem = lookups.tag_ids(row.tags)
    if problem:
        reasons.append(problem)
    skill_ids, problem = lookups.skill_ids(row.skills)
    if problem:
        reasons.append(problem)
    guardian_name = name_normalize(row.guardian_name)
    guardian_phone = ""
    if text_normalize(row.guardian_phone):
        try:
            guardian_phone = phone_text_normalize(row.guardian_phone)
        except ValidationError as error:
            reasons.extend(_("监护人电话：%(message)s") % {"message": message} for message in error.messages)
    if guardian_name and _name_problem(guardian_name):
        reasons.append(_("监护人姓名含有不允许的字符。"))
    is_child = parsed is not None and age_on(parsed.birth_on, today) < GUARDIAN_CONSENT_AGE
    if is_child and not (guardian_name and text_normalize(row.guardian_phone)):
        reasons.append(_("未满14周岁的志愿者须填写监护人姓名和监护人电话（表示监护人已书面同意）。"))
    if reasons or parsed is None or region is None:
        result.reasons = reasons
        return result
    return _Checked(
        result=result,
        id_number=parsed.value,
        id_hash=keyed_hash(parsed.value),
        birth_on=parsed.birth_on,
        gender=parsed.gender,
        phone=phone,
        region=region,
        team=team,
        tag_ids=tag_ids,
        skill_ids=skill_ids,
        guardian_name=guardian_name,
        guardian_phone=guardian_phone,
    )


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class _Existing:
    volunteer: Volunteer
    tag_ids: set[int]
    skill_ids: set[int]
    team_ids: set[int]
    left_team_ids: set[int]


def _existing_load(hashes: list[str]) -> dict[str, _Existing]:
    """Registered volunteers with these ID hashes, with their tags, skills and current teams."""
    found: dict[str, _Existing] = {}
    for chunk in _chunks(hashes, LOOKUP_CHUNK):
        for volunteer in Volunteer.objects.filter(id_number_hash__in=chunk).select_related("region"):
            found[volunteer.id_number_hash] = _Existing(volunteer, set(), set(), set(), set())
    if not found:
        return found
    by_pk = {existing.volunteer.pk: existing for existing in found.values()}
    for chunk in _chunks(list(by_pk), LOOKUP_CHUNK):
        tags = Volunteer.tags.through.objects.filter(volunteer_id__in=chunk)
        for volunteer_id, tag_id in tags.values_list("volunteer_id", "volunteertag_id"):
            by_pk[volunteer_id].tag_ids.add(tag_id)
        skills = Volunteer.skills.through.objects.filter(volunteer_id__in=chunk)
        for volunteer_id, skill_id in skills.values_list("volunteer_id", "skill_id"):
            by_pk[volunteer_id].skill_ids.add(skill_id)
        memberships = Membership.objects.filter(volunteer_id__in=chunk)
        for volunteer_id, team_id, left_on in memberships.values_list("volunteer_id", "team_id", "left_on"):
            existing = by_pk[volunteer_id]
            (existing.team_ids if left_on is None else existing.left_team_ids).add(team_id)
    return found


def _update_plan(checked: _Checked, existing: _Existing) -> tuple[list[str], list[str]]:
    """(changed fields, reasons describing the change) of an existing volunteer; empty when unchanged."""
    volunteer = existing.volunteer
    fields: list[str] = []
    notes: list[str] = []
    if checked.phone != volunteer.phone:
        fields.append("phone")
        notes.append(_("手机号已更新。"))
    if checked.guardian_name and checked.guardian_name != volunteer.guardian_name:
        fields.append("guardian_name")
        notes.append(_("监护人姓名已更新。"))
    if checked.guardian_phone and checked.guardian_phone != volunteer.guardian_phone:
        fields.append("guardian_phone")
        notes.append(_("监护人电话已更新。"))
    if set(checked.tag_ids) - existing.tag_ids:
        notes.append(_("已添加标签。"))
    if set(checked.skill_ids) - existing.skill_ids:
        notes.append(_("已添加技能。"))
    if checked.team is not None and checked.team.pk not in existing.team_ids:
        notes.append(_("已加入队伍“%(team)s”。") % {"team": checked.team.name})
    return fields, notes


def _numbers_allocate(region_codes: list[str]) -> dict[str, Iterator[str]]:
    """A contiguous block of volunteer numbers per county code, from the county's locked counter
    (volunteers.services.volunteer_numbers_allocate), so single registrations never take the same ones."""
    counts: dict[str, int] = {}
    for code in region_codes:
        counts[code[:6]] = counts.get(code[:6], 0) + 1
    return {prefix: iter(volunteer_numbers_allocate(prefix, count)) for prefix, count in sorted(counts.items())}


def _write(
    *,
    new_rows: list[_Checked],
    updates: list[tuple[_Checked, _Existing, list[str]]],
    acting_user: Any,
    now: dt.datetime,
    today: dt.date,
    progress: Progress | None,
) -> None:
    """Everything the batch writes, in the caller's transaction."""
    blocks = _numbers_allocate([checked.region.code for checked in new_rows])
    reviewer = acting_user if getattr(acting_user, "pk", None) else None
    records: list[Volunteer] = []
    for checked in new_rows:
        is_child = age_on(checked.birth_on, today) < GUARDIAN_CONSENT_AGE
        record = Volunteer(
            region=checked.region,
            volunteer_number=next(blocks[checked.region.code[:6]]),
            name=checked.result.name,
            id_number_encrypted=encrypt_text(checked.id_number),
            id_number_hash=checked.id_hash,
            id_number_masked=checked.result.id_number_masked,
            gender=checked.gender,
            birth_on=checked.birth_on,
            phone=checked.phone,
            status=VolunteerStatus.ACTIVE,
            guardian_name=checked.guardian_name,
            guardian_phone=checked.guardian_phone,
            guardian_consent_at=now if is_child else None,
            registered_at=now,
            channel=RegistrationChannel.IMPORT,
            is_sensitive=age_on(checked.birth_on, today) < ADULT_AGE,
            reviewed_at=now,
            reviewed_by=reviewer,
        )
        record.search_keys_fill()
        records.append(record)
    written = 0
    total = max(1, len(records) + len(updates))
    for chunk in _chunks(records, WRITE_CHUNK):
        Volunteer.objects.bulk_create(chunk)
        written += len(chunk)
        if progress:
            progress(written / total)
    for checked, record in zip(new_rows, records, strict=True):
        checked.result.volunteer_id = record.pk
    changed: list[Volunteer] = []
    for checked, existing, fields in updates:
        volunteer = existing.volunteer
        if fields:
            volunteer.phone = checked.phone
            volunteer.guardian_name = checked.guardian_name or volunteer.guardian_name
            volunteer.guardian_phone = checked.guardian_phone or volunteer.guardian_phone
            volunteer.updated_at = now
            volunteer.search_keys_fill()  # keys derived from the phone, if any, follow it
            changed.append(volunteer)
    if changed:
        Volunteer.objects.bulk_update(changed, _UPDATED_FIELDS, batch_size=WRITE_CHUNK)
    tag_through, skill_through = Volunteer.tags.through, Volunteer.skills.through
    tag_links: list[Any] = []
    skill_links: list[Any] = []
    memberships: list[Membership] = []
    returning: list[tuple[int, int]] = []  # (team, volunteer) of a member who left and comes back
    no_ids: set[int] = set()
    planned = [(checked, no_ids, no_ids, no_ids, no_ids) for checked in new_rows] + [
        (checked, existing.tag_ids, existing.skill_ids, existing.team_ids, existing.left_team_ids)
        for checked, existing, _fields in updates
    ]
    for checked, tag_ids, skill_ids, team_ids, left_team_ids in planned:
        volunteer_id = checked.result.volunteer_id
        tag_links += [
            tag_through(volunteer_id=volunteer_id, volunteertag_id=pk) for pk in checked.tag_ids if pk not in tag_ids
        ]
        skill_links += [
            skill_through(volunteer_id=volunteer_id, skill_id=pk) for pk in checked.skill_ids if pk not in skill_ids
        ]
        team = checked.team
        if team is not None and team.pk in left_team_ids:
            returning.append((team.pk, volunteer_id))  # type: ignore[arg-type]
        elif team is not None and team.pk not in team_ids:
            memberships.append(
                Membership(team=team, volunteer_id=volunteer_id, role=MembershipRole.MEMBER, joined_on=today)  # type: ignore[misc]
            )
    tag_through.objects.bulk_create(tag_links, batch_size=WRITE_CHUNK)
    skill_through.objects.bulk_create(skill_links, batch_size=WRITE_CHUNK)
    Membership.objects.bulk_create(memberships, batch_size=WRITE_CHUNK)
    for team_id, volunteer_id in returning:  # rare: one UPDATE each
        Membership.objects.filter(team_id=team_id, volunteer_id=volunteer_id).update(
            left_on=None, joined_on=today, updated_at=now
        )
    if progress:
        progress(1.0)


def volunteer_rows_import(
    *,
    rows: Sequence[VolunteerRow],
    region_scope: Region,
    acting_user: Any,
    dry_run: bool,
    progress: Progress | None = None,
    on_result: Callable[[BulkImportResult], None] | None = None,
    today: dt.date | None = None,
) -> BulkImportResult:
    """Validate every row, then (unless a dry run) write the accepted ones in one transaction.

    A row already registered (same ID number) inside `region_scope` comes back "updated" when it
    changes the phone, guardian, tags, skills or team, "unchanged" otherwise; one registered outside
    the scope is rejected. Nothing of a rejected row is written. `progress` gets the share done
    (0..1): checking the rows is the first 60 %, writing the rest. `on_result` is called with the
    outcome inside the writing transaction, so that the caller's report commits (or not) with it.
    """
    now = timezone.now()
    today = today or timezone.localdate(now)
    lookups = _Lookups(region_scope)
    first_row_of: dict[str, int] = {}
    checked_rows: list[Any] = []
    report_every = max(1, len(rows) // 50)
    for index, row in enumerate(rows, start=1):
        checked_rows.append(_row_check(row, lookups, today, first_row_of))
        if progress and index % report_every == 0:
            progress(0.5 * index / len(rows))
    accepted = [checked for checked in checked_rows if isinstance(checked, _Checked)]
    existing_by_hash = _existing_load([checked.id_hash for checked in accepted])
    if progress:
        progress(0.6)
    new_rows: list[_Checked] = []
    updates: list[tuple[_Checked, _Existing, list[str]]] = []
    for checked in accepted:
        existing = existing_by_hash.get(checked.id_hash)
        result = checked.result
        if existing is None:
            result.outcome = IMPORTED
            new_rows.append(checked)
            continue
        volunteer = existing.volunteer
        if not volunteer.region.path.startswith(region_scope.path):
            result.outcome = REJECTED
            result.reasons = [_("该身份证号已在其他地区注册为志愿者，不能在此导入或修改。")]
            continue
        if volunteer.name != result.name:
            result.outcome = REJECTED
            result.reasons = [
                _("该身份证号已登记的志愿者姓名为“%(name)s”，与表中姓名不一致。") % {"name": volunteer.name}
            ]
            continue
        result.volunteer_id = volunteer.pk
        fields, notes = _update_plan(checked, existing)
        result.outcome = UPDATED if notes else UNCHANGED
        result.reasons = notes
        if notes:
            updates.append((checked, existing, fields))
    outcome = BulkImportResult(
        rows=[checked.result if isinstance(checked, _Checked) else checked for checked in checked_rows]
    )
    if dry_run:
        if progress:
            progress(1.0)
        if on_result:
            on_result(outcome)
        return outcome
    with transaction.atomic():
        _write(
            new_rows=new_rows,
            updates=updates,
            acting_user=acting_user,
            now=now,
            today=today,
            progress=(lambda share: progress(0.6 + 0.4 * share)) if progress else None,
        )
        if on_result:
            on_result(outcome)
    return outcome
