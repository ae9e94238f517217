"""The only object that sends messages to LINE, and it can only reply (free)."""

from __future__ import annotations

import hashlib
import logging
from typing import Any, Protocol

from linebot.v3.messaging import ApiClient, ApiException, Configuration, MessagingApi, ReplyMessageRequest

log = logging.getLogger(__name__)
MAX_MESSAGES = 5


def anonymise(user_id: str | None) -> str:
    """A short stable hash of a user id, safe for logs."""
    if not user_id:
        return "-"
    return hashlib.sha256(user_id.encode()).hexdigest()[:10]


class Replier(Protocol):
    """Sends reply messages for a reply token."""

    def reply(self, reply_token: str, messages: list[dict[str, Any]]) -> bool: ...


def make_configuration(base_url: str, access_token: str) -> Configuration:
    """SDK configuration pointed at LINE (or a local stand-in in tests), with no hidden retries.

    urllib3 would otherwise retry a hung call three times, so one event could wait four timeouts.
    """
    configuration = Configuration(host=base_url, access_token=access_token)
    configuration.retries = 0
    return configuration


class LineReplier:
    """Reply API client: at most five messages, failures logged, never a paid push."""

    def __init__(self, configuration: Configuration, timeout: float = 10.0) -> None:
        """Keep one API client for the process."""
        self._api = MessagingApi(ApiClient(configuration))
        self._timeout = timeout

    def reply(self, reply_token: str, messages: list[dict[str, Any]]) -> bool:
        """Reply with up to five messages; True if LINE accepted them."""
        if not reply_token or not messages:
            return False
        if len(messages) > MAX_MESSAGES:
            log.warning("reply trimmed from %d to %d messages", len(messages), MAX_MESSAGES)
            messages = messages[:MAX_MESSAGES]
        request = ReplyMessageRequest.from_dict({"replyToken": reply_token, "messages": messages})
        try:
            self._api.reply_message(request, _request_timeout=self._timeout)
        except ApiException as exc:
            log.warning("LINE refused a reply: status=%s reason=%s", exc.status, exc.reason)
            return False
        except Exception as exc:  # noqa: BLE001 - network errors must not fail the webhook
            log.warning("reply failed: %s", type(exc).__name__)
            return False
        return True


class RecordingReplier:
    """Keeps replies in memory: the console, the preview page and unit tests use it."""

    def __init__(self) -> None:
        """Start with no replies."""
        self.sent: dict[str, list[dict[str, Any]]] = {}

    def reply(self, reply_token: str, messages: list[dict[str, Any]]) -> bool:
        """Store the messages under their reply token."""
        self.sent[reply_token] = messages[:MAX_MESSAGES]
        return True
