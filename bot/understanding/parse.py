"""Turns a merchant's message (and what they asked a moment ago) into a Question."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from bot.pricing.lists import price_list_for
from bot.understanding.clarify import clarification
from bot.understanding.cues import (
    ACCOUNT_COUNT,
    ADDON_CAP,
    ADDON_VOLUME,
    CJK,
    CLAIM_CUE,
    DAYS_IN_MONTH,
    FIT_ASK,
    FREE_KIND_NAMES,
    GREETING,
    HEARSAY_CLAUSE,
    INCLUDED_ASKED,
    LATIN,
    RESTART_ESTIMATE,
    SEPARATE,
    SHARED,
    SHOP_COUNT,
    TAXED_BUDGET,
    TOGETHER,
)
from bot.understanding.dates import find_date
from bot.understanding.intents import (
    classify,
)
from bot.understanding.normalize import normalize
from bot.understanding.numbers import arabic
from bot.understanding.question import Intent, Question, Reading
from bot.understanding.rules import ruled
from bot.understanding.slots import (
    api_topic,
    api_topics,
    aspect_of,
    change_plans,
    extract,
    kind_of,
    topic_of,
)
from bot.understanding.spans import PER_MONTH, audiences, shop_audiences

Slots = dict[str, Any]


# --- assembling the question -------------------------------------------------------------------------
KEEP: dict[str, tuple[str, ...]] = {
    "estimate": ("friends", "sends", "period", "messages", "tax"),
    "budget": ("budget", "tax"),
    "plan_change": ("date", "tax"), "prorate": ("date", "tax"), "history": ("date",),
}


EVENING = re.compile(r"晚上|傍晚|半夜|深夜|夜裡|跨年|evening|night")


def _day_in_passing(text: str, slots: Slots) -> Slots:
    """「我12/31晚上要辦跨年活動」: a day written out, kept for a follow-up's clock time (「今天」 is no such day)."""
    if "date" not in slots or not re.search(r"\d+\s*[/月]\s*\d+", text):
        return {}
    return {"date": slots["date"], **({"_evening": True} if EVENING.search(text) else {})}


def public_slots(intent: str, text: str, slots: Slots) -> Slots:
    """Keep the slots that matter for this intent."""
    out: Slots = {k: slots[k] for k in KEEP.get(intent, ()) if k in slots}
    out.update({key: slots[key] for key, intents in INTERNAL_SLOTS.items() if key in slots and intent in intents})
    shaping = SHAPES.get(intent)
    if shaping is not None:
        out.update(shaping(text, slots, out))
    return out


def _quota_asked(text: str, slots: Slots, out: Slots) -> list[str]:
    """「3000則夠嗎」 "is 3,000 messages enough" beside friends × sends: the plan with that many messages a month."""
    if slots.get("_plans") or not FIT_ASK.search(text) or not isinstance(slots.get("_today"), date):
        return []
    plans = price_list_for(slots["_today"]).plans.values()
    return [str(p.id) for p in plans if p.free_messages == int(out["messages"])][:1]


def _estimate(text: str, slots: Slots, out: Slots) -> Slots:
    """A volume is friends × sends or messages a month, never both; one plan named; several accounts."""
    quota_plan: list[str] = []
    if "messages" in out and "friends" in out and "sends" in out:
        quota_plan = _quota_asked(text, slots, out)
        out.pop("messages")
    if slots.get("_volumes"):  # each shop's month listed: together they are the shared account's month
        out["messages"] = sum(int(v) for v in slots["_volumes"])
    if "messages" in out:
        for key in ("friends", "sends", "period"):
            out.pop(key, None)
    plans = slots.get("_plans", []) or quota_plan
    fits = len(set(plans)) == 1 or (len(set(plans)) > 1 and FIT_ASK.search(text))  # 「中用量可以嗎，還是要高用量」
    extra: Slots = {"plan": plans[0]} if fits else {}
    kind = kind_of(text)
    if kind in FREE_KIND_NAMES:  # 「然後歡迎訊息，一個月新加入200人」: said to be free beside the estimate
        extra["_free_kind"] = kind
    if isinstance(slots.get("budget"), int) and ADDON_CAP.search(text) and "messages" in out:
        extra["_addon_cap"] = slots["budget"]  # 「加購上限2,000，預計發25000則」: the cap stops the month short
    elif isinstance(slots.get("budget"), int) and FIT_ASK.search(text):  # 「預算1,200未稅夠嗎」
        extra.update({"_budget": slots["budget"], **({"_budget_taxed": True} if TAXED_BUDGET.search(text) else {})})
    if "friends" not in out and "messages" in out and not slots.get("_volumes"):
        return {**extra, **_shop_messages(text, int(out["messages"]))}
    if "friends" not in out:
        return {**extra, **_accounts_said(text, slots)}
    return {**extra, **_accounts(text, int(out["friends"]), slots)}


HEARD_CHARGE = re.compile(r"(?:付|收|扣|補|pay|charge)\D{0,14}?(?<![\d.])(\d{3,5})(?![\d.])")
# "do I pay the full NT$1,400?" 「要付全額1400嗎」: a charge the merchant expects, to confirm or correct.
PAY_QUESTION = re.compile(r"(?:do|would|will|should) (?:i|we) (?:have to )?pay|要(?:付|繳)\D{0,6}\d{3,5}\s*元?\s*嗎")


def _change(text: str, slots: Slots, out: Slots) -> Slots:
    """From which plan to which, and a charge heard for it (「聽說升級要再付整個月的1400」)."""
    heard = HEARD_CHARGE.search(text) if CLAIM_CUE.search(text) or PAY_QUESTION.search(text) else None
    said: Slots = {"_heard_charge": int(heard.group(1))} if heard else {}
    positions = slots.get("_plan_positions", [])
    then = _second_change(text, positions, slots.get("_today"))
    if then:  # the first change is read from the plans said before the second one's day
        positions = [p for p in positions if p[0] < then[0]]
        said["_then"] = [then[1].isoformat(), then[2]]
    return {**change_plans(text, positions), **said}


SECOND_DAY = re.compile(r"(?<![\d/])(1[0-2]|[1-9])\s*/\s*([12]\d|3[01]|[1-9])(?![\d/])|"
                        r"(?<![\d/])([12]\d|3[01]|[1-9])\s*[號日]")


def _second_change(text: str, positions: list[Any], today: Any) -> tuple[int, date, str] | None:
    """「12/10從輕用量升中用量，12/20又升高用量」: a later second change, to the plan named after its day."""
    days = list(SECOND_DAY.finditer(text))
    if len(days) < 2 or len(positions) < 2 or not isinstance(today, date):
        return None
    if not re.search(r"又|再|然後|之後|後來", text):
        return None
    first = find_date(text[: days[1].start()], today)
    after = [p for p in positions if p[0] > days[1].start()]
    if first is None or not after or not any(p[0] < days[1].start() for p in positions):
        return None
    m = days[1]
    month = int(m.group(1)) if m.group(1) else first.month
    day_of = int(m.group(2) or m.group(3))
    try:
        second = date(first.year, month, day_of)
    except ValueError:
        return None
    return (m.start(), second, str(after[0][2])) if second > first else None


def _plan_named(intent: str) -> Callable[[str, Slots, Slots], Slots]:
    """The plan a fact, tax, history or segment question is about (none when a tax or history names several)."""
    def shape(text: str, slots: Slots, out: Slots) -> Slots:
        plans = slots.get("_plans", [])
        if not plans or (intent in ("tax", "history") and len(set(plans)) > 1):
            return {}
        return {"plan": plans[0] if intent == "plan_facts" else plans[-1]}
    return shape


def _plan_facts(text: str, slots: Slots, out: Slots) -> Slots:
    """The plan, and which of its facts is asked; an add-on question about several plans is about the High plan."""
    aspect = aspect_of(text)
    named = _plan_named("plan_facts")(text, slots, out)
    if not (MONTHLY.search(text) or ADDON_VOLUME.search(text)):  # 「加購前5萬則之後」 names a tier's edge
        out.pop("_addon", None)
    if aspect == "addon" and "high" in slots.get("_plans", []):
        named = {"plan": "high"}
    friends = {"_friends": slots["friends"]} if "friends" in slots and "plan" in named and "_friends" not in out else {}
    return {**named, **({"aspect": aspect} if aspect else {}), **friends}  # 「中用量 好友1600」: what it covers


def _budget_shape(text: str, slots: Slots, out: Slots) -> Slots:
    """A plan the merchant has in mind, and the friends the budget's sends go to."""
    plans = slots.get("_plans", [])
    return {**({"_plan": plans[0]} if plans else {}), **({"_friends": slots["friends"]} if "friends" in slots else {})}


# What a heard claim about a kind of message says: that it costs (or is free only on a condition), or that it is free.
HEARD_COST = re.compile(r"要錢|收費|計費|算錢|要算|會扣|扣則數|算則數|才免費|才不算|只有.{0,16}才|超過.{0,10}(?:就|才)|"
                        r"costs? money|(?:is|are) (?:billed|charged|counted)|only free|free only")
HEARD_FREE = re.compile(r"免費|不用錢|不算|不計|不扣|\bfree\b|not (?:counted|billed|charged)")


def _heard(text: str) -> Slots:
    """「聽說一對一聊天只有24小時內回覆才免費」: the claim heard about a kind, to confirm or correct."""
    if not CLAIM_CUE.search(text):
        return {}
    said = "cost" if HEARD_COST.search(text) else "free" if HEARD_FREE.search(text) else None
    return {"_heard": said} if said else {}


def _counted_by_day(kind: str | None, text: str, slots: Slots) -> Slots:
    """「改用push補發 一天大概80次 一個月30天」: one-to-one pushes counted by the day or week, as a month's messages."""
    if kind != "push" or "sends" not in slots or slots.get("period") not in ("day", "week"):
        return {}
    days = DAYS_IN_MONTH.search(text)
    per_month = int(days.group(1)) if days and slots["period"] == "day" else PER_MONTH[str(slots["period"])]
    return {"_pushes": int(int(slots["sends"]) * per_month), "_per": slots["period"], "_each": slots["sends"]}


def _billed(text: str, slots: Slots, out: Slots) -> Slots:
    """Which kind of message, the claim heard about it, and the audience of a send when one is given."""
    kind = kind_of(text)
    if "friends" not in slots:
        return {"kind": kind, **_heard(text), **_counted_by_day(kind, text, slots)}
    sends = {"_sends": slots["sends"]} if "sends" in slots else {}
    pushed = {"_pushed": True} if PUSHED_TO.search(text) else {}  # 「reply免費嗎？push給300人算幾則」: counted
    return {"kind": kind, "_audience": slots["friends"], **sends, **pushed, **_heard(text)}


PUSHED_TO = re.compile(r"push(?:ed)? (?:it )?to \d|push\s*(?:給|到)\s*\d|(?:推播|推)\s*給\s*\d|群發給\s*\d|"
                       r"(?:broadcast|multicast)(?:ed)? to \d")


SHAPES: dict[str, Callable[[str, Slots, Slots], Slots]] = {
    "out_of_scope": lambda text, slots, out: _day_in_passing(text, slots),
    "estimate": _estimate,
    "budget": _budget_shape,
    "plan_change": _change,
    "prorate": _change,
    "manager_howto": lambda text, slots, out: {"topic": topic_of(text) or "change_plan"},
    "api": lambda text, slots, out: {"topic": api_topic(text), "_topics": api_topics(text), **_api_heard(text)},
    "billed": _billed,
    "plan_facts": _plan_facts,
    "tax": lambda text, slots, out: {**_plan_named("tax")(text, slots, out), **_plan_accounts(text, slots),
                                     **({"_included_asked": True} if INCLUDED_ASKED.search(text) else {}),
                                     **_plans_together(text, slots)},
    "history": _plan_named("history"),
    "segment": lambda text, slots, out: {**_plan_named("segment")(text, slots, out),
                                         **({"_size": slots["friends"]} if slots.get("friends") else {})},
}




# 「聽說reply token只有30秒」 "altText is limited to 400 characters": a heard API figure, in seconds or characters.
API_FIGURE = re.compile(r"(\d+)\s*(秒|分鐘|seconds?|minutes?|characters?|字|個字)")
WRONG_PATH = re.compile(r"/v2/bot/message/consumption")


def _api_heard(text: str) -> Slots:
    """A figure or path heard about the API, to confirm or correct: {"_api_heard": ["seconds", 30]}."""
    if WRONG_PATH.search(text):
        return {"_api_heard": ["path", 0]}
    m = API_FIGURE.search(text)
    if m is None or not CLAIM_CUE.search(text):
        return {}
    unit = m.group(2)
    if unit.startswith(("分", "minute")):
        return {"_api_heard": ["seconds", int(m.group(1)) * 60]}
    return {"_api_heard": ["seconds" if unit.startswith(("秒", "second")) else "characters", int(m.group(1))]}


PLAN_MONTHS = re.compile(r"(\d+)\s*個月\s*(?:都|先|會|要|再)?\s*(?:用|是|開|改用|換成)?\s*$")


def _plans_together(text: str, slots: Slots) -> Slots:
    """「一個帳號高用量、一個中用量，一年月費加起來多少」: several accounts' plans, added up; or months on each plan."""
    plans = slots.get("_plans", [])
    months = [PLAN_MONTHS.search(text, max(0, start - 12), start) for start, _end, _plan in
              slots.get("_plan_positions", [])]
    if len(plans) >= 2 and all(months):  # 「前三個月用中用量，後九個月用高用量」: each plan for its months
        return {"_plans_sum": list(plans), "_plan_months": [int(m.group(1)) for m in months if m]}
    return {"_plans_sum": list(plans)} if len(plans) >= 2 and TOGETHER.search(text) else {}


EACH_ON_PLAN = re.compile(r"都開|都用|各開|各用|都是")  # 「三家店都開中用量」: each shop on its own account and plan


def _plan_accounts(text: str, slots: Slots) -> Slots:
    """「三家分店各開一個中用量帳號」「5個帳號都開高用量」: one plan named, paid by each of several accounts."""
    shops = SHOP_COUNT.search(text) or ACCOUNT_COUNT.search(text)
    count = int(shops.group(1) or shops.group(2)) if shops else 0
    accounts = ACCOUNT_COUNT.search(text)
    separate = SEPARATE.search(text) or (accounts and int(accounts.group(1)) >= 2 and not SHARED.search(text)) or \
        EACH_ON_PLAN.search(text)
    return {"_accounts": count} if count >= 2 and separate and len(set(slots.get("_plans", []))) == 1 else {}


MONTHLY = re.compile(r"每月|每個月|一個月|1個月|a month|per month|monthly")
EACH = re.compile(r"各|每家|每間|每個帳號|each|per shop|apiece")


MERGING = re.compile(r"合併|合並|併成|併在|merg|combin")


def _accounts_said(text: str, slots: Slots) -> Slots:
    """Shops listed with their own volumes: whether the text says they share one account or have one each."""
    if not slots.get("_volumes"):
        return {}
    accounts = ACCOUNT_COUNT.search(text)
    separate = SEPARATE.search(text) or (accounts and int(accounts.group(1)) >= 2 and not SHARED.search(text))
    if separate and MERGING.search(text):
        return {}  # 「各一個帳號…合併成一個帳號比較省嗎」: both ways priced side by side
    said = "separate" if separate else "shared" if SHARED.search(text) else None
    return {"_accounts_said": said} if said else {}




def _accounts(text: str, friends: int, slots: Slots) -> Slots:
    """Several shops: friends added up on one shared account, or each account priced on its own."""
    shops = SHOP_COUNT.search(text) or ACCOUNT_COUNT.search(text)
    counts = sorted({value for _start, value in audiences(text)})
    if slots.get("_volumes"):  # each shop's own volume is listed
        return _accounts_said(text, slots)
    labelled = shop_audiences(text)
    if SHARED.search(text) and len(labelled) >= 2:
        return {"friends": sum(labelled)}  # 「總店跟分店合用一個帳號，總店好友2600、分店700」: no count of shops needed
    if not shops or int(shops.group(1) or shops.group(2)) < 2:
        return {}
    count = int(shops.group(1) or shops.group(2))
    accounts = ACCOUNT_COUNT.search(text)
    if SEPARATE.search(text) or (accounts and int(accounts.group(1)) >= 2 and not SHARED.search(text)):
        return {"_shops": count}
    if SHARED.search(text) and len(counts) >= 2:
        return {"friends": sum(value for _start, value in audiences(text))}  # 「一家1200、一家800，共用」
    if SHARED.search(text) and EACH.search(text):
        return {"friends": friends * count}
    return {}


def _shop_messages(text: str, messages: int) -> Slots:
    """「三間分店共用一個帳號，每家每月各發2400則」: each shop's month, on one account or one account each."""
    shops = SHOP_COUNT.search(text) or ACCOUNT_COUNT.search(text)
    count = int(shops.group(1) or shops.group(2)) if shops else 0
    if count < 2:
        return {}
    if SEPARATE.search(text):
        return {"_shops": count}
    if SHARED.search(text) and EACH.search(text):
        return {"messages": messages * count, "_each_shop": [count, messages]}
    return {}


INTERNAL_SLOTS = {
    "_on": ("estimate", "tax", "billing", "plan_facts", "budget", "compare"),
    "_minute": ("billing", "plan_change", "prorate"),
    "_untaxed": ("budget", "tax", "estimate"),
    "_alt": ("estimate",), "_season_months": ("estimate",), "_seasonal": ("estimate",),
    "_addon": ("estimate", "plan_facts"), "_factor": ("estimate",), "_factor_of": ("estimate",), "_cap": ("budget",),
    "_year": ("history",), "_before_change": ("history",), "_then": ("history",),
    "_always": ("history",), "_whole": ("history",), "_edge": ("history",),
    "_hour": ("plan_change", "prorate", "billing"),
    "_month": ("billing", "history", "estimate"), "_now": ("history",),
    "_yearly": ("plan_facts", "tax", "compare", "estimate", "budget", "history"),
    "_before_after": ("history", "estimate", "tax", "compare"), "_then_on": ("estimate", "history"),
    "_all_lists": ("history",), "_change_claim": ("history",), "_rise_claim": ("history",), "_rollout": ("history",),
    "_change_heard": ("history",),
    "_extra_messages": ("estimate",), "_blocked": ("estimate",), "_parts": ("estimate",), "_month_list": ("estimate",),
    "_segment": ("estimate",), "_accounts_said": ("estimate",), "_each_shop": ("estimate",), "_accounts": ("tax",),
    "_included_asked": ("tax",), "_how": ("plan_change", "prorate"), "_refund": ("plan_change", "prorate"),
    "_plans_sum": ("tax",), "_plan_months": ("tax",), "_api_heard": ("api",),
    "_months": ("estimate", "plan_facts", "tax"),
    "_months_from": ("estimate", "plan_facts", "tax"),
    "_again": ("plan_change", "prorate"), "_down": ("plan_change", "prorate"), "_up": ("plan_change", "prorate"),
    "_plan": ("budget",), "_amount": ("tax",), "_charges": ("tax",), "_used": ("plan_change", "prorate", "plan_facts"),
    "_milestones": ("history",), "_claims": ("history",), "_changed": ("history",), "_volumes": ("estimate",),
    "_dates": ("history",), "_range": ("history",), "_higher": ("plan_facts",), "_free_kind": ("estimate",),
    "_addon_cap": ("estimate",),
}


def language(raw: str) -> str | None:
    """zh when the text has Chinese characters, en when it is Latin words only."""
    if CJK.search(raw):
        return "zh"
    if LATIN.search(raw.lower()):
        return "en"
    return None


# 「好友2200 月初發一次活動 月中發一次提醒」: a space between two Chinese words ends a clause, as a comma would.
_WORD = r"(?:(?![一二兩三四五六七八九十百千萬億零])[\u3400-\u9fff]){2}"  # two Chinese characters, no numeral
# 「好友 2000 每月一次 咖啡品牌好友 4000」: a space after a number or a count of sends, before the next words, too;
# 「10 月中間」 is a date, so 月初/月中/月底 start a clause only after a number too big for a month.
ONE_SEND = r"[一1]次(?!\s*(?:約|大約|大概)?\s*\d)"  # 「一次發全部 一次只發女生」: each send its own clause
CLAUSE_SPACE = re.compile(
    rf"(?<={_WORD})\s+(?={_WORD})|(?<=[次則])\s+(?=[a-z]?{_WORD}|[a-z][\u3400-\u9fff]|[一1][個家間]|另|{ONE_SEND})"
    rf"|(?<={_WORD})\s+(?={ONE_SEND})"
    r"|(?<=\d)\s+(?=每|另外|然後|還有|都是|總共|一共|加起來)|(?<=\d{3})\s+(?=月初|月中|月底)|\s+(?=另[1一]種|另外)"
    r"|(?<=[播發送])\s+(?=(?:全體|全部|所有)(?:好友)?\s*\d)")  # 「VIP 300人每週推播 全體1500人每月再發一次」


def prepare(raw: str) -> str:
    """Normalise a message, write its numbers as digits and its spaced clauses as clauses."""
    return arabic(CLAUSE_SPACE.sub(",", normalize(raw)))


LEADING_THANKS = re.compile(r"^(?:謝謝|感謝|thanks|thank you)[!！,，.。~\s]*(?=\S)")


def strip_greeting(text: str) -> str:
    """Drop a leading hello or thanks so the real question is parsed."""
    stripped = GREETING.sub("", text, count=1)
    stripped = LEADING_THANKS.sub("", stripped)
    return TRAILING_THANKS.sub("", stripped).strip()


# 「…要多少 謝謝🙏」: thanks, emoji and tildes after the question.
TRAILING_THANKS = re.compile(r"(?<=\S)[\s,，。.!！~～]*(?:謝謝|感謝|感恩|多謝|thanks|thank you|thx|3q)?"
                             r"[\s!！~～.。]*[\U0001F300-\U0001FAFF\u2600-\u27BF]*[\s!！~～.。]*$")


# A number that counts nothing named: not a date, a time, a share, messages or sends.
LONE_NUMBER = re.compile(r"(?<![\d/.哪])(\d+)(?![\d/.]|\s*(?:年|個?月|季|週|天|日|號|點|%|倍|分之|則|次|回|times?|x\b|"
                         r"個(?!\s*(?:好友|人|會員|粉絲|客人))|種|家|間|成))")



def _parse(text: str, today: date) -> tuple[str, Slots, Slots, list[str], str | None]:
    """Intent, raw slots, the intent's public slots, problems, and the named rule that read it (if any)."""
    own = HEARSAY_CLAUSE.sub("", text, count=1)
    if own != text and re.search(r"\d", own):  # 「網路上說中用量1600元有25000則，那我2萬則應該選中用量吧」
        found = _parse(own, today)
        if found[0] == Intent.ESTIMATE:
            return found
    slots, problems = extract(text, today)
    intent = classify(text, slots)
    special = ruled(text, Intent(intent), slots)
    if special is not None:
        return special.intent, slots, special.slots, problems, special.rule
    return intent, slots, public_slots(intent, text, slots), problems, None




WEAK = {"out_of_scope", "greeting", "thanks"}
# Only the start of a long message is read, so every pattern's cost is bounded; the longest question
# in our corpora is 225 characters and LINE allows 5,000.
READ_LIMIT = 1000


# 「客單價350元」「打85折」: the shop's own prices and discounts, no figure of the bill.
GOODS_PRICE = re.compile(r"(?:客單價|平均客單|商品(?:售價|價格|單價)?|售價|產品價格?)\s*(?:約|大約|大概|是|為)?\s*"
                         r"\d+(?:\.\d+)?\s*(?:元|塊)?|打\s*\d{1,2}\s*折|(?<![\d.])\d{1,2}\s*折(?:優惠|券)?")


def read(raw: str, today: date) -> Reading:
    """Read one message asked on `today`, on its own: what a follow-up decides with comes from the conversation."""
    full = GOODS_PRICE.sub(" ", prepare(raw)[:READ_LIMIT])
    rest = strip_greeting(full)
    if RESTART_ESTIMATE.search(rest):  # 「我想重新算」: a new estimate, whatever numbers the words carry
        return Reading(text=rest, intent=Intent.ESTIMATE, slots={}, public={}, lang=language(raw))
    intent, slots, public, problems, rule = _parse(rest, today) if rest else ("out_of_scope", {}, {}, [], None)
    asked = clarification(rest, Intent(intent), slots) if rest else None
    text = rest
    if asked is None and (intent in WEAK or not rest):
        intent, slots, public, problems, rule = _parse(full, today)
        text = full
        if intent == "out_of_scope" and rest != full and GREETING.match(full) and len(rest) <= 3:
            intent = "greeting"
        asked = clarification(text, Intent(intent), slots)
    return Reading(text=text, intent=Intent(intent), slots=slots, public=public, problems=tuple(problems),
                   lang=language(raw), ask=asked, rule=rule)


def understand(raw: str, today: date) -> Question:
    """The question one message asks on its own (a follow-up is read with the conversation's follow_up)."""
    return read(raw, today).question()


