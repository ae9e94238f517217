"""Estimates and budgets: a month's volume priced on every plan, or the most a budget buys."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from bot.answers import cards
from bot.answers.base import FIRST_LIST_DAY, Context, Reply
from bot.answers.facts import billed_sentence
from bot.answers.flex import flex_message, render, text_message
from bot.answers.i18n import _, as_of, count, money, sentence_gap, slash
from bot.answers.links import PERIODS as CALCULATOR_PERIODS
from bot.answers.links import calculator_url
from bot.answers.words import footnote, plan_name, quick_replies, tap, tap_chips
from bot.pricing import (
    TARGETED_MINIMUM,
    Plan,
    PlanCost,
    PlanId,
    PriceList,
    budget_messages,
    estimate,
    latest_known,
    monthly_volume,
    months_from,
    plan_cost,
    price_change_effect,
    price_list_for,
    segment_saving,
    with_tax,
    without_tax,
)
from bot.taps import tap_data
from bot.understanding.frames import Audience, Budget, Estimate
from bot.understanding.question import Question


def ask_friends_chips() -> dict[str, Any]:
    """Typical audience sizes, one tap each."""
    return quick_replies(*[(_("%(n)s friends", n=f"{n:,}"), _("%(n)s friends", n=n)) for n in (500, 1000, 3000, 5000,
                                                                                                   10000)])


def ask_sends_chips() -> dict[str, Any]:
    """Typical send frequencies, one tap each."""
    return quick_replies(*[(_("%(n)s a month", n=n), _("%(n)s broadcasts a month", n=n)) for n in (1, 2, 4, 8)],
                         (_("Once a week"), _("once a week")))


def estimate_reply(ctx: Context, question: Question) -> Reply:
    """Price a month's messages on every plan and recommend the cheapest."""
    frame = Estimate.from_slots(ctx.slots)
    if frame.friends is None and frame.messages is None:
        return Reply([text_message(_("How many friends will you send to? (the 'target friends' in your account)"),
                                   ask_friends_chips())])
    if not frame.complete:
        return Reply([text_message(_("%(friends)s friends: how many broadcasts a month?",
                                     friends=f"{frame.friends:,}"), ask_sends_chips())])
    problems = [p for p in question.problems if p.startswith("absurd")]
    if problems:
        return Reply([text_message(_("That number looks too large to be right. Please check it and ask again."),
                                   ask_friends_chips())], remember=False)
    on = latest_known(ctx.today).effective_from if frame.before_after else ctx.on
    if frame.shop_volumes and frame.accounts_said == "separate":
        return Reply([text_message(_several(frame, on), _estimate_chips(frame))])
    volume, formula, assumption, sends_per_month = _volume(frame, on)
    est = estimate(volume, on)
    card = _estimate_card(est, volume, formula, assumption, frame, sends_per_month,
                          _calculator_links(ctx.calculator, frame, volume))
    rec = est.recommended
    alt = _("%(messages)s a month: %(plan)s, %(total)s untaxed (%(taxed)s with tax). %(asof)s",
            messages=count(volume), plan=plan_name(rec.plan.id), total=money(rec.total),
            taxed=money(rec.total_taxed), asof=as_of(est.price_list.effective_from))
    chips = _estimate_chips(frame)
    messages = [flex_message(alt, card, chips)]
    if frame.taxed:
        taxed = with_tax(rec.total)
        messages.insert(0, text_message(_("With tax: %(taxed)s a month (%(total)s + 5%% business tax %(tax)s) on the "
                                          "%(plan)s.", taxed=money(taxed.taxed), total=money(rec.total),
                                          tax=money(taxed.tax), plan=plan_name(rec.plan.id))))
    extra = [line for line in (_budget_fit(frame, rec), _addon_fee(frame, rec), _per_account(frame, rec),
                               _several(frame, on), _alternative(frame, est, on),
                               _yearly_cost(frame, rec, on), _months_cost(frame, rec, volume, on),
                               _month_list_cost(frame, on),
                               _before_after(frame, volume, on),
                               billed_sentence(frame.free_kind) if frame.free_kind else "",
                               _capped(frame, volume, on)) if line]
    if extra:
        messages.insert(0, text_message("\n".join(extra)))
    return Reply(messages, tags=(f"estimate:{rec.plan.id}",))


def _addon_fee(frame: Estimate, rec: PlanCost) -> str:
    """「加購了2萬則，加購費含稅多少」: the add-on on its own, with tax, beside the monthly fee."""
    if not frame.addon or not rec.addon_messages:
        return ""
    return _("Add-on %(messages)s: %(cost)s untaxed, %(taxed)s with tax; the monthly fee %(fee)s is charged "
             "besides.", messages=count(rec.addon_messages), cost=money(rec.addon_cost),
             taxed=money(with_tax(rec.addon_cost).taxed), fee=money(rec.fee))


def _budget_fit(frame: Estimate, rec: PlanCost) -> str:
    """「預算1,200未稅夠嗎」: the month's bill against the budget, on the same tax basis."""
    if frame.budget is None:
        return ""
    bill = rec.total_taxed if frame.budget_taxed else rec.total
    basis = _("with tax") if frame.budget_taxed else _("untaxed")
    if bill <= frame.budget:
        return _("A budget of %(budget)s (%(basis)s) is enough: the month costs %(bill)s on the %(plan)s.",
                 budget=money(Decimal(frame.budget)), basis=basis, bill=money(bill), plan=plan_name(rec.plan.id))
    return _("A budget of %(budget)s (%(basis)s) is not enough: the month costs %(bill)s on the %(plan)s.",
             budget=money(Decimal(frame.budget)), basis=basis, bill=money(bill), plan=plan_name(rec.plan.id))


def _seasons_year(frame: Estimate, rec: PlanCost, on: date) -> str:
    """「旺季2個月每月4次、其他10個月1次，一年多少」: each season's months on its own cheapest bill."""
    if len(frame.season_months) != 2:
        return ""
    other = _other_season(frame, on)
    first, second = frame.season_months
    year = rec.total * first + other.total * second
    return _("For a year: %(first)s × %(bill)s + %(second)s × %(other)s = %(year)s untaxed (%(taxed)s with tax).",
             first=first, bill=money(rec.total), second=second, other=money(other.total), year=money(year),
             taxed=money(with_tax(year).taxed))


def _other_season(frame: Estimate, on: date) -> PlanCost:
    """The cheapest bill of the alternative send pattern or volume."""
    alt = frame.alternative
    assert alt is not None
    said = frame.sends if alt.key == "sends" else frame.messages
    value = alt.second if (said if said is not None else alt.first) == alt.first else alt.first
    if alt.key == "sends":
        other = replace(frame, alternative=None, sends=value, period=alt.period or frame.period, parts=())
    else:
        other = replace(frame, alternative=None, messages=value)
    volume, _formula, _assumption, _sends = _volume(other, on)
    return estimate(volume, on).recommended


def _alternative(frame: Estimate, est: Any, on: date) -> str:
    """「3 次跟 5 次」: the other scenario's figures and the difference."""
    alt = frame.alternative
    if alt is None:
        return ""
    key = alt.key
    said = frame.sends if key == "sends" else frame.messages
    other_value = alt.second if (said if said is not None else alt.first) == alt.first else alt.first
    if key == "sends":
        other = replace(frame, alternative=None, sends=other_value, period=alt.period or frame.period, parts=())
    else:
        other = replace(frame, alternative=None, messages=other_value)
    volume, _formula, _assumption, _sends = _volume(other, on)
    other_est = estimate(volume, on)
    diff = other_est.recommended.total - est.recommended.total
    figures = {"value": _per(other_value, other.period) if key == "sends" else count(other_value),
               "messages": count(volume), "plan": plan_name(other_est.recommended.plan.id),
               "total": money(other_est.recommended.total), "diff": signed(diff)}
    if frame.seasonal:  # 「旺季3次、淡季1次」: the other season is no change of mind, it is the other months
        return _("The other months (%(value)s): %(messages)s a month, %(plan)s %(total)s untaxed (%(diff)s).",
                 **figures)
    return _("If it is %(value)s instead: %(messages)s a month, %(plan)s %(total)s untaxed (%(diff)s).", **figures)


def _several(frame: Estimate, on: date) -> str:
    """Several shops at once: each one's plan and fee, and the total."""
    volumes = frame.shop_volumes
    if not volumes or frame.accounts_said == "shared":
        return ""
    lines, total = [], Decimal(0)
    for number, volume in enumerate(volumes, start=1):
        rec = estimate(int(volume), on).recommended
        total += rec.total
        lines.append(_("Shop %(n)s: %(messages)s → %(plan)s %(total)s", n=number, messages=count(int(volume)),
                       plan=plan_name(rec.plan.id), total=money(rec.total)) + _fee_and_addon(rec))
    lines.append(_("All together: %(total)s a month untaxed (%(taxed)s with tax).", total=money(total),
                   taxed=money(with_tax(total).taxed)))
    if not total:
        lines.append(_("Every account fits the free Light plan: nothing to pay."))
    span = _shops_over_months(frame, on)
    if span:
        lines.append(span)
    if frame.accounts_said is None:  # not said: both readings, each named
        lines.insert(0, _("If each shop has its own official account:"))
        lines.append(_("If they all share one official account, the card prices the %(messages)s together.",
                       messages=count(sum(int(v) for v in volumes))))
    return "\n".join(lines)


def _fee_and_addon(cost: PlanCost) -> str:
    """「（月費NT$1400＋加購3000則NT$600）」: how one account's bill is made up, when it buys add-on messages."""
    if not cost.addon_messages:
        return ""
    return _(" (fee %(fee)s + add-on %(messages)s %(cost)s)", fee=money(cost.fee), messages=count(cost.addon_messages),
             cost=money(cost.addon_cost))


def _shops_over_months(frame: Estimate, on: date) -> str:
    """「一年總共多少」 for several shops: their monthly bills added up over the year or the months asked."""
    if frame.yearly:
        month = sum((estimate(int(v), on).recommended.total for v in frame.shop_volumes), Decimal(0))
        return _("For a year: %(year)s untaxed, %(taxed)s with tax (12 × %(month)s).", year=money(month * 12),
                 taxed=money(with_tax(month * 12).taxed), month=money(month))
    if frame.months < 2:
        return ""
    bills = [sum((estimate(int(v), month).recommended.total for v in frame.shop_volumes), Decimal(0))
             for month in months_from(frame.months_from or on, frame.months)]
    return _span_total(frame.months, bills)


def _span_total(months: int, bills: list[Decimal]) -> str:
    """Several months' bills and their sum, each month named when a price list changes inside the span."""
    total = sum(bills, Decimal(0))
    if len(set(bills)) > 1:  # a price list changes inside the span
        return _("For %(n)s months: %(total)s untaxed, %(taxed)s with tax (%(each)s).", n=months,
                 total=money(total), taxed=money(with_tax(total).taxed),
                 each=" + ".join(money(bill) for bill in bills))
    return _("For %(n)s months: %(total)s untaxed, %(taxed)s with tax (%(n)s × %(month)s).", n=months,
             total=money(total), taxed=money(with_tax(total).taxed), month=money(bills[0]))


def _per_account(frame: Estimate, rec: PlanCost) -> str:
    """Several accounts, each billed on its own: the fee of one and of all."""
    shops = frame.accounts
    if shops < 2:
        return ""
    total = rec.total * shops
    return _("Each of the %(shops)s accounts pays its own plan: %(plan)s %(one)s each, %(total)s a month for all "
             "%(shops)s untaxed (%(taxed)s with tax).", shops=shops, plan=plan_name(rec.plan.id), one=money(rec.total),
             total=money(total), taxed=money(with_tax(total).taxed))


def signed(amount: Decimal) -> str:
    """+NT$800 / -NT$400 / ±NT$0."""
    if amount > 0:
        return "+" + money(amount)
    if amount < 0:
        return "-" + money(-amount)
    return "±" + money(amount)


def _month_list_cost(frame: Estimate, on: date) -> str:
    """Months with their own volumes, each on its cheapest plan (or the plan named), and their sum."""
    if len(frame.month_list) < 2:
        return ""
    lines, total = [], Decimal(0)
    for number, messages in enumerate(frame.month_list, start=1):
        cost = (plan_cost(frame.plan, messages, on) if frame.plan else None) or estimate(messages, on).recommended
        total += cost.total
        lines.append(_("Month %(n)s: %(messages)s → %(plan)s %(total)s", n=number, messages=count(messages),
                       plan=plan_name(cost.plan.id), total=money(cost.total)))
    lines.append(_("%(n)s months together: %(total)s untaxed (%(taxed)s with tax).", n=len(frame.month_list),
                   total=money(total), taxed=money(with_tax(total).taxed)))
    return "\n".join(lines)


def _months_cost(frame: Estimate, rec: PlanCost, volume: int, on: date) -> str:
    """Several months of the same usage: 「3個月總共」, each month on the list in force then."""
    if frame.months < 2 or frame.yearly or frame.month_list:
        return ""
    bills = [_bill_in(frame, volume, month) for month in months_from(frame.months_from or on, frame.months)]
    return _span_total(frame.months, bills)


def _bill_in(frame: Estimate, volume: int, month: date) -> Decimal:
    """One month's bill for the volume: on the plan named (when it can send it), else on the cheapest."""
    named = plan_cost(frame.plan, volume, month) if frame.plan else None
    return (named or estimate(volume, month).recommended).total


def _yearly_cost(frame: Estimate, rec: PlanCost, on: date) -> str:
    """Twelve months of the same usage, or two seasons' months each on their own bill."""
    if not frame.yearly:
        return ""
    if frame.alternative is not None or frame.seasonal:  # seasons differ: never twelve of one month
        return _seasons_year(frame, rec, on) if frame.alternative is not None else ""
    year = rec.total * 12
    return _("For a year: %(year)s untaxed, %(taxed)s with tax (12 × %(month)s).", year=money(year),
             taxed=money(with_tax(year).taxed), month=money(rec.total))


def _before_after(frame: Estimate, volume: int, on: date) -> str:
    """The same volume on the list before the latest price change and on today's."""
    if not frame.before_after:
        return ""
    if frame.then_on is not None and frame.then_on >= FIRST_LIST_DAY:  # 「跟2022年比」: that year's list
        before, after = estimate(volume, frame.then_on).recommended, estimate(volume, on).recommended
        old, change = price_list_for(frame.then_on), price_list_for(on).effective_from
    else:
        effect = price_change_effect(volume, price_list_for(on).effective_from)
        before, after, change = effect.before.recommended, effect.after.recommended, effect.change
        old = effect.before.price_list
    lines = [_("%(start)s–%(end)s: %(plan)s %(total)s untaxed", start=slash(old.effective_from),
               end=slash(old.effective_to or change), plan=plan_name(before.plan.id),
               total=money(before.total)),
             _("From %(date)s: %(plan)s %(total)s untaxed (%(diff)s)", date=slash(change),
               plan=plan_name(after.plan.id), total=money(after.total), diff=signed(after.total - before.total))]
    if not before.exact:
        lines.append(_("The old High plan add-on brackets were only published as an image, so the old figure is an "
                       "upper bound at NT$0.2 a message."))
    return "\n".join(lines)



def _volume(frame: Estimate, today: date) -> tuple[int, str, str, Decimal | None]:
    """Messages a month, how they were counted, any assumption, and sends a month."""
    if frame.messages is not None and frame.addon:
        plan = price_list_for(today).plans[PlanId(frame.plan or PlanId.HIGH)]
        return plan.free_messages + frame.messages, _("%(free)s free on the %(plan)s + %(more)s more",
                                                      free=count(plan.free_messages), plan=plan_name(plan.id),
                                                      more=count(frame.messages)), "", None
    if frame.messages is not None:
        return frame.messages, _("messages you send in a month"), "", None
    if frame.parts:
        return _pattern(frame.parts)
    friends, sends, period = frame.friends or 0, frame.sends or 0, frame.period
    blocked = min(frame.blocked, friends)
    volume = monthly_volume(friends - blocked, sends, period)
    extra = frame.extra_messages
    if frame.segment:
        formula = _("%(friends)s friends in the segment × %(per)s", friends=f"{volume.friends:,}",
                    per=_per(volume.sends, period))
    else:
        formula = _("%(friends)s friends × %(per)s", friends=f"{volume.friends:,}", per=_per(volume.sends, period))
    if blocked:
        formula += " " + _("(%(blocked)s who blocked you are not counted)", blocked=f"{blocked:,}")
    if extra:
        formula += " + " + count(extra)
    assumption = {
        "week": _("Counted as 4 weeks a month (%(n)s sends); a month with a fifth such weekday adds one more.",
                  n=volume.sends_per_month),
        "fortnight": _("Counted as 4 weeks a month (%(n)s sends a month).", n=volume.sends_per_month),
        "day": _("Counted as a 30-day month (%(n)s sends).", n=volume.sends_per_month),
        "quarter": _("A quarter's sends spread over its 3 months: %(n)s sends a month on average; the month you "
                     "send uses more.", n=volume.sends_per_month),
        "year": _("A year's sends spread over 12 months: %(n)s sends a month on average; a month with more sends "
                  "uses more.", n=volume.sends_per_month),
    }.get(period, "")
    return volume.messages + extra, formula, assumption, volume.sends_per_month


def _per(sends: int, period: str) -> str:
    """「每月2次」 / "2 every two weeks": sends in their period, as the merchant said them."""
    return {"month": _("%(n)s a month", n=sends), "week": _("%(n)s a week", n=sends),
            "fortnight": _("%(n)s every two weeks", n=sends), "day": _("%(n)s a day", n=sends),
            "quarter": _("%(n)s a quarter", n=sends), "year": _("%(n)s a year", n=sends)}[period]


def _counted_per(messages: int, period: str) -> str:
    """「600則」 a month, 「每天60則」 a day, 「每週500則」 a week."""
    if period == "day":
        return _("%(count)s each day", count=count(messages))
    if period == "week":
        return _("%(count)s each week", count=count(messages))
    return count(messages)


def _pattern(pattern: tuple[Audience, ...]) -> tuple[int, str, str, Decimal | None]:
    """Several sends added up: each part's friends × sends, and the month's total."""
    total, terms = 0, []
    for part in pattern:
        if part.messages is not None:
            messages = monthly_volume(part.messages, 1, part.period).messages
            total += messages
            terms.append(_counted_per(part.messages, part.period))
            continue
        volume = monthly_volume(part.friends, part.sends, part.period)
        total += volume.messages
        terms.append(_("%(friends)s friends × %(per)s", friends=f"{volume.friends:,}",
                       per=_per(volume.sends, part.period)))
    return total, " + ".join(terms), "", None


def _calculator_links(calculator: str | None, frame: Estimate, messages: int) -> list[dict[str, Any]]:
    """A button opening the calculator with this estimate's figures, when the page has a public address."""
    if not calculator:
        return []
    if frame.friends is not None and frame.sends is not None and frame.period in CALCULATOR_PERIODS:
        friends, sends, period = frame.friends, frame.sends, frame.period
    else:
        friends, sends, period = messages, 1, "month"
    uri = calculator_url(calculator, friends, sends, period)
    return [render("parts/link", label=_("Open in the calculator"), uri=uri)] if len(uri) <= 1000 else []


def _estimate_card(est: Any, messages: int, formula: str, assumption: str, frame: Estimate,
                   sends_per_month: Decimal | None, links: list[dict[str, Any]]) -> dict[str, Any]:
    """The estimate bubble: volume, recommended plan and cost, breakdown, the other plans, a tip."""
    rec: PlanCost = est.recommended
    breakdown = [cards.row(_("Monthly fee"), money(rec.fee)),
                 cards.row(_("Free messages"), count(rec.plan.free_messages))]
    for line in rec.addon_lines:
        breakdown.append(cards.row(_("Add-on %(n)s × %(price)s", n=f"{line.messages:,}", price=money(line.tier.price)),
                                   money(line.cost)))
    if len(rec.addon_lines) > 1:
        breakdown.append(cards.row(_("Add-on total (%(n)s)", n=count(rec.addon_messages)), money(rec.addon_cost),
                                   bold=True))
    if not rec.exact:
        breakdown.append(cards.note(_("Add-on shown at the highest rate; the real tiered price is lower.")))
    others = [cards.heading(_("Other plans"))]
    for cost, plan_id in zip(est.costs, (PlanId.LIGHT, PlanId.MEDIUM, PlanId.HIGH), strict=True):
        if plan_id == rec.plan.id:
            continue
        others.append(cards.row(plan_name(plan_id), _other_plan(cost, rec, est.price_list, plan_id)))
    if frame.plan:
        others.append(cards.note(_asked_plan(est, frame.plan, messages)))
    tip = _segment_tip(frame, sends_per_month, est)
    if tip:
        others += [cards.heading(_("Tip")), cards.note(tip)]
    return cards.render_estimate(
        kicker=_("Messages a month"), volume=count(messages), formula=formula,
        recommend_label=_("Cheapest plan that can send it"), plan=plan_name(rec.plan.id),
        total=_("%(total)s a month (untaxed)", total=money(rec.total)),
        total_taxed=_("%(taxed)s with 5%% tax", taxed=money(rec.total_taxed)),
        breakdown=breakdown, others=others, footnote=footnote(est.price_list, assumption), links=links,
    )


def _other_plan(cost: PlanCost | None, rec: PlanCost, price_list: PriceList, plan_id: PlanId) -> str:
    """How another plan compares with the recommended one."""
    if cost is None:
        return _("Can't send it (%(limit)s at most, no add-on)", limit=count(price_list.plans[plan_id].free_messages))
    return _("%(total)s (%(diff)s more)", total=money(cost.total), diff=money(cost.total - rec.total))


def _asked_plan(est: Any, asked: str, messages: int) -> str:
    """Whether the plan the merchant asked about is enough, and what moving up from it costs this month."""
    plan = est.price_list.plans[PlanId(asked)]
    dearer = "" if plan.id == est.recommended.plan.id else sentence_gap() + _(
        "On the %(plan)s that is %(fee)s a month untaxed.", plan=plan_name(asked), fee=money(plan.fee))
    if messages <= plan.free_messages and plan.addon_allowed:  # 「高用量還要另外加購嗎」
        return _("%(plan)s is enough (%(limit)s a month): no add-on needed.", plan=plan_name(asked),
                 limit=count(plan.free_messages)) + dearer
    if messages <= plan.free_messages:
        return _("%(plan)s is enough (%(limit)s a month).", plan=plan_name(asked),
                 limit=count(plan.free_messages)) + dearer
    if plan.addon_allowed:  # 「已經是高用量了，要加購嗎」: yes, the messages beyond the free ones
        addon = plan_cost(plan.id, messages, est.price_list.effective_from)
        extra = addon.addon_cost if addon else Decimal(0)
        return _("Yes, add-on is needed: %(plan)s includes %(limit)s a month, so %(over)s are add-on messages "
                 "(%(cost)s, %(taxed)s with tax).", plan=plan_name(asked), limit=count(plan.free_messages),
                 over=count(messages - plan.free_messages), cost=money(extra), taxed=money(with_tax(extra).taxed))
    short = _("%(plan)s is not enough: it includes %(limit)s a month.", plan=plan_name(asked),
              limit=count(plan.free_messages))
    high = est.price_list.plans[PlanId.HIGH]
    if plan.id == PlanId.MEDIUM and est.recommended.plan.id == PlanId.HIGH:
        upgrade = _("Upgrading from Medium to High takes effect at once: the free messages go up to %(free)s and "
                    "the %(diff)s fee difference is charged.", free=count(high.free_messages),
                    diff=money(high.fee - plan.fee))
        short += sentence_gap() + upgrade
    return short




def _segment_tip(frame: Estimate, sends_per_month: Decimal | None, est: Any) -> str:
    """How much sending to half the friends (a tagged segment) would save."""
    friends = frame.friends
    if not friends or not sends_per_month or friends // 2 <= TARGETED_MINIMUM or est.recommended.total == 0:
        return ""
    if sends_per_month != sends_per_month.to_integral_value():
        return ""
    saving = segment_saving(friends, friends // 2, int(sends_per_month), est.price_list.effective_from)
    if saving.saved_messages <= 0 or saving.saved_money <= 0:
        return ""
    return _("Sending only to a tagged half of your friends (a segment) would save %(money)s a month.",
             money=money(saving.saved_money))


def _estimate_chips(frame: Estimate) -> dict[str, Any]:
    """Follow-ups after an estimate."""
    pairs = []
    if frame.sends is not None:
        more = 4 if frame.sends < 4 else frame.sends * 2
        pairs.append((_("%(n)s a month?", n=more), _("What about %(n)s broadcasts a month?", n=more)))
    if frame.friends is not None:
        pairs.append((_("Double the friends?"), _("What about %(n)s friends?", n=frame.friends * 2)))
    pairs.append((_("Fix the numbers"), _("I'd like a cost estimate")))
    pairs += [(_("With tax?"), _("With tax?")), (_("How to upgrade?"), _("How do I upgrade?")),
              (_("Compare plans"), _("Compare plans"))]
    chips = quick_replies(*pairs)["items"]
    if frame.friends is not None and frame.sends is not None and frame.period in CALCULATOR_PERIODS:
        data = tap_data("wizard", w="estimate", friends=frame.friends, sends=frame.sends, period=frame.period,
                        aud="part")
        chips.insert(2, tap(_("Only some friends"), data, _("Send to only some of my friends")))
    return tap_chips(*chips)


def budget_reply(ctx: Context, question: Question) -> Reply:
    """The most messages a monthly budget buys, and on which plan."""
    frame = Budget.from_slots(ctx.slots)
    if frame.amount is None:
        chips = quick_replies(*[(money(Decimal(b)), _("Budget %(n)s", n=b)) for b in (500, 1000, 1500, 3000)])
        return Reply([text_message(_("What is your monthly budget in NT$?"), chips)])
    stated, yearly, taxed = frame.amount, frame.yearly, frame.taxed
    monthly = (stated / 12).quantize(Decimal("0.01"), rounding=ROUND_DOWN) if yearly else stated
    untaxed = without_tax(monthly).untaxed if taxed else monthly
    if frame.addon_cap:
        return _addon_cap_reply(untaxed, ctx.on)
    ans = budget_messages(untaxed, ctx.on)
    lines = [_("A budget of %(budget)s (untaxed) sends at most %(messages)s a month on the %(plan)s.",
               budget=money(untaxed), messages=count(ans.messages), plan=plan_name(ans.plan.id))]
    if taxed:
        lines.insert(0, _("%(stated)s with tax is %(untaxed)s before tax.", stated=money(monthly),
                          untaxed=money(untaxed)))
    if yearly:
        lines.insert(0, _("A yearly budget of %(year)s is %(month)s a month.", year=money(stated),
                          month=money(monthly)))
    friends = frame.friends or 0
    if friends:
        lines.append(_("To %(friends)s friends that is %(sends)s sends a month (each send counts once per friend).",
                       friends=f"{friends:,}", sends=ans.messages // friends))
        lines += _whole_sends_line(friends, ans.messages // friends, ctx.on)
    cheapest_paid = min(p.fee for p in ans.price_list.plans.values() if p.fee > 0)
    asked = frame.plan or (next(p.id for p in ans.price_list.plans.values() if p.fee == cheapest_paid)
                           if ans.budget < cheapest_paid else None)  # 「只想花800」: why only the free plan
    if asked:  # 「每個月都用中用量夠嗎」: the plan's fee against the monthly budget
        fee = ans.price_list.plans[PlanId(asked)].fee
        enough = _("enough") if fee <= ans.budget else _("not enough")
        if yearly and taxed:  # 「年度預算18,000含稅，中用量撐得住嗎」: the plan's taxed year against it
            lines.append(_("The %(plan)s costs %(year)s a year with tax (12 × %(fee)s): the budget is %(enough)s "
                           "for it.", plan=plan_name(asked), year=money(with_tax(fee * 12).taxed),
                           fee=money(with_tax(fee).taxed), enough=enough))
        elif yearly:  # 「一年預算兩萬，付中用量夠嗎」: the plan's year against the year's budget
            lines.append(_("The %(plan)s costs %(year)s a year (12 × %(fee)s): the budget is %(enough)s for it.",
                           plan=plan_name(asked), year=money(fee * 12), fee=money(fee), enough=enough))
        elif taxed:  # 「每月1400含稅的預算，能開高用量嗎」: the plan's taxed fee against it
            lines.append(_("The %(plan)s costs %(fee)s a month, %(taxed)s with tax: the budget is %(enough)s for it.",
                           plan=plan_name(asked), fee=money(fee), taxed=money(with_tax(fee).taxed), enough=enough))
        else:
            lines.append(_("The %(plan)s costs %(fee)s a month: the budget is %(enough)s for it.",
                           plan=plan_name(asked), fee=money(fee), enough=enough))
    lines.append(_("Monthly fee %(fee)s", fee=money(ans.cost.fee)))
    for line in ans.cost.addon_lines:
        lines.append(_("Add-on %(n)s × %(price)s = %(cost)s", n=f"{line.messages:,}", price=money(line.tier.price),
                       cost=money(line.cost)))
    lines.append(_("Total %(total)s untaxed, %(taxed)s with tax.", total=money(ans.cost.total),
                   taxed=money(ans.cost.total_taxed)))
    lines.append(footnote(ans.price_list))
    chips = quick_replies((_("Compare plans"), _("Compare plans")), (_("With tax?"), _("With tax?")))
    return Reply([text_message("\n".join(lines), chips)], tags=(f"budget:{ans.plan.id}",))


def _capped(frame: Estimate, volume: int, on: date) -> str:
    """An add-on cap beside a month's volume: how many messages it lets the High plan send, and what is left."""
    if frame.addon_cap is None:
        return ""
    high, most = _cap_reach(Decimal(frame.addon_cap), on)
    if volume <= most:
        return _("An add-on cap of %(cap)s covers %(messages)s on the High plan.", cap=money(Decimal(frame.addon_cap)),
                 messages=count(volume))
    return _("With add-on capped at %(cap)s, the High plan stops at %(most)s this month (%(free)s free + %(addon)s "
             "add-on): the other %(left)s can't be sent unless you raise the cap.",
             cap=money(Decimal(frame.addon_cap)), most=count(most), free=count(high.free_messages),
             addon=count(most - high.free_messages), left=count(volume - most))


def _whole_sends_line(friends: int, sends: int, on: date) -> list[str]:
    """「每個月可以發幾次」: what those whole sends cost, a little under the budget that buys them."""
    if sends < 1:
        return []
    cost = estimate(friends * sends, on).recommended
    return [_("%(sends)s sends = %(messages)s: %(total)s untaxed (%(taxed)s with tax) on the %(plan)s.",
              sends=sends, messages=count(friends * sends), total=money(cost.total), taxed=money(cost.total_taxed),
              plan=plan_name(cost.plan.id))]


def _cap_reach(cap: Decimal, on: date) -> tuple[Plan, int]:
    """The High plan, and the most messages it sends a month with add-on spending capped at `cap`."""
    high = price_list_for(on).plans[PlanId.HIGH]
    return high, budget_messages(cap + high.fee, on).messages


def _addon_cap_reply(cap: Decimal, on: date) -> Reply:
    """An add-on spending cap: the High plan's free messages plus what the cap buys, the fee on top."""
    high, most = _cap_reach(cap, on)
    lines = [_("With add-on spending capped at %(cap)s, the High plan sends at most %(messages)s a month: %(free)s "
               "free plus %(addon)s add-on. The month costs at most %(total)s untaxed (fee %(fee)s + add-on %(cap)s).",
               cap=money(cap), messages=count(most), free=count(high.free_messages),
               addon=count(most - high.free_messages), total=money(cap + high.fee), fee=money(high.fee)),
             footnote(price_list_for(on))]
    return Reply([text_message("\n".join(lines), quick_replies((_("Compare plans"), _("Compare plans"))))])
