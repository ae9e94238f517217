"""The run's report: the machine it ran on, the markdown table, and what the servers logged that was not INFO."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

# Plain-text levels (gunicorn, uvicorn) and JSON log lines ("level": "warning").
NOTABLE = re.compile(r'Traceback|\b(WARNING|ERROR|CRITICAL)\b|"level": ?"(warning|error|critical)"')
TIMESTAMP = re.compile(r'^\[[^\]]+\] |^\{"time": "[^"]*", ')
COLUMNS = ("server", "delay ms", "conc", "events/s", "p50 ms", "p99 ms", "CPU ms/webhook", "RSS MB",
           "PSS MB (per process)", "non-2xx", "missing", "dup", "unacked replied", "drain s", "first answer s",
           "fake API CPU ms/webhook")


def machine(root: Path) -> dict[str, Any]:
    """CPU model, cores, Python, kernel, date and the commit the run measured."""
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(),
            "kernel": platform.release(), "date": datetime.now().astimezone().isoformat(timespec="seconds"),
            "commit": _commit(root)}


def _commit(root: Path) -> str:
    """The checked-out commit, marked when the work tree has changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} (with uncommitted changes)" if dirty else head


def _num(value: float | None, digits: int = 1) -> str:
    """A number for the table, or a dash."""
    return "–" if value is None else f"{value:,.{digits}f}"


def row(r: dict[str, Any]) -> list[str]:
    """One result as table cells."""
    head = [r["server"], str(r["delay_ms"]), str(r["concurrency"])]
    if "error" in r and "acked" not in r:
        return head + [f"**error**: {r['error']}"] + [""] * (len(COLUMNS) - 4)
    per_process = "+".join(f"{p['pss_kb'] / 1024:.0f}" for p in r["processes"] if not p["name"].startswith("sh "))
    events = _num(r["events_per_s"]) + (" (ran out)" if r["exhausted"] else "")
    return head + [
        events, _num(r["p50_ms"]), _num(r["p99_ms"]), _num(r["cpu_ms_per_webhook"], 2), _num(r["rss_mb"], 0),
        f"{r['pss_mb']:.0f} ({per_process})", str(sum(r["not_2xx"].values())), str(r["missing"]),
        str(r["duplicates"]), str(r["unacked_replied"]), _num(r["drain_s"], 2), _num(r.get("first_answer_s"), 2),
        _num(r["fake_cpu_ms_per_webhook"], 2),
    ]


def table(results: list[dict[str, Any]], about: dict[str, Any], rounds: int) -> str:
    """The markdown report: the machine line, then one row per server and cell."""
    columns = list(COLUMNS)
    rows = [row(r) for r in results]
    if rounds > 1:
        columns.insert(0, "round")
        rows = [[str(r["round"]), *cells] for r, cells in zip(results, rows, strict=True)]
    lines = [
        f"Machine: {about['cpu']}, {about['cores']} cores, Python {about['python']}, Linux {about['kernel']}; "
        f"{about['date']}; commit {about['commit']}",
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "|".join("---" if name in ("round", "server") else "---:" for name in columns) + "|",
        *("| " + " | ".join(cells) + " |" for cells in rows),
    ]
    return "\n".join(lines) + "\n"


def log_notes(log: Path, limit: int = 3) -> dict[str, Any]:
    """Counts of warning/error/traceback lines in a server log, and the first few distinct ones."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {"counts": {}, "samples": []}
    counts: Counter[str] = Counter()
    samples: list[str] = []
    for line in text.splitlines():
        found = NOTABLE.search(line)
        if not found:
            continue
        counts[(found.group(1) or found.group(2) or "Traceback").upper()] += 1
        short = TIMESTAMP.sub("", line).strip()[:200]
        if short not in samples and len(samples) < limit:
            samples.append(short)
    return {"counts": dict(counts), "samples": samples}


def notes_section(results: list[dict[str, Any]]) -> str:
    """What each server logged beyond INFO, cell by cell (empty when nothing)."""
    lines = []
    for r in results:
        notes = r.get("log_notes") or {}
        problems = [r["error"]] if "error" in r else []
        if not r.get("stopped_cleanly", True):
            problems.append("did not stop within the grace period; killed")
        if notes.get("counts") or problems:
            counts = ", ".join(f"{k} ×{v}" for k, v in sorted(notes.get("counts", {}).items()))
            lines.append(f"- {r['server']} (delay {r['delay_ms']} ms, conc {r['concurrency']}): "
                         + "; ".join(filter(None, [counts, *problems])) + f" — {r['log']}")
            lines.extend(f"    - `{s}`" for s in notes.get("samples", []))
    return ("\nServer logs beyond INFO:\n\n" + "\n".join(lines) + "\n") if lines else ""
