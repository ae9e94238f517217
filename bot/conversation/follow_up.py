"""Dialogue: how a message read on its own continues the question asked a moment ago.

`follow_up(previous, reading)` is pure: the saved question and the new reading in, the question to answer out.
It decides carry-over (「那如果每月發4次呢」 keeps the friends), topic switches (a new question stands alone),
corrections (「其實只有3000人」) and answers to a clarifying question (「則」 after 「3000」).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from bot.pricing import first_of_next_month
from bot.understanding.cues import (
    ACCOUNT_COUNT,
    ADD_PART,
    ADDON,
    BLOCKED_WORDS,
    CALLS_ASKED,
    CLAIM_CUE,
    CORRECTION,
    FEE_CHARGED,
    FIGURE_WORDS,
    FOLLOW_UP,
    HOW_MANY_SENDS,
    MORE_MESSAGES,
    MORE_SENDS,
    OTHER_ACCOUNT,
    SEGMENT_CUE,
    SEPARATE,
    SHARED,
    START_USING,
    VAGUE_MORE,
)
from bot.understanding.cues import (
    BILLED_CUE as BILLED_ASK,
)
from bot.understanding.parse import LONE_NUMBER, public_slots, read
from bot.understanding.question import Clarification, Intent, Need, Question, Reading
from bot.understanding.slots import topic_of
from bot.understanding.spans import addon_price_claim, claim, monthly_messages, parts, rise_claim, share

Slots = dict[str, Any]
WEAK = {"out_of_scope", "greeting", "thanks"}


@dataclass(frozen=True)
class Previous:
    """The question asked a moment ago, as the conversation saved it."""

    intent: Intent
    slots: Slots = field(default_factory=dict)

    @classmethod
    def of(cls, saved: Mapping[str, Any] | None) -> Previous | None:
        """From saved state ({"intent", "slots"}), or None when nothing was asked or it was no known question."""
        if not saved or saved.get("intent") not in {i.value for i in Intent}:
            return None
        return cls(Intent(saved["intent"]), dict(saved.get("slots") or {}))


def follow_up(previous: Previous | None, reading: Reading, today: date) -> Question:
    """The question to answer: the reading on its own, or the earlier question it continues."""
    previous = _disputed_question(previous)
    if reading.intent == Intent.ESTIMATE and not reading.slots:  # 「我想重新算」 starts over
        return reading.question()
    if FRIENDS_SHOP.search(reading.text):  # 「另外，朋友的店好友600人…」: someone else's account, on its own
        return reading.question()
    completed = _answered(previous, reading.text, today)
    if completed is not None:
        return read(completed, today).question()
    named = _topic_named(previous, reading, today) or _plan_known(previous, reading, today) \
        or _that_year(previous, reading, today) or _time_on_day_said(previous, reading, today) \
        or _next_month(previous, reading, today) or _month_of_that_year(previous, reading, today)
    if named is not None:
        return named
    if previous is not None and previous.intent == Intent.COMPARE and reading.intent == Intent.TAX \
            and "plan" not in reading.public:  # 「那含稅差多少」 after a comparison
        return Question(intent=Intent.COMPARE, slots={**previous.slots, "tax": True}, lang=reading.lang,
                        follow_up=True)
    vague = _vaguely_more(previous, reading) or _disputed(previous, reading) or _plan_corrected(previous, reading) \
        or _over_months(previous, reading) or _cost_of_that(previous, reading) or _change_unknown(previous, reading) \
        or _heard_about_it(previous, reading) or _time_still_unnamed(previous, reading) \
        or _month_of_the_change(previous, reading) or _calls_for_people(previous, reading)
    if vague is not None:
        return vague
    priced = _volume_for_plan(previous, reading) or _another_account(previous, reading) \
        or _used_then_more(previous, reading) or _sent_then_more(previous, reading) or _carried_over(previous, reading)
    if priced is not None:
        return priced
    if _unanswered(previous, reading) and previous is not None:
        return Question(intent=Intent.ESTIMATE, slots=dict(previous.slots), lang=reading.lang, follow_up=True)
    if _our_cost_unsaid(previous, reading):
        return reading.question()
    if previous is not None and previous.intent in MERGEABLE and reading.rule in CONTEXTUAL_RULES:
        merged = _merge(previous.intent, dict(previous.slots), reading.intent, reading.text, reading.slots,
                        reading.public)
        if merged is not None:
            return Question(intent=Intent(merged[0]), slots=merged[1], lang=reading.lang, problems=reading.problems,
                            follow_up=True)
    return reading.question()


PLAN_WORDS = {"light": "輕用量", "medium": "中用量", "high": "高用量"}


THAT_YEAR = re.compile(r"那年|當年|同[1一]年|那個?時候?|當時|that year|back then")  # not 「那一年呢」: a year's cost


def _that_year(previous: Previous | None, reading: Reading, today: date) -> Question | None:
    """「我2023年就開官方帳號了」 then 「那年7月的時候高用量多少」: 那年 is the year said a moment ago."""
    that = THAT_YEAR.search(reading.text)
    said = _year_said(previous) if that is not None else None
    if that is None or said is None:
        return None
    text = reading.text.replace(that.group(0), f"{said}年", 1)
    plan = previous.slots.get("plan") if previous is not None and not reading.slots.get("_plans") else None
    return read(f"{PLAN_WORDS.get(str(plan), '')}{text}", today).question()  # 「我2022年開始用中用量」: that plan


def _year_said(previous: Previous | None) -> str | None:
    """The year the earlier question named (in its text, date, year, month or day), if any."""
    if previous is None:
        return None
    dated = " ".join(str(previous.slots.get(k) or "") for k in ("text", "date", "_year", "_month", "_on"))
    said = re.search(r"(?<!\d)20[0-3]\d(?=\s*年|-\d\d|$|\s)", dated)
    return said.group(0) if said else None


NEXT_MONTH_ONLY = re.compile(r"^\s*(?:那|那麼)?\s*(?:下個月|下月|next month)\s*(?:呢|的話|起呢|開始呢)?\s*[?？]?\s*$")


def _next_month(previous: Previous | None, reading: Reading, today: date) -> Question | None:
    """「高用量現在還是1200嗎」 then 「那下個月呢」: the same plan's facts on next month's list."""
    if previous is None or previous.intent != Intent.PLAN_FACTS or not NEXT_MONTH_ONLY.search(reading.text):
        return None
    return Question(intent=Intent.PLAN_FACTS, slots={**previous.slots, "_on": first_of_next_month(today).isoformat()},
                    lang=reading.lang, follow_up=True)


MONTH_ONLY = re.compile(r"^\s*(?:那|那麼)?\s*((?:1[0-2]|[1-9])\s*月\s*(?:初|中|底)?)\s*(?:的時候)?\s*(?:呢|的話)?"
                        r"\s*[?？]?\s*$")


def _month_of_that_year(previous: Previous | None, reading: Reading, today: date) -> Question | None:
    """「2023年9月初 高用量多少錢」 then 「那8月底呢」: that month of the year said a moment ago, the same plan."""
    month = MONTH_ONLY.search(reading.text)
    if previous is None or previous.intent not in (Intent.HISTORY, Intent.PLAN_FACTS) or month is None:
        return None
    year = _year_said(previous)
    if year is None or year == str(today.year):
        return None
    plan = PLAN_WORDS.get(str(previous.slots.get("plan")), "")
    return read(f"{year}年{month.group(1)} {plan}多少", today).question()


def _time_on_day_said(previous: Previous | None, reading: Reading, today: date) -> Question | None:
    """「我12/31晚上要辦跨年活動」 then 「11點半發一則推播，算在哪個月？」: the clock time is on the day said before."""
    if previous is None or "_hour" not in reading.slots or "date" in reading.slots:
        return None
    said = previous.slots.get("date")
    if not said or not re.search(r"哪個月|哪1?個月|which month", reading.text):
        return None
    day = said if isinstance(said, date) else date.fromisoformat(str(said))
    evening = "晚上" if previous.slots.get("_evening") else ""
    return read(f"{day.month}/{day.day} {evening}{reading.text}", today).question()


def _plan_known(previous: Previous | None, reading: Reading, today: date) -> Question | None:
    """「我是中用量」 then 「則數快用完了，怎麼辦」: the plan asked about is the one said a moment ago."""
    asked_current = reading.ask is not None and reading.ask.need == Need.CURRENT
    if not (asked_current or reading.rule == "after_run_out") or previous is None:  # "what happens once used up"
        return None
    plan = previous.slots.get("plan") if previous.intent in (Intent.PLAN_FACTS, Intent.ESTIMATE) else None
    if plan not in PLAN_WORDS:
        return None
    return replace(read(f"我是{PLAN_WORDS[plan]}，{reading.text}", today).question(), lang=reading.lang)


ASKS = re.compile(r"[?？]|多少|幾|嗎|呢|怎麼|如何|哪|什麼|how|what|when|which|why")
I_MEAN = re.compile(r"^(?:我是說|我是指|我說的是|我問的是|就是|是說|i mean|i'?m asking about)[,，:：\s]*")


def _topic_named(previous: Previous | None, reading: Reading, today: date) -> Question | None:
    """「最多可以放幾個？」 then 「我是說 quick reply 的按鈕」: the thing named completes the question asked back."""
    if previous is None or previous.intent != Intent.CLARIFY or previous.slots.get("need") != Need.TOPIC:
        return None
    asked = previous.slots.get("text")
    if not asked or not (reading.intent in (Intent.OUT_OF_SCOPE, Intent.CLARIFY) or not ASKS.search(reading.text)):
        return None
    whole = read(f"{I_MEAN.sub('', reading.text)}，{asked}", today)
    return None if whole.intent in (Intent.OUT_OF_SCOPE, Intent.CLARIFY) or whole.ask else whole.question()


# A named reading stands on its own, except these, which a conversation may still continue.
CONTEXTUAL_RULES = {None, "sends_on_plan", "messages_left", "average_price", "upgrade_for_friends", "used_plus_more",
                    "charge_seen"}


def _volume_for_plan(previous: Previous | None, reading: Reading) -> Question | None:
    """「高用量一個月發多少要付多少」 then 「25000」: the number is that plan's month of messages."""
    if previous is None or previous.intent != Intent.PLAN_FACTS or reading.ask is None:
        return None
    if reading.ask.need != Need.MEANING or reading.ask.number is None:
        return None
    plan = {"plan": previous.slots["plan"]} if previous.slots.get("plan") else {}
    return Question(intent=Intent.ESTIMATE, slots={"messages": reading.ask.number, **plan}, lang=reading.lang,
                    follow_up=True)


def _unanswered(previous: Previous | None, reading: Reading) -> bool:
    """「看情況啦」「常常發」 after the bot asked for sends or friends: the question still stands."""
    if previous is None or previous.intent != Intent.ESTIMATE or re.search(r"\d", reading.text):
        return False
    complete = "messages" in previous.slots or {"friends", "sends"} <= previous.slots.keys()
    return not complete and reading.intent in (Intent.OUT_OF_SCOPE, Intent.CLARIFY) and reading.ask is None


OURS = re.compile(r"我們|我|our|we\b|\bi\b")


def _our_cost_unsaid(previous: Previous | None, reading: Reading) -> bool:
    """「高用量多少」 then 「那我們要多少」: the merchant's own bill, whose volume is unsaid, not the plan's fee."""
    if previous is None or previous.intent != Intent.PLAN_FACTS or reading.ask is None:
        return False
    earlier = re.search(r"剛剛|剛才|那樣|這樣|上面|前面", reading.text)  # 「那我剛剛那樣…總共多少」 refers back
    return reading.ask.rule == "estimate_without_numbers" and bool(OURS.search(reading.text)) and not earlier


def _used_then_more(previous: Previous | None, reading: Reading) -> Question | None:
    """「高用量，已經發了5,230則」 then 「再發一次給1,100個好友，超過的要多少」: the month's total on that plan."""
    if previous is None or not previous.slots.get("_used") or not reading.slots.get("friends"):
        return None
    if not re.search(r"再|又|多|another|more", reading.text) or reading.slots.get("messages"):
        return None
    sends = int(reading.slots.get("sends") or 1)
    total = int(previous.slots["_used"]) + int(reading.slots["friends"]) * sends
    plan = {"plan": previous.slots["plan"]} if previous.slots.get("plan") else {}
    return Question(intent=Intent.ESTIMATE, slots={"messages": total, **plan}, lang=reading.lang, follow_up=True)


THIS_MONTH_COST = re.compile(r"(?:這個月|當月|this month).{0,8}(?:付多少|多少錢|要付|可以發|能發|發多少|pay|cost)")


def _month_of_the_change(previous: Previous | None, reading: Reading) -> Question | None:
    """「輕用量 2/15 要升高用量」 then 「這個月要付多少 可以發多少則」: the change's own month, asked again."""
    if previous is None or previous.intent not in (Intent.PLAN_CHANGE, Intent.PRORATE):
        return None
    if re.search(r"\d", reading.text) or not THIS_MONTH_COST.search(reading.text):
        return None
    return Question(intent=previous.intent, slots=dict(previous.slots), lang=reading.lang, follow_up=True)


def _calls_for_people(previous: Previous | None, reading: Reading) -> Question | None:
    """「Multicast 一次最多幾個 user ID」 then 「那我要推給1200人 要打幾次」: the calls and messages for that many."""
    if previous is None or previous.intent != Intent.API or previous.slots.get("topic") != "limits":
        return None
    people = reading.slots.get("friends")
    if not people or not CALLS_ASKED.search(reading.text):
        return None
    return Question(intent=Intent.API, slots={"topic": "user_id_calls", "friends": people}, lang=reading.lang,
                    follow_up=True)


MORE_COUNT = re.compile(r"(?:再發|還要發|還要再發|多發|再推|還要推)\s*(\d+)\s*(?:則|條)?(?!\s*[次人個位])|"
                        r"(\d+) more(?! (?:friends|followers|people|users|times))")


def _sent_then_more(previous: Previous | None, reading: Reading) -> Question | None:
    """「這個月已經發了6000則」 then 「再發2500則 加購要多少」: the month so far plus the messages still to send."""
    if previous is None or "friends" in reading.slots or "friends" in previous.slots:
        return None
    estimated = previous.slots.get("messages") if previous.intent == Intent.ESTIMATE else None
    sent = previous.slots.get("_used") or estimated
    more = MORE_COUNT.search(reading.text)
    if not sent or not more:
        return None
    plan = {"plan": previous.slots["plan"]} if previous.slots.get("plan") else {}
    total = int(sent) + int(more.group(1) or more.group(2))
    return Question(intent=Intent.ESTIMATE, slots={"messages": total, **plan}, lang=reading.lang, follow_up=True)


def _carried_over(previous: Previous | None, reading: Reading) -> Question | None:
    """A short follow-up that asks the earlier question again with one thing added (no numbers of its own)."""
    if previous is None or re.search(r"\d", reading.text):
        return None
    plan = reading.public.get("plan")
    if previous.intent == Intent.ESTIMATE and monthly_messages(previous.slots) and reading.intent == Intent.PLAN_FACTS \
            and reading.public.get("aspect") == "addon" and re.search(r"加起來|總共|一共|合計|多少", reading.text):
        return Question(intent=Intent.ESTIMATE, slots=dict(previous.slots), lang=reading.lang, follow_up=True)
    if previous.intent == Intent.BUDGET and plan and re.search(r"幾則|多少則|how many messages", reading.text):
        slots = {**previous.slots, "_plan": plan}  # 「預算5000未稅」 then 「高用量的話最多可以發幾則」
        return Question(intent=Intent.BUDGET, slots=slots, lang=reading.lang, follow_up=True)
    year = previous.slots.get("_year")
    if previous.intent == Intent.HISTORY and year and reading.intent == Intent.TAX and not reading.public.get("plan"):
        slots = {**({"plan": previous.slots["plan"]} if previous.slots.get("plan") else {}), "_on": f"{year}-07-01"}
        return Question(intent=Intent.TAX, slots=slots, lang=reading.lang, follow_up=True)  # 「2025年中用量」「含稅呢」
    return None


def _another_account(previous: Previous | None, reading: Reading) -> Question | None:
    """「A店好友3000…」 then 「B店好友2000…，兩家共用同一個帳號總共多少」: both shops' volumes, together or apart."""
    if previous is None or previous.intent != Intent.ESTIMATE or not OTHER_ACCOUNT.search(reading.text):
        return None
    before, now = monthly_messages(previous.slots), monthly_messages(reading.public)
    if before and not {"friends", "sends", "messages"} & reading.slots.keys():  # 「另外一個帳號呢」: its volume unsaid
        how = "shared" if SHARED.search(reading.text) else "separate"
        sends = int(previous.slots["sends"]) if previous.slots.get("sends") else None
        ask = Clarification(Need.VOLUME, "another_account_without_volume", number=before, accounts=how, sends=sends,
                            period=previous.slots.get("period") if sends else None)
        return Question(intent=Intent.CLARIFY, slots=ask.saved(), lang=reading.lang, ask=ask)
    if not before or not now:
        return None
    volumes = [*(previous.slots.get("_volumes") or [before]), now]
    if SHARED.search(reading.text):
        return Question(intent=Intent.ESTIMATE, slots={"messages": sum(volumes)}, lang=reading.lang, follow_up=True)
    separate = SEPARATE.search(reading.text) or ACCOUNT_COUNT.search(reading.text)  # 「兩個帳號一共多少」: two bills
    said = {"_accounts_said": "separate"} if separate else {}
    own = {k: v for k, v in reading.public.items() if k != "_shops"}  # the accounts are these two, not 2 × this one
    return Question(intent=Intent.ESTIMATE, slots={**own, "_volumes": volumes, **said}, lang=reading.lang,
                    follow_up=True)


def _vaguely_more(previous: Previous | None, reading: Reading) -> Question | None:
    """「如果好友再多一些呢」 after an estimate: more, but how many? Ask rather than guess a number."""
    if previous is None or previous.intent not in (Intent.ESTIMATE, Intent.PLAN_FACTS):
        return None
    if re.search(r"\d", reading.text) or not VAGUE_MORE.search(reading.text):
        return None
    ask = Clarification(Need.MORE, "vague_more")
    return Question(intent=Intent.CLARIFY, slots=ask.saved(), lang=reading.lang, ask=ask)


# 「不對」「錯了」 "that's wrong": the answer is disputed, with nothing said about what is right.
DISPUTE = re.compile(r"^(?:不對|不是|錯了|算錯了?|你算錯了?|不是這樣|wrong|that'?s wrong|that'?s not right|no)"
                     r"[\s!！。.~～?？啦耶喔欸]*$")
# 「不是中用量，是高用量」: the plan named first is replaced by the one named after.
PLAN_SWAP = re.compile(r"^(?:不是|not)\s*\S{1,8}?\s*[,，]?\s*(?:是|而是|應該是|我是說|it'?s|but)")
PLAN_KEYS = ("plan", "to_plan", "from_plan")


def _disputed(previous: Previous | None, reading: Reading) -> Question | None:
    """「不對」 after an answer: ask which part was misread instead of repeating or guessing."""
    if previous is None or previous.intent == Intent.CLARIFY or not DISPUTE.match(reading.text.strip()):
        return None
    ask = Clarification(Need.FIX, "disputed")
    prior = [previous.intent.value, {k: v for k, v in previous.slots.items() if k != "_prior"}]
    return Question(intent=Intent.CLARIFY, slots={**ask.saved(), "_prior": prior}, lang=reading.lang, ask=ask)


def _disputed_question(previous: Previous | None) -> Previous | None:
    """After 「不對」 and the question back, the merchant's correction applies to the question disputed."""
    if previous is None or previous.slots.get("need") != Need.FIX or not previous.slots.get("_prior"):
        return previous
    intent, slots = previous.slots["_prior"]
    return Previous(Intent(intent), dict(slots))


# 「這樣要錢嗎」「那要付多少」 "is that free?": the cost of what was just priced.
COST_OF_THAT = re.compile(r"^(?:那|這樣|這樣子|所以|那這樣)?\s*(?:這個月|當月|this month)?\s*"
                          r"(?:要錢嗎|要付錢嗎|要收費嗎|需要付費嗎|會收費嗎|要付費嗎|免費嗎|要多少錢|要付多少|多少錢|要多付多少|多付多少|"
                          r"(?:費用|月費|錢)\s*(?:會)?\s*(?:變|差)\s*多少|(?:會|要)?差多少(?:錢)?)\s*[?？]?$|"
                          r"^(?:so )?(?:is (?:it|that) free|do i (?:have to )?pay)\??$")


def _heard_about_it(previous: Previous | None, reading: Reading) -> Question | None:
    """「高用量現在一個月多少」 then 「可是我朋友說是1200耶」: a figure heard about the plan just discussed."""
    plan = previous.slots.get("plan") if previous is not None else None
    if not plan or reading.slots.get("_plans") or not CLAIM_CUE.search(reading.text):
        return None
    rise = rise_claim(reading.text)  # 「我看到說是漲了25%，對嗎」
    if rise is not None:
        return Question(intent=Intent.HISTORY, slots={"plan": str(plan), "_rise_claim": list(rise)}, lang=reading.lang,
                        follow_up=True)
    heard = claim(reading.text, [str(plan)])
    price = addon_price_claim(reading.text) if ADDON.search(reading.text) else None  # 「聽說加購一則才0.2」
    if heard is None and price is None:
        return None
    said = [heard.kind, heard.value] if heard is not None else ["addon", price]
    return Question(intent=Intent.HISTORY, slots={"plan": str(plan), "_claim": said}, lang=reading.lang,
                    follow_up=True)


def _cost_of_that(previous: Previous | None, reading: Reading) -> Question | None:
    """「好友150，每月2次」 then 「這樣要錢嗎」: the estimate again, which says what it costs."""
    if previous is None or previous.intent != Intent.ESTIMATE or not COST_OF_THAT.match(reading.text.strip()):
        return None
    if not any(previous.slots.get(k) for k in VOLUME_KEYS):
        return None
    return Question(intent=Intent.ESTIMATE, slots=dict(previous.slots), lang=reading.lang, follow_up=True)


def _time_still_unnamed(previous: Previous | None, reading: Reading) -> Question | None:
    """「我想查一下以前的資料」 then 「那個時候是多少錢」: no time was named before either, so ask which."""
    if reading.ask is None or reading.ask.need != Need.WHEN:
        return None
    if previous is not None and any(previous.slots.get(k) for k in ("date", "_year", "_month", "_on")):
        return None
    return reading.question()


def _target_known(slots: Slots) -> bool:
    """Whether a change's new plan is said or follows (up from Medium is High, down from High is Medium)."""
    source = slots.get("from_plan") or slots.get("plan")
    return bool(slots.get("to_plan")) or (source == "medium" and bool(slots.get("_up"))) or (
        source == "high" and bool(slots.get("_down")))


def _change_unknown(previous: Previous | None, reading: Reading) -> Question | None:
    """「我這個月升級了方案」「我想從輕用量升級」 then 「要多付多少？」: to which plan? The cost depends on it."""
    if previous is None or previous.intent not in (Intent.PLAN_CHANGE, Intent.PRORATE):
        return None
    if _target_known(previous.slots) or not COST_OF_THAT.match(reading.text.strip()):
        return None
    ask = Clarification(Need.PLANS, "change_unknown")
    return Question(intent=Intent.CLARIFY, slots=ask.saved(), lang=reading.lang, ask=ask)


SPAN_KEYS = ("_yearly", "_months", "_months_from")
# 「一年」「那1季」「3個月」: the span a follow-up asks about, the only numbers it may hold.
SPAN_WORDS = re.compile(r"\d+\s*(?:個月|季|年|months?|years?|quarters?)")
VOLUME_KEYS = ("messages", "friends", "_volumes", "_parts", "_month_list")


def _over_months(previous: Previous | None, reading: Reading) -> Question | None:
    """「一年總共多少？」「那一季呢」 after an estimate: the same month priced over that span."""
    if previous is None or previous.intent != Intent.ESTIMATE or not any(previous.slots.get(k) for k in VOLUME_KEYS):
        return None
    span = {k: reading.slots[k] for k in SPAN_KEYS if reading.slots.get(k)}
    if not span or reading.slots.get("_plans") or re.search(r"\d", SPAN_WORDS.sub("", reading.text)):
        return None
    kept = {k: v for k, v in previous.slots.items() if k not in (*SPAN_KEYS, "tax")}
    taxed = {"tax": True} if reading.slots.get("tax") and not reading.slots.get("_untaxed") else {}
    return Question(intent=Intent.ESTIMATE, slots={**kept, **span, **taxed}, lang=reading.lang, follow_up=True)


def _plan_corrected(previous: Previous | None, reading: Reading) -> Question | None:
    """「中用量一年多少」 then 「不是中用量，是高用量」: the same question about the other plan."""
    plans = reading.slots.get("_plans") or []
    if previous is None or len(plans) != 2 or not PLAN_SWAP.match(reading.text):
        return None
    wrong, right = plans
    slots = dict(previous.slots)
    keys = [k for k in PLAN_KEYS if slots.get(k) == wrong] or ["plan"]
    slots.update({k: right for k in keys})
    return Question(intent=previous.intent, slots=slots, lang=reading.lang, follow_up=True)


def understand(raw: str, previous: Mapping[str, Any] | None, today: date, reading: Reading | None = None) -> Question:
    """Read a message and continue the saved question with it (`previous` is {"intent", "slots"}).

    `reading` is the message already read on its own (`read(raw, today)`), when the caller kept one.
    """
    return follow_up(Previous.of(previous), reading or read(raw, today), today)


NUMBERS = ("friends", "sends", "messages", "budget")
TWO_MONTHS = re.compile(r"[2-9兩三]\s*個月.{0,6}(?:總共|合計|加起來|一共|最少|要多少|多少)|總共|合計|加起來|in total")
FRIENDS_SHOP = re.compile(r"朋友的店|別人的店|朋友的帳號|a friend'?s (?:shop|store|account)")
SEASON_MONTHS = re.compile(r"((?:1[0-2]|[1-9])(?:\s*[、,，和跟與及]\s*(?:1[0-2]|[1-9]))*)\s*月")
UPGRADE = re.compile(r"升級|升高|upgrade")
# 「我現在是免費方案」 "we're currently on": the plan one is on now.
CURRENT_PLAN = re.compile(r"(?:現在|目前)(?:是|用|在用)|(?:i'?m|we'?re) (?:currently |now )?on")
MORE_FRIENDS = re.compile(r"(?:好友|粉絲|會員)?再多\s*(\d+)\s*(?:個|位|人)?|多了?\s*(\d+)\s*(?:個|位)?\s*(?:好友|人)|"
                          r"(\d+) more (?:friends|followers)")
SHOP_WORDS = re.compile(r"分店|帳號|家店|間店|門市|accounts?|shops?|branch")  # 「再加一個分店帳號」: another account
BACK_REF = re.compile(r"剛剛|剛才|前面|回到|那樣|earlier|previous|back to")
FAMILIES = (
    frozenset({"estimate", "tax", "plan_facts"}),
    frozenset({"budget", "tax"}),
    frozenset({"plan_change", "prorate", "plan_facts", "history"}),
    frozenset({"history", "plan_facts", "tax"}),
    frozenset({"segment", "plan_facts"}),
    frozenset({"tax", "plan_facts"}),
    frozenset({"billed", "help", "quota"}),
    frozenset({"manager_howto", "plan_facts"}),
    frozenset({"billing", "plan_facts"}),
)
MERGEABLE = {"estimate", "budget", "plan_change", "prorate", "history", "plan_facts", "tax", "segment", "billed",
             "manager_howto", "billing"}


UNIT_ANSWERS = (
    (re.compile(r"好友|朋友|粉絲|人|位|會員|friends?|followers?|people"), "{n}位好友"),
    (re.compile(r"則|訊息|messages?|msgs?"), "每月{n}則"),
    (re.compile(r"預算|元|塊|錢|budget|nt|\\$|dollars?"), "預算{n}元"),
)


def _every(saved: dict[str, Any]) -> str:
    """How often, as the merchant said it: 每月, 每週, 每天 or 每兩週."""
    return {"week": "每週", "day": "每天", "fortnight": "每兩週"}.get(saved.get("period") or "month", "每月")


SENDS_WORDS = re.compile(r"次|則|每月|每週|每天|times?|a month|a week")


def _each_account(saved: dict[str, Any], text: str) -> str:
    """Each account's friends after 「各有幾位好友？」; bare counts (「一個3000 一個1000」) keep the sends said."""
    counts = [n for n in re.findall(r"\d+", text) if int(n) >= 10]
    if saved.get("sends") and len(counts) == saved["shops"] and not SENDS_WORDS.search(text):
        friends = " ".join(f"一個好友{n}" for n in counts)
        return f"{saved['shops']}個帳號，{friends} {_every(saved)}各發{saved['sends']}次"
    said = {"separate": "各自的帳號", "shared": "共用一個帳號"}.get(saved.get("accounts") or "", "")
    return f"{saved['shops']}家店{said}，{text}"


def _answered(previous: Previous | None, text: str, today: date) -> str | None:
    """The full question once a merchant answers what a clarifying question asked, else None."""
    if previous is None or previous.intent != Intent.CLARIFY:
        return None
    saved = previous.slots
    if saved.get("need") == Need.YEAR and saved.get("text") and saved.get("days"):  # 「2027」 after 「哪一年？」
        days = [date.fromisoformat(d) for d in saved["days"]]
        return _with_year(str(saved["text"]), days, text, today)
    if saved.get("need") == Need.CURRENT and saved.get("text") and PLAN_ANSWER.search(text):  # 「中用量」
        return f"我是{text}，{saved['text']}"
    if saved.get("need") == Need.MEANING and saved.get("number") and not re.search(r"\d", text):
        for unit, phrase in UNIT_ANSWERS:
            if unit.search(text):
                return phrase.format(n=saved["number"])
    number = LONE_NUMBER.search(text)
    if saved.get("need") == Need.FRIENDS and saved.get("sends") and number:  # 「一週兩次」 then 「好友250」
        return f"好友{number.group(1)}人，{_every(saved)}發{saved['sends']}次"
    if saved.get("need") == Need.VOLUME and saved.get("shops") and re.search(r"\d", text):  # 「每家好友800人…」
        return _each_account(saved, text)
    if saved.get("need") == Need.VOLUME and saved.get("accounts") and saved.get("number") and re.search(r"\d", text):
        return _other_account_answered(saved, text, today)
    if saved.get("need") == Need.WHEN and saved.get("text") and re.search(r"20\d\d|去年|前年|last year", text):
        return f"{text}，{saved['text']}"  # 「那時候要付多少」 then 「2022年」
    if saved.get("need") == Need.VOLUME and saved.get("number") and saved.get("text") and re.search(r"\d", text) \
            and not re.search(r"預算|budget", text):  # 「預算3000夠不夠」 then 「好友5000人，每月發2次」
        return f"{text}，{saved['text']}"
    if saved.get("need") == Need.ACCOUNTS:
        return _accounts_answered(saved, text)
    return None


def _accounts_answered(saved: Slots, text: str) -> str | None:
    """「各自的帳號」 or 「共用一個」 after 「一個帳號還是各自的？」: the shops' question, with that said."""
    shops = saved.get("shops", 2)
    if saved.get("number") and SHARED.search(text):  # 「共用」 after 「A店跟B店加起來8000則」
        return f"{shops}家店共用一個帳號，合計每月{saved['number']}則"
    if saved.get("number") and SEPARATE.search(text):
        return f"我們有{shops}家店，各自的帳號"  # then each account's own volume is asked
    if not (saved.get("friends") and saved.get("sends")):
        return None
    how = "各自的帳號" if SEPARATE.search(text) else "共用一個帳號" if SHARED.search(text) else None
    every = {"week": "每週", "day": "每天"}.get(saved.get("period") or "month", "每月")
    return f"{shops}家店{how}，每家店各{saved['friends']}位好友，{every}發{saved['sends']}次" if how else None


def _other_account_answered(saved: Slots, text: str, today: date) -> str | None:
    """After 「另外一個帳號呢」, both accounts' months; the other's sends are the first's when unsaid (「好友2500」)."""
    heard = read(text, today).public
    first_sends = {"sends": saved.get("sends"), "period": saved.get("period")}
    now = monthly_messages(heard) or monthly_messages({**first_sends, **heard})
    if not now:
        return None
    how = "共用一個帳號" if saved["accounts"] == "shared" else "各自計費"
    return f"2個帳號{how}，一個每月{saved['number']}則，另一個每月{now}則，總共多少"


PLAN_ANSWER = re.compile(r"^\S{0,4}(?:輕|中|高|免費)\S{0,4}$|^(?:the )?(?:light|medium|high|free)(?: plan)?$")
YEAR_SAID = re.compile(r"(20\d\d)|(去年|今年|明年)|(last year|this year|next year)")


def _with_year(text: str, days: list[date], answer: str, today: date) -> str | None:
    """The question asked again with the year the merchant picked (by number, by word, or by tapping a day)."""
    m = YEAR_SAID.search(answer)
    if m is None:
        return None
    if m.group(1):
        year = int(m.group(1))
    else:
        word = m.group(2) or m.group(3)
        year = today.year + {"去年": -1, "last year": -1, "今年": 0, "this year": 0}.get(word, 1)
    if year not in {d.year for d in days}:
        return None
    return re.sub(r"(?<![\d/.])(1[0-2]|[1-9])\s*/\s*(\d{1,2})(?![\d/])", rf"{year}/\1/\2", text, count=1)


def _related(a: str, b: str) -> bool:
    """Two intents a follow-up may move between."""
    return a == b or any(a in family and b in family for family in FAMILIES)


def _merge(prev_intent: str, prev: Slots, intent: str, text: str, slots: Slots,
           public: Slots) -> tuple[str, Slots] | None:
    """Continue the earlier question when the new message only changes some of its slots."""
    carried = _carry_context(prev_intent, prev, intent, text, slots, public)
    if carried is not None:
        return carried
    if _new_volume_for_estimate(prev_intent, intent, slots):
        intent, public = "estimate", public_slots("estimate", text, slots)  # 「改成每週一次要升級嗎」 re-prices
    awaiting = prev_intent == "estimate" and "messages" not in prev and not {"friends", "sends"} <= prev.keys()
    bare_tax = intent == "tax" and not {"plan", "budget", "friends", "messages"} & public.keys() \
        and "_amount" not in slots  # 「要加5%的稅嗎，加完多少」: the tax on what was just priced
    looks_like_follow_up = bool(FOLLOW_UP.search(text)) or len(text) <= 10 or awaiting or bare_tax
    if intent == "thanks" or not (looks_like_follow_up or intent == prev_intent):
        return None
    switched = _switch_with_plan(prev_intent, prev, intent, public)
    if switched is not None:
        return switched
    if not (intent in WEAK or _related(intent, prev_intent) or (awaiting and intent == "estimate")):
        return None
    if intent in ("estimate", "budget") and intent != prev_intent and any(k in public for k in NUMBERS):
        return None
    return _continue(prev_intent, prev, intent, text, slots, public)


def _after_budget(prev: Slots, intent: str, text: str, slots: Slots, public: Slots) -> tuple[str, Slots] | None:
    """A question after a budget that needs it: friends or a volume against it, or what it sends."""
    if slots.get("friends") and "budget" not in slots:
        return _within_budget(prev, public, slots)
    if intent in WEAK and re.search(r"幾則|多少則|how many messages", text):
        return "budget", prev  # 「加購上限設3000元」 then 「這樣一個月總共最多發幾則」: what that budget sends
    return None


def _within_budget(prev: Slots, public: Slots, slots: Slots) -> tuple[str, Slots]:
    """A budget, then 「好友3000 每月發4次 夠嗎」: that volume against it; then only friends: how many sends."""
    if "sends" in public and prev.get("budget"):
        taxed = {"_budget_taxed": True} if prev.get("tax") else {}
        return "estimate", {**public, "_budget": prev["budget"], **taxed}
    return "budget", {**prev, "_friends": slots["friends"]}  # 「預算每月3000」 then 「好友2000人，能推幾次」


def _after_plan_facts(prev: Slots, intent: str, text: str, slots: Slots, public: Slots) -> tuple[str, Slots] | None:
    """A question after a plan's facts that needs that plan: its fee charged, a volume on it, sends to its friends."""
    if intent == "billing":  # 「12月加購的錢什麼時候扣」
        fee = {"_plan": prev["plan"], "_plan_taxed": True} if prev.get("plan") and FEE_CHARGED.search(text) else {}
        return "billing", {**public, **fee}  # 「我是中用量」 then 「12/1扣了多少 含稅」: that plan's fee
    if prev.get("plan") and intent == "estimate" and "plan" not in public:
        return _on_plan_said(prev["plan"], text, public)
    if intent in ("quota", "estimate"):
        return _plan_friends_sent(prev, slots)
    return None


def _plan_friends_sent(prev: Slots, slots: Slots) -> tuple[str, Slots] | None:
    """「中用量 好友1600」 then 「為什麼才12/4就用完了 這個月才發兩次」: those friends × those sends, on that plan."""
    if not prev.get("plan") or not prev.get("_friends") or "sends" not in slots or "friends" in slots:
        return None
    return "estimate", {"friends": prev["_friends"], "sends": slots["sends"], "period": slots.get("period", "month"),
                        "plan": prev["plan"]}


def _on_plan_said(plan: str, text: str, public: Slots) -> tuple[str, Slots]:
    """「我是中用量」 then the month's volume: an estimate on it; then 「好友1300 還能群發幾次」: what it covers."""
    if set(public) == {"friends"} and HOW_MANY_SENDS.search(text):
        return "plan_facts", {"plan": plan, "_friends": public["friends"]}
    return "estimate", {**public, "plan": plan}


def _carry_context(prev_intent: str, prev: Slots, intent: str, text: str, slots: Slots,
                   public: Slots) -> tuple[str, Slots] | None:
    """A new question that still needs the earlier one's month, estimate or current plan."""
    after_estimate = _after_estimate(prev, intent, text, slots, public) if prev_intent == "estimate" else None
    if after_estimate is not None:
        return after_estimate
    if intent == "billing" and prev.get("_month") and "_month" not in public:
        return intent, {**public, "_month": prev["_month"]}
    if prev_intent == "billed" and prev.get("kind") and intent not in ("estimate", "budget", "billing") \
            and BILLED_ASK.search(text) and not slots.get("_plans") and not public.get("kind"):  # 「這個會扣則數嗎」
        return "billed", prev  # not 「月費幾號扣」, nor a kind of its own (「一次發3個對話框算幾則」)
    after_budget = _after_budget(prev, intent, text, slots, public) if prev_intent == "budget" else None
    if after_budget is not None:
        return after_budget
    if prev_intent in ("plan_facts", "estimate") and prev.get("plan") == "medium" and UPGRADE.search(text) \
            and not slots.get("_plans") and not {"friends", "messages"} & slots.keys():  # then 「那升級要補多少錢」
        return "plan_change", {"from_plan": "medium", "to_plan": "high", "_up": True}
    after_facts = _after_plan_facts(prev, intent, text, slots, public) if prev_intent == "plan_facts" else None
    if after_facts is not None:
        return after_facts
    if prev_intent == "billed" and prev.get("_audience") and "sends" in slots and "friends" not in slots:
        return "billed", {**prev, "_sends": slots["sends"]}  # 「那一個月發4次總共幾則」
    detail = _detail_of(prev_intent, prev, text, slots)
    if detail is not None:
        return detail
    if prev_intent in ("plan_change", "prorate") and "date" in slots and not slots.get("_plans"):
        return prev_intent, {**prev, "date": slots["date"]}  # 「12/15申請的話什麼時候生效」
    if prev_intent == "plan_facts" and prev.get("plan") not in (None, "light") and "date" in slots \
            and START_USING.search(text):  # 「那如果11/16才開始用呢」: from the free plan on that day
        return "prorate", {"from_plan": "light", "to_plan": prev["plan"], "date": slots["date"]}
    accounts = _accounts_changed(prev, text)
    if accounts is not None:
        return "estimate", accounts
    if BACK_REF.search(text) and prev.get("_est"):
        extra = {k: v for k, v in public_slots("estimate", text, slots).items() if k in ("tax", "_yearly")}
        return "estimate", {**prev["_est"], **extra}
    on_plan = prev.get("plan") if prev_intent in ("plan_facts", "history") else None
    if intent in ("plan_change", "prorate") and on_plan and "from_plan" not in public \
            and public.get("to_plan") not in (None, on_plan):
        used = {"_used": prev["_used"]} if prev.get("_used") and "_used" not in public else {}  # 「已發了1800則」
        return intent, {**public, "from_plan": on_plan, **used}
    return None


def _detail_of(prev_intent: str, prev: Slots, text: str, slots: Slots) -> tuple[str, Slots] | None:
    """A detail added to the question before: the plan one is on now, or the size of a segment."""
    if prev_intent in ("plan_change", "prorate") and prev.get("to_plan") and len(slots.get("_plans") or []) == 1 \
            and slots["_plans"][0] != prev["to_plan"] and CURRENT_PLAN.search(text):  # 「我現在是免費方案，今天升」
        dated = {"date": slots["date"]} if "date" in slots else {}
        return prev_intent, {**prev, "from_plan": slots["_plans"][0], **dated}
    if prev_intent == "segment" and slots.get("friends") and not slots.get("sends"):  # 「那我好友只有80人可以用嗎」
        return "segment", {**prev, "_size": slots["friends"]}
    return None


def _accounts_changed(prev: Slots, text: str) -> Slots | None:
    """Shops priced on one account are re-priced on one account each, or the other way round."""
    if prev.get("_each_shop") and SEPARATE.search(text):  # 「不是共用，是三間各自一個帳號」
        shops, each = prev["_each_shop"]
        return {"messages": each, "_shops": shops}
    if prev.get("_shops") and prev.get("messages") and SHARED.search(text):  # 「如果三間共用一個帳號呢」
        shops, each = prev["_shops"], prev["messages"]
        return {"messages": int(each) * int(shops), "_each_shop": [shops, each]}
    if prev.get("_volumes") and SHARED.search(text):  # 「如果合併成同一個帳號呢」: the shops' volumes on one account
        return {"messages": sum(int(v) for v in prev["_volumes"])}
    return None


def _after_estimate(prev: Slots, intent: str, text: str, slots: Slots, public: Slots) -> tuple[str, Slots] | None:
    """A question after an estimate that needs its volume, friends or plan."""
    if slots.get("_then_on") and monthly_messages(prev) \
            and not any(k in slots for k in ("friends", "sends", "messages")):
        return "estimate", {**prev, "_then_on": slots["_then_on"], "_before_after": True}  # 「跟2022年比要多付多少」
    if MORE_SENDS.search(text) and prev.get("sends") and intent != "estimate":  # "add a third broadcast to 500 VIPs"
        reshaped = _reshaped("estimate", prev, text, slots)
        if reshaped is not None:
            return "estimate", reshaped
    charge_asked = ADDON.search(text) or re.search(r"哪些錢|扣多少|多少錢|how much", text)
    if intent == "billing" and charge_asked and monthly_messages(prev):
        kept = {k: prev[k] for k in ("_month",) if k in prev and k not in public}
        plan = {"_plan": prev["plan"]} if prev.get("plan") else {}  # 「那加購費什麼時候扣 多少」: that month's add-on
        return "billing", {**public, **kept, "_messages": monthly_messages(prev), **plan}
    if prev.get("friends") and not {"sends", "messages"} & prev.keys() and "sends" in slots \
            and "friends" not in slots:  # 「1,000 friends」 then 「每個月 push 3 次 enough for 中用量嗎」
        plan = {"plan": slots["_plans"][0]} if slots.get("_plans") else {}
        return "estimate", {**prev, "sends": slots["sends"], "period": slots.get("period", "month"), **plan}
    if prev.get("messages") and slots.get("messages") and TWO_MONTHS.search(text):  # 「2月12000則，兩個月多少」
        months = [*(prev.get("_month_list") or [prev["messages"]]), slots["messages"]]
        return "estimate", {**public, "_month_list": months}
    if prev.get("friends") and intent == "budget" and "friends" not in slots:
        return "budget", {**public, "_friends": prev["friends"]}  # 「好友8000」 then 「預算3000能發幾次」
    if intent == "billed" and public.get("kind") == "bubbles" and monthly_messages(prev) \
            and not {"friends", "messages"} & slots.keys():  # 「每次都發兩個對話框 這樣會變貴嗎」: the same month
        return "estimate", {**prev, "_free_kind": "bubbles"}
    if intent == "plan_change" and public.get("_down") and prev.get("plan"):
        return intent, {**public, "from_plan": prev["plan"]}  # 「這個月想降級中用量」 after a month on the High plan
    if prev.get("friends") and slots.get("_blocked") and "friends" not in slots:  # 「封鎖的有500人，這樣呢」
        return "estimate", {**prev, "_blocked": slots["_blocked"]}
    if prev.get("friends") and slots.get("friends") and int(slots["friends"]) < int(prev["friends"]) \
            and SEGMENT_CUE.search(text) and not (MORE_SENDS.search(text) or ADD_PART.search(text)):
        # 「只發給其中800人呢」
        return "estimate", {**prev, "friends": slots["friends"], "_segment": True}
    if intent in ("plan_change", "prorate") and public.get("to_plan") and "date" not in slots:
        # 「那改成高用量的話含稅多少」: the same volume on that plan
        return "estimate", {**prev, "plan": public["to_plan"], **({"tax": True} if slots.get("tax") else {})}
    return None


def _switch_with_plan(prev_intent: str, prev: Slots, intent: str, public: Slots) -> tuple[str, Slots] | None:
    """「含稅呢」/「去年呢」 about the plan (or plan change) just discussed."""
    plan_from_before = "plan" not in public and prev.get("plan")
    if intent == "tax" and prev_intent in ("prorate", "plan_change"):
        return prev_intent, {**prev, "tax": True}
    if intent == "tax" and prev_intent == "plan_facts" and not plan_from_before and "plan" not in public:
        return "tax", {**public, **({"plan": "high"} if prev.get("aspect") == "addon" else {})}
    if intent == "tax" and prev_intent not in ("estimate", "budget", "tax") and plan_from_before:
        return "tax", {**public, "plan": prev["plan"], **{k: prev[k] for k in SPAN_KEYS if prev.get(k)}}
    if intent == "history" and prev_intent in ("plan_facts", "tax") and plan_from_before:
        return "history", {**public, "plan": prev["plan"]}
    return None


def _continue(prev_intent: str, prev: Slots, intent: str, text: str, slots: Slots,
              public: Slots) -> tuple[str, Slots] | None:
    """The earlier question with the numbers, plans or dates this message changes."""
    asks_taxed_cost = bool(re.search(r"要付|付多少|多少錢|pay", text))
    if prev_intent == "budget" and slots.get("tax") and "budget" not in public and asks_taxed_cost:
        return prev_intent, prev
    reshaped = _reshaped(prev_intent, prev, text, slots) if prev_intent == "estimate" else None
    if reshaped is not None and share(text) is not None:  # 「只發給一半」: a segment of the friends, not fewer friends
        return prev_intent, reshaped
    scaled = _scaled(prev_intent, prev, slots)
    if scaled is not None:
        return prev_intent, scaled
    if reshaped is not None:
        return prev_intent, reshaped
    new = _bare_number(prev_intent, prev, text, slots, public_slots(prev_intent, text, slots))
    if prev_intent == "history" and new.get("_now"):
        return prev_intent, {k: v for k, v in {**prev, **new}.items() if k not in ("date", "_year", "_before_change")}
    new = {k: v for k, v in new.items() if k != "topic" or topic_of(text)}
    if not new:
        brief = len(text) <= 12 or len(text.split()) <= 5
        short_follow_up = intent != "tax" and bool(FOLLOW_UP.search(text)) and brief
        if intent == prev_intent or (intent in WEAK and FIGURE_WORDS.search(text)) or short_follow_up:
            return prev_intent, {**prev, **public}
        return None
    return prev_intent, _combine(prev_intent, prev, new)


def _reshaped(prev_intent: str, prev: Slots, text: str, slots: Slots) -> Slots | None:
    """An estimate changed by a part of its friends, an added send pattern, or sends added to the month."""
    friends = prev.get("friends")
    part = share(text)
    if part is not None and friends and "friends" not in slots:
        count = int((int(friends) * part).to_integral_value())
        changed = {"_blocked": count} if BLOCKED_WORDS.search(text) else {"friends": count, "_segment": True}
        return {**{k: v for k, v in prev.items() if k not in ("_factor", "_factor_of")}, **changed}
    more_friends = MORE_FRIENDS.search(text)
    if more_friends and friends:  # 「好友再多1000呢」: added to the friends before
        return {**prev, "friends": int(friends) + int(next(g for g in more_friends.groups() if g))}
    more_messages = MORE_MESSAGES.search(text)
    if more_messages and prev.get("messages") and not friends and not slots.get("friends"):  # 「那如果再多發4000則呢」
        return {**prev, "messages": int(prev["messages"]) + int(more_messages.group(1))}
    more = MORE_SENDS.search(text)
    if more and prev.get("sends"):
        added = int(next((g for g in more.groups() if g), "1"))  # "add a third broadcast": one more
        months = SEASON_MONTHS.search(text)
        if months:  # 「那如果7、8月各多推一次呢」: those months only
            n = len(re.findall(r"1[0-2]|[1-9]", months.group(1)))
            period = prev.get("period", "month")
            busier = int(prev["sends"]) + added  # the busier months are what is asked: priced, the usual beside them
            return {**prev, "sends": busier, "_alt": ["sends", busier, prev["sends"], period],
                    "_season_months": [n, 12 - n], "_seasonal": True}
        if slots.get("friends") and friends and slots["friends"] != friends:  # 「多發一次給新加入的300人」
            first = prev.get("_parts") or [[friends, prev["sends"], prev.get("period", "month"), None]]
            return {**prev, "_parts": [*first, [slots["friends"], added, "month", None]]}
        return {**prev, "sends": int(prev["sends"]) + added}
    pattern = parts(text)
    if pattern and friends and not any(p.friends for p in pattern):  # 「每月群發1次，另外每天提醒40則」
        kept = {k: v for k, v in prev.items() if k != "messages"}
        return {**kept, "_parts": [[friends, p.sends, p.period, p.messages] for p in pattern]}
    if ADD_PART.search(text) and "sends" in slots and friends and prev.get("sends") and not SHOP_WORDS.search(text):
        first = prev.get("_parts") or [[friends, prev["sends"], prev.get("period", "month"), None]]
        added_part = [slots.get("friends") or friends, slots["sends"], slots.get("period", "month"),
                      slots.get("messages") if "friends" not in slots else None]
        return {**prev, "_parts": [*first, added_part]}
    return None


def _scaled(prev_intent: str, prev: Slots, slots: Slots) -> Slots | None:
    """「好友變兩倍呢」/ "what if my followers double" / 「預算加倍呢」: scale the earlier number."""
    factor = slots.get("_factor")
    if prev_intent not in ("estimate", "budget") or not factor:
        return None
    key = slots.get("_factor_of", "friends")
    key = key if key in prev else "friends" if "friends" in prev else "messages" if "messages" in prev else "budget"
    if key not in prev:
        return None
    scaled = {k: v for k, v in prev.items() if not k.startswith("_factor")}
    scaled[key] = max(1, round(int(prev[key]) * float(factor)))
    return scaled


def _new_volume_for_estimate(prev_intent: str, intent: str, slots: Slots) -> bool:
    """After an estimate, a change of plan named by no plan but by new numbers is a new volume to price."""
    volume = any(k in slots for k in ("friends", "sends", "messages"))
    return prev_intent == "estimate" and intent in ("plan_change", "prorate") and volume and not slots.get("_plans")


def _bare_number(prev_intent: str, prev: Slots, text: str, slots: Slots, new: Slots) -> Slots:
    """A lone number in a follow-up fills the earlier question's main number."""
    lone = LONE_NUMBER.search(text)
    corrects_friends = (prev_intent == "estimate" and "friends" in prev and not {"friends", "messages"} & new.keys()
                        and bool(CORRECTION.search(text)))
    if corrects_friends and lone and new.get("sends") and int(lone.group(1)) != new["sends"] and "date" not in slots:
        return {**new, "friends": int(lone.group(1))}  # 「其實只有3000人，每月發一次」
    if new.get("friends") or new.get("sends") or new.get("messages") or new.get("budget"):
        return new
    per = re.search(r"(\d+)\s*(?:x\s*)?(?:a|per|/)\s*(month|week|day)", text)
    if prev_intent == "estimate" and per and "friends" in prev:
        return {**new, "sends": int(per.group(1)), "period": per.group(2)}
    m = LONE_NUMBER.search(text)
    if not m or "date" in slots or "_blocked" in slots:
        return new
    value = int(m.group(1))
    if prev_intent == "budget":
        return {**new, "budget": value}
    if prev_intent == "estimate":
        if "friends" in prev and "sends" not in prev and "messages" not in prev:
            return {**new, "sends": value, "period": new.get("period", "month")}
        key = "messages" if "messages" in prev and "friends" not in prev else "friends"
        return {**new, key: value}
    return new


def _combine(intent: str, prev: Slots, new: Slots) -> Slots:
    """Earlier slots overridden by the new ones, keeping the estimate's volume consistent."""
    merged = {**prev, **new}
    if new.get("tax"):
        merged.pop("_untaxed", None)
    if intent == "estimate":
        if "messages" in new:
            for key in ("friends", "sends", "period"):
                merged.pop(key, None)
        elif "friends" in new or "sends" in new:
            merged.pop("messages", None)
            merged.pop("_parts", None)
    changing = intent in ("plan_change", "prorate") and "to_plan" in new and "from_plan" not in new
    if changing and prev.get("from_plan") == new["to_plan"]:
        merged.pop("from_plan")
    if changing and new.get("_again") and prev.get("to_plan") not in (None, new["to_plan"]):
        merged["from_plan"] = prev["to_plan"]
    return merged
