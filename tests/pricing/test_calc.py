"""Plan costs and the recommended plan: worked examples, eval figures and a boundary table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.pricing import (
    NoPlanCanSend,
    PlanId,
    Volume,
    cost_for,
    estimate,
    estimate_in,
    monthly_volume,
    plan_cost,
)
from bot.pricing.model import AddonTier, Plan, PriceList

TODAY = date(2026, 11, 22)
D = Decimal


def test_70000_on_high_2026() -> None:
    cost = plan_cost(PlanId.HIGH, 70000, TODAY)
    assert cost is not None
    assert cost.addon_messages == 64000
    assert [(line.messages, line.tier.price, line.cost) for line in cost.addon_lines] == [
        (50000, D("0.2"), D(10000)),
        (14000, D("0.15"), D(2100)),
    ]
    assert (cost.addon_cost, cost.total, cost.total_taxed) == (D(12100), D(13500), D(14175))
    assert str(cost.total_taxed) == "14175"
    assert cost.exact


def test_only_used_addon_is_billed() -> None:
    """Buying room for 1,000 add-on messages and using 500 bills 500 (6,500 sent)."""
    cost = plan_cost(PlanId.HIGH, 6500, TODAY)
    assert cost is not None
    assert (cost.addon_messages, cost.addon_cost, cost.total) == (500, D(100), D(1500))


@pytest.mark.parametrize(
    ("friends", "sends", "messages", "plan", "total", "taxed"),
    [
        (1000, 3, 3000, PlanId.MEDIUM, 1000, 1050),
        (4000, 2, 8000, PlanId.HIGH, 1800, 1890),
        (2000, 3, 6000, PlanId.HIGH, 1400, 1470),
        (2000, 2, 4000, PlanId.HIGH, 1400, 1470),
        (2000, 1, 2000, PlanId.MEDIUM, 1000, 1050),
    ],
)
def test_public_eval_estimates(
    friends: int,
    sends: int,
    messages: int,
    plan: PlanId,
    total: int,
    taxed: int,
) -> None:
    volume = monthly_volume(friends, sends)
    assert volume.messages == messages
    est = estimate(volume.messages, TODAY)
    assert est.recommended.plan.id == plan
    assert (est.recommended.total, est.recommended.total_taxed) == (D(total), D(taxed))
    assert est.price_list.id == "tw_2026_11_01"


def test_7000_messages_costs_1600() -> None:
    est = estimate(7000, TODAY)
    assert (est.recommended.plan.id, est.recommended.total) == (PlanId.HIGH, D(1600))


def test_50_messages_is_light_and_free() -> None:
    est = estimate(50, TODAY)
    assert (est.recommended.plan.id, est.recommended.total) == (PlanId.LIGHT, D(0))
    assert est.runner_up is not None and est.runner_up.plan.id == PlanId.MEDIUM
    assert est.saving == D(1000)


def test_3000_runner_up_and_saving() -> None:
    est = estimate(3000, TODAY)
    assert [c is None for c in est.costs] == [True, False, False]
    assert est.runner_up is not None
    assert (est.runner_up.plan.id, est.saving) == (PlanId.HIGH, D(400))


# (on, messages, recommended plan, untaxed total, exact)
BOUNDARIES = [
    (TODAY, 0, PlanId.LIGHT, "0", True),
    (TODAY, 200, PlanId.LIGHT, "0", True),
    (TODAY, 201, PlanId.MEDIUM, "1000", True),
    (TODAY, 3000, PlanId.MEDIUM, "1000", True),
    (TODAY, 3001, PlanId.HIGH, "1400", True),
    (TODAY, 6000, PlanId.HIGH, "1400", True),
    (TODAY, 6001, PlanId.HIGH, "1400.2", True),
    (TODAY, 56000, PlanId.HIGH, "11400", True),
    (TODAY, 56001, PlanId.HIGH, "11400.15", True),
    (TODAY, 56002, PlanId.HIGH, "11400.3", True),
    (date(2019, 4, 18), 500, PlanId.LIGHT, "0", True),
    (date(2019, 4, 18), 501, PlanId.MEDIUM, "800", True),
    (date(2019, 4, 18), 4001, PlanId.MEDIUM, "800.2", True),
    (date(2019, 4, 18), 19999, PlanId.MEDIUM, "3999.8", True),
    (date(2019, 4, 18), 20000, PlanId.HIGH, "4000", True),  # ties medium's 800 + 16,000 × 0.2: more headroom
    (date(2019, 4, 18), 25001, PlanId.HIGH, "4000.15", False),
    (date(2023, 8, 31), 4000, PlanId.MEDIUM, "800", True),
    (date(2023, 9, 1), 4000, PlanId.HIGH, "1200", True),
    (date(2023, 9, 1), 200, PlanId.LIGHT, "0", True),
    (date(2023, 9, 1), 201, PlanId.MEDIUM, "800", True),
    (date(2026, 10, 31), 3000, PlanId.MEDIUM, "800", True),
    (date(2026, 10, 31), 8000, PlanId.HIGH, "1600", False),
    (date(2026, 11, 1), 3000, PlanId.MEDIUM, "1000", True),
    (date(2026, 11, 1), 8000, PlanId.HIGH, "1800", True),
]


@pytest.mark.parametrize(("on", "messages", "plan", "total", "exact"), BOUNDARIES)
def test_boundary_table(on: date, messages: int, plan: PlanId, total: str, exact: bool) -> None:
    est = estimate(messages, on)
    assert est.recommended.plan.id == plan
    assert est.recommended.total == D(total)
    assert est.recommended.exact is exact
    assert est.exact is exact


def test_tie_goes_to_more_free_messages() -> None:
    est = estimate(20000, date(2019, 4, 18))
    assert est.costs[1] is not None and est.costs[2] is not None
    assert est.costs[1].total == est.costs[2].total == D(4000)
    assert est.recommended.plan.id == PlanId.HIGH
    assert est.saving == D(0)


@pytest.mark.parametrize(
    ("on", "plan", "messages"),
    [(TODAY, PlanId.LIGHT, 201), (TODAY, PlanId.MEDIUM, 3001), (date(2019, 5, 1), PlanId.LIGHT, 501)],
)
def test_over_quota_without_addon_is_none(on: date, plan: PlanId, messages: int) -> None:
    assert plan_cost(plan, messages, on) is None
    assert plan_cost(plan, messages - 1, on) is not None


def test_unknown_brackets_give_upper_bound_line() -> None:
    cost = plan_cost(PlanId.HIGH, 8000, date(2026, 10, 31))
    assert cost is not None
    assert not cost.exact
    assert len(cost.addon_lines) == 1
    line = cost.addon_lines[0]
    assert (line.tier.price, line.messages, line.cost) == (D("0.2"), 2000, D(400))
    high_2019 = plan_cost(PlanId.HIGH, 30000, date(2020, 1, 1))
    assert high_2019 is not None and not high_2019.exact
    assert (high_2019.addon_cost, high_2019.total) == (D(750), D(4750))


def test_within_free_quota_is_exact_even_for_unknown_brackets() -> None:
    cost = plan_cost(PlanId.HIGH, 6000, date(2025, 1, 1))
    assert cost is not None
    assert cost.exact and cost.addon_lines == () and cost.total == D(1200)


@pytest.mark.parametrize("bad", [-1, True, 1.5])
def test_bad_message_counts(bad: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        estimate(bad, TODAY)  # type: ignore[arg-type]


def test_no_plan_can_send_raises() -> None:
    capped = Plan(PlanId.LIGHT, D(0), 10, False, (), True, None, None)
    plans = {pid: capped for pid in PlanId}
    price_list = PriceList("test", date(2030, 1, 1), None, plans, "tw_2023", (), (), ())
    with pytest.raises(NoPlanCanSend):
        estimate_in(price_list, 11)
    assert estimate_in(price_list, 10).recommended.total == 0


def test_cost_for_custom_three_tier_plan() -> None:
    tiers = (AddonTier(1, 10, D("0.2")), AddonTier(11, 20, D("0.1")), AddonTier(21, None, D("0.05")))
    plan = Plan(PlanId.HIGH, D(100), 5, True, tiers, True, D("0.2"), None)
    cost = cost_for(plan, 5 + 25)
    assert cost is not None
    assert [line.messages for line in cost.addon_lines] == [10, 10, 5]
    assert cost.addon_cost == D("3.25")


@pytest.mark.parametrize(
    ("friends", "sends", "period", "per_month", "messages", "assumptions"),
    [
        (1000, 3, "month", 3, 3000, ()),
        (500, 1, "week", 4, 2000, ("weeks_per_month=4",)),
        (100, 2, "day", 60, 6000, ("days_per_month=30",)),
        (0, 5, "month", 5, 0, ()),
        (1200, 1, "fortnight", 2, 2400, ("weeks_per_month=4",)),
        (3000, 1, "quarter", D("0.33"), 1000, ("spread_over_months=3",)),
        (1000, 30, "year", D("2.5"), 2500, ("spread_over_months=12",)),
        (1001, 1, "year", D("0.08"), 84, ("spread_over_months=12",)),  # 83.42 messages: the part is paid whole
    ],
)
def test_monthly_volume(
    friends: int, sends: int, period: str, per_month: D, messages: int, assumptions: tuple[str, ...]
) -> None:
    assert monthly_volume(friends, sends, period) == Volume(
        friends,
        sends,
        period,
        per_month,
        messages,
        assumptions,
    )


@pytest.mark.parametrize(("friends", "sends", "period"), [(-1, 1, "month"), (1, -1, "week"), (1, 1, "decade")])
def test_monthly_volume_rejects(friends: int, sends: int, period: str) -> None:
    with pytest.raises(ValueError):
        monthly_volume(friends, sends, period)


def test_counts_beyond_any_real_account_are_refused_not_mispriced() -> None:
    """A pasted digit run must not overflow the money maths: it is refused with a ValueError."""
    with pytest.raises(ValueError):
        monthly_volume(6_533_999_999_999_999, 1)
    with pytest.raises(ValueError):
        monthly_volume(10**7, 10**6, "day")
    assert monthly_volume(10**6, 30, "day").messages == 900_000_000
