"""Per-message cost of reading a merchant's question and of the whole conversation turn that answers it.

Run: .venv/bin/python bench/understanding_bench.py [--rounds 5] [--warmup 1]

The messages are every turn of tests/e2e/merchant_cases*.jsonl, asked on each case's own day.
- **read**: `bot.understanding.parse.read`, one message on its own.
- **answer**: `bot.answers.replies.answer` for that message's question (estimates, Flex cards, Babel figures).
- **turn**: `Conversation.handle` for each turn of a case, in order, on a MemoryStore (reading with the
  follow-up, answering, remembering). Each case talks to a fresh Conversation, so its answer cache never
  serves a reply worked out in an earlier round.
Each message is timed `--rounds` times and its fastest time is kept, so that a busy machine's pauses do
not swamp the figures; p50, p99 and mean are over the messages.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.answers.i18n import resolve_locale, use_locale  # noqa: E402
from bot.answers.replies import answer  # noqa: E402
from bot.conversation.events import TextIn  # noqa: E402
from bot.conversation.ports import MemoryStore, NullTagger  # noqa: E402
from bot.conversation.service import Conversation, Turn  # noqa: E402
from bot.pricing import today_taipei  # noqa: E402
from bot.understanding.parse import read  # noqa: E402

TURN_GAP = timedelta(seconds=40)


def load_cases() -> list[dict[str, Any]]:
    """Every merchant case of the e2e corpora."""
    cases: list[dict[str, Any]] = []
    for path in sorted((ROOT / "tests" / "e2e").glob("merchant_cases*.jsonl")):
        cases += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return cases


def messages_of(cases: list[dict[str, Any]]) -> list[tuple[str, date]]:
    """Each turn's text and the day it is asked on."""
    out: list[tuple[str, date]] = []
    for case in cases:
        start = datetime.fromisoformat(case["at"])
        out += [(text, today_taipei(start + n * TURN_GAP)) for n, text in enumerate(case["turns"])]
    return out


def time_reads(messages: list[tuple[str, date]]) -> list[float]:
    """Microseconds of read() per message."""
    out: list[float] = []
    for text, day in messages:
        began = time.perf_counter()
        read(text, day)
        out.append((time.perf_counter() - began) * 1e6)
    return out


def time_answers(messages: list[tuple[str, date]]) -> list[float]:
    """Microseconds of answer() per message, for the question the message asks on its own."""
    out: list[float] = []
    for text, day in messages:
        question = read(text, day).question()
        began = time.perf_counter()
        with use_locale(resolve_locale(question.lang)):
            answer(question, day)
        out.append((time.perf_counter() - began) * 1e6)
    return out


def time_turns(cases: list[dict[str, Any]]) -> list[float]:
    """Microseconds of Conversation.handle per turn, each case on a fresh conversation and store."""
    out: list[float] = []
    for index, case in enumerate(cases):
        conversation, store = Conversation(), MemoryStore()
        start = datetime.fromisoformat(case["at"])
        user = f"U{index:032x}"
        for n, text in enumerate(case["turns"]):
            at = start + n * TURN_GAP
            incoming = TextIn(event_id=f"{case['id']}-{n}", user_id=user, reply_token="r", at=at, text=text)
            turn = Turn(store=store, tagger=NullTagger(), now=at)
            began = time.perf_counter()
            conversation.handle(incoming, turn)
            out.append((time.perf_counter() - began) * 1e6)
    return out


def row(name: str, samples: list[float]) -> str:
    """One Markdown table row: p50, p99, mean and total (of one pass over the corpus)."""
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    mean = statistics.fmean(ordered)
    return f"| {name:7} | {len(ordered):8,} | {p50:8.0f} | {p99:8.0f} | {mean:8.0f} | {sum(ordered) / 1e6:7.2f} |"


def main() -> int:
    """Warm up, time every message `rounds` times and print the table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5, help="timed passes over the corpus (default 5)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed passes first (default 1)")
    a = ap.parse_args()
    cases = load_cases()
    messages = messages_of(cases)
    runs: dict[str, Callable[[], list[float]]] = {
        "read": lambda: time_reads(messages),
        "answer": lambda: time_answers(messages),
        "turn": lambda: time_turns(cases),
    }
    for _ in range(a.warmup):
        for run in runs.values():
            run()
    print(f"{len(cases):,} cases, {len(messages):,} messages, {a.rounds} rounds after {a.warmup} warm-up; "
          f"Python {platform.python_version()}\n")
    print("| step    | messages |  p50 µs |  p99 µs | mean µs | total s |")
    print("|:--------|---------:|--------:|--------:|--------:|--------:|")
    for name, run in runs.items():
        rounds = [run() for _ in range(a.rounds)]
        print(row(name, [min(times) for times in zip(*rounds, strict=True)]))  # each message's fastest
    return 0


if __name__ == "__main__":
    sys.exit(main())
