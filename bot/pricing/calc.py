"""Monthly cost of each plan for a message volume, and the cheapest plan for it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from .lists import price_list_for
from .model import PLAN_ORDER, TAX_RATE, AddonTier, NoPlanCanSend, Plan, PlanId, PriceList
from .money import check_count, tidy

WEEKS_PER_MONTH = 4
DAYS_PER_MONTH = 30
# Sends in a period as sends a month. A quarter's or a year's sends are spread evenly over its months.
_PERIOD_FACTORS: dict[str, tuple[Decimal, tuple[str, ...]]] = {
    "month": (Decimal(1), ()),
    "week": (Decimal(WEEKS_PER_MONTH), (f"weeks_per_month={WEEKS_PER_MONTH}",)),
    "fortnight": (Decimal(WEEKS_PER_MONTH) / 2, (f"weeks_per_month={WEEKS_PER_MONTH}",)),
    "day": (Decimal(DAYS_PER_MONTH), (f"days_per_month={DAYS_PER_MONTH}",)),
    "quarter": (Decimal(1) / 3, ("spread_over_months=3",)),
    "year": (Decimal(1) / 12, ("spread_over_months=12",)),
}
PERIODS = tuple(_PERIOD_FACTORS)


@dataclass(frozen=True)
class Volume:
    """Billable messages in a month from a send pattern (sends × target friends)."""

    friends: int
    sends: int
    period: str
    sends_per_month: Decimal
    messages: int
    assumptions: tuple[str, ...]


def monthly_volume(friends: int, sends: int, period: str = "month") -> Volume:
    """Turn "N friends, M sends a month/week/fortnight/day/quarter/year" into billable messages a month.

    A fraction of a message (a year's sends spread over twelve months) is rounded up: a send is never half paid.
    """
    check_count(friends, "friends")
    check_count(sends, "sends")
    if period not in _PERIOD_FACTORS:
        raise ValueError(f"period must be one of {sorted(_PERIOD_FACTORS)}, got {period!r}")
    factor, assumptions = _PERIOD_FACTORS[period]
    per_month = sends * factor
    messages = check_count(int((friends * per_month).to_integral_value(rounding=ROUND_CEILING)), "messages")
    return Volume(friends, sends, period, tidy_count(per_month), messages, assumptions)


def tidy_count(value: Decimal) -> Decimal:
    """A sends-a-month figure without trailing zeros, to two places when it is a fraction."""
    whole = value.to_integral_value()
    return whole if value == whole else value.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class AddonLine:
    """Add-on messages billed within one tier and their cost."""

    tier: AddonTier
    messages: int
    cost: Decimal


@dataclass(frozen=True)
class PlanCost:
    """A plan's untaxed and taxed monthly bill for a message volume."""

    plan: Plan
    messages: int
    fee: Decimal
    addon_messages: int
    addon_lines: tuple[AddonLine, ...]
    addon_cost: Decimal
    total: Decimal
    total_taxed: Decimal
    exact: bool


def addon_lines(plan: Plan, addon_messages: int) -> tuple[tuple[AddonLine, ...], bool]:
    """Split add-on messages over the tiers; unknown brackets give one upper-bound line."""
    if addon_messages == 0:
        return (), True
    if not plan.addon_exact:
        bound = AddonTier(first=1, last=None, price=upper_bound_price(plan))
        return (AddonLine(bound, addon_messages, tidy(addon_messages * bound.price)),), False
    lines = tuple(_tier_lines(plan.addon_tiers, addon_messages))
    return lines, True


def upper_bound_price(plan: Plan) -> Decimal:
    """Return the first add-on price, an upper bound for every message of a falling scale."""
    if plan.addon_from_price is None:
        raise ValueError(f"{plan.id} has no add-on price")
    return plan.addon_from_price


def _tier_lines(tiers: Iterable[AddonTier], addon_messages: int) -> Iterable[AddonLine]:
    """Yield the progressive (累進) share of each tier, like tax brackets."""
    for tier in tiers:
        if addon_messages < tier.first:
            return
        upper = addon_messages if tier.last is None else min(addon_messages, tier.last)
        count = upper - tier.first + 1
        yield AddonLine(tier, count, tidy(count * tier.price))


def cost_for(plan: Plan, messages: int) -> PlanCost | None:
    """Cost a volume on a plan; None when it is over the free quota and add-on is not allowed."""
    check_count(messages, "messages")
    addon_messages = max(0, messages - plan.free_messages)
    if addon_messages and not plan.addon_allowed:
        return None
    lines, exact = addon_lines(plan, addon_messages)
    addon_cost = tidy(sum((line.cost for line in lines), Decimal(0)))
    total = tidy(plan.fee + addon_cost)
    return PlanCost(
        plan=plan,
        messages=messages,
        fee=plan.fee,
        addon_messages=addon_messages,
        addon_lines=lines,
        addon_cost=addon_cost,
        total=total,
        total_taxed=tidy(total * (1 + TAX_RATE)),
        exact=exact,
    )


def addon_messages_for(plan: Plan, paid: Decimal) -> int:
    """How many add-on messages an untaxed add-on charge pays for, walking the progressive tiers (whole messages)."""
    left, messages = paid, 0
    for tier in plan.addon_tiers:
        whole = None if tier.size is None else tier.price * tier.size
        if whole is None or left <= whole:
            return messages + int(left / tier.price)
        messages, left = messages + (tier.size or 0), left - whole
    return messages


def plan_cost(plan: PlanId | str, messages: int, on: date) -> PlanCost | None:
    """Cost a volume on a plan of the list in force on that date."""
    return cost_for(price_list_for(on).plan(plan), messages)


def rank_key(cost: PlanCost) -> tuple[Decimal, int]:
    """Order plans by total, then prefer more free messages (more headroom) on a tie."""
    return cost.total, -cost.plan.free_messages


@dataclass(frozen=True)
class Estimate:
    """Every plan's bill for one volume, with the cheapest plan and the next one."""

    price_list: PriceList
    messages: int
    costs: tuple[PlanCost | None, ...]
    recommended: PlanCost
    runner_up: PlanCost | None
    saving: Decimal | None

    @property
    def exact(self) -> bool:
        """Tell whether the recommended bill is exact (not an upper bound)."""
        return self.recommended.exact


def estimate_in(price_list: PriceList, messages: int) -> Estimate:
    """Cost a volume on every plan of a given list and pick the cheapest."""
    costs = tuple(cost_for(price_list.plan(pid), messages) for pid in PLAN_ORDER)
    ranked = sorted((c for c in costs if c is not None), key=rank_key)
    if not ranked:
        raise NoPlanCanSend(f"no plan of {price_list.id} can send {messages} messages")
    runner_up = ranked[1] if len(ranked) > 1 else None
    saving = None if runner_up is None else tidy(runner_up.total - ranked[0].total)
    return Estimate(price_list, messages, costs, ranked[0], runner_up, saving)


def estimate(messages: int, on: date) -> Estimate:
    """Cost a volume on every plan in force on that date and recommend the cheapest."""
    return estimate_in(price_list_for(on), messages)
