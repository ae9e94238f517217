"""The tuning corpora as a regression guard: no wrong figure, and (almost) every case right or rightly asked back.

The held-out corpus is never run here: it only measures (tests/heldout/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.heldout.score import ask, judge
from tests.reading import readable

HERE = Path(__file__).parent
CORPORA = sorted(HERE.glob("tuning_cases*.jsonl"))
FLOOR = 0.98  # share right or asked back, per corpus


@pytest.mark.parametrize("path", CORPORA, ids=[p.stem for p in CORPORA])
def test_tuning_corpus(path: Path) -> None:
    """Every corpus stays at or above the floor, with no confident wrong figure."""
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    buckets = {"right": 0, "clarified": 0, "wrong": 0}
    wrong_figures = []
    for index, case in enumerate(cases):
        bucket, _problems, figure = judge(case, readable(ask(case, index)))
        buckets[bucket] += 1
        if figure:
            wrong_figures.append(case["id"])
    assert wrong_figures == []
    assert (buckets["right"] + buckets["clarified"]) / len(cases) >= FLOOR, buckets
