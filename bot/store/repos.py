"""Repositories: the SQL behind the conversation's ports."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.conversation.ports import SavedState
from bot.store.models import ANSWERED, ConversationState, Follower, ProcessedEvent, as_utc


def _insert(session: Session, table: sa.Table) -> Any:
    """An INSERT that understands ON CONFLICT on both SQLite and PostgreSQL."""
    return _insert_for(dialect_of(session), table)


def dialect_of(session: Session) -> str:
    """The database the session talks to: sqlite or postgresql."""
    return session.get_bind().dialect.name


def _insert_for(dialect: str, table: sa.Table) -> Any:
    """INSERT … ON CONFLICT for a dialect."""
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


# The webhook's statements are built once per dialect and run with parameters on the session's
# connection: building a statement, or routing it through the ORM, costs more CPU than running it.


def run(session: Session, statement: Any, params: Any) -> Any:
    """Run a Core statement on the session's connection (inside its transaction), skipping the ORM layer."""
    return session.connection().execute(statement, params)


@cache
def _claim(dialect: str) -> Any:
    """Record an event id unless it is there (RETURNING says which happened)."""
    return (_insert_for(dialect, ProcessedEvent.__table__).on_conflict_do_nothing(index_elements=["webhook_event_id"])
            .returning(ProcessedEvent.webhook_event_id))


@cache
def _touch(dialect: str) -> Any:
    """Create a follower or move their last_seen_at."""
    stmt = _insert_for(dialect, Follower.__table__)
    return stmt.on_conflict_do_update(index_elements=["user_id"], set_={"last_seen_at": stmt.excluded.last_seen_at})


@cache
def _save_state(dialect: str) -> Any:
    """Upsert a follower's conversation state."""
    stmt = _insert_for(dialect, ConversationState.__table__)
    return stmt.on_conflict_do_update(index_elements=["user_id"], set_={
        "intent": stmt.excluded.intent, "slots": stmt.excluded.slots, "updated_at": stmt.excluded.updated_at})


LOAD_STATE = sa.select(ConversationState.intent, ConversationState.slots, ConversationState.updated_at).where(
    ConversationState.user_id == sa.bindparam("user_id"))
LANGUAGE = sa.select(Follower.language, Follower.language_checked_at).where(Follower.user_id == sa.bindparam("user_id"))
SEEN = sa.select(ProcessedEvent.webhook_event_id).where(ProcessedEvent.webhook_event_id == sa.bindparam("event_id"))


def claim_event(session: Session, event_id: str, event_type: str, now: datetime, outcome: str = ANSWERED) -> bool:
    """Record an event id and how it ended; False when another delivery or worker already has it."""
    params = {"webhook_event_id": event_id, "event_type": event_type, "processed_at": now, "outcome": outcome}
    return run(session, _claim(dialect_of(session)), params).first() is not None


def ensure_follower(session: Session, user_id: str, now: datetime) -> Follower:
    """Fetch a follower row, creating it once even under concurrent workers."""
    stmt = (
        _insert(session, Follower.__table__)
        .values(user_id=user_id, blocked=False, created_at=now, last_seen_at=now)
        .on_conflict_do_nothing(index_elements=["user_id"])
    )
    session.execute(stmt)
    follower = session.scalars(sa.select(Follower).where(Follower.user_id == user_id)).one()
    follower.last_seen_at = now
    return follower


def event_seen(session: Session, event_id: str) -> bool:
    """True when an event id is already recorded (a redelivery need not be thought about again)."""
    return run(session, SEEN, {"event_id": event_id}).first() is not None


def touch_follower(session: Session, user_id: str, now: datetime) -> None:
    """Create the follower row once, or note that they were seen: one statement, safe under concurrent workers."""
    params = {"user_id": user_id, "blocked": False, "created_at": now, "last_seen_at": now}
    run(session, _touch(dialect_of(session)), params)


PROFILE_RECHECK = timedelta(days=7)


def language_facts(session: Session, user_id: str, now: datetime) -> tuple[str | None, bool]:
    """The follower's stored LINE language, and whether LINE should be asked for it (unknown, not asked this week)."""
    row = run(session, LANGUAGE, {"user_id": user_id}).first()
    if row is None:
        return None, True
    language, checked = row
    if language:
        return language, False
    return None, checked is None or now - as_utc(checked) > PROFILE_RECHECK


REMEMBER_LANGUAGE = sa.update(Follower.__table__).where(Follower.__table__.c.user_id == sa.bindparam("uid")).values(
    language=sa.func.coalesce(sa.bindparam("found"), Follower.__table__.c.language),
    language_checked_at=sa.bindparam("checked"))


def remember_language(session: Session, user_id: str, language: str | None, now: datetime) -> None:
    """Store the language LINE gave (keeping a known one when it gave none) and when it was asked."""
    remember_languages(session, [(user_id, language, now)])


def remember_languages(session: Session, found: list[tuple[str, str | None, datetime]]) -> None:
    """remember_language for many followers in one statement run (the senders batch them)."""
    run(session, REMEMBER_LANGUAGE, [{"uid": user_id, "found": language[:16] if language else None, "checked": at}
                                     for user_id, language, at in found])


def prune_events(session: Session, older_than: datetime) -> int:
    """Forget processed event ids past LINE's redelivery horizon."""
    result = session.execute(sa.delete(ProcessedEvent).where(ProcessedEvent.processed_at < older_than))
    return int(result.rowcount or 0)


class SqlConversationStore:
    """Conversation memory and follower facts kept in the database."""

    def __init__(self, session: Session, ttl: timedelta) -> None:
        """Bind to one session (one webhook event's transaction)."""
        self.session = session
        self.ttl = ttl

    def load_state(self, user_id: str, now: datetime) -> SavedState | None:
        """The follower's recent question, or None after the silence limit."""
        row = run(self.session, LOAD_STATE, {"user_id": user_id}).first()
        if row is None or row.intent is None:
            return None
        updated = row.updated_at if row.updated_at.tzinfo else row.updated_at.replace(tzinfo=now.tzinfo)
        if now - updated > self.ttl:
            return None
        return SavedState(intent=row.intent, slots=dict(row.slots or {}))

    def save_state(self, user_id: str, state: SavedState | None, now: datetime) -> None:
        """Remember (or forget, with None) what the follower asked."""
        params = {"user_id": user_id, "intent": state.intent if state else None,
                  "slots": dict(state.slots) if state else {}, "updated_at": now}
        run(self.session, _save_state(dialect_of(self.session)), params)

    def follow(self, user_id: str, now: datetime) -> None:
        """Mark a follower as following (again)."""
        follower = ensure_follower(self.session, user_id, now)
        follower.blocked = False
        follower.followed_at = now

    def unfollow(self, user_id: str, now: datetime) -> None:
        """Mark a follower as blocked; everything else about them stays."""
        follower = ensure_follower(self.session, user_id, now)
        follower.blocked = True
        follower.unfollowed_at = now

    def language(self, user_id: str) -> str | None:
        """The follower's cached LINE language, if known."""
        row = run(self.session, LANGUAGE, {"user_id": user_id}).first()
        return row.language if row else None
