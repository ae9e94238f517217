"""Slots: the numbers, plans, dates and kinds a message states."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from bot.pricing.calc import DAYS_PER_MONTH, WEEKS_PER_MONTH
from bot.pricing.changes import first_of_next_month
from bot.pricing.lists import next_price_list, price_list_for
from bot.pricing.model import PriceListNotFound
from bot.understanding.cues import (
    ABSURD_FRIENDS,
    ABSURD_SENDS,
    ADDON,
    ADDON_CAP,
    ADDON_COUNT,
    AGAIN,
    ALL_LISTS,
    ALTERNATIVE,
    AMOUNT_LOOKUP,
    API_TOPICS,
    BEFORE_AFTER,
    BEFORE_CHANGE,
    BLOCKED_COUNT,
    BLOCKED_WORDS,
    BUDGET_AFTER,
    BUDGET_BEFORE,
    CHANGED_WORDS,
    CLOCK,
    CURRENT_MARK,
    DAILY_WORDS,
    DAYS_TOTAL,
    DOWNGRADE,
    EXTRA_MESSAGES,
    FACTOR,
    FACTOR_WORDS,
    FEE,
    FOLLOW_UP,
    FRACTION_OF_PEOPLE,
    FREE_KIND_NAMES,
    FREE_TIMES,
    FRIENDS_AFTER,
    FRIENDS_BECOME,
    FRIENDS_BEFORE,
    FRIENDS_CONTEXT,
    GIVE_TO,
    HIGHER_PLAN,
    HOW_TO,
    KINDS,
    LAST_MONTH,
    LETTERED_SHOP,
    MESSAGES,
    MESSAGES_SENT,
    MILESTONE_WORDS,
    MONEY,
    MONTH_FROM,
    MONTH_ONLY,
    MONTH_PARTS,
    MONTH_VOLUME,
    MONTHS_TOTAL,
    MORE_MESSAGES,
    NEGATIVE,
    NO_SPEND,
    NOW_WORDS,
    PER_PERIOD_COUNT,
    PER_PERIOD_MESSAGES,
    PER_PERSON,
    PER_PERSON_MESSAGES,
    PER_SEND_COUNT,
    PERIOD_WORDS,
    PERIODS,
    PLAN_WORDS,
    QUOTA_ASPECT,
    REFUND,
    RELATIVE_YEAR,
    SEASONS,
    SEGMENT_TARGET,
    SEND_VERB,
    SENDS,
    SENDS_EN,
    SENDS_SHORT,
    TARGET_FRIENDS,
    TAX,
    THEN_WORDS,
    TOPICS,
    UNTAXED,
    UPGRADE,
    WEEKLY_WORDS,
    YEAR,
    YEARLY,
)
from bot.understanding.dates import find_date, last_occurrence
from bot.understanding.spans import (
    FEW_MESSAGES,
    audiences,
    frequency,
    group_audience,
    listed_groups,
    month_volumes,
    parts,
    season_volumes,
    seasons,
    segment,
    share,
    shares_of,
    shop_volumes,
)

Slots = dict[str, Any]


# --- slot extraction -----------------------------------------------------------------------------
def _plans(text: str) -> list[tuple[int, int, str]]:
    """Every plan named, with where it starts and ends, in reading order."""
    found = sorted((m.start(), m.end(), plan) for plan, pattern in PLAN_WORDS for m in pattern.finditer(text))
    deduped: list[tuple[int, int, str]] = []
    for start, end, plan in found:
        if deduped and (deduped[-1][2] == plan or start < deduped[-1][1]):
            continue
        deduped.append((start, end, plan))
    return deduped


# 「超出6000條以後…發到12000條」: the plan's free messages named as a threshold, not the month's volume.
THRESHOLD_BEFORE = re.compile(r"(?:超出|超過|過了)\s*$")
THRESHOLD_AFTER = re.compile(r"\s*(?:以後|之後|後|的部分|以上)")


CAP_BEFORE = re.compile(r"上限\s*(?:設|是|訂|開)?\s*(?:在|成|為)?\s*$")


def _said_messages(text: str) -> int | None:
    """The month's messages: the first count of messages that is not a threshold, else the first."""
    found = list(MESSAGES.finditer(text))
    kept = [m for m in found if not (THRESHOLD_BEFORE.search(text, max(0, m.start() - 4), m.start())
                                     and THRESHOLD_AFTER.match(text, m.end()))
            and not CAP_BEFORE.search(text, max(0, m.start() - 6), m.start())]  # 「上限設2萬則，只發了14000則」
    first = (kept or found)[:1]
    if not first:  # 「這個月發了1萬2」: a count sent, with no unit, is messages
        bare = SENT_BARE.search(text)
        return int(bare.group(1)) if bare else None
    return int(first[0].group(1))


SENT_BARE = re.compile(r"(?:發了|用了|送了|推了|發出了?|已經發|(?:每月|每個月|一個月)(?:大概|大約|約)?發|"
                       r"(?:have |has |'ve )?sent)\s*"
                       r"(?:約|大約|大概|about |around )?(\d{3,})"
                       r"(?![\d.]|\s*(?:次|人|個|位|元|塊|天|週|周|月|年|%|多|則|times|people|friends|users))")


def _first_int(pattern: re.Pattern[str], text: str) -> int | None:
    """The first whole number a pattern captures."""
    m = pattern.search(text)
    if not m:
        return None
    value = next(g for g in m.groups() if g is not None)
    return int(float(value))


def _period(text: str, around: int) -> str | None:
    """The send period for a count at a position: the nearest word before it, else the nearest after."""
    before: tuple[int, str] | None = None
    after: tuple[int, str] | None = None
    for period, pattern in PERIODS:
        for m in pattern.finditer(text):
            if m.start() < around and (before is None or around - m.start() < before[0]):
                before = (around - m.start(), period)
            elif m.start() >= around and (after is None or m.start() - around < after[0]):
                after = (m.start() - around, period)
    if before and (after is None or before[0] <= 12 or after[0] > 20):
        return before[1]
    return after[1] if after else None


# 「去年雙11我們發了3次」: sends of the past, said shortly before the count in the same clause.
PAST_CLAUSE = re.compile(r"(?:去年|上次|以前|之前|last year)[^,，;；。\n]{0,12}$")


def _past(text: str, at: int) -> bool:
    """Whether the sends counted at this position are said of the past."""
    return PAST_CLAUSE.search(text, max(0, at - 20), at) is not None


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    """Whether a position falls inside one of the spans."""
    return any(start <= at < end for start, end in spans)


def _sends(text: str) -> tuple[int | None, str | None]:
    """How many sends, and per what."""
    special = frequency(text)
    if special is not None:
        return special.sends, special.period
    free = [m.span() for m in FREE_TIMES.finditer(text)]  # 「被點了2000次」「回4000次」: never sent
    found = [m for m in SENDS.finditer(text) if not _past(text, m.start()) and not _inside(m.start(), free)] \
        or list(SENDS_EN.finditer(text))
    if len(found) > 1:  # 「一次push帶4個物件…每月推4次」「每月2次，一次3000人」: "one send" is no count of sends
        found = [m for m in found if not (m.group(1) == "1" and ONE_PUSH.match(text, m.end()))] or found
    if found:
        first = found[0]
        sends, period = int(first.group(1)), _period(text, first.start()) or "month"
        added = re.search(r"另外|還想|還要|再|多發|加上|also|plus|another", text)
        if len(found) > 1 and (added or MONTH_PARTS.search(text)):
            extra = [int(m.group(1)) for m in found[1:] if (_period(text, m.start()) or "month") == period]
            restated = not added and sum(extra) == sends  # 「每月2次，1次月初1次月中」 breaks the 2 down
            sends += 0 if restated else sum(extra)
        return sends, period
    points = MONTH_POINT_SENDS.findall(text)
    if len(points) >= 2:  # 「月初發繳費通知、月中發活動、月底發成績」: one send at each
        return len(points), "month"
    if MONTH_POINT.search(text):  # 「每個月月底會發成績單通知」: once a month
        return 1, "month"
    if WEEKEND_BOTH.search(text):  # 「週末兩天都會發，六日各一則」: twice a week
        return 2, "week"
    short = SENDS_SHORT.search(text)
    if short and not re.search(r"nt\$|\$|元|budget|預算", text):
        return int(short.group(1) or short.group(3)), short.group(2) or "month"
    terse = TERSE_SENDS.search(text)  # 「好友三千，月推2」
    if terse:
        return int(terse.group(2)), {"月": "month", "週": "week", "天": "day", "日": "day"}[terse.group(1)]
    if MONTHLY_CORRECTION.search(text):  # "sorry, I meant monthly"
        return 1, "month"
    if WEEKLY_WORDS.search(text) and (SEND_VERB.search(text) or FOLLOW_UP.search(text)):
        return 1, "week"
    if DAILY_WORDS.search(text) and (SEND_VERB.search(text) or FOLLOW_UP.search(text)):
        return 1, "day"
    return None, None


WELCOMED = re.compile(r"歡迎訊息|歡迎詞|welcome message")
NEW_JOINERS = re.compile(r"新加入|新增|新好友|new (?:friends|followers)")


def _welcomed(text: str, at: int) -> bool:
    """Whether the count at `at` is of new friends greeted by the free welcome message (in its own clause)."""
    if not WELCOMED.search(text):
        return False
    clause = text[max(text.rfind(mark, 0, at) for mark in " ，,。；;、") + 1:at]
    return bool(NEW_JOINERS.search(text[max(0, at - 8):at]) or re.search(r"新加|新增|新好友|加入", clause))


def _friends(text: str) -> int | None:
    """The number of target friends."""
    target = TARGET_FRIENDS.search(text)
    if target:  # the manager's target friends are what a send is billed on
        return int(target.group(1) or target.group(2))
    for pattern in (FRIENDS_BECOME, SEGMENT_TARGET, FRIENDS_AFTER, FRIENDS_BEFORE, FRIENDS_CONTEXT, GIVE_TO):
        for m in pattern.finditer(text):
            tail = text[m.end():m.end() + 2]
            if pattern is FRIENDS_AFTER and re.match(r"\s*(?:員工|staff)", text[m.start():m.end() + 3]):
                continue
            if tail.startswith(("次", "則", "元")):
                continue
            if BLOCKED_NEXT.match(text, m.end()) or BLOCKED_WORDS.search(text[max(0, m.start() - 6):m.start()]):
                continue  # 「300人封鎖了」「封鎖的有500人」 count who blocked, not the audience
            if OTHER_PLATFORM.search(text[max(0, m.start() - 6):m.start() + 2]):  # 「IG粉絲10萬」 are no LINE friends
                continue
            if _welcomed(text, m.start()):
                continue  # 「歡迎訊息，一個月大概新加入200人」: free welcome messages, not the audience of a send
            if pattern is GIVE_TO and FROM_BEFORE.search(text[:m.start()]):  # "from 4,000 to 1,200": a price moving
                continue
            if pattern is FRIENDS_AFTER and int(m.group(1)) < 10 and re.search(r"\d\s*[位名]$", m.group(0)):
                continue
            if int(m.group(1)) < 10 and LABELLED_COUNT.search(text):  # 「一個人開工作室…好友目前320個」: 320 friends
                continue
            if pattern is FRIENDS_AFTER and LABEL_THEN_COUNT.match(text, m.start(1) + len(m.group(1))):
                continue  # 「02-2345-6789 好友 900」「折 200 好友 1800」: the count follows its label
            return int(m.group(1))
    return None


MONTH_POINT = re.compile(r"每個?月\s*的?\s*(?:月初|月中|月底|月末|\d{1,2}\s*[號日])\s*(?:都|會|都會|固定|就)*\s*"
                         r"(?:發|推|傳|群發|推播|寄)")
# Birthday greetings to this month's birthdays: each of them gets one (「當月壽星」「生日的客人每月大概150個」).
BIRTHDAY_MONTHLY = re.compile(r"(?:生日|壽星|birthday).{0,12}(?:每個?月|一個月|當月|a month|per month|each month)|"
                              r"(?:每個?月|當月|each month).{0,8}(?:生日|壽星|birthday)")
MONTH_POINT_SENDS = re.compile(r"(?:月初|月中|月底|月末|上旬|中旬|下旬)\s*(?:都|會|再|還會)*\s*"
                               r"(?:發|推|傳|群發|推播|寄)")
WEEKEND_BOTH = re.compile(r"(?:週末|周末)\s*(?:兩天|2天)\s*都?\s*會?\s*(?:發|推)|"
                          r"(?:週?六日|星期六日)\s*各\s*1\s*[則次]")
LABELLED_COUNT = re.compile(r"(?:好友|粉絲|friends|followers)\D{0,6}\d{2,}|\d{2,}\s*(?:個|位)?\s*(?:好友|粉絲|friends)")
LABEL_THEN_COUNT = re.compile(r"\s+(?:好友|粉絲|會員)\s*(?:數|人數)?\s*[:：]?\s*(?:約|大約|大概)?\s*"
                              r"\d{2,}(?!\d|\s*[次/])")
FROM_BEFORE = re.compile(r"(?:from|從)\s*(?:nt\$|\$)?\d+\s*(?:元)?\s*$")
SUM_ASKED = re.compile(r"總共|合計|加起來|一共|最少要多少|\d\s*個月|in total|altogether|combined|the total")
TERSE_SENDS = re.compile(r"(?<![\d個])(月|週|天|日)\s*(?:推|發|傳)\s*(\d{1,2})(?!\s*[\d則人])")
MONTHLY_CORRECTION = re.compile(r"(?:meant|mean|改成|應該是|我是說)\s*"
                                r"(?:monthly|once a month|every month|每月1次|每個月1次)|"
                                r"(?:monthly|每月)[,，]?\s*(?:not|不是)\s*(?:weekly|每週)|不是每週[,，]?\s*是每月")
OTHER_PLATFORM = re.compile(r"ig|instagram|fb|facebook|臉書|threads|youtube|tiktok|抖音|小紅書")
# 「11、12月」「7、8月」「12月」: the months of a season (not 「1個月」 or a date).
SEASON_MONTH_LIST = re.compile(r"(?<![\d/個])((?:1[0-2]|[1-9])(?:\s*月?\s*[、,，和跟與及]\s*(?:1[0-2]|[1-9]))*)\s*月"
                               r"(?!\s*\d|份?的?費)")
# 「夏天6~9月」「6-8月」: a season's months as a range.
SEASON_MONTH_RANGE = re.compile(r"(?<![\d/])(1[0-2]|[1-9])\s*月?\s*(?:~|～|-|到|至)\s*(1[0-2]|[1-9])\s*月"
                                r"(?!\s*\d|份?的?費)")
SEASON_COUNT = re.compile(r"(\d+)\s*(?:次|則|times?|messages?)")
# 「其他10個月」: the rest of the year.
OTHER_MONTHS = re.compile(r"(?:其他|其餘|其它|剩下的?|other)\s*(\d+)?\s*(?:個月|months?)")
# 「從12月到明年5月」「十一月到明年二月」: a span of months, both ends counted.
MONTH_SPAN = re.compile(r"(?:從)?\s*(1[0-2]|[1-9])\s*月\s*(?:到|至|~|-)\s*(?:明年|隔年)?\s*(1[0-2]|[1-9])\s*月")
# 「從這個月用到明年9月」: a span of months from now.
SPAN_FROM_NOW = re.compile(r"(這個月|本月|下個月|下月)\s*(?:開始)?\s*(?:用|算)?\s*(?:到|至|~|-)\s*"
                           r"(?:明年|隔年)?\s*(1[0-2]|[1-9])\s*月")
# 「2027年第一季」: a named quarter.
NAMED_QUARTER = re.compile(r"(?:(20\d\d)\s*年\s*)?第\s*([1-4一二三四])\s*季")
THIS_QUARTER = re.compile(r"這\s*1?\s*季|本季|this quarter")
# 「2024年開的帳號」: the year an account began, not the year asked about.
SINCE_YEAR = re.compile(r"\s*年?\s*(?:開的|開始用|申請的|成立|就開|開帳號)")
THIS_YEAR_NOW = re.compile(r"今年|現在|目前|this year|now")
# 「已經發了2800則」「已經在中用量發了1000則」: messages the month has used so far.
USED_ALREADY = re.compile(r"已經?(?:在[^\d，,。]{1,6})?(?:發送|發|用)(?:掉|出)?了?\s*(\d+)\s*則|"
                          r"已經?(?:發|用)到\s*(\d+)|已發送\s*(\d+)(?!\s*(?:次|人|位))|(?:這個月|本月)\s*(?:發|用)到\s*(\d+)\s*則?\s*了|"
                          r"already (?:sent|used) (\d+)|(\d+)\s*(?:messages\s*)?(?:sent|used) so far")
# 「有4間分店」「花3次」: a number counting these is no amount of money.
NOT_MONEY_UNITS = ("則", "次", "人", "個", "位", "%", "方案", "的方案", "元方案", "家", "間", "店", "分店", "折價",
                   "的折價", "優惠券", "的優惠", "折扣", "購物金", "coupon", "off")


def _budget(text: str) -> int | str | None:
    """A budget in NT$ when the text states money: whole dollars as int, cents kept exactly as a string."""
    for pattern in (BUDGET_BEFORE, BUDGET_AFTER, MONEY):
        for m in pattern.finditer(text):
            value = next((g for g in m.groups() if g), None)
            if value is None:
                continue
            after = text[m.end():m.end() + 3]
            before = text[max(0, m.start() - 4):m.start()]
            if after.lstrip().startswith(NOT_MONEY_UNITS) or BLOCKED_WORDS.search(before):
                continue  # 「有4間分店」「封鎖的有1300」 count no money
            if FEE_ASKED_BACK.match(text, m.end()) and IS_BEFORE.search(text[max(0, m.start() - 8):m.start()]):
                continue  # 「高用量現在是一個月4000塊嗎」 checks a fee, it is no budget
            return int(value) if "." not in value else value.rstrip("0").rstrip(".")
    return None


FEE_ASKED_BACK = re.compile(r"\s*(?:塊|元)?\s*(?:嗎|吗|[?？])")
IS_BEFORE = re.compile(r"是[^,，。!！?？]{0,6}$")
BLOCKED_NEXT = re.compile(r"\s*(?:把我|已經?|都|have|had|of them)?\s*(?:封鎖|被封鎖|blocked)(?!\s*\d)")
ONE_PUSH = re.compile(r"\s*(?:push|群發|發送|推播|broadcast|\d+\s*(?:人|位|個人))")
ONE_SEND = re.compile(r"算幾則|算多少則|會算幾|how many messages|counts? as")
# Bubbles before push: "5 message objects in one push" asks how objects count, not what a push costs.
KIND_PRIORITY = ("welcome", "auto_reply", "reply", "voom", "rich_menu", "blocked", "group", "bubbles", "push", "chat",
                 "step")
PUSH_INSTEAD = re.compile(r"改用\s*push|push\s*補發|用\s*push\s*補|fallback|instead")


PEAK_VOLUME = re.compile(r"(?<![\d.])(\d+)\s*則.{0,12}?(?:有時(?:候)?|偶爾|旺季|忙的時候|最多)\s*(?:會)?\s*"
                         r"(?:到|發到|衝到|衝上|上看|多到)\s*(\d+)(?!\s*(?:次|人|位|元|塊|%))")


@lru_cache(maxsize=256)  # intents, rules, clarify and parse each ask it of the same text
def kind_of(text: str) -> str | None:
    """Which kind of message a billed-or-free question is about: a push, else a free kind, else the first named."""
    found = [kind for kind, pattern in KINDS if pattern.search(text)]
    if "push" in found and PUSH_INSTEAD.search(text):
        return "push"
    for kind in KIND_PRIORITY:
        if kind in found:
            return kind
    return found[0] if found else None


def api_topic(text: str) -> str | None:
    """Which Messaging API fact a developer asks about, if any."""
    return next(iter(api_topics(text)), None)


def api_topics(text: str) -> list[str]:
    """Every Messaging API fact the text asks about, in the lexicon's order (「圖文選單幾個區塊？postback多長？」)."""
    return [topic for topic, pattern in API_TOPICS if pattern.search(text)]


def topic_of(text: str) -> str | None:
    """Which part of the manager a where/how question is about."""
    for topic, pattern in TOPICS:
        if pattern.search(text):
            return topic
    return None


def aspect_of(text: str) -> str | None:
    """Which fact of a plan is asked: add-on, quota or fee."""
    if ADDON.search(text):
        return "addon"
    if QUOTA_ASPECT.search(text):
        return "quota"
    if FEE.search(text):
        return "fee"
    return None




def _marked_current(text: str, plans: list[tuple[int, int, str]]) -> str | None:
    """The plan the merchant says they are on now (現在是輕用量, 原本輕用量), if any."""
    for start, _end, plan in plans:
        if CURRENT_MARK.search(text[max(0, start - 8):start]):
            return plan
    return None


def change_plans(text: str, plans: list[tuple[int, int, str]]) -> Slots:
    """from_plan / to_plan from 從X升級Y, X→Y, upgrade to Y, 降級到Y."""
    names = [p for _, _, p in plans]
    if len(names) >= 2:
        marked = _marked_current(text, plans)
        if marked:
            others = [p for p in names if p != marked]
            return {"from_plan": marked, "to_plan": others[0]} if others else {"from_plan": marked}
        return {"from_plan": names[0], "to_plan": names[1]}
    if not names:
        return {}
    pos, end, plan = plans[0]
    before = text[:pos]
    said_from = re.search(r"(?:從|由|from|原本的?|原來的?|目前的?|現在的?|current)\s*(?:the\s*)?$", before)
    left_from = re.search(r"^\s*(?:降級|降級後|降|取消|downgrad|升級|升到|upgrade to)", text[end:end + 6])
    if (said_from or left_from) and not re.search(r"(?:到|成|to|回)\s*$", before):
        return {"from_plan": plan}
    if re.search(r"取消\s*$", before):
        return {"from_plan": plan}
    return {"to_plan": plan}


# 「含稅1470元的方案」 names a plan by its fee with tax; it does not ask for the tax.
PLAN_BY_TAXED_FEE = re.compile(r"含稅\s*\d+\s*元?的?方案")


def extract(text: str, today: date) -> tuple[Slots, list[str]]:
    """All slots the (normalised, arabic-numbered) text states, and any problems with its numbers."""
    slots = _volume_slots(text)
    budget = _budget(text)
    if budget is None and NO_SPEND.search(text):
        budget = 0
    if budget is not None:
        slots["budget"] = budget
    if TAX.search(PLAN_BY_TAXED_FEE.sub("", text)):
        slots["tax"] = True
    plans = _plans(text)
    if plans:
        slots["_plans"] = [p for _, _, p in plans]
    extras = _extras(text, today)
    if "_addon" in extras and "friends" not in slots and slots.get("messages") in (None, *_addon_counts(text)[:-1]):
        slots["messages"] = extras["_addon"]  # 「5萬則以內都是0.2嗎 那加購55000則要多少」: the last count is asked
    more = MORE_MESSAGES.search(text)
    if "_used" in extras and more and "friends" not in slots:  # 「已經用了5200則，再發1500則」: the month's total
        slots["messages"] = int(extras["_used"]) + int(more.group(1))
    slots.update(_daily_in_named_month(text, slots, today))
    slots.update(_dated(FRACTION_OF_PEOPLE.sub(" ", text), today, extras))
    slots.update({k: v for k, v in extras.items() if k not in slots or k != "_blocked"})
    _few_messages_are_sends(slots, text)
    if slots.get("period") in ("quarter", "year") and SEND_MONTH.search(text):  # 「發的那個月要多少錢」: that month
        slots["sends"] = int(slots["sends"]) if slots["period"] == "quarter" else 1
        slots["period"] = "month"
        slots.pop("_months", None)
        slots.pop("_yearly", None)
    if "friends" in slots and share(text) is not None:  # 「好友2000人，四分之一封鎖」: a share, not a factor
        slots.pop("_factor", None)
        slots.pop("_factor_of", None)
    if "_alt" in slots:
        slots.update(_season_months(text, tuple(slots["_alt"])))
    if len({m.group(0) for m in SEASONS.finditer(text)}) >= 2:
        slots["_seasonal"] = True  # 「旺季…其他10個月…」: a year is never twelve of one month
    if slots.get("_volumes") and "friends" not in slots and int(slots.get("sends") or 0) > FEW_MESSAGES:
        slots.pop("sends", None)  # "Salon A sends about 3,200 a month": each account's messages, not sends
        slots.pop("period", None)
    slots["_plan_positions"] = plans
    slots["_today_year"], slots["_today"] = today.year, today
    return slots, _problems(text, slots)


def _season_months(text: str, alt: tuple[Any, ...]) -> Slots:
    """How many months each of two seasons lasts (「11、12月每月4次，其他10個月每月1次」), when the text says.

    A month list or 「其他N個月」 belongs to the season whose count follows it.
    """
    for pattern, months in ((SEASON_MONTH_RANGE, _ranged_months), (SEASON_MONTH_LIST, _listed_months),
                            (OTHER_MONTHS, _other_months)):
        m = pattern.search(text)
        count = months(m) if m else 0
        after = SEASON_COUNT.search(text, m.end()) if m else None
        if not 0 < count < 12 or after is None:
            continue
        value = int(after.group(1))
        if value == int(alt[1]):
            return {"_season_months": [count, 12 - count]}
        if value == int(alt[2]):
            return {"_season_months": [12 - count, count]}
    return {}


def _ranged_months(m: re.Match[str]) -> int:
    """「6~9月」 is four months, both ends counted."""
    return (int(m.group(2)) - int(m.group(1))) % 12 + 1


def _listed_months(m: re.Match[str]) -> int:
    """「11、12月」 is two months."""
    return len(re.findall(r"1[0-2]|[1-9]", m.group(1)))


def _other_months(m: re.Match[str]) -> int:
    """「其他10個月」 is ten months."""
    return int(m.group(1) or 0)


def _few_messages_are_sends(slots: Slots, text: str) -> None:
    """「發一則預告…另外還有兩則例行推播」 to 1,800 friends: a handful of 則 in a send pattern are sends to them."""
    if "_parts" not in slots or not slots.get("friends"):
        return
    friends = slots["friends"]
    slots["_parts"] = [[part[0], part[3], part[2], None] if part[3] is not None and part[3] <= FEW_MESSAGES < friends
                       else part for part in slots["_parts"]]
    extra, said = slots.get("_extra_messages"), EXTRA_MESSAGES.search(text)
    if extra is not None and extra <= FEW_MESSAGES < friends and said:
        slots.pop("_extra_messages")
        if not MESSAGES_SENT.search(said.group(0)):  # 「另外再發一則提醒給…」 is a part already
            slots["_parts"].append([friends, extra, "month", None])


def _volume_slots(text: str) -> Slots:
    """Friends, sends in a period, messages a month, and a pattern of several sends."""
    slots: Slots = {}
    part_of = segment(text)
    friends = part_of or group_audience(text) or listed_groups(text) or _friends(text)
    if part_of:
        slots["_segment"] = True
    pattern = parts(text)
    counted = audiences(text)
    if pattern and counted and not part_of:  # 「好友450人…（只發給300位）」: the whole audience comes first
        friends = counted[0][1]
    own = {p.friends for p in pattern if p.friends}
    if own and any(not p.friends for p in pattern):  # 「好友3千每月2次 + 再分眾推VIP 500人2次」: the rest go to all
        whole = next((int(m.group(1)) for m in FRIENDS_BEFORE.finditer(text) if int(m.group(1)) not in own), None)
        friends = whole or friends
    if pattern and (friends is not None or all(part.friends or part.messages for part in pattern)):
        friends = friends if friends is not None else next((p.friends for p in pattern if p.friends), None)
        slots["_parts"] = [[part.friends or friends, part.sends, part.period, part.messages] for part in pattern]
    if friends is not None:
        slots["friends"] = friends
        slots.update(shares_of(text, friends))
    listed = [int(m.group(1) or m.group(2)) for m in MONTH_VOLUME.finditer(text)]
    if len(listed) >= 2 and SUM_ASKED.search(text):  # 「1月3萬則、2月6萬則、3月5千則，三個月總共多少」
        slots["_month_list"] = listed
    two_seasons, two_months = seasons(text), month_volumes(text) if len(listed) < 3 else None
    two_months = two_months or (season_volumes(text) if not two_seasons else None)
    if two_seasons:
        first, second = two_seasons
        slots["_alt"] = ("sends", first.sends, second.sends, second.period)
    elif two_months:
        slots["_alt"] = ("messages", *two_months)
    sends, period, messages = _sends_for(text, friends, _said_messages(text), slots)
    if two_seasons:
        sends, period = two_seasons[0].sends, two_seasons[0].period
    if sends is not None:
        slots["sends"], slots["period"] = sends, period
    if PER_SEND_COUNT.search(text):  # 「每次發3則」 is bubbles in one send, not the month's messages
        messages = None
    implied = _implied_sends(text) if sends is None and friends is not None else None
    if implied is not None:
        slots["sends"], slots["period"] = implied[0], implied[1]
        messages = None if implied[2] else messages
    if messages is not None and messages != 1 and not re.search(r"幾則|多少則", text[: text.find(str(messages))]):
        slots["messages"] = per_month(text, messages)  # 「一則多少」 asks a unit price, never a month's volume
    days = DAYS_TOTAL.search(text)
    if days and slots.get("period") == "day":  # 「每天發一次，共7天」: that month has 7 daily sends
        slots["sends"], slots["period"] = int(slots["sends"]) * int(next(g for g in days.groups() if g)), "month"
    return slots


def _implied_sends(text: str) -> tuple[int, str, bool] | None:
    """Sends said without a count of sends, and whether a 則 count was really per friend (then it is no volume)."""
    each = PER_PERSON_MESSAGES.search(text)
    if each:  # 「新增150人，每人會收到3則」: 3 sends to each
        return int(each.group(1) or each.group(2)), _period(text, each.start()) or "month", True
    if BIRTHDAY_MONTHLY.search(text):  # 「生日的客人每月大概150個」: once each
        return 1, "month", False
    return None


def per_month(text: str, messages: int) -> int:
    """「每天60則」 is 1,800 a month (30 days), 「每週500則」 2,000 (4 weeks); other counts are a month's."""
    m = PER_PERIOD_COUNT.search(text)
    if not m or int(m.group(2) or m.group(3)) != messages:
        return messages
    word = (m.group(1) or m.group(4) or "").lower()
    weekly = any(w in word for w in ("週", "禮拜", "week"))
    return messages * (WEEKS_PER_MONTH if weekly else DAYS_PER_MONTH)


def _sends_for(text: str, friends: int | None, messages: int | None,
               slots: Slots) -> tuple[int | None, str | None, int | None]:
    """Sends and their period; 「給1000人1則」 and "3 messages a week" are sends too, not a volume of messages."""
    sends, period = _sends(text)
    if friends is None or sends is not None:
        return sends, period, messages
    if messages == 1 and GIVE_TO.search(text):
        return 1, "month", None
    per_person = PER_PERSON.search(text)
    if per_person:  # 「一人一則」「每群各收到2則」
        return int(per_person.group(1) or per_person.group(2) or 1), _period(text, per_person.start()) or "month", None
    per_period = PER_PERIOD_MESSAGES.search(text)
    if per_period and int(per_period.group(1)) <= 31:
        return int(per_period.group(1)), PERIOD_WORDS[per_period.group(2)], None
    if messages is None and ONE_SEND.search(text):
        slots["_one_send"] = True
        return 1, "month", None
    return None, None, messages


PLANNED = re.compile(r"會怎樣|會如何|的話|如果|假如|打算|想要?|準備|計畫|預計|will|plan|going to|if (?:i|we)")
YEARLESS_DAY = re.compile(r"(?<![\d/.年])(1[0-2]|[1-9])\s*/\s*(\d{1,2})(?![\d/])")


def _year_unsaid(text: str, today: date, found: date) -> Slots:
    """「3/15升級」 asked in December: last March or next, when those two days fall under different price lists."""
    if YEAR.search(text) or "年" in text or not YEARLESS_DAY.search(text) or (found - today).days <= 90:
        return {}
    if PLANNED.search(text):  # 「9/29升級會怎樣」「如果3/15升級」: a plan ahead, so the coming day
        return {}
    try:
        earlier = found.replace(year=found.year - 1)
        differ = price_list_for(earlier).id != price_list_for(found).id
    except (ValueError, PriceListNotFound):
        return {}
    return {"_year_unsaid": [earlier.isoformat(), found.isoformat()]} if differ else {}


def _dated(text: str, today: date, extras: Slots) -> Slots:
    """The date named (and the day whose list applies): 「11/1前」 is the day before, a year alone is mid-year."""
    found = find_date(text, today)
    if found is not None and re.search(r"\d\s*[日號]\s*(?:漲價|調價|改價)?\s*(?:以前|之前|前)", text):
        found = found - timedelta(days=1)
    if found is not None and "_year" in extras and str(found.year) not in text:
        found = found.replace(year=extras["_year"])
    if found is not None:
        return {"date": found, "_on": found, **_year_unsaid(text, today, found)}
    if "_year" in extras:
        return {"_on": date(extras["_year"], 7, 1) if extras["_year"] != today.year else today}
    month = MONTH_FROM.search(text)
    if month:  # 「11月開始要付多少」: priced on the list in force that month
        number = int(month.group(1)) if month.group(1) else MONTH_NAMES[month.group(2)]
        return {"_on": _nearest_month(number, today)}
    if NEXT_MONTH_SAID.search(text):  # 「中用量下個月多少」: next month's fees, on the list in force by then
        return {"_on": first_of_next_month(today)}
    coming = next_price_list(today) if AFTER_RISE.search(text) else None
    return {"_on": coming.effective_from} if coming else {}  # 「漲完中用量跟高用量各多少」: the coming list


AFTER_RISE = re.compile(r"漲完|漲價後|漲價之後|調整後|調漲後|改完|新價格|after the (?:rise|increase|change)")


NEXT_MONTH_SAID = re.compile(r"下(?:個)?月|next month")


def _problems(text: str, slots: Slots) -> list[str]:
    """Numbers no account has: negative, absurdly large, or zero."""
    problems = ["negative"] if NEGATIVE.search(text) else []
    friends, sends, period = slots.get("friends"), slots.get("sends"), slots.get("period")
    if friends is not None and friends > ABSURD_FRIENDS:
        problems.append("absurd_friends")
    if sends is not None and period and sends > ABSURD_SENDS[period]:
        problems.append("absurd_sends")
    if friends == 0 or sends == 0:
        problems.append("zero")
    return problems


# Yes-or-no cues, each set when its words appear.
FLAGS = (
    ("_then", THEN_WORDS), ("_higher", HIGHER_PLAN), ("_untaxed", UNTAXED), ("_again", AGAIN),
    ("_milestones", MILESTONE_WORDS),
    ("_changed", CHANGED_WORDS),
    ("_before_change", BEFORE_CHANGE), ("_yearly", YEARLY), ("_now", NOW_WORDS), ("_before_after", BEFORE_AFTER),
    ("_all_lists", ALL_LISTS), ("_how", HOW_TO), ("_refund", REFUND),
)


def _extras(text: str, today: date) -> Slots:
    """Internal slots: when, the numbers that are not the volume, and yes-or-no cues."""
    flags: Slots = {name: True for name, pattern in FLAGS if pattern.search(text)}
    if DOWNGRADE.search(text):
        flags["_down"] = True
    elif UPGRADE.search(text):
        flags["_up"] = True
    when = _when(text, today)
    return {**when, **_side_numbers(text, today), **flags, **_then_on(text, today, when)}


# 「現在比2025年多付多少」「2022年和現在各要多少」 "how much more now than in October": then against now.
THEN_AND_NOW = re.compile(r"比|多付|少付|差多少|差了|和現在|跟現在|與現在|現在.{0,4}各|各要|各多少|than|compared")
EN_MONTH_THEN = re.compile(r"than in (january|february|march|april|may|june|july|august|september|october|november|"
                           r"december)")
MONTH_THEN = re.compile(r"(?:比|跟|和)\s*(1[0-2]|[1-9])\s*月")
EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december")


def _then_on(text: str, today: date, when: Slots) -> Slots:
    """A past year or month the same volume is compared with, priced on the list in force then."""
    if not THEN_AND_NOW.search(text):
        return {}
    named = YEAR.search(text)  # 「現在比2025年」: the year stays even though 「現在」 is said
    year = int(named.group(1)) if named else when.get("_year")
    if isinstance(year, int) and year < today.year:
        return {"_then_on": date(year, 7, 1).isoformat(), "_before_after": True}
    month = EN_MONTH_THEN.search(text) or MONTH_THEN.search(text)
    if month is None:
        return {}
    number = EN_MONTHS.index(month.group(1)) + 1 if month.group(1).isalpha() else int(month.group(1))
    then = date(today.year - (1 if number >= today.month else 0), number, 1)  # the last such month before now
    return {"_then_on": then.isoformat(), "_before_after": True}


def _when(text: str, today: date) -> Slots:
    """A year (also 去年/今年), a month (also 上個月) and a clock time."""
    out: Slots = {}
    m = YEAR.search(text)
    if m and not re.search(rf"{m.group(1)}\s*年\s*\d{{1,2}}\s*月", text) and not SINCE_YEAR.match(text, m.end()):
        out["_year"] = int(m.group(1))
    for word, offset in RELATIVE_YEAR.items():
        if word in text and "_year" not in out:
            out["_year"] = today.year + offset
    if out.get("_year", today.year) < today.year and THIS_YEAR_NOW.search(text):  # 「去年…，今年好友2600人」
        out.pop("_year")
    m = MONTH_ONLY.search(text)
    if m and 1 <= int(m.group(1)) <= 12:
        out["_month"] = _nearest_month(int(m.group(1)), today).isoformat()
    if LAST_MONTH.search(text) and "_month" not in out:
        out["_month"] = _nearest_month((today.month - 2) % 12 + 1, today).isoformat()
    out.update(_clock(text))
    return out


def _addon_counts(text: str) -> list[int]:
    """Every add-on count in the text, in order."""
    return [int(next(g for g in m.groups() if g)) for m in ADDON_COUNT.finditer(text)]


def _side_numbers(text: str, today: date) -> Slots:
    """Numbers beside the volume: a factor, add-on, messages used, an amount, alternatives, extras, blocked."""
    out: Slots = dict(_several(text, today))
    m = FACTOR.search(text)
    if m:
        out["_factor"] = _factor(m)
        out["_factor_of"] = "sends" if re.search(r"次|times|sends|broadcasts", text) else "friends"
    addons = _addon_counts(text)[-1:]  # 「5萬則以內都是0.2嗎 那加購55000則要多少」: the count asked about
    if addons and addons[0] > 1:
        out["_addon"] = addons[0]
    used = USED_ALREADY.search(text)
    if used:
        out["_used"] = int(next(g for g in used.groups() if g))
    out.update(_month_span(text, today))
    amount = _amount(text)
    if amount:
        out["_amount"] = amount
    charges = _charges(text, today)
    if charges:
        out["_charges"] = charges
    if ADDON_CAP.search(text):
        out["_cap"] = True
    m = ALTERNATIVE.search(text)
    if m:
        unit = (m.group(2) or m.group(4) or "").lower()
        out["_alt"] = ("sends" if unit in ("次", "times") else "messages", int(m.group(1)), int(m.group(3)))
    peak = PEAK_VOLUME.search(text)
    if peak and not m:  # 「每月大概6000則，有時候會到6200」: the usual month and the busiest one
        out["_alt"] = ("messages", int(peak.group(1)), int(peak.group(2)))
    m = EXTRA_MESSAGES.search(text)
    if m and kind_of(m.group(0)) not in FREE_KIND_NAMES:  # 「另外自動回應回了2000則」 costs nothing
        out["_extra_messages"] = int(m.group(1))
    m = BLOCKED_COUNT.search(text)
    if m:
        out["_blocked"] = int(next(g for g in m.groups() if g))
    return out


AMOUNT_STATED = re.compile(r"會是\s*(\d+)|(?:費用|費|帳單)是\s*(?:nt\$)?(\d+)|"
                           r"被?(?:扣|刷)了?\s*(\d+)(?!\d)\s*(?:元|塊)?(?!\s*[則筆])|charged?\s*了?\s*(?:nt\$|\$)?\s*(\d+)")


def _amount(text: str) -> str | None:
    """An amount charged or asked about: 「被扣了1470」「1050是哪個方案」."""
    stated = AMOUNT_STATED.search(text)
    if stated:
        return next(g for g in stated.groups() if g)
    m = MONEY.search(text)
    if m and text[m.end():m.end() + 4].lstrip().startswith(NOT_MONEY_UNITS):  # 「300元折價券」 is a coupon's value
        return None
    if m and AMOUNT_LOOKUP.search(text) and not re.search(r"預算|budget|發幾則|可以發|想花|只花|能花|以內|spend", text):
        return m.group(1) or m.group(2)
    return None


# 「2月扣1470 3月1號扣1050」「10/1扣1260 11/1扣1470」「卡費從840變1050」: charges set side by side, each maybe dated.
CHARGED_ON = re.compile(r"(?:(?<![\d/])(1[0-2]|0?[1-9])\s*(?:/\s*(\d{1,2})|月\s*(?:(\d{1,2})\s*[號日])?)\s*"
                        r"(?:的|份)?\s*)?(?:被?(?:扣|刷)了?|卡費|月費|收了?|付了?)\s*(?:款\s*)?(?:nt\$|\$)?\s*"
                        r"(\d{3,5})(?![\d則筆人位個])")
CHARGE_CHANGED = re.compile(r"從\s*(?:nt\$|\$)?\s*(\d{3,5})\s*(?:元|塊)?\s*(?:變成?|漲到|降到|調到|改成)\s*"
                            r"(?:nt\$|\$)?\s*(\d{3,5})(?![\d則筆人位個])")

CHARGE_WORD = re.compile(r"扣|刷|卡費|帳單|收了|付了|charged|bill")


def _charges(text: str, today: date) -> list[list[str | None]]:
    """Two or more different charges in one message, oldest first: [amount, ISO day charged or None]."""
    changed = CHARGE_CHANGED.search(text)
    if changed and CHARGE_WORD.search(text):
        found: list[list[str | None]] = [[changed.group(1), None], [changed.group(2), None]]
    else:
        found = [[m.group(4), _charge_day(m, today)] for m in CHARGED_ON.finditer(text)]
    amounts = [amount for amount, _ in found]
    return found if len(found) >= 2 and len(set(amounts)) == len(amounts) else []


def _charge_day(m: re.Match[str], today: date) -> str | None:
    """The day a charge was made, in the latest year that is not after today (a charge already seen)."""
    on = last_occurrence(int(m.group(1)), int(m.group(2) or m.group(3) or 1), today) if m.group(1) else None
    return on.isoformat() if on else None


MONTH_NAMES = {"november": 11, "december": 12, "january": 1}
EACH_LISTED = re.compile(r"(?:分別|各自|respectively)\D{0,6}?((?:\d+\s*[、,，和跟及/]\s*)+\d+)\s*(?:則|條|messages?)")
MONTHLY_COUNT_EN = re.compile(r"sends? (?:about |around |roughly )?\d+ (?:a|per) month")
SHOPS = re.compile(r"店|家|shop|store|branch|分店|客戶|帳號|品牌|account|brand|\boas?\b|caf[eé]|salon|clinic|"
                   r"restaurant")
OTHER_ONE = re.compile(r"(?:the other|另一(?:家|間|個)?)\s*(?:one\s*)?(?:sends?\s*|發\s*)?(?:about\s*|約\s*)?(\d+)")
# 「2023年9月到2026年10月中間」: a span of months asked about.
MONTH_RANGE = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(?:到|至|~|-|－)\s*(20\d\d)\s*年\s*(\d{1,2})\s*月")
MONTH_PAIR = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(?:跟|和|與|及|、|還有|vs)\s*(\d{1,2})\s*月")
FULL_DATES = re.compile(r"(20\d\d)\s*[/年.-]\s*(\d{1,2})\s*[/月.-]\s*(\d{1,2})")


def _several(text: str, today: date) -> Slots:
    """Several shops' volumes, or several dates, in one question."""
    out: Slots = {}
    seasons_named = len({m.group(0) for m in SEASONS.finditer(text)}) >= 2  # 「旺季…其他月份…」: months, not shops
    if SHOPS.search(text) and not seasons_named:
        totals = shop_volumes(text) or [int(m.group(1)) for m in MESSAGES.finditer(text)]
        listed = EACH_LISTED.search(text)
        if len(totals) < 2 and listed:  # 「三個獨立帳號，每月分別發180、2900、6200條」: the unit said once
            totals = [int(n) for n in re.findall(r"\d+", listed.group(1))]
        lettered = [int(m.group(1)) for m in LETTERED_SHOP.finditer(text)]
        monthly = MESSAGES.search(text) or MONTHLY_COUNT_EN.search(text)  # "Salon A sends about 3,200 a month"
        if len(totals) < 2 and len(lettered) >= 2 and monthly and not FRIENDS_AFTER.search(text):
            totals = lettered  # "shop A sends about 4,000 messages, shop B about 2,500": the unit said once
        other = OTHER_ONE.search(text)
        if len(totals) == 1 and other:  # "one sends 150 messages a month, the other 7,000"
            totals.append(int(other.group(1)))
        if len(totals) >= 2:
            out["_volumes"] = totals
    dates = []
    for m in FULL_DATES.finditer(text):
        try:
            dates.append(date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat())
        except ValueError:
            continue
    pair = MONTH_PAIR.search(text)  # 「2023年8月跟9月」: two months of one year
    if pair and not dates and all(1 <= int(pair.group(i)) <= 12 for i in (2, 3)):
        dates = [date(int(pair.group(1)), int(pair.group(i)), 1).isoformat() for i in (2, 3)]
    if len(dates) >= 2:
        out["_dates"] = dates
    span = MONTH_RANGE.search(text)
    if span and CHANGED_WORDS.search(text) and 1 <= int(span.group(2)) <= 12 and 1 <= int(span.group(4)) <= 12:
        out["_range"] = [f"{span.group(1)}-{int(span.group(2)):02d}", f"{span.group(3)}-{int(span.group(4)):02d}"]
    return out


def _factor(m: re.Match[str]) -> float:
    """兩倍 / 1/4 / 四分之一 / half as a number."""
    if m.group(1):
        return int(m.group(1)) / max(int(m.group(2)), 1)
    if m.group(3):
        return int(m.group(4)) / max(int(m.group(3)), 1)
    if m.group(5):
        return float(m.group(5))
    return float(FACTOR_WORDS[m.group(0).strip()])


def _clock(text: str) -> Slots:
    """A time of day: 晚上11點半, 23:10, 11:30pm, 早上7點."""
    m = CLOCK.search(text)
    if not m:
        return {}
    hour_text = m.group(2) or m.group(5)
    minute_text = m.group(3) or m.group(6) or "0"
    hour, minute = int(hour_text), 30 if minute_text == "半" else int(minute_text)
    evening = m.group(1) in ("下午", "晚上", "今晚") or (m.group(4) or m.group(7)) == "pm"
    if evening and hour < 12:
        hour += 12
    if hour > 24 or minute > 59:
        return {}
    return {"_hour": hour % 24, "_minute": minute}


SEND_MONTH = re.compile(r"(?:有)?發(?:送)?的那個?月|發送當月|the month (?:i|we) send")
# 「1月每天發一次」 "every day in December": one month named by number or name, not a day in it ("may" is a verb).
NAMED_MONTH = re.compile(r"(?<![\d/.])(1[0-2]|[1-9])\s*月(?:份)?(?!\s*\d{1,2}\s*[日號号])|\b(" +
                         "|".join(m.lower() for m in calendar.month_name if m and m != "May") + r")\b(?!\s*\d)")


def _daily_in_named_month(text: str, slots: Slots, today: date) -> Slots:
    """Daily sends in one named month are that month's days of sends (「下個月1月每天發一次」: 31), not 30."""
    if slots.get("period") != "day" or not slots.get("sends") or DAYS_TOTAL.search(text):
        return {}
    named = {int(m.group(1)) if m.group(1) else list(calendar.month_name).index(m.group(2).capitalize())
             for m in NAMED_MONTH.finditer(text)}
    if len(named) != 1:
        return {}
    first = _nearest_month(named.pop(), today)
    return {"sends": int(slots["sends"]) * calendar.monthrange(first.year, first.month)[1], "period": "month"}


def _month_span(text: str, today: date) -> Slots:
    """Several months asked about together: how many, and from which month (「從12月到明年5月」「第一季」「三個月」)."""
    span = MONTH_SPAN.search(text)
    if span:
        first, last = int(span.group(1)), int(span.group(2))
        if 1 <= first <= 12 and 1 <= last <= 12:
            start = _upcoming_month(first, today)
            return {"_months": (last - first) % 12 + 1, "_months_from": start.isoformat()}
    from_now = SPAN_FROM_NOW.search(text)
    if from_now:
        start = _month_start(today, 1 if from_now.group(1).startswith("下") else 0)
        return {"_months": (int(from_now.group(2)) - start.month) % 12 + 1, "_months_from": start.isoformat()}
    quarter = NAMED_QUARTER.search(text)
    if quarter:
        number = "1234一二三四".index(quarter.group(2)) % 4 + 1
        year = int(quarter.group(1)) if quarter.group(1) else today.year + (1 if number * 3 < today.month else 0)
        return {"_months": 3, "_months_from": date(year, number * 3 - 2, 1).isoformat()}
    if THIS_QUARTER.search(text):
        return {"_months": 3, "_months_from": date(today.year, (today.month - 1) // 3 * 3 + 1, 1).isoformat()}
    months = MONTHS_TOTAL.search(text)
    if months:
        count = int(months.group(1) or months.group(2) or months.group(3) or 3)  # 「一季」: three months
        return {"_months": count} if count > 1 else {}  # 「一個月費用多少」 is the monthly bill
    return {}


def _month_start(today: date, ahead: int) -> date:
    """The first day of this month (ahead=0) or of the next (ahead=1)."""
    month = today.month - 1 + ahead
    return date(today.year + month // 12, month % 12 + 1, 1)


def _upcoming_month(month: int, today: date) -> date:
    """The first day of that month this year, or next year once it has passed by more than two months."""
    return date(today.year + (1 if month < today.month - 2 else 0), month, 1)


def _nearest_month(month: int, today: date) -> date:
    """The first day of the named month nearest to today (within six months either way)."""
    year = today.year + (1 if month - today.month < -6 else -1 if month - today.month > 6 else 0)
    return date(year, month, 1)


