"""Signed webhook bodies shaped like LINE's, one event each, built from the merchant question corpora."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CORPORA = sorted((ROOT / "tests" / "e2e").glob("merchant_cases*.jsonl"))
DESTINATION = "U" + "f0d1e2c3b4a5968778695a4b3c2d1e0f"
START = datetime(2026, 12, 1, 10, 0, tzinfo=timezone(timedelta(hours=8)))  # event i is sent at START + i ms
USERS = 500
POSTBACK_SHARE = 0.10
FOLLOW_SHARE = 0.02
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Taps the bot hands out: the rich menu, the quick-reply chips and the wizards' steps.
POSTBACKS = (
    "v=1&a=compare", "v=1&a=wizard&w=estimate", "v=1&a=billed&kind=auto_reply", "v=1&a=wizard&w=change",
    "v=1&a=wizard&w=budget", "v=1&a=plan_facts&aspect=addon", "v=1&a=tax", "v=1&a=billing",
    "v=1&a=wizard&w=estimate&friends=1000", "v=1&a=wizard&w=estimate&friends=3000&sends=2&period=month",
    "v=1&a=wizard&w=estimate&friends=4000&sends=2&period=month&aud=part",
)


@dataclass(frozen=True)
class Body:
    """One webhook request: the raw JSON, its signature and the reply token it carries."""

    raw: bytes
    signature: str
    reply_token: str
    kind: str


def sign(raw: bytes, secret: str) -> str:
    """X-Line-Signature: base64 of HMAC-SHA256 over the raw body with the channel secret."""
    return base64.b64encode(hmac.new(secret.encode(), raw, hashlib.sha256).digest()).decode()


def corpus_texts() -> list[str]:
    """Every turn merchants type in the end-to-end corpora, in file order."""
    texts = []
    for path in CORPORA:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.extend(json.loads(line)["turns"])
    if not texts:
        raise SystemExit(f"no merchant questions found in {ROOT / 'tests' / 'e2e'}")
    return texts


def ulid(millis: int, rng: random.Random) -> str:
    """A 26-character ULID like LINE's webhookEventId: 48-bit time then 80 random bits, Crockford base32."""
    value = (millis << 80) | rng.getrandbits(80)
    return "".join(CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def millis(at: datetime) -> int:
    """LINE's event timestamp: milliseconds since the epoch."""
    return round(at.timestamp() * 1000)


def event(kind: str, user: str, at_ms: int, rng: random.Random) -> dict[str, Any]:
    """The fields every event carries, in the samples' order, with a fresh reply token and event id."""
    return {
        "replyToken": f"{rng.getrandbits(128):032x}",
        "type": kind,
        "mode": "active",
        "timestamp": at_ms,
        "source": {"type": "user", "userId": user},
        "webhookEventId": ulid(at_ms, rng),
        "deliveryContext": {"isRedelivery": False},
    }


def text_event(text: str, user: str, at_ms: int, rng: random.Random) -> dict[str, Any]:
    """A text message event."""
    base = event("message", user, at_ms, rng)
    quote = base64.urlsafe_b64encode(rng.randbytes(48)).decode().rstrip("=")
    base["message"] = {"type": "text", "id": str(rng.randrange(10**17, 10**18)), "quoteToken": quote, "text": text}
    return base


def postback_event(data: str, user: str, at_ms: int, rng: random.Random) -> dict[str, Any]:
    """A tap on a postback button."""
    base = event("postback", user, at_ms, rng)
    base["postback"] = {"data": data}
    return base


def follow_event(user: str, at_ms: int, rng: random.Random) -> dict[str, Any]:
    """A new friend (or one who unblocked the account)."""
    base = event("follow", user, at_ms, rng)
    base["follow"] = {"isUnblocked": rng.random() < 0.2}
    return base


def envelope(ev: dict[str, Any], secret: str, kind: str) -> Body:
    """The signed request body around one event."""
    raw = json.dumps({"destination": DESTINATION, "events": [ev]}, ensure_ascii=False,
                     separators=(",", ":")).encode()
    return Body(raw, sign(raw, secret), ev["replyToken"], kind)


def make_bodies(count: int, secret: str, seed: int = 20261201) -> list[Body]:
    """`count` bodies: ~88% merchant questions, ~10% postbacks, ~2% follows, from ~500 users; same seed, same bodies."""
    rng = random.Random(seed)
    texts = corpus_texts()
    users = [f"U{rng.getrandbits(128):032x}" for _ in range(USERS)]
    start = millis(START)
    bodies = []
    for i in range(count):
        user, at_ms, roll = rng.choice(users), start + i, rng.random()
        if roll < FOLLOW_SHARE:
            bodies.append(envelope(follow_event(user, at_ms, rng), secret, "follow"))
        elif roll < FOLLOW_SHARE + POSTBACK_SHARE:
            bodies.append(envelope(postback_event(rng.choice(POSTBACKS), user, at_ms, rng), secret, "postback"))
        else:
            bodies.append(envelope(text_event(rng.choice(texts), user, at_ms, rng), secret, "text"))
    if len({b.reply_token for b in bodies}) != count:
        raise RuntimeError("reply tokens collided; change the seed")
    return bodies


def probe_body(secret: str, rng: random.Random) -> Body:
    """A fresh question from a user outside the load, for the time-to-first-answer probe."""
    user = f"U{rng.getrandbits(128):032x}"
    at_ms = millis(START) - rng.randrange(1, 60_000)  # just before the load's first event
    return envelope(text_event("好友1000人每月發2次要多少錢？", user, at_ms, rng), secret, "text")


def split(count: int, parts: int) -> list[range]:
    """`parts` contiguous, disjoint index ranges covering range(count)."""
    size, extra = divmod(count, parts)
    ranges, start = [], 0
    for part in range(parts):
        end = start + size + (1 if part < extra else 0)
        ranges.append(range(start, end))
        start = end
    return ranges


def write_slices(bodies: list[Body], parts: int, folder: Path) -> list[range]:
    """One file per wrk thread (slice-000.tsv …), a `signature<TAB>body` line per request; returns the ranges."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("slice-*.tsv"):
        old.unlink()
    ranges = split(len(bodies), parts)
    for part, indexes in enumerate(ranges):
        with open(folder / f"slice-{part:03d}.tsv", "wb") as fh:
            for i in indexes:
                fh.write(bodies[i].signature.encode() + b"\t" + bodies[i].raw + b"\n")
    return ranges
