"""The rich menu: its definition, its picture, the taps it sends, and the free calls that deploy it."""

from __future__ import annotations

import ast
import copy
import json
import os
import re
import struct
import subprocess
import sys
import tomllib
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from bot.__main__ import main
from bot.richmenu import deploy as menus
from bot.richmenu import draw
from bot.settings import Settings
from bot.taps import read_tap
from tests.contract.schema import errors
from tests.fakeline import FakeLine

ROOT = Path(__file__).resolve().parents[2]
MENU_DIR = ROOT / "bot" / "richmenu"
MENU = json.loads((MENU_DIR / "menu.json").read_text(encoding="utf-8"))
PNG = (MENU_DIR / "menu.png").read_bytes()
BASE_URL = "https://bot.example.com"
LIFF = "1234567890-AbCdEfGh"
NEW_ID = "richmenu-0123456789abcdef0123456789abcdef"
OLD_ID = "richmenu-fedcba9876543210fedcba9876543210"
LEGACY_ID = "richmenu-11111111111111111111111111111111"
OTHER_ID = "richmenu-99999999999999999999999999999999"
LIST, DEFAULT, VALIDATE, CREATE = (("GET", "/v2/bot/richmenu/list"), ("GET", "/v2/bot/user/all/richmenu"),
                                   ("POST", "/v2/bot/richmenu/validate"), ("POST", "/v2/bot/richmenu"))
# The postback data each tap sends: a contract with the tap handler (bot.taps), not to be changed here.
CONTRACT = {
    "方案比較": ("v=1&a=compare", "方案比較"),
    "費用試算": ("v=1&a=wizard&w=estimate", "我想試算費用"),
    "自動回應": ("v=1&a=billed&kind=auto_reply", "自動回應要錢嗎？"),
    "方案變更": ("v=1&a=wizard&w=change", "我想試算方案變更"),
    "預算": ("v=1&a=wizard&w=budget", "我的預算能發幾則？"),
}
POSTBACKS = [a["action"] for a in MENU["areas"] if a["action"]["type"] == "postback"]


def filled(url: str = BASE_URL + "/calculator", menu: dict[str, Any] | None = None) -> dict[str, Any]:
    """The menu as deploy sends it, calculator address filled in (name without the fingerprint)."""
    return menus.with_calculator(menu or MENU, url)


def sent(url: str = BASE_URL + "/calculator", image: bytes = PNG, menu: dict[str, Any] | None = None) -> dict[str, Any]:
    """The exact create body for this menu and picture: filled in and named with its fingerprint."""
    body = filled(url, menu)
    return {**body, "name": menus.deployed_name(body, image)}


class MenuFakeLine(FakeLine):
    """FakeLine that keeps raw bodies and headers (a picture is not JSON) and plays LINE's rich menu endpoints.

    It holds the channel's menus (`menus`, with a picture or not) and default as LINE would: create adds,
    delete removes, a menu without a picture cannot be the default. `refuse[(method, path)] = status`
    makes that one call fail.
    """

    def __init__(self) -> None:
        """Serve as FakeLine does, with an empty channel."""
        super().__init__()
        self.clear()

    def clear(self) -> None:
        """An empty channel, no failures, ids handed out from NEW_ID on."""
        self.reset()
        self.menus: list[dict[str, Any]] = []
        self.pictures: set[str] = set()
        self.default_id: str | None = None
        self.refuse: dict[tuple[str, str], int] = {}
        self.created = 0

    def hold(self, *stored: dict[str, Any], default: str | None = None) -> None:
        """Put these menus (with pictures) on the channel."""
        self.menus = list(stored)
        self.pictures = {m["richMenuId"] for m in stored}
        self.default_id = default

    def ids(self) -> list[str]:
        """The ids of the menus on the channel now."""
        return [m["richMenuId"] for m in self.menus]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = self.headers.get("Content-Length")
                raw = self.rfile.read(int(length)) if length else b""
                content_type = self.headers.get("Content-Type") or ""
                body = json.loads(raw) if raw and "json" in content_type else None
                with fake.lock:
                    fake.calls.append({"method": self.command, "path": self.path, "body": body, "raw": raw,
                                       "content_type": content_type, "content_length": length,
                                       "auth": self.headers.get("Authorization")})
                    status, out = fake._menu_answer(self.command, self.path, body)
                data = json.dumps(out).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = do_PUT = _serve

        return Handler

    def _menu_answer(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        """What LINE would answer, changing the channel as LINE would."""
        if "richmenu" not in path:
            return self._answer(path, body)
        if (method, path) in self.refuse:
            return self.refuse[(method, path)], {"message": "The request body has 1 error(s)",
                                                 "details": [{"message": "must be specified", "property": "size"}]}
        found = re.fullmatch(r"/v2/bot/(?:user/all/)?richmenu/(richmenu-[0-9a-f]{32})(/content)?", path)
        menu_id = found.group(1) if found else None
        if menu_id and menu_id not in self.ids():
            return 404, {"message": "Not found"}
        if (method, path) == LIST:
            return 200, {"richmenus": self.menus}
        if (method, path) == DEFAULT:
            return (200, {"richMenuId": self.default_id}) if self.default_id else (404, {"message": "Not found"})
        if (method, path) == CREATE:
            self.created += 1
            new_id = NEW_ID if self.created == 1 else f"richmenu-{self.created:032x}"
            self.menus.append({"richMenuId": new_id, **body})
            return 200, {"richMenuId": new_id}
        if method == "POST" and path.endswith("/content"):
            self.pictures.add(str(menu_id))
        elif method == "POST" and path.startswith("/v2/bot/user/all/richmenu/"):
            if menu_id not in self.pictures:
                return 400, {"message": "An image has not been uploaded to the rich menu"}
            self.default_id = menu_id
        elif method == "DELETE":
            self.menus = [m for m in self.menus if m["richMenuId"] != menu_id]
            self.default_id = None if self.default_id == menu_id else self.default_id
        return 200, {}

    def route(self) -> list[tuple[str, str]]:
        """(method, path) of every call, in order."""
        with self.lock:
            return [(c["method"], c["path"]) for c in self.calls]

    def bodies(self, method: str, path: str) -> list[Any]:
        """The JSON bodies of every call to this endpoint."""
        with self.lock:
            return [c["body"] for c in self.calls if (c["method"], c["path"]) == (method, path)]


@pytest.fixture(scope="module")
def fake_menu_line() -> Iterator[MenuFakeLine]:
    fake = MenuFakeLine()
    yield fake
    fake.stop()


@pytest.fixture
def line(fake_menu_line: MenuFakeLine, monkeypatch: pytest.MonkeyPatch) -> Iterator[MenuFakeLine]:
    """The fake LINE API, an empty channel, with the environment pointed at it; nothing costly may be called."""
    fake_menu_line.clear()
    monkeypatch.setenv("LINE_API_BASE_URL", fake_menu_line.url)
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", "test-token")
    monkeypatch.setenv("PUBLIC_BASE_URL", BASE_URL)
    for name in ("LINE_CHANNEL_SECRET", "ADMIN_PASSWORD", "BOT_DEV", "LIFF_ID"):
        monkeypatch.delenv(name, raising=False)
    yield fake_menu_line
    assert fake_menu_line.costly_calls() == []


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, with the stdlib only."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    assert zlib.crc32(data[12:29]) == struct.unpack(">I", data[29:33])[0], "corrupt IHDR"
    return struct.unpack(">II", data[16:24])


def _broken(tmp_path: Path, change: Any) -> Path:
    menu = copy.deepcopy(MENU)
    change(menu)
    path = tmp_path / "menu.json"
    path.write_text(json.dumps(menu, ensure_ascii=False), encoding="utf-8")
    return path


def _stored(menu_id: str, name: str) -> dict[str, Any]:
    """A menu as LINE lists it."""
    return {"richMenuId": menu_id, **{**filled(), "name": name}}


OURS_OLD = _stored(OLD_ID, "LINE OA 費用小幫手 #0123abcd")
OURS_LEGACY = _stored(LEGACY_ID, "LINE OA 費用小幫手 compact v1")  # deployed before names had a fingerprint
OTHERS = _stored(OTHER_ID, "Acme 集點卡選單")


# --- the definition and the picture ---------------------------------------------------------------------


@pytest.mark.parametrize("url", [BASE_URL + "/calculator", f"https://liff.line.me/{LIFF}"])
def test_the_definition_validates_strictly_against_the_official_schema(url: str) -> None:
    assert errors("RichMenuRequest", filled(url)) == []
    assert errors("RichMenuRequest", sent(url)) == []
    assert menus.problems(filled(url), PNG) == []


def test_the_definition_is_the_compact_default_menu_with_five_postbacks_and_the_calculator() -> None:
    assert MENU["size"] == {"width": 2500, "height": 843}
    assert MENU["selected"] is True
    assert 1 <= len(MENU["chatBarText"]) <= 14 and MENU["name"].startswith(menus.OURS_PREFIX)
    assert [a["action"]["label"] for a in MENU["areas"]] == [*CONTRACT, "計算機"]
    assert {label: (a["data"], a["displayText"]) for a in POSTBACKS for label in [a["label"]]} == CONTRACT
    assert MENU["areas"][-1]["action"] == {"type": "uri", "label": "計算機", "uri": "{CALCULATOR_URL}"}
    assert all(set(a) == {"type", "label", "data", "displayText"} for a in POSTBACKS)


@pytest.mark.parametrize("action", POSTBACKS, ids=[a["label"] for a in POSTBACKS])
def test_every_tap_sends_contract_data_and_shows_a_chinese_phrase(action: dict[str, Any]) -> None:
    assert len(action["data"]) <= 300 and len(action["displayText"]) <= 300 and len(action["label"]) <= 20
    assert read_tap(action["data"]) is not None, "the tap reader must accept the data"
    shown = action["displayText"]
    assert re.fullmatch(r"[\u4e00-\u9fff？]{2,20}", shown), f"{shown!r} should read as a short Chinese phrase"


def test_the_unfilled_placeholder_and_a_bad_calculator_setting_are_refused() -> None:
    assert any("{CALCULATOR_URL}" in p for p in menus.problems(MENU, PNG))
    assert menus.calculator_url(LIFF, BASE_URL) == f"https://liff.line.me/{LIFF}"  # LIFF first
    assert menus.calculator_url(None, BASE_URL) == BASE_URL + "/calculator"
    with pytest.raises(menus.RichMenuError, match="PUBLIC_BASE_URL must be the bot's public https address"):
        menus.calculator_url(None, "http://bot.example.com")
    with pytest.raises(menus.RichMenuError, match="LIFF_ID 'liff' is not a LIFF app id"):
        menus.calculator_url("liff", None)


def test_the_picture_is_a_png_of_the_menu_size_under_one_megabyte() -> None:
    assert _png_size(PNG) == (MENU["size"]["width"], MENU["size"]["height"])
    assert len(PNG) < 1_000_000


def test_the_picture_draws_an_icon_for_every_label() -> None:
    assert set(draw.ICONS) == {a["action"]["label"] for a in MENU["areas"]}


def test_the_areas_tile_the_whole_menu_without_overlap() -> None:
    width, height = MENU["size"]["width"], MENU["size"]["height"]
    boxes = [(b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"]) for b in (a["bounds"] for a in MENU["areas"])]
    assert all(0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height for x0, y0, x1, y1 in boxes)
    for i, (ax0, ay0, ax1, ay1) in enumerate(boxes):
        for bx0, by0, bx1, by1 in boxes[i + 1 :]:
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, "areas overlap"
    assert sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in boxes) == width * height


def test_the_fingerprint_follows_the_menu_and_the_picture() -> None:
    name = menus.deployed_name(filled(), PNG)
    assert re.fullmatch(r"LINE OA 費用小幫手 #[0-9a-f]{8}", name) and len(name) <= 300
    assert menus.fingerprint(filled(), PNG) == menus.fingerprint(copy.deepcopy(filled()), PNG)
    assert menus.fingerprint(filled(), PNG + b"x") != menus.fingerprint(filled(), PNG)
    assert menus.fingerprint(filled(f"https://liff.line.me/{LIFF}"), PNG) != menus.fingerprint(filled(), PNG)
    assert menus.is_ours(name) and menus.is_ours(OURS_LEGACY["name"]) and not menus.is_ours(OTHERS["name"])


def test_package_data_ships_the_picture_and_the_definition() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["bot"]
    assert "**/*.png" in patterns and "**/*.json" in patterns


def test_the_bot_never_needs_pillow_at_run_time() -> None:
    """Only the hand-run drawing script imports PIL, and only inside its functions."""
    for path in (ROOT / "bot").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
        names = [getattr(n, "module", None) or n.names[0].name for n in top]
        assert not any(str(name).split(".")[0] == "PIL" for name in names), path
        if path.name != "draw.py":
            assert "PIL" not in {getattr(n, "module", "") for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}


# --- validate -----------------------------------------------------------------------------------------------


def test_validate_accepts_the_shipped_menu(line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["richmenu", "validate"]) == 0
    out = capsys.readouterr().out
    assert "valid" in out and f"opens {BASE_URL}/calculator" in out and "LINE OA 費用小幫手 #" in out
    assert line.calls == []


def test_validate_needs_no_calculator_setting(line: MenuFakeLine, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("PUBLIC_BASE_URL")
    assert main(["richmenu", "validate"]) == 0
    assert "deploy needs LIFF_ID or PUBLIC_BASE_URL" in capsys.readouterr().out


BROKEN = {
    "outside": (lambda m: m["areas"][2]["bounds"].update(x=2000), "area 3 is outside the image"),
    "overlap": (lambda m: m["areas"][1]["bounds"].update(x=500), "area 1 and area 2 overlap"),
    "chat bar": (lambda m: m.update(chatBarText="點這裡看看費用小幫手會什麼喔！"), "chatBarText is 15 characters"),
    "ratio": (lambda m: m["size"].update(width=1200), "aspect ratio"),
    "too many": (lambda m: m["areas"].extend([m["areas"][0]] * 15), "21 areas"),
    "long data": (lambda m: m["areas"][0]["action"].update(data="v=1&a=" + "x" * 295),
                  "area 1: postback data is 301 characters"),
    "long display": (lambda m: m["areas"][1]["action"].update(displayText="費" * 301),
                     "area 2: displayText is 301 characters"),
    "long label": (lambda m: m["areas"][2]["action"].update(label="費" * 21), "area 3: label is 21 characters"),
    "silent tap": (lambda m: m["areas"][3]["action"].pop("displayText"), "area 4: a postback needs a displayText"),
    "not ours": (lambda m: m.update(name="費用小幫手"), "must start with 'LINE OA 費用小幫手'"),
    "bad uri": (lambda m: m["areas"][5]["action"].update(uri="javascript:alert(1)"), "area 6: uri 'javascript"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_validate_refuses_a_broken_copy_and_names_the_problem(
        name: str, tmp_path: Path, line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    change, expected = BROKEN[name]
    assert main(["richmenu", "validate", "--menu", str(_broken(tmp_path, change))]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert line.calls == []


def test_validate_refuses_a_picture_of_the_wrong_size(tmp_path: Path, line: MenuFakeLine,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = _broken(tmp_path, lambda m: m.update(size={"width": 2500, "height": 1686}))
    assert main(["richmenu", "validate", "--menu", str(path)]) == 1
    assert "the image is 2500×843 but the menu size is 2500×1686" in capsys.readouterr().err


def test_image_info_reads_png_and_jpeg_headers() -> None:
    jpeg = b"\xff\xd8" + b"\xff\xe0\x00\x10" + b"JFIF\x00" + b"\x00" * 9 + b"\xff\xc0\x00\x11\x08\x03\x4b\x09\xc4"
    assert menus.image_info(jpeg) == ("jpeg", 2500, 843)
    assert menus.image_info(PNG) == ("png", 2500, 843)
    assert menus.image_info(b"GIF89a") is None


# --- deploy ---------------------------------------------------------------------------------------------------


def test_deploy_replaces_only_our_old_menus_and_leaves_another_tools_alone(
        line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    line.hold(OURS_OLD, OTHERS, OURS_LEGACY, default=OLD_ID)
    assert main(["richmenu", "deploy"]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == NEW_ID
    assert line.route() == [
        LIST, DEFAULT, VALIDATE, CREATE,
        ("POST", f"/v2/bot/richmenu/{NEW_ID}/content"),
        ("POST", f"/v2/bot/user/all/richmenu/{NEW_ID}"),
        ("DELETE", f"/v2/bot/richmenu/{OLD_ID}"),
        ("DELETE", f"/v2/bot/richmenu/{LEGACY_ID}"),
    ]
    assert line.bodies(*VALIDATE) == line.bodies(*CREATE) == [sent()]
    upload, default = line.calls[4], line.calls[5]
    assert upload["content_type"] == "image/png" and upload["raw"] == PNG
    assert default["content_length"] == "0"  # an empty body, not none: LINE answers 411 without a length
    assert {c["auth"] for c in line.calls} == {"Bearer test-token"}
    assert line.ids() == [OTHER_ID, NEW_ID] and line.default_id == NEW_ID
    assert f"deleted {OLD_ID}" in err and f"deleted {LEGACY_ID}" in err and OTHER_ID not in err


def test_deploying_twice_changes_nothing_the_second_time(
        line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    line.hold(OTHERS)
    assert main(["richmenu", "deploy"]) == 0
    capsys.readouterr()
    line.reset()
    assert main(["richmenu", "deploy"]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == NEW_ID and "up to date" in err and "nothing to do" in err
    assert line.route() == [LIST, DEFAULT]
    assert line.ids() == [OTHER_ID, NEW_ID] and line.default_id == NEW_ID


def test_an_unchanged_menu_that_lost_the_default_gets_it_back_without_a_new_menu(
        line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    line.hold(_stored(OLD_ID, sent()["name"]), OTHERS, default=OTHER_ID)
    assert main(["richmenu", "deploy"]) == 0
    assert capsys.readouterr().out.strip() == OLD_ID
    assert line.route() == [LIST, DEFAULT, ("POST", f"/v2/bot/user/all/richmenu/{OLD_ID}")]
    assert line.ids() == [OLD_ID, OTHER_ID] and line.default_id == OLD_ID


CHANGES = {
    "picture": lambda tmp: ["--image", _write(tmp / "menu.png", PNG + b"\0")],
    "definition": lambda tmp: ["--menu", str(_broken(tmp, lambda m: m.update(chatBarText="費用試算")))],
}


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("change", CHANGES)
def test_a_changed_picture_or_definition_replaces_our_menu(
        change: str, tmp_path: Path, line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    line.hold(OTHERS)
    assert main(["richmenu", "deploy"]) == 0
    first = capsys.readouterr().out.strip()
    line.reset()
    assert main(["richmenu", "deploy", *CHANGES[change](tmp_path)]) == 0
    second = capsys.readouterr().out.strip()
    assert second != first
    assert (CREATE in line.route()) and line.route()[-1] == ("DELETE", f"/v2/bot/richmenu/{first}")
    assert line.ids() == [OTHER_ID, second] and line.default_id == second


def test_a_new_calculator_address_replaces_our_menu_and_liff_comes_first(
        line: MenuFakeLine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["richmenu", "deploy"]) == 0
    monkeypatch.setenv("LIFF_ID", LIFF)
    assert main(["richmenu", "deploy"]) == 0
    assert line.bodies(*CREATE)[-1] == sent(f"https://liff.line.me/{LIFF}")
    assert line.ids() == [capsys.readouterr().out.split()[-1]] and len(line.bodies(*CREATE)) == 2


def test_a_validate_refusal_stops_the_deploy_before_anything_is_created(
        line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    line.hold(OURS_OLD, default=OLD_ID)
    line.refuse[VALIDATE] = 400
    assert main(["richmenu", "deploy"]) == 1
    out, err = capsys.readouterr()
    assert "LINE refused to validate the rich menu: HTTP 400" in err and "nothing was created" in err
    assert "size: must be specified" in err and "Traceback" not in err and out == ""
    assert line.route() == [LIST, DEFAULT, VALIDATE]
    assert line.ids() == [OLD_ID] and line.default_id == OLD_ID


def test_a_line_error_exits_non_zero_with_a_clear_message_and_no_traceback(line: MenuFakeLine) -> None:
    line.refuse[CREATE] = 400
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bot", "richmenu", "deploy"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "LINE refused to create the rich menu: HTTP 400" in done.stderr
    assert "size: must be specified" in done.stderr
    assert done.stdout == ""
    assert line.route() == [LIST, DEFAULT, VALIDATE, CREATE]


def test_a_failed_upload_removes_the_half_made_menu(line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    line.hold(OURS_OLD, default=OLD_ID)
    line.refuse[("POST", f"/v2/bot/richmenu/{NEW_ID}/content")] = 415
    assert main(["richmenu", "deploy"]) == 1
    assert "LINE refused to upload the rich menu image: HTTP 415" in capsys.readouterr().err
    assert line.route()[-1] == ("DELETE", f"/v2/bot/richmenu/{NEW_ID}")
    assert ("POST", f"/v2/bot/user/all/richmenu/{NEW_ID}") not in line.route()
    assert line.ids() == [OLD_ID] and line.default_id == OLD_ID


def test_deploy_refuses_an_invalid_menu_before_calling_line(tmp_path: Path, line: MenuFakeLine) -> None:
    path = _broken(tmp_path, lambda m: m["areas"][0]["bounds"].update(width=3000))
    assert main(["richmenu", "deploy", "--menu", str(path)]) == 1
    assert line.calls == []


def test_deploy_without_a_calculator_address_names_both_settings(
        line: MenuFakeLine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("PUBLIC_BASE_URL")
    assert main(["richmenu", "deploy"]) == 1
    err = capsys.readouterr().err
    assert "neither LIFF_ID nor PUBLIC_BASE_URL is set" in err and "Traceback" not in err
    assert line.calls == []


def test_a_missing_token_is_named(line: MenuFakeLine, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("LINE_CHANNEL_ACCESS_TOKEN")
    assert main(["richmenu", "deploy"]) == 1
    assert "LINE_CHANNEL_ACCESS_TOKEN is not set" in capsys.readouterr().err
    assert line.calls == []


def test_the_old_delete_others_flag_still_deletes_only_ours(
        line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    line.hold(OURS_OLD, OTHERS, default=OTHER_ID)
    assert main(["richmenu", "deploy", "--delete-others"]) == 0
    assert "no longer needed" in capsys.readouterr().err
    assert line.ids() == [OTHER_ID, NEW_ID]


def test_unrelated_settings_do_not_get_in_the_way(line: MenuFakeLine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_PASSWORD", "set-without-a-secret-key")
    monkeypatch.setenv("MESSAGE_RETENTION_DAYS", "not a number")
    assert main(["richmenu", "deploy"]) == 0


# --- list and delete -----------------------------------------------------------------------------------------


def test_list_marks_ours_and_the_default(line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    line.hold(OURS_OLD, OTHERS, default=OLD_ID)
    assert main(["richmenu", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("ours ") and OLD_ID in lines[0] and lines[0].endswith("(default)")
    assert "2500×843" in lines[0] and "6 areas" in lines[0]
    assert lines[1].startswith("other") and OTHER_ID in lines[1] and "(default)" not in lines[1]
    assert all(method == "GET" for method, _ in line.route())


def test_list_says_when_the_channel_has_no_menu(line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["richmenu", "list"]) == 0
    assert capsys.readouterr().out.strip() == "no rich menus on this channel"


def test_delete_all_removes_only_ours(line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    line.hold(OURS_OLD, OTHERS, OURS_LEGACY, default=OLD_ID)
    assert main(["richmenu", "delete", "--all"]) == 0
    out, err = capsys.readouterr()
    assert out.split() == [OLD_ID, LEGACY_ID] and "no default rich menu" in err
    assert line.ids() == [OTHER_ID]


def test_delete_one_of_ours_by_id(line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    line.hold(OURS_OLD, OTHERS, OURS_LEGACY, default=OLD_ID)
    assert main(["richmenu", "delete", LEGACY_ID]) == 0
    assert capsys.readouterr().out.split() == [LEGACY_ID]
    assert line.ids() == [OLD_ID, OTHER_ID] and line.default_id == OLD_ID


@pytest.mark.parametrize(("ids", "expected"), [
    ([OLD_ID, OTHER_ID], f"{OTHER_ID} ('Acme 集點卡選單') is not this bot's menu"),
    (["richmenu-" + "a" * 32], "there is no rich menu richmenu-aaaa"),
])
def test_delete_refuses_another_tools_menu_or_an_unknown_id_and_deletes_nothing(
        ids: list[str], expected: str, line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    line.hold(OURS_OLD, OTHERS)
    assert main(["richmenu", "delete", *ids]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert all(method == "GET" for method, _ in line.route())
    assert line.ids() == [OLD_ID, OTHER_ID]


def test_delete_without_ids_asks_for_them_or_all(line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    line.hold(OURS_OLD)
    assert main(["richmenu", "delete"]) == 2
    assert "--all" in capsys.readouterr().err
    assert line.calls == []


def test_the_picture_goes_to_the_data_host_unless_a_stand_in_is_set() -> None:
    real = Settings(line_channel_secret="s", line_channel_access_token="t", database_url="sqlite://")
    local = Settings(line_channel_secret="s", line_channel_access_token="t", database_url="sqlite://",
                     line_api_base_url="http://127.0.0.1:9")
    assert menus.data_host(real) == "https://api-data.line.me"
    assert menus.data_host(local) == "http://127.0.0.1:9"
