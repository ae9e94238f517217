"""Prometheus metrics: events, replies, retries, latency and queue depth, summed over every worker.

Under gunicorn each worker writes its counters to PROMETHEUS_MULTIPROC_DIR (the serving config sets it
before anything imports prometheus_client), and GET /metrics adds them up, whichever worker answers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import multiprocess as multiprocess_metrics
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

EVENTS = Counter("bot_events_total", "Webhook events by kind and outcome.", ["kind", "outcome"])
REPLIES = Counter("bot_replies_total", "Replies by final state (sent, expired, refused).", ["state"])
REPLY_RETRIES = Counter("bot_reply_retries_total", "Reply attempts LINE refused for now (429, 5xx, timeout).")
WEBHOOK_SECONDS = Histogram("bot_webhook_seconds", "Time from a webhook's arrival to its acknowledgement.",
                            buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
REPLY_DELAY_SECONDS = Histogram("bot_reply_delay_seconds", "Time from an event's arrival to LINE accepting its reply.",
                                buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
QUEUE_DEPTH = Gauge("bot_reply_queue_depth", "Replies queued in this worker's memory for its senders.",
                    multiprocess_mode="livesum")


class PendingReplies(Collector):
    """The durable backlog, read from the database at scrape time: replies recorded but not yet final."""

    def __init__(self, count: Callable[[], int | None]) -> None:
        """`count` reads the number of pending replies (None when the database cannot say)."""
        self.count = count

    def collect(self) -> Iterator[Metric]:
        """One gauge; absent when the database is away, so an alert sees a gap rather than a zero."""
        value = self.count()
        if value is not None:
            yield GaugeMetricFamily("bot_pending_replies", "Replies recorded and not yet sent, expired or refused.",
                                    value=value)


def exposition(pending: Callable[[], int | None]) -> bytes:
    """The text every scrape gets: all workers' metrics plus the database backlog."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess_metrics.MultiProcessCollector(registry)
    else:
        for metric in (EVENTS, REPLIES, REPLY_RETRIES, WEBHOOK_SECONDS, REPLY_DELAY_SECONDS, QUEUE_DEPTH):
            registry.register(metric)
    registry.register(PendingReplies(pending))
    return generate_latest(registry)


def worker_gone(pid: int) -> None:
    """Drop a dead worker's live gauges (gunicorn's child_exit hook calls this)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess_metrics.mark_process_dead(pid)
