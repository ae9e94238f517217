"""Value types of the price lists: plans, add-on tiers and dated lists."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

TAX_RATE = Decimal("0.05")
TAIPEI = ZoneInfo("Asia/Taipei")
BILLING_TZ = ZoneInfo("Asia/Tokyo")


class PriceListNotFound(ValueError):
    """Raised when no price list covers the asked date (before 2019-04-18)."""


class NoPlanCanSend(ValueError):
    """Raised when no plan of a price list can send the asked volume."""


class PlanId(StrEnum):
    """The three Taiwan plans: 輕用量, 中用量, 高用量."""

    LIGHT = "light"
    MEDIUM = "medium"
    HIGH = "high"


TARGETED_MINIMUM = 100  # the manager's targeted (特定對象) sends need more than this many target friends
PLAN_ORDER: tuple[PlanId, ...] = (PlanId.LIGHT, PlanId.MEDIUM, PlanId.HIGH)


@dataclass(frozen=True)
class AddonTier:
    """One progressive (累進) bracket over the 1-based add-on message index."""

    first: int
    last: int | None
    price: Decimal

    @property
    def size(self) -> int | None:
        """Return how many add-on messages fit in this tier (None = unbounded)."""
        return None if self.last is None else self.last - self.first + 1


@dataclass(frozen=True)
class Plan:
    """A plan's monthly fee, free quota and add-on terms (all NT$, untaxed)."""

    id: PlanId
    fee: Decimal
    free_messages: int
    addon_allowed: bool
    addon_tiers: tuple[AddonTier, ...]
    addon_exact: bool
    addon_from_price: Decimal | None
    addon_floor_price: Decimal | None


@dataclass(frozen=True)
class PriceList:
    """One dated Taiwan price list, loaded from a data file."""

    id: str
    effective_from: date
    effective_to: date | None
    plans: Mapping[PlanId, Plan]
    change_rules: str
    no_change_windows: tuple[tuple[datetime, datetime], ...]
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    change_assumptions: tuple[str, ...] = ()
    accept_by: date | None = None  # still on a paid plan after this day counts as accepting the list
    staged_rollout: bool = False  # accounts moved to the list over some days, not all on its first day
    announced: date | None = None  # the day LINE made the list public; before it, nobody could know it

    def plan(self, plan: PlanId | str) -> Plan:
        """Return the plan with this id."""
        return self.plans[PlanId(plan)]

    def covers(self, on: date) -> bool:
        """Tell whether this list is in force on that date."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)
