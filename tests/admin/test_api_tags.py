"""Tags, followers and CSV through the JSON API."""

from __future__ import annotations

import pytest

from tests.factories import body, event

ALICE, BOB, CAROL = "U" + "a" * 32, "U" + "b" * 32, "U" + "d" * 32



@pytest.fixture
def tagged(api, webhook) -> dict:
    """Three followers, two tagged 詢價 (one of whom then blocks the account)."""
    rule = api.rule(pattern="多少錢", tag="詢價")
    api.rule(pattern="報價", tag="報價")
    webhook.say("多少錢", user=ALICE)
    webhook.say("請問多少錢", user=BOB)
    webhook.say("你好", user=CAROL)
    assert webhook.post(body(event("unfollow", BOB))).status_code == 200
    return rule


def test_tags_list_follower_counts(api, tagged) -> None:
    tags = {t["tag"]: t for t in api.get("/tags").json["tags"]}
    assert {k: tags["詢價"][k] for k in ("followers", "active_followers", "blocked_followers", "rules")} == {
        "followers": 2, "active_followers": 1, "blocked_followers": 1, "rules": 1}
    assert tags["報價"]["followers"] == 0 and tags["報價"]["rules"] == 1


def test_tag_followers_as_json_pages(api, tagged) -> None:
    page = api.get("/tags/詢價/followers?limit=1").json
    assert page["total"] == 2 and [f["user_id"] for f in page["followers"]] == [ALICE]
    assert page["followers"][0]["rule_id"] == tagged["id"]
    active = api.get("/tags/詢價/followers?include_blocked=0").json
    assert [f["user_id"] for f in active["followers"]] == [ALICE]


def test_tag_followers_as_csv_for_a_line_audience_upload(api, tagged) -> None:
    response = api.get("/tags/詢價/followers?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.text == f"{ALICE}\n"  # one user id per line, no header, blocked left out
    assert "attachment" in response.headers["Content-Disposition"]
    assert "filename*=UTF-8''%E8%A9%A2%E5%83%B9" in response.headers["Content-Disposition"]
    everyone = api.get("/tags/詢價/followers?format=csv&include_blocked=1").text.splitlines()
    assert everyone == [ALICE, BOB]


def test_unknown_tags_are_404(api, tagged) -> None:
    assert api.get("/tags/沒有這個/followers").status_code == 404
    assert api.get("/tags/沒有這個/followers?format=csv").status_code == 404


def test_a_follower_shows_each_tag_with_its_rule_and_times(api, tagged) -> None:
    view = api.get(f"/followers/{BOB}").json
    assert view["blocked"] is True
    [tag] = view["tags"]
    assert tag["tag"] == "詢價" and tag["rule"]["id"] == tagged["id"] and tag["rule"]["pattern"] == "多少錢"
    assert tag["first_at"].endswith("+00:00") and tag["hit_count"] == 1
    assert [h["action"] for h in view["history"]] == ["unfollow", "tag"]


def test_unknown_followers_are_404(api) -> None:
    assert api.get("/followers/Unobody").status_code == 404


def test_rules_export_and_import_round_trip(api) -> None:
    api.rule(pattern="多少錢", tag="詢價", priority=3, note="=cmd|' /C calc'!A0")
    api.rule(pattern=r"(幾|多少)則", match="regex", tag="則數", enabled=False)
    export = api.get("/rules/export")
    assert export.status_code == 200 and export.data.startswith("\ufeff".encode())
    assert "'=cmd" in export.text  # a formula is defused for Excel
    assert api.get("/rules?format=csv").data == export.data
    replaced = api.post("/rules/import?mode=replace", data=export.data, content_type="text/csv")
    assert replaced.json == {"created": 2, "skipped": 0, "deleted": 2}
    again = api.post("/rules/import", data=export.data, content_type="text/csv")
    assert again.json == {"created": 0, "skipped": 2, "deleted": 0}
    rules = api.get("/rules").json["rules"]
    assert {(r["pattern"], r["enabled"], r["note"]) for r in rules} == {
        ("多少錢", True, "=cmd|' /C calc'!A0"), (r"(幾|多少)則", False, "")}


def test_a_bad_import_changes_nothing_and_names_the_lines(api) -> None:
    api.rule(pattern="多少錢", tag="詢價")
    csv = "pattern,match,tag\n報價,exact,報價\n(a+)+,regex,x\n,contains,y\n".encode()
    response = api.post("/rules/import?mode=replace", data=csv, content_type="text/csv")
    assert response.status_code == 400
    assert [p["line"] for p in response.json["problems"]] == [3, 4]
    assert [r["pattern"] for r in api.get("/rules").json["rules"]] == ["多少錢"]
    assert api.post("/rules/import?mode=merge", data=csv, content_type="text/csv").status_code == 400


def test_prune_endpoint_reports_deleted_messages(api) -> None:
    assert api.post("/messages/prune").json == {"deleted": 0}
