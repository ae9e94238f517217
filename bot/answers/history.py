"""Price history: the lists of the past, a year's fees, and what a price change did."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from bot.answers import cards
from bot.answers.base import FIRST_LIST_DAY, Context, Reply
from bot.answers.flex import flex_message, text_message
from bot.answers.i18n import _, as_of, count, day, money, month_name, sentence_gap, separator_word, slash
from bot.answers.words import menu_chips, plan_name
from bot.pricing import (
    Plan,
    PlanId,
    PriceList,
    PriceListNotFound,
    all_price_lists,
    known_price_lists,
    latest_known,
    next_price_list,
    price_list_for,
    with_tax,
)
from bot.understanding.question import Question


def history_reply(ctx: Context, question: Question) -> Reply:
    """Prices of the past: one list on a date, or how they changed."""
    heard_or_spanned = _claim_or_range(ctx)
    if heard_or_spanned is not None:
        return heard_or_spanned
    if ctx.slots.get("_all_lists"):  # 「這幾年是怎麼變的」: every list known today
        return _all_lists(ctx)
    when = ctx.slots.get("date")
    if isinstance(when, str):
        when = date.fromisoformat(when)
    if ctx.slots.get("_before_after") or (ctx.slots.get("_now") and ctx.slots.get("_then")):  # 「以前…現在呢」
        return _before_after(ctx, latest_known(ctx.today))
    if ctx.slots.get("_dates"):
        days = [d for d in map(date.fromisoformat, ctx.slots["_dates"]) if d >= FIRST_LIST_DAY]
        if days:
            text = "\n".join(_list_summary(price_list_for(d), ctx.slots.get("plan"), d) for d in days)
            return Reply([text_message(text, menu_chips())])
    if ctx.slots.get("_changed") and when is not None:
        return _before_after(ctx, price_list_for(when))
    if ctx.slots.get("_now"):
        if when is not None and when >= FIRST_LIST_DAY and price_list_for(when) != price_list_for(ctx.today):
            return _then_and_now(ctx, when)
        when = ctx.today
    if when is None and ctx.slots.get("_year") and not ctx.slots.get("_month"):
        return _year_history(int(ctx.slots["_year"]), ctx.slots.get("plan"), bool(ctx.slots.get("_yearly")),
                             bool(ctx.slots.get("_changed")))
    when = when or _day_asked(ctx)
    if when is not None:
        try:
            price_list = price_list_for(when)
        except PriceListNotFound:
            return Reply([text_message(_("Before 2019/4/18 LINE@ had different plans that this helper does not "
                                         "cover."), menu_chips())])
        summary = _list_summary(price_list, ctx.slots.get("plan"), when)
        coming = next_price_list(when) if when >= ctx.today else None
        if coming is not None:
            summary += "\n" + _list_summary(coming, ctx.slots.get("plan"), None)
        if ctx.slots.get("_milestones"):
            summary += "\n" + _milestones()
        return Reply([text_message(summary, menu_chips())])
    return _all_lists(ctx)


def _all_lists(ctx: Context) -> Reply:
    """Every list known today, as text and as a card."""
    lists = known_price_lists(ctx.today)  # in 2024 nobody knew of the 2026 list
    rows = []
    for price_list in lists:
        rows.append(cards.heading(as_of(price_list.effective_from)))
        for plan_id in (PlanId.LIGHT, PlanId.MEDIUM, PlanId.HIGH):
            plan = price_list.plans[plan_id]
            rows.append(cards.row(plan_name(plan_id), f"{money(plan.fee)} / {count(plan.free_messages)}"))
    asked = ctx.slots.get("plan")
    known_end = next_price_list(ctx.today) is not None
    text = "\n".join([*(_list_summary(pl, asked, None, known_end or pl is not lists[-1]) for pl in lists),
                      *([_milestones()] if lists[-1] == all_price_lists()[-1] else [])])

    years = " → ".join(str(p.effective_from.year) for p in lists)
    bubble = cards.titled("history", kicker=_("Price history"), title=years,
                          subtitle=_("Monthly fee / free messages, untaxed"), rows=rows,
                          footnote_text=_("The list in force today is marked by its date."))
    return Reply([text_message(text), flex_message(text, bubble, menu_chips())])


def _milestones() -> str:
    """The dates that matter: the 2019 merger, the 2023 change, the 2026 change and its announcement."""
    return _("2019/4/18: LINE@ became LINE Official Account (2.0). 2023/9/1: new plans. 2026/11/1: Medium and High "
             "fees rose (announced around 2026/9/1).")


def _then_and_now(ctx: Context, then: date) -> Reply:
    """「2023年8月的時候輕用量可以發500則對吧？現在呢」: that day's list, then today's."""
    text = "\n".join(_list_summary(price_list_for(d), ctx.slots.get("plan"), d) for d in (then, ctx.today))
    return Reply([text_message(text, menu_chips())])


def _before_after(ctx: Context, current: PriceList) -> Reply:
    """A list next to the one before it, with the differences."""
    then = None if ctx.slots.get("date") else ctx.slots.get("_then_on")  # 「2022年的時候…跟現在比」: that year's list
    try:
        before = price_list_for(date.fromisoformat(str(then)) if then else current.effective_from - timedelta(days=1))
    except PriceListNotFound:
        before, current = current, price_list_for(ctx.today)
    if before == current:
        return Reply([text_message(_list_summary(current, ctx.slots.get("plan"), None), menu_chips())])
    asked = ctx.slots.get("plan")
    lines = [_list_summary(pl, asked, None) for pl in (before, current)]
    for plan_id in [PlanId(asked)] if asked else [PlanId.MEDIUM, PlanId.HIGH]:
        old, new = before.plans[plan_id].fee, current.plans[plan_id].fee
        if old and new > old:
            lines.append(_("%(plan)s: %(old)s → %(new)s, %(diff)s a month (%(pct)s%%), %(year)s a year.",
                           plan=plan_name(plan_id), old=money(old), new=money(new), diff=money(new - old),
                           pct=f"{(new - old) * 100 / old:.0f}", year=money((new - old) * 12)))
        elif old and new < old:  # 2019's High plan (NT$4,000) against today's
            lines.append(_("%(plan)s: %(old)s → %(new)s, %(diff)s less a month (with fewer free messages: %(was)s → "
                           "%(now)s).", plan=plan_name(plan_id), old=money(old), new=money(new),
                           diff=money(old - new), was=count(before.plans[plan_id].free_messages),
                           now=count(current.plans[plan_id].free_messages)))
    return Reply([text_message("\n".join(lines), menu_chips())])


def _year_fees(year: int, plan: PlanId) -> Decimal:
    """A plan's monthly fees added up over a calendar year, each month at the list in force on its 1st."""
    return sum((price_list_for(date(year, month, 1)).plans[plan].fee for month in range(1, 13)
                if date(year, month, 1) >= FIRST_LIST_DAY), Decimal(0))


def _year_history(year: int, plan: str | None, totals: bool = False, changed: bool = False) -> Reply:
    """The price lists in force during a calendar year (two when prices changed that year)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    lists = [pl for pl in all_price_lists()
             if pl.effective_from <= last and (pl.effective_to is None or pl.effective_to >= first)]
    if not lists:
        return Reply([text_message(_("Before 2019/4/18 LINE@ had different plans that this helper does not cover."),
                                   menu_chips())])
    text = "\n".join(_list_summary(pl, plan, None) for pl in lists)
    if changed and not any(pl.effective_from.year == year for pl in lists):
        text = _("No: prices did not change in %(year)s.", year=year) + "\n" + _milestones() + "\n" + text
    if totals:
        for plan_id in [PlanId(plan)] if plan else [PlanId.MEDIUM, PlanId.HIGH]:
            fees = _year_fees(year, plan_id)
            text += "\n" + _("%(plan)s fees for all of %(year)s: %(total)s untaxed, %(taxed)s with tax.",
                              plan=plan_name(plan_id), year=year, total=money(fees), taxed=money(with_tax(fees).taxed))
    return Reply([text_message(_("In %(year)s:", year=year) + "\n" + text, menu_chips())])


def _list_summary(price_list: PriceList, plan: str | None, when: date | None, known_end: bool = True) -> str:
    """One price list in a sentence or three (its end date only once the list after it is known)."""
    head = as_of(price_list.effective_from)
    if price_list.effective_to is not None and known_end:
        head = _("Prices %(start)s–%(end)s", start=slash(price_list.effective_from),
                 end=slash(price_list.effective_to))
    if when is not None:
        head = _("On %(day)s (%(asof)s):", day=day(when), asof=head)
    plans = [PlanId(plan)] if plan else [PlanId.LIGHT, PlanId.MEDIUM, PlanId.HIGH]
    parts = []
    for plan_id in plans:
        p = price_list.plans[plan_id]
        parts.append(_("%(plan)s %(fee)s, %(free)s, %(addon)s", plan=plan_name(plan_id), fee=money(p.fee),
                       free=count(p.free_messages), addon=cards.addon_summary(p)))
    return head + " " + separator_word().join(parts)



def _day_asked(ctx: Context) -> date | None:
    """A month named, or the day before the latest price change when 「漲價前」 is asked."""
    if ctx.slots.get("_month"):
        return date.fromisoformat(ctx.slots["_month"])
    if ctx.slots.get("_before_change"):
        return price_list_for(ctx.today).effective_from - timedelta(days=1)
    return None


def _figure(price_list: PriceList, plan: PlanId, kind: str) -> Decimal:
    """A plan's fee or free messages on one list."""
    chosen = price_list.plans[plan]
    return chosen.fee if kind == "fee" else Decimal(chosen.free_messages)


def _said(kind: str, value: Decimal) -> str:
    """NT$4,000 for a fee, 25,000 messages for free messages."""
    return money(value) if kind == "fee" else count(int(value))


def from_date_line(price_list: PriceList, plan: PlanId) -> str:
    """The plan's fee and free messages on a list, with that list's date."""
    chosen = price_list.plans[plan]
    if chosen.fee == 0:
        return _("From %(date)s the %(plan)s is free (NT$0 a month), with %(messages)s free.",
                 date=slash(price_list.effective_from), plan=plan_name(plan), messages=count(chosen.free_messages))
    return _("From %(date)s the %(plan)s is %(fee)s a month, untaxed, with %(messages)s free.",
             date=slash(price_list.effective_from), plan=plan_name(plan), fee=money(chosen.fee),
             messages=count(chosen.free_messages))


def _was_line(price_list: PriceList, plan: PlanId, kind: str) -> str:
    """The plan's figure on an older list, with its dates."""
    return _("%(start)s–%(end)s it was %(figure)s.", start=slash(price_list.effective_from),
             end=slash(price_list.effective_to or price_list.effective_from),
             figure=_said(kind, _figure(price_list, plan, kind)))


def _claim_or_range(ctx: Context) -> Reply | None:
    """Figures, rises or a change day heard, or a span of months asked about; None for any other history question."""
    if (ctx.slots.get("_claim") and ctx.slots.get("plan")) or ctx.slots.get("_claims"):
        return _claim_reply(ctx)
    if ctx.slots.get("_range"):
        return _range_reply(*ctx.slots["_range"])
    if ctx.slots.get("_rise_claim") and ctx.slots.get("plan"):  # 「聽說中用量漲了25%」
        return Reply([text_message(_rise_text(ctx), menu_chips())])
    if ctx.slots.get("_change_claim"):  # 「新價格是11月1號開始的對吧」
        return Reply([text_message(_change_day_text(ctx), menu_chips())])
    if ctx.slots.get("_change_heard") and ctx.slots.get("plan"):  # 「從4000元降到1200元那次」
        return Reply([text_message(_change_heard_text(ctx), menu_chips())])
    if ctx.slots.get("_rollout"):  # 「是所有帳號同一天一起切換嗎」
        return Reply([text_message(_rollout_text(ctx), menu_chips())])
    return None


def _range_reply(first: str, last: str) -> Reply:
    """「2023年9月到2026年10月中間有沒有調過價」: the price changes between two months, or none."""
    start = date.fromisoformat(f"{first}-01")
    end = date.fromisoformat(f"{last}-01")
    changes = [p for p in all_price_lists() if start < p.effective_from <= end]
    if not changes:
        current = price_list_for(max(start, FIRST_LIST_DAY))
        text = _("No: from %(start)s to %(end)s the prices did not change; the list from %(from)s applied throughout.",
                 start=month_name(start), end=month_name(end), **{"from": slash(current.effective_from)})
        text += "\n" + _list_summary(current, None, None)
    else:
        text = _("Yes: the prices changed on %(dates)s.", dates=separator_word().join(slash(p.effective_from)
                                                                                        for p in changes))
    return Reply([text_message(text, menu_chips())])


def _claim_reply(ctx: Context) -> Reply:
    """「聽說高用量要四千」, or several plans' figures heard at once: each checked against the dated lists."""
    claims = ctx.slots.get("_claims") or [[ctx.slots["plan"], *ctx.slots["_claim"]]]
    text = "\n".join(_claim_text(ctx, PlanId(plan), str(kind), value) for plan, kind, value in claims)
    today = price_list_for(ctx.today)
    for plan in dict.fromkeys(PlanId(c[0]) for c in claims):
        if ctx.slots.get("aspect") == "addon" and not today.plans[plan].addon_allowed:
            text += "\n" + _("The %(plan)s can't buy add-on messages; only the High plan can.", plan=plan_name(plan))
    if any(c[1] == "addon" and not today.plans[PlanId(c[0])].addon_allowed for c in claims):
        text += "\n" + from_date_line(today, PlanId.HIGH)  # 「中用量超過3000則可以一則0.2加購」: what can, and its fee
    return Reply([text_message(text, menu_chips())])


def _claim_over_time(ctx: Context, plan: PlanId, kind: str, claimed: Decimal, lists: tuple[PriceList, ...]) -> str:
    """「是不是一直都1400」「以前也是嗎」: today's figure, and what every older list said."""
    older = [p for p in lists if p.effective_to is not None and p.effective_to < ctx.today]
    differs = [p for p in older if _figure(p, plan, kind) != claimed]
    now = from_date_line(price_list_for(ctx.today), plan)
    head = _("Not always. %(now)s", now=now) if differs else _("Yes, on every list. %(now)s", now=now)
    return "\n".join([head, *(_was_line(p, plan, kind) for p in older)])


def _claim_text(ctx: Context, plan: PlanId, kind: str, value: object) -> str:
    """One heard figure: true today, true on a coming or an older list (say when), or never true."""
    claimed, today = Decimal(str(value)), price_list_for(ctx.today)
    if kind == "addon":
        return _addon_claim_text(ctx, plan, claimed)
    if kind == "addon_allowed":
        return _addon_allowed_text(ctx, plan)
    if kind == "addon_start":
        return _addon_start_text(ctx, int(claimed))
    now, figure = from_date_line(today, plan), _said(kind, claimed)
    lists = known_price_lists(ctx.today)
    coming_list = next_price_list(ctx.today)
    previous_list = next((p for p in reversed(lists) if p.effective_to is not None and p.effective_to < ctx.today),
                         None)
    coming = [p for p in lists if p.effective_from > ctx.today and _figure(p, plan, kind) == claimed]
    past = [p for p in lists if p.effective_to is not None and p.effective_to < ctx.today
            and _figure(p, plan, kind) == claimed]
    if _figure(today, plan, kind) == claimed and (ctx.slots.get("_then") or ctx.slots.get("_always")):
        return _claim_over_time(ctx, plan, kind, claimed, lists)
    if _figure(today, plan, kind) == claimed:
        text = _("Yes. %(now)s", now=now)
        if coming_list is not None and _figure(coming_list, plan, kind) != claimed:
            text += "\n" + from_date_line(coming_list, plan)
        elif coming_list is None and previous_list is not None and _figure(previous_list, plan, kind) != claimed:
            text += "\n" + _was_line(previous_list, plan, kind)
    elif past and past[-1].effective_to is not None and ctx.slots.get("_then"):  # 「我記得以前輕用量可以發500則對嗎」
        text = _("Yes, in the past: %(figure)s was the %(plan)s figure from %(start)s to %(end)s. %(now)s",
                 figure=figure, plan=plan_name(plan), start=slash(past[-1].effective_from),
                 end=slash(past[-1].effective_to), now=now)
    elif coming:
        text = _("Not yet: %(figure)s is the %(plan)s figure from %(start)s. %(now)s", figure=figure,
                 plan=plan_name(plan), start=slash(coming[0].effective_from), now=now)
    elif past and past[-1].effective_to is not None:
        text = _("%(figure)s was the %(plan)s figure from %(start)s to %(end)s, an older price list. %(now)s",
                 figure=figure, plan=plan_name(plan), start=slash(past[-1].effective_from),
                 end=slash(past[-1].effective_to), now=now)
    else:
        text = _("That is not right: %(figure)s has never been a %(plan)s figure in any LINE Official Account price "
                 "list in Taiwan. %(now)s", plan=plan_name(plan), figure=figure, now=now)
        text += "".join("\n" + line for line in _other_plans_figure(plan, kind, claimed, lists, today))
    return text


def _rise_text(ctx: Context) -> str:
    """A heard rise (in % or NT$) against the last change of that plan's fee."""
    plan = PlanId(ctx.slots["plan"])
    newest = latest_known(ctx.today)
    try:
        before = price_list_for(newest.effective_from - timedelta(days=1))
    except PriceListNotFound:
        return _list_summary(newest, plan, None)
    old, new = before.plans[plan].fee, newest.plans[plan].fee
    kind, value = ctx.slots["_rise_claim"]
    pct = (new - old) * 100 / old if old else Decimal(0)
    right = abs(pct - Decimal(value)) < 1 if kind == "pct" else Decimal(value) == new - old
    verdict = _("Yes.") if right and new != old else _("No.")
    return verdict + sentence_gap() + _(
        "%(plan)s: %(old)s → %(new)s, %(diff)s a month (%(pct)s%%), %(year)s a year.", plan=plan_name(plan),
        old=money(old), new=money(new), diff=money(new - old), pct=f"{pct:.0f}", year=money((new - old) * 12)) + \
        "\n" + as_of(newest.effective_from)


def _change_heard_text(ctx: Context) -> str:
    """A heard change (from one fee or free-message count to another) against each pair of lists in turn."""
    plan = PlanId(ctx.slots["plan"])
    kind, before, after = ctx.slots["_change_heard"]
    lists = known_price_lists(ctx.today)
    steps = list(zip(lists, lists[1:], strict=False))
    match = next((new for old, new in steps
                  if _figure(old, plan, kind) == before and _figure(new, plan, kind) == after), None)
    history = [_was_line(p, plan, kind) if p.effective_to else from_date_line(p, plan) for p in lists]
    if match is not None:
        head = _("Yes: the %(plan)s went from %(before)s to %(after)s on %(date)s.", plan=plan_name(plan),
                 before=_said(kind, Decimal(before)), after=_said(kind, Decimal(after)),
                 date=slash(match.effective_from))
        return "\n".join([head, *history])
    return "\n".join([_("No: the %(plan)s never went from %(before)s to %(after)s.", plan=plan_name(plan),
                         before=_said(kind, Decimal(before)), after=_said(kind, Decimal(after))), *history])


def _rollout_text(ctx: Context) -> str:
    """Whether the list in force on the day asked came in for every account at once."""
    on = ctx.on
    price_list = price_list_for(on)
    if price_list.staged_rollout:
        return _("No: the list from %(date)s was rolled out in stages, so some accounts briefly showed the old free "
                 "message counts.", date=slash(price_list.effective_from))
    return _("The list from %(date)s applied to every account from that day.", date=slash(price_list.effective_from))


def _change_day_text(ctx: Context) -> str:
    """The newest price change known today, against the day the merchant heard."""
    newest = latest_known(ctx.today)
    month, day_said, *rest = ctx.slots["_change_claim"]
    start = newest.effective_from
    if rest and rest[0] and newest.announced is not None:  # 「是9月1號公布的嗎」: the announcement, not the start
        told = newest.announced
        right = month == told.month and day_said in (0, told.day)
        said = _("the new prices were announced around %(told)s and apply from %(date)s.", told=slash(told),
                 date=slash(start))
        return (_("Yes:") if right else _("No:")) + sentence_gap() + said
    right = month == start.month and day_said in (0, start.day)
    if right:
        return _("Yes: the new prices apply from %(date)s.", date=slash(start))
    return _("No: the new prices apply from %(date)s.", date=slash(start))


def _addon_start_text(ctx: Context, heard: int) -> str:
    """Add-on charges start right after the High plan's free messages; a later count is a bracket edge at most."""
    high = price_list_for(ctx.today).plans[PlanId.HIGH]
    summary, free = cards.addon_summary(high), count(high.free_messages)
    if heard == high.free_messages:
        return _("Yes: add-on charges start after the %(free)s free messages. %(summary)s.", free=free,
                 summary=summary)
    return _("No: add-on charges start right after the %(free)s free messages. %(summary)s.", free=free,
             summary=summary)


def _addon_allowed_text(ctx: Context, plan: PlanId) -> str:
    """「中用量不是可以加購嗎」: whether the plan can buy add-on messages today, and which older lists allowed it."""
    today = price_list_for(ctx.today)
    high = cards.addon_summary(today.plans[PlanId.HIGH])
    if today.plans[plan].addon_allowed:
        return _("Yes. %(plan)s add-on: %(summary)s.", plan=plan_name(plan), summary=cards.addon_summary(
            today.plans[plan]))
    older = [p for p in known_price_lists(ctx.today)
             if p.effective_to is not None and p.effective_to < ctx.today and p.plans[plan].addon_allowed]
    upgrade = "\n" + from_date_line(today, PlanId.HIGH)  # what the plan that can buy them costs
    if not older:
        return _("No: the %(plan)s has never been able to buy add-on messages; only the High plan can (%(summary)s).",
                 plan=plan_name(plan), summary=high) + upgrade
    last = older[-1]
    head = _("Yes, in the past:") if ctx.slots.get("_then") else _("Not any more:")
    return head + sentence_gap() + _(
        "the %(plan)s could buy add-on messages from %(start)s to %(end)s (%(old)s); since %(since)s it can't, only "
        "the High plan can (%(summary)s).", plan=plan_name(plan), start=slash(last.effective_from),
        end=slash(last.effective_to or last.effective_from), old=cards.addon_summary(last.plans[plan]),
        since=slash(last.effective_to + timedelta(days=1) if last.effective_to else last.effective_from),
        summary=high) + upgrade


def _addon_prices(plan: Plan) -> set[Decimal]:
    """Every per-message add-on price a plan names: its brackets, its starting and its lowest price."""
    named = {tier.price for tier in plan.addon_tiers} | {plan.addon_from_price, plan.addon_floor_price}
    return {price for price in named if price is not None} if plan.addon_allowed else set()


def _addon_claim_text(ctx: Context, plan: PlanId, claimed: Decimal) -> str:
    """「加購一則0.2」「最便宜0.011」「0.15起跳」: a heard add-on price against today's brackets and older lists."""
    today = price_list_for(ctx.today)
    high = today.plans[PlanId.HIGH]
    summary, price = cards.addon_summary(high), money(claimed)
    if not today.plans[plan].addon_allowed:  # 「聽說中用量可以一則0.2加購」: not this plan, whatever the price
        said = [_("No: the %(plan)s can't buy add-on messages; only the High plan can (%(summary)s).",
                  plan=plan_name(plan), summary=summary)]
        then = [p for p in known_price_lists(ctx.today) if p.effective_to is not None
                and p.effective_to < ctx.today and claimed in _addon_prices(p.plans[plan])]
        said += [_("%(price)s was an add-on price on the list of %(start)s–%(end)s.", price=price,
                   start=slash(p.effective_from), end=slash(p.effective_to or p.effective_from)) for p in then]
        return "\n".join(said)
    lines: list[str] = []
    bracket = next((tier for tier in high.addon_tiers if tier.price == claimed), None)
    if bracket is not None and bracket.first == 1:
        lines.append(_("Yes. High plan add-on: %(summary)s (progressive, like tax brackets).", summary=summary))
    elif bracket is not None and ctx.slots.get("_whole"):
        lines.append(_("No: only add-on messages from %(first)s on cost %(price)s; the ones before keep their price "
                       "(progressive). Now: %(summary)s.", price=price, first=f"{bracket.first:,}", summary=summary))
    elif bracket is not None and f"{bracket.first - 1}" in str(ctx.slots.get("_edge", "")):
        lines.append(_("Yes: from add-on message %(first)s on it is %(price)s; the ones before keep their price "
                       "(progressive). Now: %(summary)s.", price=price, first=f"{bracket.first:,}", summary=summary))
    elif bracket is not None:
        lines.append(_("Only partly: %(price)s applies from add-on message %(first)s on; the ones before keep their "
                       "price (progressive). Now: %(summary)s.", price=price, first=f"{bracket.first:,}",
                       summary=summary))
    older = [p for p in known_price_lists(ctx.today) if p.effective_to is not None and p.effective_to < ctx.today
             and any(claimed in _addon_prices(chosen) for chosen in p.plans.values())]
    older = [] if bracket is not None and bracket.first == 1 else older  # true today: the past adds nothing
    for old in older:
        lines.append(_("%(price)s was an add-on price on the list of %(start)s–%(end)s.", price=price,
                       start=slash(old.effective_from), end=slash(old.effective_to or old.effective_from)))
    if bracket is None and older:
        lines.insert(0, _("Not any more. Now: %(summary)s.", summary=summary))
    elif bracket is None:
        lines.append(_("That is not right: %(price)s is no add-on price on any list. Now: %(summary)s.",
                       price=price, summary=summary))
    return "\n".join(lines)


def _other_plans_figure(plan: PlanId, kind: str, claimed: Decimal, lists: tuple[PriceList, ...],
                        today: PriceList) -> list[str]:
    """「中用量4000元」: NT$4,000 was the High plan's fee; say whose figure it was, and when, and what it is now."""
    lines = []
    for price_list in lists:
        for other in (p for p in PlanId if p != plan and _figure(price_list, p, kind) == claimed):
            end = price_list.effective_to
            lines.append(_("%(figure)s was the %(plan)s figure from %(start)s to %(end)s; from %(now_start)s it is "
                           "%(now)s.", figure=_said(kind, claimed), plan=plan_name(other),
                           start=slash(price_list.effective_from), end=slash(end),
                           now_start=slash(today.effective_from), now=_said(kind, _figure(today, other, kind)))
                         if end is not None else
                         _("%(figure)s is the %(plan)s figure from %(start)s.", figure=_said(kind, claimed),
                           plan=plan_name(other), start=slash(price_list.effective_from)))
    return lines
