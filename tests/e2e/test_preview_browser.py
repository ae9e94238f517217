"""The chat preview in a real browser (Debian's chromium driven by Playwright).

Skipped when /usr/bin/chromium is missing, unless BOT_BROWSER_TESTS=required (CI), which fails instead.
Screenshots go to test-output/.
"""

from __future__ import annotations

import dataclasses
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from bot.app import create_app
from bot.settings import Settings
from tests.contract.schema import reply_errors
from tests.e2e.browser import OUTPUT as OUT
from tests.e2e.browser import chromium, serving

pytestmark = pytest.mark.browser

QUESTION = "好友 4000 人,每月推 2 次要多少錢"
TIMEOUT_MS = 20_000
IMAGES = "https://img.example.test"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless chromium for the module."""
    with chromium() as instance:
        yield instance


@pytest.fixture
def server(settings: Settings) -> Iterator[str]:
    """The real dev-mode app on a free loopback port."""
    app = create_app(dataclasses.replace(settings, dev_mode=True))
    with serving(app) as url:
        yield url
    app.extensions["engine"].dispose()


def png(width: int, height: int, top: tuple[int, int, int], bottom: tuple[int, int, int]) -> bytes:
    """A vertical-gradient PNG, so sample images load without the internet."""
    rows = []
    for y in range(height):
        t = y / max(height - 1, 1)
        pixel = bytes(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        rows.append(b"\x00" + pixel * width)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows))) + \
        chunk(b"IEND", b"")


@pytest.fixture
def page_errors() -> list[str]:
    """JavaScript errors and failed loads the page reported; the page fixture asserts there are none."""
    return []


@pytest.fixture
def page(browser: Any, server: str, page_errors: list[str]) -> Iterator[Any]:
    """A phone-sized page on /preview; nothing leaves 127.0.0.1 (sample images are answered locally)."""
    context = browser.new_context(viewport={"width": 420, "height": 860}, locale="zh-TW")
    hero, icon = png(40, 26, (6, 199, 85), (12, 90, 160)), png(8, 8, (255, 185, 0), (255, 120, 0))

    def route(r: Any) -> None:
        url = urlsplit(r.request.url)
        if url.hostname == "127.0.0.1":
            r.continue_()
        elif r.request.url.startswith(IMAGES):
            r.fulfill(status=200, content_type="image/png", body=icon if "icon" in url.path else hero)
        else:
            r.fulfill(status=200, content_type="text/plain", body="outside page (stubbed by the test)")

    context.route("**/*", route)
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.on("pageerror", lambda exc: page_errors.append(str(exc)))
    tab.on("console", lambda msg: page_errors.append(msg.text) if msg.type == "error" else None)
    tab.goto(server + "/preview")
    yield tab
    context.close()
    assert page_errors == [], page_errors


def shot(tab: Any, name: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    tab.screenshot(path=str(path))
    return path


def wait_for_reply(tab: Any, count: int) -> None:
    """Until `count` bot replies are on screen and nothing is loading."""
    tab.wait_for_function(
        "n => document.querySelectorAll('#log .reply').length >= n && !document.querySelector('#log .loading')",
        arg=count)
    error = tab.locator("#log .error-note")
    assert error.count() == 0, error.first.inner_text()


# ------------------------------------------------------------------------------------ the real bot


def test_price_question_shows_the_answer_card_and_a_chip_asks_more(page: Any) -> None:
    page.fill("#input", QUESTION)
    page.click("#send")
    page.wait_for_selector("#log .row.user")
    wait_for_reply(page, 1)
    reply = page.locator("#log .reply").last
    cards = reply.locator(".flex-message")
    assert cards.count() >= 1, f"no Flex card in the reply; the bot said: {reply.inner_text()!r}"
    card = cards.first
    assert card.is_visible()
    text = card.inner_text()
    assert "高用量" in text and "1,800" in text, text
    assert reply.locator(".alt-text").first.inner_text().strip() != "通知文字："
    shot(page, "preview-answer.png")

    chips = page.locator("#quick-replies .chip")
    assert chips.count() > 0, "the answer came without quick-reply chips"
    label = chips.first.inner_text()
    users_before = page.locator("#log .row.user").count()
    chips.first.click()
    wait_for_reply(page, 2)
    assert page.locator("#log .reply").count() == 2
    assert page.locator("#log .row.user").count() >= users_before, label
    shot(page, "preview-chip-reply.png")


def test_enter_sends_and_the_reply_is_rendered(page: Any) -> None:
    page.fill("#input", "輕用量方案多少錢")
    page.press("#input", "Enter")
    wait_for_reply(page, 1)
    assert page.input_value("#input") == ""
    assert page.locator("#log .row.user .bubble").last.inner_text() == "輕用量方案多少錢"
    assert page.locator("#log .row.user .read").last.inner_text() == "已讀"


def test_too_long_text_shows_an_inline_error(page: Any) -> None:
    page.evaluate("() => document.getElementById('input').removeAttribute('maxlength')")
    page.fill("#input", "好" * 2001)
    page.click("#send")
    error = page.locator("#log .error-note")
    error.wait_for()
    assert "2,000" in error.inner_text()


def test_server_errors_are_shown_inline_and_retry_works(page: Any, page_errors: list[str]) -> None:
    calls = {"n": 0}

    def fail_once(r: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            r.fulfill(status=503, content_type="application/json",
                      body='{"error": "Service Unavailable", "message": "資料庫暫時無法使用"}')
        else:
            r.continue_()

    page.route("**/preview/api/say", fail_once)
    page.fill("#input", "你好")
    page.click("#send")
    error = page.locator("#log .error-note")
    error.wait_for()
    assert "資料庫暫時無法使用" in error.inner_text()
    error.locator(".retry").click()
    wait_for_reply(page, 1)
    assert all("503" in e for e in page_errors), page_errors
    page_errors.clear()  # the 503 above was the point of this test


def test_the_browser_keeps_one_user_id_across_reloads(page: Any) -> None:
    first = page.evaluate("() => window.__previewUserId()")
    page.reload()
    assert page.evaluate("() => window.__previewUserId()") == first
    page.click("#restart")
    assert page.evaluate("() => window.__previewUserId()") != first


# ------------------------------------------------------------------------------------ the renderer

XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


def text(value: str, **props: Any) -> dict[str, Any]:
    return {"type": "text", "text": value, **props}


def box(layout: str, contents: list[dict[str, Any]], **props: Any) -> dict[str, Any]:
    return {"type": "box", "layout": layout, "contents": contents, **props}


SAMPLE_BUBBLE: dict[str, Any] = {
    "type": "bubble",
    "size": "mega",
    "header": box("vertical", [
        text("每月訊息量", size="xs", color="#FFFFFFCC"),
        text("8,000 則", size="xxl", weight="bold", color="#FFFFFF"),
    ], backgroundColor="#06C755", paddingAll="lg"),
    "hero": {"type": "image", "url": f"{IMAGES}/hero.png", "size": "full", "aspectRatio": "20:13",
             "aspectMode": "cover"},
    "body": box("vertical", [
        box("baseline", [
            {"type": "icon", "url": f"{IMAGES}/icon.png", "size": "sm"},
            text("高用量", size="xl", weight="bold", flex=0, margin="sm"),
            text("推薦", size="xs", color="#06C755", align="end"),
        ], spacing="sm"),
        box("horizontal", [
            text("月費", size="sm", color="#555555", flex=2),
            text("NT$1,400", size="sm", align="end", flex=3, decoration="underline"),
        ]),
        {"type": "separator", "margin": "lg", "color": "#DDDDDD"},
        box("horizontal", [
            text("左", size="xxs"), {"type": "filler"}, text("右", size="xxs", align="end"),
        ], margin="md"),
        text("x", wrap=True, contents=[
            {"type": "span", "text": "每月 "},
            {"type": "span", "text": "NT$1,800", "weight": "bold", "color": "#E53935", "size": "lg"},
            {"type": "span", "text": "（未稅）", "decoration": "line-through"},
        ]),
        text(XSS, size="xxs", color="#8C8C8C", wrap=True),
        box("vertical", [text("圓角底色的框", size="sm", wrap=True)],
            backgroundColor="#F0FBF4", cornerRadius="md", paddingAll="md", margin="md"),
    ], spacing="sm"),
    "footer": box("vertical", [
        {"type": "button", "style": "primary", "height": "sm", "color": "#06C755",
         "action": {"type": "message", "label": "每月4次呢？", "text": "每月4次呢？"}},
        {"type": "button", "style": "secondary", "height": "sm",
         "action": {"type": "postback", "label": "方案比較", "data": "q=方案比較", "displayText": "方案比較"}},
        {"type": "button", "style": "link", "height": "sm",
         "action": {"type": "uri", "label": "官方價目表", "uri": "https://example.test/plans"}},
        {"type": "button", "style": "link", "height": "sm",
         "action": {"type": "uri", "label": "危險連結", "uri": "javascript:window.__pwned=3"}},
    ], spacing="sm"),
    "styles": {"footer": {"separator": True}},
}


def carousel_bubble(n: int, plan: str, price: str) -> dict[str, Any]:
    return {
        "type": "bubble", "size": "kilo",
        "header": box("vertical", [text(f"方案 {n}", size="xs", color="#FFFFFF")], backgroundColor="#333333"),
        "body": box("vertical", [
            text(plan, size="xl", weight="bold"),
            text(price, size="lg", color="#06C755"),
            text("說明文字會自動換行，長一點也沒關係。" * n, size="sm", wrap=True, color="#555555"),
        ], spacing="sm"),
        "footer": box("vertical", [
            {"type": "button", "style": "link", "height": "sm",
             "action": {"type": "message", "label": f"選{plan}", "text": f"{plan}多少錢"}},
        ]),
    }


SAMPLE_MESSAGES: list[dict[str, Any]] = [
    {"type": "text", "text": "您好！這是文字訊息。\n第二行 <b>不是粗體</b>"},
    {"type": "flex", "altText": "每月 8,000 則：建議高用量，每月 NT$1,800（未稅）", "contents": SAMPLE_BUBBLE},
    {"type": "flex", "altText": "三個方案比較", "contents": {"type": "carousel", "contents": [
        carousel_bubble(1, "輕用量", "NT$0"), carousel_bubble(2, "中用量", "NT$800"),
        carousel_bubble(3, "高用量", "NT$1,800"),
    ]}, "quickReply": {"items": [
        {"type": "action", "action": {"type": "message", "label": "含稅多少？", "text": "含稅多少？"}},
        {"type": "action", "action": {"type": "postback", "label": "方案比較", "data": "q=方案比較",
                                      "displayText": "想看方案比較"}},
        {"type": "action", "action": {"type": "datetimepicker", "label": "選日期", "data": "action=date",
                                      "mode": "date"}},
    ]}},
]
UNKNOWN_MESSAGE: dict[str, Any] = {
    "type": "flex", "altText": "未知元件",
    "contents": {"type": "bubble", "body": box("vertical", [text("下面是未知元件"), {"type": "hologram"}])},
}


def test_sample_messages_are_valid_line_messages() -> None:
    assert reply_errors(SAMPLE_MESSAGES) == []


def render(tab: Any, messages: list[dict[str, Any]]) -> None:
    tab.evaluate("m => window.__previewRender(m)", messages)


def style(locator: Any, prop: str) -> str:
    return locator.evaluate("(node, prop) => getComputedStyle(node)[prop]", prop)


def test_flex_renderer_draws_bubbles_carousels_and_components(page: Any) -> None:
    render(page, [UNKNOWN_MESSAGE, *SAMPLE_MESSAGES])
    reply = page.locator("#log .reply").last
    assert reply.locator(".row.bot").count() == 4
    plain = page.locator(".row.bot[data-type=text] .bubble").inner_text()
    assert plain == "您好！這是文字訊息。\n第二行 <b>不是粗體</b>"

    unknown = reply.locator(".fx-unknown")
    assert unknown.count() == 1 and "hologram" in unknown.inner_text() and unknown.is_visible()

    bubble = reply.locator(".flex-message").nth(1).locator(".fx-bubble")
    assert bubble.get_attribute("data-size") == "mega" and bubble.bounding_box()["width"] == 300
    header = bubble.locator(".fx-part-header")
    assert style(header.locator(".fx-box").first, "backgroundColor") == "rgb(6, 199, 85)"
    big = header.get_by_text("8,000 則")
    assert style(big, "fontSize") == "29px" and style(big, "fontWeight") == "700"
    assert style(big, "color") == "rgb(255, 255, 255)"

    hero = bubble.locator(".fx-part-hero img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=hero.element_handle())
    hero_box = hero.bounding_box()
    assert hero_box["width"] == 300 and abs(hero_box["height"] - 300 * 13 / 20) < 1

    body = bubble.locator(".fx-part-body")
    assert body.locator(".fx-icon img").count() == 1
    assert style(body.locator(".fx-baseline").first, "alignItems") == "baseline"
    fee, amount = body.get_by_text("月費", exact=True), body.get_by_text("NT$1,400")
    assert style(amount, "textAlign") == "end" and "underline" in style(amount, "textDecorationLine")
    ratio = amount.bounding_box()["width"] / fee.bounding_box()["width"]
    assert abs(ratio - 1.5) < 0.05, ratio
    assert body.locator(".fx-separator").count() == 1 and body.locator(".fx-filler").count() == 1
    left, right = body.get_by_text("左", exact=True), body.get_by_text("右", exact=True)
    assert right.bounding_box()["x"] - left.bounding_box()["x"] > 150
    span = body.locator(".fx-span", has_text="NT$1,800")
    assert style(span, "color") == "rgb(229, 57, 53)" and style(span, "fontSize") == "19px"
    rounded = body.get_by_text("圓角底色的框").locator("xpath=..")
    assert style(rounded, "borderTopLeftRadius") == "8px" and style(rounded, "backgroundColor") == "rgb(240, 251, 244)"

    # Reply text is shown, never run.
    assert body.get_by_text(XSS).count() == 1
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#log img[src='x'], #log script").count() == 0

    buttons = bubble.locator(".fx-part-footer .fx-button")
    assert buttons.count() == 4
    assert [b.get_attribute("class").split()[1] for b in buttons.all()] == [
        "fx-button-primary", "fx-button-secondary", "fx-button-link", "fx-button-link"]
    assert buttons.first.bounding_box()["height"] == 40
    assert "solid" in style(bubble.locator(".fx-part-footer"), "borderTopStyle")

    alts = [a.inner_text() for a in reply.locator(".alt-text").all()]
    assert alts == ["通知文字：未知元件", "通知文字：每月 8,000 則：建議高用量，每月 NT$1,800（未稅）",
                    "通知文字：三個方案比較"]
    assert style(reply.locator(".alt-text").first, "fontSize") == "11px"

    carousel = reply.locator(".fx-carousel")
    assert carousel.locator(".fx-bubble").count() == 3
    heights = {round(b.bounding_box()["height"]) for b in carousel.locator(".fx-bubble").all()}
    assert len(heights) == 1, f"carousel bubbles should share one height: {heights}"
    assert carousel.evaluate("c => c.scrollWidth > c.clientWidth")
    page.locator("#log").evaluate("log => { log.style.scrollBehavior = 'auto'; log.scrollTop = 0; }")
    bubble.scroll_into_view_if_needed()
    shot(page, "preview-flex-bubble.png")
    carousel.scroll_into_view_if_needed()
    shot(page, "preview-flex-carousel.png")
    carousel.evaluate("c => { c.style.scrollSnapType = 'none'; c.scrollLeft = c.scrollWidth; }")
    assert carousel.evaluate("c => c.scrollLeft") > 0
    shot(page, "preview-flex-carousel-scrolled.png")

    chips = page.locator("#quick-replies .chip")
    assert [c.inner_text() for c in chips.all()] == ["含稅多少？", "方案比較", "選日期"]


def test_flex_actions_and_chips_talk_to_the_server(page: Any) -> None:
    render(page, SAMPLE_MESSAGES[1:])

    # A message button sends its text, as the follower.
    with page.expect_request("**/preview/api/say") as request:
        page.get_by_role("button", name="每月4次呢？").click()
    assert request.value.post_data_json["text"] == "每月4次呢？"
    assert page.locator("#log .row.user .bubble").last.inner_text() == "每月4次呢？"
    wait_for_reply(page, 2)

    # A uri button opens a new tab; a javascript: uri never runs.
    with page.context.expect_page() as popup:
        page.locator(".fx-button", has_text="官方價目表").first.click()
    assert popup.value.url == "https://example.test/plans"
    popup.value.close()
    page.locator(".fx-button", has_text="危險連結").first.click()
    assert page.evaluate("() => window.__pwned") is None
    assert "預覽不開啟這個連結" in page.locator("#log .system-note").last.inner_text()

    # A postback chip shows its displayText and posts its data.
    render(page, SAMPLE_MESSAGES[2:])
    with page.expect_request("**/preview/api/postback") as request:
        page.locator("#quick-replies .chip", has_text="方案比較").click()
    posted = request.value.post_data_json
    assert posted["data"] == "q=方案比較" and posted["user"].startswith("U")
    assert page.locator("#log .row.user .bubble").last.inner_text() == "想看方案比較"
    wait_for_reply(page, 4)
    assert "選日期" not in page.locator("#quick-replies").inner_text(), "tapped chips must go away"

    # A datetimepicker chip asks for a date and posts it as params.
    render(page, SAMPLE_MESSAGES[2:])
    page.locator("#quick-replies .chip", has_text="選日期").click()
    page.fill("#picker input[type=date]", "2026-11-01")
    with page.expect_request("**/preview/api/postback") as request:
        page.click("#picker .picker-ok")
    assert request.value.post_data_json["params"] == {"date": "2026-11-01"}
    wait_for_reply(page, 6)
    shot(page, "preview-actions.png")
