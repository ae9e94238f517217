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


def test_console_answers_questions_as_text() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "chat"], input="中用量月費\n好友4000人每月發2次\n",
                            capture_output=True, text=True, cwd=ROOT, timeout=60, check=True)
    assert "NT$1,000" in result.stdout
    assert "高用量" in result.stdout and "NT$1,800" in result.stdout
