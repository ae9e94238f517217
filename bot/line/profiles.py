"""Looks up a follower's LINE profile (a free call): the language, so replies speak it; the name, for the admin."""

from __future__ import annotations

import logging
from typing import Any

from linebot.v3.messaging import ApiClient, Configuration, MessagingApi

from bot.logs import anonymise

log = logging.getLogger(__name__)


class ProfileLookup:
    """Fetches fields of a user's profile (GET /v2/bot/profile/{userId}); None when LINE does not say."""

    def __init__(self, configuration: Configuration, timeout: float = 3.0) -> None:
        """Keep one API client for the process (make_configuration already turns hidden retries off)."""
        self._api = MessagingApi(ApiClient(configuration))
        self._timeout = timeout

    def _profile(self, user_id: str) -> Any | None:
        """The profile, or None on any failure (logged without the user id)."""
        try:
            return self._api.get_profile(user_id, _request_timeout=self._timeout)
        except Exception as exc:  # noqa: BLE001 - a missing profile only changes wording or a label
            log.info("profile lookup for %s failed: %s", anonymise(user_id), type(exc).__name__)
            return None

    def language(self, user_id: str) -> str | None:
        """The profile's language tag (e.g. zh-TW, en), or None on any failure."""
        return getattr(self._profile(user_id), "language", None)

    def display_name(self, user_id: str) -> str | None:
        """The name the follower shows on LINE, or None on any failure (blocked, unknown, LINE down)."""
        name = getattr(self._profile(user_id), "display_name", None)
        return name.strip() or None if isinstance(name, str) else None


class NoProfiles:
    """Profile lookup for local use: never asks LINE."""

    def language(self, user_id: str) -> str | None:
        """Nothing is known."""
        return None

    def display_name(self, user_id: str) -> str | None:
        """Nothing is known."""
        return None
