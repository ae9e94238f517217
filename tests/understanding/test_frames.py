"""Typed frames read back from slots as parsed and as saved state keeps them (JSON)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from bot.understanding.frames import Alternative, Audience, Budget, Estimate
from bot.understanding.parse import understand

TODAY = date(2026, 12, 3)


def test_an_estimate_survives_saved_state() -> None:
    """The frame read from parsed slots equals the frame read from the same slots after a JSON round trip."""
    question = understand("每個月兩次，一次發給會員500人、一次發給全部2000人", TODAY)
    parsed = Estimate.from_slots(question.slots)
    saved = Estimate.from_slots(json.loads(json.dumps(question.slots)))
    assert parsed == saved
    assert parsed.parts == (Audience(500, 1, "month"), Audience(2000, 1, "month"))


def test_seasons_and_accounts_are_typed() -> None:
    """Two seasons become an Alternative; separate accounts a count of accounts."""
    seasons = Estimate.from_slots(understand("好友1500人，旺季每月推3次、淡季每月1次", TODAY).slots)
    assert seasons.alternative == Alternative("sends", 3, 1, "month") and seasons.sends == 3
    accounts = Estimate.from_slots(understand("三家店各自的帳號，每家各1000位好友，每月發2次", TODAY).slots)
    assert (accounts.accounts, accounts.friends, accounts.complete) == (3, 1000, True)


def test_a_budget_frame() -> None:
    """A taxed budget with friends to turn into sends."""
    frame = Budget.from_slots(understand("含稅預算2100元，好友1000人，可以推幾次", TODAY).slots)
    assert frame == Budget(amount=Decimal(2100), taxed=True, friends=1000)
