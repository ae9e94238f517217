"""A fast local stand-in for LINE's Messaging API that counts every reply token it is sent.

LINE API: POST /v2/bot/message/reply (a reply token works once; again → 400 "Invalid reply token";
otherwise 200 with a sentMessages entry per message, as LINE answers and as the SDK insists on),
GET /v2/bot/profile/{userId}, anything else → 200 {}. Every LINE call waits --delay-ms first.
Control, for the runner: GET /_stats, POST /_reset, POST /_delay?ms=N, POST /_expect (JSON list of
tokens that must be replied to), POST /_seen (JSON list of tokens → when each reply arrived), GET /_tokens.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

INVALID = {"message": "Invalid reply token"}
MESSAGE_IDS = itertools.count(600_000_000_000_000_000)


@dataclass
class Ledger:
    """What the fake API has been asked since the last reset."""

    delay: float = 0.0
    replied: dict[str, float] = field(default_factory=dict)  # reply token → monotonic time it arrived
    duplicates: int = 0
    malformed: int = 0
    in_flight: int = 0
    profiles: int = 0
    other: int = 0
    expected: set[str] = field(default_factory=set)

    def reset(self) -> None:
        """Forget every call (the delay stays)."""
        self.replied.clear()
        self.expected.clear()
        self.duplicates = self.malformed = self.in_flight = self.profiles = self.other = 0

    def stats(self) -> dict[str, Any]:
        """Counts only, cheap enough to poll."""
        return {"replies": len(self.replied), "duplicates": self.duplicates, "malformed": self.malformed,
                "in_flight": self.in_flight, "profiles": self.profiles, "other": self.other,
                "delay_ms": round(self.delay * 1000), "expected": len(self.expected),
                "expected_missing": len(self.expected.difference(self.replied))}


LEDGER = web.AppKey("ledger", Ledger)


async def pause(ledger: Ledger) -> None:
    """LINE's own latency, when one is set."""
    if ledger.delay:
        await asyncio.sleep(ledger.delay)


def sent_messages(count: int) -> dict[str, Any]:
    """LINE's answer to a reply: one sent message per message (the SDK refuses an empty list)."""
    ids = itertools.islice(MESSAGE_IDS, count)
    return {"sentMessages": [{"id": str(i), "quoteToken": f"q{i}"} for i in ids]}


async def reply(request: web.Request) -> web.Response:
    """Record the reply token; a second use of it is refused, as LINE does."""
    ledger = request.app[LEDGER]
    try:
        payload = await request.json()
        token, count = payload["replyToken"], len(payload["messages"])
    except (ValueError, KeyError, TypeError):
        ledger.malformed += 1
        return web.json_response({"message": "The request body has 1 error(s)"}, status=400)
    if token in ledger.replied:
        ledger.duplicates += 1
        return web.json_response(INVALID, status=400)
    ledger.replied[token] = time.monotonic()
    ledger.in_flight += 1
    try:
        await pause(ledger)
    finally:
        ledger.in_flight -= 1
    return web.json_response(sent_messages(count))


async def profile(request: web.Request) -> web.Response:
    """Every follower is a Taiwanese tester."""
    ledger = request.app[LEDGER]
    ledger.profiles += 1
    await pause(ledger)
    return web.json_response({"userId": request.match_info["user_id"], "displayName": "Tester", "language": "zh-TW"})


async def anything(request: web.Request) -> web.Response:
    """Any other LINE call succeeds with an empty object."""
    ledger = request.app[LEDGER]
    ledger.other += 1
    await request.read()
    await pause(ledger)
    return web.json_response({})


async def stats(request: web.Request) -> web.Response:
    """Counts since the last reset."""
    return web.json_response(request.app[LEDGER].stats())


async def reset(request: web.Request) -> web.Response:
    """Start counting afresh."""
    request.app[LEDGER].reset()
    return web.json_response({})


async def set_delay(request: web.Request) -> web.Response:
    """Change the delay every LINE call waits, in milliseconds."""
    request.app[LEDGER].delay = int(request.query["ms"]) / 1000
    return web.json_response({})


async def expect(request: web.Request) -> web.Response:
    """Remember the tokens that must be replied to; /_stats then counts the ones still missing."""
    request.app[LEDGER].expected = set(await request.json())
    return web.json_response({})


async def seen(request: web.Request) -> web.Response:
    """The monotonic arrival time of each listed token that has been replied to."""
    replied = request.app[LEDGER].replied
    return web.json_response({t: replied[t] for t in await request.json() if t in replied})


async def tokens(request: web.Request) -> web.Response:
    """Every reply token received since the last reset."""
    return web.json_response(list(request.app[LEDGER].replied))


def make_app(delay_ms: int) -> web.Application:
    """The fake API with its routes."""
    app = web.Application(client_max_size=4 * 1024 * 1024)
    app[LEDGER] = Ledger(delay=delay_ms / 1000)
    app.router.add_post("/v2/bot/message/reply", reply)
    app.router.add_get("/v2/bot/profile/{user_id}", profile)
    app.router.add_get("/_stats", stats)
    app.router.add_post("/_reset", reset)
    app.router.add_post("/_delay", set_delay)
    app.router.add_post("/_expect", expect)
    app.router.add_post("/_seen", seen)
    app.router.add_get("/_tokens", tokens)
    app.router.add_route("*", "/{tail:.*}", anything)
    return app


def main() -> None:
    """Serve until stopped."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--delay-ms", type=int, default=0, choices=range(0, 60001), metavar="MS")
    args = parser.parse_args()
    try:
        import uvloop
    except ImportError:
        uvloop = None
    web.run_app(make_app(args.delay_ms), host="127.0.0.1", port=args.port, access_log=None, print=None,
                loop=uvloop.new_event_loop() if uvloop else None)


if __name__ == "__main__":
    main()
