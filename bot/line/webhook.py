"""POST /callback: verify, parse, dedupe, hand each event to the conversation, reply for free."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Blueprint, abort, current_app, request
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.conversation.events import Incoming, TextIn
from bot.conversation.service import Conversation, Turn
from bot.line.events import to_incoming
from bot.line.profiles import NoProfiles, ProfileLookup
from bot.line.replier import Replier, anonymise
from bot.store import repos

log = logging.getLogger(__name__)
bp = Blueprint("line", __name__)


EVENT_MEMORY = timedelta(days=7)  # LINE stops redelivering long before this
PRUNE_EVERY = timedelta(hours=1)


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
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
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
        incoming = to_incoming(event)
        if incoming is not None:
            process(deps, incoming)
    return "OK", 200


def process(deps: WebhookDeps, incoming: Incoming) -> None:
    """Handle one event in its own transaction, then reply; a database failure aborts with 503."""
    now = deps.clock()
    try:
        messages = handle_once(deps, incoming, now)
    except SQLAlchemyError:
        log.exception("database unavailable for event %s", incoming.event_id)
        abort(503, "database unavailable; LINE will redeliver")
    if messages is None:
        log.info("event %s already processed; skipped", incoming.event_id)
        return
    if messages and incoming.reply_token:
        deps.replier.reply(incoming.reply_token, messages)


def handle_once(deps: WebhookDeps, incoming: Incoming, now: datetime) -> list[dict[str, Any]] | None:
    """Claim the event id and run the conversation in one transaction; None if already claimed."""
    language = _language(deps, incoming, now)
    with deps.sessions.begin() as session:
        if not repos.claim_event(session, incoming.event_id, type(incoming).__name__, now):
            return None
        if deps.last_prune is None or now - deps.last_prune > PRUNE_EVERY:
            deps.last_prune = now
            repos.prune_events(session, now - EVENT_MEMORY)
        if incoming.user_id:
            follower = repos.ensure_follower(session, incoming.user_id, now)
            if language:
                follower.language = language
        turn = Turn(store=deps.store_for(session), tagger=deps.tagger_for(session), now=now, language=language)
        messages = deps.conversation.handle(incoming, turn)
    log.info("event %s from %s answered with %d messages", incoming.event_id, anonymise(incoming.user_id),
             len(messages))
    return messages


def _language(deps: WebhookDeps, incoming: Incoming, now: datetime) -> str | None:
    """The follower's language: cached in the database, else from the free profile lookup."""
    if not incoming.user_id or not isinstance(incoming, TextIn) or incoming.chat != "user":
        return None
    with deps.sessions() as session:
        cached = deps.store_for(session).language(incoming.user_id)
    return cached or deps.profiles.language(incoming.user_id)
