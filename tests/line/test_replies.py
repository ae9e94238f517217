"""Replies leave after the 200, from recorded rows: retried while the token lives, never lost, never sent twice."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from datetime import UTC, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from bot.app import create_app
from bot.line.replier import (
    TOKEN_LIFE,
    AsyncLineTransport,
    Policy,
    SenderPool,
    make_configuration,
    proxies_in_environment,
)
from bot.store.models import EXPIRED, PENDING, REFUSED, SENT, Follower, PendingReply, ProcessedEvent
from bot.store.outbox import ReplyJob
from tests.factories import body, sign, text_event


class Holding:
    """A driver that keeps what it is handed: a worker killed right after its 200 never sends anything."""

    def __init__(self) -> None:
        self.jobs: list[ReplyJob] = []

    def submit(self, job: ReplyJob) -> None:
        self.jobs.append(job)


def rows(app: Flask) -> list[PendingReply]:
    """Every recorded reply, oldest first."""
    with app.extensions["sessions"]() as session:
        return list(session.scalars(sa.select(PendingReply).order_by(PendingReply.id)))


def post(app: Flask, raw: bytes) -> int:
    """POST a signed body to the app's webhook; the status code."""
    return app.test_client().post("/callback", data=raw, headers={"X-Line-Signature": sign(raw)},
                                  content_type="application/json").status_code


@pytest.fixture
def held(app: Flask) -> Holding:
    """The app's reply driver, replaced by one that sends nothing by itself."""
    holding = Holding()
    app.extensions["webhook"].driver = holding
    return holding


def test_the_webhook_acknowledges_with_the_reply_recorded_and_not_yet_sent(app, held, line) -> None:
    ev = text_event("好友2000人每月推播4次")
    assert post(app, body(ev)) == 200
    [row] = rows(app)
    assert (row.state, row.reply_token, row.webhook_event_id) == (PENDING, ev["replyToken"], ev["webhookEventId"])
    assert line.replies() == [] and len(held.jobs) == 1
    assert app.extensions["webhook"].sender.deliver(held.jobs[0]) == SENT
    [reply] = line.replies()
    assert reply["replyToken"] == ev["replyToken"] and "NT$" in str(reply["messages"])
    assert rows(app)[0].state == SENT


def test_a_worker_killed_after_the_200_is_replaced_by_another_that_sends_once(app, held, line, settings, clock) -> None:
    assert post(app, body(text_event("中用量月費多少"))) == 200
    other = create_app(settings, clock=clock)  # another worker, on the same database
    sender = other.extensions["webhook"].sender
    assert sender.sweep() == [], "the dead worker's lease still holds"
    clock.advance(Policy().lease)
    [job] = sender.sweep()
    assert sender.sweep() == [], "a reply is taken by one sender at a time"
    assert sender.deliver(job) == SENT
    assert app.extensions["webhook"].sender.deliver(held.jobs[0]) == "lost", "the dead worker's copy is stale"
    assert len(line.replies()) == 1
    other.extensions["engine"].dispose()


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_refused_for_now_reply_is_retried_with_backoff_until_line_takes_it(app, held, line, clock, status) -> None:
    sender = app.extensions["webhook"].sender
    line.status = status
    post(app, body(text_event("高用量多少錢")))
    assert sender.deliver(held.jobs[0]) == "retry"
    row = rows(app)[0]
    assert row.state == PENDING and row.attempts == 1 and row.last_status == status and row.owner is None
    assert sender.sweep() == [], "not before its backoff"
    clock.advance(timedelta(seconds=1))
    [job] = sender.sweep()
    line.status = 200
    assert sender.deliver(job) == SENT
    assert len(line.accepted_replies()) == 1 and rows(app)[0].attempts == 2


def test_a_reply_line_never_takes_gives_up_when_the_token_dies(app, held, line, clock) -> None:
    sender = app.extensions["webhook"].sender
    line.status = 500
    post(app, body(text_event("輕用量")))
    job, outcomes = held.jobs[0], []
    while (outcome := sender.deliver(job)) == "retry":
        outcomes.append(outcome)
        clock.advance(rows(app)[0].lease_until.replace(tzinfo=UTC) - clock.now())
        [job] = sender.sweep()
    outcomes.append(outcome)
    row = rows(app)[0]
    assert outcomes[-1] == EXPIRED and row.state == EXPIRED and set(outcomes[:-1]) == {"retry"}
    assert 3 <= row.attempts <= 12
    attempts = len(line.replies())
    clock.advance(TOKEN_LIFE)
    assert sender.sweep() == [] and len(line.replies()) == attempts


def test_a_reply_past_its_token_is_not_sent(app, held, line, clock) -> None:
    post(app, body(text_event("中用量")))
    clock.advance(TOKEN_LIFE)
    assert app.extensions["webhook"].sender.deliver(held.jobs[0]) == EXPIRED
    assert line.replies() == []


def test_an_invalid_token_is_refused_for_good(app, held, line, clock) -> None:
    line.status = 400
    post(app, body(text_event("中用量")))
    assert app.extensions["webhook"].sender.deliver(held.jobs[0]) == REFUSED
    clock.advance(timedelta(seconds=30))
    assert app.extensions["webhook"].sender.sweep() == []


def test_a_hung_line_api_times_out_and_is_tried_again(app, held, line) -> None:
    deps = app.extensions["webhook"]
    deps.sender.policy = dataclasses.replace(deps.sender.policy, timeout=0.2)
    line.delay = 0.6
    post(app, body(text_event("hi")))
    assert deps.sender.deliver(held.jobs[0]) == "retry"
    row = rows(app)[0]
    assert row.state == PENDING and row.last_status is None
    assert len(line.calls_to("POST", "/v2/bot/message/reply")) == 1, "no hidden retry behind the sender's back"


def test_the_webhook_never_calls_line_even_when_line_hangs(app, held, line) -> None:
    line.delay = 5
    assert post(app, body(text_event("中用量月費"), )) == 200
    assert line.calls == []


def test_a_redelivered_event_whose_reply_waits_is_not_recorded_twice(app, held, line) -> None:
    ev = text_event("中用量月費")
    post(app, body(ev))
    post(app, body({**ev, "deliveryContext": {"isRedelivery": True}}))
    assert len(rows(app)) == 1 and len(held.jobs) == 1


def test_the_database_gone_mid_burst_loses_nothing_and_sends_nothing_twice(app, line, settings) -> None:
    events = [text_event(q, user="U" + f"{i:032x}") for i, q in enumerate(["中用量", "高用量", "輕用量"])]
    deps = app.extensions["webhook"]
    real = deps.store_for
    calls = {"n": 0}

    def flaky(session: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:  # the second event's read: the database has just gone away
            raise sa.exc.OperationalError("SELECT", {}, Exception("server closed the connection"))
        return real(session)

    deps.store_for = flaky
    assert post(app, body(*events)) == 503
    assert len(line.replies()) == 1, "the first event was recorded, and its reply goes out"
    deps.store_for = real
    assert post(app, body(*events)) == 200, "LINE redelivers the whole body"
    tokens = [r["replyToken"] for r in line.replies()]
    assert sorted(tokens) == sorted(e["replyToken"] for e in events)
    with app.extensions["sessions"]() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(ProcessedEvent)) == 3


def test_an_event_over_the_time_budget_is_left_for_redelivery(app, line) -> None:
    app.extensions["webhook"].budget_seconds = 0.0
    assert post(app, body(text_event("中用量"))) == 503
    assert rows(app) == [] and line.calls == []


def pool_for(app: Flask, in_flight: int, transport: Any = None) -> SenderPool:
    """A sender pool on the app's sender, talking to the fake LINE API, installed as the app's driver."""
    deps = app.extensions["webhook"]
    configuration = make_configuration(app.extensions["settings"].line_api_base_url, "test-token")
    pool = SenderPool(deps.sender, transport or AsyncLineTransport(configuration), in_flight=in_flight,
                      sweep_every=0.05)
    deps.driver = pool
    return pool


def test_the_sender_pool_replies_from_its_own_loop(app, line) -> None:
    pool = pool_for(app, in_flight=2)
    try:
        events = [text_event(f"好友{n}人每月推播2次", user="U" + f"{n:032x}") for n in (800, 1500, 6000)]
        assert post(app, body(*events)) == 200
        replies = line.wait_for_replies(3)
    finally:
        pool.stop()
    assert sorted(r["replyToken"] for r in replies) == sorted(e["replyToken"] for e in events)
    assert {row.state for row in rows(app)} == {SENT}
    with app.extensions["sessions"]() as session:  # the new followers' languages, asked after their replies
        languages = session.execute(sa.select(Follower.language, Follower.language_checked_at)).all()
    assert len(languages) == 3 and all(language == "zh-TW" and checked for language, checked in languages)


def test_the_pool_asks_languages_on_its_loop_with_the_channel_token(app, line) -> None:
    line.refuse["GET /v2/bot/profile/"] = 500
    pool = pool_for(app, in_flight=2)
    try:
        assert post(app, body(text_event("中用量", user="U" + "a" * 32))) == 200
        line.wait_for_replies(1)
    finally:
        pool.stop()  # waits for the languages being asked
    lookups = [c for c in line.calls if c["path"].startswith("/v2/bot/profile/")]
    assert [c["auth"] for c in lookups] == ["Bearer test-token"]
    with app.extensions["sessions"]() as session:  # LINE said nothing: no language, but asked (not again this week)
        [(language, checked)] = session.execute(sa.select(Follower.language, Follower.language_checked_at)).all()
    assert language is None and checked is not None and rows(app)[0].state == SENT


def test_the_async_transport_reads_the_environment_only_when_a_proxy_is_set(monkeypatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert not proxies_in_environment()
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    assert proxies_in_environment()


class Hanging:
    """A LINE API that takes every reply and never answers."""

    async def open(self) -> None:
        self.posted = asyncio.Event()

    async def post(self, body: bytes, timeout: float) -> int:
        self.posted.set()
        await asyncio.Event().wait()
        return 200

    async def language(self, user_id: str, timeout: float) -> str | None:
        return None

    async def close(self) -> None:
        pass


def test_a_stopping_pool_hands_its_queue_to_the_other_senders(app, line, clock) -> None:
    hanging = Hanging()
    pool = pool_for(app, in_flight=1, transport=hanging)
    post(app, body(text_event("中用量", user="U" + "1" * 32), text_event("高用量", user="U" + "2" * 32)))
    pool.stop(grace=0.2)
    on_the_wire, queued = rows(app)
    assert on_the_wire.owner is not None, "the one on the wire stays leased: its lease brings it back later"
    assert queued.owner is None and queued.state == PENDING
    [job] = app.extensions["webhook"].sender.sweep()  # due at once, though its lease had 20 s left
    assert job.id == queued.id and app.extensions["webhook"].sender.deliver(job) == SENT


def run_together(count: int, work: Any) -> list[Any]:
    """Run `work(i)` in `count` threads released at once; their results in order."""
    barrier, results = threading.Barrier(count), [None] * count

    def run(i: int) -> None:
        barrier.wait()
        results[i] = work(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.postgres
def test_postgres_two_workers_with_the_same_event_record_one_reply(settings, fresh_postgres_url, line, clock) -> None:
    apps = [create_app(dataclasses.replace(settings, database_url=fresh_postgres_url), clock=clock) for _ in range(2)]
    raw = body(text_event("好友3000人每月推播4次"))
    codes = run_together(2, lambda i: post(apps[i], raw))
    assert codes == [200, 200]
    assert len(rows(apps[0])) == 1 and len(line.accepted_replies()) == 1 and len(line.replies()) == 1
    for app in apps:
        app.extensions["engine"].dispose()


@pytest.mark.postgres
def test_postgres_senders_skip_each_others_rows(settings, fresh_postgres_url, line, clock) -> None:
    apps = [create_app(dataclasses.replace(settings, database_url=fresh_postgres_url), clock=clock) for _ in range(3)]
    for app in apps:
        app.extensions["webhook"].driver = Holding()
    events = [text_event("中用量", user="U" + f"{i:032x}") for i in range(30)]
    assert post(apps[0], body(*events)) == 200
    clock.advance(Policy().lease)
    taken = run_together(3, lambda i: apps[i].extensions["webhook"].sender.sweep(limit=30))
    ids = [job.id for jobs in taken for job in jobs]
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 30
    for i, jobs in enumerate(taken):
        for job in jobs:
            assert apps[i].extensions["webhook"].sender.deliver(job) == SENT
    assert len(line.replies()) == 30 == len({r["replyToken"] for r in line.replies()})
    for app in apps:
        app.extensions["engine"].dispose()


def test_senders_that_cannot_take_a_reply_leave_it_recorded_for_a_sweeper(app, line, clock) -> None:
    class Broken:
        def submit(self, job: ReplyJob) -> None:
            raise RuntimeError("the sender loop is gone")

    app.extensions["webhook"].driver = Broken()
    assert post(app, body(text_event("中用量"))) == 200
    assert line.replies() == [] and rows(app)[0].state == PENDING
    clock.advance(Policy().lease)
    [job] = app.extensions["webhook"].sender.sweep()
    assert app.extensions["webhook"].sender.deliver(job) == SENT


class Unopenable:
    """An async client that cannot even be made."""

    async def open(self) -> None:
        raise OSError("no event loop client here")

    async def post(self, body: bytes, timeout: float) -> int:
        raise AssertionError("never used")

    async def language(self, user_id: str, timeout: float) -> str | None:
        raise AssertionError("never used")

    async def close(self) -> None:
        pass


def test_a_reply_loop_that_cannot_start_sends_from_the_request_thread(app, line) -> None:
    pool = pool_for(app, in_flight=4, transport=Unopenable())
    ev = text_event("中用量月費")
    assert post(app, body(ev)) == 200
    assert [r["replyToken"] for r in line.replies()] == [ev["replyToken"]]
    pool.stop()
