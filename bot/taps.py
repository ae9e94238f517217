"""Postback data, the structured side of a tap (rich menu, quick reply, Flex button), written and read in one place.

Version 1 reads `v=1&a=<action>&<field>=<value>…`; LINE allows 300 characters. A tap carries everything
its label promises, so it does what it says whatever the conversation remembers. Data from older cards
(`action=estimate&friends=…`, no version) is still read. Anything else is refused, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

VERSION = "1"
MAX_DATA = 300
ACTIONS = frozenset({
    "wizard", "compare", "billed", "billing", "tax", "plan_facts", "help", "history", "quota", "manager_howto",
    "segment", "estimate", "budget", "plan_change", "prorate",
})
WIZARDS = frozenset({"estimate", "change", "budget"})
PLANS = frozenset({"light", "medium", "high"})
PERIODS = frozenset({"day", "week", "month"})
WHOLE = re.compile(r"^\d{1,13}$")
ISO_DAY = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|today)$")
WORD = re.compile(r"^[a-z_]{1,20}$")
# What each field may hold; a field not listed here is refused.
FIELDS: dict[str, frozenset[str] | re.Pattern[str] | None] = {
    "w": WIZARDS, "friends": WHOLE, "sends": WHOLE, "messages": WHOLE, "budget": WHOLE, "seg": WHOLE,
    "period": PERIODS, "aud": frozenset({"all", "part"}), "from": PLANS, "to": PLANS, "from_plan": PLANS,
    "to_plan": PLANS, "plan": PLANS, "date": ISO_DAY, "other": WORD, "kind": WORD, "topic": WORD, "aspect": WORD,
    "q": None, "action": ACTIONS, "a": ACTIONS, "v": frozenset({VERSION}),
}


@dataclass(frozen=True)
class Tap:
    """A tap's action and its checked fields (whole numbers as int, the rest as text)."""

    action: str
    fields: Mapping[str, str | int] = field(default_factory=dict)
    legacy: bool = False

    def number(self, name: str) -> int | None:
        """A whole-number field, or None."""
        value = self.fields.get(name)
        return value if isinstance(value, int) else None

    def text(self, name: str) -> str | None:
        """A text field, or None."""
        value = self.fields.get(name)
        return value if isinstance(value, str) else None


def tap_data(action: str, **fields: str | int | None) -> str:
    """The postback data of a tap: `v=1&a=<action>` then its fields (None fields left out)."""
    pairs = [("v", VERSION), ("a", action)] + [(k, str(v)) for k, v in fields.items() if v is not None]
    data = urlencode(pairs)
    if len(data) > MAX_DATA or action not in ACTIONS:
        raise ValueError(f"postback data for {action!r} is not valid")
    return data


def read_tap(data: str) -> Tap | None:
    """The tap behind postback data, or None when it is forged, stale or broken."""
    if not data or len(data) > MAX_DATA:
        return None
    try:
        pairs = parse_qsl(data, keep_blank_values=False, strict_parsing=True)
    except ValueError:
        return None
    raw = dict(pairs)
    if len(raw) != len(pairs) or not all(_allowed(k, v) for k, v in raw.items()):
        return None
    action = raw.pop("a", None) if "v" in raw else raw.pop("action", None)
    if "q" in raw and action is None:
        return Tap("ask", {"q": raw["q"]}, legacy=True)
    if action is None:
        return None
    legacy = raw.pop("v", None) is None
    return Tap(action, {k: int(v) if WHOLE.match(v) and k != "date" else v for k, v in raw.items()}, legacy)


def _allowed(key: str, value: str) -> bool:
    """Whether a field is known and its value has the expected form."""
    if key not in FIELDS:
        return False
    rule = FIELDS[key]
    if rule is None:
        return 0 < len(value) <= 200
    if isinstance(rule, re.Pattern):
        return bool(rule.match(value))
    return value in rule
