"""The calculator page in a real browser (Debian's chromium driven by Playwright).

Skipped when /usr/bin/chromium is missing, unless BOT_BROWSER_TESTS=required (CI), which fails instead.
Nothing leaves 127.0.0.1: the LIFF SDK, when a test configures a LIFF id, is a stub answered by the test.
Screenshots go to test-output/.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

from bot.answers.i18n import money, number
from bot.app import create_app
from bot.calculator.views import LIFF_SDK, targeted_friends
from bot.clock import FixedClock
from bot.pricing import estimate, monthly_volume, today_taipei
from bot.settings import Settings
from tests.e2e.browser import OUTPUT, chromium, serving
from tests.factories import AT

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000
PHONE = {"width": 360, "height": 760}
DESKTOP = {"width": 1280, "height": 900}
LIFF_ID = "1234567890-AbCdEfGh"
BAD_REQUEST = "status of 400"  # chromium logs the API's answer to bad input; the page shows it inline
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")

# Contrast of an element's text on the first opaque background behind it (WCAG 2 relative luminance).
CONTRAST_JS = """
selectors => {
  const parse = c => {
    const p = c.match(/[\\d.]+/g).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = c => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const behind = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.a > 0) { return c; }
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const out = [];
  for (const sel of selectors) {
    for (const el of document.querySelectorAll(sel)) {
      if (!el.getClientRects().length || !el.textContent.trim()) { continue; }
      const a = lum(parse(getComputedStyle(el).color)), b = lum(behind(el));
      out.push({sel: sel, text: el.textContent.trim().slice(0, 30),
                ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)});
    }
  }
  return out;
}
"""
TEXT = ["h1", "h2", "h3", ".lead", ".hint", "label", "legend", ".unit", ".volume", ".best-label", ".best-plan",
        ".best-total", "#best-total", ".best-taxed", "#best-taxed", ".saving", ".plan-name", ".plan-total",
        ".plan-cannot", ".plan-detail", ".tag", ".as-of", "figcaption", ".note", ".link", ".link a", ".foot p",
        ".submit", "#messages", ".error"]

LIFF_STUB = """
window.__sent = [];
window.__shared = [];
window.liff = {
  init: () => Promise.resolve(),
  isInClient: () => %(in_client)s,
  isApiAvailable: name => name === "shareTargetPicker",
  sendMessages: messages => { window.__sent.push(messages); return Promise.resolve(); },
  shareTargetPicker: messages => { window.__shared.push(messages); return Promise.resolve({status: "success"}); },
};
"""


def expected(friends: int, sends: int, period: str = "month", share: int = 100) -> tuple[int, str, str]:
    """What the pricing room says: messages a month, the cheapest plan's name and its NT$ total."""
    est = estimate(monthly_volume(targeted_friends(friends, share), sends, period).messages, today_taipei(AT))
    names = {"light": "輕用量", "medium": "中用量", "high": "高用量"}
    return est.messages, names[est.recommended.plan.id], money(est.recommended.total)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless chromium for the module."""
    with chromium() as instance:
        yield instance


@pytest.fixture
def server(app: Flask) -> Iterator[str]:
    """The real app (its clock stopped at the tests' moment) on a free loopback port."""
    with serving(app) as url:
        yield url


@pytest.fixture
def liff_server(settings: Settings, clock: FixedClock) -> Iterator[str]:
    """The real app with a LIFF id configured, on a free loopback port."""
    application = create_app(dataclasses.replace(settings, liff_id=LIFF_ID), clock=clock)
    with serving(application) as url:
        yield url
    application.extensions["engine"].dispose()


@contextmanager
def opened(browser: Any, url: str, sdk: str | None = None, locale: str = "zh-TW",
           **options: Any) -> Iterator[tuple[Any, list[str]]]:
    """A tab on url; outside requests are refused and recorded (the LIFF SDK stub answered when given)."""
    context = browser.new_context(locale=locale, **options)
    outside: list[str] = []
    errors: list[str] = []

    def route(r: Any) -> None:
        if urlsplit(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        elif sdk is not None and r.request.url == LIFF_SDK:
            r.fulfill(status=200, content_type="text/javascript", body=sdk)
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: errors.append(msg.text)
           if msg.type == "error" and BAD_REQUEST not in msg.text else None)
    tab.goto(url)
    try:
        yield tab, outside
    finally:
        context.close()
    assert errors == [], errors


def shot(tab: Any, name: str) -> None:
    """Save a full-page screenshot under test-output/."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(OUTPUT / name), full_page=True)


def wait_for_messages(tab: Any, messages: int) -> None:
    """Until the server's answer for that volume is on the page (figures and chart)."""
    tab.wait_for_function(
        "n => { const r = document.getElementById('result'); const s = document.querySelector('#result svg');"
        " return r && s && r.dataset.messages === String(n) && s.dataset.messages === String(n); }", arg=messages)


def assert_shows(tab: Any, friends: int, sends: int, period: str = "month", share: int = 100) -> None:
    """The figures and the chart on screen are the pricing room's for these inputs."""
    messages, plan, total = expected(friends, sends, period, share)
    wait_for_messages(tab, messages)
    assert tab.inner_text("#messages") == number(messages)
    assert tab.inner_text("#best-plan") == plan
    assert tab.inner_text("#best-total") == total
    chart = tab.locator("#result svg")
    assert chart.get_attribute("role") == "img"
    assert chart.get_attribute("data-total") == total.removeprefix("NT$").replace(",", "")
    title = tab.locator("#result svg title").text_content()
    assert plan in title and total in title and "2026/11/1 起" in title
    assert tab.locator("#result .plan-line").count() == 3
    assert tab.locator("#result .point").count() == 1


def test_inputs_update_the_figures_and_the_chart_on_a_phone(browser: Any, server: str) -> None:
    with opened(browser, f"{server}/calculator?friends=2000&sends=4&period=month&share=100", viewport=PHONE) as (
            tab, outside):
        assert_shows(tab, 2000, 4)
        assert tab.locator("#result .bracket").count() == 2

        tab.get_by_label("好友人數", exact=True).fill("800")
        tab.get_by_label("發送次數", exact=True).fill("3")
        assert_shows(tab, 800, 3)
        assert tab.inner_text("#best-total") == "NT$1,000"
        assert "中用量" in tab.locator("#live").text_content()  # screen readers hear one sentence

        tab.get_by_label("週期", exact=True).select_option("week")
        assert_shows(tab, 800, 3, "week")

        tab.get_by_label("好友人數（滑桿）").fill("9")  # the 10th stop: 2,000 friends
        assert tab.get_by_label("好友人數", exact=True).input_value() == "2000"
        tab.get_by_label("目標好友比例（滑桿）").fill("50")
        assert tab.get_by_label("目標好友比例（分眾）", exact=True).input_value() == "50"
        assert_shows(tab, 2000, 3, "week", 50)
        assert "friends=2000&sends=3&period=week&share=50" in tab.url

        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        shot(tab, "calculator-360.png")

        tab.get_by_label("好友人數", exact=True).fill("-5")
        error = tab.locator("#form-error")
        error.wait_for(state="visible")
        assert "不能是負數" in error.inner_text()
        assert tab.get_by_label("好友人數", exact=True).get_attribute("aria-invalid") == "true"
        shot(tab, "calculator-360-error.png")
        tab.get_by_label("好友人數", exact=True).fill("100")
        assert_shows(tab, 100, 3, "week", 50)
        error.wait_for(state="hidden")
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        assert not tab.locator("#liff-actions").is_visible()
        assert not tab.locator("#liff-send").is_visible() and not tab.locator("#liff-share").is_visible()
        assert outside == []


def test_every_input_is_labelled_and_text_has_aa_contrast(browser: Any, server: str) -> None:
    with opened(browser, f"{server}/calculator?friends=150&sends=1", viewport=PHONE) as (tab, _):
        wait_for_messages(tab, 150)
        for label in ("好友人數", "週期", "發送次數", "目標好友比例（分眾）", "好友人數（滑桿）", "發送次數（滑桿）",
                      "目標好友比例（滑桿）"):
            assert tab.get_by_label(label, exact=True).count() == 1, label
        unlabelled = tab.evaluate(
            "() => [...document.querySelectorAll('input, select, textarea')]"
            ".filter(e => !e.labels.length && !e.getAttribute('aria-label')).map(e => e.id)")
        assert unlabelled == []
        ratios = tab.evaluate(CONTRAST_JS, TEXT)
        tab.get_by_label("好友人數", exact=True).fill("-1")
        tab.locator("#form-error").wait_for(state="visible")
        assert not tab.locator("#result").is_visible()  # no figures for inputs the page refused
        ratios += tab.evaluate(CONTRAST_JS, [".error"])
        checked = {r["sel"] for r in ratios}
        assert {"#best-total", ".best-plan", ".volume", ".plan-detail", ".note", "label", ".error"} <= checked
        low = [r for r in ratios if r["ratio"] < 4.5]
        assert low == [], low


def test_the_desktop_layout_has_no_horizontal_scroll(browser: Any, server: str) -> None:
    with opened(browser, f"{server}/calculator?friends=70000&sends=1", viewport=DESKTOP) as (tab, _):
        assert_shows(tab, 70_000, 1)
        assert tab.inner_text("#best-total") == "NT$13,500" and tab.inner_text("#best-taxed") == "NT$14,175"
        assert tab.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
        shot(tab, "calculator-1280.png")


def test_without_javascript_the_form_answers_on_the_server(browser: Any, server: str) -> None:
    with opened(browser, f"{server}/calculator", viewport=PHONE, java_script_enabled=False) as (tab, _):
        assert not tab.locator("#friends-range").is_visible()
        tab.get_by_label("好友人數", exact=True).fill("800")
        tab.get_by_label("發送次數", exact=True).fill("3")
        with tab.expect_navigation():
            tab.click("button[type=submit]")
        assert parse_qs(urlsplit(tab.url).query) == {"friends": ["800"], "period": ["month"], "sends": ["3"],
                                                      "share": ["100"]}
        assert_shows(tab, 800, 3)


@pytest.mark.parametrize("in_client", [True, False])
def test_inside_line_the_estimate_can_be_sent_or_shared(browser: Any, liff_server: str, in_client: bool) -> None:
    stub = LIFF_STUB % {"in_client": "true" if in_client else "false"}
    with opened(browser, f"{liff_server}/calculator?friends=2000&sends=4", sdk=stub, viewport=PHONE) as (tab, outside):
        assert_shows(tab, 2000, 4)
        if not in_client:
            assert not tab.locator("#liff-send").is_visible() and not tab.locator("#liff-share").is_visible()
            assert outside == []
            return
        send = tab.get_by_role("button", name="把試算傳到聊天室")
        send.wait_for(state="visible")
        send.click()
        tab.locator("#liff-status").filter(has_text="已傳到聊天室").wait_for()
        sent = tab.evaluate("window.__sent")
        assert len(sent) == 1 and sent[0][0]["type"] == "text"
        words = sent[0][0]["text"]
        assert "高用量 NT$1,800" in words and "2026/11/1 起" in words and "friends=2000&sends=4" in words

        tab.get_by_label("發送次數", exact=True).fill("1")  # the shared words follow the inputs
        assert_shows(tab, 2000, 1)
        tab.get_by_role("button", name="分享給朋友").click()
        tab.locator("#liff-status").filter(has_text="已分享").wait_for()
        shared = tab.evaluate("window.__shared")
        assert f"{expected(2000, 1)[1]} {expected(2000, 1)[2]}" in shared[0][0]["text"]
        shot(tab, "calculator-liff.png")
        assert outside == []


def chinese_on_page(tab: Any) -> list[str]:
    """Every CJK character in the page as it stands now (markup, chart and the share words included)."""
    return CJK.findall(tab.evaluate("document.documentElement.outerHTML"))


def test_in_english_the_script_keeps_the_language_and_speaks_it(browser: Any, liff_server: str) -> None:
    stub = LIFF_STUB % {"in_client": "true"}
    url = f"{liff_server}/calculator?friends=2000&sends=4&lang=en"
    with opened(browser, url, sdk=stub, viewport=PHONE) as (tab, outside):
        wait_for_messages(tab, 8000)
        assert tab.inner_text("#best-plan") == "High plan" and tab.evaluate("document.documentElement.lang") == "en"
        tab.get_by_label("Number of sends", exact=True).fill("1")
        wait_for_messages(tab, 2000)
        assert "lang=en" in tab.url and "Medium plan" in tab.locator("#live").text_content()
        tab.get_by_role("button", name="Send the estimate to the chat").click()
        tab.locator("#liff-status").filter(has_text="Sent to the chat.").wait_for()
        assert CJK.findall(tab.evaluate("window.__sent")[0][0]["text"]) == []
        assert chinese_on_page(tab) == []
        shot(tab, "calculator-360-en.png")
        tab.get_by_label("Number of friends", exact=True).fill("-5")
        tab.locator("#form-error").filter(has_text="can't be negative").wait_for()
        assert chinese_on_page(tab) == []
        assert outside == []


def test_an_english_browser_gets_the_english_page(browser: Any, server: str) -> None:
    with opened(browser, f"{server}/calculator?friends=150&sends=1", locale="en-US", viewport=PHONE) as (tab, _):
        wait_for_messages(tab, 150)
        assert tab.inner_text("#best-plan") == "Light plan"
        tab.get_by_label("Number of friends", exact=True).fill("800")
        tab.get_by_label("Number of sends", exact=True).fill("3")
        wait_for_messages(tab, 2400)
        assert tab.inner_text("#best-plan") == "Medium plan" and chinese_on_page(tab) == []
