"""The webhook through the real app: signatures, limits, redelivery, failures of LINE and the database."""

from __future__ import annotations

import dataclasses
import json
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.app import create_app
from bot.store.models import Follower, ProcessedEvent
from tests.factories import body, event, sample, sign, text_event


def count(app, model) -> int:  # type: ignore[no-untyped-def]
    with app.extensions["sessions"]() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(model))


def test_sample_text_message_gets_a_reply(webhook, line, app) -> None:
    raw = json.dumps(sample("message_text.json")).encode()
    assert webhook.post(raw).status_code == 200
    replies = line.replies()
    assert len(replies) == 1 and replies[0]["replyToken"] == "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA"
    assert 1 <= len(replies[0]["messages"]) <= 5
    assert count(app, ProcessedEvent) == 1


@pytest.mark.parametrize("signature", ["", "bm90IHRoZSByaWdodCBzaWduYXR1cmU=", sign(b"other body")])
def test_bad_signature_is_400_and_stores_nothing(webhook, line, app, signature) -> None:
    raw = body(text_event("中用量月費"))
    response = webhook.post(raw, signature=signature)
    assert response.status_code == 400
    assert line.calls == []
    assert count(app, ProcessedEvent) == 0 and count(app, Follower) == 0


def test_missing_signature_header_is_400(client, line) -> None:
    response = client.post("/callback", data=body(text_event("hi")), content_type="application/json")
    assert response.status_code == 400
    assert line.calls == []


def test_signed_but_malformed_json_is_400(webhook, line, app) -> None:
    response = webhook.post(b'{"events": [')
    assert response.status_code == 400
    assert line.calls == [] and count(app, ProcessedEvent) == 0


def test_body_over_one_mebibyte_is_413(webhook, line) -> None:
    raw = body(text_event("x" * (1024 * 1024)))
    assert webhook.post(raw).status_code == 413
    assert line.calls == []


def test_verify_button_with_no_events_is_200(webhook, line) -> None:
    raw = json.dumps(sample("empty_events_verify.json")).encode()
    assert webhook.post(raw).status_code == 200
    assert line.calls == []


def test_redelivered_event_is_processed_once(webhook, line, app) -> None:
    ev = text_event("中用量月費")
    assert webhook.post(body(ev)).status_code == 200
    again = {**ev, "deliveryContext": {"isRedelivery": True}}
    assert webhook.post(body(again)).status_code == 200
    assert len(line.replies()) == 1
    assert count(app, ProcessedEvent) == 1


def test_two_workers_receiving_the_same_event_process_it_once(app, line) -> None:
    raw = body(text_event("高用量月費"))
    barrier = threading.Barrier(2)
    codes: list[int] = []

    def deliver() -> None:
        client = app.test_client()
        barrier.wait()
        codes.append(client.post("/callback", data=raw, headers={"X-Line-Signature": sign(raw)},
                                 content_type="application/json").status_code)

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [200, 200]
    assert len(line.replies()) == 1
    assert count(app, ProcessedEvent) == 1


def test_follow_and_unfollow_samples_update_the_follower(webhook, line, app) -> None:
    assert webhook.post(json.dumps(sample("follow.json")).encode()).status_code == 200
    assert len(line.replies()) == 1
    unfollow = sample("unfollow.json")
    unfollow["events"][0]["webhookEventId"] = "01UNFOLLOW"  # the samples share one id
    assert webhook.post(json.dumps(unfollow).encode()).status_code == 200
    with app.extensions["sessions"]() as session:
        follower = session.scalars(sa.select(Follower)).one()
    assert follower.blocked is True and follower.unfollowed_at is not None


def test_multi_event_sample_is_all_acknowledged(webhook, line) -> None:
    raw = json.dumps(sample("multi_event.json")).encode()
    assert webhook.post(raw).status_code == 200


def test_sdk_test_fixture_with_every_event_kind_is_accepted(webhook, line) -> None:
    raw = json.dumps(sample("sdk-python-tests-v3-webhook.json")).encode()
    assert webhook.post(raw).status_code == 200


@pytest.mark.parametrize("status", [400, 429, 500])
def test_a_refused_reply_still_acknowledges_and_keeps_changes(webhook, line, app, status) -> None:
    line.status = status
    ev = event("follow", follow={"isUnblocked": False})
    assert webhook.post(body(ev)).status_code == 200
    assert count(app, Follower) == 1 and count(app, ProcessedEvent) == 1
    assert len(line.replies()) == 1


def test_database_down_answers_503_so_line_redelivers(webhook, line, app) -> None:
    ev = text_event("中用量月費")
    app.extensions["engine"].dispose()
    with app.extensions["sessions"]() as session:
        session.execute(sa.text("DROP TABLE processed_events"))
        session.commit()
    assert webhook.post(body(ev)).status_code == 503
    assert line.replies() == []


def test_group_chatter_is_not_answered(webhook, line) -> None:
    ev = text_event("今天晚餐吃什麼")
    ev["source"] = {"type": "group", "groupId": "C" + "1" * 32, "userId": "U" + "b" * 32}
    assert webhook.post(body(ev)).status_code == 200
    assert line.replies() == []


def test_healthz_reports_the_database(client, line) -> None:
    assert client.get("/healthz").status_code == 200


def test_profile_language_is_looked_up_once_and_cached(webhook, line) -> None:
    webhook.say("hi")
    webhook.say("中用量月費")
    lookups = [c for c in line.calls if c["path"].startswith("/v2/bot/profile/")]
    assert len(lookups) == 1


def test_healthz_refuses_a_database_file_that_is_gone(app, client, line) -> None:
    Path(app.extensions["engine"].url.database).unlink()
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "missing"


def test_healthz_refuses_a_read_only_database(settings, line, clock) -> None:
    read_only = dataclasses.replace(settings, database_url=f"sqlite:///file:{settings.database_url[10:]}?mode=ro&uri=true")
    app = create_app(read_only, clock=clock)
    response = app.test_client().get("/healthz")
    app.extensions["engine"].dispose()
    assert response.status_code == 503 and response.json["database"] == "read-only"
