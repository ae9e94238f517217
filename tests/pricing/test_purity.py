"""The pricing room stays pure: stdlib only, no web, LINE SDK or database imports."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOM = Path(__file__).resolve().parents[2] / "bot" / "pricing"
BANNED = {"flask", "linebot", "sqlalchemy"}
SOURCES = sorted(ROOM.glob("*.py"))


def _imports(path: Path) -> list[str]:
    """Return absolute module names a file imports (relative imports resolved inside bot.pricing)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                names.append(node.module or "")
            elif node.level == 1:
                names.append(f"bot.pricing.{node.module}" if node.module else "bot.pricing")
            else:
                names.append("bot." + "<outside bot.pricing>")
    return names


def test_room_has_sources() -> None:
    assert {p.name for p in SOURCES} >= {"__init__.py", "calc.py", "lists.py"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_banned_or_foreign_imports(path: Path) -> None:
    for name in _imports(path):
        top = name.split(".")[0]
        assert top not in BANNED, f"{path.name} imports {name}"
        if top == "bot":
            assert name == "bot.pricing" or name.startswith("bot.pricing."), f"{path.name} imports {name}"
        else:
            assert top in sys.stdlib_module_names, f"{path.name} imports non-stdlib {name}"


def test_detector_catches_banned_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import flask\nfrom linebot.v3 import x\nfrom .. import store\n", encoding="utf-8")
    assert _imports(bad) == ["flask", "linebot.v3", "bot.<outside bot.pricing>"]


def test_no_float_literals_in_room() -> None:
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
        floats = [value for value in constants if isinstance(value, float)]
        assert floats == [], f"{path.name} has float literals {floats}"
