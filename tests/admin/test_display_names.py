"""Followers' LINE names in the admin: looked up lazily from the pages, at most 20 a view and once a day each."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from bot.store.models import Follower
from bot.store.tagging import FollowerTag
from tests.admin.helpers import Api, login

ALICE = "U" + "a" * 32
PROFILE = "/v2/bot/profile/"



@pytest.fixture
def alice(client, webhook, line) -> str:
    """Alice asked for a price and carries 詢價; the webhook's own profile calls are forgotten."""
    Api(client).rule(pattern="多少錢", tag="詢價")
    webhook.say("多少錢", user=ALICE)
    line.calls.clear()
    return ALICE


def lookups(line) -> list[str]:
    """The user ids whose profile the admin asked LINE for."""
    return [c["path"][len(PROFILE):] for c in line.calls_to("GET", PROFILE)]


def stored_name(app, user_id: str) -> str | None:
    """The display name kept on the follower row."""
    with app.extensions["sessions"]() as session:
        return session.scalar(sa.select(Follower.display_name).where(Follower.user_id == user_id))


def test_the_webhook_never_stores_names(app, alice) -> None:
    assert stored_name(app, alice) is None


def test_the_follower_page_shows_the_line_name_looked_up_once_a_day(admin, alice, line, clock, app) -> None:
    line.names = {alice: "王小明"}
    page = admin.get(f"/admin/followers/{alice}").text
    assert '<span id="follower-name">王小明</span>' in page and alice in page
    assert lookups(line) == [alice] and stored_name(app, alice) == "王小明"
    clock.advance(timedelta(hours=23))
    login(admin)  # admin sessions last twelve hours
    line.names = {alice: "王大明"}
    assert "王小明" in admin.get(f"/admin/followers/{alice}").text
    assert lookups(line) == [alice]  # checked less than a day ago: not again
    clock.advance(timedelta(hours=1))
    assert "王大明" in admin.get(f"/admin/followers/{alice}").text
    assert lookups(line) == [alice, alice]


def test_names_show_on_the_tag_page_and_the_followers_list(admin, alice, line) -> None:
    line.names = {alice: "王小明"}
    assert "王小明" in admin.get("/admin/tags/詢價").text
    assert "王小明" in admin.get("/admin/followers").text
    assert lookups(line) == [alice]


def test_a_failed_lookup_falls_back_to_a_short_id_and_waits_a_day(admin, alice, line, clock, caplog) -> None:
    line.refuse = {f"GET {PROFILE}": 404}
    with caplog.at_level(logging.DEBUG):
        page = admin.get(f"/admin/followers/{alice}").text
    assert '<span id="follower-name">Uaaaa…aaaa</span>' in page
    assert alice not in caplog.text  # ids never reach the logs in the clear
    admin.get(f"/admin/followers/{alice}")
    assert len(lookups(line)) == 1
    clock.advance(timedelta(days=1))
    login(admin)
    line.refuse, line.names = {}, {alice: "阿美"}
    assert "阿美" in admin.get(f"/admin/followers/{alice}").text


def test_a_page_view_looks_up_at_most_twenty_names(admin, line, app, clock) -> None:
    ids = [f"U{i:032x}" for i in range(25)]
    now = clock.now()
    with app.extensions["sessions"].begin() as session:
        session.execute(sa.insert(Follower), [{"user_id": u, "blocked": False, "created_at": now} for u in ids])
        session.execute(sa.insert(FollowerTag), [{"user_id": u, "tag": "詢價", "source": "rule", "first_at": now,
                                                  "last_at": now, "hit_count": 1} for u in ids])
    line.names = {u: f"客人{i}" for i, u in enumerate(ids)}
    admin.get("/admin/tags/詢價")
    assert len(lookups(line)) == 20
    page = admin.get("/admin/tags/詢價").text
    assert len(lookups(line)) == 25 and all(f"客人{i}<" in page for i in range(25))
    admin.get("/admin/tags/詢價")
    assert len(lookups(line)) == 25


def test_blocked_followers_are_not_looked_up(admin, alice, line, webhook) -> None:
    from tests.factories import body, event

    assert webhook.post(body(event("unfollow", alice))).status_code == 200
    admin.get(f"/admin/followers/{alice}")
    assert lookups(line) == []
