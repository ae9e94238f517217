"""follow_up(previous, reading): carry-over, topic switches, corrections and answers to questions back, no webhook."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.conversation.events import TextIn
from bot.conversation.follow_up import Previous, follow_up
from bot.conversation.ports import MemoryStore, NullTagger
from bot.conversation.service import Conversation, Turn
from bot.understanding.parse import read
from bot.understanding.question import Intent, Need, Question
from tests.reading import readable
from tests.understanding.test_clarify import chat

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


def test_another_account_without_its_volume_is_asked_then_priced_beside_the_first() -> None:
    """「另外一個帳號呢」 asks that account's volume; 「好友1000」 prices it beside the first, each on its own plan."""
    asked = turns("好友3000 每月發2次", "另外一個帳號呢")
    assert asked.ask is not None and (asked.ask.need, asked.ask.number) == (Need.VOLUME, 6000)
    question = turns("好友3000 每月發2次", "另外一個帳號呢", "好友1000")
    assert question.slots["_volumes"] == [6000, 2000] and question.slots["_accounts_said"] == "separate"


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


def test_a_bare_dispute_asks_what_was_misread_and_the_answer_corrects_the_disputed_question() -> None:
    """「不對」 never re-prices a guess; the figure given next replaces the one misread."""
    disputed = turns("好友2300人每月發2次", "不對")
    assert disputed.intent == Intent.CLARIFY and disputed.ask is not None
    corrected = turns("好友2300人每月發2次", "不對", "好友1300人")
    assert corrected.intent == Intent.ESTIMATE
    assert (corrected.slots["friends"], corrected.slots["sends"]) == (1300, 2)


def test_not_this_plan_but_that_one_asks_the_same_question_of_the_other_plan() -> None:
    """「中用量一年多少」 then 「不是中用量，是高用量」: the High plan's year."""
    question = turns("中用量一年多少", "不是中用量，是高用量")
    assert question.slots["plan"] == "high" and question.slots.get("_yearly")


@pytest.mark.parametrize(("span", "expected"), [("一年總共多少？", {"_yearly": True}), ("那一季呢？", {"_months": 3}),
                                                ("What's that per year, before tax?", {"_yearly": True})])
def test_a_span_after_an_estimate_prices_the_same_month_over_it(span: str, expected: dict[str, object]) -> None:
    """A year or a quarter asked after an estimate keeps its volume and is no new send pattern."""
    question = turns("好友3300，每月發2次", span)
    assert question.intent == Intent.ESTIMATE
    assert (question.slots["friends"], question.slots["sends"]) == (3300, 2)
    assert expected.items() <= question.slots.items()


def test_a_new_topic_with_a_plan_is_no_span_of_the_estimate_before() -> None:
    """「換個問題，中用量一年多少」 is the Medium plan's year, not the estimate's."""
    question = turns("好友5000每月3次", "換個問題，中用量一年多少")
    assert "friends" not in question.slots


def test_shared_then_separate_accounts_reprice_each_shop() -> None:
    """「三間店共用一個帳號，每月各發2500則」 then 「不是共用，是三間各自一個帳號」: 3 accounts of 2,500."""
    shared = turns("三間店共用一個帳號，每月各發2500則")
    assert shared.slots["messages"] == 7500
    separate = turns("三間店共用一個帳號，每月各發2500則", "不是共用，是三間各自一個帳號")
    assert (separate.slots["messages"], separate.slots["_shops"]) == (2500, 3)


def test_one_more_broadcast_to_a_segment_is_added_to_the_month() -> None:
    """"add a third broadcast just to our 500 VIPs" adds 500 messages; it does not shrink the audience."""
    question = turns("2,800 followers, 2 broadcasts a month — cost?",
                     "what if we add a third broadcast just to our 500 VIPs?")
    assert question.intent == Intent.ESTIMATE
    assert question.slots["_parts"] == [[2800, 2, "month", None], [500, 1, "month", None]]


def test_the_cost_of_a_change_between_unknown_plans_is_asked_back() -> None:
    """「我這個月升級了方案」 then 「要多付多少？」: the difference depends on the plans, so ask which."""
    question = turns("我這個月升級了方案", "要多付多少？")
    assert question.intent == Intent.CLARIFY and question.ask is not None and question.ask.rule == "change_unknown"


def test_the_cost_of_an_upgrade_to_an_unnamed_plan_is_asked_back() -> None:
    """「我想從輕用量升級」 then 「這樣這個月要付多少？」: Medium or High? Each costs differently."""
    question = turns("我想從輕用量升級", "這樣這個月要付多少？")
    assert question.intent == Intent.CLARIFY and question.ask is not None and question.ask.need.value == "plans"


def test_a_figure_heard_about_the_plan_just_discussed_is_checked() -> None:
    """「高用量現在一個月多少錢？」 then 「可是我朋友說是1200耶」: a claim about the High plan."""
    question = turns("高用量現在一個月多少錢？", "可是我朋友說是1200耶")
    assert question.intent == Intent.HISTORY and question.slots["_claim"] == ["fee", 1200]


def test_a_day_without_its_year_is_asked_when_the_lists_differ_and_the_answer_prices_it() -> None:
    """「3/15 升級中用量」 asked in December: last March was the old list, next March the new one."""
    asked = turns("3/15 升級中用量，當月月費怎麼算？")
    assert asked.intent == Intent.CLARIFY and asked.ask is not None and asked.ask.rule == "year_unsaid"
    assert asked.ask.days == ("2026-03-15", "2027-03-15")
    answered = turns("3/15 升級中用量，當月月費怎麼算？", "2027")
    assert answered.intent in (Intent.PRORATE, Intent.PLAN_CHANGE) and str(answered.slots["date"]) == "2027-03-15"


def test_a_day_without_its_year_close_ahead_is_not_asked() -> None:
    """「12/15升級中用量」 asked on 12/3 is this month: no question back."""
    assert turns("12/15 升級中用量，當月月費怎麼算？").intent != Intent.CLARIFY


@pytest.mark.parametrize("correction", ["欸 其實只發給有買過的 大概一半", "其實只發給有買過的，大概一半"])
def test_actually_only_a_share_of_the_friends(correction: str) -> None:
    """「其實只發給…大概一半」 after 5,000 friends once a month: 2,500 of them are priced, as a segment."""
    question = turns("好友 5000 每月發一次", correction)
    assert question.intent == Intent.ESTIMATE
    assert (question.slots["friends"], question.slots["sends"], question.slots.get("_segment")) == (2500, 1, True)


def test_a_month_with_an_extra_send_is_priced_beside_the_usual_ones() -> None:
    """3,000 friends 3 times a month, one more in December: 12,000 messages, NT$2,600 with NT$1,200 add-on."""
    reply = chat("好友 3000 月發 3 次", "12 月要多發一次聖誕節的 那 12 月總共多少")
    assert "每月12000則:建議高用量,每月NT$2600" in reply and "加購6000則" in reply and "NT$1200" in reply
    assert "其他月份（每月3次）:每月9000則,高用量NT$2000" in reply


def test_the_add_on_and_fee_together_after_an_estimate_reprice_it() -> None:
    """「高用量這個月會發到56000則」 then 「加購的部分跟月費加起來多少」: the same month, priced again."""
    question = turns("高用量 這個月會發到56000則", "加購的部分跟月費加起來多少")
    assert question.intent == Intent.ESTIMATE and question.slots["messages"] == 56000


def test_a_plan_named_after_a_budget_is_what_the_budget_buys_on_it() -> None:
    """「預算5000未稅」 then 「高用量的話最多可以發幾則」: the budget, on the High plan."""
    question = turns("老闆說每月LINE預算5000 未稅", "高用量的話最多可以發幾則")
    assert (question.intent, question.slots["budget"], question.slots["_plan"]) == (Intent.BUDGET, 5000, "high")


def test_tax_after_a_past_year_is_on_that_years_list() -> None:
    """「2025年中用量一個月多少」 then 「含稅呢」: the tax on 2025's Medium plan, not today's."""
    question = turns("2025年中用量一個月多少", "含稅呢")
    assert (question.intent, question.slots.get("plan"), question.slots["_on"]) == (Intent.TAX, "medium", "2025-07-01")


def test_followers_sending_the_same_words_each_keep_their_own_conversation() -> None:
    """After a broadcast two followers both ask 「那如果每月發4次呢」: each answer continues its own estimate."""
    conversation, store = Conversation(), MemoryStore()  # one worker's caches, shared by every follower
    at = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Taipei"))

    def say(user: str, text: str, n: int) -> str:
        incoming = TextIn(event_id=f"e{user}{n}", user_id=user, reply_token="r", at=at + timedelta(seconds=n),
                          text=text)
        return readable(conversation.handle(incoming, Turn(store=store, tagger=NullTagger(), now=incoming.at)))

    a, b = "U" + "a" * 32, "U" + "b" * 32
    say(a, "好友3000人每月發2次", 0)
    say(b, "好友600人每月發1次", 1)
    first, second = say(a, "那如果每月發4次呢", 2), say(b, "那如果每月發4次呢", 3)
    assert "每月12000則" in first and "2400則" not in first
    assert "每月2400則" in second and "12000則" not in second
