"""Rules to and from CSV, in a form Excel opens and merchants can edit."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from bot.tagging.rules import RULE_FIELDS, Rule, RuleError, validate_rule

HEADER = ("id", *RULE_FIELDS)
MAX_ROWS = 20_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_ALIASES = {
    "關鍵字": "pattern", "規則": "pattern", "比對方式": "match", "比對": "match", "標籤": "tag",
    "優先序": "priority", "優先": "priority", "啟用": "enabled", "備註": "note", "編號": "id",
}
MATCH_ALIASES = {"包含": "contains", "完全相同": "exact", "完全符合": "exact", "開頭是": "prefix", "開頭": "prefix",
                 "正規表示式": "regex", "正則": "regex"}


class CsvImportError(ValueError):
    """The file was refused; each problem carries its line number."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        """Keep every problem found, in file order."""
        super().__init__("; ".join(f"line {line}: {msg}" for line, msg in problems))
        self.problems = problems


def rules_to_csv(rules: Iterable[Rule]) -> str:
    """A CSV text with a header and one rule per row (cells that look like formulas are quoted)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for rule in rules:
        row = rule.as_dict()
        writer.writerow([_cell(row[name]) for name in HEADER])
    return out.getvalue()


def _cell(value: Any) -> str:
    """A cell value, with a leading apostrophe so a spreadsheet never runs it as a formula."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def decode(data: bytes) -> str:
    """Text from an uploaded file: UTF-8 (with or without BOM), else Big5 as Excel in Taiwan saves it."""
    for encoding in ("utf-8-sig", "cp950"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvImportError([(1, "檔案編碼無法辨識，請存成 UTF-8（the file is neither UTF-8 nor Big5）")])


def rules_from_csv(text: str) -> list[Rule]:
    """Parse and validate every row; refuse the whole file if any row is wrong."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = _header(next(reader, None))
    rules: list[Rule] = []
    problems: list[tuple[int, str]] = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(rules) + len(problems) >= MAX_ROWS:
            problems.append((line, f"最多匯入 {MAX_ROWS} 條規則（at most {MAX_ROWS} rules per file）"))
            break
        try:
            rules.append(_rule(header, row))
        except RuleError as exc:
            problems.append((line, f"{exc.field}: {exc.message}"))
    if problems:
        raise CsvImportError(problems)
    return rules


def _header(row: list[str] | None) -> list[str]:
    """Column names in English, accepting the Chinese headings too; pattern and tag are required."""
    if row is None:
        raise CsvImportError([(1, "檔案是空的（the file is empty）")])
    names = [HEADER_ALIASES.get(c.strip(), c.strip().lower()) for c in row]
    missing = [n for n in ("pattern", "tag") if n not in names]
    if missing:
        raise CsvImportError([(1, f"缺少欄位 {', '.join(missing)}（header must name pattern and tag columns; "
                                  f"columns: {', '.join(HEADER)}）")])
    return names


def _rule(header: list[str], row: list[str]) -> Rule:
    """One validated rule from a row."""
    data = {name: _uncell(row[i]) for i, name in enumerate(header) if i < len(row) and name in RULE_FIELDS}
    if "match" in data:
        data["match"] = MATCH_ALIASES.get(data["match"].strip(), data["match"]) or "contains"
    if data.get("priority", "").strip() == "":
        data.pop("priority", None)
    if data.get("enabled", "").strip() == "":
        data.pop("enabled", None)
    return validate_rule(data)


def _uncell(value: str) -> str:
    """Undo the apostrophe added on export in front of formula-like cells."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
