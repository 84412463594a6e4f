"""Enqueueing on the embedded database queue by a fixed statement, inside the caller's transaction.

`django_tasks_db`'s own `enqueue` writes its task row through the ORM; on the busiest write (every
sign-up queues the delivery of its confirmation) compiling that INSERT cost more than the sign-up's
own statements (ADR 0006). `database_enqueue` writes the very same row (the backend's id, the
normalised arguments, priority, queue, run_after, the model's defaults and its pre_save handler)
with `core.sql.instance_insert`, and sends the same `task_enqueued` signal. The task is validated
by the backend first, as `enqueue` does.
"""

from typing import Any

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
