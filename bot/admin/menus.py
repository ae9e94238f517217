"""Per-tag rich menus: a tag can carry a rich menu that LINE shows to every follower with that tag.

All calls are free (rich menu links send no message). Endpoints (LINE Messaging API reference, "Rich menu"):

- link one user: `POST /v2/bot/user/{userId}/richmenu/{richMenuId}`; unlink: `DELETE /v2/bot/user/{userId}/richmenu`;
- link many: `POST /v2/bot/richmenu/bulk/link` `{"richMenuId", "userIds": [≤ 500]}`;
  unlink many: `POST /v2/bot/richmenu/bulk/unlink` `{"userIds": [≤ 500]}`;
- check a menu exists: `GET /v2/bot/richmenu/{richMenuId}`.

The webhook tags followers inside its database transaction, so it never calls LINE there: the tagger
leaves a row in `menu_links`, and `link_after_event` sends those after the reply. Setting a tag's menu from
the admin links the tag's current members at once. A follower sees one per-user menu: the last one linked.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any
from urllib.parse import quote

from flask import current_app
from sqlalchemy.orm import Session, sessionmaker

from bot.admin.audiences import LineError, chunked, line_call
from bot.logs import anonymise
from bot.settings import DEFAULT_LINE_API, Settings
from bot.store import tagging as store

log = logging.getLogger(__name__)
RICH_MENU_ID = re.compile(r"^richmenu-[0-9a-f]{32}$")
MAX_BULK = 500
LINK_TIMEOUT = 3.0  # after a webhook reply: short, so LINE's webhook never waits long
ADMIN_TIMEOUT = 30.0
LINKS_PER_EVENT = 10


class MenuApi:
    """LINE's rich menu link endpoints."""

    def __init__(self, base_url: str, token: str, timeout: float = ADMIN_TIMEOUT) -> None:
        """Point at LINE (or the stand-in in LINE_API_BASE_URL)."""
        self.base_url, self.token, self.timeout = base_url, token, timeout

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        """One call with this client's host, token and timeout."""
        return line_call(self.base_url, self.token, method, path, body, self.timeout)

    def exists(self, rich_menu_id: str) -> None:
        """Raise LineError unless LINE knows the menu."""
        self._call("GET", f"/v2/bot/richmenu/{quote(rich_menu_id, safe='')}")

    def link(self, user_id: str, rich_menu_id: str) -> None:
        """Show this menu to one follower."""
        self._call("POST", f"/v2/bot/user/{quote(user_id, safe='')}/richmenu/{quote(rich_menu_id, safe='')}")

    def unlink(self, user_id: str) -> None:
        """Give one follower the default menu back."""
        self._call("DELETE", f"/v2/bot/user/{quote(user_id, safe='')}/richmenu")

    def bulk_link(self, user_ids: list[str], rich_menu_id: str) -> None:
        """Show this menu to up to 500 followers."""
        self._call("POST", "/v2/bot/richmenu/bulk/link", {"richMenuId": rich_menu_id, "userIds": user_ids})

    def bulk_unlink(self, user_ids: list[str]) -> None:
        """Give up to 500 followers the default menu back."""
        self._call("POST", "/v2/bot/richmenu/bulk/unlink", {"userIds": user_ids})


class NoMenus(MenuApi):
    """The local dev mode without a LINE account: every call does nothing."""

    def __init__(self) -> None:
        """Nothing to point at."""
        super().__init__("", "")

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        """Pretend LINE accepted."""
        return {}


def menu_api(settings: Settings, timeout: float = ADMIN_TIMEOUT) -> MenuApi:
    """The client for the configured channel; a silent one in local dev mode with no LINE behind it."""
    if settings.dev_mode and settings.line_api_base_url == DEFAULT_LINE_API:
        return NoMenus()
    return MenuApi(settings.line_api_base_url, settings.line_channel_access_token, timeout)


def valid_menu_id(value: Any) -> str | None:
    """A rich menu id as LINE writes them (richmenu-<32 hex>), or None."""
    text = value.strip() if isinstance(value, str) else ""
    return text if RICH_MENU_ID.match(text) else None


def apply_tag_menu(sessions: sessionmaker[Session], api: MenuApi, tag: str, rich_menu_id: str,
                   now: datetime) -> int:
    """Check the menu exists, link it to the tag's reachable members, then record it; members linked.

    A refusal from LINE raises LineError before anything is recorded.
    """
    api.exists(rich_menu_id)
    linked = 0
    with sessions() as session:
        for chunk in chunked(store.tag_user_ids(session, tag, include_blocked=False), MAX_BULK):
            api.bulk_link(chunk, rich_menu_id)
            linked += len(chunk)
    with sessions.begin() as session:
        store.set_tag_menu(session, tag, rich_menu_id, now)
    log.info("tag rich menu set and linked to %d followers", linked)
    return linked


def remove_tag_menu(sessions: sessionmaker[Session], api: MenuApi, tag: str, now: datetime) -> int:
    """Unlink the tag's menu from its reachable members, then forget it; members unlinked."""
    unlinked = 0
    with sessions() as session:
        for chunk in chunked(store.tag_user_ids(session, tag, include_blocked=False), MAX_BULK):
            api.bulk_unlink(chunk)
            unlinked += len(chunk)
    with sessions.begin() as session:
        store.clear_tag_menu(session, tag, now)
    log.info("tag rich menu removed from %d followers", unlinked)
    return unlinked


class _Waiting:
    """Whether this process left links unsent (LINE could not take them), so the next event tries again."""

    left = False


WAITING = _Waiting()


def links_waiting() -> bool:
    """True when this process knows of links it could not send yet."""
    return WAITING.left


def link_pending_menus(session_factory: sessionmaker[Session], api: MenuApi, limit: int = LINKS_PER_EVENT) -> int:
    """Send the queued links and unlinks; stop at the first failure LINE might get over. Links sent."""
    with session_factory() as session:
        pending = store.pending_links(session, limit)
    if not pending:
        return 0
    done: list[int] = []
    try:
        for link in pending:
            _send(api, link)
            done.append(link.id)
    except LineError as exc:
        log.warning("rich menu link stopped: %s", exc.status or "no answer")
    with session_factory.begin() as session:
        store.drop_links(session, done)
    WAITING.left = len(done) < len(pending)
    return len(done)


def _send(api: MenuApi, link: store.PendingLink) -> None:
    """One link or unlink; a permanent refusal (the follower blocked us, the menu is gone) is logged and skipped."""
    try:
        if link.rich_menu_id:
            api.link(link.user_id, link.rich_menu_id)
        else:
            api.unlink(link.user_id)
    except LineError as exc:
        if not exc.permanent:
            raise
        log.info("rich menu link for %s refused for good: HTTP %s", anonymise(link.user_id), exc.status)


def link_after_event(sessions: sessionmaker[Session]) -> None:
    """The webhook's one call after its reply: send queued menu links; a failure is logged, never raised."""
    try:
        api = current_app.extensions.get("menu_api")
        if api is None:
            api = current_app.extensions["menu_api"] = menu_api(current_app.extensions["settings"], LINK_TIMEOUT)
        link_pending_menus(sessions, api)
    except Exception:  # noqa: BLE001 - menus are a nicety; the event is already answered
        log.exception("rich menu links after the event failed")
