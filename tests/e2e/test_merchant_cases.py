"""Merchant question corpora replayed through the real webhook, checked the way a merchant reads the reply."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from bot.app import create_app
from bot.settings import Settings
from bot.store.migrate import upgrade
from tests.conftest import Webhook
from tests.contract.schema import reply_errors
from tests.factories import SECRET, body, text_event
from tests.fakeline import FakeLine

HERE = Path(__file__).parent
CORPORA = sorted(HERE.glob("merchant_cases*.jsonl"))
TEXT_KEYS = {"text", "altText", "label", "displayText", "title"}


def load_cases() -> list[Any]:
    """Every case of every corpus, as pytest params named by their id."""
    cases = []
    for path in CORPORA:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                cases.append(pytest.param(case, id=f"{path.stem}:{case['id']}"))
    return cases


def readable(messages: list[dict[str, Any]]) -> str:
    """Every human-readable string of the reply, thousands separators and spaces removed."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in TEXT_KEYS and isinstance(value, str):
                    out.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(messages)
    text = "\n".join(out).translate({0xFF10 + i: 0x30 + i for i in range(10)})
    text = text.replace("，", ",").replace("：", ":").replace("／", "/")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    return re.sub(r"\s+", "", text)


def problems(case: dict[str, Any], text: str) -> list[str]:
    """What the reply lacks or wrongly says."""
    bad = [f"missing /{rx}/" for rx in case.get("all", []) if not re.search(rx, text)]
    bad += [f"none of {group}" for group in case.get("any", []) if not any(re.search(rx, text) for rx in group)]
    bad += [f"forbidden /{rx}/" for rx in case.get("none", []) if re.search(rx, text)]
    return bad


@pytest.fixture(scope="module")
def corpus_app(tmp_path_factory: pytest.TempPathFactory, fake_line: FakeLine) -> Any:
    """One real app and database for the whole corpus; every case is a different follower."""
    url = f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'bot.db'}"
    upgrade(url)
    app: Flask = create_app(Settings(line_channel_secret=SECRET, line_channel_access_token="t", database_url=url,
                                     line_api_base_url=fake_line.url))
    yield app
    app.extensions["engine"].dispose()


@pytest.mark.parametrize("case", load_cases())
def test_merchant_case(case: dict[str, Any], corpus_app: Flask, fake_line: FakeLine) -> None:
    webhook = Webhook(corpus_app.test_client(), fake_line)
    user = "U" + hashlib.sha256(case["id"].encode()).hexdigest()[:32]
    messages: list[dict[str, Any]] = []
    for turn in case["turns"]:
        ev = text_event(turn, user)
        assert webhook.post(body(ev)).status_code == 200
        messages = webhook.reply_to(ev["replyToken"])
    assert messages, "no reply"
    assert reply_errors(messages) == []
    assert fake_line.costly_calls() == []
    text = readable(messages)
    assert problems(case, text) == [], text[:600]
