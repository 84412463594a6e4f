"""One activity's page: every recruitment field, and the sign-up / cancel button swapped by htmx."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.activities_mobile.conftest import HTMX, activity_make, volunteer_with_user
from wenming.activities.models import Activity, SignUp, SignUpStatus
from wenming.activities.services import signup_create
from wenming.regions.roles import Role
from wenming.trainings.models import Training
from wenming.volunteers.models import Skill

pytestmark = pytest.mark.django_db

# 17:30 UTC is 01:30 the next day in Asia/Shanghai: the page must show the local day.
LATE_EVENING_UTC = dt.datetime(2031, 6, 1, 17, 30, tzinfo=dt.UTC)


def test_detail_shows_every_recruitment_field_in_beijing_time(county, phone):
    skill = Skill.objects.create(code="first-aid", name="急救")
    training = Training.objects.create(
        region=county.county,
        title="志愿服务通用培训",
        organizer_site=county.center,
        place="铁力市新时代文明实践中心",
        starts_at=dt.datetime(2024, 3, 1, 1, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2024, 3, 1, 3, 0, tzinfo=dt.UTC),
        capacity=50,
    )
    fields = {
        "title": "山林防火巡查",
        "starts_at": LATE_EVENING_UTC,
        "ends_at": LATE_EVENING_UTC + dt.timedelta(hours=2),
        "signup_closes_at": LATE_EVENING_UTC - dt.timedelta(days=1),
        "recipient": "东兴村村民",
        "contact_name": "刘站长",
        "contact_phone": "0458-1234567",
        "requires_insurance": True,
        "insurance_note": "由实践站统一投保",
        "min_age": 18,
        "max_age": 60,
        "capacity": 8,
        "required_skills": [skill],
        "required_training": training,
    }
    activity = activity_make(county, **fields)
    response = phone.get(reverse("activities:activity_detail", args=[activity.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "2031-06-02 01:30 – 03:30" in page
    assert "2031-06-01 01:30" in page  # sign-up closes
    for text in (
        "山林防火巡查",
        "东兴村文化广场",
        "为村里老人讲解防诈骗知识",
        "在平台报名，或致电负责人",
        "户外活动，注意防暑",
        "配备饮用水和急救包",
        "本活动为志愿者购买意外保险。",
        "由实践站统一投保",
        "18–60 周岁",
        "急救",
        "东兴村村民",
        "刘站长",
        "0458-1234567",
        "东兴村新时代文明实践站",
        "志愿服务通用培训",
        "剩余名额 8 / 8",
        "进乡村",
        "报名中",
    ):
        assert text in page, text
    assert "志愿服务通用培训" in page
    assert 'id="signup-button"' in page


def test_sign_up_swaps_in_the_confirmed_button(county, phone, volunteer):
    activity = activity_make(county, capacity=2)
    response = phone.post(reverse("activities:mobile_signup", args=[activity.pk]), headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith("<section")
    assert "你已报名，名额已确认。" in page
    assert "剩余名额 1 / 2" in page
    assert 'id="cancel-button"' in page
    signup = SignUp.objects.get()
    assert (signup.volunteer_id, signup.status) == (volunteer.pk, SignUpStatus.CONFIRMED)


def test_a_full_activity_waitlists_and_shows_the_position(county, phone, volunteer):
    activity = activity_make(county, capacity=1)
    for sequence in (21, 22):
        signup_create(activity_id=activity.pk, acting_user=volunteer_with_user(county, sequence).user)
    response = phone.post(reverse("activities:mobile_signup", args=[activity.pk]), headers=HTMX)
    page = response.content.decode()
    assert "你在候补名单中，排第 2 位" in page
    assert SignUp.objects.get(volunteer=volunteer).status == SignUpStatus.WAITLISTED
    # and the page itself shows the same
    detail = phone.get(reverse("activities:activity_detail", args=[activity.pk])).content.decode()
    assert "排第 2 位" in detail


def test_a_refusal_shows_the_message_and_changes_nothing(county, phone):
    activity = activity_make(county, max_age=30)  # 张东兴 was born in 1980
    response = phone.post(reverse("activities:mobile_signup", args=[activity.pk]), headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="signup-error"' in page
    assert "该活动要求年龄不超过 30 周岁。" in page
    assert 'id="signup-button"' in page
    assert SignUp.objects.count() == 0
    assert Activity.objects.get(pk=activity.pk).confirmed_count == 0


def test_an_overlapping_commitment_is_refused_with_its_title(county, phone):
    start = timezone.now() + dt.timedelta(days=3)
    first = activity_make(county, title="先报的活动", starts_at=start)
    second = activity_make(county, title="时间冲突的活动", starts_at=start + dt.timedelta(hours=1))
    signup_create(activity_id=first.pk, acting_user=county.users[Role.VOLUNTEER])
    page = phone.post(reverse("activities:mobile_signup", args=[second.pk]), headers=HTMX).content.decode()
    assert "与您已报名的活动《先报的活动》" in page
    assert SignUp.objects.filter(activity=second).count() == 0


def test_without_javascript_the_sign_up_redirects_with_a_message(county, phone):
    activity = activity_make(county)
    response = phone.post(reverse("activities:mobile_signup", args=[activity.pk]), follow=True)
    assert response.redirect_chain == [(reverse("activities:activity_detail", args=[activity.pk]), 302)]
    assert "报名成功。" in response.content.decode()


def test_cancel_from_the_detail_page_frees_the_place(county, phone, volunteer):
    activity = activity_make(county, capacity=3)
    signup_create(activity_id=activity.pk, acting_user=county.users[Role.VOLUNTEER])
    response = phone.post(
        reverse("activities:mobile_signup_cancel", args=[activity.pk]), {"shown_in": "detail"}, headers=HTMX
    )
    page = response.content.decode()
    assert 'id="signup-button"' in page
    assert "剩余名额 3 / 3" in page
    assert SignUp.objects.get().status == SignUpStatus.CANCELLED
    assert Activity.objects.get(pk=activity.pk).confirmed_count == 0


def test_cancel_after_the_start_is_refused_and_changes_nothing(county, phone, volunteer):
    activity = activity_make(county)
    signup_create(activity_id=activity.pk, acting_user=county.users[Role.VOLUNTEER])
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=5), ends_at=timezone.now() + dt.timedelta(hours=1)
    )
    response = phone.post(reverse("activities:mobile_signup_cancel", args=[activity.pk]), headers=HTMX)
    page = response.content.decode()
    assert "活动已经开始，不能取消报名" in page
    assert SignUp.objects.get().status == SignUpStatus.CONFIRMED
    assert Activity.objects.get(pk=activity.pk).confirmed_count == 1


def test_cancel_without_a_sign_up_says_so(county, phone):
    activity = activity_make(county)
    page = phone.post(reverse("activities:mobile_signup_cancel", args=[activity.pk]), headers=HTMX).content.decode()
    assert "您没有这个活动的有效报名。" in page
    assert SignUp.objects.count() == 0


def test_detail_renders_an_activity_with_coordinates(county, phone):
    activity = activity_make(county, latitude=Decimal("46.980000"), longitude=Decimal("128.040000"))
    assert phone.get(reverse("activities:activity_detail", args=[activity.pk])).status_code == 200


def test_after_the_sign_up_deadline_there_is_no_button(county, phone):
    activity = activity_make(county)
    Activity.objects.filter(pk=activity.pk).update(signup_closes_at=timezone.now() - dt.timedelta(minutes=1))
    page = phone.get(reverse("activities:activity_detail", args=[activity.pk])).content.decode()
    assert "该活动已截止报名。" in page
    assert 'id="signup-button"' not in page
