"""Admin login: the password check, the signed session, CSRF tokens and a brake on password guessing."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import abort, g, request, session

from bot.admin import common
from bot.store import admin as store

SESSION_SECONDS = 12 * 3600
FAILURES_ALLOWED = 10  # per client address
ACCOUNT_FAILURES_ALLOWED = 50  # per account, from every address together
FAILURE_WINDOW_SECONDS = 300
BUCKET_SECONDS = 60  # failures are counted per minute; each counts for the window after its minute ends


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
    """A session signed by us, for the current password and session version, younger than twelve hours."""
    password = common.settings().admin_password
    if not password or not session.get("admin"):
        return False
    fresh = common.clock().now().timestamp() - float(session.get("login_at", 0)) < SESSION_SECONDS
    return (fresh and hmac.compare_digest(str(session["admin"]), _fingerprint(password))
            and session.get("version") == _session_version())


def _session_version() -> int:
    """The server's session version, read once per request (logout moves it)."""
    if "admin_session_version" not in g:
        with common.reading() as db:
            g.admin_session_version = store.session_version(db)
    version: int = g.admin_session_version
    return version


def log_in() -> None:
    """Start a fresh session (new CSRF token too, so nothing from before the login carries over)."""
    session.clear()
    session["admin"] = _fingerprint(common.settings().admin_password or "")
    session["login_at"] = common.clock().now().timestamp()
    session["version"] = _session_version()
    session["csrf"] = secrets.token_urlsafe(32)


def log_out() -> None:
    """End this session and every copy of any admin cookie: the server's session version moves on."""
    with common.transaction() as db:
        store.bump_session_version(db, common.now())
    g.pop("admin_session_version", None)
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


@dataclass(frozen=True)
class Limit:
    """At most `allowed` failures per `window` seconds."""

    allowed: int
    window: int = FAILURE_WINDOW_SECONDS


class Throttle:
    """Failed attempts counted in the database, so every worker (and a restarted one) sees them.

    A client (its address, behind TRUSTED_PROXIES hops) gets `per_client` failures; the whole account gets
    `per_account`, so many addresses guessing together are slowed too. While either is used up, every attempt
    waits, even one with the right secret, so a guess never learns whether it was right.
    """

    def __init__(self, scope: str = "login", per_client: Limit = Limit(FAILURES_ALLOWED),
                 per_account: Limit = Limit(ACCOUNT_FAILURES_ALLOWED)) -> None:
        """Name what is guarded (login, api) and its limits."""
        self.scope, self.per_client, self.per_account = scope, per_client, per_account

    def blocked(self, client: str) -> int:
        """Seconds the client must wait before its next attempt (0: it may try now)."""
        now = self._now()
        window = max(self.per_client.window, self.per_account.window)
        keys = (self._client_key(client), self._account_key())
        with common.reading() as session:
            counts = store.failures_since(session, keys, now - window - BUCKET_SECONDS)
        return max(_wait(counts.get(keys[0], []), self.per_client, now),
                   _wait(counts.get(keys[1], []), self.per_account, now))

    def fail(self, client: str) -> None:
        """Remember one failed attempt, for the client and for the account."""
        now = self._now()
        window = max(self.per_client.window, self.per_account.window)
        with common.transaction() as session:
            store.add_failure(session, (self._client_key(client), self._account_key()), now - now % BUCKET_SECONDS)
            store.prune_failures(session, now - window - BUCKET_SECONDS)

    def clear(self, client: str) -> None:
        """Forget a client's failures after a good login (the account's count ages out on its own)."""
        with common.transaction() as session:
            store.forget_failures(session, self._client_key(client))

    def _client_key(self, client: str) -> str:
        """The client's counter: a digest, so the table holds no addresses in the clear."""
        return f"{self.scope}:{hashlib.sha256(client.encode()).hexdigest()[:40]}"

    def _account_key(self) -> str:
        """The counter shared by every client of this scope."""
        return f"{self.scope}:*"

    @staticmethod
    def _now() -> int:
        """The app clock in whole seconds (tests move it)."""
        return int(common.clock().now().timestamp())


def _wait(buckets: list[tuple[int, int]], limit: Limit, now: int) -> int:
    """Seconds until enough of these (bucket, count) failures age out to let one more attempt through."""
    live = [(start, count) for start, count in buckets if start + BUCKET_SECONDS + limit.window > now]
    total = sum(count for _, count in live)
    if total < limit.allowed:
        return 0
    for start, count in live:
        total -= count
        if total < limit.allowed:
            return max(1, start + BUCKET_SECONDS + limit.window - now)
    return 0


def wait_message(seconds: int) -> str:
    """What a throttled person reads: how long to wait, in minutes, in Chinese and English."""
    minutes = max(1, -(-seconds // 60))
    return f"嘗試次數過多，請 {minutes} 分鐘後再試（too many attempts; try again in {minutes} minute(s)）"
