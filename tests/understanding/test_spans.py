"""Frequencies and send patterns, each extractor on its own, then the estimate a merchant reads."""

from __future__ import annotations

from datetime import date

import pytest

from bot.understanding.parse import prepare
from bot.understanding.slots import extract
from bot.understanding.spans import (
    Claim,
    Frequency,
    Part,
    UsageCheck,
    claim,
    frequency,
    month_volumes,
    parts,
    seasons,
    segment,
    shares_of,
    usage_check,
)
from tests.understanding.test_clarify import chat


@pytest.mark.parametrize(("text", "expected"), [
    ("兩週推一次", Frequency(1, "fortnight")),
    ("隔週發一次", Frequency(1, "fortnight")),
    ("every other week", Frequency(1, "fortnight")),
    ("每兩週發2次", Frequency(2, "fortnight")),
    ("每3天發一次", Frequency(10, "month")),
    ("每隔一天發一次", Frequency(15, "month")),
    ("every other day", Frequency(15, "month")),
    ("每7天一次", Frequency(52, "year")),
    ("每4週一次", Frequency(1, "month")),
    ("每兩個月一次", Frequency(6, "year")),
    ("每三個月發一次", Frequency(1, "quarter")),
    ("每半年一次", Frequency(2, "year")),
    ("每季發一次", Frequency(1, "quarter")),
    ("一年大概推30次", Frequency(30, "year")),
    ("24 times a year", Frequency(24, "year")),
    ("平日每天早上推一則", Frequency(5, "week")),
    ("每個月月初跟月中各發一次", Frequency(2, "month")),
    ("每個月第一個和第三個禮拜六各發一次", Frequency(2, "month")),
    ("每週一固定發，下個月剛好有五個星期一", Frequency(5, "month")),
    ("11/5發預告、11/10發倒數、11/11當天早晚各一次", Frequency(4, "month")),
])
def test_frequency(text: str, expected: Frequency) -> None:
    """Every period a merchant names becomes sends in a period pricing knows."""
    assert frequency(prepare(text)) == expected


@pytest.mark.parametrize("text", ["每週2次", "每月4次", "每一天發一次", "一年多少錢", "2026年每月2次",
                                  "第一季發了幾則"])
def test_plain_or_no_frequency_is_left_alone(text: str) -> None:
    """Twice a week, a yearly cost or a quarter's name are not the special periods."""
    assert frequency(prepare(text)) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("好友1000人，每月一次提醒、一次優惠", [Part(1, "month", None), Part(1, "month", None)]),
    ("每個月兩次，一次發給會員500人、一次發給全部2000人", [Part(1, "month", 500), Part(1, "month", 2000)]),
    ("好友3000人，每週1次，另外每月再發1次生日訊息給200人", [Part(1, "week", None), Part(1, "month", 200)]),
    ("預約提醒推播約600則、生日優惠推播約100則、群發2次給1000位好友",
     [Part(1, "month", None, 600), Part(1, "month", None, 100), Part(2, "month", 1000)]),
])
def test_several_sends_are_parts(text: str, expected: list[Part]) -> None:
    """Sends listed one after another add up, each to its own audience."""
    assert parts(prepare(text)) == expected


@pytest.mark.parametrize("text", [
    "好友2000人每月發4次",
    "好友3000人，每週群發一次，一個月4次",  # the same rate said twice
    "好友1800人，每個月發兩次，一次月初一次月中",  # the two sends broken down
    "每月2次或4次",  # alternatives
    "旺季每月3次、淡季1次",  # seasons are not added up
])
def test_one_pattern_is_not_parts(text: str) -> None:
    """Restatements, breakdowns, alternatives and seasons are never summed."""
    assert parts(prepare(text)) == []


def test_every_two_weeks_is_priced_as_two_sends_a_month() -> None:
    """1,200 friends every two weeks: 2,400 messages, the Medium plan, and the card says how it counted."""
    reply = chat("好友1200人，兩週推一次要多少")
    assert "2400則" in reply and "中用量" in reply and "每兩週1次" in reply and "4800" not in reply


def test_a_yearly_count_is_spread_over_the_months() -> None:
    """30 sends a year to 1,000 friends: 2,500 messages a month, not 30,000."""
    reply = chat("好友1000人，一年大概推30次")
    assert "2500則" in reply and "每年30次" in reply and "30000" not in reply


def test_two_sends_to_two_audiences_add_up() -> None:
    """A send to 500 members and one to all 2,000 friends: 2,500 messages."""
    reply = chat("每個月兩次，一次發給會員500人、一次發給全部2000人")
    assert "2500則" in reply and "500人×每月1次" in reply and "2000人×每月1次" in reply


@pytest.mark.parametrize(("text", "plans", "expected"), [
    ("聽說高用量要4000,真的嗎", ["high"], Claim("high", "fee", 4000)),
    ("有人說輕用量要600元", ["light"], Claim("light", "fee", 600)),
    ("聽說高用量有25000則", ["high"], Claim("high", "quota", 25000)),
])
def test_claim(text: str, plans: list[str], expected: Claim) -> None:
    """Hearsay about one plan's figure is a claim to check."""
    assert claim(text, plans) == expected


@pytest.mark.parametrize(("text", "plans"), [
    ("高用量要1400", ["high"]),  # no hearsay or doubt: a plain statement
    ("聽說好友2000人要用高用量", ["high"]),  # a count of people, not a figure of the plan
    ("聽說中用量從800漲到1000", ["medium"]),  # two figures: a price change, not a claim
])
def test_no_claim(text: str, plans: list[str]) -> None:
    """Statements, audiences and price changes are not claims."""
    assert claim(text, plans) is None


def test_usage_check_and_segment() -> None:
    """Sends and the messages they used; the smaller count of people is the segment a send goes to."""
    assert usage_check(prepare("推播3次就用掉4500則，算錯了嗎")) == UsageCheck(3, 4500)
    assert usage_check(prepare("推播3次用掉4500則")) is None  # no doubt: nothing to check
    assert segment(prepare("好友3000人，只推給貼了會員標籤的500人")) == 500
    assert segment(prepare("好友3000人，其中500人封鎖，只發給會員")) is None  # blocked friends are no segment


@pytest.mark.parametrize(("text", "said", "unsaid"), [
    ("聽說高用量要四千，真的嗎", ["NT$4000", "2019/4/18", "2023/8/31", "NT$1400"], []),
    ("聽說中用量1600是真的嗎", ["不正確", "NT$1000"], []),
    ("發了兩次就扣了6000則，正常嗎", ["3000位好友", "正常"], ["NT$600", "NT$1400"]),
    ("加購前5萬則之後一則多少", ["NT$0.15"], ["56000", "NT$11400"]),
    ("好友3000人，只推給貼了會員標籤的500人，每月4次要多少", ["2000則", "中用量"], ["12000"]),
    ("好友5000人，只發給會員每月2次", ["？"], ["NT$"]),
])
def test_what_the_merchant_reads(text: str, said: list[str], unsaid: list[str]) -> None:
    """Premises are checked against the dated lists, counts explained, segments priced on their size."""
    reply = chat(text)
    assert all(s in reply for s in said), reply
    assert not any(s in reply for s in unsaid), reply


@pytest.mark.parametrize(("text", "friends", "expected"), [
    ("好友2000人 每月發4次 不過有四分之一的人已經封鎖我了", 2000, {"_blocked": 500}),
    ("好友3000,篩選女性25到34歲大概佔四成,每月發4次", 3000, {"friends": 1200, "_segment": True}),
    ("好友2000人每月發4次", 2000, {}),
])
def test_shares_of_the_friends(text: str, friends: int, expected: dict[str, object]) -> None:
    """A share of the friends is either those who blocked the account or the segment sent to."""
    assert shares_of(prepare(text), friends) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("好友1500人，旺季每月推3次、淡季每月1次", (Frequency(3, "month"), Frequency(1, "month"))),
    ("旺季7、8月每週發兩次給1500人,淡季每月只發一次給這1500人", (Frequency(2, "week"), Frequency(1, "month"))),
    ("好友900人，平常每月推2次，週年慶那個月推6次", (Frequency(2, "month"), Frequency(6, "month"))),
    ("好友2600 情人節那個月想發4次 其他月1次", (Frequency(4, "month"), Frequency(1, "month"))),
    ("好友1500人每月推3次", None),
    ("請問在2026年11月起的價格下，每月推3次、每週提醒1次", None),  # a list's start month is no season
])
def test_seasons(text: str, expected: tuple[Frequency, Frequency] | None) -> None:
    """Two seasons' send patterns, each with its own period."""
    assert seasons(prepare(text)) == expected


def test_two_months_volumes_are_both_priced() -> None:
    """40,000 and 90,000 messages: NT$8,200 and NT$16,500 on the High plan."""
    assert month_volumes(prepare("我們11月發了4萬則、12月發了9萬則")) == (40000, 90000)
    reply = chat("我們11月發了4萬則、12月發了9萬則,都是高用量,這兩個月各要付多少?")
    assert "NT$8200" in reply and "NT$16500" in reply


@pytest.mark.parametrize(("text", "expected"), [
    ("好友約2300位。回診提醒逐一push給當週預約的病患，合計每月約450則；衛教資訊則每月群發一次給全體好友",
     {"_parts": [[2300, 1, "month", 450], [2300, 1, "month", None]]}),
    ("含稅1470元的方案可以發幾則？", {"_plans": ["high"]}),
    ("這個月已經在中用量發了1000則，現在升級高用量", {"_used": 1000}),
])
def test_words_that_are_no_volume_or_period(text: str, expected: dict[str, object]) -> None:
    """「當週預約的」 is no weekly send, 「逐一」 no count, 「含稅1470元的方案」 a plan and no tax question."""
    slots, _problems = extract(prepare(text), date(2026, 12, 3))
    assert {k: slots.get(k) for k in expected} == expected
    assert "period" not in slots or slots["period"] != "week"
    assert "tax" not in slots


@pytest.mark.parametrize(("text", "expected"), [
    ("總好友6,500，拉黑的有1,300，剩下的每月發一次", {"friends": 6500, "_blocked": 1300}),
    ("後台目標好友數顯示1,400，好友數2,200，每月發2次", {"friends": 1400}),
    ("I only message about 450 of my 6,000 friends, twice a month", {"friends": 450, "_segment": True}),
    ("好友一萬 只發給最近半年有消費的五分之一 每兩週一次", {"friends": 2000, "_on": None}),
    ("三家店 共用一個帳號 好友總共4200 每月發2次", {"friends": 4200, "sends": 2}),
    ("好友900 週一到週五每天發", {"friends": 900, "sends": 5, "period": "week"}),
    ("好友900 每週一和週四發", {"friends": 900, "sends": 2, "period": "week"}),
    ("好友900 每週一和週四發 每週共2次", {"friends": 900, "sends": 2, "period": "week"}),
    ("我們分三群：北部1,000人、中部800人、南部600人，每群每月各收到2則", {"friends": 2400, "sends": 2}),
    ("共用一個帳號，A店好友900、B店1,200、C店700，每家每月各發2次", {"friends": 900, "sends": 2}),
    ("要發300元折價券給好友2,000人，這個月發兩次", {"friends": 2000, "sends": 2, "budget": None}),
    ("發一則優惠給全部好友2,400人，另外再發一則提醒給其中有貼標的600人",
     {"_parts": [[2400, 1, "month", None], [600, 1, "month", None]]}),
    ("下週發一則預告，活動當天再發一則提醒，另外還有兩則例行推播，好友1,800人",
     {"_parts": [[1800, 1, "month", None], [1800, 1, "month", None], [1800, 2, "month", None]]}),
])
def test_who_is_sent_to_and_how_often(text: str, expected: dict[str, object]) -> None:
    """Blocked friends, the manager's target count, segments, groups, a coupon's value and sends said as 則."""
    slots, _problems = extract(prepare(text), date(2026, 12, 3))
    assert {k: slots.get(k) for k in expected} == expected


@pytest.mark.parametrize(("text", "today", "expected"), [
    ("從這個月用到明年9月，都用中用量，總共多少？", date(2026, 10, 5), {"_months": 12, "_months_from": "2026-10-01"}),
    ("下個月用到3月，高用量總共多少", date(2026, 12, 3), {"_months": 3, "_months_from": "2027-01-01"}),
    ("一個月費用多少呢", date(2026, 12, 3), {"_months": None}),
    ("好友1.2萬 一季要多少錢", date(2026, 12, 3), {"friends": 12000, "_months": 3, "period": None}),
    ("高用量一季含稅多少錢", date(2026, 12, 3), {"_months": 3, "tax": True}),
    ("中用量三個月含稅多少", date(2026, 12, 3), {"_months": 3}),
    ("好友300 下個月1月想每天都發一次", date(2026, 12, 3), {"sends": 31, "period": "month"}),
    ("好友300 2月每天發一次", date(2026, 12, 3), {"sends": 28, "period": "month"}),
    ("I want to send to 5,000 friends every single day in December", date(2026, 12, 3),
     {"sends": 31, "period": "month"}),
    ("好友300 每天發一次", date(2026, 12, 3), {"sends": 1, "period": "day"}),
    ("I may send to 300 friends every day", date(2026, 12, 3), {"sends": 1, "period": "day"}),
    ("Our volumes: Jan 3,000, Feb 3,100, Mar 2,900 messages. And the total?", date(2026, 12, 3),
     {"_month_list": [3000, 3100, 2900]}),
])
def test_months_asked_about_together(text: str, today: date, expected: dict[str, object]) -> None:
    """A span from this month, 「一個月」 as no span, and English months each with its own volume."""
    slots, _problems = extract(prepare(text), today)
    assert {k: slots.get(k) for k in expected} == expected


def test_sends_said_of_the_past_are_not_this_months() -> None:
    """「去年雙11我們發了3次」 is history; 「今年…每月2次」 is what is priced."""
    slots, _problems = extract(prepare("去年雙11我們發了3次，今年好友2600人每月2次"), date(2026, 12, 3))
    assert (slots["friends"], slots["sends"]) == (2600, 2)


@pytest.mark.parametrize(("text", "expected"), [
    ("我有兩個品牌 各自一個官方帳號 甜點品牌好友 2000 每月一次 咖啡品牌好友 4000 每月一次 兩個加起來月費多少",
     [2000, 4000]),
    ("我們有兩家診所 各有一個line官方帳號 A診所好友150 每月一次 B診所好友2500 每月一次 總共多少", [150, 2500]),
    ("we have 2 brands, 2 separate accounts: 2,000 friends and 8,000 friends, each gets 1 blast a month. total?",
     [2000, 8000]),
    ("5家分店共用一個帳號，總好友9,000人，每月群發2次；另外每家店各自對附近好友（各約600人）發1次", None),
    ("兩個帳號 一個好友2500 一個1200 都每月發2次", [5000, 2400]),
    ("We have two accounts: one with 2,500 friends and one with 1,200. Each sends twice a month.", [5000, 2400]),
    ("We run two separate LINE OAs: the café has 2,500 friends and the bakery 1,200. Each sends twice a month.",
     [5000, 2400]),
    ("2家店各自的帳號，一個好友2500每月2次 一個好友1200每月1次", [5000, 1200]),
])
def test_each_account_with_its_own_friends_and_sends(text: str, expected: list[int] | None) -> None:
    """Accounts typed with spaces for commas keep their own friends and sends, in the order said."""
    slots, _problems = extract(prepare(text), date(2026, 12, 3))
    assert slots.get("_volumes") == expected


def test_separate_accounts_are_priced_each_and_added_up() -> None:
    """2,000 → Medium NT$1,000 and 4,000 → High NT$1,400: NT$2,400, not one 6,000-message account."""
    reply = chat("我有兩個品牌 各自一個官方帳號 甜點品牌好友 2000 每月一次 咖啡品牌好友 4000 每月一次 兩個加起來多少")
    assert "NT$2400" in reply and "NT$2520" in reply


def test_an_accounts_add_on_is_shown_in_its_line() -> None:
    """9,000 on High is the NT$1,400 fee plus 3,000 add-on messages at NT$0.2: NT$600 shown, NT$2,000 in all."""
    reply = chat("我們兩個帳號 A 是高用量 這個月發 9000 則 B 是中用量 發 2000 則 一個月總共多少")
    assert "NT$2000（月費NT$1400＋加購3000則NT$600）" in reply and "NT$3000" in reply


@pytest.mark.parametrize(("text", "expected"), [
    ("好友 2000 每月一次 另外 VIP 300", "好友 2000,每月1次,另外 vip 300"),
    ("a診所好友150 每月一次 b診所好友2500", "a診所好友150,每月1次,b診所好友2500"),
    ("2023 年 9 月到 2026 年 10 月中間有調價嗎", "2023 年 9 月到 2026 年 10 月中間有調價嗎"),
])
def test_a_space_after_a_number_or_a_count_of_sends_ends_a_clause(text: str, expected: str) -> None:
    """Chat typed with spaces for commas is read clause by clause; a date's 「10 月中間」 stays whole."""
    assert prepare(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("好友 2400 人 只發給近 30 天有互動的 大概四分之一 每月四次", {"friends": 600, "_segment": True, "sends": 4}),
    ("好友2400人，大概1/4號開始每月發四次", {"friends": 2400, "_segment": None, "sends": 4}),
])
def test_about_a_quarter_is_a_share_and_a_day_is_not(text: str, expected: dict[str, object]) -> None:
    """「大概四分之一」 (大概1/4 after the numeral pass) is a share of the friends; 「1/4號開始」 a date."""
    slots, _problems = extract(prepare(text), date(2026, 12, 3))
    assert {k: slots.get(k) for k in expected} == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("好友 1500 人，每個月發一次新品通知、一次會員日優惠，另外當月壽星大概 120 人會收到生日券",
     [[1500, 1, "month", None], [1500, 1, "month", None], [120, 1, "month", None]]),
    ("一種是每月一次的電子報 發給全部 2600 個好友 另一種是每月一次的回診提醒 只發給當月要回診的大概 300 人",
     [[2600, 1, "month", None], [300, 1, "month", None]]),
    ("我們每個月有:預約提醒推播約600則、生日優惠推播約100則、群發2次給1000位好友。另外每月新加入大概500人會收到歡迎訊息",
     [[1000, 1, "month", 600], [1000, 1, "month", 100], [1000, 2, "month", None]]),
])
def test_who_receives_each_send(text: str, expected: list[list[object]]) -> None:
    """An audience said after its send, or as who receives it; free welcome messages are no send."""
    slots, _problems = extract(prepare(text), date(2026, 12, 3))
    assert slots.get("_parts") == expected


def test_new_friends_welcomed_are_no_audience_and_free() -> None:
    """3,000 friends once a month is Medium; the 200 new friends' welcome messages are said to be free."""
    reply = chat("好友 3000 每月發一次 然後歡迎訊息 一個月大概新加入 200 人")
    assert "歡迎訊息免費" in reply and "每月3000則:建議中用量" in reply
