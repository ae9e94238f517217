"""Per-tag rich menus: set through the API or the tag page, linked to members now and to new ones after events."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.admin import menus
from bot.store.tagging import MenuLink
from tests.admin.helpers import Api, form_post, login
from tests.contract.schema import errors
from tests.factories import body, event

ALICE, BOB, CAROL, DAVE = ("U" + c * 32 for c in "abcd")
MENU, OTHER = "richmenu-" + "0123456789abcdef" * 2, "richmenu-" + "f" * 32
BULK_LINK, BULK_UNLINK = "/v2/bot/richmenu/bulk/link", "/v2/bot/richmenu/bulk/unlink"


class Admin(Api):
    """The admin API, with PUT."""

    def put(self, path: str, json: object = None) -> object:
        """PUT /admin/api<path>."""
        return self.client.put("/admin/api" + path, json=json, headers=self.headers)


@pytest.fixture
def api(client) -> Admin:
    """The admin API with the right token."""
    return Admin(client)


@pytest.fixture
def tagged(api, webhook, line) -> None:
    """詢價 on Alice and Bob (who then blocks the account); the calls so far are forgotten."""
    api.rule(pattern="多少錢", tag="詢價")
    webhook.say("多少錢", user=ALICE)
    webhook.say("多少錢", user=BOB)
    assert webhook.post(body(event("unfollow", BOB))).status_code == 200
    line.calls.clear()


def user_links(line) -> list[str]:
    """Per-user link calls, as paths."""
    return [c["path"] for c in line.calls_to("POST", "/v2/bot/user/")]


def pending(app) -> list[MenuLink]:
    """Links still waiting to be sent."""
    with app.extensions["sessions"]() as session:
        return list(session.scalars(sa.select(MenuLink)))


def test_setting_a_menu_checks_it_and_links_the_current_members(api, tagged, line) -> None:
    response = api.put("/tags/詢價/richmenu", json={"richMenuId": MENU})
    assert response.status_code == 200 and response.json == {"tag": "詢價", "richMenuId": MENU, "linked": 1}
    assert line.calls_to("GET", f"/v2/bot/richmenu/{MENU}")
    [bulk] = line.calls_to("POST", BULK_LINK)
    assert bulk["body"] == {"richMenuId": MENU, "userIds": [ALICE]}  # Bob blocked us: left out
    assert api.get("/tags/詢價/richmenu").json["richMenuId"] == MENU


def test_a_new_member_is_linked_after_the_reply_and_only_once(api, tagged, line, webhook, app) -> None:
    api.put("/tags/詢價/richmenu", json={"richMenuId": MENU})
    line.calls.clear()
    webhook.say("請問多少錢", user=CAROL)
    paths = [c["path"] for c in line.calls]
    link = f"/v2/bot/user/{CAROL}/richmenu/{MENU}"
    assert link in paths and paths.index("/v2/bot/message/reply") < paths.index(link)
    assert pending(app) == []
    webhook.say("多少錢", user=CAROL)  # already has the tag: no second link
    webhook.say("多少錢", user=ALICE)  # had it before the menu: linked in bulk already
    assert user_links(line) == [link]


def test_replacing_and_removing_the_menu(api, tagged, line, webhook) -> None:
    api.put("/tags/詢價/richmenu", json={"richMenuId": MENU})
    assert api.put("/tags/詢價/richmenu", json={"richMenuId": OTHER}).json["linked"] == 1
    assert line.calls_to("POST", BULK_LINK)[-1]["body"] == {"richMenuId": OTHER, "userIds": [ALICE]}
    removed = api.delete("/tags/詢價/richmenu")
    assert removed.status_code == 200 and removed.json["unlinked"] == 1
    [unlink] = line.calls_to("POST", BULK_UNLINK)
    assert unlink["body"] == {"userIds": [ALICE]}
    assert api.get("/tags/詢價/richmenu").json["richMenuId"] is None
    webhook.say("多少錢", user=DAVE)
    assert user_links(line) == []


def test_bad_ids_and_unknown_tags_are_refused_without_calling_line(api, tagged, line) -> None:
    for bad in ("", "menu-1", "richmenu-XYZ", 42, None):
        response = api.put("/tags/詢價/richmenu", json={"richMenuId": bad})
        assert response.status_code == 400 and response.json["field"] == "richMenuId"
    assert api.put("/tags/沒有/richmenu", json={"richMenuId": MENU}).status_code == 404
    assert api.delete("/tags/沒有/richmenu").status_code == 404
    assert client_calls(line) == []


def client_calls(line) -> list[str]:
    """Every rich menu call made."""
    return [c["path"] for c in line.calls if "richmenu" in c["path"]]


@pytest.mark.parametrize("refused", ["GET /v2/bot/richmenu/", f"POST {BULK_LINK}"])
def test_line_refusing_gives_502_and_records_nothing(api, tagged, line, refused) -> None:
    line.refuse = {refused: 400}
    response = api.put("/tags/詢價/richmenu", json={"richMenuId": MENU})
    assert response.status_code == 502 and "HTTP 400" in response.json["message"]
    assert api.get("/tags/詢價/richmenu").json["richMenuId"] is None


def test_a_link_line_cannot_take_now_waits_for_the_next_event(api, tagged, line, webhook, app) -> None:
    api.put("/tags/詢價/richmenu", json={"richMenuId": MENU})
    line.refuse = {"POST /v2/bot/user/": 500}
    assert webhook.say("多少錢", user=CAROL)  # answered all the same
    assert len(pending(app)) == 1
    line.refuse = {}
    webhook.say("你好", user=DAVE)
    assert f"/v2/bot/user/{CAROL}/richmenu/{MENU}" in user_links(line)[-1:]
    assert pending(app) == []


def test_a_link_line_refuses_for_good_is_dropped(api, tagged, line, webhook, app) -> None:
    api.put("/tags/詢價/richmenu", json={"richMenuId": MENU})
    line.refuse = {"POST /v2/bot/user/": 400}
    webhook.say("多少錢", user=CAROL)
    assert pending(app) == []


def test_a_broken_menu_step_never_fails_the_event(api, tagged, webhook, app, monkeypatch, caplog) -> None:
    api.put("/tags/詢價/richmenu", json={"richMenuId": MENU})

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(menus, "link_pending_menus", broken)
    assert webhook.say("多少錢", user=CAROL)
    assert "rich menu links after the event failed" in caplog.text and CAROL not in caplog.text


def test_the_tag_page_sets_and_removes_the_menu(client, tagged, line) -> None:
    assert login(client).status_code == 302
    assert 'id="rich_menu_id"' in client.get("/admin/tags/詢價").text
    bad = form_post(client, "/admin/tags/詢價/richmenu", {"rich_menu_id": "nope", "action": "set"})
    assert bad.status_code == 400 and "格式不對" in bad.text
    assert form_post(client, "/admin/tags/詢價/richmenu", {"rich_menu_id": MENU, "action": "set"}).status_code == 302
    page = client.get("/admin/tags/詢價").text
    assert f'<code id="menu-id">{MENU}</code>' in page and "已套用圖文選單" in page
    assert form_post(client, "/admin/tags/詢價/richmenu", {"action": "clear"}).status_code == 302
    assert 'id="menu-id"' not in client.get("/admin/tags/詢價").text
    assert len(line.calls_to("POST", BULK_UNLINK)) == 1
    line.refuse = {f"POST {BULK_LINK}": 403}
    refused = form_post(client, "/admin/tags/詢價/richmenu", {"rich_menu_id": MENU, "action": "set"})
    assert refused.status_code == 502 and "HTTP 403" in refused.text


@pytest.fixture(autouse=True)
def bodies_follow_the_spec(line):  # type: ignore[no-untyped-def]
    """Every bulk link and unlink the admin sends is valid against LINE's official spec."""
    yield
    for path, schema in ((BULK_LINK, "RichMenuBulkLinkRequest"), (BULK_UNLINK, "RichMenuBulkUnlinkRequest")):
        for call in line.calls_to("POST", path):
            assert errors(schema, call["body"]) == [], call["body"]
