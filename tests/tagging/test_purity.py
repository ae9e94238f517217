"""The tagging room stays pure: no web, LINE SDK or database imports."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOM = Path(__file__).resolve().parents[2] / "bot" / "tagging"
ALLOWED = {"ahocorasick", "re2", "bot.tagging", "bot.understanding.normalize"}


def imports(path: Path) -> list[str]:
    """Absolute module names a file imports."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append(node.module or "" if node.level == 0 else "bot.tagging")
    return names


@pytest.mark.parametrize("path", sorted(ROOM.glob("*.py")), ids=lambda p: p.name)
def test_only_stdlib_and_the_allowed_libraries(path: Path) -> None:
    for name in imports(path):
        top = name.split(".")[0]
        allowed = top in sys.stdlib_module_names or any(name == a or name.startswith(a + ".") for a in ALLOWED)
        assert allowed, f"{path.name} imports {name}"
