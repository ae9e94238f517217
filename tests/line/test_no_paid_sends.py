"""Nothing in bot/ may reach a billable endpoint: the bot answers with free replies only."""

import ast
import re
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"
BILLABLE = re.compile(r"push|multicast|broadcast|narrowcast", re.IGNORECASE)
SDK_SENDERS = {"push_message", "push_message_with_http_info", "multicast", "multicast_with_http_info", "broadcast",
               "broadcast_with_http_info", "narrowcast", "narrowcast_with_http_info"}


def _calls(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            names.append(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def test_no_code_in_bot_calls_a_billable_endpoint() -> None:
    offenders = []
    for path in BOT.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [f"{path}: {name}()" for name in _calls(tree) if BILLABLE.search(name)]
        for node in ast.walk(tree):
            literal = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if literal and "/v2/bot/message/" in node.value and BILLABLE.search(node.value):
                offenders.append(f"{path}: {node.value}")
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [a.name for a in node.names]
                offenders += [f"{path}: imports {n}" for n in names if n in SDK_SENDERS]
    assert offenders == []


def test_the_scan_would_catch_a_push() -> None:
    sample = ast.parse("api.push_message(PushMessageRequest(to=user, messages=[]))")
    assert any(BILLABLE.search(name) for name in _calls(sample))
