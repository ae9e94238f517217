"""CPU per webhook on the request path, in one process, split by phase: a steadier figure than the load test.

Run: python bench/webhook_bench.py [--events 3000] [--profile]  (or `make bench-webhook`).

The app is the one the Procfile serves (create_app on a fresh SQLite file, migrated), fed the load test's
signed bodies (88% merchant questions, 10% postbacks, 2% follows, 500 users) straight into its WSGI callable:
no sockets, no reply senders (recorded replies are collected instead of sent), so what is measured is what
a worker's request thread pays per event. The phases are timed by wrapping the functions that do them.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench" / "load")]
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="bench-webhook-metrics-"))

import logging  # noqa: E402

from bodies import Body, make_bodies  # noqa: E402
from sqlalchemy import event  # noqa: E402

from bot.app import create_app, warm_up  # noqa: E402
from bot.line import webhook  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store.migrate import upgrade  # noqa: E402

SECRET = "bench-webhook-channel-secret-0123"
WARM = 300


class Collect:
    """A reply driver that keeps the recorded replies instead of sending them."""

    def __init__(self) -> None:
        """No replies yet."""
        self.jobs: list[Any] = []

    def submit(self, job: Any) -> None:
        """Keep the job."""
        self.jobs.append(job)


class Phases:
    """Wall time spent in wrapped functions (one thread, so wall time is CPU time here)."""

    def __init__(self) -> None:
        """Nothing timed yet."""
        self.seconds: dict[str, float] = defaultdict(float)
        self.statements = 0

    def wrap(self, owner: Any, name: str, label: str) -> None:
        """Replace owner.name (or owner[name], for a dict) with a timed version of itself."""
        mapping = isinstance(owner, dict)
        inner: Callable[..., Any] = owner[name] if mapping else getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - started

        if mapping:
            owner[name] = timed
        else:
            setattr(owner, name, timed)

    def count_statements(self, engine: Any) -> None:
        """Count every statement the database is sent."""
        event.listen(engine, "before_cursor_execute", lambda *_: self._one())

    def _one(self) -> None:
        self.statements += 1


def make_app(folder: Path) -> Any:
    """The production app on a fresh, migrated SQLite file, with replies collected, warmed like a worker."""
    url = f"sqlite:///{folder / 'bot.db'}"
    upgrade(url)
    settings = Settings.from_env({"DATABASE_URL": url, "LINE_CHANNEL_SECRET": SECRET, "SECRET_KEY": "k" * 32,
                                  "LINE_CHANNEL_ACCESS_TOKEN": "bench", "ADMIN_TOKEN": "a" * 32,
                                  "ADMIN_PASSWORD": "bench-admin-password", "LINE_API_BASE_URL": "http://127.0.0.1:9"})
    app = create_app(settings)
    app.extensions["webhook"].driver = Collect()
    warm_up(app)
    return app


def post(app: Any, body: Body) -> None:
    """POST /callback through the WSGI callable, as gunicorn would call it."""
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/callback", "SERVER_NAME": "bench", "SERVER_PORT": "80",
               "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body.raw), "CONTENT_LENGTH": str(len(body.raw)),
               "CONTENT_TYPE": "application/json", "HTTP_X_LINE_SIGNATURE": body.signature}
    status: list[str] = []
    result = app(environ, lambda code, headers: status.append(code))
    b"".join(result)
    getattr(result, "close", lambda: None)()
    if not status or not status[0].startswith("200"):
        raise SystemExit(f"webhook answered {status}")


def instrument(app: Any, phases: Phases) -> None:
    """Time the phases of an event: the SDK's parsing, the thinking, the reads and the one write."""
    deps = app.extensions["webhook"]
    phases.wrap(deps.parser, "parse", "SDK: verify and parse")
    phases.wrap(deps.conversation, "handle", "thinking: understand, price, render")
    phases.wrap(webhook, "handle_once", "event (thinking, reads, write)")
    phases.wrap(app.view_functions, "line.callback", "request handler")
    phases.count_statements(app.extensions["engine"])


@contextmanager
def cpu_clock() -> Iterator[list[float]]:
    """The process CPU seconds spent inside the block."""
    spent: list[float] = []
    started = time.process_time()
    yield spent
    spent.append(time.process_time() - started)


def report(phases: Phases, cpu: float, events: int, app_seconds: float) -> None:
    """Print the table: ms per event for the whole request and each phase."""
    per = {label: 1000 * seconds / events for label, seconds in phases.seconds.items()}
    handler, event_ms = per["request handler"], per["event (thinking, reads, write)"]
    thinking, parse = per["thinking: understand, price, render"], per["SDK: verify and parse"]
    rows = [("whole request (WSGI call)", 1000 * app_seconds / events),
            ("  Flask and WSGI around the handler", 1000 * app_seconds / events - handler),
            ("  SDK: verify and parse", parse),
            ("  thinking: understand, price, render", thinking),
            ("  database and bookkeeping: reads, claim, one write", event_ms - thinking),
            ("  rest of the handler", handler - parse - event_ms)]
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{events} events after {WARM} warm-up events\n")
    print("| phase | ms per event |\n|---|---:|")
    for label, ms in rows:
        print(f"| {label} | {ms:.3f} |")
    print(f"\nCPU per event (process time): {1000 * cpu / events:.3f} ms; "
          f"SQL statements per event: {phases.statements / events:.2f}")


def main() -> None:
    """Build the app, warm it, time `--events` webhooks, print the table (and a profile when asked)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--profile", action="store_true", help="also print the 30 costliest functions (cProfile)")
    args = parser.parse_args()
    logging.disable(logging.INFO)  # the event lines would be the benchmark's output; their cost is small
    with tempfile.TemporaryDirectory(prefix="bench-webhook-") as folder:
        app = make_app(Path(folder))
        bodies = make_bodies(WARM + args.events, SECRET)
        for body in bodies[:WARM]:
            post(app, body)
        phases = Phases()
        instrument(app, phases)
        timed = bodies[WARM:]
        started = time.perf_counter()
        with cpu_clock() as cpu:
            for body in timed:
                post(app, body)
        report(phases, cpu[0], len(timed), time.perf_counter() - started)
        if args.profile:
            profile(app, make_bodies(WARM + 2 * args.events, SECRET)[WARM + args.events:])


def profile(app: Any, bodies: list[Body]) -> None:
    """cProfile over more events (its own overhead inflates pure-Python code): where the CPU goes."""
    profiler = cProfile.Profile()
    profiler.enable()
    for body in bodies:
        post(app, body)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
