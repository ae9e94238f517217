"""The Procfile's web line as a platform runs it: preloaded gunicorn workers reply from their own senders."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factories import SECRET, body, sign, text_event
from tests.fakeline import FakeLine
from tests.reading import readable

ROOT = Path(__file__).resolve().parents[2]


def procfile() -> dict[str, str]:
    """Process type → command line."""
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    return {name.strip(): command.strip() for name, _, command in (line.partition(":") for line in lines) if command}


def free_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path, line: FakeLine) -> Iterator[tuple[str, subprocess.Popen[str], Path, ServerLog]]:
    """The release line, then the web line with two workers; yields its base URL once both workers booted."""
    port = free_port()
    env = {**os.environ, "PORT": str(port), "WEB_CONCURRENCY": "2", "LINE_CHANNEL_SECRET": SECRET,
           "LINE_CHANNEL_ACCESS_TOKEN": "t", "LINE_API_BASE_URL": line.url, "DATABASE_URL": f"sqlite:///{tmp_path}/b.db",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"), "HOME": str(tmp_path),
           "REPLY_LEASE_SECONDS": "2"}
    commands = procfile()
    subprocess.run(["sh", "-c", commands["release"]], env=env, cwd=ROOT, check=True, capture_output=True, timeout=120)
    process = subprocess.Popen(["sh", "-c", f"exec {commands['web']}"], env=env, cwd=ROOT, text=True,
                               stderr=subprocess.PIPE, start_new_session=True)
    booted = 0
    assert process.stderr is not None
    for log_line in process.stderr:  # blocks on the server's own log, no polling
        booted += "Booting worker" in log_line
        if booted == 2:
            break
    log = ServerLog()
    drain = threading.Thread(target=log.read, args=(process.stderr,), daemon=True)
    drain.start()  # the pipe must not fill while the server logs
    try:
        yield f"http://127.0.0.1:{port}", process, tmp_path / "b.db", log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        drain.join(10)
        process.stderr.close()
    assert not [entry for entry in log.lines if '"level": "error"' in entry or "Traceback" in entry], log.lines[-5:]


class ServerLog:
    """The server's log lines as they come, so a test can wait for one (woken per line, never polling)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.changed = threading.Condition()

    def read(self, stream: Any) -> None:
        """Collect every line until the server closes its stderr."""
        for entry in stream:
            with self.changed:
                self.lines.append(entry)
                self.changed.notify_all()

    def wait_for(self, text: str, timeout: float = 30.0) -> bool:
        """True once a line holding `text` was logged."""
        with self.changed:
            return self.changed.wait_for(lambda: any(text in entry for entry in self.lines), timeout)


def post(base: str, raw: bytes) -> int:
    """A signed webhook; its status."""
    request = urllib.request.Request(f"{base}/callback", data=raw, method="POST",
                                     headers={"X-Line-Signature": sign(raw), "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(response.status)


def metric(text: str, name: str) -> float:
    """The sum of a metric's samples whose line starts with `name`."""
    return sum(float(m.group(1)) for m in re.finditer(rf"^{re.escape(name)}\S* (\S+)$", text, re.M))


def test_the_web_line_acknowledges_then_replies_from_its_workers(server: Any, line: FakeLine) -> None:
    base, _, _, _ = server
    events = [text_event(f"好友{n}人每月推播4次", user="U" + f"{n:032x}") for n in (1000, 2000, 3000, 4000)]
    for ev in events:
        assert post(base, body(ev)) == 200
    replies = {r["replyToken"]: r["messages"] for r in line.wait_for_replies(4, timeout=30)}
    assert set(replies) == {ev["replyToken"] for ev in events}
    assert all("NT$" in readable(messages) for messages in replies.values())
    with urllib.request.urlopen(f"{base}/metrics", timeout=30) as response:
        exposed = response.read().decode()
    assert metric(exposed, 'bot_events_total{kind="TextIn",outcome="answered"}') == 4, "summed over both workers"
    assert line.costly_calls() == []


def workers(master: int) -> list[int]:
    """The pids of a gunicorn master's workers."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                children.append(int(entry.name))
    return children


def test_workers_killed_with_a_reply_on_the_wire_leave_it_to_new_ones_and_nobody_gets_it_twice(
        server: Any, line: FakeLine) -> None:
    base, process, database, log = server
    line.delay = 3.0  # LINE takes the reply at once and answers three seconds later
    ev = text_event("中用量月費多少")
    assert post(base, body(ev)) == 200
    line.wait_for_arrivals("/v2/bot/message/reply", 1)
    for pid in workers(process.pid):
        os.kill(pid, signal.SIGKILL)
    line.delay = 0.0
    line.wait_for_replies(2, timeout=30)  # a new worker's sweeper takes the reply once its lease runs out
    assert [c["status"] for c in line.calls_to("POST", "/v2/bot/message/reply")] == [200, 400]
    assert len(line.accepted_replies()) == 1, "the follower got the answer once"
    assert log.wait_for("refused (HTTP 400")
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT state, last_status FROM pending_replies").fetchall() == [("refused", 400)]
