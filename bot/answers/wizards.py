"""The wizards' questions: one short question a step, answered by a tap that carries the answers so far."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from bot.answers.base import Reply
from bot.answers.flex import text_message
from bot.answers.i18n import _, money, number
from bot.answers.words import date_tap, plan_name, tap, tap_chips
from bot.taps import tap_data

Fields = Mapping[str, str | int]
FRIENDS = (300, 1000, 3000, 10000)
SENDS = (1, 2, 4, 8)
BUDGETS = (500, 1000, 1500, 3000)
SHARES = (10, 25, 50)
PLANS = ("light", "medium", "high")


def wizard_prompt(kind: str, step: str, fields: Fields, today: date, typing: bool = False,
                  problem: str | None = None) -> Reply:
    """The question for one step, with a chip per likely answer (or a request to type it)."""
    text, chips = _typing_prompt(kind, step, fields) if typing else _STEPS[step](kind, fields, today)
    lead = _problem_text(problem)
    return Reply([text_message(f"{lead}\n{text}" if lead else text, tap_chips(*chips))])


def _carry(kind: str, fields: Fields, **more: str | int | None) -> str:
    """Tap data that repeats the answers so far and adds this tap's."""
    return tap_data("wizard", w=kind, **{**fields, **more})


def _other(kind: str, fields: Fields, step: str) -> dict[str, Any]:
    """The 「其他」 chip: the merchant will type the answer."""
    return tap(_("Other"), _carry(kind, fields, other=step), _("Other"))


def _restart(kind: str) -> dict[str, Any]:
    """The 「重來」 chip: the same wizard from its first question."""
    return tap(_("Start over"), tap_data("wizard", w=kind), _("Start over"))


def _friends(kind: str, fields: Fields, today: date) -> tuple[str, list[dict[str, Any]]]:
    """How many friends the messages go to."""
    chips = [tap(_("%(n)s friends", n=number(n)), _carry(kind, fields, friends=n)) for n in FRIENDS]
    return _("How many friends will you send to? (the 'target friends' in your account)"), [
        *chips, _other(kind, fields, "friends")]


def _sends(kind: str, fields: Fields, today: date) -> tuple[str, list[dict[str, Any]]]:
    """How often a month (or a week) the merchant sends."""
    chips = [tap(_("%(n)s a month", n=n), _carry(kind, fields, sends=n, period="month")) for n in SENDS]
    chips.append(tap(_("Once a week"), _carry(kind, fields, sends=1, period="week")))
    question = _("%(friends)s friends: how many broadcasts a month?", friends=number(int(fields["friends"])))
    return question, [*chips, _other(kind, fields, "sends"), _restart(kind)]


def _segment(kind: str, fields: Fields, today: date) -> tuple[str, list[dict[str, Any]]]:
    """How many of the friends a segmented send reaches."""
    friends = int(fields["friends"])
    sizes = sorted({max(1, friends * share // 100) for share in SHARES})
    chips = [tap(_("%(n)s friends", n=number(n)), _carry(kind, fields, seg=n)) for n in sizes]
    question = _("Of your %(friends)s friends, how many will get the message?", friends=number(friends))
    return question, [*chips, _other(kind, fields, "seg"), _restart(kind)]


def _from_plan(kind: str, fields: Fields, today: date) -> tuple[str, list[dict[str, Any]]]:
    """The plan the merchant is on now."""
    chips = [tap(plan_name(p), _carry(kind, fields, **{"from": p})) for p in PLANS]
    return _("Which plan are you on now?"), chips


def _to_plan(kind: str, fields: Fields, today: date) -> tuple[str, list[dict[str, Any]]]:
    """The plan the merchant moves to (never the one they are on)."""
    chips = [tap(plan_name(p), _carry(kind, fields, to=p)) for p in PLANS if p != fields.get("from")]
    question = _("From the %(plan)s to which plan?", plan=plan_name(str(fields["from"])))
    return question, [*chips, _restart(kind)]


def _change_day(kind: str, fields: Fields, today: date) -> tuple[str, list[dict[str, Any]]]:
    """The day of the change: today, or one picked from LINE's calendar."""
    chips = [tap(_("Today"), _carry(kind, fields, date="today")),
             date_tap(_("Pick a date"), _carry(kind, fields), today), _restart(kind)]
    return _("On which day will you change plan?"), chips


def _budget(kind: str, fields: Fields, today: date) -> tuple[str, list[dict[str, Any]]]:
    """The monthly budget, untaxed."""
    chips = [tap(money(Decimal(n)), _carry(kind, fields, budget=n)) for n in BUDGETS]
    return _("What is your monthly budget in NT$?"), [*chips, _other(kind, fields, "budget")]


def _typing_prompt(kind: str, step: str, fields: Fields) -> tuple[str, list[dict[str, Any]]]:
    """Ask the merchant to type the answer the chips did not offer."""
    asks = {"friends": _("Please type how many friends you send to, e.g. %(example)s.", example=number(2500)),
            "sends": _("Please type how many broadcasts a month, e.g. %(example)s.", example=6),
            "seg": _("Please type how many friends will get the message, e.g. %(example)s.", example=number(800)),
            "budget": _("Please type your monthly budget in NT$, e.g. %(example)s.", example=number(2500))}
    return asks.get(step, asks["friends"]), [_restart(kind)]


_STEPS = {"friends": _friends, "sends": _sends, "seg": _segment, "from": _from_plan, "to": _to_plan,
          "date": _change_day, "budget": _budget}


def _problem_text(problem: str | None) -> str:
    """Why a step is asked again."""
    texts = {"segment": _("That is more than all your friends; please choose again."),
             "same_plan": _("That is the plan you are on; please choose another."),
             "date": _("I couldn't read that date; please pick it again."),
             "number": _("That number doesn't look right; please choose again.")}
    return texts.get(problem or "", "")
