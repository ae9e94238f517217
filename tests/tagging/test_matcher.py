"""The compiled matcher: literal and regex rules, priorities, normalisation, and agreement with a naive loop."""

from __future__ import annotations

import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.tagging import Matcher, Rule
from bot.tagging.rules import core, match_form, regex_options
from bot.understanding.normalize import normalize

RULES = [
    Rule("多少錢", "contains", "詢價", id=1),
    Rule("報價", "exact", "報價", priority=5, id=2),
    Rule("預約", "prefix", "預約", id=3),
    Rule(r"(幾|多少)則", "regex", "則數", priority=9, id=4),
    Rule("价格", "contains", "詢價", priority=1, id=5),
    Rule("LINE", "contains", "line", enabled=False, id=6),
]


def fired(text: str, rules: list[Rule] = RULES) -> list[int | None]:
    """Ids of the rules that fire, in order."""
    return [r.id for r in Matcher(rules).match(text).rules]


def test_contains_matches_anywhere_after_normalising() -> None:
    assert fired("請問多少钱？") == [1]


def test_exact_ignores_surrounding_spaces_and_punctuation_only() -> None:
    assert fired(" 報價！") == [2]
    assert fired("我要報價") == []


def test_prefix_matches_the_start_only() -> None:
    assert fired("「預約」明天") == [3]
    assert fired("我想預約") == []


def test_regex_runs_on_the_normalised_text() -> None:
    assert fired("可以發幾条") == [4]  # 条 → 條 → 則 by the normaliser


def test_several_rules_fire_in_priority_order_and_each_tag_once() -> None:
    result = Matcher(RULES).match("價格多少錢？發多少則")
    assert [r.id for r in result.rules] == [4, 5, 1]
    assert result.tags == ("則數", "詢價")
    assert result.rule_for("詢價").id == 5  # the higher-priority rule is credited


def test_disabled_rules_never_fire() -> None:
    assert fired("LINE 官方帳號") == []


def test_full_width_and_case_are_ignored() -> None:
    assert fired("ｌｉｎｅ", [Rule("LINE", "contains", "line", id=1)]) == [1]
    assert fired("LINE OA", [Rule(r"line\s*oa", "regex", "line", id=1)]) == [1]


def test_empty_rule_set_and_empty_text() -> None:
    assert Matcher([]).match("anything").rules == ()
    assert Matcher(RULES).match("").rules == ()


def test_a_stored_rule_that_no_longer_validates_is_skipped_not_fatal() -> None:
    matcher = Matcher([Rule("(a+)+", "regex", "bad", id=1), Rule("好", "contains", "ok", id=2)])
    assert [r.id for r in matcher.match("好 aaa").rules] == [2]
    assert matcher.skipped[0][0].id == 1


def test_regex_rules_without_required_literals_still_match() -> None:
    rules = [Rule(r"^\d+$", "regex", "n", id=1), Rule(r"^.{1,2}$", "regex", "short", id=2)]
    assert fired("12345", rules) == [1]
    assert fired("嗨", rules) == [2]


def test_very_long_messages_are_cut_to_lines_limit() -> None:
    assert fired("好" * 6000 + "多少錢") == []
    assert fired("多少錢" + "好" * 6000) == [1]


def naive(rules: list[Rule], text: str) -> set[int | None]:
    """What a slow, obviously-correct loop says fires."""
    text = normalize(text)
    out = set()
    for rule in rules:
        form = match_form(rule.pattern, rule.match)
        hit = {
            "contains": lambda f: f in text,
            "prefix": lambda f: core(text).startswith(f),
            "exact": lambda f: core(text) == f,
            "regex": lambda f: re2.compile(f, regex_options()).search(text) is not None,
        }[rule.match](form)
        if hit:
            out.add(rule.id)
    return out


ALPHABET = "價格多少錢則報預約ab1 ？!"
literal = st.text(alphabet=ALPHABET, min_size=1, max_size=4).filter(lambda s: core(normalize(s)) != "")
regex = st.sampled_from([r"(幾|多少)則", r"^\d+", r"價.{0,3}錢", r"[ab]{2}", r"錢$", r"約\s*1", r"(報|預)(價|約)"])


@st.composite
def rule_sets(draw: st.DrawFn) -> list[Rule]:
    """Random mixes of literal and regex rules with ids."""
    rules = []
    for i in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["contains", "exact", "prefix", "regex"]))
        pattern = draw(regex if kind == "regex" else literal)
        rules.append(Rule(pattern, kind, f"t{i % 4}", priority=draw(st.integers(-2, 2)), id=i + 1))
    return rules


@settings(max_examples=300, deadline=None)
@given(rules=rule_sets(), text=st.text(alphabet=ALPHABET, max_size=20))
def test_matcher_agrees_with_a_naive_loop(rules: list[Rule], text: str) -> None:
    result = Matcher(rules).match(text)
    assert {r.id for r in result.rules} == naive(rules, text)
    ranks = [(-r.priority, r.id) for r in result.rules]
    assert ranks == sorted(ranks)
    assert set(result.tags) == {r.tag for r in result.rules}
