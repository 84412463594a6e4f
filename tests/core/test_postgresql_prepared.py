"""On PostgreSQL the hot fixed statements run prepared once per connection (core.sql.hot_cursor)."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wenming.core.sql import hot_cursor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")


STATEMENT = "SELECT id, username FROM accounts_user WHERE id = %s AND is_active = %s"


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def run_hot(user_id: int) -> Any:
    with hot_cursor() as cursor:
        cursor.execute(STATEMENT, [user_id, True])
        return cursor.fetchone()


def test_a_hot_statement_is_prepared_on_first_use_and_answers_as_before(county: Any) -> None:
    admin = next(iter(county.users.values()))
    assert run_hot(admin.pk) == (admin.pk, admin.username)
    assert run_hot(admin.pk) == (admin.pk, admin.username)
    assert run_hot(-1) is None
    assert [statement for statement in prepared_statements() if "accounts_user WHERE id = $1" in statement]


def test_hot_statements_are_logged_like_any_other() -> None:
    with CaptureQueriesContext(connection) as captured:
        run_hot(1)
    assert [query["sql"] for query in captured.captured_queries] == [
        "SELECT id, username FROM accounts_user WHERE id = 1 AND is_active = true"
    ]


def test_djangos_own_queries_are_never_prepared(county: Any) -> None:
    from wenming.accounts.models import User

    for _ in range(5):
        list(User.objects.filter(is_active=True).values_list("id"))
    assert not [statement for statement in prepared_statements() if "accounts_user" in statement]


@pytest.mark.django_db(transaction=True)
def test_a_pooler_without_prepared_statements_can_switch_them_off(county: Any) -> None:
    connection.close()
    options = connection.settings_dict["OPTIONS"]
    options["prepare_hot_statements"] = False
    try:
        admin = next(iter(county.users.values()))
        assert run_hot(admin.pk) == (admin.pk, admin.username)
        assert run_hot(admin.pk) == (admin.pk, admin.username)
        assert not [statement for statement in prepared_statements() if "accounts_user WHERE id" in statement]
    finally:
        del options["prepare_hot_statements"]
        connection.close()
