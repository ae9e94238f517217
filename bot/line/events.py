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
        return TextIn(**base, text=storable(event.message.text or ""))
    if isinstance(event, PostbackEvent):
        params = {storable(k): storable(str(v)) for k, v in (event.postback.params or {}).items()}
        return PostbackIn(**base, data=storable(event.postback.data or ""), params=params)
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
    if not _fits(event_id):
        log.warning("event skipped: its id is not one LINE gives (%d characters)", len(str(event_id)))
        return None
    source = getattr(event, "source", None)
    chat = "group" if isinstance(source, GroupSource) else "room" if isinstance(source, RoomSource) else "user"
    millis = getattr(event, "timestamp", None) or 0
    context = getattr(event, "delivery_context", None)
    return {
        "event_id": event_id,
        "user_id": _id_or_none(getattr(source, "user_id", None), "user id"),
        "reply_token": _id_or_none(getattr(event, "reply_token", None), "reply token"),
        "at": _moment(millis, received_at),
        "chat": chat,
        "redelivery": bool(getattr(context, "is_redelivery", False)),
    }


MAX_ID = 64  # the columns that keep event ids, user ids and reply tokens; LINE's are 26 to 33 characters


def storable(text: str) -> str:
    """Text any database keeps: no NUL, and no lone surrogate (JSON allows "\\ud800"; UTF-8 does not)."""
    text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def _fits(value: object) -> bool:
    """An id that fits its column and is plain ASCII, as LINE's are."""
    return isinstance(value, str) and 0 < len(value) <= MAX_ID and value.isascii() and value.isprintable()


def _id_or_none(value: object, what: str) -> str | None:
    """An id as given, or None (logged) when it cannot be a LINE id: the event is still answered if it can be."""
    if value is None:
        return None
    if _fits(value):
        return str(value)
    log.warning("event's %s is not one LINE gives; dropped", what)
    return None


def _moment(millis: int, received_at: datetime) -> datetime:
    """LINE's event time in milliseconds as a UTC moment; the arrival time when it is absent or absurd."""
    if not millis:
        return received_at
    try:
        return datetime.fromtimestamp(millis / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        log.warning("event timestamp out of range; the arrival time is used")
        return received_at
