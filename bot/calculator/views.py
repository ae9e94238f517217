"""GET /calculator and GET /calculator/api/estimate: the three plans' monthly cost for a send pattern.

The server does every sum with the pricing room and draws the chart (bot.calculator.chart); the page's
script only sends the inputs to the API and swaps in the HTML it gets back, so there is no second copy
of the arithmetic. Without JavaScript the form is a plain GET and the page renders the result itself.
"Today" (which price list applies) comes from the app's clock, in Taiwan's time zone.
Every word comes from the catalogs: Traditional Chinese by default, English for ?lang=en or a browser (LINE)
whose first language is English. Templates call `_()` / `ngettext()` (Jinja's i18n extension, new style).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask import Blueprint, Response, current_app, get_template_attribute, jsonify, render_template, request
from flask.blueprints import BlueprintSetupState
from markupsafe import Markup

from bot.answers.i18n import _, current_locale, money, number, resolve_locale, slash, translations, use_locale
from bot.answers.links import DEFAULT_QUERY, BadQuery, CalculatorQuery, calculator_url, read_query
from bot.answers.words import plan_name
from bot.calculator.chart import compact, render_chart
from bot.pricing import (
    PLAN_ORDER,
    TAX_RATE,
    Estimate,
    PlanCost,
    PriceList,
    Volume,
    estimate_in,
    monthly_volume,
    price_list_for,
    today_taipei,
    with_tax,
)
from bot.pricing.calc import DAYS_PER_MONTH, WEEKS_PER_MONTH
from bot.pricing.money import MAX_COUNT, round_half_up_int
from bot.settings import Settings

bp = Blueprint("calculator", __name__, url_prefix="/calculator", template_folder="templates", static_folder="static")

TEMPLATE = "calculator.html"
LIFF_SDK = "https://static.line-scdn.net/liff/edge/2/sdk.js"
# Everything comes from this server; with a LIFF id, the LIFF SDK and the LINE hosts it talks to as well.
CSP_BASE = ("default-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'")
CSP_PLAIN = CSP_BASE + "; script-src 'self'; connect-src 'self'"
CSP_LIFF = (CSP_BASE + "; script-src 'self' https://static.line-scdn.net; "
            "connect-src 'self' https://*.line.me https://*.line-scdn.net; frame-src https://*.line.me")
HTML_LANG = {"zh_Hant_TW": "zh-Hant-TW", "en": "en"}


@dataclass(frozen=True)
class Calculation:
    """One answered query: the volume, every plan's bill on today's list, the chart and a link back."""

    query: CalculatorQuery
    targeted: int
    volume: Volume
    estimate: Estimate
    svg: str
    url: str


@dataclass(frozen=True)
class PlanRow:
    """One plan's figures as merchants read them (NT$ with separators); None where the plan cannot send."""

    plan: str
    name: str
    can_send: bool
    recommended: bool
    fee: str
    free_messages: str
    addon_allowed: bool
    addon_messages: str | None
    addon_cost: str | None
    total: str | None
    total_taxed: str | None
    exact: bool


@dataclass(frozen=True)
class ResultView:
    """Everything the result's template shows, already formatted; the words stay in the template."""

    as_of: str
    list_id: str
    friends: str
    share: int
    targeted: str
    sends: str
    period: str
    sends_per_month: str
    weeks_per_month: int
    days_per_month: int
    messages: str
    message_count: int
    plans: tuple[PlanRow, ...]
    best: PlanRow
    runner_up: PlanRow | None
    saving: str | None
    exact: bool
    svg: Markup
    url: str
    friend_count: int
    send_count: int
    tax_rate: str


def targeted_friends(friends: int, share: int) -> int:
    """Friends in the segment: share % of them, rounded half-up to whole people."""
    return round_half_up_int(friends * share, 100)


def calculate(query: CalculatorQuery, on: date, base: str) -> Calculation:
    """Price the query's monthly volume on every plan of the list in force on that day; BadQuery if absurd."""
    targeted = targeted_friends(query.friends, query.share)
    try:
        volume = monthly_volume(targeted, query.sends, query.period)
    except ValueError as exc:
        raise BadQuery("friends", _too_large()) from exc
    price_list = price_list_for(on)
    est = estimate_in(price_list, volume.messages)
    url = calculator_url(base, query.friends, query.sends, query.period, query.share)
    return Calculation(query, targeted, volume, est, render_chart(price_list, volume.messages), url)


def _too_large() -> str:
    """The message for a volume beyond the pricing room's ceiling."""
    return _("Messages a month exceed any real account (at most %(limit)s); please check the number of friends "
             "and sends.", limit=compact(MAX_COUNT))


def today() -> date:
    """Today in Taiwan by the app's clock (tests stop it; the pure code never reads a clock)."""
    return today_taipei(current_app.extensions["clock"].now())


def _row(price_list: PriceList, cost: PlanCost | None, plan_id: str, best: PlanCost) -> PlanRow:
    """Format one plan's bill (or its inability to send the volume)."""
    plan = price_list.plan(plan_id)
    return PlanRow(
        plan=str(plan.id),
        name=plan_name(plan.id),
        can_send=cost is not None,
        recommended=cost is not None and cost.plan.id == best.plan.id,
        fee=money(plan.fee),
        free_messages=number(plan.free_messages),
        addon_allowed=plan.addon_allowed,
        addon_messages=None if cost is None else number(cost.addon_messages),
        addon_cost=None if cost is None else money(cost.addon_cost),
        total=None if cost is None else money(cost.total),
        total_taxed=None if cost is None else money(with_tax(cost.total).taxed),
        exact=plan.addon_exact,
    )


def result_view(calc: Calculation) -> ResultView:
    """The calculation formatted for the page."""
    est, volume = calc.estimate, calc.volume
    rows = tuple(_row(est.price_list, c, pid, est.recommended) for c, pid in zip(est.costs, PLAN_ORDER, strict=True))
    best = next(r for r in rows if r.recommended)
    runner = None if est.runner_up is None else next(r for r in rows if r.plan == est.runner_up.plan.id)
    return ResultView(
        as_of=slash(est.price_list.effective_from),
        list_id=est.price_list.id,
        friends=number(calc.query.friends),
        share=calc.query.share,
        targeted=number(calc.targeted),
        sends=number(calc.query.sends),
        period=calc.query.period,
        sends_per_month=number(volume.sends_per_month),
        weeks_per_month=WEEKS_PER_MONTH,
        days_per_month=DAYS_PER_MONTH,
        messages=number(volume.messages),
        message_count=volume.messages,
        plans=rows,
        best=best,
        runner_up=runner,
        saving=None if est.saving is None else money(est.saving),
        exact=est.exact,
        svg=Markup(calc.svg),  # built by chart.py, which escapes every text
        url=calc.url,
        friend_count=calc.query.friends,
        send_count=calc.query.sends,
        tax_rate=f"{number(TAX_RATE * 100)}%",
    )


def _cost_json(cost: PlanCost | None) -> dict[str, Any] | None:
    """One plan's bill as JSON; amounts are strings so no float ever carries money."""
    if cost is None:
        return None
    return {"plan": str(cost.plan.id), "name": plan_name(cost.plan.id), "total": str(cost.total),
            "total_taxed": str(with_tax(cost.total).taxed), "total_text": money(cost.total),
            "total_taxed_text": money(with_tax(cost.total).taxed), "exact": cost.exact}


def _plan_json(price_list: PriceList, cost: PlanCost | None, plan_id: str) -> dict[str, Any]:
    """One plan's terms and bill (null figures when it cannot send the volume)."""
    plan = price_list.plan(plan_id)
    return {
        "plan": str(plan.id), "name": plan_name(plan.id), "can_send": cost is not None, "fee": str(plan.fee),
        "free_messages": plan.free_messages, "addon_allowed": plan.addon_allowed, "addon_exact": plan.addon_exact,
        "addon_messages": None if cost is None else cost.addon_messages,
        "addon_cost": None if cost is None else str(cost.addon_cost),
        "total": None if cost is None else str(cost.total),
        "total_taxed": None if cost is None else str(with_tax(cost.total).taxed),
        "total_text": None if cost is None else money(cost.total),
    }


def payload(calc: Calculation, html: str, summary: str, share_text: str) -> dict[str, Any]:
    """The API's answer: the figures, the words the page shows, the chart, and the link to this result."""
    est = calc.estimate
    saving: Decimal | None = est.saving
    return {
        "input": {"friends": calc.query.friends, "sends": calc.query.sends, "period": calc.query.period,
                  "share": calc.query.share},
        "targeted_friends": calc.targeted,
        "sends_per_month": int(calc.volume.sends_per_month),
        "messages": calc.volume.messages,
        "assumptions": list(calc.volume.assumptions),
        "price_list": {"id": est.price_list.id, "effective_from": est.price_list.effective_from.isoformat(),
                       "as_of": _("from %(date)s", date=slash(est.price_list.effective_from))},
        "plans": [_plan_json(est.price_list, c, pid) for c, pid in zip(est.costs, PLAN_ORDER, strict=True)],
        "recommended": _cost_json(est.recommended),
        "runner_up": _cost_json(est.runner_up),
        "saving": None if saving is None else str(saving),
        "saving_text": None if saving is None else money(saving),
        "exact": est.exact,
        "summary": summary,
        "share_text": share_text,
        "url": calc.url,
        "svg": calc.svg,
        "html": html,
    }


def _macro(name: str) -> Any:
    """A macro of the page's template (the result block is rendered the same for the page and the API)."""
    return get_template_attribute(TEMPLATE, name)


def _words(view: ResultView, name: str) -> str:
    """A plain-text macro's output on one line."""
    return " ".join(_plain(view, name).split())


def _lines(view: ResultView, name: str) -> str:
    """A plain-text macro's output, one sentence a line (a chat message)."""
    return "\n".join(" ".join(line.split()) for line in _plain(view, name).splitlines() if line.strip())


def _plain(view: ResultView, name: str) -> str:
    """A macro's output as plain text (autoescaping undone: it goes into JSON or a chat message)."""
    return Markup(_macro(name)(view)).unescape()


def _base() -> str:
    """The root the deep link starts from: the configured address (LIFF or PUBLIC_BASE_URL), else as reached."""
    configured: str | None = current_app.extensions["settings"].calculator_base
    return configured or request.url_root.rstrip("/")


def _secure(response: Response) -> Response:
    """A strict CSP: scripts only from here, plus the LIFF SDK's host when a LIFF id is set."""
    settings: Settings = current_app.extensions["settings"]
    response.headers["Content-Security-Policy"] = CSP_LIFF if settings.liff_id else CSP_PLAIN
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Vary"] = "Accept-Language"
    return response


def page_locale() -> str:
    """?lang= when given, else the browser's (LINE's) first Accept-Language, as a catalog we ship."""
    chosen = request.args.get("lang")
    if chosen:
        return resolve_locale(chosen)
    return resolve_locale(next(iter(request.accept_languages.values()), None))


def _template_gettext(message: str) -> str:
    """gettext for the templates: the catalog of the locale in use (Jinja fills the placeholders)."""
    return translations(current_locale()).gettext(message)


def _template_ngettext(singular: str, plural: str, n: int) -> str:
    """ngettext for the templates: the catalog of the locale in use (Jinja fills the placeholders)."""
    return translations(current_locale()).ngettext(singular, plural, n)


@bp.record_once
def _install_i18n(state: BlueprintSetupState) -> None:
    """Let the app's templates speak the bot's catalogs: `_()` and `ngettext()` in the locale in use."""
    env = state.app.jinja_env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext=_template_gettext, ngettext=_template_ngettext,  # type: ignore[attr-defined]
                                  newstyle=True)


@bp.get("")
def page() -> Response:
    """The calculator; query figures (a deep link or the no-JavaScript form) are answered on the page."""
    with use_locale(page_locale()):
        return _secure(_page())


def _page() -> Response:
    """The page in the locale in use."""
    settings: Settings = current_app.extensions["settings"]
    raw = {name: request.args.get(name, value) for name, value in DEFAULT_QUERY.params().items()}
    view, error, status = None, None, 200
    try:
        view = result_view(calculate(read_query(request.args), today(), _base()))
    except BadQuery as exc:
        error, status = exc, 400
    html = render_template(TEMPLATE, view=view, raw=raw, error=error, liff_id=settings.liff_id, liff_sdk=LIFF_SDK,
                           share_words="" if view is None else _lines(view, "share_text"),
                           html_lang=HTML_LANG[current_locale()], lang_chosen=bool(request.args.get("lang")),
                           plan_names=[plan_name(pid) for pid in PLAN_ORDER])
    return Response(html, status=status, mimetype="text/html")


@bp.get("/api/estimate")
def api_estimate() -> Response:
    """?friends=&sends=&period=month|week|day&share=1..100 (&lang=) → the figures, their words, the SVG, the HTML."""
    with use_locale(page_locale()):
        return _secure(_estimate())


def _estimate() -> Response:
    """The API's answer in the locale in use."""
    try:
        calc = calculate(read_query(request.args), today(), _base())
    except BadQuery as exc:
        response = jsonify(error="Bad Request", message=exc.message, field=exc.field)
        response.status_code = 400
        return response
    view = result_view(calc)
    html = str(_macro("result")(view))
    return jsonify(payload(calc, html, _words(view, "summary"), _lines(view, "share_text")))

