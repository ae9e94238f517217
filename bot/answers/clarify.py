"""Questions back: what the bot understood, and the one thing it needs before it can price anything."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from bot.answers.base import Context, Reply
from bot.answers.estimates import ask_friends_chips, ask_sends_chips
from bot.answers.flex import text_message
from bot.answers.i18n import _, count, separator_word, slash
from bot.answers.words import menu_chips, plan_name, quick_replies, tap, tap_chips
from bot.pricing import all_price_lists
from bot.taps import tap_data
from bot.understanding.question import Clarification, Need, Question


def _meaning(ask: Clarification) -> Reply:
    """A bare number: friends, messages a month, or a budget?"""
    n = f"{ask.number or 0:,}"
    chips = quick_replies((_("%(n)s friends", n=n), _("%(n)s friends", n=ask.number)),
                          (_("%(n)s messages a month", n=n), _("%(n)s messages a month", n=ask.number)),
                          (_("Budget NT$%(n)s", n=n), _("Budget NT$%(n)s a month", n=ask.number)))
    return Reply([text_message(_("I read the number %(n)s. Is it your friends, the messages you send a month, "
                                 "or a monthly budget?", n=n), chips)])


def _friends(ask: Clarification) -> Reply:
    """How many friends a send reaches."""
    if ask.number is not None:
        text = _("With NT$%(n)s a month, how often you can send depends on your audience. How many friends does "
                 "each send reach?", n=f"{ask.number:,}")
    else:
        text = _("How many friends does each send reach? (the 'target friends' in your account)")
    return Reply([text_message(text, ask_friends_chips())])


def _segment(ask: Clarification) -> Reply:
    """A send to part of the friends: only that part is billed, so its size is needed."""
    return Reply([text_message(_("You send only to part of your friends, and only they are counted. How many "
                                 "friends are in that group?"), ask_friends_chips())])


def _volume(ask: Clarification) -> Reply:
    """Friends and sends: what every plan choice depends on."""
    if ask.shops:
        text = _("%(shops)s accounts: how many friends does each have, and how many times a month do you send?",
                 shops=ask.shops)
    elif ask.friends:  # 「好友2,000人，中用量還是高用量比較好」: the sends decide
        return Reply([text_message(_("%(friends)s friends: how many broadcasts a month?", friends=f"{ask.friends:,}"),
                                   ask_sends_chips())])
    elif ask.accounts and ask.number:
        text = _("The first account sends %(messages)s a month. And the other account: how many friends does it "
                 "send to, and how many times a month?", messages=count(ask.number))
    else:
        text = _("The right plan depends on how many messages you send a month. How many friends do you send to, "
                 "and how many times a month?")
    return Reply([text_message(text, ask_friends_chips())])


def _plans(ask: Clarification) -> Reply:
    """Which plan now, which plan next."""
    chips = quick_replies((_("Light → Medium"), _("Upgrade from Light to Medium")),
                          (_("Light → High"), _("Upgrade from Light to High")),
                          (_("Medium → High"), _("Upgrade from Medium to High")),
                          (_("High → Medium"), _("Downgrade from High to Medium")))
    return Reply([text_message(_("The cost of a change depends on the plans. Which plan are you on now, and which "
                                 "one do you want?"), chips)])


def _plan(ask: Clarification) -> Reply:
    """Tax on which plan or amount."""
    chips = quick_replies((_("Medium plan"), _("Medium plan price with tax")),
                          (_("High plan"), _("High plan price with tax")))
    return Reply([text_message(_("Prices are quoted without tax, and 5% business tax is added. Which plan or "
                                 "amount should I add tax to?"), chips)])


def _accounts(ask: Clarification) -> Reply:
    """Several shops: one shared account or one each?"""
    chips = quick_replies((_("Each has its own"), _("Each shop has its own account")),
                          (_("One shared account"), _("The shops share one account")))
    return Reply([text_message(_("%(shops)s shops: does each shop have its own LINE Official Account, or do they "
                                 "share one? Each account pays for its own plan, so the totals differ.",
                                 shops=ask.shops or 2), chips)])


def _more(ask: Clarification) -> Reply:
    """More than now, but how much?"""
    return Reply([text_message(_("How many friends will you send to, and how many times a month? I'll price the "
                                 "new volume."), ask_friends_chips())])


def _topic(ask: Clarification) -> Reply:
    """A pricing question the bot could not place: which answer is wanted, with one tap each."""
    about = _(" about the %(plan)s", plan=plan_name(ask.plan)) if ask.plan else ""
    chips = tap_chips(
        tap(_("Plan prices"), tap_data("plan_facts", plan=ask.plan) if ask.plan else tap_data("compare"),
            _("Compare plans")),
        tap(_("Estimate my cost"), tap_data("wizard", w="estimate"), _("I'd like a cost estimate")),
        tap(_("Upgrade timing"), tap_data("wizard", w="change"), _("When does an upgrade take effect?")),
        tap(_("Billed or free?"), tap_data("billed", kind="auto_reply"), _("Is auto-reply billed?")),
    )
    return Reply([text_message(_("I'm not sure what you'd like to know%(about)s. Is it the price of a plan, a cost "
                                 "estimate for your sends, or a plan change?", about=about), chips)])


def _bill(ask: Clarification) -> Reply:
    """A bill that went up: the usual causes, then what to check it against."""
    return Reply([text_message(_("A bill usually grows because of add-on messages (charged on the 10th of the next "
                                 "month), an upgrade, or a price change. Which plan are you on, and about how many "
                                 "messages did you send that month?"), ask_friends_chips())])


def _addon(ask: Clarification) -> Reply:
    """An add-on bill needs the month's messages beyond the free ones."""
    return Reply([text_message(_("Only the High plan can buy add-on messages, counted after its free messages. "
                                 "About how many messages do you send a month, or how many beyond the free ones?"),
                               ask_friends_chips())])


def _fix(ask: Clarification) -> Reply:
    """The merchant says the answer is wrong: ask which part was misread rather than guess again."""
    return Reply([text_message(_("Sorry! Which part did I read wrong: the number of friends, how often you send, "
                                 "or the plan? Tell me the right figure, e.g. “2,000 friends, 4 times a month”."),
                               ask_friends_chips())])


def _when(ask: Clarification) -> Reply:
    """「那時候」 with no time named: the dates prices changed, and a month or year to pick."""
    dates = separator_word().join(slash(p.effective_from) for p in all_price_lists())
    return Reply([text_message(_("Which time do you mean? Prices changed on %(dates)s; tell me a month or a year "
                                 "and I'll give that list.", dates=dates), menu_chips())])


def _year(ask: Clarification) -> Reply:
    """A day without its year, when the two years' price lists differ: which one, with a tap each."""
    days = [date.fromisoformat(d) for d in ask.days]
    chips = quick_replies(*[(slash(d), slash(d)) for d in days])
    return Reply([text_message(_("Do you mean %(earlier)s or %(later)s? The prices differ between them.",
                                 earlier=slash(days[0]), later=slash(days[-1])), chips)])


def _current(ask: Clarification) -> Reply:
    """What is left this month depends on the plan's free messages: which plan is it?"""
    chips = quick_replies(*[(plan_name(p), plan_name(p)) for p in ("light", "medium", "high")])
    return Reply([text_message(_("Which plan are you on? Each plan includes a different number of free messages a "
                                 "month."), chips)])


ASKS: dict[Need, Callable[[Clarification], Reply]] = {
    Need.MEANING: _meaning, Need.FRIENDS: _friends, Need.SEGMENT: _segment, Need.VOLUME: _volume,
    Need.PLANS: _plans, Need.PLAN: _plan, Need.ACCOUNTS: _accounts, Need.MORE: _more, Need.TOPIC: _topic,
    Need.BILL: _bill, Need.ADDON: _addon, Need.FIX: _fix, Need.WHEN: _when, Need.YEAR: _year, Need.CURRENT: _current,
}


def clarify_reply(ctx: Context, question: Question) -> Reply:
    """One short question back, with taps that answer it."""
    ask = question.ask or _from_slots(ctx.slots)
    return ASKS[ask.need](ask)


def _from_slots(slots: dict[str, Any]) -> Clarification:
    """A clarification rebuilt from cached or saved slots."""
    return Clarification(Need(slots.get("need", Need.VOLUME)), "saved", number=slots.get("number"),
                         shops=slots.get("shops"), friends=slots.get("friends"), sends=slots.get("sends"),
                         period=slots.get("period"), plan=slots.get("plan"), accounts=slots.get("accounts"),
                         days=tuple(slots.get("days") or ()), text=slots.get("text"))
