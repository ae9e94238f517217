"""Processes read from /proc: a server's whole tree, its CPU time and its memory; start and stop in a group."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

TICKS = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")


@dataclass(frozen=True)
class Memory:
    """One process's resident memory, in kB."""

    pid: int
    name: str
    rss_kb: int
    pss_kb: int


def _stat_fields(pid: int) -> list[str]:
    """/proc/<pid>/stat split after the command name (which may hold spaces); [] if the process is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return []
    return text[text.rindex(")") + 2 :].split()


def children_map() -> dict[int, list[int]]:
    """Parent pid → child pids, for every process on the machine."""
    kids: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields:
                kids.setdefault(int(fields[1]), []).append(int(entry.name))
    return kids


def tree(root: int) -> list[int]:
    """The root and all its descendants that are alive, root first."""
    kids, found, todo = children_map(), [], [root]
    while todo:
        pid = todo.pop(0)
        if _stat_fields(pid):
            found.append(pid)
            todo.extend(sorted(kids.get(pid, [])))
    return found


def cpu_seconds(pid: int) -> float:
    """utime+stime of a process plus those of its children it has waited for."""
    fields = _stat_fields(pid)
    if not fields:
        return 0.0
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / TICKS


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds spent by the root's whole tree so far."""
    return sum(cpu_seconds(pid) for pid in tree(root))


def name_of(pid: int) -> str:
    """A short label: the command line's first words."""
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return "?"
    words = [w.decode(errors="replace") for w in raw.split(b"\0") if w]
    return " ".join(Path(w).name if i == 0 else w for i, w in enumerate(words[:3]))


def memory(pid: int) -> Memory | None:
    """Rss and Pss of one process from smaps_rollup, or None if it is gone."""
    try:
        lines = (PROC / str(pid) / "smaps_rollup").read_text().splitlines()
    except OSError:
        return None
    values = {line.split(":")[0]: int(line.split()[1]) for line in lines if line.startswith(("Rss:", "Pss:"))}
    return Memory(pid, name_of(pid), values.get("Rss", 0), values.get("Pss", 0))


def tree_memory(root: int) -> list[Memory]:
    """Memory of every live process in the tree."""
    return [m for m in (memory(pid) for pid in tree(root)) if m is not None]


def wait_idle(root: int, share: float = 0.03, quiet: float = 0.5, limit: float = 20.0) -> float:
    """Wait until the tree uses under `share` of a core for `quiet` seconds (at most `limit`); the seconds waited."""
    start = time.monotonic()
    last = tree_cpu_seconds(root)
    while time.monotonic() - start < limit:
        time.sleep(quiet)
        now = tree_cpu_seconds(root)
        if now - last < share * quiet:
            break
        last = now
    return time.monotonic() - start


def spawn(command: str, env: dict[str, str], log: IO[bytes], cwd: Path) -> subprocess.Popen[bytes]:
    """Run a shell command line in a new session (its own process group), output to the log."""
    return subprocess.Popen(["sh", "-c", command], env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)


def stop(process: subprocess.Popen[bytes], grace: float = 15.0) -> bool:
    """SIGTERM the whole process group, SIGKILL what is left after `grace` seconds; True if it went quietly."""
    group = process.pid
    _signal_group(group, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and _group_alive(group):
        process.poll()
        time.sleep(0.05)
    quiet = not _group_alive(group)
    if not quiet:
        _signal_group(group, signal.SIGKILL)
    process.wait()
    return quiet


def _signal_group(group: int, sig: signal.Signals) -> None:
    """Send a signal to a process group that may already be gone."""
    try:
        os.killpg(group, sig)
    except ProcessLookupError:
        pass


def _group_alive(group: int) -> bool:
    """Whether any process of the group is still running (zombies do not count)."""
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields and int(fields[2]) == group and fields[0] != "Z":
                return True
    return False
