"""The linter refuses identical rules and warns about overlapping ones."""

from __future__ import annotations

from bot.tagging import Rule
from bot.tagging.lint import duplicate_of, findings_about, lint


def test_an_identical_rule_is_a_duplicate_even_in_another_script_or_width() -> None:
    existing = [Rule("多少錢", "contains", "詢價", id=1), Rule("預約", "prefix", "預約", id=2)]
    found = duplicate_of(Rule("多少钱", "contains", "詢價"), existing)
    assert found is not None and (found.kind, found.other_id) == ("duplicate", 1)
    assert "#1" in found.message and "多少錢" in found.message


def test_a_different_match_type_or_tag_is_not_a_duplicate() -> None:
    existing = [Rule("多少錢", "contains", "詢價", id=1)]
    assert duplicate_of(Rule("多少錢", "exact", "詢價"), existing) is None
    assert duplicate_of(Rule("多少錢", "contains", "價格"), existing) is None


def test_a_rule_is_never_its_own_duplicate_and_disabled_twins_count() -> None:
    rule = Rule("多少錢", "contains", "詢價", id=1)
    assert duplicate_of(rule, [rule]) is None
    twin = duplicate_of(Rule("多少錢", "contains", "詢價"), [Rule("多少錢", "contains", "詢價", enabled=False, id=4)])
    assert twin is not None and "停用中" in twin.message


def test_same_keyword_and_tag_with_another_match_type_overlaps() -> None:
    rules = [Rule("報價", "exact", "報價", id=1), Rule("報價", "prefix", "報價", id=2),
             Rule("報價", "regex", "報價", id=3), Rule("報價", "prefix", "其他", id=4)]
    found = {(f.rule_id, f.kind, f.other_id) for f in lint(rules)}
    assert found == {(2, "overlap", 1), (3, "overlap", 1), (3, "overlap", 2)}


def test_contains_keywords_inside_each_other_are_warned_once() -> None:
    rules = [Rule("多少錢", "contains", "詢價", id=1), Rule("請問多少錢", "contains", "詢價", id=2),
             Rule("多少錢", "exact", "詢價", id=3)]
    found = [(f.rule_id, f.kind, f.other_id) for f in lint(rules)]
    assert sorted(found) == [(2, "redundant", 1), (3, "redundant", 1)]  # no extra "overlap" for the same pair


def test_findings_about_one_rule_name_it_on_either_side() -> None:
    rules = [Rule("多少錢", "contains", "詢價", id=1), Rule("請問多少錢", "contains", "詢價", id=2),
             Rule("預約", "contains", "預約", id=3)]
    assert [(f.rule_id, f.other_id) for f in findings_about(1, rules)] == [(2, 1)]
    assert [(f.rule_id, f.other_id) for f in findings_about(2, rules)] == [(2, 1)]
    assert findings_about(3, rules) == []
