"""Build the demo county, Tieli, as raw records: people, sign-ups, check-ins, ledger entries, orders.

Nothing here stores a total: the figures report adds the records back up. At full scale the
records add up exactly to the article's figures (DESIGN.md §3). Everything is deterministic for a
seed (each part draws from its own random stream) and written with bulk inserts in one
transaction; the creation timestamps are the only values taken from the clock.
"""

import bisect
import datetime as dt
import itertools
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.db import models, transaction
from django.db.models import Sum

from wenming.accounts.models import RoleAssignment, User
from wenming.activities.models import (
    Activity,
    ActivityStatus,
    Attendance,
    AttendanceMethod,
    SignUp,
    SignUpStatus,
    VenueType,
)
from wenming.core.identity import age_on
from wenming.demo import tieli
from wenming.demo.people import REFERENCE_DAY, Identity, mobile_number, person_name, volunteer_identities
from wenming.ledger.models import EntryKind, EntryStatus, HoursEntry, SourceKind
from wenming.orders.models import OrderChannel, OrderEvent, OrderStatus, ServiceOrder, Tier
from wenming.organizations.models import Organization, Pairing, PolicyDocument
from wenming.projects.models import Award, AwardCategory, AwardLevel, Brand, Project
from wenming.regions.models import Region, RegionLevel
from wenming.regions.roles import Role
from wenming.sites.models import (
    HostType,
    ResidentialKind,
    ResidentialPoint,
    Site,
    SiteKind,
    SiteStandardCheck,
    StandardItem,
)
from wenming.teams.models import Membership, MembershipRole, Team, TeamCategory
from wenming.trainings.models import Training, TrainingAttendance
from wenming.volunteers.models import RegistrationChannel, Skill, Volunteer, VolunteerStatus, VolunteerTag
from wenming.volunteers.services import id_number_seal

TZ = ZoneInfo("Asia/Shanghai")
BATCH_SIZE = 2000
GUARDIAN_AGE = 14
ADULT_AGE = 18  # minors' records are marked sensitive
M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Volumes:
    """How much of everything; the defaults are the article's figures (DESIGN.md §3)."""

    volunteers: int = 37_019
    withdrawn_volunteers: int = 143
    suspended_volunteers: int = 60
    activities: int = 2_419
    paired_activities: int = 187
    participations: int = 22_729
    upcoming_activities: int = 20
    draft_activities: int = 2
    cancelled_activities: int = 3
    orders: int = 529
    training_participations: tuple[int, ...] = (412, 356, 298, 325, 247)
    service_hours: int = 190_980
    reversals: int = 64
    pending_entries: int = 90
    super_volunteers: int = 12
    core_volunteers: int = 380
    casual_duty_volunteers: int = 5000

    def scaled(self, divisor: int) -> "Volumes":
        """A smaller county for benchmarks and CI (never the demo itself): people and events / divisor."""
        if divisor <= 1:
            return self

        def part(value: int, least: int = 1) -> int:
            return max(least, value // divisor)

        return replace(
            self,
            volunteers=part(self.volunteers, 200),
            withdrawn_volunteers=part(self.withdrawn_volunteers),
            suspended_volunteers=part(self.suspended_volunteers),
            activities=part(self.activities, 20),
            paired_activities=part(self.paired_activities),
            participations=part(self.participations, 60),
            orders=part(self.orders, 20),
            training_participations=tuple(part(n, 5) for n in self.training_participations),
            service_hours=part(self.service_hours, 600),
            reversals=part(self.reversals),
            pending_entries=part(self.pending_entries, 10),
            super_volunteers=part(self.super_volunteers),
            core_volunteers=part(self.core_volunteers, 5),
            casual_duty_volunteers=part(self.casual_duty_volunteers, 20),
        )


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _hours(half_hours: int) -> Decimal:
    return Decimal(half_hours) / 2


def _jitter(rng: random.Random, value: float, spread: float) -> Decimal:
    return Decimal(f"{value + rng.uniform(-spread, spread):.6f}")


def _insert(objects: Sequence[M]) -> list[M]:
    if not objects:
        return []
    return type(objects[0])._default_manager.bulk_create(objects, batch_size=BATCH_SIZE)


@dataclass
class Pool:
    """Volunteers eligible for a place, ordered by registration, with cumulative engagement weights."""

    members: list[int] = field(default_factory=list)
    registered: list[dt.datetime] = field(default_factory=list)
    cumulative: list[float] = field(default_factory=list)

    def freeze(self, volunteers: list["PlannedVolunteer"]) -> None:
        self.members.sort(key=lambda index: (volunteers[index].registered_at, index))
        self.registered = [volunteers[index].registered_at for index in self.members]
        total = 0.0
        self.cumulative = []
        for index in self.members:
            total += volunteers[index].engagement
            self.cumulative.append(total)

    def eligible(self, until: dt.datetime) -> int:
        return bisect.bisect_left(self.registered, until)

    def pick(self, rng: random.Random, until: dt.datetime, count: int) -> list[int]:
        """`count` distinct volunteers registered before `until`, the engaged ones more likely."""
        limit = self.eligible(until)
        if limit < count:
            raise ValueError("pool too small")
        chosen: list[int] = []
        taken: set[int] = set()
        total = self.cumulative[limit - 1] if limit else 0.0
        attempts = 0
        while total > 0 and len(chosen) < count and attempts < count * 30:
            attempts += 1
            position = bisect.bisect_right(self.cumulative, rng.random() * total, 0, limit)
            index = self.members[min(position, limit - 1)]
            if index not in taken:
                taken.add(index)
                chosen.append(index)
        while len(chosen) < count:
            index = self.members[rng.randrange(limit)]
            if index not in taken:
                taken.add(index)
                chosen.append(index)
        return chosen


@dataclass
class PlannedVolunteer:
    identity: Identity
    region: Region
    township: int  # index into TOWNSHIPS, -1 for the county level
    registered_at: dt.datetime
    engagement: float
    status: str
    record: Volunteer | None = None


class DemoBuilder:
    def __init__(self, *, seed: int = 1, volumes: Volumes | None = None, log: Callable[[str], None] | None = None):
        self.seed = seed
        self.volumes = volumes or Volumes()
        self.log = log or (lambda _message: None)
        self.started = time.perf_counter()
        # half-hours of approved ledger entries written so far, to land exactly on the target
        self.approved_half_hours = 0
        self.half_hours_by_volunteer: dict[int, int] = {}
        self.unsaved: list[HoursEntry] = []
        self.ledger_rows = 0
        self.order_credits: list[tuple[ServiceOrder, int, int, dt.date, Team]] = []
        self.upcoming_signups: list[tuple[Activity, list[int]]] = []

    def rng(self, part: str) -> random.Random:
        return random.Random(f"{self.seed}:{part}")

    def step(self, message: str) -> None:
        self.log(f"[{time.perf_counter() - self.started:6.1f}s] {message}")

    @transaction.atomic
    def build(self) -> None:
        self.build_regions()
        self.build_staff()
        self.build_sites()
        self.build_network_facts()
        self.build_vocabularies()
        self.build_volunteers()
        self.build_teams()
        self.build_organizations()
        self.build_projects()
        self.build_trainings()
        self.build_activities()
        self.build_orders()
        self.build_ledger()
        self.build_awards()
        self.verify()
        self.step("完成")

    # -- regions ---------------------------------------------------------------------------------

    def build_regions(self) -> None:
        rng = self.rng("regions")
        province = _insert([self._region(tieli.PROVINCE, RegionLevel.PROVINCE, None)])[0]
        city = _insert([self._region(tieli.CITY, RegionLevel.CITY, province)])[0]
        county = self._region(tieli.COUNTY, RegionLevel.COUNTY, city)
        county.population = tieli.COUNTY_POPULATION
        self.province, self.city, self.county = province, city, _insert([county])[0]
        self.townships = _insert(
            [
                self._region((t.code, t.name), RegionLevel.TOWNSHIP, self.county, population=t.population)
                for t in tieli.TOWNSHIPS
            ]
        )
        villages: list[Region] = []
        self.village_township: list[int] = []
        self.village_coordinates: list[tuple[float, float]] = []
        for index, (fact, township) in enumerate(zip(tieli.TOWNSHIPS, self.townships, strict=True)):
            names = [(name, True) for name in fact.communities] + [(name, False) for name in fact.villages]
            weights = [rng.uniform(3.0, 5.0) if is_community else rng.uniform(0.7, 1.3) for _, is_community in names]
            populations = [int(fact.population * weight / sum(weights)) for weight in weights]
            populations[-1] += fact.population - sum(populations)
            community_number = village_number = 0
            for (name, is_community), population in zip(names, populations, strict=True):
                if is_community:
                    community_number += 1
                    code = f"{fact.code}{community_number:03d}"
                    spread = 0.02
                else:
                    village_number += 1
                    code = f"{fact.code}{200 + village_number:03d}"
                    spread = 0.09
                region = self._region((code, name), RegionLevel.VILLAGE, township, population=population)
                region.is_community = is_community
                villages.append(region)
                self.village_township.append(index)
                self.village_coordinates.append(
                    (fact.latitude + rng.uniform(-spread, spread), fact.longitude + rng.uniform(-spread, spread))
                )
        self.villages = _insert(villages)
        self.step(f"行政区划 {3 + len(self.townships) + len(self.villages)} 个")

    @staticmethod
    def _region(fact: tuple[str, str], level: str, parent: Region | None, population: int | None = None) -> Region:
        code, name = fact
        return Region(
            code=code, name=name, level=level, parent=parent, path=Region.path_for(parent, code), population=population
        )

    # -- staff who recorded and approved the records ---------------------------------------------

    def build_staff(self) -> None:
        rng = self.rng("staff")
        users = [
            User(
                username=f"tieli-{region.code}",
                password="!demo-record-keeper",  # noqa: S106  unusable: these accounts only sign the records
                display_name=person_name(rng, rng.choice(["male", "female"])),
                is_staff=True,
            )
            for region in [self.county, *self.townships]
        ]
        self.center_staff, *self.township_staff = _insert(users)
        _insert(
            [RoleAssignment(user=self.center_staff, role=Role.COUNTY_ADMIN, region=self.county)]
            + [
                RoleAssignment(user=user, role=Role.TOWNSHIP_ADMIN, region=township, granted_by=self.center_staff)
                for user, township in zip(self.township_staff, self.townships, strict=True)
            ]
        )

    def staff_of(self, township: int) -> User:
        return self.township_staff[township] if township >= 0 else self.center_staff

    # -- sites -----------------------------------------------------------------------------------

    def build_sites(self) -> None:
        rng = self.rng("sites")
        seat_lat, seat_lon = tieli.SEAT

        def site(region: Region, kind: str, name: str, lat: float, lon: float, spread: float, **extra: Any) -> Site:
            extra.setdefault("opening_hours", "周一至周五 8:30-17:00")
            return Site(
                region=region,
                kind=kind,
                name=name,
                latitude=_jitter(rng, lat, spread),
                longitude=_jitter(rng, lon, spread),
                address=f"黑龙江省伊春市铁力市{'' if region.level == RegionLevel.COUNTY else region.name}{name}",
                contact_name=person_name(rng, rng.choice(["male", "female"])),
                contact_phone=mobile_number(rng),
                **extra,
            )

        self.center = _insert(
            [
                site(
                    self.county,
                    SiteKind.CENTER,
                    "铁力市新时代文明实践中心",
                    seat_lat,
                    seat_lon,
                    0.0,
                    host_type=HostType.PARTY_SCHOOL,
                )
            ]
        )[0]
        self.institutes = _insert(
            [
                site(
                    township,
                    SiteKind.INSTITUTE,
                    f"{fact.name}新时代文明实践所",
                    fact.latitude,
                    fact.longitude,
                    0.004,
                    host_type=HostType.TOWNSHIP_GOVERNMENT,
                    parent=self.center,
                )
                for fact, township in zip(tieli.TOWNSHIPS, self.townships, strict=True)
            ]
        )
        stations: list[Site] = []
        self.station_of_village: dict[int, Site] = {}
        for index, village in enumerate(self.villages):
            if village.name in tieli.VILLAGES_WITHOUT_STATION:
                continue
            lat, lon = self.village_coordinates[index]
            stations.append(
                site(
                    village,
                    SiteKind.STATION,
                    f"{village.name}新时代文明实践站",
                    lat,
                    lon,
                    0.002,
                    host_type=HostType.COMMUNITY_CENTER if village.is_community else HostType.VILLAGE_COMMITTEE,
                    parent=self.institutes[self.village_township[index]],
                )
            )
        self.stations = _insert(stations)
        for station in self.stations:
            self.station_of_village[station.region_id] = station
        others: list[Site] = []
        for name, host in tieli.COUNTY_POST_HOSTS:
            others.append(
                site(
                    self.county, SiteKind.SERVICE_POST, f"{name}志愿服务站点", seat_lat, seat_lon, 0.02, host_type=host
                )
            )
        for fact, township in zip(tieli.TOWNSHIPS, self.townships, strict=True):
            for suffix, host in tieli.TOWNSHIP_POST_HOSTS:
                others.append(
                    site(
                        township,
                        SiteKind.SERVICE_POST,
                        f"{fact.name}{suffix}志愿服务站点",
                        fact.latitude,
                        fact.longitude,
                        0.02,
                        host_type=host,
                    )
                )
        for name, square_type in tieli.SQUARES:
            others.append(
                site(
                    self.county,
                    SiteKind.SQUARE,
                    name,
                    seat_lat,
                    seat_lon,
                    0.01,
                    host_type=HostType.PUBLIC_SQUARE,
                    square_type=square_type,
                    opening_hours="全天开放",
                )
            )
        township_by_name = {fact.name: index for index, fact in enumerate(tieli.TOWNSHIPS)}
        for name, host in tieli.PRACTICE_POINTS:
            home = next((township_by_name[t] for t in ("年丰朝鲜族乡", "日月峡镇") if name.startswith(t[:2])), None)
            where = self.townships[home] if home is not None else self.county
            lat, lon = (
                (tieli.TOWNSHIPS[home].latitude, tieli.TOWNSHIPS[home].longitude) if home is not None else tieli.SEAT
            )
            others.append(site(where, SiteKind.PRACTICE_POINT, name, lat, lon, 0.015, host_type=host))
        self.other_sites = _insert(others)
        self.service_posts = [s for s in self.other_sites if s.kind == SiteKind.SERVICE_POST]
        self.three_tier = [self.center, *self.institutes, *self.stations]
        self.township_of_region: dict[int, int] = {township.pk: index for index, township in enumerate(self.townships)}
        for village, township_index in zip(self.villages, self.village_township, strict=True):
            self.township_of_region[village.pk] = township_index
        self.township_of_region[self.county.pk] = -1
        self.step(f"阵地 {1 + len(self.institutes) + len(self.stations) + len(self.other_sites)} 处")

    def build_network_facts(self) -> None:
        rng = self.rng("network")
        items = _insert(
            [
                StandardItem(region=self.county, code=code, name=name, weight=20, position=position)
                for position, (code, name) in enumerate(tieli.STANDARD_ITEMS, start=1)
            ]
        )
        _insert(
            [
                SiteStandardCheck(
                    site=site,
                    item=item,
                    is_met=rng.random() < 0.92,
                    checked_on=dt.date(2023, 11, 1) + dt.timedelta(days=rng.randrange(40)),
                )
                for site in self.three_tier
                for item in items
            ]
        )
        _insert(
            [
                ResidentialPoint(
                    region=village,
                    name=village.name,
                    kind=ResidentialKind.COMMUNITY if village.is_community else ResidentialKind.VILLAGE,
                    population=village.population or 0,
                    latitude=Decimal(f"{lat:.6f}"),
                    longitude=Decimal(f"{lon:.6f}"),
                )
                for village, (lat, lon) in zip(self.villages, self.village_coordinates, strict=True)
            ]
        )
        _insert(
            [
                PolicyDocument(
                    region=self.county,
                    title=title,
                    kind=kind,
                    document_number=number,
                    issuer="中共铁力市委宣传部",
                    issued_on=dt.date.fromisoformat(issued_on),
                    summary=f"{title}，明确新时代文明实践工作的组织领导、职责分工和保障措施。",
                )
                for title, kind, number, issued_on in tieli.POLICY_DOCUMENTS
            ]
        )

    def build_vocabularies(self) -> None:
        self.categories: dict[str, TeamCategory] = {}
        for position, (code, name) in enumerate(tieli.STANDING_CATEGORIES, start=1):
            self.categories[code] = TeamCategory.objects.get_or_create(
                code=code, defaults={"name": name, "is_standing": True, "position": position}
            )[0]
        for position, (code, name) in enumerate(tieli.LOCAL_CATEGORIES, start=20):
            self.categories[code] = TeamCategory.objects.get_or_create(
                code=code, defaults={"name": name, "is_standing": False, "region": self.county, "position": position}
            )[0]
        self.tags = {
            code: VolunteerTag.objects.get_or_create(code=code, defaults={"name": name, "group": group})[0]
            for code, name, group in tieli.VOLUNTEER_TAGS
        }
        self.skills = {
            code: Skill.objects.get_or_create(code=code, defaults={"name": name, "requires_qualification": qualified})[
                0
            ]
            for code, name, qualified in tieli.SKILLS
        }

    # -- volunteers ------------------------------------------------------------------------------

    def build_volunteers(self) -> None:
        rng = self.rng("volunteers")
        volumes = self.volumes
        total = volumes.volunteers + volumes.withdrawn_volunteers
        village_weights = list(itertools.accumulate(float(v.population or 1) for v in self.villages))
        village_indexes = range(len(self.villages))
        planned: list[PlannedVolunteer] = []
        for identity in volunteer_identities(seed=self.seed, count=total):
            roll = rng.random()
            if roll < 0.02:
                region, township = self.county, -1
            elif roll < 0.07:
                township = rng.randrange(len(self.townships))
                region = self.townships[township]
            else:
                village_index = rng.choices(village_indexes, cum_weights=village_weights)[0]
                region, township = self.villages[village_index], self.village_township[village_index]
            registered_on = self._registration_day(rng, identity)
            age = age_on(identity.birth_on, REFERENCE_DAY)
            engagement = 0.0 if rng.random() < 0.42 else min(60.0, rng.paretovariate(1.5))
            if age < 16 or age > 75:
                engagement *= 0.2
            planned.append(
                PlannedVolunteer(
                    identity=identity,
                    region=region,
                    township=township,
                    registered_at=_at(registered_on, rng.randint(8, 20), rng.randrange(60)),
                    engagement=engagement,
                    status=VolunteerStatus.ACTIVE,
                )
            )
        inactive = rng.sample(range(total), volumes.withdrawn_volunteers + volumes.suspended_volunteers)
        for position, index in enumerate(inactive):
            withdrawn = position < volumes.withdrawn_volunteers
            planned[index].status = VolunteerStatus.WITHDRAWN if withdrawn else VolunteerStatus.SUSPENDED
            planned[index].engagement = 0.0
        planned.sort(key=lambda p: (p.registered_at, p.identity.id_number))
        records = []
        for number, person in enumerate(planned, start=1):
            identity = person.identity
            consent = age_on(identity.birth_on, person.registered_at.date()) < GUARDIAN_AGE
            guardian = person_name(rng, rng.choice(["male", "female"]), korean=False) if consent else ""
            # The same sealing as registration: validated, encrypted, hashed, masked, facts derived.
            sealed = id_number_seal(identity.id_number)
            record = Volunteer(
                region=person.region,
                volunteer_number=f"{tieli.COUNTY[0]}{number:08d}",
                name=identity.name,
                id_number_encrypted=sealed.encrypted,
                id_number_hash=sealed.hash,
                id_number_masked=sealed.masked,
                gender=sealed.gender,
                birth_on=sealed.birth_on,
                phone=identity.phone,
                status=person.status,
                guardian_name=guardian,
                guardian_phone=mobile_number(rng) if consent else "",
                guardian_consent_at=person.registered_at if consent else None,
                registered_at=person.registered_at,
                channel=RegistrationChannel.SEED,
                consent_at=person.registered_at,
                is_sensitive=age_on(identity.birth_on, person.registered_at.date()) < ADULT_AGE,
            )
            record.search_keys_fill()
            person.record = record
            records.append(record)
        _insert(records)
        self.planned = planned
        self.index_of_pk = {record.pk: index for index, record in enumerate(records)}
        self._attach_tags_and_skills(rng)
        self.active = [i for i, p in enumerate(planned) if p.status == VolunteerStatus.ACTIVE]
        self.county_pool = Pool(members=list(self.active))
        self.township_pools = [Pool() for _ in self.townships]
        self.village_pools: dict[int, Pool] = {}
        for index in self.active:
            person = planned[index]
            if person.township >= 0:
                self.township_pools[person.township].members.append(index)
            if person.region.level == RegionLevel.VILLAGE:
                self.village_pools.setdefault(person.region.pk, Pool()).members.append(index)
        for pool in [self.county_pool, *self.township_pools, *self.village_pools.values()]:
            pool.freeze(planned)
        self.step(f"志愿者 {len(records)} 名（含已注销 {volumes.withdrawn_volunteers} 名）")

    @staticmethod
    def _registration_day(rng: random.Random, identity: Identity) -> dt.date:
        year = rng.choices(range(2016, 2024), [6, 9, 12, 16, 17, 14, 14, 12])[0]
        day = _day_between(rng, dt.date(year, 1, 1), dt.date(year, 12, 31) if year < 2023 else dt.date(2023, 11, 30))
        # Children (under 14 today) register with a guardian's consent; everyone else after turning 14.
        child = age_on(identity.birth_on, REFERENCE_DAY) < GUARDIAN_AGE
        earliest = identity.birth_on.replace(year=identity.birth_on.year + (10 if child else GUARDIAN_AGE), day=1)
        return min(max(day, earliest + dt.timedelta(days=31)), dt.date(2023, 12, 28))

    def _attach_tags_and_skills(self, rng: random.Random) -> None:
        tag_links = []
        skill_links = []
        wulao = [tag for code, tag in self.tags.items() if code.startswith("wulao-")]
        wulao_weights = [3, 2, 2, 5, 1]
        skills = list(self.skills.values())
        for person in self.planned:
            assert person.record is not None
            age = age_on(person.identity.birth_on, REFERENCE_DAY)
            chosen: list[VolunteerTag] = []
            if age >= 60 and rng.random() < 0.14:
                chosen.append(rng.choices(wulao, wulao_weights)[0])
            if age >= 30 and rng.random() < 0.012:
                chosen.append(self.tags["rural-culture"])
            if 22 <= age <= 60 and rng.random() < 0.01:
                chosen.append(self.tags["tech-talent"])
            if 25 <= age <= 50 and rng.random() < 0.007:
                chosen.append(self.tags["returnee-entrepreneur"])
            for tag in chosen:
                tag_links.append(Volunteer.tags.through(volunteer_id=person.record.pk, volunteertag_id=tag.pk))
            if age >= 18 and rng.random() < 0.08:
                for skill in rng.sample(skills, rng.choice([1, 1, 2])):
                    skill_links.append(Volunteer.skills.through(volunteer_id=person.record.pk, skill_id=skill.pk))
        _insert(tag_links)
        _insert(skill_links)

    def volunteer(self, index: int) -> Volunteer:
        record = self.planned[index].record
        assert record is not None
        return record

    def pool_for(self, region: Region) -> Pool:
        township = self.township_of_region.get(region.pk, -1)
        return self.county_pool if township < 0 else self.township_pools[township]

    def pick(self, rng: random.Random, region: Region, until: dt.datetime, count: int) -> list[int]:
        pool = self.pool_for(region)
        if pool.eligible(until) < count * 3:
            pool = self.county_pool
        return pool.pick(rng, until, count)

    # -- teams -----------------------------------------------------------------------------------

    def build_teams(self) -> None:
        rng = self.rng("teams")
        plans: list[tuple[Site, str, str]] = []  # (home site, name, category code)
        county_codes = [code for code, _ in tieli.STANDING_CATEGORIES] + [code for code, _ in tieli.LOCAL_CATEGORIES]
        for code in county_codes:
            plans.append((self.center, f"铁力市{self.categories[code].name}志愿服务队", code))
        for host, code in (
            ("铁力市人民医院", "health"),
            ("铁力市中医医院", "health"),
            ("铁力市公共法律服务中心", "legal"),
            ("铁力市第一中学", "education"),
            ("铁力市图书馆", "culture"),
            ("铁力市科协", "science"),
            ("铁力市交通运输局", "civility"),
            ("铁力市蓝天救援队", "tieli-forest-fire"),
        ):
            plans.append((self.center, f"{host}{self.categories[code].name}志愿服务队", code))
        standing = [code for code, _ in tieli.STANDING_CATEGORIES]
        for index, (fact, institute) in enumerate(zip(tieli.TOWNSHIPS, self.institutes, strict=True)):
            for offset in range(5):
                code = standing[(index + offset * 3) % len(standing)]
                if fact.name == "年丰朝鲜族乡" and offset == 4:
                    code = "tieli-korean-folk"
                plans.append((institute, f"{fact.name}{self.categories[code].name}志愿服务队", code))
        for station in self.stations:
            plans.append((station, f"{station.region.name}志愿服务队", rng.choice(["civility", "culture", "theory"])))
        for station in rng.sample(self.stations, 171 - len(plans)):
            code = rng.choice(["health", "education", "ecology", "legal"])
            plans.append((station, f"{station.region.name}{self.categories[code].name}志愿服务队", code))
        teams = []
        self.team_members: list[list[int]] = []
        cutoff = _at(dt.date(2023, 6, 30), 0)
        for home, name, code in plans:
            size = rng.randint(12, 50) if home.kind != SiteKind.CENTER else rng.randint(30, 90)
            pool = self.pool_for(home.region)
            members = pool.pick(rng, cutoff, min(size, max(3, pool.eligible(cutoff) // 3)))
            members.sort(key=lambda index: (-self.planned[index].engagement, index))
            self.team_members.append(members)
            teams.append(
                Team(
                    region=home.region,
                    name=name,
                    category=self.categories[code],
                    home_site=home,
                    leader=self.volunteer(members[0]),
                    founded_on=_day_between(rng, dt.date(2018, 6, 1), dt.date(2021, 6, 30)),
                    description=f"{name}，依托{home.name}开展{self.categories[code].name}志愿服务。",
                )
            )
        self.teams = _insert(teams)
        memberships = []
        for team, members in zip(self.teams, self.team_members, strict=True):
            founded_on = team.founded_on
            for position, index in enumerate(members):
                person = self.planned[index]
                joined_on = max(founded_on, person.registered_at.date())
                left_on = None
                if position > 2 and rng.random() < 0.05:
                    left_on = joined_on + dt.timedelta(days=rng.randint(60, 700))
                role = MembershipRole.LEADER if position == 0 else MembershipRole.DEPUTY if position == 1 else "member"
                memberships.append(
                    Membership(
                        team=team, volunteer=self.volunteer(index), role=role, joined_on=joined_on, left_on=left_on
                    )
                )
        _insert(memberships)
        self.teams_by_site: dict[int, list[int]] = {}
        self.teams_by_township: dict[int, list[int]] = {}
        for index, team in enumerate(self.teams):
            self.teams_by_site.setdefault(team.home_site_id, []).append(index)
            self.teams_by_township.setdefault(self.township_of_region.get(team.region_id, -1), []).append(index)
        self.step(f"志愿服务队 {len(self.teams)} 支，队员 {len(memberships)} 人")

    def team_for(self, rng: random.Random, site: Site) -> Team | None:
        here = self.teams_by_site.get(site.pk)
        if here:
            return self.teams[rng.choice(here)]
        nearby = self.teams_by_township.get(self.township_of_region.get(site.region_id, -1))
        return self.teams[rng.choice(nearby)] if nearby and rng.random() < 0.7 else None

    # -- units and pairings ----------------------------------------------------------------------

    def build_organizations(self) -> None:
        rng = self.rng("organizations")
        organizations = _insert(
            [
                Organization(
                    region=self.county,
                    name=name,
                    kind=kind,
                    contact_name=person_name(rng, rng.choice(["male", "female"])),
                    contact_phone=mobile_number(rng),
                    address=f"黑龙江省伊春市铁力市{name}",
                )
                for name, kind in tieli.ORGANIZATIONS
            ]
        )
        targets = [*self.institutes, *self.stations]
        pairings = []
        for index, organization in enumerate(organizations):
            first = targets[index % len(targets)] if index < len(targets) else rng.choice(self.stations)
            chosen = [first]
            if rng.random() < 0.2:
                second = rng.choice(self.stations)
                if second != first:
                    chosen.append(second)
            for site in chosen:
                modes = [rng.random() < 0.6, rng.random() < 0.5, rng.random() < 0.35, rng.random() < 0.55]
                if not any(modes):
                    modes[rng.randrange(4)] = True
                pairings.append(
                    Pairing(
                        region=site.region,
                        organization=organization,
                        site=site,
                        shares_site=modes[0],
                        shares_team=modes[1],
                        gives_technical_guidance=modes[2],
                        shares_resources=modes[3],
                        started_on=_day_between(rng, dt.date(2019, 7, 3), dt.date(2021, 3, 31)),
                        note="挂点联系、结对共建",
                    )
                )
        self.organizations = organizations
        self.pairings = _insert(pairings)
        self.step(f"挂点联系单位 {len(organizations)} 个，结对 {len(self.pairings)} 对")

    # -- brand and projects ----------------------------------------------------------------------

    def build_projects(self) -> None:
        rng = self.rng("projects")
        name, slogan = tieli.BRAND
        brand = _insert([Brand(region=self.county, name=name, slogan=slogan)])[0]
        county_teams = {team.category_id: team for team in self.teams if team.home_site_id == self.center.pk}
        projects = []
        for project_name, code in tieli.BRAND_PROJECTS:
            category = self.categories[code]
            projects.append(
                Project(
                    region=self.county,
                    brand=brand,
                    name=project_name,
                    category=category,
                    lead_team=county_teams.get(category.pk),
                    description=f"“{name}”志愿服务品牌下的“{project_name}”项目。",
                    started_on=_day_between(rng, dt.date(2019, 3, 1), dt.date(2021, 5, 1)),
                )
            )
        for project_name, code in tieli.UNBRANDED_PROJECTS:
            township = next(i for i, t in enumerate(tieli.TOWNSHIPS) if project_name.startswith(t.name[:2]))
            projects.append(
                Project(
                    region=self.townships[township],
                    name=project_name,
                    category=self.categories[code],
                    started_on=dt.date(2022, 4, 1),
                )
            )
        self.projects = _insert(projects)
        self.brand_projects = [p for p in self.projects if p.brand_id]

    # -- trainings -------------------------------------------------------------------------------

    def build_trainings(self) -> None:
        rng = self.rng("trainings")
        plans = (
            ("新时代文明实践志愿者骨干培训班", "志愿服务理念与组织实务", dt.date(2021, 5, 15), 3, None),
            ("志愿服务项目化管理培训", "项目设计、实施与评估", dt.date(2021, 11, 6), 3, None),
            ("应急救护志愿者培训", "心肺复苏与创伤救护", dt.date(2022, 6, 18), 4, "first-aid"),
            ("理论宣讲志愿者培训", "百姓宣讲的选题与表达", dt.date(2023, 4, 22), 3, None),
            ("志愿服务队长能力提升培训", "队伍管理与时长记录规范", dt.date(2023, 9, 16), 3, None),
        )
        trainings = []
        for (title, topic, day, hours, skill), present in zip(plans, self.volumes.training_participations, strict=True):
            trainings.append(
                Training(
                    region=self.county,
                    title=title,
                    topic=topic,
                    organizer_site=self.center,
                    place="铁力市新时代文明实践中心报告厅",
                    starts_at=_at(day, 8, 30),
                    ends_at=_at(day, 8 + hours, 30),
                    capacity=present + present // 10 + 20,
                    credit_hours=Decimal(hours),
                    qualifies_skill=self.skills[skill] if skill else None,
                )
            )
        self.trainings = _insert(trainings)
        rows = []
        for training, present in zip(self.trainings, self.volumes.training_participations, strict=True):
            absent = max(1, present // 25)
            chosen = self.county_pool.pick(rng, training.starts_at, present + absent)
            for position, index in enumerate(chosen):
                is_present = position < present
                rows.append(
                    TrainingAttendance(
                        training=training,
                        volunteer=self.volunteer(index),
                        is_present=is_present,
                        is_passed=is_present and rng.random() < 0.9,
                    )
                )
                if is_present:
                    self.credit(
                        volunteer=index,
                        region=self.county,
                        source_kind=SourceKind.TRAINING,
                        training=training,
                        service_on=training.starts_at.astimezone(TZ).date(),
                        half_hours=int(training.credit_hours * 2),
                        content=f"参加{training.title}",
                        place=training.place,
                        approver=self.center_staff,
                    )
        _insert(rows)
        self.step(f"培训 {len(self.trainings)} 期，出勤记录 {len(rows)} 条")

    # -- activities ------------------------------------------------------------------------------

    TITLES = {
        "theory": ("党的二十大精神宣讲进{place}", "理论轻骑兵走进{place}", "“百姓名嘴”微宣讲（{place}）"),
        "culture": ("文艺演出送到{place}", "“我们的节日”文化志愿服务（{place}）", "送书下乡到{place}"),
        "education": ("“四点半课堂”志愿服务（{place}）", "助学支教进{place}", "暑期托管志愿服务（{place}）"),
        "health": ("健康义诊进{place}", "老年人健康体检志愿服务（{place}）", "急救知识普及（{place}）"),
        "science": ("科普大篷车进{place}", "农业技术咨询（{place}）", "防范电信诈骗科普（{place}）"),
        "legal": ("法律咨询进{place}", "“法律明白人”普法宣传（{place}）", "民法典宣讲（{place}）"),
        "ecology": ("清洁家园志愿服务（{place}）", "植树护绿志愿服务（{place}）", "垃圾分类宣传（{place}）"),
        "civility": ("文明交通劝导（{place}）", "关爱空巢老人志愿服务（{place}）", "移风易俗宣传（{place}）"),
        "tieli-forest-fire": ("森林防火宣传（{place}）",),
        "tieli-ice-snow": ("冰雪运动进{place}",),
        "tieli-korean-folk": ("朝鲜族民俗文化展演（{place}）",),
        "tieli-anti-drug": ("禁毒宣传进{place}",),
    }
    VENUES = (
        (VenueType.VILLAGE, 30),
        (VenueType.COMMUNITY, 30),
        (VenueType.CAMPUS, 12),
        (VenueType.COURTYARD, 12),
        (VenueType.GOVERNMENT, 8),
        (VenueType.ENTERPRISE, 8),
    )

    def build_activities(self) -> None:
        rng = self.rng("activities")
        volumes = self.volumes
        counts = self._participant_counts(rng, volumes.activities, volumes.participations)
        paired = set(rng.sample(range(volumes.activities), volumes.paired_activities))
        organizers = self._organizer_sites(rng, volumes.activities)
        days = sorted(_day_between(rng, dt.date(2021, 1, 8), dt.date(2023, 12, 28)) for _ in range(volumes.activities))
        activities: list[Activity] = []
        plans: list[tuple[int, list[int], int, int, int]] = []  # (checked in, volunteers, no-shows, cancels, walk-ins)
        for index in range(volumes.activities):
            pairing: Pairing | None = None
            site = organizers[index]
            if index in paired:
                pairing = rng.choice(self.pairings)
                site = next(s for s in self.three_tier if s.pk == pairing.site_id)
            activity = self._activity(rng, site, days[index], ActivityStatus.FINISHED, pairing)
            checked_in = counts[index]
            no_shows = sum(1 for _ in range(checked_in) if rng.random() < 0.06)
            cancels = sum(1 for _ in range(checked_in) if rng.random() < 0.08)
            walk_ins = sum(1 for _ in range(checked_in) if rng.random() < 0.03)
            chosen = self.pick(rng, activity.region, activity.starts_at, checked_in + no_shows + cancels)
            activity.confirmed_count = checked_in - walk_ins + no_shows
            activity.capacity = max(activity.confirmed_count, 1) + rng.choice([0, 0, 2, 5, 10, 20])
            activities.append(activity)
            plans.append((checked_in, chosen, no_shows, cancels, walk_ins))
        activities.extend(self._other_activities(rng))
        self.activities = _insert(activities)
        self._signups_and_attendance(rng, self.activities[: volumes.activities], plans)
        self.step(f"主题活动 {len(self.activities)} 场（已结束 {volumes.activities} 场）")

    @staticmethod
    def _participant_counts(rng: random.Random, activities: int, participations: int) -> list[int]:
        mean = participations / activities
        counts = [max(2, min(60, round(rng.gauss(mean, mean * 0.45)))) for _ in range(activities)]
        difference = participations - sum(counts)
        while difference:
            index = rng.randrange(activities)
            step = 1 if difference > 0 else -1
            if 2 <= counts[index] + step <= 60:
                counts[index] += step
                difference -= step
        return counts

    def _organizer_sites(self, rng: random.Random, count: int) -> list[Site]:
        groups = (
            ([self.center], 8),
            (self.institutes, 22),
            (self.stations, 50),
            (self.service_posts, 14),
            ([s for s in self.other_sites if s.kind != SiteKind.SERVICE_POST], 6),
        )
        return [rng.choice(rng.choices([g for g, _ in groups], [w for _, w in groups])[0]) for _ in range(count)]

    def _activity(
        self, rng: random.Random, site: Site, day: dt.date, status: str, pairing: Pairing | None = None
    ) -> Activity:
        team = self.team_for(rng, site)
        project = rng.choice(self.brand_projects) if rng.random() < 0.55 else None
        category = (
            project.category if project else team.category if team else rng.choice(list(self.categories.values()))
        )
        assert category is not None
        place = site.region.name if site.region.level == RegionLevel.VILLAGE else site.name
        venue = rng.choices([v for v, _ in self.VENUES], [w for _, w in self.VENUES])[0]
        if site.region.level == RegionLevel.VILLAGE:
            venue = (
                VenueType.COMMUNITY
                if site.region.is_community
                else rng.choice([VenueType.VILLAGE, VenueType.COURTYARD])
            )
        title = rng.choice(self.TITLES[category.code]).format(place=place)
        if project:
            title = f"“{tieli.BRAND[0]}·{project.name}”{title}"
        if pairing:
            organization = next(o for o in self.organizations if o.pk == pairing.organization_id)
            title = f"{organization.name}与{site.name}结对共建：{title}"
        start_hour = rng.choice([8, 9, 9, 13, 14, 15])
        duration = rng.choice([4, 4, 5, 6, 6, 7, 8])  # half-hours
        starts_at = _at(day, start_hour, rng.choice([0, 0, 30]))
        risky = category.code in ("tieli-forest-fire", "ecology", "tieli-ice-snow") and rng.random() < 0.6
        return Activity(
            region=site.region,
            title=title[:120],
            content=f"{site.name}组织志愿者在{place}开展{category.name}志愿服务。",
            project=project,
            organizer_site=site,
            organizer_team=team,
            pairing=pairing,
            category=category,
            venue_type=venue,
            place=place,
            latitude=site.latitude,
            longitude=site.longitude,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=30 * duration),
            capacity=30,
            signup_method="“志愿铁力”小程序或到站点报名",
            risk_statement="户外作业，注意防寒防滑、防止跌倒与火灾隐患。"
            if risky
            else "注意往返交通安全，听从现场负责人安排。",
            safeguards="配备急救包与带队负责人，统一购买志愿服务意外险。"
            if risky
            else "现场有负责人带队，备有饮用水。",
            contact_name=site.name[:20] + "负责人",
            requires_insurance=risky,
            insurance_note="已为参与志愿者统一投保意外伤害保险" if risky else "",
            min_age=14 if risky else None,
            status=status,
            published_at=starts_at - dt.timedelta(days=rng.randint(3, 10)),
            created_by=self.staff_of(self.township_of_region.get(site.region_id, -1)),
        )

    def _other_activities(self, rng: random.Random) -> list[Activity]:
        """Upcoming, draft and cancelled activities: real records that no figure counts."""
        volumes = self.volumes
        result = []
        for _ in range(volumes.upcoming_activities):
            site = rng.choice([*self.institutes, *self.stations])
            activity = self._activity(
                rng, site, _day_between(rng, dt.date(2027, 1, 5), dt.date(2027, 3, 31)), "published"
            )
            activity.published_at = _at(dt.date(2026, 12, rng.randint(1, 20)), 10)
            activity.capacity = rng.randint(15, 50)
            taken = self.pick(rng, activity.region, activity.published_at, rng.randint(0, activity.capacity // 2))
            activity.confirmed_count = len(taken)
            self.upcoming_signups.append((activity, taken))
            result.append(activity)
        for _ in range(volumes.draft_activities):
            site = rng.choice(self.stations)
            activity = self._activity(rng, site, _day_between(rng, dt.date(2027, 2, 1), dt.date(2027, 4, 30)), "draft")
            activity.published_at = None
            result.append(activity)
        for _ in range(volumes.cancelled_activities):
            pairing = rng.choice(self.pairings)
            site = next(s for s in self.three_tier if s.pk == pairing.site_id)
            activity = self._activity(
                rng, site, _day_between(rng, dt.date(2022, 1, 10), dt.date(2022, 12, 20)), "cancelled", pairing
            )
            activity.cancelled_at = activity.starts_at - dt.timedelta(days=1)
            activity.cancel_reason = "天气原因，活动取消"
            result.append(activity)
        return result

    def _signups_and_attendance(
        self, rng: random.Random, finished: list[Activity], plans: list[tuple[int, list[int], int, int, int]]
    ) -> None:
        signups: list[SignUp] = []
        attendance_plans: list[tuple[Activity, int, int | None, bool]] = []  # signup position or None
        for activity, (checked_in, chosen, no_shows, _cancels, walk_ins) in zip(finished, plans, strict=True):
            present = chosen[:checked_in]
            absent = chosen[checked_in : checked_in + no_shows]
            cancelled = chosen[checked_in + no_shows :]
            for position, index in enumerate(present):
                if position < walk_ins:
                    attendance_plans.append((activity, index, None, False))
                    continue
                attendance_plans.append((activity, index, len(signups), False))
                signups.append(self._signup(rng, activity, index, SignUpStatus.CONFIRMED))
            for index in absent:
                attendance_plans.append((activity, index, len(signups), True))
                signups.append(self._signup(rng, activity, index, SignUpStatus.CONFIRMED))
            for index in cancelled:
                signups.append(self._signup(rng, activity, index, SignUpStatus.CANCELLED))
        for activity, taken in self.upcoming_signups:
            signups.extend(self._signup(rng, activity, index, SignUpStatus.CONFIRMED) for index in taken)
        signups = _insert(signups)
        attendances = []
        for activity, index, signup_position, no_show in attendance_plans:
            check_in = activity.starts_at - dt.timedelta(minutes=rng.randint(0, 15))
            check_out = activity.ends_at + dt.timedelta(minutes=rng.randint(0, 20))
            attendances.append(
                Attendance(
                    activity=activity,
                    volunteer=self.volunteer(index),
                    signup=signups[signup_position] if signup_position is not None else None,
                    checked_in_at=None if no_show else check_in,
                    checked_out_at=None if no_show else check_out,
                    method=AttendanceMethod.MANUAL if signup_position is None else AttendanceMethod.QR,
                    is_no_show=no_show,
                )
            )
            if not no_show:
                township = self.township_of_region.get(activity.region_id, -1)
                self.credit(
                    volunteer=index,
                    region=activity.region,
                    source_kind=SourceKind.ACTIVITY,
                    activity=activity,
                    site=activity.organizer_site,
                    service_on=activity.starts_at.astimezone(TZ).date(),
                    half_hours=int((activity.ends_at - activity.starts_at).total_seconds() // 1800),
                    content=activity.title[:200],
                    place=activity.place,
                    approver=self.staff_of(township),
                )
        _insert(attendances)
        self.step(f"报名 {len(signups)} 条，签到记录 {len(attendances)} 条")

    def _signup(self, rng: random.Random, activity: Activity, index: int, status: str) -> SignUp:
        cancelled_at = None
        if status == SignUpStatus.CANCELLED:
            cancelled_at = activity.starts_at - dt.timedelta(hours=rng.randint(4, 72))
        queued_at = activity.starts_at - dt.timedelta(days=3)
        return SignUp(
            activity=activity,
            volunteer=self.volunteer(index),
            status=status,
            queued_at=queued_at,
            confirmed_at=queued_at if status == SignUpStatus.CONFIRMED else None,
            cancelled_at=cancelled_at,
            note="临时有事，提前取消" if cancelled_at else "",
        )

    # -- service orders --------------------------------------------------------------------------

    ORDER_NEEDS = (
        ("health", "老人行动不便，希望上门测量血压、血糖"),
        ("civility", "独居老人家中需要打扫卫生、代购生活用品"),
        ("legal", "邻里宅基地纠纷，想咨询法律问题"),
        ("education", "孩子放学后无人照看，希望有志愿者辅导作业"),
        ("science", "智能手机不会用，想学习网上缴费和视频通话"),
        ("culture", "村里想组织一场文艺演出"),
        ("ecology", "屯里垃圾堆放点需要集中清理"),
        ("theory", "希望有人来村里讲讲惠农政策"),
        ("tieli-forest-fire", "春季防火期需要志愿者协助巡查宣传"),
    )
    # (weight, path of statuses after submission); "D" marks a dispatch that escalates a tier
    ORDER_PATHS = (
        (330, ("under_review", "dispatched", "accepted", "in_service", "completed", "rated", "closed")),
        (40, ("under_review", "dispatched", "accepted", "in_service", "completed", "rated")),
        (12, ("under_review", "dispatched", "accepted", "in_service", "completed")),
        (34, ("under_review", "dispatched", "declined", "D", "accepted", "in_service", "completed", "rated", "closed")),
        (14, ("under_review", "dispatched", "timeout", "D", "accepted", "in_service", "completed", "rated", "closed")),
        (46, ("under_review", "rejected")),
        (12, ("cancelled",)),
        (6, ("under_review", "dispatched", "cancelled")),
        (6, ("under_review", "dispatched", "declined", "expired")),
        (5, ("under_review", "dispatched", "accepted", "in_service")),
        (4, ("under_review", "dispatched")),
        (3, ("under_review",)),
    )

    def build_orders(self) -> None:
        rng = self.rng("orders")
        count = self.volumes.orders
        village_weights = [float(v.population or 1) for v in self.villages]
        orders: list[ServiceOrder] = []
        histories: list[list[dict[str, Any]]] = []
        for number in range(1, count + 1):
            village_index = rng.choices(range(len(self.villages)), village_weights)[0]
            village = self.villages[village_index]
            township = self.village_township[village_index]
            code, need = rng.choice(self.ORDER_NEEDS)
            submitted_at = _at(
                _day_between(rng, dt.date(2021, 3, 1), dt.date(2023, 12, 20)), rng.randint(7, 20), rng.randrange(60)
            )
            path = rng.choices([p for _, p in self.ORDER_PATHS], [w for w, _ in self.ORDER_PATHS])[0]
            if submitted_at.date() < dt.date(2023, 11, 15) and path[-1] in ("under_review", "dispatched", "in_service"):
                path = self.ORDER_PATHS[0][1]  # only the last weeks' orders are still open
            lat, lon = self.village_coordinates[village_index]
            order = ServiceOrder(
                region=village,
                number=f"{tieli.COUNTY[0]}-{submitted_at:%Y%m%d}-{number:04d}",
                requester_name=person_name(rng, rng.choice(["male", "female"])),
                requester_phone=mobile_number(rng),
                channel=rng.choices(list(OrderChannel.values), [40, 20, 28, 12])[0],
                category=self.categories[code],
                description=need,
                address=f"铁力市{tieli.TOWNSHIPS[township].name}{village.name}{rng.randint(1, 12)}组",
                latitude=_jitter(rng, lat, 0.005),
                longitude=_jitter(rng, lon, 0.005),
                desired_at=submitted_at + dt.timedelta(days=rng.randint(1, 5)),
                submitted_at=submitted_at,
            )
            history = self._order_history(rng, order, path, village, township)
            orders.append(order)
            histories.append(history)
        self.orders = _insert(orders)
        events = []
        for order, history in zip(self.orders, histories, strict=True):
            for event in history:
                events.append(OrderEvent(order=order, **event))
        _insert(events)
        self.step(f"点单 {len(self.orders)} 件，流转记录 {len(events)} 条")

    def _order_history(
        self, rng: random.Random, order: ServiceOrder, path: Sequence[str], village: Region, township: int
    ) -> list[dict[str, Any]]:
        station = self.station_of_village.get(village.pk)
        tiers = [(Tier.STATION, station)] if station else []
        tiers += [(Tier.INSTITUTE, self.institutes[township]), (Tier.CENTER, self.center)]
        tier_index = 0
        staff = self.staff_of(township)
        moment = order.submitted_at
        status: str = OrderStatus.SUBMITTED
        events: list[dict[str, Any]] = [
            {"from_status": "", "to_status": OrderStatus.SUBMITTED, "occurred_at": moment, "reason": "群众点单"}
        ]
        team: Team | None = None
        declined: set[int] = set()

        def move(to_status: str, *, hours: float, reason: str = "", **extra: Any) -> None:
            nonlocal moment, status
            moment = moment + dt.timedelta(hours=hours * rng.uniform(0.5, 1.5))
            events.append(
                {"from_status": status, "to_status": to_status, "occurred_at": moment, "reason": reason, **extra}
            )
            status = to_status

        def dispatch() -> None:
            nonlocal team
            tier, site = tiers[tier_index]
            assert site is not None
            candidates = [
                i
                for i in self.teams_by_site.get(site.pk, []) + self.teams_by_township.get(township, [])
                if i not in declined
            ] or [i for i in range(len(self.teams)) if i not in declined]
            matching = [i for i in candidates if self.teams[i].category_id == order.category_id]
            team = self.teams[rng.choice(matching or candidates)]
            order.tier, order.assigned_site = tier, site
            move(OrderStatus.DISPATCHED, hours=6, reason=f"派单至{team.name}", tier=tier, team=team, actor=staff)

        for step in path:
            if step == "under_review":
                move(OrderStatus.UNDER_REVIEW, hours=2, reason="受理审核", actor=staff)
            elif step == "dispatched":
                dispatch()
            elif step == "D":
                tier_index = min(tier_index + 1, len(tiers) - 1)
                dispatch()
            elif step == "timeout":
                assert team is not None
                declined.add(self.teams.index(team))
                move(OrderStatus.UNDER_REVIEW, hours=24, reason="超时未接单，退回重新派单并升级层级")
            elif step == "declined":
                assert team is not None
                declined.add(self.teams.index(team))
                move(OrderStatus.DECLINED, hours=5, reason="队伍人手不足，婉拒接单", team=team)
            elif step == "accepted":
                order.assigned_team = team
                move(OrderStatus.ACCEPTED, hours=3, reason="接单", team=team)
            elif step == "in_service":
                move(OrderStatus.IN_SERVICE, hours=20, reason="志愿者到达现场", team=team)
            elif step == "completed":
                order.completion_report = f"{team.name if team else ''}志愿者已完成服务：{order.description}。"
                move(OrderStatus.COMPLETED, hours=3, reason="服务完成", team=team)
                self._order_hours(rng, order, team, moment)
            elif step == "rated":
                order.rating = rng.choices([5, 4, 3, 2], [78, 16, 5, 1])[0]
                order.rating_comment = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不太满意"}[order.rating]
                move(OrderStatus.RATED, hours=30, reason="群众评单")
            elif step == "closed":
                move(OrderStatus.CLOSED, hours=48, reason="办结归档", actor=staff)
            elif step == "rejected":
                move(OrderStatus.REJECTED, hours=4, reason="不属于志愿服务范围，已转相关部门办理", actor=staff)
            elif step == "cancelled":
                move(OrderStatus.CANCELLED, hours=5, reason="群众取消点单")
            elif step == "expired":
                move(OrderStatus.EXPIRED, hours=72, reason="超过期限无队伍接单，已电话告知群众")
        order.status = status
        if status in (OrderStatus.UNDER_REVIEW, OrderStatus.DISPATCHED):
            order.deadline_at = moment + dt.timedelta(hours=24)
        return events

    def _order_hours(self, rng: random.Random, order: ServiceOrder, team: Team | None, moment: dt.datetime) -> None:
        assert team is not None
        members = self.team_members[self.teams.index(team)]
        eligible = [i for i in members if self.planned[i].registered_at < moment] or members[:1]
        for index in rng.sample(eligible, min(len(eligible), rng.choice([1, 1, 2, 2, 3]))):
            self.order_credits.append((order, index, rng.randint(2, 8), moment.astimezone(TZ).date(), team))

    # -- the hours ledger ------------------------------------------------------------------------

    def credit(
        self,
        *,
        volunteer: int,
        region: Region,
        source_kind: str,
        service_on: dt.date,
        half_hours: int,
        content: str,
        approver: User,
        status: str = EntryStatus.APPROVED,
        **extra: Any,
    ) -> HoursEntry:
        entry = HoursEntry(
            volunteer=self.volunteer(volunteer),
            region=region,
            kind=EntryKind.CREDIT,
            status=status,
            source_kind=source_kind,
            service_on=service_on,
            hours=_hours(half_hours),
            content=content,
            recorder=approver,
            approver=approver if status != EntryStatus.PENDING else None,
            person_in_charge=approver.display_name,
            evaluation="优秀" if status == EntryStatus.APPROVED else "",
            **extra,
        )
        if status == EntryStatus.APPROVED:
            self.tally(volunteer, half_hours)
        self.unsaved.append(entry)
        return entry

    def tally(self, volunteer: int, half_hours: int) -> None:
        self.approved_half_hours += half_hours
        self.half_hours_by_volunteer[volunteer] = self.half_hours_by_volunteer.get(volunteer, 0) + half_hours

    def flush(self, extra: Sequence[HoursEntry] = ()) -> int:
        rows = _insert([*self.unsaved, *extra])
        self.unsaved = []
        self.ledger_rows += len(rows)
        return len(rows)

    def build_ledger(self) -> None:
        rng = self.rng("ledger")
        for order, index, half_hours, day, team in self.order_credits:
            self.credit(
                volunteer=index,
                region=order.region,
                source_kind=SourceKind.ORDER,
                order=order,
                site=order.assigned_site,
                service_on=day,
                half_hours=half_hours,
                content=f"点单服务：{order.description}"[:200],
                place=order.address,
                recipient=order.requester_name,
                approver=self.staff_of(self.township_of_region.get(team.region_id, -1)),
            )
        activity_entries = [entry for entry in self.unsaved if entry.source_kind == SourceKind.ACTIVITY]
        pending = self._pending_entries(rng)
        self.flush()
        corrections = self._corrections(rng, activity_entries, pending)
        self._duty_shifts(rng)
        duty = len(self.unsaved)
        self.flush(corrections)
        self.step(f"时长台账 {self.ledger_rows} 条（其中值守 {duty} 条）")

    def _pending_entries(self, rng: random.Random) -> list[HoursEntry]:
        """Paper records awaiting review: pending now, some decided later."""
        pending = []
        for index in rng.sample(self.active, self.volumes.pending_entries):
            person = self.planned[index]
            pending.append(
                self.credit(
                    volunteer=index,
                    region=person.region,
                    source_kind=SourceKind.IMPORT,
                    service_on=_day_between(rng, dt.date(2023, 6, 1), dt.date(2023, 12, 15)),
                    half_hours=rng.randint(2, 12),
                    content="补录纸质志愿服务记录",
                    approver=self.staff_of(person.township),
                    status=EntryStatus.PENDING,
                )
            )
        return pending

    def _corrections(
        self, rng: random.Random, activity_entries: list[HoursEntry], pending: list[HoursEntry]
    ) -> list[HoursEntry]:
        """Reversals (some followed by a corrected credit) and decisions on pending entries."""
        reversals: list[HoursEntry] = []
        for position, entry in enumerate(rng.sample(activity_entries, self.volumes.reversals)):
            half_hours = int(entry.hours * 2)
            reason = "重复登记，冲销" if position % 2 else "签退时间登记有误，冲销后按实际时长重新记入"
            reversals.append(
                HoursEntry(
                    volunteer=entry.volunteer,
                    region=entry.region,
                    kind=EntryKind.REVERSAL,
                    status=EntryStatus.APPROVED,
                    source_kind=entry.source_kind,
                    activity=entry.activity,
                    site=entry.site,
                    service_on=entry.service_on,
                    hours=-entry.hours,
                    content=f"冲销：{entry.content}"[:200],
                    recorder=entry.approver,
                    approver=entry.approver,
                    reverses=entry,
                    reason=reason,
                )
            )
            volunteer = self.index_of_pk[entry.volunteer.pk]
            self.tally(volunteer, -half_hours)
            if position % 2 == 0 and half_hours > 2:
                assert entry.approver is not None and entry.activity is not None
                corrected = HoursEntry(
                    volunteer=entry.volunteer,
                    region=entry.region,
                    kind=EntryKind.CREDIT,
                    status=EntryStatus.APPROVED,
                    source_kind=entry.source_kind,
                    activity=entry.activity,
                    site=entry.site,
                    service_on=entry.service_on,
                    hours=_hours(half_hours - rng.randint(1, 2)),
                    content=f"更正：{entry.content}"[:200],
                    recorder=entry.approver,
                    approver=entry.approver,
                    reason="按实际签退时间重新记入",
                )
                self.tally(volunteer, int(corrected.hours * 2))
                reversals.append(corrected)
        decisions: list[HoursEntry] = []
        third = len(pending) // 3
        for position, entry in enumerate(pending[: 2 * third + (len(pending) % 3 > 0)]):
            approved = position % 2 == 0
            assert entry.recorder is not None
            decisions.append(
                HoursEntry(
                    volunteer=entry.volunteer,
                    region=entry.region,
                    kind=EntryKind.CREDIT,
                    status=EntryStatus.APPROVED if approved else EntryStatus.REJECTED,
                    source_kind=entry.source_kind,
                    service_on=entry.service_on,
                    hours=entry.hours,
                    content=entry.content,
                    recorder=entry.recorder,
                    approver=entry.recorder,
                    decides=entry,
                    reason="原始签到表核对无误" if approved else "无原始签到记录，不予认定",
                )
            )
            if approved:
                self.tally(self.index_of_pk[entry.volunteer.pk], int(entry.hours * 2))
        return reversals + decisions

    def _duty_shifts(self, rng: random.Random) -> None:
        """Site duty shifts make up the rest of the target: a long tail, a few over 1,000 hours."""
        volumes = self.volumes
        remaining = volumes.service_hours * 2 - self.approved_half_hours
        if remaining <= 0:
            raise RuntimeError("demo volumes leave no room for duty shifts")
        seasoned = sorted(
            (i for i in self.active if self.planned[i].registered_at.year <= 2020 and self.planned[i].engagement > 0),
            key=lambda i: -self.planned[i].engagement,
        )
        adults = [i for i in seasoned if 18 <= age_on(self.planned[i].identity.birth_on, REFERENCE_DAY) <= 72]
        super_ones = adults[: volumes.super_volunteers]
        core = adults[volumes.super_volunteers : volumes.super_volunteers + volumes.core_volunteers]
        rest = [i for i in self.active if i not in set(super_ones) | set(core)]
        casual = rng.sample(rest, min(len(rest), volumes.casual_duty_volunteers))
        targets: dict[int, int] = {}
        for index in super_ones:
            targets[index] = rng.randint(2000, 3400)  # half-hours: 1,000-1,700 h
        for index in core:
            targets[index] = int(min(1400.0, 200 * rng.paretovariate(1.8)))  # 100-700 h
        planned_total = sum(targets.values())
        if planned_total > remaining * 0.85:
            factor = remaining * 0.85 / planned_total
            targets = {index: max(1, int(half_hours * factor)) for index, half_hours in targets.items()}
        left = remaining - sum(targets.values())
        weights = [rng.paretovariate(1.2) for _ in casual]
        scale = left / sum(weights)
        for index, weight in zip(casual, weights, strict=True):
            targets[index] = targets.get(index, 0) + int(weight * scale)
        shortfall = remaining - sum(targets.values())
        for index in rng.choices(casual, k=shortfall):
            targets[index] += 1
        for index, half_hours in targets.items():
            person = self.planned[index]
            region = person.region
            site = self.station_of_village.get(region.pk) or (
                self.institutes[person.township] if person.township >= 0 else self.center
            )
            first = max(person.registered_at.date(), dt.date(2019, 1, 1))
            while half_hours > 0:
                shift = min(half_hours, rng.randint(4, 16))
                half_hours -= shift
                self.credit(
                    volunteer=index,
                    region=site.region,
                    source_kind=SourceKind.DUTY,
                    site=site,
                    service_on=_day_between(rng, first, dt.date(2023, 12, 31)),
                    half_hours=shift,
                    content=f"{site.name}志愿服务值守",
                    place=site.name,
                    approver=self.staff_of(person.township),
                )

    # -- awards ----------------------------------------------------------------------------------

    def build_awards(self) -> None:
        city = "伊春市委宣传部、伊春市文明办"
        province = "黑龙江省委宣传部、黑龙江省文明办"
        awards: list[Award] = []
        for project in self.brand_projects[:6]:
            awards.append(
                self._award(
                    AwardLevel.CITY,
                    AwardCategory.EXCELLENT_PROJECT,
                    f"伊春市优秀志愿服务项目：{project.name}",
                    city,
                    project=project,
                )
            )
        for project in self.brand_projects[6:11]:
            awards.append(
                self._award(
                    AwardLevel.CITY,
                    AwardCategory.CONTEST_PRIZE,
                    f"伊春市志愿服务项目大赛获奖：{project.name}",
                    city,
                    project=project,
                )
            )
        awards.append(
            self._award(
                AwardLevel.CITY,
                AwardCategory.ORGANIZATION_PRIZE,
                "伊春市志愿服务项目大赛优秀组织奖",
                city,
                site=self.center,
            )
        )
        hours = self.half_hours_by_volunteer
        first, second = sorted(hours, key=lambda index: (-hours[index], index))[:2]
        awards.append(
            self._award(
                AwardLevel.PROVINCE,
                AwardCategory.CONTRIBUTION,
                "黑龙江省优秀志愿服务贡献个人",
                province,
                volunteer=self.volunteer(first),
            )
        )
        awards.append(
            self._award(
                AwardLevel.PROVINCE,
                AwardCategory.EXCELLENT_VOLUNTEER,
                "黑龙江省优秀志愿者",
                province,
                volunteer=self.volunteer(second),
            )
        )
        community_station = next(s for s in self.stations if s.region.is_community)
        awards.append(
            self._award(
                AwardLevel.PROVINCE,
                AwardCategory.EXCELLENT_COMMUNITY,
                "黑龙江省优秀志愿服务社区",
                province,
                site=community_station,
            )
        )
        _insert(awards)

    def _award(self, level: str, category: str, title: str, issuer: str, **awardee: Any) -> Award:
        return Award(
            region=self.county, level=level, category=category, year=2023, title=title, issuer=issuer, **awardee
        )

    def verify(self) -> None:
        """The one total the generator steers towards must come out exact."""
        total = HoursEntry.objects.filter(status=EntryStatus.APPROVED).aggregate(total=Sum("hours"))["total"]
        if total != Decimal(self.volumes.service_hours):
            raise RuntimeError(f"approved hours {total} != {self.volumes.service_hours}")


def demo_seed(*, seed: int = 1, scale: int = 1, log: Callable[[str], None] | None = None) -> DemoBuilder:
    """Build the demo county into an empty database (the caller checks that it is empty)."""
    builder = DemoBuilder(seed=seed, volumes=Volumes().scaled(scale), log=log)
    builder.build()
    return builder


def demo_is_loaded() -> bool:
    return Region.objects.exists()
