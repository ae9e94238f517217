"""The Procfile's web line as a platform runs it: preloaded gunicorn workers reply from their own senders."""

from __future__ import annotations

import os
import re
import signal
import socket
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
def server(tmp_path: Path, line: FakeLine) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """The release line, then the web line with two workers; yields its base URL once both workers booted."""
    port = free_port()
    env = {**os.environ, "PORT": str(port), "WEB_CONCURRENCY": "2", "LINE_CHANNEL_SECRET": SECRET,
           "LINE_CHANNEL_ACCESS_TOKEN": "t", "LINE_API_BASE_URL": line.url, "DATABASE_URL": f"sqlite:///{tmp_path}/b.db",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"), "HOME": str(tmp_path)}
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
    rest: list[str] = []
    drain = threading.Thread(target=lambda: rest.extend(process.stderr or []), daemon=True)
    drain.start()  # the pipe must not fill while the server logs
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        drain.join(10)
        process.stderr.close()
    assert not [entry for entry in rest if '"level": "error"' in entry or "Traceback" in entry], rest[-5:]


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
    base, _ = server
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
