"""Settings from the environment, and the console that needs no LINE account."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import ConfigError, Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("missing", ["LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN"])
def test_production_without_line_credentials_names_the_variable(missing: str) -> None:
    env = {"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"}
    del env[missing]
    with pytest.raises(ConfigError, match=missing):
        Settings.from_env(env)


def test_dev_mode_needs_no_credentials(tmp_path: Path) -> None:
    settings = Settings.from_env({"BOT_DEV": "1"}, instance_dir=tmp_path)
    assert settings.dev_mode and settings.database_url == f"sqlite:///{tmp_path / 'bot.db'}"


def test_heroku_postgres_urls_use_psycopg() -> None:
    settings = Settings.from_env({"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t",
                                  "DATABASE_URL": "postgres://u:p@h/db"})
    assert settings.database_url == "postgresql+psycopg://u:p@h/db"


def test_admin_password_without_secret_key_is_refused() -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        Settings.from_env({"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t", "ADMIN_PASSWORD": "x"})


def chat(text: str, at: str) -> str:
    """What `python -m bot chat --at` prints for these lines."""
    result = subprocess.run([sys.executable, "-m", "bot", "chat", "--at", at], input=text, capture_output=True,
                            text=True, cwd=ROOT, timeout=60, check=True)
    return result.stdout


def test_console_answers_questions_as_text() -> None:
    printed = chat("中用量月費\n好友4000人每月發2次\n", "2026-12-01T10:00")
    assert "NT$1,000" in printed
    assert "高用量" in printed and "NT$1,800" in printed


def test_the_console_asks_at_the_moment_it_is_told() -> None:
    assert "NT$800" in chat("中用量月費\n", "2026-10-20T10:00")


def test_cards_link_to_the_liff_app_else_the_public_page() -> None:
    base = {"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"}
    assert Settings.from_env(base).calculator_base is None
    public = Settings.from_env({**base, "PUBLIC_BASE_URL": "https://bot.example.tw/"})
    assert public.calculator_base == "https://bot.example.tw"
    both = Settings.from_env({**base, "PUBLIC_BASE_URL": "https://bot.example.tw", "LIFF_ID": "123-abc"})
    assert both.calculator_base == "https://liff.line.me/123-abc"
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        Settings.from_env({**base, "PUBLIC_BASE_URL": "http://bot.example.tw"})
