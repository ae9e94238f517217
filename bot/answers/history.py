"""Price history: the lists of the past, a year's fees, and what a price change did."""

from __future__ import annotations

from datetime import date, timedelta

from bot.answers import cards
from bot.answers.base import Context, Reply
from bot.answers.flex import flex_message, text_message
from bot.answers.i18n import _, as_of, count, day, money, separator_word
from bot.answers.words import menu_chips, plan_name
from bot.pricing import (
    PlanId,
    PriceList,
    PriceListNotFound,
    all_price_lists,
    price_list_for,
)
from bot.understanding.question import Question


def history_reply(ctx: Context, question: Question) -> Reply:
    """Prices of the past: one list on a date, or how they changed."""
    when = ctx.slots.get("date")
    if isinstance(when, str):
        when = date.fromisoformat(when)
    if ctx.slots.get("_before_after"):
        current = price_list_for(ctx.today)
        before = price_list_for(current.effective_from - timedelta(days=1))
        text = "\n".join(_list_summary(pl, ctx.slots.get("plan"), None) for pl in (before, current))
        return Reply([text_message(text, menu_chips())])
    if ctx.slots.get("_now"):
        when = ctx.today
    if when is None and ctx.slots.get("_month"):
        when = date.fromisoformat(ctx.slots["_month"])
    if when is None and ctx.slots.get("_year"):
        return _year_history(int(ctx.slots["_year"]), ctx.slots.get("plan"))
    if when is None and ctx.slots.get("_before_change"):
        when = price_list_for(ctx.today).effective_from - timedelta(days=1)
    if when is not None:
        try:
            price_list = price_list_for(when)
        except PriceListNotFound:
            return Reply([text_message(_("Before 2019/4/18 LINE@ had different plans that this helper does not "
                                         "cover."), menu_chips())])
        return Reply([text_message(_list_summary(price_list, ctx.slots.get("plan"), when), menu_chips())])
    lists = all_price_lists()
    rows = []
    for price_list in lists:
        rows.append(cards.heading(as_of(price_list.effective_from)))
        for plan_id in (PlanId.LIGHT, PlanId.MEDIUM, PlanId.HIGH):
            plan = price_list.plans[plan_id]
            rows.append(cards.row(plan_name(plan_id), f"{money(plan.fee)} / {count(plan.free_messages)}"))
    asked = ctx.slots.get("plan")
    text = "\n".join(_list_summary(pl, asked, None) for pl in lists)
    bubble = cards.titled("history", kicker=_("Price history"), title="2019 → 2023 → 2026",
                          subtitle=_("Monthly fee / free messages, untaxed"), rows=rows,
                          footnote_text=_("The list in force today is marked by its date."))
    return Reply([text_message(text), flex_message(text, bubble, menu_chips())])


def _year_history(year: int, plan: str | None) -> Reply:
    """The price lists in force during a calendar year (two when prices changed that year)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    lists = [pl for pl in all_price_lists()
             if pl.effective_from <= last and (pl.effective_to is None or pl.effective_to >= first)]
    if not lists:
        return Reply([text_message(_("Before 2019/4/18 LINE@ had different plans that this helper does not cover."),
                                   menu_chips())])
    text = "\n".join(_list_summary(pl, plan, None) for pl in lists)
    return Reply([text_message(_("In %(year)s:", year=year) + "\n" + text, menu_chips())])


def _list_summary(price_list: PriceList, plan: str | None, when: date | None) -> str:
    """One price list in a sentence or three."""
    head = as_of(price_list.effective_from)
    if price_list.effective_to is not None:
        head = _("Prices %(start)s–%(end)s", start=_slash(price_list.effective_from),
                 end=_slash(price_list.effective_to))
    if when is not None:
        head = _("On %(day)s (%(asof)s):", day=day(when), asof=head)
    plans = [PlanId(plan)] if plan else [PlanId.LIGHT, PlanId.MEDIUM, PlanId.HIGH]
    parts = []
    for plan_id in plans:
        p = price_list.plans[plan_id]
        parts.append(_("%(plan)s %(fee)s, %(free)s, %(addon)s", plan=plan_name(plan_id), fee=money(p.fee),
                       free=count(p.free_messages), addon=cards.addon_summary(p)))
    return head + " " + separator_word().join(parts)


def _slash(d: date) -> str:
    """2023/8/31."""
    return f"{d.year}/{d.month}/{d.day}"
