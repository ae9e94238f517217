"""The most messages an untaxed monthly budget buys, across all plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .calc import PlanCost, cost_for, upper_bound_price
from .lists import price_list_for
from .model import PLAN_ORDER, AddonTier, Plan, PriceList
from .money import non_negative_money


@dataclass(frozen=True)
class BudgetAnswer:
    """The plan and message count that make the most of a budget."""

    price_list: PriceList
    budget: Decimal
    plan: Plan
    messages: int
    cost: PlanCost
    exact: bool


def _tier_capacity(tiers: tuple[AddonTier, ...], money: Decimal) -> int:
    """Count add-on messages the money buys, filling the tiers in order."""
    bought = 0
    for tier in tiers:
        size = tier.size
        if size is None or size * tier.price > money:
            return bought + int(money // tier.price)
        bought += size
        money -= size * tier.price
    return bought


def messages_for_budget(plan: Plan, budget: Decimal) -> int | None:
    """Return the most messages a plan sends within the budget (None if its fee is over it)."""
    money = non_negative_money(budget, "budget")
    if plan.fee > money:
        return None
    if not plan.addon_allowed:
        return plan.free_messages
    left = money - plan.fee
    if plan.addon_exact:
        return plan.free_messages + _tier_capacity(plan.addon_tiers, left)
    # Unknown brackets: costs are upper bounds, so this count is a safe lower bound.
    return plan.free_messages + int(left // upper_bound_price(plan))


def _best(candidates: list[PlanCost]) -> PlanCost:
    """Pick the most messages; ties go to the lower total, then to more free messages."""
    return max(candidates, key=lambda c: (c.messages, -c.total, c.plan.free_messages))


def budget_in(price_list: PriceList, budget: Decimal) -> BudgetAnswer:
    """Answer "how many messages can I send for NT$X (untaxed)" on a given list."""
    money = non_negative_money(budget, "budget")
    candidates: list[PlanCost] = []
    for pid in PLAN_ORDER:
        plan = price_list.plan(pid)
        count = messages_for_budget(plan, money)
        cost = None if count is None else cost_for(plan, count)
        if cost is not None:
            candidates.append(cost)
    if not candidates:
        raise ValueError(f"a budget of {money} is below every plan's fee in {price_list.id}")
    best = _best(candidates)
    return BudgetAnswer(price_list, money, best.plan, best.messages, best, best.exact)


def budget_messages(budget: Decimal, on: date) -> BudgetAnswer:
    """Answer "how many messages can I send for NT$X (untaxed)" on the list in force that date."""
    return budget_in(price_list_for(on), budget)
