"""Turns LINE SDK webhook events into the conversation's plain values."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from linebot.v3.webhooks import (
    Event,
    FollowEvent,
    GroupSource,
    MessageEvent,
    PostbackEvent,
    RoomSource,
    TextMessageContent,
    UnfollowEvent,
)

from bot.conversation.events import FollowIn, Incoming, PostbackIn, TextIn, UnfollowIn

log = logging.getLogger(__name__)


def to_incoming(event: Event, received_at: datetime) -> Incoming | None:
    """The plain form of an event we handle, or None for kinds we ignore.

    Its `at` is LINE's timestamp of the event; `received_at` stands in only when LINE gave none.
    """
    base = _base(event, received_at)
    if base is None:
        return None
    if isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
        return TextIn(**base, text=event.message.text or "")
    if isinstance(event, PostbackEvent):
        params = {k: str(v) for k, v in (event.postback.params or {}).items()}
        return PostbackIn(**base, data=event.postback.data or "", params=params)
    if isinstance(event, FollowEvent):
        unblocked = bool(getattr(getattr(event, "follow", None), "is_unblocked", False))
        return FollowIn(**base, unblocked=unblocked)
    if isinstance(event, UnfollowEvent):
        return UnfollowIn(**base)
    log.debug("ignoring %s event", getattr(event, "type", "unknown"))
    return None


def _base(event: Event, received_at: datetime) -> dict[str, object] | None:
    """Fields common to every event; None when the event has no id."""
    event_id = getattr(event, "webhook_event_id", None)
    if not event_id:
        return None
    source = getattr(event, "source", None)
    chat = "group" if isinstance(source, GroupSource) else "room" if isinstance(source, RoomSource) else "user"
    millis = getattr(event, "timestamp", None) or 0
    context = getattr(event, "delivery_context", None)
    return {
        "event_id": event_id,
        "user_id": getattr(source, "user_id", None),
        "reply_token": getattr(event, "reply_token", None),
        "at": _moment(millis, received_at),
        "chat": chat,
        "redelivery": bool(getattr(context, "is_redelivery", False)),
    }


def _moment(millis: int, received_at: datetime) -> datetime:
    """LINE's event time in milliseconds as a UTC moment; the arrival time when it is absent or absurd."""
    if not millis:
        return received_at
    try:
        return datetime.fromtimestamp(millis / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        log.warning("event timestamp out of range; the arrival time is used")
        return received_at
