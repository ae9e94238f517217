"""Warnings about rules that duplicate or shadow each other, so admins can tidy them."""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from bot.tagging.rules import LITERAL_TYPES, Rule, match_form


@dataclass(frozen=True)
class Finding:
    """One rule that adds nothing, and the rule that already covers it."""

    rule_id: int | None
    other_id: int | None
    kind: str  # duplicate | redundant
    message: str


def lint(rules: list[Rule]) -> list[Finding]:
    """Duplicates and literal rules already covered by a 'contains' rule with the same tag."""
    live = [r for r in rules if r.enabled]
    return _duplicates(live) + _redundant(live)


def _duplicates(rules: list[Rule]) -> list[Finding]:
    """Rules with the same match type, normal form and tag as an earlier rule."""
    seen: dict[tuple[str, str, str], Rule] = {}
    found: list[Finding] = []
    for rule in rules:
        key = (rule.match, match_form(rule.pattern, rule.match), rule.tag)
        first = seen.setdefault(key, rule)
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
