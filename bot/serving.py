"""gunicorn settings for the Procfile's web line: load once, fork warm workers, start senders in each.

`gunicorn -c python:bot.serving "bot.app:create_app()"` reads this module before it loads the app, so
the metrics folder is set before anything imports prometheus_client.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

preload_app = True  # import, compile and warm everything once in the master; workers share those pages
timeout = 30
graceful_timeout = 10

if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="bot-metrics-")
_METRICS = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
_METRICS.mkdir(parents=True, exist_ok=True)
for _stale in _METRICS.glob("*.db"):  # a previous run's counters would be summed with ours
    _stale.unlink()


def when_ready(server: Any) -> None:
    """Warm the loaded app before the first fork, then freeze what is loaded.

    Catalogs, patterns and templates are read once. Frozen objects are never scanned by the garbage
    collector again: no long pause in a worker over the SDK's thousands of classes, and the pages the
    workers share with the master stay shared instead of being copied when the collector touches them.
    """
    from bot.app import warm_up

    warm_up(server.app.wsgi())
    gc.collect()
    gc.freeze()


def post_worker_init(worker: Any) -> None:
    """In each new worker: drop database connections inherited from the master, start the reply senders."""
    app = worker.wsgi
    app.extensions["engine"].dispose(close=False)
    start = getattr(app.extensions["webhook"].driver, "start", None)
    if start is not None:
        start()


def worker_exit(server: Any, worker: Any) -> None:
    """A worker that stops hands its queued replies to the others."""
    stop = getattr(worker.wsgi.extensions["webhook"].driver, "stop", None)
    if stop is not None:
        stop()


def child_exit(server: Any, worker: Any) -> None:
    """Forget a dead worker's live gauges."""
    from bot.metrics import worker_gone

    worker_gone(worker.pid)


def on_exit(server: Any) -> None:
    """Remove the metrics folder this module made."""
    if _METRICS.name.startswith("bot-metrics-"):
        shutil.rmtree(_METRICS, ignore_errors=True)
