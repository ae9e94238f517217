"""One answer per intent: a Question and today's date in, LINE messages out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from bot.answers import cards
from bot.answers.flex import flex_message, text_message
from bot.answers.i18n import _, as_of, count, day, money, month_name, separator_word, short_day
from bot.answers.words import fee_text, footnote, menu_chips, plan_name, quick_replies
from bot.pricing import (
    PlanChange,
    PlanCost,
    PlanId,
    PriceList,
    PriceListNotFound,
    all_price_lists,
    billing_calendar,
    blocked_until,
    budget_messages,
    estimate,
    monthly_volume,
    next_allowed_change,
    no_change_windows,
    plan_change,
    price_list_for,
    segment_saving,
    with_tax,
    without_tax,
)
from bot.understanding.question import Question

Message = dict[str, Any]


@dataclass(frozen=True)
class Reply:
    """Messages to send, tags the follower earned, and whether to remember the question."""

    messages: list[Message]
    tags: tuple[str, ...] = ()
    remember: bool = True


@dataclass(frozen=True)
class Context:
    """What every answer needs besides the question."""

    today: date
    slots: dict[str, Any] = field(default_factory=dict)


def answer(question: Question, today: date) -> Reply:
    """The reply for a question, in the locale already in use."""
    if "negative" in question.problems:
        return Reply([text_message(_("Numbers can't be negative. How many friends do you send to, and how many "
                                     "times a month?"), ask_friends_chips())], remember=False)
    handler = HANDLERS.get(question.intent, out_of_scope)
    return handler(Context(today=today, slots=dict(question.slots)), question)


# --- estimates -------------------------------------------------------------------------------------
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
    slots = ctx.slots
    if "messages" not in slots and "friends" not in slots:
        return Reply([text_message(_("How many friends will you send to? (the 'target friends' in your account)"),
                                   ask_friends_chips())])
    if "messages" not in slots and "sends" not in slots:
        return Reply([text_message(_("%(friends)s friends: how many broadcasts a month?",
                                     friends=f"{slots['friends']:,}"), ask_sends_chips())])
    problems = [p for p in question.problems if p.startswith("absurd")]
    if problems:
        return Reply([text_message(_("That number looks too large to be right. Please check it and ask again."),
                                   ask_friends_chips())], remember=False)
    volume, formula, assumption, sends_per_month = _volume(slots, ctx.today)
    est = estimate(volume, ctx.today)
    card = _estimate_card(est, volume, formula, assumption, slots, sends_per_month)
    rec = est.recommended
    alt = _("%(messages)s a month: %(plan)s, %(total)s untaxed (%(taxed)s with tax). %(asof)s",
            messages=count(volume), plan=plan_name(rec.plan.id), total=money(rec.total),
            taxed=money(rec.total_taxed), asof=as_of(est.price_list.effective_from))
    chips = _estimate_chips(slots)
    messages = [flex_message(alt, card, chips)]
    if slots.get("tax"):
        taxed = with_tax(rec.total)
        messages.insert(0, text_message(_("With tax: %(taxed)s a month (%(total)s + 5%% business tax %(tax)s) on the "
                                          "%(plan)s.", taxed=money(taxed.taxed), total=money(rec.total),
                                          tax=money(taxed.tax), plan=plan_name(rec.plan.id))))
    return Reply(messages, tags=(f"estimate:{rec.plan.id}",))


def _volume(slots: dict[str, Any], today: date) -> tuple[int, str, str, int | None]:
    """Messages a month, how they were counted, any assumption, and sends a month."""
    if "messages" in slots and slots.get("_addon"):
        free = price_list_for(today).plans[PlanId.HIGH].free_messages
        total = free + int(slots["messages"])
        return total, _("%(free)s free on the High plan + %(addon)s add-on", free=count(free),
                        addon=count(int(slots["messages"]))), "", None
    if "messages" in slots:
        return int(slots["messages"]), _("messages you send in a month"), "", None
    period = slots.get("period", "month")
    blocked = min(int(slots.get("_blocked", 0)), int(slots["friends"]))
    volume = monthly_volume(int(slots["friends"]) - blocked, int(slots["sends"]), period)
    extra = int(slots.get("_extra_messages", 0))
    per = {"month": _("%(n)s a month", n=volume.sends), "week": _("%(n)s a week", n=volume.sends),
           "day": _("%(n)s a day", n=volume.sends)}[period]
    formula = _("%(friends)s friends × %(per)s", friends=f"{volume.friends:,}", per=per)
    if blocked:
        formula += " " + _("(%(blocked)s who blocked you are not counted)", blocked=f"{blocked:,}")
    if extra:
        formula += " + " + count(extra)
    assumption = {
        "week": _("Counted as 4 weeks a month (%(n)s sends); a month with a fifth such weekday adds one more.",
                  n=volume.sends_per_month),
        "day": _("Counted as a 30-day month (%(n)s sends).", n=volume.sends_per_month),
    }.get(period, "")
    return volume.messages + extra, formula, assumption, volume.sends_per_month


def _estimate_card(est: Any, messages: int, formula: str, assumption: str, slots: dict[str, Any],
                   sends_per_month: int | None) -> dict[str, Any]:
    """The estimate bubble: volume, recommended plan and cost, breakdown, the other plans, a tip."""
    rec: PlanCost = est.recommended
    breakdown = [cards.row(_("Monthly fee"), money(rec.fee)),
                 cards.row(_("Free messages"), count(rec.plan.free_messages))]
    for line in rec.addon_lines:
        breakdown.append(cards.row(_("Add-on %(n)s × %(price)s", n=f"{line.messages:,}", price=money(line.tier.price)),
                                   money(line.cost)))
    if not rec.exact:
        breakdown.append(cards.note(_("Add-on shown at the highest rate; the real tiered price is lower.")))
    others = [cards.heading(_("Other plans"))]
    for cost, plan_id in zip(est.costs, (PlanId.LIGHT, PlanId.MEDIUM, PlanId.HIGH), strict=True):
        if plan_id == rec.plan.id:
            continue
        others.append(cards.row(plan_name(plan_id), _other_plan(cost, rec, est.price_list, plan_id)))
    asked = slots.get("plan")
    if asked and asked != str(rec.plan.id):
        others.append(cards.note(_asked_plan(est, asked, messages)))
    tip = _segment_tip(slots, sends_per_month, est)
    if tip:
        others += [cards.heading(_("Tip")), cards.note(tip)]
    return cards.render_estimate(
        kicker=_("Messages a month"), volume=count(messages), formula=formula,
        recommend_label=_("Cheapest plan that can send it"), plan=plan_name(rec.plan.id),
        total=_("%(total)s a month (untaxed)", total=money(rec.total)),
        total_taxed=_("%(taxed)s with 5%% tax", taxed=money(rec.total_taxed)),
        breakdown=breakdown, others=others, footnote=footnote(est.price_list, assumption),
    )


def _other_plan(cost: PlanCost | None, rec: PlanCost, price_list: PriceList, plan_id: PlanId) -> str:
    """How another plan compares with the recommended one."""
    if cost is None:
        return _("Can't send it (%(limit)s at most, no add-on)", limit=count(price_list.plans[plan_id].free_messages))
    return _("%(total)s (%(diff)s more)", total=money(cost.total), diff=money(cost.total - rec.total))


def _asked_plan(est: Any, asked: str, messages: int) -> str:
    """Whether the plan the merchant asked about is enough."""
    plan = est.price_list.plans[PlanId(asked)]
    if messages <= plan.free_messages:
        return _("%(plan)s is enough (%(limit)s a month).", plan=plan_name(asked), limit=count(plan.free_messages))
    return _("%(plan)s is not enough: it includes %(limit)s a month.", plan=plan_name(asked),
             limit=count(plan.free_messages))


def _segment_tip(slots: dict[str, Any], sends_per_month: int | None, est: Any) -> str:
    """How much sending to half the friends (a tagged segment) would save."""
    friends = slots.get("friends")
    if not friends or not sends_per_month or friends < 2 or est.recommended.total == 0:
        return ""
    saving = segment_saving(int(friends), int(friends) // 2, sends_per_month, est.price_list.effective_from)
    if saving.saved_messages <= 0 or saving.saved_money <= 0:
        return ""
    return _("Sending only to a tagged half of your friends uses %(saved)s fewer a month and saves %(money)s.",
             saved=count(saving.saved_messages), money=money(saving.saved_money))


def _estimate_chips(slots: dict[str, Any]) -> dict[str, Any]:
    """Follow-ups after an estimate."""
    pairs = []
    if "sends" in slots:
        more = 4 if int(slots["sends"]) < 4 else int(slots["sends"]) * 2
        pairs.append((_("%(n)s a month?", n=more), _("What about %(n)s broadcasts a month?", n=more)))
    if "friends" in slots:
        pairs.append((_("Double the friends?"), _("What about %(n)s friends?", n=int(slots["friends"]) * 2)))
    pairs += [(_("With tax?"), _("With tax?")), (_("How to upgrade?"), _("How do I upgrade?")),
              (_("Compare plans"), _("Compare plans"))]
    return quick_replies(*pairs)


# --- budget, tax, plan facts ------------------------------------------------------------------------------
def budget_reply(ctx: Context, question: Question) -> Reply:
    """The most messages a monthly budget buys, and on which plan."""
    if "budget" not in ctx.slots:
        chips = quick_replies(*[(money(Decimal(b)), _("Budget %(n)s", n=b)) for b in (500, 1000, 1500, 3000)])
        return Reply([text_message(_("What is your monthly budget in NT$?"), chips)])
    stated = Decimal(ctx.slots["budget"])
    untaxed = without_tax(stated).untaxed if ctx.slots.get("tax") else stated
    ans = budget_messages(untaxed, ctx.today)
    lines = [_("A budget of %(budget)s (untaxed) sends at most %(messages)s a month on the %(plan)s.",
               budget=money(untaxed), messages=count(ans.messages), plan=plan_name(ans.plan.id))]
    if ctx.slots.get("tax"):
        lines.insert(0, _("%(stated)s with tax is %(untaxed)s before tax.", stated=money(stated),
                          untaxed=money(untaxed)))
    lines.append(_("Monthly fee %(fee)s", fee=money(ans.cost.fee)))
    for line in ans.cost.addon_lines:
        lines.append(_("Add-on %(n)s × %(price)s = %(cost)s", n=f"{line.messages:,}", price=money(line.tier.price),
                       cost=money(line.cost)))
    lines.append(_("Total %(total)s untaxed, %(taxed)s with tax.", total=money(ans.cost.total),
                   taxed=money(ans.cost.total_taxed)))
    lines.append(footnote(ans.price_list))
    chips = quick_replies((_("Compare plans"), _("Compare plans")), (_("With tax?"), _("With tax?")))
    return Reply([text_message("\n".join(lines), chips)], tags=(f"budget:{ans.plan.id}",))


def tax_reply(ctx: Context, question: Question) -> Reply:
    """Prices are untaxed; 5% business tax on top, with the figures."""
    price_list = price_list_for(ctx.today)
    lines = [_("LINE Official Account prices are quoted without tax; 5% business tax is added.")]
    plans = [PlanId(ctx.slots["plan"])] if "plan" in ctx.slots else [PlanId.MEDIUM, PlanId.HIGH]
    for plan_id in plans:
        plan = price_list.plans[plan_id]
        taxed = with_tax(plan.fee)
        lines.append(_("%(plan)s: %(untaxed)s untaxed → %(taxed)s with tax", plan=plan_name(plan_id),
                       untaxed=money(plan.fee), taxed=money(taxed.taxed)))
        if ctx.slots.get("_yearly"):
            lines.append(_yearly_line(plan_id, plan.fee))
    high = price_list.plans[PlanId.HIGH]
    if high.addon_exact and ("plan" not in ctx.slots or ctx.slots["plan"] == "high"):
        for tier in high.addon_tiers:
            lines.append(_("Add-on %(untaxed)s → %(taxed)s each with tax", untaxed=money(tier.price),
                           taxed=money(with_tax(tier.price).taxed)))
    lines.append(as_of(price_list.effective_from))
    return Reply([text_message("\n".join(lines), menu_chips())])


def plan_facts_reply(ctx: Context, question: Question) -> Reply:
    """A plan's fee, free messages and add-on (or the add-on rules for all plans)."""
    price_list = price_list_for(ctx.today)
    if "plan" not in ctx.slots:
        return _addon_rules(price_list)
    plan = price_list.plans[PlanId(ctx.slots["plan"])]
    lines = [_plan_sentence(price_list, plan.id)]
    if plan.addon_allowed:
        lines.append(_("Add-on: %(summary)s (progressive, like tax brackets).", summary=cards.addon_summary(plan)))
        lines.append(_("Without add-on enabled, sending stops at %(quota)s; set a spending cap under Settings > "
                       "Billing > Overview > Change limit.", quota=count(plan.free_messages)))
    elif plan.id == PlanId.MEDIUM:
        lines.append(_("Need more than 3,000? The Medium plan can't buy more; upgrade to the High plan."))
    elif plan.id == PlanId.LIGHT:
        lines.append(_("Need more than 200? Upgrade to the Medium or High plan."))
    if ctx.slots.get("_yearly") and plan.fee:
        lines.append(_yearly_line(plan.id, plan.fee))
    lines.append(footnote(price_list))
    bubble = cards.plan_bubble(price_list, plan)
    alt = " ".join(lines)
    return Reply([text_message("\n".join(lines)), flex_message(alt, bubble, menu_chips())])


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


def _addon_rules(price_list: PriceList) -> Reply:
    """Who can buy add-on messages, and at what price."""
    high = price_list.plans[PlanId.HIGH]
    lines = [
        _("Only the High plan can buy add-on messages; Light and Medium cannot."),
        _("High plan add-on: %(summary)s, progressive (each bracket at its own price).",
          summary=cards.addon_summary(high)),
        _("Example: 70,000 messages = %(fee)s fee + 50,000 × NT$0.2 + 14,000 × NT$0.15.", fee=money(high.fee))
        if high.addon_exact else "",
        _("You can cap add-on spending in the manager: Settings > Billing > Overview > Change limit."),
        footnote(price_list),
    ]
    return Reply([text_message("\n".join(x for x in lines if x), menu_chips())])


def compare_reply(ctx: Context, question: Question) -> Reply:
    """The three plans side by side."""
    price_list = price_list_for(ctx.today)
    messages = [flex_message(cards.comparison_alt(price_list), cards.comparison(price_list), menu_chips())]
    medium, high = price_list.plans[PlanId.MEDIUM], price_list.plans[PlanId.HIGH]
    diff = _("High vs Medium: %(diff)s more a month (%(medium)s vs %(high)s) for %(more)s more free messages, "
             "and only High can buy add-on messages.", diff=money(high.fee - medium.fee), medium=money(medium.fee),
             high=money(high.fee), more=count(high.free_messages - medium.free_messages))
    same = _("All three plans have the same basic manager features; they differ in fee, free messages and add-on. "
             "Some advanced API features need a verified account or LINE's review.")
    return Reply([text_message(diff + "\n" + same), *messages])


# --- plan changes ---------------------------------------------------------------------------------------
def plan_change_reply(ctx: Context, question: Question) -> Reply:
    """When a plan change takes effect and what it costs that month."""
    slots = ctx.slots
    when = slots.get("date") or ctx.today
    if isinstance(when, str):
        when = date.fromisoformat(when)
    pairs = _change_pairs(slots)
    if not pairs:
        rules = _change_rules(when)
        window = _window_on(when)
        if window:
            rules = window + "\n" + rules
        return Reply([text_message(rules, _change_chips())])
    at = time(int(slots["_hour"])) if "_hour" in slots else None
    messages = [_change_card(plan_change(f, t, when, at)) for f, t in pairs[:3]]
    window = _window_on(when)
    if window and all(m["type"] == "flex" for m in messages) and at is not None and blocked_until(when, at) is None:
        messages.insert(0, text_message(window))
    return Reply(messages, tags=tuple(f"change:{t}" for _f, t in pairs[:1]))


def _change_pairs(slots: dict[str, Any]) -> list[tuple[str, str]]:
    """Which changes to show: the asked one, or the likely ones when the current plan is unsaid."""
    src, dst = slots.get("from_plan"), slots.get("to_plan")
    if src and dst:
        return [(src, dst)]
    if dst == "high":
        return [("medium", "high"), ("light", "high")]
    if dst == "medium":
        return [("light", "medium"), ("high", "medium")]
    if dst == "light":
        return [("high", "light"), ("medium", "light")]
    if src == "light":
        return [("light", "medium"), ("light", "high")]
    if src == "high":
        return [("high", "medium"), ("high", "light")]
    if src == "medium":
        return [("medium", "high"), ("medium", "light")]
    return []


def _change_rules(when: date) -> str:
    """The rules of plan changes in force on a date."""
    price_list = price_list_for(when)
    if price_list.change_rules == "oa2_2019":
        body = [_("Upgrading from the free Light plan takes effect at once, billed by the days left in the month."),
                _("Every other change, Medium to High included, takes effect on the 1st of next month.")]
    else:
        high, medium = price_list.plans[PlanId.HIGH], price_list.plans[PlanId.MEDIUM]
        body = [
            _("Light → Medium/High: at once; that month's fee and free messages are pro-rated by the days left "
              "(the change day counts)."),
            _("Medium → High: at once; free messages are topped up to %(quota)s and you pay the %(diff)s difference.",
              quota=f"{high.free_messages:,}", diff=money(high.fee - medium.fee)),
            _("Downgrades: from the 1st of next month; this month keeps the old plan."),
        ]
    for start, end in no_change_windows():
        if end.date() >= when and start.date() <= when + timedelta(days=60):
            first, last = _window_around(end)
            body.append(_("No plan changes from %(start)s to %(end)s.", start=first, end=last))
    body.append(_("Where: Settings > Billing > Plans > Plan list."))
    body.append(as_of(price_list.effective_from))
    return "\n".join(body)


def _change_chips() -> dict[str, Any]:
    """Common plan changes, one tap each."""
    return quick_replies(
        (_("Light → Medium today"), _("Upgrade from Light to Medium today")),
        (_("Medium → High today"), _("Upgrade from Medium to High today")),
        (_("High → Medium"), _("Downgrade from High to Medium")),
        (_("Where to change"), _("Where do I change my plan?")),
    )


def _change_card(change: PlanChange) -> Message:
    """The plan-change timeline: when it applies, this month's quota and fee, what is charged."""
    src, dst = plan_name(change.from_plan), plan_name(change.to_plan)
    rows = _change_rows(change)
    subtitle = _("Requested on %(day)s", day=day(change.requested_on))
    notes = [n for n in (_change_assumptions(change),) if n]
    bubble = cards.titled("change", kicker=_("Plan change"), title=f"{src} → {dst}", subtitle=subtitle, rows=rows,
                          footnote_text=footnote(change.price_list, *notes))
    alt = f"{src} → {dst}: " + "; ".join(_flatten_rows(rows)) + " " + as_of(change.price_list.effective_from)
    return flex_message(alt, bubble, _change_chips())


def _change_rows(change: PlanChange) -> list[dict[str, Any]]:
    """The timeline rows of a plan change."""
    new = change.price_list.plans[change.to_plan]
    old = change.price_list.plans[change.from_plan]
    rows: list[dict[str, Any]] = []
    if change.kind == "same":
        return [cards.paragraph(_("You are already on the %(plan)s.", plan=plan_name(change.to_plan)))]
    if not change.allowed and change.blocked_until:
        until = change.blocked_until
        start, end = _window_around(until)
        rows.append(cards.paragraph(_("No plan changes are possible from %(start)s to %(end)s; the next chance is "
                                      "%(day)s %(time)s. If you change then:", start=start, end=end,
                                      day=day(until.date()), time=until.strftime("%H:%M"))))
        change = next_allowed_change(change.from_plan, change.to_plan, change.requested_on)
    if change.immediate:
        rows.append(cards.row(_("Takes effect"), _("At once (%(day)s)", day=short_day(change.effective_on)), bold=True))
    else:
        rows.append(cards.row(_("Takes effect"), _("Next month, %(day)s", day=day(change.effective_on)), bold=True))
        rows.append(cards.note(_("Until then this month stays on the %(plan)s (%(quota)s).", plan=plan_name(old.id),
                                 quota=count(old.free_messages))))
    if change.prorated_quota is not None and change.days_left is not None:
        rows.append(cards.row(_("Free messages this month"), count(change.prorated_quota), bold=True))
        rows.append(cards.note(_("%(quota)s × %(left)s/%(days)s days left, rounded", quota=f"{new.free_messages:,}",
                                 left=change.days_left, days=change.days_in_month)))
    elif change.quota_this_month is not None and change.immediate:
        rows.append(cards.row(_("Free messages this month"), _("Topped up to %(quota)s",
                                                               quota=count(change.quota_this_month)), bold=True))
    if change.prorated_fee is not None and change.days_left is not None:
        rows.append(cards.row(_("Fee this month"), money(change.prorated_fee), bold=True))
        rows.append(cards.note(_("%(fee)s × %(left)s/%(days)s, rounded to the dollar", fee=money(new.fee),
                                 left=change.days_left, days=change.days_in_month)))
    elif change.charge_now is not None:
        rows.append(cards.row(_("Charged now"), _("%(charge)s (the fee difference)", charge=money(change.charge_now)),
                              bold=True))
    rows.append(cards.row(_("From next month"), _("%(fee)s, %(quota)s a month", fee=fee_text(new.fee),
                                                   quota=count(new.free_messages))))
    return rows


def _window_on(when: date) -> str:
    """A warning when a no-change window touches that day, else ''."""
    until = blocked_until(when)
    if until is None:
        return ""
    start, end = _window_around(until)
    return _("No plan changes are possible from %(start)s to %(end)s; the next chance is %(day)s %(time)s.",
             start=start, end=end, day=day(until.date()), time=until.strftime("%H:%M"))


def _window_around(until: datetime) -> tuple[str, str]:
    """The published start and last day of the no-change window that ends at `until`."""
    for start, end in no_change_windows():
        if end == until:
            last = end - timedelta(seconds=1)
            return f"{start.year}/{start.month}/{start.day} {start:%H:%M}", f"{last.month}/{last.day}"
    return "", short_day(until.date())


def _change_assumptions(change: PlanChange) -> str:
    """The caveats behind a plan change's figures."""
    if any("rule_restated_2026=unknown" in a for a in change.assumptions):
        return _("LINE has not restated the change rules for the 2026 prices; the 2023 rules are assumed.")
    return ""


def _flatten_rows(rows: list[dict[str, Any]]) -> list[str]:
    """Row texts for an altText."""
    out = []
    for r in rows:
        if r.get("type") == "box":
            out.append(" ".join(c.get("text", "") for c in r.get("contents", [])))
        elif r.get("type") == "text" and r.get("size") != "xs":
            out.append(r.get("text", ""))
    return out


# --- facts in words ---------------------------------------------------------------------------------
BILLED_KINDS = ("welcome", "auto_reply", "reply", "chat", "rich_menu", "voom", "blocked", "bubbles", "group",
                "broadcast", "push", "step")
FREE_KINDS = {"welcome", "auto_reply", "reply", "chat", "rich_menu", "voom", "blocked"}


def billed_sentence(kind: str) -> str:
    """Whether a kind of message costs quota, in one sentence."""
    return {
        "welcome": _("Greeting messages sent when someone adds you as a friend are free; they don't count."),
        "auto_reply": _("Auto-response messages (keyword replies and AI auto-replies) are free; they don't count."),
        "reply": _("Messaging API Reply messages are free; they don't count. Push, multicast, broadcast and "
                   "narrowcast do."),
        "chat": _("Replying by hand in the manager's one-on-one chat is free. A third-party inbox that sends "
                  "through the Push API is billed."),
        "rich_menu": _("Replies triggered by rich menu taps are free (they are auto-responses or Reply API "
                       "messages)."),
        "blocked": _("Friends who blocked you are not counted, nor are users who cannot receive the message."),
        "bubbles": _("One broadcast counts once per friend: up to 3 bubbles in the manager, or up to 5 message "
                     "objects in one API request, is still 1 message per person."),
        "group": _("A push to a group or multi-person chat counts once per member: 5 people = 5 messages."),
        "broadcast": _("Broadcasts are billed: messages = target friends × sends."),
        "push": _("Push messages are billed, including those a POS, CRM or other system sends for you."),
        "step": _("Step messages (漸進式訊息) are billed like broadcasts."),
        "voom": _("LINE VOOM posts are free; they don't count as messages."),
    }[kind]


def billed_reply(ctx: Context, question: Question) -> Reply:
    """Billed or free: the asked kind first, then the whole list."""
    kind = ctx.slots.get("kind") or "broadcast"
    price_list = price_list_for(ctx.today)
    verdict = _("Free") if kind in FREE_KINDS else _("Counted")
    rows = [cards.heading(_("Free (not counted)"))]
    rows += [cards.note("✓ " + billed_sentence(k)) for k in BILLED_KINDS if k in FREE_KINDS and k != kind]
    rows += [cards.heading(_("Counted"))]
    rows += [cards.note("• " + billed_sentence(k)) for k in BILLED_KINDS if k not in FREE_KINDS and k != kind]
    color = "#06C755" if kind in FREE_KINDS else "#E0533D"
    bubble = cards.titled("billed", kicker=_("Billed or free?"), title=verdict, subtitle=billed_sentence(kind),
                          rows=rows, footnote_text=footnote(price_list), color=color)
    sentence = billed_sentence(kind)
    audience = ctx.slots.get("_audience")
    if audience and kind not in FREE_KINDS:
        sentence += " " + _("Sending once to %(n)s people counts %(messages)s.", n=f"{int(audience):,}",
                            messages=count(int(audience)))
    return Reply([text_message(sentence), flex_message(sentence, bubble, menu_chips())])


def quota_reply(ctx: Context, question: Question) -> Reply:
    """How messages are counted and what happens when the quota runs out."""
    lines = [
        _("Messages = target friends × sends. One broadcast to 500 friends is 500 messages, so the quota goes fast."),
        _("Target friends excludes those who blocked you; the manager's home page shows the number."),
        _("Free: greeting messages, auto-responses, manual one-on-one chat and Reply API replies (like this bot)."),
        _("When the month's quota is used up, broadcasts and pushes are refused (the API answers 429 'You have "
          "reached your monthly limit'); free replies keep working. Unused messages don't carry over."),
        _("The manager's count of sent messages is updated about once a day, so it lags behind."),
        _("Months are counted in Japan time: after 23:00 Taiwan time on the last day, messages count to the next "
          "month."),
    ]
    return Reply([text_message("\n".join(lines), menu_chips())])


def manager_path(topic: str) -> str:
    """Where one thing is in LINE Official Account Manager."""
    paths = {
        "cap": _("Settings > Billing > Overview > Change limit (add-on spending cap). Without add-on, the High "
                 "plan stops at 6,000."),
        "change_plan": _("Settings > Billing > Plans > Plan list, then Upgrade or Downgrade."),
        "usage": _("The manager's home page shows this month's sent messages; the figure is updated about once a "
                   "day."),
        "payment": _("Settings > Billing > Payment methods (credit card or LINE Pay; add a secondary method too)."),
        "invoice": _("Settings > Account > E-invoice information (fill in a company tax ID before paying); invoice "
                     "numbers are under Settings > Account > Payment history."),
    }
    return paths.get(topic, paths["change_plan"])


def manager_reply(ctx: Context, question: Question) -> Reply:
    """Where things are in LINE Official Account Manager."""
    return Reply([text_message(manager_path(ctx.slots.get("topic") or "change_plan"), menu_chips())])


def billing_reply(ctx: Context, question: Question) -> Reply:
    """When and how LINE charges."""
    lines = []
    if ctx.slots.get("_month"):
        calendar = billing_calendar(date.fromisoformat(ctx.slots["_month"]))
        lines.append(_("For %(month)s: the monthly fee is charged on %(fee_day)s; that month's add-on usage on "
                       "%(addon_day)s.", month=month_name(calendar.month), fee_day=day(calendar.fee_charge_date),
                       addon_day=day(calendar.addon_charge_date)))
    lines += [
        _("Monthly fee: charged on the 1st of each month."),
        _("Add-on messages: the month's usage is charged on the 10th of the following month."),
        _("Billing uses Japan time (GMT+9): messages sent after 23:00 Taiwan time on the last day count to the "
          "next month."),
        _("Payment: credit card (Visa, Master, JCB) or LINE Pay; in the iOS app, Apple's payment."),
        _("E-invoices are issued automatically after payment and e-mailed; add a company tax ID before paying "
          "(Settings > Account > E-invoice information)."),
        _("Invoices can't be issued in advance. A company tax ID can be added to a two-part invoice within 30 days; "
          "a three-part invoice can be corrected within 3 days."),
    ]
    return Reply([text_message("\n".join(lines), menu_chips())])


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


def segment_reply(ctx: Context, question: Question) -> Reply:
    """Segmenting and tags: what is known, what is not, and what it saves."""
    lines = [
        _("Sending to a segment instead of everyone saves messages: 1,000 tagged friends instead of 4,000 is "
          "3,000 fewer messages per send."),
        _("The manager's targeted messages (特定對象) need more than 100 target friends."),
        _("Segmented sends are billed like any broadcast: messages = people who receive it × sends."),
        _("Which plans include LINE's 分眾+ and its auto-tagging rules is not confirmed by an official source; "
          "check your manager."),
        _("This account tags its own followers by keywords, so later messages can go to the right segment."),
    ]
    return Reply([text_message("\n".join(lines), menu_chips())])


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


def out_of_scope(ctx: Context, question: Question) -> Reply:
    """A polite fallback that offers the menu and never invents numbers."""
    return Reply([text_message(_("Sorry, I only know LINE Official Account plans and prices. Try one of these, or "
                                 "ask e.g. '2,000 friends, 4 broadcasts a month'."), menu_chips())], remember=False)


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
    "help": help_reply,
    "greeting": greeting_reply,
    "thanks": thanks_reply,
    "out_of_scope": out_of_scope,
}
