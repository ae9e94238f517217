"""Check the rich menu locally, then create it on LINE, upload its picture and make it the default.

Every call here is free: rich menu endpoints send no message and spend none of the merchant's quota.
The picture goes to LINE's data host (api-data.line.me) with `Content-Type: image/png`; a wrong type or
host is the classic 415/404 of rich menu uploads. A menu's picture cannot be replaced, so a change means
a new menu: `deploy` always creates one, and `--delete-others` removes the old ones once the new one is
the default.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.settings import DEFAULT_LINE_API, Settings

HERE = Path(__file__).resolve().parent
MENU_JSON = HERE / "menu.json"
MENU_PNG = HERE / "menu.png"
DATA_API = "https://api-data.line.me"
TIMEOUT = 30.0

# Documented limits (developers.line.biz, Messaging API reference, rich menu object).
MIN_WIDTH, MAX_WIDTH, MIN_HEIGHT, MIN_RATIO = 800, 2500, 250, 1.45
MAX_IMAGE_BYTES = 1_000_000  # "1 MB": the stricter reading, so a file we accept LINE accepts too
MAX_AREAS = 20
MAX_CHAT_BAR_TEXT, MAX_NAME, MAX_LABEL, MAX_TEXT, MAX_URI = 14, 300, 20, 300, 1000
REQUIRED = ("size", "selected", "name", "chatBarText", "areas")
CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}


class RichMenuError(Exception):
    """The menu is broken or LINE refused a call; the message says which and why."""


@dataclass(frozen=True)
class Deployed:
    """What `deploy` did."""

    rich_menu_id: str
    deleted: list[str] = field(default_factory=list)


# --- files -----------------------------------------------------------------------------------------------


def load_menu(path: Path = MENU_JSON) -> dict[str, Any]:
    """The menu definition as a dict (the body of the create call)."""
    try:
        menu = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise RichMenuError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise RichMenuError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(menu, dict):
        raise RichMenuError(f"{path} must hold a JSON object")
    return menu


def read_image(path: Path = MENU_PNG) -> bytes:
    """The picture's bytes."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise RichMenuError(f"cannot read {path}: {exc.strerror or exc}") from None


def image_info(data: bytes) -> tuple[str, int, int] | None:
    """(kind, width, height) read from a PNG or JPEG header; None for anything else."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return "png", width, height
    if data[:2] == b"\xff\xd8":
        return _jpeg_info(data)
    return None


def _jpeg_info(data: bytes) -> tuple[str, int, int] | None:
    """Walk the JPEG segments to the first start-of-frame marker."""
    at = 2
    while at + 9 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return "jpeg", width, height
        at += 2 + length
    return None


# --- local checks ----------------------------------------------------------------------------------------


def problems(menu: Mapping[str, Any], image: bytes | None = None) -> list[str]:
    """Everything LINE would refuse (or a follower would trip over), in plain words; [] when fine."""
    found = [f"{key} is missing" for key in REQUIRED if key not in menu]
    size = menu.get("size")
    width = height = None
    if isinstance(size, Mapping) and _whole(size.get("width")) and _whole(size.get("height")):
        width, height = size["width"], size["height"]
        if not MIN_WIDTH <= width <= MAX_WIDTH:
            found.append(f"size.width is {width}; LINE accepts {MIN_WIDTH} to {MAX_WIDTH} px")
        if height < MIN_HEIGHT:
            found.append(f"size.height is {height}; LINE needs at least {MIN_HEIGHT} px")
        if height > 0 and width / height < MIN_RATIO:
            found.append(f"size {width}×{height} has aspect ratio {width / height:.2f}; "
                         f"LINE needs at least {MIN_RATIO}")
    elif "size" in menu:
        found.append("size must be {\"width\": whole number, \"height\": whole number}")
    if "selected" in menu and not isinstance(menu["selected"], bool):
        found.append("selected must be true or false")
    found += _text_problem("name", menu.get("name"), MAX_NAME, "name" in menu)
    found += _text_problem("chatBarText", menu.get("chatBarText"), MAX_CHAT_BAR_TEXT, "chatBarText" in menu)
    areas = menu.get("areas")
    if "areas" in menu and not isinstance(areas, list):
        found.append("areas must be a list")
    elif isinstance(areas, list):
        found += _area_problems(areas, width, height)
    if image is not None:
        found += _image_problems(image, width, height)
    return found


def validate(menu: Mapping[str, Any], image: bytes | None = None) -> None:
    """Raise RichMenuError listing every problem, or return quietly."""
    found = problems(menu, image)
    if found:
        raise RichMenuError("the rich menu is not valid:\n  - " + "\n  - ".join(found))


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text_problem(where: str, value: Any, limit: int, present: bool = True) -> list[str]:
    if not present:
        return []
    if not isinstance(value, str) or not value:
        return [f"{where} must be a non-empty text"]
    if len(value) > limit:
        return [f"{where} is {len(value)} characters ({value!r}); LINE allows at most {limit}"]
    return []


def _area_problems(areas: list[Any], width: int | None, height: int | None) -> list[str]:
    found = []
    if not areas:
        found.append("areas is empty: a follower would have nothing to tap")
    if len(areas) > MAX_AREAS:
        found.append(f"there are {len(areas)} areas; LINE allows at most {MAX_AREAS}")
    boxes: list[tuple[int, int, int, int, int]] = []
    for n, area in enumerate(areas, start=1):
        where = f"area {n}"
        if not isinstance(area, Mapping):
            found.append(f"{where} must be an object with bounds and action")
            continue
        bounds = area.get("bounds")
        keys = ("x", "y", "width", "height")
        if not isinstance(bounds, Mapping) or not all(_whole(bounds.get(k)) for k in keys):
            found.append(f"{where}: bounds needs whole-number x, y, width and height")
        else:
            x, y, w, h = (bounds[k] for k in keys)
            if x < 0 or y < 0 or w < 1 or h < 1:
                found.append(f"{where}: bounds x={x} y={y} width={w} height={h} must be non-negative with a size")
            elif width is not None and height is not None and (x + w > width or y + h > height):
                found.append(f"{where} is outside the image: it reaches ({x + w}, {y + h}) "
                             f"but the menu is {width}×{height}")
            boxes.append((n, x, y, w, h))
        found += _action_problems(where, area.get("action"))
    for i, (a, ax, ay, aw, ah) in enumerate(boxes):
        for b, bx, by, bw, bh in boxes[i + 1 :]:
            if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah:
                found.append(f"area {a} and area {b} overlap")
    return found


def _action_problems(where: str, action: Any) -> list[str]:
    if not isinstance(action, Mapping) or not isinstance(action.get("type"), str):
        return [f"{where}: action needs a type"]
    kind = action["type"]
    found = _text_problem(f"{where}: label", action.get("label"), MAX_LABEL, "label" in action)
    if kind == "message":
        found += _text_problem(f"{where}: message text", action.get("text"), MAX_TEXT)
    elif kind == "postback":
        found += _text_problem(f"{where}: postback data", action.get("data"), MAX_TEXT)
        if "displayText" in action:
            found += _text_problem(f"{where}: displayText", action.get("displayText"), MAX_TEXT)
    elif kind == "uri":
        found += _text_problem(f"{where}: uri", action.get("uri"), MAX_URI)
    return found


def _image_problems(image: bytes, width: int | None, height: int | None) -> list[str]:
    found = []
    if len(image) > MAX_IMAGE_BYTES:
        found.append(f"the image is {len(image):,} bytes; LINE accepts at most 1 MB ({MAX_IMAGE_BYTES:,} bytes)")
    info = image_info(image)
    if info is None:
        found.append("the image is neither a PNG nor a JPEG")
    elif width is not None and (info[1], info[2]) != (width, height):
        found.append(f"the image is {info[1]}×{info[2]} but the menu size is {width}×{height}; they must match")
    return found


# --- LINE ------------------------------------------------------------------------------------------------


def settings_from_env(env: Mapping[str, str] | None = None) -> Settings:
    """Settings for the rich menu calls, which need only the access token (not the channel secret)."""
    env = dict(os.environ if env is None else env)
    env.setdefault("LINE_CHANNEL_SECRET", "not-needed-for-rich-menus")
    return Settings.from_env(env)


def data_host(settings: Settings) -> str:
    """api-data.line.me for LINE itself; the same stand-in as the rest when LINE_API_BASE_URL is set."""
    return DATA_API if settings.line_api_base_url == DEFAULT_LINE_API else settings.line_api_base_url


@contextmanager
def _apis(settings: Settings) -> Iterator[tuple[Any, Any]]:
    """(MessagingApi, MessagingApiBlob), each pointed at its own host, closed afterwards."""
    from linebot.v3.messaging import ApiClient, MessagingApi, MessagingApiBlob

    from bot.line.replier import make_configuration

    token = settings.line_channel_access_token
    with ApiClient(make_configuration(settings.line_api_base_url, token)) as api, \
            ApiClient(make_configuration(data_host(settings), token)) as blob:
        yield MessagingApi(api), MessagingApiBlob(blob)


@contextmanager
def _calling(step: str) -> Iterator[None]:
    """Turn the SDK's exceptions into one clear sentence."""
    from linebot.v3.messaging import ApiException
    from urllib3.exceptions import HTTPError

    try:
        yield
    except ApiException as exc:
        raise RichMenuError(f"LINE refused to {step}: HTTP {exc.status} {_why(exc)}") from None
    except (HTTPError, OSError) as exc:
        raise RichMenuError(f"could not reach LINE to {step}: {type(exc).__name__}: {exc}") from None


def _why(exc: Any) -> str:
    """LINE's own explanation from an error body, plus a hint for the usual mistakes."""
    text = (exc.reason or "").strip()
    try:
        body = json.loads(exc.body or "{}")
    except (TypeError, ValueError):
        body = {}
    if isinstance(body, dict) and body.get("message"):
        text = str(body["message"])
        details = [f"{d.get('property', '')}: {d.get('message', '')}".strip(": ")
                   for d in body.get("details") or [] if isinstance(d, dict)]
        if details:
            text += " (" + "; ".join(details) + ")"
    if exc.status == 401:
        text += " - check LINE_CHANNEL_ACCESS_TOKEN"
    return text or "(no explanation given)"


def deploy(menu: Mapping[str, Any], image: bytes, settings: Settings, delete_others: bool = False,
           say: Any = None) -> Deployed:
    """Check, create, upload the picture, make it the default; optionally delete every other menu."""
    from linebot.v3.messaging import RichMenuRequest

    validate(menu, image)
    say = say or (lambda _line: None)
    info = image_info(image)
    content_type = CONTENT_TYPES[info[0] if info else "png"]
    with _apis(settings) as (api, blob):
        with _calling("create the rich menu"):
            rich_menu_id = api.create_rich_menu(RichMenuRequest.from_dict(dict(menu)),
                                                _request_timeout=TIMEOUT).rich_menu_id
        say(f"created {rich_menu_id}")
        try:
            with _calling("upload the rich menu image"):
                blob.set_rich_menu_image(rich_menu_id, body=image, _headers={"Content-Type": content_type},
                                         _request_timeout=TIMEOUT)
        except RichMenuError:
            _forget(api, rich_menu_id)
            raise
        say(f"uploaded the image ({len(image):,} bytes, {content_type})")
        with _calling("make the rich menu the default"):
            api.set_default_rich_menu(rich_menu_id, _request_timeout=TIMEOUT)
        say("set as the default menu for every follower")
        deleted = _delete_others(api, rich_menu_id, say) if delete_others else []
    return Deployed(rich_menu_id, deleted)


def _forget(api: Any, rich_menu_id: str) -> None:
    """Delete a menu left without a picture; best effort, the original error matters more."""
    try:
        api.delete_rich_menu(rich_menu_id, _request_timeout=TIMEOUT)
    except Exception:  # noqa: BLE001 - cleanup only
        pass


def _delete_others(api: Any, keep: str, say: Any) -> list[str]:
    with _calling("list the rich menus"):
        menus = api.get_rich_menu_list(_request_timeout=TIMEOUT).richmenus or []
    deleted = []
    for menu in menus:
        if menu.rich_menu_id == keep:
            continue
        with _calling(f"delete rich menu {menu.rich_menu_id}"):
            api.delete_rich_menu(menu.rich_menu_id, _request_timeout=TIMEOUT)
        say(f"deleted {menu.rich_menu_id} ({menu.name})")
        deleted.append(menu.rich_menu_id)
    return deleted


def list_menus(settings: Settings) -> list[dict[str, Any]]:
    """Every rich menu of the channel, with `default: true` on the default one."""
    from linebot.v3.messaging import ApiException

    with _apis(settings) as (api, _blob):
        with _calling("list the rich menus"):
            menus = api.get_rich_menu_list(_request_timeout=TIMEOUT).richmenus or []
        try:
            default = api.get_default_rich_menu_id(_request_timeout=TIMEOUT).rich_menu_id
        except ApiException as exc:
            if exc.status != 404:  # 404: no default menu is set
                raise RichMenuError(f"LINE refused to read the default rich menu: HTTP {exc.status} {_why(exc)}")\
                    from None
            default = None
        except Exception:  # noqa: BLE001 - the list is still worth showing
            default = None
    return [{**m.to_dict(), "default": m.rich_menu_id == default} for m in menus]
