"""Shared helpers for the tagging tests that touch the database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot.store.tagging import FollowerTag, Retention, RuleCache, SqlTagger, create_rule
from bot.tagging import validate_rule

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
USER = "U" + "1" * 32


def add_rule(sessions: sessionmaker[Session], now: datetime = NOW, **fields: Any) -> int:
    """Store a validated rule; return its id."""
    with sessions.begin() as session:
        return create_rule(session, validate_rule(fields), now).id


def tag_text(sessions: sessionmaker[Session], text: str, user: str = USER, now: datetime = NOW,
             cache: RuleCache | None = None, retention: Retention | None = None) -> None:
    """Run one on_text in its own transaction, as the webhook does per event."""
    with sessions.begin() as session:
        SqlTagger(session, cache or RuleCache(refresh_seconds=0), retention or Retention(days=30)).on_text(
            user, text, now)


def tags_of(sessions: sessionmaker[Session], user: str = USER) -> dict[str, FollowerTag]:
    """A follower's tag rows by tag."""
    with sessions() as session:
        rows = session.scalars(sa.select(FollowerTag).where(FollowerTag.user_id == user))
        return {row.tag: row for row in rows}
