"""Joins understanding, pricing and answers for each incoming event."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from bot.answers.flex import text_message
from bot.answers.i18n import _, resolve_locale, use_locale
from bot.answers.replies import Context as AnswerContext
from bot.answers.replies import Reply, answer, greeting_reply, help_reply
from bot.answers.wizards import wizard_prompt
from bot.conversation.events import FollowIn, Incoming, PostbackIn, TextIn, UnfollowIn
from bot.conversation.follow_up import understand
from bot.conversation.ports import ConversationStore, SavedState, Tagger
from bot.conversation.wizard import (
    STEPS,
    Wizard,
    from_question,
    from_tap,
    pattern_question,
    question_of,
    settle,
    typed,
)
from bot.pricing import TAIPEI, today_taipei
from bot.taps import ACTIONS, Tap, read_tap
from bot.understanding.parse import language as language_of
from bot.understanding.parse import read
from bot.understanding.question import Question, Reading

Messages = list[dict[str, Any]]
log = logging.getLogger(__name__)
WIZARD = "wizard"  # the saved state of a follower in the middle of a wizard
GROUP_INTENTS_IGNORED = {"out_of_scope", "sms", "greeting", "thanks", "help"}
MAX_TEXT = 2000


@dataclass
class Turn:
    """The per-event context: where state lives, who tags, what time it is, which language."""

    store: ConversationStore
    tagger: Tagger
    now: datetime
    language: str | None = None


class Conversation:
    """Routes each kind of event to its use case."""

    def __init__(self, calculator: str | None = None) -> None:
        """`calculator`: the calculator page's public root or LIFF URL, linked from estimate cards."""
        self.calculator = calculator
        self.answers = AnswerCache()

    def handle(self, incoming: Incoming, turn: Turn) -> Messages:
        """Answer an event with LINE message dicts (possibly none)."""
        if isinstance(incoming, TextIn):
            return self.on_text(incoming, turn)
        if isinstance(incoming, PostbackIn):
            return self.on_postback(incoming, turn)
        if isinstance(incoming, FollowIn):
            return self.on_follow(incoming, turn)
        if isinstance(incoming, UnfollowIn):
            return self.on_unfollow(incoming, turn)
        return []

    def on_text(self, incoming: TextIn, turn: Turn) -> Messages:
        """Answer a merchant's text question (or their answer to a wizard's), remembering it for follow-ups."""
        text = incoming.text[:MAX_TEXT]
        user = incoming.user_id
        today = self.today(turn)
        saved = turn.store.load_state(user, turn.now) if user else None
        lang = saved.slots.get("_lang") if saved else None
        in_wizard = Wizard.from_saved(saved.slots) if saved and saved.intent == WIZARD else None
        if in_wizard is not None:
            whole = pattern_question(in_wizard, text, today)
            if whole is not None:
                _tag_text(user, text, turn)
                return self._reply(user, whole, turn, language_of(text) or lang)
            moved = typed(in_wizard, text, today)
            if moved is not None:
                _tag_text(user, text, turn)
                return self._advance(user, moved, turn, language_of(text) or lang)
            saved = None
        previous = {"intent": saved.intent, "slots": saved.slots} if saved else None
        if in_wizard is not None and in_wizard.kind == "estimate":  # what the wizard knows is the estimate so far
            previous = {"intent": "estimate", "slots": dict(in_wizard.fields)}
        question = self.answers.reading(text, previous, today)
        if incoming.chat != "user" and question.intent in GROUP_INTENTS_IGNORED:
            return []  # small talk in a group: not answered, not tagged, not stored
        _tag_text(user, text, turn)
        if in_wizard is not None and _no_answer(question):  # 「看情況啦」: the wizard's question still stands
            return self._advance(user, in_wizard, turn, lang)
        lang = question.lang or lang
        started = _wizard_for(question, self.answers.reading(text, None, today) if question.follow_up else question)
        if started is not None:
            return self._advance(user, started, turn, lang)
        return self._reply(user, question, turn, lang, _last_estimate(saved))

    def on_postback(self, incoming: PostbackIn, turn: Turn) -> Messages:
        """Answer a tap: it does what its label says, whatever the conversation remembers."""
        tap = read_tap(incoming.data)
        user = incoming.user_id
        if tap is None:
            log.info("postback refused: stale or forged data")
            return self._help(turn)
        if user:
            turn.tagger.on_event_tag(user, f"postback:{tap.action}"[:50], "postback", turn.now)
        if tap.action == "ask":
            as_text = TextIn(event_id=incoming.event_id, user_id=user, reply_token=incoming.reply_token,
                             at=incoming.at, chat=incoming.chat, text=str(tap.fields["q"]))
            return self.on_text(as_text, turn)
        saved = turn.store.load_state(user, turn.now) if user else None
        lang = saved.slots.get("_lang") if saved else None
        wizard = from_tap(tap)
        if wizard is not None:
            picked = incoming.params.get("date")
            return self._advance(user, wizard.with_answers(date=picked[:10]) if picked else wizard, turn, lang)
        question = question_from_tap(tap, incoming.params)
        if question is None:
            return self._help(turn)
        return self._reply(user, question, turn, lang)

    def _reply(self, user: str | None, question: Question, turn: Turn, lang: str | None,
               last_estimate: dict[str, Any] | None = None) -> Messages:
        """Answer a question, remember it and tag the follower with what the answer earned."""
        reply = self._answer(at_this_moment(question, turn.now), self.today(turn), turn, lang)
        if user:
            self._remember(user, question, reply, turn, lang, last_estimate)
            for tag in reply.tags:
                turn.tagger.on_event_tag(user, tag, "conversation", turn.now)
        return reply.messages

    def _advance(self, user: str | None, wizard: Wizard, turn: Turn, lang: str | None) -> Messages:
        """The wizard's next question, or, once every answer is in, the answer it was building."""
        today = self.today(turn)
        wizard, problem = settle(wizard)
        question = question_of(wizard, today)
        if question is not None:
            return self._reply(user, question, turn, lang)
        step = wizard.typing or wizard.step() or STEPS[wizard.kind][0]
        with use_locale(_locale(turn, lang)):
            reply = wizard_prompt(wizard.kind, step, wizard.fields, today, typing=bool(wizard.typing),
                                  problem=problem)
        if user:
            slots = {**wizard.saved(), **({"_lang": lang} if lang else {})}
            turn.store.save_state(user, SavedState(intent=WIZARD, slots=slots), turn.now)
        return reply.messages

    def _help(self, turn: Turn) -> Messages:
        """The help card, for a tap the bot cannot read (an old or forged button)."""
        with use_locale(resolve_locale(turn.language)):
            return help_reply(AnswerContext(today=self.today(turn)), Question("help")).messages

    def on_follow(self, incoming: FollowIn, turn: Turn) -> Messages:
        """Welcome a new (or returning) follower."""
        if incoming.user_id:
            turn.store.follow(incoming.user_id, turn.now)
            turn.tagger.on_event_tag(incoming.user_id, "source:follow", "follow", turn.now)
        with use_locale(resolve_locale(turn.language)):
            return greeting_reply(AnswerContext(today=self.today(turn)), Question("greeting")).messages

    def on_unfollow(self, incoming: UnfollowIn, turn: Turn) -> Messages:
        """Mark the follower blocked (tags stay); there is no one to answer."""
        if incoming.user_id:
            turn.store.unfollow(incoming.user_id, turn.now)
            turn.tagger.on_unfollow(incoming.user_id, turn.now)
        return []

    @staticmethod
    def today(turn: Turn) -> date:
        """Today in Taiwan, which picks the price list."""
        return today_taipei(turn.now)

    def _answer(self, question: Question, today: date, turn: Turn, lang: str | None = None) -> Reply:
        """Answer in the language of the question (or of the conversation), else the follower's."""
        locale = _locale(turn, lang or question.lang)
        return self.answers.get(question, today, locale, lambda: self._fresh(question, today, locale))

    def _fresh(self, question: Question, today: date, locale: str) -> Reply:
        """Work an answer out."""
        with use_locale(locale):
            return answer(question, today, self.calculator)

    @staticmethod
    def _remember(user: str, question: Question, reply: Reply, turn: Turn, lang: str | None = None,
                  last_estimate: dict[str, Any] | None = None) -> None:
        """Keep the question (its language, and an earlier estimate to come back to) for follow-ups."""
        if reply.remember:
            slots = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in question.slots.items()}
            if lang:
                slots["_lang"] = lang
            if last_estimate and question.intent != "estimate":
                slots["_est"] = last_estimate
            turn.store.save_state(user, SavedState(intent=question.intent, slots=slots), turn.now)
        elif question.intent in ("greeting", "thanks", "out_of_scope"):  # 「太貴了」 in between: keep what was asked
            return
        else:
            turn.store.save_state(user, None, turn.now)


class Kept:
    """A small thread-safe store of the latest values by key, oldest dropped first."""

    def __init__(self, size: int = 2048) -> None:
        """Keep up to `size` values."""
        self.size = size
        self._kept: dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Any | None:
        """The value kept under a key, or None."""
        with self._lock:
            return self._kept.get(key)

    def put(self, key: str, value: Any) -> None:
        """Keep a value, dropping the oldest one when full."""
        with self._lock:
            if len(self._kept) >= self.size:
                self._kept.pop(next(iter(self._kept)))
            self._kept[key] = value


class AnswerCache:
    """The latest readings and answers: after a broadcast many followers send the same words.

    Reading a text and answering a question are pure functions of what the keys hold (the calculator's
    address is fixed per process), so a hit is the same work done again. Questions come back with their
    own slots, and replies are kept as JSON and rebuilt, so no caller can change what another one gets.
    """

    def __init__(self, size: int = 2048) -> None:
        """Keep up to `size` readings and as many answers."""
        self._texts, self._readings, self._answers = Kept(size), Kept(size), Kept(size)

    def reading(self, text: str, previous: dict[str, Any] | None, today: date) -> Question:
        """understand(text, previous, today), worked out once."""
        key = json.dumps([text, previous, today.isoformat()], sort_keys=True, default=str, ensure_ascii=False)
        kept = self._readings.get(key)
        if kept is None:
            kept = understand(text, previous, today, self._read(text, today))
            self._readings.put(key, kept)
        return replace(kept, slots=dict(kept.slots))

    def _read(self, text: str, today: date) -> Reading:
        """The text read on its own, once per day: followers in different conversations send the same words."""
        key = f"{today.isoformat()} {text}"
        kept = self._texts.get(key)
        if kept is None:
            kept = read(text, today)
            self._texts.put(key, kept)
        return replace(kept, slots=dict(kept.slots), public=dict(kept.public))

    def get(self, question: Question, today: date, locale: str, work: Callable[[], Reply]) -> Reply:
        """The kept answer, or `work()`'s, kept for next time."""
        key = _key(question, today, locale)
        kept = self._answers.get(key)
        if kept is None:
            reply = work()
            kept = (json.dumps(reply.messages, ensure_ascii=False), reply.tags, reply.remember)
            self._answers.put(key, kept)
        return Reply(json.loads(kept[0]), tags=kept[1], remember=kept[2])


def _key(question: Question, today: date, locale: str) -> str:
    """Everything an answer depends on, as one string."""
    return json.dumps([question.intent, question.slots, question.problems, question.lang, question.follow_up,
                       today.isoformat(), locale], sort_keys=True, default=str, ensure_ascii=False)


def _tag_text(user: str | None, text: str, turn: Turn) -> None:
    """Let the keyword rules tag the follower who wrote this (and keep the text for replaying rules)."""
    if user:
        turn.tagger.on_text(user, text, turn.now)


def _locale(turn: Turn, lang: str | None) -> str:
    """The catalog to speak: the conversation's language, else the follower's LINE language."""
    return "en" if lang == "en" else resolve_locale(turn.language if lang is None else "zh")


def _wizard_for(question: Question, fresh: Question) -> Wizard | None:
    """A wizard to start: 「我想試算費用」 starts over, even after an estimate; a volume without numbers asks them.

    `fresh` is the text read with no conversation behind it.
    """
    if fresh.intent == "estimate" and not fresh.slots:
        return Wizard("estimate")
    return from_question(question)


MOMENT_INTENTS = {"plan_change", "prorate"}


def at_this_moment(question: Question, now: datetime) -> Question:
    """A change asked for today, or a send made "now", happens at the event's Taiwan time: say so in the slots.

    Answers stay pure functions of their slots (and are cached by them); the clock time is one more slot.
    """
    slots, local = question.slots, now.astimezone(TAIPEI)
    named = slots.get("date")
    another_day = named is not None and str(named)[:10] != local.date().isoformat()
    timed = "_hour" in slots or another_day
    now_send = question.intent == "billing" and slots.get("_now") and "_hour" not in slots
    if not (now_send or (question.intent in MOMENT_INTENTS and not timed)):
        return question
    moment = {"_hour": local.hour, "_minute": local.minute, **({"_on": local.date()} if now_send else {})}
    return replace(question, slots={**slots, **moment})


def _no_answer(question: Question) -> bool:
    """A reply that is neither an answer to the wizard nor a new question."""
    unplaced = question.intent == "clarify" and question.ask is not None and question.ask.rule == "unplaced"
    return question.intent == "out_of_scope" or unplaced


def apology() -> dict[str, Any]:
    """The short reply to an event the bot failed to handle, so the merchant knows to ask again."""
    return text_message(_("Sorry, something went wrong on my side. Please send your question again."))


def _last_estimate(saved: SavedState | None) -> dict[str, Any] | None:
    """The volume of the follower's latest estimate, so 「回到剛剛的試算」 can find it."""
    if saved is None:
        return None
    if saved.intent == "estimate":
        return {k: v for k, v in saved.slots.items() if k in ("friends", "sends", "period", "messages")}
    earlier = saved.slots.get("_est")
    return earlier if isinstance(earlier, dict) else None


def question_from_tap(tap: Tap, params: dict[str, str]) -> Question | None:
    """A structured tap (rich menu, chip, Flex button, date picker) as a Question, or None if it asks nothing known."""
    slots: dict[str, Any] = {}
    for key in ("friends", "sends", "messages", "budget"):
        if tap.number(key) is not None:
            slots[key] = tap.number(key)
    for key in ("period", "plan", "from_plan", "to_plan", "kind", "topic", "aspect"):
        if tap.text(key):
            slots[key] = tap.text(key)
    picked = params.get("date") or tap.text("date")
    if picked:
        try:
            slots["date"] = date.fromisoformat(picked[:10])
        except ValueError:
            return None
    if tap.action not in TAP_INTENTS:
        return None
    if tap.action == "estimate" and "sends" in slots:
        slots.setdefault("period", "month")
    return Question(intent=tap.action, slots=slots)


TAP_INTENTS = ACTIONS - {"wizard"}  # every other tap action names the intent it asks
