"""Check the rich menu locally, then put it on LINE once: create, upload its picture, make it the default.

Every call here is free: rich menu endpoints send no message and spend none of the merchant's quota.
The picture goes to LINE's data host (api-data.line.me) with `Content-Type: image/png`; a wrong type or
host is the classic 415/404 of rich menu uploads.

A channel may hold other tools' menus, so ours are told apart by name: it starts with OURS_PREFIX and ends
with ` #<fingerprint>`, the first 8 hex digits of sha256(canonical menu JSON + picture). A menu's picture
cannot be replaced, so a change means a new menu; an unchanged one means nothing to do. `deploy` is
therefore idempotent: it creates a menu only when no menu of ours has the fingerprint, and afterwards
deletes our older menus, never anyone else's.

The calculator area's address depends on the deployment, so menu.json holds the placeholder
{CALCULATOR_URL}, filled from LIFF_ID (https://liff.line.me/<id>) or else PUBLIC_BASE_URL (<url>/calculator).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import struct
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.answers.links import LIFF_ORIGIN, calculator_page
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
ACTION_TYPES = frozenset({"message", "postback", "uri", "datetimepicker", "richmenuswitch", "camera",
                          "cameraRoll", "location", "clipboard"})
URI_SCHEMES = ("https://", "http://", "line://", "tel:")

# Which menus are ours: the name's prefix, then the content fingerprint deploy appends.
OURS_PREFIX = "LINE OA 費用小幫手"
FINGERPRINT_DIGITS = 8
FINGERPRINT_SUFFIX = re.compile(rf" #([0-9a-f]{{{FINGERPRINT_DIGITS}}})$")

# Where the calculator area leads; known only at deploy time.
CALCULATOR_PLACEHOLDER = "{CALCULATOR_URL}"
LIFF_ID = re.compile(r"\d+-[A-Za-z0-9]+")
PREVIEW_CALCULATOR_URL = "https://calculator.example.invalid/calculator"  # what `validate` checks when nothing is set
LINE_ENV = ("LINE_CHANNEL_ACCESS_TOKEN", "LINE_API_BASE_URL", "BOT_DEV")

Say = Callable[[str], None]


class RichMenuError(Exception):
    """The menu is broken or LINE refused a call; the message says which and why."""


@dataclass(frozen=True)
class Deployed:
    """What `deploy` did: the menu now the default, whether it is new, and which of our old menus went."""

    rich_menu_id: str
    name: str
    created: bool
    deleted: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)  # our older menus still on the channel


@dataclass(frozen=True)
class MenuSettings:
    """What the rich menu commands need: LINE's settings plus where the calculator page lives."""

    line: Settings
    liff_id: str | None = None
    public_base_url: str | None = None

    def calculator_url(self) -> str:
        """The calculator area's address; RichMenuError naming LIFF_ID and PUBLIC_BASE_URL when neither is set."""
        return calculator_url(self.liff_id, self.public_base_url)


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
    found += _name_problems(menu.get("name"), "name" in menu)
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


def _name_problems(name: Any, present: bool) -> list[str]:
    """The name must say the menu is ours and leave room for the fingerprint deploy appends."""
    if not present:
        return []
    if not isinstance(name, str) or not name:
        return ["name must be a non-empty text"]
    found = []
    room = MAX_NAME - len(fingerprint_suffix("0" * FINGERPRINT_DIGITS))
    if len(name) > room:
        found.append(f"name is {len(name)} characters; LINE allows {MAX_NAME} and deploy appends "
                     f"\" #<fingerprint>\", so at most {room}")
    if not name.startswith(OURS_PREFIX):
        found.append(f"name {name!r} must start with {OURS_PREFIX!r}: that is how deploy and delete tell "
                     "this bot's menus from other tools'")
    elif FINGERPRINT_SUFFIX.search(name):
        found.append(f"name {name!r} must not end with a fingerprint: deploy appends it")
    return found


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
    if kind not in ACTION_TYPES:
        found.append(f"{where}: action type {kind!r} is not one LINE knows")
    elif kind == "message":
        found += _text_problem(f"{where}: message text", action.get("text"), MAX_TEXT)
    elif kind == "postback":
        found += _postback_problems(where, action)
    elif kind == "uri":
        found += _uri_problems(where, action.get("uri"))
    return found


def _postback_problems(where: str, action: Mapping[str, Any]) -> list[str]:
    """Data within LINE's limit, and a displayText so the chat shows what was tapped."""
    found = _text_problem(f"{where}: postback data", action.get("data"), MAX_TEXT)
    if "displayText" not in action:
        found.append(f"{where}: a postback needs a displayText, or a tap leaves nothing in the chat")
    else:
        found += _text_problem(f"{where}: displayText", action.get("displayText"), MAX_TEXT)
    if "text" in action:
        found.append(f"{where}: a postback takes displayText, not text (LINE refuses both together)")
    return found


def _uri_problems(where: str, uri: Any) -> list[str]:
    """A filled-in address LINE can open."""
    found = _text_problem(f"{where}: uri", uri, MAX_URI)
    if found:
        return found
    if CALCULATOR_PLACEHOLDER in uri:
        return [f"{where}: uri still holds {CALCULATOR_PLACEHOLDER}; it is filled from LIFF_ID or PUBLIC_BASE_URL"]
    if not uri.startswith(URI_SCHEMES):
        return [f"{where}: uri {uri!r} must start with " + ", ".join(URI_SCHEMES)]
    return []


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


# --- the calculator's address and the fingerprint -------------------------------------------------------


def calculator_url(liff_id: str | None, public_base_url: str | None) -> str:
    """The calculator page: its LIFF URL when there is a LIFF app, else the bot's own /calculator."""
    if liff_id:
        if not LIFF_ID.fullmatch(liff_id):
            raise RichMenuError(f"LIFF_ID {liff_id!r} is not a LIFF app id; copy it from the LINE Developers "
                                "console (it looks like 1234567890-AbCdEfGh)")
        return calculator_page(LIFF_ORIGIN + liff_id)
    if public_base_url:
        if not public_base_url.startswith("https://") or len(public_base_url) <= len("https://"):
            raise RichMenuError(f"PUBLIC_BASE_URL must be the bot's public https address, e.g. "
                                f"https://bot.example.com; it is {public_base_url!r}")
        return calculator_page(public_base_url)
    raise RichMenuError("the calculator area needs the calculator page's address, and neither LIFF_ID nor "
                        "PUBLIC_BASE_URL is set. Set LIFF_ID to the calculator's LIFF app id (the menu opens "
                        "https://liff.line.me/<LIFF_ID>), or PUBLIC_BASE_URL to the bot's public address, e.g. "
                        "https://bot.example.com (the menu opens <PUBLIC_BASE_URL>/calculator)")


def _calculator_env(env: Mapping[str, str]) -> tuple[str | None, str | None]:
    """LIFF_ID and PUBLIC_BASE_URL, trimmed; None when unset or blank."""
    liff_id = (env.get("LIFF_ID") or "").strip() or None
    base = (env.get("PUBLIC_BASE_URL") or "").strip().rstrip("/") or None
    return liff_id, base


def preview_calculator_url(env: Mapping[str, str] | None = None) -> tuple[str, bool]:
    """(address, configured): the real calculator address when set, else a stand-in so `validate` still checks."""
    liff_id, base = _calculator_env(os.environ if env is None else env)
    if liff_id or base:
        return calculator_url(liff_id, base), True
    return PREVIEW_CALCULATOR_URL, False


def with_calculator(menu: Mapping[str, Any], url: str) -> dict[str, Any]:
    """A copy of the menu with every {CALCULATOR_URL} in a uri action replaced by url."""
    filled = copy.deepcopy(dict(menu))
    for area in filled.get("areas") or []:
        action = area.get("action") if isinstance(area, dict) else None
        if isinstance(action, dict) and isinstance(action.get("uri"), str):
            action["uri"] = action["uri"].replace(CALCULATOR_PLACEHOLDER, url)
    return filled


def fingerprint(menu: Mapping[str, Any], image: bytes) -> str:
    """First hex digits of sha256(canonical menu JSON + picture): equal exactly when nothing changed."""
    canonical = json.dumps(menu, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(canonical + b"\n" + image).hexdigest()[:FINGERPRINT_DIGITS]


def fingerprint_suffix(digits: str) -> str:
    """What deploy appends to the name: ` #<fingerprint>`."""
    return f" #{digits}"


def deployed_name(menu: Mapping[str, Any], image: bytes) -> str:
    """The name the menu gets on LINE: menu.json's name plus the fingerprint of menu and picture."""
    return str(menu["name"]) + fingerprint_suffix(fingerprint(menu, image))


def is_ours(name: str | None) -> bool:
    """Whether a menu on the channel was made by this bot (older ones may lack the fingerprint)."""
    return bool(name) and str(name).startswith(OURS_PREFIX)


def fingerprint_of(name: str | None) -> str | None:
    """The fingerprint at the end of a menu's name, or None."""
    found = FINGERPRINT_SUFFIX.search(name or "")
    return found.group(1) if found else None


# --- LINE ------------------------------------------------------------------------------------------------


def settings_from_env(env: Mapping[str, str] | None = None) -> MenuSettings:
    """LINE's settings (the access token; never the channel secret) plus LIFF_ID and PUBLIC_BASE_URL."""
    env = os.environ if env is None else env
    line_env = {name: env[name] for name in LINE_ENV if name in env}
    line_env["LINE_CHANNEL_SECRET"] = "not-needed-for-rich-menus"
    liff_id, base = _calculator_env(env)
    return MenuSettings(Settings.from_env(line_env), liff_id, base)


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
def _calling(step: str, after: str = "") -> Iterator[None]:
    """Turn the SDK's exceptions into one clear sentence (plus `after`, what that means for the deploy)."""
    from linebot.v3.messaging import ApiException
    from urllib3.exceptions import HTTPError

    try:
        yield
    except ApiException as exc:
        raise RichMenuError(f"LINE refused to {step}: HTTP {exc.status} {_why(exc)}{after}") from None
    except (HTTPError, OSError) as exc:
        raise RichMenuError(f"could not reach LINE to {step}: {type(exc).__name__}: {exc}{after}") from None


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


def _quiet(_line: str) -> None:
    """A `say` that says nothing."""


def _channel(api: Any) -> tuple[list[Any], str | None]:
    """(every rich menu of the channel, the default menu's id or None)."""
    from linebot.v3.messaging import ApiException

    with _calling("list the rich menus"):
        menus = api.get_rich_menu_list(_request_timeout=TIMEOUT).richmenus or []
    with _calling("read the default rich menu"):
        try:
            default = api.get_default_rich_menu_id(_request_timeout=TIMEOUT).rich_menu_id
        except ApiException as exc:
            if exc.status != 404:  # 404: no default menu is set
                raise
            default = None
    return menus, default


def deploy(menu: Mapping[str, Any], image: bytes, settings: MenuSettings, say: Say | None = None) -> Deployed:
    """Make this menu the channel's default, creating it only if no menu of ours has its fingerprint."""
    say = say or _quiet
    body = with_calculator(menu, settings.calculator_url())
    validate(body, image)
    name = deployed_name(body, image)
    body["name"] = name
    with _apis(settings.line) as (api, blob):
        menus, default = _channel(api)
        ours = [m for m in menus if is_ours(m.name)]
        same: list[str] = [m.rich_menu_id for m in ours if m.name == name]
        if same:
            return _keep(api, default if default is not None and default in same else same[0], name, default,
                         ours, say)
        rich_menu_id = _create(api, blob, body, image, say)
        with _calling("make the rich menu the default"):
            api.set_default_rich_menu(rich_menu_id, _request_timeout=TIMEOUT)
        say(f"set {rich_menu_id} as the default menu for every follower")
        deleted, left = _delete_ours(api, [m for m in ours if m.rich_menu_id != rich_menu_id], say)
    return Deployed(rich_menu_id, name, created=True, deleted=deleted, left=left)


def _keep(api: Any, rich_menu_id: str, name: str, default: str | None, ours: list[Any], say: Say) -> Deployed:
    """The menu is already on the channel: make sure it is the default and change nothing else."""
    if default == rich_menu_id:
        say(f"up to date: {rich_menu_id} ({name}) is already the default; nothing to do")
    else:
        with _calling("make the rich menu the default"):
            api.set_default_rich_menu(rich_menu_id, _request_timeout=TIMEOUT)
        say(f"up to date: {rich_menu_id} ({name}) was already on the channel; made it the default again")
    left = [m.rich_menu_id for m in ours if m.rich_menu_id != rich_menu_id]
    if left:
        say(f"note: {len(left)} older menu(s) of ours remain: {', '.join(left)} "
            "(python -m bot richmenu delete <id> removes one)")
    return Deployed(rich_menu_id, name, created=False, left=left)


def _create(api: Any, blob: Any, body: dict[str, Any], image: bytes, say: Say) -> str:
    """Have LINE validate the body, create the menu and upload its picture; the new menu's id."""
    from linebot.v3.messaging import RichMenuRequest

    request = RichMenuRequest.from_dict(body)
    with _calling("validate the rich menu", after="; nothing was created"):
        api.validate_rich_menu_object(request, _request_timeout=TIMEOUT)
    say("LINE's validate endpoint accepted the menu")
    with _calling("create the rich menu"):
        rich_menu_id = str(api.create_rich_menu(request, _request_timeout=TIMEOUT).rich_menu_id)
    say(f"created {rich_menu_id} ({body['name']})")
    info = image_info(image)
    content_type = CONTENT_TYPES[info[0] if info else "png"]
    try:
        with _calling("upload the rich menu image", after="; the half-made menu was deleted"):
            blob.set_rich_menu_image(rich_menu_id, body=image, _headers={"Content-Type": content_type},
                                     _request_timeout=TIMEOUT)
    except RichMenuError:
        _forget(api, rich_menu_id)
        raise
    say(f"uploaded the image ({len(image):,} bytes, {content_type})")
    return rich_menu_id


def _forget(api: Any, rich_menu_id: str) -> None:
    """Delete a menu left without a picture; best effort, the original error matters more."""
    try:
        api.delete_rich_menu(rich_menu_id, _request_timeout=TIMEOUT)
    except Exception:  # noqa: BLE001 - cleanup only
        pass


def _delete_ours(api: Any, menus: list[Any], say: Say) -> tuple[list[str], list[str]]:
    """Delete these menus of ours, going on past a failure; (deleted ids, ids still there)."""
    deleted, left = [], []
    for menu in menus:
        try:
            with _calling(f"delete rich menu {menu.rich_menu_id}"):
                api.delete_rich_menu(menu.rich_menu_id, _request_timeout=TIMEOUT)
        except RichMenuError as exc:
            say(f"warning: {exc}")
            left.append(menu.rich_menu_id)
            continue
        say(f"deleted {menu.rich_menu_id} ({menu.name})")
        deleted.append(menu.rich_menu_id)
    return deleted, left


def list_menus(settings: MenuSettings) -> list[dict[str, Any]]:
    """Every rich menu of the channel, each with `ours` and `default` marks."""
    with _apis(settings.line) as (api, _blob):
        menus, default = _channel(api)
    return [{**m.to_dict(), "ours": is_ours(m.name), "default": m.rich_menu_id == default} for m in menus]


def delete(settings: MenuSettings, ids: list[str] | None = None, say: Say | None = None) -> list[str]:
    """Delete our menus: these ids (each must be ours) or, with none given, every one of ours."""
    say = say or _quiet
    with _apis(settings.line) as (api, _blob):
        menus, default = _channel(api)
        targets = _ours_among(menus, ids) if ids else [m for m in menus if is_ours(m.name)]
        deleted, left = _delete_ours(api, targets, say)
    if default in deleted:
        say("the channel now has no default rich menu; run `python -m bot richmenu deploy` to set ours again")
    if left:
        raise RichMenuError(f"could not delete {', '.join(left)}")
    return deleted


def _ours_among(menus: list[Any], ids: list[str]) -> list[Any]:
    """The menus with these ids, refusing (before anything is deleted) an unknown id or another tool's menu."""
    by_id = {m.rich_menu_id: m for m in menus}
    chosen = []
    for rich_menu_id in dict.fromkeys(ids):
        menu = by_id.get(rich_menu_id)
        if menu is None:
            raise RichMenuError(f"there is no rich menu {rich_menu_id} on this channel "
                                "(python -m bot richmenu list shows them)")
        if not is_ours(menu.name):
            raise RichMenuError(f"{rich_menu_id} ({menu.name!r}) is not this bot's menu: its name does not start "
                                f"with {OURS_PREFIX!r}. Nothing was deleted; remove it with the tool that made it")
        chosen.append(menu)
    return chosen
