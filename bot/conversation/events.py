"""Incoming events as plain values, so the conversation never sees the LINE SDK."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, kw_only=True)
class Incoming:
    """What every event carries."""

    event_id: str
    user_id: str | None
    reply_token: str | None
    at: datetime
    chat: str = "user"  # user | group | room
    redelivery: bool = False


@dataclass(frozen=True, kw_only=True)
class TextIn(Incoming):
    """A text message."""

    text: str


@dataclass(frozen=True, kw_only=True)
class PostbackIn(Incoming):
    """A tap on a postback action (quick reply, rich menu, Flex button)."""

    data: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class FollowIn(Incoming):
    """A new follower, or one who unblocked the account."""

    unblocked: bool = False


@dataclass(frozen=True, kw_only=True)
class UnfollowIn(Incoming):
    """A follower blocked the account."""
