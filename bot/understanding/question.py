"""The Question: what a merchant asked, in a form the pricing room can answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

INTENTS = (
    "plan_facts", "compare", "estimate", "budget", "tax", "plan_change", "prorate", "billing", "billed",
    "quota", "manager_howto", "history", "segment", "api", "sms", "greeting", "thanks", "help", "out_of_scope",
)
PUBLIC_SLOTS = frozenset({
    "friends", "sends", "period", "messages", "budget", "tax", "plan", "aspect", "from_plan", "to_plan",
    "date", "kind", "topic",
})


@dataclass(frozen=True)
class Question:
    """An intent with its slots; `problems` flags numbers we refused to guess about."""

    intent: str
    slots: dict[str, Any] = field(default_factory=dict)
    lang: str | None = None  # "zh" | "en" | None when the text does not tell
    problems: tuple[str, ...] = ()
    follow_up: bool = False

    def public_slots(self) -> dict[str, Any]:
        """The slots a labelled corpus compares (dates as ISO strings)."""
        return {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                for k, v in self.slots.items() if k in PUBLIC_SLOTS}
