"""The command implementations behind `python -m bot`."""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import uuid
from pathlib import Path

from bot import logs
from bot.answers.plain import as_text
from bot.clock import Clock, FixedClock, SystemClock
from bot.conversation.events import TextIn
from bot.conversation.ports import MemoryStore, NullTagger
from bot.conversation.service import Conversation, Turn

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"


def run(args: argparse.Namespace) -> int:
    """Dispatch one parsed command."""
    commands = {"chat": chat, "serve": serve, "db": db, "retention": retention, "i18n": i18n, "richmenu": richmenu}
    return commands[args.command](args)


def chat(args: argparse.Namespace) -> int:
    """Read questions from stdin and print the bot's replies as text."""
    conversation, store = Conversation(), MemoryStore()
    clock: Clock = FixedClock(args.at) if args.at else SystemClock()
    interactive = sys.stdin.isatty()
    if interactive:
        print("輸入問題（例如：好友2000人每月發4次），Ctrl-D 結束。")
    user = "Uconsole" + uuid.uuid4().hex[:24]
    for line in _lines(interactive):
        if not line.strip():
            continue
        incoming = TextIn(event_id=uuid.uuid4().hex, user_id=user, reply_token="console", at=clock.now(), text=line)
        turn = Turn(store=store, tagger=NullTagger(), now=incoming.at, language=args.lang)
        messages = conversation.handle(incoming, turn)
        print(as_text(messages))
        if args.json:
            print(json.dumps(messages, ensure_ascii=False, indent=1))
        print()
    return 0


def _lines(interactive: bool):  # type: ignore[no-untyped-def]
    """Lines from stdin, with a prompt when a person is typing."""
    while True:
        try:
            line = input("你> ") if interactive else sys.stdin.readline()
        except EOFError:
            return
        if not interactive and line == "":
            return
        yield line.rstrip("\n")


def serve(args: argparse.Namespace) -> int:
    """Run the app with Flask's server in dev mode (SQLite, preview page, no LINE account)."""
    import os

    from bot.app import create_app
    from bot.settings import Settings
    from bot.store.migrate import upgrade

    env = {**os.environ, "BOT_DEV": "1"}
    settings = Settings.from_env(env)
    upgrade(settings.database_url)
    app = create_app(settings)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # request lines would show follower ids
    print(f"Chat preview: http://127.0.0.1:{args.port}/preview")
    app.run(host="127.0.0.1", port=args.port)
    return 0


def db(args: argparse.Namespace) -> int:
    """Apply migrations to DATABASE_URL (or the SQLite file under instance/)."""
    import os

    from bot.settings import default_database_url, normalise_database_url
    from bot.store.migrate import upgrade

    url = normalise_database_url(os.environ.get("DATABASE_URL") or default_database_url(Path.cwd() / "instance"))
    upgrade(url)
    print("database is up to date")
    return 0


def retention(args: argparse.Namespace) -> int:
    """Enforce the keeping times once, or every `--every` seconds until stopped."""
    import threading

    from bot.settings import Settings
    from bot.store.db import make_engine, make_session_factory
    from bot.store.retention import enforce

    settings = Settings.from_env()
    logs.configure(json_lines=settings.json_logs)
    sessions, clock, stop = make_session_factory(make_engine(settings.database_url)), SystemClock(), threading.Event()
    while True:
        try:
            with sessions.begin() as session:
                enforce(session, clock.now(), settings.message_retention_days)
        except Exception as exc:  # noqa: BLE001 - a scheduled job tries again at its next turn
            logging.getLogger(__name__).error("retention run failed (%s)", type(exc).__name__)
            if not args.every:
                return 1
        if not args.every or stop.wait(args.every):
            return 0


def i18n(args: argparse.Namespace) -> int:
    """Extract, update or compile the Babel catalogs under locales/."""
    pot = LOCALES / "messages.pot"
    cmd = {
        "extract": ["extract", "-F", str(ROOT / "babel.cfg"), "-o", str(pot), "--project", "line-oa-pricing-bot",
                    "--no-location", "--sort-output", "--no-wrap", str(ROOT / "bot")],
        "update": ["update", "-i", str(pot), "-d", str(LOCALES), "--no-fuzzy-matching", "--no-wrap",
                   "--ignore-obsolete"],
        "compile": ["compile", "-d", str(LOCALES), "--statistics"],
    }[args.action]
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *cmd], check=True)
    return 0


def richmenu(args: argparse.Namespace) -> int:
    """Check the rich menu, deploy it to LINE, list or delete the channel's menus (free calls only)."""
    from bot.richmenu.commands import run

    return run(args)
