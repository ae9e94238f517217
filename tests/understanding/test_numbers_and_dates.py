"""Numbers and dates the way merchants type them."""

from datetime import date

import pytest

from bot.understanding.dates import find_date
from bot.understanding.normalize import normalize
from bot.understanding.numbers import arabic
from bot.understanding.parse import prepare, understand

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(("text", "expected"), [
    ("兩千", "2000"), ("一萬兩千", "12000"), ("1.2萬", "12000"), ("3k", "3000"), ("３ｋ", "3000"),
    ("2,500", "2500"), ("２０００", "2000"), ("兩萬五", "25000"), ("3千5", "3500"), ("1萬2千", "12000"),
    ("一千八", "1800"), ("1w", "10000"), ("5萬", "50000"),
    ("好友1.2萬一季", "好友12000 1季"), ("兩千一個月", "2000 1個月"), ("三千一", "3100"),
    ("once you pass 50000", "once you pass 50000"), ("send once a month", "send 1 times a month"),
])
def test_numbers(text: str, expected: str) -> None:
    assert arabic(normalize(text)) == expected


def test_words_containing_one_are_not_numbers() -> None:
    assert "一樣" in prepare("跟我算的不一樣")
    assert "逐一" in prepare("透過API逐一push給病患") and "一一" in prepare("一一通知")


@pytest.mark.parametrize(("text", "expected"), [
    ("9/29升級", date(2027, 9, 29)), ("11/16 升級", date(2026, 11, 16)), ("9月29日", date(2027, 9, 29)),
    ("下個月1號", date(2026, 12, 1)), ("月中", date(2026, 11, 15)), ("月底", date(2026, 11, 30)),
    ("2026年11月24日", date(2026, 11, 24)), ("明天", date(2026, 11, 23)), ("2023年9月以前", date(2023, 8, 31)),
    ("on Dec 5", date(2026, 12, 5)),
])
def test_dates(text: str, expected: date) -> None:
    assert find_date(prepare(text), TODAY) == expected


def test_simplified_and_full_width_are_normalised() -> None:
    assert normalize("高用量可以发多少条") == "高用量可以發多少則"
    assert normalize("ＬＩＮＥ") == "line"


@pytest.mark.parametrize("text", ["好友-500人每月發2次", "好友負3000人"])
def test_negative_numbers_are_flagged_not_guessed(text: str) -> None:
    assert "negative" in understand(text, TODAY).problems


def test_absurd_numbers_are_flagged() -> None:
    assert "absurd_friends" in understand("好友900000000人每月發1次", TODAY).problems


def test_missing_slot_stays_missing() -> None:
    question = understand("好友3000人", TODAY)
    assert question.slots.get("friends") == 3000 and "sends" not in question.slots


@pytest.mark.parametrize(("text", "expected"), [
    ("我參考一下費用", "我參考一下費用"), ("陸續發送", "陸續發送"), ("預約參觀", "預約參觀"), ("隊伍", "隊伍"),
    ("好友參仟人每月發貳次", "好友3000人每月發2次"), ("壹萬伍仟元預算", "15000元預算"),
])
def test_financial_numerals_are_numbers_only_beside_numbers(text: str, expected: str) -> None:
    assert prepare(text) == expected
