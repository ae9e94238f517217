"""Pure pricing room: dated LINE Official Account price lists for Taiwan and exact Decimal maths.

Stdlib only; no Flask, linebot or SQLAlchemy. Prices live in data/*.json, one file per price list.
"""

from .billing import BillingCalendar, billing_calendar, usage_month
from .budget import BudgetAnswer, budget_in, budget_messages, messages_for_budget
from .calc import (
    AddonLine,
    Estimate,
    PlanCost,
    Volume,
    cost_for,
    estimate,
    estimate_in,
    monthly_volume,
    plan_cost,
)
from .changes import (
    PlanChange,
    blocked_until,
    change_kind,
    days_left_in_month,
    first_of_next_month,
    next_allowed_change,
    no_change_windows,
    plan_change,
)
from .compare import PriceChangeEffect, SegmentSaving, price_change_effect, segment_saving
from .lists import (
    all_price_lists,
    fee_on,
    next_price_list,
    plan_on,
    price_list_by_id,
    price_list_for,
    quota_on,
    today_taipei,
)
from .model import (
    BILLING_TZ,
    PLAN_ORDER,
    TAIPEI,
    TAX_RATE,
    AddonTier,
    NoPlanCanSend,
    Plan,
    PlanId,
    PriceList,
    PriceListNotFound,
)
from .money import Taxed, with_tax, without_tax

__all__ = [
    "BILLING_TZ",
    "PLAN_ORDER",
    "TAIPEI",
    "TAX_RATE",
    "AddonLine",
    "AddonTier",
    "BillingCalendar",
    "BudgetAnswer",
    "Estimate",
    "NoPlanCanSend",
    "Plan",
    "PlanChange",
    "PlanCost",
    "PlanId",
    "PriceChangeEffect",
    "PriceList",
    "PriceListNotFound",
    "SegmentSaving",
    "Taxed",
    "Volume",
    "all_price_lists",
    "billing_calendar",
    "blocked_until",
    "budget_in",
    "budget_messages",
    "change_kind",
    "cost_for",
    "days_left_in_month",
    "estimate",
    "estimate_in",
    "fee_on",
    "first_of_next_month",
    "messages_for_budget",
    "monthly_volume",
    "next_allowed_change",
    "no_change_windows",
    "plan_change",
    "plan_cost",
    "plan_on",
    "price_change_effect",
    "price_list_by_id",
    "next_price_list",
    "price_list_for",
    "quota_on",
    "segment_saving",
    "today_taipei",
    "usage_month",
    "with_tax",
    "without_tax",
]
