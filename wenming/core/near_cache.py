"""Copies of a few Redis keys in this process, dropped the moment Redis reports a change (ADR 0006).

Every logged-in request reads its session and its user from Redis: under load that round trip was
about a fifth of a sync worker's time on a check-in (the worker waits, and on a small machine the
wait is a trip through the scheduler). Most requests of a session read what the last one read, so
this process keeps what it read, and Redis tells it the moment any of it changes: Redis's
server-assisted client-side caching (`CLIENT TRACKING … BCAST PREFIX …`, RESP3). One connection per
process subscribes to every change under the given prefixes: a write, a deletion, an expiry, an
eviction, a flush. Redis queues the notice before it answers the writer, so a logout or a withdrawn
role is in this process's socket before the user who caused it can send another request; every
read first takes in what has arrived (a poll of that socket, no round trip).

Safe by default: without a working tracking connection (not yet made, broken, Redis restarted)
nothing is answered from copies and everything goes to Redis as before; a copy read by a request
during which a notice arrived is not kept; and no copy is used longer than `max_age` seconds, so
an expiry that Redis has not yet noticed (it expires lazily) is bounded too.
"""

import contextlib
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

UNDECODED = object()  # a copy nobody has asked to decode yet


class Copy:
    """One key's value as read from Redis (None: Redis had no such key), when it was read, and what
    it decodes to once someone asked (`NearCache.decoded`): dropped with the copy."""

    __slots__ = ("at", "decoded", "value")

    def __init__(self, at: float, value: bytes | None) -> None:
        self.at = at
        self.value = value
        self.decoded: Any = UNDECODED


RETRY_SECONDS = 1.0  # after a failed or broken tracking connection, before the next attempt
DRAIN_SECONDS = 1.0  # an idle process still takes in its notices this often (Redis buffers them)


class NearCache:
    def __init__(self, pool: Any, prefixes: Sequence[str], *, max_entries: int, max_age: float) -> None:
        self.pool = pool
        self.prefixes = tuple(prefixes)
        self.max_entries = max_entries
        self.max_age = max_age
        self.copies: OrderedDict[str, Copy] = OrderedDict()
        self.notices = 0  # changes taken in so far: a read that saw one arrive keeps nothing
        self.connection: Any = None
        self.client_id = 0
        self.pid = 0
        self.failed_at = float("-inf")
        self.lock = threading.RLock()

    # -- the tracking connection ------------------------------------------------------------------

    def _connect(self) -> None:
        kwargs = {**self.pool.connection_kwargs, "protocol": 3}  # notices come as RESP3 pushes
        connection = self.pool.connection_class(**kwargs)
        try:
            connection.connect()
            connection._parser.set_invalidation_push_handler(self._on_notice)
            prefixes = [part for prefix in self.prefixes for part in ("PREFIX", prefix)]
            connection.send_command("CLIENT", "TRACKING", "on", "BCAST", *prefixes)
            if connection.read_response() not in (b"OK", "OK"):
                raise ConnectionError("CLIENT TRACKING refused")
            connection.send_command("CLIENT", "ID")
            self.client_id = int(connection.read_response())  # as CLIENT LIST shows it
        except Exception:
            connection.disconnect()
            raise
        self.connection = connection
        if self.pid != os.getpid():  # one drainer per process (a forked child starts its own)
            self.pid = os.getpid()
            threading.Thread(target=self._drain, name="near-cache-notices", daemon=True).start()

    def _drain(self) -> None:
        """Take in the notices of a process that is not serving: Redis would otherwise keep them
        waiting in its own memory, however many other processes' writes there were."""
        pid = os.getpid()
        while self.pid == pid:
            time.sleep(DRAIN_SECONDS)
            with self.lock:
                if self.connection is not None:
                    self._tracking()

    def _drop_connection(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(Exception):  # already broken: nothing more to release
                self.connection.disconnect()
        self.connection = None
        self.copies.clear()
        self.failed_at = time.monotonic()

    def _tracking(self) -> bool:
        """Whether copies may be used: the connection is up (made now if due) and every notice that
        has arrived is taken in."""
        if self.connection is not None and self.pid != os.getpid():  # a forked child: its own
            self.connection = None
            self.copies.clear()
            self.failed_at = float("-inf")
        if self.connection is None:
            if time.monotonic() - self.failed_at < RETRY_SECONDS:
                return False
            try:
                self._connect()
            except Exception:
                self._drop_connection()
                return False
        try:
            while self.connection.can_read(0):
                self.connection.read_response(push_request=True)
        except Exception:
            self._drop_connection()
            return False
        return True

    def _on_notice(self, message: Sequence[Any]) -> None:
        self.notices += 1
        keys = message[1] if len(message) > 1 else None
        if keys is None:  # FLUSHDB, FLUSHALL
            self.copies.clear()
            return
        for key in keys:
            self.copies.pop(key.decode() if isinstance(key, bytes) else key, None)

    # -- reading ------------------------------------------------------------------------------------

    def get_many(self, keys: Iterable[str]) -> tuple[dict[str, bytes | None], int | None]:
        """The copies held of `keys` (raw values; None for a key Redis did not have), and the mark
        to hand to `keep` for what the caller then reads from Redis (None: copies off, keep nothing)."""
        with self.lock:
            if not self._tracking():
                return {}, None
            now = time.monotonic()
            found: dict[str, bytes | None] = {}
            for key in keys:
                copy = self.copies.get(key)
                if copy is not None:
                    if now - copy.at < self.max_age:
                        found[key] = copy.value
                    else:
                        del self.copies[key]
            return found, self.notices

    def keep(self, values: dict[str, bytes | None], mark: int | None) -> None:
        """Keep what was read from Redis after `get_many` gave `mark`, unless a notice arrived since
        (it may have been about these very keys, changed after they were read)."""
        if mark is None or not values:
            return
        with self.lock:
            if not self._tracking() or self.notices != mark:
                return
            now = time.monotonic()
            for key, value in values.items():
                if key.startswith(self.prefixes):
                    self.copies[key] = Copy(now, value)
                    self.copies.move_to_end(key)
            while len(self.copies) > self.max_entries:
                self.copies.popitem(last=False)

    def decoded(self, key: str, value: bytes, loads: Callable[[bytes], Any]) -> Any:
        """What `value` (read for `key` through `get_many`, or from Redis and then kept) decodes to,
        decoded once while this process holds that copy and then shared by every caller: the caller
        must not change it (it hands out copies of its own). A value no longer held is decoded anew."""
        with self.lock:
            copy = self.copies.get(key)
            if copy is None or copy.value is not value:  # dropped or replaced meanwhile: not ours to keep
                copy = None
            elif copy.decoded is not UNDECODED:
                return copy.decoded
        decoded = loads(value)
        if copy is not None:
            with self.lock:
                copy.decoded = decoded  # a notice since only drops the copy, and this with it
        return decoded
