"""One answer per intent: a Question and today's date in, LINE messages out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from bot.answers import cards
from bot.answers.base import Context, Message, Reply
from bot.answers.changes import medium_to_high, plan_change_reply
from bot.answers.charges import charges_reply, fee_of
from bot.answers.clarify import clarify_reply
from bot.answers.estimates import ask_friends_chips, budget_reply, estimate_reply
from bot.answers.facts import (
    api_reply,
    billed_reply,
    billing_reply,
    fee_charge_line,
    manager_reply,
    quota_reply,
    segment_reply,
)
from bot.answers.flex import flex_message, text_message
from bot.answers.history import history_reply
from bot.answers.i18n import _, as_of, count, money, slash
from bot.answers.words import footnote, menu_chips, plan_name
from bot.pricing import (
    Plan,
    PlanId,
    PriceList,
    addon_messages_for,
    estimate,
    months_from,
    next_price_list,
    price_list_for,
    with_tax,
    without_tax,
)
from bot.understanding.question import Question

__all__ = ["Context", "Message", "Reply", "answer"]


def answer(question: Question, today: date, calculator: str | None = None) -> Reply:
    """The reply for a question in the locale in use; estimates link to the calculator when it has an address."""
    if "negative" in question.problems:
        return Reply([text_message(_("Numbers can't be negative. How many friends do you send to, and how many "
                                     "times a month?"), ask_friends_chips())], remember=False)
    handler = HANDLERS.get(question.intent, out_of_scope)
    try:
        return handler(Context(today=today, slots=dict(question.slots), calculator=calculator), question)
    except ValueError:  # pricing refuses counts no account has; say so rather than guess
        return Reply([text_message(_("I couldn't use those numbers. Could you check them and ask again?"))],
                     remember=False)


def tax_reply(ctx: Context, question: Question) -> Reply:
    """Prices are untaxed; 5% business tax on top, with the figures (and a coming list's)."""
    if ctx.slots.get("_charges"):
        return charges_reply(ctx)
    price_list = price_list_for(ctx.on if ctx.on < ctx.today else ctx.today)
    lines = [_("LINE Official Account prices are quoted without tax; 5% business tax is added.")]
    matched = _plan_for_amount(price_list, ctx.slots.get("_amount"), ctx.slots.get("plan"))
    if matched:
        lines.insert(0, matched)
    elif ctx.slots.get("_included_asked"):  # 「聽說價格都是含稅的？」: no, list prices are untaxed
        lines.insert(0, _("No."))
    plans = [PlanId(ctx.slots["plan"])] if "plan" in ctx.slots else [PlanId.MEDIUM, PlanId.HIGH]
    for plan_id in plans:
        plan = price_list.plans[plan_id]
        taxed = with_tax(plan.fee)
        lines.append(_("%(plan)s: %(untaxed)s untaxed → %(taxed)s with tax (tax %(tax)s)", plan=plan_name(plan_id),
                       untaxed=money(plan.fee), taxed=money(taxed.taxed), tax=money(taxed.tax)))
        if ctx.slots.get("_yearly") and not ctx.slots.get("_plan_months"):  # a year of this plan alone
            lines.append(_yearly_line(plan_id, plan.fee))
        lines += _months_line(ctx, plan_id) + _accounts_line(ctx, plan.fee)
    lines += _plans_sum_line(ctx, price_list)
    high = price_list.plans[PlanId.HIGH]
    if high.addon_exact and ("plan" not in ctx.slots or ctx.slots["plan"] == "high"):
        for tier in high.addon_tiers:
            lines.append(_("Add-on %(untaxed)s → %(taxed)s each with tax", untaxed=money(tier.price),
                           taxed=money(with_tax(tier.price).taxed)))
    if ctx.slots.get("_charge_day"):
        lines.append(fee_charge_line())
    lines.append(as_of(price_list.effective_from))
    coming = next_price_list(ctx.today)
    if coming is not None and coming.effective_from != price_list.effective_from:
        for plan_id in plans:
            fee = coming.plans[plan_id].fee
            lines.append(_("From %(date)s: %(plan)s %(untaxed)s untaxed → %(taxed)s with tax", date=slash(
                coming.effective_from), plan=plan_name(plan_id), untaxed=money(fee), taxed=money(with_tax(fee).taxed)))
    return Reply([text_message("\n".join(lines), menu_chips())])


def _plan_for_amount(price_list: PriceList, amount: str | None, asked: str | None = None) -> str:
    """「每月被扣 1470 元是哪個方案」: the plan whose fee, with or without tax, is that amount."""
    if not amount:
        return ""
    value = Decimal(amount)
    fee = fee_of(price_list, value)
    if fee is not None and not fee.taxed:
        return _("%(amount)s is the %(plan)s fee before tax.", amount=money(value), plan=plan_name(fee.plan))
    if fee is not None:
        plan = price_list.plans[fee.plan]
        return _("%(amount)s is the %(plan)s fee with 5%% tax (%(fee)s before tax), with %(free)s free a month.",
                 amount=money(value), plan=plan_name(plan.id), fee=money(plan.fee), free=count(plan.free_messages))
    return _change_difference(price_list, value) or "\n".join(
        [_("%(amount)s matches no plan's monthly fee; add-on messages may be included.", amount=money(value)),
         *_as_addon_charge(price_list, value, asked)])


def _change_difference(price_list: PriceList, value: Decimal) -> str:
    """「升高用量 卡片馬上刷了420」: the fee difference charged at once when moving up from the Medium plan."""
    medium, high = price_list.plans[PlanId.MEDIUM], price_list.plans[PlanId.HIGH]
    diff = high.fee - medium.fee
    if not medium.fee or diff <= 0 or value not in (diff, with_tax(diff).taxed):
        return ""
    return _("%(amount)s is the fee difference charged at once when moving up from the %(low)s to the %(high)s "
             "(%(diff)s before tax, %(taxed)s with tax).", amount=money(value), low=plan_name(medium.id),
             high=plan_name(high.id), diff=money(diff), taxed=money(with_tax(diff).taxed))


def _as_addon_charge(price_list: PriceList, value: Decimal, asked: str | None) -> list[str]:
    """「高用量 1/10又被扣了2100」: read as the add-on charged on the 10th for the month before, tax included."""
    high = price_list.plans[PlanId.HIGH]
    if asked not in (None, "high") or not high.addon_allowed or not high.addon_exact:
        return []
    return _addon_paid_lines(high, value, untaxed=False, charged=True)


def plan_facts_reply(ctx: Context, question: Question) -> Reply:
    """A plan's fee, free messages and add-on (or the add-on rules for all plans), on the day asked about."""
    price_list = price_list_for(max(ctx.on, ctx.today))  # 「那11月以後呢」 asks about a coming list
    if ctx.slots.get("aspect") == "average" and ctx.slots.get("_messages"):
        return _average_of_volume(price_list, int(ctx.slots["_messages"]))
    if ctx.slots.get("aspect") == "average":
        return _average_reply(price_list, [PlanId(p) for p in ctx.slots.get("_average") or ("medium", "high")])
    if "plan" not in ctx.slots:
        return _addon_rules(price_list, int(ctx.slots.get("_addon") or 0))
    plan = price_list.plans[PlanId(ctx.slots["plan"])]
    lines = [_plan_sentence(price_list, plan.id), *_plan_use(plan, ctx.slots)]
    paid = ctx.slots.get("_addon_paid")
    if paid and plan.addon_allowed and plan.addon_exact:
        lines += _addon_paid_lines(plan, Decimal(str(paid)), bool(ctx.slots.get("_untaxed")),
                                   bool(ctx.slots.get("_charged")))
    addon = int(ctx.slots.get("_addon") or 0)
    if addon and plan.addon_allowed and plan.addon_exact:
        cost = estimate(plan.free_messages + addon, price_list.effective_from).recommended
        lines.append(_("For %(addon)s add-on messages a month: add-on %(cost)s + fee %(fee)s = %(total)s untaxed.",
                       addon=count(addon), cost=money(cost.addon_cost), fee=money(cost.fee), total=money(cost.total)))
    if "_addon_start" in ctx.slots:
        lines.append(_addon_start_line(plan, int(ctx.slots["_addon_start"] or 0)))
    if ctx.slots.get("_higher") and plan.id == PlanId.HIGH:
        lines.append(_("The High plan is the highest plan; past its free messages you buy add-on messages."))
    if plan.addon_allowed:
        lines.append(_("Add-on: %(summary)s (progressive, like tax brackets).", summary=cards.addon_summary(plan)))
        lines.append(_("Without add-on enabled, sending stops at %(quota)s; set a spending cap under Settings > "
                       "Billing > Overview > Change limit.", quota=count(plan.free_messages)))
    elif plan.id == PlanId.MEDIUM:
        high = price_list.plans[PlanId.HIGH]
        lines.append(_("Need more than %(quota)s? The Medium plan can't buy more and never upgrades by itself; "
                       "upgrade to the High plan in the manager (%(fee)s a month, %(high)s free, add-on allowed).",
                       quota=count(plan.free_messages), fee=money(high.fee), high=count(high.free_messages)))
        if price_list.change_rules != "oa2_2019":  # since 2023/9/1 the upgrade takes effect at once
            lines.append(medium_to_high(price_list))
    elif plan.id == PlanId.LIGHT:
        medium, high = price_list.plans[PlanId.MEDIUM], price_list.plans[PlanId.HIGH]
        lines.append(_("When the %(quota)s are used up you can't broadcast or push until next month (replies and "
                       "auto-responses stay free); to send more, upgrade to the Medium plan (%(medium)s a month, "
                       "%(medium_free)s free) or the High plan (%(high)s a month, %(high_free)s free).",
                       quota=count(plan.free_messages), medium=money(medium.fee),
                       medium_free=count(medium.free_messages), high=money(high.fee),
                       high_free=count(high.free_messages)))
    if ctx.slots.get("_yearly") and plan.fee:
        lines.append(_yearly_line(plan.id, plan.fee))
    lines += _months_line(ctx, plan.id)
    lines.append(footnote(price_list))
    bubble = cards.plan_bubble(price_list, plan)
    alt = " ".join(lines)
    return Reply([text_message("\n".join(lines)), flex_message(alt, bubble, menu_chips())])


def _addon_start_line(plan: Plan, heard: int) -> str:
    """Where add-on starts: the free messages first, then (on a plan that may buy it) the first add-on price."""
    free, first = plan.free_messages, plan.free_messages + 1
    if not plan.addon_allowed or not plan.addon_tiers:
        return _("Messages up to %(free)s are free; the %(plan)s can't buy add-on messages, so sending stops there.",
                 free=f"{free:,}", plan=plan_name(plan.id))
    verdict = "" if not heard else _("Yes.") if heard in (free, first) else _("No.")
    return " ".join(filter(None, [verdict, _(
        "Message %(free)s is still free; add-on starts at message %(first)s, at %(price)s each for the first "
        "add-on messages.", free=f"{free:,}", first=f"{first:,}", price=money(plan.addon_tiers[0].price))]))


def _addon_paid_lines(plan: Plan, paid: Decimal, untaxed: bool, charged: bool) -> list[str]:
    """An add-on amount read back as messages: a card charge includes 5% tax; a bill's line may be either."""
    if untaxed:
        return [_paid_line(plan, paid)]
    base = without_tax(paid).untaxed
    if charged:  # 「2/10扣了1,050」: what the card paid, tax included
        return [_("A charge of %(paid)s includes 5%% tax: %(untaxed)s before tax.", paid=money(paid),
                  untaxed=money(base)), _paid_line(plan, base)]
    return [_paid_line(plan, paid), _("If %(paid)s was charged with 5%% tax, it is %(untaxed)s before tax:",
                                      paid=money(paid), untaxed=money(base)), _paid_line(plan, base)]


def _paid_line(plan: Plan, amount: Decimal) -> str:
    """The add-on messages an untaxed add-on amount pays for, and the month's total with the free ones."""
    addon = addon_messages_for(plan, amount)
    return _("An add-on charge of %(paid)s untaxed pays for about %(addon)s add-on messages: about %(total)s in the "
             "month with the %(free)s free.", paid=money(amount), addon=count(addon),
             total=count(addon + plan.free_messages), free=count(plan.free_messages))


def _plan_use(plan: Plan, slots: dict[str, Any]) -> list[str]:
    """What a plan's free messages mean for this merchant: sends to their friends, or what is left this month."""
    lines = []
    friends = int(slots.get("_friends") or 0)
    if friends:
        lines.append(_("%(free)s cover %(sends)s sends a month to %(friends)s friends (each send counts once per "
                       "friend).", free=count(plan.free_messages), sends=plan.free_messages // friends,
                       friends=f"{friends:,}"))
    if slots.get("_used") is not None:
        used = int(slots["_used"])
        lines.append(_("With %(used)s already sent this month, %(left)s free messages are left.", used=count(used),
                       left=count(max(0, plan.free_messages - used))))
    return lines


def _average_of_volume(price_list: PriceList, messages: int) -> Reply:
    """A month's messages on the cheapest plan that sends them, spread over every message."""
    cost = estimate(messages, price_list.effective_from).recommended
    per = (cost.total / messages).quantize(Decimal("0.0001"))
    lines = [_("%(messages)s a month on the %(plan)s cost %(total)s untaxed: about %(per)s a message.",
               messages=count(messages), plan=plan_name(cost.plan.id), total=money(cost.total), per=money(per)),
             footnote(price_list)]
    return Reply([text_message("\n".join(lines), menu_chips())])


def _average_reply(price_list: PriceList, plans: list[PlanId]) -> Reply:
    """A paid plan's fee spread over its free messages, when all of them are sent."""
    lines = []
    for plan_id in plans:
        plan = price_list.plans[plan_id]
        per = (plan.fee / plan.free_messages).quantize(Decimal("0.001"))
        lines.append(_("%(plan)s: %(fee)s ÷ %(free)s ≈ %(per)s a message when every free message is sent.",
                       plan=plan_name(plan_id), fee=money(plan.fee), free=count(plan.free_messages),
                       per=money(per)))
    lines.append(footnote(price_list))
    return Reply([text_message("\n".join(lines), menu_chips())])


def _months_line(ctx: Context, plan_id: PlanId) -> list[str]:
    """「高用量三個月多少」「從12月到明年5月都用中用量」: the plan's fees over those months, each on its own list."""
    count = int(ctx.slots.get("_months") or 0)
    if count < 2:
        return []
    first = date.fromisoformat(str(ctx.slots["_months_from"])) if ctx.slots.get("_months_from") else ctx.today
    fees = [price_list_for(month).plans[plan_id].fee for month in months_from(first, count)]
    total = sum(fees, Decimal(0))
    return [_("%(plan)s for %(n)s months: %(total)s untaxed, %(taxed)s with tax (%(each)s; add-on not included).",
              plan=plan_name(plan_id), n=count, total=money(total), taxed=money(with_tax(total).taxed),
              each=" + ".join(money(fee) for fee in fees))]


def _plans_sum_line(ctx: Context, price_list: PriceList) -> list[str]:
    """「一個高用量、一個中用量，加起來多少」: the named plans' fees added up, for a month or a year."""
    named = [PlanId(p) for p in ctx.slots.get("_plans_sum") or []]
    if len(named) < 2:
        return []
    each = [int(n) for n in ctx.slots.get("_plan_months") or []]
    if len(each) == len(named):  # 「前三個月用中用量，後九個月用高用量」
        fees = [price_list.plans[p].fee * n for p, n in zip(named, each, strict=True)]
        total = sum(fees, Decimal(0))
        said = " + ".join(f"{plan_name(p)} {n} × {money(price_list.plans[p].fee)}"
                          for p, n in zip(named, each, strict=True))
        return [_("Together: %(total)s untaxed, %(taxed)s with tax (%(plans)s).", total=money(total),
                  taxed=money(with_tax(total).taxed), plans=said)]
    months = 12 if ctx.slots.get("_yearly") else 1
    total = sum((price_list.plans[p].fee for p in named), Decimal(0)) * months
    return [_("Together: %(total)s untaxed, %(taxed)s with tax (%(plans)s).", total=money(total),
              taxed=money(with_tax(total).taxed), plans=" + ".join(
                  f"{plan_name(p)} {money(price_list.plans[p].fee * months)}" for p in named))]


def _accounts_line(ctx: Context, fee: Decimal) -> list[str]:
    """「三家分店各開一個中用量帳號」: each account pays the plan, so the month is that many fees."""
    accounts = int(ctx.slots.get("_accounts") or 0)
    if accounts < 2:
        return []
    total = fee * accounts
    return [_("%(n)s accounts together: %(total)s untaxed, %(taxed)s with tax a month (%(n)s × %(fee)s).",
              n=accounts, total=money(total), taxed=money(with_tax(total).taxed), fee=money(fee))]


def _yearly_line(plan_id: PlanId, fee: Decimal) -> str:
    """A plan's fees for twelve months, untaxed and taxed (add-on usage not included)."""
    year = fee * 12
    return _("A year of the %(plan)s: %(year)s untaxed, %(taxed)s with tax (12 × %(fee)s, add-on not included).",
             plan=plan_name(plan_id), year=money(year), taxed=money(with_tax(year).taxed), fee=money(fee))


def _plan_sentence(price_list: PriceList, plan_id: PlanId) -> str:
    """One sentence with a plan's fee and free messages."""
    plan = price_list.plans[plan_id]
    if plan.fee == 0:
        return _("%(plan)s is free (NT$0 a month) and includes %(free)s a month; no add-on.",
                 plan=plan_name(plan_id), free=count(plan.free_messages))
    return _("%(plan)s: %(fee)s a month untaxed (%(taxed)s with tax), %(free)s free a month.",
             plan=plan_name(plan_id), fee=money(plan.fee), taxed=money(with_tax(plan.fee).taxed),
             free=count(plan.free_messages))


def _addon_rules(price_list: PriceList, addon: int = 0) -> Reply:
    """Who can buy add-on messages, and at what price (and what the merchant's add-on would cost)."""
    high = price_list.plans[PlanId.HIGH]
    bill = ""
    if addon and high.addon_exact:
        cost = estimate(high.free_messages + addon, price_list.effective_from).recommended
        bill = _("For %(addon)s add-on messages a month: add-on %(cost)s + fee %(fee)s = %(total)s untaxed.",
                 addon=count(addon), cost=money(cost.addon_cost), fee=money(cost.fee), total=money(cost.total))
    lines = [
        _("Only the High plan can buy add-on messages; Light and Medium cannot."),
        _("High plan add-on: %(summary)s, progressive (each bracket at its own price).",
          summary=cards.addon_summary(high)),
        _("Example: 70,000 messages = %(fee)s fee + 50,000 × NT$0.2 + 14,000 × NT$0.15.", fee=money(high.fee))
        if high.addon_exact else "",
        bill,
        _("You can cap add-on spending in the manager: Settings > Billing > Overview > Change limit."),
        footnote(price_list),
    ]
    return Reply([text_message("\n".join(x for x in lines if x), menu_chips())])


def compare_reply(ctx: Context, question: Question) -> Reply:
    """The three plans side by side, on the list of the day asked about (「下個月開始」: the coming one)."""
    price_list = price_list_for(ctx.on)
    messages = [flex_message(cards.comparison_alt(price_list), cards.comparison(price_list), menu_chips())]
    medium, high = price_list.plans[PlanId.MEDIUM], price_list.plans[PlanId.HIGH]
    diff = _("High vs Medium: %(diff)s more a month (%(medium)s vs %(high)s) for %(more)s more free messages, "
             "and only High can buy add-on messages.", diff=money(high.fee - medium.fee), medium=money(medium.fee),
             high=money(high.fee), more=count(high.free_messages - medium.free_messages))
    same = _("All three plans have the same basic manager features; they differ in fee, free messages and add-on. "
             "Some advanced API features need a verified account or LINE's review.")
    lines = [diff, same]
    if ctx.slots.get("tax"):  # 「那含稅差多少」
        lines.insert(1, _("With 5%% tax: %(diff)s more a month (%(medium)s vs %(high)s).",
                          diff=money(with_tax(high.fee).taxed - with_tax(medium.fee).taxed),
                          medium=money(with_tax(medium.fee).taxed), high=money(with_tax(high.fee).taxed)))
    if ctx.slots.get("_yearly"):
        yearly = (high.fee - medium.fee) * 12
        lines.append(_("Over a year High costs %(year)s more (untaxed), %(taxed)s with tax.", year=money(yearly),
                       taxed=money(with_tax(yearly).taxed)))
    return Reply([text_message("\n".join(lines)), *messages])


def help_reply(ctx: Context, question: Question) -> Reply:
    """What the bot can do."""
    rows = [
        _("Ask in your own words, for example:"),
        _("• 2,000 friends, 4 broadcasts a month: which plan?"),
        _("• What can NT$1,500 a month send?"),
        _("• Upgrading on 9/29: how many messages this month?"),
        _("• Is auto-reply billed? When am I charged?"),
        _("Replies are free: this bot only answers, it never sends paid messages."),
    ]
    buttons = [(_("Compare plans"), _("Compare plans")),
               (_("Estimate my cost"), _("I'd like a cost estimate")),
               (_("Billed or free?"), _("Is auto-reply billed?"))]
    alt = " ".join(rows)
    return Reply([flex_message(alt, cards.help_card(rows, buttons), menu_chips())], remember=False)


def greeting_reply(ctx: Context, question: Question) -> Reply:
    """Hello, and what to ask."""
    hello = text_message(_("Hi! I answer LINE Official Account price questions: plans, cost estimates, "
                           "plan changes and what is billed."))
    return Reply([hello, *help_reply(ctx, question).messages], remember=False)


def thanks_reply(ctx: Context, question: Question) -> Reply:
    """You're welcome."""
    return Reply([text_message(_("You're welcome! Ask me anything else about LINE Official Account prices."),
                               menu_chips())], remember=False)


def sms_reply(ctx: Context, question: Question) -> Reply:
    """SMS is sold by telecoms, not LINE: say so instead of quoting a LINE price that would read as the SMS price."""
    return Reply([text_message(_("SMS (text messages to phone numbers) is not a LINE service, so I don't know its "
                                 "price; your telecom or SMS provider can tell you. I can answer LINE Official "
                                 "Account prices, for example what a broadcast to your friends costs."),
                               menu_chips())], remember=False)


def out_of_scope(ctx: Context, question: Question) -> Reply:
    """A polite fallback that offers the menu and never invents numbers."""
    return Reply([text_message(_("Sorry, I only know LINE Official Account plans and prices. Try one of these, or "
                                 "ask e.g. '2,000 friends, 4 broadcasts a month'."), menu_chips())],
                 remember=bool(question.slots))  # a day said in passing is kept for the next message


HANDLERS: dict[str, Callable[[Context, Question], Reply]] = {
    "estimate": estimate_reply,
    "budget": budget_reply,
    "tax": tax_reply,
    "plan_facts": plan_facts_reply,
    "compare": compare_reply,
    "plan_change": plan_change_reply,
    "prorate": plan_change_reply,
    "billed": billed_reply,
    "quota": quota_reply,
    "manager_howto": manager_reply,
    "billing": billing_reply,
    "history": history_reply,
    "segment": segment_reply,
    "api": api_reply,
    "help": help_reply,
    "greeting": greeting_reply,
    "thanks": thanks_reply,
    "sms": sms_reply,
    "clarify": clarify_reply,
    "out_of_scope": out_of_scope,
}
