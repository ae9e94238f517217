"""Ask instead of guess: named rules, in priority order, that find what a price would have to assume."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.pricing.lists import price_list_for
from bot.pricing.model import PriceListNotFound
from bot.understanding.cues import (
    ACCOUNT_COUNT,
    ADDON_COST,
    ANOTHER_ACCOUNT,
    AUDIENCE_WORDS,
    BARE_NUMBER,
    BILL_UP,
    CHANGE_PLAN_WORDS,
    CHOOSE,
    COST_ASK,
    COST_WORDS,
    ESTIMATE_REQUEST,
    FACT_WORDS,
    FRIENDS_BEFORE,
    MORE,
    OUT_OF_SCOPE_HINTS,
    PRICE_QUESTION,
    PRICING_TOPIC,
    RUN_OUT_WORDS,
    SAME_AS_BEFORE,
    SEGMENT_ONLY,
    SEGMENT_WORDS,
    SEPARATE,
    SHARED,
    SHOP_COUNT,
    START_USING,
    TAX_AMOUNT,
    UNKNOWN_COUNT,
    UPGRADE_QUESTION,
    VAGUE,
    VAGUE_SHOPS,
    WANT_CHANGE,
)
from bot.understanding.question import Clarification, Intent, Need
from bot.understanding.slots import Slots, api_topic, kind_of
from bot.understanding.spans import ELLIPTIC_AUDIENCE, audiences, monthly_messages

# Intents whose answer is a figure that depends on the merchant's volume.
VOLUME_INTENTS = (Intent.ESTIMATE, Intent.BUDGET, Intent.COMPARE, Intent.OUT_OF_SCOPE)


@dataclass(frozen=True)
class Reading:
    """What a clarifying rule looks at: the prepared text, its intent and its raw slots."""

    text: str
    intent: Intent
    slots: Slots

    def has(self, *keys: str) -> bool:
        """Whether any of these slots is stated."""
        return any(key in self.slots for key in keys)


def _bare_number(r: Reading) -> Clarification | None:
    """A number alone could be friends, messages or money."""
    m = BARE_NUMBER.match(r.text.strip())
    if not m or r.has("date", "_plans"):
        return None
    return Clarification(Need.MEANING, "bare_number", number=int(m.group(1)))


def _vague_amount(r: Reading) -> Clarification | None:
    """「好友很多」: a size without a number cannot be priced."""
    if not VAGUE.search(r.text) or not AUDIENCE_WORDS.search(r.text) or r.has("friends", "messages", "budget"):
        return None
    if r.intent not in VOLUME_INTENTS:
        return None
    return Clarification(Need.VOLUME if "sends" not in r.slots else Need.FRIENDS, "vague_amount")


# 「發多少則以上高用量比較划算」: where two plans cross, a fact with no volume to ask for.
BREAK_EVEN = re.compile(r"多少則?以上|幾則以上|超過多少|多少則?開始|從多少|how many messages (?:before|until)|"
                        r"break-?even")
# 「一個月」 reads as 1個月 once numerals are digits; it counts no volume.
ONE_MONTH = re.compile(r"(?<!\d)1\s*個?月")


def _choose_without_volume(r: Reading) -> Clarification | None:
    """「哪個方案適合我」 with no volume: the answer depends on how many messages a month."""
    if not CHOOSE.search(r.text) or re.search(r"\d", ONE_MONTH.sub("", r.text)):
        return None
    if r.intent in (Intent.PLAN_CHANGE, Intent.PRORATE, Intent.HISTORY, Intent.BILLED, Intent.SEGMENT):
        return None
    if len(set(r.slots.get("_plans") or [])) >= 2 or BREAK_EVEN.search(r.text):
        return None  # 「中用量和高用量哪個划算」 compares; 「發多少則以上高用量比較划算」 asks where plans cross
    choosing = re.search(r"適合|怎麼選|如何選|划算|比較好|較好|最好|省|should i|right plan|best plan", r.text)
    if FACT_WORDS.search(r.text) and not choosing:
        return None
    return Clarification(Need.VOLUME, "choose_without_volume")


def _accounts(r: Reading) -> Clarification | None:
    """Several shops priced together or apart give different bills: ask unless the text says which."""
    shops = SHOP_COUNT.search(r.text) or ACCOUNT_COUNT.search(r.text)
    said = "separate" if SEPARATE.search(r.text) else "shared" if SHARED.search(r.text) else None
    counted = int(shops.group(1) or shops.group(2)) if shops else 0
    if counted < 2 and said and TWO_SHOPS_NAMED.search(r.text) and r.intent == Intent.OUT_OF_SCOPE \
            and not r.has("friends", "messages", "sends", "budget"):  # 「我有台北店和台中店，各自一個帳號」
        return Clarification(Need.VOLUME, "several_accounts_no_volume", shops=2, accounts=said)
    if not shops or int(shops.group(1) or shops.group(2)) < 2:
        return None
    if said and r.intent == Intent.OUT_OF_SCOPE and not r.has("friends", "messages", "sends", "budget"):
        return Clarification(Need.VOLUME, "several_accounts_no_volume", shops=int(shops.group(1) or shops.group(2)),
                             accounts=said)  # 「我們有4間分店，每間都有自己的官方帳號」: the volume comes next
    if said:
        return None
    if ACCOUNT_COUNT.search(r.text) and r.has("friends", "messages"):
        return None  # 「兩個官方帳號」 with their volumes: each account is priced on its own
    if r.intent not in (Intent.ESTIMATE, Intent.BUDGET, Intent.COMPARE, Intent.PLAN_FACTS, Intent.OUT_OF_SCOPE):
        return None
    if "_volumes" in r.slots:
        return None
    friends = r.slots.get("friends")
    if friends is None and not r.has("messages", "sends"):
        return Clarification(Need.VOLUME, "several_accounts_no_volume", shops=int(shops.group(1) or shops.group(2)))
    sends = r.slots.get("sends")
    return Clarification(Need.ACCOUNTS, "several_shops", shops=int(shops.group(1) or shops.group(2)),
                         friends=int(friends) if friends is not None else None,
                         sends=int(sends) if sends is not None else None, period=r.slots.get("period"))


# 「一個月」 and a phone number (「0912345678 這支電話的帳號」) carry digits but count nothing.
NOT_A_COUNT = re.compile(r"[1一]\s*(?:個?月|季|年)|(?<!\d)09\d{8}(?!\d)|(?<!\d)0\d{1,2}-\d{3,4}-\d{4}(?!\d)")


def _estimate_without_numbers(r: Reading) -> Clarification | None:
    """「幫我算」 "how much will it cost me": a price asked with no volume, plan or kind to price."""
    if not COST_ASK.search(r.text) or re.search(r"\d", NOT_A_COUNT.sub("", r.text)) or r.has("_plans"):
        return None
    if r.intent not in (Intent.OUT_OF_SCOPE, Intent.COMPARE, Intent.SEGMENT, Intent.PLAN_FACTS):
        return None  # an estimate with no numbers starts the estimate wizard, which asks them one by one
    if not SEGMENT_WORDS.search(r.text) and ESTIMATE_REQUEST.search(r.text):
        return None  # 「幫我算費用」 starts the estimate wizard too (see rules.py)
    return Clarification(Need.SEGMENT if SEGMENT_WORDS.search(r.text) else Need.VOLUME, "estimate_without_numbers")


def _sends_without_friends(r: Reading) -> Clarification | None:
    """「一週兩次」「旺季3次、淡季1次，選哪個」: how often, but not to how many friends."""
    if "sends" not in r.slots or r.has("friends", "messages", "budget", "_plans", "date", "_volumes"):
        return None
    choosing = CHOOSE.search(r.text) or UPGRADE_QUESTION.search(r.text)  # 「每個月發3次，要升級嗎」
    if r.intent not in VOLUME_INTENTS and not (r.intent in (Intent.BILLED, Intent.PLAN_CHANGE) and choosing):
        return None
    return Clarification(Need.FRIENDS, "sends_without_friends", sends=int(r.slots["sends"]),
                         period=r.slots.get("period"))


def _upgrade_without_volume(r: Reading) -> Clarification | None:
    """「這樣要升級嗎？」 with nothing before it: whether to upgrade depends on the volume."""
    if not UPGRADE_QUESTION.search(r.text) or re.search(r"\d", r.text) or r.has("_plans"):
        return None
    return Clarification(Need.VOLUME, "upgrade_without_volume")


def _change_without_plans(r: Reading) -> Clarification | None:
    """「升級要多少錢」「我想換方案」 with no plan named: the answer depends on from which plan to which."""
    changes = r.intent in (Intent.PLAN_CHANGE, Intent.PRORATE, Intent.OUT_OF_SCOPE) or (
        r.intent == Intent.HISTORY and bool(CHANGE_PLAN_WORDS.search(r.text)))
    dated = r.has("date") and not r.slots.get("_now") and not COST_WORDS.search(r.text)  # 「12/15升級什麼時候生效」
    if not changes or r.has("_plans") or dated:
        return None
    wants = WANT_CHANGE.search(r.text)
    if r.intent == Intent.OUT_OF_SCOPE and not wants:
        return None
    direction = re.search(r"升級|降級|升|降|停止|取消|免費|upgrad|downgrad|cancel", r.text)  # 「降級什麼時候生效」
    asks = COST_WORDS.search(r.text) or wants or TOP_UP.search(r.text) or (WHEN_EFFECT.search(r.text) and not direction)
    return Clarification(Need.PLANS, "change_without_plans") if asks else None


def _start_without_plan(r: Reading) -> Clarification | None:
    """「如果從15號開始用，這個月費用怎麼算」: pro-rated, but for which plan?"""
    if not START_USING.search(r.text) or not r.has("date") or r.has("_plans", "friends", "messages"):
        return None
    return Clarification(Need.PLANS, "start_without_plan")


def _change_from_unknown(r: Reading) -> Clarification | None:
    """「換成高用量要補多少錢」: from 輕用量 it is pro-rated, from 中用量 it is the fee difference, so ask which."""
    if r.intent not in (Intent.PLAN_CHANGE, Intent.PRORATE) or len(set(r.slots.get("_plans") or [])) != 1:
        return None
    if not TOP_UP.search(r.text) or r.has("messages", "friends", "_used", "from_plan"):
        return None
    if r.slots.get("_plans") == ["high"] and not r.has("date"):
        return Clarification(Need.PLANS, "change_from_unknown")
    neutral = not re.search(r"升|降|upgrad|downgrad", r.text)  # 「升中用量」 is from Light; 「換成」 could be either
    if r.slots.get("_plans") in (["medium"], ["high"]) and r.has("date") and neutral:  # 「今天換成高用量」: from which?
        return Clarification(Need.PLANS, "change_from_unknown")
    return None


WHEN_EFFECT = re.compile(r"什麼時候(?:會)?生效|何時生效|when does it take effect")
# 「要補多少」: the charge for moving up, which depends on the plan moved from.
TOP_UP = re.compile(r"補多少|補差額|要補|多付多少|要付多少|多少錢|幾則|how much (?:more|extra)|how many messages")


BARE_TAX = re.compile(r"^(?:what about|and|how about) tax\??$|^(?:and )?how much (?:is|would) (?:that|it|this) "
                      r"(?:be )?with tax\??$|^(?:and )?with tax\??$")
# 「那時候中用量是多少則」 with no time named: which time?
THEN_UNNAMED = re.compile(r"^(?:那時候?|那個時候|那时候|當時|当时|那次|那一次|at that time|back then)")
# 「1050是含稅還未稅」「the 1,400 fee」: the number is an amount of money.
MONEY_WORDS = re.compile(r"費|元|塊|nt|\$|fee|vat|未稅|稅前|稅後|是含稅|含稅還|含稅\s*\d|\d\s*含稅|included|including|"
                         r"方案|plan")


PAST_WORDS = re.compile(r"以前|之前|那時候?|那個時候|當時|過去|早期|used to|back then|at the time")


def _past_bill_unnamed(r: Reading) -> Clarification | None:
    """「我以前用高用量，每月發8000則，那時候要付多少」: which time? Each list prices the month differently."""
    if not PAST_WORDS.search(r.text) or r.has("date", "_year", "_month", "_on") or not COST_ASK.search(r.text):
        return None
    if not (r.has("messages") or r.has("friends") and r.has("sends")) or r.intent not in (Intent.HISTORY,
                                                                                            Intent.ESTIMATE):
        return None
    return Clarification(Need.WHEN, "past_bill_unnamed", text=r.text)


# 「如果這個月多發一萬則，要多付多少」: more than what, on which plan?
MORE_PAID = re.compile(r"(?:多發|再發|多推|再推|多傳)\s*\d+\s*則.{0,12}(?:多付|多花|多收|多少錢|貴多少)|"
                       r"\d+ more messages.{0,30}(?:how much more|extra)")


WHAT_TO_DO = re.compile(r"怎麼辦|該怎麼|怎麼處理|what (?:do|should|can) (?:i|we) do|what now")


def _run_out_without_plan(r: Reading) -> Clarification | None:
    """「訊息額度已經用完了，怎麼辦」: the way out depends on the plan (upgrade, or add-on on the High plan)."""
    if r.intent != Intent.QUOTA or not RUN_OUT_WORDS.search(r.text) or not WHAT_TO_DO.search(r.text) or r.has("_plans"):
        return None
    return None if r.has("friends", "messages", "sends") else Clarification(Need.CURRENT, "run_out_without_plan",
                                                                            text=r.text)


def _more_without_base(r: Reading) -> Clarification | None:
    """Extra messages priced with no plan and no month said: what they add depends on both."""
    if not MORE_PAID.search(r.text) or r.has("_plans", "friends", "_used", "sends", "budget"):
        return None
    return Clarification(Need.ADDON, "more_without_base")


def _tax_without_subject(r: Reading) -> Clarification | None:
    """「含稅多少」 alone: taxed amount of what?"""
    if r.intent != Intent.TAX or r.has("_plans", "_amount", "budget", "friends", "messages", "_yearly"):
        return None
    if re.search(r"加購|一則|每則|add-?on|per message", r.text):
        return None
    lone = re.search(r"(?<![\d.])(\d{3,})(?![\d.])", r.text)
    if lone and not MONEY_WORDS.search(r.text):  # 「幫我算含稅，一個月2500」: 2,500 what?
        return Clarification(Need.MEANING, "tax_of_a_bare_number", number=int(lone.group(1)))
    bare = len(r.text) <= 6 or bool(BARE_TAX.search(r.text))  # 「含稅呢」 "how much is that with tax?"
    short = len(r.text) <= 12 and bool(TAX_AMOUNT.search(r.text))
    return Clarification(Need.PLAN, "tax_without_subject") if bare or short else None


def _more_without_number(r: Reading) -> Clarification | None:
    """「下個月要多發一點」: more than now, but how many?"""
    if not MORE.search(r.text) or r.has("friends", "messages", "sends", "budget"):
        return None
    return Clarification(Need.MORE, "more_without_number")


BUDGET_CHOICE = re.compile(r"怎麼選|選哪|哪個方案")
ENOUGH_ASK = re.compile(r"夠不夠|夠嗎|夠用|enough")
MESSAGES_ASK = re.compile(r"幾則|多少則|how many messages")
SENDS_ASK = re.compile(r"幾次|多少次|how many times|how often")


def _budget_enough(r: Reading) -> Clarification | None:
    """「每個月預算2000，夠不夠用」: enough for what? It depends on the friends and sends."""
    capped = "控制在" in r.text and BUDGET_CHOICE.search(r.text)  # 「控制在兩千以內，怎麼選」
    asks = ENOUGH_ASK.search(r.text) or capped
    if "budget" not in r.slots or r.has("friends", "messages", "_plans") or not asks:
        return None
    if MESSAGES_ASK.search(r.text):  # what the budget buys is answerable
        return None
    return Clarification(Need.VOLUME, "budget_enough", number=int(r.slots["budget"]), text=r.text)


def _budget_without_audience(r: Reading) -> Clarification | None:
    """「預算兩千可以發幾次」: sends depend on how many friends each send reaches."""
    asks_sends = SENDS_ASK.search(r.text)
    if r.intent != Intent.BUDGET or not asks_sends or r.has("friends"):
        return None
    budget = r.slots.get("budget")
    return Clarification(Need.FRIENDS, "budget_without_audience",
                         number=int(budget) if isinstance(budget, int) else None)


def _segment_without_size(r: Reading) -> Clarification | None:
    """「好友5000人，只發給會員」: the send goes to a part whose size is not given; the total would overprice it."""
    if not SEGMENT_ONLY.search(r.text) or not SEGMENT_WORDS.search(r.text):
        return None
    if r.intent == Intent.OUT_OF_SCOPE and COST_WORDS.search(r.text) and not re.search(r"\d", r.text):
        return Clarification(Need.SEGMENT, "segment_without_size")  # 「只發給VIP要多少」
    if r.intent != Intent.ESTIMATE or r.slots.get("_segment"):  # 「大概佔五分之一」: the part's size is known
        return None
    counts = audiences(r.text) or [(m.start(), int(m.group(1))) for m in FRIENDS_BEFORE.finditer(r.text)]
    only = SEGMENT_ONLY.search(r.text)
    if len(counts) != 1 or only is None or counts[0][0] > only.start():
        return None
    if SEGMENT_WORDS.search(r.text, max(0, counts[0][0] - 8), counts[0][0]):  # 「VIP標籤有850人」: the part's own count
        return None
    return Clarification(Need.SEGMENT, "segment_without_size")


def _other_account_unsized(r: Reading) -> Clarification | None:
    """「好友1200，還有另一個帳號，每月發一次，一共多少」: the other account's friends are not said."""
    if r.intent != Intent.ESTIMATE or not ANOTHER_ACCOUNT.search(r.text) or r.has("_volumes", "_parts", "messages"):
        return None
    friends, sends = r.slots.get("friends"), r.slots.get("sends")
    if not friends or not sends or len(audiences(r.text)) > 1:
        return None
    return Clarification(Need.VOLUME, "other_account_unsized", number=monthly_messages(r.slots), sends=int(sends),
                         period=r.slots.get("period"), accounts="shared" if SHARED.search(r.text) else "separate")


def _uneven_accounts(r: Reading) -> Clarification | None:
    """「兩個帳號，一個好友2500、一個1200，一個每月2次、一個1次」: each account's own volume is not clear."""
    shops = SHOP_COUNT.search(r.text) or ACCOUNT_COUNT.search(r.text)
    if not shops or r.intent not in (Intent.ESTIMATE, Intent.BUDGET) or r.has("_volumes") or not r.has("friends"):
        return None
    others = {int(m.group(1)) for m in ELLIPTIC_AUDIENCE.finditer(r.text)} - {int(r.slots["friends"])}
    if not others:
        return None
    accounts = ACCOUNT_COUNT.search(r.text)
    separate = SEPARATE.search(r.text) or (accounts and not SHARED.search(r.text))  # 「兩個帳號」 are two bills
    said = "separate" if separate else "shared" if SHARED.search(r.text) else None
    return Clarification(Need.VOLUME, "uneven_accounts", shops=int(shops.group(1) or shops.group(2)), accounts=said)


# 「好友加起來4000」「總共4000個好友」: the friends of all the accounts together.
FRIENDS_TOGETHER = re.compile(r"(?:好友|好友數|粉絲)\s*(?:加起來|合計|總共|一共|總計|共)\s*(?:有|約|大約|大概)?\s*\d|"
                              r"(?:加起來|合計|總共|一共|總計|共)\s*(?:有|約|大約|大概)?\s*\d+\s*(?:個|位|人)?\s*好友|"
                              r"\d+\s*(?:friends|followers) (?:in total|combined|together|altogether)")


def _friends_total_unsplit(r: Reading) -> Clarification | None:
    """「兩個官方帳號 好友加起來4000 每月各發2次」: each account pays its own plan, so the split decides."""
    accounts = ACCOUNT_COUNT.search(r.text) or (SEPARATE.search(r.text) and SHOP_COUNT.search(r.text))
    if not accounts or r.intent not in (Intent.ESTIMATE, Intent.BUDGET) or r.has("_volumes") or not r.has("friends"):
        return None
    shops = int(accounts.group(1) or accounts.group(2) or 0) if accounts.lastindex else 0
    if shops < 2 or SHARED.search(r.text) or not FRIENDS_TOGETHER.search(r.text):
        return None
    sends = r.slots.get("sends")
    return Clarification(Need.VOLUME, "friends_total_unsplit", shops=shops, accounts="separate",
                         sends=int(sends) if sends is not None else None, period=r.slots.get("period"))


TWO_SHOPS_NAMED = re.compile(r"(?:(?<![a-z])[a-z]|[\u4e00-\u9fff]{1,3})\s*店\s*(?:跟|和|與|及|、)\s*"
                             r"(?:[a-z]|[\u4e00-\u9fff]{1,3})\s*店|兩家店|兩間店|2家店|2間店")


def _shops_total_unsplit(r: Reading) -> Clarification | None:
    """「A店跟B店加起來大概8000則，總共多少」: one account or two? Two accounts' bills depend on the split."""
    if r.intent != Intent.ESTIMATE or not r.has("messages") or r.has("_volumes", "friends"):
        return None
    accounts = ACCOUNT_COUNT.search(r.text)
    if accounts and int(accounts.group(1)) >= 2 and TOGETHER_SAID.search(r.text) and not SHARED.search(r.text):
        return Clarification(Need.VOLUME, "accounts_total_unsplit", shops=int(accounts.group(1)), accounts="separate")
    if not TWO_SHOPS_NAMED.search(r.text) or not TOGETHER_SAID.search(r.text):
        return None
    if SHARED.search(r.text) or SEPARATE.search(r.text):
        return None
    return Clarification(Need.ACCOUNTS, "shops_total_unsplit", shops=2, number=int(r.slots["messages"]))


TOGETHER_SAID = re.compile(r"加起來|合計|總共|一共|together|combined")


def _compare_without_sends(r: Reading) -> Clarification | None:
    """「好友2,000人，用中用量還是高用量比較好？」: which is better depends on how often they are sent to."""
    if r.intent != Intent.COMPARE or not r.has("friends") or r.has("sends", "messages", "budget", "_volumes"):
        return None
    return Clarification(Need.VOLUME, "compare_without_sends", friends=int(r.slots["friends"]))


BARE_NUMBERS = re.compile(r"\s*(\d+)(?:\s*[,，、\s]\s*\d+){1,2}\s*[?？]?\s*")  # 12/31 is a day


def _bare_numbers(r: Reading) -> Clarification | None:
    """「2000 4」: numbers alone, whose meanings are all guesses."""
    m = BARE_NUMBERS.fullmatch(r.text)
    return Clarification(Need.MEANING, "bare_numbers", number=int(m.group(1))) if m else None


def _scaled_without_base(r: Reading) -> Clarification | None:
    """「那如果變兩倍呢」 with nothing before it: twice what?"""
    if not r.has("_factor") or r.has("friends", "messages", "budget", "sends", "_plans"):
        return None
    if float(r.slots["_factor"]) <= 1:  # 「快一半都被封鎖」 is a share of the friends, not a change to scale
        return None
    return Clarification(Need.VOLUME, "scaled_without_base")


def _audience_partly_unknown(r: Reading) -> Clarification | None:
    """「會員2000多，加上非會員不知道多少，全部都發」: the whole audience is not known, so neither is the month."""
    if r.intent != Intent.ESTIMATE or not r.has("friends") or not UNKNOWN_COUNT.search(r.text):
        return None
    return Clarification(Need.FRIENDS, "audience_partly_unknown")


def _same_as_unsaid(r: Reading) -> Clarification | None:
    """「跟上個月一樣的量，這個月要付多少」: last month's volume was never said."""
    if not SAME_AS_BEFORE.search(r.text) or re.search(r"\d{3,}", r.text):
        return None
    return Clarification(Need.VOLUME, "same_as_unsaid")


def _vague_shops(r: Reading) -> Clarification | None:
    """「我們有幾家分店，一個月大概多少」: how many shops, each with how many friends?"""
    if not VAGUE_SHOPS.search(r.text) or r.has("friends", "messages", "_volumes"):
        return None
    return Clarification(Need.VOLUME, "vague_shops")


PEAK_SEASONS = re.compile(r"旺季|淡季|peak season|off-?season|busy season|slow season")


def _year_unsaid(r: Reading) -> Clarification | None:
    """「3/15升級中用量，當月月費怎麼算」 asked in December: which March? The lists differ, so ask."""
    days = r.slots.get("_year_unsaid")
    if not days or r.intent not in (Intent.PLAN_CHANGE, Intent.PRORATE, Intent.ESTIMATE, Intent.BILLING):
        return None
    return Clarification(Need.YEAR, "year_unsaid", days=tuple(days), text=r.text)


def _seasons_without_volume(r: Reading) -> Clarification | None:
    """「淡季跟旺季差很多，一年大概要多少」: seasons named, but no friends or sends for either."""
    if not PEAK_SEASONS.search(r.text) or r.has("friends", "messages", "sends", "budget", "_plans"):
        return None
    return Clarification(Need.VOLUME, "seasons_without_volume")


def _bill_went_up(r: Reading) -> Clarification | None:
    """「為什麼這個月帳單比上個月多那麼多」: nothing to check the bill against yet."""
    if not BILL_UP.search(r.text) or r.has("friends", "messages", "_amount", "_plans"):
        return None
    return Clarification(Need.BILL, "bill_went_up")


DIGIT = re.compile(r"\d")
UNIT_PRICE = re.compile(r"(?<![\d.])0\.\d+")
NOT_AN_ADDON_COUNT = re.compile(r"(?<![\d.])0\.\d+|20\d\d\s*年?|[1一]\s*則")  # a per-message price, a year, 一則


def _addon_without_count(r: Reading) -> Clarification | None:
    """「加購的話大概要多少錢」: the add-on bill depends on how many messages go past the free ones."""
    if not ADDON_COST.search(r.text):
        return None
    if DIGIT.search(NOT_AN_ADDON_COUNT.sub("", r.text)) or r.has("friends", "messages", "_addon"):
        return None
    if PRICE_QUESTION.search(UNIT_PRICE.sub("", r.text)):  # 「加購每則多少錢」 asks a unit price
        return None
    return Clarification(Need.ADDON, "addon_without_count")


def _count_unplaced(r: Reading) -> Clarification | None:
    """「客人大概300組，每次來都會傳訊息，要付多少」: a cost asked about one number no rule could place."""
    if r.intent != Intent.OUT_OF_SCOPE or not COST_ASK.search(r.text) or OUT_OF_SCOPE_HINTS.search(r.text):
        return None
    numbers = [int(n) for n in re.findall(r"(?<![\d.])\d+(?![\d.])", NOT_A_COUNT.sub("", r.text))]
    if len(numbers) != 1 or numbers[0] < 10:
        return None
    return Clarification(Need.MEANING, "count_unplaced", number=numbers[0])


def _unplaced(r: Reading) -> Clarification | None:
    """A pricing question no rule could place: ask which kind of answer is wanted instead of a generic apology."""
    if r.intent != Intent.OUT_OF_SCOPE or not PRICING_TOPIC.search(r.text) or OUT_OF_SCOPE_HINTS.search(r.text):
        return None
    plans = r.slots.get("_plans") or []
    return Clarification(Need.TOPIC, "unplaced", plan=plans[0] if plans else None, text=r.text)


# 「我這個月發了2500則，還剩幾則」: what is left depends on the plan; 「剩下500則，可以發給全部好友嗎」 on the friends.
LEFT_ASKED = re.compile(r"還剩(?:下)?幾則|剩(?:下)?多少則?|還有幾則|how many (?:are )?left")
LEFT_SAID = re.compile(r"剩(?:下)?\s*\d+\s*則.{0,16}(?:全部|所有)(?:的)?好友")


def _left_without_plan(r: Reading) -> Clarification | None:
    """Messages left this month without the plan (or a send without the friends): ask, don't assume a plan."""
    if LEFT_SAID.search(r.text) and not r.has("friends"):
        return Clarification(Need.FRIENDS, "left_without_friends")
    if LEFT_ASKED.search(r.text) and not r.has("_plans") and r.intent not in (Intent.CLARIFY, Intent.API) \
            and not re.search(r"api|endpoint|端點", r.text):  # 「哪支API查還剩多少」 asks the endpoint
        return Clarification(Need.CURRENT, "left_without_plan", text=r.text)
    return None


def _year_of_two_lists(r: Reading) -> Clarification | None:
    """「我2023年用中用量，某個月發了4500則，那個月要付多少」: 2023 had two lists, so which month?"""
    year = r.slots.get("_year")
    if r.intent != Intent.ESTIMATE or not isinstance(year, int) or r.has("date", "_month") or year < 2019:
        return None
    try:
        two = price_list_for(date(year, 1, 1)).id != price_list_for(date(year, 12, 31)).id
    except PriceListNotFound:
        return None
    return Clarification(Need.WHEN, "year_of_two_lists") if two else None


def _time_unnamed(r: Reading) -> Clarification | None:
    """「那時候中用量是多少則」「那次調整之後」 with no month or year: which time is meant?"""
    if not THEN_UNNAMED.search(r.text) or r.has("date", "_year", "_month", "_on"):
        return None
    return Clarification(Need.WHEN, "time_unnamed")


# 「它是什麼時候開始的」「那個什麼時候扣款」 "How much is it per month?": a pronoun for something never named.
PRONOUN_FIRST = re.compile(r"^(?:它|那個(?!月)|這個(?!月)|那天|那筆|(?:how much|when|what) (?:is|does|was) it\b|"
                           r"will it\b|is it\b)")
HEARD_OF_IT = re.compile(r"(?:說|說是|寫)(?:那個|它|這個)(?!月)|(?:說|says?|said)\s*(?:it|that)\b")
# "What's the character limit for that field?": a detail of something said before.
THAT_THING = re.compile(r"^what'?s the [a-z ]{3,30} (?:for|of|on) (?:that|this|it)\b")


def _names_something(r: Reading) -> bool:
    """Whether the text names a plan, a volume, a date, a kind of message or an API fact of its own."""
    said = r.has("_plans", "friends", "messages", "sends", "budget", "date", "_amount", "_year", "_month")
    return said or kind_of(r.text) is not None or api_topic(r.text) is not None or bool(re.search(r"\d", r.text))


def _no_referent(r: Reading) -> Clarification | None:
    """「這個多少」「一年要多少」「這樣會不會超過」 with nothing said before: ask which answer is wanted."""
    if THAT_THING.search(r.text) and r.intent == Intent.OUT_OF_SCOPE:
        return Clarification(Need.TOPIC, "no_referent", text=r.text)
    if PRONOUN_FIRST.search(r.text) and not _names_something(r):
        return Clarification(Need.TOPIC, "no_referent", text=r.text)
    if HEARD_OF_IT.search(r.text) and not _names_something(r):  # 「我同事說它降價了，是真的嗎」: what is "it"?
        return Clarification(Need.TOPIC, "no_referent", text=r.text)
    if len(r.text) > NO_REFERENT_LENGTH or not NO_REFERENT.search(r.text):
        return None
    if re.search(r"\d", re.sub(r"(?:that|this|it) 1\b|^1年|1個月", "", r.text)):  # "that one", 「一年」 read as 1
        return None
    return Clarification(Need.TOPIC, "no_referent", text=r.text)


# A short question about "this", "it" or "a year" that names nothing to price.
NO_REFERENT = re.compile(r"^(?:那|那麼)?(?:這個(?!月)|這樣|那個(?!月)|那樣|它|一年|1年|每年|this|that|it)\S{0,6}"
                         r"(?:多少|超過|夠|貴|可以加購|how much|enough)|^(?:how much|多少錢)[?？]?$|"
                         r"^(?:is (?:it|that|this)(?: one| 1)?|"
                         r"what'?s (?:that|this|it)|what is (?:that|this|it))\b.{0,20}"
                         r"(?:cheaper|enough|with tax|cost|worth)|"
                         r"^(?:漲價後|調價後).{0,8}(?:總共|每個?月).{0,4}(?:要付|付)多少|"
                         r"^(?:how much will (?:i|we) pay|what will (?:i|we) pay)(?: this month)?\??$|"
                         r"^加購上限(?:要|應該)?設多少(?:比較好)?|^我?(?:之前|剛剛|剛才|上次)問的(?:那個)?|"
                         r"^(?:請問)?(?:最多|上限)(?:可以|能|是)?(?:放|傳|塞|設|加|用)?(?:幾個|幾則|幾張|多少個?)[?？]?$|"
                         r"^(?:算了[,，]?)?(?:我)?(?:另外問)?[:：,，]?\s*(?:我)?(?:朋友|別人|另一家|另外一家)的?店?.{0,6}要?多少")
NO_REFERENT_LENGTH = 36


Rule = Callable[[Reading], Clarification | None]
# Highest priority first; the first rule that asks wins.
RULES: tuple[Rule, ...] = (
    _bare_number,
    _accounts,
    _vague_amount,
    _more_without_number,
    _budget_enough,
    _budget_without_audience,
    _segment_without_size,
    _estimate_without_numbers,
    _sends_without_friends,
    _upgrade_without_volume,
    _change_without_plans,
    _change_from_unknown,
    _start_without_plan,
    _tax_without_subject,
    _past_bill_unnamed,
    _more_without_base,
    _run_out_without_plan,
    _choose_without_volume,
    _vague_shops,
    _other_account_unsized,
    _uneven_accounts,
    _friends_total_unsplit,
    _compare_without_sends,
    _shops_total_unsplit,
    _bare_numbers,
    _scaled_without_base,
    _audience_partly_unknown,
    _same_as_unsaid,
    _addon_without_count,
    _seasons_without_volume,
    _year_unsaid,
    _year_of_two_lists,
    _left_without_plan,
    _time_unnamed,
    _bill_went_up,
    _no_referent,
    _count_unplaced,
    _unplaced,
)


def clarification(text: str, intent: Intent, slots: Slots) -> Clarification | None:
    """The question to ask back before answering, or None when the text can be answered as read."""
    reading = Reading(text, intent, slots)
    for rule in RULES:
        asked = rule(reading)
        if asked is not None:
            return asked
    return None
