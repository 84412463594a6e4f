"""HTTP load: sign-up and check-in under gunicorn, against the same server's hello-world.

The requirement: under gunicorn with 2 workers and a load generator on loopback, sign-up answers
at least 0.30x and check-in at least 0.50x the requests per second of GET /healthz on the same
server, on SQLite and on PostgreSQL, and no activity is ever overbooked.

For each database: a fresh database (a SQLite file in a temporary directory; with --postgres, a
database named wenming_bench_http on that server, dropped afterwards) is migrated and seeded
through the services (bench/http_seed.py), gunicorn serves it with bench/settings_bench.py, and
one asyncio load generator in this process measures, each over the same number of connections:

  hello     GET /healthz, anonymous (the load balancer's health check: no query)
  no-op     POST /api/bench/noop, logged in: the ceiling of any authenticated API write (bench/urls.py)
  sign-up   POST /api/v1/activities/{id}/signups {} as logged-in volunteers, activity after
            activity, VOLUNTEERS per activity for CAPACITY places: the places are contested
  check-in  POST /api/v1/attendances/check-in {"token", "idempotency_key"}, once for each sign-up
            the sign-up phase confirmed, with the organizer's tokens fetched just before

Hello runs before and after the other two; its rate is the mean of both (the machine's other load
drifts). A rate counts the successful (2xx) answers per second after a warm-up. The connections
are kept alive when the server allows it: gunicorn's default sync worker closes each one after
its answer, for every endpoint alike. Besides the rates, the CPU time gunicorn's processes spent
per answer is reported: it hardly depends on what else the machine runs.

Afterwards every activity is checked in the database: confirmed sign-up rows and confirmed_count
never above capacity. Any 5xx, connection error or overbooked activity fails the section, as does
a ratio under its floor.

    python bench/http_load.py [--quick] [--postgres URL]   this section alone (bench/run runs it too)

    BENCH_HTTP=0                  skip this section
    BENCH_HTTP_CONNECTIONS=N      concurrent connections of the load generator (default 32)
    BENCH_HTTP_ONLY=sqlite|postgres  measure on that database only
    BENCH_GUNICORN_ARGS="..."     extra gunicorn arguments, e.g. "--worker-class gthread --threads 4"
"""

import asyncio
import contextlib
import datetime as dt
import json
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SETTINGS = "bench.settings_bench"
FLOORS = {"signup": 0.30, "checkin": 0.50}
CAPACITY = 50
VOLUNTEERS = 75  # per activity, for CAPACITY places: a third end up on the waitlist
PASSWORD = secrets.token_urlsafe(12)  # of the throwaway bench users
POSTGRES_DATABASE = "wenming_bench_http"
SAMPLES_PER_STATUS = 3
Job = tuple[str, str, bytes, bytes]  # method, path, extra header lines, body


@dataclass(frozen=True)
class Plan:
    activities: int
    hello_seconds: float
    signup_seconds: float
    checkin_seconds: float  # at most: the phase also ends when every confirmed sign-up checked in
    warmup_seconds: float


FULL = Plan(activities=200, hello_seconds=10, signup_seconds=20, checkin_seconds=20, warmup_seconds=2)
QUICK = Plan(activities=40, hello_seconds=2, signup_seconds=4, checkin_seconds=4, warmup_seconds=1)


# -- a small HTTP/1.1 client on asyncio streams: keep-alive when the server allows it ---------------


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key == name), "")

    def cookies(self) -> dict[str, str]:
        found = {}
        for key, value in self.headers:
            if key == "set-cookie":
                name, _, rest = value.partition("=")
                found[name.strip()] = rest.split(";", 1)[0]
        return found


class ServerClosed(ConnectionError):
    """The server closed a kept-alive connection before answering."""


class Connection:
    def __init__(self, port: int) -> None:
        self.port = port
        self.host = f"Host: 127.0.0.1:{port}\r\n".encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.used = False

    async def request(self, method: str, path: str, headers: bytes = b"", body: bytes = b"") -> Response:
        try:
            return await self._exchange(method, path, headers, body)
        except ServerClosed:
            # A kept-alive connection the server had already closed; nothing was processed.
            return await self._exchange(method, path, headers, body)

    async def _exchange(self, method: str, path: str, headers: bytes, body: bytes) -> Response:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            self.used = False
        assert self.reader is not None
        reused, self.used = self.used, True
        length = f"Content-Length: {len(body)}\r\n\r\n".encode() if body or method == "POST" else b"\r\n"
        start = f"{method} {path} HTTP/1.1\r\n".encode()
        self.writer.write(start + self.host + headers + length + body)
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionResetError) as error:
            self.close()
            if reused and (not isinstance(error, asyncio.IncompleteReadError) or not error.partial):
                raise ServerClosed from error
            raise
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        parsed = []
        for line in lines[1:]:
            if line:
                key, _, value = line.partition(":")
                parsed.append((key.strip().lower(), value.strip()))
        response = Response(status, parsed, b"")
        closing = response.header("connection").lower() == "close"
        if status in (204, 304) or status < 200 or method == "HEAD":
            pass
        elif response.header("transfer-encoding").lower() == "chunked":
            response.body = await self._chunked()
        elif (content_length := response.header("content-length")) != "":
            response.body = await self.reader.readexactly(int(content_length))
        else:
            response.body = await self.reader.read()
            closing = True
        if closing:
            self.close()
        return response

    async def _chunked(self) -> bytes:
        assert self.reader is not None
        parts: list[bytes] = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


# -- timed phases --------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    samples: list[dict[str, Any]] = field(default_factory=list)
    successes_in_window: int = 0
    window_seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    loadgen_cpu: float = 0.0  # cores the load generator used on average
    machine_busy: float = 0.0  # share of all the machine's cores busy (with whatever else runs)
    server_cpu_seconds: float = 0.0  # gunicorn's master and workers
    database_cpu_seconds: float = 0.0  # a local PostgreSQL server's processes (0 on SQLite)

    @property
    def rate(self) -> float:
        return self.successes_in_window / self.window_seconds if self.window_seconds else 0.0

    @property
    def answers(self) -> int:
        return sum(self.statuses.values())

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    @property
    def client_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if 400 <= status < 500)

    @property
    def failures(self) -> int:
        return self.server_errors + sum(self.errors.values())

    def record(self, job: Job, response: Response) -> None:
        self.statuses[response.status] += 1
        sampled = sum(1 for sample in self.samples if sample["status"] == response.status)
        if response.status >= 400 and sampled < SAMPLES_PER_STATUS:
            self.samples.append(
                {
                    "status": response.status,
                    "request": f"{job[0]} {job[1]} {job[3].decode(errors='replace')[:200]}",
                    "response": response.body.decode(errors="replace")[:500],
                }
            )

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        cpu_per_answer = self.server_cpu_seconds * 1000 / self.answers if self.answers else None
        database_per_answer = self.database_cpu_seconds * 1000 / self.answers if self.answers else None
        return {
            "requests_per_second": round(self.rate, 1),
            "measured_seconds": round(self.window_seconds, 2),
            "successes_measured": self.successes_in_window,
            "statuses": {str(status): count for status, count in sorted(self.statuses.items())},
            "client_errors": self.client_errors,
            "server_errors": self.server_errors,
            "connection_errors": dict(self.errors),
            "latency_ms_p50": round(ordered[len(ordered) // 2] * 1000, 1) if ordered else None,
            "latency_ms_p99": round(ordered[int(len(ordered) * 0.99)] * 1000, 1) if ordered else None,
            "server_cpu_ms_per_request": round(cpu_per_answer, 2) if cpu_per_answer is not None else None,
            "database_cpu_ms_per_request": round(database_per_answer, 2) if database_per_answer is not None else None,
            "loadgen_cpu_cores": round(self.loadgen_cpu, 2),
            "machine_cpu_busy": round(self.machine_busy, 2),
            "samples": self.samples,
        }


def machine_cpu() -> tuple[int, int]:
    """Busy and total jiffies of the whole machine (Linux /proc/stat), or zeros elsewhere."""
    try:
        fields = [int(part) for part in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def process_tree_cpu(root: int) -> float:
    """CPU seconds (user + system) of a process and its children, from /proc; 0 elsewhere."""
    return processes_cpu(lambda pid, parent, name: pid == str(root) or parent == str(root))


def postgres_cpu() -> float:
    """CPU seconds of every process named postgres on this machine (a local server's backends)."""
    return processes_cpu(lambda pid, parent, name: name == "postgres")


def processes_cpu(chosen: Callable[[str, str, str], bool]) -> float:
    """CPU seconds (user + system) of the processes `chosen(pid, parent pid, name)` picks, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            head, tail = stat.read_text().rsplit(")", 1)
            rest = tail.split()
        except (OSError, ValueError):
            continue  # the process ended meanwhile
        if chosen(stat.parent.name, rest[1], head.partition("(")[2]):
            total += int(rest[11]) + int(rest[12])  # utime, stime
    return total / ticks


async def drive(
    name: str,
    port: int,
    next_job: Callable[[], Job | None],
    *,
    connections: int,
    seconds: float,
    warmup: float,
    server_pid: int,
    measure_database: bool = False,
) -> Phase:
    """Send jobs over `connections` connections until `seconds` after the warm-up or no job is left."""
    loop = asyncio.get_running_loop()
    phase = Phase(name)
    started = loop.time()
    measure_from = started + warmup
    deadline = measure_from + seconds
    last_done = started

    async def user() -> None:
        nonlocal last_done
        connection = Connection(port)
        try:
            while loop.time() < deadline:
                job = next_job()
                if job is None:
                    return
                sent = loop.time()
                try:
                    response = await connection.request(*job)
                except (OSError, asyncio.IncompleteReadError, ValueError) as error:
                    connection.close()
                    phase.errors[type(error).__name__] += 1
                    continue
                done = loop.time()
                phase.record(job, response)
                if 200 <= response.status < 300 and measure_from <= done <= deadline:
                    phase.successes_in_window += 1
                    phase.latencies.append(done - sent)
                    last_done = max(last_done, done)
        finally:
            connection.close()

    loadgen_started, server_started = time.process_time(), process_tree_cpu(server_pid)
    database_started = postgres_cpu() if measure_database else 0.0
    busy_started, total_started = machine_cpu()
    await asyncio.gather(*(user() for _ in range(connections)))
    wall = loop.time() - started
    busy, total = machine_cpu()
    phase.server_cpu_seconds = process_tree_cpu(server_pid) - server_started
    phase.database_cpu_seconds = postgres_cpu() - database_started if measure_database else 0.0
    phase.loadgen_cpu = (time.process_time() - loadgen_started) / wall if wall else 0.0
    phase.machine_busy = (busy - busy_started) / (total - total_started) if total > total_started else 0.0
    phase.window_seconds = max(0.0, min(deadline, last_done) - measure_from)
    return phase


# -- the server and the database -----------------------------------------------------------------


def environment(database_url: str) -> dict[str, str]:
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))
    base = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": SETTINGS, "PYTHONPATH": python_path}
    # Scaled out as in production: sessions read from the shared Redis cache (its own database number).
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    if redis_reachable(redis_url):
        base["REDIS_URL"] = redis_url
    return base


def redis_reachable(url: str) -> bool:
    parsed = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def django_run(args: list[str], database_url: str) -> str:
    completed = subprocess.run(  # noqa: S603
        [PYTHON, *args], cwd=ROOT, env=environment(database_url), capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"http benchmark step failed: {' '.join(args)}")
    return completed.stdout


def seed_run(args: list[str], database_url: str) -> Any:
    return json.loads(django_run(["-m", "bench.http_seed", *args], database_url).strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def gunicorn(database_url: str, log_path: Path) -> Iterator[tuple[int, int]]:
    """`gunicorn --workers 2` on a free loopback port, healthy; yields the port and the master's pid."""
    port = free_port()
    extra = shlex.split(os.environ.get("BENCH_GUNICORN_ARGS", ""))
    command = [PYTHON, "-m", "gunicorn", "wenming.config.wsgi:application", "--workers", "2"]
    command += ["--bind", f"127.0.0.1:{port}", *extra]
    with log_path.open("w") as log:
        server = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=environment(database_url), stdout=log, stderr=subprocess.STDOUT
        )
    try:
        healthy_wait(server, port, log_path)
        yield port, server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def healthy_wait(server: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    until = time.monotonic() + 60
    while time.monotonic() < until:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}:\n{log_tail(log_path)}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
            probe.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            if probe.recv(64).startswith(b"HTTP/1.1 200"):
                return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer /healthz within 60 s:\n{log_tail(log_path)}")


def log_tail(log_path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@contextlib.contextmanager
def postgres_database(url: str) -> Iterator[str]:
    """A fresh database named POSTGRES_DATABASE on the server of `url`; dropped afterwards."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    name = sql.Identifier(POSTGRES_DATABASE)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
    try:
        yield urlunsplit(parts._replace(path=f"/{POSTGRES_DATABASE}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


# -- one database ----------------------------------------------------------------------------------


def cookie_headers(cookies: dict[str, str]) -> bytes:
    jar = "; ".join(f"{name}={value}" for name, value in cookies.items())
    return f"Cookie: {jar}\r\nX-CSRFToken: {cookies['csrftoken']}\r\n".encode()


async def login(port: int, username: str) -> bytes:
    """Log in through the login page as a browser does; the cookie and CSRF headers of the session."""
    connection = Connection(port)
    try:
        page = await connection.request("GET", "/accounts/login/")
        cookies = page.cookies()
        form = urlencode({"csrfmiddlewaretoken": cookies["csrftoken"], "username": username, "password": PASSWORD})
        answer = await connection.request(
            "POST",
            "/accounts/login/",
            cookie_headers(cookies) + b"Content-Type: application/x-www-form-urlencoded\r\n",
            form.encode(),
        )
    finally:
        connection.close()
    cookies.update(answer.cookies())  # the session, and the CSRF token Django rotates at login
    if answer.status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"login of {username} failed: {answer.status} {answer.body[:300]!r}")
    return cookie_headers(cookies)


async def logins(port: int, usernames: list[str], connections: int) -> dict[str, bytes]:
    gate = asyncio.Semaphore(connections)

    async def one(username: str) -> bytes:
        async with gate:
            return await login(port, username)

    headers = await asyncio.gather(*(one(username) for username in usernames))
    return dict(zip(usernames, headers, strict=True))


async def checkin_tokens(port: int, organizer: bytes, activity_ids: set[int]) -> tuple[dict[int, str], list[str]]:
    """The organizer's check-in QR tokens, as the organizer's page fetches them."""
    tokens, failures = {}, []
    connection = Connection(port)
    try:
        for activity_id in sorted(activity_ids):
            path = f"/api/v1/activities/{activity_id}/checkin-token?kind=in"
            answer = await connection.request("GET", path, organizer)
            if answer.status == 200:
                tokens[activity_id] = json.loads(answer.body)["token"]
            else:
                failures.append(f"GET {path} -> {answer.status} {answer.body[:300].decode(errors='replace')}")
    finally:
        connection.close()
    return tokens, failures


JSON = b"Content-Type: application/json\r\n"
HELLO: Job = ("GET", "/healthz", b"", b"")


async def load(
    port: int, server_pid: int, seeded: dict[str, Any], database_url: str, plan: Plan, connections: int
) -> dict[str, Any]:
    """Hello, sign-up, check-in, and hello again (the reference is the mean of both hello runs)."""

    async def timed(name: str, next_job: Callable[[], Job | None], seconds: float) -> Phase:
        return await drive(
            name,
            port,
            next_job,
            connections=connections,
            seconds=seconds,
            warmup=plan.warmup_seconds,
            server_pid=server_pid,
            measure_database=database_local,
        )

    # A PostgreSQL server on this machine shares its cores: its CPU per request is reported too.
    database_local = urlsplit(database_url).hostname in {"127.0.0.1", "localhost", "::1"}
    hello_before = await timed("hello", lambda: HELLO, plan.hello_seconds)

    sessions = await logins(port, seeded["volunteers"], connections)
    organizer = (await logins(port, [seeded["organizer"]], 1))[seeded["organizer"]]
    # The ceiling of any session-authenticated write here: a POST that does nothing once authenticated.
    noop_jobs: Iterator[Job] = (
        ("POST", "/api/bench/noop", sessions[username] + JSON, b"{}")
        for _ in range(1_000_000)
        for username in seeded["volunteers"]
    )
    noop = await timed("noop", lambda: next(noop_jobs, None), plan.hello_seconds)
    # Activity after activity, every volunteer in turn: the sign-ups in flight contest the same places.
    signup_jobs: Iterator[Job] = (
        ("POST", f"/api/v1/activities/{activity_id}/signups", sessions[username] + JSON, b"{}")
        for activity_id in seeded["activities"]
        for username in seeded["volunteers"]
    )
    signup = await timed("signup", lambda: next(signup_jobs, None), plan.signup_seconds)

    pairs = (await asyncio.to_thread(seed_run, ["confirmed"], database_url))["pairs"]
    tokens, token_failures = await checkin_tokens(port, organizer, {activity_id for activity_id, _ in pairs})
    run = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
    checkin_jobs: Iterator[Job] = (
        (
            "POST",
            "/api/v1/attendances/check-in",
            sessions[username] + JSON,
            json.dumps({"token": tokens[activity_id], "idempotency_key": f"bench-{run}-{index}"}).encode(),
        )
        for index, (activity_id, username) in enumerate(pairs)
        if activity_id in tokens
    )
    checkin = await timed("checkin", lambda: next(checkin_jobs, None), plan.checkin_seconds)

    hello_after = await timed("hello", lambda: HELLO, plan.hello_seconds)
    return {
        "hello": [hello_before, hello_after],
        "noop": noop,
        "signup": signup,
        "checkin": checkin,
        "confirmed_before_checkin": len(pairs),
        "token_failures": token_failures,
    }


def bench_one(vendor: str, database_url: str, plan: Plan, connections: int, work: Path) -> list[dict[str, Any]]:
    started = time.perf_counter()
    django_run(["-m", "wenming", "migrate", "--verbosity", "0"], database_url)
    seeded = seed_run(
        [
            "seed",
            *("--activities", str(plan.activities), "--volunteers", str(VOLUNTEERS)),
            *("--capacity", str(CAPACITY), f"--password={PASSWORD}"),  # it may begin with "-"
        ],
        database_url,
    )
    log_path = work / f"gunicorn-{vendor}.log"
    with gunicorn(database_url, log_path) as (port, server_pid):
        measured = asyncio.run(load(port, server_pid, seeded, database_url, plan, connections))
    database = seed_run(["verify"], database_url)
    hellos: list[Phase] = measured["hello"]
    hello_rate = sum(phase.rate for phase in hellos) / len(hellos)
    phases: list[Phase] = [*hellos, measured["noop"], measured["signup"], measured["checkin"]]
    overbooked = len(database["overbooked"])
    checkin_answers = sum(count for status, count in measured["checkin"].statuses.items() if 200 <= status < 300)
    clean = not any(phase.failures for phase in phases) and overbooked == 0 and not measured["token_failures"]
    common: dict[str, Any] = {
        "database": vendor,
        "hello_requests_per_second": round(hello_rate, 1),
        "hello_before": hellos[0].summary(),
        "hello_after": hellos[1].summary(),
        "authenticated_noop": measured["noop"].summary(),
        "authenticated_noop_ratio": round(measured["noop"].rate / hello_rate, 2) if hello_rate else 0.0,
        "overbooked": overbooked,
        "overbooked_activities": database["overbooked"][:20],
        "counter_drift": database["counter_drift"][:20],
        "activities": database["activities"],
        "activities_full": database["full"],
        "confirmed_signups": database["confirmed"],
        "waitlisted_signups": database["waitlisted"],
        "checked_in": database["checked_in"],
        "checkin_answers_2xx": checkin_answers,
        "token_failures": measured["token_failures"][:5],
        "server": " ".join(["gunicorn --workers 2", os.environ.get("BENCH_GUNICORN_ARGS", "")]).strip(),
        "connections": connections,
        "section_seconds": round(time.perf_counter() - started, 1),
    }
    if not clean:
        common["gunicorn_log_tail"] = log_tail(log_path, 80)
    results = []
    for key, label in (("signup", "sign-up"), ("checkin", "check-in")):
        phase: Phase = measured[key]
        ratio = phase.rate / hello_rate if hello_rate else 0.0
        results.append(
            {
                "name": f"http_{key}_{vendor}",
                "ours": round(phase.rate, 1),
                "unit": "req/s",
                "reference": round(hello_rate, 1),
                "reference_kind": "peer: GET /healthz on the same server, mean of a run before and after",
                "ratio": round(ratio, 2),
                "goal": FLOORS[key],
                "passed": clean and phase.rate > 0 and ratio >= FLOORS[key],
                "sound": clean and phase.rate > 0,  # no overbooking, no 5xx, no failed request
                "label": label,
                "phase": phase.summary(),
                **common,
            }
        )
    return results


def bench_http(*, quick: bool, postgres_url: str = "") -> list[dict[str, Any]]:
    """The section for bench/runner.py: SQLite, and PostgreSQL when a server URL is given."""
    if os.environ.get("BENCH_HTTP", "1") == "0":
        return []
    plan = QUICK if quick else FULL
    connections = int(os.environ.get("BENCH_HTTP_CONNECTIONS", "32"))
    results = []
    with tempfile.TemporaryDirectory(prefix="wenming-bench-http-") as directory:
        work = Path(directory)
        only = os.environ.get("BENCH_HTTP_ONLY", "")
        if only in ("", "sqlite"):
            results += bench_one("sqlite", f"sqlite:///{work / 'bench-http.sqlite3'}", plan, connections, work)
        if postgres_url and only in ("", "postgres"):
            with postgres_database(postgres_url) as database_url:
                results += bench_one("postgres", database_url, plan, connections, work)
    return results


def summary(results: list[dict[str, Any]]) -> list[str]:
    """Per database: `http sqlite: hello … · sign-up … · check-in … · overbooked 0`, and what to know."""
    lines = []
    by_database: dict[str, list[dict[str, Any]]] = {}
    for result in results:
        if result["name"].startswith("http_"):
            by_database.setdefault(result["database"], []).append(result)
    for database, rows in by_database.items():
        first = rows[0]
        phases = [
            first["hello_before"],
            first["hello_after"],
            first["authenticated_noop"],
            *(row["phase"] for row in rows),
        ]
        parts = [f"http {database}: hello {first['hello_requests_per_second']:.0f} req/s"]
        for row in rows:
            verdict = "PASS" if row["passed"] else "FAIL"
            parts.append(
                f"{row['label']} {row['ours']:.0f} req/s ({row['ratio']:.2f}x, floor {row['goal']:.2f}x) {verdict}"
            )
        parts.append(f"overbooked {first['overbooked']}")
        parts.append(f"4xx {sum(phase['client_errors'] for phase in phases)}")
        parts.append(f"5xx {sum(phase['server_errors'] for phase in phases)}")
        connection_errors = sum(sum(phase["connection_errors"].values()) for phase in phases)
        if connection_errors:
            parts.append(f"connection errors {connection_errors}")
        lines.append(" · ".join(parts))
        cpu = " / ".join(
            f"{phase['server_cpu_ms_per_request']}" if phase["server_cpu_ms_per_request"] is not None else "-"
            for phase in phases
        )
        database_cpu = " / ".join(f"{phase.get('database_cpu_ms_per_request') or 0:.2f}" for phase in phases)
        loadgen = "/".join(f"{phase['loadgen_cpu_cores']:.2f}" for phase in phases)
        busy = "/".join(f"{phase['machine_cpu_busy']:.0%}" for phase in phases)
        lines.append(
            f"    hello before/after {first['hello_before']['requests_per_second']:.0f}"
            f"/{first['hello_after']['requests_per_second']:.0f} req/s; server CPU ms per request "
            f"(hello, hello, no-op, sign-up, check-in) {cpu}; load generator {loadgen} cores; machine busy {busy}"
        )
        if any(phase.get("database_cpu_ms_per_request") for phase in phases):
            lines.append(f"    PostgreSQL server CPU ms per request (same order) {database_cpu}")
        noop = first["authenticated_noop"]
        lines.append(
            "    ceiling: an authenticated no-op POST (session, user, CSRF, django-ninja, nothing else) runs at "
            f"{noop['requests_per_second']:.0f} req/s = {first['authenticated_noop_ratio']:.2f}x hello; "
            "no authenticated write can beat it"
        )
        lines.append(
            f"    {first['confirmed_signups']} confirmed and {first['waitlisted_signups']} waitlisted sign-ups in "
            f"{first['activities']} activities ({first['activities_full']} full), {first['checked_in']} checked in "
            f"({first['checkin_answers_2xx']} check-in answers 2xx); {first['server']}, "
            f"{first['connections']} connections"
        )
        if first["counter_drift"]:
            lines.append(f"    confirmed_count differs from the confirmed rows: {first['counter_drift'][:3]}")
        for failure in first["token_failures"]:
            lines.append(f"    check-in token: {failure}")
        for phase in phases:
            for sample in phase["samples"]:
                if sample["status"] >= 500:
                    lines.append(f"    5xx: {sample['request']} -> {sample['status']} {sample['response'][:200]}")
    return lines


if __name__ == "__main__":  # python bench/http_load.py [--quick] [--postgres URL]: this section alone
    quick_mode = "--quick" in sys.argv
    server_url = sys.argv[sys.argv.index("--postgres") + 1] if "--postgres" in sys.argv else ""
    section = bench_http(quick=quick_mode, postgres_url=server_url)
    for text in summary(section):
        print(text)
    raise SystemExit(0 if all(result["passed"] for result in section) else 1)
