"""What every answer returns and receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

Message = dict[str, Any]


@dataclass(frozen=True)
class Reply:
    """Messages to send, tags the follower earned, and whether to remember the question."""

    messages: list[Message]
    tags: tuple[str, ...] = ()
    remember: bool = True


@dataclass(frozen=True)
class Context:
    """What every answer needs besides the question."""

    today: date
    slots: dict[str, Any] = field(default_factory=dict)
    calculator: str | None = None  # the calculator page's public root or LIFF URL; None: no link

    @property
    def on(self) -> date:
        """The day whose price list applies: a date or year the merchant named, else today."""
        named = self.slots.get("_on")
        if isinstance(named, str):
            named = date.fromisoformat(named)
        return named if isinstance(named, date) and named >= FIRST_LIST_DAY else self.today


FIRST_LIST_DAY = date(2019, 4, 18)
