"""System tags read as words in the admin; merchants' own tags are left as they wrote them."""

from __future__ import annotations

import pytest

from bot.tagging.labels import short_id, tag_label

LABELS = [
    ("estimate:high", "試算結果：高用量"),
    ("estimate:medium", "試算結果：中用量"),
    ("estimate:light", "試算結果：輕用量"),
    ("budget:high", "預算試算：高用量"),
    ("budget:light", "預算試算：輕用量"),
    ("change:medium", "方案變更：換到中用量"),
    ("change:high", "方案變更：換到高用量"),
    ("source:follow", "加入好友"),
    ("postback:wizard", "點選：試算精靈"),
    ("postback:compare", "點選：方案比較"),
    ("postback:billed", "點選：計費問題"),
    ("postback:manager_howto", "點選：後台操作教學"),
    ("postback:brand_new", "點選：brand_new"),  # an action added later still reads as a tap
    ("estimate:enterprise", "試算結果：enterprise"),
]


@pytest.mark.parametrize(("tag", "label"), LABELS)
def test_system_tags_have_chinese_labels(tag: str, label: str) -> None:
    assert tag_label(tag) == label


@pytest.mark.parametrize("tag", ["詢價", "VIP", "a:", ":b", "客戶:台北", "estimate"])
def test_merchant_tags_have_no_label(tag: str) -> None:
    assert tag_label(tag) is None


def test_every_tap_action_has_a_label() -> None:
    from bot.taps import ACTIONS

    assert all(not tag_label(f"postback:{a}").endswith(a) for a in ACTIONS)


def test_short_ids_keep_the_head_and_tail() -> None:
    assert short_id("U" + "0123456789abcdef" * 2) == "U0123…cdef"
    assert short_id("Ushort") == "Ushort"
