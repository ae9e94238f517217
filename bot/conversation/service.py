"""Joins understanding, pricing and answers for each incoming event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qsl

from bot.answers.flex import text_message
from bot.answers.i18n import _, resolve_locale, use_locale
from bot.answers.replies import Context as AnswerContext
from bot.answers.replies import Reply, answer, greeting_reply
from bot.conversation.events import FollowIn, Incoming, PostbackIn, TextIn, UnfollowIn
from bot.conversation.ports import ConversationStore, SavedState, Tagger
from bot.pricing import today_taipei
from bot.understanding.parse import understand
from bot.understanding.question import Question

Messages = list[dict[str, Any]]
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
        """Answer a merchant's text question, remembering it for follow-ups."""
        text = incoming.text[:MAX_TEXT]
        user = incoming.user_id
        if user:
            turn.tagger.on_text(user, text, turn.now)
        today = self.today(turn)
        saved = turn.store.load_state(user, turn.now) if user else None
        previous = {"intent": saved.intent, "slots": saved.slots} if saved else None
        question = understand(text, previous, today)
        if incoming.chat != "user" and question.intent in GROUP_INTENTS_IGNORED:
            return []
        lang = question.lang or (saved.slots.get("_lang") if saved else None)
        reply = self._answer(question, today, turn, lang)
        if user:
            self._remember(user, question, reply, turn, lang, _last_estimate(saved))
            for tag in reply.tags:
                turn.tagger.on_event_tag(user, tag, "conversation", turn.now)
        return reply.messages

    def on_postback(self, incoming: PostbackIn, turn: Turn) -> Messages:
        """Answer a tap: `q=<question>` asks a question; `action=estimate&...` prices directly."""
        fields = dict(parse_qsl(incoming.data, keep_blank_values=True))
        user = incoming.user_id
        if user and fields.get("action"):
            turn.tagger.on_event_tag(user, f"postback:{fields['action']}"[:50], "postback", turn.now)
        if "q" in fields:
            as_text = TextIn(event_id=incoming.event_id, user_id=user, reply_token=incoming.reply_token,
                             at=incoming.at, chat=incoming.chat, text=fields["q"])
            return self.on_text(as_text, turn)
        question = question_from_postback(fields, incoming.params)
        if question is None:
            with use_locale(resolve_locale(turn.language)):
                return [text_message(_("Sorry, that button is out of date. Please ask me in your own words."))]
        reply = self._answer(question, self.today(turn), turn)
        if user:
            self._remember(user, question, reply, turn)
        return reply.messages

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

    @staticmethod
    def _answer(question: Question, today: date, turn: Turn, lang: str | None = None) -> Reply:
        """Answer in the language of the question (or of the conversation), else the follower's."""
        lang = lang or question.lang
        locale = "en" if lang == "en" else resolve_locale(turn.language if lang is None else "zh")
        with use_locale(locale):
            return answer(question, today)

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
        elif question.intent in ("greeting", "thanks"):
            return
        else:
            turn.store.save_state(user, None, turn.now)


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


def question_from_postback(fields: dict[str, str], params: dict[str, str]) -> Question | None:
    """A structured tap (rich menu, Flex button, date picker) as a Question."""
    action = fields.get("action")
    slots: dict[str, Any] = {}
    for key in ("friends", "sends", "messages", "budget"):
        if fields.get(key, "").isdigit():
            slots[key] = int(fields[key])
    for key in ("period", "plan", "from_plan", "to_plan", "kind", "topic"):
        if fields.get(key):
            slots[key] = fields[key]
    picked = params.get("date") or fields.get("date")
    if picked:
        try:
            slots["date"] = date.fromisoformat(picked[:10])
        except ValueError:
            return None
    if action in ("estimate", "budget", "plan_change", "prorate", "compare", "billed", "help", "history", "billing",
                  "quota", "tax", "plan_facts", "segment", "manager_howto"):
        if action == "estimate" and "sends" in slots:
            slots.setdefault("period", "month")
        return Question(intent=action, slots=slots)
    return None
