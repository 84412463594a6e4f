import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.trainings.builders import SESSION, enrol, held, training_make
from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.notifications.models import Notification
from wenming.regions.roles import Role
from wenming.trainings.models import Training, TrainingStatus
from wenming.trainings.services import (
    training_cancel,
    training_create,
    training_finish,
    training_publish,
    training_update,
)


def _fields(county, **overrides):
    starts_at = timezone.now() + dt.timedelta(days=2)
    return {
        **SESSION,
        "organizer_site": county.station,
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=2),
        "capacity": 30,
        "credit_hours": Decimal("2.50"),
        **overrides,
    }


def test_training_create_makes_a_draft_in_the_sites_region(county):
    training = training_create(acting_user=county.users[Role.STATION_ADMIN], **_fields(county))
    assert (training.status, training.region_id, training.trainer_name, training.capacity) == (
        TrainingStatus.DRAFT,
        county.village.pk,
        "刘医生",
        30,
    )
    assert training.created_by == county.users[Role.STATION_ADMIN]


def test_training_create_at_a_site_outside_the_scope_is_refused_and_nothing_written(county):
    with pytest.raises(ValidationError) as refusal:
        training_create(
            acting_user=county.users[Role.STATION_ADMIN], **_fields(county, organizer_site=county.institute)
        )
    assert refusal.value.message_dict == {"organizer_site": ["主办阵地不在您的管辖范围内。"]}
    assert Training.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"place": ""}, "place"),
        ({"capacity": 0}, "capacity"),
        ({"credit_hours": Decimal("25")}, "credit_hours"),
    ],
)
def test_training_create_bad_input_names_the_field_and_writes_nothing(county, overrides, field):
    with pytest.raises(ValidationError) as refusal:
        training_create(acting_user=county.users[Role.COUNTY_ADMIN], **_fields(county, **overrides))
    assert field in refusal.value.message_dict
    assert Training.objects.count() == 0


def test_training_create_refuses_an_end_before_the_start(county):
    starts_at = timezone.now() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as refusal:
        training_create(
            acting_user=county.users[Role.COUNTY_ADMIN], **_fields(county, starts_at=starts_at, ends_at=starts_at)
        )
    assert refusal.value.message_dict == {"ends_at": ["结束时间必须晚于开始时间。"]}
    assert Training.objects.count() == 0


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.VOLUNTEER, Role.VIEWER, Role.RESIDENT])
def test_training_create_by_a_non_admin_is_refused(county, role):
    with pytest.raises(PermissionDeniedError):
        training_create(acting_user=county.users[role], **_fields(county))
    assert Training.objects.count() == 0


def test_training_publish_needs_trainer_and_content(county):
    admin = county.users[Role.COUNTY_ADMIN]
    training = training_create(acting_user=admin, **_fields(county, trainer_name="", content=""))
    with pytest.raises(DomainError) as refusal:
        training_publish(training_id=training.pk, acting_user=admin)
    assert (refusal.value.code, str(refusal.value.message)) == (
        "training_incomplete",
        "发布前请填写：授课人、培训内容。",
    )
    assert Training.objects.get(pk=training.pk).status == TrainingStatus.DRAFT


def test_training_publish_opens_enrolment(county):
    training = training_make(county)
    assert training.status == TrainingStatus.PUBLISHED
    assert training.published_at is not None


def test_training_publish_of_a_published_training_is_refused(county, training):
    with pytest.raises(DomainError) as refusal:
        training_publish(training_id=training.pk, acting_user=county.users[Role.COUNTY_ADMIN])
    assert refusal.value.code == "training_not_draft"


def test_training_outside_the_scope_is_not_found_and_a_read_only_one_forbidden(county):
    training = training_make(county, site=county.sibling_station)
    with pytest.raises(NotFoundError):
        training_publish(training_id=training.pk, acting_user=county.users[Role.STATION_ADMIN])
    own = training_make(county)
    with pytest.raises(PermissionDeniedError):
        training_cancel(training_id=own.pk, reason="天气", acting_user=county.users[Role.TEAM_LEADER])
    assert Training.objects.get(pk=own.pk).status == TrainingStatus.PUBLISHED


def test_training_update_refuses_a_capacity_below_the_enrolled(county):
    training = training_make(county, capacity=3)
    enrol(county, training, county.volunteers["own"])
    enrol(county, training, county.volunteers["sibling"])
    with pytest.raises(ValidationError) as refusal:
        training_update(training_id=training.pk, acting_user=county.users[Role.COUNTY_ADMIN], capacity=1)
    assert refusal.value.message_dict == {"capacity": ["已有 2 人报名，名额不能少于这个数。"]}
    assert Training.objects.get(pk=training.pk).capacity == 3


def test_training_update_of_the_place_tells_the_enrolled(county, training):
    enrol(county, training, county.volunteers["own"])
    before = Notification.objects.count()
    training_update(training_id=training.pk, acting_user=county.users[Role.COUNTY_ADMIN], place="东兴村村委会")
    assert Training.objects.get(pk=training.pk).place == "东兴村村委会"
    notice = Notification.objects.order_by("-pk").first()
    assert Notification.objects.count() == before + 1
    assert notice.title == f"培训有变更：{training.title}"


def test_training_update_refuses_unknown_fields(county, training):
    with pytest.raises(DomainError) as refusal:
        training_update(training_id=training.pk, acting_user=county.users[Role.COUNTY_ADMIN], status="finished")
    assert refusal.value.field == "status"
    assert Training.objects.get(pk=training.pk).status == TrainingStatus.PUBLISHED


def test_training_cancel_needs_a_reason_and_tells_the_enrolled(county, training):
    admin = county.users[Role.COUNTY_ADMIN]
    enrol(county, training, county.volunteers["own"])
    with pytest.raises(ValidationError) as refusal:
        training_cancel(training_id=training.pk, reason="  ", acting_user=admin)
    assert refusal.value.message_dict == {"reason": ["取消培训时请说明原因。"]}
    assert Training.objects.get(pk=training.pk).status == TrainingStatus.PUBLISHED
    training_cancel(training_id=training.pk, reason="讲师临时有事", acting_user=admin)
    cancelled = Training.objects.get(pk=training.pk)
    assert (cancelled.status, cancelled.cancel_reason) == (TrainingStatus.CANCELLED, "讲师临时有事")
    assert Notification.objects.order_by("-pk").first().body == "取消原因：讲师临时有事"


def test_training_finish_before_the_start_is_refused_and_after_it_closes(county, training):
    admin = county.users[Role.COUNTY_ADMIN]
    with pytest.raises(DomainError) as refusal:
        training_finish(training_id=training.pk, acting_user=admin)
    assert refusal.value.code == "training_not_started"
    held(training)
    assert training_finish(training_id=training.pk, acting_user=admin).status == TrainingStatus.FINISHED
