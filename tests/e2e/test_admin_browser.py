"""The admin's main flows in a real browser (Debian's chromium via Playwright) against a real WSGI server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import ADMIN_PASSWORD
from tests.e2e.browser import OUTPUT, chromium, serving

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

    page.click(f"text={USER}")
    expect(page.locator("#follower-tags")).to_contain_text("多少錢")
    shot(page, "follower")

    page.click("nav >> text=規則")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("table.rules >> button.danger")
    expect(page.locator(".flash")).to_contain_text("已刪除規則")
    page.click("text=登出")
    expect(page.locator("h1")).to_contain_text("管理員登入")
