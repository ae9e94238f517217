"""Admin login: the password check, the signed session, CSRF tokens and a brake on password guessing."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from urllib.parse import urlsplit

from flask import abort, request, session

from bot.admin import common

SESSION_SECONDS = 12 * 3600
FAILURES_ALLOWED = 10
FAILURE_WINDOW_SECONDS = 300


def _fingerprint(password: str) -> str:
    """A keyed hash of the password: changing ADMIN_PASSWORD logs every session out."""
    key = common.settings().secret_key.encode()
    return hmac.new(key, password.encode(), hashlib.sha256).hexdigest()[:32]


def password_set() -> bool:
    """Whether a login is possible at all."""
    return bool(common.settings().admin_password)


def password_ok(given: str) -> bool:
    """Compare the typed password with ADMIN_PASSWORD in constant time."""
    expected = common.settings().admin_password
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())  # type: ignore[union-attr]


def logged_in() -> bool:
    """A session signed by us, for the current password, younger than twelve hours."""
    password = common.settings().admin_password
    if not password or not session.get("admin"):
        return False
    fresh = common.clock().now().timestamp() - float(session.get("login_at", 0)) < SESSION_SECONDS
    return fresh and hmac.compare_digest(str(session["admin"]), _fingerprint(password))


def log_in() -> None:
    """Start a fresh session (new CSRF token too, so nothing from before the login carries over)."""
    session.clear()
    session["admin"] = _fingerprint(common.settings().admin_password or "")
    session["login_at"] = common.clock().now().timestamp()
    session["csrf"] = secrets.token_urlsafe(32)


def log_out() -> None:
    """Forget the session."""
    session.clear()


def csrf_token() -> str:
    """This session's CSRF token, made on first use."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return str(session["csrf"])


def check_csrf() -> None:
    """Abort with 400 unless the form carries this session's CSRF token."""
    sent = request.form.get("csrf_token", "")
    expected = session.get("csrf", "")
    if not sent or not expected or not hmac.compare_digest(sent.encode(), str(expected).encode()):
        abort(400, "表單已過期或缺少安全碼，請重新整理頁面再試一次（CSRF token missing or invalid）")


def safe_next(target: str | None) -> str | None:
    """A post-login destination only if it stays inside the admin (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/admin") or target.startswith("//"):
        return None
    return target


class Throttle:
    """Counts failed logins per client address; too many in five minutes and logins wait."""

    def __init__(self, allowed: int = FAILURES_ALLOWED, window: float = FAILURE_WINDOW_SECONDS) -> None:
        """Start with no failures."""
        self.allowed, self.window = allowed, window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def blocked(self, client: str) -> bool:
        """True while the client has used up its attempts."""
        with self._lock:
            recent = self._recent(client)
            return len(recent) >= self.allowed

    def fail(self, client: str) -> None:
        """Remember one failed attempt."""
        with self._lock:
            self._recent(client).append(time.monotonic())

    def clear(self, client: str) -> None:
        """Forget a client's failures after a good login."""
        with self._lock:
            self._failures.pop(client, None)

    def _recent(self, client: str) -> deque[float]:
        """The client's failures inside the window (older ones dropped)."""
        failures = self._failures[client]
        while failures and time.monotonic() - failures[0] > self.window:
            failures.popleft()
        return failures


throttle = Throttle()
