"""Turns a merchant's message (and what they asked a moment ago) into a Question."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.understanding.clarify import clarification
from bot.understanding.cues import (
    ACCOUNT_COUNT,
    CJK,
    FIGURE_WORDS,
    FOLLOW_UP,
    GREETING,
    LATIN,
    SEPARATE,
    SHARED,
    SHOP_COUNT,
)
from bot.understanding.intents import (
    classify,
)
from bot.understanding.normalize import normalize
from bot.understanding.numbers import arabic
from bot.understanding.question import Intent, Need, Question
from bot.understanding.rules import ruled
from bot.understanding.slots import (
    api_topic,
    aspect_of,
    change_plans,
    extract,
    kind_of,
    topic_of,
)

Slots = dict[str, Any]


# --- assembling the question -------------------------------------------------------------------------
def _public(intent: str, text: str, slots: Slots) -> Slots:
    """Keep the slots that matter for this intent."""
    keep: dict[str, tuple[str, ...]] = {
        "estimate": ("friends", "sends", "period", "messages", "tax"),
        "budget": ("budget", "tax"),
        "plan_change": ("date",), "prorate": ("date",), "history": ("date",),
    }
    out: Slots = {k: slots[k] for k in keep.get(intent, ()) if k in slots}
    plans = slots.get("_plans", [])
    if intent == "estimate" and "messages" in out and "friends" in out and "sends" in out:
        out.pop("messages")
    if intent == "estimate" and "messages" in out:
        for key in ("friends", "sends", "period"):
            out.pop(key, None)
    if intent in ("plan_change", "prorate"):
        out.update(change_plans(text, slots.get("_plan_positions", [])))
    elif intent == "manager_howto":
        out["topic"] = topic_of(text) or "change_plan"
    elif intent == "api":
        out["topic"] = api_topic(text)
    elif intent == "billed":
        out["kind"] = kind_of(text)
    elif intent in ("plan_facts", "tax", "history", "segment") and plans:
        out["plan"] = plans[-1] if intent != "plan_facts" else plans[0]
        if intent in ("tax", "history") and len(set(plans)) > 1:
            out.pop("plan")
    if intent == "budget" and plans:
        out["_plan"] = plans[0]
    if intent == "budget" and "friends" in slots:
        out["_friends"] = slots["friends"]
    for key, intents in INTERNAL_SLOTS.items():
        if key in slots and intent in intents:
            out[key] = slots[key]
    if intent == "billed" and "friends" in slots:
        out["_audience"] = slots["friends"]
        if "sends" in slots:
            out["_sends"] = slots["sends"]
    if intent == "plan_facts":
        aspect = aspect_of(text)
        if aspect:
            out["aspect"] = aspect
    if intent == "estimate" and len(set(plans)) == 1:
        out["plan"] = plans[0]
    if intent == "estimate" and "friends" in out:
        out.update(_accounts(text, int(out["friends"])))
    return out


EACH = re.compile(r"各|每家|每間|每個帳號|each|per shop|apiece")


def _accounts(text: str, friends: int) -> Slots:
    """Several shops: friends added up on one shared account, or each account priced on its own."""
    shops = SHOP_COUNT.search(text) or ACCOUNT_COUNT.search(text)
    if not shops or int(shops.group(1)) < 2:
        return {}
    count = int(shops.group(1))
    if SEPARATE.search(text):
        return {"_shops": count}
    if SHARED.search(text) and EACH.search(text):
        return {"friends": friends * count}
    return {}


INTERNAL_SLOTS = {
    "_on": ("estimate", "tax", "billing", "plan_facts", "budget", "compare"),
    "_minute": ("billing", "plan_change", "prorate"),
    "_untaxed": ("budget", "tax", "estimate"),
    "_alt": ("estimate",),
    "_addon": ("estimate",), "_factor": ("estimate",), "_factor_of": ("estimate",),
    "_year": ("history",), "_before_change": ("history",), "_hour": ("plan_change", "prorate", "billing"),
    "_month": ("billing", "history", "estimate"), "_now": ("history",),
    "_yearly": ("plan_facts", "tax", "compare", "estimate", "budget", "history"),
    "_before_after": ("history", "estimate", "tax", "compare"),
    "_extra_messages": ("estimate",), "_blocked": ("estimate",), "_parts": ("estimate",),
    "_again": ("plan_change", "prorate"), "_down": ("plan_change", "prorate"), "_up": ("plan_change", "prorate"),
    "_plan": ("budget",), "_amount": ("tax",), "_used": ("plan_change", "prorate"),
    "_milestones": ("history",), "_changed": ("history",), "_volumes": ("estimate",), "_dates": ("history",),
}


def language(raw: str) -> str | None:
    """zh when the text has Chinese characters, en when it is Latin words only."""
    if CJK.search(raw):
        return "zh"
    if LATIN.search(raw.lower()):
        return "en"
    return None


def prepare(raw: str) -> str:
    """Normalise a message and write its numbers as digits."""
    return arabic(normalize(raw))


def strip_greeting(text: str) -> str:
    """Drop a leading hello or thanks so the real question is parsed."""
    stripped = GREETING.sub("", text, count=1)
    stripped = re.sub(r"^(?:謝謝|感謝|thanks|thank you)[!！,，.。~\s]*(?=\S)", "", stripped)
    return stripped.strip()


NUMBERS = ("friends", "sends", "messages", "budget")
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
WEAK = {"out_of_scope", "greeting", "thanks"}


def _parse(text: str, today: date) -> tuple[str, Slots, Slots, list[str]]:
    """Intent, raw slots, the intent's public slots and problems of one prepared text."""
    slots, problems = extract(text, today)
    intent = classify(text, slots)
    special = ruled(text, Intent(intent), slots)
    if special is not None:
        return special.intent, slots, special.slots, problems
    return intent, slots, _public(intent, text, slots), problems




UNIT_ANSWERS = (
    (re.compile(r"好友|朋友|粉絲|人|位|會員|friends?|followers?|people"), "{n}位好友"),
    (re.compile(r"則|訊息|messages?|msgs?"), "每月{n}則"),
    (re.compile(r"預算|元|塊|錢|budget|nt|\\$|dollars?"), "預算{n}元"),
)


def _answered(previous: Mapping[str, Any] | None, raw: str) -> str | None:
    """The full question once a merchant answers what a clarifying question asked, else None."""
    if not previous or previous.get("intent") != Intent.CLARIFY:
        return None
    saved, text = previous.get("slots", {}), prepare(raw)
    if saved.get("need") == Need.MEANING and saved.get("number") and not re.search(r"\d", text):
        for unit, phrase in UNIT_ANSWERS:
            if unit.search(text):
                return phrase.format(n=saved["number"])
    if saved.get("need") == Need.ACCOUNTS and saved.get("friends") and saved.get("sends"):
        how = "各自的帳號" if SEPARATE.search(text) else "共用一個帳號" if SHARED.search(text) else None
        every = {"week": "每週", "day": "每天"}.get(saved.get("period") or "month", "每月")
        if how:
            return f"{saved.get('shops', 2)}家店{how}，每家店各{saved['friends']}位好友，{every}發{saved['sends']}次"
    return None


def understand(raw: str, previous: Mapping[str, Any] | None, today: date) -> Question:
    """Understand one message asked on `today`; `previous` is {"intent", "slots"} asked a moment ago."""
    completed = _answered(previous, raw)
    if completed is not None:
        return understand(completed, None, today)
    full = prepare(raw)
    rest = strip_greeting(full)
    intent, slots, public, problems = _parse(rest, today) if rest else ("out_of_scope", {}, {}, [])
    text = rest
    if intent in WEAK or not rest:
        intent, slots, public, problems = _parse(full, today)
        text = full
        if intent == "out_of_scope" and rest != full and GREETING.match(full) and len(rest) <= 3:
            intent = "greeting"
    follow_up = False
    if previous and previous.get("intent") in MERGEABLE:
        merged = _merge(previous["intent"], dict(previous.get("slots", {})), intent, text, slots, public)
        if merged is not None:
            intent, public, follow_up = merged[0], merged[1], True
    if intent in ("greeting", "thanks", "help", "out_of_scope"):
        public = {}
    asked = None if follow_up else clarification(text, Intent(intent), slots)
    if asked is not None:
        return Question(intent=Intent.CLARIFY, slots=asked.saved(), lang=language(raw), ask=asked)
    return Question(intent=Intent(intent), slots=public, lang=language(raw), problems=tuple(problems),
                    follow_up=follow_up)


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
        intent, public = "estimate", _public("estimate", text, slots)  # 「改成每週一次要升級嗎」 re-prices
    awaiting = prev_intent == "estimate" and "messages" not in prev and not {"friends", "sends"} <= prev.keys()
    looks_like_follow_up = bool(FOLLOW_UP.search(text)) or len(text) <= 10 or awaiting
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


def _carry_context(prev_intent: str, prev: Slots, intent: str, text: str, slots: Slots,
                   public: Slots) -> tuple[str, Slots] | None:
    """A new question that still needs the earlier one's month, estimate or current plan."""
    if intent == "billing" and prev.get("_month") and "_month" not in public:
        return intent, {**public, "_month": prev["_month"]}
    if BACK_REF.search(text) and prev.get("_est"):
        extra = {k: v for k, v in _public("estimate", text, slots).items() if k in ("tax", "_yearly")}
        return "estimate", {**prev["_est"], **extra}
    on_plan = prev.get("plan") if prev_intent == "plan_facts" else None
    if intent in ("plan_change", "prorate") and on_plan and "from_plan" not in public \
            and public.get("to_plan") not in (None, on_plan):
        return intent, {**public, "from_plan": on_plan}
    return None


def _switch_with_plan(prev_intent: str, prev: Slots, intent: str, public: Slots) -> tuple[str, Slots] | None:
    """「含稅呢」/「去年呢」 about the plan (or plan change) just discussed."""
    plan_from_before = "plan" not in public and prev.get("plan")
    if intent == "tax" and prev_intent in ("prorate", "plan_change"):
        return prev_intent, {**prev, "tax": True}
    if intent == "tax" and prev_intent not in ("estimate", "budget", "tax") and plan_from_before:
        return "tax", {**public, "plan": prev["plan"], **({"_yearly": True} if prev.get("_yearly") else {})}
    if intent == "history" and prev_intent in ("plan_facts", "tax") and plan_from_before:
        return "history", {**public, "plan": prev["plan"]}
    return None


def _continue(prev_intent: str, prev: Slots, intent: str, text: str, slots: Slots,
              public: Slots) -> tuple[str, Slots] | None:
    """The earlier question with the numbers, plans or dates this message changes."""
    asks_taxed_cost = bool(re.search(r"要付|付多少|多少錢|pay", text))
    if prev_intent == "budget" and slots.get("tax") and "budget" not in public and asks_taxed_cost:
        return prev_intent, prev
    scaled = _scaled(prev_intent, prev, slots)
    if scaled is not None:
        return prev_intent, scaled
    new = _bare_number(prev_intent, prev, text, slots, _public(prev_intent, text, slots))
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


# A number that counts nothing named: not a date, a time, a share, messages or sends.
LONE_NUMBER = re.compile(r"(?<![\d/.])(\d+)(?![\d/.]|\s*(?:年|個?月|週|天|日|號|點|%|倍|分之|則|次|回|times?|x\b))")


def _bare_number(prev_intent: str, prev: Slots, text: str, slots: Slots, new: Slots) -> Slots:
    """A lone number in a follow-up fills the earlier question's main number."""
    lone = LONE_NUMBER.search(text)
    corrects_friends = prev_intent == "estimate" and "friends" in prev and not {"friends", "messages"} & new.keys()
    if corrects_friends and lone and new.get("sends") and int(lone.group(1)) != new["sends"] and "date" not in slots:
        return {**new, "friends": int(lone.group(1))}  # 「其實只有3000人，每月發一次」
    if new.get("friends") or new.get("sends") or new.get("messages") or new.get("budget"):
        return new
    per = re.search(r"(\d+)\s*(?:x\s*)?(?:a|per|/)\s*(month|week|day)", text)
    if prev_intent == "estimate" and per and "friends" in prev:
        return {**new, "sends": int(per.group(1)), "period": per.group(2)}
    m = re.search(r"(?<![\d/.])(\d+)(?![\d/.]|\s*(?:年|月|週|天|日|號|點|%|倍|分之|則|x\b))", text)
    if not m or "date" in slots:
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
