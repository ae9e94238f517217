"""Billing calendar: fee on the 1st, add-on on the 10th of next month, months cut in Japan time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.pricing import BILLING_TZ, TAIPEI, billing_calendar, usage_month


@pytest.mark.parametrize(
    ("month", "first", "addon", "cutoff"),
    [
        (
            date(2026, 11, 17),
            date(2026, 11, 1),
            date(2026, 12, 10),
            datetime(2026, 11, 30, 23, tzinfo=TAIPEI),
        ),
        (date(2026, 12, 1), date(2026, 12, 1), date(2027, 1, 10), datetime(2026, 12, 31, 23, tzinfo=TAIPEI)),
        (date(2028, 2, 29), date(2028, 2, 1), date(2028, 3, 10), datetime(2028, 2, 29, 23, tzinfo=TAIPEI)),
    ],
)
def test_billing_calendar(month: date, first: date, addon: date, cutoff: datetime) -> None:
    cal = billing_calendar(month)
    assert (cal.month, cal.fee_charge_date, cal.addon_charge_date) == (first, first, addon)
    assert cal.cutoff_taipei == cutoff
    assert cal.cutoff_taipei.utcoffset() == cutoff.utcoffset()


def test_usage_month_around_cutoff() -> None:
    assert usage_month(datetime(2026, 11, 30, 22, 59, 59, tzinfo=TAIPEI)) == date(2026, 11, 1)
    assert usage_month(datetime(2026, 11, 30, 23, 0, tzinfo=TAIPEI)) == date(2026, 12, 1)
    assert usage_month(datetime(2026, 12, 31, 23, 30, tzinfo=TAIPEI)) == date(2027, 1, 1)
    assert usage_month(datetime(2026, 11, 30, 15, 0, tzinfo=UTC)) == date(2026, 12, 1)
    assert usage_month(datetime(2026, 12, 1, 0, 0, tzinfo=BILLING_TZ)) == date(2026, 12, 1)


def test_usage_month_needs_aware_datetime() -> None:
    with pytest.raises(ValueError):
        usage_month(datetime(2026, 11, 30, 23, 0))
