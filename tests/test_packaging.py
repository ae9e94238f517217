"""Packaging: the lock files pin what pyproject.toml asks for, and the image runs the Procfile's web process."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from scripts.lock import LockError, closure

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = PROJECT["dependencies"]
DEV = PROJECT["optional-dependencies"]["dev"]
# Tools that never belong in the runtime lock, whether or not the dev extra names them today.
DEV_TOOLS = {"black", "coverage", "flake8", "import-linter", "mypy", "pip-tools", "pre-commit", "ruff", "tox"}


def lock(path: Path) -> dict[str, str]:
    """Name -> pinned version of a requirements file, -r includes followed; every requirement must be name==version."""
    pins: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-r "):
            pins.update(lock(path.parent / line[3:].strip()))
            continue
        assert not line.startswith("-"), f"{path.name}: {line!r}: only name==version lines and -r belong in a lock"
        req = Requirement(line)
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==" and "*" not in specs[0].version, (
            f"{path.name}: {line!r} is not pinned to one version with ==")
        assert req.marker is None and req.url is None and not req.extras, f"{path.name}: {line!r}: a bare pin only"
        name = canonicalize_name(req.name)
        assert pins.get(name, specs[0].version) == specs[0].version, f"{path.name}: {name} is pinned twice"
        pins[name] = specs[0].version
    return pins


def unsatisfied(specs: list[str], pins: dict[str, str]) -> list[str]:
    """The requirements of specs that the pins leave out or pin to a version outside their specifier."""
    wrong = []
    for spec in specs:
        req = Requirement(spec)
        pinned = pins.get(canonicalize_name(req.name))
        if pinned is None or not req.specifier.contains(Version(pinned), prereleases=True):
            wrong.append(f"{spec} (pinned: {pinned or 'nothing'})")
    return wrong


def needed(specs: list[str]) -> set[str]:
    """Names of specs and of everything they require on this Python (what `make lock` pins)."""
    try:
        return set(closure(specs))
    except LockError as exc:
        pytest.fail(f"{exc}: `make install` installs the lock files")


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    lines = [line for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
             if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    split = (line.strip().partition(" ") for line in joined.splitlines())
    return [(word.upper(), rest.strip()) for word, _, rest in split if word]


def argv(form: str) -> list[str]:
    """A CMD's argument vector: the JSON exec form as it is, the shell form through sh -c."""
    return json.loads(form) if form.startswith("[") else ["/bin/sh", "-c", form]


def last(instruction: str) -> str:
    found = [args for word, args in dockerfile() if word == instruction]
    assert found, f"the Dockerfile has no {instruction}"
    return found[-1]


def procfile(kind: str) -> str:
    for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{kind}:"):
            return line.partition(":")[2].strip()
    pytest.fail(f"the Procfile has no {kind}: line")


def test_requirements_txt_pins_every_runtime_dependency_within_pyproject() -> None:
    assert unsatisfied(RUNTIME, lock(ROOT / "requirements.txt")) == []


def test_requirements_dev_txt_adds_the_dev_extra_to_the_runtime_lock() -> None:
    text = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    assert "-r requirements.txt" in text.splitlines()
    assert unsatisfied(DEV, lock(ROOT / "requirements-dev.txt")) == []


def test_requirements_txt_holds_no_dev_tool_nor_the_project() -> None:
    runtime_names = {canonicalize_name(Requirement(spec).name) for spec in RUNTIME}
    dev_only = {canonicalize_name(Requirement(spec).name) for spec in DEV} - runtime_names | DEV_TOOLS
    pinned = set(lock(ROOT / "requirements.txt"))
    assert pinned & dev_only == set()
    assert {name for name in pinned if name.startswith(("pytest", "types-"))} == set()
    assert canonicalize_name(PROJECT["name"]) not in pinned


@pytest.mark.parametrize(("path", "specs"), [("requirements.txt", RUNTIME), ("requirements-dev.txt", RUNTIME + DEV)])
def test_each_lock_holds_exactly_what_its_dependencies_pull_in(path: str, specs: list[str]) -> None:
    pinned, wanted = set(lock(ROOT / path)), needed(specs)
    assert sorted(wanted - pinned) == [], f"{path} misses transitive dependencies: run `make lock`"
    assert sorted(pinned - wanted) == [], f"{path} pins packages nothing needs any more: run `make lock`"


def test_the_tests_run_on_exactly_the_locked_versions() -> None:
    drift = {}
    for name, pinned in lock(ROOT / "requirements-dev.txt").items():
        try:
            installed = distribution(name).version
        except PackageNotFoundError:
            installed = "nothing"
        if installed == "nothing" or Version(installed) != Version(pinned):
            drift[name] = f"locked {pinned}, installed {installed}"
    assert drift == {}, "`make install` installs the lock; after installing a change on purpose, run `make lock`"


def test_the_image_installs_the_runtime_lock_on_the_locked_python() -> None:
    assert last("FROM").startswith("python:3.11-slim")  # the Python the lock was made on
    installs = [args for word, args in dockerfile() if word == "RUN" and "pip install" in args]
    assert any(re.search(r"(^|\s)-r\s+requirements\.txt(\s|$)", args) for args in installs), installs
    assert all("--no-cache-dir" in args for args in installs)
    assert any(word == "COPY" and "requirements.txt" in args.split() for word, args in dockerfile())


def test_the_image_runs_as_a_non_root_user() -> None:
    user = last("USER").split(":")[0]
    assert user not in {"root", "0", ""}


@pytest.mark.parametrize("concurrency", [None, "5"])
def test_the_image_starts_the_procfiles_web_line_with_the_variables_expanded(
        tmp_path: Path, concurrency: str | None) -> None:
    web = procfile("web")
    program = shlex.split(web)[0]
    command = last("CMD")
    assert "Procfile" in command and program not in command, "the CMD must read the Procfile, not repeat its web line"
    env = {"PATH": f"{tmp_path / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin", "PORT": "8123"}
    if concurrency:
        env["WEB_CONCURRENCY"] = concurrency
    (tmp_path / "bin").mkdir()
    stub = tmp_path / "bin" / program
    stub.write_text("#!/bin/sh\nprintf '%s\\n' \"$@\"\n", encoding="utf-8")
    stub.chmod(0o755)
    (tmp_path / "Procfile").write_text((ROOT / "Procfile").read_text(encoding="utf-8"), encoding="utf-8")

    ran = subprocess.run(argv(command), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=30)

    def expand(match: re.Match[str]) -> str:
        return env.get(match[1] or match[3]) or match[2] or ""

    expected = shlex.split(re.sub(r"\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)", expand, web))[1:]
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == expected
    assert "$" not in ran.stdout


class _Health(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status if self.path == "/healthz" else 404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        """Quiet."""


@contextmanager
def serving(status: int) -> Iterator[int]:
    handler = type("Handler", (_Health,), {"status": status})
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield server.server_address[1]
        finally:
            server.shutdown()
            thread.join()


@pytest.mark.parametrize(("status", "healthy"), [(200, True), (503, False)])
def test_the_image_healthcheck_gets_healthz_on_port(status: int, healthy: bool) -> None:
    check = last("HEALTHCHECK")
    assert "/healthz" in check and " CMD " in f" {check}"
    command = argv(check.partition("CMD ")[2].strip())
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    with serving(status) as port:
        ran = subprocess.run(command, env={**os.environ, "PATH": path, "PORT": str(port)}, capture_output=True,
                             timeout=30)
    assert (ran.returncode == 0) is healthy, ran.stderr


def test_the_image_leaves_out_environments_data_tests_and_secrets() -> None:
    ignored = {line.strip().strip("/") for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()}
    assert {".git", ".venv", "instance", "test-output", "tests", ".env", "**/__pycache__"} <= ignored
