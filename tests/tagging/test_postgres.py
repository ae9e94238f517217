"""The tagging store on PostgreSQL (skipped unless TEST_DATABASE_URL is set)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.store.db import make_engine, make_session_factory
from bot.store.tagging import replay, tag_summaries
from bot.tagging import Rule
from tests.tagging.helpers import NOW, add_rule, tag_text, tags_of

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(fresh_postgres_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a fresh, migrated PostgreSQL database."""
    engine = make_engine(fresh_postgres_url)
    yield make_session_factory(engine)
    engine.dispose()


def unique(prefix: str) -> str:
    """A name no other test run uses (the database is shared)."""
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def test_concurrent_workers_leave_one_row_on_postgres(pg) -> None:
    tag, user, workers = unique("詢價-"), unique("U"), 6
    add_rule(pg, pattern="多少錢", tag=tag)
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            tag_text(pg, "多少錢", user=user)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = tags_of(pg, user)
    assert rows[tag].hit_count == workers and len([t for t in rows if t == tag]) == 1


def test_summaries_and_replay_work_on_postgres(pg) -> None:
    tag, user, marker = unique("報價-"), unique("U"), unique("m")
    add_rule(pg, pattern=rf"報價{marker}\d*", match="regex", tag=tag)
    tag_text(pg, f"我要報價{marker}123", user=user)
    with pg() as session:
        summary = {s.tag: s for s in tag_summaries(session)}[tag]
        report = replay(session, [Rule(rf"報價{marker}\d+", "regex", tag)], NOW, days=30)
    assert (summary.followers, summary.active) == (1, 1)
    assert (report.matched_messages, report.followers, report.new_followers) == (1, 1, 0)


def test_two_workers_through_the_webhook_leave_one_row_on_postgres(fresh_postgres_url, settings, line) -> None:
    from dataclasses import replace

    from bot.app import create_app
    from tests.admin.helpers import Api
    from tests.factories import body, sign, text_event

    apps = [create_app(replace(settings, database_url=fresh_postgres_url)) for _ in range(2)]
    tag, user, marker = unique("詢價-"), unique("U"), unique("k")
    try:
        Api(apps[0].test_client()).rule(pattern=marker, tag=tag)
        raws = [body(text_event(f"{marker} #{i}", user)) for i in range(4)]
        barrier = threading.Barrier(len(raws))
        codes: list[int] = []

        def deliver(worker, raw: bytes) -> None:  # type: ignore[no-untyped-def]
            client = worker.test_client()
            barrier.wait()
            codes.append(client.post("/callback", data=raw, headers={"X-Line-Signature": sign(raw)},
                                     content_type="application/json").status_code)

        threads = [threading.Thread(target=deliver, args=(apps[i % 2], raw)) for i, raw in enumerate(raws)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert codes == [200] * len(raws)
        tags = {t["tag"]: t for t in Api(apps[1].test_client()).get(f"/followers/{user}").json["tags"]}
        assert tags[tag]["hit_count"] == len(raws)
    finally:
        for app in apps:
            app.extensions["engine"].dispose()
