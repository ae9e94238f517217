"""Fills Flex templates from flex_templates/: ${name} placeholders, no logic in the JSON."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "flex_templates"
WHOLE = re.compile(r"^\$\{(\w+)\}$")
INLINE = re.compile(r"\$\{(\w+)\}")
ALT_TEXT_LIMIT = 1500


class TemplateError(KeyError):
    """A template asked for a value the caller did not give."""


@cache
def _load(name: str) -> Any:
    """Parse a template once."""
    return json.loads((TEMPLATES_DIR / f"{name}.json").read_text(encoding="utf-8"))


def template_names() -> list[str]:
    """Every template (parts included), by name."""
    return sorted(str(p.relative_to(TEMPLATES_DIR).with_suffix("")) for p in TEMPLATES_DIR.rglob("*.json"))


def render(template: str, /, **values: Any) -> dict[str, Any]:
    """A filled copy of a template; a list value in a list splices in, empty text components drop out."""
    filled = _fill(_load(template), values)  # _fill builds new containers: the cached template stays intact
    if not isinstance(filled, dict):
        raise TemplateError(f"{template} is not a JSON object")
    return filled


def _fill(node: Any, values: dict[str, Any]) -> Any:
    """Replace placeholders recursively."""
    if isinstance(node, str):
        return _string(node, values)
    if isinstance(node, list):
        out: list[Any] = []
        for item in node:
            filled = _fill(item, values)
            if isinstance(item, str) and WHOLE.match(item) and isinstance(filled, list):
                out.extend(filled)
            elif not _is_empty_text(filled):
                out.append(filled)
        return out
    if isinstance(node, dict):
        filled_dict = {key: _fill(value, values) for key, value in node.items()}
        return {k: v for k, v in filled_dict.items() if v is not None}
    return node


def _string(node: str, values: dict[str, Any]) -> Any:
    """A placeholder string: a whole placeholder keeps its value's type; inline ones become text."""
    if "${" not in node:
        return node
    whole = WHOLE.match(node)
    if whole:
        if whole.group(1) not in values:
            raise TemplateError(whole.group(1))
        return values[whole.group(1)]

    def repl(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            raise TemplateError(match.group(1))
        return str(values[match.group(1)])

    return INLINE.sub(repl, node)


def _is_empty_text(node: Any) -> bool:
    """A text component with nothing to say (LINE refuses empty text)."""
    return isinstance(node, dict) and node.get("type") == "text" and not node.get("text") and not node.get("contents")


def flex_message(alt_text: str, contents: dict[str, Any], quick_reply: dict[str, Any] | None = None) -> dict[str, Any]:
    """A Flex message whose altText carries the key figures (notifications, old clients)."""
    message: dict[str, Any] = {"type": "flex", "altText": _clip(alt_text, ALT_TEXT_LIMIT), "contents": contents}
    if quick_reply:
        message["quickReply"] = quick_reply
    return message


def text_message(text: str, quick_reply: dict[str, Any] | None = None) -> dict[str, Any]:
    """A text message within LINE's 5,000-character limit."""
    message: dict[str, Any] = {"type": "text", "text": _clip(text, 5000)}
    if quick_reply:
        message["quickReply"] = quick_reply
    return message


def _clip(text: str, limit: int) -> str:
    """Cut text to a limit, marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
