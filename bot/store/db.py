"""Engine and session factory, with SQLite tuned for several workers."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL and a busy timeout so workers wait instead of failing.

    Statement parameters (user ids, message text) are hidden from every SQLAlchemy error message.
    """
    if url.startswith("sqlite"):
        _ensure_sqlite_dir(url)
        engine = sa.create_engine(url, connect_args={"timeout": 15, "check_same_thread": False},
                                 hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, hide_parameters=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


def _ensure_sqlite_dir(url: str) -> None:
    """Create the folder of a file-backed SQLite database."""
    path = sa.engine.make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    """Turn on WAL, a busy timeout and foreign keys for every SQLite connection."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")  # with WAL: safe against a crashed process, one fsync per checkpoint
    cur.execute("PRAGMA busy_timeout=15000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
