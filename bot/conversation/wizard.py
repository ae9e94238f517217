"""Tap-to-answer wizards: an estimate, a plan change and a budget, one question at a time.

Every chip carries the answers given so far, so a tap from an older message still does what its label
says. The conversation store keeps the wizard a follower is in, so a typed number answers the step the
bot asked about. Pure: no store, no LINE; `today` is an argument.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from bot.pricing.money import MAX_COUNT
from bot.taps import Tap
from bot.understanding.cues import CORRECTION
from bot.understanding.dates import find_date
from bot.understanding.parse import LONE_NUMBER, prepare, read
from bot.understanding.question import Question
from bot.understanding.slots import extract
from bot.understanding.spans import parts, seasons

STEPS = {"estimate": ("friends", "sends", "seg"), "change": ("from", "to", "date"), "budget": ("budget",)}
BARE_NUMBER = re.compile(
    r"^(?:大概|大約|約|差不多|around|about)?\s*(?:nt\$|\$)?\s*(\d{1,12})\s*"
    r"(?:人|位|個|名|次|元|塊|塊錢|則|friends?|times?)?\s*(?:左右|上下)?[。.!！?？\s]*$")
RESTART = re.compile(r"^(?:重來|重新開始|重新來過|restart|start over)[。.!！\s]*$")
PLAN_WORDS = (("light", re.compile(r"輕|light|免費")), ("medium", re.compile(r"中|medium")),
              ("high", re.compile(r"高|high")))
ESTIMATE_SLOTS = ("friends", "sends", "period", "messages")
PLANS = ("light", "medium", "high")


@dataclass(frozen=True)
class Wizard:
    """Which wizard a follower is in and what they have answered (fields as the taps carry them)."""

    kind: str
    fields: Mapping[str, str | int] = field(default_factory=dict)
    typing: str | None = None  # the step the follower chose to type ("其他")

    def step(self) -> str | None:
        """The first question still open, or None when the answers are complete."""
        for name in STEPS[self.kind]:
            if name == "seg" and self.fields.get("aud") != "part":
                continue
            if name not in self.fields:
                return name
        return None

    def with_answers(self, **answers: str | int) -> Wizard:
        """The wizard with more answers (and no step waiting to be typed)."""
        return replace(self, fields={**self.fields, **answers}, typing=None)

    def saved(self) -> dict[str, Any]:
        """A JSON-ready form for the conversation store."""
        return {"kind": self.kind, "fields": dict(self.fields), "typing": self.typing}

    @classmethod
    def from_saved(cls, slots: Mapping[str, Any]) -> Wizard | None:
        """The wizard kept in the store, or None when the row is not a wizard's."""
        kind, fields = slots.get("kind"), slots.get("fields")
        if kind not in STEPS or not isinstance(fields, dict):
            return None
        typing = slots.get("typing")
        return cls(kind, dict(fields), typing if isinstance(typing, str) else None)


def from_tap(tap: Tap) -> Wizard | None:
    """The wizard a tap leads to (a tap with no answers starts it over)."""
    kind = tap.text("w")
    if kind not in STEPS:
        return None
    answers = {k: v for k, v in tap.fields.items() if k not in ("w", "other")}
    wizard = Wizard(kind, answers)
    other = tap.text("other")
    return replace(wizard, typing=other) if other in STEPS[kind] else wizard


def from_question(question: Question) -> Wizard | None:
    """An estimate asked without its numbers starts the estimate wizard with what it did say."""
    if question.intent != "estimate" or "messages" in question.slots or "_parts" in question.slots or question.problems:
        return None
    if {"friends", "sends"} <= question.slots.keys():
        return None
    known = {k: question.slots[k] for k in ("friends", "sends", "period") if k in question.slots}
    if "friends" in known and question.slots.get("_blocked"):  # 「好友9000人，封鎖的大概1500人」: those who can receive
        known["friends"] = max(0, int(known["friends"]) - int(question.slots["_blocked"]))
    return Wizard("estimate", known)


def typed(wizard: Wizard, text: str, today: date) -> Wizard | None:
    """The wizard after a typed answer, or None when the text is not an answer to it."""
    if RESTART.match(prepare(text)):
        return Wizard(wizard.kind)
    step = wizard.typing or wizard.step()
    if step is None:
        return None
    if wizard.kind == "estimate":
        return _typed_estimate(wizard, step, text, today)
    answer = _typed_answer(step, text, today)
    return wizard.with_answers(**{step: answer}) if answer is not None else None


def _typed_estimate(wizard: Wizard, step: str, text: str, today: date) -> Wizard | None:
    """Numbers for an estimate: what the sentence says (「每月2次」「2000人」), else a bare number for the step."""
    prepared = prepare(text)
    found = extract(prepared, today)[0]
    said = {k: v for k, v in found.items() if k in ESTIMATE_SLOTS}
    if len(set(found.get("_plans") or [])) == 1:  # 「每個月push 3次 enough for 中用量嗎」: is that plan enough
        said["plan"] = found["_plans"][0]
    friends = wizard.fields.get("friends")
    if found.get("_blocked") and isinstance(friends, int) and "friends" not in said:  # 「其中800封鎖」
        return wizard.with_answers(friends=max(0, friends - int(found["_blocked"])), **said)
    lone = LONE_NUMBER.search(prepared)
    corrected = lone and CORRECTION.search(prepared) and int(lone.group(1)) != said.get("sends")
    if said and "friends" not in said and lone and corrected:
        said["friends"] = int(lone.group(1))  # 「其實只有3000人，每月發一次」 corrects the friends too
    if said and step != "seg":
        return wizard.with_answers(**said)
    number = _bare_number(text)
    if number is None:
        return None
    answers: dict[str, str | int] = {step: number}
    if step == "sends":
        answers["period"] = "month"
    return wizard.with_answers(**answers)


def _typed_answer(step: str, text: str, today: date) -> str | int | None:
    """A typed plan, date or amount for the change and budget wizards."""
    if step in ("from", "to"):
        return next((plan for plan, pattern in PLAN_WORDS if pattern.search(prepare(text))), None)
    if step == "date":
        day = find_date(prepare(text), today)
        return day.isoformat() if day else None
    return _bare_number(text)


def _bare_number(text: str) -> int | None:
    """A message that is just a number (「3000」「三千人」「NT$1,500」), or None."""
    found = BARE_NUMBER.match(prepare(text).replace(",", ""))
    return int(found.group(1)) if found else None


def question_of(wizard: Wizard, today: date) -> Question | None:
    """The question a finished wizard asks, or None while a step is open or an answer does not fit."""
    if wizard.step() is not None or wizard.typing:
        return None
    fields = wizard.fields
    if wizard.kind == "estimate":
        friends = _int(fields.get("seg") if fields.get("aud") == "part" else fields.get("friends"))
        sends = _int(fields.get("sends"))
        if friends is None or sends is None:
            return None
        plan = {"plan": fields["plan"]} if fields.get("plan") in PLANS else {}
        return Question("estimate", {"friends": friends, "sends": sends, "period": str(fields.get("period", "month")),
                                     **plan})
    if wizard.kind == "change":
        day = today if fields.get("date") == "today" else date.fromisoformat(str(fields["date"]))
        return Question("plan_change", {"from_plan": str(fields["from"]), "to_plan": str(fields["to"]), "date": day})
    budget = _int(fields.get("budget"))
    return Question("budget", {"budget": budget}) if budget is not None else None


def _int(value: object) -> int | None:
    """A whole number kept as int or digits, else None."""
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


def settle(wizard: Wizard) -> tuple[Wizard, str | None]:
    """Drop an answer that cannot stand with the others, saying which: the step is then asked again."""
    fields = dict(wizard.fields)
    absurd = [k for k, v in fields.items() if isinstance(v, int) and not 0 < v <= MAX_COUNT]
    if absurd:
        return replace(wizard, fields={k: v for k, v in fields.items() if k not in absurd}), "number"
    if wizard.kind == "estimate" and fields.get("aud") == "part" and "seg" in fields:
        seg, friends = _int(fields.get("seg")), _int(fields.get("friends"))
        if seg is None or friends is None or not 0 < seg <= friends:
            fields.pop("seg")
            return replace(wizard, fields=fields), "segment"
    if wizard.kind == "change" and "to" in fields and fields.get("to") == fields.get("from"):
        fields.pop("to")
        return replace(wizard, fields=fields), "same_plan"
    if wizard.kind == "change" and "date" in fields and not _real_day(fields["date"]):
        fields.pop("date")
        return replace(wizard, fields=fields), "date"
    return wizard, None


def _real_day(value: str | int) -> bool:
    """「today」 or an ISO date that exists (2026-02-30 does not)."""
    if value == "today":
        return True
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


FRIENDS_NAMED = re.compile(r"好友|粉絲|friends|followers")  # a pattern naming its own whole audience


def pattern_question(wizard: Wizard, text: str, today: date) -> Question | None:
    """「每月群發1次，另外每天提醒40則」 typed to the estimate wizard that knows the friends: the whole pattern."""
    friends = wizard.fields.get("friends")
    if wizard.kind != "estimate" or not isinstance(friends, int):
        return None
    prepared = prepare(text)
    if seasons(prepared) is not None:  # 「情人節那個月發4次 其他月1次」: both seasons on the friends known
        whole = read(f"好友{friends}人，{text}", today).question()
        return whole if whole.intent == "estimate" else None
    pattern = parts(prepared)
    if pattern and any(p.friends for p in pattern) and not FRIENDS_NAMED.search(prepared):
        whole = read(f"好友{friends}人，{text}", today).question()  # 「全體發1次，再對其中1500位VIP多發2次」
        return whole if whole.intent == "estimate" else None
    if not pattern or any(p.friends for p in pattern):
        return None
    return Question("estimate", {"friends": friends,
                                 "_parts": [[friends, p.sends, p.period, p.messages] for p in pattern]})
