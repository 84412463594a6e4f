"""Hand-written SQL of the two busiest writes: sign-up and check-in (ADR 0006).

Building an ORM query costs ten to thirty times what running it does on these small indexed
statements, and a sign-up needs six of them: the bench measured the ORM's compilation at most of
a sign-up's time. The statements here are fixed strings with parameters; the rules stay in the
services, which decide what to read and write. Rows come back as model instances with only the
read fields loaded (reading any other field would query: the services never do).

Every statement names its columns, so a renamed field fails the tests, never silently.
"""

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import connection, models
from django.utils import timezone

from wenming.activities.models import Activity, ActivityStatus, Attendance, SignUp, SignUpStatus
from wenming.core.sql import children_insert, db_value, hot_cursor, row_instance
from wenming.notifications.models import Notification, NotificationDelivery
from wenming.notifications.services import DELIVERY_COLUMNS, NOTIFICATION_COLUMNS, notification_row
from wenming.volunteers.models import Volunteer

M = TypeVar("M", bound=models.Model)
BIGINT_MAX = 2**63 - 1

VOLUNTEER_FIELDS = ("id", "user_id", "region_id", "status", "birth_on", "guardian_consent_at", "phone")
ACTIVITY_FIELDS = (
    "id",
    "region_id",
    "status",
    "title",
    "place",
    "starts_at",
    "ends_at",
    "signup_closes_at",
    "min_age",
    "max_age",
    "required_training_id",
    "organizer_site_id",
    "organizer_team_id",
    "pairing_id",
)
SIGNUP_FIELDS = (
    "id",
    "created_at",
    "activity_id",
    "volunteer_id",
    "status",
    "queued_at",
    "confirmed_at",
    "cancelled_at",
    "is_late_cancellation",
    "reminded_at",
)
DATETIME_FIELDS = frozenset(
    {"starts_at", "ends_at", "signup_closes_at", "guardian_consent_at", "created_at", "queued_at"}
    | {"confirmed_at", "cancelled_at", "reminded_at", "checked_in_at"}
)

BOOLEAN_FIELDS = frozenset({"is_late_cancellation"})


def _aware(value: Any) -> Any:
    """SQLite gives naive UTC datetimes, PostgreSQL aware ones: the ORM's convention is aware."""
    if isinstance(value, dt.datetime) and timezone.is_naive(value):
        return value.replace(tzinfo=dt.UTC)
    return value


def _value(name: str, value: Any) -> Any:
    if name in DATETIME_FIELDS:
        return _aware(value)
    if name in BOOLEAN_FIELDS:  # SQLite answers 0/1
        return bool(value)
    return value


def _instance(model: type[M], fields: Sequence[str], row: Sequence[Any]) -> M:
    """A model instance with only `fields` loaded."""
    return row_instance(model, {name: _value(name, value) for name, value in zip(fields, row, strict=True)})


def _at(value: dt.datetime | None) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def _for_update() -> str:
    return " FOR UPDATE" if connection.features.has_select_for_update else ""


def volunteer_of_user_locked(user_id: int) -> Volunteer | None:
    """The user's volunteer record, row-locked until the transaction ends (SQLite: the IMMEDIATE
    transaction already holds the database's write lock)."""
    with hot_cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(VOLUNTEER_FIELDS)} FROM volunteers_volunteer WHERE user_id = %s{_for_update()}",
            [user_id],
        )
        row = cursor.fetchone()
    return _instance(Volunteer, VOLUNTEER_FIELDS, row) if row else None


# The activity's sign-up facts and whether it requires any skill, of the activity aliased `a`.
ACTIVITY_COLUMNS = ", ".join(f"a.{name}" for name in ACTIVITY_FIELDS) + (
    ", EXISTS (SELECT 1 FROM activities_activity_required_skills r WHERE r.activity_id = a.id)"
)


def _activity_of(row: Sequence[Any]) -> Activity:
    """The activity from a row starting with ACTIVITY_COLUMNS (`has_required_skills` set)."""
    activity = _instance(Activity, ACTIVITY_FIELDS, row[: len(ACTIVITY_FIELDS)])
    activity.has_required_skills = bool(row[len(ACTIVITY_FIELDS)])  # type: ignore[attr-defined]
    return activity


def _around_select(placeholders: str, *, activity: str, starts: str, ends: str, volunteer: str = "%s") -> str:
    """The volunteer's sign-ups for `activity` or overlapping [`starts`, `ends`) and still active, each
    with its activity's title and start; parameters: the volunteer (unless given as SQL), the active
    statuses, CANCELLED."""
    columns = ", ".join(f"s.{name}" for name in SIGNUP_FIELDS)
    return (
        f"SELECT {columns}, o.title, o.starts_at FROM activities_signup s "
        "JOIN activities_activity o ON o.id = s.activity_id "
        f"WHERE s.volunteer_id = {volunteer} AND (s.activity_id = {activity} OR ("
        f"s.status IN ({placeholders}) AND o.starts_at < {ends} AND o.ends_at > {starts} AND o.status <> %s))"
    )


def activity_for_signup(activity_id: int) -> Activity | None:
    """The activity's sign-up facts, and whether it requires any skill (`has_required_skills`)."""
    if not 0 < activity_id <= BIGINT_MAX:  # the ORM answers "no such row" too; a driver would raise
        return None
    with hot_cursor() as cursor:
        cursor.execute(f"SELECT {ACTIVITY_COLUMNS} FROM activities_activity a WHERE a.id = %s", [activity_id])
        row = cursor.fetchone()
    return _activity_of(row) if row is not None else None


def signups_of_volunteer_around(
    *, volunteer_id: int, activity: Activity, active_statuses: Sequence[str]
) -> tuple[SignUp | None, SignUp | None]:
    """(The volunteer's sign-up for this activity, an active sign-up overlapping it in time), in one read.

    The overlapping sign-up comes with its activity's title and start (for the refusal's message).
    """
    placeholders = ", ".join(["%s"] * len(active_statuses))
    with hot_cursor() as cursor:
        cursor.execute(
            _around_select(placeholders, activity="%s", starts="%s", ends="%s") + " ORDER BY s.id",
            [
                volunteer_id,
                activity.pk,
                *active_statuses,
                _at(activity.ends_at),
                _at(activity.starts_at),
                ActivityStatus.CANCELLED,
            ],
        )
        rows = cursor.fetchall()
    return _signup_around(rows, activity.pk)


def activity_and_signups_around(
    *, activity_id: int, volunteer_id: int, active_statuses: Sequence[str]
) -> tuple[Activity | None, SignUp | None, SignUp | None]:
    """`activity_for_signup`, then `signups_of_volunteer_around` for it: on PostgreSQL in one statement
    (the sign-ups joined to the activity row), one round trip instead of two; elsewhere both in turn."""
    if connection.vendor != "postgresql" or not 0 < activity_id <= BIGINT_MAX:
        activity = activity_for_signup(activity_id)
        if activity is None:
            return None, None, None
        existing, clash = signups_of_volunteer_around(
            volunteer_id=volunteer_id, activity=activity, active_statuses=active_statuses
        )
        return activity, existing, clash
    placeholders = ", ".join(["%s"] * len(active_statuses))
    around = _around_select(placeholders, activity="a.id", starts="a.starts_at", ends="a.ends_at")
    with hot_cursor() as cursor:
        cursor.execute(
            f"SELECT {ACTIVITY_COLUMNS}, around.* FROM activities_activity a "
            f"LEFT JOIN LATERAL ({around}) AS around ON TRUE WHERE a.id = %s ORDER BY around.id",
            [volunteer_id, *active_statuses, ActivityStatus.CANCELLED, activity_id],
        )
        rows = cursor.fetchall()
    if not rows:
        return None, None, None
    return _activity_and_around_of(rows, 0)


def _activity_and_around_of(rows: Sequence[Sequence[Any]], start: int) -> tuple[Activity, SignUp | None, SignUp | None]:
    """(The activity, the sign-up for it, an overlapping one) from rows holding, from column `start`,
    ACTIVITY_COLUMNS and then the lateral `around` (NULL where the volunteer has no sign-up around)."""
    activity = _activity_of(rows[0][start:])
    first = start + len(ACTIVITY_FIELDS) + 1
    existing, clash = _signup_around([row[first:] for row in rows if row[first] is not None], activity.pk)
    return activity, existing, clash


def _signup_around(rows: Sequence[Sequence[Any]], activity_id: int) -> tuple[SignUp | None, SignUp | None]:
    """(The sign-up for the activity, the first overlapping one) from rows of SIGNUP_FIELDS, title, start."""
    existing = clash = None
    for row in rows:
        signup = _instance(SignUp, SIGNUP_FIELDS, row[: len(SIGNUP_FIELDS)])
        if signup.activity_id == activity_id:
            existing = signup
        elif clash is None:
            signup.activity = Activity.from_db(
                connection.alias, ["id", "title", "starts_at"], [signup.activity_id, row[-2], _aware(row[-1])]
            )
            clash = signup
    return existing, clash


def signup_place_and_write(signup: SignUp, *, now: dt.datetime) -> bool:
    """Take a place if the published activity has one free and write the sign-up, confirmed or
    waitlisted accordingly (its status, queued_at and confirmed_at are set here); whether a place was
    taken. On PostgreSQL a new sign-up is one statement (the conditional UPDATE in a data-modifying
    CTE: the same row lock and re-check as alone, ADR 0005); otherwise the two statements in turn."""
    signup.queued_at = now
    if signup.pk is not None or connection.vendor != "postgresql":
        took_place = activity_place_take(signup.activity_id)
        signup.status = SignUpStatus.CONFIRMED if took_place else SignUpStatus.WAITLISTED
        signup.confirmed_at = now if took_place else None
        signup_write(signup, now=now)
        return took_place
    signup.created_at = signup.updated_at = now
    with hot_cursor() as cursor:
        cursor.execute(
            f"WITH version AS ({VERSION_RAISE}), "
            "took AS (UPDATE activities_activity SET confirmed_count = confirmed_count + 1 "
            "WHERE id = %s AND status = %s AND confirmed_count < capacity RETURNING id) "
            "INSERT INTO activities_signup (created_at, updated_at, activity_id, volunteer_id, status, "
            "queued_at, confirmed_at, cancelled_at, is_late_cancellation, reminded_at, note) "
            "SELECT %s, %s, %s, %s, CASE WHEN took.id IS NULL THEN %s ELSE %s END, %s, "
            "CASE WHEN took.id IS NULL THEN NULL ELSE %s END, NULL, %s, NULL, '' "
            "FROM (SELECT 1) AS one LEFT JOIN took ON TRUE RETURNING id, status",
            [
                signup.volunteer_id,
                signup.activity_id,
                ActivityStatus.PUBLISHED,
                _at(now),
                _at(now),
                signup.activity_id,
                signup.volunteer_id,
                SignUpStatus.WAITLISTED,
                SignUpStatus.CONFIRMED,
                _at(now),
                _at(now),
                False,
            ],
        )
        signup.pk, signup.status = cursor.fetchone()
    signup._state.adding = False
    took_place = signup.status == SignUpStatus.CONFIRMED
    signup.confirmed_at = now if took_place else None
    return took_place


def activity_place_take(activity_id: int) -> bool:
    """Take one place if the published activity has one free: one conditional UPDATE (ADR 0005)."""
    with hot_cursor() as cursor:
        cursor.execute(
            "UPDATE activities_activity SET confirmed_count = confirmed_count + 1 "
            "WHERE id = %s AND status = %s AND confirmed_count < capacity",
            [activity_id, ActivityStatus.PUBLISHED],
        )
        return cursor.rowcount == 1


# Every sign-up written raises its volunteer's signup_version (a new version of the row: see
# signup_write_if_unchanged); parameter: the volunteer.
VERSION_RAISE = "UPDATE volunteers_volunteer SET signup_version = signup_version + 1 WHERE id = %s"


def signup_write(signup: SignUp, *, now: dt.datetime) -> SignUp:
    """Insert a new sign-up, or write a renewed one's state fields; `now` stamps updated_at."""
    with hot_cursor() as cursor:
        cursor.execute(VERSION_RAISE, [signup.volunteer_id])
        if signup.pk is None:
            signup.created_at = signup.updated_at = now
            cursor.execute(
                "INSERT INTO activities_signup (created_at, updated_at, activity_id, volunteer_id, status, "
                "queued_at, confirmed_at, cancelled_at, is_late_cancellation, reminded_at, note) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, NULL, %s, NULL, '') RETURNING id",
                [
                    _at(now),
                    _at(now),
                    signup.activity_id,
                    signup.volunteer_id,
                    signup.status,
                    _at(signup.queued_at),
                    _at(signup.confirmed_at),
                    False,
                ],
            )
            signup.pk = cursor.fetchone()[0]
            signup._state.adding = False
        else:
            signup.updated_at = now
            cursor.execute(
                "UPDATE activities_signup SET updated_at = %s, status = %s, queued_at = %s, confirmed_at = %s, "
                "cancelled_at = NULL, is_late_cancellation = %s, reminded_at = NULL WHERE id = %s",
                [_at(now), signup.status, _at(signup.queued_at), _at(signup.confirmed_at), False, signup.pk],
            )
    return signup


SignupFacts = tuple[Volunteer, str, Activity, SignUp | None, SignUp | None]


def signup_facts(*, user_id: int, activity_id: int, active_statuses: Sequence[str]) -> SignupFacts | None:
    """PostgreSQL, without any lock: (the user's volunteer record, the version of its row, the activity
    with whether it requires any skill, the volunteer's sign-up for it, an active sign-up overlapping
    it) in one statement; None when the user has no volunteer record or there is no such activity.

    The version is the row's xmin, the transaction that wrote it last: `signup_write_if_unchanged`
    writes only while the row is that version.
    """
    if not 0 < activity_id <= BIGINT_MAX:
        return None
    placeholders = ", ".join(["%s"] * len(active_statuses))
    around = _around_select(placeholders, volunteer="v.id", activity="a.id", starts="a.starts_at", ends="a.ends_at")
    volunteer_columns = ", ".join(f"v.{name}" for name in VOLUNTEER_FIELDS)
    with hot_cursor() as cursor:
        cursor.execute(
            f"SELECT v.xmin::text, {volunteer_columns}, {ACTIVITY_COLUMNS}, around.* FROM volunteers_volunteer v "
            f"JOIN activities_activity a ON a.id = %s LEFT JOIN LATERAL ({around}) AS around ON TRUE "
            "WHERE v.user_id = %s ORDER BY around.id",
            [activity_id, *active_statuses, ActivityStatus.CANCELLED, user_id],
        )
        rows = cursor.fetchall()
    if not rows:
        return None
    version, *volunteer_values = rows[0][: 1 + len(VOLUNTEER_FIELDS)]
    activity, existing, clash = _activity_and_around_of(rows, 1 + len(VOLUNTEER_FIELDS))
    return _instance(Volunteer, VOLUNTEER_FIELDS, volunteer_values), version, activity, existing, clash


# The columns of the sign-up's message that depend on whether it took a place; the others are the same.
MESSAGE_OUTCOME_COLUMNS = frozenset({"kind", "title", "body"})


@cache
def _signup_write_if_unchanged_statement(delivery_count: int) -> str:
    quote = connection.ops.quote_name
    message_values = ", ".join(
        "CASE WHEN s.status = %s THEN %s ELSE %s END" if column in MESSAGE_OUTCOME_COLUMNS else "%s"
        for column in NOTIFICATION_COLUMNS
    )
    link, *delivery_columns = DELIVERY_COLUMNS
    return (
        # The volunteer's row, only while it is the version read (an UPDATE that waited for another
        # writer of the row re-reads it: a version written meanwhile leaves `v` empty, and the rest
        # with it). Then the place, as in signup_place_and_write (ADR 0005), the sign-up, the message
        # for the outcome and its deliveries.
        f"WITH v AS ({VERSION_RAISE} AND xmin = %s::xid RETURNING id), "
        "took AS (UPDATE activities_activity SET confirmed_count = confirmed_count + 1 "
        "WHERE id = %s AND status = %s AND confirmed_count < capacity AND EXISTS (SELECT 1 FROM v) RETURNING id), "
        "s AS (INSERT INTO activities_signup (created_at, updated_at, activity_id, volunteer_id, status, "
        "queued_at, confirmed_at, cancelled_at, is_late_cancellation, reminded_at, note) "
        "SELECT %s, %s, %s, v.id, CASE WHEN took.id IS NULL THEN %s ELSE %s END, %s, "
        "CASE WHEN took.id IS NULL THEN NULL ELSE %s END, NULL, FALSE, NULL, '' "
        "FROM v LEFT JOIN took ON TRUE RETURNING id, status), "
        f"n AS (INSERT INTO {quote(Notification._meta.db_table)} "
        f"({', '.join(quote(column) for column in NOTIFICATION_COLUMNS)}) SELECT {message_values} FROM s "
        f"RETURNING {quote(Notification._meta.pk.column)} AS id)"
        + (
            f", d AS ({children_insert(NotificationDelivery, link, delivery_columns, delivery_count, parent='n')})"
            if delivery_count
            else ""
        )
        # How many wait ahead of a waitlisted sign-up, as its answer shows (selectors.waitlist_position).
        + " SELECT s.id, s.status, CASE WHEN s.status = %s THEN (SELECT count(*) FROM activities_signup w "
        "WHERE w.activity_id = %s AND w.status = %s AND w.queued_at < %s) END FROM s"
    )


def signup_write_if_unchanged(
    signup: SignUp,
    *,
    volunteer_version: str,
    now: dt.datetime,
    messages: dict[str, Notification],
    deliveries: Sequence[Sequence[Any]],
) -> bool:
    """PostgreSQL: a new sign-up as signup_place_and_write writes it, with its message, in one statement
    that is atomic on its own, and only while the volunteer's row is still `volunteer_version`
    (`signup_facts`); else nothing. Whether it was written.

    `messages` holds the message for each status the sign-up may get (CONFIRMED, WAITLISTED), the same
    but for MESSAGE_OUTCOME_COLUMNS; `deliveries`, the values of its deliveries after the message's id.
    The sign-up's status, times and id are set here, and `waitlisted_ahead` when it is waitlisted.
    """
    confirmed, waitlisted = messages[SignUpStatus.CONFIRMED], messages[SignUpStatus.WAITLISTED]
    confirmed_row, waitlisted_row = notification_row(confirmed), notification_row(waitlisted)
    message_parameters: list[Any] = []
    for column, if_confirmed, if_waitlisted in zip(NOTIFICATION_COLUMNS, confirmed_row, waitlisted_row, strict=True):
        if column in MESSAGE_OUTCOME_COLUMNS:
            message_parameters += [SignUpStatus.CONFIRMED, if_confirmed, if_waitlisted]
        elif if_confirmed != if_waitlisted:
            raise ValueError(f"the sign-up's messages differ in {column}")
        else:
            message_parameters.append(db_value(if_confirmed))
    with hot_cursor() as cursor:
        cursor.execute(
            _signup_write_if_unchanged_statement(len(deliveries)),
            [
                signup.volunteer_id,
                volunteer_version,
                signup.activity_id,
                ActivityStatus.PUBLISHED,
                _at(now),
                _at(now),
                signup.activity_id,
                SignUpStatus.WAITLISTED,
                SignUpStatus.CONFIRMED,
                _at(now),
                _at(now),
                *message_parameters,
                *(db_value(value) for delivery in deliveries for value in delivery),
                SignUpStatus.WAITLISTED,
                signup.activity_id,
                SignUpStatus.WAITLISTED,
                _at(now),
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return False
    signup.pk, signup.status, ahead = row
    signup._state.adding = False
    signup.created_at = signup.updated_at = signup.queued_at = now
    signup.confirmed_at = now if signup.status == SignUpStatus.CONFIRMED else None
    signup.cancelled_at = signup.reminded_at = None
    signup.is_late_cancellation = False
    if ahead is not None:
        signup.waitlisted_ahead = ahead  # type: ignore[attr-defined]  # read by selectors.waitlist_position
    return True


CHECKIN_ACTIVITY_FIELDS = ("id", "status", "starts_at", "ends_at", "geofence_radius_m", "latitude", "longitude")
CheckinFacts = tuple[Volunteer, SignUp, Activity, int | None, bool]


# The facts of a check-in; its columns are named, since checkin_facts_arriving reads them from a CTE.
CHECKIN_FACTS_SELECT = (
    "SELECT v.id AS volunteer_id, v.name AS volunteer_name, s.id AS signup_id, "
    + ", ".join(f"a.{name} AS {name}" for name in CHECKIN_ACTIVITY_FIELDS)
    + ", t.id AS attendance_id, t.checked_in_at AS checked_in_at, s.status AS signup_status "
    "FROM activities_signup s "
    "JOIN volunteers_volunteer v ON v.id = s.volunteer_id "
    "JOIN activities_activity a ON a.id = s.activity_id "
    "LEFT JOIN activities_attendance t ON t.activity_id = s.activity_id AND t.volunteer_id = s.volunteer_id "
    # The sign-up by both columns of its unique index, whatever the planner guesses of the tables: a
    # join order starting from the activity's sign-ups reads all of them, and so does an index on the
    # activity and the status (the status is therefore a column, checked by `_confirmed`).
    "WHERE s.activity_id = %s AND s.volunteer_id = (SELECT id FROM volunteers_volunteer WHERE user_id = %s)"
)
# Where CHECKIN_FACTS_SELECT's columns are: the activity's fields, then the attendance's two, then the status.
CHECKIN_ACTIVITY_AT = 3
CHECKIN_ATTENDANCE_AT = CHECKIN_ACTIVITY_AT + len(CHECKIN_ACTIVITY_FIELDS)
CHECKIN_SIGNUP_STATUS = CHECKIN_ATTENDANCE_AT + 2


def _confirmed(row: Sequence[Any] | None) -> bool:
    return row is not None and row[CHECKIN_SIGNUP_STATUS] == SignUpStatus.CONFIRMED


def _checkin_facts_of(row: Sequence[Any], user_id: int) -> CheckinFacts:
    volunteer = _instance(Volunteer, ("id", "user_id", "name"), (row[0], user_id, row[1]))
    activity = _instance(Activity, CHECKIN_ACTIVITY_FIELDS, row[CHECKIN_ACTIVITY_AT:CHECKIN_ATTENDANCE_AT])
    signup = _instance(SignUp, ("id", "activity_id", "volunteer_id"), (row[2], activity.pk, volunteer.pk))
    attendance_id, checked_in_at = row[CHECKIN_ATTENDANCE_AT], row[CHECKIN_ATTENDANCE_AT + 1]
    return volunteer, signup, activity, attendance_id, checked_in_at is not None


def checkin_facts(*, user_id: int, activity_id: int) -> CheckinFacts | None:
    """For the user's confirmed sign-up to the activity: (volunteer, sign-up, activity, the id of an
    attendance already recorded or None, whether that attendance has an arrival); None without one."""
    if not 0 < activity_id <= BIGINT_MAX:
        return None
    with hot_cursor() as cursor:
        cursor.execute(CHECKIN_FACTS_SELECT, [activity_id, user_id])
        row = cursor.fetchone()
    return _checkin_facts_of(row, user_id) if _confirmed(row) else None


def checkin_facts_arriving(
    *,
    user_id: int,
    activity_id: int,
    arrival: dict[str, Any],
    now: dt.datetime,
    window: tuple[Sequence[str], dt.datetime, dt.datetime],
) -> tuple[CheckinFacts | None, Attendance | None]:
    """`checkin_facts`, and on PostgreSQL the usual arrival written by the same statement: (the facts,
    None), or (None, the new attendance) when it was written, with its volunteer (id and name) at
    hand. `arrival` holds its checked_in_at, method, idempotency_key and recorded_by; the rest comes
    from the facts.

    `window` is (the statuses that take arrivals, the latest start and the earliest end that admit
    one now): the arrival is written only where the service's own checks would admit it (no geofence,
    nothing recorded yet, the sign-up confirmed: `attendance_insert_if_confirmed`'s conditions), so a
    check-in is one round trip instead of two. Elsewhere (SQLite: no round trips to save, and its
    writes wait their turn) only the facts, and the service writes as before.
    """
    if connection.vendor != "postgresql" or not 0 < activity_id <= BIGINT_MAX:
        return checkin_facts(user_id=user_id, activity_id=activity_id), None
    statuses, latest_start, earliest_end = window
    placeholders = ", ".join(["%s"] * len(statuses))
    with hot_cursor() as cursor:
        cursor.execute(
            f"WITH f AS ({CHECKIN_FACTS_SELECT}), "
            f"arrival AS ({ATTENDANCE_INSERT}SELECT {_arrival_values('f.id, f.volunteer_id, f.signup_id')} FROM f "
            "WHERE f.signup_status = %s AND f.attendance_id IS NULL AND f.geofence_radius_m IS NULL "
            f"AND f.status IN ({placeholders}) AND f.starts_at <= %s AND f.ends_at >= %s "
            "ON CONFLICT DO NOTHING RETURNING id) "
            "SELECT f.*, (SELECT id FROM arrival) FROM f",
            [
                activity_id,
                user_id,
                *_arrival_parameters(
                    now=now,
                    checked_in_at=arrival["checked_in_at"],
                    method=arrival["method"],
                    recorded_by_id=arrival["recorded_by"].pk,
                    key=arrival["idempotency_key"],
                ),
                SignUpStatus.CONFIRMED,
                *statuses,
                _at(latest_start),
                _at(earliest_end),
            ],
        )
        row = cursor.fetchone()
    if not _confirmed(row):
        return None, None
    if row[-1] is None:
        return _checkin_facts_of(row[:-1], user_id), None
    # Written: the answer needs the attendance and its volunteer's name, not the facts.
    volunteer = _instance(Volunteer, ("id", "user_id", "name"), (row[0], user_id, row[1]))
    recorded_by = arrival["recorded_by"]
    attendance = row_instance(
        Attendance,
        {
            "id": row[-1],
            "created_at": now,
            "updated_at": now,
            "activity_id": activity_id,
            "volunteer_id": volunteer.pk,
            "signup_id": row[2],
            "checked_in_at": arrival["checked_in_at"],
            "method": arrival["method"],
            "idempotency_key": arrival["idempotency_key"],
            "recorded_by_id": recorded_by.pk,
        },
        related={"volunteer": volunteer, "recorded_by": recorded_by},
        complete=True,
    )
    return None, attendance


ATTENDANCE_INSERT = (
    "INSERT INTO activities_attendance (created_at, updated_at, activity_id, volunteer_id, signup_id, "
    "checked_in_at, checked_out_at, method, checked_out_method, is_no_show, needs_review, "
    "is_closed_automatically, checkout_idempotency_key, recorded_by_id, idempotency_key) "
)


def _arrival_values(ids: str = "%s, %s, %s") -> str:
    """ATTENDANCE_INSERT's values for a new arrival (`_arrival_parameters`); `ids` is the SQL of its
    activity, volunteer and sign-up ids (parameters by default)."""
    return f"%s, %s, {ids}, %s, NULL, %s, '', FALSE, FALSE, FALSE, NULL, %s, %s"


def _arrival_parameters(
    *,
    now: dt.datetime,
    checked_in_at: dt.datetime | None,
    method: str,
    recorded_by_id: int | None,
    key: str | None,
    ids: Sequence[int | None] = (),
) -> list[Any]:
    """The parameters of `_arrival_values`, with the ids when they are parameters."""
    return [_at(now), _at(now), *ids, _at(checked_in_at), method, recorded_by_id, key]


def _attendance_parameters(attendance: Attendance, now: dt.datetime) -> list[Any]:
    attendance.created_at = attendance.updated_at = now
    return _arrival_parameters(
        now=now,
        checked_in_at=attendance.checked_in_at,
        method=attendance.method,
        recorded_by_id=attendance.recorded_by_id,
        key=attendance.idempotency_key,
        ids=(attendance.activity_id, attendance.volunteer_id, attendance.signup_id),
    )


def attendance_insert(attendance: Attendance, *, now: dt.datetime) -> Attendance:
    """Write a new arrival (the unique constraints answer a duplicate with IntegrityError)."""
    with hot_cursor() as cursor:
        cursor.execute(
            f"{ATTENDANCE_INSERT}VALUES ({_arrival_values()}) RETURNING id", _attendance_parameters(attendance, now)
        )
        attendance.pk = cursor.fetchone()[0]
    attendance._state.adding = False
    return attendance


def attendance_insert_if_confirmed(attendance: Attendance, *, now: dt.datetime) -> bool:
    """Write a new arrival in one statement that is atomic on its own: only while its sign-up is still
    confirmed, and nothing when any arrival of the volunteer for the activity, or its idempotency key,
    is already recorded (the unique constraints). Whether it was written."""
    with hot_cursor() as cursor:
        cursor.execute(
            f"{ATTENDANCE_INSERT}SELECT {_arrival_values()} WHERE EXISTS (SELECT 1 FROM activities_signup "
            "WHERE id = %s AND status = %s) ON CONFLICT DO NOTHING RETURNING id",
            [*_attendance_parameters(attendance, now), attendance.signup_id, SignUpStatus.CONFIRMED],
        )
        row = cursor.fetchone()
    if row is None:
        return False
    attendance.pk = row[0]
    attendance._state.adding = False
    return True
