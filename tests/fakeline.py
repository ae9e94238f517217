"""A local stand-in for LINE's Messaging API: records every call and answers as LINE would."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

COSTLY = re.compile(r"^/v2/bot/message/(push|multicast|broadcast|narrowcast)")


class FakeLine:
    """Records calls; `status`/`delay` make the message endpoints fail or stall."""

    def __init__(self) -> None:
        """Start serving on a free loopback port."""
        self.calls: list[dict[str, Any]] = []
        self.status = 200
        self.delay = 0.0
        self.language = "zh-TW"
        self.lock = threading.Lock()
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

    def reset(self) -> None:
        """Forget calls and failures."""
        with self.lock:
            self.calls.clear()
        self.status, self.delay = 200, 0.0

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
                with fake.lock:
                    fake.calls.append({"method": self.command, "path": self.path, "body": body,
                                       "auth": self.headers.get("Authorization")})
                if fake.delay:
                    time.sleep(fake.delay)
                status, out = fake._answer(self.path, body)
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

    def _answer(self, path: str, body: Any) -> tuple[int, Any]:
        """What LINE would answer."""
        if path.startswith("/v2/bot/message/") and self.status != 200:
            return self.status, {"message": "failure injected by the test"}
        if path.startswith("/v2/bot/profile/"):
            return 200, {"userId": path.rsplit("/", 1)[-1], "displayName": "店長", "language": self.language}
        if path == "/v2/bot/message/reply":
            return 200, {"sentMessages": [{"id": str(i)} for i in range(len(body.get("messages", [])))]}
        return 200, {}
