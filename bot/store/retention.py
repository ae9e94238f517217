"""What the bot keeps, and for how long: run on a schedule (the Procfile's `retention:` line), not by traffic."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.store import outbox
from bot.store.models import ConversationState, as_utc
from bot.store.repos import prune_events
from bot.store.tagging import prune_messages

log = logging.getLogger(__name__)
EVENT_MEMORY = timedelta(days=7)  # LINE stops redelivering an event 20 minutes after it; a week is plenty
REPLY_MEMORY = timedelta(days=2)  # finished replies, kept a little for the metrics and for questions
STATE_MEMORY = timedelta(days=1)  # conversation memory is read for 30 minutes; older rows only hold words


@dataclass(frozen=True)
class Pruned:
    """How many rows of each kind one run deleted."""

    events: int
    replies: int
    messages: int
    states: int


def enforce(session: Session, now: datetime, message_days: int) -> Pruned:
    """Delete what is past its time: event ids, replies, messages kept for replaying rules, old states."""
    now = as_utc(now)
    states = session.execute(sa.delete(ConversationState).where(ConversationState.updated_at < now - STATE_MEMORY))
    pruned = Pruned(events=prune_events(session, now - EVENT_MEMORY), replies=outbox.prune(session, now - REPLY_MEMORY),
                    messages=prune_messages(session, now, message_days), states=int(states.rowcount or 0))
    log.info("retention: deleted %d event ids, %d replies, %d messages, %d conversation states", pruned.events,
             pruned.replies, pruned.messages, pruned.states)
    return pruned
