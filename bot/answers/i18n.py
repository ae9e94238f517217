"""Words and numbers for merchants: Babel catalogs under locales/, NT$ money, 則 counts, dates."""

from __future__ import annotations

import contextvars
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from functools import cache
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

from babel.core import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import NumberPattern, format_decimal, parse_pattern

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
DEFAULT_LOCALE = "zh_Hant_TW"
SUPPORTED = ("zh_Hant_TW", "en")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("locale", default=DEFAULT_LOCALE)
# Figures are written the English way in both locales; the locale and the patterns are parsed once, not per figure.
FIGURES = Locale.parse("en")
WHOLE: NumberPattern = parse_pattern("#,##0")
CENTS: NumberPattern = parse_pattern("#,##0.00##")
FRACTION: NumberPattern = parse_pattern("#,##0.####")


def resolve_locale(tag: str | None) -> str:
    """Map a LINE language tag (zh-TW, zh-Hant, en-US, ja) to a catalog we ship."""
    if not tag:
        return DEFAULT_LOCALE
    language = tag.replace("-", "_").split("_")[0].lower()
    return "en" if language == "en" else DEFAULT_LOCALE


@cache
def translations(locale: str) -> NullTranslations:
    """The catalog for a locale, compiled from its .po file in memory at first use."""
    po = LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=Locale.parse(locale))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return GNUTranslations(buffer)


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    """Speak a locale inside the block."""
    token = _current.set(locale if locale in SUPPORTED else DEFAULT_LOCALE)
    try:
        yield
    finally:
        _current.reset(token)


def current_locale() -> str:
    """The locale being spoken."""
    return _current.get()


def _(msgid: str, **values: object) -> str:
    """Translate a message and fill its named placeholders."""
    text = translations(current_locale()).gettext(msgid)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
    """Translate a message that depends on a count."""
    text = translations(current_locale()).ngettext(singular, plural, n)
    return text % {"n": n, **values}


def _whole(n: int | Decimal) -> str:
    """#,##0 as Babel writes it: a whole int or Decimal through Python's own grouping, -0 and the rest by Babel."""
    if type(n) is int or (isinstance(n, Decimal) and n.is_finite() and n == n.to_integral_value()
                          and not (n.is_zero() and n.is_signed())):
        return f"{int(n):,}"
    return format_decimal(n, format=WHOLE, locale=FIGURES)


def money(amount: Decimal) -> str:
    """NT$1,400 / NT$0.2 / NT$8,122.80: thousands separators, cents only when there are any."""
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return "NT$" + _whole(amount)
    pattern = FRACTION if abs(amount) < 1 else CENTS
    return "NT$" + format_decimal(amount.normalize(), format=pattern, locale=FIGURES)


def count(n: int) -> str:
    """3,000 則 / 3,000 messages."""
    return ngettext("%(num)s message", "%(num)s messages", n, num=_whole(n))


def number(n: int | Decimal) -> str:
    """A plain number with thousands separators."""
    return f"{n:,}" if type(n) is int else format_decimal(n, format=FRACTION, locale=FIGURES)


def day(d: date) -> str:
    """2026年12月1日 / December 1, 2026."""
    if current_locale() == "en":
        return format_date(d, format="long", locale=FIGURES)
    return f"{d.year}年{d.month}月{d.day}日"


def month_name(d: date) -> str:
    """2026年11月 / November 2026."""
    if current_locale() == "en":
        return format_date(d, format="MMMM y", locale=FIGURES)
    return f"{d.year}年{d.month}月"


def month_day(d: date) -> str:
    """11月25日 / Nov 25: a day in a sentence that already names its year."""
    if current_locale() == "en":
        return format_date(d, format="MMM d", locale=FIGURES)
    return f"{d.month}月{d.day}日"


def short_day(d: date) -> str:
    """12/1 style (both locales)."""
    return f"{d.month}/{d.day}"


def sentence_gap() -> str:
    """What goes between two sentences: a space in English, nothing in Chinese."""
    return " " if current_locale() == "en" else ""


def separator_word() -> str:
    """The list separator of the locale: 「；」 or "; "."""
    return "; " if current_locale() == "en" else "；"


def slash(d: date) -> str:
    """2026/11/1: how price-list dates are written in both locales."""
    return f"{d.year}/{d.month}/{d.day}"


def as_of(effective_from: date) -> str:
    """The price list's date as merchants read it: 2026/11/1 起."""
    return _("Prices from %(date)s", date=slash(effective_from))
