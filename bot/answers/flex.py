"""Fills Flex templates from flex_templates/: ${name} placeholders, no logic in the JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "flex_templates"
WHOLE = re.compile(r"^\$\{(\w+)\}$")
INLINE = re.compile(r"\$\{(\w+)\}")
ALT_TEXT_LIMIT = 1500


Filler = Callable[[dict[str, Any]], Any]
Field = tuple[str, Filler | None, Any]  # a key, and how its value is filled: by a Filler, or fixed (the Filler is None)


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
    filled = _compiled(template)(values)  # new containers every time: the cached template stays intact
    if not isinstance(filled, dict):
        raise TemplateError(f"{template} is not a JSON object")
    return filled


@cache
def _compiled(template: str) -> Filler:
    """A template as a function of its values, built once per template."""
    return _compile(_load(template))


def _compile(node: Any) -> Filler:
    """What _fill does to this node: parts with no placeholder are filled once and copied afterwards."""
    if not _has_placeholder(node):
        fixed = _fill(node, {})
        if isinstance(fixed, (dict, list)):  # a fresh copy each time, made by the C decoder
            text = json.dumps(fixed, ensure_ascii=False)
            return lambda values: json.loads(text)
        return lambda values: fixed
    if isinstance(node, str):
        return lambda values: _string(node, values)
    if isinstance(node, list):
        items = [(isinstance(item, str) and WHOLE.match(item) is not None, _compile(item)) for item in node]
        return lambda values: _fill_items(items, values)
    # A dict (only str, list and dict hold ${…}): a plain value with no placeholder is used as it is.
    fields: list[Field] = [(key, None, value) if _is_fixed(value) else (key, _compile(value), None)
                           for key, value in node.items()]
    return lambda values: _fill_fields(fields, values)


def _is_fixed(value: Any) -> bool:
    """A string, number, true, false or null with no placeholder: _fill leaves it as it is."""
    return not isinstance(value, (dict, list)) and not _has_placeholder(value)


def _has_placeholder(node: Any) -> bool:
    """Whether a node holds a ${name} anywhere (keys are never filled)."""
    if isinstance(node, str):
        return "${" in node
    if isinstance(node, list):
        return any(_has_placeholder(item) for item in node)
    if isinstance(node, dict):
        return any(_has_placeholder(value) for value in node.values())
    return False


def _fill_items(items: list[tuple[bool, Filler]], values: dict[str, Any]) -> list[Any]:
    """A list filled as _fill fills one: a whole placeholder's list splices in, empty text drops out."""
    out: list[Any] = []
    for whole, fill in items:
        filled = fill(values)
        if whole and isinstance(filled, list):
            out.extend(filled)
        elif not _is_empty_text(filled):
            out.append(filled)
    return out


def _fill_fields(fields: list[Field], values: dict[str, Any]) -> dict[str, Any]:
    """A dict filled as _fill fills one: fields that come out None are left out."""
    out: dict[str, Any] = {}
    for key, fill, fixed in fields:
        value = fixed if fill is None else fill(values)
        if value is not None:
            out[key] = value
    return out


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
