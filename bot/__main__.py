"""Command line: chat, serve, db, i18n."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from bot import cli


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="LINE OA pricing assistant")
    sub = parser.add_subparsers(dest="command", required=True)
    chat = sub.add_parser("chat", help="talk to the bot in the terminal, no LINE account needed")
    chat.add_argument("--lang", default=None, help="reply language: zh_Hant_TW or en")
    chat.add_argument("--json", action="store_true", help="print the LINE message JSON too")
    serve = sub.add_parser("serve", help="run the app locally with the chat preview page")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    db = sub.add_parser("db", help="database schema")
    db.add_argument("action", choices=["upgrade"])
    i18n = sub.add_parser("i18n", help="translation catalogs")
    i18n.add_argument("action", choices=["extract", "update", "compile"])
    args = parser.parse_args(argv)
    return int(cli.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
