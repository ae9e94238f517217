"""Hostile and odd text is read in time far below a worker's timeout, whatever it holds.

Long digit or numeral runs once made the number patterns and cn2an backtrack for minutes (「1k」×1000
took 221 s of CPU); now runs too long to be a count are dropped before any pattern sees them. The bound
is CPU time for one message, a hundred times below gunicorn's 30 s worker timeout.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

import pytest

from bot.conversation.events import TextIn
from bot.conversation.ports import MemoryStore, NullTagger
from bot.conversation.service import Conversation, Turn
from bot.understanding.parse import understand

TODAY = date(2026, 12, 1)
CPU_BUDGET = 0.3  # seconds of CPU per message; the worker timeout is 30 s
HOSTILE = {
    "ascii digits": "1" * 5000, "full-width digits": "１２３" * 1700, "digits with commas": "1," * 2500,
    "decimals": "1.2" * 1700, "k suffixes": "1k" * 2500, "w suffixes": "9w " * 1700, "numerals": "九" * 5000,
    "mixed numerals": "一二三四五六七八九十" * 500, "magnitudes": "1萬" * 2500, "ranges": "兩三" * 2500,
    "emoji": "😀" * 5000, "mixed scripts": "好友1萬2千 friends 每週three次 ١٢٣ ১২৩ " * 120,
    "a question drowned in digits": "好友" + "9" * 4990 + "人每月4次", "spaces": "1 " * 2500,
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_understanding_hostile_text_stays_within_budget(text: str) -> None:
    start = time.process_time()
    question = understand(text, TODAY)
    assert time.process_time() - start < CPU_BUDGET
    assert not any(isinstance(v, int) and v > 10**12 for v in question.slots.values())


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_conversation_answers_hostile_text_within_budget(text: str) -> None:
    at = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    incoming = TextIn(event_id="e", user_id="U" + "9" * 32, reply_token="r", at=at, text=text)
    start = time.process_time()
    messages = Conversation().handle(incoming, Turn(store=MemoryStore(), tagger=NullTagger(), now=at))
    assert time.process_time() - start < CPU_BUDGET and messages


def test_a_real_number_still_reads() -> None:
    question = understand("好友一萬兩千三百人每月發4次", TODAY)
    assert question.slots["friends"] == 12300 and question.slots["sends"] == 4


def test_a_question_before_a_long_tail_still_reads() -> None:
    question = understand("好友兩千人每月發4次要多少錢" + "，哈哈" * 1500, TODAY)
    assert question.slots["friends"] == 2000 and question.slots["sends"] == 4
