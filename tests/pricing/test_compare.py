"""Old vs new price list, and segment vs broadcast savings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.pricing import PlanId, PriceListNotFound, price_change_effect, segment_saving

D = Decimal
TODAY = date(2026, 11, 22)


def test_price_change_8000_messages() -> None:
    effect = price_change_effect(8000)
    assert effect.before.price_list.id == "tw_2023_09_01"
    assert effect.after.price_list.id == "tw_2026_11_01"
    assert effect.before.recommended.total == D(1600)
    assert effect.after.recommended.total == D(1800)
    assert effect.recommended_difference == D(200)
    assert not effect.plan_changed
    assert not effect.exact  # the 2023 add-on is an upper bound


def test_price_change_given_plan() -> None:
    effect = price_change_effect(3000, plan=PlanId.HIGH)
    assert effect.before.recommended.plan.id == PlanId.MEDIUM
    assert (effect.plan_before, effect.plan_after) != (None, None)
    assert effect.plan_difference == D(200)
    assert effect.same_plan is not None and effect.same_plan.total == D(1000)
    assert effect.same_plan_difference == D(200)
    assert effect.exact


def test_price_change_light_unaffected() -> None:
    effect = price_change_effect(150, plan="medium")
    assert effect.recommended_difference == D(0)
    assert effect.plan_difference == D(200)


def test_price_change_2023_plan_switch() -> None:
    effect = price_change_effect(4000, change=date(2023, 9, 1))
    assert effect.before.recommended.plan.id == PlanId.MEDIUM
    assert effect.after.recommended.plan.id == PlanId.HIGH
    assert effect.plan_changed
    assert effect.same_plan is None and effect.same_plan_difference is None
    assert effect.recommended_difference == D(400)


def test_price_change_before_first_list_raises() -> None:
    with pytest.raises(PriceListNotFound):
        price_change_effect(100, change=date(2019, 4, 18))


def test_segment_saving() -> None:
    saving = segment_saving(4000, 1000, 2, TODAY)
    assert (saving.messages_all, saving.messages_segment, saving.saved_messages) == (8000, 2000, 6000)
    assert saving.cost_all.recommended.total == D(1800)
    assert saving.cost_segment.recommended.plan.id == PlanId.MEDIUM
    assert saving.saved_money == D(800)


def test_segment_saving_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        segment_saving(100, 101, 1, TODAY)
    with pytest.raises(ValueError):
        segment_saving(100, 10, -1, TODAY)
