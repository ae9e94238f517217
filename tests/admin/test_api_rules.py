"""Rules through the JSON API: create, read, change, delete, test, replay, and every refusal."""

from __future__ import annotations

import pytest


def test_create_read_patch_delete_a_rule(api) -> None:
    created = api.post("/rules", json={"pattern": "多少钱", "match": "contains", "tag": "詢價", "priority": 5,
                                       "note": "價格問題"})
    assert created.status_code == 201
    rule = created.json
    assert created.headers["Location"].endswith(f"/admin/api/rules/{rule['id']}")
    assert {k: rule[k] for k in ("pattern", "match", "tag", "priority", "enabled", "note", "hit_count")} == {
        "pattern": "多少钱", "match": "contains", "tag": "詢價", "priority": 5, "enabled": True,
        "note": "價格問題", "hit_count": 0}
    assert rule["normalized"] == "多少錢"
    assert api.get(f"/rules/{rule['id']}").json == rule
    patched = api.patch(f"/rules/{rule['id']}", json={"enabled": False, "priority": 1})
    assert patched.status_code == 200 and patched.json["enabled"] is False and patched.json["pattern"] == "多少钱"
    listing = api.get("/rules").json
    assert [r["id"] for r in listing["rules"]] == [rule["id"]] and listing["version"] == 2
    assert api.delete(f"/rules/{rule['id']}").status_code == 204
    assert api.get(f"/rules/{rule['id']}").status_code == 404
    assert api.get("/rules").json["version"] == 3


def test_rules_are_listed_in_firing_order_with_lint_warnings(api) -> None:
    low = api.rule(pattern="價格", tag="p", priority=1)
    high = api.rule(pattern="價格多少", tag="p", priority=9)
    listing = api.get("/rules").json
    assert [r["id"] for r in listing["rules"]] == [high["id"], low["id"]]
    assert listing["warnings"][0]["rule_id"] == high["id"] and listing["warnings"][0]["kind"] == "redundant"


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_unknown_rule_ids_are_404(api, method: str) -> None:
    response = api.patch("/rules/999", json={"enabled": False}) if method == "patch" else getattr(api, method)(
        "/rules/999")
    assert response.status_code == 404 and "999" in response.json["message"]


BAD = [
    ({"pattern": "", "tag": "t"}, "pattern", "pattern_empty", "empty"),
    ({"pattern": "字" * 201, "tag": "t"}, "pattern", "pattern_too_long", "200"),
    ({"pattern": "(價格", "match": "regex", "tag": "t"}, "pattern", "regex_invalid", "invalid regex"),
    ({"pattern": "(a+)+$", "match": "regex", "tag": "t"}, "pattern", "regex_catastrophic", "catastrophic"),
    ({"pattern": r"(?=a)b", "match": "regex", "tag": "t"}, "pattern", "regex_unsupported", "re2"),
    ({"pattern": r"(a)\1", "match": "regex", "tag": "t"}, "pattern", "regex_unsupported", "backreference"),
    ({"pattern": "a", "match": "fuzzy", "tag": "t"}, "match", "match_unknown", "unknown match type"),
    ({"pattern": "a", "tag": ""}, "tag", "tag_empty", "tag is empty"),
    ({"pattern": "a", "tag": "x" * 51}, "tag", "tag_too_long", "50"),
    ({"pattern": "a", "tag": "a\tb"}, "tag", "tag_control", "control"),
    ({"pattern": "a", "tag": "t", "priority": "high"}, "priority", "priority_type", "whole number"),
    ({"pattern": "a", "tag": "t", "colour": "red"}, "colour", "unknown_field", "unknown field"),
    ({"tag": "t"}, "pattern", "missing", "required"),
]


@pytest.mark.parametrize(("payload", "field", "code", "words"), BAD, ids=[b[2] + "-" + b[1] for b in BAD])
def test_bad_rules_are_refused_with_400_and_the_reason(api, payload, field, code, words) -> None:
    response = api.post("/rules", json=payload)
    assert response.status_code == 400
    assert (response.json["field"], response.json["code"]) == (field, code)
    assert words in response.json["message"]
    assert api.get("/rules").json["rules"] == []


def test_patch_is_validated_too(api) -> None:
    rule = api.rule(pattern="(a+)+", tag="t")  # harmless as a literal
    response = api.patch(f"/rules/{rule['id']}", json={"match": "regex"})
    assert response.status_code == 400 and response.json["code"] == "regex_catastrophic"
    assert api.get(f"/rules/{rule['id']}").json["match"] == "contains"


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b'"text"', b""])
def test_a_body_that_is_not_a_json_object_is_400(api, raw: bytes) -> None:
    response = api.client.post("/admin/api/rules", data=raw, content_type="application/json", headers=api.headers)
    assert response.status_code == 400 and "JSON object" in response.json["message"]


def test_the_test_endpoint_shows_the_rules_and_tags_that_fire(api) -> None:
    price = api.rule(pattern="多少錢", tag="詢價")
    count = api.rule(pattern=r"(幾|多少)則", match="regex", tag="則數", priority=3)
    api.rule(pattern="報價", match="exact", tag="報價")
    response = api.post("/rules/test", json={"text": "一個月多少則、多少钱？"})
    assert response.status_code == 200
    assert [r["id"] for r in response.json["rules"]] == [count["id"], price["id"]]
    assert response.json["tags"] == ["則數", "詢價"]
    assert response.json["normalized"] == "一個月多少則、多少錢?"


@pytest.mark.parametrize("payload", [{}, {"text": ""}, {"text": 5}, {"text": "字" * 5001}])
def test_the_test_endpoint_refuses_missing_text(api, payload) -> None:
    response = api.post("/rules/test", json=payload)
    assert response.status_code == 400 and response.json["field"] == "text"


def test_the_test_endpoint_sees_a_change_at_once(api) -> None:
    assert api.post("/rules/test", json={"text": "多少錢"}).json["tags"] == []
    api.rule(pattern="多少錢", tag="詢價")
    assert api.post("/rules/test", json={"text": "多少錢"}).json["tags"] == ["詢價"]


def test_replay_of_a_draft_counts_followers_from_stored_messages(api, webhook) -> None:
    for user, text in [("U" + "1" * 32, "請問多少錢"), ("U" + "2" * 32, "多少錢啊"), ("U" + "1" * 32, "多少錢?"),
                       ("U" + "3" * 32, "你好")]:
        webhook.say(text, user=user)
    response = api.post("/rules/replay", json={"pattern": "多少錢", "match": "contains", "tag": "詢價"})
    assert response.status_code == 200
    report = response.json
    assert (report["messages"], report["matched_messages"], report["followers"], report["new_followers"]) == (
        4, 3, 2, 2)
    assert report["samples"][0]["tags"] == ["詢價"] and report["days"] == 30
    several = api.post("/rules/replay", json={"rules": [{"pattern": "你好", "tag": "打招呼"},
                                                       {"pattern": "多少", "tag": "詢價"}], "days": 7}).json
    assert several["by_tag"] == {"打招呼": 1, "詢價": 2} and several["by_rule"] == [1, 3] and several["days"] == 7


def test_replay_refuses_bad_drafts(api) -> None:
    assert api.post("/rules/replay", json={"pattern": "(a+)+", "match": "regex", "tag": "t"}).status_code == 400
    assert api.post("/rules/replay", json={"rules": []}).status_code == 400
    assert api.post("/rules/replay", json={"rules": ["x"]}).status_code == 400
    assert api.post("/rules/replay", json={"pattern": "a", "tag": "t", "days": 0}).status_code == 400


def test_replay_of_a_saved_rule(api, webhook) -> None:
    rule = api.rule(pattern="多少錢", tag="詢價", enabled=False)
    webhook.say("多少錢", user="U" + "1" * 32)
    report = api.post(f"/rules/{rule['id']}/replay").json
    assert report["followers"] == 1 and report["new_followers"] == 1  # disabled, so nobody has the tag yet
    assert api.post("/rules/999/replay").status_code == 404
