"""Time is the event's own: answers follow the moment LINE says a message was sent, never the machine's clock.

And one event's failure stays that event's: the others of the same body are answered.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from bot.conversation.events import Incoming, TextIn
from bot.conversation.service import Conversation, Turn
from bot.store.models import ProcessedEvent
from tests.factories import TAIPEI, body, text_event
from tests.reading import readable

FAR_AWAY = datetime(2030, 1, 1, 9, 0, tzinfo=TAIPEI)


def at(text: str) -> datetime:
    """A Taipei moment written as 2026-11-20 10:00."""
    return datetime.fromisoformat(text).replace(tzinfo=TAIPEI)


def ask(webhook: Any, text: str, when: datetime, user: str = "U" + "d" * 32) -> str:
    """The reply to one message sent at `when`, as the merchant reads it."""
    return readable(webhook.say(text, user=user, at=when))


def test_the_price_list_is_the_one_in_force_when_the_message_was_sent(webhook, clock) -> None:
    clock.moment = FAR_AWAY  # the machine's clock says nothing about the merchant's day
    october = ask(webhook, "中用量月費多少", at("2026-10-20 10:00"))
    november = ask(webhook, "中用量月費多少", at("2026-11-20 10:00"), user="U" + "e" * 32)
    assert "NT$800" in october and "2023/9/1起" in october and "NT$1000" not in october
    assert "NT$1000" in november and "2026/11/1起" in november


def test_taipei_midnight_not_utc_picks_the_list(webhook) -> None:
    before = ask(webhook, "中用量月費多少", at("2026-10-31 23:59"))
    after = ask(webhook, "中用量月費多少", at("2026-11-01 00:01"), user="U" + "e" * 32)
    assert "NT$800" in before and "NT$1000" in after


def test_a_late_redelivery_is_answered_for_the_moment_it_was_sent(webhook, line, clock) -> None:
    clock.moment = at("2026-11-01 00:10")
    ev = text_event("中用量月費多少", at=at("2026-10-31 23:50"))
    ev["deliveryContext"] = {"isRedelivery": True}
    assert webhook.post(body(ev)).status_code == 200
    assert "NT$800" in readable(webhook.reply_to(ev["replyToken"]))


def test_a_day_weeks_back_is_this_years_and_said_to_have_passed(webhook) -> None:
    passed = ask(webhook, "我11/16從輕用量升級中用量，當月費用怎麼算", at("2026-12-03 10:00"))
    assert "2026年11月16日" in passed and "已經過了" in passed
    ahead = ask(webhook, "11/16從輕用量升級中用量，當月費用怎麼算", at("2026-11-10 10:00"), user="U" + "e" * 32)
    assert "2026年11月16日" in ahead and "已經過了" not in ahead


def test_a_day_months_ahead_is_next_years(webhook) -> None:
    reply = ask(webhook, "9/29從輕用量升級中用量會怎樣", at("2026-12-03 10:00"))
    assert "2027年9月29日" in reply and "已經過了" not in reply


def test_a_change_held_by_the_freeze_is_priced_on_the_list_of_the_day_it_happens(webhook) -> None:
    reply = ask(webhook, "今天從輕用量升級中用量，這個月要付多少", at("2026-10-29 10:00"))
    assert "NT$933" in reply and "NT$1000×28/30" in reply
    assert "NT$800" not in reply


def test_a_change_before_a_price_rise_names_both_lists(webhook) -> None:
    reply = ask(webhook, "今天從輕用量升級中用量，這個月要付多少", at("2026-10-20 10:00"))
    assert "NT$310" in reply and "NT$800×12/31" in reply  # October's fee, 12 of 31 days
    assert "NT$1000" in reply and "2026/11/1起價格" in reply  # then the new fee, from the list that sets it


def test_a_closed_window_is_history_not_a_warning(webhook) -> None:
    before = ask(webhook, "換方案有什麼規則", at("2026-11-20 10:00"))
    after = ask(webhook, "換方案有什麼規則", at("2026-12-01 10:00"), user="U" + "e" * 32)
    assert "注意:2026年11月24日" in before
    assert "注意:2026年11月24日" not in after and "已經結束" in after


def test_sms_prices_are_outside_what_the_bot_knows(webhook) -> None:
    reply = ask(webhook, "傳簡訊一則多少錢", at("2026-12-01 10:00"))
    assert "簡訊" in reply and "NT$" not in reply


def test_this_months_usage_is_under_billing_overview(webhook) -> None:
    reply = ask(webhook, "這個月發了幾則要去哪裡看", at("2026-12-01 10:00"))
    assert "帳務專區>總覽" in reply and "首頁" not in reply


class Poisoned(Conversation):
    """A conversation that breaks on one message, as a bug would."""

    def handle(self, incoming: Incoming, turn: Turn) -> list[dict[str, Any]]:
        """Raise on the poisoned text; answer everything else."""
        if isinstance(incoming, TextIn) and incoming.text == "poison":
            raise RuntimeError("a bug")
        return super().handle(incoming, turn)


def test_one_poisoned_event_does_not_stop_the_others(webhook, line, app) -> None:
    app.extensions["webhook"].conversation = Poisoned()
    good, poison, also_good = text_event("中用量月費"), text_event("poison"), text_event("高用量月費")
    raw = body(good, poison, also_good)
    assert webhook.post(raw).status_code == 200
    assert "NT$1000" in readable(webhook.reply_to(good["replyToken"]))
    assert "NT$1400" in readable(webhook.reply_to(also_good["replyToken"]))
    assert "抱歉" in readable(webhook.reply_to(poison["replyToken"]))
    with app.extensions["sessions"]() as session:
        outcomes = dict(session.execute(sa.select(ProcessedEvent.webhook_event_id, ProcessedEvent.outcome)).all())
    assert outcomes == {good["webhookEventId"]: "answered", poison["webhookEventId"]: "failed",
                        also_good["webhookEventId"]: "answered"}
    assert webhook.post(raw).status_code == 200  # redelivered: nothing is answered or apologised for twice
    assert len(line.replies()) == 3


def test_an_absurd_timestamp_is_answered_at_the_arrival_time(webhook, clock) -> None:
    clock.moment = at("2026-12-01 10:00")
    ev = text_event("中用量月費多少")
    ev["timestamp"] = 10**20
    assert webhook.post(body(ev)).status_code == 200
    assert "NT$1000" in readable(webhook.reply_to(ev["replyToken"]))


def test_follow_ups_count_their_silence_in_event_time(webhook) -> None:
    start = at("2026-12-01 10:00")
    ask(webhook, "好友2000人每月發2次", start)
    soon = ask(webhook, "那如果每月發4次呢", start + timedelta(minutes=5))
    assert "8000則" in soon
    later = ask(webhook, "那如果每月發4次呢", start + timedelta(hours=2))
    assert "8000則" not in later


def test_a_moved_wall_clock_is_really_moved() -> None:
    """Under BOT_TEST_WALL_CLOCK (make test-clock) this process's clock stands where it was sent."""
    moved = os.environ.get("BOT_TEST_WALL_CLOCK")
    if not moved:
        pytest.skip("the wall clock is where it is (make test-clock moves it)")
    assert abs(datetime.now(UTC) - datetime.fromisoformat(moved)) < timedelta(hours=1)
