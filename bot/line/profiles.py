"""Looks up a follower's LINE profile (a free call): the language, so replies speak it; the name, for the admin."""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import quote

import urllib3
from linebot.v3.messaging import ApiClient, Configuration

from bot.logs import anonymise

log = logging.getLogger(__name__)
PROFILE_PATH = "/v2/bot/profile/"
PROFILE_TIMEOUT = 3.0  # a follower's language is worth a short wait, never a long one


def line_request(configuration: Configuration, sdk_headers: dict[str, str], path: str,
              **headers: str) -> tuple[str, dict[str, str]]:
    """The URL and headers of a call made through the SDK's own HTTP pool: its headers, the channel's token."""
    url = (configuration.host or "").rstrip("/") + path
    return url, {**sdk_headers, "Authorization": f"Bearer {configuration.access_token}", **headers}


def language_of(profile: dict[str, Any]) -> str | None:
    """The language tag a profile carries (e.g. zh-TW, en), or None."""
    language = profile.get("language")
    return language if isinstance(language, str) and language else None


def failed_lookup(user_id: str, why: str) -> None:
    """Log a failed profile lookup without the user id in the clear."""
    log.info("profile lookup for %s failed: %s", anonymise(user_id), why)


class ProfileLookup:
    """Fetches fields of a user's profile (GET /v2/bot/profile/{userId}); None when LINE does not say.

    The call goes through the SDK's own configured HTTP pool, and the two fields read are taken from
    the JSON as it comes: the SDK's response models would cost more than the call itself.
    """

    def __init__(self, configuration: Configuration, timeout: float = PROFILE_TIMEOUT) -> None:
        """Keep one API client for the process (make_configuration already turns hidden retries off)."""
        self._client = ApiClient(configuration)
        self._base, self._headers = line_request(configuration, self._client.default_headers, PROFILE_PATH)
        self._timeout = timeout

    def _profile(self, user_id: str) -> dict[str, Any]:
        """The profile's JSON, or {} on any failure (logged without the user id)."""
        try:
            response = self._client.rest_client.pool_manager.request(
                "GET", self._base + quote(user_id, safe=""), headers=self._headers,
                timeout=urllib3.Timeout(total=self._timeout), retries=False)
            if response.status != 200:
                raise LookupError(f"HTTP {response.status}")
            found = json.loads(response.data)
            return found if isinstance(found, dict) else {}
        except Exception as exc:  # noqa: BLE001 - a missing profile only changes wording or a label
            failed_lookup(user_id, type(exc).__name__)
            return {}

    def language(self, user_id: str) -> str | None:
        """The profile's language tag (e.g. zh-TW, en), or None on any failure."""
        return language_of(self._profile(user_id))

    def display_name(self, user_id: str) -> str | None:
        """The name the follower shows on LINE, or None on any failure (blocked, unknown, LINE down)."""
        name = self._profile(user_id).get("displayName")
        return name.strip() or None if isinstance(name, str) else None


class NoProfiles:
    """Profile lookup for local use: never asks LINE."""

    def language(self, user_id: str) -> str | None:
        """Nothing is known."""
        return None

    def display_name(self, user_id: str) -> str | None:
        """Nothing is known."""
        return None
