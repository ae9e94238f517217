"""Typed SQLAlchemy 2 models for followers, webhook events and conversation state."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A timezone-aware UTC time (SQLite hands back naive UTC times)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with naming conventions Alembic can rely on."""

    metadata = sa.MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map = {datetime: sa.DateTime(timezone=True), dict[str, Any]: sa.JSON}


class Follower(Base):
    """A LINE user who follows (or once followed) the bot's account."""

    __tablename__ = "followers"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    language: Mapped[str | None] = mapped_column(sa.String(16))
    blocked: Mapped[bool] = mapped_column(default=False)
    followed_at: Mapped[datetime | None]
    unfollowed_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    display_name: Mapped[str | None] = mapped_column(sa.String(100))  # LINE profile name, admin only
    profile_checked_at: Mapped[datetime | None]  # when the admin last asked LINE for the name
    language_checked_at: Mapped[datetime | None]  # when a sender last asked LINE for the language


ANSWERED = "answered"
FAILED = "failed"


class ProcessedEvent(Base):
    """A webhook event already handled; its id is the redelivery guard."""

    __tablename__ = "processed_events"

    webhook_event_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    event_type: Mapped[str] = mapped_column(sa.String(32))
    processed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    outcome: Mapped[str] = mapped_column(sa.String(16), default=ANSWERED, server_default=ANSWERED)


class ConversationState(Base):
    """What a follower asked a moment ago, so follow-ups can reuse it."""

    __tablename__ = "conversation_states"

    user_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    intent: Mapped[str | None] = mapped_column(sa.String(32))
    slots: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


PENDING = "pending"  # waiting for a sender (or for its next try)
SENT = "sent"  # LINE accepted the reply
EXPIRED = "expired"  # the reply token ran out before LINE accepted it
REFUSED = "refused"  # LINE refused it for good (an invalid token, a bad body)


class PendingReply(Base):
    """A reply written in the same transaction as its event's id, sent later by whichever worker holds it.

    `owner` and `lease_until` say which sender may send it now: no other sender takes it before the lease
    runs out, so a worker killed after the 200 leaves it to the others, and nothing is sent twice.
    """

    __tablename__ = "pending_replies"
    __table_args__ = (sa.Index("ix_pending_replies_state_lease", "state", "lease_until"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_event_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    reply_token: Mapped[str] = mapped_column(sa.String(64))
    body: Mapped[str] = mapped_column(sa.Text)  # the request body as LINE receives it, serialised once
    user_id: Mapped[str | None] = mapped_column(sa.String(64))  # set when the follower's language is unknown
    state: Mapped[str] = mapped_column(sa.String(16), default=PENDING)
    owner: Mapped[str | None] = mapped_column(sa.String(64))
    lease_until: Mapped[datetime]
    expires_at: Mapped[datetime]  # the reply token's end: LINE honours it for a minute after delivery
    attempts: Mapped[int] = mapped_column(default=0)
    last_status: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]
