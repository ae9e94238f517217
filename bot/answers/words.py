"""Shared phrases: plan names, quick replies, the price list's date line."""

from __future__ import annotations

from typing import Any

from bot.answers.i18n import _, as_of, money
from bot.pricing import PlanId, PriceList

PLAN_COLORS = {"light": "#7A8C99", "medium": "#2E9BD6", "high": "#06C755"}
QUICK_REPLY_LIMIT = 13
LABEL_LIMIT = 20


def plan_name(plan: PlanId | str) -> str:
    """輕用量 / 中用量 / 高用量 (Light / Medium / High plan)."""
    names = {"light": _("Light plan"), "medium": _("Medium plan"), "high": _("High plan")}
    return names[str(plan)]


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


def menu_chips() -> dict[str, Any]:
    """The chips offered when the conversation could go anywhere."""
    return quick_replies(
        (_("Compare plans"), _("Compare plans")),
        (_("Estimate my cost"), _("I'd like a cost estimate")),
        (_("Is auto-reply free?"), _("Is auto-reply billed?")),
        (_("Upgrade timing"), _("When does an upgrade take effect?")),
        (_("Add-on price"), _("How is the High plan add-on priced?")),
        (_("Tax"), _("Are prices tax included?")),
        (_("Billing dates"), _("When am I charged?")),
    )


def fee_text(fee: Any) -> str:
    """Free, or NT$ per month."""
    return _("Free") if fee == 0 else _("%(fee)s / month", fee=money(fee))
