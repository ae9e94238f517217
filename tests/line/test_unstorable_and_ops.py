"""Events no database can keep, group small talk, and what operators see: metrics and logs without secrets."""

from __future__ import annotations

import dataclasses
import io
import json
import logging

import pytest
import sqlalchemy as sa

from bot.app import create_app
from bot.logs import JsonFormatter, anonymise, redact
from bot.store.models import Follower, ProcessedEvent
from bot.store.tagging import TaggedMessage
from tests.factories import body, text_event
from tests.reading import readable

USER = "U" + "d" * 32
ANSWERED, SKIPPED, SILENT = "answered", "skipped", "recorded with no reply"
ODD = {  # how LINE could spoil an event, and what the bot does with it
    "a NUL in the text": (lambda ev: ev["message"].update(text="中用量\x00月費"), ANSWERED),
    "a lone surrogate in the text": (lambda ev: ev["message"].update(text="中用量月費\ud800"), ANSWERED),
    "an event id longer than any LINE gives": (lambda ev: ev.update(webhookEventId="01" + "X" * 500), SKIPPED),
    "a user id longer than its column": (lambda ev: ev["source"].update(userId="U" + "f" * 300), ANSWERED),
    "a reply token longer than its column": (lambda ev: ev.update(replyToken="r" * 300), SILENT),
    "a timestamp out of any range": (lambda ev: ev.update(timestamp=10**30), ANSWERED),
    "a negative timestamp": (lambda ev: ev.update(timestamp=-(10**18)), ANSWERED),
}


def count(app, model) -> int:  # type: ignore[no-untyped-def]
    with app.extensions["sessions"]() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(model))


def raw_body(*events: dict) -> bytes:
    """A body as LINE could send it: JSON escapes kept, so a lone surrogate survives to the parser."""
    return json.dumps({"destination": "U" + "f" * 32, "events": list(events)}).encode()


def check_odd_event(webhook, app, spoil, expected: str) -> None:  # type: ignore[no-untyped-def]
    """The odd event is answered, skipped or kept silent as expected; its neighbours are answered regardless."""
    good, odd, also_good = text_event("中用量月費"), text_event("中用量月費", user=USER), text_event("高用量月費")
    spoil(odd)
    assert webhook.post(raw_body(good, odd, also_good)).status_code == 200
    assert "NT$1000" in readable(webhook.reply_to(good["replyToken"]))
    assert "NT$1400" in readable(webhook.reply_to(also_good["replyToken"]))
    answer = readable(webhook.reply_to(odd["replyToken"]))
    with app.extensions["sessions"]() as session:
        outcomes = dict(session.execute(sa.select(ProcessedEvent.webhook_event_id, ProcessedEvent.outcome)).all())
    if expected == ANSWERED:
        assert "NT$1000" in answer and outcomes[odd["webhookEventId"]] == "answered"
    elif expected == SILENT:
        assert answer == "" and outcomes[odd["webhookEventId"]] == "answered"
    else:
        assert answer == "" and len(outcomes) == 2
    assert len(line_replies(webhook)) == (2 if expected != ANSWERED else 3)


def line_replies(webhook) -> list:  # type: ignore[no-untyped-def]
    """Every reply LINE got."""
    return webhook.line.replies()


@pytest.mark.parametrize(("spoil", "expected"), ODD.values(), ids=ODD.keys())
def test_an_event_no_database_can_keep_never_takes_the_body_down(webhook, line, app, spoil, expected) -> None:
    check_odd_event(webhook, app, spoil, expected)


@pytest.mark.postgres
@pytest.mark.parametrize(("spoil", "expected"), ODD.values(), ids=ODD.keys())
def test_postgres_an_event_no_database_can_keep_never_takes_the_body_down(settings, fresh_postgres_url, clock, line,
                                                                         spoil, expected) -> None:
    from tests.conftest import Webhook

    app = create_app(dataclasses.replace(settings, database_url=fresh_postgres_url), clock=clock)
    check_odd_event(Webhook(app.test_client(), line), app, spoil, expected)
    app.extensions["engine"].dispose()


def test_group_small_talk_the_bot_ignores_is_not_stored(webhook, line, app) -> None:
    ev = text_event("哈哈大家午安")
    ev["source"] = {"type": "group", "groupId": "C" + "1" * 32, "userId": USER}
    assert webhook.post(body(ev)).status_code == 200
    assert line.replies() == []
    assert count(app, TaggedMessage) == 0 and count(app, Follower) == 0


def test_a_group_question_the_bot_answers_is_tagged_as_usual(webhook, line, app) -> None:
    ev = text_event("中用量月費多少")
    ev["source"] = {"type": "group", "groupId": "C" + "1" * 32, "userId": USER}
    assert webhook.post(body(ev)).status_code == 200
    assert "NT$1000" in readable(webhook.reply_to(ev["replyToken"]))
    assert count(app, Follower) == 1


def test_metrics_count_events_and_replies_in_prometheus_text(webhook, line, client) -> None:
    before = client.get("/metrics").text
    webhook.say("中用量月費")
    after = client.get("/metrics")
    assert after.status_code == 200 and after.content_type.startswith("text/plain")

    def value(text: str, name: str) -> float:
        return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name))

    assert value(after.text, 'bot_events_total{kind="TextIn",outcome="answered"}') == \
        value(before, 'bot_events_total{kind="TextIn",outcome="answered"}') + 1
    assert value(after.text, 'bot_replies_total{state="sent"}') == value(before, 'bot_replies_total{state="sent"}') + 1
    assert "bot_pending_replies 0.0" in after.text and "bot_webhook_seconds_count" in after.text


def test_json_logs_carry_event_ids_and_never_text_or_user_ids(webhook, line) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    old_level, root.level = root.level, logging.INFO
    try:
        ev = text_event("我的秘密問題：中用量月費", user=USER)
        webhook.post(body(ev))
    finally:
        root.removeHandler(handler)
        root.level = old_level
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert any(entry.get("event_id") == ev["webhookEventId"] for entry in lines)
    assert all(USER not in json.dumps(entry) and "秘密" not in json.dumps(entry, ensure_ascii=False)
               for entry in lines)
    assert any(entry.get("user") == anonymise(USER) for entry in lines)


def test_a_library_printing_a_user_id_is_redacted() -> None:
    record = logging.LogRecord("urllib3.connectionpool", logging.WARNING, "", 0,
                               "Retrying GET /v2/bot/profile/%s", (USER,), None)
    entry = json.loads(JsonFormatter().format(record))
    assert USER not in entry["message"] and anonymise(USER) in entry["message"]
    assert redact(f"group C{'1' * 32} room R{'2' * 32}").count("#") == 2
