"""Logs as one JSON object per line, with LINE ids hashed wherever a library prints them.

Our own log calls never pass message text or raw user ids; the redaction is the net under libraries
(urllib3 printing `/v2/bot/profile/U…`, a driver quoting a statement) and under mistakes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from datetime import UTC, datetime

# LINE user, group and room ids: U, C or R followed by 32 hex digits.
LINE_ID = re.compile(r"\b[UCR][0-9a-f]{32}\b")
STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


def anonymise(line_id: str | None) -> str:
    """A short stable hash of a LINE id, safe for logs ("-" when there is none)."""
    if not line_id:
        return "-"
    return hashlib.sha256(line_id.encode()).hexdigest()[:10]


def redact(text: str) -> str:
    """The text with every LINE id replaced by its hash."""
    return LINE_ID.sub(lambda m: "#" + anonymise(m.group(0)), text)


class JsonFormatter(logging.Formatter):
    """time, level, logger, message and any `extra` fields (event ids, counts) as JSON; ids redacted."""

    def format(self, record: logging.LogRecord) -> str:
        """One line of JSON for one record."""
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in STANDARD and not k.startswith("_")})
        if record.exc_info:
            entry["error"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class RedactingFormatter(logging.Formatter):
    """The plain text format for local use, with LINE ids redacted as well."""

    def format(self, record: logging.LogRecord) -> str:
        """The usual line, ids hashed."""
        return redact(super().format(record))


def configure(json_lines: bool, level: int = logging.INFO) -> None:
    """Log to stderr as JSON (production) or redacted text (local), unless the host already set up logging."""
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if json_lines else
                         RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
