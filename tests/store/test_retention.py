"""Retention runs on a schedule: what is past its keeping time goes, whether or not traffic comes."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import sqlalchemy as sa

from bot.conversation.ports import SavedState
from bot.store import outbox, repos
from bot.store.models import ConversationState, PendingReply, ProcessedEvent
from bot.store.outbox import NewReply
from bot.store.repos import SqlConversationStore
from bot.store.retention import enforce
from bot.store.tagging import Retention, RuleCache, SqlTagger, TaggedMessage
from tests.factories import AT, SECRET

OLD, NEW = AT - timedelta(days=40), AT - timedelta(minutes=5)


def seed(sessions, moment, name: str) -> None:  # type: ignore[no-untyped-def]
    """One row of every kept kind, made at a moment."""
    user = "U" + name * 32
    with sessions.begin() as session:
        repos.claim_event(session, f"01{name}", "TextIn", moment)
        reply = NewReply(event_id=f"01{name}", reply_token=name * 32, body="{}", user_id=None,
                         expires_at=moment + timedelta(minutes=1))
        outbox.record(session, reply, "worker", moment, timedelta(seconds=20))
        SqlTagger(session, RuleCache(), Retention(days=30)).on_text(user, "想問中用量", moment)
        SqlConversationStore(session, timedelta(minutes=30)).save_state(user, SavedState("estimate"), moment)


def counts(sessions) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Rows of each kind."""
    with sessions() as session:
        return {model.__name__: session.scalar(sa.select(sa.func.count()).select_from(model))
                for model in (ProcessedEvent, PendingReply, TaggedMessage, ConversationState)}


def test_one_run_deletes_what_is_past_its_time_and_keeps_the_rest(app) -> None:
    sessions = app.extensions["sessions"]
    seed(sessions, OLD, "a")
    seed(sessions, NEW, "b")
    with sessions.begin() as session:
        pruned = enforce(session, AT, message_days=30)
    assert (pruned.events, pruned.replies, pruned.messages, pruned.states) == (1, 1, 1, 1)
    assert counts(sessions) == {"ProcessedEvent": 1, "PendingReply": 1, "TaggedMessage": 1, "ConversationState": 1}


def test_zero_message_days_drops_every_kept_text(app) -> None:
    sessions = app.extensions["sessions"]
    seed(sessions, NEW, "c")
    with sessions.begin() as session:
        assert enforce(session, AT, message_days=0).messages == 1


def test_the_command_runs_once_from_the_environment(database_url) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "LINE_CHANNEL_SECRET": SECRET,
           "LINE_CHANNEL_ACCESS_TOKEN": "t", "LOG_FORMAT": "json"}
    done = subprocess.run([sys.executable, "-m", "bot", "retention"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert '"message": "retention: deleted 0 event ids' in done.stderr
