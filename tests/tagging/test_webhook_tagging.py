"""Tagging through the real app: signed webhook posts in, the admin API shows the result."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask

from bot.app import create_app
from bot.settings import Settings
from bot.store.tagging import RuleCache
from tests.admin.helpers import Api
from tests.conftest import Webhook
from tests.factories import body, event, postback_event, sign, text_event

USER = "U" + "c" * 32


@pytest.fixture
def api(client) -> Api:
    """The admin API of the app under test."""
    return Api(client)


@pytest.fixture
def second_worker(settings: Settings) -> Iterator[Flask]:
    """Another app on the same database, like a second gunicorn worker."""
    other = create_app(settings)
    yield other
    other.extensions["engine"].dispose()


def follower_tags(api: Api, user: str = USER) -> dict[str, dict]:
    """The follower's tags from the API, by tag."""
    response = api.get(f"/followers/{user}")
    assert response.status_code == 200, response.json
    return {t["tag"]: t for t in response.json["tags"]}


def test_a_follower_who_writes_a_matching_message_has_the_tag_with_its_rule(webhook, api) -> None:
    rule = api.rule(pattern="多少錢", tag="詢價")
    webhook.say("請問中用量方案多少钱？", user=USER)
    tag = follower_tags(api)["詢價"]
    assert tag["source"] == "rule" and tag["hit_count"] == 1
    assert tag["rule"] == {"id": rule["id"], "pattern": "多少錢", "match": "contains", "exists": True}
    assert tag["first_at"] and tag["last_at"]
    assert api.get(f"/rules/{rule['id']}").json["hit_count"] == 1


def test_a_redelivered_event_does_not_add_a_second_hit(webhook, api) -> None:
    rule = api.rule(pattern="多少錢", tag="詢價")
    ev = text_event("多少錢", USER)
    assert webhook.post(body(ev)).status_code == 200
    again = {**ev, "deliveryContext": {"isRedelivery": True}}
    assert webhook.post(body(again)).status_code == 200
    assert follower_tags(api)["詢價"]["hit_count"] == 1
    assert api.get(f"/rules/{rule['id']}").json["hit_count"] == 1
    history = api.get(f"/followers/{USER}").json["history"]
    assert [h["action"] for h in history] == ["tag"]


def test_two_workers_tagging_the_same_follower_at_once_leave_one_row(app, second_worker, line, api) -> None:
    api.rule(pattern="多少錢", tag="詢價")
    workers = [app, second_worker, app, second_worker]
    bodies = [body(text_event(f"多少錢 #{i}", USER)) for i in range(len(workers))]
    barrier = threading.Barrier(len(workers))
    codes: list[int] = []

    def deliver(worker: Flask, raw: bytes) -> None:
        client = worker.test_client()
        barrier.wait()
        codes.append(client.post("/callback", data=raw, headers={"X-Line-Signature": sign(raw)},
                                 content_type="application/json").status_code)

    threads = [threading.Thread(target=deliver, args=pair) for pair in zip(workers, bodies, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [200] * len(workers)
    tags = follower_tags(api)
    assert list(tags) == ["詢價"] and tags["詢價"]["hit_count"] == len(workers)
    followers = api.get("/tags/詢價/followers").json
    assert followers["total"] == 1 and followers["followers"][0]["user_id"] == USER


def test_an_admin_change_reaches_another_worker_within_the_refresh_interval(app, second_worker, line, api) -> None:
    interval, ticks = 1.0, [100.0]
    factory = second_worker.extensions["webhook"].tagger_for
    factory.cache = RuleCache(refresh_seconds=interval, clock=lambda: ticks[0])  # a clock the test moves
    other = Webhook(second_worker.test_client(), line)
    other.say("你好", user=USER)  # the second worker compiles the (empty) rule set now
    api.rule(pattern="多少錢", tag="詢價")  # the admin change lands through the first worker
    ticks[0] += interval - 0.1
    other.say("多少錢", user=USER)
    assert "詢價" not in follower_tags(api)  # still inside the interval: the cached rules were used
    ticks[0] += 0.2
    other.say("多少錢", user=USER)
    assert follower_tags(api)["詢價"]["hit_count"] == 1


def test_follow_postback_and_unfollow_events_tag_and_keep_tags(webhook, api) -> None:
    assert webhook.post(body(event("follow", USER, follow={"isUnblocked": False}))).status_code == 200
    assert webhook.post(body(postback_event("action=estimate&friends=2000&sends=4", USER))).status_code == 200
    tags = follower_tags(api)
    assert tags["source:follow"]["source"] == "follow" and tags["source:follow"]["rule"] is None
    assert tags["postback:estimate"]["source"] == "postback"
    assert webhook.post(body(event("unfollow", USER))).status_code == 200
    view = api.get(f"/followers/{USER}").json
    assert view["blocked"] is True and {"source:follow", "postback:estimate"} <= {t["tag"] for t in view["tags"]}
    assert view["history"][0]["action"] == "unfollow"
    export = api.get("/tags/source:follow/followers?format=csv")
    assert export.status_code == 200 and export.text == ""  # blocked followers are left out of audiences


def test_message_text_is_never_logged(webhook, api, caplog) -> None:
    api.rule(pattern="秘密關鍵字", tag="secret")
    with caplog.at_level("DEBUG"):
        webhook.say("我的秘密關鍵字是這個", user=USER)
    assert "秘密關鍵字" not in caplog.text and USER not in caplog.text
    assert "secret" in follower_tags(api)
