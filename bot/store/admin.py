"""Admin security in the database, shared by every worker: failed-login counters and the session version."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.store.models import Base
from bot.store.repos import _insert

MAX_KEY = 80


class LoginFailure(Base):
    """How many attempts failed for one key (a client or a whole account) within one time bucket."""

    __tablename__ = "admin_login_failures"

    key: Mapped[str] = mapped_column(sa.String(MAX_KEY), primary_key=True)
    bucket: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)  # epoch s, start
    count: Mapped[int] = mapped_column(default=0)


class AdminState(Base):
    """The single row of admin-wide state: the session version every admin cookie must carry."""

    __tablename__ = "admin_state"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    session_version: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime]


def failures_since(session: Session, keys: Iterable[str], since: int) -> dict[str, list[tuple[int, int]]]:
    """Each key's (bucket, count) pairs from bucket `since` on, oldest first."""
    rows = session.execute(
        sa.select(LoginFailure.key, LoginFailure.bucket, LoginFailure.count)
        .where(LoginFailure.key.in_(list(keys)), LoginFailure.bucket >= since)
        .order_by(LoginFailure.bucket)
    )
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for key, bucket, count in rows:
        found[key].append((bucket, count))
    return found


def add_failure(session: Session, keys: Iterable[str], bucket: int) -> None:
    """Count one failure for each key in a bucket (an upsert, so concurrent workers never lose one)."""
    table = LoginFailure.__table__
    for key in keys:
        stmt = _insert(session, table).values(key=key, bucket=bucket, count=1)
        session.execute(stmt.on_conflict_do_update(index_elements=["key", "bucket"],
                                                   set_={"count": table.c.count + 1}))


def forget_failures(session: Session, key: str) -> None:
    """Drop every counter of one key."""
    session.execute(sa.delete(LoginFailure).where(LoginFailure.key == key))


def prune_failures(session: Session, before: int) -> None:
    """Drop counters of buckets that no longer matter, so the table stays tiny."""
    session.execute(sa.delete(LoginFailure).where(LoginFailure.bucket < before))


def session_version(session: Session) -> int:
    """The version admin cookies must carry (0 before the first logout)."""
    return session.scalar(sa.select(AdminState.session_version).where(AdminState.id == 1)) or 0


def bump_session_version(session: Session, now: datetime) -> None:
    """Move the session version, so every cookie issued before now stops opening the admin."""
    table = AdminState.__table__
    stmt = _insert(session, table).values(id=1, session_version=1, updated_at=now)
    session.execute(stmt.on_conflict_do_update(index_elements=["id"],
                                               set_={"session_version": table.c.session_version + 1,
                                                     "updated_at": now}))
