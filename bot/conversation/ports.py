"""What the conversation needs from the outside world, as protocols."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class SavedState:
    """A follower's last understood question."""

    intent: str
    slots: dict[str, Any] = field(default_factory=dict)


class ConversationStore(Protocol):
    """Conversation memory and follower status."""

    def load_state(self, user_id: str, now: datetime) -> SavedState | None: ...
    def save_state(self, user_id: str, state: SavedState | None, now: datetime) -> None: ...
    def follow(self, user_id: str, now: datetime) -> None: ...
    def unfollow(self, user_id: str, now: datetime) -> None: ...
    def language(self, user_id: str) -> str | None: ...


class Tagger(Protocol):
    """Tags followers from what they write and do."""

    def on_text(self, user_id: str, text: str, now: datetime) -> None: ...
    def on_event_tag(self, user_id: str, tag: str, source: str, now: datetime) -> None: ...
    def on_unfollow(self, user_id: str, now: datetime) -> None: ...


class NullTagger:
    """A tagger that tags nothing (console and tests that do not care)."""

    def on_text(self, user_id: str, text: str, now: datetime) -> None:
        """Ignore the text."""

    def on_event_tag(self, user_id: str, tag: str, source: str, now: datetime) -> None:
        """Ignore the tag."""

    def on_unfollow(self, user_id: str, now: datetime) -> None:
        """Ignore the unfollow."""


class MemoryStore:
    """An in-memory ConversationStore for the console and unit tests."""

    def __init__(self) -> None:
        """Start empty."""
        self.states: dict[str, tuple[SavedState, datetime]] = {}
        self.blocked: dict[str, bool] = {}
        self.languages: dict[str, str] = {}
        self.ttl_seconds = 30 * 60

    def load_state(self, user_id: str, now: datetime) -> SavedState | None:
        """The state saved within the silence limit, if any."""
        saved = self.states.get(user_id)
        if saved is None or (now - saved[1]).total_seconds() > self.ttl_seconds:
            return None
        return saved[0]

    def save_state(self, user_id: str, state: SavedState | None, now: datetime) -> None:
        """Keep or drop the state."""
        if state is None:
            self.states.pop(user_id, None)
        else:
            self.states[user_id] = (state, now)

    def follow(self, user_id: str, now: datetime) -> None:
        """Mark as following."""
        self.blocked[user_id] = False

    def unfollow(self, user_id: str, now: datetime) -> None:
        """Mark as blocked."""
        self.blocked[user_id] = True

    def language(self, user_id: str) -> str | None:
        """The cached language."""
        return self.languages.get(user_id)


Write = Callable[[ConversationStore, Tagger], None]


class StagedTurn:
    """Reads go to the store at once; writes wait, so a turn can think before it takes any write lock.

    The webhook answers an event with this as both its store and its tagger, then applies the recorded
    writes inside one short transaction together with the event's id and its reply.
    """

    def __init__(self, reads: ConversationStore) -> None:
        """Read through `reads`; keep every write for `apply`."""
        self.reads = reads
        self.writes: list[Write] = []

    def load_state(self, user_id: str, now: datetime) -> SavedState | None:
        """Read now."""
        return self.reads.load_state(user_id, now)

    def language(self, user_id: str) -> str | None:
        """Read now."""
        return self.reads.language(user_id)

    def save_state(self, user_id: str, state: SavedState | None, now: datetime) -> None:
        """Write later."""
        self.writes.append(lambda store, _: store.save_state(user_id, state, now))

    def follow(self, user_id: str, now: datetime) -> None:
        """Write later."""
        self.writes.append(lambda store, _: store.follow(user_id, now))

    def unfollow(self, user_id: str, now: datetime) -> None:
        """Write later."""
        self.writes.append(lambda store, _: store.unfollow(user_id, now))

    def on_text(self, user_id: str, text: str, now: datetime) -> None:
        """Tag later."""
        self.writes.append(lambda _, tagger: tagger.on_text(user_id, text, now))

    def on_event_tag(self, user_id: str, tag: str, source: str, now: datetime) -> None:
        """Tag later."""
        self.writes.append(lambda _, tagger: tagger.on_event_tag(user_id, tag, source, now))

    def on_unfollow(self, user_id: str, now: datetime) -> None:
        """Tag later."""
        self.writes.append(lambda _, tagger: tagger.on_unfollow(user_id, now))

    def apply(self, store: ConversationStore, tagger: Tagger) -> None:
        """Run the recorded writes, in order, against the transaction's store and tagger."""
        for write in self.writes:
            write(store, tagger)
