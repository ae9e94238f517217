"""Billing calendar: charge dates and the Japan-time month boundary (23:00 in Taipei)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .model import BILLING_TZ, TAIPEI

FEE_CHARGE_DAY = 1
ADDON_CHARGE_DAY = 10


@dataclass(frozen=True)
class BillingCalendar:
    """When a usage month's fee and add-on are charged, and when the month ends in Taipei."""

    month: date
    fee_charge_date: date
    addon_charge_date: date
    cutoff_taipei: datetime


def _next_month_first(month_first: date) -> date:
    """Return the 1st of the month after a month's 1st."""
    return (month_first + timedelta(days=32)).replace(day=1)


def billing_calendar(month: date) -> BillingCalendar:
    """Return the billing dates of the usage month containing that date (LINE bills in Japan time)."""
    first = month.replace(day=1)
    following = _next_month_first(first)
    cutoff = datetime.combine(following, time(0), BILLING_TZ).astimezone(TAIPEI)
    return BillingCalendar(
        month=first,
        fee_charge_date=first.replace(day=FEE_CHARGE_DAY),
        addon_charge_date=following.replace(day=ADDON_CHARGE_DAY),
        cutoff_taipei=cutoff,
    )


def usage_month(sent_at: datetime) -> date:
    """Return the 1st of the billing month a message counts toward (months are cut in GMT+9)."""
    if sent_at.tzinfo is None or sent_at.utcoffset() is None:
        raise ValueError("sent_at must be timezone-aware")
    return sent_at.astimezone(BILLING_TZ).date().replace(day=1)
