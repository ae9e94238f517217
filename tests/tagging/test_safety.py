"""The catastrophic-backtracking detector: dangerous shapes out, everyday patterns in."""

from __future__ import annotations

import pytest

from bot.tagging.safety import catastrophic_reason


@pytest.mark.parametrize("pattern", [
    "(a+)+", "(a*)*", r"(\d+\s?)+", "(x+x+)+y", "(a|aa)+", "(a|a)*", "((a+))+", "((a+)b?)+", "(a|)+",
    "(?:a+)+", "(?P<x>a+)*", "(a+){2,}", "(a{1,3})+", "a*a*", r"\d+\d+",
])
def test_dangerous_shapes_are_named(pattern: str) -> None:
    reason = catastrophic_reason(pattern)
    assert reason and "`" in reason


@pytest.mark.parametrize("pattern", [
    r"(\d+,)+", "(a*b)*", "(ab*)+", "(價格|費用)+", "多少.*錢.*", "((a+)b)+", r"[a-z]+(\.[a-z]+)*", "(.*a){3}",
    r"\p{Han}+", "x{2,}y{2,}", "(a{2})+", "[]a]+", "(?i)(LINE)+", r"\x{4e00}+", "(ab?)+",
])
def test_everyday_patterns_pass(pattern: str) -> None:
    assert catastrophic_reason(pattern) is None


@pytest.mark.parametrize("pattern", ["(.*a)+", r"(\w+\s?)+", "(.*(a|b))+", "([a-z]+a)+", r"(.+\b)+"])
def test_overlapping_classes_count_as_ambiguous(pattern: str) -> None:
    assert catastrophic_reason(pattern)


@pytest.mark.parametrize("pattern", [r"(\d+\s)+", r"(\d+[a-z])+", r"(\d+(元|塊))+", r"(\s*,)+"])
def test_disjoint_classes_are_fine(pattern: str) -> None:
    assert catastrophic_reason(pattern) is None
