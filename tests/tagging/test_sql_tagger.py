"""SqlTagger and the tagging store on a real (file SQLite) database."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot.store.db import make_engine, make_session_factory
from bot.store.models import Follower
from bot.store.repos import SqlConversationStore
from bot.store.tagging import (
    Retention,
    RuleCache,
    SqlTagger,
    TagEvent,
    TaggedMessage,
    TagRule,
    current_version,
    delete_rule,
    follower_view,
    get_rule,
    import_rules,
    prune_messages,
    replay,
    tag_members,
    tag_summaries,
    tag_user_ids,
    update_rule,
)
from bot.tagging import Rule, validate_rule
from tests.tagging.helpers import NOW, USER, add_rule, tag_text, tags_of


@pytest.fixture
def sessions(database_url: str) -> sessionmaker[Session]:
    """A session factory on a fresh migrated SQLite file."""
    engine = make_engine(database_url)
    yield make_session_factory(engine)
    engine.dispose()


def count(sessions: sessionmaker[Session], model: type) -> int:
    """Rows in a table."""
    with sessions() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_a_matching_message_tags_the_follower_with_the_rule(sessions) -> None:
    rule_id = add_rule(sessions, pattern="多少錢", tag="詢價")
    tag_text(sessions, "請問多少钱？")
    row = tags_of(sessions)["詢價"]
    assert (row.source, row.rule_id, row.rule_pattern, row.hit_count) == ("rule", rule_id, "多少錢", 1)
    assert row.first_at.replace(tzinfo=NOW.tzinfo) == NOW
    with sessions() as session:
        assert session.get(TagRule, rule_id).hit_count == 1
        assert session.scalars(sa.select(Follower.user_id)).all() == [USER]


def test_each_tag_is_one_row_with_first_last_and_hit_count(sessions) -> None:
    add_rule(sessions, pattern="多少錢", tag="詢價")
    tag_text(sessions, "多少錢", now=NOW)
    tag_text(sessions, "到底多少錢", now=NOW + timedelta(hours=1))
    row = tags_of(sessions)["詢價"]
    assert row.hit_count == 2
    assert row.first_at.replace(tzinfo=NOW.tzinfo) == NOW
    assert row.last_at.replace(tzinfo=NOW.tzinfo) == NOW + timedelta(hours=1)


def test_several_rules_fire_on_one_message_and_the_priority_rule_is_credited(sessions) -> None:
    low = add_rule(sessions, pattern="價格", tag="詢價", priority=1)
    high = add_rule(sessions, pattern="方案", tag="詢價", priority=9)
    other = add_rule(sessions, pattern=r"(幾|多少)則", match="regex", tag="則數")
    tag_text(sessions, "方案價格，一個月幾則？")
    tags = tags_of(sessions)
    assert set(tags) == {"詢價", "則數"}
    assert tags["詢價"].rule_id == high and tags["則數"].rule_id == other
    with sessions() as session:
        assert [session.get(TagRule, i).hit_count for i in (low, high, other)] == [1, 1, 1]
        assert session.scalar(sa.select(sa.func.count()).select_from(TagEvent)) == 2


def test_event_tags_are_stored_with_their_source_and_no_rule(sessions) -> None:
    with sessions.begin() as session:
        tagger = SqlTagger(session, RuleCache(), Retention(days=30))
        tagger.on_event_tag(USER, "source:follow", "follow", NOW)
        tagger.on_event_tag(USER, "estimate:high", "conversation", NOW)
        tagger.on_event_tag(USER, "", "postback", NOW)  # refused quietly, never breaks the event
    tags = tags_of(sessions)
    assert {t: (r.source, r.rule_id) for t, r in tags.items()} == {
        "source:follow": ("follow", None), "estimate:high": ("conversation", None)}


def test_unfollow_keeps_the_tags_and_leaves_an_audit_entry(sessions) -> None:
    add_rule(sessions, pattern="多少錢", tag="詢價")
    tag_text(sessions, "多少錢")
    later = NOW + timedelta(minutes=1)
    with sessions.begin() as session:
        SqlConversationStore(session, timedelta(minutes=30)).unfollow(USER, later)
        SqlTagger(session, RuleCache(), Retention(days=30)).on_unfollow(USER, later)
    assert "詢價" in tags_of(sessions)
    with sessions() as session:
        view = follower_view(session, USER)
        assert view is not None and view.blocked
        assert [e.action for e in view.history] == ["unfollow", "tag"]
        assert list(tag_user_ids(session, "詢價")) == []
        assert list(tag_user_ids(session, "詢價", include_blocked=True)) == [USER]
        [summary] = tag_summaries(session)
        assert (summary.followers, summary.blocked, summary.active) == (1, 1, 0)


def test_messages_are_kept_for_replay_and_pruned_after_the_retention_period(sessions) -> None:
    retention = Retention(days=7)
    tag_text(sessions, "舊訊息", now=NOW - timedelta(days=8), retention=retention)
    tag_text(sessions, "新訊息", now=NOW, retention=retention)
    with sessions.begin() as session:
        assert prune_messages(session, NOW, 7) == 1
        assert session.scalars(sa.select(TaggedMessage.text)).all() == ["新訊息"]
    with sessions.begin() as session:
        assert prune_messages(session, NOW + timedelta(days=8), 7) == 1
    assert count(sessions, TaggedMessage) == 0


def test_zero_retention_keeps_no_text(sessions) -> None:
    tag_text(sessions, "多少錢", retention=Retention(days=0))
    assert count(sessions, TaggedMessage) == 0


def test_every_rule_change_moves_the_version_stamp(sessions) -> None:
    with sessions() as session:
        assert current_version(session) == 0
    rule_id = add_rule(sessions, pattern="a", tag="t")
    with sessions.begin() as session:
        row = get_rule(session, rule_id)
        update_rule(session, row, validate_rule({"enabled": False}, base=Rule("a", "contains", "t")), NOW)
    with sessions.begin() as session:
        import_rules(session, [Rule("b", "contains", "t")], NOW)
    with sessions.begin() as session:
        delete_rule(session, get_rule(session, rule_id), NOW)
    with sessions() as session:
        assert current_version(session) == 4


def test_the_cache_compiles_once_and_refreshes_only_after_the_interval(sessions) -> None:
    clock = [100.0]
    cache = RuleCache(refresh_seconds=2.0, clock=lambda: clock[0])
    add_rule(sessions, pattern="多少錢", tag="詢價")
    with sessions() as session:
        first = cache.matcher(session)
        assert len(first) == 1 and cache.matcher(session) is first
    add_rule(sessions, pattern="報價", tag="報價")
    clock[0] += 1.0
    with sessions() as session:
        assert cache.matcher(session) is first  # within the interval: no database read at all
    clock[0] += 1.5
    with sessions() as session:
        fresh = cache.matcher(session)
    assert fresh is not first and len(fresh) == 2
    clock[0] += 5
    with sessions() as session:
        assert cache.matcher(session) is fresh  # stamp unchanged: no recompile


def test_deleted_rule_ids_are_never_reused(sessions) -> None:
    first = add_rule(sessions, pattern="a", tag="t")
    with sessions.begin() as session:
        delete_rule(session, get_rule(session, first), NOW)
    assert add_rule(sessions, pattern="b", tag="t") > first


def test_a_rule_deleted_moments_ago_does_not_break_tagging(sessions) -> None:
    cache = RuleCache(refresh_seconds=60)
    rule_id = add_rule(sessions, pattern="多少錢", tag="詢價")
    tag_text(sessions, "多少錢", cache=cache)
    with sessions.begin() as session:
        delete_rule(session, get_rule(session, rule_id), NOW)
    tag_text(sessions, "多少錢", user="U" + "2" * 32, cache=cache)  # stale cache still knows the rule
    assert tags_of(sessions, "U" + "2" * 32)["詢價"].rule_id == rule_id
    with sessions() as session:
        view = follower_view(session, "U" + "2" * 32)
        assert view is not None and view.tags[0].rule_exists is False and view.tags[0].rule_pattern == "多少錢"


def test_replay_counts_the_followers_a_draft_would_tag(sessions) -> None:
    add_rule(sessions, pattern="多少錢", tag="詢價")
    for user, text, days_ago in [("U1", "多少錢", 1), ("U1", "多少錢？", 2), ("U2", "報價多少錢", 3),
                                 ("U3", "你好", 1), ("U4", "多少錢", 40)]:
        tag_text(sessions, text, user=user, now=NOW - timedelta(days=days_ago), retention=Retention(days=365))
    with sessions() as session:
        report = replay(session, [Rule("多少錢", "contains", "詢價")], NOW, days=30)
        fresh = replay(session, [Rule("報價", "contains", "報價意願")], NOW, days=30)
    assert (report.messages, report.matched_messages, report.followers, report.new_followers) == (4, 3, 2, 0)
    assert report.by_tag == {"詢價": 2} and report.by_rule == [3] and len(report.samples) == 3
    assert (fresh.followers, fresh.new_followers) == (1, 1)


def test_tag_members_pages_and_counts(sessions) -> None:
    add_rule(sessions, pattern="多少錢", tag="詢價")
    for i in range(5):
        tag_text(sessions, "多少錢", user=f"U{i}")
    with sessions() as session:
        total, page = tag_members(session, "詢價", limit=2, offset=2)
    assert total == 5 and [m.user_id for m in page] == ["U2", "U3"]


@pytest.mark.parametrize("workers", [4])
def test_concurrent_workers_tagging_the_same_follower_leave_one_row(sessions, workers: int) -> None:
    add_rule(sessions, pattern="多少錢", tag="詢價")
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            tag_text(sessions, "多少錢")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = tags_of(sessions)
    assert list(rows) == ["詢價"] and rows["詢價"].hit_count == workers
