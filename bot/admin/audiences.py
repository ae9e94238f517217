"""LINE audiences from tags: upload a tag's reachable followers as an audience the merchant can target.

Every call here is free and sends nothing: it only builds a list of user ids on LINE. Messaging it later
is the merchant's choice in LINE Official Account Manager. Endpoints (LINE Messaging API reference,
"Audience management", manage-audience.yml), all JSON with the channel access token:

- create: `POST /v2/bot/audienceGroup/upload` `{"description": ≤120 chars, "audiences": [{"id": userId}, …]}`
  (≤ 10,000 ids) → `{"audienceGroupId": …}`;
- add ids: `PUT /v2/bot/audienceGroup/upload` `{"audienceGroupId": …, "audiences": […]}` (≤ 10,000 per call;
  LINE only adds, so followers who blocked the account since stay in an old audience);
- status: `GET /v2/bot/audienceGroup/{audienceGroupId}` → `{"audienceGroup": {"status", "audienceCount", …}}`.

The JSON upload lives on the API host (api.line.me), like the SDK's ManageAudience client; only the
*file* uploads (`…/upload/byFile`) use the data host api-data.line.me, and we send no files. When
LINE_API_BASE_URL points at a local stand-in, every call goes there.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from bot.store import tagging as store
from bot.tagging.labels import tag_label

log = logging.getLogger(__name__)
MAX_IDS = 10_000  # per request, LINE's documented limit
MAX_DESCRIPTION = 120
TIMEOUT = 30.0
UPLOAD_PATH = "/v2/bot/audienceGroup/upload"


class LineError(Exception):
    """LINE refused a call or could not be reached; `message` says which and why, in Chinese and English."""

    def __init__(self, message: str, status: int | None = None) -> None:
        """Keep LINE's HTTP status (None: no answer at all)."""
        super().__init__(message)
        self.message, self.status = message, status

    @property
    def permanent(self) -> bool:
        """A refusal that will not change by trying again (4xx except 429)."""
        return self.status is not None and 400 <= self.status < 500 and self.status != 429


class NothingToUpload(Exception):
    """The tag has no follower an audience could reach."""


def line_call(base_url: str, token: str, method: str, path: str, body: Any = None,
              timeout: float = TIMEOUT) -> Any:
    """One JSON call to LINE (no retries); the decoded answer, or LineError saying what went wrong."""
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    request = urllib.request.Request(base_url.rstrip("/") + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {token}",
                                              "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - our own https host
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raise LineError(f"LINE 拒絕了這個要求：HTTP {exc.code} {_why(exc)}", exc.code) from None
    except (urllib.error.URLError, OSError) as exc:
        raise LineError(f"無法連線到 LINE（could not reach LINE: {type(exc).__name__}）") from None
    return json.loads(raw) if raw.strip() else {}


def _why(exc: urllib.error.HTTPError) -> str:
    """LINE's own explanation from an error body ({"message", "details": [...]})."""
    try:
        body = json.loads(exc.read() or b"{}")
    except (ValueError, OSError):
        body = {}
    text = str(body.get("message") or exc.reason or "") if isinstance(body, dict) else str(exc.reason or "")
    details = body.get("details") if isinstance(body, dict) else None
    if isinstance(details, list) and details:
        text += " (" + "; ".join(f"{d.get('property', '')}: {d.get('message', '')}".strip(": ")
                                 for d in details if isinstance(d, dict)) + ")"
    if exc.code == 401:
        text += " - check LINE_CHANNEL_ACCESS_TOKEN"
    return text or "(no explanation given)"


class AudienceApi:
    """LINE's audience endpoints for uploads by JSON."""

    def __init__(self, base_url: str, token: str, timeout: float = TIMEOUT) -> None:
        """Point at LINE (or the stand-in in LINE_API_BASE_URL)."""
        self.base_url, self.token, self.timeout = base_url, token, timeout

    @classmethod
    def from_settings(cls, settings: Settings) -> AudienceApi:
        """The client for the configured channel."""
        return cls(settings.line_api_base_url, settings.line_channel_access_token)

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        """One call with this client's host, token and timeout."""
        return line_call(self.base_url, self.token, method, path, body, self.timeout)

    def create(self, description: str, user_ids: list[str]) -> int:
        """Create an audience holding these ids; its audienceGroupId."""
        answer = self._call("POST", UPLOAD_PATH, {"description": description[:MAX_DESCRIPTION],
                                                  "audiences": _audiences(user_ids)})
        group = answer.get("audienceGroupId") if isinstance(answer, dict) else None
        if not isinstance(group, int):
            raise LineError("LINE 沒有回傳受眾 ID（no audienceGroupId in LINE's answer）")
        return group

    def add(self, audience_group_id: int, user_ids: list[str]) -> None:
        """Add ids to an existing upload audience."""
        self._call("PUT", UPLOAD_PATH, {"audienceGroupId": audience_group_id, "audiences": _audiences(user_ids)})

    def status(self, audience_group_id: int) -> dict[str, Any]:
        """LINE's view of the audience: status (IN_PROGRESS, READY, FAILED, EXPIRED…) and audienceCount."""
        answer = self._call("GET", f"/v2/bot/audienceGroup/{int(audience_group_id)}")
        group = answer.get("audienceGroup") if isinstance(answer, dict) else None
        return group if isinstance(group, dict) else {}


def _audiences(user_ids: list[str]) -> list[dict[str, str]]:
    """The `audiences` array of an upload, refusing more than LINE takes at once."""
    if len(user_ids) > MAX_IDS:
        raise ValueError(f"at most {MAX_IDS} ids per request")
    return [{"id": user_id} for user_id in user_ids]


def description_for(tag: str) -> str:
    """The audience's name on LINE: the tag (and its label for system tags), at most 120 characters."""
    label = tag_label(tag)
    name = f"標籤 {label}（{tag}）" if label else f"標籤 {tag}"
    return name[:MAX_DESCRIPTION]


def chunked(items: Iterable[str], size: int) -> Iterator[list[str]]:
    """Lists of at most `size` items, in order."""
    chunk: list[str] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass(frozen=True)
class Upload:
    """What one press of the button did."""

    audience_group_id: int
    uploaded: int
    created: bool
    status: str | None


def upload_tag(sessions: sessionmaker[Session], api: AudienceApi, tag: str, now: datetime,
               fresh: bool = False) -> Upload:
    """Create the tag's audience, or add the tag's current reachable followers to the one it has.

    A refused first call records nothing. If LINE refuses a later chunk, the audience id is kept with
    complete=False (so the next press adds to it rather than making another) and the LineError is raised.
    """
    with sessions() as session:
        known = None if fresh else store.get_audience(session, tag)
        group = known.audience_group_id if known else None
    created = group is None
    try:
        group, sent = _send(sessions, api, tag, group)
    except _Partial as partial:
        _save(sessions, tag, partial.group, partial.sent, False, now)
        raise partial.error from None
    _save(sessions, tag, group, sent, True, now)
    status = _read_status(sessions, api, tag, group)
    log.info("audience for a tag uploaded: %d ids, %s", sent, "created" if created else "updated")
    return Upload(group, sent, created, status)


class _Partial(Exception):
    """LINE took some chunks, then refused one: what it took so far, and its refusal."""

    def __init__(self, group: int, sent: int, error: LineError) -> None:
        """Keep the audience id, the ids accepted and LINE's error."""
        super().__init__(error.message)
        self.group, self.sent, self.error = group, sent, error


def _send(sessions: sessionmaker[Session], api: AudienceApi, tag: str, group: int | None) -> tuple[int, int]:
    """Stream the tag's reachable ids to LINE in chunks of 10,000; (audience id, ids sent)."""
    sent = 0
    with sessions() as session:
        chunks = chunked(store.tag_user_ids(session, tag, include_blocked=False), MAX_IDS)
        first = next(chunks, None)
        if first is None:
            raise NothingToUpload(tag)
        if group is None:
            group = api.create(description_for(tag), first)  # refused: nothing to remember
            sent = len(first)
            chunks = _rest(chunks)
        else:
            chunks = _rest(chunks, first)
        for chunk in chunks:
            try:
                api.add(group, chunk)
            except LineError as exc:
                if sent:
                    raise _Partial(group, sent, exc) from None
                raise
            sent += len(chunk)
    return group, sent


def _rest(chunks: Iterator[list[str]], first: list[str] | None = None) -> Iterator[list[str]]:
    """The chunks still to add (the first one again when it was not used to create the audience)."""
    if first is not None:
        yield first
    yield from chunks


def _save(sessions: sessionmaker[Session], tag: str, group: int, sent: int, complete: bool, now: datetime) -> None:
    """Record the upload in its own short transaction."""
    with sessions.begin() as session:
        store.save_audience(session, tag, group, description_for(tag), sent, complete, now)


def _read_status(sessions: sessionmaker[Session], api: AudienceApi, tag: str, group: int) -> str | None:
    """Ask LINE how the audience is doing and remember it; None if LINE does not say now."""
    try:
        status = api.status(group).get("status")
    except LineError as exc:
        log.info("audience status unavailable: %s", exc.status)
        return None
    if isinstance(status, str):
        with sessions.begin() as session:
            store.set_audience_status(session, tag, status)
        return status
    return None


def current(sessions: sessionmaker[Session], api: AudienceApi, tag: str) -> tuple[dict[str, Any] | None,
                                                                                   dict[str, Any] | None]:
    """(the tag's audience record as JSON, LINE's current view of it or None when LINE does not answer)."""
    with sessions() as session:
        row = store.get_audience(session, tag)
        if row is None:
            return None, None
        group = row.audience_group_id
    try:
        line = api.status(group)
    except LineError as exc:
        line = {"error": exc.message}
    if isinstance(line.get("status"), str):
        with sessions.begin() as session:
            store.set_audience_status(session, tag, line["status"])
    with sessions() as session:
        row = store.get_audience(session, tag)
        return (record_json(row) if row else None), line


def record_json(row: store.TagAudience) -> dict[str, Any]:
    """A tag's audience record as JSON."""
    return {"tag": row.tag, "audience_group_id": row.audience_group_id, "description": row.description,
            "uploaded": row.uploaded, "complete": row.complete, "status": row.status,
            "uploaded_at": store.as_utc(row.uploaded_at).isoformat(),
            "created_at": store.as_utc(row.created_at).isoformat()}
