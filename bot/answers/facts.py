"""Facts in words: billed or free, quotas, billing dates, where things are, segments, the Messaging API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from bot.answers import cards
from bot.answers.base import Context, Reply
from bot.answers.flex import flex_message, text_message
from bot.answers.i18n import _, count, day, money, month_name, number
from bot.answers.words import footnote, menu_chips, plan_name
from bot.pricing import (
    BILLING_TZ,
    TAIPEI,
    TARGETED_MINIMUM,
    billing_calendar,
    estimate,
    plan_cost,
    price_list_for,
    usage_month,
    with_tax,
)
from bot.understanding.question import Question

BILLED_KINDS = ("welcome", "auto_reply", "reply", "chat", "rich_menu", "voom", "blocked", "bubbles", "group",
                "broadcast", "push", "step")


FREE_KINDS = {"welcome", "auto_reply", "reply", "chat", "rich_menu", "voom", "blocked"}


# Each sentence is translated when asked for, not all twelve every time.
BILLED_SENTENCES: dict[str, Callable[[], str]] = {
    "welcome": lambda: _("Greeting messages sent when someone adds you as a friend are free; they don't count."),
    "auto_reply": lambda: _("Auto-response messages (keyword replies and AI auto-replies) are free; they don't "
                            "count."),
    "reply": lambda: _("Messaging API Reply messages are free; they don't count. Push, Multicast, Broadcast and "
                       "Narrowcast do."),
    "chat": lambda: _("Replying by hand in the manager's one-on-one chat is free. A third-party inbox that sends "
                      "through the Push API is billed."),
    "rich_menu": lambda: _("Replies triggered by rich menu taps are free (they are auto-responses or Reply API "
                           "messages)."),
    "blocked": lambda: _("Friends who blocked you are not counted, nor are users who cannot receive the message."),
    "bubbles": lambda: _("One broadcast counts once per friend: up to 3 bubbles in the manager, or up to 5 message "
                         "objects in one API request, is still 1 message per person."),
    "group": lambda: _("A push to a group or multi-person chat counts once per member: 5 people = 5 messages."),
    "broadcast": lambda: _("Broadcasts are billed: messages = target friends × sends."),
    "push": lambda: _("Push messages are billed, including those a POS, CRM or other system sends for you."),
    "step": lambda: _("Step messages (漸進式訊息) are billed like broadcasts."),
    "voom": lambda: _("LINE VOOM posts are free; they don't count as messages."),
}


def billed_sentence(kind: str) -> str:
    """Whether a kind of message costs quota, in one sentence."""
    return BILLED_SENTENCES[kind]()


def billed_reply(ctx: Context, question: Question) -> Reply:
    """Billed or free: the asked kind first, then the whole list."""
    kind = ctx.slots.get("kind") or "broadcast"
    price_list = price_list_for(ctx.today)
    verdict = _("Free") if kind in FREE_KINDS else _("Counted")
    rows = [cards.heading(_("Free (not counted)"))]
    rows += [cards.note("✓ " + billed_sentence(k)) for k in BILLED_KINDS if k in FREE_KINDS and k != kind]
    rows += [cards.heading(_("Counted"))]
    rows += [cards.note("• " + billed_sentence(k)) for k in BILLED_KINDS if k not in FREE_KINDS and k != kind]
    color = "#06C755" if kind in FREE_KINDS else "#E0533D"
    bubble = cards.titled("billed", kicker=_("Billed or free?"), title=verdict, subtitle=billed_sentence(kind),
                          rows=rows, footnote_text=footnote(price_list), color=color)
    sentence = _heard_verdict(ctx.slots.get("_heard"), kind in FREE_KINDS) + billed_sentence(kind)
    audience = ctx.slots.get("_audience")
    sends = int(ctx.slots.get("_sends") or 1)
    if audience and (kind not in FREE_KINDS or ctx.slots.get("_pushed")):
        messages = int(audience) * sends
        sentence += " " + _("Sending %(sends)s time(s) to %(n)s people counts %(messages)s.", sends=sends,
                            n=f"{int(audience):,}", messages=count(messages))
        if sends > 1:
            rec = estimate(messages, ctx.today).recommended
            sentence += " " + _("A month of that fits the %(plan)s (%(total)s untaxed).", plan=plan_name(rec.plan.id),
                                total=money(rec.total))
    pushes = ctx.slots.get("_pushes")
    if pushes and kind not in FREE_KINDS:  # 「一天大概80次 一個月30天」: each push to one person is 1 message
        each = _("%(n)s a day", n=ctx.slots.get("_each")) if ctx.slots.get("_per") == "day" else \
            _("%(n)s a week", n=ctx.slots.get("_each"))
        sentence += " " + _("Each push to one person counts 1 message: %(each)s is about %(messages)s a month.",
                            each=each, messages=count(int(pushes)))
    return Reply([text_message(sentence), flex_message(sentence, bubble, menu_chips())])


def _heard_verdict(heard: object, free: bool) -> str:
    """Whether what the merchant heard (that a kind costs, or is free) is right, before the fact."""
    if heard not in ("cost", "free"):
        return ""
    right = (heard == "free") == free
    return (_("Yes, that's right.") if right else _("No, that's not right.")) + " "


def quota_reply(ctx: Context, question: Question) -> Reply:
    """How messages are counted and what happens when the quota runs out."""
    lines = [
        _("Messages = target friends × sends. One broadcast to 500 friends is 500 messages, so the quota goes fast."),
        _("Target friends excludes those who blocked you; the manager's home page shows the number."),
        _("Free: greeting messages, auto-responses, manual one-on-one chat and Reply API replies (like this bot)."),
        _("When the month's quota is used up, broadcasts and pushes are refused and not sent (the API answers 429 "
          "'You have reached your monthly limit'); free replies keep working. Unused messages don't carry over."),
        _("To send more this month, upgrade to a bigger plan; on the High plan, enable add-on messages or raise the "
          "cap under Settings > Billing > Overview > Change limit."),
        _("This month's sent messages are under Settings > Billing > Overview, updated once a day at midnight, "
          "so the count lags behind."),
        _("Months are counted in Japan time: after 23:00 Taiwan time on the last day, messages count to the next "
          "month."),
        _("The quota starts again on the 1st of every month (Japan time)."),
        _("While a Narrowcast is being delivered its messages are reserved, so a push can get 429 before the "
          "quota looks used up."),
        _("Developers can read the quota with GET /v2/bot/message/quota and this month's usage with GET "
          "/v2/bot/message/quota/consumption."),
    ]
    if ctx.slots.get("_check"):
        lines = [_usage_check(*map(int, ctx.slots["_check"])), *lines[:3]]
    return Reply([text_message("\n".join(lines), menu_chips())])


def _usage_check(sends: int, messages: int) -> str:
    """「3次用掉4500則」: each send counts once per friend who receives it, so that is 1,500 friends a send."""
    each = Decimal(messages) / sends
    shown = f"{each:,.0f}" if each == each.to_integral_value() else f"{each:,.1f}"
    return _("Every friend who receives a send counts as 1 message: %(messages)s over %(sends)s sends is about "
             "%(each)s friends a send. If your target friends are about that many, the count is normal; friends "
             "who blocked you are not counted.", messages=count(messages), sends=sends, each=shown)


OFFICIAL_CALCULATOR = "https://tw.linebiz.com/column/budget-auto-count/"


def manager_path(topic: str) -> str:
    """Where one thing is in LINE Official Account Manager."""
    paths = {
        "cap": _("Settings > Billing > Overview > Change limit (add-on spending cap). Without add-on, the High "
                 "plan stops at 6,000."),
        "change_plan": _("Settings > Billing > Plans > Plan list, then Upgrade or Downgrade."),
        "usage": _("Settings > Billing > Overview shows your plan and the messages sent this month; the count is "
                   "updated once a day, at midnight."),
        "payment": _("Settings > Billing > Payment methods (credit card or LINE Pay; add a secondary method too)."),
        "invoice": _("Settings > Account > E-invoice information (fill in a company tax ID before paying); invoice "
                     "numbers are under Settings > Account > Payment history."),
        "calculator": _("LINE's own cost calculator is at %(url)s : enter your target friends and broadcasts a "
                        "month and it estimates the monthly fee. I can estimate here too: tell me your friends and "
                        "how many times a month you send.", url=OFFICIAL_CALCULATOR),
    }
    return paths.get(topic, paths["change_plan"])


def manager_reply(ctx: Context, question: Question) -> Reply:
    """Where things are in LINE Official Account Manager."""
    return Reply([text_message(manager_path(ctx.slots.get("topic") or "change_plan"), menu_chips())])


def fee_charge_line() -> str:
    """When the monthly fee is charged."""
    return _("Monthly fee: charged on the 1st of each month.")


def billing_reply(ctx: Context, question: Question) -> Reply:
    """When and how LINE charges."""
    lines = [line for line in [_addon_bill(ctx)] if line]
    if (lines and (ctx.slots.get("_messages") or ctx.slots.get("_addon_messages"))) or ctx.slots.get("_plan_taxed"):
        plan = price_list_for(ctx.on).plan(str(ctx.slots.get("_plan") or "high"))  # beside the add-on, or asked
        lines.append(_("The %(plan)s's monthly fee %(fee)s (%(taxed)s with tax) is charged on the 1st.",
                       plan=plan_name(plan.id), fee=money(plan.fee), taxed=money(with_tax(plan.fee).taxed)))
    sent = _sent_at(ctx.slots)
    if sent is not None:
        month = usage_month(sent)
        lines.append(_("Sent at %(taiwan)s Taiwan time (%(japan)s in Japan), it counts toward %(month)s.",
                       taiwan=sent.strftime("%Y/%m/%d %H:%M"),
                       japan=sent.astimezone(BILLING_TZ).strftime("%m/%d %H:%M"), month=month_name(month)))
    named = ctx.slots.get("_month") or (ctx.slots.get("_on") if "_on" in ctx.slots and sent is None else None)
    if named:
        first = (named if isinstance(named, date) else date.fromisoformat(str(named))).replace(day=1)
        calendar = billing_calendar(first)
        lines.append(_("For %(month)s: the monthly fee is charged on %(fee_day)s; that month's add-on usage on "
                       "%(addon_day)s.", month=month_name(calendar.month), fee_day=day(calendar.fee_charge_date),
                       addon_day=day(calendar.addon_charge_date)))
    lines += [
        fee_charge_line(),
        _("Add-on messages: the month's usage is charged on the 10th of the following month."),
        _("Billing uses Japan time (GMT+9): messages sent after 23:00 Taiwan time on the last day count to the "
          "next month."),
        _("Payment: credit card (Visa, Master, JCB) or LINE Pay; in the iOS app, Apple's payment."),
        _("E-invoices are issued automatically after payment and e-mailed; add a company tax ID before paying "
          "(Settings > Account > E-invoice information)."),
        _("Invoices can't be issued in advance. A company tax ID can be added to a two-part invoice within 30 days; "
          "a three-part invoice can be corrected within 3 days."),
    ]
    return Reply([text_message("\n".join(lines), menu_chips())])


def _addon_bill(ctx: Context) -> str:
    """The add-on part of the month's bill the merchant priced a moment ago (the dates follow it)."""
    plan = str(ctx.slots.get("_plan") or "high")
    messages = ctx.slots.get("_messages")
    if ctx.slots.get("_addon_messages"):  # add-on messages on top of the plan's free ones
        messages = price_list_for(ctx.on).plan(plan).free_messages + int(ctx.slots["_addon_messages"])
    if not messages:
        return ""
    cost = plan_cost(plan, int(messages), ctx.on)
    if cost is None or not cost.addon_messages:
        return _("%(messages)s a month needs no add-on messages on the %(plan)s, so there is no add-on charge.",
                 messages=count(int(messages)), plan=plan_name(plan))
    return _("%(messages)s a month on the %(plan)s: %(addon)s add-on messages, add-on charge %(cost)s untaxed "
             "(%(taxed)s with tax).", messages=count(int(messages)),
             plan=plan_name(cost.plan.id), addon=count(cost.addon_messages), cost=money(cost.addon_cost),
             taxed=money(with_tax(cost.addon_cost).taxed))


def _sent_at(slots: dict[str, Any]) -> datetime | None:
    """The Taiwan date and time a merchant says a message was sent, if both are given."""
    on, hour = slots.get("_on"), slots.get("_hour")
    if on is None or hour is None:
        return None
    when = on if isinstance(on, date) else date.fromisoformat(str(on))
    return datetime.combine(when, time(int(hour), int(slots.get("_minute") or 0)), TAIPEI)


def segment_reply(ctx: Context, question: Question) -> Reply:
    """Segmenting and tags: what is known, what is not, and what it saves."""
    size = int(ctx.slots.get("_size") or 0)
    small = [_("%(n)s people is too few: the manager's targeted messages need more than %(minimum)s target friends.",
               n=f"{size:,}", minimum=TARGETED_MINIMUM)] if 0 < size <= TARGETED_MINIMUM else []
    lines = [
        *small,
        _("Sending to a segment instead of everyone saves messages: only the people who receive it are counted."),
        _("The manager's targeted messages (特定對象) need more than 100 target friends."),
        _("Segmented sends are billed like any broadcast: messages = people who receive it × sends."),
        _("Which plans include LINE's 分眾+ and its auto-tagging rules is not confirmed by an official source; "
          "check your manager."),
        _("This account tags its own followers by keywords, so later messages can go to the right segment."),
    ]
    return Reply([text_message("\n".join(lines), menu_chips())])


def api_fact(topic: str) -> str:
    """One Messaging API fact a developer asks about, from LINE's reference."""
    facts = {
        "reply_token": _("A reply token can be used once, within 1 minute of the webhook; a redelivered event's "
                         "token works for 1 minute after redelivery unless used or 20 minutes have passed. Replies "
                         "are free; past the minute, only a Push (billed) can still reach the user."),
        "signature": _("Verify the x-line-signature header: Base64(HMAC-SHA256(channel secret, raw request body)). "
                       "Use the body exactly as received, before any JSON parsing; a wrong channel secret or a "
                       "re-encoded body causes InvalidSignatureError."),
        "redelivery": _("Webhook redelivery is off by default; turn it on in the LINE Developers Console. "
                        "Redelivered events carry deliveryContext.isRedelivery = true and the same webhookEventId; "
                        "store processed webhookEventIds and skip repeats. Order is not guaranteed: use timestamp. "
                        "A redelivered event's reply token works for 1 minute after redelivery, unless it was used or "
                        "20 minutes have passed since the event."),
        "limits": _("Reply, Push and Broadcast take at most 5 message objects; Multicast takes at most 500 user IDs. "
                    "Most endpoints allow 2,000 requests a second; Multicast 200 a second; Broadcast and Narrowcast "
                    "60 an hour."),
        "quota_api": _("GET /v2/bot/message/quota returns the month's limit (free plus add-on); GET "
                       "/v2/bot/message/quota/consumption returns the approximate usage so far. Both include messages "
                       "sent from the manager."),
        "flex": _("Flex limits: altText up to 1,500 characters (older clients 400), a bubble 30 KB, a carousel 50 KB "
                  "and 12 bubbles; a text message 5,000 characters; quick replies 13 items."),
        "rich_menu": _("Rich menu images: JPEG or PNG up to 1 MB, 800–2,500 px wide, at least 250 px high, "
                       "width/height at least 1.45; standard sizes 2500×1686 and 2500×843; up to 20 tap areas."),
        "text_length": _("A text message holds up to 5,000 characters; a request carries at most 5 message objects."),
        "postback": _("A postback's data holds up to 300 characters, and its displayText up to 300; a rich menu's "
                      "chatBarText up to 14 characters and its name up to 300."),
    }
    return facts.get(topic, facts["limits"])


def api_reply(ctx: Context, question: Question) -> Reply:
    """A Messaging API fact (free to ask; this bot itself only uses free replies)."""
    if ctx.slots.get("topic") == "user_id_calls":
        return Reply([text_message(_calls_for_people(int(ctx.slots["friends"])), menu_chips())])
    topics = ctx.slots.get("_topics") or [ctx.slots.get("topic") or "limits"]
    facts = [api_fact(str(topic)) for topic in topics]
    verdict = _api_verdict(ctx.slots.get("topic"), ctx.slots.get("_api_heard"))
    return Reply([text_message("\n".join([*([verdict] if verdict else []), *facts]), menu_chips())])


MULTICAST_MAX_IDS = 500  # user IDs one Multicast call takes (PRICING.md, Messaging API limits)


def _calls_for_people(people: int) -> str:
    """A send to that many user IDs: how many Multicast calls, and the messages it counts (one per person)."""
    calls = -(-people // MULTICAST_MAX_IDS)
    return _("Multicast takes at most %(most)s user IDs a call, so %(people)s people take %(calls)s calls. "
             "Each person who receives it counts as 1 message, however many message objects (up to 5) it holds: "
             "%(messages)s messages, billed like any push.", most=number(MULTICAST_MAX_IDS), people=number(people),
             calls=number(calls), messages=count(people))


# The API figures a merchant's engineer may have heard wrong, as PRICING.md states them.
API_TRUTH = {("reply_token", "seconds"): 60, ("flex", "characters"): 1500}


def _api_verdict(topic: object, heard: object) -> str:
    """「聽說reply token只有30秒」: yes or no before the fact (the path with no /quota is wrong)."""
    if not isinstance(heard, list) or len(heard) != 2:
        return ""
    kind, value = heard
    if kind == "path":
        return _("No: the endpoint is GET /v2/bot/message/quota/consumption.")
    truth = API_TRUTH.get((str(topic), str(kind)))
    if truth is None:
        return ""
    return _("Yes.") if int(value) == truth else _("No.")

