"""The chat preview's JSON API through the real app in dev mode."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from bot.answers.plain import as_text
from bot.app import create_app
from bot.conversation.events import TextIn
from bot.conversation.ports import SavedState
from bot.conversation.service import Conversation, Turn
from bot.settings import Settings
from bot.store.models import ProcessedEvent
from tests.contract.schema import reply_errors

QUESTION = "好友 4000 人,每月推 2 次要多少錢"


def make_dev_app(settings: Settings, **overrides: Any) -> Flask:
    application = create_app(dataclasses.replace(settings, dev_mode=True), **overrides)
    application.config["TESTING"] = True
    return application


@pytest.fixture
def dev_app(settings: Settings) -> Iterator[Flask]:
    application = make_dev_app(settings)
    yield application
    application.extensions["engine"].dispose()


@pytest.fixture
def dev(dev_app: Flask) -> FlaskClient:
    return dev_app.test_client()


def say(client: FlaskClient, text: str, user: str | None = "Upreviewtest") -> list[dict[str, Any]]:
    payload: dict[str, Any] = {"text": text}
    if user is not None:
        payload["user"] = user
    response = client.post("/preview/api/say", json=payload)
    assert response.status_code == 200, response.get_json()
    messages = response.get_json()["messages"]
    assert isinstance(messages, list)
    return messages


def processed(app: Flask) -> int:
    with app.extensions["sessions"]() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(ProcessedEvent))


def test_preview_is_absent_without_dev_mode(client: FlaskClient) -> None:
    assert client.get("/preview").status_code == 404
    assert client.post("/preview/api/say", json={"text": "你好"}).status_code == 404
    assert client.post("/preview/api/postback", json={"data": "x"}).status_code == 404
    assert client.get("/preview/static/preview.js").status_code == 404


def test_page_and_assets_are_served_in_dev_mode(dev: FlaskClient) -> None:
    page = dev.get("/preview")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert 'lang="zh-Hant-TW"' in html
    assert "/preview/static/preview.js" in html and "/preview/static/preview.css" in html
    assert 'data-say-url="/preview/api/say"' in html and 'data-postback-url="/preview/api/postback"' in html
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    for asset, kind in (("preview.js", "javascript"), ("preview.css", "css")):
        response = dev.get(f"/preview/static/{asset}")
        assert response.status_code == 200 and kind in response.mimetype
        response.close()


def test_the_page_never_parses_reply_text_as_html(dev: FlaskClient) -> None:
    script = dev.get("/preview/static/preview.js")
    source = script.get_data(as_text=True)
    script.close()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in source, sink


@pytest.mark.parametrize("text", [QUESTION, "輕用量方案多少錢", "你好", "hello"])
def test_say_returns_schema_valid_line_messages(dev: FlaskClient, text: str) -> None:
    messages = say(dev, text)
    assert 1 <= len(messages) <= 5
    assert reply_errors(messages) == []


def test_say_without_user_still_answers(dev: FlaskClient) -> None:
    messages = say(dev, QUESTION, user=None)
    assert messages and reply_errors(messages) == []


def test_postback_returns_schema_valid_line_messages(dev: FlaskClient) -> None:
    response = dev.post("/preview/api/postback",
                        json={"data": "action=help", "params": {}, "user": "Upreviewtest"})
    assert response.status_code == 200, response.get_json()
    messages = response.get_json()["messages"]
    assert isinstance(messages, list)
    if messages:
        assert reply_errors(messages) == []


def test_quick_reply_postbacks_of_a_real_answer_are_answered(dev: FlaskClient) -> None:
    messages = say(dev, QUESTION)
    items = [i for m in messages for i in m.get("quickReply", {}).get("items", [])]
    for item in items:
        action = item["action"]
        if action["type"] == "postback":
            response = dev.post("/preview/api/postback", json={"data": action["data"], "user": "Upreviewtest"})
        elif action["type"] == "message":
            response = dev.post("/preview/api/say", json={"text": action["text"], "user": "Upreviewtest"})
        else:
            continue
        assert response.status_code == 200, (action, response.get_json())
        assert reply_errors(response.get_json()["messages"]) == []


def test_text_of_2000_characters_is_accepted_and_2001_refused(dev: FlaskClient, dev_app: Flask) -> None:
    assert dev.post("/preview/api/say", json={"text": "好" * 2000}).status_code == 200
    before = processed(dev_app)
    response = dev.post("/preview/api/say", json={"text": "好" * 2001, "user": "Upreviewtest"})
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "Bad Request" and "2,000" in body["message"]
    assert processed(dev_app) == before, "a refused text must not reach the conversation"


@pytest.mark.parametrize(("path", "payload"), [
    ("/preview/api/say", {}),
    ("/preview/api/say", {"text": ""}),
    ("/preview/api/say", {"text": "   "}),
    ("/preview/api/say", {"text": 42}),
    ("/preview/api/say", ["not", "an", "object"]),
    ("/preview/api/say", {"text": "你好", "user": "not a valid id!"}),
    ("/preview/api/say", {"text": "你好", "user": "U" * 65}),
    ("/preview/api/say", {"text": "你好", "user": 7}),
    ("/preview/api/postback", {}),
    ("/preview/api/postback", {"data": ""}),
    ("/preview/api/postback", {"data": "x" * 301}),
    ("/preview/api/postback", {"data": "x", "params": ["date"]}),
    ("/preview/api/postback", {"data": "x", "params": {"date": 20261101}}),
])
def test_bad_requests_are_400_with_a_json_message(dev: FlaskClient, path: str, payload: Any) -> None:
    response = dev.post(path, json=payload)
    assert response.status_code == 400
    assert response.get_json()["message"]


def test_non_json_body_is_400(dev: FlaskClient) -> None:
    response = dev.post("/preview/api/say", data="text=hi", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and response.get_json()["message"]


def test_get_on_the_api_is_405(dev: FlaskClient) -> None:
    assert dev.get("/preview/api/say").status_code == 405


def test_typed_text_is_never_logged(dev: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "好友 4321 人每月推 3 次 秘密字串-7f3a"
    say(dev, secret)
    dev.post("/preview/api/say", json={"text": secret + "x" * 2000})
    dev.post("/preview/api/postback", json={"data": secret})
    assert "秘密字串" not in caplog.text and "4321" not in caplog.text


class CountingConversation(Conversation):
    """Counts each follower's texts in the conversation store, like a follow-up would read it."""

    def on_text(self, incoming: TextIn, turn: Turn) -> list[dict[str, Any]]:
        assert incoming.user_id
        previous = turn.store.load_state(incoming.user_id, turn.now)
        count = (previous.slots["count"] if previous else 0) + 1
        turn.store.save_state(incoming.user_id, SavedState("estimate", {"count": count}), turn.now)
        return [{"type": "text", "text": f"#{count}"}]


def test_same_user_shares_conversation_state_across_requests(settings: Settings) -> None:
    application = make_dev_app(settings, conversation=CountingConversation())
    try:
        client = application.test_client()
        assert say(client, "一", "Ualice")[0]["text"] == "#1"
        assert say(client, "二", "Ualice")[0]["text"] == "#2"
        assert say(client, "一", "Ubob")[0]["text"] == "#1"
        assert say(client, "三", "Ualice")[0]["text"] == "#3"
    finally:
        application.extensions["engine"].dispose()


def test_follow_up_in_the_same_user_keeps_context(dev: FlaskClient) -> None:
    first = as_text(say(dev, QUESTION, "Ucontext"))
    follow_up = as_text(say(dev, "那每月推 5 次呢", "Ucontext"))
    stranger = as_text(say(dev, "那每月推 5 次呢", "Ustranger"))
    assert follow_up != stranger, f"the follow-up ignored the earlier question: {follow_up!r}"
    assert follow_up != first, f"the follow-up repeated the first answer: {follow_up!r}"
