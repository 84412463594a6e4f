"""Append-only tables (hours ledger, order events, audit log): refused changes in code and in the database.

A model inherits AppendOnlyModel (its queryset AppendOnlyQuerySet) and says why in
`append_only_message`; its migration installs the triggers with `append_only_triggers_create`, so
raw SQL, other tools and future code are refused as well.
"""

from typing import Any, ClassVar, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.core.errors import DomainError


class AppendOnlyError(DomainError):
    code = "append_only"


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def _refusal(self) -> AppendOnlyError:
        return AppendOnlyError(getattr(self.model, "append_only_message", AppendOnlyModel.append_only_message))

    def update(self, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise self._refusal()

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise self._refusal()

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise self._refusal()


class AppendOnlyModel(models.Model):
    append_only_message: ClassVar[Any] = _("该记录只能追加，不能修改或删除。")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            self.refuse_change()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        self.refuse_change()

    @classmethod
    def refuse_change(cls) -> NoReturn:
        raise AppendOnlyError(cls.append_only_message)


def _execute(connection: Any, sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def append_only_triggers_create(connection: Any, table: str) -> None:
    """BEFORE UPDATE/DELETE triggers that abort (SQLite) or raise (PostgreSQL); idempotent."""
    vendor = connection.vendor
    if vendor == "sqlite":
        for action in ("UPDATE", "DELETE"):
            _execute(
                connection,
                f"CREATE TRIGGER IF NOT EXISTS {table}_refuse_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;",
            )
    elif vendor == "postgresql":
        _execute(
            connection,
            f"CREATE OR REPLACE FUNCTION {table}_refuse_change() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{table} is append-only' USING ERRCODE = 'integrity_constraint_violation'; END; "
            f"$$ LANGUAGE plpgsql;",
        )
        _execute(
            connection,
            f"CREATE OR REPLACE TRIGGER {table}_refuse_change BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change();",
        )


def append_only_triggers_drop(connection: Any, table: str) -> None:
    vendor = connection.vendor
    if vendor == "sqlite":
        for action in ("update", "delete"):
            _execute(connection, f"DROP TRIGGER IF EXISTS {table}_refuse_{action}")
    elif vendor == "postgresql":
        _execute(connection, f"DROP TRIGGER IF EXISTS {table}_refuse_change ON {table}")
        _execute(connection, f"DROP FUNCTION IF EXISTS {table}_refuse_change()")
