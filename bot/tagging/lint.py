"""Warnings about rules that duplicate, shadow or overlap each other, so admins can tidy them.

`lint` reviews every rule; `duplicate_of` is the check a new or edited rule must pass (an identical rule is
refused), and `findings_about` picks the warnings that concern one rule, for the answer to saving it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

import ahocorasick

from bot.tagging.rules import LITERAL_TYPES, MATCH_LABELS, Rule, core, match_form
from bot.understanding.normalize import normalize


@dataclass(frozen=True)
class Finding:
    """One rule that adds nothing or overlaps another, and that other rule."""

    rule_id: int | None
    other_id: int | None
    kind: str  # duplicate | redundant | overlap
    message: str


def lint(rules: list[Rule]) -> list[Finding]:
    """Duplicates, literal rules already covered by a 'contains' rule, and same-keyword rules of other types."""
    live = [r for r in rules if r.enabled]
    found = _duplicates(live) + _redundant(live)
    return found + _overlaps(live, {_pair(f.rule_id, f.other_id) for f in found})


def identity(rule: Rule) -> tuple[str, str, str]:
    """What makes two rules the same rule: match type, the pattern's normal form, tag."""
    return (rule.match, match_form(rule.pattern, rule.match), rule.tag)


def duplicate_of(draft: Rule, others: Iterable[Rule]) -> Finding | None:
    """The refusal for a draft identical to another rule (enabled or not), else None."""
    key = identity(draft)
    for other in others:
        if other.id != draft.id and identity(other) == key:
            state = "" if other.enabled else "（停用中，可直接啟用它）"
            return Finding(draft.id, other.id, "duplicate",
                           f"已有相同的規則 #{other.id}：關鍵字「{other.pattern}」、{MATCH_LABELS[other.match]}、"
                           f"標籤「{other.tag}」{state}（an identical rule #{other.id} already exists）")
    return None


def findings_about(rule_id: int | None, rules: list[Rule]) -> list[Finding]:
    """The warnings that name one rule, on either side."""
    return [f for f in lint(rules) if rule_id in (f.rule_id, f.other_id)]


def _pair(a: int | None, b: int | None) -> frozenset[int | None]:
    """Two rule ids, in no order."""
    return frozenset((a, b))


def _duplicates(rules: list[Rule]) -> list[Finding]:
    """Rules with the same match type, normal form and tag as an earlier rule."""
    seen: dict[tuple[str, str, str], Rule] = {}
    found: list[Finding] = []
    for rule in rules:
        first = seen.setdefault(identity(rule), rule)
        if first is not rule:
            found.append(Finding(rule.id, first.id, "duplicate",
                                 f"規則 #{rule.id} 與 #{first.id} 重複（duplicate of rule #{first.id}）"))
    return found


def _redundant(rules: list[Rule]) -> list[Finding]:
    """Literal rules whose keyword contains a shorter 'contains' keyword that sets the same tag."""
    automaton = ahocorasick.Automaton()
    for rule in rules:
        if rule.match == "contains":
            form = match_form(rule.pattern, rule.match)
            if form not in automaton:
                automaton.add_word(form, (form, {}))
            automaton.get(form)[1].setdefault(rule.tag, rule)
    if not len(automaton):
        return []
    automaton.make_automaton()
    return [f for rule in rules if rule.match in LITERAL_TYPES and (f := _covered(automaton, rule))]


def _covered(automaton: ahocorasick.Automaton, rule: Rule) -> Finding | None:
    """The finding for a rule whose keyword holds a different 'contains' keyword with its tag."""
    form = match_form(rule.pattern, rule.match)
    for _, (other_form, by_tag) in automaton.iter(form):
        other = by_tag.get(rule.tag)
        if other is not None and other is not rule and not (rule.match == "contains" and other_form == form):
            return Finding(rule.id, other.id, "redundant",
                           f"規則 #{rule.id} 不會多標記任何人：#{other.id}「{other_form}」已涵蓋"
                           f"（rule #{rule.id} is covered by #{other.id}, which contains “{other_form}”）")
    return None


def _keyword(rule: Rule) -> str:
    """The pattern as a keyword, whatever its match type: normalised, without edge spaces and punctuation."""
    return core(normalize(rule.pattern))


def _overlaps(rules: list[Rule], reported: set[frozenset[int | None]]) -> list[Finding]:
    """Rules with the same keyword and tag but another match type (e.g. exact and prefix), not reported yet."""
    groups: dict[tuple[str, str], dict[str, Rule]] = defaultdict(dict)
    for rule in rules:
        groups[(_keyword(rule), rule.tag)].setdefault(rule.match, rule)
    found: list[Finding] = []
    for by_match in groups.values():
        for first, later in combinations(by_match.values(), 2):
            if _pair(later.id, first.id) not in reported:
                found.append(Finding(later.id, first.id, "overlap",
                                     f"規則 #{later.id}（{MATCH_LABELS[later.match]}）與 #{first.id}"
                                     f"（{MATCH_LABELS[first.match]}）關鍵字與標籤相同，會重複命中"
                                     f"（rule #{later.id} overlaps #{first.id}: same keyword and tag）"))
    return found
