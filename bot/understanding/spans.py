"""Typed spans of a prepared text: how often something is sent, and a send pattern made of several parts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from bot.understanding.cues import (
    BLOCKED_AFTER,
    BLOCKED_WORDS,
    CLAIM_CUE,
    CLAIMED_FIGURE,
    CLAUSE_BREAK,
    DAYS_IN_MONTH,
    EACH_GROUP,
    EACH_SHOP,
    EACH_TIMES,
    EVERY_N_DAYS,
    EVERY_N_MONTHS,
    EVERY_N_WEEKS,
    FORTNIGHT,
    FRACTION_OF_PEOPLE,
    FREE_SENDS,
    FREE_TIMES,
    FRIENDS_AFTER,
    FRIENDS_BEFORE,
    GIVE_TO,
    GROUPS,
    HALF_YEAR,
    ITEMS_EACH,
    MESSAGES_SENT,
    MONTH_COUNT,
    MONTH_POINTS,
    MONTH_VOLUME,
    ORDINAL_WEEKDAYS,
    ORDINAL_WEEKS,
    PART_ALTERNATIVES,
    PART_BREAK,
    PER_GROUP,
    PER_PERIOD_COUNT,
    PERIODS,
    PLAN_NAMED,
    QUARTER,
    SEASON_BREAK,
    SEASON_MORE,
    SEASONS,
    SEGMENT_COUNT,
    SEGMENT_OF_TOTAL,
    SEGMENT_ONLY,
    SEGMENT_WORDS,
    SEND_DATES,
    SEND_VERB,
    SENDS,
    SHARE,
    SHARE_OF_SEGMENT,
    SHOP_AUDIENCE,
    SHOP_COUNT,
    TIMES_AFTER,
    TWICE_A_DAY,
    USAGE_CHECK,
    USAGE_CHECK_EN,
    USAGE_DOUBT,
    WEEKDAY,
    WEEKDAYS_IN_MONTH,
    WORKING_DAYS,
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
    messages: int | None = None  # 「預約提醒推播約600則」: a month's messages said outright, whatever the audience


def _times_after(text: str, end: int) -> int:
    """「兩週推1次」: the count that follows a period word, else one send."""
    m = TIMES_AFTER.match(text, end)
    return int(m.group(1)) if m else 1


def _every_n(n: int, per_month: float, per_year: int) -> Frequency:
    """Every N units as a whole number of sends a month when it is one, else sends a year."""
    if per_month == int(per_month) and per_month >= 1:
        return Frequency(int(per_month), "month")
    return Frequency(max(1, round(per_year / n)), "year")


def _every_days(m: re.Match[str]) -> int:
    """Days between sends: 「每3天」 is 3, 「每隔1天」「隔日」 "every other day" are 2."""
    n = int(m.group(1) or m.group(2) or 2)
    return 2 if n == 1 and m.group(0).startswith("每隔") else n


# 「每週一和週四」 "every Monday and Thursday" recur; "on Monday and again on Friday" may not.
EVERY_WEEK = re.compile(r"每\s*(?:個)?\s*(?:週|周|星期|禮拜)|\bevery\b|\beach\b|weekly|mondays|thursdays|fridays")
EN_WEEKDAY = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)days?\b")
WEEKDAY_RANGE = re.compile(r"(?:週|周|星期|禮拜)[1-7一二三四五六日天]\s*(?:到|至|~|～|-)|"
                           r"\b(?:mon|fri|sun)days? (?:to|through)\b")


@lru_cache(maxsize=256)  # a text's frequency is asked for its sends and again for its send pattern
def frequency(text: str) -> Frequency | None:
    """A frequency plain 'N times a month/week/day' does not cover: fortnights, every N units, quarters, years."""
    days, each = len(WEEKDAY.findall(text)), EACH_TIMES.search(text)
    of_month = _times_in_month(text, int(each.group(1)) if each else 1)
    if of_month is not None:
        return of_month
    if days >= 2 and each:
        return Frequency(days * int(each.group(1)), "week")  # 「每週一和週四各推一次」
    named = days or len(set(EN_WEEKDAY.findall(text)))
    if named >= 2 and not SENDS.search(text) and not WEEKDAY_RANGE.search(text):
        if EVERY_WEEK.search(text):
            return Frequency(named, "week")  # 「每週一和週四發」 "every Monday and Thursday": a send on each
        if re.search(r"\bagain\b|再", text):
            return Frequency(named, "month")  # "on Monday and again on Friday": those sends, this once
    items = ITEMS_EACH.search(text)
    if items and not days:  # 「看診提醒及衛教資訊各一次」: one send of each kind
        kinds = len(re.split(r"及|和|跟|與|、", items.group(1)))
        return Frequency(kinds * int(items.group(2)), _period_in(text) or "month")
    if WORKING_DAYS.search(text):
        return Frequency(5, "week")
    m = FORTNIGHT.search(text)
    if m:
        return Frequency(_times_after(text, m.end()), "fortnight")
    m = EVERY_N_DAYS.search(text)
    n = _every_days(m) if m else 0
    if n >= 2:
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


def _times_in_month(text: str, each: int) -> Frequency | None:
    """Sends on named days of the month: 「月初跟月中各一次」, 「第一個和第三個週六」, 「這個月有五個週一」."""
    points = set(MONTH_POINTS.findall(text))
    if len(points) >= 2 and EACH_TIMES.search(text):
        return Frequency(len(points) * each, "month")
    ordinals = ORDINAL_WEEKDAYS.search(text) or ORDINAL_WEEKS.search(text)
    if ordinals:
        return Frequency(len(re.findall(r"第", ordinals.group(1))) * each, "month")
    fifth = WEEKDAYS_IN_MONTH.search(text)
    if fifth:
        return Frequency(int(fifth.group(1)), "month")
    dates = len(SEND_DATES.findall(text))
    if dates >= 2 and SEND_VERB.search(text):
        return Frequency(dates + (1 if TWICE_A_DAY.search(text) else 0), "month")
    return None


def _period_in(clause: str) -> str | None:
    """The plain period word of a clause, if any (a 週年慶 is an anniversary, not a week)."""
    clause = clause.replace("週年", "")
    for period, pattern in PERIODS:
        if pattern.search(clause):
            return period
    return None


SENDS_DONE = re.compile(r"前\s*\d+\s*次")
# 「每月生日祝福大概發150人」, or said from the other side: 「當月壽星大概120人會收到生日券」.
SEND_TO_COUNT = re.compile(r"(?:發|推|傳|寄)(?:給)?\s*(?:全體|全部|所有|新客|舊客|熟客|會員|vip)?\s*"
                           r"(?:大約|約|大概)?\s*(\d+)\s*(?:人|位)|(\d+)\s*(?:人|位)\s*會?\s*收到")
FEW_MESSAGES = 10  # 「發一則給2400人」: a handful of 則 to an audience are sends, not the month's messages


DATED_SEND = re.compile(r"(?<![\d/])(?:[1-9]|[12]\d|3[01])\s*[號日]\s*(?:再|會|要)?\s*(?:發|推|傳|群發|推播)")


PLACED_FRIENDS = re.compile(r"([\u4e00-\u9fff]{2})好友\s*(\d+)")
NOT_A_PLACE = ("全部", "所有", "目前", "現在", "總共", "我們", "官方", "帳號", "我的", "總的", "大概", "大約")


def _placed_friends(clause: str) -> int | None:
    """「台中好友200每月1次」: the friends of a place or shop named in the clause, its own audience."""
    m = PLACED_FRIENDS.search(clause)
    if m is None or m.group(1) in NOT_A_PLACE or m.group(1)[-1] in "的總部":
        return None
    return int(m.group(2))


ONCE_EVERY = re.compile(r"每(週|周|星期|天|日)\s*(?:都|會|固定)?\s*(?:推播|群發|發送)(?!\s*\d)")
ONCE_PERIODS = {"週": "week", "周": "week", "星期": "week", "天": "day", "日": "day"}


def _part(clause: str, period: str, free_nearby: bool = False) -> Part | None:
    """The sends (and audience) one clause states."""
    if SENDS_DONE.search(clause) or FREE_TIMES.search(clause):  # 「前兩次已經發完」, 「選單被點了2000次」
        return None
    special = frequency(clause)
    sends = SENDS.search(clause)
    sent_to = SEND_TO_COUNT.search(clause)
    dated = DATED_SEND.search(clause)  # 「10號發新客400人」: one send on a day of the month
    if special is None and sends is None and sent_to and (_period_in(clause) or dated) \
            and not FREE_SENDS.search(clause):
        return Part(1, _period_in(clause) or period, int(sent_to.group(1) or sent_to.group(2)))
    once = ONCE_EVERY.search(clause) if special is None and sends is None else None
    audience = FRIENDS_AFTER.search(clause) or GIVE_TO.search(clause)
    if once and audience and not FREE_SENDS.search(clause) and not MESSAGES_SENT.search(clause):
        return Part(1, ONCE_PERIODS[once.group(1)], int(audience.group(1)))  # 「VIP 300人每週推播」: once a week
    if special is None and sends is None:
        said = MESSAGES_SENT.search(clause) or PER_PERIOD_COUNT.search(clause) or MONTH_COUNT.search(clause)
        if not said or PLAN_NAMED.search(clause) or FREE_SENDS.search(clause):
            return None
        if free_nearby and not SEND_VERB.search(clause):  # 「用reply回覆預約查詢，大概每天60則」: free replies
            return None
        count = int(next(g for g in said.groups() if g and g.isdigit()))
        audience = FRIENDS_AFTER.search(clause) or GIVE_TO.search(clause)
        if audience and count <= FEW_MESSAGES and int(audience.group(1)) > count:  # 「發一則優惠給全部好友2400人」
            return Part(count, _period_in(clause) or period, int(audience.group(1)))
        days = DAYS_IN_MONTH.search(clause)
        if days:  # 「每個工作天40則（一個月算22天）」
            return Part(1, "month", None, count * int(days.group(1)))
        return Part(1, _period_in(clause) or period, None, count)
    audience = FRIENDS_AFTER.search(clause) or GIVE_TO.search(clause)
    friends = int(audience.group(1)) if audience else _placed_friends(clause)
    if special is not None:
        return Part(special.sends, special.period, friends)
    assert sends is not None
    return Part(int(sends.group(1)), _period_in(clause) or period, friends)


# 「發給全部 2600 個好友」「只發給當月要回診的大概 300 人」: who a send goes to, a few words after 給.
TOLD_AUDIENCE = re.compile(r"給[^\d,，。;；]{0,12}?(\d+)\s*(?:個|位|名)?\s*(?:人|好友|位|會員|客人)")


# 「A群 7000」: a lettered group of friends, sent to by the sends said next.
LETTERED_GROUP = re.compile(r"(?<![a-z])[a-z]\s*群組?\s*(?:有|約|大約|大概)?\s*(\d+)(?!\s*(?:次|則|元|%))")


def _told(clause: str) -> int | None:
    """The audience a clause with no send count of its own names for a send (「發給全部2600個好友」「A群 7000」)."""
    group = LETTERED_GROUP.search(clause)
    if group:
        return int(group.group(1))
    if not SEND_VERB.search(clause):
        return None
    told = GIVE_TO.search(clause) or TOLD_AUDIENCE.search(clause)
    return int(told.group(1)) if told else None


def parts(text: str) -> list[Part]:
    """Several sends in one pattern (「每月1次提醒、1次優惠」, a weekly send plus a monthly one to 200 people).

    Empty when the text states one send pattern (restated or broken down), or alternatives and seasons.
    """
    if PART_ALTERNATIVES.search(text) or SEASONS.search(text):
        return []
    found: list[Part] = []
    period = "month"
    free_nearby = bool(FREE_SENDS.search(text))
    waiting: int | None = None  # 「給大約500位會員發預約提醒，每人每月2次」: the audience comes a clause early
    just_found = False
    for clause in PART_BREAK.split(text):
        part = _part(clause, period, free_nearby)
        if part is None:
            told = _told(clause)
            last = found[-1] if just_found else None
            if told is not None and last is not None and last.friends is None and last.messages is None:
                found[-1] = Part(last.sends, last.period, told)  # 「每月一次的回診提醒，只發給要回診的大概300人」
            else:
                waiting = told if told is not None else waiting
            just_found = False
            continue
        if part.friends is None and waiting is not None:
            part = Part(part.sends, part.period, waiting, part.messages)
        waiting, just_found = None, True
        found.append(part)
        period = part.period
    if len(found) < 2 or _restated(found):
        return []
    found = _each_shop(text, found)
    found = _one_of_them(found, text)
    if _broken_down(found, text):
        audiences = found[1:]
        return audiences if len(audiences) >= 2 and any(p.friends for p in audiences) else []  # 「1次發全部」: the rest
    return found


PER_MONTH = {"day": 30.0, "week": 4.0, "fortnight": 2.0, "month": 1.0, "quarter": 1 / 3, "year": 1 / 12}


def monthly_messages(slots: Mapping[str, Any]) -> int:
    """A question's messages a month: said outright, or friends × sends in their period (0 when unknown)."""
    if slots.get("messages"):
        return int(slots["messages"])
    if slots.get("friends") and slots.get("sends"):
        return int(int(slots["friends"]) * int(slots["sends"]) * PER_MONTH[str(slots.get("period") or "month")])
    return 0


def _restated(found: list[Part]) -> bool:
    """「每週1次，一個月4次」: the same rate said twice in different periods, to the same people."""
    if any(p.messages for p in found):
        return False
    rates = {round(p.sends * PER_MONTH[p.period], 6) for p in found}
    return len(rates) == 1 and len({p.period for p in found}) > 1 and len({p.friends for p in found}) == 1


ONE_OF_THEM = re.compile(r"其中\s*(?:[1一]|\d+)\s*次")


def _one_of_them(found: list[Part], text: str) -> list[Part]:
    """「每月群發2次 其中一次只發台北的1200人」: that send is one of the first count, not one more."""
    if len(found) != 2 or not ONE_OF_THEM.search(text):
        return found
    first, second = found
    if second.friends is None or first.period != second.period or second.sends >= first.sends:
        return found
    return [Part(first.sends - second.sends, first.period, first.friends, first.messages), second]


def _broken_down(found: list[Part], text: str) -> bool:
    """「每月2次，1次月初1次月中」: the first count is the total that the later counts break down."""
    first = found[0]
    counts = [int(m.group(1)) for m in SENDS.finditer(text)][1:]
    return first.friends is None and len(counts) >= 2 and sum(counts) == first.sends


@dataclass(frozen=True)
class Claim:
    """A figure the merchant heard about a plan: its monthly fee (NT$) or its free messages."""

    plan: str
    kind: str  # "fee" | "quota"
    value: int


def _is_money(m: re.Match[str]) -> bool:
    """A claimed figure written as money: NT$1,600, 1600元."""
    return bool(m.group(1)) or (m.group(3) or "") in ("元", "塊")


CHOOSING = re.compile(r"應該選|要選|該選|選哪|should (?:i|we) (?:pick|choose|go with)")
# 「加購前5萬則0.2、之後0.15」「第50001則開始」: an add-on tier's edge, not a plan's quota or fee.
TIER_EDGE = re.compile(r"前\s*\d|第\s*\d|\d\s*則?\s*(?:之後|以後|以上|開始|起)|\d\s*則\s*就|"
                       r"(?:超過|超出|after|over)\s*\d")


def _around(text: str, m: re.Match[str]) -> str:
    """A figure with the two characters on each side of it."""
    return text[max(0, m.start() - 3):m.end() + 4]


FRIENDS_LABEL = re.compile(r"(?:好友|粉絲|會員|friends?|followers?)\s*(?:數|人數)?\s*[:：]?\s*(?:約|大約|大概)?\s*$")


def claim(text: str, plans: list[str]) -> Claim | None:
    """「聽說高用量要四千」: one plan, one figure and a word of hearsay or doubt."""
    if len(set(plans)) != 1 or not CLAIM_CUE.search(text) or CHOOSING.search(text):
        return None  # 「那我2萬則應該選中用量吧」 picks a plan for a volume; nothing heard is claimed
    figures = [m for m in CLAIMED_FIGURE.finditer(text) if not TIER_EDGE.search(_around(text, m))
               and not FRIENDS_LABEL.search(text, max(0, m.start() - 6), m.start())]  # 「好友 5000」 counts people
    if not 1 <= len(figures) <= 2:
        return None
    money_first = sorted(figures, key=lambda m: not _is_money(m))  # 「1600元可以發25000則」
    value, unit = int(money_first[0].group(2)), money_first[0].group(3) or ""
    if len(figures) == 2 and not _is_money(money_first[0]):
        return None
    if _is_money(money_first[0]):
        return Claim(plans[0], "fee", value)
    return Claim(plans[0], "quota" if unit.startswith(("則", "message", "free")) else "fee", value)


# 「漲了25%」 "went up by NT$300": how much a price rose, as heard.
RISE = re.compile(r"(?:漲了|漲|調漲了?|went up by|went up|rose by|rose|increased by|increase of)\s*(?:約|大約|了)?\s*"
                  r"(?:nt\$|\$)?\s*(\d+(?:\.\d+)?)\s*(%|％|元|塊)?")


def rise_claim(text: str) -> tuple[str, str] | None:
    """A heard rise: ("pct", "25") or ("amount", "300"), when the text doubts or reports one."""
    m = RISE.search(text)
    if m is None or not CLAIM_CUE.search(text):
        return None
    return ("pct" if m.group(2) in ("%", "％") else "amount", m.group(1))


# 「高用量從4000元降到1200元」「輕用量從500則降到200則」: a change of one figure, from one value to another.
FROM_TO = re.compile(r"從\s*(\d+)\s*(元|則)?\s*(?:降到|降為|漲到|漲為|調到|調成|變成|變為|改成|到)\s*(\d+)\s*(元|則)?|"
                     r"from (?:nt\$)?(\d+) to (?:nt\$)?(\d+)")


def change_claim(text: str) -> tuple[str, int, int] | None:
    """A heard change of a fee or free-message count: ("fee"|"quota", from, to)."""
    m = FROM_TO.search(text)
    if m is None:
        return None
    if m.group(5):
        return ("fee", int(m.group(5)), int(m.group(6)))
    unit = m.group(2) or m.group(4) or ""
    return ("quota" if unit == "則" else "fee", int(m.group(1)), int(m.group(3)))


ADDON_PRICE = re.compile(r"(?<![\d.])(0\.\d{1,4})(?![\d.])")


def addon_price_claim(text: str) -> str | None:
    """「朋友說加購一則0.2」「聽說最便宜可以到一則0.011」: a per-message add-on price heard, as a decimal string."""
    if not CLAIM_CUE.search(text):
        return None
    found = ADDON_PRICE.findall(text)
    return found[-1] if len(set(found)) == 1 else None


def claims(text: str, positions: list[tuple[int, int, str]]) -> list[Claim]:
    """「輕用量800、中用量4000、高用量10000」: several plans, each with the figure heard after it."""
    if len({plan for _s, _e, plan in positions}) < 2 or not CLAIM_CUE.search(text):
        return []
    found = []
    for index, (_start, end, plan) in enumerate(positions):
        stop = positions[index + 1][0] if index + 1 < len(positions) else len(text)
        figure = CLAIMED_FIGURE.search(text, end, stop)
        if figure is not None:
            unit = figure.group(3) or ""
            found.append(Claim(plan, "quota" if unit.startswith(("則", "message")) else "fee", int(figure.group(2))))
    return found if len(found) >= 2 else []


@dataclass(frozen=True)
class UsageCheck:
    """「發了兩次就扣了6000則，正常嗎」: sends made and the messages they used, to be checked."""

    sends: int
    messages: int


def usage_check(text: str) -> UsageCheck | None:
    """Sends and the messages they used, when the merchant doubts the count."""
    m = USAGE_CHECK.search(text) or USAGE_CHECK_EN.search(text)
    if not m or not USAGE_DOUBT.search(text):
        return None
    sends, messages = (int(g) for g in m.groups() if g)
    return UsageCheck(sends, messages) if sends else None


def segment(text: str) -> int | None:
    """The size of the part of the friends a send goes to, when the text names a total and a smaller segment."""
    of_total = SEGMENT_OF_TOTAL.search(text)
    if of_total and SEGMENT_ONLY.search(text):  # "about 450 of my 6,000 friends"
        return int(of_total.group(1))
    if not SEGMENT_ONLY.search(text) or not SEGMENT_WORDS.search(text):
        return None
    counts = [value for _start, value in audiences(text)]
    return min(counts) if len(set(counts)) >= 2 else None


def audiences(text: str) -> list[tuple[int, int]]:
    """Where each count of people starts, and the count; friends who blocked the account are left out."""
    return list(_audiences(text))


@lru_cache(maxsize=256)  # slots, parse, spans and clarify each ask it of the same text
def _audiences(text: str) -> tuple[tuple[int, int], ...]:
    """audiences(text), kept as a tuple so that no caller can change what the next one gets."""
    found = {m.start(): int(m.group(1)) for pattern in (FRIENDS_AFTER, SEGMENT_COUNT) for m in pattern.finditer(text)
             if not BLOCKED_AFTER.match(text, m.end())}
    return tuple(sorted(found.items()))


def seasons(text: str) -> tuple[Frequency, Frequency] | None:
    """「旺季每週2次、淡季每月1次」「3月發8次，4月1次」: two seasons' send patterns, one priced, one shown."""
    found: list[Frequency] = []
    period = "month"
    for clause in SEASON_BREAK.split(text):
        if not SEASONS.search(clause):
            continue
        part = _part(clause, period)
        if part is not None:
            added = found[0].sends if found and found[0].period == part.period and SEASON_MORE.search(clause) else 0
            found.append(Frequency(part.sends + added, part.period))  # 「週年慶那個月要多發4次」: on top of the usual
            period = part.period
    return (found[0], found[1]) if len(found) >= 2 and found[0] != found[1] else None


MESSAGES_SAID = re.compile(r"(\d+)\s*(?:則|messages?)")


def season_volumes(text: str) -> tuple[int, int] | None:
    """「淡季每月1500則，旺季（11、12月）每月7500則」: two seasons' months of messages, one priced, one shown."""
    found, named = [], False
    for clause in SEASON_BREAK.split(text):
        said = MESSAGES_SENT.search(clause) or MESSAGES_SAID.search(clause)
        named = named or bool(SEASONS.search(clause))  # 「peak season是12月，那個month大概1.1萬則」
        if named and said:
            found.append(int(next(g for g in said.groups() if g)))
            named = False
    return (found[0], found[1]) if len(found) >= 2 and found[0] != found[1] else None


def month_volumes(text: str) -> tuple[int, int] | None:
    """「11月發了4萬則、12月發了9萬則」: two months' volumes, each priced."""
    counts = [int(m.group(1) or m.group(2)) for m in MONTH_VOLUME.finditer(text)]
    return (counts[0], counts[1]) if len(counts) >= 2 and counts[0] != counts[1] else None


TAX_RATE = re.compile(r"\s*(?:的)?\s*(?:營業)?(?:稅|tax|vat)")


def share(text: str) -> Decimal | None:
    """A share of the friends named in words or figures, as a fraction between 0 and 1."""
    fraction = FRACTION_OF_PEOPLE.search(text)
    if fraction:
        part, whole = (int(g) for g in fraction.groups() if g)
        value = Decimal(part) / Decimal(whole) if whole else Decimal(0)
        return value if 0 < value < 1 else None
    m = SHARE.search(text)
    if not m or TAX_RATE.match(text, m.end()):  # 「要加5%的稅嗎」: a tax rate, no share of the friends
        return None
    if m.group(1):
        value = Decimal(m.group(2)) / Decimal(m.group(1))
    elif m.group(3):
        value = Decimal(m.group(3)) / 100
    elif m.group(4):
        value = Decimal(m.group(4)) / 10
    elif m.group(5):
        value = Decimal(m.group(5)) / Decimal(m.group(6)) if int(m.group(6)) else Decimal(0)
    else:
        value = Decimal("0.5")
    return value if 0 < value < 1 else None


def shares_of(text: str, friends: int) -> dict[str, int]:
    """「四分之一的人封鎖了」 as friends who blocked; 「篩選女性大概佔四成」 as the segment sent to."""
    part = share(text)
    if part is None:
        return {}
    count = int((friends * part).to_integral_value())
    if BLOCKED_WORDS.search(text):
        return {"_blocked": count}
    return {"friends": count, "_segment": True} if SHARE_OF_SEGMENT.search(text) else {}


def group_audience(text: str) -> int | None:
    """「12個群組，每個群組5個人」: everyone in the groups a push reaches."""
    groups, each = GROUPS.search(text), PER_GROUP.search(text)
    return int(groups.group(1)) * int(each.group(1)) if groups and each else None


def _each_shop(text: str, found: list[Part]) -> list[Part]:
    """「5家分店…另外每家店各約600人」: a part sent by each shop reaches its friends in every shop."""
    shops = SHOP_COUNT.search(text)
    count = int(shops.group(1) or shops.group(2)) if shops else 0
    if count < 2 or not EACH_SHOP.search(text):
        return found
    clauses = [c for c in PART_BREAK.split(text) if c]
    each = {i for i, c in enumerate(c for c in clauses if _part(c, "month") is not None) if EACH_SHOP.search(c)}
    return [Part(p.sends, p.period, p.friends * count, p.messages) if i in each and p.friends else p
            for i, p in enumerate(found)]


ALL_THE_SAME = re.compile(r"都是|都|各|each|both|all")


def _audience_only(clause: str) -> bool:
    """A clause that counts friends and says nothing of how often they are sent to (「甜點品牌好友 2000」)."""
    audience = FRIENDS_AFTER.search(clause) or FRIENDS_BEFORE.search(clause)
    return audience is not None and frequency(clause) is None and SENDS.search(clause) is None


# 「一個好友2500，一個1200」 (or 「一個好友1200」)
# "one with 2,500 friends and one with 1,200" "the café 2,500 friends and the bakery 1,200":
# a second account's friends with the unit left off after the first's.
ELLIPTIC_AUDIENCE = re.compile(
    r"(?:[一1](?:個|家|間)|另[一1](?:個|家|間)?|另外[一1]?(?:個|家|間)|\b(?:one|1) with|"
    r"\bthe other(?: one)?(?: has| with)?|\band the [a-z\u00c0-\u024f]+(?: has)?)"
    r"\s*(?:的?(?:好友|粉絲)數?)?\s*(?:有|是)?\s*(?:約|大約|大概|about|around)?\s*(\d{3,})"
    r"(?!\d|\.\d|\s*(?:次|則|元|%|個?月|週|天|times?|messages?|nt|a month|per))")


def _elliptic_volumes(text: str) -> list[int]:
    """Each account's month when only the first count names its unit and one send pattern covers them all."""
    found = [m for m in (FRIENDS_AFTER.search(text), FRIENDS_BEFORE.search(text)) if m and int(m.group(1)) >= 10]
    if not found:
        return []
    first = min(found, key=lambda m: m.start())  # 「1個好友2500」: the count after 好友, not the 1 before it
    others = [int(m.group(1)) for m in ELLIPTIC_AUDIENCE.finditer(text, first.end())]
    freq = frequency(text)
    sends = SENDS.search(text)
    if not others or (freq is None and sends is None) or len(SENDS.findall(text)) > 1:
        return []
    freq = freq or Frequency(int(sends.group(1)) if sends else 1, _period_in(text) or "month")
    return [_month_of(friends, freq) for friends in (int(first.group(1)), *others)]


def _month_of(friends: int, freq: Frequency) -> int:
    """An account's messages a month: its friends × its sends, in their period."""
    return int(friends * freq.sends * Decimal(str(PER_MONTH[freq.period])))


def shop_volumes(text: str) -> list[int]:
    """「A 好友500、每月發4次；B 好友2000、每月發4次」: each shop's (or account's) messages a month, in order."""
    volumes, bare = [], []
    clauses = CLAUSE_BREAK.split(text)
    paired = sum(1 for c in clauses if _audience_only(c)) >= 2  # several audiences, each with its sends after it
    for clause in clauses:
        audience = FRIENDS_AFTER.search(clause) or FRIENDS_BEFORE.search(clause)
        special = frequency(clause)
        sends = SENDS.search(clause)
        labelled = [int(m.group(1)) for m in SHOP_AUDIENCE.finditer(clause)]
        counted = [int(m.group(1)) for m in FRIENDS_AFTER.finditer(clause)]  # "2,000 friends and 8,000 friends"
        if len(labelled) >= 2 and special is None and sends is None:  # 「A店好友2500、B店好友4000，每月各發一次」
            bare.extend(labelled)
        elif len(counted) >= 2 and special is None and sends is None:
            bare.extend(counted)
        elif audience is not None and special is None and sends is None:
            bare.append(int(audience.group(1)))  # 「一個好友2500人，一個好友700人，都是每月發一次」
        if paired and audience is None and bare and (special or sends) and not ALL_THE_SAME.search(clause):
            friends = bare.pop()  # 「甜點品牌好友 2000，每月1次，咖啡品牌好友 4000，每月1次」: its own sends follow
        elif audience is None or (special is None and sends is None):
            continue
        else:
            friends = int(audience.group(1))
        freq = special or Frequency(int(sends.group(1)) if sends else 1, _period_in(clause) or "month")
        volumes.append(_month_of(friends, freq))
    common = SENDS.search(text) if len(bare) >= 2 and not volumes and ALL_THE_SAME.search(text) else None
    if common is not None:
        per = Decimal(str(PER_MONTH[_period_in(text) or "month"]))
        volumes = [int(friends * int(common.group(1)) * per) for friends in bare]
    return volumes if len(volumes) >= 2 else _elliptic_volumes(text)


def shop_audiences(text: str) -> list[int]:
    """Each shop's friends when the text names the shops with their counts (「A店好友900、B店1,200」)."""
    return [int(m.group(1)) for m in SHOP_AUDIENCE.finditer(text)]


def listed_groups(text: str) -> int | None:
    """Friends in all the groups listed with their sizes and each sent to (「北部1,000人、中部800人，每群各2則」)."""
    counts = [value for _start, value in audiences(text)]
    return sum(counts) if EACH_GROUP.search(text) and len(counts) >= 2 else None
