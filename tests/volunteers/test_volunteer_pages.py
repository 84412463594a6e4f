"""The volunteer pages: the public phone registration page, the list with its live search, the review
queue, staff entry, the volunteer's page; query counts pinned."""

import pytest
from django.urls import reverse

from tests.api.conftest import client_as
from tests.factories import id_number_for, volunteer_make
from tests.volunteers.builders import SELF_PASSWORD, self_registered
from wenming.accounts.models import User
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer, VolunteerStatus


def registration(county, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "region": county.village.pk,
        "name": "张永志",
        "id_number": id_number_for("19900315", 21),
        "phone": "13912340021",
        "password": SELF_PASSWORD,
        "password_again": SELF_PASSWORD,
        "consents": "on",
    }
    data.update(overrides)
    return data


def test_anonymous_registers_on_the_phone_page_and_sees_the_number(client, county):
    page = client.get("/volunteers/register/")
    assert page.status_code == 200
    assert 'name="viewport"' in page.content.decode()
    response = client.post("/volunteers/register/", registration(county), follow=True)
    assert response.redirect_chain == [("/volunteers/register/done/", 302)]
    volunteer = Volunteer.objects.get(name="张永志")
    content = response.content.decode()
    assert f'<strong id="volunteer-number">{volunteer.volunteer_number}</strong>' in content
    assert '<span id="volunteer-status">待审核</span>' in content
    assert volunteer.status == VolunteerStatus.PENDING
    assert User.objects.get(username="13912340021").check_password(SELF_PASSWORD)


def test_result_page_without_a_registration_goes_back_to_the_form(client, db):
    assert client.get("/volunteers/register/done/")["Location"] == "/volunteers/register/"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id_number": "110105198001011234"}, "id_number", "身份证号码校验位错误。"),
        ({"consents": ""}, "consents", "请阅读并同意志愿者个人信息处理规则。"),
        ({"phone": "12345"}, "phone", "电话号码"),
        ({"password_again": "something-else-1"}, "password_again", "两次输入的密码不一致。"),
        ({"id_number": id_number_for("19800101", 1)}, "id_number", "该身份证号码已注册（所在队伍 东兴村理论宣讲队）。"),
        (
            {"id_number": id_number_for("20170301", 51)},
            "guardian_consent",
            "未满14周岁的志愿者须由监护人填写姓名并同意。",
        ),
    ],
)
def test_bad_registration_is_shown_next_to_the_field_and_nothing_saved(client, county, overrides, field, message):
    volunteers, users = Volunteer.objects.count(), User.objects.count()
    response = client.post("/volunteers/register/", registration(county, **overrides))
    assert response.status_code == 400
    content = response.content.decode()
    assert f'id="error-{field}">' in content
    assert message in content.split(f'id="error-{field}">')[1].split("</span>")[0]
    assert (Volunteer.objects.count(), User.objects.count()) == (volunteers, users)


def test_script_in_a_name_is_escaped_on_every_page(client, county):
    volunteer = self_registered(county, name="<script>alert(1)</script>")
    admin = client_as(county.users[Role.COUNTY_ADMIN])
    for url in ["/volunteers/", "/volunteers/pending/", f"/volunteers/{volunteer.pk}/"]:
        content = admin.get(url).content.decode()
        assert "<script>alert(1)</script>" not in content, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content, url


def test_list_live_search_answers_only_the_results(client, county):
    volunteer_make(county.village, "张永志", 11)
    admin = client_as(county.users[Role.STATION_ADMIN])
    response = admin.get("/volunteers/", {"q": "zyz"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert content.startswith('<section id="volunteer-results">')
    assert "张永志" in content
    assert "张东兴" not in content
    assert "<html" not in content


def test_list_shows_phones_masked(client, county):
    content = client_as(county.users[Role.COUNTY_ADMIN]).get("/volunteers/").content.decode()
    assert "138****0001" in content
    assert "13812340001" not in content


def test_list_page_query_count_does_not_grow_with_rows(client, county, django_assert_num_queries):
    admin = client_as(county.users[Role.COUNTY_ADMIN])
    admin.get("/volunteers/")  # warm the session and the user's assignments
    # session, user, assignments, tag and skill choices, count, page, tags, skills, memberships
    with django_assert_num_queries(10):
        admin.get("/volunteers/", {"q": "z"})
    for sequence in range(20, 40):
        volunteer_make(county.village, f"张{sequence}", sequence)
    with django_assert_num_queries(10):
        assert admin.get("/volunteers/", {"q": "z"}).status_code == 200


def test_pending_queue_approve_by_htmx(client, county):
    volunteer = self_registered(county)
    admin = client_as(county.users[Role.STATION_ADMIN])
    assert "张永志" in admin.get("/volunteers/pending/").content.decode()
    response = admin.post(f"/volunteers/{volunteer.pk}/approve/", {"note": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "在册" in response.content.decode()
    assert Volunteer.objects.get(pk=volunteer.pk).status == VolunteerStatus.ACTIVE


def test_reject_without_reason_is_shown_in_the_row_and_changes_nothing(client, county):
    volunteer = self_registered(county)
    admin = client_as(county.users[Role.STATION_ADMIN])
    response = admin.post(f"/volunteers/{volunteer.pk}/reject/", {"note": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "请填写不通过的原因。" in response.content.decode()
    assert Volunteer.objects.get(pk=volunteer.pk).status == VolunteerStatus.PENDING


def test_staff_entry_page_registers_and_shows_the_volunteer(client, county):
    admin = client_as(county.users[Role.STATION_ADMIN])
    response = admin.post(
        "/volunteers/new/",
        {
            "region": county.village.pk,
            "name": "孙桂兰",
            "id_number": id_number_for("19550505", 41),
            "phone": "13812345041",
            "consents": "on",
            "activate": "on",
        },
    )
    volunteer = Volunteer.objects.get(name="孙桂兰")
    assert response["Location"] == reverse("volunteers:detail", kwargs={"volunteer_id": volunteer.pk})
    assert volunteer.status == VolunteerStatus.ACTIVE


def test_staff_entry_page_refuses_a_region_outside_the_scope(client, county):
    admin = client_as(county.users[Role.STATION_ADMIN])
    before = Volunteer.objects.count()
    response = admin.post(
        "/volunteers/new/",
        {
            "region": county.sibling_village.pk,
            "name": "孙桂兰",
            "id_number": id_number_for("19550505", 41),
            "phone": "13812345041",
            "consents": "on",
        },
    )
    assert response.status_code == 400
    assert 'id="error-region"' in response.content.decode()
    assert Volunteer.objects.count() == before


def test_detail_masks_the_phone_for_station_admin_not_for_township_admin(client, county):
    own = county.volunteers["own"]
    station = client_as(county.users[Role.STATION_ADMIN]).get(f"/volunteers/{own.pk}/").content.decode()
    assert '<td id="volunteer-phone">138****0001</td>' in station
    assert own.id_number_masked in station
    township = client_as(county.users[Role.TOWNSHIP_ADMIN]).get(f"/volunteers/{own.pk}/").content.decode()
    assert '<td id="volunteer-phone">13812340001</td>' in township
    assert "东兴村理论宣讲队" in township
    assert '<td id="volunteer-hours">0.00</td>' in township


def test_detail_of_a_sibling_village_is_not_found_for_station_admin(client, county):
    sibling = county.volunteers["sibling"]
    assert client_as(county.users[Role.STATION_ADMIN]).get(f"/volunteers/{sibling.pk}/").status_code == 404


def test_edit_page_suspends(client, county):
    own = county.volunteers["own"]
    admin = client_as(county.users[Role.STATION_ADMIN])
    response = admin.post(f"/volunteers/{own.pk}/edit/", {"phone": "138****0001", "status": "suspended"})
    assert response.status_code == 302
    stored = Volunteer.objects.get(pk=own.pk)
    assert (stored.status, stored.phone) == (VolunteerStatus.SUSPENDED, "13812340001")
