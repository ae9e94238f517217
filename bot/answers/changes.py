"""Plan changes: when they take effect, this month's quota and fee, the no-change windows."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from bot.answers import cards
from bot.answers.base import Context, Message, Reply
from bot.answers.flex import flex_message, text_message
from bot.answers.i18n import _, as_of, count, day, money, month_day, short_day, slash
from bot.answers.words import fee_text, footnote, plan_name, quick_replies
from bot.pricing import (
    TAIPEI,
    PlanChange,
    PlanId,
    PriceList,
    all_price_lists,
    blocked_until,
    next_allowed_change,
    no_change_windows,
    plan_change,
    price_list_for,
    with_tax,
)
from bot.understanding.question import Question


def plan_change_reply(ctx: Context, question: Question) -> Reply:
    """When a plan change takes effect and what it costs that month."""
    slots = ctx.slots
    if slots.get("_refuse"):
        return _refuse_reply(ctx.today, confirm=bool(slots.get("_confirm")))
    when = slots.get("date") or ctx.today
    if isinstance(when, str):
        when = date.fromisoformat(when)
    pairs = _change_pairs(slots)
    at = time(int(slots["_hour"]), int(slots.get("_minute") or 0)) if "_hour" in slots else None
    window = _window_on(when, at)
    if not pairs:
        rules = _change_rules(when, ctx.today)
        return Reply([text_message("\n".join(x for x in (window, rules) if x), _change_chips())])
    taxed, used = bool(slots.get("tax")), slots.get("_used")
    changes = [plan_change(f, t, when, at) for f, t in pairs[:3]]
    messages = [_change_card(change, ctx.today, taxed, used) for change in changes]
    then = slots.get("_then")
    if then and len(pairs) == 1:  # 「12/20又升高用量」: the second change of the month, from the first one's plan
        second = plan_change(pairs[0][1], then[1], date.fromisoformat(str(then[0])), None)
        messages.append(_change_card(second, ctx.today, taxed))
        messages.insert(0, text_message(_two_changes(changes[0], second)))
    if window and at is not None:
        messages.insert(0, text_message(window))
    heard = slots.get("_heard_charge")
    if heard and len(pairs) == 1:
        messages.insert(0, text_message(_heard_charge(changes[0], Decimal(str(heard)))))
    if slots.get("_refund") and PLAN_RANK[pairs[0][0]] > PLAN_RANK[pairs[0][1]]:  # 「降級會退差價嗎」
        messages.insert(0, text_message(_("No refund: a downgrade takes effect on the 1st of next month, so this "
                                          "month stays on the plan already paid for.")))
    if slots.get("_how"):  # 「要怎麼操作」: where in the manager, after when and what it costs
        messages.append(text_message(_("Where: Settings > Billing > Plans > Plan list.")))
    return Reply(messages, tags=tuple(f"change:{t}" for _f, t in pairs[:1]))


def _two_changes(first: PlanChange, second: PlanChange) -> str:
    """Two changes in one month: what each charges at once, their sum, and the plan billed from next month."""
    one, two = first.charge_now or Decimal(0), second.charge_now or Decimal(0)
    return _("Two changes this month: %(first)s charged on %(day1)s and %(second)s on %(day2)s, %(total)s in all "
             "(untaxed). From %(from)s: the %(plan)s at %(fee)s a month.", first=money(one),
             day1=short_day(first.requested_on), second=money(two), day2=short_day(second.requested_on),
             total=money(one + two), **{"from": short_day(second.ongoing_from)}, plan=plan_name(second.to_plan),
             fee=money(second.ongoing_plan.fee))


def _heard_charge(change: PlanChange, heard: Decimal) -> str:
    """A charge heard for a plan change, confirmed or corrected by what is charged at once."""
    now = change.charge_now if change.charge_now is not None else Decimal(0)
    if heard == now:
        return _("Yes: %(amount)s is charged at once.", amount=money(now))
    return _("No, that's not right: the change charges %(amount)s at once, not %(heard)s.", amount=money(now),
             heard=money(heard))


def _refuse_reply(today: date, confirm: bool = False) -> Reply:
    """How to refuse the newest price list: be on the Light plan before its acceptance day (「就算同意了？」: yes)."""
    price_list = next((p for p in reversed(all_price_lists()) if p.accept_by is not None), None)
    if price_list is None or price_list.accept_by is None:
        return Reply([text_message(_change_rules(today, today), _change_chips())])
    lines = [_("To refuse the prices from %(start)s, downgrade to the Light plan before %(deadline)s; still using "
               "the Medium or High plan after %(deadline)s counts as accepting them. The Light plan is not "
               "affected.", start=slash(price_list.effective_from), deadline=day(price_list.accept_by))]
    if confirm:
        lines.insert(0, _("Yes."))
    medium, high = price_list.plans[PlanId.MEDIUM].fee, price_list.plans[PlanId.HIGH].fee
    lines.append(_("From %(date)s the Medium plan is %(medium)s and the High plan %(high)s a month, untaxed.",
                   date=slash(price_list.effective_from), medium=money(medium), high=money(high)))
    if today > price_list.accept_by:
        lines.append(_("That day has passed. You can still downgrade to the Light plan; a downgrade takes effect "
                       "on the 1st of next month."))
        lines.append(_("LINE had also advised adding a secondary payment method (Settings > Billing > Payment "
                       "methods) before %(deadline)s.", deadline=day(price_list.accept_by)))
    else:
        lines.append(_("LINE also advises adding a secondary payment method (Settings > Billing > Payment methods) "
                       "before %(deadline)s.", deadline=day(price_list.accept_by)))
    for _start, end in price_list.no_change_windows:
        if end.date() > today:
            first, final = _window_around(end)
            lines.append(_("No purchase, upgrade or downgrade from %(start)s to %(end)s.", start=first, end=final))
    return Reply([text_message("\n".join(lines), _change_chips())])


PLAN_RANK = {"light": 0, "medium": 1, "high": 2}


def _change_pairs(slots: dict[str, Any]) -> list[tuple[str, str]]:
    """Which changes to show: the asked one, or the likely ones when the current plan is unsaid."""
    src, dst = slots.get("from_plan"), slots.get("to_plan")
    if src and dst:
        return [(src, dst)]
    plans = list(PLAN_RANK)
    if dst:
        pairs = [(p, dst) for p in plans if p != dst]
    elif src:
        pairs = [(src, p) for p in plans if p != src]
    else:
        return []
    if slots.get("_down"):
        pairs = [(a, b) for a, b in pairs if PLAN_RANK[a] > PLAN_RANK[b]]
    elif slots.get("_up"):
        pairs = [(a, b) for a, b in pairs if PLAN_RANK[a] < PLAN_RANK[b]]
    return sorted(pairs, key=lambda pair: (PLAN_RANK[pair[0]] > PLAN_RANK[pair[1]], -PLAN_RANK[pair[0]]))

def medium_to_high(price_list: PriceList) -> str:
    """What a Medium → High upgrade costs and gives under the rules since 2023/9/1."""
    high, medium = price_list.plans[PlanId.HIGH], price_list.plans[PlanId.MEDIUM]
    return _("Medium → High: at once; free messages are topped up to %(quota)s and you pay the %(diff)s difference.",
             quota=f"{high.free_messages:,}", diff=money(high.fee - medium.fee))


def _change_rules(when: date, today: date) -> str:
    """The rules of plan changes in force on a date."""
    price_list = price_list_for(when)
    if price_list.change_rules == "oa2_2019":
        body = [_("Upgrading from the free Light plan takes effect at once, billed by the days left in the month."),
                _("Every other change, Medium to High included, takes effect on the 1st of next month.")]
    else:
        body = [
            _("Light → Medium/High: at once; that month's fee and free messages are pro-rated by the days left "
              "(the change day counts)."),
            medium_to_high(price_list),
            _("Downgrades: from the 1st of next month; this month keeps the old plan."),
        ]
    body.extend(_window_lines(when, today))
    body.append(_("Where: Settings > Billing > Plans > Plan list."))
    body.append(as_of(price_list.effective_from))
    return "\n".join(body)


def _window_lines(when: date, today: date) -> list[str]:
    """No-change windows near the day asked about: a warning while one is ahead, history once it has closed."""
    lines = []
    earliest, latest = min(when, today) - timedelta(days=60), max(when, today) + timedelta(days=60)
    for start, end in no_change_windows():
        if end.date() < earliest or start.date() > latest:
            continue
        first, last = _window_around(end)
        if end.astimezone(TAIPEI).date() > today:
            lines.append(_("No plan changes from %(start)s to %(end)s.", start=first, end=last))
        else:
            lines.append(_("Plan changes were paused from %(start)s to %(end)s; that window has closed.",
                           start=first, end=last))
    return lines


def _change_chips() -> dict[str, Any]:
    """Common plan changes, one tap each."""
    return quick_replies(
        (_("Light → Medium today"), _("Upgrade from Light to Medium today")),
        (_("Medium → High today"), _("Upgrade from Medium to High today")),
        (_("High → Medium"), _("Downgrade from High to Medium")),
        (_("Where to change"), _("Where do I change my plan?")),
    )


def _change_card(change: PlanChange, today: date, taxed: bool = False, used: int | None = None) -> Message:
    """The plan-change timeline: when it applies, this month's quota and fee, what is charged."""
    src, dst = plan_name(change.from_plan), plan_name(change.to_plan)
    shown = change if change.allowed else next_allowed_change(change.from_plan, change.to_plan, change.requested_on)
    rows = [*_passed_rows(change.requested_on, today), *_blocked_rows(change), *_change_rows(shown, taxed)]
    if used and shown.immediate and shown.quota_this_month:
        left = max(shown.quota_this_month - int(used), 0)
        rows.insert(-1, cards.row(_("Left this month after %(used)s", used=count(int(used))), count(left), bold=True))
    subtitle = _("Requested on %(day)s", day=day(change.requested_on))
    notes = [n for n in (_change_assumptions(shown),) if n]
    bubble = cards.titled("change", kicker=_("Plan change"), title=f"{src} → {dst}", subtitle=subtitle, rows=rows,
                          footnote_text=footnote(shown.price_list, *notes))
    alt = f"{src} → {dst}: " + "; ".join(_flatten_rows(rows)) + " " + as_of(shown.price_list.effective_from)
    return flex_message(alt, bubble, _change_chips())


def _passed_rows(requested_on: date, today: date) -> list[dict[str, Any]]:
    """A note when the day asked about is already behind us, so the figures read as what happened."""
    if requested_on >= today:
        return []
    return [cards.note(_("%(day)s has passed (today is %(today)s); this is how that change worked.",
                         day=day(requested_on), today=day(today)))]


def _blocked_rows(change: PlanChange) -> list[dict[str, Any]]:
    """The no-change window that stops a change, and when the next chance is."""
    if change.allowed or change.blocked_until is None:
        return []
    until = change.blocked_until
    start, end = _window_around(until)
    return [cards.paragraph(_("No plan changes are possible from %(start)s to %(end)s; the next chance is "
                              "%(day)s %(time)s. If you change then:", start=start, end=end,
                              day=day(until.date()), time=until.strftime("%H:%M")))]


def _change_rows(change: PlanChange, taxed: bool = False) -> list[dict[str, Any]]:
    """The timeline rows of a change that is allowed (with the taxed amount due when asked)."""
    new = change.price_list.plans[change.to_plan]
    old = change.price_list.plans[change.from_plan]
    rows: list[dict[str, Any]] = []
    if change.kind == "same":
        return [cards.paragraph(_("You are already on the %(plan)s.", plan=plan_name(change.to_plan)))]
    if change.immediate:
        rows.append(cards.row(_("Takes effect"), _("At once (%(day)s)", day=short_day(change.effective_on)), bold=True))
    else:
        rows.append(cards.row(_("Takes effect"), _("Next month, %(day)s", day=day(change.effective_on)), bold=True))
        rows.append(cards.note(_("Until then this month stays on the %(plan)s: you keep its %(quota)s, and its fee "
                                 "%(fee)s is paid as usual.", plan=plan_name(old.id), quota=count(old.free_messages),
                                 fee=money(old.fee))))
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
    due = change.prorated_fee if change.prorated_fee is not None else change.charge_now
    if taxed and due is not None:
        rows.append(cards.row(_("With 5% tax"), money(with_tax(due).taxed), bold=True))
    rows.append(_ongoing_row(change))
    return rows


def _ongoing_row(change: PlanChange) -> dict[str, Any]:
    """The new plan's monthly fee from its first whole month, naming that list when it is a newer one."""
    plan = change.ongoing_plan
    fee, quota = fee_text(plan.fee), count(plan.free_messages)
    if change.ongoing_list.id == change.price_list.id:
        return cards.row(_("From next month"), _("%(fee)s, %(quota)s a month", fee=fee, quota=quota))
    newer = as_of(change.ongoing_list.effective_from)
    return cards.row(_("From next month"), _("%(fee)s, %(quota)s a month (%(prices)s)", fee=fee, quota=quota,
                                             prices=newer))


def _window_on(when: date, at: time | None = None) -> str:
    """A warning when a no-change window covers that moment, or starts later that day; else ''."""
    until = blocked_until(when, at)
    if until is not None:
        start, end = _window_around(until)
        return _("No plan changes are possible from %(start)s to %(end)s; the next chance is %(day)s %(time)s.",
                 start=start, end=end, day=day(until.date()), time=until.strftime("%H:%M"))
    later = blocked_until(when) if at is not None else None
    if later is not None and at is not None:
        start, end = _window_around(later)
        stop = next((s for s, e in no_change_windows() if e == later), None)
        return _("Yes: at %(at)s changes are still possible. They stop at %(start)s (until %(end)s), so finish "
                 "before %(stop)s.", at=at.strftime("%H:%M"), start=start, end=end,
                 stop=stop.strftime("%H:%M") if stop else start)
    return ""


def _window_around(until: datetime) -> tuple[str, str]:
    """The published start and last day of the no-change window that ends at `until`."""
    for start, end in no_change_windows():
        if end == until:
            return f"{day(start.date())}（{start:%H:%M}）", month_day((end - timedelta(seconds=1)).date())
    return "", month_day(until.date())


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
