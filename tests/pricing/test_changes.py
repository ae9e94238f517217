"""Plan changes (PRICING.md §4): timing, pro-rating, top-ups and the 2026 no-change windows."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.pricing import TAIPEI, PlanId, blocked_until, next_allowed_change, no_change_windows, plan_change

D = Decimal


def test_2019_light_to_medium_on_9_29() -> None:
    change = plan_change(PlanId.LIGHT, PlanId.MEDIUM, date(2019, 9, 29))
    assert change.price_list.id == "tw_2019_04_18"
    assert change.kind == "upgrade_from_free"
    assert (change.days_left, change.days_in_month) == (2, 30)
    assert change.prorated_quota == 267
    assert change.quota_this_month == 267
    assert change.prorated_fee == D(53)  # 800 × 2 / 30 = 53.33
    assert change.immediate and change.effective_on == date(2019, 9, 29)
    assert "change_day_included" in change.assumptions and "rounding=half_up" in change.assumptions


def test_2019_medium_to_high_waits_for_next_month() -> None:
    change = plan_change(PlanId.MEDIUM, PlanId.HIGH, date(2019, 5, 10))
    assert change.kind == "upgrade_paid"
    assert not change.immediate
    assert change.effective_on == date(2019, 6, 1)
    assert change.charge_now is None and change.prorated_quota is None
    assert change.quota_this_month == 4000


@pytest.mark.parametrize(
    ("on", "effective"),
    [(date(2026, 9, 21), date(2026, 10, 1)), (date(2027, 9, 21), date(2027, 10, 1))],
)
def test_downgrade_high_to_medium_next_month(on: date, effective: date) -> None:
    change = plan_change(PlanId.HIGH, PlanId.MEDIUM, on)
    assert change.kind == "downgrade"
    assert (change.immediate, change.effective_on) == (False, effective)
    assert change.quota_this_month == 6000
    assert change.charge_now is None
    assert "current_month_keeps_old_plan" in change.assumptions


def test_downgrade_in_december_rolls_the_year() -> None:
    change = plan_change(PlanId.HIGH, PlanId.LIGHT, date(2026, 12, 31))
    assert change.effective_on == date(2027, 1, 1)


def test_light_to_medium_2026_11_16_eval() -> None:
    change = plan_change("light", "medium", date(2026, 11, 16))
    assert change.allowed
    assert (change.days_left, change.days_in_month) == (15, 30)
    assert (change.prorated_quota, change.prorated_fee, change.charge_now) == (1500, D(500), D(500))
    assert "rule_restated_2026=unknown" in change.assumptions


def test_light_to_high_2026_prorated() -> None:
    change = plan_change(PlanId.LIGHT, PlanId.HIGH, date(2026, 12, 10))
    assert (change.days_left, change.days_in_month) == (22, 31)
    assert change.prorated_quota == 4258  # 6000 × 22 / 31 = 4258.06
    assert change.prorated_fee == D(994)  # 1400 × 22 / 31 = 993.55


def test_medium_to_high_2026_topped_up_and_charged_400() -> None:
    change = plan_change(PlanId.MEDIUM, PlanId.HIGH, date(2026, 12, 15))
    assert change.immediate and change.effective_on == date(2026, 12, 15)
    assert change.charge_now == D(400)
    assert change.quota_this_month == 6000
    assert change.prorated_fee is None and change.prorated_quota is None
    assert "rule_restated_2026=unknown" in change.assumptions


def test_medium_to_high_2023_list_charges_400() -> None:
    change = plan_change(PlanId.MEDIUM, PlanId.HIGH, date(2024, 3, 5))
    assert (change.charge_now, change.quota_this_month) == (D(400), 6000)
    assert "rule_restated_2026=unknown" not in change.assumptions


def test_same_plan() -> None:
    change = plan_change(PlanId.HIGH, PlanId.HIGH, date(2026, 11, 24))
    assert change.kind == "same" and change.allowed and change.charge_now is None


@pytest.mark.parametrize(
    ("on", "at", "allowed"),
    [
        (date(2026, 11, 24), time(10, 0), False),
        (date(2026, 11, 24), None, False),
        (date(2026, 11, 24), time(7, 59), True),
        (date(2026, 11, 25), None, False),
        (date(2026, 11, 25), time(23, 59), False),
        (date(2026, 11, 26), time(0, 0), True),
        (date(2026, 11, 23), None, True),
        (date(2026, 10, 30), None, False),
        (date(2026, 10, 28), None, False),
        (date(2026, 10, 28), time(7, 59), True),
        (date(2026, 11, 2), time(23, 0), False),
        (date(2026, 11, 3), None, True),
        (date(2026, 10, 27), None, True),
    ],
)
def test_no_change_windows(on: date, at: time | None, allowed: bool) -> None:
    change = plan_change(PlanId.LIGHT, PlanId.MEDIUM, on, at)
    assert change.allowed is allowed
    assert (change.blocked_until is None) is allowed


def test_blocked_until_reports_window_end() -> None:
    assert blocked_until(date(2026, 11, 24), time(10)) == datetime(2026, 11, 26, tzinfo=TAIPEI)
    change = plan_change(PlanId.HIGH, PlanId.MEDIUM, date(2026, 10, 30))
    assert change.price_list.id == "tw_2023_09_01"  # the window predates the 2026 list
    assert change.blocked_until == datetime(2026, 11, 3, tzinfo=TAIPEI)
    assert "window_end=end_of_published_day" in change.assumptions


def test_windows_are_aware_taipei_datetimes() -> None:
    assert no_change_windows() == (
        (datetime(2026, 10, 28, 8, tzinfo=TAIPEI), datetime(2026, 11, 3, tzinfo=TAIPEI)),
        (datetime(2026, 11, 24, 8, tzinfo=TAIPEI), datetime(2026, 11, 26, tzinfo=TAIPEI)),
    )


def test_next_allowed_change_moves_to_window_end() -> None:
    change = next_allowed_change(PlanId.LIGHT, PlanId.MEDIUM, date(2026, 11, 24), time(10))
    assert change.allowed and change.requested_on == date(2026, 11, 26)
    assert (change.days_left, change.prorated_quota, change.prorated_fee) == (5, 500, D(167))


def test_aware_time_is_converted() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    # 08:30 Tokyo is 07:30 Taipei: before the window opens.
    assert plan_change(PlanId.LIGHT, PlanId.MEDIUM, date(2026, 11, 24), time(8, 30, tzinfo=tokyo)).allowed
