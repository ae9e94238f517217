"""Typed frames: what the estimate and budget families carry from the parser to their cards.

A Question's slots stay a plain mapping so that saved state and caches can keep them as JSON; an answer reads
them once, through `from_slots`, and works on typed fields from there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Audience:
    """One part of a send pattern: `sends` per `period` to `friends`."""

    friends: int
    sends: int
    period: str
    messages: int | None = None  # a month's messages said outright, instead of friends × sends


@dataclass(frozen=True)
class Alternative:
    """「3次跟5次」: which number the merchant hesitates over, and its two values."""

    key: str  # "sends" | "messages"
    first: int
    second: int
    period: str | None = None  # the second value's period, when it differs (旺季每週, 淡季每月)


@dataclass(frozen=True)
class Estimate:
    """A month's volume to price: friends × sends in a period, or messages a month, and what else was asked."""

    friends: int | None = None
    sends: int | None = None
    period: str = "month"
    messages: int | None = None
    addon: bool = False  # `messages` come on top of the free ones of `plan` (the High plan when none is named)
    taxed: bool = False
    plan: str | None = None  # a plan the merchant named
    parts: tuple[Audience, ...] = ()
    accounts: int = 1  # accounts billed each on its own, with the same volume
    segment: bool = False  # `friends` is the part of the friends a send goes to
    blocked: int = 0
    extra_messages: int = 0
    alternative: Alternative | None = None
    yearly: bool = False
    months: int = 0  # 「3個月總共」: a total over this many months
    months_from: date | None = None  # the first of those months, when said (each month is priced on its own list)
    before_after: bool = False
    then_on: date | None = None  # 「比2025年多付多少」: the past day the volume is compared on (else the last change)
    shop_volumes: tuple[int, ...] = ()  # several shops' messages a month
    accounts_said: str | None = None  # for several shops' volumes: "separate" or "shared" accounts, or unsaid
    seasonal: bool = False  # the text names seasons: a year is not twelve of one month
    season_months: tuple[int, ...] = ()  # months in the year of the priced pattern and of the alternative
    month_list: tuple[int, ...] = ()  # 「1月3萬則、2月6萬則、3月5千則，總共多少」: each month's messages, summed
    budget: int | None = None  # 「預算1,200夠嗎」: a monthly budget to check the bill against
    budget_taxed: bool = False  # the budget includes the 5% tax
    free_kind: str | None = None  # 「另外歡迎訊息…」: a free kind of message named beside the sends, never priced
    addon_cap: int | None = None  # 「加購費用上限NT$2,000，預計要發25000則」: what the cap lets through

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> Estimate:
        """Read an estimate question's slots (as parsed, saved or tapped)."""
        alt = slots.get("_alt")
        return cls(
            friends=_int(slots.get("friends")), sends=_int(slots.get("sends")),
            period=str(slots.get("period") or "month"), messages=_int(slots.get("messages")),
            addon=bool(slots.get("_addon")), taxed=bool(slots.get("tax")), plan=slots.get("plan"),
            parts=tuple(_audience(part) for part in slots.get("_parts") or ()),
            accounts=int(slots.get("_shops") or 1), segment=bool(slots.get("_segment")),
            blocked=int(slots.get("_blocked") or 0), extra_messages=int(slots.get("_extra_messages") or 0),
            alternative=Alternative(str(alt[0]), int(alt[1]), int(alt[2]), alt[3] if len(alt) > 3 else None)
            if alt else None,
            yearly=bool(slots.get("_yearly")), months=int(slots.get("_months") or 0),
            months_from=date.fromisoformat(str(slots["_months_from"])) if slots.get("_months_from") else None,
            before_after=bool(slots.get("_before_after")),
            then_on=date.fromisoformat(str(slots["_then_on"])) if slots.get("_then_on") else None,
            shop_volumes=tuple(int(v) for v in slots.get("_volumes") or ()), accounts_said=slots.get("_accounts_said"),
            budget=_int(slots.get("_budget")), budget_taxed=bool(slots.get("_budget_taxed")),
            month_list=tuple(int(v) for v in slots.get("_month_list") or ()),
            season_months=tuple(int(v) for v in slots.get("_season_months") or ()),
            seasonal=bool(slots.get("_seasonal")), free_kind=slots.get("_free_kind"),
            addon_cap=_int(slots.get("_addon_cap")),
        )

    @property
    def complete(self) -> bool:
        """Whether there is a volume to price: messages, or friends and sends."""
        return self.messages is not None or bool(self.parts) or (self.friends is not None and self.sends is not None)


@dataclass(frozen=True)
class Budget:
    """What a monthly (or yearly) budget buys, for whom, on which plan the merchant has in mind."""

    amount: Decimal | None = None
    taxed: bool = False  # the amount includes the 5% tax
    yearly: bool = False
    plan: str | None = None
    friends: int | None = None  # turn the messages into sends to this many friends
    addon_cap: bool = False  # the amount caps add-on spending, on top of the High plan's fee

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> Budget:
        """Read a budget question's slots."""
        amount = slots.get("budget")
        return cls(amount=Decimal(str(amount)) if amount is not None else None,
                   taxed=bool(slots.get("tax")) and not slots.get("_untaxed"), yearly=bool(slots.get("_yearly")),
                   plan=slots.get("plan") or slots.get("_plan"), friends=_int(slots.get("_friends")),
                   addon_cap=bool(slots.get("_cap")))


def _audience(part: list[Any]) -> Audience:
    """One saved part: [friends, sends, period] or [friends, sends, period, messages]."""
    messages = _int(part[3]) if len(part) > 3 else None
    return Audience(int(part[0] or 0), int(part[1]), str(part[2]), messages)


def _int(value: Any) -> int | None:
    """A whole number from slots, or None."""
    return None if value is None else int(value)

