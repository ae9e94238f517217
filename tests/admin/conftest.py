"""Fixtures every admin test uses: the JSON API with the right token, and a browser session logged in."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.admin.helpers import Api, login


@pytest.fixture
def api(client: FlaskClient) -> Api:
    """The admin JSON API with the right token."""
    return Api(client)


@pytest.fixture
def admin(client: FlaskClient) -> FlaskClient:
    """A test client logged in to the admin pages."""
    assert login(client).status_code == 302
    return client
