"""My sign-ups: status, cancel from the row, past ones on request."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.activities_mobile.conftest import HTMX, activity_make, volunteer_with_user
from wenming.activities.models import Activity, SignUp, SignUpStatus
from wenming.activities.services import signup_cancel, signup_create
from wenming.regions.roles import Role

pytestmark = pytest.mark.django_db


def test_commitments_show_each_sign_up_with_its_status(county, phone, volunteer):
    start = timezone.now() + dt.timedelta(days=2)
    confirmed = activity_make(county, title="确认的活动", starts_at=start)
    full = activity_make(county, title="候补的活动", capacity=1, starts_at=start + dt.timedelta(days=1))
    dropped = activity_make(county, title="取消的活动", starts_at=start + dt.timedelta(days=2))
    other = activity_make(county, title="别人的活动", starts_at=start + dt.timedelta(days=3))
    user = county.users[Role.VOLUNTEER]
    signup_create(activity_id=confirmed.pk, acting_user=user)
    signup_create(activity_id=full.pk, acting_user=volunteer_with_user(county, 31).user)
    signup_create(activity_id=full.pk, acting_user=user)
    signup_cancel(signup_id=signup_create(activity_id=dropped.pk, acting_user=user).pk, acting_user=user)
    signup_create(activity_id=other.pk, acting_user=volunteer_with_user(county, 32).user)
    page = phone.get(reverse("activities:commitments")).content.decode()
    assert f'id="commitment-{confirmed.pk}"' in page
    assert f'id="commitment-{full.pk}"' in page
    assert "取消的活动" not in page
    assert "别人的活动" not in page
    assert page.index("确认的活动") < page.index("候补的活动")
    assert 'class="m-badge confirmed">已确认' in page
    assert 'class="m-badge waitlisted">候补' in page


def test_cancel_from_a_row_swaps_the_row(county, phone, volunteer):
    activity = activity_make(county)
    signup_create(activity_id=activity.pk, acting_user=county.users[Role.VOLUNTEER])
    response = phone.post(
        reverse("activities:mobile_signup_cancel", args=[activity.pk]), {"shown_in": "commitments"}, headers=HTMX
    )
    row = response.content.decode()
    assert row.lstrip().startswith("<li")
    assert 'class="m-badge cancelled">已取消' in row
    assert "取消报名" not in row
    assert SignUp.objects.get().status == SignUpStatus.CANCELLED


def test_cancel_from_a_row_without_javascript_redirects(county, phone):
    activity = activity_make(county)
    signup_create(activity_id=activity.pk, acting_user=county.users[Role.VOLUNTEER])
    response = phone.post(
        reverse("activities:mobile_signup_cancel", args=[activity.pk]), {"shown_in": "commitments"}, follow=True
    )
    assert response.redirect_chain == [(reverse("activities:commitments"), 302)]
    assert "已取消报名。" in response.content.decode()


def test_past_commitments_are_shown_on_request(county, phone):
    activity = activity_make(county, title="上个月的活动")
    signup_create(activity_id=activity.pk, acting_user=county.users[Role.VOLUNTEER])
    month_ago = timezone.now() - dt.timedelta(days=30)
    Activity.objects.filter(pk=activity.pk).update(starts_at=month_ago, ends_at=month_ago + dt.timedelta(hours=2))
    assert "上个月的活动" not in phone.get(reverse("activities:commitments")).content.decode()
    past = phone.get(reverse("activities:commitments"), {"past": "1"}).content.decode()
    assert "上个月的活动" in past
    assert "已结束" in past
    assert "取消报名" not in past


@pytest.mark.parametrize("count", [1, 6])
def test_commitments_query_count_is_pinned(county, phone, django_assert_num_queries, count):
    start = timezone.now() + dt.timedelta(days=1)
    for number in range(count):
        activity = activity_make(county, title=f"活动{number}", starts_at=start + dt.timedelta(hours=4 * number))
        signup_create(activity_id=activity.pk, acting_user=county.users[Role.VOLUNTEER])
    # session, user, volunteer, role assignments, count, page, session save (3)
    with django_assert_num_queries(9):
        assert phone.get(reverse("activities:commitments")).status_code == 200
