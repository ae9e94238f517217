"""Settings read from the environment in one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.answers.links import LIFF_ORIGIN

DEV_CHANNEL_SECRET = "dev-channel-secret"
DEV_ACCESS_TOKEN = "dev-access-token"
DEFAULT_LINE_API = "https://api.line.me"
TRUE_WORDS = {"1", "true", "yes", "on"}


class ConfigError(RuntimeError):
    """A required setting is missing or malformed."""


def default_database_url(instance_dir: Path) -> str:
    """SQLite file under instance/, the quick-start database."""
    return f"sqlite:///{instance_dir / 'bot.db'}"


def normalise_database_url(url: str) -> str:
    """Accept Heroku-style postgres:// URLs and pick the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


@dataclass(frozen=True)
class Settings:
    """Everything the app needs from its environment."""

    line_channel_secret: str
    line_channel_access_token: str
    database_url: str
    line_api_base_url: str = DEFAULT_LINE_API
    admin_token: str | None = None
    admin_password: str | None = None
    secret_key: str = field(default="", repr=False)
    dev_mode: bool = False
    default_locale: str = "zh_Hant_TW"
    message_retention_days: int = 30
    conversation_ttl_minutes: int = 30
    max_body_bytes: int = 1024 * 1024
    reply_timeout_seconds: float = 5.0
    reply_senders: int = 32  # replies in flight per web process (env REPLY_SENDERS); 0: reply inside the request
    reply_lease_seconds: int = 20  # how long a reply waits for its worker before another takes it (REPLY_LEASE_SECONDS)
    json_logs: bool = True  # one JSON object per log line (env LOG_FORMAT=text for plain lines)
    liff_id: str | None = None  # LIFF app id of /calculator (env LIFF_ID); unset: no LIFF SDK is loaded
    public_base_url: str | None = None  # where the bot is reachable (env PUBLIC_BASE_URL), for links in cards
    trusted_proxies: int = 0  # proxy hops whose X-Forwarded-For/-Proto are believed (env TRUSTED_PROXIES); 0: none

    @property
    def calculator_base(self) -> str | None:
        """Where cards send merchants for the calculator: the LIFF app inside LINE, else the public page."""
        if self.liff_id:
            return LIFF_ORIGIN + self.liff_id
        return self.public_base_url

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, instance_dir: Path | None = None) -> Settings:
        """Build settings from environment variables; name any missing one."""
        env = os.environ if env is None else env
        instance_dir = instance_dir or Path.cwd() / "instance"
        dev = env.get("BOT_DEV", "").strip().lower() in TRUE_WORDS
        secret = env.get("LINE_CHANNEL_SECRET") or (DEV_CHANNEL_SECRET if dev else "")
        token = env.get("LINE_CHANNEL_ACCESS_TOKEN") or (DEV_ACCESS_TOKEN if dev else "")
        for name, value in (("LINE_CHANNEL_SECRET", secret), ("LINE_CHANNEL_ACCESS_TOKEN", token)):
            if not value:
                raise ConfigError(
                    f"{name} is not set. Set it to your channel's value from the LINE Developers "
                    "console, or set BOT_DEV=1 to run locally without a LINE account."
                )
        secret_key = env.get("SECRET_KEY") or ""
        if not secret_key:
            if not dev and env.get("ADMIN_PASSWORD"):
                raise ConfigError("SECRET_KEY is not set; the admin login needs it to sign sessions.")
            secret_key = os.urandom(32).hex()
        return cls(
            line_channel_secret=secret,
            line_channel_access_token=token,
            database_url=normalise_database_url(env.get("DATABASE_URL") or default_database_url(instance_dir)),
            line_api_base_url=(env.get("LINE_API_BASE_URL") or DEFAULT_LINE_API).rstrip("/"),
            admin_token=env.get("ADMIN_TOKEN") or None,
            admin_password=env.get("ADMIN_PASSWORD") or None,
            secret_key=secret_key,
            dev_mode=dev,
            message_retention_days=_int(env, "MESSAGE_RETENTION_DAYS", 30),
            liff_id=(env.get("LIFF_ID") or "").strip() or None,
            public_base_url=_public_base_url(env),
            trusted_proxies=_int(env, "TRUSTED_PROXIES", 0),
            reply_senders=_int(env, "REPLY_SENDERS", 32),
            reply_lease_seconds=max(_int(env, "REPLY_LEASE_SECONDS", 20), 1),
            json_logs=(env.get("LOG_FORMAT") or ("text" if dev else "json")).strip().lower() != "text",
        )


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    """Read a whole-number setting, refusing garbage with the variable's name."""
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc
    if value < 0:
        raise ConfigError(f"{name} must not be negative")
    return value


def _public_base_url(env: Mapping[str, str]) -> str | None:
    """PUBLIC_BASE_URL without a trailing slash; LINE opens only https links, so anything else is refused."""
    value = (env.get("PUBLIC_BASE_URL") or "").strip().rstrip("/")
    if value and not value.startswith("https://"):
        raise ConfigError("PUBLIC_BASE_URL must start with https:// (LINE opens only https links)")
    return value or None
