"""The calculator: its SVG chart, its JSON API and its page, checked against the pricing room."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.answers.links import BadQuery, CalculatorQuery, calculator_url, read_query
from bot.app import create_app
from bot.calculator.chart import render_chart
from bot.clock import FixedClock
from bot.pricing import PLAN_ORDER, TAIPEI, cost_for, estimate, monthly_volume, price_list_for, today_taipei, with_tax
from bot.settings import Settings
from tests.factories import AT

SVG = "{http://www.w3.org/2000/svg}"
NEW_LIST = date(2026, 11, 20)
AS_OF = "2026/11/1 起"


def svg_tree(svg: str) -> ET.Element:
    """The chart parsed as XML (which also proves it is well-formed)."""
    return ET.fromstring(svg)


def lines(root: ET.Element) -> dict[str, list[tuple[float, float]]]:
    """Each plan's drawn polyline points, by plan id."""
    found = {}
    for line in root.iter(f"{SVG}polyline"):
        points = [tuple(float(v) for v in p.split(",")) for p in line.attrib["points"].split()]
        found[line.attrib["data-plan"]] = [(x, y) for x, y in points]
    return found


def groups(root: ET.Element, kind: str) -> list[ET.Element]:
    """The <g class="kind"> elements of the chart."""
    return [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == kind]


def api(client: FlaskClient, **params: Any) -> Any:
    """GET the estimate API with these query parameters."""
    return client.get("/calculator/api/estimate", query_string={k: str(v) for k, v in params.items()})


# ------------------------------------------------------------------------------------------------ the chart


def test_the_chart_draws_three_plan_lines_the_point_and_the_brackets() -> None:
    svg = render_chart(price_list_for(NEW_LIST), 8000)
    root = svg_tree(svg)
    assert root.attrib["role"] == "img"
    drawn = lines(root)
    assert set(drawn) == {"light", "medium", "high"}
    assert all(len(points) >= 2 for points in drawn.values())
    point = groups(root, "point")
    assert len(point) == 1 and point[0].attrib["data-messages"] == "8000"
    assert point[0].attrib["data-plan"] == "high" and point[0].attrib["data-total"] == "1800"
    bracket_at = {int(g.attrib["data-messages"]): Decimal(g.attrib["data-price"]) for g in groups(root, "bracket")}
    assert bracket_at == {6000: Decimal("0.2"), 56000: Decimal("0.15")}  # add-on starts; 50,000 add-on later


def test_plans_without_add_on_stop_at_their_quota() -> None:
    root = svg_tree(render_chart(price_list_for(NEW_LIST), 8000))
    drawn = lines(root)
    ends = {g.attrib["data-plan"]: g for g in groups(root, "quota-end")}
    assert set(ends) == {"light", "medium"}
    for plan in ("light", "medium"):
        stop = ends[plan].find(f"{SVG}line")
        assert stop is not None
        assert drawn[plan][-1][0] == float(stop.attrib["x1"])
        assert ends[plan].attrib["data-messages"] == str(price_list_for(NEW_LIST).plan(plan).free_messages)
    assert drawn["high"][-1][0] > drawn["medium"][-1][0] > drawn["light"][-1][0]


def test_lines_only_go_up_and_right() -> None:
    for messages in (0, 100, 8000, 70_000, 10**12):
        root = svg_tree(render_chart(price_list_for(NEW_LIST), messages))
        for points in lines(root).values():
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            assert xs == sorted(xs) and ys == sorted(ys, reverse=True)  # SVG y grows downwards


def test_the_chart_is_named_by_the_cheapest_plan_its_cost_and_the_list_date() -> None:
    root = svg_tree(render_chart(price_list_for(NEW_LIST), 2400))
    title = root.find(f"{SVG}title")
    assert title is not None and title.text is not None
    assert "中用量" in title.text and "NT$1,000" in title.text and AS_OF in title.text
    assert root.attrib["aria-labelledby"] == "calc-chart-title calc-chart-desc"
    assert any(AS_OF in (t.text or "") for t in root.iter(f"{SVG}text"))  # visible too, not only to readers


def test_the_old_list_marks_its_add_on_as_an_upper_bound() -> None:
    root = svg_tree(render_chart(price_list_for(date(2026, 10, 20)), 8000))
    assert lines(root)["high"][0][1] > lines(root)["high"][-1][1]
    assert {g.attrib["data-messages"]: g.attrib["data-price"] for g in groups(root, "bracket")} == {"6000": "0.2"}
    assert any("最高單價" in (t.text or "") for t in root.iter(f"{SVG}text"))
    high = root.find(f".//{SVG}polyline[@data-plan='high']")
    assert high is not None and high.attrib["data-exact"] == "false"
    assert {g.attrib["data-plan"] for g in groups(root, "quota-end")} == {"light", "medium"}


def test_the_chart_has_no_style_attributes_a_strict_csp_would_block() -> None:
    svg = render_chart(price_list_for(NEW_LIST), 70_000)
    assert "style=" not in svg and "<style" not in svg and "<script" not in svg


# ------------------------------------------------------------------------------------------------ the API


@pytest.mark.parametrize(
    ("friends", "sends", "period", "messages", "plan", "total"),
    [
        (2000, 4, "month", 8000, "high", "1800"),
        (800, 3, "month", 2400, "medium", "1000"),
        (100, 1, "month", 100, "light", "0"),
        (70_000, 1, "month", 70_000, "high", "13500"),
        (500, 2, "week", 4000, "high", "1400"),
        (100, 1, "day", 3000, "medium", "1000"),
        (0, 5, "month", 0, "light", "0"),
    ],
)
def test_api_figures_are_the_pricing_rooms(client: FlaskClient, friends: int, sends: int, period: str,
                                            messages: int, plan: str, total: str) -> None:
    response = api(client, friends=friends, sends=sends, period=period, share=100)
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    est = estimate(monthly_volume(friends, sends, period).messages, today_taipei(AT))
    assert data["messages"] == messages == est.messages
    assert data["recommended"]["plan"] == plan == est.recommended.plan.id
    assert data["recommended"]["total"] == total == str(est.recommended.total)
    assert data["recommended"]["total_taxed"] == str(with_tax(est.recommended.total).taxed)
    for row, cost in zip(data["plans"], est.costs, strict=True):
        assert row["can_send"] == (cost is not None)
        assert row["total"] == (None if cost is None else str(cost.total))
    assert data["saving"] == (None if est.saving is None else str(est.saving))
    assert data["runner_up"] == (None if est.runner_up is None else {
        "plan": est.runner_up.plan.id, "name": data["runner_up"]["name"], "total": str(est.runner_up.total),
        "total_taxed": str(with_tax(est.runner_up.total).taxed), "total_text": data["runner_up"]["total_text"],
        "total_taxed_text": data["runner_up"]["total_taxed_text"], "exact": est.runner_up.exact})
    root = svg_tree(data["svg"])
    assert root.attrib["data-messages"] == str(messages) and root.attrib["data-total"] == total


def test_seventy_thousand_messages_cross_the_bracket(client: FlaskClient) -> None:
    data = api(client, friends=70_000, sends=1).get_json()
    assert data["recommended"]["total_text"] == "NT$13,500"
    assert data["recommended"]["total_taxed_text"] == "NT$14,175"
    high = data["plans"][2]
    assert high["addon_messages"] == 64_000 and high["addon_cost"] == "12100"  # 50,000 × 0.2 + 14,000 × 0.15
    assert "NT$13,500" in data["html"] and "NT$14,175" in data["html"]


def test_a_half_segment_halves_the_messages(client: FlaskClient) -> None:
    everyone = api(client, friends=2000, sends=4, share=100).get_json()
    half = api(client, friends=2000, sends=4, share=50).get_json()
    assert half["targeted_friends"] == 1000
    assert half["messages"] * 2 == everyone["messages"] == 8000
    assert half["recommended"]["total"] == str(estimate(4000, today_taipei(AT)).recommended.total)
    assert "50%" in half["html"] and "1,000 位目標好友" in half["html"]


def test_the_saving_against_the_next_plan_is_named(client: FlaskClient) -> None:
    data = api(client, friends=150, sends=1).get_json()  # 150: light NT$0; medium NT$1,000 next
    assert data["recommended"]["name"] == "輕用量" and data["runner_up"]["name"] == "中用量"
    assert data["saving"] == "1000"
    assert "比次便宜的中用量（NT$1,000）每月省 NT$1,000" in data["summary"]
    only = api(client, friends=2000, sends=4).get_json()
    assert "只有高用量能發送" in only["summary"]


def test_every_figure_names_its_price_list_date(client: FlaskClient) -> None:
    data = api(client, friends=2000, sends=4).get_json()
    assert data["price_list"] == {"id": "tw_2026_11_01", "effective_from": "2026-11-01", "as_of": AS_OF}
    for words in (data["summary"], data["share_text"], data["svg"]):
        assert AS_OF in words
    html = data["html"]
    best, chart, plans = html.split('class="best"')[1], html.split('class="chart"')[1], html.split("<h3>")[1]
    for block in (best.split("</div>")[0], chart.split("</figure>")[0], plans.split("</h3>")[0]):
        assert AS_OF in block


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"friends": "-5"}, "friends"),
        ({"friends": "abc"}, "friends"),
        ({"friends": "2.5"}, "friends"),
        ({"friends": ""}, "friends"),
        ({"friends": "9" * 40}, "friends"),
        ({"friends": str(10**12 + 1)}, "friends"),
        ({"friends": "1000000", "sends": "10000000"}, "friends"),  # 10**13 messages: beyond the pricing room
        ({"sends": "-1"}, "sends"),
        ({"period": "year"}, "period"),
        ({"share": "0"}, "share"),
        ({"share": "101"}, "share"),
    ],
)
def test_bad_input_is_a_400_with_a_message_never_a_500(client: FlaskClient, query: dict[str, str],
                                                       field: str) -> None:
    response = client.get("/calculator/api/estimate", query_string=query)
    assert response.status_code == 400
    data = response.get_json()
    assert data["error"] == "Bad Request" and data["field"] == field and data["message"]
    page = client.get("/calculator", query_string=query)
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert data["message"] in text and 'role="alert"' in text and 'id="result"' not in text


def test_full_width_digits_and_thousands_separators_are_read(client: FlaskClient) -> None:
    data = api(client, friends="２,０００", sends="４").get_json()
    assert data["messages"] == 8000


@pytest.mark.parametrize(("moment", "fee", "as_of"), [
    (datetime(2026, 10, 20, 12, 0, tzinfo=TAIPEI), "800", "2023/9/1 起"),
    (datetime(2026, 11, 20, 12, 0, tzinfo=TAIPEI), "1000", AS_OF),
    (datetime.fromisoformat("2026-10-31T16:30:00+00:00"), "1000", AS_OF),  # already 11/1 in Taipei
])
def test_the_price_list_follows_the_apps_clock(client: FlaskClient, clock: FixedClock, moment: datetime,
                                               fee: str, as_of: str) -> None:
    clock.moment = moment
    data = api(client, friends=800, sends=3).get_json()
    medium = data["plans"][1]
    assert medium["fee"] == fee and data["recommended"]["total"] == fee and data["price_list"]["as_of"] == as_of
    assert as_of in client.get("/calculator?friends=800&sends=3").get_data(as_text=True)


# ------------------------------------------------------------------------------------------------ the page


def test_a_deep_link_renders_the_result_without_javascript(client: FlaskClient) -> None:
    response = client.get(calculator_url("", 2000, 4, "week", 50))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    est = estimate(monthly_volume(1000, 4, "week").messages, today_taipei(AT))
    assert 'value="2000"' in text and 'value="50"' in text and '<option value="week" selected>' in text
    assert f"每月 <span class=\"figure\" id=\"messages\">{est.messages:,}</span>" in text
    assert "NT$" + f"{est.recommended.total:,}" in text and "<svg" in text


def test_the_bare_page_shows_a_default_estimate(client: FlaskClient) -> None:
    response = client.get("/calculator")
    assert response.status_code == 200
    assert 'id="result"' in response.get_data(as_text=True)


class Controls(HTMLParser):
    """Collects the form controls of a page and the ids its <label for=…> elements name."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.labelled: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Remember inputs, selects and labels."""
        attributes = dict(attrs)
        if tag in ("input", "select", "textarea"):
            self.controls.append(attributes)
        elif tag == "label" and attributes.get("for"):
            self.labelled.add(str(attributes["for"]))


def test_every_input_has_a_label(client: FlaskClient) -> None:
    parser = Controls()
    parser.feed(client.get("/calculator").get_data(as_text=True))
    assert len(parser.controls) == 7  # three sliders, three number boxes, the period
    for control in parser.controls:
        assert control.get("id") in parser.labelled or control.get("aria-label"), control


def test_without_a_liff_id_no_outside_script_is_loaded(client: FlaskClient) -> None:
    response = client.get("/calculator")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "line-scdn" not in csp and "frame-ancestors 'none'" in csp
    text = response.get_data(as_text=True)
    assert "line-scdn" not in text and "data-liff-id" not in text
    assert 'id="liff-actions" hidden' in text


@pytest.fixture
def liff_app(settings: Settings, clock: FixedClock) -> Iterator[Flask]:
    """The app with a LIFF id configured."""
    application = create_app(dataclasses.replace(settings, liff_id="1234567890-AbCdEfGh"), clock=clock)
    yield application
    application.extensions["engine"].dispose()


def test_a_liff_id_loads_the_sdk_and_the_csp_allows_only_its_host(liff_app: Flask) -> None:
    response = liff_app.test_client().get("/calculator")
    text = response.get_data(as_text=True)
    assert '<script src="https://static.line-scdn.net/liff/edge/2/sdk.js" defer></script>' in text
    assert 'data-liff-id="1234567890-AbCdEfGh"' in text
    assert "script-src 'self' https://static.line-scdn.net;" in response.headers["Content-Security-Policy"]


def test_liff_id_is_read_from_the_environment() -> None:
    env = {"BOT_DEV": "1", "SECRET_KEY": "k"}
    assert Settings.from_env(env).liff_id is None
    assert Settings.from_env({**env, "LIFF_ID": " 1234567890-AbCd "}).liff_id == "1234567890-AbCd"


# ------------------------------------------------------------------------------------------------ links


def test_calculator_url_builds_the_deep_link() -> None:
    assert calculator_url("https://bot.example.tw/", 2000, 4, "month") == (
        "https://bot.example.tw/calculator?friends=2000&sends=4&period=month&share=100")
    assert calculator_url("https://liff.line.me/1234567890-AbCd", 800, 3, "week", 40) == (
        "https://liff.line.me/1234567890-AbCd?friends=800&sends=3&period=week&share=40")
    assert calculator_url("https://bot.example.tw/calculator", 1, 1, "day").startswith(
        "https://bot.example.tw/calculator?")


@pytest.mark.parametrize("bad", [
    {"friends": -1}, {"sends": -2}, {"period": "year"}, {"share": 0}, {"share": 101}, {"friends": True},
])
def test_calculator_url_refuses_what_no_link_should_carry(bad: dict[str, Any]) -> None:
    args: dict[str, Any] = {"friends": 10, "sends": 1, "period": "month", "share": 100, **bad}
    with pytest.raises(ValueError):
        calculator_url("https://bot.example.tw", **args)


def test_a_link_reads_back_as_the_same_query() -> None:
    query = CalculatorQuery(2000, 4, "week", 50)
    url = calculator_url("https://bot.example.tw", **dataclasses.asdict(query))
    params = dict(p.split("=") for p in url.split("?", 1)[1].split("&"))
    assert read_query(params) == query
    with pytest.raises(BadQuery):
        read_query({"share": "abc"})


def test_every_plan_is_in_the_api_in_order(client: FlaskClient) -> None:
    data = api(client, friends=2000, sends=4).get_json()
    assert [p["plan"] for p in data["plans"]] == [str(p) for p in PLAN_ORDER]
    high = price_list_for(today_taipei(AT)).plan("high")
    cost = cost_for(high, 8000)
    assert cost is not None and data["plans"][2]["addon_cost"] == str(cost.addon_cost)


def test_the_share_link_uses_the_public_address_when_one_is_set(settings: Settings) -> None:
    public = create_app(dataclasses.replace(settings, public_base_url="https://bot.example.tw"), clock=FixedClock(AT))
    answer = public.test_client().get("/calculator/api/estimate?friends=2000&sends=4").json
    public.extensions["engine"].dispose()
    assert answer["url"] == "https://bot.example.tw/calculator?friends=2000&sends=4&period=month&share=100"
