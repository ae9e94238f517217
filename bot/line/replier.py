"""The only object that sends messages to LINE, and it can only reply (free): off the request path,
retrying while the reply token lives.

`Sender.deliver` does one attempt for one reply and records what happened; `SenderPool` runs it on a
bounded pool of threads fed by the webhook (at once) and by a sweeper (retries that are due, replies a
dead worker left behind). `InlineSender` delivers in the caller's thread: the console, the local preview
and most tests use it, so a test sees the reply as soon as the webhook answers.
"""

from __future__ import annotations

import logging
import os
import queue
import secrets
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

import urllib3
from linebot.v3.messaging import ApiClient, Configuration
from sqlalchemy.orm import Session, sessionmaker

from bot import metrics
from bot.clock import Clock
from bot.line.profiles import NoProfiles, ProfileLookup
from bot.store import outbox
from bot.store.models import EXPIRED, REFUSED, SENT
from bot.store.outbox import ReplyJob
from bot.store.repos import remember_language

log = logging.getLogger(__name__)
REPLY_PATH = "/v2/bot/message/reply"
MAX_MESSAGES = 5  # LINE takes at most five messages per reply
TOKEN_LIFE = timedelta(seconds=60)  # LINE honours a reply token for one minute after delivering the event
RETRYABLE = frozenset({408, 409, 425, 429, 500, 502, 503, 504})  # 409: LINE is still processing a twin


def make_configuration(base_url: str, access_token: str) -> Configuration:
    """SDK configuration pointed at LINE (or a local stand-in in tests), with no hidden retries.

    urllib3 would otherwise retry a hung call three times, so one event could wait four timeouts.
    """
    configuration = Configuration(host=base_url, access_token=access_token)
    configuration.retries = 0
    return configuration


def new_owner() -> str:
    """A name for this process's senders, unique across machines and restarts."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


class ReplyTransport(Protocol):
    """Posts a reply body to LINE and says the HTTP status; raises on a network failure or a timeout."""

    def post(self, body: bytes, timeout: float) -> int: ...


class LineTransport:
    """POST /v2/bot/message/reply through the SDK's own configured HTTP pool, with a body serialised once.

    The body was validated and serialised when the reply was recorded, so the SDK's model round trip
    (from_dict, then to_dict and json.dumps again) is not paid a second time. No hidden retries: the
    sender decides when to try again.
    """

    def __init__(self, configuration: Configuration, pool_size: int) -> None:
        """Size the SDK's connection pool to the number of senders, so none waits for a connection."""
        configuration.connection_pool_maxsize = max(pool_size, 1)
        self._client = ApiClient(configuration)
        self._url = (configuration.host or "").rstrip("/") + REPLY_PATH
        self._headers = {**self._client.default_headers, "Content-Type": "application/json",
                         "Authorization": f"Bearer {configuration.access_token}"}

    def post(self, body: bytes, timeout: float) -> int:
        """One POST; the status LINE answered."""
        response = self._client.rest_client.pool_manager.request(
            "POST", self._url, body=body, headers=self._headers, timeout=urllib3.Timeout(total=timeout),
            retries=False)
        return int(response.status)


class RecordingTransport:
    """Keeps reply bodies in memory instead of calling LINE (local use without a LINE account)."""

    def __init__(self) -> None:
        """Start with no replies."""
        self.bodies: list[bytes] = []

    def post(self, body: bytes, timeout: float) -> int:
        """Keep the body; LINE would have said 200."""
        self.bodies.append(body)
        return 200


@dataclass(frozen=True)
class Policy:
    """How long a sender holds a reply, waits for LINE, and backs off between tries."""

    lease: timedelta = timedelta(seconds=20)
    timeout: float = 5.0
    first_backoff: float = 0.5
    max_backoff: float = 8.0

    def backoff(self, job: ReplyJob) -> timedelta:
        """Exponential backoff with a per-reply jitter of ±20%, so refused replies do not return together."""
        base = min(self.first_backoff * 2 ** job.attempts, self.max_backoff)
        jitter = 0.8 + 0.4 * ((job.id * 2654435761) % 1000) / 1000
        return timedelta(seconds=base * jitter)


@dataclass
class Sender:
    """Delivers one leased reply at a time and records the outcome under its lease."""

    sessions: sessionmaker[Session]
    transport: ReplyTransport
    clock: Clock
    profiles: ProfileLookup | NoProfiles = field(default_factory=NoProfiles)
    policy: Policy = field(default_factory=Policy)
    owner: str = field(default_factory=new_owner)
    batch: SentBatch | None = None  # set by the pool: sent replies are marked together, not one by one

    def deliver(self, job: ReplyJob) -> str:
        """Try once: sent, expired or refused are final; a retryable failure hands the reply back for later."""
        now = self.clock.now()
        if now >= job.expires_at:
            return self._finish(job, EXPIRED, None, "expired before sending")
        leased = job if now + timedelta(seconds=self.policy.timeout) <= job.lease_until else self._renew(job, now)
        if leased is None:
            return "lost"
        timeout = max(min(self.policy.timeout, (leased.expires_at - now).total_seconds()), 0.1)
        status = self._post(leased, timeout)
        if status is not None and 200 <= status < 300:
            outcome = self._finish(leased, SENT, status, "sent")
            self._learn_language(leased)
            return outcome
        if status is None or status in RETRYABLE:
            return self._retry(leased, status)
        return self._finish(leased, REFUSED, status, "refused")

    def sweep(self, limit: int = 50) -> list[ReplyJob]:
        """Lease the replies that are due again, or that a dead worker left behind."""
        with self.sessions.begin() as session:
            return outbox.take_due(session, self.owner, self.clock.now(), self.policy.lease, limit)

    def release(self, jobs: list[ReplyJob]) -> None:
        """Give unsent replies back to the other senders at once (this process is stopping)."""
        with self.sessions.begin() as session:
            outbox.release(session, [job.id for job in jobs], self.owner, self.clock.now())

    def _post(self, job: ReplyJob, timeout: float) -> int | None:
        """The status LINE answered, or None when it did not answer in time."""
        try:
            return self.transport.post(job.body.encode(), timeout)
        except Exception as exc:  # noqa: BLE001 - a network failure is a retryable outcome, not a crash
            log.warning("reply %s: no answer from LINE (%s)", job.id, type(exc).__name__)
            return None

    def _renew(self, job: ReplyJob, now: datetime) -> ReplyJob | None:
        """Extend the lease before a late send; None (and nothing sent) if another sender took the reply."""
        with self.sessions.begin() as session:
            renewed = outbox.renew(session, job, self.owner, now, self.policy.lease)
        if renewed is None:
            log.info("reply %s was taken over by another sender", job.id)
        return renewed

    def _retry(self, job: ReplyJob, status: int | None) -> str:
        """Hand the reply back for a later try, or give up when the token would be dead by then."""
        metrics.REPLY_RETRIES.inc()
        now = self.clock.now()
        at = now + self.policy.backoff(job)
        if at >= job.expires_at:
            return self._finish(job, EXPIRED, status, "gave up: the reply token ran out")
        with self.sessions.begin() as session:
            outbox.retry_at(session, job, self.owner, status, at)
        log.info("reply %s: LINE answered %s; trying again in %.1f s", job.id, status or "nothing",
                 (at - now).total_seconds())
        return "retry"

    def _finish(self, job: ReplyJob, state: str, status: int | None, why: str) -> str:
        """Record the final state of a reply (only while holding it); a sent one may wait for its batch."""
        if state == SENT and status is not None and self.batch is not None:
            self.batch.add(job, status, self.clock.now())
        else:
            with self.sessions.begin() as session:
                if not outbox.finish(session, job, self.owner, state, status, self.clock.now()):
                    return "lost"
        metrics.REPLIES.labels(state).inc()
        if state == SENT:
            metrics.REPLY_DELAY_SECONDS.observe((self.clock.now() - job.expires_at + TOKEN_LIFE).total_seconds())
        level = logging.INFO if state == SENT else logging.WARNING
        log.log(level, "reply %s %s (HTTP %s, attempt %d)", job.id, why, status or "-", job.attempts + 1)
        return state

    def _learn_language(self, job: ReplyJob) -> None:
        """After the reply, ask LINE (free) which language a new follower reads, for the next answers."""
        if job.user_id is None:
            return
        language = self.profiles.language(job.user_id)
        try:
            with self.sessions.begin() as session:
                remember_language(session, job.user_id, language, self.clock.now())
        except Exception as exc:  # noqa: BLE001 - a language is a nicety; the reply is already sent
            log.warning("language of a follower not stored (%s)", type(exc).__name__)


class SentBatch:
    """Sent replies waiting to be marked together: one short write for many keeps SQLite's lock free.

    If the process dies before a flush, the replies stay pending under its lease; a sender that takes
    them later is refused by LINE (a reply token works once), so nobody gets an answer twice.
    """

    def __init__(self, sessions: sessionmaker[Session], owner: str) -> None:
        """Start empty."""
        self.sessions, self.owner = sessions, owner
        self._sent: list[tuple[ReplyJob, int, datetime]] = []
        self._lock = threading.Lock()

    def add(self, job: ReplyJob, status: int, at: datetime) -> None:
        """Keep a sent reply for the next flush."""
        with self._lock:
            self._sent.append((job, status, at))

    def flush(self) -> int:
        """Mark every kept reply sent in one transaction; kept for the next flush if the database is away."""
        with self._lock:
            sent, self._sent = self._sent, []
        if not sent:
            return 0
        try:
            with self.sessions.begin() as session:
                outbox.finish_sent(session, sent, self.owner)
        except Exception:
            with self._lock:
                self._sent = sent + self._sent
            raise
        return len(sent)


class ReplyDriver(Protocol):
    """Where the webhook hands a recorded reply."""

    def submit(self, job: ReplyJob) -> None: ...


@dataclass
class InlineSender:
    """Delivers at once in the caller's thread (console, preview, tests): no retry waits here."""

    sender: Sender

    def submit(self, job: ReplyJob) -> None:
        """One attempt now; a retry stays recorded for a sweeper."""
        self.sender.deliver(job)


class SenderPool:
    """A bounded pool of sender threads per process, started after the fork, plus one sweeper thread."""

    def __init__(self, sender: Sender, threads: int, sweep_every: float = 0.5, backlog: int = 5000,
                 flush_every: float = 0.05) -> None:
        """Nothing runs until start(); replies submitted before then wait in the queue."""
        self.sender, self.threads, self.sweep_every, self.flush_every = sender, threads, sweep_every, flush_every
        sender.batch = SentBatch(sender.sessions, sender.owner)
        self._queue: queue.Queue[ReplyJob | None] = queue.Queue(maxsize=backlog)
        self._stop = threading.Event()
        self._started_in: int | None = None
        self._lock = threading.Lock()
        self._workers: list[threading.Thread] = []

    def submit(self, job: ReplyJob) -> None:
        """Queue a reply for this process's senders; when the queue is full the sweepers will find it."""
        self.start()
        try:
            self._queue.put_nowait(job)
        except queue.Full:
            log.warning("reply queue full; reply %s waits for a sweeper", job.id)
        metrics.QUEUE_DEPTH.set(self._queue.qsize())

    def start(self) -> None:
        """Start the threads once per process (a forked worker starts its own)."""
        if self._started_in == os.getpid():
            return
        with self._lock:
            if self._started_in == os.getpid():
                return
            self._stop.clear()
            self._workers = [self._thread(self._work, f"reply-sender-{i}") for i in range(self.threads)]
            self._workers.append(self._thread(self._sweep, "reply-sweeper"))
            self._workers.append(self._thread(self._flush, "reply-finisher"))
            self._started_in = os.getpid()

    def stop(self, grace: float = 5.0) -> None:
        """Stop taking work, let in-flight sends end, and give queued replies back to the other senders."""
        self._stop.set()
        left: list[ReplyJob] = []
        while True:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                left.append(job)
        for _ in self._workers:
            self._queue.put(None)
        for worker in self._workers:
            worker.join(grace)
        self._flush_now()
        if left:
            self.sender.release(left)
        self._started_in = None

    @staticmethod
    def _thread(target: Callable[[], None], name: str) -> threading.Thread:
        """A daemon thread, started."""
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        return thread

    def _work(self) -> None:
        """Deliver queued replies until stopped; one failure never stops the thread."""
        while True:
            job = self._queue.get()
            if job is None:
                return
            metrics.QUEUE_DEPTH.set(self._queue.qsize())
            try:
                self.sender.deliver(job)
            except Exception:  # noqa: BLE001 - the database may be away; the lease brings the reply back
                log.exception("reply %s could not be delivered now", job.id)

    def _flush(self) -> None:
        """Every flush_every seconds, mark the replies sent since the last flush."""
        while not self._stop.wait(self.flush_every):
            self._flush_now()

    def _flush_now(self) -> None:
        """One flush; a failure is logged and the replies wait for the next."""
        batch = self.sender.batch
        try:
            if batch is not None:
                batch.flush()
        except Exception as exc:  # noqa: BLE001 - kept for the next flush
            log.warning("marking sent replies failed (%s)", type(exc).__name__)

    def _sweep(self) -> None:
        """Every sweep_every seconds, queue the replies that are due (retries, a dead worker's)."""
        while not self._stop.wait(self.sweep_every):
            free = min(self._queue.maxsize - self._queue.qsize(), 50)
            if free <= 0:
                continue
            try:
                for job in self.sender.sweep(limit=free):
                    self._queue.put(job)
            except Exception as exc:  # noqa: BLE001 - try again at the next sweep
                log.warning("reply sweep failed (%s)", type(exc).__name__)
