"""Tap, don't type: every wizard path walked through the signed webhook with postback events, as LINE sends them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.taps import read_tap, tap_data
from tests.factories import body, postback_event, text_event
from tests.reading import readable

USER = "U" + "7" * 32


def tap(webhook: Any, data: str, params: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Send one postback tap; return the messages replied to it."""
    ev = postback_event(data, USER, params)
    assert webhook.post(body(ev)).status_code == 200
    return webhook.reply_to(ev["replyToken"])


def say(webhook: Any, text: str) -> list[dict[str, Any]]:
    """Send one text message from the same follower."""
    ev = text_event(text, USER)
    assert webhook.post(body(ev)).status_code == 200
    return webhook.reply_to(ev["replyToken"])


def chips(messages: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The last message's quick-reply actions by label."""
    items = messages[-1].get("quickReply", {}).get("items", [])
    return {item["action"]["label"]: item["action"] for item in items}


def press(webhook: Any, messages: list[dict[str, Any]], label: str, **params: str) -> list[dict[str, Any]]:
    """Tap the chip with that label, as a merchant would (a date picker sends the picked day as params)."""
    action = chips(messages)[label]
    assert action["type"] in ("postback", "datetimepicker"), action
    return tap(webhook, action["data"], params or None)


def test_the_estimate_wizard_ends_on_the_estimate_card(webhook) -> None:
    first = tap(webhook, "v=1&a=wizard&w=estimate")
    assert "幾位好友" in readable(first)
    assert all(a["type"] == "postback" and a.get("displayText") for a in chips(first).values())
    second = press(webhook, first, "好友3,000人")
    assert "好友3000人" in readable(second) and "每月要群發幾次" in readable(second)
    card = press(webhook, second, "每月 4 次")
    text = readable(card)
    assert "12000則" in text and "高用量" in text and "NT$2600" in text and "2026/11/1起" in text


def test_only_some_friends_prices_the_segment(webhook) -> None:
    card = tap(webhook, "v=1&a=wizard&w=estimate&friends=3000&sends=4&period=month")
    segment = press(webhook, card, "只發給部分好友")
    assert "3000位好友中,要發給幾位" in readable(segment)
    priced = press(webhook, segment, "好友750人")
    assert "3000則" in readable(priced) and "中用量" in readable(priced)


def test_a_typed_number_is_accepted_at_any_step(webhook) -> None:
    tap(webhook, "v=1&a=wizard&w=estimate")
    asked = say(webhook, "大概兩千")
    assert "好友2000人" in readable(asked)
    card = say(webhook, "一個月兩次")
    assert "4000則" in readable(card) and "高用量" in readable(card)


def test_other_asks_the_number_to_be_typed(webhook) -> None:
    first = tap(webhook, "v=1&a=wizard&w=estimate")
    typing = press(webhook, first, "其他")
    assert "請輸入好友人數" in readable(typing)
    sends = say(webhook, "2500")
    assert "好友2500人" in readable(sends)


def test_start_over_restarts_the_wizard(webhook) -> None:
    tap(webhook, "v=1&a=wizard&w=estimate&friends=3000")
    again = say(webhook, "重來")
    assert "幾位好友" in readable(again) and "3000" not in readable(again)


def test_the_menu_tap_starts_over_even_right_after_an_estimate(webhook) -> None:
    say(webhook, "好友2000人每月發4次")
    assert "幾位好友" in readable(tap(webhook, "v=1&a=wizard&w=estimate"))
    assert "幾位好友" in readable(say(webhook, "我想試算費用"))


def test_a_tap_does_what_its_label_says_whatever_the_state(webhook) -> None:
    tap(webhook, "v=1&a=wizard&w=budget")  # in the middle of the budget wizard
    card = tap(webhook, "v=1&a=wizard&w=estimate&friends=1000&sends=2&period=month")  # an older estimate chip
    assert "2000則" in readable(card) and "中用量" in readable(card)


def test_the_plan_change_wizard_ends_on_the_timeline_card(webhook) -> None:
    first = tap(webhook, "v=1&a=wizard&w=change")
    assert "你現在是哪個方案" in readable(first)
    to = press(webhook, first, "輕用量")
    assert set(chips(to)) >= {"中用量", "高用量"} and "輕用量" not in chips(to)
    day = press(webhook, to, "中用量")
    picker = chips(day)["選日期"]
    assert picker["type"] == "datetimepicker" and picker["mode"] == "date" and picker["initial"] == "2026-12-01"
    card = press(webhook, day, "選日期", date="2026-12-16")
    text = readable(card)
    assert "輕用量→中用量" in text and "2026年12月16日" in text and "NT$516" in text  # 1,000 × 16/31


def test_today_in_the_change_wizard_is_the_day_of_the_tap(webhook) -> None:
    card = tap(webhook, "v=1&a=wizard&w=change&from=medium&to=high&date=today")
    assert "2026年12月1日" in readable(card) and "NT$400" in readable(card)


def test_the_budget_wizard_says_how_many_messages(webhook) -> None:
    first = tap(webhook, "v=1&a=wizard&w=budget")
    card = press(webhook, first, "NT$1,500")
    assert "高用量" in readable(card) and "6500則" in readable(card)


@pytest.mark.parametrize("data", [
    "v=1&a=wizard&w=estimate&friends=3000&aud=part&seg=9000&sends=1&period=month",  # a segment over all friends
    "v=1&a=wizard&w=change&from=high&to=high",
])
def test_an_answer_that_cannot_stand_is_asked_again(webhook, data) -> None:
    again = readable(tap(webhook, data))
    assert "請再選一次" in again or "請選另一個" in again


@pytest.mark.parametrize("data", [
    "v=9&a=compare", "v=1&a=launch_missiles", "v=1&a=wizard&w=estimate&friends=-3", "v=1&a=compare&evil=1",
    "action=estimate&friends=abc", "a" * 301, "v=1&a=wizard&w=change&from=light&to=medium&date=2026-02-30", "",
    "%ZZ", "v=1&v=1&a=compare",
])
def test_a_stale_or_forged_tap_gets_the_help_card_never_an_error(webhook, data) -> None:
    text = readable(tap(webhook, data))
    assert "直接用你的話問,例如" in text or "我看不懂這個日期" in text, text


def test_legacy_taps_from_older_cards_still_work(webhook) -> None:
    asked = tap(webhook, "q=中用量月費")
    assert "NT$1000" in readable(asked)
    card = tap(webhook, "action=estimate&friends=2000&sends=4")
    assert "8000則" in readable(card)


def test_menu_chips_are_postbacks_that_answer(webhook) -> None:
    menu = say(webhook, "你好")
    compare = press(webhook, menu, "方案比較")
    assert "高用量" in readable(compare) and "NT$1400" in readable(compare)


def test_tap_data_stays_within_lines_limit_and_reads_back() -> None:
    data = tap_data("wizard", w="estimate", friends=10**12, sends=10**12, period="month", aud="part", seg=10**12)
    assert len(data) <= 300
    read = read_tap(data)
    assert read is not None and read.action == "wizard" and read.number("seg") == 10**12
    with pytest.raises(ValueError):
        tap_data("launch_missiles")


MENU = json.loads((Path(__file__).parents[2] / "bot" / "richmenu" / "menu.json").read_text(encoding="utf-8"))
EXPECTED = {"v=1&a=compare": "NT$1400", "v=1&a=wizard&w=estimate": "幾位好友", "v=1&a=billed&kind=auto_reply": "免費",
            "v=1&a=wizard&w=change": "你現在是哪個方案", "v=1&a=wizard&w=budget": "每月預算"}


@pytest.mark.parametrize("area", [a for a in MENU["areas"] if a["action"]["type"] == "postback"],
                         ids=lambda a: a["action"]["label"])
def test_every_rich_menu_tap_does_what_its_label_says(webhook, area) -> None:
    say(webhook, "好友2000人每月發4次")  # whatever was said before, the tap does its own job
    text = readable(tap(webhook, area["action"]["data"]))
    assert EXPECTED[area["action"]["data"]] in text, text[:300]
