"""The only object that sends messages to LINE, and it can only reply (free): off the request path,
retrying while the reply token lives.

`Sender.deliver` does one attempt for one reply and records what happened; `SenderPool` does the same
from one event loop per process, with a bounded number of replies in flight, fed by the webhook (at once)
and by a sweeper (retries that are due, replies a dead worker left behind). `InlineSender` delivers in
the caller's thread: the local preview and most tests use it, so a test sees the reply as soon as the
webhook answers.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import threading
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol
from urllib.parse import quote

import aiohttp
import urllib3
from linebot.v3.messaging import ApiClient, AsyncApiClient, Configuration
from sqlalchemy.orm import Session, sessionmaker

from bot import metrics
from bot.clock import Clock
from bot.line.profiles import (
    PROFILE_PATH,
    PROFILE_TIMEOUT,
    NoProfiles,
    ProfileLookup,
    failed_lookup,
    language_of,
    line_request,
)
from bot.store import outbox
from bot.store.models import EXPIRED, REFUSED, SENT
from bot.store.outbox import ReplyJob
from bot.store.repos import remember_language, remember_languages

log = logging.getLogger(__name__)
REPLY_PATH = "/v2/bot/message/reply"
MAX_MESSAGES = 5  # LINE takes at most five messages per reply
JSON = {"Content-Type": "application/json"}
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
        self._url, self._headers = line_request(configuration, self._client.default_headers, REPLY_PATH, **JSON)

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

    @property
    def asks_languages(self) -> bool:
        """True when this sender can ask LINE for a follower's language (not locally, without LINE)."""
        return not isinstance(self.profiles, NoProfiles)

    def deliver(self, job: ReplyJob) -> str:
        """Try once: sent, expired or refused are final; a retryable failure hands the reply back for later."""
        leased = self.ready(job)
        if isinstance(leased, str):
            return leased
        return self.conclude(leased, self._post(leased, self.timeout_for(leased)))

    def ready(self, job: ReplyJob) -> ReplyJob | str:
        """The reply to post now (its lease renewed if it would run out first), or why not: expired, lost."""
        now = self.clock.now()
        if now >= job.expires_at:
            return self._finish(job, EXPIRED, None, "expired before sending")
        if not self.needs_renewal(job):
            return job
        return self._renew(job, now) or "lost"

    def needs_renewal(self, job: ReplyJob) -> bool:
        """True when the lease could run out while LINE is still answering (the reply waited in a backlog)."""
        return self.clock.now() + timedelta(seconds=self.policy.timeout) > job.lease_until

    def timeout_for(self, job: ReplyJob) -> float:
        """How long to wait for LINE: the policy's timeout, never past the token's life."""
        left = (job.expires_at - self.clock.now()).total_seconds()
        return max(min(self.policy.timeout, left), 0.1)

    def conclude(self, job: ReplyJob, status: int | None) -> str:
        """Record what LINE answered (None: nothing in time): sent, refused, or back for a later try."""
        if status is not None and 200 <= status < 300:
            outcome = self._finish(job, SENT, status, "sent")
            self.learn_language(job)
            return outcome
        if status is None or status in RETRYABLE:
            return self._retry(job, status)
        return self._finish(job, REFUSED, status, "refused")

    def record_sent(self, job: ReplyJob, status: int) -> str:
        """Record a reply LINE accepted (batched when a pool runs this sender)."""
        return self._finish(job, SENT, status, "sent")

    def quick_conclusion(self, status: int | None) -> bool:
        """True when concluding touches no database now (a sent reply, batched): the event loop may do it."""
        return status is not None and 200 <= status < 300 and self.batch is not None

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
        lease = max(self.policy.lease, timedelta(seconds=self.policy.timeout + 1))  # outlasts the wait for LINE
        with self.sessions.begin() as session:
            renewed = outbox.renew(session, job, self.owner, now, lease)
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
        level = logging.DEBUG if state == SENT else logging.WARNING  # the event's own line says it was answered
        log.log(level, "reply %s %s (HTTP %s, attempt %d)", job.id, why, status or "-", job.attempts + 1)
        return state

    def learn_language(self, job: ReplyJob) -> None:
        """After the reply, ask LINE (free) which language a new follower reads, for the next answers."""
        if job.user_id is None:
            return
        language = self.profiles.language(job.user_id)
        if self.batch is not None:
            self.batch.add_language(job.user_id, language, self.clock.now())
            return
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
        self._languages: list[tuple[str, str | None, datetime]] = []
        self._lock = threading.Lock()

    def add(self, job: ReplyJob, status: int, at: datetime) -> None:
        """Keep a sent reply for the next flush."""
        with self._lock:
            self._sent.append((job, status, at))

    def add_language(self, user_id: str, language: str | None, at: datetime) -> None:
        """Keep a follower's language, as LINE gave it after their reply, for the next flush."""
        with self._lock:
            self._languages.append((user_id, language, at))

    def flush(self) -> int:
        """Write every kept reply and language in one transaction; kept for the next flush if the database is away."""
        with self._lock:
            (sent, self._sent), (languages, self._languages) = (self._sent, []), (self._languages, [])
        if not sent and not languages:
            return 0
        try:
            with self.sessions.begin() as session:
                if sent:
                    outbox.finish_sent(session, sent, self.owner)
                if languages:
                    remember_languages(session, languages)
        except Exception:
            with self._lock:
                self._sent, self._languages = sent + self._sent, languages + self._languages
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


class AsyncReplyTransport(Protocol):
    """Posts a reply body and asks a follower's language from an event loop; opened and closed inside it."""

    async def open(self) -> None: ...
    async def post(self, body: bytes, timeout: float) -> int: ...
    async def language(self, user_id: str, timeout: float) -> str | None: ...
    async def close(self) -> None: ...


def proxies_in_environment() -> bool:
    """True when the environment names an HTTP(S) proxy, the one reason to let aiohttp read it per call."""
    return bool(urllib.request.getproxies_environment())


class AsyncLineTransport:
    """Replies and profile lookups on the SDK's own aiohttp connector, for many calls in flight from one thread.

    The SDK's session trusts the environment, so aiohttp would look up proxies and read ~/.netrc (on an
    executor thread) for every call; this session does so only when a proxy is configured.
    """

    def __init__(self, configuration: Configuration, trust_env: bool | None = None) -> None:
        """Keep the configuration; the client is made inside the loop that uses it."""
        self._configuration = configuration
        self._trust_env = proxies_in_environment() if trust_env is None else trust_env
        self._client: AsyncApiClient | None = None
        self._session: aiohttp.ClientSession | None = None
        self._url, self._headers, self._profile, self._profile_headers = "", {}, "", {}

    async def open(self) -> None:
        """Make the SDK's async client (its connector needs the running loop) and a session on its connector."""
        self._client = AsyncApiClient(self._configuration)
        sdk = self._client.rest_client.pool_manager
        self._session = aiohttp.ClientSession(connector=sdk.connector, connector_owner=False,
                                              trust_env=self._trust_env)
        headers = self._client.default_headers
        self._url, self._headers = line_request(self._configuration, headers, REPLY_PATH, **JSON)
        self._profile, self._profile_headers = line_request(self._configuration, headers, PROFILE_PATH)

    async def post(self, body: bytes, timeout: float) -> int:
        """One POST; the status LINE answered."""
        assert self._session is not None, "open() first"
        async with self._session.post(self._url, data=body, headers=self._headers, proxy=self._configuration.proxy,
                                      timeout=aiohttp.ClientTimeout(total=timeout)) as response:
            await response.read()
            return response.status

    async def language(self, user_id: str, timeout: float) -> str | None:
        """The follower's language from their profile (a free call), or None on any failure."""
        assert self._session is not None, "open() first"
        try:
            async with self._session.get(self._profile + quote(user_id, safe=""), headers=self._profile_headers,
                                         proxy=self._configuration.proxy,
                                         timeout=aiohttp.ClientTimeout(total=timeout)) as response:
                if response.status != 200:
                    raise LookupError(f"HTTP {response.status}")
                found = await response.json(content_type=None)
        except Exception as exc:  # noqa: BLE001 - a language is a nicety; the reply is already sent
            failed_lookup(user_id, type(exc).__name__)
            return None
        return language_of(found) if isinstance(found, dict) else None

    async def close(self) -> None:
        """Close the session, then the client and its connections."""
        if self._session is not None:
            await self._session.close()
        if self._client is not None:
            await self._client.close()


class SenderPool:
    """Per process: one event-loop thread with up to `in_flight` replies on the wire, a sweeper, a finisher.

    One loop thread rather than a thread per reply: Python threads waiting on LINE would take turns at
    the interpreter lock with the thread that answers webhooks. Database work that could wait (a lease
    renewal, a retry, a language lookup) runs on the loop's executor; a sent reply is only batched.
    """

    def __init__(self, sender: Sender, transport: AsyncReplyTransport, in_flight: int, sweep_every: float = 0.5,
                 backlog: int = 5000, flush_every: float = 0.05) -> None:
        """Nothing runs until start(); replies submitted before then wait."""
        self.sender, self.transport, self.in_flight = sender, transport, max(in_flight, 1)
        self.sweep_every, self.backlog, self.flush_every = sweep_every, backlog, flush_every
        self.batch = sender.batch = SentBatch(sender.sessions, sender.owner)
        self._stop = threading.Event()
        self._started_in: int | None = None
        self._lock = threading.Lock()
        self._start_lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queue: asyncio.Queue[ReplyJob] | None = None
        self._waiting = 0  # replies queued and not yet taken by a sending task
        self._broken = False  # the loop could not start: replies go out from the calling thread
        self._asking: set[asyncio.Task[None]] = set()  # languages being asked of LINE after replies

    def submit(self, job: ReplyJob) -> None:
        """Queue a reply for this process's loop; past the backlog it waits for a sweeper (it is recorded)."""
        self.start()
        if self._broken:
            self.sender.deliver(job)
            return
        with self._lock:
            if self._waiting >= self.backlog:
                log.warning("reply queue full; reply %s waits for a sweeper", job.id)
                return
            self._waiting += 1
        assert self._loop is not None
        self._loop.call_soon_threadsafe(self._put, job)

    def start(self) -> None:
        """Start the loop and the helper threads once per process (a forked worker starts its own)."""
        if self._started_in == os.getpid():
            return
        with self._start_lock:
            if self._started_in == os.getpid():
                return
            self._stop.clear()
            self._waiting = 0
            self._loop = asyncio.new_event_loop()
            ready = threading.Event()
            self._threads = [self._thread(lambda: self._run_loop(ready), "reply-loop"),
                             self._thread(self._sweep, "reply-sweeper"), self._thread(self._flush, "reply-finisher")]
            ready.wait(10)
            self._started_in = os.getpid()

    def stop(self, grace: float = 5.0) -> None:
        """Stop taking work, let replies on the wire finish, and give queued ones back to the other senders."""
        if self._started_in != os.getpid() or self._loop is None:
            return
        self._stop.set()
        left = [] if self._broken else \
            asyncio.run_coroutine_threadsafe(self._shutdown(grace), self._loop).result(grace + 5)
        for thread in self._threads:
            thread.join(grace)
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

    def _run_loop(self, ready: threading.Event) -> None:
        """The loop thread: open the transport, start the sending tasks, run until stopped."""
        loop = self._loop
        assert loop is not None
        asyncio.set_event_loop(loop)
        self._queue = asyncio.Queue()
        try:
            loop.run_until_complete(self.transport.open())
        except Exception:  # noqa: BLE001 - this process then replies from the calling thread instead
            log.exception("the reply loop could not start; replies are sent from the request thread")
            self._broken = True
            ready.set()
            loop.close()
            return
        self._tasks = [loop.create_task(self._send_forever()) for _ in range(self.in_flight)]
        loop.call_soon(ready.set)
        loop.run_forever()
        loop.run_until_complete(self.transport.close())
        loop.close()

    def _put(self, job: ReplyJob) -> None:
        """In the loop: queue one reply."""
        assert self._queue is not None
        self._queue.put_nowait(job)
        metrics.QUEUE_DEPTH.set(self._waiting)

    async def _send_forever(self) -> None:
        """One sending task: take a reply, send it, record the outcome; one failure never ends the task."""
        assert self._queue is not None
        while True:
            job = await self._queue.get()
            with self._lock:
                self._waiting -= 1
            try:
                await self._deliver(job)
            except Exception:  # noqa: BLE001 - the database may be away; the lease brings the reply back
                log.exception("reply %s could not be delivered now", job.id)
            finally:
                self._queue.task_done()

    async def _deliver(self, job: ReplyJob) -> str:
        """Sender.deliver, with the wait for LINE in the loop and any database wait on the executor."""
        loop = asyncio.get_running_loop()
        sender = self.sender
        if self.sender.clock.now() >= job.expires_at or sender.needs_renewal(job):
            ready = await loop.run_in_executor(None, sender.ready, job)
            if isinstance(ready, str):
                return ready
            job = ready
        try:
            status: int | None = await self.transport.post(job.body.encode(), sender.timeout_for(job))
        except Exception as exc:  # noqa: BLE001 - a network failure is a retryable outcome
            log.warning("reply %s: no answer from LINE (%s)", job.id, type(exc).__name__)
            status = None
        if status is None or not sender.quick_conclusion(status):
            return await loop.run_in_executor(None, sender.conclude, job, status)
        outcome = sender.record_sent(job, status)
        if job.user_id is not None:
            asking = loop.create_task(self._learn_language(job.user_id))
            self._asking.add(asking)
            asking.add_done_callback(self._asking.discard)
        return outcome

    async def _learn_language(self, user_id: str) -> None:
        """After a reply, ask LINE on this loop which language a new follower reads; kept for the next flush."""
        language = await self.transport.language(user_id, PROFILE_TIMEOUT)
        self.batch.add_language(user_id, language, self.sender.clock.now())

    async def _shutdown(self, grace: float) -> list[ReplyJob]:
        """In the loop: take back what is still queued, give the replies on the wire `grace` seconds."""
        assert self._queue is not None and self._loop is not None
        left: list[ReplyJob] = []
        while not self._queue.empty():
            left.append(self._queue.get_nowait())
            self._queue.task_done()
        try:
            await asyncio.wait_for(self._queue.join(), grace)
        except TimeoutError:
            log.warning("replies still on the wire at shutdown; their leases bring them back")
        if self._asking:
            await asyncio.wait(set(self._asking), timeout=grace)  # languages asked after replies, kept for the flush
        for task in self._tasks:
            task.cancel()
        self._loop.call_soon(self._loop.stop)
        return left

    def _flush(self) -> None:
        """Every flush_every seconds, mark the replies sent since the last flush."""
        while not self._stop.wait(self.flush_every):
            self._flush_now()

    def _flush_now(self) -> None:
        """One flush; a failure is logged and the replies wait for the next."""
        try:
            self.batch.flush()
        except Exception as exc:  # noqa: BLE001 - kept for the next flush
            log.warning("marking sent replies failed (%s)", type(exc).__name__)

    def _sweep(self) -> None:
        """Every sweep_every seconds, queue the replies that are due (retries, a dead worker's)."""
        while not self._stop.wait(self.sweep_every):
            room = min(self.backlog - self._waiting, 50)
            if room <= 0:
                continue
            try:
                for job in self.sender.sweep(limit=room):
                    self.submit(job)
            except Exception as exc:  # noqa: BLE001 - try again at the next sweep
                log.warning("reply sweep failed (%s)", type(exc).__name__)
