"""An identical rule is refused (API 400, inline on the form); an overlapping one is saved with a warning."""

from __future__ import annotations

from tests.admin.helpers import form_post


def test_the_api_refuses_an_identical_rule(api) -> None:
    first = api.rule(pattern="多少錢", tag="詢價")
    response = api.post("/rules", json={"pattern": "多少钱", "match": "contains", "tag": "詢價"})
    assert response.status_code == 400
    assert (response.json["field"], response.json["code"]) == ("pattern", "duplicate_rule")
    assert f"#{first['id']}" in response.json["message"]
    assert len(api.get("/rules").json["rules"]) == 1


def test_the_api_refuses_an_edit_that_makes_a_rule_identical(api) -> None:
    first = api.rule(pattern="多少錢", tag="詢價")
    second = api.rule(pattern="多少錢", tag="價格")
    response = api.patch(f"/rules/{second['id']}", json={"tag": "詢價"})
    assert response.status_code == 400 and response.json["code"] == "duplicate_rule"
    assert f"#{first['id']}" in response.json["message"]
    assert api.get(f"/rules/{second['id']}").json["tag"] == "價格"
    assert api.patch(f"/rules/{second['id']}", json={"priority": 3}).status_code == 200  # its own twin is fine


def test_an_overlapping_rule_is_saved_with_warnings(api) -> None:
    exact = api.rule(pattern="報價", match="exact", tag="報價")
    created = api.post("/rules", json={"pattern": "報價", "match": "prefix", "tag": "報價"})
    assert created.status_code == 201
    [warning] = created.json["warnings"]
    assert (warning["kind"], warning["rule_id"], warning["other_id"]) == ("overlap", created.json["id"], exact["id"])
    longer = api.post("/rules", json={"pattern": "請問報價", "match": "contains", "tag": "報價"}).json
    shorter = api.post("/rules", json={"pattern": "報價", "match": "contains", "tag": "報價"})
    assert shorter.status_code == 201
    kinds = {(w["rule_id"], w["kind"]) for w in shorter.json["warnings"]}
    assert (longer["id"], "redundant") in kinds and (exact["id"], "redundant") in kinds
    assert api.get(f"/rules/{exact['id']}").json["warnings"]  # reading the rule shows them too
    assert api.post("/rules", json={"pattern": "預約", "tag": "預約"}).json["warnings"] == []


def test_the_form_refuses_an_identical_rule_inline(admin, api) -> None:
    first = api.rule(pattern="多少錢", tag="詢價")
    response = form_post(admin, "/admin/rules/new", {"pattern": "多少錢", "match": "contains", "tag": "詢價",
                                                     "enabled": "1"})
    assert response.status_code == 400
    assert 'class="error-box"' in response.text and f"已有相同的規則 #{first['id']}" in response.text
    assert 'value="多少錢"' in response.text  # what was typed stays
    assert len(api.get("/rules").json["rules"]) == 1


def test_the_form_refuses_an_edit_into_a_twin(admin, api) -> None:
    api.rule(pattern="多少錢", tag="詢價")
    other = api.rule(pattern="多少錢", tag="價格")
    response = form_post(admin, f"/admin/rules/{other['id']}", {"pattern": "多少錢", "match": "contains",
                                                                 "tag": "詢價", "enabled": "1"})
    assert response.status_code == 400 and "已有相同的規則" in response.text


def test_the_form_saves_an_overlap_and_the_rules_page_warns(admin, api) -> None:
    api.rule(pattern="報價", match="exact", tag="報價")
    response = form_post(admin, "/admin/rules/new", {"pattern": "報價", "match": "prefix", "tag": "報價",
                                                     "enabled": "1"})
    assert response.status_code == 302
    page = admin.get("/admin/rules").text
    assert "flash-warn" in page and "會重複命中" in page  # the flash after saving
    assert 'class="finding-overlap"' in page  # and the warnings card
    assert len(api.get("/rules").json["rules"]) == 2
