"""Hypothesis properties that must hold for every price list, plan and volume."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from bot.pricing import (
    PLAN_ORDER,
    TAIPEI,
    PlanId,
    all_price_lists,
    budget_messages,
    estimate,
    plan_change,
    plan_cost,
    usage_month,
    with_tax,
    without_tax,
)

LIST_DATES = [pl.effective_from for pl in all_price_lists()]
days = st.dates(min_value=date(2019, 4, 18), max_value=date(2035, 12, 31))
list_days = st.sampled_from(LIST_DATES) | days
messages = st.integers(min_value=0, max_value=2_000_000)
plans = st.sampled_from(PLAN_ORDER)
cents = st.integers(min_value=0, max_value=100_000_000).map(lambda c: Decimal(c) / 100)


@given(plan=plans, on=list_days, n=messages, extra=st.integers(min_value=1, max_value=100_000))
def test_cost_never_falls_as_messages_rise(plan: PlanId, on: date, n: int, extra: int) -> None:
    low, high = plan_cost(plan, n, on), plan_cost(plan, n + extra, on)
    if high is not None:
        assert low is not None
        assert low.total <= high.total
        assert low.total_taxed <= high.total_taxed


@given(on=list_days, n=messages)
def test_recommended_is_never_dearer(on: date, n: int) -> None:
    est = estimate(n, on)
    sendable = [c for c in est.costs if c is not None]
    assert est.recommended in sendable
    assert all(est.recommended.total <= c.total for c in sendable)
    if est.runner_up is not None:
        assert est.saving == est.runner_up.total - est.recommended.total >= 0


@given(on=list_days, n=messages)
def test_cost_parts_add_up(on: date, n: int) -> None:
    for cost in estimate(n, on).costs:
        if cost is None:
            continue
        assert cost.total == cost.fee + cost.addon_cost
        assert cost.addon_messages == max(0, n - cost.plan.free_messages)
        assert sum(line.messages for line in cost.addon_lines) == cost.addon_messages
        assert cost.total_taxed == cost.total * Decimal("1.05")
        assert all(isinstance(v, Decimal) for v in (cost.total, cost.total_taxed, cost.addon_cost))


@given(on=list_days, budget=cents)
def test_budget_is_the_inverse_of_cost(on: date, budget: Decimal) -> None:
    answer = budget_messages(budget, on)
    cost = plan_cost(answer.plan.id, answer.messages, on)
    assert cost is not None and cost.total <= budget
    assert answer.cost == cost
    more = plan_cost(answer.plan.id, answer.messages + 1, on)
    assert more is None or more.total > budget
    for pid in PLAN_ORDER:  # no plan sends more within the budget
        other = plan_cost(pid, answer.messages + 1, on)
        assert other is None or other.total > budget


@given(amount=cents)
def test_tax_round_trip(amount: Decimal) -> None:
    taxed = with_tax(amount)
    assert taxed.untaxed + taxed.tax == taxed.taxed
    assert taxed.taxed == amount * Decimal("1.05")
    assert without_tax(taxed.taxed).untaxed == amount


@given(taxed_amount=cents)
def test_without_tax_never_overspends(taxed_amount: Decimal) -> None:
    split = without_tax(taxed_amount)
    assert split.untaxed + split.tax == taxed_amount
    assert with_tax(split.untaxed).taxed <= taxed_amount
    assert with_tax(split.untaxed + Decimal("0.01")).taxed > taxed_amount


@given(year=st.integers(min_value=2019, max_value=2040), month=st.integers(min_value=1, max_value=12))
def test_usage_month_cutoff_is_23_taipei_on_last_day(year: int, month: int) -> None:
    last = date(year, month, calendar.monthrange(year, month)[1])
    cutoff = datetime.combine(last, time(23), TAIPEI)
    assert usage_month(cutoff) == date(year, month, 1) + timedelta(days=(last.day))
    assert usage_month(cutoff - timedelta(seconds=1)) == date(year, month, 1)


@given(
    on=st.dates(min_value=date(2019, 4, 18), max_value=date(2035, 12, 31)),
    to=st.sampled_from(PLAN_ORDER[1:]),
)
def test_free_to_paid_prorating_bounds(on: date, to: PlanId) -> None:
    change = plan_change(PlanId.LIGHT, to, on, time(0))
    plan = change.price_list.plan(to)
    assert change.immediate and change.days_left is not None
    assert 1 <= change.days_left <= change.days_in_month
    assert change.prorated_quota is not None and change.prorated_fee is not None
    assert 0 < change.prorated_quota <= plan.free_messages
    assert 0 <= change.prorated_fee <= plan.fee
    assert (change.prorated_quota == plan.free_messages) is (on.day == 1)
