"""Tagging in the database: rules, follower tags, their audit trail, messages kept for replay, the rules version.

`SqlTagger` is the conversation's Tagger for one webhook event's transaction. The compiled matcher lives in a
per-process `RuleCache`, refreshed when the version stamp in the database moves, so an admin's change
reaches every worker within `refresh_seconds`.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.logs import anonymise
from bot.store.models import Base, Follower, as_utc, utcnow
from bot.store.repos import _insert, _insert_for, dialect_of, run, touch_follower
from bot.tagging import Matcher, Rule, RuleError
from bot.tagging.lint import Finding, duplicate_of, findings_about, identity
from bot.tagging.matcher import MAX_TEXT
from bot.tagging.rules import MAX_NOTE, MAX_PATTERN, MAX_SOURCE, MAX_TAG, validate_source, validate_tag

log = logging.getLogger(__name__)
REFRESH_SECONDS = 2.0
REPLAY_LIMIT = 50_000
SAMPLE_CHARS = 120


class TagRule(Base):
    """An admin's keyword → tag rule, with how often it fired."""

    __tablename__ = "tag_rules"
    __table_args__ = {"sqlite_autoincrement": True}  # ids are never reused, so old tags never point at new rules

    id: Mapped[int] = mapped_column(primary_key=True)
    pattern: Mapped[str] = mapped_column(sa.String(MAX_PATTERN))
    match: Mapped[str] = mapped_column(sa.String(16))
    tag: Mapped[str] = mapped_column(sa.String(MAX_TAG), index=True)
    priority: Mapped[int] = mapped_column(default=0)
    enabled: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str] = mapped_column(sa.String(MAX_NOTE), default="")
    hit_count: Mapped[int] = mapped_column(default=0)
    last_hit_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class FollowerTag(Base):
    """One tag on one follower: when it was first and last set, how often, and by what."""

    __tablename__ = "follower_tags"
    __table_args__ = (sa.UniqueConstraint("user_id", "tag", name="uq_follower_tags_user_id_tag"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(sa.String(64))
    tag: Mapped[str] = mapped_column(sa.String(MAX_TAG), index=True)
    source: Mapped[str] = mapped_column(sa.String(MAX_SOURCE))
    rule_id: Mapped[int | None]
    rule_pattern: Mapped[str | None] = mapped_column(sa.String(MAX_PATTERN))
    rule_match: Mapped[str | None] = mapped_column(sa.String(16))
    first_at: Mapped[datetime]
    last_at: Mapped[datetime]
    hit_count: Mapped[int] = mapped_column(default=1)


class TagEvent(Base):
    """The audit trail: every time a follower was tagged (and unfollowed), with the rule as it was then."""

    __tablename__ = "tag_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    action: Mapped[str] = mapped_column(sa.String(16))  # tag | unfollow
    tag: Mapped[str | None] = mapped_column(sa.String(MAX_TAG))
    source: Mapped[str] = mapped_column(sa.String(MAX_SOURCE))
    rule_id: Mapped[int | None]
    rule_pattern: Mapped[str | None] = mapped_column(sa.String(MAX_PATTERN))
    rule_match: Mapped[str | None] = mapped_column(sa.String(16))
    at: Mapped[datetime] = mapped_column(index=True)


class TaggedMessage(Base):
    """A follower's message kept for replaying draft rules; deleted after the retention period."""

    __tablename__ = "tagging_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(sa.String(64))
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(index=True)


class TagAudience(Base):
    """The LINE audience made from a tag: its id, how many ids the last upload sent, and LINE's status."""

    __tablename__ = "tag_audiences"

    tag: Mapped[str] = mapped_column(sa.String(MAX_TAG), primary_key=True)
    audience_group_id: Mapped[int] = mapped_column(sa.BigInteger)
    description: Mapped[str] = mapped_column(sa.String(120))
    uploaded: Mapped[int] = mapped_column(default=0)
    complete: Mapped[bool] = mapped_column(default=False)  # False: LINE refused part of the last upload
    status: Mapped[str | None] = mapped_column(sa.String(32))
    uploaded_at: Mapped[datetime]
    created_at: Mapped[datetime]


class TagMenu(Base):
    """The rich menu linked to every follower who carries a tag."""

    __tablename__ = "tag_menus"

    tag: Mapped[str] = mapped_column(sa.String(MAX_TAG), primary_key=True)
    rich_menu_id: Mapped[str] = mapped_column(sa.String(64))
    updated_at: Mapped[datetime]


class MenuLink(Base):
    """A rich menu link (or, without a menu id, an unlink) still to be sent to LINE, outside any webhook transaction."""

    __tablename__ = "menu_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(sa.String(64))
    tag: Mapped[str] = mapped_column(sa.String(MAX_TAG))
    rich_menu_id: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime]


class RulesVersion(Base):
    """A single row whose version moves on every rule change; workers recompile when it does."""

    __tablename__ = "tag_rules_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


def to_rule(row: TagRule) -> Rule:
    """The pure rule value of a row."""
    return Rule(pattern=row.pattern, match=row.match, tag=row.tag, priority=row.priority, enabled=row.enabled,
                note=row.note or "", id=row.id)


# --- the version stamp and the per-process matcher cache -------------------------------------------------


def current_version(session: Session) -> int:
    """The rules version stamp (0 before any change)."""
    return session.scalar(sa.select(RulesVersion.version).where(RulesVersion.id == 1)) or 0


def bump_version(session: Session, now: datetime) -> None:
    """Move the version stamp so every worker recompiles its matcher."""
    table = RulesVersion.__table__
    stmt = _insert(session, table).values(id=1, version=1, updated_at=as_utc(now))
    stmt = stmt.on_conflict_do_update(index_elements=["id"],
                                      set_={"version": table.c.version + 1, "updated_at": as_utc(now)})
    session.execute(stmt)


def live_rules(session: Session) -> list[Rule]:
    """The enabled rules, as the matcher needs them."""
    rows = session.scalars(sa.select(TagRule).where(TagRule.enabled.is_(True)).order_by(TagRule.id))
    return [to_rule(row) for row in rows]


class RuleCache:
    """One compiled matcher per worker process, recompiled when the version stamp changes."""

    def __init__(self, refresh_seconds: float = REFRESH_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        """Start empty; the first use compiles."""
        self.refresh_seconds = refresh_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._matcher = Matcher([])
        self._menu_tags: frozenset[str] = frozenset()
        self._version: int | None = None
        self._checked = -math.inf

    @property
    def version(self) -> int | None:
        """The version of the rules compiled now (None before the first compile)."""
        return self._version

    def matcher(self, session: Session, force: bool = False) -> Matcher:
        """The current matcher; reads the stamp at most every refresh_seconds unless forced."""
        now = self._clock()
        if not force and self._version is not None and now - self._checked < self.refresh_seconds:
            return self._matcher
        version = current_version(session)  # read before the rules, so a racing change is seen next time
        if version != self._version:
            with self._lock:
                if version != self._version:
                    self._compile(session, version)
        self._checked = now
        return self._matcher

    def menu_tags(self, session: Session) -> frozenset[str]:
        """The tags that carry a rich menu, as of the version last read (refreshed with the rules)."""
        self.matcher(session)
        return self._menu_tags

    def _compile(self, session: Session, version: int) -> None:
        """Load the enabled rules and the tags with menus, and swap in a new matcher."""
        matcher = Matcher(live_rules(session))
        self._menu_tags = frozenset(session.scalars(sa.select(TagMenu.tag)))
        self._matcher, self._version = matcher, version
        log.info("tag rules version %d compiled: %d rules in %.1f ms", version, len(matcher),
                 matcher.compile_seconds * 1000)


# --- the Tagger the conversation talks to -----------------------------------------------------------------


@dataclass(frozen=True)
class Retention:
    """How long message text is kept for replaying draft rules (0: not kept); `python -m bot retention` prunes."""

    days: int


@cache
def _upsert_tag(dialect: str) -> Any:
    """Insert a follower's tag, or count one more hit on it (one row even under concurrent workers)."""
    table = FollowerTag.__table__
    stmt = _insert_for(dialect, table)
    kept = ("last_at", "source", "rule_id", "rule_pattern", "rule_match")
    return stmt.on_conflict_do_update(index_elements=["user_id", "tag"], set_={
        "hit_count": table.c.hit_count + 1, **{k: getattr(stmt.excluded, k) for k in kept}})


AUDIT = sa.insert(TagEvent.__table__)
KEEP = sa.insert(TaggedMessage.__table__)
HAD_TAG = sa.select(FollowerTag.id).where(FollowerTag.user_id == sa.bindparam("user_id"),
                                          FollowerTag.tag == sa.bindparam("tag")).limit(1)
MENU_OF = sa.select(TagMenu.rich_menu_id).where(TagMenu.tag == sa.bindparam("tag"))


class SqlTagger:
    """Tags one follower per call inside the webhook event's transaction."""

    def __init__(self, session: Session, cache: RuleCache, retention: Retention) -> None:
        """Bind to one session (one webhook event)."""
        self.session, self.cache, self.retention = session, cache, retention
        self.queued_menus = False  # a rich menu link waits to be sent after this event
        self._touched: set[str] = set()

    def touch(self, user_id: str, now: datetime) -> None:
        """Make sure the follower row exists (once per event, however many tags follow)."""
        if user_id not in self._touched:
            touch_follower(self.session, user_id, as_utc(now))
            self._touched.add(user_id)

    def on_text(self, user_id: str, text: str, now: datetime) -> None:
        """Keep the message for replay, then set the tags of every rule that fires on it."""
        now = as_utc(now)
        self.touch(user_id, now)
        self._keep(user_id, text, now)
        result = self.cache.matcher(self.session).match(text)
        for tag in result.tags:
            rule = result.rule_for(tag)
            self._tag(user_id, tag, "rule", rule, now)
        _count_hits(self.session, [r.id for r in result.rules if r.id is not None], now)
        if result.tags:
            log.info("follower %s matched %d rules, %d tags", anonymise(user_id), len(result.rules),
                     len(result.tags))

    def on_event_tag(self, user_id: str, tag: str, source: str, now: datetime) -> None:
        """Set a tag that comes from an event (follow, postback, the conversation), with no rule."""
        try:
            tag, source = validate_tag(tag), validate_source(source)
        except RuleError as exc:
            log.warning("event tag for %s refused: %s", anonymise(user_id), exc.code)
            return
        now = as_utc(now)
        self.touch(user_id, now)
        self._tag(user_id, tag, source, None, now)

    def on_unfollow(self, user_id: str, now: datetime) -> None:
        """Record the unfollow in the audit trail; the tags stay (the store marks the follower blocked)."""
        run(self.session, AUDIT, {"user_id": user_id, "action": "unfollow", "tag": None, "source": "unfollow",
                                     "at": as_utc(now)})

    def _tag(self, user_id: str, tag: str, source: str, rule: Rule | None, now: datetime) -> None:
        """Upsert the follower's tag and audit it."""
        self._queue_menu(user_id, tag, now)
        snapshot = {"rule_id": rule.id if rule else None, "rule_pattern": rule.pattern if rule else None,
                    "rule_match": rule.match if rule else None}
        run(self.session, _upsert_tag(dialect_of(self.session)), {
            "user_id": user_id, "tag": tag, "source": source, "first_at": now, "last_at": now, "hit_count": 1,
            **snapshot})
        run(self.session, AUDIT, {"user_id": user_id, "action": "tag", "tag": tag, "source": source, "at": now,
                                     **snapshot})

    def _queue_menu(self, user_id: str, tag: str, now: datetime) -> None:
        """If the tag carries a rich menu and is new to this follower, leave a link for after the transaction."""
        if tag not in self.cache.menu_tags(self.session):
            return
        menu = self.session.scalar(MENU_OF, {"tag": tag})
        if menu is None:
            return
        if self.session.scalar(HAD_TAG, {"user_id": user_id, "tag": tag}) is None:
            self.session.add(MenuLink(user_id=user_id, tag=tag, rich_menu_id=menu, created_at=now))
            self.queued_menus = True

    def _keep(self, user_id: str, text: str, now: datetime) -> None:
        """Store the text for replay while retention allows (the retention command deletes it later)."""
        if self.retention.days > 0 and text.strip():
            run(self.session, KEEP, {"user_id": user_id, "text": text[:MAX_TEXT], "created_at": now})


def _count_hits(session: Session, rule_ids: list[int], now: datetime) -> None:
    """Add one hit to each rule that fired (a deleted rule simply updates nothing)."""
    if rule_ids:
        session.execute(sa.update(TagRule).where(TagRule.id.in_(rule_ids))
                        .values(hit_count=TagRule.hit_count + 1, last_hit_at=now))


@dataclass
class SqlTaggerFactory:
    """Makes the Tagger for each webhook event; holds the process-wide matcher cache."""

    cache: RuleCache
    retention: Retention

    @classmethod
    def from_settings(cls, settings: Any) -> SqlTaggerFactory:
        """A factory with the default refresh interval and the configured message retention."""
        return cls(cache=RuleCache(), retention=Retention(days=settings.message_retention_days))

    def __call__(self, session: Session) -> SqlTagger:
        """A tagger bound to this event's session."""
        return SqlTagger(session, self.cache, self.retention)


def prune_messages(session: Session, now: datetime, days: int) -> int:
    """Delete stored messages older than the retention period; return how many went."""
    cutoff = as_utc(now) - timedelta(days=max(days, 0))
    result = session.execute(sa.delete(TaggedMessage).where(TaggedMessage.created_at < cutoff))
    return int(result.rowcount or 0)


# --- repository functions for the admin ---------------------------------------------------------------


def list_rules(session: Session) -> list[TagRule]:
    """Every rule, in firing order."""
    return list(session.scalars(sa.select(TagRule).order_by(TagRule.priority.desc(), TagRule.id)))


def get_rule(session: Session, rule_id: int) -> TagRule | None:
    """One rule by id."""
    return session.get(TagRule, rule_id)


def create_rule(session: Session, rule: Rule, now: datetime) -> TagRule:
    """Add a validated rule and move the version stamp; an identical rule already there is refused (RuleError)."""
    refuse_duplicate(session, replace(rule, id=None))
    row = TagRule(created_at=as_utc(now), hit_count=0)
    _assign(row, rule, now)
    session.add(row)
    bump_version(session, now)
    session.flush()
    return row


def update_rule(session: Session, row: TagRule, rule: Rule, now: datetime) -> TagRule:
    """Change a rule's fields and move the version stamp; becoming identical to another rule is refused."""
    if identity(rule) != identity(to_rule(row)):
        refuse_duplicate(session, replace(rule, id=row.id))
    _assign(row, rule, now)
    bump_version(session, now)
    session.flush()
    return row


def delete_rule(session: Session, row: TagRule, now: datetime) -> None:
    """Delete a rule; tags it set stay, with the rule's pattern kept in their audit trail."""
    session.delete(row)
    bump_version(session, now)
    session.flush()


def _rules_of_tag(session: Session, tag: str) -> list[Rule]:
    """Every rule that sets one tag (duplicates and overlaps only ever involve rules of the same tag)."""
    return [to_rule(r) for r in session.scalars(sa.select(TagRule).where(TagRule.tag == tag).order_by(TagRule.id))]


def refuse_duplicate(session: Session, rule: Rule) -> None:
    """Raise RuleError if another rule has the same pattern (in its normal form), match type and tag."""
    found = duplicate_of(rule, _rules_of_tag(session, rule.tag))
    if found is not None:
        raise RuleError("pattern", "duplicate_rule", found.message)


def rule_warnings(session: Session, row: TagRule) -> list[Finding]:
    """The lint warnings that name this rule: rules it duplicates, covers, is covered by or overlaps."""
    return findings_about(row.id, _rules_of_tag(session, row.tag))


def _assign(row: TagRule, rule: Rule, now: datetime) -> None:
    """Copy a rule's editable fields onto its row."""
    row.pattern, row.match, row.tag = rule.pattern, rule.match, rule.tag
    row.priority, row.enabled, row.note = rule.priority, rule.enabled, rule.note
    row.updated_at = as_utc(now)


@dataclass(frozen=True)
class ImportReport:
    """What a CSV import did."""

    created: int
    skipped: int
    deleted: int = 0


def import_rules(session: Session, rules: Iterable[Rule], now: datetime, replace_all: bool = False) -> ImportReport:
    """Add rules, skipping ones identical to an existing rule; optionally replace every rule first."""
    deleted = 0
    if replace_all:
        deleted = int(session.execute(sa.delete(TagRule)).rowcount or 0)
    existing = {_identity(to_rule(row)) for row in session.scalars(sa.select(TagRule))}
    created = skipped = 0
    for rule in rules:
        if _identity(rule) in existing:
            skipped += 1
            continue
        existing.add(_identity(rule))
        row = TagRule(created_at=as_utc(now), hit_count=0)
        _assign(row, rule, now)
        session.add(row)
        created += 1
    bump_version(session, now)
    session.flush()
    return ImportReport(created=created, skipped=skipped, deleted=deleted)


def _identity(rule: Rule) -> tuple[str, str, str]:
    """What makes two rules the same rule for import: pattern, match type and tag."""
    return (rule.pattern, rule.match, rule.tag)


@dataclass(frozen=True)
class TagSummary:
    """A tag with how many followers carry it and how many rules set it."""

    tag: str
    followers: int
    blocked: int
    rules: int
    last_at: datetime | None

    @property
    def active(self) -> int:
        """Followers who have not blocked the account (the ones an audience can reach)."""
        return self.followers - self.blocked


def tag_summaries(session: Session) -> list[TagSummary]:
    """Every tag in use or set by a rule, most followers first."""
    blocked = sa.func.sum(sa.case((Follower.blocked.is_(True), 1), else_=0))
    rows = session.execute(
        sa.select(FollowerTag.tag, sa.func.count(), blocked, sa.func.max(FollowerTag.last_at))
        .outerjoin(Follower, Follower.user_id == FollowerTag.user_id).group_by(FollowerTag.tag)
    ).all()
    rule_counts = dict(session.execute(sa.select(TagRule.tag, sa.func.count()).group_by(TagRule.tag)).all())
    found = {tag: TagSummary(tag, int(n), int(b or 0), int(rule_counts.get(tag, 0)), last and as_utc(last))
             for tag, n, b, last in rows}
    for tag, n in rule_counts.items():
        found.setdefault(tag, TagSummary(tag, 0, 0, int(n), None))
    return sorted(found.values(), key=lambda s: (-s.followers, s.tag))


def tag_exists(session: Session, tag: str) -> bool:
    """True if some follower carries the tag or some rule sets it."""
    on_follower = sa.select(FollowerTag.id).where(FollowerTag.tag == tag).limit(1)
    in_rule = sa.select(TagRule.id).where(TagRule.tag == tag).limit(1)
    return session.scalar(on_follower) is not None or session.scalar(in_rule) is not None


@dataclass(frozen=True)
class TagMember:
    """One follower carrying a tag."""

    user_id: str
    blocked: bool
    source: str
    rule_id: int | None
    first_at: datetime
    last_at: datetime
    hit_count: int


def _members(tag: str, include_blocked: bool) -> sa.Select[Any]:
    """The query for a tag's followers, oldest tagging first."""
    stmt = (sa.select(FollowerTag, Follower.blocked).outerjoin(Follower, Follower.user_id == FollowerTag.user_id)
            .where(FollowerTag.tag == tag))
    if not include_blocked:
        stmt = stmt.where(sa.or_(Follower.blocked.is_(False), Follower.blocked.is_(None)))
    return stmt.order_by(FollowerTag.id)


def tag_members(session: Session, tag: str, limit: int, offset: int = 0,
                include_blocked: bool = True) -> tuple[int, list[TagMember]]:
    """One page of a tag's followers and the total count."""
    stmt = _members(tag, include_blocked)
    total = session.scalar(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = session.execute(stmt.limit(limit).offset(offset)).all()
    return total, [TagMember(t.user_id, bool(b), t.source, t.rule_id, as_utc(t.first_at), as_utc(t.last_at),
                             t.hit_count) for t, b in rows]


def tag_user_ids(session: Session, tag: str, include_blocked: bool = False) -> Iterator[str]:
    """Every user id carrying a tag, streamed (for an audience upload)."""
    stmt = _members(tag, include_blocked).with_only_columns(FollowerTag.user_id)
    for (user_id,) in session.execute(stmt.execution_options(yield_per=1000)):
        yield user_id


@dataclass(frozen=True)
class RecentFollower:
    """A follower tagged lately."""

    user_id: str
    tags: int
    last_at: datetime


def recently_tagged(session: Session, limit: int) -> list[RecentFollower]:
    """The followers tagged most recently, with how many tags each carries."""
    last = sa.func.max(FollowerTag.last_at)
    rows = session.execute(sa.select(FollowerTag.user_id, sa.func.count(), last).group_by(FollowerTag.user_id)
                           .order_by(last.desc()).limit(limit)).all()
    return [RecentFollower(user_id, int(n), as_utc(at)) for user_id, n, at in rows]


@dataclass(frozen=True)
class FollowerTagView:
    """A follower's tag and why they have it."""

    tag: str
    source: str
    rule_id: int | None
    rule_pattern: str | None
    rule_match: str | None
    rule_exists: bool
    first_at: datetime
    last_at: datetime
    hit_count: int


@dataclass(frozen=True)
class FollowerView:
    """A follower with their tags and the latest audit entries."""

    user_id: str
    known: bool
    blocked: bool
    followed_at: datetime | None
    unfollowed_at: datetime | None
    last_seen_at: datetime | None
    tags: list[FollowerTagView]
    history: list[TagEvent]


def follower_view(session: Session, user_id: str, history: int = 50) -> FollowerView | None:
    """Everything about a follower's tags, or None if the bot never saw them."""
    follower = session.scalars(sa.select(Follower).where(Follower.user_id == user_id)).first()
    rows = session.execute(
        sa.select(FollowerTag, TagRule.id).outerjoin(TagRule, TagRule.id == FollowerTag.rule_id)
        .where(FollowerTag.user_id == user_id).order_by(FollowerTag.first_at, FollowerTag.id)
    ).all()
    if follower is None and not rows:
        return None
    tags = [FollowerTagView(t.tag, t.source, t.rule_id, t.rule_pattern, t.rule_match, rid is not None,
                            as_utc(t.first_at), as_utc(t.last_at), t.hit_count) for t, rid in rows]
    events = list(session.scalars(sa.select(TagEvent).where(TagEvent.user_id == user_id)
                                  .order_by(TagEvent.at.desc(), TagEvent.id.desc()).limit(history)))
    return FollowerView(
        user_id=user_id, known=follower is not None, blocked=bool(follower and follower.blocked),
        followed_at=_maybe_utc(follower.followed_at if follower else None),
        unfollowed_at=_maybe_utc(follower.unfollowed_at if follower else None),
        last_seen_at=_maybe_utc(follower.last_seen_at if follower else None), tags=tags, history=events,
    )


def _maybe_utc(moment: datetime | None) -> datetime | None:
    """as_utc for optional times."""
    return as_utc(moment) if moment else None


# --- replaying draft rules over recent messages ---------------------------------------------------------


@dataclass
class ReplayReport:
    """What draft rules would have done to the messages kept for the retention period."""

    days: int
    messages: int = 0
    matched_messages: int = 0
    followers: int = 0
    new_followers: int = 0
    by_tag: dict[str, int] = field(default_factory=dict)
    by_rule: list[int] = field(default_factory=list)
    samples: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data (sample texts included: admins only)."""
        return {"days": self.days, "messages": self.messages, "matched_messages": self.matched_messages,
                "followers": self.followers, "new_followers": self.new_followers, "by_tag": self.by_tag,
                "by_rule": self.by_rule, "samples": self.samples, "truncated": self.truncated}


def replay(session: Session, rules: list[Rule], now: datetime, days: int, limit: int = REPLAY_LIMIT,
           samples: int = 5) -> ReplayReport:
    """Run draft rules over the stored messages: how many followers they would have tagged."""
    drafts = [replace(r, enabled=True, id=r.id if r.id is not None else -(i + 1)) for i, r in enumerate(rules)]
    order = {r.id: i for i, r in enumerate(drafts)}
    matcher = Matcher(drafts)
    report = ReplayReport(days=days, by_rule=[0] * len(drafts))
    hits: dict[str, set[str]] = defaultdict(set)
    for user_id, text in _recent(session, now, days, limit + 1):
        if report.messages == limit:
            report.truncated = True
            break
        report.messages += 1
        result = matcher.match(text)
        if not result.rules:
            continue
        _count_match(report, result, user_id, text, hits, order, samples)
    users = set().union(*hits.values()) if hits else set()
    report.followers = len(users)
    report.new_followers = len(users) - _already_tagged(session, hits)
    report.by_tag = {tag: len(ids) for tag, ids in sorted(hits.items())}
    return report


def _recent(session: Session, now: datetime, days: int, limit: int) -> Iterator[tuple[str, str]]:
    """Stored messages within the retention period, newest first."""
    cutoff = as_utc(now) - timedelta(days=days)
    stmt = (sa.select(TaggedMessage.user_id, TaggedMessage.text).where(TaggedMessage.created_at >= cutoff)
            .order_by(TaggedMessage.id.desc()).limit(limit))
    yield from ((row.user_id, row.text) for row in session.execute(stmt.execution_options(yield_per=2000)))


def _count_match(report: ReplayReport, result: Any, user_id: str, text: str, hits: dict[str, set[str]],
                 order: dict[int | None, int], samples: int) -> None:
    """Add one matching message to the report."""
    report.matched_messages += 1
    for rule in result.rules:
        report.by_rule[order[rule.id]] += 1
    for tag in result.tags:
        hits[tag].add(user_id)
    if len(report.samples) < samples:
        report.samples.append({"text": text[:SAMPLE_CHARS], "tags": list(result.tags)})


def _already_tagged(session: Session, hits: dict[str, set[str]]) -> int:
    """How many matched followers already carry every tag the drafts would give them."""
    missing: set[str] = set()
    for tag, users in hits.items():
        ordered = sorted(users)
        for i in range(0, len(ordered), 500):
            chunk = ordered[i : i + 500]
            stmt = sa.select(FollowerTag.user_id).where(FollowerTag.tag == tag, FollowerTag.user_id.in_(chunk))
            have = set(session.scalars(stmt))
            missing.update(u for u in chunk if u not in have)
    users = set().union(*hits.values()) if hits else set()
    return len(users - missing)


# --- display names, fetched lazily by the admin -------------------------------------------------------------

NAME_MAX_AGE = timedelta(days=1)


def names_due(session: Session, user_ids: Iterable[str], now: datetime, limit: int) -> list[str]:
    """Of these followers, at most `limit` not blocked whose name was never looked up or is a day old or more."""
    wanted = list(dict.fromkeys(user_ids))
    if not wanted or limit <= 0:
        return []
    stale = as_utc(now) - NAME_MAX_AGE
    rows = session.execute(sa.select(Follower.user_id, Follower.profile_checked_at)
                           .where(Follower.user_id.in_(wanted), Follower.blocked.is_(False))).all()
    checked = {user_id: at for user_id, at in rows}
    due = [u for u in wanted if u in checked and (checked[u] is None or as_utc(checked[u]) <= stale)]
    return due[:limit]


def record_names(session: Session, found: dict[str, str | None], now: datetime) -> None:
    """Store looked-up names (None: LINE gave none, the old name stays) and when each follower was checked."""
    for follower in session.scalars(sa.select(Follower).where(Follower.user_id.in_(list(found)))):
        name = found[follower.user_id]
        if name:
            follower.display_name = name[:100]
        follower.profile_checked_at = as_utc(now)


def display_names(session: Session, user_ids: Iterable[str]) -> dict[str, str]:
    """The known display names of these followers (followers without one are left out)."""
    wanted = list(dict.fromkeys(user_ids))
    if not wanted:
        return {}
    rows = session.execute(sa.select(Follower.user_id, Follower.display_name)
                           .where(Follower.user_id.in_(wanted), Follower.display_name.is_not(None)))
    return {user_id: name for user_id, name in rows}


# --- LINE audiences made from tags --------------------------------------------------------------------------


def get_audience(session: Session, tag: str) -> TagAudience | None:
    """The audience record of a tag, if one was ever made."""
    return session.get(TagAudience, tag)


def save_audience(session: Session, tag: str, audience_group_id: int, description: str, uploaded: int,
                  complete: bool, now: datetime) -> TagAudience:
    """Record an upload to a tag's audience (creating the record the first time)."""
    row = session.get(TagAudience, tag)
    if row is None:
        row = TagAudience(tag=tag, created_at=as_utc(now))
        session.add(row)
    row.audience_group_id, row.description = audience_group_id, description
    row.uploaded, row.complete, row.uploaded_at = uploaded, complete, as_utc(now)
    session.flush()
    return row


def set_audience_status(session: Session, tag: str, status: str | None) -> None:
    """Remember LINE's last answer about the audience's state (IN_PROGRESS, READY, FAILED…)."""
    row = session.get(TagAudience, tag)
    if row is not None and status:
        row.status = status[:32]


# --- per-tag rich menus -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingLink:
    """A link (rich_menu_id set) or unlink (None) still to be sent to LINE."""

    id: int
    user_id: str
    tag: str
    rich_menu_id: str | None


def tag_menu(session: Session, tag: str) -> str | None:
    """The rich menu id a tag links, if any."""
    return session.scalar(sa.select(TagMenu.rich_menu_id).where(TagMenu.tag == tag))


def set_tag_menu(session: Session, tag: str, rich_menu_id: str, now: datetime) -> None:
    """Give a tag its rich menu (replacing an older one); links queued for the tag are dropped."""
    row = session.get(TagMenu, tag)
    if row is None:
        session.add(TagMenu(tag=tag, rich_menu_id=rich_menu_id, updated_at=as_utc(now)))
    else:
        row.rich_menu_id, row.updated_at = rich_menu_id, as_utc(now)
    session.execute(sa.delete(MenuLink).where(MenuLink.tag == tag))
    bump_version(session, now)  # every worker's cache learns which tags carry a menu


def clear_tag_menu(session: Session, tag: str, now: datetime) -> None:
    """Take a tag's rich menu away; links queued for the tag are dropped."""
    session.execute(sa.delete(TagMenu).where(TagMenu.tag == tag))
    session.execute(sa.delete(MenuLink).where(MenuLink.tag == tag))
    bump_version(session, now)


def pending_links(session: Session, limit: int) -> list[PendingLink]:
    """The oldest links still to send."""
    rows = session.scalars(sa.select(MenuLink).order_by(MenuLink.id).limit(limit))
    return [PendingLink(r.id, r.user_id, r.tag, r.rich_menu_id) for r in rows]


def drop_links(session: Session, ids: Iterable[int]) -> None:
    """Forget links that were sent (or that LINE refused for good)."""
    wanted = list(ids)
    if wanted:
        session.execute(sa.delete(MenuLink).where(MenuLink.id.in_(wanted)))
