"""The admin pages through the real app: login, CSRF, escaping, and every page's main job."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest

from bot.app import create_app
from tests.admin.helpers import csrf, form_post, login

USER = "U" + "e" * 32
XSS = '<script>alert("x")</script>'




# --- login and the guard -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/", "/admin/rules", "/admin/rules/new", "/admin/rules/1", "/admin/test",
                                  "/admin/tags", "/admin/tags/x", "/admin/followers", f"/admin/followers/{USER}",
                                  "/admin/rules/export.csv", "/admin/tags/x/export.csv"])
def test_strangers_are_sent_to_the_login_page(client, api, path: str) -> None:
    api.rule(pattern="秘密", tag="x")
    response = client.get(path)
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    assert "秘密" not in response.text


@pytest.mark.parametrize("path", ["/admin/rules/new", "/admin/rules/1/delete", "/admin/test", "/admin/logout"])
def test_strangers_cannot_post_either(client, path: str) -> None:
    csrf(client)
    response = form_post(client, path, {"pattern": "x", "tag": "y", "text": "x"})
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_login_with_the_password_then_logout(client) -> None:
    response = login(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/rules")
    assert client.get("/admin/rules").status_code == 200
    assert form_post(client, "/admin/logout").status_code == 302
    assert client.get("/admin/rules").status_code == 302


def test_login_returns_to_the_page_asked_for_but_never_offsite(client) -> None:
    page = client.get("/admin/login?next=/admin/tags")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post("/admin/login", data={"password": "test-admin-password", "csrf_token": token,
                                                  "next": "/admin/tags"})
    assert response.headers["Location"].endswith("/admin/tags")
    client.post("/admin/logout", data={"csrf_token": csrf(client)})
    for evil in ("https://evil.example/admin", "//evil.example/admin", "/elsewhere"):
        response = client.post("/admin/login", data={"password": "test-admin-password", "csrf_token": csrf(client),
                                                      "next": evil})
        assert response.headers["Location"].endswith("/admin/rules"), evil
        client.post("/admin/logout", data={"csrf_token": csrf(client)})


def test_a_wrong_password_is_refused_and_guessing_is_slowed(client) -> None:
    response = login(client, password="nope")
    assert response.status_code == 401 and "密碼錯誤" in response.text
    assert client.get("/admin/rules").status_code == 302
    for _ in range(10):
        login(client, password="nope")
    assert login(client).status_code == 429  # even the right password waits now


def test_login_is_disabled_without_admin_password(settings, line) -> None:
    app = create_app(replace(settings, admin_password=None))
    try:
        client = app.test_client()
        page = client.get("/admin/login")
        assert "ADMIN_PASSWORD" in page.text
        assert form_post(client, "/admin/login", {"password": ""}).status_code == 503
        assert client.get("/admin/rules").status_code == 302
    finally:
        app.extensions["engine"].dispose()


def test_changing_the_password_ends_existing_sessions(settings, line, tmp_path) -> None:
    first = create_app(settings)
    second = create_app(replace(settings, admin_password="a-new-password"))
    try:
        client = first.test_client()
        login(client)
        cookie = client.get_cookie("session").value
        other = second.test_client()
        other.set_cookie("session", cookie)
        assert other.get("/admin/rules").status_code == 302
    finally:
        first.extensions["engine"].dispose()
        second.extensions["engine"].dispose()


# --- CSRF -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "forged-token"])
@pytest.mark.parametrize("path", ["/admin/rules/new", "/admin/test", "/admin/logout", "/admin/rules/1/toggle",
                                  "/admin/rules/1/delete", "/admin/rules/import", "/admin/login"])
def test_posts_without_the_csrf_token_are_400(admin, api, path: str, token: str | None) -> None:
    api.rule(pattern="多少錢", tag="詢價")
    data = {"pattern": "x", "tag": "y", "text": "多少錢", "password": "test-admin-password"}
    if token is not None:
        data["csrf_token"] = token
    response = admin.post(path, data=data)
    assert response.status_code == 400
    assert "CSRF" in response.text and response.mimetype == "text/html"
    assert len(api.get("/rules").json["rules"]) == 1 and api.get("/rules").json["rules"][0]["enabled"]


# --- escaping -------------------------------------------------------------------------------------------


def test_every_page_escapes_what_admins_and_followers_typed(admin, api, webhook) -> None:
    rule = api.rule(pattern=XSS, tag=XSS[:50], note=XSS)
    webhook.say(XSS, user=USER)
    tag = XSS[:50]
    pages = ["/admin/rules", f"/admin/rules/{rule['id']}", "/admin/tags", f"/admin/followers/{USER}",
             "/admin/tags/" + tag.replace("/", "%2F")]
    for path in pages:
        page = admin.get(path)
        assert page.status_code == 200, path
        assert "<script>alert" not in page.text, path
        assert "&lt;script&gt;" in page.text, path
    tested = form_post(admin, "/admin/test", {"text": XSS})
    assert "<script>alert" not in tested.text and "&lt;script&gt;" in tested.text
    replayed = form_post(admin, "/admin/rules/new", {"pattern": "script", "tag": "t", "match": "contains",
                                                      "enabled": "1", "action": "replay"})
    assert "<script>alert" not in replayed.text and "&lt;script&gt;" in replayed.text


def test_the_session_cookie_is_httponly_and_same_site(client) -> None:
    response = login(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_logged_in_admin_skips_the_login_form(admin) -> None:
    assert admin.get("/admin/login").headers["Location"].endswith("/admin/rules")


def test_pages_carry_a_strict_content_security_policy(admin) -> None:
    response = admin.get("/admin/rules")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["Cache-Control"] == "no-store"
    assert "http" not in re.sub(r'https?://localhost[^"]*', "", " ".join(re.findall(r'(?:src|href)="([^"]+)"',
                                                                                        response.text)))


# --- rules ----------------------------------------------------------------------------------------------


def test_rule_list_shows_hit_counts_and_warnings(admin, api, webhook) -> None:
    rule = api.rule(pattern="多少錢", tag="詢價")
    api.rule(pattern="多少錢啊", tag="詢價")
    webhook.say("請問多少錢", user=USER)
    page = admin.get("/admin/rules").text
    row = re.search(rf'data-rule-id="{rule["id"]}">(.*?)</tr>', page, re.S).group(1)
    assert re.search(r'<span class="hit-count">1</span>', row)
    assert "規則提醒" in page and "已涵蓋" in page


def test_create_a_rule_through_the_form(admin, api) -> None:
    response = form_post(admin, "/admin/rules/new", {"pattern": "預約", "match": "prefix", "tag": "預約",
                                                     "priority": "2", "enabled": "1", "note": "想預約的人"})
    assert response.status_code == 302
    [rule] = api.get("/rules").json["rules"]
    assert (rule["pattern"], rule["match"], rule["priority"], rule["enabled"]) == ("預約", "prefix", 2, True)
    assert "已新增規則" in admin.get("/admin/rules").text


@pytest.mark.parametrize(("fields", "words"), [
    ({"pattern": "", "tag": "t"}, "關鍵字不可空白"),
    ({"pattern": "(a+)+", "match": "regex", "tag": "t"}, "災難性回溯"),
    ({"pattern": "(a", "match": "regex", "tag": "t"}, "正規表示式無效"),
    ({"pattern": "字" * 201, "tag": "t"}, "最多 200 字"),
    ({"pattern": "a", "tag": ""}, "標籤不可空白"),
    ({"pattern": "a", "tag": "t", "match": "nope"}, "不支援的比對方式"),
])
def test_the_form_explains_a_refusal_and_keeps_what_was_typed(admin, api, fields, words) -> None:
    response = form_post(admin, "/admin/rules/new", {"match": "contains", "enabled": "1", **fields})
    assert response.status_code == 400 and words in response.text
    if fields["pattern"]:
        assert f'value="{fields["pattern"]}"' in response.text
    assert api.get("/rules").json["rules"] == []


def test_edit_disable_enable_and_delete(admin, api) -> None:
    rule = api.rule(pattern="多少錢", tag="詢價")
    path = f"/admin/rules/{rule['id']}"
    assert 'value="多少錢"' in admin.get(path).text
    assert form_post(admin, path, {"pattern": "多少錢", "match": "contains", "tag": "價格", "priority": "4",
                                   "note": ""}).status_code == 302
    changed = api.get(f"/rules/{rule['id']}").json
    assert (changed["tag"], changed["priority"], changed["enabled"]) == ("價格", 4, False)  # checkbox unticked
    form_post(admin, f"{path}/toggle")
    assert api.get(f"/rules/{rule['id']}").json["enabled"] is True
    form_post(admin, f"{path}/toggle")
    assert api.get(f"/rules/{rule['id']}").json["enabled"] is False
    assert form_post(admin, f"{path}/delete").status_code == 302
    assert api.get(f"/rules/{rule['id']}").status_code == 404
    assert admin.get(path).status_code == 404
    assert form_post(admin, f"{path}/delete").status_code == 404


def test_unknown_pages_inside_the_admin_are_html_404s(admin) -> None:
    response = admin.get("/admin/rules/999")
    assert response.status_code == 404 and response.mimetype == "text/html" and "找不到規則" in response.text


def test_the_rule_list_search(admin, api) -> None:
    api.rule(pattern="多少錢", tag="詢價")
    api.rule(pattern="預約", tag="預約", note="booking")
    page = admin.get("/admin/rules?q=BOOK").text
    assert "預約" in page and "多少錢" not in page


def test_the_test_box_shows_rules_and_tags(admin, api) -> None:
    fired = api.rule(pattern="多少錢", tag="詢價")
    off = api.rule(pattern="方案", tag="方案", enabled=False)
    page = form_post(admin, "/admin/test", {"text": "中用量方案多少钱？"}).text
    assert f'#{fired["id"]}' in page and "詢價" in page
    assert "停用中的規則也會符合" in page and f'#{off["id"]}' in page
    assert "多少錢?" in page  # the normalised text
    assert "沒有規則符合" in form_post(admin, "/admin/test", {"text": "你好"}).text


def test_replay_a_draft_from_the_form(admin, api, webhook) -> None:
    webhook.say("請問多少錢", user=USER)
    webhook.say("多少錢", user="U" + "f" * 32)
    page = form_post(admin, "/admin/rules/new", {"pattern": "多少錢", "match": "contains", "tag": "詢價",
                                                 "enabled": "1", "action": "replay"})
    assert page.status_code == 200
    assert re.search(r'id="replay-followers">2<', page.text) and "would have tagged 2 followers" in page.text.lower()
    assert api.get("/rules").json["rules"] == []  # a replay saves nothing


# --- tags, followers, CSV -------------------------------------------------------------------------------


def test_tags_page_counts_and_tag_page_lists_followers(admin, api, webhook) -> None:
    api.rule(pattern="多少錢", tag="詢價")
    webhook.say("多少錢", user=USER)
    tags = admin.get("/admin/tags").text
    assert re.search(r'data-tag="詢價">.*?<td class="num followers"[^>]*>1</td>', tags, re.S)
    page = admin.get("/admin/tags/詢價").text
    assert USER in page and "匯出 CSV" in page
    assert admin.get("/admin/tags/沒有").status_code == 404


def test_tag_csv_export_is_one_user_id_per_line(admin, api, webhook) -> None:
    api.rule(pattern="多少錢", tag="詢價")
    webhook.say("多少錢", user=USER)
    webhook.say("多少錢", user="U" + "f" * 32)
    response = admin.get("/admin/tags/詢價/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.text.splitlines() == [USER, "U" + "f" * 32]
    assert not response.data.startswith(b"\xef\xbb\xbf")  # no BOM: LINE reads the first id as is


def test_follower_page_explains_each_tag(admin, api, webhook) -> None:
    rule = api.rule(pattern="多少錢", tag="詢價")
    webhook.say("多少錢", user=USER)
    page = admin.get(f"/admin/followers/{USER}").text
    assert "詢價" in page and f"規則 #{rule['id']}" in page and "多少錢" in page
    assert admin.get(f"/admin/followers?user_id={USER}").headers["Location"].endswith(f"/admin/followers/{USER}")
    assert USER in admin.get("/admin/followers").text
    assert admin.get("/admin/followers/Unobody").status_code == 404


def test_rules_csv_export_and_import_through_the_pages(admin, api) -> None:
    api.rule(pattern="多少錢", tag="詢價")
    exported = admin.get("/admin/rules/export.csv")
    assert exported.status_code == 200 and "多少錢" in exported.data.decode("utf-8-sig")
    upload = {"file": (io.BytesIO("關鍵字,比對方式,標籤\n報價,完全相同,報價\n".encode("cp950")), "rules.csv"),
              "mode": "append"}
    response = form_post(admin, "/admin/rules/import", upload, content_type="multipart/form-data")
    assert response.status_code == 302
    assert {r["pattern"] for r in api.get("/rules").json["rules"]} == {"多少錢", "報價"}
    bad = {"file": (io.BytesIO(b"pattern,tag\n,x\n"), "bad.csv")}
    refused = form_post(admin, "/admin/rules/import", bad, content_type="multipart/form-data")
    assert refused.status_code == 400 and "匯入失敗" in refused.text


def test_a_page_number_past_any_tag_shows_an_empty_page_not_an_error(admin, api, webhook) -> None:
    api.rule(pattern="多少錢", tag="詢價")
    webhook.say("多少錢")
    for page in ("99999999999999999999999", "-3", "abc"):
        assert admin.get(f"/admin/tags/詢價?page={page}").status_code == 200
