"""Every reply shape the merchant corpora produce, validated against LINE's schema once per shape.

The corpora themselves check facts only; here each corpus is replayed through the conversation (no
webhook), the replies are grouped by shape (their structure with the words taken out), and the longest
reply of each shape is validated strictly. LINE's size limits are checked on every reply.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from bot.conversation.events import TextIn
from bot.conversation.ports import MemoryStore, NullTagger
from bot.conversation.service import Conversation, Turn
from tests.contract.schema import reply_errors

CORPORA = sorted((Path(__file__).parents[1] / "e2e").glob("merchant_cases*.jsonl"))
WORDS = {"text", "altText", "label", "displayText", "data", "uri", "title", "fillInText"}
BUBBLE_LIMIT, CAROUSEL_LIMIT = 30 * 1024, 50 * 1024
Messages = list[dict[str, Any]]


def replies(corpus: Path) -> list[Messages]:
    """The reply to every turn of every case of a corpus, each case a new follower at its own moment."""
    conversation, out = Conversation(), []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        case, store = json.loads(line), MemoryStore()
        start = datetime.fromisoformat(case["at"])
        for index, text in enumerate(case["turns"]):
            incoming = TextIn(event_id=f"{case['id']}-{index}", user_id="U" + "0" * 32, reply_token="r",
                              at=start + index * timedelta(seconds=40), text=text)
            out.append(conversation.handle(incoming, Turn(store=store, tagger=NullTagger(), now=incoming.at)))
    return out


def shape(node: Any, key: str | None = None) -> Any:
    """The structure of a reply with its words replaced, so replies that differ only in words compare equal."""
    if isinstance(node, dict):
        return {k: shape(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [shape(v) for v in node]
    return "…" if isinstance(node, str) and key in WORDS else node


def limit_problems(messages: Messages) -> list[str]:
    """LINE's documented size limits that a schema cannot express."""
    bad = [] if 1 <= len(messages) <= 5 else [f"{len(messages)} messages"]
    for message in messages:
        if message["type"] == "flex":
            size = len(json.dumps(message["contents"], ensure_ascii=False).encode())
            limit = CAROUSEL_LIMIT if message["contents"]["type"] == "carousel" else BUBBLE_LIMIT
            bad += [f"flex of {size} bytes"] if size > limit else []
    return bad


@cache
def longest_of_each_shape() -> tuple[Messages, ...]:
    """Across every corpus, the longest reply of each shape (after checking every reply's limits)."""
    longest: dict[str, Messages] = {}
    for corpus in CORPORA:
        for messages in replies(corpus):
            assert limit_problems(messages) == [], messages
            key = json.dumps(shape(messages), sort_keys=True)
            if len(json.dumps(messages)) > len(json.dumps(longest.get(key, []))):
                longest[key] = messages
    return tuple(longest.values())


@pytest.mark.parametrize("index", range(len(longest_of_each_shape())))
def test_each_reply_shape_is_strictly_valid(index: int) -> None:
    messages = longest_of_each_shape()[index]
    assert reply_errors(messages) == [], json.dumps(messages, ensure_ascii=False)[:800]


def test_the_corpora_produce_many_shapes() -> None:
    """Cards, texts, carousels and quick replies all appear, so the shapes above cover them."""
    kinds = {(m["type"], m.get("contents", {}).get("type")) for r in longest_of_each_shape() for m in r}
    assert {("text", None), ("flex", "bubble"), ("flex", "carousel")} <= kinds
    assert len(longest_of_each_shape()) >= 20


def test_shapes_ignore_words_but_not_structure() -> None:
    card = [{"type": "text", "text": "中用量 NT$1,000", "quickReply": {"items": []}}]
    assert shape(card) == shape([{"type": "text", "text": "高用量", "quickReply": {"items": []}}])
    assert shape(card) != shape([{"type": "text", "text": "x"}])
