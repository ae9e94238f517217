"""Rule validation: every refusal says why, and good rules come back tidy."""

from __future__ import annotations

import pytest

from bot.tagging import Rule, RuleError, validate_rule, validate_tag
from bot.tagging.rules import match_form, normalize_regex, validate_source


def refusal(**fields: object) -> RuleError:
    """The RuleError raised for a rule with these fields (pattern and tag defaulted)."""
    data = {"pattern": "多少錢", "match": "contains", "tag": "詢價", **fields}
    with pytest.raises(RuleError) as caught:
        validate_rule(data)
    return caught.value


def test_a_good_rule_is_trimmed_and_defaulted() -> None:
    rule = validate_rule({"pattern": "  多少錢 ", "tag": " 詢價 "})
    assert rule == Rule(pattern="多少錢", match="contains", tag="詢價", priority=0, enabled=True, note="")


@pytest.mark.parametrize("pattern", ["", "   ", None])
def test_empty_pattern_is_refused(pattern: object) -> None:
    error = refusal(pattern=pattern)
    assert error.field == "pattern" and error.code in ("pattern_empty", "pattern_type")


def test_pattern_of_only_emoji_is_refused_as_empty_once_normalised() -> None:
    assert refusal(pattern="😀😀").code == "pattern_empty_normalized"


def test_pattern_over_200_characters_is_refused_with_the_count() -> None:
    error = refusal(pattern="字" * 201)
    assert error.code == "pattern_too_long" and "201" in error.message and "200" in error.message


def test_pattern_of_exactly_200_characters_is_accepted() -> None:
    assert len(validate_rule({"pattern": "字" * 200, "tag": "t"}).pattern) == 200


@pytest.mark.parametrize("pattern", ["(a", "[abc", "a)", "*a"])
def test_invalid_regex_is_refused_with_re2s_reason(pattern: str) -> None:
    error = refusal(pattern=pattern, match="regex")
    assert error.code == "regex_invalid" and "invalid regex" in error.message


@pytest.mark.parametrize("pattern", [r"(?=價格)價", r"(?!a)b", r"(?<=a)b", r"(?<!a)b", r"(?>a)"])
def test_lookarounds_are_refused_as_unsupported_by_re2(pattern: str) -> None:
    error = refusal(pattern=pattern, match="regex")
    assert error.code == "regex_unsupported" and "re2" in error.message and "lookaround" in error.message


def test_backreference_is_refused_as_unsupported_by_re2() -> None:
    error = refusal(pattern=r"(價)\1", match="regex")
    assert error.code == "regex_unsupported" and "backreference" in error.message


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(\d+\s?)+元", r"(a|aa)+b", r"(x*)*y", r"(.*a){1,}", r"\d+\d+x"])
def test_catastrophic_backtracking_patterns_are_refused(pattern: str) -> None:
    error = refusal(pattern=pattern, match="regex")
    assert error.code == "regex_catastrophic" and "catastrophic backtracking" in error.message


def test_huge_repetition_is_refused_as_too_large() -> None:
    assert refusal(pattern="a{1001}", match="regex").code == "regex_too_large"


def test_regex_that_matches_every_message_is_refused() -> None:
    error = refusal(pattern="價?", match="regex")
    assert error.code == "regex_matches_everything" and "every message" in error.message


@pytest.mark.parametrize("pattern", [r"(幾|多少)則", r"^\d+$", r"\p{Han}{2}方案", r"line\s*(官方|oa)", r"(\d+,)+元"])
def test_ordinary_regexes_are_accepted(pattern: str) -> None:
    assert validate_rule({"pattern": pattern, "match": "regex", "tag": "t"}).match == "regex"


@pytest.mark.parametrize("match", ["fuzzy", "", 3, None, "CONTAINS!"])
def test_unknown_match_type_is_refused(match: object) -> None:
    error = refusal(match=match)
    assert error.field == "match" and error.code == "match_unknown" and "contains" in error.message


def test_match_type_is_case_insensitive() -> None:
    assert validate_rule({"pattern": "a", "tag": "t", "match": " Prefix "}).match == "prefix"


@pytest.mark.parametrize(("tag", "code"), [("", "tag_empty"), ("   ", "tag_empty"), ("x" * 51, "tag_too_long"),
                                           ("a\nb", "tag_control"), ("a\x00b", "tag_control"), (5, "tag_type")])
def test_bad_tags_are_refused(tag: object, code: str) -> None:
    error = refusal(tag=tag)
    assert error.field == "tag" and error.code == code


def test_tag_is_nfkc_and_single_spaced() -> None:
    assert validate_tag(" ＶＩＰ  客戶 ") == "VIP 客戶"
    assert validate_tag("x" * 50) == "x" * 50


@pytest.mark.parametrize(("priority", "code"), [("high", "priority_type"), (1.5, "priority_type"),
                                                (True, "priority_type"), (10_001, "priority_range")])
def test_bad_priority_is_refused(priority: object, code: str) -> None:
    assert refusal(priority=priority).code == code


def test_priority_from_a_form_is_a_number() -> None:
    assert validate_rule({"pattern": "a", "tag": "t", "priority": " 7 "}).priority == 7


@pytest.mark.parametrize(("value", "expected"), [(True, True), ("false", False), ("0", False), ("是", True),
                                                 ("停用", False)])
def test_enabled_accepts_spreadsheet_words(value: object, expected: bool) -> None:
    assert validate_rule({"pattern": "a", "tag": "t", "enabled": value}).enabled is expected


def test_enabled_garbage_is_refused() -> None:
    assert refusal(enabled="maybe").code == "enabled_type"


def test_note_over_500_characters_is_refused() -> None:
    assert refusal(note="n" * 501).code == "note_too_long"


def test_unknown_field_is_refused_by_name() -> None:
    error = refusal(typ="regex")
    assert error.code == "unknown_field" and "typ" in error.message


def test_missing_tag_is_refused() -> None:
    with pytest.raises(RuleError) as caught:
        validate_rule({"pattern": "a"})
    assert caught.value.field == "tag" and caught.value.code == "missing"


def test_patch_revalidates_the_pattern_against_a_new_match_type() -> None:
    base = validate_rule({"pattern": "(a+)+", "tag": "t"})  # a fine literal
    with pytest.raises(RuleError) as caught:
        validate_rule({"match": "regex"}, base=base)
    assert caught.value.code == "regex_catastrophic"


def test_patch_keeps_fields_not_sent() -> None:
    base = Rule(pattern="多少錢", match="contains", tag="詢價", priority=3, note="n", id=9)
    assert validate_rule({"enabled": False}, base=base) == Rule("多少錢", "contains", "詢價", 3, False, "n", 9)


def test_literal_patterns_are_matched_in_the_texts_normal_form() -> None:
    assert match_form("ＬＩＮＥ  官方帳號", "contains") == "line 官方帳號"
    assert match_form("多少钱", "contains") == "多少錢"
    assert match_form("報價！", "exact") == "報價"


def test_regex_literals_are_normalised_but_escapes_are_kept() -> None:
    assert normalize_regex(r"价格\d+元") == r"價格\d+元"
    assert normalize_regex(r"\D\W(ＯＡ)") == r"\D\W(oa)"


def test_event_sources_are_short_words() -> None:
    assert validate_source(" follow ") == "follow"
    with pytest.raises(RuleError):
        validate_source("x" * 33)
