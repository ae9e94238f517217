"""Every card, with representative and extreme values: strictly valid, within LINE's limits, as reviewed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from linebot.v3.messaging import ReplyMessageRequest

from bot.answers.flex import template_names
from bot.answers.i18n import use_locale
from bot.answers.replies import answer
from bot.understanding.question import Question
from tests.contract.schema import errors, reply_errors

TODAY = date(2026, 11, 22)
GOLDEN = Path(__file__).with_name("golden")
BUBBLE_LIMIT, CAROUSEL_LIMIT = 30 * 1024, 50 * 1024

CASES: dict[str, Question] = {
    "estimate_4000x2": Question("estimate", {"friends": 4000, "sends": 2, "period": "month"}),
    "estimate_zero": Question("estimate", {"messages": 0}),
    "estimate_ten_million": Question("estimate", {"messages": 10_000_000, "tax": True}),
    "estimate_weekly_plan_asked": Question(
        "estimate", {"friends": 1500, "sends": 1, "period": "week", "plan": "medium"}),
    "estimate_daily_huge": Question("estimate", {"friends": 9_999_999, "sends": 9, "period": "day"}),
    "budget_1500": Question("budget", {"budget": 1500}),
    "budget_9999_taxed": Question("budget", {"budget": 9999, "tax": True}),
    "budget_zero": Question("budget", {"budget": 0}),
    "compare": Question("compare"),
    "plan_light": Question("plan_facts", {"plan": "light", "aspect": "fee"}),
    "plan_high": Question("plan_facts", {"plan": "high"}),
    "addon_rules": Question("plan_facts", {"aspect": "addon"}),
    "prorate_1116": Question("prorate", {"from_plan": "light", "to_plan": "medium", "date": "2026-11-16"}),
    "change_window": Question("plan_change", {"from_plan": "medium", "to_plan": "high", "date": "2026-11-24"}),
    "change_to_high_unknown_from": Question("plan_change", {"to_plan": "high", "date": "2027-09-29"}),
    "change_2019_seed": Question("prorate", {"from_plan": "light", "to_plan": "medium", "date": "2019-09-29"}),
    "change_rules": Question("plan_change"),
    "billed_welcome": Question("billed", {"kind": "welcome"}),
    "billed_push": Question("billed", {"kind": "push"}),
    "history": Question("history"),
    "history_2023": Question("history", {"date": "2023-08-31", "plan": "medium"}),
    "help": Question("help"),
    "greeting": Question("greeting"),
    "out_of_scope": Question("out_of_scope"),
}


def messages_for(name: str, locale: str) -> list[dict[str, Any]]:
    with use_locale(locale):
        return answer(CASES[name], TODAY).messages


@pytest.mark.parametrize("locale", ["zh_Hant_TW", "en"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_reply_is_strictly_valid_and_within_limits(name: str, locale: str) -> None:
    messages = messages_for(name, locale)
    assert 1 <= len(messages) <= 5
    assert reply_errors(messages) == []
    for message in messages:
        if message["type"] != "flex":
            continue
        size = len(json.dumps(message["contents"], ensure_ascii=False).encode())
        contents = message["contents"]
        if contents["type"] == "carousel":
            assert size <= CAROUSEL_LIMIT and len(contents["contents"]) <= 12
        else:
            assert size <= BUBBLE_LIMIT
        assert 0 < len(message["altText"]) <= 1500


@pytest.mark.parametrize("name", sorted(CASES))
def test_sdk_keeps_every_key_we_send(name: str) -> None:
    """The SDK silently drops unknown keys; nothing we send may be dropped on the way to LINE."""
    body = {"replyToken": "x" * 32, "messages": messages_for(name, "zh_Hant_TW")}
    sent = ReplyMessageRequest.from_dict(body).to_dict()
    assert _paths(body) <= _paths(sent)


def _paths(node: Any, prefix: str = "") -> set[str]:
    if isinstance(node, dict):
        return {p for k, v in node.items() for p in _paths(v, f"{prefix}/{k}")} | {prefix}
    if isinstance(node, list):
        return {p for i, v in enumerate(node) for p in _paths(v, f"{prefix}/{i}")} | {prefix}
    return {prefix}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_reviewed_golden_file(name: str, request: pytest.FixtureRequest) -> None:
    path = GOLDEN / f"{name}.json"
    actual = messages_for(name, "zh_Hant_TW")
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert path.exists(), f"no golden file for {name}: run pytest --update-golden and review the diff"
    assert actual == json.loads(path.read_text(encoding="utf-8"))


def test_every_template_is_valid_flex_json() -> None:
    names = template_names()
    assert {"comparison", "estimate", "change", "billed", "history", "help", "plan"} <= set(names)


def test_alt_text_carries_the_key_figures() -> None:
    alt = next(m["altText"] for m in messages_for("estimate_4000x2", "zh_Hant_TW") if m["type"] == "flex")
    assert "8,000" in alt and "高用量" in alt and "NT$1,800" in alt and "NT$1,890" in alt and "2026/11/1" in alt


def test_every_figure_names_its_price_list_date() -> None:
    for name in ("estimate_4000x2", "budget_1500", "compare", "plan_high", "prorate_1116"):
        text = json.dumps(messages_for(name, "zh_Hant_TW"), ensure_ascii=False)
        assert "2026/11/1 起" in text, name


def test_schema_catches_a_broken_card() -> None:
    message = messages_for("estimate_4000x2", "zh_Hant_TW")[0]
    message["contents"]["body"]["contents"][0]["layuot"] = "vertical"
    assert errors("FlexMessage", message)


@pytest.mark.parametrize("question", [Question("budget", {"budget": 150_000_003_001}),
                                      Question("estimate", {"friends": 6_533_999_999_999_999, "sends": 1})])
def test_numbers_no_account_has_get_a_question_back_not_a_figure(question: Question) -> None:
    with use_locale("zh_Hant_TW"):
        messages = answer(question, TODAY).messages
    assert len(messages) == 1 and "NT$" not in messages[0]["text"] and "確認" in messages[0]["text"]


@pytest.mark.parametrize(("base", "uri"), [
    ("https://bot.example.tw", "https://bot.example.tw/calculator?friends=4000&sends=2&period=month&share=100"),
    ("https://liff.line.me/1234567890-AbCdEfGh",
     "https://liff.line.me/1234567890-AbCdEfGh?friends=4000&sends=2&period=month&share=100"),
])
def test_the_estimate_card_opens_the_calculator_with_its_figures(base: str, uri: str) -> None:
    with use_locale("zh_Hant_TW"):
        messages = answer(CASES["estimate_4000x2"], TODAY, calculator=base).messages
    card = next(m for m in messages if m["type"] == "flex")
    actions = [c["action"] for c in card["contents"]["footer"]["contents"] if c["type"] == "button"]
    assert actions == [{"type": "uri", "label": "在計算機打開", "uri": uri}]
    assert reply_errors(messages) == []


def test_without_a_public_address_the_card_has_no_link() -> None:
    card = next(m for m in messages_for("estimate_4000x2", "zh_Hant_TW") if m["type"] == "flex")
    assert all(c["type"] != "button" for c in card["contents"]["footer"]["contents"])
