"""Load benchmark: our bot against line-bot-sdk's flask-echo and fastapi-echo examples, on a local fake LINE API.

For every (delay, concurrency) cell the three servers run one after another, each started fresh, loaded by wrk
with the same signed webhook bodies, and stopped. See bench/README.md for what each column means.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import report
import servers
from bodies import Body, make_bodies, write_slices
from cell import CellPlan, FakeLine, run_cell

OUTPUT = servers.ROOT / "test-output" / "bench-load"
RATE_CAP = 5000  # bodies per second of load: more than any of the servers acknowledges on a small machine


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="load per cell, in seconds (default 10)")
    parser.add_argument("--quick", action="store_true", help="a short smoke run: 3-second cells")
    parser.add_argument("--only", choices=servers.NAMES, help="measure this server alone")
    parser.add_argument("--concurrency", default="1,8,32", help="wrk connections per cell, comma-separated")
    parser.add_argument("--delays", default="0,50", help="fake LINE API latency per call in ms, comma-separated")
    parser.add_argument("--rounds", type=int, default=1, help="repeat the whole grid this many times")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds = 3.0
    args.concurrency = _numbers(parser, args.concurrency, "--concurrency", low=1)
    args.delays = _numbers(parser, args.delays, "--delays", low=0)
    return args


def _numbers(parser: argparse.ArgumentParser, text: str, option: str, low: int) -> list[int]:
    """A comma-separated list of whole numbers, each at least `low`."""
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        parser.error(f"{option} takes whole numbers separated by commas, got {text!r}")
    if not values or min(values) < low:
        parser.error(f"{option} needs numbers of at least {low}")
    return values


def server_order(names: list[str], round_number: int) -> list[str]:
    """The servers in turn, the first one changing every round so none always runs first."""
    shift = (round_number - 1) % len(names)
    return names[shift:] + names[:shift]


def run_grid(args: argparse.Namespace, bodies: list[Body], fake: FakeLine, folder: Path) -> list[dict[str, Any]]:
    """Every cell of the grid, the servers interleaved within each cell."""
    names = [args.only] if args.only else list(servers.NAMES)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-load-slices-") as scratch:
        slices = Path(scratch)
        for round_number in range(1, args.rounds + 1):
            for delay in args.delays:
                fake.call("POST", f"/_delay?ms={delay}")
                for concurrency in args.concurrency:
                    ranges = write_slices(bodies, concurrency, slices)
                    for name in server_order(names, round_number):
                        log = folder / "logs" / f"{name}-delay{delay}-c{concurrency}-r{round_number}.log"
                        plan = CellPlan(name, delay, concurrency, round_number, args.seconds, slices, ranges, log)
                        print(f"… {name}: delay {delay} ms, {concurrency} connections", file=sys.stderr, flush=True)
                        result = run_cell(plan, bodies, fake)
                        result["log_notes"] = report.log_notes(log)
                        results.append(result)
                        print("  " + summary_line(result), file=sys.stderr, flush=True)
    return results


def summary_line(r: dict[str, Any]) -> str:
    """One line of progress for a finished cell."""
    if "acked" not in r:
        return f"error: {r.get('error')}"
    line = (f"{r['events_per_s']:.0f} events/s, p99 {r['p99_ms']:.1f} ms, "
            f"{r['cpu_ms_per_webhook']:.2f} CPU ms/webhook, missing {r['missing']}, dup {r['duplicates']}")
    return line + (f"; error: {r['error']}" if "error" in r else "")


def failed(results: list[dict[str, Any]]) -> list[str]:
    """Why the run fails: a cell with an error, a missing or a duplicated reply."""
    reasons = []
    for r in results:
        where = f"{r['server']} delay {r['delay_ms']} conc {r['concurrency']} round {r['round']}"
        if "error" in r:
            reasons.append(f"{where}: {r['error']}")
        if r.get("missing") or r.get("duplicates"):
            reasons.append(f"{where}: {r.get('missing', 0)} missing, {r.get('duplicates', 0)} duplicate replies")
    return reasons


def main(argv: list[str] | None = None) -> int:
    """Run the grid, print and save the table; non-zero if any reply went missing or twice."""
    args = parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    folder = OUTPUT / datetime.now().strftime("%Y%m%d-%H%M%S")
    (folder / "logs").mkdir(parents=True, exist_ok=True)
    about = report.machine(servers.ROOT)
    bodies = make_bodies(math.ceil(RATE_CAP * args.seconds), servers.SECRET)
    fake = FakeLine(args.delays[0], folder / "logs" / "fake-line.log")
    try:
        results = run_grid(args, bodies, fake, folder)
    finally:
        fake.stop()
    text = report.table(results, about, args.rounds) + report.notes_section(results)
    reasons = failed(results)
    if reasons:
        text += "\nFAILED:\n" + "".join(f"- {reason}\n" for reason in reasons)
    (folder / "table.md").write_text(text, encoding="utf-8")
    (folder / "results.json").write_text(json.dumps({"machine": about, "args": vars(args), "results": results},
                                                    ensure_ascii=False, indent=1), encoding="utf-8")
    print(text)
    print(f"Saved in {folder.relative_to(servers.ROOT)}/ (table.md, results.json, logs/)")
    return 1 if reasons else 0


if __name__ == "__main__":
    sys.exit(main())
