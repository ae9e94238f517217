"""Command line: chat, serve, db, retention, i18n, richmenu."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import cli

RICHMENU = Path(__file__).resolve().parent / "richmenu"


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="LINE OA pricing assistant")
    sub = parser.add_subparsers(dest="command", required=True)
    chat = sub.add_parser("chat", help="talk to the bot in the terminal, no LINE account needed")
    chat.add_argument("--lang", default=None, help="reply language: zh_Hant_TW or en")
    chat.add_argument("--json", action="store_true", help="print the LINE message JSON too")
    chat.add_argument("--at", type=_moment, default=None,
                      help="ask as if at this moment (ISO 8601, e.g. 2026-11-20T10:00+08:00); default: now")
    serve = sub.add_parser("serve", help="run the app locally with the chat preview page")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    db = sub.add_parser("db", help="database schema")
    db.add_argument("action", choices=["upgrade"])
    retention = sub.add_parser("retention", help="delete what is past its keeping time (event ids, replies, texts)")
    retention.add_argument("--every", type=float, default=0, metavar="SECONDS",
                           help="keep running, once every SECONDS (the Procfile's retention: line); default: once")
    i18n = sub.add_parser("i18n", help="translation catalogs")
    i18n.add_argument("action", choices=["extract", "update", "compile"])
    richmenu = sub.add_parser("richmenu", help="check, deploy, list or delete the LINE rich menu (free API calls)")
    menu_actions = richmenu.add_subparsers(dest="action", required=True)
    validate = menu_actions.add_parser("validate", help="check menu.json and its image against LINE's limits")
    deploy = menu_actions.add_parser(
        "deploy", help="make the menu the default, creating it only if it changed; then delete our older menus")
    deploy.add_argument("--delete-others", action="store_true", help=argparse.SUPPRESS)  # old flag, now a no-op
    for command in (validate, deploy):
        command.add_argument("--menu", type=Path, default=RICHMENU / "menu.json", help="menu definition (JSON)")
        command.add_argument("--image", type=Path, default=RICHMENU / "menu.png", help="menu picture (PNG/JPEG)")
    menu_actions.add_parser("list", help="list the channel's rich menus, ours and the default marked")
    delete = menu_actions.add_parser("delete", help="delete this bot's rich menus (never another tool's)")
    delete.add_argument("ids", nargs="*", metavar="ID", help="rich menu ids, each of which must be ours")
    delete.add_argument("--all", action="store_true", help="delete every one of our menus")
    args = parser.parse_args(argv)
    return int(cli.run(args) or 0)


def _moment(text: str) -> datetime:
    """An ISO 8601 moment; without a zone it is Taiwan time."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("Asia/Taipei"))


if __name__ == "__main__":
    sys.exit(main())
