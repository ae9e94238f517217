"""LINE messages as plain text, for the console and for logs-free previews."""

from __future__ import annotations

from typing import Any


def as_text(messages: list[dict[str, Any]]) -> str:
    """Render reply messages the way a person would read them, one block per message."""
    blocks = [_message(m) for m in messages]
    return "\n\n".join(b for b in blocks if b)


def _message(message: dict[str, Any]) -> str:
    """One message: text as is, a Flex card as its text lines, then its quick replies."""
    if message.get("type") == "text":
        body = str(message.get("text", ""))
    elif message.get("type") == "flex":
        body = "\n".join(_flex_lines(message.get("contents", {})))
    else:
        body = str(message.get("altText", ""))
    chips = [i["action"].get("label", "") for i in message.get("quickReply", {}).get("items", [])]
    if chips:
        body += "\n[ " + " | ".join(chips) + " ]"
    return body


def _flex_lines(node: dict[str, Any]) -> list[str]:
    """Text lines of a Flex container; a horizontal box becomes one line."""
    kind = node.get("type")
    if kind == "carousel":
        lines: list[str] = []
        for bubble in node.get("contents", []):
            lines += _flex_lines(bubble) + ["—"]
        return lines[:-1]
    if kind == "bubble":
        lines = []
        for part in ("header", "hero", "body", "footer"):
            if part in node:
                lines += _flex_lines(node[part])
        return lines
    if kind == "box":
        children = node.get("contents", [])
        if node.get("layout") in ("horizontal", "baseline"):
            line = "  ".join(t for c in children for t in _flex_lines(c) if t)
            return [line] if line else []
        return [line for c in children for line in _flex_lines(c)]
    if kind == "text":
        spans = node.get("contents")
        return ["".join(s.get("text", "") for s in spans)] if spans else [str(node.get("text", ""))]
    if kind == "button":
        return ["[" + str(node.get("action", {}).get("label", "")) + "]"]
    return []
