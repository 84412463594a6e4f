"""A weekly activity for a season: the series page generates one draft per occurrence."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.activities_organizer.conftest import activity_form_data
from wenming.activities.models import Activity, ActivitySeries, ActivityStatus
from wenming.regions.roles import Role

pytestmark = pytest.mark.django_db

SERIES = reverse("activities:manage_series")


def series_data(county, **overrides):
    data = activity_form_data(county, starts_at=None, ends_at=None)
    data.update({"weekdays": ["2", "6"], "first_on": "", "last_on": "", "starts_time": "09:00", "ends_time": "11:30"})
    data.update(overrides)
    return data


def next_monday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday())


def test_series_generates_the_right_occurrences(county, browsers):
    monday = next_monday()
    data = series_data(county, first_on=monday.isoformat(), last_on=(monday + dt.timedelta(days=20)).isoformat())
    response = browsers[Role.STATION_ADMIN].post(SERIES, data)
    assert response.status_code == 302
    series = ActivitySeries.objects.get()
    assert (series.weekdays, series.first_on, series.last_on) == ("2,6", monday, monday + dt.timedelta(days=20))
    occurrences = list(Activity.objects.filter(series=series).order_by("starts_at"))
    # Tuesdays and Saturdays of three weeks, 09:00–11:30 Beijing time
    expected_days = [monday + dt.timedelta(days=offset) for offset in (1, 5, 8, 12, 15, 19)]
    assert [timezone.localtime(a.starts_at).date() for a in occurrences] == expected_days
    assert {timezone.localtime(a.starts_at).time() for a in occurrences} == {dt.time(9, 0)}
    assert {timezone.localtime(a.ends_at).time() for a in occurrences} == {dt.time(11, 30)}
    assert {a.status for a in occurrences} == {ActivityStatus.DRAFT}
    assert {a.title for a in occurrences} == {"关爱老人义诊"}


def test_series_publish_publishes_every_draft(county, browsers):
    monday = next_monday()
    browsers[Role.STATION_ADMIN].post(
        SERIES, series_data(county, first_on=monday.isoformat(), last_on=(monday + dt.timedelta(days=6)).isoformat())
    )
    series = ActivitySeries.objects.get()
    first = Activity.objects.filter(series=series).order_by("starts_at").first()
    detail = browsers[Role.STATION_ADMIN].get(reverse("activities:manage_detail", args=[first.pk]))
    publish_url = reverse("activities:manage_series_publish", args=[series.pk])
    assert publish_url in detail.content.decode()
    response = browsers[Role.STATION_ADMIN].post(publish_url, {"next": "https://evil.example/"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("activities:manage_list")
    assert "已发布 2 次活动。" in response.content.decode()
    assert set(Activity.objects.filter(series=series).values_list("status", flat=True)) == {ActivityStatus.PUBLISHED}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"weekdays": []}, "weekdays", "这个字段是必填项。"),
        ({"ends_time": "08:00"}, "ends_time", "结束时刻必须晚于开始时刻。"),
        ({"last_on": "first-minus-one"}, "last_on", "末次日期不能早于首次日期。"),
        ({"last_on": "first-plus-one-day", "weekdays": ["7"]}, "weekdays", "所选日期范围内没有符合的日子。"),
    ],
)
def test_series_bad_input_creates_nothing(county, browsers, overrides, field, message):
    monday = next_monday()
    dates = {
        "first-minus-one": (monday - dt.timedelta(days=1)).isoformat(),
        "first-plus-one-day": (monday + dt.timedelta(days=1)).isoformat(),
    }
    overrides = {key: dates.get(value, value) if isinstance(value, str) else value for key, value in overrides.items()}
    data = series_data(county, first_on=monday.isoformat(), last_on=(monday + dt.timedelta(days=13)).isoformat())
    data.update(overrides)
    response = browsers[Role.STATION_ADMIN].post(SERIES, data)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert (ActivitySeries.objects.count(), Activity.objects.count()) == (0, 0)
