"""Links into the calculator (/calculator?friends=…&sends=…&period=…&share=…), written and read in one place.

Pure (no Flask), so the answers room can link its estimate card to the figures it just quoted. The messages
for merchants go through the catalogs (bot.answers.i18n) in the locale in use when the query is read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from bot.answers.i18n import _

PAGE_PATH = "/calculator"
LIFF_ORIGIN = "https://liff.line.me/"
PERIODS = ("month", "week", "day")
MAX_DIGITS = 13  # 10**12, the pricing room's ceiling, has 13 digits; longer input is refused before int()
WHOLE = re.compile(r"^\d+$")
SEPARATORS = re.compile(r"[,\s_]")


@dataclass(frozen=True)
class CalculatorQuery:
    """What the calculator is asked: friends, sends per period, and the share of friends targeted (%)."""

    friends: int
    sends: int
    period: str = "month"
    share: int = 100

    def __post_init__(self) -> None:
        """Refuse values no link should carry (the pricing room checks the sizes)."""
        for name in ("friends", "sends", "share"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a non-negative int, got {value!r}")
        if self.period not in PERIODS:
            raise ValueError(f"period must be one of {PERIODS}, got {self.period!r}")
        if not 1 <= self.share <= 100:
            raise ValueError(f"share must be 1 to 100 (%), got {self.share}")

    def params(self) -> dict[str, str]:
        """The query string's fields, in the order the form shows them."""
        return {"friends": str(self.friends), "sends": str(self.sends), "period": self.period,
                "share": str(self.share)}


DEFAULT_QUERY = CalculatorQuery(friends=1000, sends=4, period="month", share=100)


def calculator_url(base: str, friends: int, sends: int, period: str, share: int = 100) -> str:
    """The calculator with these figures filled in; base is the bot's public root or a LIFF URL.

    "https://bot.example.tw" → "https://bot.example.tw/calculator?friends=…"; a LIFF URL
    ("https://liff.line.me/<id>", whose endpoint is /calculator) only gets the query.
    """
    query = CalculatorQuery(friends, sends, period, share)
    return f"{calculator_page(base)}?{urlencode(query.params())}"


def calculator_page(base: str) -> str:
    """The calculator page itself: a LIFF URL as it is (its endpoint is the page), else <base>/calculator."""
    root = base.rstrip("/")
    return root if root.startswith(LIFF_ORIGIN) or root.endswith(PAGE_PATH) else root + PAGE_PATH


class BadQuery(ValueError):
    """A query the calculator refuses, with the field and a message for the merchant."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def N_(msgid: str) -> str:
    """Mark a msgid for extraction; it is translated where it is shown."""
    return msgid


FIELD_NAMES = {"friends": N_("Number of friends"), "sends": N_("Number of sends"), "share": N_("Target share")}
SHARE_RANGE = (1, 100)
EXAMPLE_FRIENDS = "2000"


def read_query(args: Mapping[str, str], default: CalculatorQuery = DEFAULT_QUERY) -> CalculatorQuery:
    """Read the calculator's query string; a missing field takes the default, a bad one raises BadQuery."""
    friends = _whole(args, "friends", default.friends)
    sends = _whole(args, "sends", default.sends)
    period = (args.get("period") or default.period).strip().lower()
    if period not in PERIODS:
        raise BadQuery("period", _("Choose how often you send: every month, every week or every day."))
    share = _whole(args, "share", default.share, allow_percent=True)
    low, high = SHARE_RANGE
    if not low <= share <= high:
        raise BadQuery("share", _("Target share: enter a whole number from %(low)s to %(high)s (%%).", low=low,
                                  high=high))
    return CalculatorQuery(friends, sends, period, share)


def _whole(args: Mapping[str, str], name: str, default: int, allow_percent: bool = False) -> int:
    """One whole-number field: full-width digits and thousands separators are read, anything else refused."""
    raw = args.get(name)
    if raw is None:
        return default
    text = SEPARATORS.sub("", unicodedata.normalize("NFKC", raw))
    if allow_percent:
        text = text.removesuffix("%")
    label = _(FIELD_NAMES[name])
    if not text:
        raise BadQuery(name, _("%(field)s: please enter a number.", field=label))
    if text.startswith("-") and WHOLE.match(text[1:]):
        raise BadQuery(name, _("%(field)s can't be negative.", field=label))
    if not WHOLE.match(text):
        raise BadQuery(name, _("%(field)s: enter a whole number, for example %(example)s.", field=label,
                               example=EXAMPLE_FRIENDS))
    if len(text.lstrip("0")) > MAX_DIGITS:
        raise BadQuery(name, _("%(field)s is too large for any real account; please check it.", field=label))
    return int(text)
