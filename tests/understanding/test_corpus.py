"""The labelled corpus of merchant phrasings: ≥ 97% right, with the per-intent report in the output."""

from pathlib import Path

from bot.conversation.evaluate import evaluate, format_report, load

CORPUS = Path(__file__).with_name("corpus.jsonl")
TARGET = 0.97


def test_corpus_is_large_and_covers_every_intent() -> None:
    rows = load(CORPUS)
    assert len(rows) >= 400
    intents = {r["intent"] for r in rows}
    assert {"estimate", "budget", "plan_change", "prorate", "billed", "out_of_scope", "history"} <= intents


def test_parser_gets_the_corpus_right(capsys) -> None:  # type: ignore[no-untyped-def]
    report = evaluate(load(CORPUS))
    with capsys.disabled():
        print("\n" + format_report(report))
    assert report.accuracy >= TARGET, format_report(report)
