"""What the admin API and pages share: the database, the matcher cache, the clock, plain-data views."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from flask import Response, abort, current_app, stream_with_context
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.settings import Settings
from bot.store.tagging import (
    FollowerTagView,
    FollowerView,
    RuleCache,
    TagEvent,
    TagMember,
    TagRule,
    TagSummary,
    as_utc,
    list_rules,
    tag_user_ids,
    to_rule,
)
from bot.tagging import MatchResult, Rule
from bot.tagging.csvio import defuse, rules_to_csv
from bot.tagging.lint import Finding
from bot.tagging.rules import MATCH_LABELS, match_form

TAIPEI = ZoneInfo("Asia/Taipei")
MAX_TEST_TEXT = 5000
UNSAFE_FILENAME = re.compile(r"[^0-9A-Za-z._-]+")
MAX_ID = 2**31 - 1  # PostgreSQL's INTEGER; a bigger id names no row, and SQLite would overflow on it


def refuse_huge_ids(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """404 for a URL id no database row can have, before any view reads the database with it."""
    if any(type(value) is int and value > MAX_ID for value in (values or {}).values()):
        abort(404, f"找不到這個編號（no such id: ids go up to {MAX_ID}）")


def settings() -> Settings:
    """The app's settings."""
    return current_app.extensions["settings"]


@contextmanager
def transaction() -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on error."""
    with current_app.extensions["sessions"].begin() as session:
        yield session


@contextmanager
def reading() -> Iterator[Session]:
    """A session for reads only."""
    with current_app.extensions["sessions"]() as session:
        yield session


def rule_cache() -> RuleCache:
    """The matcher cache the webhook uses, or the admin's own when the tagger was swapped out."""
    cache = getattr(current_app.extensions["webhook"].tagger_for, "cache", None)
    if isinstance(cache, RuleCache):
        return cache
    return current_app.extensions.setdefault("admin_rule_cache", RuleCache())


def refresh_rule_cache() -> None:
    """Let this worker's webhook see a change at once (the others see it within the refresh interval)."""
    with reading() as session:
        rule_cache().matcher(session, force=True)


def now() -> datetime:
    """The current time from the app's clock (tests may move it)."""
    return as_utc(clock().now())


def iso(moment: datetime | None) -> str | None:
    """An ISO 8601 UTC timestamp, or None."""
    return as_utc(moment).isoformat() if moment else None


def local_time(moment: datetime | None) -> str:
    """A time as Taiwanese merchants read it: Taipei time, to the minute."""
    return as_utc(moment).astimezone(TAIPEI).strftime("%Y-%m-%d %H:%M") if moment else "—"


def rule_json(row: TagRule) -> dict[str, Any]:
    """A stored rule as JSON, with the normal form it is matched in."""
    return {"id": row.id, "pattern": row.pattern, "match": row.match, "tag": row.tag, "priority": row.priority,
            "enabled": row.enabled, "note": row.note or "", "normalized": match_form(row.pattern, row.match),
            "hit_count": row.hit_count, "last_hit_at": iso(row.last_hit_at), "created_at": iso(row.created_at),
            "updated_at": iso(row.updated_at)}


def fired_json(rule: Rule) -> dict[str, Any]:
    """A rule that fired in a test, as JSON."""
    return {"id": rule.id, "pattern": rule.pattern, "match": rule.match, "tag": rule.tag,
            "priority": rule.priority}


def trial_json(text: str, result: MatchResult, version: int | None) -> dict[str, Any]:
    """The answer to 'which rules fire on this text, which tags'."""
    return {"text": text, "normalized": result.text, "rules": [fired_json(r) for r in result.rules],
            "tags": list(result.tags), "version": version}


def finding_json(finding: Finding) -> dict[str, Any]:
    """A lint finding as JSON."""
    return {"rule_id": finding.rule_id, "other_id": finding.other_id, "kind": finding.kind,
            "message": finding.message}


def summary_json(summary: TagSummary) -> dict[str, Any]:
    """A tag with its follower counts as JSON."""
    return {"tag": summary.tag, "followers": summary.followers, "active_followers": summary.active,
            "blocked_followers": summary.blocked, "rules": summary.rules, "last_at": iso(summary.last_at)}


def member_json(member: TagMember) -> dict[str, Any]:
    """One follower of a tag as JSON."""
    return {"user_id": member.user_id, "blocked": member.blocked, "source": member.source,
            "rule_id": member.rule_id, "first_at": iso(member.first_at), "last_at": iso(member.last_at),
            "hit_count": member.hit_count}


def follower_json(view: FollowerView) -> dict[str, Any]:
    """A follower's tags, each with the rule (or event) that set it and when."""
    return {"user_id": view.user_id, "known": view.known, "blocked": view.blocked,
            "followed_at": iso(view.followed_at), "unfollowed_at": iso(view.unfollowed_at),
            "last_seen_at": iso(view.last_seen_at), "tags": [_follower_tag_json(t) for t in view.tags],
            "history": [_event_json(e) for e in view.history]}


def _follower_tag_json(tag: FollowerTagView) -> dict[str, Any]:
    """One of a follower's tags, and why."""
    rule = None
    if tag.rule_id is not None:
        rule = {"id": tag.rule_id, "pattern": tag.rule_pattern, "match": tag.rule_match, "exists": tag.rule_exists}
    return {"tag": tag.tag, "source": tag.source, "rule": rule, "first_at": iso(tag.first_at),
            "last_at": iso(tag.last_at), "hit_count": tag.hit_count}


def _event_json(event: TagEvent) -> dict[str, Any]:
    """One audit entry."""
    return {"action": event.action, "tag": event.tag, "source": event.source, "rule_id": event.rule_id,
            "rule_pattern": event.rule_pattern, "rule_match": event.rule_match, "at": iso(event.at)}


def match_label(match: str) -> str:
    """A match type in words."""
    return MATCH_LABELS.get(match, match)


def attachment(name: str) -> str:
    """A Content-Disposition for a download: an ASCII fallback plus the UTF-8 name (tags are often Chinese)."""
    fallback = UNSAFE_FILENAME.sub("-", name).strip("-.") or "export.csv"
    return f"attachment; filename=\"{fallback[:80]}\"; filename*=UTF-8''{quote(name[:80], safe='')}"


def stamp() -> str:
    """A compact Taipei date-time for file names."""
    return now().astimezone(TAIPEI).strftime("%Y%m%d-%H%M")


def clock() -> Clock:
    """The app's clock."""
    found: Clock = current_app.extensions["clock"]
    return found


def audience_csv(tag: str, include_blocked: bool) -> Response:
    """A tag's user ids, one per line, no header: the file LINE's audience upload takes (streamed)."""
    sessions = current_app.extensions["sessions"]

    def lines() -> Iterator[str]:
        """Stream the ids from their own session, so huge tags never sit in memory."""
        with sessions() as session:
            for user_id in tag_user_ids(session, tag, include_blocked):
                yield csv_line(user_id)

    response = Response(stream_with_context(lines()), mimetype="text/csv")
    response.headers["Content-Disposition"] = attachment(f"{tag}-{stamp()}.csv")
    return response


def csv_line(*cells: str) -> str:
    """One CSV line, quoted where needed, each cell defused so a spreadsheet never runs it as a formula."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([defuse(cell) for cell in cells])
    return out.getvalue()


def rules_csv_response() -> Response:
    """Every rule as a CSV download (UTF-8 with BOM so Excel shows Chinese correctly)."""
    with reading() as session:
        rules = [to_rule(r) for r in list_rules(session)]
    response = Response("\ufeff" + rules_to_csv(rules), mimetype="text/csv")
    response.headers["Content-Disposition"] = attachment(f"tag-rules-{stamp()}.csv")
    return response

