"""Frequencies and send patterns, each extractor on its own, then the estimate a merchant reads."""

from __future__ import annotations

import pytest

from bot.understanding.parse import prepare
from bot.understanding.spans import Frequency, Part, frequency, parts
from tests.understanding.test_clarify import chat


@pytest.mark.parametrize(("text", "expected"), [
    ("兩週推一次", Frequency(1, "fortnight")),
    ("隔週發一次", Frequency(1, "fortnight")),
    ("every other week", Frequency(1, "fortnight")),
    ("每兩週發2次", Frequency(2, "fortnight")),
    ("每3天發一次", Frequency(10, "month")),
    ("每7天一次", Frequency(52, "year")),
    ("每4週一次", Frequency(1, "month")),
    ("每兩個月一次", Frequency(6, "year")),
    ("每三個月發一次", Frequency(1, "quarter")),
    ("每半年一次", Frequency(2, "year")),
    ("每季發一次", Frequency(1, "quarter")),
    ("一年大概推30次", Frequency(30, "year")),
    ("24 times a year", Frequency(24, "year")),
])
def test_frequency(text: str, expected: Frequency) -> None:
    """Every period a merchant names becomes sends in a period pricing knows."""
    assert frequency(prepare(text)) == expected


@pytest.mark.parametrize("text", ["每週2次", "每月4次", "一年多少錢", "2026年每月2次", "第一季發了幾則"])
def test_plain_or_no_frequency_is_left_alone(text: str) -> None:
    """Twice a week, a yearly cost or a quarter's name are not the special periods."""
    assert frequency(prepare(text)) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("好友1000人，每月一次提醒、一次優惠", [Part(1, "month", None), Part(1, "month", None)]),
    ("每個月兩次，一次發給會員500人、一次發給全部2000人", [Part(1, "month", 500), Part(1, "month", 2000)]),
    ("好友3000人，每週1次，另外每月再發1次生日訊息給200人", [Part(1, "week", None), Part(1, "month", 200)]),
])
def test_several_sends_are_parts(text: str, expected: list[Part]) -> None:
    """Sends listed one after another add up, each to its own audience."""
    assert parts(prepare(text)) == expected


@pytest.mark.parametrize("text", [
    "好友2000人每月發4次",
    "好友3000人，每週群發一次，一個月4次",  # the same rate said twice
    "好友1800人，每個月發兩次，一次月初一次月中",  # the two sends broken down
    "每月2次或4次",  # alternatives
    "旺季每月3次、淡季1次",  # seasons are not added up
])
def test_one_pattern_is_not_parts(text: str) -> None:
    """Restatements, breakdowns, alternatives and seasons are never summed."""
    assert parts(prepare(text)) == []


def test_every_two_weeks_is_priced_as_two_sends_a_month() -> None:
    """1,200 friends every two weeks: 2,400 messages, the Medium plan, and the card says how it counted."""
    reply = chat("好友1200人，兩週推一次要多少")
    assert "2400則" in reply and "中用量" in reply and "每兩週1次" in reply and "4800" not in reply


def test_a_yearly_count_is_spread_over_the_months() -> None:
    """30 sends a year to 1,000 friends: 2,500 messages a month, not 30,000."""
    reply = chat("好友1000人，一年大概推30次")
    assert "2500則" in reply and "每年30次" in reply and "30000" not in reply


def test_two_sends_to_two_audiences_add_up() -> None:
    """A send to 500 members and one to all 2,000 friends: 2,500 messages."""
    reply = chat("每個月兩次，一次發給會員500人、一次發給全部2000人")
    assert "2500則" in reply and "500人×每月1次" in reply and "2000人×每月1次" in reply
