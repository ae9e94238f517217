"""Comparisons merchants ask for: old vs new price list, and sending to a segment vs everyone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .calc import Estimate, PlanCost, cost_for, estimate_in
from .lists import price_list_for
from .model import PlanId
from .money import check_count, tidy

PRICE_CHANGE_2026 = date(2026, 11, 1)


@dataclass(frozen=True)
class PriceChangeEffect:
    """How a price change moves one volume's bill, for the best plan and for a given plan."""

    messages: int
    change: date
    before: Estimate
    after: Estimate
    recommended_difference: Decimal
    plan_changed: bool
    same_plan: PlanCost | None
    same_plan_difference: Decimal | None
    plan: PlanId | None
    plan_before: PlanCost | None
    plan_after: PlanCost | None
    plan_difference: Decimal | None
    exact: bool


def _difference(before: PlanCost | None, after: PlanCost | None) -> Decimal | None:
    """Return after - before when the plan can send the volume on both lists."""
    return None if before is None or after is None else tidy(after.total - before.total)


def _all_exact(*costs: PlanCost | None) -> bool:
    """Tell whether every present cost is exact (not an upper bound)."""
    return all(c.exact for c in costs if c is not None)


def price_change_effect(
    messages: int, change: date = PRICE_CHANGE_2026, plan: PlanId | str | None = None
) -> PriceChangeEffect:
    """Compare the list in force the day before `change` with the one from `change`."""
    before = estimate_in(price_list_for(change - timedelta(days=1)), messages)
    after = estimate_in(price_list_for(change), messages)
    kept = before.recommended.plan.id
    same_plan = cost_for(after.price_list.plan(kept), messages)
    pid = None if plan is None else PlanId(plan)
    plan_before = None if pid is None else cost_for(before.price_list.plan(pid), messages)
    plan_after = None if pid is None else cost_for(after.price_list.plan(pid), messages)
    return PriceChangeEffect(
        messages=messages,
        change=change,
        before=before,
        after=after,
        recommended_difference=tidy(after.recommended.total - before.recommended.total),
        plan_changed=after.recommended.plan.id != kept,
        same_plan=same_plan,
        same_plan_difference=_difference(before.recommended, same_plan),
        plan=pid,
        plan_before=plan_before,
        plan_after=plan_after,
        plan_difference=_difference(plan_before, plan_after),
        exact=_all_exact(before.recommended, after.recommended, same_plan, plan_before, plan_after),
    )


@dataclass(frozen=True)
class SegmentSaving:
    """What sending to a segment (分眾) instead of every follower saves in a month."""

    followers: int
    segment: int
    sends_per_month: int
    messages_all: int
    messages_segment: int
    saved_messages: int
    cost_all: Estimate
    cost_segment: Estimate
    saved_money: Decimal


def segment_saving(
    followers: int,
    segment: int,
    sends_per_month: int,
    on: date,
) -> SegmentSaving:
    """Compare broadcasting to all followers with sending only to a segment, each on its best plan."""
    check_count(followers, "followers")
    check_count(segment, "segment")
    check_count(sends_per_month, "sends_per_month")
    if segment > followers:
        raise ValueError("segment cannot be larger than the followers")
    messages_all, messages_segment = followers * sends_per_month, segment * sends_per_month
    price_list = price_list_for(on)
    cost_all, cost_segment = estimate_in(price_list, messages_all), estimate_in(price_list, messages_segment)
    return SegmentSaving(
        followers=followers,
        segment=segment,
        sends_per_month=sends_per_month,
        messages_all=messages_all,
        messages_segment=messages_segment,
        saved_messages=messages_all - messages_segment,
        cost_all=cost_all,
        cost_segment=cost_segment,
        saved_money=tidy(cost_all.recommended.total - cost_segment.recommended.total),
    )
