"""Hand-written inserts for the hottest writes (ADR 0006): one fixed statement, no ORM compilation.

`rows_insert` writes plain rows (ids, text, numbers, booleans, datetimes) of a model in one
INSERT … RETURNING id, on SQLite and PostgreSQL alike, and gives the new ids in row order;
`family_insert` a row and the rows that point to it, in one statement on PostgreSQL.
`instance_insert` saves one new model instance as `save()` would (defaults, auto_now_add, each
field's own database conversion, the pre_save and post_save signals), for a model that is not ours
(the database task queue's rows). The statement text is built once per model, column list and row
count. They are for the tables written on every sign-up or check-in; everything else goes through
the ORM. `hot_cursor` runs such fixed statements prepared on PostgreSQL, and `row_instance` turns
their rows into model instances.
"""

import contextlib
import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.db.models.base import ModelState
from django.db.models.signals import post_init, post_save, pre_init, pre_save

M = TypeVar("M", bound=models.Model)


def hot_cursor() -> Any:
    """A cursor for the fixed statements of the busiest paths (this module, activities.statements).

    On PostgreSQL (core.db.postgresql) each statement is prepared once per connection, so the server
    no longer parses and plans it on every sign-up and check-in; elsewhere Django's usual cursor.
    Parameters are then typed by their Python values: a NULL the statement cannot type by its
    context (a bare `SELECT %s` feeding an INSERT) needs a CAST.
    """
    prepared = getattr(connection, "prepared_cursor", None)
    return prepared() if prepared is not None else connection.cursor()


@cache
def _attnames(model: type[models.Model]) -> frozenset[str]:
    return frozenset(field.attname for field in model._meta.concrete_fields)


@cache
def _constant_defaults(model: type[models.Model]) -> dict[str, Any] | None:
    """Every concrete field's default, when none is computed per instance (callable); else None."""
    fields = model._meta.concrete_fields
    if any(field.has_default() and callable(field.default) for field in fields):
        return None
    return {field.attname: field.get_default() for field in fields}


def row_instance(
    model: type[M],
    values: dict[str, Any],
    *,
    related: dict[str, models.Model] | None = None,
    complete: bool = False,
) -> M:
    """A model instance of a row read or just written: `values` by attribute name (`activity_id`),
    as the database gives them, and `related` objects already at hand by field name (so that
    `attendance.volunteer` reads no row).

    Only `values` are loaded, as Model.from_db loads a query's columns (any other field is deferred
    and would query when read), unless `complete`: then every other field holds its default, as a
    new instance would. Built without Model.__init__, which walks all of the model's fields to place
    a few (Activity has forty) and costs more than the hot statements' own round trip; when any
    pre_init or post_init receiver listens for the model, through __init__ as before.
    """
    names = _attnames(model)
    unknown = values.keys() - names
    if unknown:
        raise ValueError(f"{model._meta.label} has no field {', '.join(sorted(unknown))}")
    defaults = _constant_defaults(model) if complete else {}
    if defaults is None or pre_init.has_listeners(model) or post_init.has_listeners(model):
        instance = _instance_by_init(model, values, complete=complete)
    else:
        instance = model.__new__(model)
        instance._state = ModelState()
        instance.__dict__.update(defaults)
        instance.__dict__.update(values)
    instance._state.adding = False
    instance._state.db = connection.alias
    if related:
        instance._state.fields_cache.update(related)
    return instance


def _instance_by_init(model: type[M], values: dict[str, Any], *, complete: bool) -> M:
    if complete:
        return model(**values)
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


def _columns_check(model: type[models.Model], columns: Sequence[str]) -> None:
    names = {field.column for field in model._meta.concrete_fields}
    unknown = [column for column in columns if column not in names]
    if unknown:
        raise ValueError(f"{model._meta.label} has no column {', '.join(unknown)}")


@cache
def _statement(model: type[models.Model], columns: tuple[str, ...], row_count: int, vendor: str) -> str:
    _columns_check(model, columns)
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
    with hot_cursor() as cursor:
        cursor.execute(statement, parameters)
        returned = cursor.fetchall()
    # PostgreSQL and SQLite return the rows of a multi-row INSERT in the order of its VALUES.
    return [row[0] for row in returned]


@cache
def _family_statement(
    parent: type[models.Model],
    parent_columns: tuple[str, ...],
    child: type[models.Model],
    link: str,
    child_columns: tuple[str, ...],
    child_count: int,
) -> str:
    quote = connection.ops.quote_name
    _columns_check(parent, parent_columns)
    values = ", ".join(["%s"] * len(parent_columns))
    return (
        f"WITH parent AS (INSERT INTO {quote(parent._meta.db_table)} "
        f"({', '.join(quote(column) for column in parent_columns)}) VALUES ({values}) "
        f"RETURNING {quote(parent._meta.pk.column)} AS id), "
        f"children AS ({children_insert(child, link, child_columns, child_count, parent='parent')}) "
        "SELECT id FROM parent"
    )


def children_insert(
    child: type[models.Model], link: str, child_columns: Sequence[str], child_count: int, *, parent: str
) -> str:
    """For a data-modifying CTE (PostgreSQL): the INSERT of `child_count` rows of `child` whose column
    `link` is the `id` of the one row of the CTE named `parent`; parameters, each row's `child_columns`."""
    _columns_check(child, (link, *child_columns))
    quote = connection.ops.quote_name
    rows = " UNION ALL ".join(
        [f"SELECT {parent}.id, {', '.join(['%s'] * len(child_columns))} FROM {parent}"] * child_count
    )
    return (
        f"INSERT INTO {quote(child._meta.db_table)} "
        f"({', '.join(quote(column) for column in (link, *child_columns))}) {rows}"
    )


def family_insert(
    parent: type[models.Model],
    parent_columns: Sequence[str],
    parent_row: Sequence[Any],
    child: type[models.Model],
    link: str,
    child_columns: Sequence[str],
    child_rows: Sequence[Sequence[Any]],
) -> int:
    """Insert one row of `parent` and its rows of `child` (whose column `link` gets the parent's new
    id); the parent's id. On PostgreSQL one statement (a data-modifying CTE), one round trip instead
    of two; elsewhere `rows_insert` twice."""
    if connection.vendor != "postgresql" or not child_rows:
        (parent_id,) = rows_insert(parent, parent_columns, [parent_row])
        rows_insert(child, [link, *child_columns], [[parent_id, *row] for row in child_rows])
        return parent_id
    statement = _family_statement(parent, tuple(parent_columns), child, link, tuple(child_columns), len(child_rows))
    parameters = [db_value(value) for value in parent_row] + [db_value(value) for row in child_rows for value in row]
    with hot_cursor() as cursor:
        cursor.execute(statement, parameters)
        return int(cursor.fetchone()[0])


def instance_insert(instance: models.Model) -> models.Model:
    """Insert a new instance as `instance.save()` would, by a statement built once per model.

    Every concrete field is written, each converted by the field itself (`pre_save`, then
    `get_db_prep_save`), except a primary key left for the database to number, which is read back.
    """
    model = type(instance)
    if model.save is not models.Model.save:
        raise TypeError(f"{model._meta.label} has its own save(), which instance_insert would skip")
    meta = model._meta
    pre_save.send(sender=model, instance=instance, raw=False, using=connection.alias, update_fields=None)
    numbered = meta.pk is not None and getattr(instance, meta.pk.attname) is None
    fields = [field for field in meta.concrete_fields if not (numbered and field.primary_key)]
    values = [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields]
    statement = _statement(model, tuple(field.column for field in fields), 1, connection.vendor)
    with hot_cursor() as cursor:
        cursor.execute(statement, values)
        returned = cursor.fetchone()
    if numbered:
        setattr(instance, meta.pk.attname, returned[0])
    instance._state.adding = False
    instance._state.db = connection.alias
    post_save.send(sender=model, instance=instance, created=True, update_fields=None, raw=False, using=connection.alias)
    return instance


def writer_turn() -> contextlib.AbstractContextManager[object]:
    """Around one statement that is atomic on its own, written outside any transaction.

    On SQLite the statement waits its turn in the writer queue (core.db.sqlite3) instead of SQLite's
    sleeping busy handler, and runs in autocommit; on PostgreSQL nothing. Neither needs BEGIN and
    COMMIT for what the statement already guarantees.
    """
    if connection.vendor != "sqlite":
        return contextlib.nullcontext()
    turn = getattr(connection, "writer_queue_turn", None)  # Django's own backend: a transaction
    return turn() if turn is not None else transaction.atomic()
