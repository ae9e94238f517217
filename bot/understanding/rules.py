"""Named readings that outrank the keyword intents: questions whose numbers are not a volume to price.

Each rule looks at the prepared text, the keyword intent and the raw slots, and either claims the question
(with the slots its answer needs) or passes. They run in the order of RULES; the first that claims wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.understanding.cues import (
    ACCEPTED_BY_USE,
    ADDON_OFF,
    ALWAYS,
    AVERAGE_WORDS,
    BILL_ASK,
    BILL_DOUBT,
    BILLED_AMOUNT,
    CALCULATOR_TOOL,
    CALLS_ASKED,
    CARRY_OVER,
    CHARGE_SEEN,
    CLAIM_CUE,
    COMPARE_LOOSE,
    COUNT_LAG,
    COUNT_WORDS,
    ESTIMATE_REQUEST,
    FEE_CHARGED,
    FIT_ASK,
    FREE_KIND_NAMES,
    HOW_MANY_SENDS,
    INCLUDED_ASKED,
    LEFT_WORDS,
    MESSAGES_ASKED,
    MONTH_AHEAD,
    MORE_MESSAGES,
    MORE_PEOPLE,
    MULTICAST,
    NEW_PRICES,
    NOW_WORDS,
    PAYMENT,
    PREPARE,
    PRICE_ASK,
    REFUSE_NEW_PRICES,
    RUN_OUT_WORDS,
    SEGMENT_WORDS,
    SEND_VERB,
    SET_UP,
    STRONG_DOUBT,
    TAX_INCLUDED,
    TAXED_BUDGET,
    THEN_WORDS,
    TIME_ZONE,
    TOGETHER,
    UPGRADE_QUESTION,
    WHERE,
    WHICH_MONTH,
)
from bot.understanding.cues import (
    ADDON as ADDON_WORDS,
)
from bot.understanding.question import Intent
from bot.understanding.slots import Slots, kind_of
from bot.understanding.spans import addon_price_claim, change_claim, claim, claims, rise_claim, usage_check


@dataclass(frozen=True)
class Ruled:
    """The intent a named rule gave a message, the slots its answer needs, and the rule's name."""

    intent: Intent
    slots: Slots
    rule: str


def _plans(slots: Slots) -> list[str]:
    """The plans the text names, in order."""
    return list(slots.get("_plans", []))


def _usage_check(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「發了兩次就扣了6000則，正常嗎」: counts to explain, not a bill."""
    checked = usage_check(text)
    if checked is None or (slots.get("_blocked") and slots.get("friends")):  # 「好友2500 封鎖400 是不是算2500則」
        return None  # the friends and the blocked are given: the estimate counts the send itself
    return Ruled(Intent.QUOTA, {"_check": [checked.sends, checked.messages]}, "usage_check")


# A figure in these questions is a volume, a date or an amount billed, not a price someone claimed.
NOT_CLAIMS = {Intent.BUDGET, Intent.PLAN_CHANGE, Intent.PRORATE, Intent.BILLED, Intent.BILLING}


# 「新價格是11月1號開始的對吧」「聽說是從12月才開始漲價」: the day the new prices start, as heard.
CHANGE_DAY = re.compile(r"(?<![\d/])(1[0-2]|[1-9])\s*(?:月|/)\s*(?:(\d{1,2})\s*[號日]?)?")
ANNOUNCED = re.compile(r"公布|公告|宣布|通知|announce")
SURE_ASK = re.compile(r"是不是|對吧|對嗎|是嗎|沒錯吧|吧[?？]?$|嗎[?？]?$|right\??$|correct\??$")
# 「中用量不是可以加購嗎」: whether a plan could ever buy add-on messages, as heard.
PREMISE = re.compile(r"不是可以|不是能|是不是可以|是不是能|以前|之前|used to")  # 「中用量不是可以加購嗎」: a belief
OTHER_FACTS = re.compile(r"多少|幾則|how much|how many")  # 「多少錢？超過還能加購嗎」 asks the plan's facts
CAN_ADD_ON = re.compile(r"(?<!不)(?:可以|能|可)(?:付費|花錢|再)?加購|能不能加購|可不可以加購|"
                        r"(?<!n't )can (?:buy|purchase|get) add-?on|"
                        r"add-?ons? (?:is |are )?allowed")


def _change_day_claim(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「新價格是11月1號開始的對吧」: the start day of the new prices, confirmed or corrected."""
    if not NEW_PRICES.search(text) or not (CLAIM_CUE.search(text) or SURE_ASK.search(text)):
        return None
    day = CHANGE_DAY.search(text)
    if day is None or any(k in slots for k in ("friends", "messages", "sends", "_plans")) or OTHER_FACTS.search(text):
        return None  # 「聽說11月要漲價？漲多少？」 asks the new prices, not only the day
    announced = 1 if ANNOUNCED.search(text) else 0  # 「聽說這次漲價是9月1號公布的」: the day it was made public
    return Ruled(Intent.HISTORY, {"_change_claim": [int(day.group(1)), int(day.group(2) or 0), announced]},
                 "change_day_claim")


# 「聽說要超過5萬則才開始收加購費」: where add-on charges start, as heard.
ADDON_START = re.compile(r"(?:超過|超出|after|over|beyond)\s*(\d+)\s*則?\s*(?:以後|之後)?\s*(?:才|就)?\s*(?:會)?\s*"
                         r"(?:開始)?\s*(?:收|算|計|charg|bill)")


def _addon_start_heard(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「聽說現在高用量要超過5萬則才開始收加購費」: the free messages come first, then add-on charges."""
    start = ADDON_START.search(text)
    if start is None or not ADDON_WORDS.search(text) or not (CLAIM_CUE.search(text) or SURE_ASK.search(text)):
        return None
    return Ruled(Intent.HISTORY, {"plan": "high", "_claim": ["addon_start", int(start.group(1))]}, "addon_start_heard")


QUOTA_MEANING = re.compile(r"則.{0,6}是(?:指|說).{0,10}\d+\s*次")  # 「3000則，是指可以群發3000次嗎」


# 「2023年9月那次改版，是所有帳號同一天一起切換嗎」: how a price list came into force.
ROLLOUT = re.compile(r"同一天|一起切換|同時切換|同時生效|分階段|分批|一次全部|all at once|same day|rolled out|"
                     r"in stages")


def _rollout(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """Whether every account moved to a list on its first day (the 2023 list was rolled out in stages)."""
    if not ROLLOUT.search(text) or not isinstance(slots.get("_on"), date):
        return None
    return Ruled(Intent.HISTORY, {"_rollout": True, "_on": slots["_on"]}, "rollout")


# 「哪些訊息會算進則數？」: which kinds are counted (broadcasts, pushes, step messages) and which are free.
WHICH_COUNTED = re.compile(r"哪些(?:訊息|訊息類型)?(?:會)?(?:算進|算入|計入|列入|扣|算)(?:則數|額度)?|"
                           r"(?:what|which) (?:messages|kinds of messages) (?:count|are counted|are billed)")


def _which_counted(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """The billed-or-free list, led by broadcasts, when no one kind of message is named."""
    if not WHICH_COUNTED.search(text) or kind_of(text) is not None:
        return None
    return Ruled(Intent.BILLED, {"kind": "broadcast"}, "which_counted")


def _quota_meaning(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「中用量一個月3000則，是指可以群發3000次嗎」: messages count recipients × sends, not sends."""
    return Ruled(Intent.QUOTA, {}, "quota_meaning") if QUOTA_MEANING.search(text) else None


THAT_TIME = re.compile(r"那次|那一次|that time")


def _change_heard(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「聽說2023年9月輕用量從500則降到200則，真的嗎」: a heard change of a plan's figure, checked list by list."""
    plans = list(dict.fromkeys(_plans(slots)))
    heard = change_claim(text)
    asked = CLAIM_CUE.search(text) or SURE_ASK.search(text) or THAT_TIME.search(text)
    if heard is None or len(plans) != 1 or not asked:
        return None
    return Ruled(Intent.HISTORY, {"plan": plans[0], "_change_heard": list(heard)}, "change_heard")


def _rise_heard(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「聽說中用量漲了25%」 "My agency says the Medium plan went up by NT$300": checked against the last change."""
    plans = list(dict.fromkeys(_plans(slots)))
    heard = rise_claim(text)
    if heard is None or len(plans) != 1 or any(k in slots for k in ("friends", "messages", "sends")):
        return None
    return Ruled(Intent.HISTORY, {"plan": plans[0], "_rise_claim": list(heard)}, "rise_heard")


def _addon_allowed_claim(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「中用量不是可以加購訊息嗎？我記得可以」: whether that plan can (or could) buy add-on messages."""
    plans = list(dict.fromkeys(_plans(slots)))
    if len(plans) != 1 or not CAN_ADD_ON.search(text) or not (CLAIM_CUE.search(text) or PREMISE.search(text)):
        return None
    if any(k in slots for k in ("friends", "messages", "sends")) or OTHER_FACTS.search(text):
        return None
    framing = {k: True for k, cue in (("_then", THEN_WORDS), ("_always", ALWAYS)) if cue.search(text)}
    return Ruled(Intent.HISTORY, {"plan": plans[0], "_claim": ["addon_allowed", 1], **framing}, "addon_allowed_claim")


WHOLE_MONTH = re.compile(r"整個月|全部|通通|全都|都變|都是|all of them|the whole|every (?:add-on )?message|"
                         r"all (?:the )?(?:add-on )?messages")


MONTH_SENDS = re.compile(r"(?:要|會|想|打算|預計|準備)\s*(?:發|推|送)\s*\d+\s*則")
PER_MESSAGE = re.compile(r"每則|一則|每條|一條|per message|a message|each message")
COST_ASKED = re.compile(r"多少錢|要付多少|how much (?:will|would|does) (?:it|that)")


def _included_heard(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「聽說官方公布的月費已經含稅了？」: whether list prices include tax (they do not), not a list's history."""
    if intent != Intent.HISTORY or not INCLUDED_ASKED.search(text) or _plans(slots):
        return None
    if any(k in slots for k in ("_year", "date", "_amount", "friends", "messages")):
        return None
    return Ruled(Intent.TAX, {"_included_asked": True}, "included_heard")


def _volume_priced(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「(聽說加購…) 高用量我這個月要發8萬則 這樣多少錢」: a month's volume on a plan, priced, whatever was heard."""
    plans = list(dict.fromkeys(_plans(slots)))
    if intent != Intent.PLAN_FACTS or "messages" not in slots or len(plans) > 1 or not COST_ASKED.search(text):
        return None
    if not MONTH_SENDS.search(text) or PER_MESSAGE.search(text):  # not 「超過6000則之後每則多少錢」
        return None
    if any(k in slots for k in ("friends", "sends", "budget")):
        return None
    return Ruled(Intent.ESTIMATE, {"messages": slots["messages"], **({"plan": plans[0]} if plans else {})},
                 "volume_priced")


def _claim(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「聽說高用量要四千」: a figure heard about a plan, checked against every dated list."""
    several = claims(text, slots.get("_plan_positions") or [])
    if several and intent not in NOT_CLAIMS:  # 「網路上說輕用量月費600、中用量4000」
        return Ruled(Intent.HISTORY, {"_claims": [[c.plan, c.kind, c.value] for c in several]}, "claims")
    if "messages" in slots and COST_ASKED.search(text):  # 「聽說…整批都變0.15 我這個月要發8萬則 這樣多少錢」: price it
        return None
    volume = any(k in slots for k in ("friends", "sends"))  # 「好友4000人每月發一次，那就是800元嗎」 is an estimate
    price = addon_price_claim(text) if ADDON_WORDS.search(text) and not volume else None
    heard_whole = price is not None and WHOLE_MONTH.search(text) and CLAIM_CUE.search(text)  # 「全部都算0.15」, heard
    if price is not None and (intent not in NOT_CLAIMS or heard_whole) and claim(text, _plans(slots)) is None:
        plan = (_plans(slots) or ["high"])[0]
        said: Slots = {"_whole": True} if WHOLE_MONTH.search(text) else {}  # 「是整個月的加購都變0.15嗎」
        edges = re.findall(r"(?<![\d.])(\d{4,6})(?![\d.])", text)  # "after 50,000 add-on messages"
        said.update({"_edge": edges[-1]} if edges else {})
        return Ruled(Intent.HISTORY, {"plan": plan, "_claim": ["addon", price], **said}, "addon_price_claim")
    claimed = claim(text, _plans(slots))
    if claimed is None or intent in NOT_CLAIMS:
        return None
    if intent == Intent.ESTIMATE and SEND_VERB.search(text) and not STRONG_DOUBT.search(text):
        return None
    addon = {"aspect": "addon"} if ADDON_WORDS.search(text) else {}
    framing = {k: True for k, cue in (("_then", THEN_WORDS), ("_always", ALWAYS)) if cue.search(text)}
    return Ruled(Intent.HISTORY, {"plan": claimed.plan, "_claim": [claimed.kind, claimed.value], **addon, **framing},
                 "claim")


def _sends_on_plan(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「中用量3000則，好友1000人，可以推幾次」: how many sends a plan's free messages cover."""
    plans = _plans(slots)
    if len(set(plans)) != 1 or "friends" not in slots or "budget" in slots or not HOW_MANY_SENDS.search(text):
        return None
    return Ruled(Intent.PLAN_FACTS, {"plan": plans[0], "_friends": slots["friends"]}, "sends_on_plan")


def _messages_left(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「我是中用量，已經發了2800則，還剩幾則」: the month's free messages left."""
    plans = _plans(slots)
    used = slots.get("_used") or (slots.get("messages") if "friends" not in slots else None)  # 「這個月發了2500則」
    if len(set(plans)) != 1 or not used or not LEFT_WORDS.search(text):
        return None
    if slots.get("_up") or slots.get("_down"):  # 「如果今天升高用量，還剩幾則」 is a plan change with messages used
        return None
    return Ruled(Intent.PLAN_FACTS, {"plan": plans[0], "_used": used}, "messages_left")


def _average_price(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「中用量發滿，一則平均多少」: a paid plan's fee over its free messages."""
    plans = [p for p in dict.fromkeys(_plans(slots)) if p != "light"]
    if not AVERAGE_WORDS.search(text) or "friends" in slots or "budget" in slots:
        return None
    volume = {"_messages": slots["messages"]} if slots.get("messages") else {}  # 「每月發2萬則，平均一則多少」
    return Ruled(Intent.PLAN_FACTS, {"aspect": "average", "_average": plans or ["medium", "high"], **volume},
                 "average_price")


def _addon_off(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「沒開加購，高用量發到6000則會怎樣」: what happens at the free messages' end, not a bill."""
    if not ADDON_OFF.search(text) or "friends" in slots:
        return None
    plans = _plans(slots)
    return Ruled(Intent.PLAN_FACTS, {"plan": plans[0] if plans else "high", "aspect": "addon"}, "addon_off")


# 「高用量是從第幾則開始算加購」 "is message number 6,001 charged?": where the free messages end.
ADDON_START_ASK = re.compile(r"第幾則(?:開始|起)|從第?幾則|哪一則(?:開始|起)|"
                             r"第\s*(\d+)\s*則.{0,12}(?:開始|起|算|收|要錢|免費)|"
                             r"(?:message|msg) (?:number |no\.? ?|#)?(\d+)\b.{0,30}(?:free|charged|billed|add-?on)")


ON_PLAN = re.compile(r"現在|目前|我們是|我是|用的是|we'?re on|i'?m on|currently")


def _plan_and_friends(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「我們現在高用量，好友6800」: an estimate on that plan, still missing the sends (it asks for them)."""
    plans = list(dict.fromkeys(_plans(slots)))
    if intent != Intent.PLAN_FACTS or len(plans) != 1 or "friends" not in slots or not ON_PLAN.search(text):
        return None
    if any(k in slots for k in ("sends", "messages", "budget", "_used", "_amount")) or re.search(r"[?？嗎]", text) \
            or HOW_MANY_SENDS.search(text):  # 「好友1300 這個月還能群發幾次」 asks what the plan covers
        return None
    return Ruled(Intent.ESTIMATE, {"friends": slots["friends"], "plan": plans[0]}, "plan_and_friends")


def _addon_more(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「高用量超過6000則之後每則是0.2嗎，我們大概會多發2000則」: the add-on those messages cost, on the High plan."""
    more = MORE_MESSAGES.search(text)
    if more is None or not ADDON_WORDS.search(text) or _plans(slots)[:1] != ["high"] or intent != Intent.PLAN_FACTS:
        return None
    if any(k in slots for k in ("friends", "sends", "budget", "_used")):
        return None
    return Ruled(Intent.PLAN_FACTS, {"plan": "high", "aspect": "addon", "_addon": int(more.group(1))}, "addon_more")


NTH_ADDON = re.compile(r"加購(?:訊息)?\s*(?:用到|發到|到)\s*第\s*(\d+)\s*則|(\d+)(?:st|nd|rd|th) add-?on message")


def _nth_addon(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「加購用到第50001則，那一則多少，加購費總共多少」: that add-on message's tier and the add-on up to it."""
    nth = NTH_ADDON.search(text)
    if nth is None or any(k in slots for k in ("friends", "sends", "budget")):
        return None
    return Ruled(Intent.PLAN_FACTS, {"plan": "high", "aspect": "addon", "_addon": int(nth.group(1) or nth.group(2))},
                 "nth_addon")


def _addon_start_asked(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「高用量是從第幾則開始算加購」: the first add-on message is the one after the free messages."""
    asked = ADDON_START_ASK.search(text)
    if asked is None or not (ADDON_WORDS.search(text) or re.search(r"免費|free|charged|billed|收費|要錢", text)):
        return None
    if any(k in slots for k in ("friends", "sends", "budget")):
        return None
    heard = next((int(g) for g in asked.groups() if g), 0)
    plan = (_plans(slots) or ["high"])[0]
    return Ruled(Intent.PLAN_FACTS, {"plan": plan, "aspect": "addon", "_addon_start": heard}, "addon_start_asked")


WHAT_HAPPENS = re.compile(r"會怎樣|會怎麼樣|會發生什麼|會被擋|還能(?:再)?(?:發|推|送)嗎|what happens|"
                          r"will it (?:fail|be blocked)")


def _after_run_out(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「則數用完之後再用 API 推播會怎樣」: sends past the month's messages are refused (429), replies stay free."""
    if not (RUN_OUT_WORDS.search(text) and WHAT_HAPPENS.search(text)) or _plans(slots):
        return None
    return None if any(k in slots for k in ("friends", "messages", "sends", "budget")) else Ruled(
        Intent.QUOTA, {}, "after_run_out")


def _count_lag(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「後台的則數好像沒更新」: the manager's count is refreshed once a day, so it lags."""
    sends = "sends" in slots and not re.search(r"更新\s*[1一]\s*次", text)  # 「多久更新一次」 counts no sends
    if not (COUNT_LAG.search(text) and COUNT_WORDS.search(text)) or "friends" in slots or sends:
        return None
    return Ruled(Intent.MANAGER_HOWTO, {"topic": "usage"}, "count_lag")


def _which_month(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「現在群發給2000人，會算12月還是1月」: the month a send counts toward, not its price."""
    if not WHICH_MONTH.search(text):
        return None
    kept: Slots = {k: slots[k] for k in ("_on", "_hour", "_minute", "_month") if k in slots}
    return Ruled(Intent.BILLING, {**kept, **({"_now": True} if NOW_WORDS.search(text) else {})}, "which_month")


def _payment(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「買方案是怎麼付錢」: how LINE charges, not what a change costs."""
    if not PAYMENT.search(text) or any(k in slots for k in ("friends", "messages", "budget", "date", "_amount")):
        return None
    if intent == Intent.MANAGER_HOWTO or WHERE.search(text) or PREPARE.search(text):  # 「付款方式要去哪裡改」
        return None
    plans = list(dict.fromkeys(_plans(slots)))  # 「…中用量每月1000是含稅嗎」: that plan's fee with tax as well
    taxed = {"_plan": plans[0], "_plan_taxed": True} if len(plans) == 1 and TAX_INCLUDED.search(text) else {}
    return Ruled(Intent.BILLING, taxed, "payment")


def _tax_of_plan(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「月費是否已含營業稅？高用量每月實際付多少」: a named plan's price with tax."""
    plans = list(dict.fromkeys(_plans(slots)))
    taxed = TAX_INCLUDED.search(text) or INVOICE_AMOUNT.search(text)  # 「發票開出來會是多少錢」: the fee with tax
    addon = intent == Intent.PLAN_FACTS and ADDON_WORDS.search(text)  # 「高用量加購一則含稅是多少」
    if not taxed or len(plans) != 1 or not (addon or intent in (Intent.BILLING, Intent.OUT_OF_SCOPE, Intent.HISTORY)):
        return None
    if any(k in slots for k in ("friends", "messages", "budget", "sends", "_amount", "_yearly")):
        return None
    on = {"_on": slots["_on"]} if "_year" in slots and slots.get("_on") else {}  # 「去年…含稅付多少」: that year's list
    day = {"_charge_day": True} if CHARGE_DAY.search(text) else {}  # 「含稅實際會扣多少 哪天扣」
    return Ruled(Intent.TAX, {"plan": plans[0], "tax": True, **on, **day}, "tax_of_plan")


CHARGE_DAY = re.compile(r"哪[1一]?天扣|幾號扣|什麼時候扣|何時扣|哪[1一]?天收|幾號收|when (?:is it|will it be) charged")


INVOICE_AMOUNT = re.compile(r"發票.{0,10}多少|多少.{0,6}發票|invoice.{0,20}how much|how much.{0,20}invoice")


def _upgrade_for_friends(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「好友900人要升級嗎」: whether to upgrade depends on the sends too, so the estimate asks for them."""
    if not UPGRADE_QUESTION.search(text) or "friends" not in slots or _plans(slots):
        return None
    kept: Slots = {k: slots[k] for k in ("friends", "sends", "period", "_alt") if k in slots}
    return Ruled(Intent.ESTIMATE, kept, "upgrade_for_friends")


def _compare_two(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「中用量跟高用量差在哪？還有高用量超過6000則之後每則多少」: the comparison answers both (it lists the add-on)."""
    if len(set(_plans(slots))) < 2 or not COMPARE_LOOSE.search(text) or intent != Intent.PLAN_FACTS:
        return None
    return Ruled(Intent.COMPARE, {}, "compare_two")


def _more_after_run_out(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「高用量6000則用完了，還要多發2500則」: more messages on top of the named plan's free ones."""
    more = MORE_MESSAGES.search(text)
    plan = (_plans(slots) or [""])[0]
    if not more or not RUN_OUT_WORDS.search(text) or plan not in ("medium", "high") or "friends" in slots:
        return None  # 「中用量4000則用完了，還要再發1000則」 in 2022: the Medium plan could buy more then
    count = int(more.group(1))
    return Ruled(Intent.ESTIMATE, {"messages": count, "_addon": count, "plan": plan}, "more_after_run_out")


def _month_on_plan(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「這個月可能要發到3萬則，我現在是中用量，會被擋嗎？要多少錢」: the month's volume priced from the plan named."""
    plans = list(dict.fromkeys(_plans(slots)))
    if len(plans) != 1 or not slots.get("messages") or "friends" in slots or "_used" in slots:
        return None
    if not (MONTH_AHEAD.search(text) and PRICE_ASK.search(text)):
        return None
    alt = {"_alt": slots["_alt"]} if "_alt" in slots else {}  # 「有時候會到6200」: the busiest month too
    return Ruled(Intent.ESTIMATE, {"messages": slots["messages"], "plan": plans[0], **alt}, "month_on_plan")


def _addon_charge(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「加購3000則，12/10會扣多少」「設上限3000元，結果只多發了2500則」: the add-on charge of that many, and when."""
    more = ADDON_SENT.search(text)
    count = slots.get("_addon") or (int(more.group(1)) if more else None)
    month = slots.get("messages") if _plans(slots)[:1] == ["high"] else None  # "sent 20,000 … when is it billed"
    if not (count or month) or not ADDON_CHARGE_ASK.search(text) or "friends" in slots:
        return None
    tax = {"tax": True} if slots.get("tax") and not slots.get("_untaxed") else {}
    volume = {"_addon_messages": int(count)} if count else {"_messages": int(month or 0)}
    return Ruled(Intent.BILLING, {**volume, "_plan": "high", **tax}, "addon_charge")


def _addon_from_charge(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「被扣了2,100元加購費，這代表我多發了幾則」: the add-on charge read back as messages."""
    paid = slots.get("_amount")
    if not paid or "_cap" in slots or not ADDON_WORDS.search(text) or not MESSAGES_ASKED.search(text):
        return None
    if not BILLED_AMOUNT.search(text) or any(k in slots for k in ("friends", "messages", "sends")):
        return None
    untaxed = {"_untaxed": True} if slots.get("_untaxed") else {}
    charged = {"_charged": True} if CARD_CHARGE.search(text) else {}  # 「扣了1,050」: the card paid it, tax included
    return Ruled(Intent.PLAN_FACTS, {"plan": "high", "aspect": "addon", "_addon_paid": str(paid), **untaxed,
                                     **charged}, "addon_from_charge")


CARD_CHARGE = re.compile(r"扣了|被扣|刷了|被刷|扣款|扣掉|charged (?:me|my card)|was charged")


def _addon_cap(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「加購上限設5000元，最多可以多發幾則」: the add-on messages a spending cap buys, on top of the free ones."""
    said = slots.get("_plans") == ["high"] and not re.search(r"[?？嗎]|多少|幾", text)  # 「高用量 加購上限設3000元」
    if "_cap" not in slots or not isinstance(slots.get("budget"), int) or not (MESSAGES_ASKED.search(text) or said):
        return None
    if intent == Intent.BUDGET or any(k in slots for k in ("friends", "messages", "sends")):
        return None
    return Ruled(Intent.BUDGET, {"budget": slots["budget"], "_cap": True}, "addon_cap")


def _budget_for_volume(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """A monthly budget and a month of messages: is the budget enough for them?"""
    if not isinstance(slots.get("budget"), int) or not slots.get("messages"):
        return None
    if "friends" in slots or "_cap" in slots or not FIT_ASK.search(text):
        return None
    taxed = {"_budget_taxed": True} if TAXED_BUDGET.search(text) else {}
    return Ruled(Intent.ESTIMATE, {"messages": slots["messages"], "_budget": slots["budget"], **taxed},
                 "budget_for_volume")


PAST_BILL_INTENTS = (Intent.HISTORY, Intent.PLAN_FACTS, Intent.BILLING, Intent.OUT_OF_SCOPE)


def _past_bill(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「2023年8月那時候用中用量發5500則，要付多少」: a month's bill on the list in force then."""
    on, today = slots.get("_on"), slots.get("_today")
    if intent not in PAST_BILL_INTENTS or not isinstance(on, date) or not isinstance(today, date):
        return None
    if on >= today.replace(day=1):  # this month or later is no past bill
        return None
    volume: Slots = {k: slots[k] for k in ("messages", "friends", "sends", "period") if k in slots}
    if not ("messages" in volume or {"friends", "sends"} <= volume.keys()) or not PRICE_ASK.search(text):
        return None
    plan = {"plan": _plans(slots)[0]} if len(set(_plans(slots))) == 1 else {}
    return Ruled(Intent.ESTIMATE, {**volume, **plan, "_on": on}, "past_bill")


def _estimate_request(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「幫我算費用」 with no numbers: the estimate wizard asks for them one at a time."""
    if not ESTIMATE_REQUEST.search(text) or intent not in (Intent.OUT_OF_SCOPE, Intent.COMPARE, Intent.PLAN_FACTS):
        return None
    if any(k in slots for k in ("friends", "messages", "sends", "budget", "_plans")) or SEGMENT_WORDS.search(text):
        return None
    return Ruled(Intent.ESTIMATE, {}, "estimate_request")


def _carry_over(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「剩下的會累積到下個月嗎」: unused messages do not carry over."""
    return Ruled(Intent.QUOTA, {}, "carry_over") if CARRY_OVER.search(text) and "friends" not in slots else None


def _time_zone(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「用量統計是用台灣時間還是哪裡的時間」: Japan time decides the month."""
    if not TIME_ZONE.search(text) or WHICH_MONTH.search(text) or "_hour" in slots:
        return None
    return Ruled(Intent.BILLING, {}, "time_zone")


def _used_plus_more(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「這個月已經發了6000則，再群發給2000人要多少」: the month's total, priced."""
    more, more_messages = MORE_PEOPLE.search(text), MORE_MESSAGES.search(text)  # 「還要再發2萬則」: messages
    added = int(next(g for g in more.groups() if g)) if more else int(more_messages.group(1)) if more_messages else 0
    if "_used" not in slots or not added or (more and slots.get("friends", added) != added):
        return None
    plans = _plans(slots)
    total = {"messages": int(slots["_used"]) + added}
    return Ruled(Intent.ESTIMATE, {**total, **({"plan": plans[0]} if plans else {})}, "used_plus_more")


def _friends_without_sends(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「We have 4,000 friends. What's our bill?」: an estimate that still needs the sends (it asks for them)."""
    if "friends" not in slots or any(k in slots for k in ("sends", "messages", "budget", "_plans", "date")):
        return None
    if intent not in (Intent.BILLING, Intent.OUT_OF_SCOPE) or not BILL_ASK.search(text):
        return None
    return Ruled(Intent.ESTIMATE, {"friends": slots["friends"]}, "friends_without_sends")


EACH_ACCOUNT_PLAN = re.compile(r"[1一]\s*個\s*(?:帳號)?\s*(?:用|開|是)?\s*[輕中高]用量|"
                               r"one (?:on|is on|uses) (?:the )?(?:light|medium|high)")


def _plans_added(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「兩個帳號，一個中用量一個高用量，一個月月費總共多少」: each account's plan fee, added up."""
    plans = _plans(slots)
    if len(set(plans)) < 2 or not TOGETHER.search(text) or not EACH_ACCOUNT_PLAN.search(text):
        return None
    if any(k in slots for k in ("friends", "sends", "messages", "budget")):
        return None
    return Ruled(Intent.TAX, {"_plans_sum": plans, **({"_yearly": True} if slots.get("_yearly") else {})},
                 "plans_added")


WHEN_WORDS = re.compile(r"何時|幾號|哪天|哪1?天|什麼時候|when")


def _bill_of_messages(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「這個月已經發了4500則，帳單大概會是多少」: the bill for that many messages, not when bills are paid."""
    if intent != Intent.BILLING or not slots.get("messages") or "friends" in slots or WHEN_WORDS.search(text):
        return None
    if not re.search(r"帳單|bill", text) or not re.search(r"多少|how much|what", text) or CHARGE_SEEN.search(text):
        return None
    plans = _plans(slots)
    return Ruled(Intent.ESTIMATE, {"messages": slots["messages"], **({"plan": plans[0]} if plans else {})},
                 "bill_of_messages")


def _charges_compared(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「2月扣1470 3月1號扣1050 怎麼變少了」: which fee each charge was, and what changed between them."""
    if "_charges" not in slots or any(k in slots for k in ("friends", "messages", "sends")):
        return None
    return Ruled(Intent.TAX, {"_charges": slots["_charges"]}, "charges_compared")


def _charge_seen(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「今天被扣了一筆，是10月的加購嗎」: when LINE charges what, not an add-on price."""
    if not CHARGE_SEEN.search(text) or "_amount" in slots or "friends" in slots or WOULD_CHARGE.search(text):
        return None
    if intent in (Intent.PRORATE, Intent.PLAN_CHANGE) and len(set(_plans(slots))) == 2:
        return None  # 「今天12/17從輕用量升中用量 刷了多少才對」: what the change costs this month
    if slots.get("messages") and BILL_DOUBT.search(text):  # 「被扣了…發了18000則，怎麼這麼多」: that month's bill
        plans = list(dict.fromkeys(_plans(slots)))
        return Ruled(Intent.ESTIMATE, {"messages": slots["messages"], **({"plan": plans[0]} if plans else {})},
                     "bill_explained")
    plans = _plans(slots)
    volume = {"_messages": slots["messages"], "_plan": plans[0]} if slots.get("messages") and plans else {}
    if not volume and len(set(plans)) == 1 and FEE_CHARGED.search(text):  # 「高用量會扣多少」: that plan's fee with tax
        volume = {"_plan": plans[0], "_plan_taxed": True}
    return Ruled(Intent.BILLING, {**{k: slots[k] for k in ("_month", "_on") if k in slots}, **volume}, "charge_seen")



def _refuse_new_prices(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「我不想接受11月的新價格」: how to refuse a coming price list."""
    coming = NEW_PRICES.search(text) or (PAYMENT.search(text) and "date" in slots)  # 「10/27之前要先設定什麼付款方式」
    if not ((REFUSE_NEW_PRICES.search(text) or PREPARE.search(text)) and coming):
        return None
    confirm = {"_confirm": True} if ACCEPTED_BY_USE.search(text) else {}  # 「還在用中用量，就算同意了？」: yes
    return Ruled(Intent.PLAN_CHANGE, {"_refuse": True, **confirm}, "refuse_new_prices")


def _calls_for_people(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「用Multicast推給1200人要打幾次」: the calls that many user IDs take, and the messages they count."""
    if not MULTICAST.search(text) or not slots.get("friends") or not CALLS_ASKED.search(text):
        return None
    return Ruled(Intent.API, {"topic": "user_id_calls", "friends": slots["friends"]}, "calls_for_people")


def _calculator(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「有官方的費用試算工具嗎」: where LINE's own calculator is, not an estimate."""
    if not CALCULATOR_TOOL.search(text) or any(k in slots for k in ("friends", "messages", "sends", "budget")):
        return None
    return Ruled(Intent.MANAGER_HOWTO, {"topic": "calculator"}, "calculator")


def _kind_set_up(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """「我有設定關鍵字自動回應」: a free kind of message the merchant set up; say whether it costs."""
    kind = kind_of(text)
    if intent != Intent.OUT_OF_SCOPE or kind not in FREE_KIND_NAMES or not SET_UP.search(text):
        return None
    return None if any(k in slots for k in ("friends", "messages", "sends")) else Ruled(Intent.BILLED, {"kind": kind},
                                                                                     "kind_set_up")


ADDON_SENT = re.compile(r"多發了\s*(\d+)\s*則")
# 「幾號扣、扣多少」「照上限收還是用多少收多少」: the add-on charge asked, not the month's plan.
ADDON_CHARGE_ASK = re.compile(r"幾號扣|什麼時候扣|哪天扣|\d+/\d+\s*(?:還|又)?會?再?扣|扣多少|會扣多少|用多少收多少|"
                              r"照.{0,6}上限收|when (?:is|will) it (?:be )?(?:billed|charged)|when is .{0,20} billed")
WOULD_CHARGE = re.compile(r"會被?扣(?:嗎|則數|錢)|會不會被?扣|也會被?扣")  # 「這些也會被扣嗎」 asks whether, not what


Rule = Callable[[str, Intent, Slots], Ruled | None]
RULES: tuple[Rule, ...] = (
    _usage_check,
    _quota_meaning,
    _rollout,
    _which_counted,
    _addon_off,
    _addon_start_asked,
    _addon_more,
    _plan_and_friends,
    _after_run_out,
    _count_lag,
    _which_month,
    _payment,
    _carry_over,
    _time_zone,
    _used_plus_more,
    _friends_without_sends,
    _plans_added,
    _bill_of_messages,
    _charges_compared,
    _charge_seen,
    _calls_for_people,
    _tax_of_plan,
    _upgrade_for_friends,
    _compare_two,
    _more_after_run_out,
    _month_on_plan,
    _addon_from_charge,
    _addon_cap,
    _budget_for_volume,
    _past_bill,
    _addon_charge,
    _refuse_new_prices,
    _change_day_claim,
    _calculator,
    _messages_left,
    _sends_on_plan,
    _average_price,
    _estimate_request,
    _addon_allowed_claim,
    _nth_addon,
    _addon_start_heard,
    _change_heard,
    _rise_heard,
    _included_heard,
    _volume_priced,
    _claim,
    _kind_set_up,
)


def ruled(text: str, intent: Intent, slots: Slots) -> Ruled | None:
    """The first named rule that claims the message, or None to keep the keyword intent."""
    for rule in RULES:
        found = rule(text, intent, slots)
        if found is not None:
            return found
    return None
