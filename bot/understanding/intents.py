"""Intents: which question a message asks, once its slots are known."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from bot.understanding.cues import (
    BILLED_CUE,
    BILLING,
    BILLING_STRONG,
    BUDGET_CUE,
    CHANGE,
    COMPARE,
    COMPARE_LOOSE,
    DOWNGRADE,
    ESTIMATE_CUE,
    FREE_KIND_NAMES,
    GENERAL_PRICE,
    GREETING,
    HEARSAY_CLAUSE,
    HELP,
    HISTORY,
    HOW_MANY_SENDS,
    HOWTO,
    LIMIT_429,
    OUT_OF_SCOPE_HINTS,
    PRICE_QUESTION,
    PRICING_WORDS,
    PRORATE,
    QUOTA,
    QUOTA_ASPECT,
    RESTART_ESTIMATE,
    SEGMENT,
    SMS,
    SWITCH_WORDS,
    THANKS,
    TOTAL_WORDS,
    UNTAXED,
    UPGRADE,
    WHERE,
)
from bot.understanding.slots import (
    Slots,
    api_topic,
    change_plans,
    kind_of,
    topic_of,
)


# --- intent rules --------------------------------------------------------------------------------
def _is_volume(text: str, slots: Slots) -> bool:
    """The text gives a monthly volume to price."""
    if ("friends" in slots and "sends" in slots) or len(slots.get("_volumes") or ()) >= 2:
        return True  # 「Salon A sends about 3,200 a month and Salon B about 2,700」: each account's month
    if "messages" in slots and slots["messages"] != 1 and TOTAL_WORDS.search(text) and "_plans" not in slots \
            and not PRICE_QUESTION.search(text):
        return True
    if "messages" in slots and slots["messages"] != 1:
        if NOT_A_VOLUME.search(HEARSAY_CLAUSE.sub("", text, count=1)):
            return False
        if CHANGE.search(text) and slots.get("_plans"):
            return False
        return "date" not in slots or bool(re.search(r"每月|一個月|month", text))
    return "friends" in slots and bool(ESTIMATE_CUE.search(text)) and "budget" not in slots


# Messages that are a price's unit, a tier's edge, a count used or a claim, not the month's volume.
NOT_A_VOLUME = re.compile(
    r"(?<!\d)[1一]則.{0,3}多少|每則.{0,3}多少|單價|per message|第幾則|第\s*\d+\s*則|從第|從哪[1一]?則|"
    r"price (?:after|beyond|above|from|of each)|(?:price|cost) per|超過|不夠|舊制|以前|之後單價|是\d+則嗎|有\d+則嗎|"
    r"每則|用完|發完|用光|再買|多買|還想發|算在|包含|包括|有人說|聽說|網路上說|是真的嗎|已經?發了|已用了?|count toward|"
    r"算\s*\d+\s*則嗎|counts? as \d+")  # 「這樣算5則嗎」 asks how a send counts


LINE_CHANGES = re.compile(r"(?:line|官方)\s*(?:要|會|將|又|準備)\s*(?:改|調整|更新)\s*(?:方案|價格|價錢|收費|費用)|"
                          r"(?:聽說|據說).{0,8}(?:要|會|將)\s*改方案")


def _plan_change_intent(text: str, slots: Slots) -> str | None:
    """plan_change, prorate or manager_howto/change_plan for switching questions."""
    positions = slots.get("_plan_positions", [])
    if BILLING.search(text) and not positions and "date" not in slots:
        return None
    if LINE_CHANGES.search(text):  # 「聽說9月LINE要改方案」: LINE changes its plans, the merchant changes nothing
        return None
    between = text[positions[0][1]:positions[1][0]] if len(positions) >= 2 else ""
    changing = bool(CHANGE.search(text)) or bool(between and SWITCH_WORDS.search(between))
    changing = changing or (bool(positions) and bool(re.search(r"改成|換成|改回|switch", text)))
    changing = changing or bool(re.search(r"退費|退款|可以退|會退|refund", text))
    changing = changing or ("date" in slots and bool(re.search(r"可以變更|可以升級|可以降級|變更方案", text)))
    if not changing:
        return None
    change = change_plans(text, slots.get("_plan_positions", []))
    from_free = change.get("from_plan") == "light" or bool(re.search(r"免費(?:方案)?升級|從免費|from (?:the )?free", text))
    upgrade = bool(UPGRADE.search(text)) and not DOWNGRADE.search(text)
    to_paid = change.get("to_plan") in ("medium", "high")
    if upgrade and PRORATE.search(text) and (from_free or (to_paid and "from_plan" not in change)):
        return "prorate"
    if upgrade and from_free and ("date" in slots or QUOTA_ASPECT.search(text)) and change.get("to_plan") != "light":
        return "prorate"
    if upgrade and re.search(r"按天|天數|比例|prorat", text):
        return "prorate"
    if WHERE.search(text) and not re.search(r"生效|什麼時候|何時|when|多少|幾則", text):
        return "manager_howto"
    return "plan_change"


def classify(text: str, slots: Slots) -> str:
    """The intent of a normalised message whose slots are already extracted."""
    checks: tuple[tuple[str, Callable[[], bool]], ...] = (
        ("sms", lambda: bool(SMS.search(text))),
        ("api", lambda: api_topic(text) is not None
         and not (kind_of(text) and CHARGE_ASK.search(text))),
        ("tax", lambda: "_amount" in slots and bool(slots.get("_plans") or re.search(r"方案|plan|扣了|被扣|是什麼|是啥|為什麼|why", text))),
        ("plan_facts", lambda: bool(slots.get("_plans")) and bool(RUN_OUT.search(text)) and "date" not in slots
         and "friends" not in slots and not re.search(r"升級到|升到|升[中高]用量|upgrade to|降回|降到|降級|降[輕中]|downgrad", text)),
        ("quota", lambda: bool(LIMIT_429.search(text))),
        ("billed", lambda: kind_of(text) in ("bubbles", "group") and bool(BILLED_CUE.search(text) or "?" in text)),
        ("billed", lambda: kind_of(text) in FREE_KIND_NAMES and ("friends" not in slots or "_one_send" in slots)
         and ("messages" not in slots or bool(re.search(r"算在|裡面|用完|扣掉|會扣|count toward", text))) and bool(BILLED_CUE.search(text) or re.search(r"算在|還會動|還能用|嗎|\?", text))),
        ("budget", lambda: "budget" in slots and bool(BUDGET_CUE.search(text))
         and ("friends" not in slots or bool(HOW_MANY_SENDS.search(text) or WHAT_CAN_I_DO.search(text)))
         and not ("sends" in slots and "messages" not in slots and "預算" not in text)),
        ("estimate", lambda: _is_volume(text, slots)),
    )
    for intent, test in checks:
        if test():
            return intent
    if OUT_OF_SCOPE_HINTS.search(text) and not PRICING_WORDS.search(text) and not (kind_of(text) and BILLED_CUE.search(text)):
        return "out_of_scope"
    change = _plan_change_intent(text, slots)
    if change:
        return change
    return _classify_topic(text, slots)


CHARGE_ASK = re.compile(r"扣|計費|收費|算錢|要錢|付費|錢|費|billed|charged|cost")  # 「改用push發，會扣條數嗎」 asks billing
WHAT_CAN_I_DO = re.compile(r"能做什麼|可以做什麼|能怎麼發|what can (?:i|we) (?:do|send)")
RUN_OUT = re.compile(r"爆了|爆掉|爆量|用爆|用完|發完|用光|不夠|再買|多買|還想發|還要發|超過\s*\d+\s*則|run out|ran out|not enough")


def _classify_topic(text: str, slots: Slots) -> str:
    """Intents decided by keywords once no volume or plan change is involved."""
    plans = slots.get("_plans", [])
    if (WHERE.search(text) or HOWTO.search(text)) and topic_of(text) and not re.search(r"發票怎麼開", text):
        return "manager_howto"
    if plans and RUN_OUT.search(text):
        return "plan_facts"
    kind = kind_of(text)
    asks_cost = bool(BILLED_CUE.search(text) or re.search(r"嗎|\?|免費|free", text) or COMPARE_LOOSE.search(text))
    about_size = kind == "rich_menu" and bool(re.search(r"尺寸|size", text))
    if kind and asks_cost and not SEGMENT.search(text) and not about_size and not BILLING_STRONG.search(text):
        return "billed"
    ordered: tuple[tuple[str, Callable[[], bool]], ...] = (
        ("billing", lambda: bool(BILLING.search(text))),
        ("segment", lambda: bool(SEGMENT.search(text))),
        ("quota", lambda: bool(QUOTA.search(text)) and not HISTORY.search(text) and not (plans and not RUN_OUT.search(text))),
        ("tax", lambda: "tax" in slots and bool(plans) and len(set(plans)) == 1
         and ("date" in slots or "_before_after" in slots)),
        ("history", lambda: bool(HISTORY.search(text)) or _is_past(slots) or slots.get("_year", 9999) < today_year(slots)
         or "_milestones" in slots
         or "_before_after" in slots
         or ("_year" in slots and "_yearly" in slots)),
        ("compare", lambda: len(set(plans)) >= 2 and bool(COMPARE_LOOSE.search(text))),
        ("tax", lambda: "tax" in slots or bool(UNTAXED.search(text))),
        ("compare", lambda: bool(COMPARE.search(text)) or len(set(plans)) >= 2
         or (bool(COMPARE_LOOSE.search(text)) and bool(PRICING_WORDS.search(text) or plans))
         or (not plans and bool(GENERAL_PRICE.search(text)) and not re.search(r"加購|add-?on", text))),
        ("plan_facts", lambda: bool(plans) or bool(re.search(r"加購|add-?on|超過\s*\d+\s*則|1則.{0,4}多少|每則.{0,4}多少|"
                                                              r"per message", text))),
        ("billed", lambda: bool(kind) and bool(BILLED_CUE.search(text))),
        ("estimate", lambda: "friends" in slots or ("sends" in slots and bool(re.search(r"發|推|群發|broadcast|send|push", text)))
         or bool(re.search(r"試算|估價|報價|算算看|cost estimate|estimate", text)) or bool(RESTART_ESTIMATE.search(text))),
        ("help", lambda: bool(HELP.search(text))),
        ("thanks", lambda: bool(THANKS.search(text))),
        ("greeting", lambda: bool(GREETING.match(text)) and len(GREETING.sub("", text).strip()) == 0),
    )
    for intent, test in ordered:
        if test():
            return intent
    return "out_of_scope"


def today_year(slots: Slots) -> int:
    """The current year, carried in the slots by extract()."""
    return int(slots.get("_today_year", 9999))


def _is_past(slots: Slots) -> bool:
    """A named date before today's price list took effect."""
    when = slots.get("date")
    return isinstance(when, date) and when < date(2026, 11, 1)


