"""Engine and session factory, with SQLite tuned for several workers."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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
    """A session factory whose objects stay readable after commit; SQLite's write transactions take turns."""
    path = sqlite_file(engine.url)
    if path is None:
        return sessionmaker(engine, expire_on_commit=False)
    return GatedSessionmaker(engine, expire_on_commit=False, gate=WriteGate(Path(f"{path}.writers")))


class WriteGate:
    """Lets one writer at a time into a SQLite file, across threads (a lock) and processes (flock).

    SQLite lets a second writer poll for the lock with sleeps of up to 100 ms; a burst of webhooks from
    several workers then spends its time asleep. Waiting on this gate instead wakes the next writer the
    moment the lock is free. Readers never wait: WAL lets them read beside the writer.
    """

    def __init__(self, path: Path) -> None:
        """The lock file sits beside the database; it is opened once per process (after a fork)."""
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0
        self._file: tuple[int, int] | None = None  # (pid, fd)

    def __enter__(self) -> WriteGate:
        """Wait for the turn of this thread, then of this process."""
        self._lock.acquire()
        if self._depth == 0:
            fcntl.flock(self._fd(), fcntl.LOCK_EX)
        self._depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        """Give the turn to the next writer."""
        self._depth -= 1
        if self._depth == 0:
            fcntl.flock(self._fd(), fcntl.LOCK_UN)
        self._lock.release()

    def _fd(self) -> int:
        """This process's own descriptor of the lock file (a forked worker must not share its parent's)."""
        if self._file is None or self._file[0] != os.getpid():
            self._file = (os.getpid(), os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        return self._file[1]


class GatedSessionmaker(sessionmaker[Session]):
    """A sessionmaker whose begin() waits at the gate: every write transaction of the app takes its turn."""

    def __init__(self, bind: Engine, gate: WriteGate, **kw: Any) -> None:
        """Remember the gate."""
        super().__init__(bind, **kw)
        self.gate = gate

    @contextmanager
    def begin(self) -> Iterator[Session]:  # type: ignore[override]
        """A session in a transaction, committed at the end, inside the gate."""
        with self.gate, super().begin() as session:
            yield session


def sqlite_file(url: sa.engine.URL) -> str | None:
    """The file of a file-backed SQLite database, or None (another database, or one in memory)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return url.database.removeprefix("file:").split("?", 1)[0]


def _ensure_sqlite_dir(url: str) -> None:
    """Create the folder of a file-backed SQLite database (a file: URI names its file the same way)."""
    path = sqlite_file(sa.engine.make_url(url))
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    """Turn on WAL, a busy timeout and foreign keys for every SQLite connection."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")  # with WAL: safe against a crashed process, one fsync per checkpoint
    cur.execute("PRAGMA busy_timeout=15000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
