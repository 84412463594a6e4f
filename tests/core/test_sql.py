"""Hand-written inserts (core.sql) and the database queue's enqueue by a fixed statement (core.queue)."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from wenming.accounts.models import User
from wenming.activities.models import Attendance
from wenming.core.queue import database_enqueue, enqueue_with_transaction
from wenming.core.sql import family_insert, instance_insert, row_instance
from wenming.notifications.models import Notification, NotificationDelivery
from wenming.notifications.tasks import notification_deliver
from wenming.volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
COMPARED = ("status", "args_kwargs", "priority", "task_path", "worker_ids", "queue_name", "backend_name")
COMPARED += ("run_after", "started_at", "finished_at", "return_value", "exception_class_path", "traceback")


def test_instance_insert_numbers_a_new_row_and_reads_it_back():
    # when
    kind = instance_insert(ContentType(app_label="bench", model="probe"))
    # then
    assert kind.pk is not None and not kind._state.adding
    assert ContentType.objects.get(pk=kind.pk).model == "probe"


def test_instance_insert_refuses_a_model_with_its_own_save():
    # then: its save() would be skipped silently
    with pytest.raises(TypeError, match="own save"):
        instance_insert(User(username="x"))


def test_database_enqueue_writes_the_row_the_backends_own_enqueue_writes(settings):
    # given
    settings.TASKS = DATABASE_QUEUE
    # when
    ours = database_enqueue(notification_deliver, [1, 2])
    theirs = notification_deliver.enqueue([1, 2])
    # then: the same row but for its id and time
    mine, reference = DBTaskResult.objects.get(id=ours.id), DBTaskResult.objects.get(id=theirs.id)
    assert {name: getattr(mine, name) for name in COMPARED} == {name: getattr(reference, name) for name in COMPARED}
    assert mine.run_after == get_date_max()  # the model's pre_save handler ran
    assert abs(mine.enqueued_at - reference.enqueued_at) < dt.timedelta(seconds=5)
    assert ours.args == [[1, 2]]


def test_database_enqueue_keeps_a_later_start_and_the_worker_finds_what_is_due(settings):
    # given
    settings.TASKS = DATABASE_QUEUE
    later = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    # when
    waiting = database_enqueue(notification_deliver.using(run_after=later), [])
    due = database_enqueue(notification_deliver, [])
    # then: the worker's own query picks the due task only, and its row names a runnable task
    assert DBTaskResult.objects.get(id=waiting.id).run_after == later
    assert [str(row.id) for row in DBTaskResult.objects.ready()] == [str(due.id)]
    assert DBTaskResult.objects.get(id=due.id).task.module_path == notification_deliver.module_path


def test_database_enqueue_refuses_another_backend():
    # then: the test settings queue runs tasks where they are enqueued
    with pytest.raises(TypeError, match="not queued in the database"):
        database_enqueue(notification_deliver, [])


def test_enqueue_with_transaction_on_the_database_queue_commits_or_rolls_back_with_the_caller(settings):
    # given
    settings.TASKS = DATABASE_QUEUE
    # when: one caller commits, the other rolls back
    with transaction.atomic():
        enqueue_with_transaction(notification_deliver, [1])
        assert DBTaskResult.objects.count() == 1  # written in the caller's transaction
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_with_transaction(notification_deliver, [2])
        raise RuntimeError
    # then
    assert [row.args_kwargs["args"] for row in DBTaskResult.objects.all()] == [[[1]]]


def test_enqueue_with_transaction_on_another_queue_waits_for_the_commit(django_capture_on_commit_callbacks):
    # given: the test settings' queue, which runs a task where it is enqueued
    with django_capture_on_commit_callbacks() as callbacks:
        enqueue_with_transaction(notification_deliver, [])
    # then: handed over by one callback at the commit, not before
    assert len(callbacks) == 1


@pytest.mark.parametrize("children", [0, 1, 3])
def test_family_insert_writes_a_row_and_the_rows_that_point_to_it(children):
    # given: a notification row and its deliveries (the child's link column gets the new id)
    now = timezone.now()
    user = User.objects.create(username="recipient")
    rows = [(f"channel.{index}", f"addr-{index}", "pending", 0, "", now) for index in range(children)]
    # when
    with CaptureQueriesContext(connection) as captured:
        parent_id = family_insert(
            Notification,
            ("recipient_user_id", "kind", "title", "body", "url", "related_label", "created_at"),
            (user.pk, "signup_confirmed", "标题", "正文", "", "", now),
            NotificationDelivery,
            "notification_id",
            ("channel", "address", "status", "attempts", "last_error", "created_at"),
            rows,
        )
    # then: one statement on PostgreSQL (a second only where there are children elsewhere)
    assert Notification.objects.get(pk=parent_id).title == "标题"
    stored = NotificationDelivery.objects.filter(notification_id=parent_id).order_by("id")
    assert [(row.channel, row.address, row.created_at) for row in stored] == [(r[0], r[1], now) for r in rows]
    expected = 1 if connection.vendor == "postgresql" or not children else 2
    assert len(captured.captured_queries) == expected


def test_family_insert_refuses_an_unknown_column():
    with pytest.raises(ValueError, match="no column"):
        family_insert(Notification, ("kind", "nope"), ("x", 1), NotificationDelivery, "notification_id", (), [()])


# -- row_instance: rows of the hot statements as model instances ---------------------------------


def test_row_instance_loads_only_the_values_given_and_defers_the_rest():
    # when
    user = row_instance(User, {"id": 7, "username": "张三"})
    # then: as Model.from_db with two columns
    assert (user.pk, user.username, user._state.adding) == (7, "张三", False)
    assert "email" in user.get_deferred_fields() and "username" not in user.get_deferred_fields()


def test_row_instance_complete_gives_every_other_field_its_default(monkeypatch):
    # when: built without Model.__init__ (nobody listens for it)
    with monkeypatch.context() as patch:
        patch.setattr(Attendance, "__init__", None)  # any call would fail
        attendance = row_instance(Attendance, {"id": 3, "activity_id": 1, "volunteer_id": 2}, complete=True)
    # then: as Attendance(...) would
    fresh = Attendance(activity_id=1, volunteer_id=2)
    for field in Attendance._meta.concrete_fields:
        if field.attname != "id":
            assert getattr(attendance, field.attname) == getattr(fresh, field.attname), field.attname
    assert attendance.get_deferred_fields() == set()


def test_row_instance_keeps_the_related_objects_given(django_assert_num_queries):
    # given
    user = row_instance(User, {"id": 7, "username": "张三"})
    # when
    volunteer = row_instance(Volunteer, {"id": 5, "user_id": 7, "name": "张三"}, related={"user": user})
    # then: reading the relation is no query
    with django_assert_num_queries(0):
        assert volunteer.user is user


def test_row_instance_refuses_a_name_that_is_no_field():
    # then: a renamed column fails loudly, never silently
    with pytest.raises(ValueError, match="no field nickname"):
        row_instance(User, {"id": 7, "nickname": "x"})


def test_row_instance_goes_through_init_when_someone_listens_for_it():
    # given
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(receiver, sender=Volunteer)
    try:
        # when
        loaded = row_instance(Volunteer, {"id": 5, "name": "李四"})
        complete = row_instance(Volunteer, {"id": 6, "name": "王五", "user_id": 1}, complete=True)
    finally:
        post_init.disconnect(receiver, sender=Volunteer)
    # then: the receiver saw both, as with Model.from_db and Volunteer(...)
    assert seen == [loaded, complete]
    assert (loaded.name, loaded._state.adding, complete.name, complete._state.adding) == ("李四", False, "王五", False)
