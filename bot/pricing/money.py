"""Exact Decimal money helpers: input checks, rounding and the 5% business tax."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .model import TAX_RATE

CENT = Decimal("0.01")
ONE = Decimal("1")


def as_money(value: Decimal | int | str, name: str = "amount") -> Decimal:
    """Convert to Decimal, refusing floats (binary floats cannot hold NT$ amounts exactly)."""
    if isinstance(value, (bool, float)):
        raise TypeError(f"{name} must be Decimal, int or str, not {type(value).__name__}")
    amount = value if isinstance(value, Decimal) else Decimal(value)
    if not amount.is_finite():
        raise ValueError(f"{name} must be finite")
    return amount


def non_negative_money(value: Decimal | int | str, name: str = "amount") -> Decimal:
    """Convert to Decimal and refuse negatives (no negative prices or budgets exist)."""
    amount = as_money(value, name)
    if amount < 0:
        raise ValueError(f"{name} must not be negative")
    return amount


# Far beyond any real account (LINE has a few hundred million users), yet small enough for exact money maths.
MAX_COUNT = 10**12


def check_count(value: int, name: str) -> int:
    """Refuse non-integer, negative or absurdly large counts (messages, friends, sends)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int")
    if value < 0:
        raise ValueError(f"{name} must not be negative")
    if value > MAX_COUNT:
        raise ValueError(f"{name} is beyond any real account")
    return value


def tidy(amount: Decimal) -> Decimal:
    """Drop trailing zeros without changing the value (1890.000 -> 1890), so str() reads well."""
    if amount == amount.to_integral_value():
        return amount.quantize(ONE)
    return amount.normalize()


def round_half_up_int(numerator: int, denominator: int) -> int:
    """Round a non-negative integer ratio half-up without leaving integer arithmetic."""
    return (2 * numerator + denominator) // (2 * denominator)


def whole_dollars(amount: Decimal) -> Decimal:
    """Round to whole NT$ half-up (the assumed rounding of pro-rated fees)."""
    return amount.quantize(ONE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Taxed:
    """An amount before tax, the 5% tax and the amount with tax."""

    untaxed: Decimal
    tax: Decimal
    taxed: Decimal


def with_tax(amount: Decimal) -> Taxed:
    """Add the 5% business tax exactly; LINE quotes every price untaxed (未稅)."""
    untaxed = non_negative_money(amount)
    tax = untaxed * TAX_RATE
    return Taxed(untaxed=untaxed, tax=tidy(tax), taxed=tidy(untaxed + tax))


def without_tax(taxed_amount: Decimal) -> Taxed:
    """Split a tax-included budget (含稅); the untaxed part is rounded down so it never overspends."""
    taxed = non_negative_money(taxed_amount, "taxed_amount")
    untaxed = (taxed / (ONE + TAX_RATE)).quantize(CENT, rounding=ROUND_DOWN)
    return Taxed(untaxed=tidy(untaxed), tax=tidy(taxed - untaxed), taxed=taxed)
