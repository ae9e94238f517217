"""The admin's main flows in a real browser (Debian's chromium via Playwright) against a real WSGI server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import ADMIN_PASSWORD
from tests.e2e.browser import OUTPUT, chromium, serving
from tests.factories import AT

pytestmark = pytest.mark.browser
USER = "U" + "7" * 32


@pytest.fixture
def server(app: Flask) -> Iterator[str]:
    """The real app on a free loopback port."""
    with serving(app) as url:
        yield url


@pytest.fixture
def page() -> Iterator[object]:
    """A fresh chromium page; skipped without chromium unless BOT_BROWSER_TESTS=required."""
    with chromium() as browser:
        context = browser.new_context(accept_downloads=True, locale="zh-TW", viewport={"width": 1280, "height": 900})
        yield context.new_page()
        context.close()


def shot(page: object, name: str) -> None:
    """Save a screenshot under test-output/ for people to look at."""
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"admin-{name}.png"), full_page=True)


def test_admin_main_flows_in_a_browser(server, page, webhook) -> None:
    from playwright.sync_api import expect

    webhook.say("請問中用量多少錢？", user=USER)  # a stored message for the replay

    page.goto(f"{server}/admin/rules")
    expect(page).to_have_url(f"{server}/admin/login?next=/admin/rules")
    page.fill("#password", ADMIN_PASSWORD)
    page.click("button[type=submit].primary")
    expect(page.locator("h1")).to_contain_text("關鍵字規則")
    expect(page.locator(".card.empty")).to_contain_text("尚無規則")

    page.click("text=新增規則")
    page.fill("#pattern", "多少錢")
    page.fill("#tag", "詢價")
    page.fill("#note", "想知道價格的人")
    page.click("button[value=replay]")
    expect(page.locator("#replay-followers")).to_have_text("1")
    shot(page, "replay")
    page.click("button[value=save]")
    expect(page.locator(".flash")).to_contain_text("已新增規則")
    expect(page.locator("table.rules")).to_contain_text("多少錢")
    shot(page, "rules")

    page.click("nav >> text=測試")
    page.fill("#text", "中用量方案多少钱？")
    page.click("button.primary")
    expect(page.locator("#normalized")).to_have_text("中用量方案多少錢?")
    expect(page.locator("#fired")).to_contain_text("詢價")
    shot(page, "test-box")

    webhook.say("多少錢", user=USER)  # now the rule tags this follower
    page.click("nav >> text=標籤")
    expect(page.locator('tr[data-tag="詢價"] td.followers')).to_have_text("1")
    shot(page, "tags")
    page.click('tr[data-tag="詢價"] >> text=詢價')
    with page.expect_download() as info:
        page.click("#export")
    path = info.value.path()
    assert Path(path).read_text(encoding="utf-8") == USER + "\n"
    assert info.value.suggested_filename.endswith(".csv")

    expect(page.locator(f'tr[data-user="{USER}"]')).to_contain_text("店長")  # the LINE name, not the raw id
    page.click(f'tr[data-user="{USER}"] .who a')
    expect(page.locator("#follower-tags")).to_contain_text("多少錢")
    shot(page, "follower")

    page.click("nav >> text=規則")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("table.rules >> button.danger")
    expect(page.locator(".flash")).to_contain_text("已刪除規則")
    page.click("text=登出")
    expect(page.locator("h1")).to_contain_text("管理員登入")


# --- phones: every admin page at 360 px, and the desktop at 1280 px -------------------------------------------

NAMED = {"U" + "1" * 32: "王小明", "U" + "2" * 32: "陳美麗（花蓮門市）", "U" + "3" * 32: "Lin"}
LONG_NOTE = "想知道價格的人，通常是還在比較方案的店家；回覆時附上方案比較表與試算連結，避免只回一個數字"


def _seed(app: Flask, webhook, line) -> None:
    """Rules with hits and a long note, named followers, system tags and merchant tags."""
    from bot.store.tagging import Retention, RuleCache, SqlTagger, create_rule
    from bot.tagging import validate_rule

    sessions = app.extensions["sessions"]
    with sessions.begin() as session:
        for fields in ({"pattern": "多少錢", "tag": "詢價", "note": LONG_NOTE},
                       {"pattern": "報價", "match": "exact", "tag": "詢價"},
                       {"pattern": "報價", "match": "prefix", "tag": "詢價"},
                       {"pattern": r"(幾|多少)則", "match": "regex", "tag": "則數問題", "priority": 5},
                       {"pattern": "預約參觀門市與停車資訊", "tag": "預約到店（台北旗艦店）"}):
            create_rule(session, validate_rule({"match": "contains", **fields}), AT)
    line.names = dict(NAMED)
    for user in NAMED:
        webhook.say("請問多少錢", user=user)
    with sessions.begin() as session:
        tagger = SqlTagger(session, RuleCache(), Retention(days=30))
        for user, tag in zip(NAMED, ("estimate:high", "budget:medium", "change:light"), strict=True):
            tagger.on_event_tag(user, tag, "conversation", AT)
        tagger.on_event_tag(USER, "postback:wizard", "postback", AT)
        tagger.on_event_tag(USER, "source:follow", "follow", AT)


def _log_in(page: object, server: str) -> None:
    """Log in through the form."""
    page.goto(f"{server}/admin/login")
    page.fill("#password", ADMIN_PASSWORD)
    page.click("button[type=submit].primary")


def _fits(page: object, width: int) -> None:
    """Nothing on the page is wider than the screen: no sideways scrolling."""
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide at {width}px"


@pytest.mark.parametrize("width", [360, 1280])
def test_every_admin_page_fits_a_phone_and_the_desktop(app, server, webhook, line, width: int) -> None:
    from playwright.sync_api import expect

    _seed(app, webhook, line)
    with chromium() as browser:
        context = browser.new_context(locale="zh-TW", viewport={"width": width, "height": 800},
                                      is_mobile=width < 600, device_scale_factor=2 if width < 600 else 1)
        page = context.new_page()
        _log_in(page, server)

        page.goto(f"{server}/admin/rules")
        row = page.locator("table.rules tr[data-rule-id]", has_text="多少錢").first
        expect(row.locator(".hit-count")).to_be_visible()
        expect(row.locator(".hit-count")).to_have_text("3")
        expect(row.locator(".last-hit")).to_be_visible()
        expect(row.locator(".note")).to_be_visible()
        expect(row.locator("td.actions button.danger")).to_be_visible()
        expect(page.locator(".finding-overlap")).to_have_count(1)
        _fits(page, width)
        shot(page, f"{width}-rules")

        page.goto(f"{server}/admin/tags")
        expect(page.locator('tr[data-tag="estimate:high"]')).to_contain_text("試算結果：高用量")
        expect(page.locator('tr[data-tag="estimate:high"] .raw-tag')).to_have_text("estimate:high")
        expect(page.locator('tr[data-tag="postback:wizard"]')).to_contain_text("點選：試算精靈")
        _fits(page, width)
        shot(page, f"{width}-tags")

        page.goto(f"{server}/admin/tags/詢價")
        expect(page.locator("#members")).to_contain_text("王小明")
        page.click("#audience-button")
        expect(page.locator(".flash")).to_contain_text("已建立 LINE 受眾")
        expect(page.locator("#audience-size")).to_have_text("3")
        expect(page.locator("#audience-status")).to_contain_text("READY")
        _fits(page, width)
        shot(page, f"{width}-tag")

        page.goto(f"{server}/admin/followers")
        expect(page.locator("#followers")).to_contain_text("陳美麗（花蓮門市）")
        _fits(page, width)
        shot(page, f"{width}-followers")

        page.click("text=王小明")
        expect(page.locator("#follower-name")).to_have_text("王小明")
        expect(page.locator("#follower-tags")).to_contain_text("試算結果：高用量")
        _fits(page, width)
        shot(page, f"{width}-follower")

        page.goto(f"{server}/admin/test")
        page.fill("#text", "請問報價多少錢？可以發幾則")
        page.click("button.primary")
        _fits(page, width)
        shot(page, f"{width}-test-box")

        page.goto(f"{server}/admin/rules/new")
        _fits(page, width)
        context.close()
    [create] = line.calls_to("POST", "/v2/bot/audienceGroup/upload")
    assert sorted(a["id"] for a in create["body"]["audiences"]) == sorted(NAMED)
