"""The Question: what a merchant asked, in a form the pricing room can answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Intent(StrEnum):
    """Which question a message asks; the value is what saved state and corpora store."""

    PLAN_FACTS = "plan_facts"
    COMPARE = "compare"
    ESTIMATE = "estimate"
    BUDGET = "budget"
    TAX = "tax"
    PLAN_CHANGE = "plan_change"
    PRORATE = "prorate"
    BILLING = "billing"
    BILLED = "billed"
    QUOTA = "quota"
    MANAGER_HOWTO = "manager_howto"
    HISTORY = "history"
    SEGMENT = "segment"
    API = "api"
    SMS = "sms"
    GREETING = "greeting"
    THANKS = "thanks"
    HELP = "help"
    CLARIFY = "clarify"
    OUT_OF_SCOPE = "out_of_scope"


INTENTS = tuple(Intent)


class Need(StrEnum):
    """What a clarifying question asks for, because pricing without it would be a guess."""

    MEANING = "meaning"  # a bare number: friends, messages a month or a budget?
    FRIENDS = "friends"  # how many friends a send goes to
    SEGMENT = "segment"  # how many friends are in the part a send goes to
    VOLUME = "volume"  # friends and sends, to pick a plan
    PLANS = "plans"  # which plan now, which plan next
    PLAN = "plan"  # which plan (or amount) the tax question is about
    ACCOUNTS = "accounts"  # several shops: one shared account or one each?
    MORE = "more"  # "more than now": how many exactly?
    TOPIC = "topic"  # a pricing question the bot could not place: which kind of answer is wanted?
    BILL = "bill"  # a bill that went up: which plan, and what was sent?
    ADDON = "addon"  # an add-on price asked with no count: how many messages a month?
    FIX = "fix"  # 「不對」 after an answer: which part was misread?
    WHEN = "when"  # 「那時候」 with no time named: which month or year?
    CURRENT = "current"  # 「還剩幾則」 with no plan: which plan are you on?
    YEAR = "year"  # 「3/15升級」 asked in December, when the two years' price lists differ: which year?


@dataclass(frozen=True)
class Clarification:
    """A question back: what is missing, the number it is about, and the rule that decided to ask."""

    need: Need
    rule: str
    number: int | None = None
    shops: int | None = None
    friends: int | None = None
    sends: int | None = None
    period: str | None = None
    plan: str | None = None
    accounts: str | None = None  # "separate" or "shared", when the merchant said so
    days: tuple[str, ...] = ()  # a day without its year: the candidate days, earlier first (ISO)
    text: str | None = None  # the question asked, to be asked again once the year is known

    def saved(self) -> dict[str, Any]:
        """As saved-state slots, so the merchant's answer can complete the question."""
        kept = {"need": self.need.value, "number": self.number, "shops": self.shops, "friends": self.friends,
                "sends": self.sends, "period": self.period, "plan": self.plan, "accounts": self.accounts,
                "days": list(self.days) or None, "text": self.text}
        return {k: v for k, v in kept.items() if v is not None}


PUBLIC_SLOTS = frozenset({
    "friends", "sends", "period", "messages", "budget", "tax", "plan", "aspect", "from_plan", "to_plan",
    "date", "kind", "topic", "need", "number",
})


@dataclass(frozen=True)
class Question:
    """An intent with its slots; `problems` flags numbers we refused to guess about."""

    intent: Intent
    slots: dict[str, Any] = field(default_factory=dict)
    lang: str | None = None  # "zh" | "en" | None when the text does not tell
    problems: tuple[str, ...] = ()
    follow_up: bool = False
    ask: Clarification | None = None

    def __post_init__(self) -> None:
        """Accept an intent's name (saved state, taps) and keep it typed."""
        object.__setattr__(self, "intent", Intent(self.intent))

    def public_slots(self) -> dict[str, Any]:
        """The slots a labelled corpus compares (dates as ISO strings)."""
        return {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                for k, v in self.slots.items() if k in PUBLIC_SLOTS}


SMALL_TALK = frozenset({Intent.GREETING, Intent.THANKS, Intent.HELP, Intent.OUT_OF_SCOPE})


@dataclass(frozen=True)
class Reading:
    """One message read on its own: its intent and slots, and the text and raw slots a follow-up decides with."""

    text: str
    intent: Intent
    slots: dict[str, Any]  # every slot found, internal ones included
    public: dict[str, Any]  # the slots this intent's answer takes
    problems: tuple[str, ...] = ()
    lang: str | None = None
    ask: Clarification | None = None
    rule: str | None = None  # the named rule that read it, when one did (rules.py)

    def question(self) -> Question:
        """The question this message asks with nothing before it: a question back when pricing would guess."""
        if self.ask is not None:
            return Question(intent=Intent.CLARIFY, slots=self.ask.saved(), lang=self.lang, ask=self.ask)
        kept = {k: v for k, v in self.public.items() if k in ("date", "_evening")} \
            if self.intent == Intent.OUT_OF_SCOPE else {}
        return Question(intent=self.intent, slots=kept if self.intent in SMALL_TALK else self.public, lang=self.lang,
                        problems=self.problems)  # a day said in passing stays for a follow-up's clock time
