"""Rules to and from CSV, in a form Excel opens and merchants can edit."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from bot.tagging.rules import RULE_FIELDS, Rule, RuleError, validate_rule

HEADER = ("id", *RULE_FIELDS)
MAX_ROWS = 20_000
MAX_BYTES = 1024 * 1024
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
    """A cell as text (booleans as true/false), defused against formulas."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return defuse("" if value is None else str(value))


def defuse(text: str) -> str:
    """A leading apostrophe on a cell that starts like a formula (= + - @ tab CR), so a spreadsheet never runs it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def decode(data: bytes) -> str:
    """Text from an uploaded file: UTF-8 (with or without BOM), else Big5 as Excel in Taiwan saves it."""
    if len(data) > MAX_BYTES:
        raise CsvImportError([(1, f"檔案太大，最多 {MAX_BYTES // 1024} KB"
                                  f"（the file is larger than {MAX_BYTES} bytes）")])
    if b"\x00" in data:
        raise CsvImportError([(1, "這不是文字檔（the file contains NUL bytes; save it as CSV in UTF-8）")])
    for encoding in ("utf-8-sig", "cp950"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvImportError([(1, "檔案編碼無法辨識，請存成 UTF-8（the file is neither UTF-8 nor Big5）")])


def rules_from_csv(text: str) -> list[Rule]:
    """Parse and validate every row; refuse the whole file if any row (or the CSV itself) is wrong."""
    rows = _rows(text.lstrip("\ufeff"))
    first = next(rows, None)
    header = _header(first[1] if first else None)
    rules: list[Rule] = []
    problems: list[tuple[int, str]] = []
    for line, row in rows:
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


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on; malformed CSV (an unterminated quote, say) is refused."""
    reader = csv.reader(io.StringIO(text), strict=True)
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CsvImportError([(line, f"CSV 格式錯誤，請檢查引號（malformed CSV: {exc}; "
                                         "check for an unclosed or stray quote）")]) from None
        yield line, row


def _header(row: list[str] | None) -> list[str]:
    """Column names in English, accepting the Chinese headings too; pattern and tag are required, no others."""
    if row is None:
        raise CsvImportError([(1, "檔案是空的（the file is empty）")])
    names = [HEADER_ALIASES.get(c.strip(), c.strip().lower()) for c in row]
    missing = [n for n in ("pattern", "tag") if n not in names]
    unknown = [n for n in names if n and n not in HEADER]
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    for found, what in ((missing, "缺少欄位 missing"), (unknown, "不認得的欄位 unknown"),
                        (repeated, "重複的欄位 repeated")):
        if found:
            raise CsvImportError([(1, f"{what}: {', '.join(found)}（the header must name pattern and tag, "
                                      f"each once, from these columns: {', '.join(HEADER)}）")])
    return names


def _rule(header: list[str], row: list[str]) -> Rule:
    """One validated rule from a row (a cell under no named column is refused)."""
    stray = [i for i, cell in enumerate(row) if cell.strip() and (i >= len(header) or not header[i])]
    if stray:
        raise RuleError("columns", "extra_cells", f"第 {stray[0] + 1} 欄沒有欄位名稱（cell {stray[0] + 1} is "
                                                  f"outside the header's {len(header)} named columns）")
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
