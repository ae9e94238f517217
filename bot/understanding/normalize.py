"""One normal form for merchant text: half-width, Traditional, lower-case, single spaces."""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc

# Mainland words whose plain character conversion is not what a Taiwanese merchant would write.
MAINLAND_WORDS = {
    "信息": "訊息",
    "消息": "訊息",
    "訊息數": "訊息數",
    "消息數": "訊息數",
    "短信": "簡訊",
    "粉絲數": "好友數",
    "套餐": "方案",
    "群發消息": "群發訊息",
    "默認": "預設",
    "賬號": "帳號",
    "賬戶": "帳戶",
    "週": "週",
    "周": "週",
    "禮拜": "週",
    "星期": "週",
    "臺": "台",
    "回復": "回覆",  # 回复 by character is 回復 (to restore); merchants mean a reply
    "劃算": "划算",
    "拉黑": "封鎖",  # 把我拉黑 is blocking the account  # the character table writes 划 as 劃; Taiwan writes 划算
    "ㄉ": "的",
    "ㄇ": "嗎",
    "ㄚ": "啊",
    "ㄋ": "呢",
}
# Financial numerals (大寫數字) are read as numerals only beside another numeral, a digit or a unit, so
# 參考, 陸續 and 隊伍 keep their meaning while 參仟 and 壹萬伍仟元 become 三千 and 一萬五千元.
FINANCIAL = {"壹": "一", "貳": "二", "參": "三", "肆": "四", "伍": "五", "陸": "六", "柒": "七", "捌": "八", "玖": "九",
             "拾": "十", "佰": "百", "仟": "千"}
NUMERAL_NEIGHBOUR = "壹貳參肆伍陸柒捌玖拾佰仟零一二三四五六七八九十百千萬億元圓則次人位個0-9"
_FIN = "".join(FINANCIAL)
FINANCIAL_NUMERAL = re.compile(rf"[{_FIN}](?=[{NUMERAL_NEIGHBOUR}])|(?<=[{NUMERAL_NEIGHBOUR}])[{_FIN}]")
SPACES = re.compile(r"\s+")
# 「6 萬 5」: a number typed with spaces around its magnitude.
SPACED_MAGNITUDE = re.compile(r"(?<=[\d一二兩三四五六七八九十])\s+(?=[萬万千])|"
                              r"(?<=[萬万千])\s+(?=[\d一二兩三四五六七八九](?![\d,]*\s*(?:人|次|則|元)))")
COUNT_WORD = re.compile(r"(?<=[\d幾多少萬千百])\s*條")
# 「800塊」「三千塊錢」 are NT$; 「區塊」 (a rich menu's tap areas) is no money.
MONEY_WORD = re.compile(r"(?<=[\d一二兩三四五六七八九十百千萬])\s*塊錢?")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    """Simplified to Taiwan-standard Traditional characters, without phrase rewriting.

    OpenCC's own s2tw also loads its phrase dictionary, 40 MB in every worker, to choose between 頭髮 and
    頭發; keywords about messages and plans need characters only, so a character-level chain of the same
    OpenCC dictionaries is written once to a temporary config (OpenCC reads configs only from files).
    """
    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    config = {"name": "s2tw, characters only",
              "segmentation": {"type": "mmseg", "dict": {"type": "ocd2", "file": str(share / "STCharacters.ocd2")}},
              "conversion_chain": [{"dict": {"type": "ocd2", "file": str(share / name)}}
                                   for name in ("STCharacters.ocd2", "TWVariants.ocd2")]}
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="opencc-", delete=False) as handle:
        json.dump(config, handle)
    try:
        return opencc.OpenCC(handle.name)
    finally:
        os.unlink(handle.name)


def strip_symbols(text: str) -> str:
    """Drop emoji and pictographs, which carry no number or keyword."""
    return "".join(" " if unicodedata.category(ch) in ("So", "Sk", "Cs", "Co") else ch for ch in text)


def normalize(text: str) -> str:
    """Normalise merchant text for parsing and keyword matching."""
    text = unicodedata.normalize("NFKC", text or "")
    text = strip_symbols(text)
    text = _converter().convert(text)
    text = FINANCIAL_NUMERAL.sub(lambda m: FINANCIAL[m.group()], text)
    for mainland, taiwan in MAINLAND_WORDS.items():
        text = text.replace(mainland, taiwan)
    text = MONEY_WORD.sub("元", COUNT_WORD.sub("則", text))
    text = text.replace("\u3000", " ").casefold()
    return SPACES.sub(" ", SPACED_MAGNITUDE.sub("", text)).strip()
