"""Django's SQLite backend, with writers handed the database in turn by a file lock.

With IMMEDIATE transactions a second writer waits for the first; SQLite makes it wait by sleeping
(1, 2, 5, 10, 15… ms between tries), so under load the waiting process sleeps through most of the
time the lock is free again, and two web workers do the work of one. Here each transaction first
takes an exclusive `flock` on a file beside the database: the kernel wakes the next writer the moment
the lock is released, and SQLite's own lock is then always free. Processes and threads alike queue
(each connection opens its own lock file descriptor); the lock goes with the transaction's end or
the process's death. A write outside a transaction (autocommit) relies on SQLite's busy timeout,
unless it takes its turn with `writer_queue_turn()`.
"""

import contextlib
import fcntl
import os
from collections.abc import Iterator
from typing import Any

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writer_lock_fd: int | None = None
        self._writer_lock_held = False

    def _writer_lock_path(self) -> str | None:
        name = str(self.settings_dict.get("NAME") or "")
        if not name or name == ":memory:" or name.startswith("file:") or self.is_in_memory_db():
            return None
        return f"{name}-writer.lock"

    def _writer_lock_acquire(self) -> None:
        if self._writer_lock_held:
            return
        if self._writer_lock_fd is None:
            path = self._writer_lock_path()
            if path is None:
                return
            self._writer_lock_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._writer_lock_fd, fcntl.LOCK_EX)
        self._writer_lock_held = True

    def _writer_lock_release(self) -> None:
        if self._writer_lock_held and self._writer_lock_fd is not None:
            fcntl.flock(self._writer_lock_fd, fcntl.LOCK_UN)
        self._writer_lock_held = False

    @contextlib.contextmanager
    def writer_queue_turn(self) -> Iterator[None]:
        """The writer queue's turn for statements that are atomic on their own, in autocommit: no
        BEGIN and COMMIT around them. Inside a transaction, which already holds the turn, nothing."""
        if self.in_atomic_block or self._writer_lock_held:
            yield
            return
        self._writer_lock_acquire()
        try:
            yield
        finally:
            self._writer_lock_release()

    def _start_transaction_under_autocommit(self) -> None:
        self._writer_lock_acquire()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private in django-stubs
        except BaseException:
            self._writer_lock_release()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]  # private in django-stubs
        finally:
            self._writer_lock_release()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]  # private in django-stubs
        finally:
            self._writer_lock_release()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]  # private in django-stubs
        finally:
            self._writer_lock_release()
            if self._writer_lock_fd is not None:
                os.close(self._writer_lock_fd)
                self._writer_lock_fd = None
