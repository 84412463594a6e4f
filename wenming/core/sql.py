"""Hand-written inserts for the hottest writes (ADR 0006): one fixed statement, no ORM compilation.

`rows_insert` writes plain rows (ids, text, numbers, booleans, datetimes) of a model in one
INSERT … RETURNING id, on SQLite and PostgreSQL alike, and gives the new ids in row order. The
statement text is built once per model, column list and row count. It is for the append-mostly
tables written on every sign-up or check-in; everything else goes through the ORM.
"""

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db import connection, models


@cache
def _statement(model: type[models.Model], columns: tuple[str, ...], row_count: int, vendor: str) -> str:
    names = {field.column for field in model._meta.concrete_fields}
    unknown = [column for column in columns if column not in names]
    if unknown:
        raise ValueError(f"{model._meta.label} has no column {', '.join(unknown)}")
    quote = connection.ops.quote_name
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    return (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(column) for column in columns)}) "
        f"VALUES {', '.join([row] * row_count)} RETURNING {quote(model._meta.pk.column)}"
    )


def db_value(value: Any) -> Any:
    """A Python value as the database driver wants it (datetimes as the ORM would store them)."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def rows_insert(model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
    """Insert `rows` (values in `columns` order) into the model's table; their new ids, in order."""
    if not rows:
        return []
    statement = _statement(model, tuple(columns), len(rows), connection.vendor)
    parameters = [db_value(value) for row in rows for value in row]
    with connection.cursor() as cursor:
        cursor.execute(statement, parameters)
        returned = cursor.fetchall()
    # PostgreSQL and SQLite return the rows of a multi-row INSERT in the order of its VALUES.
    return [row[0] for row in returned]
