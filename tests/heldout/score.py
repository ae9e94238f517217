"""Score the held-out merchant corpus against the bot, in-process and without LINE.

    .venv/bin/python tests/heldout/score.py [CASES.jsonl] [--show]

Each case is one fresh follower talking to a fresh Conversation; only the reply to the last turn is
judged, flattened and normalised exactly as the black-box probe does (quick-reply labels skipped,
full-width digits made half-width, thousands separators and spaces removed, line breaks shown as ¦).

Every case ends up in one of three buckets:
  right      an `answer` case whose checks all pass, or a `clarify` case whose reply asks back and
             quotes none of the figures a guess would produce;
  clarified  an `answer` case where the bot asked a question back instead: no fact from `all`/`any`
             in the reply, and a question mark;
  wrong      anything else ("wrong figure" when a `none` pattern appears).
It prints one line per case that is not right, then the totals, and always exits 0: it is a
measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.conversation.events import TextIn  # noqa: E402
from bot.conversation.ports import MemoryStore, NullTagger  # noqa: E402
from bot.conversation.service import Conversation, Turn  # noqa: E402
from tests.reading import readable  # noqa: E402

HERE = Path(__file__).resolve().parent
SECONDS_PER_TURN = 40
QUESTION = re.compile(r"[?？]")


def ask(case: dict[str, Any], index: int) -> list[dict[str, Any]]:
    """Play the case's turns to a fresh conversation; return the messages of the last reply."""
    conversation = Conversation()
    store = MemoryStore()
    start = datetime.fromisoformat(case["at"])
    if start.tzinfo is None:
        raise ValueError(f"{case['id']}: 'at' must carry a timezone")
    user = "U%032x" % (0x4E1D00 + index)
    messages: list[dict[str, Any]] = []
    for n, text in enumerate(case["turns"]):
        at = start + timedelta(seconds=SECONDS_PER_TURN * n)
        incoming = TextIn(event_id=f"{case['id']}-{n}", user_id=user, reply_token="r", at=at, text=text)
        messages = conversation.handle(incoming, Turn(store=store, tagger=NullTagger(), now=incoming.at))
    return messages


def judge(case: dict[str, Any], text: str) -> tuple[str, list[str], bool]:
    """(bucket, problems, wrong_figure) for one normalised reply."""
    problems: list[str] = []
    for rx in case.get("all", []):
        if not re.search(rx, text):
            problems.append(f"missing /{rx}/")
    for group in case.get("any", []):
        if not any(re.search(rx, text) for rx in group):
            problems.append(f"none of {group}")
    forbidden = [rx for rx in case.get("none", []) if re.search(rx, text)]
    problems += [f"wrong figure /{rx}/" for rx in forbidden]
    if not text:
        problems.append("no reply")
    if not problems:
        return "right", [], False
    if forbidden:
        return "wrong", problems, True
    if case.get("expect", "answer") == "answer":
        facts = list(case.get("all", [])) + [rx for group in case.get("any", []) for rx in group]
        if QUESTION.search(text) and not any(re.search(rx, text) for rx in facts):
            return "clarified", ["asked back instead of answering"], False
    else:
        asks = case["any"][0] if case.get("any") else []
        if not any(re.search(rx, text) for rx in asks):
            problems.insert(0, "answered without asking back")
    return "wrong", problems, False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="?", default=str(HERE / "heldout_cases.jsonl"))
    ap.add_argument("--show", action="store_true", help="also print the reply of each case that is not right")
    a = ap.parse_args()
    lines = Path(a.cases).read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    counts = {"right": 0, "clarified": 0, "wrong": 0}
    wrong_figures = 0
    for i, case in enumerate(cases):
        try:
            text = readable(ask(case, i))
            bucket, problems, bad_figure = judge(case, text)
        except Exception as e:  # a crash is a wrong answer, not the end of the measurement
            text, bucket, problems, bad_figure = "", "wrong", [f"error: {type(e).__name__}: {e}"], False
        counts[bucket] += 1
        wrong_figures += bad_figure
        if bucket != "right":
            print(f"{bucket.upper():9} {case['id']} [{case.get('expect', 'answer')}]  " + "; ".join(problems)[:400])
            if a.show:
                print("          | " + text[:600])
    total = len(cases) or 1
    print(f"{len(cases)} cases")
    shares = ", ".join(f"{k} {v} ({100 * v / total:.1f}%)" for k, v in counts.items())
    print(f"{shares}, wrong figures {wrong_figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
