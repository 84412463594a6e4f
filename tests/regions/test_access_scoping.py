from wenming.regions.access import may, scoped
from wenming.regions.roles import CHANGE, VIEW, Role
from wenming.volunteers.models import Volunteer


def test_station_admin_sees_only_own_village_volunteers(county):
    user = county.users[Role.STATION_ADMIN]
    names = set(scoped(Volunteer.objects.all(), user, VIEW).values_list("name", flat=True))
    assert names == {"张东兴"}


def test_station_admin_may_not_change_sibling_village_volunteer(county):
    user = county.users[Role.STATION_ADMIN]
    assert may(user, CHANGE, Volunteer, county.volunteers["own"]) is True
    assert may(user, CHANGE, Volunteer, county.volunteers["sibling"]) is False


def test_township_admin_sees_whole_township(county):
    user = county.users[Role.TOWNSHIP_ADMIN]
    names = set(scoped(Volunteer.objects.all(), user, VIEW).values_list("name", flat=True))
    assert names == {"张东兴", "李西林", "王镇上"}


def test_team_leader_sees_members_only(county):
    user = county.users[Role.TEAM_LEADER]
    assert list(scoped(Volunteer.objects.all(), user, VIEW).values_list("name", flat=True)) == ["张东兴"]
    assert may(user, CHANGE, Volunteer, county.volunteers["own"]) is False


def test_volunteer_sees_self_and_viewer_sees_no_rows(county):
    assert list(scoped(Volunteer.objects.all(), county.users[Role.VOLUNTEER], VIEW).values_list("name", flat=True)) == [
        "张东兴"
    ]
    assert scoped(Volunteer.objects.all(), county.users[Role.VIEWER], VIEW).count() == 0


def test_object_permissions_are_registered_with_rules(county):
    # Django's has_perm goes through the rules backend to the same scoping
    station_admin = county.users[Role.STATION_ADMIN]
    assert station_admin.has_perm("volunteers.change_volunteer", county.volunteers["own"]) is True
    assert station_admin.has_perm("volunteers.change_volunteer", county.volunteers["sibling"]) is False
    assert station_admin.has_perm("volunteers.view_volunteer", county.volunteers["sibling"]) is False
    assert county.users[Role.VIEWER].has_perm("volunteers.view_volunteer", county.volunteers["own"]) is False
