"""Numbers as merchants type them: 兩千, 一萬兩千, 1.2萬, 3k, 2,500, ２０００."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

import cn2an

THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
NUMERAL_CHARS = "零〇一二兩两三四五六七八九十百千萬万"
# Digits mixed with Chinese magnitudes: 1.2萬, 3千5, 1萬2千, 一千八 stays for cn2an's transform.
MIXED = re.compile(rf"\d+(?:\.\d+)?\s?[{NUMERAL_CHARS}\d]*[百千萬万][{NUMERAL_CHARS}\d]*")
LETTER_MAGNITUDE = re.compile(r"(\d+(?:\.\d+)?)\s*(k|w)(?![a-z])", re.IGNORECASE)
FACTORS = {"w": 10000, "k": 1000}
ENGLISH = {"every single": "every", "once": "1 times", "twice": "2 times", "thrice": "3 times", "a single": "1", "single": "1", "one": "1", "two": "2", "three": "3",
           "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10"}
# "once you pass 50,000": once as a conjunction is no count of sends.
CONJUNCTION = r"(?!\s+(?:you|we|i|it|they|the|that|this|my|our)\b)"
ENGLISH_WORDS = tuple((re.compile(rf"\b{word}\b{CONJUNCTION if word == 'once' else ''}"), digits)
                      for word, digits in ENGLISH.items())
ANY_ENGLISH_WORD = re.compile(r"\b(?:" + "|".join(ENGLISH) + r")\b")  # cheap test before the word-by-word pass
# Words that contain 一 but are no number; cn2an would turn 一樣 into 1樣.
IDIOMS = ("一樣", "一起", "一下", "一直", "一般", "一定", "一些", "一點", "統一", "一律", "一旦", "一切", "一堆", "一共",
          "唯一", "一致", "用兩", "用两", "一半", "萬一", "一邊", "比一比", "看一看", "一覽", "一併", "一口氣", "一部分", "同一",
          "第一", "一開始", "逐一", "一一")
PLACEHOLDER = "\ue000"
# No count a merchant means runs past 15 digits or 20 numeral characters; longer runs are dropped before the
# number patterns and cn2an see them, whose work on such runs grows far faster than the text.
LONG_DIGITS = re.compile(r"\d{16,}")
LONG_NUMERALS = re.compile(rf"[{NUMERAL_CHARS}]{{21,}}")
DIGIT_THEN_NUMERAL = re.compile(r"(\d)(?=[零〇一二兩两三四五六七八九十])")
# 兩三次, 三四千: a range of two neighbouring numerals; the larger one is the safe estimate.
NUMERAL_VALUE = {"一": 1, "二": 2, "兩": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
RANGE = re.compile(r"(?<![十百千萬万\d])([一二兩两三四五六七八])([二三四五六七八九])(?=[次則人個位千百萬万回檔])")
# The characters cn2an.transform reads (its numerals and units, 廿, and 半 before a measure word): text
# without any of them comes back unchanged, so it is not handed over at all.
CN2AN_CHARS = frozenset("零〇一壹幺二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿萬億貳兩參陸廿半")


def _quiet(fn: Callable[..., Any], *args: Any) -> Any:
    """Call a cn2an function without its warnings; None when it cannot read the text."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn(*args)
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            return None


def _whole(value: Decimal) -> str:
    """A Decimal as digits, without a trailing .0."""
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())


def _mixed(match: re.Match[str]) -> str:
    """Read 1.2萬 / 3千5 / 1萬2千 as one number."""
    value = _quiet(cn2an.cn2an, match.group(0).replace(" ", ""), "smart")
    return match.group(0) if value is None else _whole(Decimal(str(value)))


def _upper(match: re.Match[str]) -> str:
    """Keep the larger numeral of a range like 兩三 when they are neighbours."""
    low, high = NUMERAL_VALUE[match.group(1)], NUMERAL_VALUE[match.group(2)]
    return match.group(2) if high == low + 1 else match.group(0)


def _letter(match: re.Match[str]) -> str:
    """Read 3k / 1.5w as one number."""
    try:
        return _whole(Decimal(match.group(1)) * FACTORS[match.group(2).lower()])
    except InvalidOperation:
        return match.group(0)


def _drop_long_runs(text: str) -> str:
    """Blank out digit and numeral runs too long to be a count (linear-time patterns, no backtracking)."""
    return LONG_NUMERALS.sub(" ", LONG_DIGITS.sub(" ", text))

# 「1.2萬一季」「兩千一個月」: 一 before a period after a magnitude is one period, not the number's last digit.
ONE_PERIOD = re.compile(r"(?<=[百千萬万])(?=一\s*(?:季|年|週|周|星期|禮拜|個?月|天|次))")


def arabic(text: str) -> str:
    """Every number in the text as plain digits (normalised text in, same text with digits out)."""
    text = ONE_PERIOD.sub(" ", _drop_long_runs(THOUSANDS.sub("", text)))
    if ANY_ENGLISH_WORD.search(text):
        for word, digits in ENGLISH_WORDS:
            text = word.sub(digits, text)
    text = RANGE.sub(_upper, text)
    text = LETTER_MAGNITUDE.sub(_letter, MIXED.sub(_mixed, text))
    text = _drop_long_runs(DIGIT_THEN_NUMERAL.sub(r"\1 ", text))
    kept = [idiom for idiom in IDIOMS if idiom in text]
    for i, idiom in enumerate(kept):
        text = text.replace(idiom, PLACEHOLDER + chr(0xE100 + i))
    if not CN2AN_CHARS.isdisjoint(text):
        converted = _quiet(cn2an.transform, text, "cn2an")
        text = converted if isinstance(converted, str) else text
    for i, idiom in enumerate(kept):
        text = text.replace(PLACEHOLDER + chr(0xE100 + i), idiom)
    text = MIXED.sub(_mixed, THOUSANDS.sub("", text))
    return LETTER_MAGNITUDE.sub(_letter, text)
