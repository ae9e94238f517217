"""Keyword rules: the value object, its validation and the normal form it is matched in."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import re2

from bot.tagging.safety import catastrophic_reason
from bot.understanding.normalize import normalize

MATCH_TYPES = ("contains", "exact", "prefix", "regex")
LITERAL_TYPES = ("contains", "exact", "prefix")
MATCH_LABELS = {
    "contains": "包含 contains",
    "exact": "完全相同 exact",
    "prefix": "開頭是 prefix",
    "regex": "正規表示式 regex",
}
MAX_PATTERN = 200
MAX_TAG = 50
MAX_NOTE = 500
MAX_SOURCE = 32
PRIORITY_RANGE = (-10_000, 10_000)
RULE_FIELDS = ("pattern", "match", "tag", "priority", "enabled", "note")
TRUE_WORDS = {"1", "true", "yes", "y", "on", "是", "啟用", "enabled"}
FALSE_WORDS = {"0", "false", "no", "n", "off", "否", "停用", "disabled", ""}
EDGE_CATEGORIES = ("P", "Z", "Cf")
LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!", "(?>")
BACKREFERENCE = re.compile(r"escape sequence: \\[1-9]")


class RuleError(ValueError):
    """A rule or tag refused, with the field and a message a merchant can act on."""

    def __init__(self, field: str, code: str, message: str) -> None:
        """Keep the field, a stable code for programs and the human message."""
        super().__init__(message)
        self.field, self.code, self.message = field, code, message

    def as_dict(self) -> dict[str, str]:
        """The JSON shape of the refusal."""
        return {"error": "invalid_rule", "field": self.field, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class Rule:
    """One keyword → tag rule as the admin wrote it (the pattern is kept as typed)."""

    pattern: str
    match: str
    tag: str
    priority: int = 0
    enabled: bool = True
    note: str = ""
    id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The rule's editable fields as plain data."""
        return {"id": self.id, "pattern": self.pattern, "match": self.match, "tag": self.tag,
                "priority": self.priority, "enabled": self.enabled, "note": self.note}


def regex_options() -> re2.Options:
    """re2 options for rules: case-insensitive, no capture groups, errors reported to us not stderr."""
    options = re2.Options()
    options.case_sensitive = False
    options.never_capture = True
    options.log_errors = False
    return options


def core(text: str) -> str:
    """The text without surrounding spaces and punctuation, for exact and prefix rules."""
    start, end = core_span(text)
    return text[start:end]


def core_span(text: str) -> tuple[int, int]:
    """Where the text's core starts and ends (see core)."""
    start, end = 0, len(text)
    while start < end and _is_edge(text[start]):
        start += 1
    while end > start and _is_edge(text[end - 1]):
        end -= 1
    return start, end


def _is_edge(ch: str) -> bool:
    """Spaces, punctuation and invisible format characters are not part of a keyword."""
    return ch.isspace() or unicodedata.category(ch).startswith(EDGE_CATEGORIES)


@lru_cache(maxsize=65_536)
def match_form(pattern: str, match: str) -> str:
    """The form a pattern is matched in: the same normal form as the message text (memoised)."""
    if match == "regex":
        return normalize_regex(pattern)
    form = normalize(pattern)
    return form if match == "contains" else core(form)


def normalize_regex(pattern: str) -> str:
    """Bring a regex's literal Chinese runs and full-width letters to the text's normal form."""
    out: list[str] = []
    run: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(_flush(run) + pattern[i : i + 2])
            run, i = [], i + 2
            continue
        if _is_normalizable(ch):
            run.append(ch)
        else:
            out.append(_flush(run) + ch)
            run = []
        i += 1
    out.append(_flush(run))
    return "".join(out)


def _is_normalizable(ch: str) -> bool:
    """CJK ideographs (Simplified → Traditional) and full-width letters or digits (→ half-width)."""
    code = ord(ch)
    fullwidth_alnum = 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A
    return fullwidth_alnum or unicodedata.category(ch) == "Lo"


def _flush(run: list[str]) -> str:
    """Normalise one literal run, keeping it as typed if normalising would erase it."""
    if not run:
        return ""
    text = "".join(run)
    return normalize(text) or text


def validate_rule(data: Mapping[str, Any], base: Rule | None = None) -> Rule:
    """Check a new rule (or changes to base) field by field; raise RuleError saying why."""
    unknown = sorted(set(data) - set(RULE_FIELDS) - {"id", "hit_count", "last_hit_at", "created_at", "updated_at"})
    if unknown:
        raise RuleError(unknown[0], "unknown_field",
                        f"不認識的欄位 {unknown[0]!r}（unknown field; use {', '.join(RULE_FIELDS)}）")
    if base is None:
        for name in ("pattern", "tag"):
            if name not in data:
                raise RuleError(name, "missing", f"缺少欄位 {name}（{name} is required）")
    current = base or Rule(pattern="", match="contains", tag="")
    rule = replace(
        current,
        match=validate_match(data["match"]) if "match" in data else current.match,
        tag=validate_tag(data["tag"]) if "tag" in data else current.tag,
        priority=validate_priority(data["priority"]) if "priority" in data else current.priority,
        enabled=validate_enabled(data["enabled"]) if "enabled" in data else current.enabled,
        note=validate_note(data["note"]) if "note" in data else current.note,
        pattern=data.get("pattern", current.pattern),
    )
    return replace(rule, pattern=validate_pattern(rule.pattern, rule.match))


def validate_match(value: Any) -> str:
    """One of contains, exact, prefix or regex."""
    word = value.strip().lower() if isinstance(value, str) else value
    if word not in MATCH_TYPES:
        raise RuleError("match", "match_unknown",
                        f"不支援的比對方式 {value!r}（unknown match type; use one of {', '.join(MATCH_TYPES)}）")
    return str(word)


def validate_pattern(pattern: Any, match: str) -> str:
    """A non-empty pattern of at most 200 characters that compiles to a safe, linear-time matcher."""
    if not isinstance(pattern, str):
        raise RuleError("pattern", "pattern_type", "關鍵字必須是文字（pattern must be a string）")
    pattern = pattern.strip()
    if not pattern:
        raise RuleError("pattern", "pattern_empty", "關鍵字不可空白（pattern is empty）")
    if len(pattern) > MAX_PATTERN:
        raise RuleError("pattern", "pattern_too_long",
                        f"關鍵字最多 {MAX_PATTERN} 字，目前 {len(pattern)} 字"
                        f"（pattern is {len(pattern)} characters; the limit is {MAX_PATTERN}）")
    if _has_control(pattern):
        raise RuleError("pattern", "pattern_control", "關鍵字含有控制字元（pattern contains control characters）")
    if match == "regex":
        _check_regex(pattern)
    elif not match_form(pattern, match):
        raise RuleError("pattern", "pattern_empty_normalized",
                        "關鍵字正規化後是空的，例如只有表情符號或標點"
                        "（pattern is empty once normalised: only emoji, spaces or punctuation）")
    return str(pattern)


def _check_regex(pattern: str) -> None:
    """Refuse regexes re2 cannot compile, catastrophic ones, and ones that match every message."""
    form = normalize_regex(pattern)
    try:
        compiled = re2.compile(form, regex_options())
    except re2.error as exc:
        raise _regex_error(exc) from None
    reason = catastrophic_reason(pattern)
    if reason:
        raise RuleError("pattern", "regex_catastrophic",
                        f"可能造成災難性回溯 catastrophic backtracking: {reason}。"
                        "請改寫，不要重複已重複的部分（rewrite it so no repeated part is repeated again）")
    if compiled.search("") is not None:
        raise RuleError("pattern", "regex_matches_everything",
                        "此正規表示式連空白訊息都會比對成功，會標記每一則訊息"
                        "（the regex matches an empty string, so it would tag every message）")


def _regex_error(exc: Exception) -> RuleError:
    """Turn re2's error into a message that says what to change."""
    detail = exc.args[0] if exc.args else str(exc)
    detail = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
    if any(f"operator: {op}" in detail for op in LOOKAROUNDS):
        return RuleError("pattern", "regex_unsupported",
                         "不支援前後查找（lookahead/lookbehind）與原子群組：規則以線性時間的 re2 執行"
                         "（lookarounds and atomic groups are not supported by re2, the linear-time engine: "
                         f"{detail}）")
    if BACKREFERENCE.search(detail):
        return RuleError("pattern", "regex_unsupported",
                         "不支援反向參照（backreference，如 \\1）：規則以線性時間的 re2 執行"
                         f"（backreferences are not supported by re2, the linear-time engine: {detail}）")
    if "repetition size" in detail or "too large" in detail:
        return RuleError("pattern", "regex_too_large",
                         "正規表示式太大或重複次數太多，重複次數上限為 1000"
                         f"（regex too large: {detail}; repeat counts multiply and must stay within 1000）")
    if "bad repetition operator" in detail:
        return RuleError("pattern", "regex_unsupported",
                         "不支援連續量詞（如佔有量詞 a++）"
                         f"（stacked or possessive quantifiers are not supported by re2: {detail}）")
    return RuleError("pattern", "regex_invalid", f"正規表示式無效（invalid regex: {detail}）")


def validate_tag(value: Any) -> str:
    """A tag name: non-empty, at most 50 characters, no control characters; NFKC and trimmed."""
    if not isinstance(value, str):
        raise RuleError("tag", "tag_type", "標籤必須是文字（tag must be a string）")
    if _has_control(value):
        raise RuleError("tag", "tag_control", "標籤含有控制字元（tag contains control characters）")
    tag = " ".join(unicodedata.normalize("NFKC", value).split())
    if not tag:
        raise RuleError("tag", "tag_empty", "標籤不可空白（tag is empty）")
    if len(tag) > MAX_TAG:
        raise RuleError("tag", "tag_too_long",
                        f"標籤最多 {MAX_TAG} 字，目前 {len(tag)} 字"
                        f"（tag is {len(tag)} characters; the limit is {MAX_TAG}）")
    return tag


def validate_priority(value: Any) -> int:
    """A whole number within ±10000; larger numbers come first."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise RuleError("priority", "priority_type", "優先序必須是整數（priority must be a whole number）")
    try:
        number = int(value.strip()) if isinstance(value, str) else value
    except ValueError:
        raise RuleError("priority", "priority_type",
                        f"優先序必須是整數（priority must be a whole number, got {value!r}）") from None
    low, high = PRIORITY_RANGE
    if not low <= number <= high:
        raise RuleError("priority", "priority_range",
                        f"優先序須介於 {low} 與 {high} 之間（priority must be between {low} and {high}）")
    return number


def validate_enabled(value: Any) -> bool:
    """A boolean, also accepted as common words from forms and spreadsheets."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise RuleError("enabled", "enabled_type",
                    f"啟用欄位必須是 true 或 false（enabled must be true or false, got {value!r}）")


def validate_note(value: Any) -> str:
    """A free-text note of at most 500 characters."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RuleError("note", "note_type", "備註必須是文字（note must be a string）")
    if len(value) > MAX_NOTE:
        raise RuleError("note", "note_too_long", f"備註最多 {MAX_NOTE} 字（note is longer than {MAX_NOTE} characters）")
    return value.strip()


def validate_source(value: Any) -> str:
    """An event tag's source word (follow, postback, conversation …), at most 32 characters."""
    if not isinstance(value, str) or not value.strip() or _has_control(value) or len(value.strip()) > MAX_SOURCE:
        raise RuleError("source", "source_invalid", f"來源無效（source must be 1–{MAX_SOURCE} characters）")
    return value.strip()


def _has_control(text: str) -> bool:
    """True if the text holds control characters (tabs and newlines included)."""
    return any(unicodedata.category(ch) == "Cc" for ch in text)
