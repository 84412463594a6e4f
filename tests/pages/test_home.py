import datetime as dt
import json
import re
from decimal import Decimal

import pytest

from tests.api.conftest import client_as
from wenming.accounts.models import User
from wenming.ledger.models import HoursEntry
from wenming.regions.roles import Role
from wenming.reports.selectors import REPORT_ROLES


def figures_table_rows(html: str) -> list[tuple[str, str, str]]:
    table = html[html.index('id="figures-table"') : html.index("</table>")]
    return re.findall(r"<tr><td>(\d+)</td><th scope=\"row\">(.*?)</th><td class=\"number\">(.*?)</td></tr>", table)


def test_county_admin_home_shows_the_fifteen_figures_of_the_county(county):
    response = client_as(county.users[Role.COUNTY_ADMIN]).get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>首页 · 文明实践志愿服务平台</title>" in html
    assert "铁力市文明实践数据" in html
    rows = figures_table_rows(html)
    assert [number for number, _, _ in rows] == [str(n) for n in range(1, 16)]
    displays = {int(number): display for number, _, display in rows}
    # the small county: center + institute + two stations, one team, three volunteers, nothing else yet
    assert displays[1] == "4"
    assert displays[9] == "1"
    assert displays[10] == "3"
    assert displays[12] == displays[14] == "0 / 0"
    assert [displays[n] for n in (2, 3, 4, 5, 6, 7, 8, 11, 13)] == ["0"] * 9
    assert displays[15].startswith("市级优秀志愿服务项目 0")
    assert rows[0][1] == "新时代文明实践中心、所、站"


def test_home_carries_the_chart_data_as_json_and_scripts_from_static(county):
    html = client_as(county.users[Role.COUNTY_ADMIN]).get("/").content.decode()
    match = re.search(r'<script id="figures-chart-data" type="application/json">(.*?)</script>', html)
    assert match is not None
    data = json.loads(match[1])
    assert len(data["labels"]) == len(data["values"]) == len(data["displays"]) == 15
    assert '<script src="/static/vendor/echarts/echarts.min.js"></script>' in html
    assert '<script src="/static/reports/figures-chart.js"></script>' in html
    # CSP allows only 'self' scripts: every <script> either loads a file or carries JSON data
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_static_chart_files_are_served(client, db):
    assert client.get("/static/vendor/echarts/echarts.min.js").status_code == 200
    assert client.get("/static/reports/figures-chart.js").status_code == 200


def test_station_admin_home_shows_its_village(county):
    html = client_as(county.users[Role.STATION_ADMIN]).get("/").content.decode()
    assert "东兴村文明实践数据" in html
    assert "铁力市文明实践数据" not in html


def test_htmx_refresh_returns_the_figures_partial(county):
    response = client_as(county.users[Role.COUNTY_ADMIN]).get("/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert len(figures_table_rows(html)) == 15


def test_user_without_a_role_sees_a_friendly_page(county):
    nobody = User.objects.create_user(username="nobody", password="unused-password-1")
    response = client_as(nobody).get("/")
    assert response.status_code == 200
    assert "暂时没有可查看的统计范围" in response.content.decode()


def test_navigation_follows_the_role(county):
    admin_html = client_as(county.users[Role.COUNTY_ADMIN]).get("/").content.decode()
    assert 'href="/admin/"' in admin_html
    assert "中心管理员（铁力市）" in admin_html
    nobody = User.objects.create_user(username="nobody", password="unused-password-1")
    plain_html = client_as(nobody).get("/").content.decode()
    assert 'href="/admin/"' not in plain_html
    assert 'action="/accounts/logout/"' in plain_html


@pytest.mark.parametrize("role", sorted(REPORT_ROLES))
def test_every_report_role_gets_the_figures_of_its_own_scope(api_county, role):
    response = client_as(api_county.users[role]).get("/")
    assert response.status_code == 200
    region = api_county.users[role].active_assignments[0].region
    assert f"{region.name}文明实践数据" in response.content.decode()


def test_volunteer_home_shows_own_hours_and_stars_not_the_figures(county):
    # given: the volunteer has 120 approved hours and a 12-hour entry reversed
    volunteer = county.volunteers["own"]
    approver = county.users[Role.COUNTY_ADMIN]
    common = {"volunteer": volunteer, "region": volunteer.region, "source_kind": "duty", "content": "站点值守"}
    for day in range(1, 6):  # 5 × 24 h = 120 h (an entry is at most 24 h)
        HoursEntry.objects.create(
            **common, status="approved", hours=Decimal(24), service_on=dt.date(2023, 5, day), approver=approver
        )
    wrong = HoursEntry.objects.create(
        **common, status="approved", hours=Decimal(12), service_on=dt.date(2023, 5, 9), approver=approver
    )
    HoursEntry.objects.create(
        **common, status="approved", kind="reversal", hours=Decimal(-12), reverses=wrong, service_on=dt.date(2023, 5, 9)
    )
    # when
    html = client_as(county.users[Role.VOLUNTEER]).get("/").content.decode()
    # then
    assert '<dd class="number" id="my-hours">120.00</dd>' in html
    assert "1 星" in html
    assert "文明实践数据" not in html
    assert 'id="figures-table"' not in html


@pytest.mark.parametrize(("role", "section"), [(Role.RESIDENT, "my-orders"), (Role.CONTACT_UNIT, "my-pairings")])
def test_resident_and_contact_unit_homes_show_their_own_records(api_county, role, section):
    html = client_as(api_county.users[role]).get("/").content.decode()
    assert f'id="{section}"' in html
    assert 'id="figures-table"' not in html


def test_team_leader_home_reports_the_own_team_not_the_region(county):
    # given: the team held one activity where its member checked in and got 3 approved hours
    from django.utils import timezone

    from wenming.activities.models import Activity, ActivityStatus, Attendance, VenueType

    starts = timezone.make_aware(dt.datetime(2023, 6, 1, 9, 0))
    activity = Activity.objects.create(
        region=county.village,
        title="理论宣讲进庭院",
        content="宣讲",
        organizer_site=county.station,
        organizer_team=county.team,
        venue_type=VenueType.COURTYARD,
        place="村部",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        capacity=10,
        status=ActivityStatus.FINISHED,
    )
    volunteer = county.volunteers["own"]
    Attendance.objects.create(activity=activity, volunteer=volunteer, checked_in_at=starts)
    HoursEntry.objects.create(
        volunteer=volunteer,
        region=county.village,
        status="approved",
        source_kind="activity",
        activity=activity,
        content="宣讲",
        service_on=dt.date(2023, 6, 1),
        hours=Decimal(3),
        approver=county.users[Role.STATION_ADMIN],
    )
    # when
    html = client_as(county.users[Role.TEAM_LEADER]).get("/").content.decode()
    # then
    assert html.count('id="my-team"') == 1
    assert "<title>首页 · 文明实践志愿服务平台</title>" in html
    assert "东兴村理论宣讲队" in html
    assert '<dd class="number" id="team-hours">3.00</dd>' in html
    assert 'id="figures-table"' not in html
