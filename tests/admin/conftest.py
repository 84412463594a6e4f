"""Admin fixtures: a superuser, and rows of every model in the small county."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.admin import site
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, SmallCounty, id_number_for
from wenming.accounts.models import AuditAction, User
from wenming.accounts.services import audit_event_record, role_assign, user_create
from wenming.activities.models import Activity, Attendance, SignUp, SignUpStatus, VenueType
from wenming.certificates.services import certificate_issue
from wenming.imports.models import ImportBatch, ImportRow, ImportStatus, RowOutcome
from wenming.ledger.models import EntryKind, EntryStatus, HoursEntry, SourceKind
from wenming.notifications.services import notification_send
from wenming.orders.models import ApiClient, CountyOrderSetting, OrderChannel, OrderEvent, OrderStatus, ServiceOrder
from wenming.organizations.models import (
    JointMeeting,
    JointMeetingFile,
    Organization,
    Pairing,
    PolicyDocument,
    PolicyDocumentVersion,
    PolicyKind,
)
from wenming.points.models import (
    PointsEntry,
    PointsEntryKind,
    PointsRate,
    Redemption,
    ShopItem,
    StockChange,
    StockChangeKind,
)
from wenming.projects.models import Award, AwardCategory, AwardLevel, Brand, Project, ProjectBeneficiaryReport
from wenming.regions.models import Region, RegionLevel
from wenming.regions.roles import Role
from wenming.sites.models import ResidentialKind, ResidentialPoint, Site, SiteKind, SiteStandardCheck, StandardItem
from wenming.teams.models import (
    CountyCategory,
    Membership,
    MembershipRequest,
    MembershipRequestKind,
    Team,
    TeamCategory,
)
from wenming.trainings.models import Training, TrainingAttendance, TrainingHoursSetting
from wenming.volunteers.models import Skill, VolunteerTag
from wenming.volunteers.services import volunteer_register


@pytest.fixture
def superuser(db: Any) -> User:
    return User.objects.create_superuser(username="root", password=PASSWORD)


def wenming_models() -> list[type[Model]]:
    return sorted(
        (model for model in site._registry if model.__module__.startswith("wenming.")),
        key=lambda model: model._meta.label,
    )


def changelist_url(model: type[Model]) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change_url(obj: Any) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _at(day: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2023, 6, day, hour, 0))


def plain_id_number(round_number: int) -> str:
    """The full ID number of the volunteer of a round: it is inside that round's uploaded workbook."""
    return id_number_for("19900101", 100 + round_number)


def _stored_file(n: int, name: str, uploaded_by: User) -> dict[str, Any]:
    """A stored file's row; the admin never opens the file itself, so none is written."""
    return {
        "number": 1,
        "file": f"policy/admin-test/v1-{n}.pdf",
        "original_name": name,
        "content_type": "application/pdf",
        "size": 2048 * n,
        "sha256": f"{n:064x}",
        "uploaded_by": uploaded_by,
    }


def records_add(county: SmallCounty, round_number: int) -> None:
    """One more row of every model, in the own village: a list page must not cost more per row."""
    n = round_number
    village = county.village
    category = TeamCategory.objects.get(code="theory")
    local = TeamCategory.objects.create(
        code=f"local-admin-{n}", name=f"县定类别{n}", region=county.county, position=20 + n
    )
    CountyCategory.objects.create(county=county.county, category=local, name=f"本县类别{n}", position=n)
    new_village = Region.objects.create(
        code=f"2307811002{10 + n}", name=f"新村{n}", level=RegionLevel.VILLAGE, parent=county.township
    )
    TrainingHoursSetting.objects.create(region=new_village, counts_training_hours=False)
    station = Site.objects.create(
        region=village, kind=SiteKind.SERVICE_POST, name=f"图书馆服务点{n}", parent=county.station
    )
    item = StandardItem.objects.create(region=county.county, code=f"item-{n}", name=f"标准{n}")
    SiteStandardCheck.objects.create(site=county.station, item=item, is_met=True)
    ResidentialPoint.objects.create(region=village, name=f"屯{n}", kind=ResidentialKind.HAMLET, population=100 + n)
    organization = Organization.objects.create(region=village, name=f"联系单位{n}")
    pairing = Pairing.objects.create(
        region=village, organization=organization, site=county.station, shares_site=True, started_on=dt.date(2023, 1, 1)
    )
    document = PolicyDocument.objects.create(
        region=county.county,
        title=f"制度{n}",
        kind=PolicyKind.OTHER,
        issuer="铁力市委宣传部",
        issued_on=dt.date(2023, 1, n),
    )
    PolicyDocumentVersion.objects.create(
        document=document, **_stored_file(n, f"制度{n}.pdf", county.users[Role.COUNTY_ADMIN])
    )
    meeting = JointMeeting.objects.create(
        region=village,
        title=f"联席会议{n}",
        held_on=dt.date(2023, 6, n),
        convener="铁力镇党委",
        topics="结对共建",
        recorded_by=county.users[Role.TOWNSHIP_ADMIN],
    )
    meeting.attendee_units.add(organization)
    meeting.attendee_sites.add(county.station)
    JointMeetingFile.objects.create(
        meeting=meeting, **_stored_file(n, f"纪要{n}.pdf", county.users[Role.TOWNSHIP_ADMIN])
    )
    VolunteerTag.objects.create(code=f"tag-{n}", name=f"标签{n}")
    Skill.objects.create(code=f"skill-{n}", name=f"技能{n}")
    TeamCategory.objects.create(code=f"local-{n}", name=f"本地类别{n}", region=county.county)
    volunteer = volunteer_register(
        region=village, name=f"队员{n}", id_number=plain_id_number(n), phone=f"1391234{n:04d}"
    )
    volunteer.tags.add(VolunteerTag.objects.get(code=f"tag-{n}"))
    team = Team.objects.create(
        region=village,
        name=f"服务队{n}",
        category=category,
        home_site=station,
        leader=volunteer,
        founded_on=dt.date(2023, 1, 1),
    )
    Membership.objects.create(team=team, volunteer=volunteer, joined_on=dt.date(2023, 1, 1))
    Membership.objects.create(team=county.team, volunteer=volunteer, joined_on=dt.date(2023, 1, 1))
    MembershipRequest.objects.create(
        team=team, volunteer=volunteer, kind=MembershipRequestKind.LEAVE, requested_by=county.users[Role.VOLUNTEER]
    )
    brand = Brand.objects.create(region=county.county, name=f"品牌{n}")
    project = Project.objects.create(
        region=county.county, brand=brand, name=f"项目{n}", category=category, lead_team=team
    )
    ProjectBeneficiaryReport.objects.create(
        region=county.county,
        project=project,
        period_from=dt.date(2023, 1, 1),
        period_to=dt.date(2023, 3, 31),
        beneficiaries=120 + n,
        reported_by=county.users[Role.COUNTY_ADMIN],
    )
    Award.objects.create(
        region=county.county,
        level=AwardLevel.CITY,
        category=AwardCategory.EXCELLENT_PROJECT,
        year=2023,
        title=f"优秀项目{n}",
        project=project,
    )
    Award.objects.create(
        region=village,
        level=AwardLevel.COUNTY,
        category=AwardCategory.EXCELLENT_VOLUNTEER,
        year=2023,
        title=f"优秀志愿者{n}",
        volunteer=volunteer,
    )
    training = Training.objects.create(
        region=village,
        title=f"培训{n}",
        organizer_site=county.station,
        place="文化室",
        starts_at=_at(n),
        ends_at=_at(n, 11),
        capacity=30,
        qualifies_skill=Skill.objects.get(code=f"skill-{n}"),
    )
    TrainingAttendance.objects.create(training=training, volunteer=volunteer, is_present=True)
    activity = Activity.objects.create(
        region=village,
        title=f"活动{n}",
        content="宣讲",
        project=project,
        organizer_site=county.station,
        organizer_team=team,
        pairing=pairing,
        category=category,
        venue_type=VenueType.VILLAGE,
        place="村部",
        starts_at=_at(n),
        ends_at=_at(n, 11),
        capacity=20,
        required_training=training,
        created_by=county.users[Role.STATION_ADMIN],
    )
    signup = SignUp.objects.create(activity=activity, volunteer=volunteer, status=SignUpStatus.CONFIRMED)
    Attendance.objects.create(activity=activity, volunteer=volunteer, signup=signup, checked_in_at=_at(n))
    order = ServiceOrder.objects.create(
        region=village,
        number=f"ORD{n:06d}",
        requester=county.users[Role.RESIDENT],
        requester_name="赵大娘",
        requester_phone=f"1371234{n:04d}",
        channel=OrderChannel.PHONE,
        category=category,
        description="需要理发",
        address="东兴村1号",
        status=OrderStatus.DISPATCHED,
        assigned_site=county.station,
        assigned_team=team,
        submitted_at=_at(n),
    )
    OrderEvent.objects.create(
        order=order, to_status=OrderStatus.SUBMITTED, occurred_at=_at(n), actor=county.users[Role.RESIDENT]
    )
    OrderEvent.objects.create(
        order=order,
        from_status=OrderStatus.SUBMITTED,
        to_status=OrderStatus.DISPATCHED,
        occurred_at=_at(n, 10),
        actor=county.users[Role.STATION_ADMIN],
        team=team,
    )
    audit_event_record(
        actor=county.users[Role.COUNTY_ADMIN],
        action=AuditAction.ID_NUMBER_REVEALED,
        region=village,
        target=volunteer,
        reason=f"核对第{n}次",
    )
    HoursEntry.objects.create(
        volunteer=volunteer,
        region=village,
        kind=EntryKind.CREDIT,
        status=EntryStatus.APPROVED,
        source_kind=SourceKind.ACTIVITY,
        activity=activity,
        site=county.station,
        service_on=dt.date(2023, 6, n),
        hours=Decimal("2.00"),
        content="宣讲",
        approver=county.users[Role.STATION_ADMIN],
    )
    _points_records_add(county, n, volunteer)
    # The county's order deadlines (one row per county) and an ordering client of the open API.
    CountyOrderSetting.objects.get_or_create(county=county.county)
    ApiClient.objects.create(
        name=f"接口{n}",
        region=county.county,
        key_prefix=f"admin-test-{n}",
        key_hash=f"{n:064x}",
        created_by=county.users[Role.COUNTY_ADMIN],
    )
    batch = ImportBatch.objects.create(
        region=village,
        created_by=county.users[Role.STATION_ADMIN],
        file_name=f"志愿者名册{n}.xlsx",
        upload=f"PK\x03\x04 {volunteer.name} {plain_id_number(n)}".encode(),
        status=ImportStatus.DONE,
        dry_run=False,
        total_rows=1,
        imported_count=1,
        progress=100,
    )
    ImportRow.objects.create(
        batch=batch,
        row_number=2,
        name=volunteer.name,
        id_number_masked=volunteer.id_number_masked,
        outcome=RowOutcome.IMPORTED,
        volunteer=volunteer,
    )
    certificate_issue(volunteer=volunteer, activity=activity, acting_user=county.users[Role.COUNTY_ADMIN])
    notification_send(recipients=[volunteer], kind="general", title=f"通知{n}", body="测试通知")
    staff = user_create(username=f"station-{n}", password=PASSWORD, display_name=f"站员{n}")
    role_assign(user=staff, role=Role.STATION_ADMIN, site=county.station)
    role_assign(user=staff, role=Role.VOLUNTEER, region=village)


def _points_records_add(county: SmallCounty, n: int, volunteer: Any) -> None:
    """A county rate, a good in the village shop, its stock changes, a redemption and its ledger entry."""
    admin = county.users[Role.STATION_ADMIN]
    PointsRate.objects.create(
        region=county.county, points_per_hour=Decimal("10.00"), effective_on=dt.date(2023, 1, n), set_by=admin
    )
    item = ShopItem.objects.create(region=county.village, name=f"毛巾{n}", points_price=20, stock=9, created_by=admin)
    StockChange.objects.create(
        item=item, region=county.village, kind=StockChangeKind.INITIAL, change=10, stock_after=10, acting_user=admin
    )
    redemption = Redemption.objects.create(
        region=county.village,
        volunteer=volunteer,
        item=item,
        item_name=item.name,
        quantity=1,
        points=20,
        pickup_code=f"{n:08d}",
        redeemed_by=admin,
    )
    StockChange.objects.create(
        item=item,
        region=county.village,
        kind=StockChangeKind.REDEMPTION,
        change=-1,
        stock_after=9,
        redemption=redemption,
        acting_user=admin,
    )
    PointsEntry.objects.create(
        volunteer=volunteer,
        region=county.village,
        kind=PointsEntryKind.REDEMPTION,
        points=-20,
        redemption=redemption,
        acting_user=admin,
    )
