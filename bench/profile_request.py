"""Where a request's time goes: hello, the authenticated no-op, sign-up and check-in, in one process.

A developer's tool next to bench/http_load.py (not part of bench/run): it seeds a fresh database as
the HTTP bench does, then calls the WSGI application directly, without gunicorn or sockets, one
request at a time, so the per-request wall and CPU times are the application's (and, on PostgreSQL,
the database server's round trips) alone. With --profile KIND, cProfile's top entries for that kind.

    python bench/profile_request.py [--postgres URL] [--requests N] [--profile signup|checkin|noop|hello]
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = secrets.token_urlsafe(12)
POSTGRES_DATABASE = "wenming_bench_profile"

Handler = Callable[[dict[str, Any], Callable[..., Any]], Any]


def request(
    handler: Handler,
    method: str,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    body: bytes = b"",
    json_body: bool = True,
) -> tuple[int, dict[str, str], bytes]:
    path, _, query = path.partition("?")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(body)),
    }
    if body or method == "POST":
        environ["CONTENT_TYPE"] = "application/json" if json_body else "application/x-www-form-urlencoded"
    if cookies:
        environ["HTTP_COOKIE"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        if "csrftoken" in cookies:
            environ["HTTP_X_CSRFTOKEN"] = cookies["csrftoken"]
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        answer["status"], answer["headers"] = int(status.split()[0]), headers

    chunks = handler(environ, start_response)
    content = b"".join(chunks)
    if hasattr(chunks, "close"):
        chunks.close()
    set_cookies = {}
    for key, value in answer["headers"]:
        if key.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            set_cookies[name.strip()] = rest.split(";", 1)[0]
    return answer["status"], set_cookies, content


def login(handler: Handler, username: str) -> dict[str, str]:
    status, cookies, content = request(handler, "GET", "/accounts/login/")
    assert "csrftoken" in cookies, (status, content[:500])
    form = urlencode({"csrfmiddlewaretoken": cookies["csrftoken"], "username": username, "password": PASSWORD})
    status, more, _ = request(handler, "POST", "/accounts/login/", cookies=cookies, body=form.encode(), json_body=False)
    assert status == 302, status
    return {**cookies, **more}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default="")
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--profile", default="")
    parser.add_argument("--activities", type=int, default=8, help="activities seeded")
    parser.add_argument("--history", type=int, default=0, help="sign-ups made (and timed) at least")
    parser.add_argument("--queries", default="", help="print the SQL of one request of this kind")
    args = parser.parse_args()
    directory = tempfile.mkdtemp(prefix="wenming-profile-")
    if args.postgres:
        import psycopg

        parts = urlsplit(args.postgres)
        with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{POSTGRES_DATABASE}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{POSTGRES_DATABASE}"')
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{POSTGRES_DATABASE}"))
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/profile.sqlite3"
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_bench"
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    cache.clear()
    call_command("migrate", verbosity=0)
    from bench import http_seed

    volunteers = max(50, args.requests // args.activities)
    seeded = http_seed.seed(activities=args.activities, volunteers=volunteers, capacity=volunteers, password=PASSWORD)
    handler = get_wsgi_application()
    sessions = [login(handler, username) for username in seeded["volunteers"]]
    organizer = login(handler, seeded["organizer"])

    jobs: dict[str, list[tuple[str, str, dict[str, str] | None, bytes]]] = {
        "hello": [("GET", "/healthz", None, b"")] * args.requests,
        "noop": [("POST", "/api/bench/noop", sessions[i % len(sessions)], b"{}") for i in range(args.requests)],
    }
    signups = [
        ("POST", f"/api/v1/activities/{activity_id}/signups", session, b"{}")
        for activity_id in seeded["activities"]
        for session in sessions
    ][: max(args.requests, args.history)]
    jobs["signup"] = signups
    timings: dict[str, tuple[float, float]] = {}

    def run(kind: str) -> None:
        batch = jobs[kind]
        if kind == args.queries:
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                method, path, cookies, body = batch[0]
                request(handler, method, path, cookies=cookies, body=body)
            for query in captured.captured_queries:
                print("SQL", query["sql"][:400])
            batch = batch[1:]
        profiler = cProfile.Profile() if kind == args.profile else None
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        for method, path, cookies, body in batch:
            status, _, content = request(handler, method, path, cookies=cookies, body=body)
            if status >= 300:
                raise SystemExit(f"{method} {path} -> {status} {content[:300]!r}")
        if profiler:
            profiler.disable()
        timings[kind] = (
            (time.perf_counter() - wall) * 1000 / len(batch),
            (time.process_time() - cpu) * 1000 / len(batch),
        )
        if profiler:
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
            stats.print_stats(60)
            out.write("\n---- by own time ----\n")
            stats.sort_stats("tottime").print_stats(40)
            print(out.getvalue())

    for kind in ("hello", "noop", "hello", "noop"):  # warm both, then measure the second round
        run(kind)
    run("signup")
    tokens = {}
    for activity_id in seeded["activities"]:
        _, _, content = request(
            handler, "GET", f"/api/v1/activities/{activity_id}/checkin-token?kind=in", cookies=organizer
        )
        tokens[activity_id] = json.loads(content)["token"]
    jobs["checkin"] = [
        (
            "POST",
            "/api/v1/attendances/check-in",
            sessions[index % len(sessions)],
            json.dumps({"token": tokens[activity_id], "idempotency_key": f"profile-{index}"}).encode(),
        )
        for index, activity_id in enumerate(a for a in seeded["activities"] for _ in sessions)
    ][: len(signups)]
    run("checkin")
    hello_wall, _hello_cpu = timings["hello"]
    print(f"{'kind':8} {'wall ms':>8} {'cpu ms':>8} {'hello/x (wall)':>15}")
    for kind, (wall, cpu) in timings.items():
        print(f"{kind:8} {wall:8.3f} {cpu:8.3f} {hello_wall / wall:15.2f}")


if __name__ == "__main__":
    main()
