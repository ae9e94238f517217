"""The one clock the adapters read; the pure rooms are handed dates and never read one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the current moment (timezone-aware, UTC)."""

    def now(self) -> datetime: ...


class SystemClock:
    """The machine's clock: bookkeeping only (when an event was stored, when to prune)."""

    def now(self) -> datetime:
        """The current UTC moment."""
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that stands still until it is moved by hand, for tests and replays."""

    moment: datetime

    def __post_init__(self) -> None:
        """Refuse a naive moment: every moment here names its zone."""
        if self.moment.tzinfo is None:
            raise ValueError("a FixedClock needs a timezone-aware moment")

    def now(self) -> datetime:
        """The moment the clock was set to."""
        return self.moment

    def advance(self, by: timedelta) -> None:
        """Move the clock forward."""
        self.moment += by
