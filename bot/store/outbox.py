"""Pending replies: written with their event, taken by one sender at a time, finished once.

Every statement here is a single atomic INSERT or UPDATE, so several web processes (and machines, on
PostgreSQL) can share the table: a sender takes a reply only by moving its lease, and only the lease's
owner may finish it. PostgreSQL skips rows another sender is taking (SKIP LOCKED) instead of waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.store.models import PENDING, SENT, PendingReply, as_utc

TABLE = PendingReply.__table__
COLUMNS = (TABLE.c.id, TABLE.c.reply_token, TABLE.c.body, TABLE.c.user_id, TABLE.c.lease_until,
           TABLE.c.expires_at, TABLE.c.attempts)


@dataclass(frozen=True)
class ReplyJob:
    """One reply a sender holds: what to send, until when it may, and until when LINE takes the token."""

    id: int
    reply_token: str
    body: str
    user_id: str | None
    lease_until: datetime
    expires_at: datetime
    attempts: int

    @classmethod
    def from_row(cls, row: sa.Row[tuple[int, str, str, str | None, datetime, datetime, int]]) -> ReplyJob:
        """A job from a row of COLUMNS (SQLite hands back naive UTC times)."""
        return cls(id=row[0], reply_token=row[1], body=row[2], user_id=row[3], lease_until=as_utc(row[4]),
                   expires_at=as_utc(row[5]), attempts=row[6])


@dataclass(frozen=True)
class NewReply:
    """A reply to record with its event."""

    event_id: str
    reply_token: str
    body: str
    user_id: str | None
    expires_at: datetime


RECORD = sa.insert(TABLE).returning(TABLE.c.id)
_HELD = (TABLE.c.id == sa.bindparam("job_id"), TABLE.c.owner == sa.bindparam("holder"), TABLE.c.state == PENDING)
FINISH = sa.update(TABLE).where(*_HELD).values(state=sa.bindparam("new_state"), last_status=sa.bindparam("status"),
                                               attempts=sa.bindparam("tries"), done_at=sa.bindparam("at"), owner=None)
RETRY = sa.update(TABLE).where(*_HELD).values(owner=None, lease_until=sa.bindparam("at"),
                                              attempts=sa.bindparam("tries"), last_status=sa.bindparam("status"))
RENEW = sa.update(TABLE).where(*_HELD).values(lease_until=sa.bindparam("until"))


def record(session: Session, reply: NewReply, owner: str, now: datetime, lease: timedelta) -> ReplyJob:
    """Insert a reply already leased to this process's senders; the caller commits it with the event id."""
    lease_until = as_utc(now) + lease
    job_id = session.connection().execute(RECORD, {
        "webhook_event_id": reply.event_id, "reply_token": reply.reply_token, "body": reply.body,
        "user_id": reply.user_id, "state": PENDING, "owner": owner, "lease_until": lease_until,
        "expires_at": as_utc(reply.expires_at), "attempts": 0, "created_at": as_utc(now)}).scalar_one()
    return ReplyJob(id=job_id, reply_token=reply.reply_token, body=reply.body, user_id=reply.user_id,
                    lease_until=lease_until, expires_at=as_utc(reply.expires_at), attempts=0)


def take_due(session: Session, owner: str, now: datetime, lease: timedelta, limit: int) -> list[ReplyJob]:
    """Lease up to `limit` pending replies whose lease ran out (a retry that is due, a dead worker's)."""
    now = as_utc(now)
    due = (sa.select(TABLE.c.id).where(TABLE.c.state == PENDING, TABLE.c.lease_until <= now)
           .order_by(TABLE.c.lease_until).limit(limit).with_for_update(skip_locked=True))
    stmt = (sa.update(TABLE).where(TABLE.c.id.in_(due.scalar_subquery()), TABLE.c.state == PENDING,
                                   TABLE.c.lease_until <= now)
            .values(owner=owner, lease_until=now + lease).returning(*COLUMNS))
    return [ReplyJob.from_row(row) for row in session.execute(stmt)]


def renew(session: Session, job: ReplyJob, owner: str, now: datetime, lease: timedelta) -> ReplyJob | None:
    """Extend this owner's lease before a late send; None when another sender has taken the reply."""
    until = as_utc(now) + lease
    if session.execute(RENEW, {"job_id": job.id, "holder": owner, "until": until}).rowcount != 1:
        return None
    return ReplyJob(id=job.id, reply_token=job.reply_token, body=job.body, user_id=job.user_id, lease_until=until,
                    expires_at=job.expires_at, attempts=job.attempts)


def finish(session: Session, job: ReplyJob, owner: str, state: str, status: int | None, now: datetime) -> bool:
    """Close a reply for good (sent, expired, refused); False when this owner no longer held it."""
    params = {"job_id": job.id, "holder": owner, "new_state": state, "status": status, "tries": job.attempts + 1,
              "at": as_utc(now)}
    return session.execute(FINISH, params).rowcount == 1


def finish_sent(session: Session, sent: list[tuple[ReplyJob, int, datetime]], owner: str) -> None:
    """Mark many sent replies in one statement run (the senders batch them to keep write locks short)."""
    session.connection().execute(FINISH, [
        {"job_id": job.id, "holder": owner, "new_state": SENT, "status": status, "tries": job.attempts + 1,
         "at": as_utc(at)} for job, status, at in sent])


def retry_at(session: Session, job: ReplyJob, owner: str, status: int | None, at: datetime) -> bool:
    """Give a reply back to every sender, due again at `at` (a 429, a 5xx or a timeout)."""
    params = {"job_id": job.id, "holder": owner, "at": as_utc(at), "tries": job.attempts + 1, "status": status}
    return session.execute(RETRY, params).rowcount == 1


def release(session: Session, job_ids: list[int], owner: str, now: datetime) -> int:
    """Hand replies this process will not send (it is stopping) to the other senders at once."""
    if not job_ids:
        return 0
    stmt = (sa.update(TABLE).where(TABLE.c.id.in_(job_ids), TABLE.c.owner == owner, TABLE.c.state == PENDING)
            .values(owner=None, lease_until=as_utc(now)))
    return int(session.execute(stmt).rowcount or 0)


def depth(session: Session) -> int:
    """How many replies wait to be sent."""
    return session.scalar(sa.select(sa.func.count()).select_from(TABLE).where(TABLE.c.state == PENDING)) or 0


def prune(session: Session, older_than: datetime) -> int:
    """Forget finished replies (and pending ones whose token died long ago) created before a moment."""
    stmt = sa.delete(TABLE).where(TABLE.c.created_at < as_utc(older_than))
    return int(session.execute(stmt).rowcount or 0)
