"""All enabled rules compiled into one matcher: Aho-Corasick for literals, re2 for regexes."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import ahocorasick
import re2

from bot.tagging.rules import LITERAL_TYPES, Rule, RuleError, core_span, match_form, regex_options, validate_pattern
from bot.understanding.normalize import normalize

log = logging.getLogger(__name__)
MAX_TEXT = 5000  # LINE's limit for a text message; longer input is cut, never matched slowly


@dataclass(frozen=True)
class MatchResult:
    """What fired on one message: rules in priority order and the tags they set."""

    text: str
    rules: tuple[Rule, ...] = ()
    tags: tuple[str, ...] = ()
    by_tag: dict[str, Rule] = field(default_factory=dict)

    def rule_for(self, tag: str) -> Rule:
        """The highest-priority rule that set this tag."""
        return self.by_tag[tag]


@dataclass(frozen=True)
class _Literal:
    """Everything stored under one key of the automaton: which rules use it, and how."""

    length: int
    contains: tuple[int, ...]
    prefix: tuple[int, ...]
    exact: tuple[int, ...]


class Matcher:
    """A compiled rule set; matching costs one automaton pass plus one filtered re2 pass."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        """Compile the enabled rules; a rule that no longer compiles is skipped and remembered."""
        started = time.perf_counter()
        self.skipped: list[tuple[Rule, str]] = []
        self._ranked = _rank([r for r in rules if r.enabled and self._compiles(r)])
        self._automaton = _automaton(self._ranked)
        self._regexes = _RegexSet([(rank, r) for rank, r in enumerate(self._ranked) if r.match == "regex"])
        self.compile_seconds = time.perf_counter() - started

    def __len__(self) -> int:
        """How many rules are live in the matcher."""
        return len(self._ranked)

    def match(self, text: str) -> MatchResult:
        """Normalise the message and report the rules and tags that fire on it."""
        return self.match_normalized(normalize(text[:MAX_TEXT]))

    def match_normalized(self, text: str) -> MatchResult:
        """Report what fires on text that is already in the normal form."""
        ranks = self._literal_ranks(text) | self._regexes.ranks(text)
        rules = tuple(self._ranked[rank] for rank in sorted(ranks))
        by_tag: dict[str, Rule] = {}
        for rule in rules:
            by_tag.setdefault(rule.tag, rule)
        return MatchResult(text=text, rules=rules, tags=tuple(by_tag), by_tag=by_tag)

    def _literal_ranks(self, text: str) -> set[int]:
        """Ranks of literal rules that fire: one pass of the automaton over the text."""
        if self._automaton is None or not text:
            return set()
        start, end = core_span(text)
        fired: set[int] = set()
        for last, entry in self._automaton.iter(text):
            first = last - entry.length + 1
            fired.update(entry.contains)
            if first == start:
                fired.update(entry.prefix)
                if last + 1 == end:
                    fired.update(entry.exact)
        return fired

    def _compiles(self, rule: Rule) -> bool:
        """Whether a stored rule still passes validation (older data must never break matching)."""
        try:
            validate_pattern(rule.pattern, rule.match)
        except RuleError as exc:
            self.skipped.append((rule, exc.message))
            log.warning("rule %s skipped: %s", rule.id, exc.code)
            return False
        return True


def _rank(rules: list[Rule]) -> list[Rule]:
    """Rules in firing order: higher priority first, then the older rule (lower id)."""
    return [r for _, r in sorted(enumerate(rules), key=lambda p: (-p[1].priority, p[1].id or 0, p[0]))]


def _automaton(ranked: list[Rule]) -> ahocorasick.Automaton | None:
    """One Aho-Corasick automaton over every literal rule's normal form."""
    keys: dict[str, dict[str, list[int]]] = {}
    for rank, rule in enumerate(ranked):
        if rule.match in LITERAL_TYPES:
            kinds = keys.setdefault(match_form(rule.pattern, rule.match), {k: [] for k in LITERAL_TYPES})
            kinds[rule.match].append(rank)
    if not keys:
        return None
    automaton = ahocorasick.Automaton()
    for key, kinds in keys.items():
        automaton.add_word(key, _Literal(len(key), *(tuple(kinds[k]) for k in ("contains", "prefix", "exact"))))
    automaton.make_automaton()
    return automaton


class _RegexSet:
    """Regex rules behind re2's FilteredRE2: only regexes whose required literals occur are run."""

    def __init__(self, ranked: list[tuple[int, Rule]]) -> None:
        """Compile every regex into one filter; fall back to one-by-one search if the filter fails."""
        self._ranks = [rank for rank, _ in ranked]
        self._filter: re2.Filter | None = None
        self._each: list[tuple[int, Any]] = []
        if not ranked:
            return
        try:
            self._filter = _filter([match_form(r.pattern, "regex") for _, r in ranked])
        except re2.error:
            log.warning("re2 filter could not compile %d regexes; searching one by one", len(ranked))
            self._each = [(rank, re2.compile(match_form(r.pattern, "regex"), regex_options())) for rank, r in ranked]

    def ranks(self, text: str) -> set[int]:
        """Ranks of the regex rules that match the text."""
        if self._filter is not None:
            return {self._ranks[i] for i in self._filter.Match(text) or ()}
        return {rank for rank, regex in self._each if regex.search(text)}


def _filter(patterns: list[str]) -> re2.Filter:
    """A compiled FilteredRE2 over the patterns, in order."""
    flt = re2.Filter()
    for pattern in patterns:
        flt.Add(pattern, regex_options())
    flt.Compile()
    return flt
