"""Joins understanding, pricing and answers for each incoming event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.conversation.events import FollowIn, Incoming, PostbackIn, TextIn, UnfollowIn
from bot.conversation.ports import ConversationStore, Tagger

Messages = list[dict[str, Any]]


@dataclass
class Turn:
    """The per-event context: where state lives, who tags, what time it is, which language."""

    store: ConversationStore
    tagger: Tagger
    now: datetime
    language: str | None = None


class Conversation:
    """Routes each kind of event to its use case."""

    def handle(self, incoming: Incoming, turn: Turn) -> Messages:
        """Answer an event with LINE message dicts (possibly none)."""
        if isinstance(incoming, TextIn):
            return self.on_text(incoming, turn)
        if isinstance(incoming, PostbackIn):
            return self.on_postback(incoming, turn)
        if isinstance(incoming, FollowIn):
            return self.on_follow(incoming, turn)
        if isinstance(incoming, UnfollowIn):
            return self.on_unfollow(incoming, turn)
        return []

    def on_text(self, incoming: TextIn, turn: Turn) -> Messages:
        """Answer a merchant's text question."""
        return [{"type": "text", "text": "您好！"}]

    def on_postback(self, incoming: PostbackIn, turn: Turn) -> Messages:
        """Answer a tap."""
        return [{"type": "text", "text": "您好！"}]

    def on_follow(self, incoming: FollowIn, turn: Turn) -> Messages:
        """Welcome a new follower."""
        if incoming.user_id:
            turn.store.follow(incoming.user_id, turn.now)
        return [{"type": "text", "text": "歡迎！"}]

    def on_unfollow(self, incoming: UnfollowIn, turn: Turn) -> Messages:
        """Mark the follower blocked; there is no one to answer."""
        if incoming.user_id:
            turn.store.unfollow(incoming.user_id, turn.now)
            turn.tagger.on_unfollow(incoming.user_id, turn.now)
        return []
