"""GET /preview and its JSON API: the real conversation, rendered in the browser as LINE would show it.

Registered by create_app only in dev mode. The API builds the same plain event values the webhook
builds and runs them through `handle_once`, so the preview shares the conversation code, the
deduplication and the database state with LINE; it returns the message dicts instead of replying.
The text people type is never logged.
"""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from sqlalchemy.exc import SQLAlchemyError

from bot.conversation.events import Incoming, PostbackIn, TextIn
from bot.line.webhook import WebhookDeps, handle_once

log = logging.getLogger(__name__)
bp = Blueprint("preview", __name__, url_prefix="/preview", template_folder="templates", static_folder="static")

MAX_TEXT = 2000
MAX_DATA = 300  # LINE's own limit for postback data
MAX_PARAM = 100
USER_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# Nothing on the page may come from elsewhere; reply images are the only outside resource.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: http: data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class BadInput(Exception):
    """A request the preview refuses, with a message for the page."""


@bp.get("")
def page() -> Response:
    """The chat page."""
    response = Response(render_template("preview.html"), mimetype="text/html")
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.post("/api/say")
def say() -> tuple[Response, int]:
    """{"text", "user"?} → {"messages": [...]} as the webhook would reply to a text message."""
    try:
        payload = _payload()
        text = payload.get("text")
        if not isinstance(text, str) or not text.strip():
            raise BadInput("請輸入訊息。")
        if len(text) > MAX_TEXT:
            raise BadInput(f"訊息太長：最多 {MAX_TEXT:,} 字（目前 {len(text):,} 字）。")
        user = _user(payload)
    except BadInput as exc:
        return _error(400, "Bad Request", str(exc))
    deps: WebhookDeps = current_app.extensions["webhook"]
    now = deps.clock.now()
    incoming = TextIn(event_id=uuid.uuid4().hex, user_id=user, reply_token=uuid.uuid4().hex, at=now, text=text)
    return _run(deps, incoming)


@bp.post("/api/postback")
def postback() -> tuple[Response, int]:
    """{"data", "params"?, "user"?} → {"messages": [...]} as the webhook would reply to a postback tap."""
    try:
        payload = _payload()
        data = payload.get("data")
        if not isinstance(data, str) or not data:
            raise BadInput("缺少 postback 資料（data）。")
        if len(data) > MAX_DATA:
            raise BadInput(f"postback 資料太長：最多 {MAX_DATA} 字。")
        params = payload.get("params") or {}
        if not isinstance(params, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and len(k) <= MAX_PARAM and len(v) <= MAX_PARAM
            for k, v in params.items()
        ):
            raise BadInput("params 必須是字串對字串的物件。")
        user = _user(payload)
    except BadInput as exc:
        return _error(400, "Bad Request", str(exc))
    deps: WebhookDeps = current_app.extensions["webhook"]
    now = deps.clock.now()
    incoming = PostbackIn(event_id=uuid.uuid4().hex, user_id=user, reply_token=uuid.uuid4().hex, at=now,
                          data=data, params=dict(params))
    return _run(deps, incoming)


def _payload() -> dict[str, Any]:
    """The JSON object posted, or BadInput."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise BadInput("請以 JSON 物件送出。")
    return payload


def _user(payload: dict[str, Any]) -> str:
    """The browser's user id (kept in its localStorage), or a shared one for bare API calls."""
    user = payload.get("user")
    if user is None or user == "":
        return "Upreview" + "0" * 32
    if not isinstance(user, str) or not USER_ID.match(user):
        raise BadInput("user 必須是 1 到 64 個英數字、底線或連字號。")
    return user


def _run(deps: WebhookDeps, incoming: Incoming) -> tuple[Response, int]:
    """Run one event through the webhook's handler and answer with its messages."""
    try:
        handled = handle_once(deps, incoming)
    except SQLAlchemyError as exc:
        # No traceback: SQLAlchemy errors carry statement parameters, which may echo what was typed.
        log.error("preview: database unavailable for event %s (%s)", incoming.event_id, type(exc).__name__)
        return _error(503, "Service Unavailable", "資料庫暫時無法使用，請稍後再試。")
    return jsonify(messages=handled.messages if handled else []), 200


def _error(status: int, name: str, message: str) -> tuple[Response, int]:
    """The app's JSON error shape."""
    return jsonify(error=name, message=message), status
