"""Reading a reply the way a merchant reads it: the message bodies only, figures comparable."""

from __future__ import annotations

import re
from typing import Any

TEXT_KEYS = {"text", "altText", "label", "displayText", "title"}


def flatten(messages: list[dict[str, Any]]) -> str:
    """The readable strings of the message bodies, one a line; quick replies offer questions, they answer none."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "quickReply":
                    continue
                if key in TEXT_KEYS and isinstance(value, str):
                    out.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(messages)
    return "\n".join(out)


def readable(messages: list[dict[str, Any]]) -> str:
    """The reply as the checks read it: half-width digits, no thousands separators or spaces, lines kept apart."""
    text = flatten(messages).translate({0xFF10 + i: 0x30 + i for i in range(10)})
    text = text.replace("，", ",").replace("：", ":").replace("／", "/")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    text = re.sub(r"\s*\n\s*", "¦", text)  # figures on two lines never merge into one number
    return re.sub(r"\s+", "", text)
