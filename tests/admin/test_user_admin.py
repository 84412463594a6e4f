"""Users are scoped by where their roles lie; county admins create users with their roles."""

from django.urls import reverse

from tests.admin.conftest import change_url, changelist_url
from tests.factories import PASSWORD
from wenming.accounts.models import RoleAssignment, User
from wenming.accounts.services import role_assign
from wenming.regions.roles import Role

ADD_URL = "admin:accounts_user_add"


def _add_data(username: str, **assignment: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": username,
        "usable_password": "true",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "新站员",
        "phone": "",
        "email": "",
        "role_assignments-TOTAL_FORMS": "1" if assignment else "0",
        "role_assignments-INITIAL_FORMS": "0",
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
    }
    data.update({f"role_assignments-0-{name}": value for name, value in assignment.items()})
    return data


def test_township_admin_lists_only_users_with_roles_in_the_township(client, county):
    # given
    client.force_login(county.users[Role.TOWNSHIP_ADMIN])
    # when
    response = client.get(changelist_url(User))
    # then
    usernames = {user.username for user in response.context["cl"].result_list}
    assert usernames == {"township_admin", "station_admin", "team_leader", "volunteer", "resident"}


def test_township_admin_cannot_open_the_county_admin(client, county):
    client.force_login(county.users[Role.TOWNSHIP_ADMIN])
    response = client.get(change_url(county.users[Role.COUNTY_ADMIN]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_township_admin_cannot_change_a_user_who_also_holds_a_county_role(client, county):
    # given: the village resident is also a county-wide viewer
    resident = county.users[Role.RESIDENT]
    role_assign(user=resident, role=Role.VIEWER, region=county.county)
    client.force_login(county.users[Role.TOWNSHIP_ADMIN])
    # when
    page = client.get(change_url(resident))
    password = client.get(reverse("admin:auth_user_password_change", args=[resident.pk]))
    post = client.post(change_url(resident), {"username": "hijacked", "is_active": "on"})
    # then: visible, but read-only
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert password.status_code == 403
    assert post.status_code == 403
    resident.refresh_from_db()
    assert resident.username == "resident"


def test_county_admin_creates_a_user_with_a_station_role(client, county):
    # given
    client.force_login(county.users[Role.COUNTY_ADMIN])
    # when
    response = client.post(
        reverse(ADD_URL),
        _add_data("new_station", role=Role.STATION_ADMIN, site=county.sibling_station.pk, is_active="on"),
    )
    # then
    assert response.status_code == 302
    user = User.objects.get(username="new_station")
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.role, assignment.site, assignment.region) == (
        Role.STATION_ADMIN,
        county.sibling_station,
        county.sibling_village,
    )
    assert assignment.granted_by == county.users[Role.COUNTY_ADMIN]
    assert user.is_staff is True
    assert user.check_password(PASSWORD)


def test_creating_a_user_without_a_role_is_refused_for_staff(client, county):
    # given
    client.force_login(county.users[Role.COUNTY_ADMIN])
    # when
    response = client.post(reverse(ADD_URL), _add_data("orphan"))
    # then
    assert response.status_code == 200
    assert "请至少为该用户分配一个有效角色。" in response.content.decode()
    assert not User.objects.filter(username="orphan").exists()


def test_station_role_needs_a_site(client, county):
    client.force_login(county.users[Role.COUNTY_ADMIN])
    response = client.post(reverse(ADD_URL), _add_data("no_site", role=Role.STATION_ADMIN, is_active="on"))
    assert response.status_code == 200
    assert "站管理员必须指定所管理的阵地。" in response.content.decode()
    assert not User.objects.filter(username="no_site").exists()


def test_township_admin_cannot_grant_a_role_outside_the_township(client, county):
    # given
    client.force_login(county.users[Role.TOWNSHIP_ADMIN])
    # when
    response = client.post(
        reverse(ADD_URL), _add_data("too_far", role=Role.VIEWER, region=county.county.pk, is_active="on")
    )
    # then
    assert response.status_code == 200
    assert not User.objects.filter(username="too_far").exists()


def test_station_admin_has_no_user_admin(client, county):
    client.force_login(county.users[Role.STATION_ADMIN])
    assert client.get(changelist_url(User)).status_code == 403
    assert client.get(reverse(ADD_URL)).status_code == 403


def test_non_superusers_cannot_see_the_superuser_flag(client, county):
    client.force_login(county.users[Role.COUNTY_ADMIN])
    response = client.get(change_url(county.users[Role.STATION_ADMIN]))
    assert "is_superuser" not in response.context["adminform"].form.fields
    assert "user_permissions" not in response.context["adminform"].form.fields
