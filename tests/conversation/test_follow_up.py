"""follow_up(previous, reading): carry-over, topic switches, corrections and answers to questions back, no webhook."""

from __future__ import annotations

from datetime import date

import pytest

from bot.conversation.follow_up import Previous, follow_up
from bot.understanding.parse import read
from bot.understanding.question import Intent, Question

TODAY = date(2026, 12, 3)


def turns(*texts: str) -> Question:
    """The question the last text asks, each text following the one before."""
    previous: Previous | None = None
    question = None
    for text in texts:
        question = follow_up(previous, read(text, TODAY), TODAY)
        previous = Previous(question.intent, dict(question.slots))
    assert question is not None
    return question


def test_a_follow_up_keeps_what_it_does_not_change() -> None:
    """「那如果每月發4次呢」 keeps the 3,000 friends."""
    question = turns("好友3000人每月發2次", "那如果每月發4次呢")
    assert (question.intent, question.follow_up) == (Intent.ESTIMATE, True)
    assert question.slots == {"friends": 3000, "sends": 4, "period": "month"}


def test_a_correction_replaces_the_number() -> None:
    """「打錯，是3000人」 corrects the friends and keeps the sends."""
    question = turns("好友2000人每月發2次", "打錯，是3000人")
    assert question.slots["friends"] == 3000 and question.slots["sends"] == 2


def test_a_new_topic_stands_alone() -> None:
    """A billed-or-free question after an estimate is not an estimate."""
    question = turns("好友2000人每月發2次", "自動回覆要錢嗎")
    assert question.intent == Intent.BILLED and not question.follow_up


def test_a_comparison_does_not_stick_to_a_later_estimate() -> None:
    """An estimate after a comparison prices only its own numbers."""
    question = turns("中用量跟高用量差在哪", "好友2000人每月發2次要多少")
    assert question.intent == Intent.ESTIMATE
    assert question.slots == {"friends": 2000, "sends": 2, "period": "month"}


def test_the_plan_named_before_carries_to_an_add_on_question() -> None:
    """「高用量多少錢」 then 「那加購一則多少」 stays on the High plan."""
    question = turns("高用量多少錢", "那加購一則多少")
    assert question.intent == Intent.PLAN_FACTS and question.slots.get("plan") == "high"


def test_a_new_frequency_re_prices_even_when_it_asks_about_upgrading() -> None:
    """「改成每週一次要升級嗎」 after an estimate is the estimate with a weekly send."""
    question = turns("好友1000人，每月推2次", "改成每週一次要升級嗎？")
    assert question.intent == Intent.ESTIMATE
    assert question.slots == {"friends": 1000, "sends": 1, "period": "week"}


@pytest.mark.parametrize(("answer", "slots"), [
    ("則", {"messages": 3000}),
    ("好友", {"friends": 3000}),
    ("預算", {"budget": 3000}),
])
def test_the_answer_to_what_a_number_means_completes_it(answer: str, slots: dict[str, int]) -> None:
    """「3000」 asks back; 「則」 makes it 3,000 messages a month."""
    assert turns("3000").intent == Intent.CLARIFY
    question = turns("3000", answer)
    assert {k: question.slots[k] for k in slots} == slots


def test_separate_accounts_after_the_shops_question() -> None:
    """「各自一個帳號」 prices each of the three shops' accounts."""
    question = turns("三家店各1000好友每月2次", "每家店各自一個帳號")
    assert question.intent == Intent.ESTIMATE and question.slots["_shops"] == 3 and question.slots["friends"] == 1000


def test_a_scaled_follow_up() -> None:
    """「好友變兩倍呢」 doubles the friends."""
    assert turns("好友1500人每月發2次", "好友變兩倍呢").slots["friends"] == 3000


def test_nothing_before_is_the_reading_itself() -> None:
    """With no previous question, follow_up is the reading's own question."""
    reading = read("好友2000人每月發4次", TODAY)
    assert follow_up(None, reading, TODAY) == reading.question()


def test_saved_state_of_an_unknown_kind_is_ignored() -> None:
    """A wizard's saved state (or anything unknown) is no question to continue."""
    assert Previous.of({"intent": "wizard", "slots": {}}) is None
    assert Previous.of(None) is None


def test_more_without_a_number_asks_how_many() -> None:
    """「如果好友再多一些呢」 after an estimate asks for the number instead of guessing one."""
    question = turns("好友1000人,每月發2次要多少", "如果好友再多一些呢?")
    assert question.intent == Intent.CLARIFY and question.ask is not None and question.ask.rule == "vague_more"


def test_separate_shops_merged_onto_one_account() -> None:
    """「如果合併成同一個帳號呢」 prices the two shops' messages together."""
    question = turns("A店跟B店各自有帳號,A店每月2000則、B店每月1500則,要多少?", "如果合併成同一個帳號呢?")
    assert question.intent == Intent.ESTIMATE and question.slots == {"messages": 3500}


def test_two_clients_priced_together_on_one_account() -> None:
    """A then B in separate turns, then 「合併成同一個帳號」: 4,000 + 1,800 messages on one account."""
    question = turns("A 客戶好友 2,000，每月發 2 次", "B 客戶好友 900，每月也發 2 次", "如果兩個合併成同一個帳號呢？")
    assert question.intent == Intent.ESTIMATE and question.slots == {"messages": 5800}


def test_a_second_shop_keeps_both_volumes() -> None:
    """B's volume is priced with A's, shop by shop."""
    question = turns("A 店好友 3000，每月發 2 次", "B 店好友 2000，每月也發 2 次，各自的帳號總共多少")
    assert question.slots["_volumes"] == [6000, 4000] and question.slots["_accounts_said"] == "separate"


def test_a_kind_set_up_before_is_what_this_asks_about() -> None:
    """「我有設定關鍵字自動回應」 then 「這個會扣訊息則數嗎」: billed or free, about the auto-reply."""
    question = turns("我有設定關鍵字自動回應", "這個會扣訊息則數嗎？")
    assert (question.intent, question.slots.get("kind")) == (Intent.BILLED, "auto_reply")


def test_the_add_on_charge_of_the_month_just_priced() -> None:
    """「我上個月高用量發了9000則」 then 「那加購費什麼時候扣 多少」: when, and how much, for those messages."""
    question = turns("我上個月高用量發了9000則", "那加購費什麼時候扣 多少")
    assert question.intent == Intent.BILLING
    assert (question.slots["_messages"], question.slots["_plan"]) == (9000, "high")


def test_separate_accounts_said_first_then_each_ones_volume() -> None:
    """Four shops with their own accounts, then each one's friends and sends: every account priced on its own."""
    first = turns("我們有4間分店 每間都有自己的官方帳號")
    assert first.ask is not None and (first.ask.shops, first.ask.accounts) == (4, "separate")
    question = turns("我們有4間分店 每間都有自己的官方帳號", "每間好友1200人 每月發2次 總共多少錢")
    assert (question.intent, question.slots.get("_shops")) == (Intent.ESTIMATE, 4)
