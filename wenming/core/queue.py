"""Background tasks queued with the caller's transaction; on the database queue by a fixed statement.

`enqueue_with_transaction` is how a service queues work that must run only if its own writes
commit: the database queue's row is written in that very transaction (an outbox: it commits with
the caller's rows or not at all, and the worker cannot see it before); any other queue (Redis) is
handed the task after the commit, so a worker never looks for rows that are not there yet, and if
it refuses, the committed work stands and the failure is logged.

`django_tasks_db`'s own `enqueue` writes its task row through the ORM; on the busiest write (every
sign-up queues the delivery of its confirmation) compiling that INSERT cost more than the sign-up's
own statements (ADR 0006). `database_enqueue` writes the very same row (the backend's id, the
normalised arguments, priority, queue, run_after, the model's defaults and its pre_save handler)
with `core.sql.instance_insert`, and sends the same `task_enqueued` signal. The task is validated
by the backend first, as `enqueue` does.
"""

from functools import partial
from typing import Any

from django.db import transaction
from django_tasks_db import DatabaseBackend
from django_tasks_db.compat import Task, normalize_json, task_enqueued
from django_tasks_db.models import DBTaskResult

from wenming.core.sql import instance_insert


def database_enqueue(task: Task[Any, Any], *args: Any) -> Any:
    """What `task.enqueue(*args)` does on the database backend; the task's TaskResult."""
    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        raise TypeError(f"{task.module_path} is not queued in the database but with {type(backend).__name__}")
    backend.validate_task(task)
    row: DBTaskResult[..., Any] = DBTaskResult(
        id=backend._get_id(),
        args_kwargs=normalize_json({"args": args, "kwargs": {}}),
        priority=task.priority,
        task_path=task.module_path,
        queue_name=task.queue_name,
        run_after=task.run_after,
        backend_name=backend.alias,
    )
    instance_insert(row)
    result = row.task_result
    task_enqueued.send(type(backend), task_result=result)
    return result


def enqueue_with_transaction(task: Task[Any, Any], *args: Any) -> None:
    """Queue `task(*args)` to run once the caller's transaction commits (see the module's text)."""
    if isinstance(task.get_backend(), DatabaseBackend):
        database_enqueue(task, *args)
    else:
        transaction.on_commit(partial(task.enqueue, *args), robust=True)
