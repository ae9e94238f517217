"""Helpers for driving the admin API and pages through the real app."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

from tests.conftest import ADMIN_PASSWORD, ADMIN_TOKEN


class Api:
    """The JSON API with the Bearer token."""

    def __init__(self, client: FlaskClient, token: str = ADMIN_TOKEN) -> None:
        """Wrap a test client."""
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **kwargs: Any) -> Any:
        """GET /admin/api<path>."""
        return self.client.get("/admin/api" + path, headers=self.headers, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        """POST /admin/api<path>."""
        return self.client.post("/admin/api" + path, json=json, headers=self.headers, **kwargs)

    def patch(self, path: str, json: Any = None) -> Any:
        """PATCH /admin/api<path>."""
        return self.client.patch("/admin/api" + path, json=json, headers=self.headers)

    def delete(self, path: str) -> Any:
        """DELETE /admin/api<path>."""
        return self.client.delete("/admin/api" + path, headers=self.headers)

    def rule(self, **fields: Any) -> dict[str, Any]:
        """Create a rule and return it (fails the test if refused)."""
        response = self.post("/rules", json={"match": "contains", **fields})
        assert response.status_code == 201, response.json
        return response.json


def csrf(client: FlaskClient) -> str:
    """The session's CSRF token (a GET of the login page makes one)."""
    with client.session_transaction() as session:
        if "csrf" not in session:
            session["csrf"] = "test-csrf-token"
        return session["csrf"]


def login(client: FlaskClient, password: str = ADMIN_PASSWORD) -> Any:
    """Log in through the form, as a person would."""
    page = client.get("/admin/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return client.post("/admin/login", data={"password": password, "csrf_token": token})


def form_post(client: FlaskClient, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """POST a form with this session's CSRF token."""
    return client.post(path, data={"csrf_token": csrf(client), **(data or {})}, **kwargs)


def attempt(client: FlaskClient, password: str, addr: str = "192.0.2.10", forwarded: str | None = None) -> Any:
    """One login POST from a client address, optionally through a proxy that adds X-Forwarded-For."""
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post("/admin/login", data={"password": password, "csrf_token": csrf(client)}, headers=headers,
                       environ_base={"REMOTE_ADDR": addr})


def copy_session(source: FlaskClient, target: FlaskClient) -> None:
    """Give target a copy of source's session cookie, as someone who saved it would."""
    cookie = source.get_cookie("session")
    assert cookie is not None, "the source client has no session cookie"
    target.set_cookie("session", cookie.value)
