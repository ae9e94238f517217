"""Flex cards built from pricing results; each fills one template from flex_templates/."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.answers.flex import render
from bot.answers.i18n import _, count, money, separator_word
from bot.answers.words import PLAN_COLORS, fee_text, footnote, plan_name
from bot.pricing import Plan, PlanId, PriceList, with_tax


def row(label: str, value: str, bold: bool = False) -> dict[str, Any]:
    """A label on the left, a value on the right."""
    return render("parts/row", label=label, value=value, weight="bold" if bold else "regular")


def note(text: str) -> dict[str, Any]:
    """Small grey text."""
    return render("parts/note", text=text)


def heading(text: str) -> dict[str, Any]:
    """A green section heading."""
    return render("parts/heading", text=text)


def paragraph(text: str) -> dict[str, Any]:
    """A wrapped sentence."""
    return render("parts/paragraph", text=text)


def separator() -> dict[str, Any]:
    """A thin line between sections."""
    return render("parts/separator")


def addon_summary(plan: Plan) -> str:
    """What a plan's add-on costs, in one phrase."""
    if not plan.addon_allowed:
        return _("No add-on messages")
    if plan.addon_exact and len(plan.addon_tiers) == 1 and plan.addon_tiers[0].last is None:
        return _("add-on %(price)s each", price=money(plan.addon_tiers[0].price))
    if plan.addon_exact and plan.addon_tiers:
        parts = []
        for tier in plan.addon_tiers:
            if tier.last is None:
                parts.append(_("from add-on message %(first)s: %(price)s each", first=f"{tier.first:,}",
                               price=money(tier.price)))
            else:
                parts.append(_("add-on messages %(first)s–%(last)s: %(price)s each", first=f"{tier.first:,}",
                               last=f"{tier.last:,}", price=money(tier.price)))
        return separator_word().join(parts)
    floor = _(", falling to about %(floor)s", floor=money(plan.addon_floor_price)) if plan.addon_floor_price else ""
    return _("from %(price)s each, tiered%(floor)s (official table only as a PDF)",
             price=money(plan.addon_from_price or Decimal(0)), floor=floor)


def suits(price_list: PriceList, plan: PlanId | str) -> str:
    """Who a plan suits, in one line, with that list's own quotas."""
    light, medium = (price_list.plans[p].free_messages for p in (PlanId.LIGHT, PlanId.MEDIUM))
    return {
        "light": _("Suits: trying things out, up to %(n)s messages a month", n=count(light)),
        "medium": _("Suits: small shops sending up to %(n)s messages a month", n=count(medium)),
        "high": _("Suits: more than %(n)s messages a month; the only plan that can buy more", n=count(medium)),
    }[str(plan)]


def plan_bubble(price_list: PriceList, plan: Plan) -> dict[str, Any]:
    """One plan as a bubble: fee, free messages, add-on, who it suits, as-of date, tax note."""
    fee_note = _("untaxed; %(taxed)s with 5%% tax", taxed=money(with_tax(plan.fee).taxed)) if plan.fee else _("Free")
    rows = [
        row(_("Monthly fee"), fee_text(plan.fee), bold=True),
        row(_("Free messages"), _("%(count)s a month", count=count(plan.free_messages)), bold=True),
        row(_("Add-on"), _("Allowed") if plan.addon_allowed else _("Not allowed")),
    ]
    if plan.addon_allowed:
        rows.append(note(addon_summary(plan)))
    rows.append(note(suits(price_list, plan.id)))
    return render("plan", name=plan_name(plan.id), fee=money(plan.fee), fee_note=fee_note,
                  color=PLAN_COLORS[str(plan.id)], rows=rows, footnote=footnote(price_list))


def comparison(price_list: PriceList) -> dict[str, Any]:
    """The three plans side by side (a carousel)."""
    bubbles = [plan_bubble(price_list, price_list.plans[p]) for p in (PlanId.LIGHT, PlanId.MEDIUM, PlanId.HIGH)]
    return render("comparison", bubbles=bubbles)


def comparison_alt(price_list: PriceList) -> str:
    """The comparison's key figures as one line."""
    parts = [f"{plan_name(p)} {money(price_list.plans[p].fee)} / {count(price_list.plans[p].free_messages)}"
             for p in (PlanId.LIGHT, PlanId.MEDIUM, PlanId.HIGH)]
    return footnote(price_list) + " " + "、".join(parts)


def titled(template: str, *, kicker: str, title: str, subtitle: str, rows: list[dict[str, Any]],
           footnote_text: str, color: str = "#06C755") -> dict[str, Any]:
    """A bubble with a coloured header, rows and a footnote (change, billed, history, answers)."""
    return render(template, kicker=kicker, title=title, subtitle=subtitle, rows=rows, footnote=footnote_text,
                  color=color)


def render_estimate(**values: Any) -> dict[str, Any]:
    """The estimate bubble from its template."""
    return render("estimate", **values)


def help_card(rows: list[str], buttons: list[tuple[str, str]]) -> dict[str, Any]:
    """What the bot can do, with one-tap questions."""
    return render(
        "help",
        title=_("LINE Official Account price helper"),
        subtitle=_("Prices from the official list, answered for free"),
        rows=[paragraph(r) for r in rows],
        buttons=[render("parts/button", style="primary" if i == 0 else "secondary", label=label[:20], text=text)
                 for i, (label, text) in enumerate(buttons)],
    )
