"""A local stand-in for LINE's Messaging API: records every call and answers as LINE would."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

COSTLY = re.compile(r"^/v2/bot/message/(push|multicast|broadcast|narrowcast)")
FIRST_AUDIENCE_ID = 4389303728991
AUDIENCE = re.compile(r"^/v2/bot/audienceGroup/(\d+)$")


class FakeLine:
    """Records calls; `status`/`delay` make the message endpoints fail or stall."""

    def __init__(self) -> None:
        """Start serving on a free loopback port."""
        self.calls: list[dict[str, Any]] = []
        self.status = 200
        self.delay = 0.0
        self.language = "zh-TW"
        self.names: dict[str, str] = {}  # display names by user id; others are 店長
        self.refuse: dict[str, int] = {}  # "METHOD /path-prefix" → the HTTP status LINE answers with
        self.audiences: dict[int, dict[str, Any]] = {}
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)  # notified on every call, for tests of background senders
        self.used_tokens: set[str] = set()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        """Base URL to put in LINE_API_BASE_URL."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def replies(self) -> list[dict[str, Any]]:
        """Bodies of every reply call, in order."""
        with self.lock:
            return [c["body"] for c in self.calls if c["path"] == "/v2/bot/message/reply"]

    def costly_calls(self) -> list[dict[str, Any]]:
        """Calls that would spend the merchant's message quota."""
        with self.lock:
            return [c for c in self.calls if COSTLY.match(c["path"])]

    def calls_to(self, method: str, prefix: str) -> list[dict[str, Any]]:
        """Calls with this method whose path starts with the prefix, in order."""
        with self.lock:
            return [c for c in self.calls if c["method"] == method and c["path"].startswith(prefix)]

    def accepted_replies(self) -> list[dict[str, Any]]:
        """Bodies of the reply calls LINE accepted (a token is accepted once)."""
        with self.lock:
            return [c["body"] for c in self.calls if c["path"] == "/v2/bot/message/reply" and c.get("status") == 200]

    def wait_for_replies(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Block until `count` reply calls arrived (woken by each call, not by polling); the bodies so far."""
        with self.arrived:
            self.arrived.wait_for(lambda: self._reply_count() >= count, timeout)
        return self.replies()

    def wait_for_arrivals(self, path: str, count: int, timeout: float = 10.0) -> None:
        """Block until `count` calls to `path` arrived, answered or not."""
        with self.arrived:
            self.arrived.wait_for(lambda: sum(c["path"] == path for c in self.calls) >= count, timeout)

    def _reply_count(self) -> int:
        """Reply calls so far (the lock is held)."""
        return sum(c["path"] == "/v2/bot/message/reply" and "status" in c for c in self.calls)

    def reset(self) -> None:
        """Forget calls, failures, names and audiences."""
        with self.lock:
            self.calls.clear()
            self.audiences.clear()
            self.used_tokens.clear()
        self.status, self.delay = 200, 0.0
        self.names, self.refuse = {}, {}

    def stop(self) -> None:
        """Shut the server down."""
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                call = {"method": self.command, "path": self.path, "body": body,
                        "auth": self.headers.get("Authorization")}
                with fake.lock:
                    fake.calls.append(call)
                    fake.arrived.notify_all()
                status, out = fake._answer(self.path, body, self.command)  # LINE acts on arrival...
                if fake.delay:
                    time.sleep(fake.delay)  # ...and its answer takes `delay` to come back
                with fake.lock:
                    call["status"] = status
                    fake.arrived.notify_all()
                data = json.dumps(out).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the bot gave up waiting, as a timeout test intends

            do_GET = do_POST = do_DELETE = do_PUT = _serve

        return Handler

    def _answer(self, path: str, body: Any, method: str = "POST") -> tuple[int, Any]:
        """What LINE would answer."""
        if path.startswith("/v2/bot/message/") and self.status != 200:
            return self.status, {"message": "failure injected by the test"}
        for key, status in self.refuse.items():
            want_method, _, prefix = key.partition(" ")
            if method == want_method and path.startswith(prefix):
                return status, {"message": "The request was refused by the test",
                                "details": [{"property": "audiences", "message": "injected"}]}
        if path.startswith("/v2/bot/profile/"):
            user_id = path.rsplit("/", 1)[-1]
            return 200, {"userId": user_id, "displayName": self.names.get(user_id, "店長"), "language": self.language}
        if path == "/v2/bot/message/reply":
            with self.lock:
                if body["replyToken"] in self.used_tokens:
                    return 400, {"message": "Invalid reply token"}
                self.used_tokens.add(body["replyToken"])
            return 200, {"sentMessages": [{"id": str(i)} for i in range(len(body.get("messages", [])))]}
        if path.startswith("/v2/bot/audienceGroup/"):
            return self._audience(path, body, method)
        if method == "GET" and path.startswith("/v2/bot/richmenu/richmenu-"):
            return 200, {"richMenuId": path.rsplit("/", 1)[-1], "size": {"width": 2500, "height": 843},
                         "selected": False, "name": "menu", "chatBarText": "選單", "areas": []}
        if path.startswith("/v2/bot/richmenu/bulk/"):
            return 202, {}
        return 200, {}

    def _audience(self, path: str, body: Any, method: str) -> tuple[int, Any]:
        """LINE's upload audiences: create (POST), add ids (PUT), read (GET /{id})."""
        with self.lock:
            if path == "/v2/bot/audienceGroup/upload" and method == "POST":
                group = FIRST_AUDIENCE_ID + len(self.audiences)
                self.audiences[group] = {"description": body["description"],
                                         "ids": [a["id"] for a in body["audiences"]]}
                return 202, {"audienceGroupId": group, "createRoute": "MESSAGING_API", "type": "UPLOAD",
                             "description": body["description"], "created": 1700000000,
                             "permission": "READ_WRITE", "expireTimestamp": 1715000000, "isIfaAudience": False}
            if path == "/v2/bot/audienceGroup/upload" and method == "PUT":
                found = self.audiences.get(body.get("audienceGroupId"))
                if found is None:
                    return 400, {"message": "audience group not found"}
                found["ids"] += [a["id"] for a in body["audiences"] if a["id"] not in found["ids"]]
                return 202, {}
            match = AUDIENCE.match(path)
            found = self.audiences.get(int(match.group(1))) if match and method == "GET" else None
            if found is None:
                return 404, {"message": "Not found"}
            return 200, {"audienceGroup": {"audienceGroupId": int(match.group(1)), "type": "UPLOAD",
                                           "description": found["description"], "status": "READY",
                                           "audienceCount": len(found["ids"]), "created": 1700000000,
                                           "permission": "READ_WRITE", "createRoute": "MESSAGING_API"},
                         "jobs": []}
