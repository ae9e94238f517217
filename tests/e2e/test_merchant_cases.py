"""Merchant question corpora replayed through the real webhook, checked the way a merchant reads the reply."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from bot.app import create_app
from bot.settings import Settings
from tests.conftest import Webhook
from tests.factories import SECRET, body, text_event
from tests.fakeline import FakeLine
from tests.reading import readable

HERE = Path(__file__).parent
CORPORA = sorted(HERE.glob("merchant_cases*.jsonl"))
TURN_GAP = timedelta(seconds=40)  # a merchant's next message in the same conversation


def load_cases() -> list[Any]:
    """Every case of every corpus, as pytest params named by their id."""
    cases = []
    for path in CORPORA:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                cases.append(pytest.param(case, id=f"{path.stem}:{case['id']}"))
    return cases


def asked_at(case: dict[str, Any]) -> datetime:
    """The moment a case's first turn is sent: every case carries it, so no answer depends on the wall clock."""
    moment = datetime.fromisoformat(case["at"])
    assert moment.tzinfo is not None, f"{case['id']}: 'at' needs a timezone"
    return moment


def problems(case: dict[str, Any], text: str) -> list[str]:
    """What the reply lacks or wrongly says."""
    bad = [f"missing /{rx}/" for rx in case.get("all", []) if not re.search(rx, text)]
    bad += [f"none of {group}" for group in case.get("any", []) if not any(re.search(rx, text) for rx in group)]
    bad += [f"forbidden /{rx}/" for rx in case.get("none", []) if re.search(rx, text)]
    return bad


@pytest.fixture(scope="module")
def corpus_app(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path, fake_line: FakeLine) -> Any:
    """One real app and database for the whole corpus; every case is a different follower."""
    path = tmp_path_factory.mktemp("corpus") / "bot.db"
    shutil.copyfile(migrated_sqlite, path)
    app: Flask = create_app(Settings(line_channel_secret=SECRET, line_channel_access_token="t",
                                     database_url=f"sqlite:///{path}", line_api_base_url=fake_line.url,
                                     reply_senders=0))
    yield app
    app.extensions["engine"].dispose()


@pytest.mark.parametrize("case", load_cases())
def test_merchant_case(case: dict[str, Any], corpus_app: Flask, fake_line: FakeLine) -> None:
    """Facts only: the reply shapes are validated against LINE's schema where they are made (tests/contract)."""
    webhook = Webhook(corpus_app.test_client(), fake_line)
    user = "U" + hashlib.sha256(case["id"].encode()).hexdigest()[:32]
    start = asked_at(case)
    messages: list[dict[str, Any]] = []
    for index, turn in enumerate(case["turns"]):
        ev = text_event(turn, user, at=start + index * TURN_GAP)
        assert webhook.post(body(ev)).status_code == 200
        messages = webhook.reply_to(ev["replyToken"])
    assert messages, "no reply"
    assert fake_line.costly_calls() == []
    text = readable(messages)
    assert problems(case, text) == [], text[:600]
