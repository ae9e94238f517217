"""The rich menu: its definition, its picture, the taps it sends, and the free calls that deploy it."""

from __future__ import annotations

import ast
import copy
import json
import os
import struct
import subprocess
import sys
import tomllib
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from bot.__main__ import main
from bot.conversation.events import TextIn
from bot.conversation.ports import MemoryStore, NullTagger
from bot.conversation.service import Conversation, Turn
from bot.richmenu import deploy as menus
from bot.settings import Settings
from bot.understanding.parse import understand
from tests.contract.schema import errors, reply_errors
from tests.fakeline import FakeLine

ROOT = Path(__file__).resolve().parents[2]
MENU_DIR = ROOT / "bot" / "richmenu"
MENU = json.loads((MENU_DIR / "menu.json").read_text(encoding="utf-8"))
PNG = (MENU_DIR / "menu.png").read_bytes()
NEW_ID = "richmenu-0123456789abcdef0123456789abcdef"
OLD_ID = "richmenu-fedcba9876543210fedcba9876543210"


class MenuFakeLine(FakeLine):
    """FakeLine that keeps raw bodies and headers (a picture is not JSON) and answers the rich menu endpoints."""

    def __init__(self) -> None:
        """Serve as FakeLine does; `menus` is what the channel already has, `fail_path` limits `status`."""
        super().__init__()
        self.menus: list[dict[str, Any]] = []
        self.default_id: str | None = None
        self.fail_path: str | None = None

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
                status, out = fake._answer(self.path, body)
                data = json.dumps(out).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = do_PUT = _serve

        return Handler

    def _answer(self, path: str, body: Any) -> tuple[int, Any]:
        if "richmenu" not in path:
            return super()._answer(path, body)
        if self.status != 200 and (self.fail_path is None or self.fail_path in path):
            return self.status, {"message": "The request body has 1 error(s)",
                                 "details": [{"message": "must be specified", "property": "size"}]}
        if path == "/v2/bot/richmenu":
            return 200, {"richMenuId": NEW_ID}
        if path == "/v2/bot/richmenu/list":
            return 200, {"richmenus": self.menus}
        if path == "/v2/bot/user/all/richmenu":
            return (200, {"richMenuId": self.default_id}) if self.default_id else (404, {"message": "Not found"})
        return 200, {}

    def route(self) -> list[tuple[str, str]]:
        """(method, path) of every call, in order."""
        with self.lock:
            return [(c["method"], c["path"]) for c in self.calls]


@pytest.fixture(scope="module")
def fake_menu_line() -> Iterator[MenuFakeLine]:
    fake = MenuFakeLine()
    yield fake
    fake.stop()


@pytest.fixture
def line(fake_menu_line: MenuFakeLine, monkeypatch: pytest.MonkeyPatch) -> Iterator[MenuFakeLine]:
    """The fake LINE API, clean, with the environment pointed at it; nothing costly may be called."""
    fake_menu_line.reset()
    fake_menu_line.menus, fake_menu_line.default_id, fake_menu_line.fail_path = [], None, None
    monkeypatch.setenv("LINE_API_BASE_URL", fake_menu_line.url)
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", "test-token")
    for name in ("LINE_CHANNEL_SECRET", "ADMIN_PASSWORD", "BOT_DEV"):
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
    return {"richMenuId": menu_id, **{**copy.deepcopy(MENU), "name": name}}


# --- the definition and the picture ---------------------------------------------------------------------


def test_the_definition_validates_strictly_against_the_official_schema() -> None:
    assert errors("RichMenuRequest", MENU) == []
    assert menus.problems(MENU, PNG) == []


def test_the_definition_is_the_compact_default_menu_with_six_message_taps() -> None:
    assert MENU["size"] == {"width": 2500, "height": 843}
    assert MENU["selected"] is True
    assert 1 <= len(MENU["chatBarText"]) <= 14 and MENU["name"]
    assert len(MENU["areas"]) == 6
    assert {a["action"]["type"] for a in MENU["areas"]} == {"message"}
    assert [a["action"]["text"] for a in MENU["areas"]] == [
        "方案比較", "我想試算費用", "自動回應要錢嗎？", "升級什麼時候生效？", "什麼時候扣款？", "你會什麼"]
    assert all(len(a["action"]["label"]) <= 6 for a in MENU["areas"])


def test_the_picture_is_a_png_of_the_menu_size_under_one_megabyte() -> None:
    assert _png_size(PNG) == (MENU["size"]["width"], MENU["size"]["height"])
    assert len(PNG) < 1_000_000


def test_the_areas_tile_the_whole_menu_without_overlap() -> None:
    width, height = MENU["size"]["width"], MENU["size"]["height"]
    boxes = [(b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"]) for b in (a["bounds"] for a in MENU["areas"])]
    assert all(0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height for x0, y0, x1, y1 in boxes)
    for i, (ax0, ay0, ax1, ay1) in enumerate(boxes):
        for bx0, by0, bx1, by1 in boxes[i + 1 :]:
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, "areas overlap"
    assert sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in boxes) == width * height


@pytest.mark.parametrize("area", MENU["areas"], ids=[a["action"]["label"] for a in MENU["areas"]])
def test_every_tap_is_understood_and_answered(area: dict[str, Any]) -> None:
    text = area["action"]["text"]
    assert understand(text, None, date(2026, 11, 22)).intent != "out_of_scope"
    incoming = TextIn(event_id="e" * 26, user_id="U" + "0" * 32, reply_token="r" * 32,
                      at=datetime(2026, 11, 22, 12, tzinfo=UTC), text=text)
    turn = Turn(store=MemoryStore(), tagger=NullTagger(), now=datetime(2026, 11, 22, 12, tzinfo=UTC))
    messages = Conversation().handle(incoming, turn)
    assert messages and reply_errors(messages) == []


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
    assert "valid" in capsys.readouterr().out
    assert line.calls == []


BROKEN = {
    "outside": (lambda m: m["areas"][2]["bounds"].update(x=2000), "area 3 is outside the image"),
    "overlap": (lambda m: m["areas"][1]["bounds"].update(x=500), "area 1 and area 2 overlap"),
    "chat bar": (lambda m: m.update(chatBarText="點這裡看看費用小幫手會什麼喔！"), "chatBarText is 15 characters"),
    "ratio": (lambda m: m["size"].update(width=1200), "aspect ratio"),
    "too many": (lambda m: m["areas"].extend([m["areas"][0]] * 15), "21 areas"),
    "long text": (lambda m: m["areas"][0]["action"].update(text="費" * 301), "message text is 301 characters"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_validate_refuses_a_broken_copy_and_names_the_problem(
        name: str, tmp_path: Path, line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    change, expected = BROKEN[name]
    assert main(["richmenu", "validate", "--menu", str(_broken(tmp_path, change))]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert line.calls == []


def test_validate_refuses_a_picture_of_the_wrong_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _broken(tmp_path, lambda m: m.update(size={"width": 2500, "height": 1686}))
    for area in json.loads(path.read_text(encoding="utf-8"))["areas"]:
        assert area  # the areas still fit: only the picture is wrong
    assert main(["richmenu", "validate", "--menu", str(path)]) == 1
    assert "the image is 2500×843 but the menu size is 2500×1686" in capsys.readouterr().err


def test_image_info_reads_png_and_jpeg_headers() -> None:
    jpeg = b"\xff\xd8" + b"\xff\xe0\x00\x10" + b"JFIF\x00" + b"\x00" * 9 + b"\xff\xc0\x00\x11\x08\x03\x4b\x09\xc4"
    assert menus.image_info(jpeg) == ("jpeg", 2500, 843)
    assert menus.image_info(PNG) == ("png", 2500, 843)
    assert menus.image_info(b"GIF89a") is None


# --- deploy and list --------------------------------------------------------------------------------------


def test_deploy_creates_uploads_and_sets_default_in_that_order(
        line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["richmenu", "deploy"]) == 0
    assert capsys.readouterr().out.strip() == NEW_ID
    assert line.route() == [
        ("POST", "/v2/bot/richmenu"),
        ("POST", f"/v2/bot/richmenu/{NEW_ID}/content"),
        ("POST", f"/v2/bot/user/all/richmenu/{NEW_ID}"),
    ]
    create, upload, default = line.calls
    assert create["body"] == MENU
    assert upload["content_type"] == "image/png" and upload["raw"] == PNG
    assert default["content_length"] == "0"  # an empty body, not none: LINE answers 411 without a length
    assert {c["auth"] for c in line.calls} == {"Bearer test-token"}
    assert line.costly_calls() == []


def test_deploy_can_delete_the_other_menus(line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    line.menus = [_stored(OLD_ID, "old"), _stored(NEW_ID, "new")]
    assert main(["richmenu", "deploy", "--delete-others"]) == 0
    assert line.route()[3:] == [("GET", "/v2/bot/richmenu/list"), ("DELETE", f"/v2/bot/richmenu/{OLD_ID}")]
    assert f"deleted {OLD_ID}" in capsys.readouterr().err


def test_a_line_error_exits_non_zero_with_a_clear_message_and_no_traceback(line: MenuFakeLine) -> None:
    line.status = 400
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bot", "richmenu", "deploy"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "LINE refused to create the rich menu: HTTP 400" in done.stderr
    assert "size: must be specified" in done.stderr
    assert done.stdout == ""
    assert line.route() == [("POST", "/v2/bot/richmenu")]


def test_a_failed_upload_removes_the_half_made_menu(line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    line.status, line.fail_path = 415, "/content"
    assert main(["richmenu", "deploy"]) == 1
    assert "LINE refused to upload the rich menu image: HTTP 415" in capsys.readouterr().err
    assert line.route()[-1] == ("DELETE", f"/v2/bot/richmenu/{NEW_ID}")
    assert ("POST", f"/v2/bot/user/all/richmenu/{NEW_ID}") not in line.route()


def test_deploy_refuses_an_invalid_menu_before_calling_line(tmp_path: Path, line: MenuFakeLine) -> None:
    path = _broken(tmp_path, lambda m: m["areas"][0]["bounds"].update(width=3000))
    assert main(["richmenu", "deploy", "--menu", str(path)]) == 1
    assert line.calls == []


def test_a_missing_token_is_named(line: MenuFakeLine, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("LINE_CHANNEL_ACCESS_TOKEN")
    assert main(["richmenu", "deploy"]) == 1
    assert "LINE_CHANNEL_ACCESS_TOKEN is not set" in capsys.readouterr().err
    assert line.calls == []


def test_list_shows_every_menu_and_the_default(line: MenuFakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    line.menus, line.default_id = [_stored(OLD_ID, "old"), _stored(NEW_ID, "new")], NEW_ID
    assert main(["richmenu", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and OLD_ID in lines[0] and "(default)" not in lines[0]
    assert NEW_ID in lines[1] and lines[1].endswith("(default)") and "2500×843" in lines[1]
    assert all(method == "GET" for method, _ in line.route())


def test_the_picture_goes_to_the_data_host_unless_a_stand_in_is_set() -> None:
    real = Settings(line_channel_secret="s", line_channel_access_token="t", database_url="sqlite://")
    local = Settings(line_channel_secret="s", line_channel_access_token="t", database_url="sqlite://",
                     line_api_base_url="http://127.0.0.1:9")
    assert menus.data_host(real) == "https://api-data.line.me"
    assert menus.data_host(local) == "http://127.0.0.1:9"
