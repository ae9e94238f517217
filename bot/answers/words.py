"""Shared phrases: plan names, quick replies, the price list's date line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

from bot.answers.i18n import _, as_of, money
from bot.pricing import PlanId, PriceList
from bot.taps import tap_data

PLAN_COLORS = {"light": "#7A8C99", "medium": "#2E9BD6", "high": "#06C755"}
QUICK_REPLY_LIMIT = 13
LABEL_LIMIT = 20


# Each name is translated when asked for, not all three every time.
PLAN_NAMES: dict[str, Callable[[], str]] = {
    "light": lambda: _("Light plan"), "medium": lambda: _("Medium plan"), "high": lambda: _("High plan"),
}


def plan_name(plan: PlanId | str) -> str:
    """輕用量 / 中用量 / 高用量 (Light / Medium / High plan)."""
    return PLAN_NAMES[str(plan)]()


def footnote(price_list: PriceList, *extra: str) -> str:
    """The line every figure carries: the price list's date, untaxed, 5% tax on top."""
    parts = [as_of(price_list.effective_from), _("untaxed; 5% business tax is added on top.")]
    return " ".join([*parts, *[e for e in extra if e]])


def quick_replies(*pairs: tuple[str, str]) -> dict[str, Any]:
    """Quick-reply chips that send a message (free), within LINE's limits."""
    return {"items": [_chip(label, text) for label, text in pairs[:QUICK_REPLY_LIMIT]]}


def _chip(label: str, text: str) -> dict[str, Any]:
    """One quick-reply item whose tap sends a message."""
    return {"type": "action", "action": {"type": "message", "label": label[:LABEL_LIMIT], "text": text[:300]}}


@cache
def _menu_data(action: str, **fields: str) -> str:
    """The postback data of a menu chip, written once: its fields never change."""
    return tap_data(action, **fields)


def menu_chips() -> dict[str, Any]:
    """The chips offered when the conversation could go anywhere: taps that do what they say."""
    return tap_chips(
        tap(_("Compare plans"), _menu_data("compare"), _("Compare plans")),
        tap(_("Estimate my cost"), _menu_data("wizard", w="estimate"), _("I'd like a cost estimate")),
        tap(_("Is auto-reply free?"), _menu_data("billed", kind="auto_reply"), _("Is auto-reply billed?")),
        tap(_("Upgrade timing"), _menu_data("wizard", w="change"), _("When does an upgrade take effect?")),
        tap(_("Add-on price"), _menu_data("plan_facts", aspect="addon"), _("How is the High plan add-on priced?")),
        tap(_("Tax"), _menu_data("tax"), _("Are prices tax included?")),
        tap(_("Billing dates"), _menu_data("billing"), _("When am I charged?")),
    )


def tap(label: str, data: str, display: str | None = None) -> dict[str, Any]:
    """A postback chip: the chat shows `display` (or the label), the bot receives `data`."""
    action = {"type": "postback", "label": label[:LABEL_LIMIT], "data": data, "displayText": (display or label)[:300]}
    return {"type": "action", "action": action}


def date_tap(label: str, data: str, initial: date) -> dict[str, Any]:
    """A chip that opens LINE's date picker; the picked day arrives as the postback's params."""
    action = {"type": "datetimepicker", "label": label[:LABEL_LIMIT], "data": data, "mode": "date",
              "initial": initial.isoformat()}
    return {"type": "action", "action": action}


def tap_chips(*items: dict[str, Any]) -> dict[str, Any]:
    """Quick-reply postback chips, within LINE's limit."""
    return {"items": list(items[:QUICK_REPLY_LIMIT])}


def fee_text(fee: Any) -> str:
    """Free, or NT$ per month."""
    return _("Free") if fee == 0 else _("%(fee)s / month", fee=money(fee))
