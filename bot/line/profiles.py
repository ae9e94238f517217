"""Looks up a follower's LINE language (a free call), so replies speak it."""

from __future__ import annotations

import logging

from linebot.v3.messaging import ApiClient, Configuration, MessagingApi

log = logging.getLogger(__name__)


class ProfileLookup:
    """Fetches the language from a user's profile; None when LINE does not say."""

    def __init__(self, configuration: Configuration, timeout: float = 3.0) -> None:
        """Keep one API client for the process."""
        self._api = MessagingApi(ApiClient(configuration))
        self._timeout = timeout

    def language(self, user_id: str) -> str | None:
        """The profile's language tag (e.g. zh-TW, en), or None on any failure."""
        try:
            profile = self._api.get_profile(user_id, _request_timeout=self._timeout)
        except Exception as exc:  # noqa: BLE001 - a missing language only changes wording
            log.info("profile lookup failed: %s", type(exc).__name__)
            return None
        return getattr(profile, "language", None)


class NoProfiles:
    """Profile lookup for local use: never asks LINE."""

    def language(self, user_id: str) -> str | None:
        """Nothing is known."""
        return None
