"""Arbitrary text never breaks understanding, answering or the conversation."""

from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answers.i18n import use_locale
from bot.answers.replies import answer
from bot.conversation.events import TextIn
from bot.conversation.ports import MemoryStore, NullTagger
from bot.conversation.service import Conversation, Turn
from bot.understanding.parse import understand
from tests.contract.schema import reply_errors

TODAY = date(2026, 11, 22)
WORDS = st.sampled_from(["好友", "人", "每月", "每週", "每天", "發", "次", "則", "預算", "元", "含稅", "升級", "降級",
                         "輕用量", "中用量", "高用量", "萬", "千", "k", "/", "-", "呢", "?", "9/29", "月底", "兩"])
NUMBERS = st.integers(min_value=-10**9, max_value=10**12).map(str)
MERCHANTISH = st.lists(st.one_of(WORDS, NUMBERS, st.text(max_size=5)), max_size=12).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), MERCHANTISH))
def test_any_text_is_understood_and_answered(text: str) -> None:
    question = understand(text, TODAY)
    for locale in ("zh_Hant_TW", "en"):
        with use_locale(locale):
            reply = answer(question, TODAY)
        assert 1 <= len(reply.messages) <= 5
        assert reply_errors(reply.messages) == []


@settings(max_examples=100, deadline=None)
@given(st.lists(MERCHANTISH, min_size=1, max_size=4))
def test_conversations_of_any_text_always_reply(turns: list[str]) -> None:
    conversation, store = Conversation(), MemoryStore()
    for i, text in enumerate(turns):
        now = datetime(2026, 11, 22, 3, 0, i, tzinfo=UTC)
        incoming = TextIn(event_id=str(i), user_id="Ufuzz", reply_token="t", at=now, text=text)
        messages = conversation.handle(incoming, Turn(store=store, tagger=NullTagger(), now=now))
        assert messages and reply_errors(messages) == []
