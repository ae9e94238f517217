"""Plan changes (變更方案): when they take effect, what is pro-rated, and no-change windows."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from .lists import all_price_lists, price_list_for
from .model import PLAN_ORDER, TAIPEI, Plan, PlanId, PriceList
from .money import round_half_up_int, tidy, whole_dollars

SAME = "same"
UPGRADE_FROM_FREE = "upgrade_from_free"
UPGRADE_PAID = "upgrade_paid"
DOWNGRADE = "downgrade"


@dataclass(frozen=True)
class PlanChange:
    """What happens when a merchant changes plan on a given day."""

    price_list: PriceList
    from_plan: PlanId
    to_plan: PlanId
    requested_on: date
    kind: str
    allowed: bool
    blocked_until: datetime | None
    effective_on: date
    immediate: bool
    days_in_month: int
    days_left: int | None
    prorated_quota: int | None
    prorated_fee: Decimal | None
    charge_now: Decimal | None
    quota_this_month: int | None
    assumptions: tuple[str, ...]
    ongoing_list: PriceList

    @property
    def ongoing_from(self) -> date:
        """The first day of the first whole month on the new plan."""
        return first_whole_month(self.effective_on, self.immediate)

    @property
    def ongoing_plan(self) -> Plan:
        """The new plan as billed from its first whole month, on the list in force then."""
        return self.ongoing_list.plan(self.to_plan)


@dataclass(frozen=True)
class _Outcome:
    """The rule-dependent part of a plan change, before window checks."""

    effective_on: date
    immediate: bool
    days_left: int | None = None
    prorated_quota: int | None = None
    prorated_fee: Decimal | None = None
    charge_now: Decimal | None = None
    quota_this_month: int | None = None
    assumptions: tuple[str, ...] = ()


def change_kind(from_plan: PlanId, to_plan: PlanId) -> str:
    """Classify a change: same, upgrade from the free plan, paid upgrade or downgrade."""
    if from_plan == to_plan:
        return SAME
    if from_plan == PlanId.LIGHT:
        return UPGRADE_FROM_FREE
    return UPGRADE_PAID if PLAN_ORDER.index(to_plan) > PLAN_ORDER.index(from_plan) else DOWNGRADE


def days_in_month(day: date) -> int:
    """Return the number of days in the month of that date."""
    return calendar.monthrange(day.year, day.month)[1]


def days_left_in_month(day: date) -> int:
    """Count the days left in the month, the change day included (seed: 9/29 -> 2 of 30)."""
    return days_in_month(day) - day.day + 1


def first_of_next_month(day: date) -> date:
    """Return the 1st of the month after that date (when deferred changes take effect)."""
    return day.replace(day=1) + timedelta(days=days_in_month(day))


def first_whole_month(effective_on: date, immediate: bool) -> date:
    """The 1st of the first month billed wholly on the new plan."""
    return first_of_next_month(effective_on) if immediate else effective_on


def no_change_windows() -> tuple[tuple[datetime, datetime], ...]:
    """Return every no-change window of every list, sorted; windows may precede their list."""
    windows = {w for price_list in all_price_lists() for w in price_list.no_change_windows}
    return tuple(sorted(windows))


def _request_span(on: date, at: time | None) -> tuple[datetime, datetime]:
    """Return the instant (or, without a time, the whole Taipei day) a request covers."""
    if at is None:
        start = datetime.combine(on, time(0), TAIPEI)
        return start, datetime.combine(on + timedelta(days=1), time(0), TAIPEI)
    moment = datetime.combine(on, at)
    moment = moment.replace(tzinfo=TAIPEI) if moment.tzinfo is None else moment
    return moment, moment + timedelta(microseconds=1)


def blocked_until(on: date, at: time | None = None) -> datetime | None:
    """Return when the no-change window covering the request ends, or None if it is not blocked."""
    start, end = _request_span(on, at)
    until: datetime | None = None
    for w_start, w_end in no_change_windows():
        overlaps = until is None and w_start < end and start < w_end
        chained = until is not None and w_start <= until < w_end
        if overlaps or chained:
            until = w_end
    return until


def _prorated(price_list: PriceList, to_plan: PlanId, on: date) -> _Outcome:
    """Free -> paid: immediate, fee and free quota pro-rated by the days left (以日計算)."""
    plan = price_list.plan(to_plan)
    left, month_days = days_left_in_month(on), days_in_month(on)
    quota = round_half_up_int(plan.free_messages * left, month_days)
    fee = whole_dollars(plan.fee * left / month_days)
    return _Outcome(
        effective_on=on,
        immediate=True,
        days_left=left,
        prorated_quota=quota,
        prorated_fee=fee,
        charge_now=fee,
        quota_this_month=quota,
        assumptions=("change_day_included", "rounding=half_up"),
    )


def _topped_up(price_list: PriceList, from_plan: PlanId, to_plan: PlanId, on: date) -> _Outcome:
    """Medium -> high (2023 rules): immediate, quota topped up, fee difference charged, not pro-rated."""
    old, new = price_list.plan(from_plan), price_list.plan(to_plan)
    return _Outcome(
        effective_on=on,
        immediate=True,
        days_left=days_left_in_month(on),
        charge_now=tidy(new.fee - old.fee),
        quota_this_month=new.free_messages,
        assumptions=("fee_difference_not_prorated",),
    )


def _next_month(price_list: PriceList, from_plan: PlanId, on: date) -> _Outcome:
    """Deferred change: effective the 1st of next month; this month keeps the old plan."""
    return _Outcome(
        effective_on=first_of_next_month(on),
        immediate=False,
        quota_this_month=price_list.plan(from_plan).free_messages,
        assumptions=("current_month_keeps_old_plan",),
    )


def _same(price_list: PriceList, plan: PlanId, on: date) -> _Outcome:
    """No change: nothing is charged and the quota stays."""
    return _Outcome(effective_on=on, immediate=True, quota_this_month=price_list.plan(plan).free_messages)


def _outcome(price_list: PriceList, kind: str, from_plan: PlanId, to_plan: PlanId, on: date) -> _Outcome:
    """Apply the list's change rule set (oa2_2019 or tw_2023) to one change."""
    if kind == SAME:
        return _same(price_list, from_plan, on)
    if kind == UPGRADE_FROM_FREE:
        return _prorated(price_list, to_plan, on)
    if kind == UPGRADE_PAID and price_list.change_rules == "tw_2023":
        return _topped_up(price_list, from_plan, to_plan, on)
    return _next_month(price_list, from_plan, on)


def _window_assumptions(until: datetime | None, at: time | None) -> tuple[str, ...]:
    """Explain how a blocked request was judged."""
    if until is None:
        return ()
    whole_day = ("window_checked=whole_day",) if at is None else ()
    return ("window_end=end_of_published_day", *whole_day, "figures_if_allowed")


def plan_change(
    from_plan: PlanId | str,
    to_plan: PlanId | str,
    on: date,
    at: time | None = None,
) -> PlanChange:
    """Work out a plan change requested on a date (and optional Taipei time) under that day's rules.

    What is charged at once comes from the list in force on the change day; the monthly fee from the
    first whole month on the new plan comes from the list in force then (2026/10/20 → NT$800 pro-rated,
    then NT$1,000 a month from 11/1).
    """
    price_list = price_list_for(on)
    src, dst = PlanId(from_plan), PlanId(to_plan)
    kind = change_kind(src, dst)
    until = None if kind == SAME else blocked_until(on, at)
    outcome = _outcome(price_list, kind, src, dst, on)
    list_assumptions = () if kind == SAME else price_list.change_assumptions
    return PlanChange(
        price_list=price_list,
        from_plan=src,
        to_plan=dst,
        requested_on=on,
        kind=kind,
        allowed=until is None,
        blocked_until=until,
        effective_on=outcome.effective_on,
        immediate=outcome.immediate,
        days_in_month=days_in_month(on),
        days_left=outcome.days_left,
        prorated_quota=outcome.prorated_quota,
        prorated_fee=outcome.prorated_fee,
        charge_now=outcome.charge_now,
        quota_this_month=outcome.quota_this_month,
        assumptions=(*outcome.assumptions, *list_assumptions, *_window_assumptions(until, at)),
        ongoing_list=price_list_for(first_whole_month(outcome.effective_on, outcome.immediate)),
    )


def next_allowed_change(
    from_plan: PlanId | str,
    to_plan: PlanId | str,
    on: date,
    at: time | None = None,
) -> PlanChange:
    """Return the change as requested, or, if blocked, as made the moment the window ends."""
    change = plan_change(from_plan, to_plan, on, at)
    if change.blocked_until is None:
        return change
    until = change.blocked_until.astimezone(TAIPEI)
    return plan_change(from_plan, to_plan, until.date(), until.time())
