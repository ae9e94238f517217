"""Pin requirements.txt and requirements-dev.txt to the versions installed in the venv (`make lock`)."""

from __future__ import annotations

import sys
import tomllib
from importlib.metadata import PackageNotFoundError, distribution

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


class LockError(Exception):
    """A wanted package is missing from the venv, or installed at a version pyproject does not allow."""


def closure(specs: list[str]) -> dict[str, str]:
    """Name -> installed version, for specs and everything they need on this Python."""
    pins, seen, todo = {}, set(), [Requirement(spec) for spec in specs]
    while todo:
        req = todo.pop()
        key = (canonicalize_name(req.name), frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = distribution(req.name)
        except PackageNotFoundError:
            raise LockError(f"{req} is not installed in the venv; install it, run the tests, then lock") from None
        if not req.specifier.contains(dist.version, prereleases=True):
            raise LockError(f"{req} is wanted but {dist.version} is installed")
        pins[key[0]] = dist.version
        for line in dist.requires or []:
            sub = Requirement(line)
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in ("", *req.extras)):
                todo.append(sub)
    return pins


def write(path: str, header: list[str], pins: dict[str, str]) -> None:
    """One lock file: its header, then a pin per line, sorted."""
    with open(path, "w") as fh:
        fh.write("\n".join([*header, *(f"{name}=={version}" for name, version in sorted(pins.items()))]) + "\n")
    print(f"{path}: {len(pins)} pins")


def main() -> int:
    """Write both lock files from pyproject.toml and the venv."""
    with open("pyproject.toml", "rb") as fh:
        project = tomllib.load(fh)["project"]
    runtime = closure(project["dependencies"])
    dev = closure(project["optional-dependencies"]["dev"])
    note = ("# Regenerate with `make lock` (see the Makefile) after installing and testing a change; "
            "do not edit by hand.")
    write("requirements.txt", [
        "# Runtime dependencies (pyproject.toml's [project].dependencies and all they pull in), pinned to the versions",
        "# installed in .venv when the tests passed (CPython 3.11, Linux). "
        "Read by Procfile platforms and the Dockerfile.",
        note], runtime)
    write("requirements-dev.txt", [
        "# Development: the runtime lock plus pyproject.toml's dev extra and all it pulls in, pinned to the versions",
        "# installed in .venv. `make install` installs it, then the project itself with --no-deps.",
        note, "-r requirements.txt"], {name: version for name, version in dev.items() if name not in runtime})
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except LockError as exc:
        sys.exit(f"make lock: {exc}")
