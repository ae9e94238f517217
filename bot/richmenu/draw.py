"""Draw menu.png from menu.json: run by hand with `python -m bot.richmenu.draw` after changing the menu.

Needs Pillow (`pip install -e '.[richmenu]'`) and a Noto Sans CJK Bold font (Debian: fonts-noto-cjk). The bot
itself never imports this module: it ships the PNG. Tiles, labels and their positions come from menu.json, so
the picture always matches the tappable areas; the icon is chosen by the area's label.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)
FACE = "Noto Sans CJK TC"
SCALE = 2  # draw at twice the size, then shrink: smooth edges without anti-aliasing tricks

WHITE = (255, 255, 255)
GREEN = (6, 199, 85)  # LINE green #06C755
TINT = (230, 248, 237)  # a pale wash of the same green
INK = (34, 34, 34)
LINE = (228, 231, 233)

Point = tuple[float, float]


def main(argv: Sequence[str] | None = None) -> int:
    """Read menu.json and write menu.png next to it (or where told)."""
    parser = argparse.ArgumentParser(prog="python -m bot.richmenu.draw", description=__doc__)
    parser.add_argument("--menu", type=Path, default=HERE / "menu.json")
    parser.add_argument("--out", type=Path, default=HERE / "menu.png")
    parser.add_argument("--font", type=Path, default=None, help="a Noto Sans CJK Bold .ttc/.otf file")
    args = parser.parse_args(argv)
    try:
        from PIL import Image  # noqa: F401 - imported here so the bot never needs Pillow
    except ImportError:
        print("Pillow is needed to draw the menu: pip install -e '.[richmenu]'", file=sys.stderr)
        return 1
    font = args.font or next((Path(p) for p in FONT_CANDIDATES if Path(p).exists()), None)
    if font is None or not font.exists():
        print("No CJK bold font found; install fonts-noto-cjk or pass --font", file=sys.stderr)
        return 1
    menu = json.loads(args.menu.read_text(encoding="utf-8"))
    image = render(menu, font)
    image.save(args.out, format="PNG", optimize=True)
    print(f"wrote {args.out} ({image.width}×{image.height}, {args.out.stat().st_size:,} bytes)")
    return 0


def render(menu: dict[str, Any], font_path: Path) -> Any:
    """The menu picture as a Pillow image."""
    from PIL import Image, ImageDraw

    width, height = menu["size"]["width"], menu["size"]["height"]
    canvas = Image.new("RGB", (width * SCALE, height * SCALE), WHITE)
    pen = ImageDraw.Draw(canvas)
    unit = min(a["bounds"]["height"] for a in menu["areas"]) / 421 * SCALE
    label_font = _face(font_path, round(68 * unit))
    for area in menu["areas"]:
        b = {k: v * SCALE for k, v in area["bounds"].items()}
        _separators(pen, b, width * SCALE, height * SCALE, unit)
        cx, cy = b["x"] + b["width"] / 2, b["y"] + b["height"] * 0.40
        radius = 104 * unit
        pen.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=TINT)
        label = area["action"].get("label") or area["action"].get("displayText") or area["action"].get("text", "")
        ICONS.get(label, _dot)(pen, (cx, cy), unit, font_path)
        pen.text((cx, b["y"] + b["height"] * 0.80), label, font=label_font, fill=INK, anchor="mm")
    pen.rectangle((0, 0, width * SCALE, 10 * unit), fill=GREEN)
    return canvas.resize((width, height), Image.Resampling.LANCZOS)


def _face(font_path: Path, size: int) -> Any:
    """The Traditional Chinese face of a CJK collection (falls back to the file's first face)."""
    from PIL import ImageFont

    for index in range(10):
        try:
            font = ImageFont.truetype(str(font_path), size, index=index)
        except OSError:
            break
        if font.getname()[0] == FACE:
            return font
    return ImageFont.truetype(str(font_path), size)


def _separators(pen: Any, b: dict[str, float], width: float, height: float, unit: float) -> None:
    """Thin grey lines on the right and bottom edges of a tile, stopping short of the corners."""
    inset, thick = 44 * unit, max(2, round(3 * unit))
    right, bottom = b["x"] + b["width"], b["y"] + b["height"]
    if right < width:
        pen.rectangle((right - thick / 2, b["y"] + inset, right + thick / 2, bottom - inset), fill=LINE)
    if bottom < height:
        pen.rectangle((b["x"] + inset, bottom - thick / 2, right - inset, bottom + thick / 2), fill=LINE)


def _box(c: Point, u: float, left: float, top: float, right: float, bottom: float) -> tuple[float, ...]:
    """A rectangle given in icon units around the centre c."""
    return (c[0] + left * u, c[1] + top * u, c[0] + right * u, c[1] + bottom * u)


def _bars(pen: Any, c: Point, u: float, font: Path) -> None:
    """Three bars side by side: comparing plans."""
    for dx, h in ((-40, 48), (0, 80), (40, 112)):
        pen.rounded_rectangle(_box(c, u, dx - 14, 52 - h, dx + 14, 52), radius=6 * u, fill=GREEN)
    pen.rounded_rectangle(_box(c, u, -62, 56, 62, 64), radius=4 * u, fill=GREEN)


def _calculator(pen: Any, c: Point, u: float, font: Path) -> None:
    """A calculator: working out a monthly fee."""
    pen.rounded_rectangle(_box(c, u, -44, -60, 44, 60), radius=14 * u, outline=GREEN, width=round(9 * u))
    pen.rounded_rectangle(_box(c, u, -28, -44, 28, -18), radius=5 * u, fill=GREEN)
    for row in range(3):
        for col in range(3):
            x, y = -22 + col * 22, -2 + row * 20
            pen.rounded_rectangle(_box(c, u, x - 7, y - 6, x + 7, y + 8), radius=3 * u, fill=GREEN)


def _bubble(pen: Any, c: Point, u: float, font: Path) -> None:
    """A chat bubble with three dots: automatic replies."""
    pen.rounded_rectangle(_box(c, u, -62, -48, 62, 34), radius=26 * u, fill=GREEN)
    pen.polygon([(c[0] - 34 * u, c[1] + 28 * u), (c[0] - 46 * u, c[1] + 60 * u), (c[0] - 8 * u, c[1] + 30 * u)],
                fill=GREEN)
    for dx in (-30, 0, 30):
        pen.ellipse(_box(c, u, dx - 10, -17, dx + 10, 3), fill=WHITE)


def _receipt(pen: Any, c: Point, u: float, font: Path) -> None:
    """A receipt with a dollar sign: working out this month's fee."""
    left, right, top, bottom, steps = -46, 46, -62, 50, 8
    zigzag = [(right - i * (right - left) / steps, bottom - (12 if i % 2 else 0)) for i in range(steps + 1)]
    pen.polygon([(c[0] + x * u, c[1] + y * u) for x, y in [(left, top), (right, top), *zigzag]], fill=GREEN)
    pen.text((c[0], c[1] - 20 * u), "$", font=_face(font, round(64 * u)), fill=WHITE, anchor="mm")
    pen.rounded_rectangle(_box(c, u, -26, 24, 26, 31), radius=4 * u, fill=WHITE)


def _swap(pen: Any, c: Point, u: float, font: Path) -> None:
    """Two opposite arrows: moving from one plan to another."""
    for y, sign in ((-24, 1), (24, -1)):
        tip, tail = 60 * sign, -54 * sign
        pen.rounded_rectangle(_box(c, u, min(tail, tip - 28 * sign), y - 9, max(tail, tip - 28 * sign), y + 9),
                              radius=4 * u, fill=GREEN)
        head = [(tip, y), (tip - 34 * sign, y - 28), (tip - 34 * sign, y + 28)]
        pen.polygon([(c[0] + x * u, c[1] + yy * u) for x, yy in head], fill=GREEN)


def _wallet(pen: Any, c: Point, u: float, font: Path) -> None:
    """A wallet with a banknote: what a budget buys."""
    pen.rounded_rectangle(_box(c, u, -44, -62, 30, -10), radius=6 * u, fill=(160, 224, 186))
    pen.rounded_rectangle(_box(c, u, -62, -36, 62, 52), radius=16 * u, fill=GREEN)
    pen.rounded_rectangle(_box(c, u, 14, -6, 64, 26), radius=10 * u, fill=GREEN, outline=WHITE, width=round(6 * u))
    pen.ellipse(_box(c, u, 28, 2, 44, 18), fill=WHITE)


def _dot(pen: Any, c: Point, u: float, font: Path) -> None:
    """A plain dot for an area without its own icon."""
    pen.ellipse(_box(c, u, -30, -30, 30, 30), fill=GREEN)


ICONS: dict[str, Callable[[Any, Point, float, Path], None]] = {
    "方案比較": _bars,
    "費用試算": _receipt,
    "自動回應": _bubble,
    "方案變更": _swap,
    "預算": _wallet,
    "計算機": _calculator,
}


if __name__ == "__main__":
    sys.exit(main())
