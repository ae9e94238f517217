"""The admin API refuses everyone without the right Bearer token, and leaks nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.app import create_app
from tests.admin.helpers import Api
from tests.conftest import ADMIN_TOKEN

PATHS = [("get", "/admin/api/rules"), ("post", "/admin/api/rules"), ("get", "/admin/api/rules/1"),
         ("patch", "/admin/api/rules/1"), ("delete", "/admin/api/rules/1"), ("post", "/admin/api/rules/test"),
         ("post", "/admin/api/rules/replay"), ("get", "/admin/api/rules/export"), ("post", "/admin/api/rules/import"),
         ("get", "/admin/api/tags"), ("get", "/admin/api/tags/x/followers"), ("get", "/admin/api/followers/U1")]


@pytest.mark.parametrize(("method", "path"), PATHS)
@pytest.mark.parametrize("header", [None, "Bearer wrong-token", f"Basic {ADMIN_TOKEN}", "Bearer ", ADMIN_TOKEN,
                                    f"Bearer {ADMIN_TOKEN}x"])
def test_missing_or_wrong_credentials_are_401_json(client, method: str, path: str, header: str | None) -> None:
    api = Api(client).rule(pattern="秘密", tag="內部") if method == "get" and path == "/admin/api/rules" else None
    headers = {"Authorization": header} if header is not None else {}
    response = getattr(client, method)(path, headers=headers, json={"pattern": "x", "tag": "y"})
    assert response.status_code == 401
    assert response.is_json and "Bearer" in response.json["message"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "秘密" not in response.text and (api is None or "內部" not in response.text)


def test_the_right_token_is_accepted_case_insensitive_scheme(client) -> None:
    response = client.get("/admin/api/tags", headers={"Authorization": f"bearer {ADMIN_TOKEN}"})
    assert response.status_code == 200


def test_api_answers_503_when_admin_token_is_not_configured(settings, line) -> None:
    app = create_app(replace(settings, admin_token=None))
    try:
        response = app.test_client().get("/admin/api/rules", headers={"Authorization": "Bearer anything"})
        assert response.status_code == 503 and "ADMIN_TOKEN" in response.json["message"]
    finally:
        app.extensions["engine"].dispose()


def test_api_responses_are_not_cached(client) -> None:
    assert Api(client).get("/tags").headers["Cache-Control"] == "no-store"
