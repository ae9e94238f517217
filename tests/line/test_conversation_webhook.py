"""Merchant conversations through the real webhook: answers, follow-ups, questions back, groups, languages."""

from __future__ import annotations

import re

from bot.answers.plain import as_text
from tests.factories import body, postback_event, text_event


def said(messages) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"(?<=\d),(?=\d{3})", "", as_text(messages))


def test_estimate_question_gets_the_right_plan_and_price(webhook) -> None:
    text = said(webhook.say("好友 4000 人,每月推 2 次要多少錢"))
    assert "高用量" in text and "NT$1800" in text and "NT$1890" in text and "2026/11/1 起" in text


def test_follow_up_reuses_the_earlier_numbers(webhook) -> None:
    webhook.say("好友3000人每月發2次")
    text = said(webhook.say("那如果每月發4次呢"))
    assert "12000 則" in text and "NT$2600" in text


def test_a_missing_number_is_asked_for_with_quick_replies(webhook) -> None:
    messages = webhook.say("我有兩千個好友")
    assert "幾次" in messages[0]["text"]
    assert messages[0]["quickReply"]["items"]
    text = said(webhook.say("每月4次"))
    assert "8000 則" in text and "高用量" in text


def test_english_question_gets_an_english_answer(webhook) -> None:
    text = said(webhook.say("Which plan for 2000 friends and 2 broadcasts a month?"))
    assert "High plan" in text and "NT$1400" in text and "4000 messages" in text


def test_state_is_per_follower(webhook) -> None:
    webhook.say("好友3000人每月發2次", user="U" + "1" * 32)
    messages = webhook.say("那如果每月發4次呢", user="U" + "2" * 32)
    assert "12000" not in said(messages)


def test_postback_estimate_from_a_menu_tap(webhook, line) -> None:
    ev = postback_event("action=estimate&friends=1000&sends=3")
    assert webhook.post(body(ev)).status_code == 200
    text = said(webhook.reply_to(ev["replyToken"]))
    assert "中用量" in text and "NT$1000" in text


def test_postback_with_a_picked_date(webhook) -> None:
    ev = postback_event("action=prorate&from_plan=light&to_plan=medium", params={"date": "2026-11-16"})
    assert webhook.post(body(ev)).status_code == 200
    assert "1500 則" in said(webhook.reply_to(ev["replyToken"]))


def test_group_members_get_answers_only_to_pricing_questions(webhook) -> None:
    ev = text_event("中用量月費多少")
    ev["source"] = {"type": "group", "groupId": "C" + "1" * 32, "userId": "U" + "b" * 32}
    assert webhook.post(body(ev)).status_code == 200
    assert "NT$1000" in said(webhook.reply_to(ev["replyToken"]))


def test_out_of_scope_offers_the_menu_and_no_numbers(webhook) -> None:
    messages = webhook.say("今天天氣如何")
    assert "NT$" not in as_text(messages)
    assert messages[-1]["quickReply"]["items"]
