"""The wizards' state, without a webhook: steps in order, typed answers, answers that cannot stand."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.conversation.events import PostbackIn
from bot.conversation.ports import MemoryStore, NullTagger
from bot.conversation.service import Conversation, Turn
from bot.conversation.wizard import Wizard, from_question, from_tap, question_of, settle, typed
from bot.taps import read_tap
from bot.understanding.question import Question
from tests.understanding.test_clarify import chat

TODAY = date(2026, 12, 1)
AT = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def wizard_of(data: str) -> Wizard:
    tap = read_tap(data)
    assert tap is not None
    found = from_tap(tap)
    assert found is not None
    return found


def test_the_estimate_steps_come_in_order_and_the_segment_only_when_asked() -> None:
    assert Wizard("estimate").step() == "friends"
    assert Wizard("estimate", {"friends": 10}).step() == "sends"
    assert Wizard("estimate", {"friends": 10, "sends": 1, "period": "month"}).step() is None
    assert Wizard("estimate", {"friends": 10, "sends": 1, "period": "month", "aud": "part"}).step() == "seg"


@pytest.mark.parametrize(("text", "answers"), [
    ("2500", {"friends": 2500}), ("兩千五", {"friends": 2500}), ("大概三千人", {"friends": 3000}),
    ("好友1.2萬", {"friends": 12000}), ("２０００", {"friends": 2000}),
    ("每週2次", {"sends": 2, "period": "week"}), ("2000人每月4次", {"friends": 2000, "sends": 4, "period": "month"}),
])
def test_typed_answers_fill_the_estimate(text: str, answers: dict) -> None:  # type: ignore[type-arg]
    moved = typed(Wizard("estimate"), text, TODAY)
    assert moved is not None and dict(moved.fields) == answers


def test_a_bare_number_answers_the_step_that_was_asked() -> None:
    moved = typed(Wizard("estimate", {"friends": 3000}), "4", TODAY)
    assert moved is not None and dict(moved.fields) == {"friends": 3000, "sends": 4, "period": "month"}


def test_text_that_is_not_an_answer_leaves_the_wizard() -> None:
    assert typed(Wizard("estimate"), "自動回應要錢嗎", TODAY) is None
    assert typed(Wizard("budget"), "高用量多少錢", TODAY) is None


def test_typed_plans_and_dates_answer_the_change_wizard() -> None:
    moved = typed(Wizard("change"), "中用量", TODAY)
    assert moved is not None and moved.fields["from"] == "medium"
    dated = typed(Wizard("change", {"from": "light", "to": "high"}), "12/16", TODAY)
    assert dated is not None
    question = question_of(dated, TODAY)
    assert question == Question("plan_change", {"from_plan": "light", "to_plan": "high", "date": date(2026, 12, 16)})


def test_other_waits_for_a_typed_answer() -> None:
    waiting = wizard_of("v=1&a=wizard&w=budget&other=budget")
    assert waiting.typing == "budget" and question_of(waiting, TODAY) is None
    moved = typed(waiting, "NT$2,500", TODAY)
    assert moved is not None and question_of(moved, TODAY) == Question("budget", {"budget": 2500})


def test_answers_that_cannot_stand_are_dropped_and_named() -> None:
    too_many, why = settle(Wizard("estimate", {"friends": 100, "sends": 1, "period": "month", "aud": "part",
                                               "seg": 500}))
    assert why == "segment" and too_many.step() == "seg"
    same, why = settle(Wizard("change", {"from": "high", "to": "high"}))
    assert why == "same_plan" and same.step() == "to"
    bad_day, why = settle(Wizard("change", {"from": "light", "to": "high", "date": "2026-02-30"}))
    assert why == "date" and bad_day.step() == "date"


def test_a_segment_prices_only_the_friends_it_reaches() -> None:
    wizard = Wizard("estimate", {"friends": 3000, "sends": 4, "period": "month", "aud": "part", "seg": 750})
    assert question_of(wizard, TODAY) == Question("estimate", {"friends": 750, "sends": 4, "period": "month"})


def test_an_estimate_without_its_numbers_starts_the_wizard_with_what_it_said() -> None:
    started = from_question(Question("estimate", {"friends": 900}))
    assert started is not None and dict(started.fields) == {"friends": 900} and started.step() == "sends"
    assert from_question(Question("estimate", {"friends": 900, "sends": 2, "period": "month"})) is None
    assert from_question(Question("estimate", {"messages": 9000})) is None


def test_the_saved_form_round_trips() -> None:
    wizard = Wizard("estimate", {"friends": 3000}, typing="sends")
    assert Wizard.from_saved(wizard.saved()) == wizard
    assert Wizard.from_saved({"kind": "nonsense", "fields": {}}) is None


def test_numbers_no_account_has_are_asked_again() -> None:
    wizard, why = settle(Wizard("estimate", {"friends": 10**27}))
    assert why == "number" and wizard.step() == "friends"
    assert from_question(Question("estimate", {"friends": 10**27}, problems=("absurd_friends",))) is None


@settings(max_examples=300, deadline=None)
@given(data=st.one_of(st.text(max_size=320), st.builds(
    lambda pairs: "v=1&" + "&".join(f"{k}={v}" for k, v in pairs),
    st.lists(st.tuples(st.sampled_from(["a", "w", "friends", "sends", "period", "aud", "seg", "from", "to", "date",
                                        "budget", "other", "kind", "q"]),
                       st.one_of(st.text(max_size=12), st.integers(-5, 10**14).map(str),
                                 st.sampled_from(["wizard", "estimate", "change", "budget", "part", "today",
                                                  "light", "high", "2026-02-30", "week"]))), max_size=8))))
def test_any_postback_data_gets_an_answer_and_never_an_error(data: str) -> None:
    incoming = PostbackIn(event_id="e", user_id="U" + "1" * 32, reply_token="r", at=AT, data=data)
    messages = Conversation().handle(incoming, Turn(store=MemoryStore(), tagger=NullTagger(), now=AT))
    assert messages and all(m["type"] in ("text", "flex") for m in messages)


def test_two_seasons_typed_to_the_wizard_that_knows_the_friends() -> None:
    """The wizard asked for the sends of 2,600 friends; 「情人節那個月4次 其他月1次」 prices both seasons."""
    reply = chat("我是花店 好友2600", "情人節那個月想發4次 其他月1次")
    assert "NT$2280" in reply and "NT$1000" in reply
    assert "NT$2280" in chat("我是花店 好友2600", "情人節那個月想發4次 其他月1次", "情人節那個月要多少")
