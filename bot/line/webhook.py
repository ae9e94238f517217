"""POST /callback: verify, parse, dedupe, hand each event to the conversation, reply for free."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, abort, current_app, request
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from bot.admin.menus import link_after_event
from bot.clock import Clock, SystemClock
from bot.conversation.events import Incoming, TextIn
from bot.conversation.service import Conversation, Turn, apology
from bot.line.events import to_incoming
from bot.line.profiles import NoProfiles, ProfileLookup
from bot.line.replier import Replier, anonymise
from bot.store import repos
from bot.store.models import FAILED

log = logging.getLogger(__name__)
bp = Blueprint("line", __name__)


EVENT_MEMORY = timedelta(days=7)  # LINE stops redelivering long before this
PRUNE_EVERY = timedelta(hours=1)
# Errors that say the database is unreachable for now: LINE's redelivery will find it back.
TRANSIENT = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)


@dataclass
class WebhookDeps:
    """Everything the webhook needs, built once in create_app."""

    parser: WebhookParser
    sessions: sessionmaker[Session]
    conversation: Conversation
    replier: Replier
    profiles: ProfileLookup | NoProfiles
    store_for: Callable[[Session], Any]
    tagger_for: Callable[[Session], Any]
    clock: Clock = field(default_factory=SystemClock)
    last_prune: datetime | None = None


@bp.post("/callback")
def callback() -> tuple[str, int]:
    """Verify LINE's signature over the raw body, then process every event once."""
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
        incoming = to_incoming(event, received_at=deps.clock.now())
        if incoming is not None:
            process(deps, incoming)
    return "OK", 200


def process(deps: WebhookDeps, incoming: Incoming) -> None:
    """One event inside its own error boundary: a failure is recorded and apologised for, never spread.

    Only a database that cannot be reached aborts the body with 503, so LINE redelivers it; the
    events already answered are claimed and are skipped then.
    """
    try:
        messages = handle_once(deps, incoming)
    except TRANSIENT as exc:
        log.error("database unavailable for event %s (%s)", incoming.event_id, type(exc).__name__)
        abort(503, "database unavailable; LINE will redeliver")
    except Exception:  # noqa: BLE001 - the error boundary of one event
        log.exception("event %s failed", incoming.event_id)
        messages = _record_failure(deps, incoming)
    if messages is None:
        log.info("event %s already processed; skipped", incoming.event_id)
        return
    if messages and incoming.reply_token:
        deps.replier.reply(incoming.reply_token, messages)
    link_after_event(deps.sessions)  # per-tag rich menus, after the reply and outside the transaction; never raises


def handle_once(deps: WebhookDeps, incoming: Incoming) -> list[dict[str, Any]] | None:
    """Claim the event id and run the conversation in one transaction; None if already claimed.

    The conversation's "now" is the event's own timestamp, so a redelivered event is answered for the
    moment it was sent; the clock only stamps the bookkeeping.
    """
    stored_at = deps.clock.now()
    language = _language(deps, incoming)
    with deps.sessions.begin() as session:
        if not repos.claim_event(session, incoming.event_id, type(incoming).__name__, stored_at):
            return None
        if deps.last_prune is None or stored_at - deps.last_prune > PRUNE_EVERY:
            deps.last_prune = stored_at
            repos.prune_events(session, stored_at - EVENT_MEMORY)
        if incoming.user_id:
            follower = repos.ensure_follower(session, incoming.user_id, incoming.at)
            if language:
                follower.language = language
        turn = Turn(store=deps.store_for(session), tagger=deps.tagger_for(session), now=incoming.at,
                    language=language)
        messages = deps.conversation.handle(incoming, turn)
    log.info("event %s from %s answered with %d messages", incoming.event_id, anonymise(incoming.user_id),
             len(messages))
    return messages


def _record_failure(deps: WebhookDeps, incoming: Incoming) -> list[dict[str, Any]] | None:
    """Mark a failed event as processed (so a redelivery does not fail it again) and apologise once."""
    try:
        with deps.sessions.begin() as session:
            first = repos.claim_event(session, incoming.event_id, type(incoming).__name__, deps.clock.now(),
                                      outcome=FAILED)
    except Exception as exc:  # noqa: BLE001 - an event that cannot even be recorded is still apologised for
        log.error("event %s could not be recorded as failed (%s)", incoming.event_id, type(exc).__name__)
        first = True
    if not first:
        return None
    return [apology()]


def _language(deps: WebhookDeps, incoming: Incoming) -> str | None:
    """The follower's language: cached in the database, else from the free profile lookup."""
    if not incoming.user_id or not isinstance(incoming, TextIn) or incoming.chat != "user":
        return None
    with deps.sessions() as session:
        cached = deps.store_for(session).language(incoming.user_id)
    return cached or deps.profiles.language(incoming.user_id)
