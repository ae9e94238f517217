"""Spot regexes that would backtrack catastrophically in a backtracking engine.

Rules run on re2, which is linear-time whatever the pattern, so nothing here protects the bot itself.
We still refuse these shapes: they are almost always mistakes, and exported rules may be used by
tools whose engines backtrack (a spreadsheet, a JavaScript front end, another bot).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import re2

COUNTED = re.compile(r"\{(\d+)(,(\d*))?\}")
UNBOUNDED = -1
PROBES = string.ascii_letters + string.digits + string.punctuation + " \u3000中文價格錢則元塊。？！"
ZERO_WIDTH = {"^", "$", r"\b", r"\B", r"\A", r"\z"}
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False
_OPTIONS.case_sensitive = False


@dataclass
class _Element:
    """One piece of a branch: an atom or a closed group, and how it is repeated."""

    text: str
    literal: str | None = None
    branches: list[str | None] | None = None
    flexible: bool = False  # repeated without bound, or a group whose body can split text several ways
    optional: bool = False
    repeated: bool = False
    atom: str = ""


@dataclass
class _Frame:
    """An open group: its finished branches and the branch being read."""

    start: int
    branches: list[list[_Element]] = field(default_factory=lambda: [[]])


class _Unsafe(Exception):
    """Raised inside the scan with the reason the pattern is refused."""


def catastrophic_reason(pattern: str) -> str | None:
    """Why the pattern could backtrack catastrophically, or None when its shape is safe."""
    try:
        _scan(pattern)
    except _Unsafe as unsafe:
        return str(unsafe)
    return None


def _scan(pattern: str) -> None:
    """Walk the pattern once, tracking groups and what each repetition applies to."""
    stack = [_Frame(start=0)]
    i = 0
    while i < len(pattern):
        i = _step(pattern, i, stack)


def _step(pattern: str, i: int, stack: list[_Frame]) -> int:
    """Read one token at i, update the group stack and return the next position."""
    ch = pattern[i]
    frame = stack[-1]
    if ch == "(":
        end = _group_open_end(pattern, i)
        if pattern[i:end].endswith(")"):  # a flags-only group such as (?i)
            return end
        stack.append(_Frame(start=i))
        return end
    if ch == ")" and len(stack) > 1:
        stack.pop()
        stack[-1].branches[-1].append(_close(frame, pattern[frame.start : i + 1]))
        return i + 1
    if ch == "|":
        frame.branches.append([])
        return i + 1
    quant = _quantifier(pattern, i)
    if quant is not None:
        text, minimum, maximum = quant
        _repeat(frame, text, minimum, maximum)
        return i + len(text)
    end, element = _atom(pattern, i)
    frame.branches[-1].append(element)
    return end


def _group_open_end(pattern: str, i: int) -> int:
    """The position after a group opener: '(', '(?:', '(?P<name>', '(?i:' or a whole '(?i)'."""
    if not pattern.startswith("(?", i):
        return i + 1
    j = i + 2
    while j < len(pattern) and pattern[j] not in ":)>":
        j += 1
    return min(j + 1, len(pattern))


def _close(frame: _Frame, text: str) -> _Element:
    """Turn a finished group into one element of its parent branch."""
    branches = [_literal(branch) for branch in frame.branches]
    literal = branches[0] if len(branches) == 1 else None
    flexible = any(_ambiguous(branch) for branch in frame.branches)
    return _Element(text=text, literal=literal, branches=branches, flexible=flexible, atom=text)


def _ambiguous(branch: list[_Element]) -> bool:
    """True when a branch can match one text in many ways: all of it stretchy, skippable or swallowed."""
    stretchy = [el for el in branch if el.flexible]
    return bool(stretchy) and all(el.flexible or el.optional or any(_absorbs(f, el) for f in stretchy)
                                  for el in branch)


def _absorbs(stretchy: _Element, element: _Element) -> bool:
    """Whether a repeated atom can also match what the element needs (so the split is ambiguous)."""
    if stretchy.atom == element.atom:
        return True
    wide = _compiled(stretchy.atom)
    needed = _compiled(element.atom)
    if wide is None or needed is None:
        return True  # cannot tell: be careful
    probes = element.literal[:1] if element.literal else PROBES
    return any(wide.fullmatch(ch) and needed.match(ch * 3) for ch in probes)


@lru_cache(maxsize=512)
def _compiled(atom: str) -> Any:
    """An atom compiled on its own, or None if it does not stand alone."""
    try:
        return re2.compile(atom, _OPTIONS)
    except re2.error:
        return None


def _literal(branch: list[_Element]) -> str | None:
    """The branch's text when it is plain characters, else None."""
    if any(el.literal is None or el.repeated for el in branch):
        return None
    return "".join(el.literal or "" for el in branch)


def _quantifier(pattern: str, i: int) -> tuple[str, int, int] | None:
    """The quantifier at i (with a lazy '?') and its counts; the maximum is UNBOUNDED for * + {n,}."""
    ch = pattern[i]
    if ch in "*+?":
        text, minimum, maximum = ch, (1 if ch == "+" else 0), (1 if ch == "?" else UNBOUNDED)
    elif ch == "{" and (m := COUNTED.match(pattern, i)):
        text, minimum = m.group(0), int(m.group(1))
        maximum = minimum if m.group(2) is None else (int(m.group(3)) if m.group(3) else UNBOUNDED)
    else:
        return None
    if pattern.startswith("?", i + len(text)):
        text += "?"
    return text, minimum, maximum


def _repeat(frame: _Frame, quant: str, minimum: int, maximum: int) -> None:
    """Apply a quantifier to the branch's last element; raise _Unsafe for dangerous shapes."""
    branch = frame.branches[-1]
    if not branch:
        return
    element = branch[-1]
    if maximum == UNBOUNDED:
        shown = element.text + quant
        if element.flexible:
            raise _Unsafe(f"巢狀重複 nested repetition `{shown}`")
        overlap = _overlapping(element.branches or [])
        if overlap:
            raise _Unsafe(f"重複的選項彼此重疊 overlapping alternatives {overlap} in `{shown}`")
        previous = branch[-2] if len(branch) > 1 else None
        if previous is not None and previous.flexible and previous.atom == element.atom:
            raise _Unsafe(f"相同的重複連續出現 adjacent repetitions of `{element.atom}`")
    if maximum == UNBOUNDED or maximum > max(minimum, 1):
        element.flexible = True
    element.optional = element.optional or minimum == 0
    element.repeated = True
    element.text += quant


def _overlapping(branches: list[str | None]) -> str | None:
    """Two alternatives a repetition could split the same text between, shown as 'a' / 'aa'."""
    literals = [b for b in branches if b is not None]
    if len(branches) > 1 and "" in literals:
        return "'' (空白選項 empty alternative)"
    for i, first in enumerate(literals):
        for second in literals[i + 1 :]:
            short, long = sorted((first, second), key=len)
            if short and len(long) % len(short) == 0 and short * (len(long) // len(short)) == long:
                return f"'{short}' / '{long}'"
    return None


def _atom(pattern: str, i: int) -> tuple[int, _Element]:
    """Read one atom (character, escape, class or dot) at i."""
    ch = pattern[i]
    if ch == "\\":
        end = _escape_end(pattern, i)
        text = pattern[i:end]
        literal = text[1] if len(text) == 2 and not text[1].isalnum() else None
        return end, _Element(text=text, literal=literal, atom=text, optional=text in ZERO_WIDTH)
    if ch == "[":
        end = _class_end(pattern, i)
        return end, _Element(text=pattern[i:end], atom=pattern[i:end])
    if ch in ".^$":
        return i + 1, _Element(text=ch, atom=ch, optional=ch != ".")
    return i + 1, _Element(text=ch, literal=ch, atom=ch)


def _escape_end(pattern: str, i: int) -> int:
    """The position after an escape: \\d, \\., \\p{Han}, \\x{4e00}, \\pN."""
    if i + 1 >= len(pattern):
        return i + 1
    if pattern[i + 1] in "pPx" and pattern.startswith("{", i + 2):
        close = pattern.find("}", i + 2)
        return close + 1 if close != -1 else len(pattern)
    if pattern[i + 1] in "pP":
        return min(i + 3, len(pattern))
    return i + 2


def _class_end(pattern: str, i: int) -> int:
    """The position after a character class, allowing ']' first and [:alpha:] inside."""
    j = i + 1
    if pattern.startswith("^", j):
        j += 1
    if pattern.startswith("]", j):
        j += 1
    while j < len(pattern):
        if pattern[j] == "\\":
            j += 2
        elif pattern.startswith("[:", j):
            close = pattern.find(":]", j + 2)
            j = close + 2 if close != -1 else j + 1
        elif pattern[j] == "]":
            return j + 1
        else:
            j += 1
    return len(pattern)
