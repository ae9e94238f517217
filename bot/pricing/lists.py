"""Load the dated price lists from package data and pick the one in force on a date."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from .model import PLAN_ORDER, TAIPEI, AddonTier, Plan, PlanId, PriceList, PriceListNotFound

CHANGE_RULE_SETS = frozenset({"oa2_2019", "tw_2023"})


def today_taipei(now: datetime) -> date:
    """Return the date in Taiwan, where merchants live, of a moment (whatever the server's zone)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(TAIPEI).date()


def _money(raw: Any, name: str) -> Decimal:
    """Read a price stored as a JSON string; numbers are refused so no float slips in."""
    if not isinstance(raw, str):
        raise ValueError(f"{name} must be a JSON string, got {raw!r}")
    value = Decimal(raw)
    if not value.is_finite() or value < 0:
        raise ValueError(f"{name} must be a finite non-negative amount")
    return value


def _optional_money(raw: Any, name: str) -> Decimal | None:
    """Read an optional price (JSON null = unknown or not applicable)."""
    return None if raw is None else _money(raw, name)


def _tier(raw: dict[str, Any]) -> AddonTier:
    """Build one add-on tier from its JSON object."""
    return AddonTier(first=int(raw["first"]), last=raw["last"], price=_money(raw["price"], "tier price"))


def _check_tiers(plan_id: str, tiers: tuple[AddonTier, ...]) -> None:
    """Check tiers start at 1, are contiguous, end unbounded and have positive prices."""
    if not tiers:
        raise ValueError(f"{plan_id}: exact add-on needs tiers")
    expected_first = 1
    for tier in tiers:
        if tier.first != expected_first or tier.price <= 0:
            raise ValueError(f"{plan_id}: tiers must be contiguous from 1 with positive prices")
        if tier.last is None:
            break
        if tier.last < tier.first:
            raise ValueError(f"{plan_id}: tier ends before it starts")
        expected_first = tier.last + 1
    if tiers[-1].last is not None or any(t.last is None for t in tiers[:-1]):
        raise ValueError(f"{plan_id}: only the last tier may be, and must be, unbounded")


def _check_addon(plan: Plan) -> None:
    """Check that a plan's add-on fields agree with each other."""
    if not plan.addon_allowed:
        if plan.addon_tiers or not plan.addon_exact or plan.addon_from_price is not None:
            raise ValueError(f"{plan.id}: a plan without add-on has no add-on terms")
        return
    if plan.addon_from_price is None or plan.addon_from_price <= 0:
        raise ValueError(f"{plan.id}: add-on needs a positive from-price")
    if plan.addon_exact:
        _check_tiers(plan.id, plan.addon_tiers)
        if plan.addon_tiers[0].price != plan.addon_from_price:
            raise ValueError(f"{plan.id}: from-price must equal the first tier's price")
    elif plan.addon_tiers:
        raise ValueError(f"{plan.id}: unknown brackets must not be encoded as tiers")


def _plan(plan_id: PlanId, raw: dict[str, Any]) -> Plan:
    """Build and check one plan from its JSON object."""
    plan = Plan(
        id=plan_id,
        fee=_money(raw["fee"], "fee"),
        free_messages=int(raw["free_messages"]),
        addon_allowed=bool(raw["addon_allowed"]),
        addon_tiers=tuple(_tier(t) for t in raw["addon_tiers"]),
        addon_exact=bool(raw["addon_exact"]),
        addon_from_price=_optional_money(raw["addon_from_price"], "addon_from_price"),
        addon_floor_price=_optional_money(raw["addon_floor_price"], "addon_floor_price"),
    )
    _check_addon(plan)
    return plan


def _window(raw: dict[str, Any]) -> tuple[datetime, datetime]:
    """Build one half-open no-change window [start, end) as aware datetimes."""
    zone = ZoneInfo(raw["tz"])
    start = datetime.fromisoformat(raw["start"]).replace(tzinfo=zone)
    end = datetime.fromisoformat(raw["end"]).replace(tzinfo=zone)
    if end <= start:
        raise ValueError("a no-change window must end after it starts")
    return start.astimezone(TAIPEI), end.astimezone(TAIPEI)


def _parse(raw: dict[str, Any], effective_to: date | None) -> PriceList:
    """Build one price list from its decoded JSON document."""
    if raw.get("prices_include_tax", False) or raw.get("currency", "TWD") != "TWD":
        raise ValueError(f"{raw['id']}: prices must be untaxed NT$ (TAX_RATE is added on top)")
    if raw["change_rules"] not in CHANGE_RULE_SETS:
        raise ValueError(f"unknown change rule set {raw['change_rules']!r}")
    plans = {pid: _plan(pid, raw["plans"][pid.value]) for pid in PLAN_ORDER}
    return PriceList(
        id=raw["id"],
        effective_from=date.fromisoformat(raw["effective_from"]),
        effective_to=effective_to,
        plans=MappingProxyType(plans),
        change_rules=raw["change_rules"],
        no_change_windows=tuple(_window(w) for w in raw["no_change_windows"]),
        sources=tuple(raw["sources"]),
        notes=tuple(raw["notes"]),
        change_assumptions=tuple(raw.get("change_assumptions", ())),
        accept_by=date.fromisoformat(raw["accept_by"]) if raw.get("accept_by") else None,
        announced=date.fromisoformat(raw["announced"]) if raw.get("announced") else None,
        staged_rollout=bool(raw.get("staged_rollout", False)),
    )


def _read_documents() -> list[dict[str, Any]]:
    """Read every data/*.json document; a new price list is just a new file there."""
    folder = files(__package__).joinpath("data")
    names = sorted(e.name for e in folder.iterdir() if e.name.endswith(".json"))
    docs = [json.loads(folder.joinpath(n).read_text(encoding="utf-8"), parse_float=Decimal) for n in names]
    return sorted(docs, key=lambda d: d["effective_from"])


@cache
def all_price_lists() -> tuple[PriceList, ...]:
    """Return every price list sorted by effective date, with derived end dates."""
    docs = _read_documents()
    starts = [date.fromisoformat(d["effective_from"]) for d in docs]
    if len(set(starts)) != len(starts) or len({d["id"] for d in docs}) != len(docs):
        raise ValueError("price lists need unique ids and effective dates")
    ends: list[date | None] = [s - timedelta(days=1) for s in starts[1:]]
    return tuple(_parse(d, end) for d, end in zip(docs, [*ends, None], strict=True))


def price_list_for(on: date) -> PriceList:
    """Return the list in force on that date."""
    day = on
    if isinstance(day, datetime):
        raise TypeError("pass a date; convert datetimes with today_taipei(dt)")
    for price_list in all_price_lists():
        if price_list.covers(day):
            return price_list
    raise PriceListNotFound(f"no LINE OA price list before {all_price_lists()[0].effective_from}: {day}")


def price_list_by_id(list_id: str) -> PriceList:
    """Return the list with that id (e.g. "tw_2023_09_01")."""
    for price_list in all_price_lists():
        if price_list.id == list_id:
            return price_list
    raise KeyError(list_id)


def plan_on(plan: PlanId | str, on: date) -> Plan:
    """Return a plan's terms as they stood on that date."""
    return price_list_for(on).plan(plan)


def quota_on(plan: PlanId | str, on: date) -> int:
    """Return a plan's free monthly messages on that date."""
    return plan_on(plan, on).free_messages


def fee_on(plan: PlanId | str, on: date) -> Decimal:
    """Return a plan's untaxed monthly fee on that date."""
    return plan_on(plan, on).fee


def next_price_list(on: date) -> PriceList | None:
    """The first list that takes effect after that day, once announced in the data; None when none is known."""
    coming = next((p for p in all_price_lists() if p.effective_from > on), None)
    return coming if coming is not None and (coming.announced is None or coming.announced <= on) else None


def known_price_lists(on: date) -> tuple[PriceList, ...]:
    """The lists a merchant could know of on that day: those in force by then, and a coming one once announced."""
    coming = next_price_list(on)
    return tuple(p for p in all_price_lists() if p.effective_from <= on or p is coming)


def latest_known(on: date) -> PriceList:
    """The newest list known on that day: a coming list once announced, else the one in force."""
    return next_price_list(on) or price_list_for(on)


def months_from(first: date, count: int) -> list[date]:
    """The first days of `count` months starting with the month of `first`."""
    start = first.year * 12 + first.month - 1
    return [date((start + i) // 12, (start + i) % 12 + 1, 1) for i in range(count)]
