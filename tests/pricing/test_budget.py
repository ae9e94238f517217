"""Budget questions ("預算 NT$X 可以發幾則") and the tax helpers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.pricing import PlanId, budget_messages, plan_cost, with_tax, without_tax

TODAY = date(2026, 11, 22)
D = Decimal


@pytest.mark.parametrize(
    ("budget", "plan", "messages", "total"),
    [
        ("0", PlanId.LIGHT, 200, "0"),
        ("999.99", PlanId.LIGHT, 200, "0"),
        ("1000", PlanId.MEDIUM, 3000, "1000"),
        ("1399.99", PlanId.MEDIUM, 3000, "1000"),
        ("1400", PlanId.HIGH, 6000, "1400"),
        ("1400.19", PlanId.HIGH, 6000, "1400"),
        ("1400.2", PlanId.HIGH, 6001, "1400.2"),
        ("1500", PlanId.HIGH, 6500, "1500"),
        ("11400", PlanId.HIGH, 56000, "11400"),
        ("11400.15", PlanId.HIGH, 56001, "11400.15"),
        ("13500", PlanId.HIGH, 70000, "13500"),
    ],
)
def test_budget_2026(budget: str, plan: PlanId, messages: int, total: str) -> None:
    answer = budget_messages(D(budget), TODAY)
    assert (answer.plan.id, answer.messages, answer.cost.total) == (plan, messages, D(total))
    assert answer.exact
    assert answer.budget == D(budget)


def test_budget_1500_eval() -> None:
    answer = budget_messages(D(1500), TODAY)
    assert answer.plan.id == PlanId.HIGH and answer.messages == 6500
    over = plan_cost(PlanId.HIGH, 6501, TODAY)
    assert over is not None and over.total > D(1500)


def test_budget_on_unknown_brackets_is_a_safe_lower_bound() -> None:
    answer = budget_messages(D(1500), date(2025, 6, 1))
    assert (answer.plan.id, answer.messages, answer.exact) == (PlanId.HIGH, 7500, False)


def test_budget_2019_prefers_medium_addon_below_high_fee() -> None:
    answer = budget_messages(D(1000), date(2020, 1, 1))
    assert (answer.plan.id, answer.messages) == (PlanId.MEDIUM, 5000)


def test_budget_accepts_int() -> None:
    assert budget_messages(1500, TODAY).messages == 6500  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [D("-0.01"), D(-1500)])
def test_negative_budget_raises(bad: Decimal) -> None:
    with pytest.raises(ValueError):
        budget_messages(bad, TODAY)


def test_float_budget_refused() -> None:
    with pytest.raises(TypeError):
        budget_messages(1500.0, TODAY)  # type: ignore[arg-type]


def test_with_tax_examples() -> None:
    assert with_tax(D(1800)).taxed == D(1890)
    assert with_tax(D(1000)).taxed == D(1050)
    assert with_tax(D(1400)).taxed == D(1470)
    assert with_tax(D("0.2")).taxed == D("0.21")
    assert with_tax(D("0.15")).taxed == D("0.1575")
    assert with_tax(D(800)).tax == D(40)


def test_without_tax_1500_included() -> None:
    taxed = without_tax(D(1500))
    assert (taxed.untaxed, taxed.tax, taxed.taxed) == (D("1428.57"), D("71.43"), D(1500))
    answer = budget_messages(taxed.untaxed, TODAY)
    assert (answer.plan.id, answer.messages) == (PlanId.HIGH, 6142)
    assert without_tax(D(1890)).untaxed == D(1800)


def test_tax_rejects_negative() -> None:
    with pytest.raises(ValueError):
        with_tax(D(-1))
    with pytest.raises(ValueError):
        without_tax(D(-1))
