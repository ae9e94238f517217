"""Rule warnings and the CSV format admins round-trip through Excel."""

from __future__ import annotations

import pytest

from bot.tagging import Rule
from bot.tagging.csvio import CsvImportError, decode, rules_from_csv, rules_to_csv
from bot.tagging.lint import lint


def test_duplicates_and_covered_rules_are_reported() -> None:
    rules = [Rule("價格", "contains", "p", id=1), Rule("价格", "contains", "p", id=2),
             Rule("價格多少", "contains", "p", id=3), Rule("價格", "prefix", "p", id=4),
             Rule("價格多少", "contains", "other", id=5), Rule("價格", "contains", "p", enabled=False, id=6)]
    found = {(f.rule_id, f.kind, f.other_id) for f in lint(rules)}
    assert found == {(2, "duplicate", 1), (3, "redundant", 1), (4, "redundant", 1)}


def test_csv_round_trip_keeps_every_field_and_defuses_formulas() -> None:
    rules = [Rule("=HYPERLINK(\"x\")", "contains", "f", 3, False, "a, \"quoted\"\nnote", 1),
             Rule(r"(幾|多少)則", "regex", "則數", -2, True, "", 2)]
    text = rules_to_csv(rules)
    assert "'=HYPERLINK" in text
    back = rules_from_csv(text)
    assert [r.as_dict() | {"id": None} for r in back] == [r.as_dict() | {"id": None} for r in rules]


def test_chinese_headers_and_match_words_are_understood() -> None:
    [rule] = rules_from_csv("關鍵字,比對方式,標籤,優先序,啟用,備註\n多少錢,包含,詢價,,是,\n")
    assert (rule.pattern, rule.match, rule.tag, rule.priority, rule.enabled) == ("多少錢", "contains", "詢價", 0, True)


def test_bad_rows_are_all_reported_with_line_numbers_and_nothing_is_returned() -> None:
    with pytest.raises(CsvImportError) as caught:
        rules_from_csv("pattern,match,tag\nok,contains,t\n,contains,t\n(a+)+,regex,t\nx,fuzzy,t\n")
    assert [line for line, _ in caught.value.problems] == [3, 4, 5]


def test_missing_columns_and_empty_files_are_refused() -> None:
    with pytest.raises(CsvImportError):
        rules_from_csv("pattern,match\nx,contains\n")
    with pytest.raises(CsvImportError):
        rules_from_csv("")


def test_excel_files_in_utf8_bom_or_big5_decode() -> None:
    assert decode("\ufeffpattern,tag\n".encode()) == "pattern,tag\n"
    assert decode("關鍵字,標籤\n".encode("cp950")) == "關鍵字,標籤\n"
