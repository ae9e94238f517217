"""The store on SQLite and PostgreSQL: migrations, once-only event claims under concurrency, follower rows."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from bot.store import repos
from bot.store.db import make_engine, make_session_factory
from bot.store.models import Follower, ProcessedEvent

NOW = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def sessions(request: pytest.FixtureRequest, tmp_path):  # type: ignore[no-untyped-def]
    fixture = "database_url" if request.param == "sqlite" else "fresh_postgres_url"
    url = request.getfixturevalue(fixture)
    engine = make_engine(url)
    yield make_session_factory(engine)
    engine.dispose()


def test_an_event_is_claimed_once(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as s:
        assert repos.claim_event(s, "01EV", "TextIn", NOW) is True
    with sessions.begin() as s:
        assert repos.claim_event(s, "01EV", "TextIn", NOW) is False


def test_concurrent_claims_leave_one_winner(sessions) -> None:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(4)
    wins: list[bool] = []

    def claim() -> None:
        barrier.wait()
        with sessions.begin() as s:
            wins.append(repos.claim_event(s, "01SAME", "TextIn", NOW))

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == [False, False, False, True]
    with sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(ProcessedEvent)) == 1


def test_concurrent_followers_leave_one_row(sessions) -> None:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(4)

    def touch() -> None:
        barrier.wait()
        with sessions.begin() as s:
            repos.ensure_follower(s, "U" + "c" * 32, NOW)

    threads = [threading.Thread(target=touch) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Follower)) == 1


def test_old_event_ids_are_pruned(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as s:
        repos.claim_event(s, "old", "TextIn", NOW - timedelta(days=10))
        repos.claim_event(s, "new", "TextIn", NOW)
    with sessions.begin() as s:
        assert repos.prune_events(s, NOW - timedelta(days=7)) == 1


def test_conversation_state_expires_after_thirty_minutes(sessions) -> None:  # type: ignore[no-untyped-def]
    from bot.conversation.ports import SavedState

    with sessions.begin() as s:
        store = repos.SqlConversationStore(s, timedelta(minutes=30))
        store.save_state("U1", SavedState("estimate", {"friends": 1}), NOW)
    with sessions() as s:
        store = repos.SqlConversationStore(s, timedelta(minutes=30))
        assert store.load_state("U1", NOW + timedelta(minutes=29)) == SavedState("estimate", {"friends": 1})
        assert store.load_state("U1", NOW + timedelta(minutes=31)) is None
