"""Who may open the phone pages: volunteers; anonymous users log in first; other users are told why not."""

import pytest
from django.urls import reverse

from tests.activities_mobile.conftest import activity_make
from tests.api.conftest import client_as
from wenming.activities.models import SignUp
from wenming.regions.roles import Role

pytestmark = pytest.mark.django_db

PAGES = ["mobile_home", "activities", "commitments", "my_hours", "calendar_settings"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_user_is_sent_to_login_and_back(client, name):
    url = reverse(f"activities:{name}")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", [Role.COUNTY_ADMIN, Role.RESIDENT, Role.TEAM_LEADER])
def test_a_user_without_a_volunteer_record_gets_the_friendly_page(county, name, role):
    response = client_as(county.users[role]).get(reverse(f"activities:{name}"))
    assert response.status_code == 403
    assert "仅限注册志愿者" in response.content.decode()
    assert 'id="not-volunteer"' in response.content.decode()


def test_a_resident_cannot_sign_up_through_the_page(county):
    activity = activity_make(county)
    response = client_as(county.users[Role.RESIDENT]).post(reverse("activities:mobile_signup", args=[activity.pk]))
    assert response.status_code == 403
    assert SignUp.objects.count() == 0


def test_a_draft_activity_is_not_found(county, phone):
    draft = activity_make(county, publish=False)
    assert phone.get(reverse("activities:activity_detail", args=[draft.pk])).status_code == 404
    assert phone.post(reverse("activities:mobile_signup", args=[draft.pk])).status_code == 404
    assert SignUp.objects.count() == 0


def test_the_pages_answer_in_english_too(county, phone):
    response = phone.get(reverse("activities:mobile_home"), headers={"Accept-Language": "en"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/m/activities/99999999999999999999999/"),
        ("post", "/m/activities/99999999999999999999999/signup/"),
        ("post", "/m/activities/99999999999999999999999/cancel/"),
    ],
)
def test_an_id_too_large_for_the_database_is_not_found(phone, method, path):
    assert getattr(phone, method)(path).status_code == 404


def test_a_category_too_large_for_the_database_is_ignored(county, phone):
    activity_make(county, title="防诈骗宣讲")
    response = phone.get(reverse("activities:activities"), {"category": "99999999999999999999999"})
    assert response.status_code == 200
    assert "防诈骗宣讲" in response.content.decode()
