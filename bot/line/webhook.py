"""POST /callback: verify, parse, think, record each event with its reply in one short write, acknowledge.

The replies leave from the sender pool after the 200 (bot/line/replier.py). Each event is thought about
first, with reads only; then one brief transaction claims its id, applies what the turn wrote (state,
tags) and records its reply, so SQLite's write lock is held for a few statements, never for the thinking.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Blueprint, abort, current_app, request
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from bot import metrics
from bot.admin.menus import link_after_event, links_waiting
from bot.clock import Clock, SystemClock
from bot.conversation.events import Incoming, TextIn
from bot.conversation.ports import StagedTurn
from bot.conversation.service import Conversation, Turn, apology
from bot.line.events import to_incoming
from bot.line.replier import MAX_MESSAGES, TOKEN_LIFE, ReplyDriver, Sender
from bot.logs import anonymise
from bot.store import outbox, repos
from bot.store.models import ANSWERED, FAILED
from bot.store.outbox import NewReply, ReplyJob

log = logging.getLogger(__name__)
bp = Blueprint("line", __name__)

# Errors that say the database is unreachable for now: LINE's redelivery will find it back.
TRANSIENT = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)
BUDGET_SECONDS = 10.0  # a body still unanswered by then gets 503 and is redelivered; gunicorn kills at 30 s


@dataclass
class WebhookDeps:
    """Everything the webhook needs, built once in create_app."""

    parser: WebhookParser
    sessions: sessionmaker[Session]
    conversation: Conversation
    sender: Sender
    driver: ReplyDriver
    store_for: Callable[[Session], Any]
    tagger_for: Callable[[Session], Any]
    clock: Clock = field(default_factory=SystemClock)
    budget_seconds: float = BUDGET_SECONDS


@dataclass(frozen=True)
class Handled:
    """What one event came to: the messages answered and, when there is a reply token, its recorded reply."""

    messages: list[dict[str, Any]]
    job: ReplyJob | None = None
    menus: bool = False  # the event queued a per-tag rich menu link


@bp.post("/callback")
def callback() -> tuple[str, int]:
    """Verify LINE's signature over the raw body, then record every event once and acknowledge."""
    started = time.perf_counter()
    deps: WebhookDeps = current_app.extensions["webhook"]
    body = request.get_data(as_text=True)
    signature = request.headers.get("X-Line-Signature", "")
    if not signature:
        abort(400, "missing X-Line-Signature")
    try:
        events = deps.parser.parse(body, signature)
    except InvalidSignatureError:
        log.warning("webhook with a bad signature refused")
        abort(400, "invalid signature")
    except Exception:  # noqa: BLE001 - a signed but unreadable body is the sender's error
        log.warning("webhook body could not be parsed")
        abort(400, "malformed body")
    for event in events:
        if time.perf_counter() - started > deps.budget_seconds:
            log.error("webhook over its %.0f s budget; LINE will redeliver the rest", deps.budget_seconds)
            abort(503, "over the time budget; LINE will redeliver")
        incoming = to_incoming(event, received_at=deps.clock.now())
        if incoming is None:
            metrics.EVENTS.labels(getattr(event, "type", "unknown") or "unknown", "ignored").inc()
            continue
        process(deps, incoming)
    metrics.WEBHOOK_SECONDS.observe(time.perf_counter() - started)
    return "OK", 200


def process(deps: WebhookDeps, incoming: Incoming) -> None:
    """One event inside its own error boundary: a failure is recorded and apologised for, never spread.

    Only a database that cannot be reached aborts the body with 503, so LINE redelivers it; the
    events already recorded are claimed and are skipped then.
    """
    kind = type(incoming).__name__
    try:
        handled = handle_once(deps, incoming)
        outcome = ANSWERED
    except TRANSIENT as exc:
        log.error("database unavailable for event %s (%s)", incoming.event_id, type(exc).__name__,
                  extra={"event_id": incoming.event_id})
        metrics.EVENTS.labels(kind, "unavailable").inc()
        abort(503, "database unavailable; LINE will redeliver")
    except Exception:  # noqa: BLE001 - the error boundary of one event
        log.exception("event %s failed", incoming.event_id, extra={"event_id": incoming.event_id})
        handled, outcome = _record_failure(deps, incoming), FAILED
    if handled is None:
        log.info("event %s already processed; skipped", incoming.event_id, extra={"event_id": incoming.event_id})
        metrics.EVENTS.labels(kind, "duplicate").inc()
        return
    metrics.EVENTS.labels(kind, outcome).inc()
    if handled.job is not None:
        _hand_over(deps, handled.job)
    if handled.menus or links_waiting():
        link_after_event(deps.sessions)  # per-tag rich menus queued by this event; never raises


def _hand_over(deps: WebhookDeps, job: ReplyJob) -> None:
    """Give a recorded reply to the senders; if they cannot take it now, its lease brings it back later."""
    try:
        deps.driver.submit(job)
    except Exception:  # noqa: BLE001 - the reply is recorded; a sweeper sends it when its lease runs out
        log.exception("reply %s not handed to a sender; it waits for a sweeper", job.id)


def handle_once(deps: WebhookDeps, incoming: Incoming) -> Handled | None:
    """Think with reads only, then claim the event id and write everything once; None if already claimed.

    The conversation's "now" is the event's own timestamp, so a redelivered event is answered for the
    moment it was sent; the clock only stamps the bookkeeping.
    """
    if incoming.redelivery and _seen(deps, incoming):
        return None
    received = deps.clock.now()
    with deps.sessions() as reading:
        staged = StagedTurn(deps.store_for(reading))
        language, ask = _language(reading, incoming)
        wants_language = ask and deps.sender.asks_languages and isinstance(incoming, TextIn)
        turn = Turn(store=staged, tagger=staged, now=incoming.at, language=language)
        messages = deps.conversation.handle(incoming, turn)[:MAX_MESSAGES]
    reply = _new_reply(incoming, messages, received, wants_language)
    with deps.sessions.begin() as session:
        if not repos.claim_event(session, incoming.event_id, type(incoming).__name__, received):
            return None
        tagger = deps.tagger_for(session)
        if incoming.user_id and (incoming.chat == "user" or messages):
            tagger.touch(incoming.user_id, incoming.at)
        staged.apply(deps.store_for(session), tagger)
        job = _record_reply(deps, session, reply, received)
    log.info("event %s from %s answered with %d messages", incoming.event_id, anonymise(incoming.user_id),
             len(messages), extra={"event_id": incoming.event_id, "user": anonymise(incoming.user_id)})
    return Handled(messages=messages, job=job, menus=bool(getattr(tagger, "queued_menus", False)))


def _new_reply(incoming: Incoming, messages: list[dict[str, Any]], received: datetime,
               wants_language: bool) -> NewReply | None:
    """The reply to record, serialised once as LINE's request body; None when there is nothing to send."""
    if not messages or not incoming.reply_token:
        return None
    body = json.dumps({"replyToken": incoming.reply_token, "messages": messages}, ensure_ascii=False,
                      separators=(",", ":"))
    return NewReply(event_id=incoming.event_id, reply_token=incoming.reply_token, body=body,
                    user_id=incoming.user_id if wants_language else None, expires_at=received + TOKEN_LIFE)


def _record_reply(deps: WebhookDeps, session: Session, reply: NewReply | None, received: datetime) -> ReplyJob | None:
    """Record the reply in the event's transaction, leased to this process's senders."""
    if reply is None:
        return None
    return outbox.record(session, reply, deps.sender.owner, received, deps.sender.policy.lease)


def _seen(deps: WebhookDeps, incoming: Incoming) -> bool:
    """A cheap read before thinking again about a redelivered event."""
    with deps.sessions() as session:
        return repos.event_seen(session, incoming.event_id)


def _language(session: Session, incoming: Incoming) -> tuple[str | None, bool]:
    """A one-to-one follower's stored LINE language, and whether to ask LINE for it after the reply."""
    if not incoming.user_id or incoming.chat != "user":
        return None, False
    return repos.language_facts(session, incoming.user_id, incoming.at)


def _record_failure(deps: WebhookDeps, incoming: Incoming) -> Handled | None:
    """Mark a failed event as processed (so a redelivery does not fail it again) and apologise once."""
    received = deps.clock.now()
    messages = [apology()]
    reply = _new_reply(incoming, messages, received, wants_language=False)
    try:
        with deps.sessions.begin() as session:
            if not repos.claim_event(session, incoming.event_id, type(incoming).__name__, received, outcome=FAILED):
                return None
            job = _record_reply(deps, session, reply, received)
    except Exception as exc:  # noqa: BLE001 - an event that cannot even be recorded is skipped, with its reason
        log.error("event %s could not be recorded (%s); skipped", incoming.event_id, type(exc).__name__,
                  extra={"event_id": incoming.event_id})
        return Handled(messages=[])
    return Handled(messages=messages, job=job)
