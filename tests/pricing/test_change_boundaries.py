"""Plan changes on each side of every price change and no-change window: each figure from the list of its day.

What is charged at once comes from the list in force on the day the change takes effect; the monthly fee
afterwards from the list in force in the first whole month on the new plan.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from bot.pricing import TAIPEI, next_allowed_change, plan_change

D = Decimal

# (from, to, day, time or None) → (effective on, list charged, fee now, quota now, charged now, list after, fee after)
CASES = [
    # 2019 rules end 2023-08-31: light → medium pro-rated on the old 800/4,000 plan, then 800 on the 2023 list.
    (("light", "medium", date(2023, 8, 31), None),
     (date(2023, 8, 31), "tw_2019_04_18", D(26), 129, D(26), "tw_2023_09_01", D(800))),
    (("light", "medium", date(2023, 9, 1), None),
     (date(2023, 9, 1), "tw_2023_09_01", D(800), 3000, D(800), "tw_2023_09_01", D(800))),
    # Medium → High waited for the 1st under the 2019 rules; from 2023-09-01 it is immediate with a top-up.
    (("medium", "high", date(2023, 8, 31), None),
     (date(2023, 9, 1), "tw_2019_04_18", None, None, None, "tw_2023_09_01", D(1200))),
    (("medium", "high", date(2023, 9, 1), None),
     (date(2023, 9, 1), "tw_2023_09_01", None, None, D(400), "tw_2023_09_01", D(1200))),
    # The day before the 2026 freeze: October's 800 pro-rated, then the 2026 fee of 1,000.
    (("light", "medium", date(2026, 10, 27), None),
     (date(2026, 10, 27), "tw_2023_09_01", D(129), 484, D(129), "tw_2026_11_01", D(1000))),
    (("medium", "high", date(2026, 10, 27), None),
     (date(2026, 10, 27), "tw_2023_09_01", None, None, D(400), "tw_2026_11_01", D(1400))),
    (("high", "medium", date(2026, 10, 27), None),
     (date(2026, 11, 1), "tw_2023_09_01", None, None, None, "tw_2026_11_01", D(1000))),
    # 2026-10-28: a minute before 08:00 is still October's list; from 08:00 the change waits for 11/3.
    (("light", "medium", date(2026, 10, 28), time(7, 59)),
     (date(2026, 10, 28), "tw_2023_09_01", D(103), 387, D(103), "tw_2026_11_01", D(1000))),
    (("light", "medium", date(2026, 10, 28), time(8, 0)),
     (date(2026, 11, 3), "tw_2026_11_01", D(933), 2800, D(933), "tw_2026_11_01", D(1000))),
    (("medium", "high", date(2026, 10, 31), None),
     (date(2026, 11, 3), "tw_2026_11_01", None, None, D(400), "tw_2026_11_01", D(1400))),
    (("light", "high", date(2026, 11, 1), None),
     (date(2026, 11, 3), "tw_2026_11_01", D(1307), 5600, D(1307), "tw_2026_11_01", D(1400))),
    (("light", "medium", date(2026, 11, 2), None),
     (date(2026, 11, 3), "tw_2026_11_01", D(933), 2800, D(933), "tw_2026_11_01", D(1000))),
    (("light", "medium", date(2026, 11, 3), None),
     (date(2026, 11, 3), "tw_2026_11_01", D(933), 2800, D(933), "tw_2026_11_01", D(1000))),
    # The second window, 2026-11-24 08:00 to the end of 11/25.
    (("light", "medium", date(2026, 11, 24), time(7, 59)),
     (date(2026, 11, 24), "tw_2026_11_01", D(233), 700, D(233), "tw_2026_11_01", D(1000))),
    (("light", "medium", date(2026, 11, 24), time(8, 0)),
     (date(2026, 11, 26), "tw_2026_11_01", D(167), 500, D(167), "tw_2026_11_01", D(1000))),
    (("light", "medium", date(2026, 11, 25), None),
     (date(2026, 11, 26), "tw_2026_11_01", D(167), 500, D(167), "tw_2026_11_01", D(1000))),
    (("light", "medium", date(2026, 11, 26), None),
     (date(2026, 11, 26), "tw_2026_11_01", D(167), 500, D(167), "tw_2026_11_01", D(1000))),
    (("high", "light", date(2026, 11, 26), None),
     (date(2026, 12, 1), "tw_2026_11_01", None, None, None, "tw_2026_11_01", D(0))),
]


def _case_id(value: tuple) -> str:  # type: ignore[type-arg]
    """from-to-day-time for a request, nothing for its expectations."""
    return "-".join(map(str, value)) if isinstance(value[0], str) else ""


@pytest.mark.parametrize(("request_", "expected"), CASES, ids=_case_id)
def test_each_figure_comes_from_the_list_of_its_day(request_: tuple, expected: tuple) -> None:  # type: ignore[type-arg]
    change = next_allowed_change(*request_)
    effective_on, charged_list, fee_now, quota_now, charge_now, after_list, fee_after = expected
    assert change.effective_on == effective_on
    assert change.price_list.id == charged_list
    assert (change.prorated_fee, change.prorated_quota, change.charge_now) == (fee_now, quota_now, charge_now)
    assert change.ongoing_list.id == after_list
    assert change.ongoing_plan.fee == fee_after


@pytest.mark.parametrize(("day", "at", "blocked_until"), [
    (date(2026, 10, 27), None, None),
    (date(2026, 10, 28), time(7, 59), None),
    (date(2026, 10, 28), time(8, 0), datetime(2026, 11, 3, tzinfo=TAIPEI)),
    (date(2026, 11, 2), time(23, 59), datetime(2026, 11, 3, tzinfo=TAIPEI)),
    (date(2026, 11, 3), None, None),
    (date(2026, 11, 24), time(7, 59), None),
    (date(2026, 11, 24), None, datetime(2026, 11, 26, tzinfo=TAIPEI)),
    (date(2026, 11, 25), time(23, 59), datetime(2026, 11, 26, tzinfo=TAIPEI)),
    (date(2026, 11, 26), None, None),
])
def test_the_windows_open_and_close_where_published(day: date, at: time | None, blocked_until: datetime | None) -> None:
    assert plan_change("light", "medium", day, at).blocked_until == blocked_until


def test_the_first_whole_month_of_a_deferred_change_is_its_effective_month() -> None:
    change = plan_change("high", "medium", date(2026, 10, 20))
    assert (change.effective_on, change.ongoing_from) == (date(2026, 11, 1), date(2026, 11, 1))
    assert change.quota_this_month == 6000 and change.price_list.plans[change.from_plan].fee == D(1200)
    immediate = plan_change("light", "medium", date(2026, 10, 20))
    assert immediate.ongoing_from == date(2026, 11, 1) and immediate.ongoing_plan.fee == D(1000)
