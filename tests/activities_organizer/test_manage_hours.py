"""Hours approval: one by one (htmx row), in bulk with each outcome, rejection and reversal — append-only."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.activities_organizer.conftest import volunteer_with_user
from tests.api.conftest import client_as
from wenming.activities.services_attendance import attendance_record
from wenming.ledger.models import EntryKind, EntryStatus, HoursEntry
from wenming.ledger.services import hours_entry_approve
from wenming.regions.roles import Role

pytestmark = pytest.mark.django_db

HOURS = reverse("activities:manage_hours")
HTMX = {"HX-Request": "true"}


def ledger() -> list[tuple]:
    """Every ledger row as it stands, oldest first."""
    return list(
        HoursEntry.objects.order_by("pk").values_list("pk", "kind", "status", "hours", "decides_id", "reverses_id")
    )


def attend(county, activity, volunteer, minutes: int) -> HoursEntry:
    organizer = county.users[Role.STATION_ADMIN]
    for action, at in (
        ("check_in", activity.starts_at),
        ("check_out", activity.starts_at + dt.timedelta(minutes=minutes)),
    ):
        attendance_record(
            activity_id=activity.pk, volunteer_id=volunteer.pk, action=action, acting_user=organizer, at=at
        )
    return HoursEntry.objects.get(volunteer=volunteer, status=EntryStatus.PENDING)


@pytest.fixture
def proposals(county, running):
    """Two pending proposals of the running activity: 1.00 h and 1.50 h."""
    activity, (first, second) = running
    return activity, [attend(county, activity, first, 60), attend(county, activity, second, 95)]


def test_hours_page_lists_the_pending_proposals(county, browsers, proposals):
    activity, (first, second) = proposals
    response = browsers[Role.TEAM_LEADER].get(HOURS, {"activity": activity.pk})
    assert response.status_code == 200
    assert [entry.pk for entry in response.context["page"].object_list] == [first.pk, second.pk]
    html = response.content.decode()
    assert 'id="hours-select-all"' in html and "organizer-hours.js" in html
    assert list(browsers[Role.TEAM_LEADER].get(HOURS, {"activity": 999999}).context["page"].object_list) == []


def test_approve_one_appends_exactly_one_approved_row(county, browsers, proposals):
    _activity, (first, _second) = proposals
    before = ledger()
    response = browsers[Role.STATION_ADMIN].post(
        reverse("activities:manage_hours_approve", args=[first.pk]), {}, headers=HTMX
    )
    assert response.status_code == 200
    assert response.content.decode().startswith(f'<tr id="hours-entry-{first.pk}"')
    assert "已审核，记入 1.00 小时" in response.content.decode()
    after = ledger()
    assert after[: len(before)] == before  # nothing changed
    (added,) = after[len(before) :]
    assert added[1:] == (EntryKind.CREDIT, EntryStatus.APPROVED, Decimal("1.00"), first.pk, None)
    assert HoursEntry.objects.get(pk=added[0]).approver == county.users[Role.STATION_ADMIN]


def test_approve_with_corrected_hours_needs_a_reason(county, browsers, proposals):
    _activity, (first, _second) = proposals
    url = reverse("activities:manage_hours_approve", args=[first.pk])
    browser = browsers[Role.STATION_ADMIN]
    before = ledger()
    response = browser.post(url, {"hours": "0.75"}, headers=HTMX)
    assert "修改时长时请说明原因。" in response.content.decode()
    assert ledger() == before
    browser.post(url, {"hours": "0.75", "reason": "提前离场"}, headers=HTMX)
    (added,) = ledger()[len(before) :]
    assert added[1:] == (EntryKind.CREDIT, EntryStatus.APPROVED, Decimal("0.75"), first.pk, None)
    assert HoursEntry.objects.get(pk=added[0]).reason == "提前离场"


def test_bulk_approve_shows_each_outcome(county, browsers, proposals):
    activity, (first, second) = proposals
    hours_entry_approve(entry_id=first.pk, acting_user=county.users[Role.COUNTY_ADMIN])  # decided meanwhile
    before = ledger()
    response = browsers[Role.STATION_ADMIN].post(
        reverse("activities:manage_hours_bulk"), {"entry_ids": [first.pk, second.pk], "activity": activity.pk}
    )
    assert response.status_code == 200
    outcomes = [(o.entry_id, o.is_approved, o.message) for o in response.context["outcomes"]]
    assert outcomes == [(first.pk, False, "这条时长记录已经审核过了。"), (second.pk, True, "已审核")]
    html = response.content.decode()
    assert "这条时长记录已经审核过了。" in html and "林二" in html
    (added,) = ledger()[len(before) :]
    assert added[1:] == (EntryKind.CREDIT, EntryStatus.APPROVED, Decimal("1.50"), second.pk, None)
    assert ledger()[: len(before)] == before
    assert list(response.context["page"].object_list) == []


def test_bulk_approve_of_two_appends_two_rows(county, browsers, proposals):
    _activity, (first, second) = proposals
    before = ledger()
    response = browsers[Role.TEAM_LEADER].post(
        reverse("activities:manage_hours_bulk"), {"entry_ids": [first.pk, second.pk]}, headers=HTMX
    )
    assert response.status_code == 200
    added = ledger()[len(before) :]
    assert [row[1:] for row in added] == [
        (EntryKind.CREDIT, EntryStatus.APPROVED, Decimal("1.00"), first.pk, None),
        (EntryKind.CREDIT, EntryStatus.APPROVED, Decimal("1.50"), second.pk, None),
    ]


def test_bulk_approve_with_nothing_ticked_says_so(county, browsers, proposals):
    before = ledger()
    response = browsers[Role.STATION_ADMIN].post(reverse("activities:manage_hours_bulk"), {})
    assert response.status_code == 400
    assert "请至少勾选一条待审核记录。" in response.content.decode()
    assert ledger() == before


def test_reject_needs_a_reason_then_appends_a_rejected_row(county, browsers, proposals):
    _activity, (first, _second) = proposals
    url = reverse("activities:manage_hours_reject", args=[first.pk])
    browser = browsers[Role.STATION_ADMIN]
    before = ledger()
    response = browser.post(url, {"reason": ""}, headers=HTMX)
    assert "退回时请说明原因。" in response.content.decode()
    assert ledger() == before
    response = browser.post(url, {"reason": "未实际参加"}, headers=HTMX)
    assert "已退回" in response.content.decode()
    (added,) = ledger()[len(before) :]
    assert added[1:] == (EntryKind.CREDIT, EntryStatus.REJECTED, Decimal("1.00"), first.pk, None)
    assert ledger()[: len(before)] == before


def test_reverse_appends_a_reversal_and_the_corrected_credit(county, browsers, proposals):
    activity, (first, _second) = proposals
    decision = hours_entry_approve(entry_id=first.pk, acting_user=county.users[Role.STATION_ADMIN])
    detail = browsers[Role.STATION_ADMIN].get(reverse("activities:manage_detail", args=[activity.pk]))
    url = reverse("activities:manage_hours_reverse", args=[decision.pk])
    assert url in detail.content.decode()
    before = ledger()
    # without a reason: refused, nothing appended
    response = browsers[Role.STATION_ADMIN].post(url, {"activity": activity.pk}, follow=True)
    assert "冲销时请说明原因。" in response.content.decode()
    assert ledger() == before
    # with a reason and corrected hours
    response = browsers[Role.STATION_ADMIN].post(
        url, {"reason": "签退时间记错", "corrected_hours": "0.50", "activity": activity.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:manage_detail", args=[activity.pk]) + "#ledger"
    reversal, corrected = ledger()[len(before) :]
    assert reversal[1:] == (EntryKind.REVERSAL, EntryStatus.APPROVED, Decimal("-1.00"), None, decision.pk)
    assert corrected[1:] == (EntryKind.CREDIT, EntryStatus.APPROVED, Decimal("0.50"), None, None)
    assert ledger()[: len(before)] == before
    # reversed once only
    again = browsers[Role.STATION_ADMIN].post(url, {"reason": "再来一次", "activity": activity.pk}, follow=True)
    assert "这条时长记录已经冲销过了。" in again.content.decode()
    assert len(ledger()) == len(before) + 2


def test_a_station_admin_of_the_sibling_village_gets_not_found(county, proposals, sibling_admin):
    activity, (first, _second) = proposals
    decision = hours_entry_approve(entry_id=first.pk, acting_user=county.users[Role.STATION_ADMIN])
    browser = client_as(sibling_admin)
    before = ledger()
    assert list(browser.get(HOURS).context["page"].object_list) == []
    second = _second.pk
    assert browser.post(reverse("activities:manage_hours_approve", args=[second]), {}).status_code == 404
    assert browser.post(reverse("activities:manage_hours_reject", args=[second]), {"reason": "x"}).status_code == 404
    assert browser.post(reverse("activities:manage_hours_reject", args=[second]), {}).status_code == 404
    reverse_url = reverse("activities:manage_hours_reverse", args=[decision.pk])
    assert browser.post(reverse_url, {"reason": "x"}).status_code == 404
    assert browser.post(reverse_url, {}).status_code == 404
    response = browser.post(reverse("activities:manage_hours_bulk"), {"entry_ids": [second]})
    assert [(o.is_approved, o.message) for o in response.context["outcomes"]] == [(False, "时长记录不存在。")]
    assert browser.get(reverse("activities:manage_detail", args=[activity.pk])).status_code == 404
    assert ledger() == before


def test_a_contact_unit_may_not_approve_hours(county, api_county):
    assert client_as(api_county.users[Role.CONTACT_UNIT]).get(HOURS).status_code == 403


@pytest.mark.parametrize("extra", [0, 4])
def test_hours_page_query_count_does_not_grow_with_the_rows(
    county, browsers, running, django_assert_num_queries, extra
):
    activity, volunteers = running
    for volunteer in volunteers:
        attend(county, activity, volunteer, 60)
    for sequence in range(extra):
        volunteer = volunteer_with_user(county, 40 + sequence)
        attendance_record(
            activity_id=activity.pk,
            volunteer_id=volunteer.pk,
            action="check_in",
            acting_user=county.users[Role.STATION_ADMIN],
            at=activity.starts_at,
        )
        attendance_record(
            activity_id=activity.pk,
            volunteer_id=volunteer.pk,
            action="check_out",
            acting_user=county.users[Role.STATION_ADMIN],
            at=activity.starts_at + dt.timedelta(minutes=30),
        )
    browser = browsers[Role.TEAM_LEADER]
    browser.get(HOURS)
    # session, user, role assignments, page count, page rows (the warm session is not saved again)
    with django_assert_num_queries(5):
        response = browser.get(HOURS)
    assert len(response.context["page"].object_list) == 2 + extra
