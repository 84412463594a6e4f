"""The rotating check-in QR code: an inline SVG of /m/checkin/<token>/ that the check-in service accepts."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.activities_organizer.conftest import activity_make
from wenming.activities.services_attendance import checkin_token_read
from wenming.core.errors import DomainError
from wenming.regions.roles import Role

pytestmark = pytest.mark.django_db

URL_IN_PAGE = re.compile(r'data-checkin-url="(http://testserver/m/(checkin|checkout)/([^/"]+)/)"')


def qr_url(activity, kind=None):
    url = reverse("activities:manage_qr", args=[activity.pk])
    return f"{url}?kind={kind}" if kind else url


def token_in(html: str) -> tuple[str, str]:
    match = URL_IN_PAGE.search(html)
    assert match, html
    return match.group(2), match.group(3)


def test_qr_page_shows_an_svg_whose_token_checks_in(county, browsers):
    activity = activity_make(county)
    response = browsers[Role.TEAM_LEADER].get(qr_url(activity))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "organizer-qr-svg" in html
    path, token = token_in(html)
    assert path == "checkin"
    assert checkin_token_read(token, kind="in") == activity.pk
    assert response["Cache-Control"] == "no-store"


def test_check_out_code_is_of_the_checkout_kind(county, browsers):
    activity = activity_make(county)
    html = browsers[Role.STATION_ADMIN].get(qr_url(activity, "out")).content.decode()
    path, token = token_in(html)
    assert path == "checkout"
    assert checkin_token_read(token, kind="out") == activity.pk
    with pytest.raises(DomainError) as refused:
        checkin_token_read(token, kind="in")
    assert refused.value.code == "token_wrong_kind"


@override_settings(WENMING_QR_ROTATE_SECONDS=45)
def test_the_fragment_polls_every_rotation_period_and_htmx_gets_only_the_fragment(county, browsers):
    activity = activity_make(county)
    browser = browsers[Role.STATION_ADMIN]
    page = browser.get(qr_url(activity, "in")).content.decode()
    assert 'hx-trigger="every 45s"' in page
    assert f'hx-get="{qr_url(activity)}?kind=in"' in page
    fragment = browser.get(qr_url(activity, "in"), headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert html.lstrip().startswith('<div class="organizer-qr" id="organizer-qr"')
    assert "<html" not in html
    assert 'hx-trigger="every 45s"' in html
    assert checkin_token_read(token_in(html)[1], kind="in") == activity.pk
    assert "前有效" in html


def test_a_draft_has_no_code_and_says_why(county, browsers):
    activity = activity_make(county, publish=False)
    response = browsers[Role.STATION_ADMIN].get(qr_url(activity))
    assert response.status_code == 200
    html = response.content.decode()
    assert "只有已发布、未结束的活动可以扫码签到。" in html
    assert "<svg" not in html


def test_an_unknown_kind_falls_back_to_check_in(county, browsers):
    activity = activity_make(county)
    path, _token = token_in(browsers[Role.STATION_ADMIN].get(qr_url(activity, "sideways")).content.decode())
    assert path == "checkin"
