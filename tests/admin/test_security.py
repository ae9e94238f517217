"""The admin stays locked: a login throttle shared by every worker, sessions that logout ends, safe cookies,
404s for impossible ids, 400s for broken CSV, formula-safe CSV cells and one JSON error shape."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from bot.admin.auth import ACCOUNT_FAILURES_ALLOWED, FAILURES_ALLOWED
from bot.app import HSTS, create_app
from bot.store.admin import AdminState, LoginFailure
from bot.tagging.csvio import MAX_BYTES, defuse
from tests.admin.helpers import Api, attempt, copy_session, form_post, login
from tests.conftest import ADMIN_PASSWORD, ADMIN_TOKEN

BIG = "99999999999999999999"
WRONG_TOKEN = {"Authorization": "Bearer a-guess"}
BAD_CSV = {
    "unterminated quote": (b'pattern,tag\n"abc,x\n', "malformed CSV"),
    "stray quote": (b'pattern,tag\nok,x\n"ab"c,x\n', "malformed CSV"),
    "unknown column": (b"pattern,tag,colour\nx,y,red\n", "unknown: colour"),
    "repeated column": (b"pattern,tag,tag\nx,y,z\n", "repeated: tag"),
    "cells beyond the header": (b"pattern,tag\nx,y,z\n", "outside the header"),
    "missing column": (b"pattern,match\nx,contains\n", "missing: tag"),
    "neither UTF-8 nor Big5": (b"pattern,tag\n\xff\xfe,x\n", "neither UTF-8 nor Big5"),
    "binary": (b"pattern,tag\n\x00\x01,x\n", "NUL bytes"),
    "empty": (b"", "the file is empty"),
}
FORMULAS = ("=1+1", "+886", "-2", "@SUM(A1)")

AppMaker = Callable[..., Flask]


@pytest.fixture
def make_app(settings, clock) -> Iterator[AppMaker]:
    """Build more app instances ("workers") on the test's clock, with some settings changed."""
    made: list[Flask] = []

    def build(**changes: Any) -> Flask:
        application = create_app(replace(settings, **changes), clock=clock)
        made.append(application)
        return application

    yield build
    for application in made:
        application.extensions["engine"].dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def shared_url(request: pytest.FixtureRequest) -> str:
    """One database for several workers: SQLite always, PostgreSQL when TEST_DATABASE_URL is set."""
    return request.getfixturevalue("database_url" if request.param == "sqlite" else "fresh_postgres_url")




def assert_error_shape(response: Any, status: int) -> None:
    """A JSON error: the status asked for, {"error": str, "message": str}, UTF-8 JSON."""
    assert response.status_code == status, response.data
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert isinstance(response.json["error"], str) and response.json["error"]
    assert isinstance(response.json["message"], str) and response.json["message"]


def guess_tokens(client: Any) -> None:
    """Send wrong API tokens until the throttle stops them (within FAILURES_ALLOWED guesses)."""
    for _ in range(FAILURES_ALLOWED):
        if client.get("/admin/api/tags", headers=WRONG_TOKEN).status_code == 429:
            return
    assert client.get("/admin/api/tags", headers=WRONG_TOKEN).status_code == 429


# --- the login throttle ------------------------------------------------------------------------------------


def test_the_throttle_holds_across_three_workers_and_a_restart(make_app, shared_url: str) -> None:
    workers = [make_app(database_url=shared_url).test_client() for _ in range(3)]
    for i in range(FAILURES_ALLOWED):  # 4 + 3 + 3: no single worker saw enough to stop anyone on its own
        assert attempt(workers[i % 3], "wrong").status_code == 401
    for worker in workers:
        refused = attempt(worker, ADMIN_PASSWORD)
        assert refused.status_code == 429 and "嘗試次數過多" in refused.text
        assert int(refused.headers["Retry-After"]) > 0
    restarted = make_app(database_url=shared_url).test_client()
    assert attempt(restarted, ADMIN_PASSWORD).status_code == 429


def test_the_throttle_releases_when_the_clock_passes_the_window(client, clock) -> None:
    for _ in range(FAILURES_ALLOWED):
        attempt(client, "wrong")
    wait = int(attempt(client, ADMIN_PASSWORD).headers["Retry-After"])
    assert 300 <= wait <= 360
    clock.advance(timedelta(seconds=wait - 1))
    still = attempt(client, ADMIN_PASSWORD)
    assert still.status_code == 429 and still.headers["Retry-After"] == "1"
    clock.advance(timedelta(seconds=1))
    assert attempt(client, ADMIN_PASSWORD).status_code == 302


def test_without_trusted_proxies_forwarded_addresses_are_ignored(make_app) -> None:
    client = make_app().test_client()
    for i in range(FAILURES_ALLOWED):
        attempt(client, "wrong", addr="10.0.0.1", forwarded=f"203.0.113.{i}")
    assert attempt(client, ADMIN_PASSWORD, addr="10.0.0.1", forwarded="203.0.113.99").status_code == 429
    assert attempt(client, ADMIN_PASSWORD, addr="10.0.0.2").status_code == 302


def test_behind_trusted_proxies_the_forwarded_address_is_the_key(make_app) -> None:
    client = make_app(trusted_proxies=1).test_client()
    for i in range(FAILURES_ALLOWED):  # a spoofed first hop changes nothing: the router appends the real one
        attempt(client, "wrong", addr="10.0.0.1", forwarded=f"6.6.6.{i}, 198.51.100.7")
    assert attempt(client, ADMIN_PASSWORD, addr="10.0.0.1", forwarded="198.51.100.7").status_code == 429
    assert attempt(client, ADMIN_PASSWORD, addr="10.0.0.1", forwarded="198.51.100.8").status_code == 302


def test_many_addresses_together_meet_the_account_cap(make_app) -> None:
    client = make_app(trusted_proxies=1).test_client()
    for i in range(ACCOUNT_FAILURES_ALLOWED):
        attempt(client, "wrong", addr="10.0.0.1", forwarded=f"198.51.100.{i % 10}")
    refused = attempt(client, ADMIN_PASSWORD, addr="10.0.0.1", forwarded="198.51.100.200")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0


def test_guessing_the_api_token_is_throttled_too(client) -> None:
    guess_tokens(client)
    refused = Api(client).get("/tags")  # the right token waits too, so a guess never learns it was right
    assert_error_shape(refused, 429)
    assert int(refused.headers["Retry-After"]) == refused.json["retry_after"] > 0


# --- sessions that logout and password changes end ------------------------------------------------------------


def test_a_cookie_saved_before_logout_no_longer_opens_the_admin(app, make_app) -> None:
    browser, thief = app.test_client(), make_app().test_client()  # the thief even lands on another worker
    assert login(browser).status_code == 302
    copy_session(browser, thief)
    assert thief.get("/admin/rules").status_code == 200
    assert form_post(browser, "/admin/logout").status_code == 302
    refused = thief.get("/admin/rules")
    assert refused.status_code == 302 and "/admin/login" in refused.headers["Location"]
    assert login(browser).status_code == 302 and browser.get("/admin/rules").status_code == 200
    assert thief.get("/admin/rules").status_code == 302


def test_a_password_change_logs_everyone_out(app, make_app) -> None:
    browser = app.test_client()
    assert login(browser).status_code == 302
    after = make_app(admin_password="a-brand-new-password").test_client()
    copy_session(browser, after)
    assert after.get("/admin/rules").status_code == 302
    assert login(after, "a-brand-new-password").status_code == 302 and after.get("/admin/rules").status_code == 200


# --- cookies and HSTS ----------------------------------------------------------------------------------------


def test_secure_cookies_and_hsts_outside_dev_mode_without_any_redirect(client) -> None:
    for path in ("/healthz", "/admin/login", "/admin/api/nowhere"):  # plain HTTP answers; TLS is the router's
        plain = client.get(path, base_url="http://localhost")
        assert plain.status_code in (200, 404) and "Location" not in plain.headers, path
        assert plain.headers["Strict-Transport-Security"] == HSTS, path
    response = login(client)
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"] == HSTS
    assert client.get("/admin/rules", base_url="http://localhost").status_code == 200


def test_dev_mode_keeps_plain_http_cookies_and_sends_no_hsts(make_app) -> None:
    client = make_app(dev_mode=True).test_client()
    response = login(client)
    cookie = response.headers["Set-Cookie"]
    assert "Secure" not in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Strict-Transport-Security" not in response.headers
    assert "Strict-Transport-Security" not in client.get("/healthz").headers


# --- ids out of range --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), [
    ("get", f"/rules/{BIG}"), ("patch", f"/rules/{BIG}"), ("delete", f"/rules/{BIG}"),
    ("post", f"/rules/{BIG}/replay"), ("get", f"/rules/{2**31}")])
def test_api_ids_beyond_the_database_are_404(client, method: str, path: str) -> None:
    response = getattr(client, method)("/admin/api" + path, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                                       json={"pattern": "x"})
    assert_error_shape(response, 404)


@pytest.mark.parametrize(("method", "path"), [
    ("get", f"/admin/rules/{BIG}"), ("post", f"/admin/rules/{BIG}"), ("post", f"/admin/rules/{BIG}/toggle"),
    ("post", f"/admin/rules/{BIG}/delete")])
def test_page_ids_beyond_the_database_are_404_pages(admin, method: str, path: str) -> None:
    response = admin.get(path) if method == "get" else form_post(admin, path, {"pattern": "x", "tag": "y"})
    assert response.status_code == 404 and response.mimetype == "text/html" and "no such id" in response.text


def test_the_largest_id_is_still_an_ordinary_lookup(api) -> None:
    response = api.get(f"/rules/{2**31 - 1}")
    assert_error_shape(response, 404)
    assert "not found" in response.json["message"]


# --- malformed CSV ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(BAD_CSV))
def test_malformed_csv_is_refused_with_a_reason_by_the_api(api, name: str) -> None:
    data, reason = BAD_CSV[name]
    response = api.post("/rules/import", data=data, content_type="text/csv")
    assert_error_shape(response, 400)
    assert any(reason in problem["message"] for problem in response.json["problems"]), response.json
    assert api.get("/rules").json["rules"] == []


@pytest.mark.parametrize("name", ["unterminated quote", "cells beyond the header", "neither UTF-8 nor Big5"])
def test_malformed_csv_is_refused_with_a_reason_by_the_pages(admin, name: str) -> None:
    data, reason = BAD_CSV[name]
    upload = {"file": (io.BytesIO(data), "rules.csv"), "mode": "append"}
    response = form_post(admin, "/admin/rules/import", upload, content_type="multipart/form-data")
    assert response.status_code == 400 and reason in response.text


def test_too_large_csv_is_refused_with_a_reason(api, make_app) -> None:
    data = b"pattern,tag\n" + b"x,y\n" * (MAX_BYTES // 4)
    assert len(data) > MAX_BYTES
    over_the_body_cap = api.post("/rules/import", data=data, content_type="text/csv")
    assert_error_shape(over_the_body_cap, 413)
    assert "too large" in over_the_body_cap.json["message"]
    roomy = Api(make_app(max_body_bytes=4 * MAX_BYTES).test_client())
    response = roomy.post("/rules/import", data=data, content_type="text/csv")
    assert_error_shape(response, 400)
    assert "larger than" in response.json["problems"][0]["message"]


# --- formula-safe CSV cells --------------------------------------------------------------------------------


def test_every_formula_start_is_defused() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert defuse(start + "cmd") == "'" + start + "cmd"
    assert defuse("多少錢") == "多少錢" and defuse("") == ""


def test_rules_csv_defuses_formula_cells(api, admin) -> None:
    for formula in FORMULAS:
        api.rule(pattern=f"{formula}x", tag="標籤", note=formula)
    for path in ("/admin/api/rules/export", "/admin/rules/export.csv"):
        response = admin.get(path, headers=api.headers)
        rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))
        assert sorted(r["note"] for r in rows) == sorted("'" + f for f in FORMULAS)
        assert all(r["pattern"].startswith("'") for r in rows)


def test_audience_csv_defuses_formula_cells(api, admin, webhook) -> None:
    api.rule(pattern="多少錢", tag="詢價")
    users = ["=HYPERLINK(\"http://evil.example\")", "+886", "-1", "@SUM(A1)", "U,comma", "U" + "a" * 32]
    for user in users:
        webhook.say("多少錢", user=user)
    for path in ("/admin/api/tags/詢價/followers?format=csv", "/admin/tags/詢價/export.csv"):
        response = admin.get(path, headers=api.headers)
        cells = [row[0] for row in csv.reader(io.StringIO(response.text, newline=""))]
        assert sorted(cells) == sorted(["'" + u for u in users[:4]] + users[4:])


# --- JSON: UTF-8 and one error shape ---------------------------------------------------------------------------


def test_api_json_carries_chinese_as_utf8(api) -> None:
    api.rule(pattern="多少錢", tag="詢價")
    response = api.get("/rules")
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "詢價".encode() in response.data and "多少錢".encode() in response.data
    assert b"\\u" not in response.data


def test_every_api_error_has_the_same_shape(client, api, make_app, monkeypatch) -> None:
    assert_error_shape(api.post("/rules", json=[1]), 400)
    assert_error_shape(api.post("/rules/import?mode=merge", data=b"pattern,tag\n", content_type="text/csv"), 400)
    assert_error_shape(client.get("/admin/api/tags"), 401)
    assert_error_shape(api.get("/rules/12345"), 404)
    assert_error_shape(client.get("/admin/api/no-such-thing"), 404)
    not_allowed = client.put("/admin/api/rules", headers=api.headers)
    assert_error_shape(not_allowed, 405)
    assert "GET" in not_allowed.headers["Allow"]
    assert_error_shape(api.post("/rules/import", data=b"x" * (MAX_BYTES + 1), content_type="text/csv"), 413)
    assert_error_shape(_server_error(make_app, monkeypatch), 500)
    guess_tokens(client)
    assert_error_shape(api.get("/tags"), 429)


def _server_error(make_app: AppMaker, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A 500 from the API, as production would answer it (exceptions handled, not raised into the test)."""

    def broken(*_args: Any) -> None:
        raise RuntimeError("the database fell over")

    monkeypatch.setattr("bot.admin.api.store.tag_summaries", broken)
    response = Api(make_app().test_client()).get("/tags")
    assert b"fell over" not in response.data
    return response


# --- the migration ------------------------------------------------------------------------------------------


def test_the_migration_creates_what_the_admin_models_describe(database_url: str) -> None:
    engine = sa.create_engine(database_url)
    inspector = sa.inspect(engine)
    for model in (LoginFailure.__table__, AdminState.__table__):
        columns = {c["name"]: c for c in inspector.get_columns(model.name)}
        assert set(columns) == {c.name for c in model.columns}, model.name
        for column in model.columns:
            assert columns[column.name]["nullable"] == column.nullable, f"{model.name}.{column.name}"
        assert inspector.get_pk_constraint(model.name)["constrained_columns"] == [c.name for c in model.primary_key]
    engine.dispose()
