"""`python -m bot richmenu validate|deploy|list|delete`: what each prints, and the exit code.

Results go to stdout (the default menu's id, the list, the deleted ids), progress and errors to stderr, so
`id=$(python -m bot richmenu deploy)` works. An expected failure is one sentence and exit code 1, never a
traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.richmenu import deploy as menus
from bot.settings import ConfigError


def run(args: argparse.Namespace) -> int:
    """Run one richmenu action; 1 with a clear message on stderr when the menu or LINE says no."""
    actions = {"validate": validate, "deploy": deploy, "list": list_menus, "delete": delete}
    try:
        return actions[args.action](args)
    except (menus.RichMenuError, ConfigError) as exc:
        print(f"richmenu {args.action}: {exc}", file=sys.stderr)
        return 1


def validate(args: argparse.Namespace) -> int:
    """Check menu.json and its picture offline, the calculator address filled in."""
    menu, image = menus.load_menu(args.menu), menus.read_image(args.image)
    url, configured = menus.preview_calculator_url()
    filled = menus.with_calculator(menu, url)
    menus.validate(filled, image)
    size = filled["size"]
    print(f"{args.menu.name} and {args.image.name} are valid: {size['width']}×{size['height']}, "
          f"{len(filled['areas'])} areas, {len(image):,} bytes")
    if configured:
        print(f"the calculator area opens {url}; deploy names the menu {menus.deployed_name(filled, image)!r}")
    else:
        print(f"checked with the stand-in calculator address {url}; deploy needs LIFF_ID or PUBLIC_BASE_URL")
    return 0


def deploy(args: argparse.Namespace) -> int:
    """Make the menu the channel's default, creating it only when it changed; print its id."""
    if args.delete_others:
        say("--delete-others is no longer needed: deploy always deletes this bot's older menus, "
            "and never another tool's")
    menu, image = menus.load_menu(args.menu), menus.read_image(args.image)
    done = menus.deploy(menu, image, menus.settings_from_env(), say=say)
    print(done.rich_menu_id)
    return 0


def list_menus(args: argparse.Namespace) -> int:
    """One line per menu of the channel: ours or another tool's, and which is the default."""
    found = menus.list_menus(menus.settings_from_env())
    for menu in found:
        print(describe(menu))
    if not found:
        print("no rich menus on this channel")
    return 0


def delete(args: argparse.Namespace) -> int:
    """Delete this bot's menus (all, or the ids given, each of which must be ours); print each deleted id."""
    if not args.ids and not args.all:
        say("name the menus to delete (python -m bot richmenu list shows them), or pass --all for every one of ours")
        return 2
    deleted = menus.delete(menus.settings_from_env(), args.ids or None, say=say)
    for rich_menu_id in deleted:
        print(rich_menu_id)
    if not deleted:
        say("no menus of ours on this channel; nothing deleted")
    return 0


def describe(menu: dict[str, Any]) -> str:
    """A menu as one line: `ours|other  id  size  areas  「chat bar」  name  (default)`."""
    size = menu.get("size") or {}
    return (f"{'ours' if menu['ours'] else 'other':5}  {menu.get('richMenuId')}  "
            f"{size.get('width')}×{size.get('height')}  {len(menu.get('areas') or [])} areas  "
            f"「{menu.get('chatBarText')}」  {menu.get('name')}" + ("  (default)" if menu["default"] else ""))


def say(line: str) -> None:
    """Print a progress line on stderr, where it does not mix with a command's result."""
    print(line, file=sys.stderr)
