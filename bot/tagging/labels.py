"""Readable Chinese labels for the tags the bot sets by itself (estimate:high → 試算結果：高用量), pure.

Merchants' own tags (詢價, VIP…) have no label: they are already words. The raw tag stays the key for
exports and the API; a label is only what the admin pages show next to it.
"""

from __future__ import annotations

PLANS = {"light": "輕用量", "medium": "中用量", "high": "高用量", "free": "免費方案"}
TAPS = {
    "wizard": "試算精靈", "compare": "方案比較", "billed": "計費問題", "billing": "計費方式", "tax": "營業稅",
    "plan_facts": "方案內容", "help": "使用說明", "history": "歷年價格", "quota": "訊息額度",
    "manager_howto": "後台操作教學", "segment": "分眾訊息", "estimate": "費用試算", "budget": "預算試算",
    "plan_change": "方案變更", "prorate": "按日計費",
}
SOURCES = {"follow": "加入好友"}
SHORT_ID_HEAD, SHORT_ID_TAIL = 5, 4


def _plan(value: str) -> str:
    """A plan id in words (an unknown one as it is)."""
    return PLANS.get(value, value)


def tag_label(tag: str) -> str | None:
    """The merchant-readable name of a system tag, or None for a tag a merchant wrote."""
    kind, sep, value = tag.partition(":")
    if not sep or not value:
        return None
    if kind == "estimate":
        return f"試算結果：{_plan(value)}"
    if kind == "budget":
        return f"預算試算：{_plan(value)}"
    if kind == "change":
        return f"方案變更：換到{_plan(value)}"
    if kind == "source":
        return SOURCES.get(value, f"來源：{value}")
    if kind == "postback":
        return f"點選：{TAPS.get(value, value)}"
    return None


def short_id(user_id: str) -> str:
    """A LINE user id cut to its head and tail (U1234…cdef), for people without a display name yet."""
    if len(user_id) <= SHORT_ID_HEAD + SHORT_ID_TAIL + 1:
        return user_id
    return f"{user_id[:SHORT_ID_HEAD]}…{user_id[-SHORT_ID_TAIL:]}"
