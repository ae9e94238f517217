"""Price lists: the facts of PRICING.md §1 as loaded from data, and date selection."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib.resources import files

import pytest

from bot.pricing import (
    PlanId,
    PriceListNotFound,
    all_price_lists,
    fee_on,
    price_list_by_id,
    price_list_for,
    quota_on,
    today_taipei,
)

TODAY = date(2026, 11, 22)

# (list id, plan, fee, free messages, add-on allowed, add-on exact)
PLAN_FACTS = [
    ("tw_2019_04_18", PlanId.LIGHT, "0", 500, False, True),
    ("tw_2019_04_18", PlanId.MEDIUM, "800", 4000, True, True),
    ("tw_2019_04_18", PlanId.HIGH, "4000", 25000, True, False),
    ("tw_2023_09_01", PlanId.LIGHT, "0", 200, False, True),
    ("tw_2023_09_01", PlanId.MEDIUM, "800", 3000, False, True),
    ("tw_2023_09_01", PlanId.HIGH, "1200", 6000, True, False),
    ("tw_2026_11_01", PlanId.LIGHT, "0", 200, False, True),
    ("tw_2026_11_01", PlanId.MEDIUM, "1000", 3000, False, True),
    ("tw_2026_11_01", PlanId.HIGH, "1400", 6000, True, True),
]


@pytest.mark.parametrize(("list_id", "pid", "fee", "free", "addon", "exact"), PLAN_FACTS)
def test_plan_facts(list_id: str, pid: PlanId, fee: str, free: int, addon: bool, exact: bool) -> None:
    plan = price_list_by_id(list_id).plan(pid)
    assert plan.fee == Decimal(fee)
    assert plan.free_messages == free
    assert plan.addon_allowed is addon
    assert plan.addon_exact is exact
    assert bool(plan.addon_tiers) is (addon and exact)


def test_lists_sorted_with_derived_end_dates() -> None:
    lists = all_price_lists()
    assert [pl.id for pl in lists] == ["tw_2019_04_18", "tw_2023_09_01", "tw_2026_11_01"]
    assert [pl.effective_from for pl in lists] == [date(2019, 4, 18), date(2023, 9, 1), date(2026, 11, 1)]
    assert [pl.effective_to for pl in lists] == [date(2023, 8, 31), date(2026, 10, 31), None]
    assert all_price_lists() is lists  # cached


def test_2026_high_addon_tiers() -> None:
    high = price_list_by_id("tw_2026_11_01").plan(PlanId.HIGH)
    assert [(t.first, t.last, t.price) for t in high.addon_tiers] == [
        (1, 50000, Decimal("0.2")),
        (50001, None, Decimal("0.15")),
    ]
    assert high.addon_from_price == Decimal("0.2")
    assert high.addon_floor_price is None


def test_unknown_bracket_plans_carry_from_and_floor_prices() -> None:
    high_2019 = price_list_by_id("tw_2019_04_18").plan(PlanId.HIGH)
    high_2023 = price_list_by_id("tw_2023_09_01").plan(PlanId.HIGH)
    assert (high_2019.addon_from_price, high_2019.addon_floor_price) == (Decimal("0.15"), None)
    assert (high_2023.addon_from_price, high_2023.addon_floor_price) == (Decimal("0.2"), Decimal("0.011"))
    medium_2019 = price_list_by_id("tw_2019_04_18").plan(PlanId.MEDIUM)
    assert [(t.first, t.last, t.price) for t in medium_2019.addon_tiers] == [(1, None, Decimal("0.2"))]


def test_change_rules_and_notes() -> None:
    rules = {pl.id: pl.change_rules for pl in all_price_lists()}
    assert rules == {"tw_2019_04_18": "oa2_2019", "tw_2023_09_01": "tw_2023", "tw_2026_11_01": "tw_2023"}
    current = price_list_by_id("tw_2026_11_01")
    assert "rule_restated_2026=unknown" in current.change_assumptions
    assert any("44,000" in note for note in current.notes)  # the alternative 50,000 reading
    assert all(pl.sources and pl.notes for pl in all_price_lists())


@pytest.mark.parametrize(
    ("day", "list_id"),
    [
        (date(2019, 4, 18), "tw_2019_04_18"),
        (date(2023, 8, 31), "tw_2019_04_18"),
        (date(2023, 9, 1), "tw_2023_09_01"),
        (date(2026, 10, 31), "tw_2023_09_01"),
        (date(2026, 11, 1), "tw_2026_11_01"),
        (TODAY, "tw_2026_11_01"),
        (date(2040, 1, 1), "tw_2026_11_01"),
    ],
)
def test_price_list_for(day: date, list_id: str) -> None:
    assert price_list_for(day).id == list_id


@pytest.mark.parametrize("day", [date(2019, 1, 1), date(2019, 4, 17)])
def test_price_list_before_2019_raises(day: date) -> None:
    with pytest.raises(PriceListNotFound):
        price_list_for(day)
    with pytest.raises(ValueError):
        price_list_for(day)


def test_the_list_follows_the_taipei_date_of_a_moment() -> None:
    # 2026-10-31 16:30 UTC is already 2026-11-01 00:30 in Taipei: the new list applies.
    assert today_taipei(datetime(2026, 10, 31, 16, 30, tzinfo=UTC)) == date(2026, 11, 1)
    assert price_list_for(today_taipei(datetime(2026, 10, 31, 16, 30, tzinfo=UTC))).id == "tw_2026_11_01"
    late_october = today_taipei(datetime(2026, 10, 31, 15, 59, tzinfo=UTC))
    assert price_list_for(late_october).id == "tw_2023_09_01"
    assert fee_on(PlanId.MEDIUM, late_october) == Decimal("800")


def test_every_lookup_needs_its_date() -> None:
    """No pricing function falls back to the machine's clock."""
    for lookup in (price_list_for, today_taipei):
        with pytest.raises(TypeError):
            lookup()  # type: ignore[call-arg]


def test_today_taipei_from_given_instant() -> None:
    assert today_taipei(datetime(2026, 11, 21, 16, 0, tzinfo=UTC)) == date(2026, 11, 22)
    with pytest.raises(ValueError):
        today_taipei(datetime(2026, 11, 21, 16, 0))


def test_quota_and_fee_helpers() -> None:
    assert quota_on(PlanId.MEDIUM, date(2023, 8, 31)) == 4000
    assert quota_on("medium", date(2023, 9, 1)) == 3000
    assert fee_on(PlanId.MEDIUM, date(2023, 8, 31)) == Decimal("800")
    assert fee_on(PlanId.HIGH, TODAY) == Decimal("1400")


def test_mid_vs_high_fee_2026() -> None:
    assert (fee_on(PlanId.MEDIUM, TODAY), fee_on(PlanId.HIGH, TODAY)) == (Decimal(1000), Decimal(1400))


def test_data_files_store_money_as_strings() -> None:
    folder = files("bot.pricing").joinpath("data")
    names = sorted(e.name for e in folder.iterdir() if e.name.endswith(".json"))
    assert names == ["tw_2019_04_18.json", "tw_2023_09_01.json", "tw_2026_11_01.json"]
    for name in names:
        doc = json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        assert doc["id"] + ".json" == name
        for plan in doc["plans"].values():
            money = [plan["fee"], plan["addon_from_price"], plan["addon_floor_price"]]
            money += [t["price"] for t in plan["addon_tiers"]]
            assert all(m is None or isinstance(m, str) for m in money), name


def test_no_known_wrong_figures() -> None:
    """The lionfans / AI-written tables (600, 4,000 medium, 10,000 high, 1,600/25,000) never appear."""
    for pl in all_price_lists():
        fees = {pid: p.fee for pid, p in pl.plans.items()}
        assert Decimal(600) not in fees.values()
        assert fees[PlanId.LIGHT] == 0
        assert fees[PlanId.MEDIUM] in {Decimal(800), Decimal(1000)}
        assert fees[PlanId.HIGH] != Decimal(10000)


def test_plans_mapping_is_read_only() -> None:
    with pytest.raises(TypeError):
        price_list_for(TODAY).plans[PlanId.LIGHT] = price_list_for(TODAY).plans[PlanId.HIGH]  # type: ignore[index]
