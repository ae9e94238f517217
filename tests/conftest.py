"""Shared fixtures: a real app on a temporary database, a fake LINE API, signed posts."""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from bot.app import create_app
from bot.clock import FixedClock
from bot.settings import Settings, normalise_database_url
from bot.store.migrate import upgrade
from tests.contract.schema import reply_errors
from tests.factories import AT, SECRET, body, sign, text_event
from tests.fakeline import FakeLine

ADMIN_TOKEN = "test-admin-token-0123456789"
ADMIN_PASSWORD = "test-admin-password"


def pytest_configure(config: pytest.Config) -> None:
    """BOT_TEST_WALL_CLOCK=2030-01-01T09:00+08:00 moves this process's clock, proving no answer reads it."""
    moment = os.environ.get("BOT_TEST_WALL_CLOCK")
    if moment:
        time_machine.travel(datetime.fromisoformat(moment), tick=True).start()


def pytest_report_header(config: pytest.Config) -> str | None:
    """Say when the wall clock was moved, so a run's log shows it."""
    moment = os.environ.get("BOT_TEST_WALL_CLOCK")
    return f"wall clock moved to {moment} (BOT_TEST_WALL_CLOCK)" if moment else None


def pytest_addoption(parser: pytest.Parser) -> None:
    """--update-golden rewrites the reviewed card files under tests/answers/golden/."""
    parser.addoption("--update-golden", action="store_true", default=False, help="rewrite golden files")


@pytest.fixture(scope="session")
def fake_line() -> Iterator[FakeLine]:
    """One fake LINE API for the session, reset before each test."""
    fake = FakeLine()
    yield fake
    fake.stop()


@pytest.fixture
def line(fake_line: FakeLine) -> Iterator[FakeLine]:
    """The fake LINE API, clean; fails the test if anything costly was called."""
    fake_line.reset()
    yield fake_line
    assert fake_line.costly_calls() == [], "the bot called a billable endpoint"
    for reply in fake_line.replies():
        assert reply_errors(reply["messages"]) == []


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to the newest schema, once per test session (copied for each test)."""
    path = tmp_path_factory.mktemp("template") / "bot.db"
    upgrade(f"sqlite:///{path}")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def database_url(tmp_path: Path, migrated_sqlite: Path) -> str:
    """A fresh, migrated SQLite database of this test's own."""
    path = tmp_path / "bot.db"
    shutil.copyfile(migrated_sqlite, path)
    return f"sqlite:///{path}"


@pytest.fixture
def settings(database_url: str, line: FakeLine) -> Settings:
    """Settings for the real app pointed at the fake LINE API."""
    return Settings(
        line_channel_secret=SECRET, line_channel_access_token="test-token", database_url=database_url,
        line_api_base_url=line.url, admin_token=ADMIN_TOKEN, admin_password=ADMIN_PASSWORD,
        secret_key="test-secret-key", reply_timeout_seconds=2.0, reply_senders=0,
    )


@pytest.fixture
def clock() -> FixedClock:
    """The app's clock, standing at the default event moment until a test moves it."""
    return FixedClock(AT)


@pytest.fixture
def app(settings: Settings, clock: FixedClock) -> Iterator[Flask]:
    """The real app, on a clock the test controls."""
    application = create_app(settings, clock=clock)
    application.config["TESTING"] = True
    yield application
    application.extensions["engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for the real app."""
    return app.test_client()


class Webhook:
    """Posts signed webhook bodies and reads what the bot replied."""

    def __init__(self, client: FlaskClient, line: FakeLine) -> None:
        self.client, self.line = client, line

    def post(self, raw: bytes, signature: str | None = None, **headers: str) -> Any:
        """POST /callback with a correct signature unless one is given."""
        sig = sign(raw) if signature is None else signature
        return self.client.post("/callback", data=raw, headers={"X-Line-Signature": sig, **headers},
                                content_type="application/json")

    def say(self, text: str, user: str = "U" + "a" * 32, at: datetime = AT) -> list[dict[str, Any]]:
        """Send one text message at a moment; return the messages replied to it."""
        ev = text_event(text, user, at)
        response = self.post(body(ev))
        assert response.status_code == 200, response.data
        return self.reply_to(ev["replyToken"])

    def reply_to(self, token: str) -> list[dict[str, Any]]:
        """Messages replied with a reply token ([] if none)."""
        for reply in self.line.replies():
            if reply["replyToken"] == token:
                return reply["messages"]
        return []


@pytest.fixture
def webhook(client: FlaskClient, line: FakeLine) -> Webhook:
    """Signed posts to the real webhook."""
    return Webhook(client, line)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A PostgreSQL URL from TEST_DATABASE_URL, or skip."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set (.ci/run starts PostgreSQL)")
    return url


@pytest.fixture(scope="session")
def postgres_template(postgres_url: str) -> str:
    """A database migrated once per test session (and per xdist worker), the template of every fresh one."""
    name = "tmpl_" + uuid.uuid4().hex[:12]
    _create_database(postgres_url, name)
    upgrade(_database(postgres_url, name))
    return name


@pytest.fixture
def fresh_postgres_url(postgres_url: str, postgres_template: str) -> str:
    """A new, migrated database on the test server, so tests never see each other's rows."""
    name = "t_" + uuid.uuid4().hex[:12]
    _create_database(postgres_url, name, template=postgres_template)
    return _database(postgres_url, name)


def _create_database(server_url: str, name: str, template: str | None = None) -> None:
    """CREATE DATABASE, copied from a template when one is named."""
    admin = sa.create_engine(normalise_database_url(server_url), isolation_level="AUTOCOMMIT")
    copy = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"{copy}'))
    admin.dispose()


def _database(server_url: str, name: str) -> str:
    """The URL of another database on the same server."""
    return normalise_database_url(server_url.rsplit("/", 1)[0] + "/" + name)
