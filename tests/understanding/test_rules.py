"""Named readings that outrank keywords, each on its own, and the answers a merchant reads."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.understanding.parse import prepare, understand
from bot.understanding.question import Intent
from bot.understanding.rules import ruled
from bot.understanding.slots import extract
from tests.understanding.test_clarify import chat

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(("text", "intent", "rule"), [
    ("推播3次就用掉4500則，算錯了嗎", Intent.QUOTA, "usage_check"),
    ("We sent 2 broadcasts and 7,000 messages were used. Is that right?", Intent.QUOTA, "usage_check"),
    ("我不想接受11月的新價格，要怎麼做？", Intent.PLAN_CHANGE, "refuse_new_prices"),
    ("聽說11月漲價，我不想接受新價格，要怎麼做", Intent.PLAN_CHANGE, "refuse_new_prices"),  # not a claim about the day
    ("聽說11月要漲價 中用量會變多少 我要不要先降級", Intent.PLAN_CHANGE, "refuse_new_prices"),
    ("有官方的費用試算工具嗎？", Intent.MANAGER_HOWTO, "calculator"),
    ("我是中用量，這個月已經發了2800則，還剩幾則可以發？", Intent.PLAN_FACTS, "messages_left"),
    ("中用量3000則，我好友1000人，一個月可以推幾次？", Intent.PLAN_FACTS, "sends_on_plan"),
    ("中用量如果剛好發滿，一則平均多少錢？", Intent.PLAN_FACTS, "average_price"),
    ("聽說高用量要四千，真的嗎", Intent.HISTORY, "claim"),
    ("輕用量每月還是500則吧？", Intent.HISTORY, "claim"),
    ("is 4000 NT for the high plan right?", Intent.HISTORY, "claim"),
    ("我有設定關鍵字自動回應", Intent.BILLED, "kind_set_up"),
    ("中用量這個月已經發了2,100則，還想發一次給1,200人，會超過嗎？", Intent.ESTIMATE, "used_plus_more"),
    ("My dashboard says 2,750 sent so far this month. I have 600 more friends to message once.", Intent.ESTIMATE,
     "used_plus_more"),
    ("雙11爆量，這個月可能要發到3萬則，我現在是中用量，會被擋嗎？要多少錢", Intent.ESTIMATE, "month_on_plan"),
    ("中用量4,000則用完了，還要再發1,000則，會多付多少？", Intent.ESTIMATE, "more_after_run_out"),
    ("聖誕節那週發了三次，每次送給620人，後台怎麼顯示1,860？不是3次嗎", Intent.QUOTA, "usage_check"),
    ("這個月已經發了6000則，如果再群發給2000人要多少錢？", Intent.ESTIMATE, "used_plus_more"),
    ("這個月已經發了3.2萬則，月底前還要再發2萬則，高用量總共會被收多少？", Intent.ESTIMATE, "used_plus_more"),
    ("加購訊息上限設5000元，最多可以多發幾則？", Intent.BUDGET, "addon_cap"),
    ("預算1500，每月想發8000則，可以嗎？", Intent.ESTIMATE, "budget_for_volume"),
    ("高用量是從第幾則開始算加購?", Intent.PLAN_FACTS, "addon_start_asked"),
    ("Is message number 6,001 charged on the High plan?", Intent.PLAN_FACTS, "addon_start_asked"),
    ("則數用完之後再用 API 推播會怎樣?", Intent.QUOTA, "after_run_out"),
])
def test_each_rule(text: str, intent: Intent, rule: str) -> None:
    """The rule that claims the message, and the intent it gives."""
    prepared = prepare(text)
    slots, _problems = extract(prepared, TODAY)
    found = ruled(prepared, Intent.OUT_OF_SCOPE, slots)
    assert found is not None and (found.intent, found.rule) == (intent, rule)


@pytest.mark.parametrize("text", [
    "好友2000人每月發4次要多少",
    "高用量發8000則要多少錢",
    "預算1500元可以發幾則",
    "中用量跟高用量差在哪",
])
def test_plain_questions_keep_their_intent(text: str) -> None:
    """No named rule claims an ordinary estimate, budget or comparison."""
    prepared = prepare(text)
    slots, _problems = extract(prepared, TODAY)
    assert ruled(prepared, Intent.ESTIMATE, slots) is None


@pytest.mark.parametrize(("turns", "said", "unsaid"), [
    (["中用量3000則，我好友1000人，一個月可以推幾次？"], ["3次"], []),
    (["我是中用量，這個月已經發了2800則，還剩幾則可以發？"], ["還剩200則"], []),
    (["中用量跟高用量換算下來一則平均多少錢"], ["NT$0.333", "NT$0.233"], []),
    (["每月預算1500元，好友2000人，一個月可以推幾次？"], ["高用量", "3次"], []),
    (["有官方的費用試算工具嗎？"], ["tw.linebiz.com", "費用計算機"], []),
    (["好友1200人，每週推一次要多少錢？", "那兩週一次呢？"], ["2400則", "中用量"], ["4800"]),
    (["好友1000人，每月推2次", "改成每週一次要升級嗎？"], ["4000則", "高用量", "NT$1400"], []),
    (["We have 5,000 friends.", "Sorry, actually only 3,000, and we send once a month."], ["3000 messages"], []),
    (["好友1500人，旺季每月推3次、淡季每月1次，方案要怎麼選？"], ["4500則", "1500則", "NT$1400", "NT$1000"], []),
    (["我有兩個品牌、兩個官方帳號：A好友2000人每月推2次，B好友500人每月推2次，兩個加起來每月多少？"],
     ["NT$2400"], []),
    (["我們有兩家店共用一個官方帳號，一家1200好友一家800好友，每月各推2次"], ["4000則", "高用量"], ["4800"]),
    (["兩間店，A店好友1500人每月推2次，B店好友600人每月推1次，各自的帳號，總共多少"], ["NT$2000", "NT$2100"],
     ["3600"]),
    (["後台顯示的則數好像沒更新"], ["帳務專區", "總覽", "0點"], []),
    (["三家分店各開一個中用量帳號，一個月總共多少（含稅）？"], ["NT$3150"], []),
    (["我記得以前輕用量可以發500則對嗎"], ["沒錯", "2019/4/18"], []),
    (["高用量是不是一直都1400？"], ["不是一直", "NT$4000", "NT$1200"], []),
    (["朋友說加購一則0.2，是這樣嗎？"], ["沒錯", "50000"], []),
    (["聽說高用量加購超過5萬則就變0.15，是整個月的加購都變0.15嗎？"], ["不是", "累進"], ["沒錯"]),
    (["聽說高用量加購最便宜可以到一則0.011元？"], ["已經不是", "2023/9/1"], []),
    (["有部落格寫中用量一個月4000元，是這樣嗎？"], ["不正確", "高用量在2019/4/18"], []),
    (["聽說現在高用量要超過5萬則才開始收加購費？"], ["6000則"], ["從來不是"]),
    (["2023年8月那時候用中用量發5500則，要付多少？"], ["NT$1100"], []),
    (["我2026年11月用高用量發了8000則，那個月要付多少？"], ["NT$1800"], []),
    (["每個月發2萬則，2022年和現在各要多少錢？"], ["NT$4000", "NT$4200"], []),
    (["我每個月大概發3500則", "現在跟2022年比要多付多少？"], ["NT$800", "NT$1400", "+NT$600"], []),
    (["LINE官方帳號的價格這幾年是怎麼變的？"], ["2019/4/18", "2023/9/1", "2026/11/1"], []),
    (["那時候中用量是多少則？"], ["哪個時候"], ["3000則"]),
    (["How much is that with tax?"], ["?"], ["1050"]),
    (["新價格是11月1號開始的對吧？"], ["沒錯", "2026/11/1"], []),
    (["我聽說LINE官方帳號是從12月才開始漲價"], ["不對", "2026/11/1"], []),
    (["中用量不是可以加購訊息嗎？我記得可以"], ["不能加購", "2019/4/18"], ["沒錯"]),
    (["中用量以前是不是可以加購訊息？"], ["沒錯", "NT$0.2"], []),
    (["現在中用量多少錢？超過還能加購嗎？"], ["NT$1000", "不能加購"], []),
    (["聽說LINE官方帳號的價格都是含稅的？"], ["不是", "未稅"], []),
    (["中用量要降回輕用量要怎麼操作？"], ["帳務專區", "2027年1月1日"], []),
    (["上個月10號從輕用量升級高用量，11月付了多少、給了幾則？"], ["NT$980", "4200則"], []),
    (["我是開咖啡廳的，目前用中用量", "聽說加購一則才0.2，我可以直接加購嗎？"], ["中用量不能加購", "高用量"], []),
    (["聽說11月要漲價？漲多少？"], ["NT$1000", "NT$1400"], []),
    (["三家店都開中用量，一個月總共要付多少含稅？"], ["NT$3150"], []),
    (["一個帳號高用量、一個中用量，一年月費加起來未稅多少？"], ["NT$28800"], []),
    (["每月只想花800塊以內，有哪個方案可以用？"], ["輕用量", "NT$1000"], []),
    (["高用量這個月中降到中用量，會退差價嗎？"], ["不會退差價"], []),
    (["我們有兩家店", "A店好友2500、B店好友4000，每月各發一次，兩個帳號加起來月費多少？"], ["NT$2400"], []),
    (["這次改價之前，LINE建議我們先做什麼付款設定？"], ["次要付款"], []),
    (["好友4000人，但我只想發給台北的客人，大概佔五分之一，每月發3次，這樣用哪個方案？"], ["2400則", "中用量"], []),
    (["一年預算兩萬，付中用量夠嗎？"], ["NT$12000", "夠付"], []),
    (["升級中用量要多少錢？", "我現在是免費方案，今天升"], ["輕用量→中用量", "NT$"], []),
    (["歡迎訊息要錢嗎？", "OK。另外月費是幾號扣？"], ["1日"], []),
    (["特定對象訊息是什麼？", "那我好友只有80人可以用嗎？"], ["80人不夠", "100人"], []),
    (["聽說中用量漲了25%，對嗎？"], ["沒錯", "NT$800→NT$1000"], []),
    (["聽說現在高用量要超過5萬則才開始收加購費？"], ["不對", "6000則"], []),
    (["聽說reply token只有30秒就失效？"], ["不是", "1分鐘"], []),
    (["聽說中用量超過 3000 則可以一則 0.2 元加購?"], ["不對", "中用量不能加購"], ["沒錯"]),
    (["中用量一個月 3000 則,是指可以群發 3000 次嗎?"], ["目標好友數×發送次數"], []),
    (["去年我用中用量,每個月含稅付多少?"], ["NT$840"], ["NT$1050"]),
    (["中用量這個月剛好發了 3000 則,會不會被多收錢?"], ["以內"], []),
    (["我這個月發了 2500 則,還剩幾則?", "中用量"], ["還剩500則"], []),
    (["我們總店跟分店合用一個帳號，總店好友 2600、分店 700，每月發一次"], ["3300則", "高用量"], []),
    (["圖文選單最多可以設幾個點擊區塊?"], ["20"], []),
    (["2023年9月那次改版，是所有帳號同一天一起切換嗎？"], ["分階段"], []),
    (["哪些訊息會算進則數？"], ["群發", "漸進式"], []),
    (["聽說 2023 年 9 月輕用量從 500 則降到 200 則,真的嗎?"], ["沒錯", "2023/9/1"], []),
    (["我同事說它降價了,是真的嗎?", "我是說高用量,從 4000 元降到 1200 元那次"], ["沒錯", "2023/9/1"], []),
    (["聽說中用量從800元漲到1200元？"], ["不對"], []),
    (["Are the plan prices tax-inclusive?"], ["No."], []),
    (["我們每個月:群發 2 次給 1800 個好友 + 預約提醒 push 大概 900 則 + 漸進式訊息 200 則"], ["4700則", "高用量"], []),
    (["每月只想花800塊以內，有哪個方案可以用？"], ["輕用量"], []),
    (["聽說這次漲價是 9 月 1 號公布的?"], ["沒錯", "2026/9/1"], []),
    (["查本月已用訊息量的 API 是哪一個?"], ["/v2/bot/message/quota/consumption"], []),
    (["Clinic here, 4200 friends, one reminder a month.", "Price incl. tax?"], ["NT$1470"], []),
    (["我們電話是 02-2345-6789 好友 900 每月一次 請問方案"], ["好友900人"], ["6789"]),
    (["統編 12345678 好友 3100 月發 1 次 發票要開給公司"], ["好友3100人"], ["12345678人"]),
    (["好友 900 人 每月群發兩次，另外自動回應一個月大概回了 2000 則 這樣算多少"], ["1800則"], ["3800"]),
    (["診所好友 6000 人，每月群發一次健康講座通知，用高用量的話還要另外加購嗎"], ["足夠", "不用另外加購"], []),
    (["好友 6100 月發 1 次 已經是高用量了 要加購嗎 多少"], ["需要加購", "NT$20"], []),
    (["好友 95 每週發 2 次 免費的夠用嗎"], ["輕用量不夠", "中用量"], []),
    (["好友 5000 每個月一次 高用量對吧", "那如果一個月兩次 加購多少"], ["10000則", "NT$800"], ["從來不是"]),
    (["好友 6000 每月一次", "好友再多 1000 呢"], ["7000則"], []),
    (["我們現在中用量", "下個月好友會變 3500 每月一次 要升級嗎"], ["3500則", "中用量不夠"], []),
    (["我們現在中用量 這個月已經發到 2900 了 還要再發一次給 1000 人 要怎麼辦 要補多少錢"], ["3900則", "高用量"], []),
    (["I saw /v2/bot/message/consumption in someone's notes. Is that the right endpoint?"], ["quota/consumption"], []),
    (["My agency says the Medium plan went up by NT$300. Is that correct?"], ["No.", "NT$200"], []),
    (["中用量這次有漲價嗎？", "我看到說是漲了25%，對嗎？"], ["沒錯"], []),
    (["2023年9月到2026年10月中間，LINE有再改過價嗎？"], ["沒有", "NT$800"], []),
    (["舊價格最後適用到哪一天？"], ["10/31"], []),
    (["2023年8月跟9月，中用量差在哪裡？"], ["4000則", "3000則"], []),
    (["我想從中用量降級到輕用量，什麼時候生效？", "等等，我是想升級到高用量才對"], ["NT$400"], []),
    (["高用量現在一個月多少錢？", "可是我朋友說是1200耶"], ["NT$1200", "2026/10/31", "NT$1400"], []),
    (["听说10月27号以后还在用中用量，就算同意新价格了？"], ["沒錯", "10月27日"], []),
    (["平常每月2,500則，12月跟1月旺季各8,000則，一年最省要多少？"], ["NT$13600"], ["NT$12800"]),
    (["我們連鎖早午餐有5個帳號都開高用量，每月月費含稅合計多少？"], ["NT$7350"], []),
    (["中用量這個月3000則已經用光，月底還有一場活動要發給1500人，怎麼辦最划算？"], ["NT$400"], []),
    (["高用量超出6000條以後怎麼收費？發到12000條一共多少錢？"], ["NT$2600"], ["每月6000則"]),
    (["我算的則數跟後台顯示的不一樣，為什麼？"], ["0點"], []),
    (["寵物美容，好友150，每月2次", "這樣要錢嗎"], ["中用量", "NT$1000"], []),
    (["11月之後每個月要多付多少"], ["NT$800→NT$1000", "NT$1200→NT$1400"], []),
    (["怎麼知道這個月已經發了幾則"], ["帳務專區", "總覽"], []),
    (["沒有開加購的話高用量發到6000則會怎樣"], ["發到6000則就會停止"], ["每月6000則:建議"]),
    (["reply API 一次最多可以回幾個訊息物件"], ["5個訊息物件"], []),
    (["How many user IDs can a multicast take?"], ["500 user IDs"], []),
    (["What's the add-on price after 50,000 messages?"], ["NT$0.15"], ["NT$10200"]),
    (["Our clinic has 800 patients on LINE and sends a reminder every week"], ["3200 messages"], []),
    (["我這個月從高用量降到中用量，這個月月費要付多少？"], ["本月維持高用量", "NT$1400"], []),
])
def test_what_the_merchant_reads(turns: list[str], said: list[str], unsaid: list[str]) -> None:
    """Each named reading and follow-up ends in the figures its question asks for."""
    reply = chat(*turns).replace(" ", "")
    assert all(s.replace(" ", "") in reply for s in said), reply
    assert not any(s in reply for s in unsaid), reply


def test_refusing_new_prices_names_the_deadline() -> None:
    """Asked in October 2026: downgrade to Light before 10/27."""
    reply = chat_at("2026-10-20", "我不想接受11月的新價格，要怎麼做？")
    assert "2026年10月27日" in reply and "輕用量" in reply


def test_a_coming_price_is_not_yet_in_force() -> None:
    """Asked in October 2026, the Medium plan is still NT$800; NT$1,000 starts on 11/1."""
    reply = chat_at("2026-10-10", "中用量已經漲到1000了嗎？")
    assert "NT$1000" in reply and "2026/11/1" in reply and "NT$800" in reply


def chat_at(day: str, text: str) -> str:
    """One question asked at ten in the morning of another day."""
    return chat(text, at=datetime.fromisoformat(f"{day}T10:00:00+08:00"))


def test_a_change_just_before_a_no_change_window_is_still_possible() -> None:
    """At 07:00 on 2026/11/24 an upgrade still goes through: finish before 08:00."""
    reply = chat_at("2026-11-20", "如果我在11/24早上7點升級可以嗎")
    assert reply.startswith("可以") and "08:00前" in reply


def chat_at_time(moment: str, text: str) -> str:
    """One question asked at an exact Taiwan moment."""
    return chat(text, at=datetime.fromisoformat(moment))


def test_a_change_asked_for_now_uses_the_time_it_is_asked() -> None:
    """At 07:30 on 2026/11/24 an upgrade today still goes through (pro-rated for 7 days); at 09:00 it cannot."""
    early = chat_at_time("2026-11-24T07:30:00+08:00", "趁現在升級中用量,今天還可以改嗎?這個月要付多少")
    assert early.startswith("可以") and "700則" in early and "NT$233" in early
    late = chat_at_time("2026-11-24T09:00:00+08:00", "趁現在升級中用量,今天還可以改嗎?這個月要付多少")
    assert "無法" in late and "11月26日" in late


def test_a_send_now_on_new_years_eve_counts_toward_january() -> None:
    """23:30 Taiwan time on 12/31 is 00:30 in Japan: January's count."""
    reply = chat_at_time("2026-12-31T23:30:00+08:00", "現在群發一則給2000人,會算12月還是1月的?")
    assert "2027年1月" in reply and "日本時間" in reply


def test_history_asked_in_2024_knows_nothing_of_the_2026_list() -> None:
    """In June 2024 the 2023 list has no known end and the 2026 prices were not yet announced."""
    reply = chat_at("2024-06-10", "高用量最近是不是漲價了？")
    assert "NT$1200" in reply and "2023/9/1" in reply
    assert "NT$1400" not in reply and "2026" not in reply


@pytest.mark.parametrize(("text", "keyword", "intent", "rule"), [
    ("高用量超過6000則之後 每則是0.2嗎 我們大概會多發 2000 則", Intent.PLAN_FACTS, Intent.PLAN_FACTS, "addon_more"),
    ("我們現在高用量 好友 6800", Intent.PLAN_FACTS, Intent.ESTIMATE, "plan_and_friends"),
    ("發票開出來會是多少錢 我們是中用量", Intent.BILLING, Intent.TAX, "tax_of_plan"),
])
def test_rules_that_need_the_keyword_intent(text: str, keyword: Intent, intent: Intent, rule: str) -> None:
    """Rules that claim a message only over the keyword intent it would otherwise get."""
    prepared = prepare(text)
    slots, _problems = extract(prepared, TODAY)
    found = ruled(prepared, keyword, slots)
    assert found is not None and (found.intent, found.rule) == (intent, rule)


@pytest.mark.parametrize(("raw", "prepared"), [
    ("好友2200 月初發一次活動 月中發一次提醒", "好友2200,月初發1次活動,月中發1次提醒"),
    ("好友 三百 多 人 一 個 月 發 一 次", "好友 300 多 人 1 個 月 發 1 次"),
])
def test_a_space_between_chinese_words_ends_a_clause(raw: str, prepared: str) -> None:
    """Chat typed with spaces for commas is read clause by clause; numbers and one-character words stay as typed."""
    assert prepare(raw) == prepared


@pytest.mark.parametrize(("text", "expected"), [
    ("我12/10從輕用量升中用量，12/20又升高用量，12月月費總共多少？",
     {"from_plan": "light", "to_plan": "medium", "_then": ["2026-12-20", "high"]}),
    ("如果我12/3從中用量升高用量，12/20又申請降回中用量", {"from_plan": "medium", "to_plan": "high",
                                                          "_then": ["2026-12-20", "medium"]}),
    ("我12/10從輕用量升中用量", {"from_plan": "light", "to_plan": "medium", "_then": None}),
])
def test_a_second_change_in_the_month_is_read_apart(text: str, expected: dict[str, object]) -> None:
    """Two dated changes: the first from the plans before the second day, the second to the plan after it."""
    slots = understand(text, TODAY).slots
    assert {k: slots.get(k) for k in expected} == expected
