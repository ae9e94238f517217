"""Typed spans of a prepared text: how often something is sent, and a send pattern made of several parts."""

from __future__ import annotations

from dataclasses import dataclass

from bot.understanding.cues import (
    EVERY_N_DAYS,
    EVERY_N_MONTHS,
    EVERY_N_WEEKS,
    FORTNIGHT,
    FRIENDS_AFTER,
    GIVE_TO,
    HALF_YEAR,
    PART_ALTERNATIVES,
    PART_BREAK,
    PERIODS,
    QUARTER,
    SEASONS,
    SENDS,
    TIMES_AFTER,
    YEAR_COUNT,
)


@dataclass(frozen=True)
class Frequency:
    """`sends` sends every `period` (a period pricing knows: day, week, fortnight, month, quarter, year)."""

    sends: int
    period: str


@dataclass(frozen=True)
class Part:
    """One piece of a send pattern: `sends` per `period`, to `friends` (None: the merchant's friends)."""

    sends: int
    period: str
    friends: int | None


def _times_after(text: str, end: int) -> int:
    """「兩週推1次」: the count that follows a period word, else one send."""
    m = TIMES_AFTER.match(text, end)
    return int(m.group(1)) if m else 1


def _every_n(n: int, per_month: float, per_year: int) -> Frequency:
    """Every N units as a whole number of sends a month when it is one, else sends a year."""
    if per_month == int(per_month) and per_month >= 1:
        return Frequency(int(per_month), "month")
    return Frequency(max(1, round(per_year / n)), "year")


def frequency(text: str) -> Frequency | None:
    """A frequency plain 'N times a month/week/day' does not cover: fortnights, every N units, quarters, years."""
    m = FORTNIGHT.search(text)
    if m:
        return Frequency(_times_after(text, m.end()), "fortnight")
    m = EVERY_N_DAYS.search(text)
    if m and int(m.group(1) or m.group(2)) >= 2:
        n = int(m.group(1) or m.group(2))
        return _every_n(n, 30 / n, 365)
    m = EVERY_N_WEEKS.search(text)
    if m and int(m.group(1) or m.group(2)) >= 3:
        n = int(m.group(1) or m.group(2))
        return _every_n(n, 4 / n, 52)
    m = EVERY_N_MONTHS.search(text)
    if m:
        n = 2 if not (m.group(1) or m.group(2)) else int(m.group(1) or m.group(2))
        return Frequency(1, "quarter") if n == 3 else _every_n(n, 1 / n if n > 1 else 1, 12)
    if HALF_YEAR.search(text):
        return Frequency(2, "year")
    m = QUARTER.search(text)
    if m:
        return Frequency(_times_after(text, m.end()), "quarter")
    m = YEAR_COUNT.search(text)
    if m:
        return Frequency(int(m.group(1) or m.group(2)), "year")
    return None


def _period_in(clause: str) -> str | None:
    """The plain period word of a clause, if any."""
    for period, pattern in PERIODS:
        if pattern.search(clause):
            return period
    return None


def _part(clause: str, period: str) -> Part | None:
    """The sends (and audience) one clause states."""
    special = frequency(clause)
    sends = SENDS.search(clause)
    if special is None and sends is None:
        return None
    audience = FRIENDS_AFTER.search(clause) or GIVE_TO.search(clause)
    friends = int(audience.group(1)) if audience else None
    if special is not None:
        return Part(special.sends, special.period, friends)
    assert sends is not None
    return Part(int(sends.group(1)), _period_in(clause) or period, friends)


def parts(text: str) -> list[Part]:
    """Several sends in one pattern (「每月1次提醒、1次優惠」, a weekly send plus a monthly one to 200 people).

    Empty when the text states one send pattern (restated or broken down), or alternatives and seasons.
    """
    if PART_ALTERNATIVES.search(text) or SEASONS.search(text):
        return []
    found: list[Part] = []
    period = "month"
    for clause in PART_BREAK.split(text):
        part = _part(clause, period)
        if part is not None:
            found.append(part)
            period = part.period
    if len(found) < 2 or _restated(found):
        return []
    if _broken_down(found, text):
        audiences = found[1:]
        return audiences if len(audiences) >= 2 and all(p.friends for p in audiences) else []
    return found


PER_MONTH = {"day": 30.0, "week": 4.0, "fortnight": 2.0, "month": 1.0, "quarter": 1 / 3, "year": 1 / 12}


def _restated(found: list[Part]) -> bool:
    """「每週1次，一個月4次」: the same rate said twice in different periods, to the same people."""
    rates = {round(p.sends * PER_MONTH[p.period], 6) for p in found}
    return len(rates) == 1 and len({p.period for p in found}) > 1 and len({p.friends for p in found}) == 1


def _broken_down(found: list[Part], text: str) -> bool:
    """「每月2次，1次月初1次月中」: the first count is the total that the later counts break down."""
    first = found[0]
    counts = [int(m.group(1)) for m in SENDS.finditer(text)][1:]
    return first.friends is None and len(counts) >= 2 and sum(counts) == first.sends
