"""The calculator speaks the catalogs: Traditional Chinese by default, English for ?lang=en or an English browser."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from bot.answers.i18n import use_locale
from bot.answers.links import BadQuery, read_query
from bot.calculator.chart import compact, render_chart
from bot.pricing import price_list_for
from tests.calculator.test_chart_and_api import NEW_LIST

CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
CALCULATOR = Path(__file__).resolve().parents[2] / "bot" / "calculator"
# Inputs that reach every branch of the page's words: segments, weeks and days, plans that cannot send,
# a runner-up saving, the old list's estimated add-on, and the brackets beyond 50,000 add-on messages.
QUERIES = [
    {"friends": "2000", "sends": "4"},
    {"friends": "150", "sends": "1"},
    {"friends": "800", "sends": "3", "period": "week", "share": "40"},
    {"friends": "100", "sends": "1", "period": "day"},
    {"friends": "70000", "sends": "1"},
    {"friends": "1", "sends": "1"},
]
BAD_QUERIES = [{"friends": "-5"}, {"friends": "abc"}, {"friends": ""}, {"sends": "9" * 40}, {"period": "year"},
               {"share": "0"}, {"friends": "1000000", "sends": "10000000"}]
ZH_WORDS = ["LINE 官方帳號費用試算", "好友人數", "發送頻率", "目標好友比例（分眾）", "試算結果", "最便宜的方案",
            "三種方案比較", "把試算傳到聊天室", "無法試算，請檢查輸入。", "免費試算", "高用量"]


def cjk(text: str) -> list[str]:
    """The CJK characters (and full-width forms) in a text."""
    return CJK.findall(text)


def page(client: FlaskClient, headers: dict[str, str] | None = None, **query: str) -> str:
    """The calculator page's HTML for these query parameters."""
    return client.get("/calculator", query_string=query, headers=headers or {}).get_data(as_text=True)


def api(client: FlaskClient, **query: str) -> Any:
    """The estimate API's JSON for these query parameters."""
    return client.get("/calculator/api/estimate", query_string=query).get_json()


@pytest.mark.parametrize("query", QUERIES)
def test_the_english_page_has_no_chinese(client: FlaskClient, query: dict[str, str]) -> None:
    text = page(client, lang="en", **query)
    assert cjk(text) == [], sorted(set(cjk(text)))
    assert '<html lang="en"' in text and "Number of friends" in text and "Prices from" in text


def test_the_old_price_list_in_english_has_no_chinese(client: FlaskClient, clock: Any) -> None:
    clock.moment = clock.moment.replace(year=2026, month=10, day=20)
    text = page(client, lang="en", friends="2000", sends="4")
    assert "2023/9/1" in text and "upper estimate" in text and cjk(text) == []


@pytest.mark.parametrize("query", QUERIES)
def test_the_english_api_has_no_chinese(client: FlaskClient, query: dict[str, str]) -> None:
    data = api(client, lang="en", **query)
    words = [data["summary"], data["share_text"], data["svg"], data["html"], data["price_list"]["as_of"],
             *(p["name"] for p in data["plans"])]
    assert cjk(" ".join(words)) == []


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_english_errors_have_no_chinese(client: FlaskClient, query: dict[str, str]) -> None:
    response = client.get("/calculator/api/estimate", query_string={**query, "lang": "en"})
    assert response.status_code == 400
    message = response.get_json()["message"]
    assert message and cjk(message) == []
    text = page(client, lang="en", **query)
    assert message in unescape(text) and cjk(text) == []


def test_the_chinese_page_shows_the_chinese_words(client: FlaskClient) -> None:
    text = page(client, friends="2000", sends="4")
    assert '<html lang="zh-Hant-TW"' in text
    for words in ZH_WORDS:
        assert words in text, words
    assert "Number of friends" not in text and "Prices from" not in text


def test_an_english_browser_gets_english_and_lang_overrides_it(client: FlaskClient) -> None:
    english = {"Accept-Language": "en-US,en;q=0.9"}
    assert cjk(page(client, english)) == []
    assert "好友人數" in page(client, english, lang="zh-TW")
    assert "好友人數" in page(client, {"Accept-Language": "zh-TW,zh;q=0.9,en;q=0.8"})
    assert "好友人數" in page(client, {"Accept-Language": "ja-JP"})  # no Japanese catalog: the default


def test_a_chosen_language_stays_in_the_form_and_the_default_adds_nothing(client: FlaskClient) -> None:
    assert '<input type="hidden" name="lang" value="en">' in page(client, lang="en")
    assert 'name="lang"' not in page(client)


def test_the_chart_and_query_messages_follow_the_locale() -> None:
    with use_locale("en"):
        svg = render_chart(price_list_for(NEW_LIST), 70_000)
        assert cjk(svg) == [] and "Messages a month (log scale)" in svg and compact(25_000) == "25K"
        with pytest.raises(BadQuery, match="can't be negative"):
            read_query({"friends": "-1"})
    with use_locale("zh_Hant_TW"):
        assert "每月訊息則數（對數刻度）" in render_chart(price_list_for(NEW_LIST), 70_000)
        assert compact(25_000) == "2.5萬" and compact(3000) == "3,000"
        with pytest.raises(BadQuery, match="好友人數不能是負數"):
            read_query({"friends": "-1"})


def test_the_script_and_templates_carry_no_chinese_words_of_their_own() -> None:
    script = (CALCULATOR / "static" / "calculator.js").read_text(encoding="utf-8")
    assert cjk(script) == []
    for template in (CALCULATOR / "templates").glob("*.html"):
        outside_comments = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.S)
        assert cjk(outside_comments) == [], template.name
