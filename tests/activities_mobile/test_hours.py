"""My hours: approved total, stars, love points, hours by month and every ledger row, clearly labelled."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from wenming.ledger.models import HoursEntry, SourceKind
from wenming.ledger.services import hours_entry_approve, hours_entry_propose, hours_entry_reject, hours_entry_reverse
from wenming.regions.roles import Role

pytestmark = pytest.mark.django_db


def propose(county, volunteer, hours, day, content):
    return hours_entry_propose(
        volunteer=volunteer,
        source_kind=SourceKind.DUTY,
        hours=Decimal(hours),
        service_on=day,
        content=content,
        region=county.village,
        recorder=county.users[Role.COUNTY_ADMIN],
        place="东兴村新时代文明实践站",
    )


@pytest.fixture
def ledger(county, volunteer):
    """January: 8 h approved. February: 4 h rejected, 2.5 h pending, 6 h approved and then reversed."""
    admin = county.users[Role.COUNTY_ADMIN]
    approved = hours_entry_approve(
        entry_id=propose(county, volunteer, "8", dt.date(2024, 1, 10), "站点值守（一月）").pk, acting_user=admin
    )
    rejected = hours_entry_reject(
        entry_id=propose(county, volunteer, "4", dt.date(2024, 2, 3), "重复登记的值守").pk,
        reason="与 2 月 2 日的记录重复",
        acting_user=admin,
    )
    pending = propose(county, volunteer, "2.5", dt.date(2024, 2, 20), "待审核的值守")
    mistaken = hours_entry_approve(
        entry_id=propose(county, volunteer, "6", dt.date(2024, 2, 5), "录错的值守").pk, acting_user=admin
    )
    reversal = hours_entry_reverse(entry_id=mistaken.pk, reason="录入错误", acting_user=admin)
    return {"approved": approved, "rejected": rejected, "pending": pending, "mistaken": mistaken, "reversal": reversal}


def test_totals_stars_and_points_count_approved_hours_only(phone, ledger, settings):
    settings.WENMING_STAR_THRESHOLDS = [5, 10, 20, 40, 80]
    response = phone.get(reverse("activities:my_hours"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="hours-total">8.00<' in page
    assert 'id="love-points">80<' in page
    assert page.count('class="filled"') == 1
    assert page.count('class="empty"') == 4
    assert "1 星" in page
    assert "再服务 2.00 小时可达到下一星级（10 小时）。" in page


def test_hours_by_month_table_and_chart_data(phone, ledger):
    page = phone.get(reverse("activities:my_hours")).content.decode()
    assert '<th scope="row">2024-02</th><td class="number">0.00</td>' in page
    assert '<th scope="row">2024-01</th><td class="number">8.00</td>' in page
    assert page.index("2024-02</th>") < page.index("2024-01</th>")
    assert '"labels": ["2024-01", "2024-02"]' in page
    assert '"values": [8.0, 0.0]' in page
    assert "vendor/echarts/echarts.min.js" in page


def test_each_ledger_row_is_labelled(phone, ledger):
    page = phone.get(reverse("activities:my_hours")).content.decode()

    def row(entry):
        start = page.index(f'id="entry-{entry.pk}"')
        return page[start : page.index("</li>", start)]

    assert "已审核" in row(ledger["approved"]) and "8.00 小时" in row(ledger["approved"])
    assert "未通过" in row(ledger["rejected"]) and "原因：与 2 月 2 日的记录重复" in row(ledger["rejected"])
    assert "待审核" in row(ledger["pending"]) and "2.50 小时" in row(ledger["pending"])
    assert "已冲销" in row(ledger["mistaken"])
    assert "冲销" in row(ledger["reversal"]) and "-6.00 小时" in row(ledger["reversal"])
    assert "更正 2024-02-05「录错的值守」的记录" in row(ledger["reversal"])
    # a decided proposal is shown once, by its decision
    decided = HoursEntry.objects.filter(decided_by__isnull=False)
    assert decided.count() == 3
    for proposal in decided:
        assert f'id="entry-{proposal.pk}"' not in page


def test_no_hours_yet(phone):
    page = phone.get(reverse("activities:my_hours")).content.decode()
    assert 'id="hours-total">0.00<' in page
    assert 'id="no-entries"' in page
    assert "echarts" not in page


@pytest.mark.parametrize("months", [1, 5])
def test_hours_query_count_is_pinned(county, volunteer, phone, django_assert_num_queries, months):
    admin = county.users[Role.COUNTY_ADMIN]
    for month in range(1, months + 1):
        entry = propose(county, volunteer, "3", dt.date(2024, month, 10), f"{month} 月值守")
        hours_entry_approve(entry_id=entry.pk, acting_user=admin)
    # session, user, volunteer, total (read once for stars and points), by month, count, page,
    # role assignments (header), session save (3)
    with django_assert_num_queries(11):
        assert phone.get(reverse("activities:my_hours")).status_code == 200
