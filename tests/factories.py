"""Webhook bodies as LINE sends them, signed with the test channel secret."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

SECRET = "test-channel-secret-0123456789abcdef"
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "line-webhook-samples"
LOCAL_SAMPLES = Path(__file__).with_name("samples")
TAIPEI = ZoneInfo("Asia/Taipei")
# The moment every test event is sent unless it says otherwise: tests never read the wall clock.
AT = datetime(2026, 12, 1, 10, 0, tzinfo=TAIPEI)


def millis(at: datetime) -> int:
    """LINE's event timestamp: milliseconds since the epoch."""
    return round(at.timestamp() * 1000)


def sign(body: bytes, secret: str = SECRET) -> str:
    """X-Line-Signature: Base64(HMAC-SHA256(channel secret, raw body))."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def sample(name: str) -> dict[str, Any]:
    """A real webhook body from LINE's SDK test fixtures."""
    for folder in (LOCAL_SAMPLES, SAMPLES):
        path = folder / name
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    raise FileNotFoundError(name)


def event(kind: str, user: str = "U" + "a" * 32, at: datetime = AT, **extra: Any) -> dict[str, Any]:
    """One event sent at `at`, with fresh ids and sensible defaults."""
    base: dict[str, Any] = {
        "type": kind, "mode": "active", "timestamp": millis(at),
        "source": {"type": "user", "userId": user},
        "webhookEventId": "01" + uuid.uuid4().hex[:24].upper(),
        "deliveryContext": {"isRedelivery": False},
    }
    if kind != "unfollow":
        base["replyToken"] = uuid.uuid4().hex
    base.update(extra)
    return base


def text_event(text: str, user: str = "U" + "a" * 32, at: datetime = AT, **extra: Any) -> dict[str, Any]:
    """A text message event."""
    message = {"id": str(uuid.uuid4().int)[:18], "type": "text", "text": text, "quoteToken": "q"}
    return event("message", user, at, message=message, **extra)


def postback_event(data: str, user: str = "U" + "a" * 32, params: dict[str, str] | None = None,
                   at: datetime = AT) -> dict[str, Any]:
    """A postback tap."""
    postback: dict[str, Any] = {"data": data}
    if params:
        postback["params"] = params
    return event("postback", user, at, postback=postback)


def body(*events: dict[str, Any]) -> bytes:
    """A webhook envelope as bytes."""
    return json.dumps({"destination": "U" + "f" * 32, "events": list(events)}, ensure_ascii=False).encode()
