"""The logged-in user is read from the shared cache, and every change to who they are drops it.

The cache is on with Redis only (a per-process cache would miss other processes' changes); these
tests switch it on over the test cache, which one process shares with itself.
"""

from typing import Any

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import cache
from django.test import override_settings

from wenming.accounts.backends import CachedUserBackend
from wenming.accounts.models import RoleAssignment, User
from wenming.regions.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def user_cache() -> Any:
    cache.clear()
    with override_settings(WENMING_USER_CACHE_SECONDS=300):
        yield
    cache.clear()


def test_a_cached_user_costs_no_query(county: Any, user_cache: Any, django_assert_num_queries: Any) -> None:
    admin = county.users[Role.TOWNSHIP_ADMIN]
    backend = CachedUserBackend()
    with django_assert_num_queries(2):  # the user and their role assignments, once
        first = backend.get_user(admin.pk)
    with django_assert_num_queries(0):
        again = backend.get_user(admin.pk)
        assert again.pk == admin.pk
        assert [a.role for a in again.active_assignments] == [Role.TOWNSHIP_ADMIN]
        assert again.region_paths() == first.region_paths()


def test_a_saved_role_assignment_drops_the_cached_user(county: Any, user_cache: Any) -> None:
    admin = county.users[Role.TOWNSHIP_ADMIN]
    backend = CachedUserBackend()
    assert backend.get_user(admin.pk).has_role(Role.TOWNSHIP_ADMIN)
    assignment = RoleAssignment.objects.get(user=admin, role=Role.TOWNSHIP_ADMIN)
    assignment.is_active = False
    assignment.save()
    assert not backend.get_user(admin.pk).has_role(Role.TOWNSHIP_ADMIN)


def test_a_bulk_update_of_role_assignments_drops_the_cached_users(county: Any, user_cache: Any) -> None:
    admin = county.users[Role.TOWNSHIP_ADMIN]
    backend = CachedUserBackend()
    assert backend.get_user(admin.pk).has_role(Role.TOWNSHIP_ADMIN)
    RoleAssignment.objects.filter(user=admin).update(is_active=False)
    assert backend.get_user(admin.pk).active_assignments == []


def test_a_deleted_role_assignment_drops_the_cached_user(county: Any, user_cache: Any) -> None:
    admin = county.users[Role.TOWNSHIP_ADMIN]
    backend = CachedUserBackend()
    assert backend.get_user(admin.pk).has_role(Role.TOWNSHIP_ADMIN)
    RoleAssignment.objects.filter(user=admin).delete()
    assert backend.get_user(admin.pk).active_assignments == []


def test_a_deactivated_user_is_no_longer_found(county: Any, user_cache: Any) -> None:
    admin = county.users[Role.TOWNSHIP_ADMIN]
    backend = CachedUserBackend()
    assert backend.get_user(admin.pk) is not None
    admin.is_active = False
    admin.save()
    assert backend.get_user(admin.pk) is None
    User.objects.filter(pk=admin.pk).update(is_active=True)
    assert backend.get_user(admin.pk) is not None
    User.objects.filter(pk=admin.pk).update(is_active=False)
    assert backend.get_user(admin.pk) is None


def test_a_saved_region_makes_every_cached_user_stale(
    county: Any, user_cache: Any, django_assert_num_queries: Any
) -> None:
    admin = county.users[Role.TOWNSHIP_ADMIN]
    backend = CachedUserBackend()
    backend.get_user(admin.pk)
    county.township.name = "铁力镇（更名）"
    county.township.save()
    with django_assert_num_queries(2):
        user = backend.get_user(admin.pk)
    assert user.active_assignments[0].region.name == "铁力镇（更名）"


def test_without_a_shared_cache_every_request_reads_the_user(county: Any, django_assert_num_queries: Any) -> None:
    admin = county.users[Role.TOWNSHIP_ADMIN]
    backend = CachedUserBackend()
    with override_settings(WENMING_USER_CACHE_SECONDS=0):
        backend.get_user(admin.pk)
        with django_assert_num_queries(1):
            backend.get_user(admin.pk)


def test_a_logged_in_client_loses_access_when_its_role_goes(county: Any, user_cache: Any, client: Any) -> None:
    # given: a township admin logged in through the cached backend, who reads volunteers
    admin = county.users[Role.TOWNSHIP_ADMIN]
    client.force_login(admin, backend="wenming.accounts.backends.CachedUserBackend")
    session = client.session
    assert session[BACKEND_SESSION_KEY] == "wenming.accounts.backends.CachedUserBackend"
    assert session[SESSION_KEY] == str(admin.pk) and session[HASH_SESSION_KEY]
    assert client.get("/api/v1/volunteers").json()["count"] > 0
    # when: the role is withdrawn
    RoleAssignment.objects.filter(user=admin).update(is_active=False)
    # then: the next request already sees it
    assert client.get("/api/v1/volunteers").json()["count"] == 0


def test_a_password_change_logs_the_user_out_everywhere(county: Any, user_cache: Any, client: Any) -> None:
    admin = county.users[Role.TOWNSHIP_ADMIN]
    client.force_login(admin, backend="wenming.accounts.backends.CachedUserBackend")
    assert client.get("/api/v1/volunteers").status_code == 200
    admin.set_password("Another@2024pw")
    admin.save()
    assert client.get("/api/v1/volunteers").status_code == 401


def test_the_remembered_session_hash_is_djangos(county: Any, settings: Any) -> None:
    # The HMAC of the password is remembered per (password hash, key): it must be Django's own,
    # change with the password and honour SECRET_KEY_FALLBACKS (sessions signed with an old key).
    from django.contrib.auth.base_user import AbstractBaseUser

    user = county.users[Role.TOWNSHIP_ADMIN]
    assert user.get_session_auth_hash() == AbstractBaseUser._get_session_auth_hash(user)
    before = user.get_session_auth_hash()
    user.set_password("Another@2024pw")
    assert user.get_session_auth_hash() == AbstractBaseUser._get_session_auth_hash(user) != before
    settings.SECRET_KEY_FALLBACKS = ["an-older-key-" + "x" * 40]
    fallback = AbstractBaseUser._get_session_auth_hash(user, secret=settings.SECRET_KEY_FALLBACKS[0])
    assert list(user.get_session_auth_fallback_hash()) == [fallback]
    settings.SECRET_KEY = "a-rotated-key-" + "y" * 40
    assert user.get_session_auth_hash() == AbstractBaseUser._get_session_auth_hash(user) != before
