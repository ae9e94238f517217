"""A tag's followers become a LINE audience through the upload API (free: nothing is sent to anyone)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from bot.admin.audiences import MAX_DESCRIPTION, MAX_IDS
from bot.store.models import Follower
from bot.store.tagging import FollowerTag, TagAudience
from tests.admin.helpers import form_post, login
from tests.factories import body, event

ALICE, BOB, CAROL = "U" + "a" * 32, "U" + "b" * 32, "U" + "c" * 32
UPLOAD = "/v2/bot/audienceGroup/upload"



@pytest.fixture
def tagged(api, webhook) -> None:
    """詢價 on Alice, Bob and Carol; Bob then blocks the account."""
    api.rule(pattern="多少錢", tag="詢價")
    for user in (ALICE, BOB, CAROL):
        webhook.say("多少錢", user=user)
    assert webhook.post(body(event("unfollow", BOB))).status_code == 200


def audiences(app) -> list[TagAudience]:
    """Every stored audience record."""
    with app.extensions["sessions"]() as session:
        return list(session.scalars(sa.select(TagAudience)))


def test_the_first_call_creates_an_audience_of_the_reachable_followers(api, tagged, line, app) -> None:
    response = api.post("/tags/詢價/audience")
    assert response.status_code == 201, response.json
    [create] = line.calls_to("POST", UPLOAD)
    assert create["body"]["audiences"] == [{"id": ALICE}, {"id": CAROL}]  # Bob blocked us: left out
    assert 0 < len(create["body"]["description"]) <= MAX_DESCRIPTION and "詢價" in create["body"]["description"]
    assert create["auth"] == "Bearer test-token"
    audience = response.json["audience"]
    assert response.json["created"] is True and response.json["uploaded"] == 2
    assert audience["uploaded"] == 2 and audience["complete"] is True and audience["status"] == "READY"
    assert line.calls_to("PUT", UPLOAD) == []


def test_a_second_call_adds_to_the_same_audience(api, tagged, line, webhook, clock) -> None:
    first = api.post("/tags/詢價/audience").json["audience"]
    clock.advance(timedelta(hours=2))
    dave = "U" + "d" * 32
    webhook.say("多少錢", user=dave)
    again = api.post("/tags/詢價/audience")
    assert again.status_code == 200 and again.json["created"] is False
    assert len(line.calls_to("POST", UPLOAD)) == 1
    [update] = line.calls_to("PUT", UPLOAD)
    assert update["body"] == {"audienceGroupId": first["audience_group_id"],
                              "audiences": [{"id": ALICE}, {"id": CAROL}, {"id": dave}]}
    record = again.json["audience"]
    assert record["audience_group_id"] == first["audience_group_id"] and record["uploaded"] == 3
    assert record["uploaded_at"] > first["uploaded_at"]


def test_the_status_call_returns_the_record_and_lines_view(api, tagged, line) -> None:
    assert api.get("/tags/詢價/audience").status_code == 404  # none yet
    created = api.post("/tags/詢價/audience").json["audience"]
    status = api.get("/tags/詢價/audience")
    assert status.status_code == 200
    assert status.json["audience"]["audience_group_id"] == created["audience_group_id"]
    assert status.json["line"]["status"] == "READY" and status.json["line"]["audienceCount"] == 2
    assert line.calls_to("GET", f"/v2/bot/audienceGroup/{created['audience_group_id']}")


def test_line_refusing_gives_502_and_records_nothing(api, tagged, line, app) -> None:
    line.refuse = {f"POST {UPLOAD}": 400}
    response = api.post("/tags/詢價/audience")
    assert response.status_code == 502
    assert "LINE" in response.json["message"] and "HTTP 400" in response.json["message"]
    assert response.json["line_status"] == 400
    assert audiences(app) == []
    assert api.get("/tags/詢價/audience").status_code == 404


def test_a_refused_update_leaves_the_record_as_it_was(api, tagged, line, app) -> None:
    before = api.post("/tags/詢價/audience").json["audience"]
    line.refuse = {f"PUT {UPLOAD}": 500}
    assert api.post("/tags/詢價/audience").status_code == 502
    [row] = audiences(app)
    assert (row.uploaded, row.complete) == (before["uploaded"], True)


def big_tag(app, now, size: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Give `size` reachable followers the tag 大量, straight in the database (fast); their ids in order."""
    ids = [f"U{i:032x}" for i in range(size)]
    with app.extensions["sessions"].begin() as session:
        session.execute(sa.insert(Follower), [{"user_id": u, "blocked": False, "created_at": now} for u in ids])
        session.execute(sa.insert(FollowerTag), [{"user_id": u, "tag": "大量", "source": "rule", "first_at": now,
                                                  "last_at": now, "hit_count": 1} for u in ids])
    return ids


def test_big_tags_are_sent_ten_thousand_ids_at_a_time(api, line, app, clock) -> None:
    ids = big_tag(app, clock.now(), MAX_IDS + 5)
    response = api.post("/tags/大量/audience")
    assert response.status_code == 201 and response.json["uploaded"] == MAX_IDS + 5
    [create] = line.calls_to("POST", UPLOAD)
    [rest] = line.calls_to("PUT", UPLOAD)
    assert len(create["body"]["audiences"]) == MAX_IDS and len(rest["body"]["audiences"]) == 5
    assert rest["body"]["audienceGroupId"] == response.json["audience"]["audience_group_id"]
    sent = [a["id"] for a in create["body"]["audiences"] + rest["body"]["audiences"]]
    assert sent == ids


def test_a_chunk_refused_after_creation_keeps_the_audience_id_as_incomplete(api, line, app, clock) -> None:
    big_tag(app, clock.now(), MAX_IDS + 1)
    line.refuse = {f"PUT {UPLOAD}": 429}
    assert api.post("/tags/大量/audience").status_code == 502
    [row] = audiences(app)
    assert (row.uploaded, row.complete) == (MAX_IDS, False)  # the next press adds to it, not a new one
    line.refuse = {}
    again = api.post("/tags/大量/audience")
    assert again.status_code == 200 and again.json["audience"]["complete"] is True
    assert len(line.calls_to("POST", UPLOAD)) == 1


def test_unknown_or_empty_tags_are_refused_without_calling_line(api, line, webhook) -> None:
    assert api.post("/tags/沒有/audience").status_code == 404
    api.rule(pattern="預約", tag="預約")  # a tag with a rule but no followers
    response = api.post("/tags/預約/audience")
    assert response.status_code == 400 and "沒有可觸及" in response.json["message"]
    assert line.calls_to("POST", "/v2/bot/audienceGroup") == []


def test_the_audience_api_needs_the_token(client, tagged, line) -> None:
    assert client.post("/admin/api/tags/詢價/audience").status_code == 401
    assert client.get("/admin/api/tags/詢價/audience").status_code == 401
    assert line.calls_to("POST", UPLOAD) == []


def test_the_tag_page_button_creates_then_shows_the_audience(client, tagged, line) -> None:
    assert login(client).status_code == 302
    page = client.get("/admin/tags/詢價").text
    assert 'id="audience-button"' in page and "建立 LINE 受眾" in page
    response = form_post(client, "/admin/tags/詢價/audience")
    assert response.status_code == 302
    page = client.get("/admin/tags/詢價").text
    assert "已建立 LINE 受眾" in page and 'id="audience-size">2<' in page and "READY" in page
    assert "更新 LINE 受眾" in page
    form_post(client, "/admin/tags/詢價/audience")
    assert len(line.calls_to("PUT", UPLOAD)) == 1


def test_the_tag_page_button_needs_the_csrf_token_and_shows_lines_refusal(client, tagged, line, app) -> None:
    assert login(client).status_code == 302
    assert client.post("/admin/tags/詢價/audience").status_code == 400  # no CSRF token
    line.refuse = {f"POST {UPLOAD}": 403}
    response = form_post(client, "/admin/tags/詢價/audience")
    assert response.status_code == 502 and 'id="line-error"' in response.text and "HTTP 403" in response.text
    assert audiences(app) == []


def test_no_audience_call_is_a_paid_send(api, tagged, line) -> None:
    api.post("/tags/詢價/audience")
    api.get("/tags/詢價/audience")
    assert line.costly_calls() == []
    assert all(c["path"].startswith(("/v2/bot/audienceGroup", "/v2/bot/message/reply", "/v2/bot/profile"))
               for c in line.calls)


def test_an_expired_audience_can_be_replaced_by_a_new_one(client, api, tagged, line, app) -> None:
    first = api.post("/tags/詢價/audience").json["audience"]
    with app.extensions["sessions"].begin() as session:
        session.get(TagAudience, "詢價").status = "EXPIRED"
    assert login(client).status_code == 302
    assert 'id="audience-fresh"' in client.get("/admin/tags/詢價").text
    assert form_post(client, "/admin/tags/詢價/audience", {"fresh": "1"}).status_code == 302
    assert len(line.calls_to("POST", UPLOAD)) == 2
    [row] = audiences(app)
    assert row.audience_group_id != first["audience_group_id"] and row.status == "READY"
