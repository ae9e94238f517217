"""The tagging room: keyword rules, their validation and a compiled matcher (pure: no web, SDK or SQL)."""

from bot.tagging.matcher import Matcher, MatchResult
from bot.tagging.rules import MATCH_LABELS, MATCH_TYPES, Rule, RuleError, validate_rule, validate_tag

__all__ = ["MATCH_LABELS", "MATCH_TYPES", "MatchResult", "Matcher", "Rule", "RuleError", "validate_rule",
           "validate_tag"]
