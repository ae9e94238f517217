"""Dates as merchants write them: 9/29, 9月29日, 下個月1號, 月中, 2026年11月24日, Nov 16."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from bot.pricing.changes import first_of_next_month

MONTHS_EN = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m
}
FULL = re.compile(r"(20\d\d)\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*[日號号]?")
YEAR_MONTH = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月(份)?\s*(以前|之前|前)?")
MONTH_DAY = re.compile(r"(?<![\d.佔占])(\d{1,2})\s*(?:/|月)\s*(\d{1,2})(?![\d.])\s*[日號号]?")  # 「佔1/5」 is a share
NEXT_MONTH_DAY = re.compile(r"下(?:個)?月\s*(\d{1,2})\s*[日號号]")
THIS_MONTH_DAY = re.compile(r"(?:這個?月|本月)\s*(\d{1,2})\s*[日號号]")
LAST_MONTH_DAY = re.compile(r"上(?:個)?月\s*(\d{1,2})\s*[日號号]")
EN_MONTH_YEAR = re.compile(r"\b([a-z]{3,9})\.?\s+(20\d\d)\b")
EN_MONTH_DAY_YEAR = re.compile(r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(20\d\d)\b")
EN_MONTH_DAY = re.compile(r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b")
EN_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\b")
BEFORE_EN = re.compile(r"before\s+([a-z]{3,9})\s+(20\d\d)")
RELATIVE = {"今天": 0, "today": 0, "今晚": 0, "tonight": 0, "明天": 1, "tomorrow": 1, "後天": 2}


def _safe(year: int, month: int, day: int) -> date | None:
    """A real date or None (31 February is no date)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


RECENT_PAST = timedelta(days=45)  # "a few weeks back": a day that has passed, not next year's


def upcoming(month: int, day: int, today: date) -> date | None:
    """A month/day without a year, as a merchant means it.

    A day up to about six weeks back is that recent day (it has passed); any other is its next
    occurrence, today included.
    """
    candidates = [d for year in range(today.year - 1, today.year + 5) if (d := _safe(year, month, day))]
    recent = [d for d in candidates if today - RECENT_PAST <= d < today]
    if recent:
        return recent[-1]
    return next((d for d in candidates if d >= today), None)


def last_occurrence(month: int, day: int, today: date) -> date | None:
    """A month/day already seen (a charge on the card): this year's if it is not after today, else last year's."""
    this_year = _safe(today.year, month, day)
    if this_year is None or this_year <= today:
        return this_year
    return _safe(today.year - 1, month, day)


def find_date(text: str, today: date) -> date | None:
    """The first date the (normalised, arabic-numbered) text names, resolved against today."""
    for finder in (_full, _year_part, _year_month, _next_month, _this_month, _month_day, _english, _named, _day_only):
        found = finder(text, today)
        if found is not None:
            return found
    return None


def _full(text: str, today: date) -> date | None:
    m = FULL.search(text)
    return _safe(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


YEAR_PART = re.compile(r"(20\d\d)\s*年\s*(初|底|末)")
NEXT_MONTH = re.compile(r"下(?:個)?月(初|頭)?")
NEXT_MONTH_START = re.compile(r"下(?:個)?月(初|頭|開始|起)")


def _year_part(text: str, today: date) -> date | None:
    """2023年初 → 2023-01-01; 2023年底 → 2023-12-31."""
    m = YEAR_PART.search(text)
    if not m:
        return None
    return date(int(m.group(1)), 1, 1) if m.group(2) == "初" else date(int(m.group(1)), 12, 31)


def _year_month(text: str, today: date) -> date | None:
    """2023年9月 → 2023-09-01; 2023年9月以前 → 2023-08-31."""
    m = YEAR_MONTH.search(text)
    if not m:
        return None
    first = _safe(int(m.group(1)), int(m.group(2)), 1)
    if first is None:
        return None
    return first - timedelta(days=1) if m.group(4) else first


def _next_month(text: str, today: date) -> date | None:
    m = NEXT_MONTH_DAY.search(text)
    if m:
        nxt = first_of_next_month(today)
        return _safe(nxt.year, nxt.month, int(m.group(1)))
    if NEXT_MONTH.search(text) and NEXT_MONTH_START.search(text):
        return first_of_next_month(today)
    return None


def _this_month(text: str, today: date) -> date | None:
    m = THIS_MONTH_DAY.search(text)
    if m:
        return _safe(today.year, today.month, int(m.group(1)))
    m = LAST_MONTH_DAY.search(text)  # 「上個月10號」
    last = today.replace(day=1) - timedelta(days=1)
    return _safe(last.year, last.month, int(m.group(1))) if m else None


def _month_day(text: str, today: date) -> date | None:
    for m in MONTH_DAY.finditer(text):
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return upcoming(month, day, today)
    return None


def _english(text: str, today: date) -> date | None:
    m = EN_MONTH_DAY_YEAR.search(text)
    if m and m.group(1) in MONTHS_EN:
        return _safe(int(m.group(3)), MONTHS_EN[m.group(1)], int(m.group(2)))
    m = EN_MONTH_YEAR.search(text)
    if m and m.group(1) in MONTHS_EN and not BEFORE_EN.search(text):
        return date(int(m.group(2)), MONTHS_EN[m.group(1)], 1)
    m = BEFORE_EN.search(text)
    if m and m.group(1) in MONTHS_EN:
        return date(int(m.group(2)), MONTHS_EN[m.group(1)], 1) - timedelta(days=1)
    for pattern, month_group, day_group in ((EN_MONTH_DAY, 1, 2), (EN_DAY_MONTH, 2, 1)):
        for m in pattern.finditer(text):
            if m.group(month_group) in MONTHS_EN:
                return upcoming(MONTHS_EN[m.group(month_group)], int(m.group(day_group)), today)
    return None


DAY_ONLY = re.compile(r"\bthe (\d{1,2})(?:st|nd|rd|th)\b|(?<![\d/月.])(\d{1,2})\s*[號号](?![碼码])")


def _day_only(text: str, today: date) -> date | None:
    """'on the 20th' / 20號: the next such day from today (this month, else next month)."""
    m = DAY_ONLY.search(text)
    if not m:
        return None
    day = int(m.group(1) or m.group(2))
    if day >= today.day:
        return _safe(today.year, today.month, day)
    nxt = first_of_next_month(today)
    return _safe(nxt.year, nxt.month, day)


def _named(text: str, today: date) -> date | None:
    """月中, 月底, 今天, 明天, end of the month."""
    for word, offset in RELATIVE.items():
        if word in text:
            return today + timedelta(days=offset)
    if "月中" in text or "mid-month" in text or "middle of the month" in text:
        return today.replace(day=15)
    if "月底" in text or "月尾" in text or "end of the month" in text or "end of month" in text:
        return today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return None
