"""Charges set side by side: 「2月扣1470 3月1號扣1050 怎麼變少了」, each read as a plan's fee, then what changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.answers.base import Context, Reply
from bot.answers.flex import text_message
from bot.answers.i18n import _, money, slash
from bot.answers.words import menu_chips, plan_name
from bot.pricing import PlanId, PriceList, known_price_lists, price_list_for, with_tax


@dataclass(frozen=True)
class Fee:
    """A charge matched to one plan's monthly fee on one price list."""

    amount: Decimal
    plan: PlanId
    price_list: PriceList
    taxed: bool


def charges_reply(ctx: Context) -> Reply:
    """Each charge as the fee it was (on the list of its day), then whether the plan or the list changed."""
    lines: list[str] = []
    fees: list[Fee | None] = []
    for amount, on in ctx.slots["_charges"]:
        fee = _fee_for(Decimal(amount), date.fromisoformat(on) if on else None, ctx.today)
        fees.append(fee)
        lines.append(_fee_line(fee) if fee else _("%(amount)s matches no plan's monthly fee; add-on messages may be "
                                                  "included.", amount=money(Decimal(amount))))
    first, last = fees[0], fees[-1]
    if first and last:
        lines += _what_changed(first, last)
    lines.append(_("LINE Official Account prices are quoted without tax; 5% business tax is added."))
    return Reply([text_message("\n".join(lines), menu_chips())])


def _fee_for(amount: Decimal, on: date | None, today: date) -> Fee | None:
    """The fee this amount is: on the list of the day it was charged first, else on the newest list it fits."""
    first = price_list_for(min(on or today, today))
    lists = [first, *[p for p in reversed(known_price_lists(today)) if p.effective_from <= today and p is not first]]
    return next((fee for fee in (fee_of(price_list, amount) for price_list in lists) if fee), None)


def fee_of(price_list: PriceList, amount: Decimal) -> Fee | None:
    """The plan whose monthly fee on that list, before or with tax, is this amount."""
    for plan in price_list.plans.values():
        if plan.fee and amount in (plan.fee, with_tax(plan.fee).taxed):
            return Fee(amount, plan.id, price_list, taxed=amount != plan.fee)
    return None


def _fee_line(fee: Fee) -> str:
    """「NT$1,470 是高用量含 5% 營業稅的月費」, with the list it comes from."""
    plan = fee.price_list.plans[fee.plan]
    if fee.taxed:
        return _("%(amount)s is the %(plan)s fee with 5%% tax (%(fee)s before tax), on the prices from %(date)s.",
                 amount=money(fee.amount), plan=plan_name(fee.plan), fee=money(plan.fee),
                 date=slash(fee.price_list.effective_from))
    return _("%(amount)s is the %(plan)s fee before tax, on the prices from %(date)s.", amount=money(fee.amount),
             plan=plan_name(fee.plan), date=slash(fee.price_list.effective_from))


def _what_changed(first: Fee, last: Fee) -> list[str]:
    """The plan changed, or the same plan's price did (with the day), or only the tax differs."""
    if first.plan != last.plan:
        return [_("So the plan changed between the two charges: from the %(old)s to the %(new)s.",
                  old=plan_name(first.plan), new=plan_name(last.plan))]
    if first.price_list.id != last.price_list.id:
        newer, older = sorted((first, last), key=lambda f: f.price_list.effective_from, reverse=True)
        return [_("Same plan: the %(plan)s fee went from %(old)s to %(new)s before tax on %(date)s.",
                  plan=plan_name(first.plan), old=money(older.price_list.plans[first.plan].fee),
                  new=money(newer.price_list.plans[first.plan].fee), date=slash(newer.price_list.effective_from))]
    return [_("Both are the %(plan)s fee: one with tax, one without.", plan=plan_name(first.plan))]
