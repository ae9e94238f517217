"""One benchmark cell: start a server, time its first answer, load it with wrk, wait for every reply, stop it."""

from __future__ import annotations

import http.client
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import procs
import servers
from bodies import Body, probe_body

HERE = Path(__file__).resolve().parent
LUA = HERE / "webhook.lua"
FIRST_ANSWER_LIMIT = 60.0  # seconds from spawn
DELIVERY_LIMIT = 60.0  # seconds after the load ends
SETTLE = 0.5  # seconds without a new reply before the replies are counted


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FakeLine:
    """The fake LINE API process and the runner's handle on its control endpoints."""

    def __init__(self, delay_ms: int, log: Path) -> None:
        """Start fake_line.py on a free port and wait until it answers."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log, "ab")  # noqa: SIM115 - closed in stop()
        command = f"exec {sys.executable} {HERE / 'fake_line.py'} --port {self.port} --delay-ms {delay_ms}"
        self.process = procs.spawn(command, dict(os.environ), self._log, HERE)
        deadline = time.monotonic() + 20
        while not self._answers():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"the fake LINE API did not start; see {log}")
            time.sleep(0.05)

    def _answers(self) -> bool:
        """Whether the control endpoint answers yet."""
        try:
            self.call("GET", "/_stats")
        except OSError:
            return False
        return True

    def call(self, method: str, path: str, payload: Any = None) -> Any:
        """One control call; the decoded JSON answer."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            body = None if payload is None else json.dumps(payload).encode()
            conn.request(method, path, body=body, headers={"Content-Type": "application/json"})
            return json.loads(conn.getresponse().read())
        finally:
            conn.close()

    def cpu_seconds(self) -> float:
        """CPU the fake API has used so far (kept apart from the servers')."""
        return procs.tree_cpu_seconds(self.process.pid)

    def stop(self) -> None:
        """Stop the process."""
        procs.stop(self.process)
        self._log.close()


@dataclass
class Load:
    """What wrk reported: per-thread counts and the summary."""

    threads: list[dict[str, Any]]
    summary: dict[str, Any]
    cpu_seconds: float


@dataclass
class Acks:
    """Which bodies of the load were sent, acknowledged (2xx) or not."""

    acked: list[str] = field(default_factory=list)
    unacked: list[str] = field(default_factory=list)  # sent, but answered non-2xx, lost, or still in flight
    statuses: dict[str, int] = field(default_factory=dict)  # non-2xx status ("0": lost) → count
    exhausted: bool = False


class ServerDied(RuntimeError):
    """The server exited while it was being measured."""


def post(port: int, body: Body, timeout: float = 30.0) -> int | None:
    """POST one signed webhook body; the status, or None if nothing listens yet."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", "/callback", body=body.raw, headers={
            "Content-Type": "application/json; charset=utf-8", "X-Line-Signature": body.signature})
        return conn.getresponse().status
    except (ConnectionRefusedError, ConnectionResetError, http.client.RemoteDisconnected):
        return None
    finally:
        conn.close()


def first_answer(port: int, fake: FakeLine, spawned: float, process: subprocess.Popen[bytes],
                 secret: str) -> tuple[float, list[str]]:
    """Seconds from spawn until the fake API got a reply to a probe; a new probe event each try."""
    rng, tokens = random.Random(), []
    while time.monotonic() - spawned < FIRST_ANSWER_LIMIT:
        if process.poll() is not None:
            raise ServerDied(f"exited with code {process.returncode} before answering")
        body = probe_body(secret, rng)
        if post(port, body) is not None:
            tokens.append(body.reply_token)
        arrived = fake.call("POST", "/_seen", tokens) if tokens else {}
        if arrived:
            return min(arrived.values()) - spawned, tokens
        time.sleep(0.05)
    raise ServerDied(f"no reply to any of {len(tokens)} probes within {FIRST_ANSWER_LIMIT:.0f} s")


def run_wrk(port: int, concurrency: int, seconds: float, slices: Path) -> Load:
    """Run wrk with one connection per thread, each sending its own slice; parse what done() printed."""
    command = ["wrk", "-t", str(concurrency), "-c", str(concurrency), "-d", f"{seconds:g}s", "--timeout", "20s",
               "-s", str(LUA), f"http://127.0.0.1:{port}/callback"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "BENCH_LOAD_SLICES": str(slices)},
                          timeout=seconds + 120, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    threads = _tagged(done.stdout, "BENCH-THREAD")
    summaries = _tagged(done.stdout, "BENCH-SUMMARY")
    if done.returncode != 0 or not summaries:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Load(threads, summaries[0], cpu)


def _tagged(output: str, tag: str) -> list[dict[str, Any]]:
    """The JSON objects on the output lines that start with the tag."""
    return [json.loads(line.split(" ", 1)[1]) for line in output.splitlines() if line.startswith(tag + " ")]


def acknowledgements(load: Load, ranges: list[range], bodies: list[Body]) -> Acks:
    """Sort every sent body into acknowledged or not, from each thread's in-order counts."""
    acks = Acks()
    for thread in load.threads:
        indexes = ranges[thread["slice"]]
        bad = dict(item.split(":") for item in thread["bad"].split(",") if item)
        for status in bad.values():
            acks.statuses[status] = acks.statuses.get(status, 0) + 1
        for position in range(thread["sent"]):
            token = bodies[indexes[position]].reply_token
            ok = position < thread["answered"] and str(position) not in bad
            (acks.acked if ok else acks.unacked).append(token)
        acks.exhausted |= bool(thread["exhausted"])
    return acks


def wait_delivery(fake: FakeLine, acked: list[str]) -> tuple[float | None, dict[str, Any]]:
    """Wait until every acknowledged event was replied to, then until replies stop coming.

    Returns the seconds until the last acknowledged event's reply arrived (None if some never did) and the
    fake API's final counts.
    """
    fake.call("POST", "/_expect", acked)
    start = time.monotonic()
    delivered_at: float | None = None
    last_count, last_change = -1, start
    while True:
        now = time.monotonic()
        stats = fake.call("GET", "/_stats")
        if stats["replies"] != last_count:
            last_count, last_change = stats["replies"], now
        if delivered_at is None and stats["expected_missing"] == 0:
            delivered_at = now
        settled = now - last_change >= SETTLE and stats["in_flight"] == 0
        if (delivered_at is not None and settled) or now - start > DELIVERY_LIMIT:
            return (None if delivered_at is None else delivered_at - start), stats
        time.sleep(0.1)


@dataclass
class CellPlan:
    """What to run in one cell."""

    server: str
    delay_ms: int
    concurrency: int
    round: int
    seconds: float
    slices: Path
    ranges: list[range]
    log: Path


def run_cell(plan: CellPlan, bodies: list[Body], fake: FakeLine) -> dict[str, Any]:
    """Measure one server in one cell; always a result, with `error` set if something broke."""
    result: dict[str, Any] = {"server": plan.server, "round": plan.round, "delay_ms": plan.delay_ms,
                              "concurrency": plan.concurrency, "seconds": plan.seconds, "log": str(plan.log)}
    launch = servers.launch(plan.server, free_port(), fake.url)
    try:
        result["release_s"] = servers.release(launch, plan.log)
        fake.call("POST", "/_reset")
        _serve_and_measure(plan, launch, bodies, fake, result)
    except (ServerDied, RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        if launch.scratch:
            shutil.rmtree(launch.scratch, ignore_errors=True)
    return result


def _serve_and_measure(plan: CellPlan, launch: servers.Launch, bodies: list[Body], fake: FakeLine,
                       result: dict[str, Any]) -> None:
    """Spawn the server, measure it, and stop it whatever happens."""
    port = int(launch.env["PORT"])
    with open(plan.log, "ab") as log:
        spawned = time.monotonic()
        process = procs.spawn(launch.command, launch.env, log, servers.ROOT)
        try:
            result["first_answer_s"], probes = first_answer(port, fake, spawned, process, servers.SECRET)
            result["settle_s"] = procs.wait_idle(process.pid)
            _measure_load(plan, process, port, bodies, fake, result, set(probes))
        finally:
            result["stopped_cleanly"] = procs.stop(process)


def _measure_load(plan: CellPlan, process: subprocess.Popen[bytes], port: int, bodies: list[Body],
                  fake: FakeLine, result: dict[str, Any], probes: set[str]) -> None:
    """Load the running server, wait for its replies, and record every number of the cell."""
    cpu_before, fake_before = procs.tree_cpu_seconds(process.pid), fake.cpu_seconds()
    load = run_wrk(port, plan.concurrency, plan.seconds, plan.slices)
    acks = acknowledgements(load, plan.ranges, bodies)
    drain, stats = wait_delivery(fake, acks.acked)
    procs.wait_idle(process.pid, quiet=0.3, limit=3.0)
    cpu, fake_cpu = procs.tree_cpu_seconds(process.pid) - cpu_before, fake.cpu_seconds() - fake_before
    memory = procs.tree_memory(process.pid)
    if process.poll() is not None:
        raise ServerDied(f"exited with code {process.returncode} during the load")
    replied = set(fake.call("GET", "/_tokens")) - probes
    acked, count = set(acks.acked), max(len(acks.acked), 1)
    seconds = load.summary["duration_us"] / 1e6
    result.update(
        sent=len(acks.acked) + len(acks.unacked), acked=len(acks.acked), not_2xx=acks.statuses,
        exhausted=acks.exhausted, wall_s=seconds, events_per_s=len(acks.acked) / seconds,
        p50_ms=load.summary["p50_us"] / 1000, p90_ms=load.summary["p90_us"] / 1000,
        p99_ms=load.summary["p99_us"] / 1000, max_ms=load.summary["max_us"] / 1000, wrk=load.summary,
        cpu_s=cpu, cpu_ms_per_webhook=cpu * 1000 / count, fake_cpu_ms_per_webhook=fake_cpu * 1000 / count,
        wrk_cpu_s=load.cpu_seconds, drain_s=drain,
        missing=len(acked - replied), duplicates=stats["duplicates"], malformed=stats["malformed"],
        unacked_replied=len(replied - acked), stray_replies=len(replied - acked - set(acks.unacked)),
        profile_calls=stats["profiles"], other_calls=stats["other"],
        processes=[vars(m) for m in memory], rss_mb=sum(m.rss_kb for m in memory) / 1024,
        pss_mb=sum(m.pss_kb for m in memory) / 1024,
    )
