"""The calculator's chart: each plan's monthly cost against messages a month, as inline SVG text.

Pure (no Flask): a price list and the merchant's volume in, SVG out. Every cost drawn comes from
bot.pricing.cost_for, so the chart cannot disagree with the figures beside it. The message axis is
logarithmic so the Light plan's 200 messages and the High plan's 50,000-message add-on bracket both
fit one phone-wide picture. Colours are presentation attributes, not style, so a strict CSP allows them.
Its words come from the catalogs (bot.answers.i18n) in the locale in use.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from html import escape

from babel.numbers import format_compact_decimal

from bot.answers.i18n import _, current_locale, money, number, separator_word, slash
from bot.answers.words import plan_name
from bot.pricing import PLAN_ORDER, Estimate, Plan, PlanId, PriceList, cost_for, estimate_in
from bot.pricing.money import MAX_COUNT

WIDTH, HEIGHT = 360, 300  # about a phone's width, so the chart's text stays readable there
LEFT, RIGHT, TOP, BOTTOM = 44, 14, 70, 44  # plot margins: y labels, title and legend above, x labels below
EDGE = 10
LABEL_WIDTH, LINE_HEIGHT = 100, 15  # room one short label takes, to keep labels apart
POINT_LABEL_WIDTH = 120
SAMPLES = 72
INK, MUTED, GRID, PAPER = "#1a1a1a", "#4a4a4a", "#d0d4d9", "#ffffff"
COMPACT_FROM = 10_000  # below this, axis labels are plain numbers with separators
CLIP_ID = "calc-plot"


@dataclass(frozen=True)
class LineStyle:
    """How one plan's line is drawn: colour (≥3:1 on white) and dash, so colour is never the only cue."""

    colour: str
    dash: str


STYLES = {
    PlanId.LIGHT: LineStyle("#5c6670", "2 5"),
    PlanId.MEDIUM: LineStyle("#1d63a8", "9 5"),
    PlanId.HIGH: LineStyle("#0b7a3e", ""),
}


@dataclass(frozen=True)
class Axes:
    """Maps messages (log scale) and NT$ (linear) to SVG coordinates."""

    x_lo: int
    x_hi: int
    y_hi: Decimal

    def x(self, messages: int) -> float:
        """Horizontal position of a volume; volumes below the axis start sit on it."""
        span = math.log10(self.x_hi) - math.log10(self.x_lo)
        share = (math.log10(max(messages, self.x_lo)) - math.log10(self.x_lo)) / span
        return round(LEFT + share * (WIDTH - LEFT - RIGHT), 1)

    def y(self, cost: Decimal) -> float:
        """Vertical position of a monthly cost (may leave the plot upwards; the clip path cuts it)."""
        share = float(cost / self.y_hi)
        return round(HEIGHT - BOTTOM - share * (HEIGHT - TOP - BOTTOM), 1)


@dataclass(frozen=True)
class Bracket:
    """Where a plan's add-on price changes: the message count a month and the price from there on."""

    plan: Plan
    messages: int
    addon_index: int
    price: Decimal


def render_chart(price_list: PriceList, messages: int) -> str:
    """The three plans' monthly cost as lines, the add-on brackets and the merchant's point, as SVG text."""
    est = estimate_in(price_list, messages)
    axes = _axes(price_list, est)
    parts = [
        _open(est),
        _grid(axes),
        *(_bracket(axes, b) for b in brackets(price_list)),
        f'<g clip-path="url(#{CLIP_ID})">',
        *(_plan_line(axes, price_list.plan(pid)) for pid in PLAN_ORDER),
        "</g>",
        _quota_ends(axes, price_list),
        *(_bracket_label(axes, b, i) for i, b in enumerate(brackets(price_list))),
        _point(axes, est, quota_ends(axes, price_list)),
        _legend(price_list),
        "</svg>",
    ]
    return "\n".join(p for p in parts if p)


def chart_title(est: Estimate) -> str:
    """The chart's accessible name: what it shows, for which volume, the cheapest plan and its cost."""
    rec = est.recommended
    return _("Monthly cost of the three plans (prices from %(date)s, untaxed): at %(messages)s messages a month "
             "the cheapest is the %(plan)s, %(total)s a month.", date=slash(est.price_list.effective_from),
             messages=number(est.messages), plan=plan_name(rec.plan.id), total=money(rec.total))


def chart_description(price_list: PriceList) -> str:
    """What each line does, in words, for readers who cannot see it."""
    plans = separator_word().join(_plan_words(price_list.plan(pid)) for pid in PLAN_ORDER)
    return _("%(plans)s. The horizontal axis is messages a month (log scale); the vertical axis is the monthly cost.",
             plans=plans)


def _plan_words(plan: Plan) -> str:
    """One plan's terms in a sentence."""
    name, fee, free = plan_name(plan.id), money(plan.fee), number(plan.free_messages)
    if not plan.addon_allowed:
        return _("%(plan)s: %(fee)s a month, at most %(free)s messages a month, no add-on", plan=name, fee=fee,
                 free=free)
    return _("%(plan)s: %(fee)s a month with %(free)s messages; add-on %(steps)s", plan=name, fee=fee, free=free,
             steps=_addon_words(plan))


def _addon_words(plan: Plan) -> str:
    """A plan's add-on prices, step by step (or its upper bound when the brackets are unknown)."""
    if not plan.addon_exact:
        return _("at most %(price)s each (upper estimate)", price=money(plan.addon_from_price or Decimal(0)))
    steps = [_("%(price)s each from message %(first)s", price=money(t.price), first=number(t.first))
             for t in plan.addon_tiers]
    words = steps[0] if steps else ""
    for step in steps[1:]:
        words = _("%(earlier)s, then %(later)s", earlier=words, later=step)
    return words


def brackets(price_list: PriceList) -> tuple[Bracket, ...]:
    """Every point where an add-on price starts: the end of the free quota and each later tier."""
    found = []
    for pid in PLAN_ORDER:
        plan = price_list.plan(pid)
        for tier in plan.addon_tiers:
            found.append(Bracket(plan, plan.free_messages + tier.first - 1, tier.first, tier.price))
        if plan.addon_allowed and not plan.addon_tiers:  # brackets unknown: only where add-on starts, at most
            found.append(Bracket(plan, plan.free_messages, 1, plan.addon_from_price or Decimal(0)))
    return tuple(found)


def _axes(price_list: PriceList, est: Estimate) -> Axes:
    """Axes that show every quota end, every bracket and the merchant's point with room to spare."""
    landmarks = [p.free_messages for p in price_list.plans.values()] + [b.messages for b in brackets(price_list)]
    x_lo = 100 if est.messages >= 100 else 10
    wanted = max(est.messages * 2, max(landmarks) * 3 // 2, 1000)
    x_hi = min(10 ** math.ceil(math.log10(wanted)), MAX_COUNT)
    if x_hi <= est.messages:  # only near the pricing room's ceiling
        x_hi = MAX_COUNT
    fees = max(p.fee for p in price_list.plans.values())
    return Axes(x_lo, x_hi, _nice_ceiling(max(est.recommended.total * Decimal("1.6"), fees * Decimal("1.5"),
                                              Decimal(100))))


def _nice_ceiling(value: Decimal) -> Decimal:
    """The smallest round number ≥ value made of 4 to 5 equal steps of 1, 2, 2.5 or 5 × 10^k."""
    step = tick_step(value)
    return (value / step).to_integral_value(rounding=ROUND_CEILING) * step


def tick_step(value: Decimal) -> Decimal:
    """A round step that cuts 0..value into at most five parts."""
    rough = value / 5
    power = Decimal(10) ** (len(str(int(rough))) - 1)
    for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if factor * power >= rough:
            return factor * power
    return 10 * power


def compact(n: int | Decimal) -> str:
    """Short axis labels in the locale's CLDR units: 3,000 / 2.5萬 / 150萬 / 1兆, or 3,000 / 25K / 1.5M / 1T."""
    value = Decimal(n)
    if value < COMPACT_FROM:
        return number(value)
    return format_compact_decimal(value, locale=current_locale(), fraction_digits=1)


def _open(est: Estimate) -> str:
    """The svg element with its accessible name, description, clip path and white paper."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    rec = est.recommended
    heading = _("Monthly cost (untaxed) · prices from %(date)s", date=slash(est.price_list.effective_from))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="calc-chart-title calc-chart-desc" class="calc-chart" '
        f'data-messages="{est.messages}" data-plan="{rec.plan.id}" data-total="{rec.total}" '
        f'data-list="{escape(est.price_list.id)}" font-family="sans-serif" font-size="12">\n'
        f'<title id="calc-chart-title">{escape(chart_title(est))}</title>\n'
        f'<desc id="calc-chart-desc">{escape(chart_description(est.price_list))}</desc>\n'
        f'<defs><clipPath id="{CLIP_ID}"><rect x="{LEFT}" y="{TOP - 4}" width="{plot_w}" '
        f'height="{plot_h + 8}"/></clipPath></defs>\n'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{PAPER}"/>\n'
        f'<text x="{EDGE}" y="16" fill="{INK}" font-size="13" font-weight="bold">'
        f'{escape(heading)}</text>'
    )


def _grid(axes: Axes) -> str:
    """Horizontal NT$ lines, decade lines for messages, and both axes' labels."""
    step = tick_step(axes.y_hi)
    lines: list[str] = ['<g class="grid">']
    cost = Decimal(0)
    while cost <= axes.y_hi:
        y = axes.y(cost)
        lines.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="{GRID}"/>')
        lines.append(f'<text x="{LEFT - 5}" y="{y + 4}" text-anchor="end" fill="{MUTED}" font-size="11">'
                     f'{compact(cost)}</text>')
        cost += step
    decades = _decades(axes)
    every = max(1, math.ceil(len(decades) / 6))
    for i, tick in enumerate(decades):
        x = axes.x(tick)
        lines.append(f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{HEIGHT - BOTTOM}" stroke="{GRID}"/>')
        if i % every == 0:
            lines.append(f'<text x="{x}" y="{HEIGHT - BOTTOM + 15}" text-anchor="middle" fill="{MUTED}">'
                         f'{compact(tick)}</text>')
    lines.append(f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" '
                 f'stroke="{MUTED}"/>')
    axis_name = _("Messages a month (log scale)")
    lines.append(f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 8}" text-anchor="middle" fill="{INK}">'
                 f'{escape(axis_name)}</text>')
    lines.append("</g>")
    return "\n".join(lines)


def _decades(axes: Axes) -> list[int]:
    """Powers of ten from the axis start to its end."""
    return [10**k for k in range(round(math.log10(axes.x_lo)), round(math.log10(axes.x_hi)) + 1)]


def plan_samples(plan: Plan, axes: Axes) -> list[int]:
    """Volumes to cost for a plan's line: log-spaced, plus its quota end and brackets, up to where it stops."""
    end = axes.x_hi if plan.addon_allowed else min(plan.free_messages, axes.x_hi)
    if end < axes.x_lo:
        return []
    lo, hi = math.log10(axes.x_lo), math.log10(end)
    spaced = {round(10 ** (lo + (hi - lo) * i / SAMPLES)) for i in range(SAMPLES + 1)}
    corners = {plan.free_messages + t.first - 1 for t in plan.addon_tiers} | {plan.free_messages}
    return sorted(v for v in spaced | corners | {axes.x_lo, end} if axes.x_lo <= v <= end)


def _plan_line(axes: Axes, plan: Plan) -> str:
    """One plan's monthly cost as a polyline, ending at its quota when it cannot buy add-on messages."""
    points = []
    for messages in plan_samples(plan, axes):
        cost = cost_for(plan, messages)
        if cost is None:
            break
        points.append(f"{axes.x(messages)},{axes.y(cost.total)}")
        if cost.total > axes.y_hi:  # costs only rise: the rest is above the plot
            break
    style = STYLES[plan.id]
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    ends = "" if plan.addon_allowed else f' data-ends-at="{plan.free_messages}"'
    exact = "true" if plan.addon_exact else "false"
    return (f'<polyline class="plan-line" data-plan="{plan.id}" data-exact="{exact}"{ends} fill="none" '
            f'stroke="{style.colour}" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"{dash} '
            f'points="{" ".join(points)}"/>')


@dataclass(frozen=True)
class QuotaEnd:
    """Where a plan without add-on stops on the chart, and where its label sits."""

    plan: Plan
    x: float
    y: float
    label_y: float


def quota_ends(axes: Axes, price_list: PriceList) -> list[QuotaEnd]:
    """The stop of each plan without add-on; a label that would overlap the previous one moves up."""
    ends: list[QuotaEnd] = []
    for pid in PLAN_ORDER:
        plan = price_list.plan(pid)
        if plan.addon_allowed or not axes.x_lo <= plan.free_messages <= axes.x_hi:
            continue
        x, y = axes.x(plan.free_messages), axes.y(plan.fee)
        label_y = y - 11
        for other in ends:
            if abs(other.x - x) < LABEL_WIDTH and abs(other.label_y - label_y) < LINE_HEIGHT:
                label_y = other.label_y - LINE_HEIGHT
        ends.append(QuotaEnd(plan, x, y, label_y))
    return ends


def _quota_ends(axes: Axes, price_list: PriceList) -> str:
    """Stop marks where plans without add-on run out of messages."""
    return "\n".join(_quota_end(e.plan, e.x, e.y, e.label_y) for e in quota_ends(axes, price_list))


def _quota_end(plan: Plan, x: float, y: float, label_y: float) -> str:
    """One stop mark, labelled with the plan's monthly quota."""
    return (f'<g class="quota-end" data-plan="{plan.id}" data-messages="{plan.free_messages}">'
            f'<line x1="{x}" y1="{y - 7}" x2="{x}" y2="{y + 7}" stroke="{STYLES[plan.id].colour}" stroke-width="3"/>'
            + _halo_text(x, label_y, escape(_("%(plan)s max %(messages)s", plan=plan_name(plan.id),
                                                messages=compact(plan.free_messages))), "middle")
            + "</g>")


def _bracket(axes: Axes, bracket: Bracket) -> str:
    """A dashed vertical mark where an add-on price starts (drawn under the lines)."""
    if not axes.x_lo <= bracket.messages <= axes.x_hi:
        return ""
    x = axes.x(bracket.messages)
    return (f'<g class="bracket" data-plan="{bracket.plan.id}" data-messages="{bracket.messages}" '
            f'data-price="{bracket.price}"><line x1="{x}" y1="{TOP}" x2="{x}" y2="{HEIGHT - BOTTOM}" '
            f'stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="4 3"/></g>')


def _bracket_label(axes: Axes, bracket: Bracket, index: int) -> str:
    """The add-on price from a bracket on, written beside its mark (drawn over the lines)."""
    if not axes.x_lo <= bracket.messages <= axes.x_hi:
        return ""
    x = axes.x(bracket.messages)
    price = money(bracket.price)
    if bracket.addon_index > 1:
        words = _("Add-on beyond %(messages)s: %(price)s each", messages=compact(bracket.addon_index - 1), price=price)
    elif bracket.plan.addon_exact:
        words = _("Add-on %(price)s each", price=price)
    else:
        words = _("Add-on up to %(price)s each", price=price)
    anchor, dx = ("end", -4) if x > (LEFT + WIDTH - RIGHT) / 2 else ("start", 4)
    return _halo_text(x + dx, TOP + 12 + 15 * (index % 2), escape(words), anchor, 'class="bracket-label"')


def _halo_text(x: float, y: float, text: str, anchor: str, extra: str = "") -> str:
    """Text with a white outline, readable where it crosses a line."""
    return (f'<text {extra} x="{x}" y="{y}" text-anchor="{anchor}" fill="{INK}" stroke="{PAPER}" '
            f'stroke-width="3" paint-order="stroke">{text}</text>')


def _point(axes: Axes, est: Estimate, ends: list[QuotaEnd]) -> str:
    """The merchant's volume and its cheapest cost: a guide line, a dot and the figures beside it."""
    rec = est.recommended
    x, y = axes.x(est.messages), axes.y(rec.total)
    right_half = x > (LEFT + WIDTH - RIGHT) / 2
    anchor, dx = ("end", -10) if right_half else ("start", 10)
    low = y > (TOP + HEIGHT - BOTTOM) / 2  # near the axis both lines go above the dot
    first, second = (y - 38, y - 22) if low else (y - 8, y + 16)
    left, right = (x + dx - POINT_LABEL_WIDTH, x + dx) if right_half else (x + dx, x + dx + POINT_LABEL_WIDTH)
    for end in sorted(ends, key=lambda e: -e.label_y):  # lowest label first, so moving up clears them in turn
        near = left - LABEL_WIDTH / 2 < end.x < right + LABEL_WIDTH / 2
        if near and first - LINE_HEIGHT < end.label_y < second + LINE_HEIGHT:
            lift = second + LINE_HEIGHT - end.label_y
            first, second = first - lift, second - lift
    return (f'<g class="point" data-messages="{est.messages}" data-plan="{rec.plan.id}" data-total="{rec.total}">'
            f'<line x1="{x}" y1="{y}" x2="{x}" y2="{HEIGHT - BOTTOM}" stroke="{INK}" stroke-dasharray="2 2"/>'
            f'<circle cx="{x}" cy="{y}" r="6.5" fill="{STYLES[rec.plan.id].colour}" stroke="{INK}" '
            f'stroke-width="2"/>'
            + _halo_text(x + dx, first, escape(f"{plan_name(rec.plan.id)} {money(rec.total)}"), anchor,
                         'font-weight="bold"')
            + _halo_text(x + dx, second, escape(_("%(number)s messages a month", number=number(est.messages))),
                         anchor)
            + "</g>")


def _legend(price_list: PriceList) -> str:
    """Each plan's line sample and name in a row under the title; an estimated add-on says so below."""
    items: list[str] = ['<g class="legend">']
    for i, pid in enumerate(PLAN_ORDER):
        style = STYLES[pid]
        x = EDGE + i * 100
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        items.append(f'<line x1="{x}" y1="36" x2="{x + 24}" y2="36" stroke="{style.colour}" stroke-width="3"'
                     f' stroke-linecap="round"{dash}/>'
                     f'<text x="{x + 29}" y="40" fill="{INK}">{escape(plan_name(pid))}</text>')
    if not all(price_list.plan(pid).addon_exact for pid in PLAN_ORDER):
        words = _("* Add-on cost at the highest price per message (upper bound)")
        items.append(f'<text x="{EDGE}" y="58" fill="{INK}">{escape(words)}</text>')
    items.append("</g>")
    return "".join(items)
