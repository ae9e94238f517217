"""The three servers under test and how each is started: our bot from the Procfile, and the SDK's two echo examples."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
VENV_BIN = ROOT / ".venv" / "bin"
SECRET = "bench-load-channel-secret-0123456789"
TOKEN = "bench-load-access-token"
NAMES = ("ours", "flask-echo", "fastapi-echo")


@dataclass(frozen=True)
class Launch:
    """A server ready to spawn: its command line, environment and any step to run first."""

    name: str
    command: str
    env: dict[str, str]
    release: str | None = None
    scratch: Path | None = None  # a temporary folder to delete afterwards


def procfile(path: Path = ROOT / "Procfile") -> dict[str, str]:
    """Process type → command line, as written in the Procfile."""
    lines = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, command = line.partition(":")
        if sep and name.strip() and not name.startswith("#"):
            lines[name.strip()] = command.strip()
    return lines


def base_env(port: int, line_api: str) -> dict[str, str]:
    """The environment every server gets: the venv's tools first on PATH, the channel and the fake API."""
    env = dict(os.environ)
    env.update(PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}", PORT=str(port), LINE_CHANNEL_SECRET=SECRET,
               LINE_CHANNEL_ACCESS_TOKEN=TOKEN, LINE_API_BASE_URL=line_api, PYTHONUNBUFFERED="1")
    env.pop("VIRTUAL_ENV", None)
    return env


def ours(port: int, line_api: str) -> Launch:
    """The bot as a platform runs it: the Procfile's web line, after its release line, on a fresh SQLite file."""
    lines = procfile()
    scratch = Path(tempfile.mkdtemp(prefix="bench-load-"))
    env = base_env(port, line_api)
    env.update(DATABASE_URL=f"sqlite:///{scratch / 'bot.db'}", SECRET_KEY="bench-load-secret-key",
               ADMIN_TOKEN="bench-load-admin-token", ADMIN_PASSWORD="bench-load-admin-password")
    return Launch("ours", lines["web"], env, release=lines.get("release"), scratch=scratch)


def flask_echo(port: int, line_api: str) -> Launch:
    """line-bot-sdk's flask-echo example under gunicorn's default sync workers."""
    command = f"gunicorn flask_echo:app --chdir {HERE} --bind 127.0.0.1:{port} --workers 2"
    return Launch("flask-echo", command, base_env(port, line_api))


def fastapi_echo(port: int, line_api: str) -> Launch:
    """line-bot-sdk's fastapi-echo example under uvicorn (uvloop, httptools), access log off like gunicorn's."""
    command = f"uvicorn fastapi_echo:app --app-dir {HERE} --host 127.0.0.1 --port {port} --workers 2 --no-access-log"
    return Launch("fastapi-echo", command, base_env(port, line_api))


def launch(name: str, port: int, line_api: str) -> Launch:
    """The launch recipe for a server by name."""
    return {"ours": ours, "flask-echo": flask_echo, "fastapi-echo": fastapi_echo}[name](port, line_api)


def release(launch: Launch, log: Path) -> float:
    """Run the release step (the database migration) to the end; its duration in seconds."""
    if not launch.release:
        return 0.0
    started = time.monotonic()
    with open(log, "ab") as out:
        done = subprocess.run(["sh", "-c", launch.release], env=launch.env, cwd=ROOT, stdout=out,
                              stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{launch.name}: release step {launch.release!r} failed ({done.returncode}); see {log}")
    return time.monotonic() - started
