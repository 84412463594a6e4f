"""Background tasks of imports (django-tasks; the embedded database queue by default)."""

from django_tasks import task


@task()
def import_batch_run_task(batch_id: int) -> str:
    """Run a confirmed import batch; returns its final status (done or failed)."""
    from wenming.imports.services import import_batch_run

    return import_batch_run(batch_id=batch_id).status
