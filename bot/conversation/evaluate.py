"""Scores the parser on a labelled corpus: per-intent precision and recall, and every miss."""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.conversation.follow_up import understand

TAIPEI = ZoneInfo("Asia/Taipei")


def asked_on(case: dict[str, Any]) -> date:
    """The Taiwan date a corpus case is asked on: its `at` moment (every case carries one)."""
    return datetime.fromisoformat(case["at"]).astimezone(TAIPEI).date()


@dataclass
class Report:
    """How the parser did on a corpus."""

    total: int = 0
    right: int = 0
    misses: list[tuple[dict[str, Any], str, dict[str, Any]]] = field(default_factory=list)
    true_pos: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    expected: Counter[str] = field(default_factory=Counter)

    @property
    def accuracy(self) -> float:
        """Share of rows with the right intent and exactly the labelled slots."""
        return self.right / self.total if self.total else 0.0


def run_case(case: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Play a case's context then its text, on the day it is asked; return the intent and public slots."""
    today = asked_on(case)
    previous = None
    for earlier in case.get("context", []):
        q = understand(earlier, previous, today)
        previous = {"intent": q.intent, "slots": q.slots}
    q = understand(case["text"], previous, today)
    return q.intent, q.public_slots()


def evaluate(rows: list[dict[str, Any]]) -> Report:
    """Score every row."""
    report = Report()
    for row in rows:
        intent, slots = run_case(row)
        report.total += 1
        report.expected[row["intent"]] += 1
        report.predicted[intent] += 1
        if intent == row["intent"]:
            report.true_pos[intent] += 1
        if intent == row["intent"] and slots == row["slots"]:
            report.right += 1
        else:
            report.misses.append((row, intent, slots))
    return report


def format_report(report: Report) -> str:
    """A table of precision and recall per intent, then the misses."""
    lines = [f"{'intent':<14} {'n':>4} {'precision':>9} {'recall':>7}"]
    for intent in sorted(report.expected):
        tp = report.true_pos[intent]
        precision = tp / report.predicted[intent] if report.predicted[intent] else 0.0
        recall = tp / report.expected[intent]
        lines.append(f"{intent:<14} {report.expected[intent]:>4} {precision:>9.1%} {recall:>7.1%}")
    lines.append(f"right (intent and slots): {report.right}/{report.total} = {report.accuracy:.1%}")
    for row, intent, slots in report.misses:
        lines.append(f"MISS {row['id']}: {row['text']!r} expected {row['intent']} {row['slots']} got {intent} {slots}")
    return "\n".join(lines)


def load(path: Path) -> list[dict[str, Any]]:
    """Read a JSON-lines corpus."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    """python -m bot.conversation.evaluate [CORPUS]: print the report."""
    args = argv if argv is not None else sys.argv[1:]
    path = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "tests/understanding/corpus.jsonl"
    print(format_report(evaluate(load(path))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
