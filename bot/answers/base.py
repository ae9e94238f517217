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
