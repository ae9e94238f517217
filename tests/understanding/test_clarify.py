"""Ask instead of guess: each asking rule alone, then the questions and follow-ups a merchant sees."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.conversation.events import TextIn
from bot.conversation.ports import MemoryStore, NullTagger
from bot.conversation.service import Conversation, Turn
from bot.understanding.parse import understand
from bot.understanding.question import Intent, Need
from tests.reading import readable

TODAY = date(2026, 12, 3)
AT = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Taipei"))


@pytest.mark.parametrize(("text", "need", "rule"), [
    ("2000", Need.MEANING, "bare_number"),
    ("大概3k吧", Need.MEANING, "bare_number"),
    ("around 5000", Need.MEANING, "bare_number"),
    ("好友很多，要選哪個方案", Need.VOLUME, "vague_amount"),
    ("I have lots of followers, which plan?", Need.VOLUME, "vague_amount"),
    ("哪個方案比較適合我", Need.VOLUME, "choose_without_volume"),
    ("中用量夠嗎", Need.VOLUME, "choose_without_volume"),
    ("三家店各1000好友每月2次", Need.ACCOUNTS, "several_shops"),
    ("我有兩個帳號", Need.VOLUME, "several_accounts_no_volume"),
    ("升級要多少錢", Need.PLANS, "change_without_plans"),
    ("含稅多少", Need.PLAN, "tax_without_subject"),
    ("下個月要多發一點", Need.MORE, "more_without_number"),
    ("預算2000元可以發幾次", Need.FRIENDS, "budget_without_audience"),
    ("好友5000人，只發給會員每月2次", Need.SEGMENT, "segment_without_size"),
    ("How much will it cost me?", Need.VOLUME, "estimate_without_numbers"),
    ("一週兩次", Need.FRIENDS, "sends_without_friends"),
    ("這樣要升級嗎？", Need.VOLUME, "upgrade_without_volume"),
    ("我們的方案好像怪怪的", Need.TOPIC, "unplaced"),
    ("淡季跟旺季差很多，一年大概要多少？", Need.VOLUME, "seasons_without_volume"),
    ("我這個月發了一堆訊息，帳單會是多少？", Need.BILL, "bill_went_up"),
    ("We have accounts A and B. What will we pay?", Need.VOLUME, "vague_shops"),
    ("幫我算含稅，一個月2500", Need.MEANING, "tax_of_a_bare_number"),
    ("這個月要繳多少？", Need.VOLUME, "estimate_without_numbers"),
    ("我這個月的帳單是多少？", Need.BILL, "bill_went_up"),
    ("那時候中用量是多少則？", Need.WHEN, "time_unnamed"),
    ("What's the character limit for that field?", Need.TOPIC, "no_referent"),
    ("它是什麼時候開始的？", Need.TOPIC, "no_referent"),
    ("How much is it per month?", Need.TOPIC, "no_referent"),
    ("那個什麼時候扣款？", Need.TOPIC, "no_referent"),
    ("我 20 號換成中用量,這個月可以發幾則?", Need.PLANS, "change_from_unknown"),
    ("我 2023 年用中用量,某個月發了 4500 則,那個月要付多少?", Need.WHEN, "year_of_two_lists"),
    ("我這個月發了 2500 則,還剩幾則?", Need.CURRENT, "left_without_plan"),
    ("我這個月剩下 500 則,可以發給全部好友嗎?", Need.FRIENDS, "left_without_friends"),
    ("加購費用大概會多少?", Need.ADDON, "addon_without_count"),
    ("下個月要扣我多少錢?", Need.BILL, "bill_went_up"),
    ("我同事說它降價了,是真的嗎?", Need.TOPIC, "no_referent"),
    ("好友 4000 但只發一部分人 每月一次", Need.SEGMENT, "segment_without_size"),
    ("我們這個月發了很多 會被收多少", Need.VOLUME, "estimate_without_numbers"),
    ("好友 1200 還有另一個帳號 每月發一次 一共要多少", Need.VOLUME, "other_account_unsized"),
    ("0912345678 這支電話的帳號 會被收多少", Need.VOLUME, "estimate_without_numbers"),  # a phone number counts nothing
    ("4000 怎麼算", Need.MEANING, "bare_number"),
    ("一共要多少", Need.VOLUME, "estimate_without_numbers"),
    ("這個月會超過 要多付多少", Need.VOLUME, "estimate_without_numbers"),
    ("兩個帳號 一個好友2500 一個1200 一個每月發2次 一個每月發1次", Need.VOLUME, "uneven_accounts"),
    ("我們兩個官方帳號 好友加起來4000 每個月各發2次 一個月總共多少", Need.VOLUME, "friends_total_unsplit"),
    ("two accounts with 4,000 friends in total, 2 broadcasts a month each", Need.VOLUME, "friends_total_unsplit"),
    ("我們有兩個帳號都是高用量 加起來這個月發了7萬則 加購費多少", Need.VOLUME, "accounts_total_unsplit"),
    ("想換成高用量 今天換 這個月要付多少", Need.PLANS, "change_from_unknown"),
    ("I want to change my plan mid-month, how is it charged?", Need.PLANS, "change_without_plans"),  # mid-month
    ("這個月超量了 要多付多少？", Need.ADDON, "addon_without_count"),
    ("高用量這個月爆量了 加購要補多少錢", Need.ADDON, "addon_without_count"),
    ("那如果變兩倍呢", Need.VOLUME, "scaled_without_base"),
    ("會員 2000 多 加上非會員不知道多少 全部都發 每月 1 次", Need.FRIENDS, "audience_partly_unknown"),
    ("跟上個月一樣的量 這個月要付多少", Need.VOLUME, "same_as_unsaid"),
    ("那我們要多少", Need.VOLUME, "estimate_without_numbers"),
    ("發500要多少", Need.MEANING, "bare_number"),
    ("2000 4", Need.MEANING, "bare_numbers"),
    ("想把LINE的費用控制在兩千以內，應該怎麼選？", Need.VOLUME, "budget_enough"),
    ("一季要多少", Need.VOLUME, "estimate_without_numbers"),
    ("好友2,000人，用中用量還是高用量比較好？", Need.VOLUME, "compare_without_sends"),
    ("客人大概 300 組 每次來都會傳訊息給他們 要付多少", Need.MEANING, "count_unplaced"),
    ("A店跟B店加起來大概8000則 總共多少", Need.ACCOUNTS, "shops_total_unsplit"),
    ("我有台北店和台中店 各自一個帳號", Need.VOLUME, "several_accounts_no_volume"),
    ("高用量加購那個月會被收多少？", Need.ADDON, "addon_without_count"),
    ("加購一則0.2 那我這樣要付多少", Need.ADDON, "addon_without_count"),
    ("What will my add-on bill be this month?", Need.ADDON, "addon_without_count"),
    ("上個月的加購費這個月會扣多少", Need.ADDON, "addon_without_count"),
])
def test_each_rule_asks_for_what_is_missing(text: str, need: Need, rule: str) -> None:
    """The rule that fires names what pricing would have had to guess."""
    question = understand(text, TODAY)
    assert question.intent is Intent.CLARIFY
    assert question.ask is not None and (question.ask.need, question.ask.rule) == (need, rule)


@pytest.mark.parametrize("text", [
    "好友2000人每月發4次要多少",  # a full volume: priced, not asked
    "How many free messages does the high plan include?",  # "how many" is a question, not a size
    "我用手機一對一跟客人聊天 聊很多也會扣嗎",  # a billed-or-free question, whatever the size
    "中用量跟高用量差在哪",  # a comparison of facts
    "加購一則含稅多少",  # tax on a named thing
    "三家店各自的帳號，每家各1000位好友，每月發2次",  # separate accounts said outright
    "含稅 1050 是哪個方案",  # a figure to identify, not a plan to choose
    "從輕用量升級中用量要多少錢",
    "今天天氣如何",  # off-topic: the polite menu, not a question back
    "WhatsApp Business 一個月多少錢",  # another product's price is not ours to guess
    "A 店帳號好友 3000，每月發 2 次",  # a lettered shop is priced, not taken for an unsized second account
    "好友2000 每月2次 不知道多少錢",  # 不知道多少錢 is the question, not an uncounted audience
    "封鎖我的人也算則數嗎 我快一半都被封鎖了",  # a share of the friends, not a change to scale
    "12/31",  # a day, not two numbers to ask about
    "加購每則多少錢",  # a unit price, whatever the month's count
    "VIP標籤有850人（總好友4200）只發VIP 每週一次 中用量夠嗎",  # the part's own count is said
])
def test_answerable_questions_are_not_asked_back(text: str) -> None:
    """Asking back is for real gaps: a complete question gets its answer."""
    assert understand(text, TODAY).intent is not Intent.CLARIFY


def chat(*turns: str, at: datetime = AT) -> str:
    """The last reply to a conversation started at `at`, as a merchant reads it."""
    conversation, store, messages = Conversation(), MemoryStore(), []
    for n, text in enumerate(turns):
        incoming = TextIn(event_id=f"e{n}", user_id="U" + "c" * 32, reply_token="r",
                          at=at + timedelta(seconds=40 * n), text=text)
        messages = conversation.handle(incoming, Turn(store=store, tagger=NullTagger(), now=incoming.at))
    return readable(messages)


def test_a_bare_number_is_asked_about_and_never_priced() -> None:
    """「2000」 gets a question quoting the number, and no plan or price."""
    reply = chat("2000")
    assert "2000" in reply and "？" in reply
    assert "NT$" not in reply and "用量" not in reply


def test_the_answer_to_a_meaning_question_completes_it() -> None:
    """「則」 after 「3000」 prices 3,000 messages a month."""
    reply = chat("3000", "則")
    assert "每月3000則" in reply and "中用量" in reply and "NT$1000" in reply


def test_separate_accounts_are_priced_each_on_their_own() -> None:
    """Three shops with their own accounts: three Medium plans, NT$3,000 in all."""
    reply = chat("三家店各1000好友每月2次", "各自一個帳號")
    assert "NT$3000" in reply and "NT$3150" in reply


def test_a_shared_account_adds_the_shops_friends_up() -> None:
    """Three shops on one account: 6,000 messages, the High plan."""
    reply = chat("三家店各1000好友每月2次", "共用一個帳號")
    assert "6000則" in reply and "高用量" in reply and "NT$1400" in reply


def test_an_upgrade_without_plans_asks_which() -> None:
    """No guessed upgrade fee: the question names what is missing."""
    reply = chat("升級要多少錢")
    assert "哪個方案" in reply and "？" in reply and "NT$400" not in reply


def test_an_unplaced_pricing_question_offers_the_kinds_of_answer() -> None:
    """It says it is unsure and asks which answer is wanted, with taps; no figure."""
    reply = chat("我們的方案好像怪怪的")
    assert "？" in reply and "方案價格" in reply and "NT$" not in reply


@pytest.mark.parametrize("text", ["請問一下～2000", "2000 謝謝🙏", "幫我算 謝謝🙏"])
def test_politeness_around_a_question_changes_nothing(text: str) -> None:
    """A greeting before or thanks and emoji after still ask back about what is missing (「幫我算」 via the wizard)."""
    assert understand(text, TODAY).intent in (Intent.CLARIFY, Intent.ESTIMATE)
    assert "？" in chat(text) and "NT$" not in chat(text)


def test_high_is_no_hello() -> None:
    """"high plan monthly fee?" starts with "hi" but greets nobody."""
    question = understand("high plan monthly fee?", TODAY)
    assert question.intent == Intent.PLAN_FACTS and question.slots.get("plan") == "high"


@pytest.mark.parametrize("text", ["一個月大概發幾次比較划算？費用怎麼算？", "費用怎麼算比較省？"])
def test_which_is_cheaper_with_no_volume_asks_for_it(text: str) -> None:
    """Cheaper depends on the month's messages: ask for them, quote no plan's price."""
    reply = chat(text)
    assert "？" in reply and "NT$" not in reply


def test_several_shops_the_same_asks_whether_they_share_an_account() -> None:
    """「三家店各1000好友」: three accounts or one shared give different bills, so the bot asks which."""
    reply = chat("三家店各1000好友，每月推4次，要多少？")
    assert "共用" in reply and "？" in reply and "NT$" not in reply


def test_the_add_on_charge_follows_the_month_priced() -> None:
    """The add-on bill of 9,000 messages on the High plan is 3,000 × NT$0.2, charged the next month."""
    reply = chat("我上個月高用量發了9000則", "那加購費什麼時候扣 多少")
    assert "加購3000則" in reply and "NT$600" in reply and "10日" in reply


@pytest.mark.parametrize(("text", "said", "unsaid"), [
    ("聽說高用量加購前5萬則0.2、之後0.15，是真的嗎？", ["NT$0.2", "NT$0.15"], ["不正確"]),
    ("網路上說中用量1,600元有25,000則，那我2萬則應該選中用量吧", ["20000則", "NT$4200"], ["25000則"]),
    ("聽說第50,001則開始是0.15，那我這個月總共要發56,000則，高用量要付多少？", ["NT$11400"], []),
    ("加購超過5萬則之後是不是每則0.15？那我加購60,000則要多少？", ["NT$12900"], []),
    ("月費 charge 了 NT$1,470 但我記得 High plan 是 1,400，多出來的 70 是什麼？", ["5%"], []),
])
def test_what_was_heard_and_what_is_asked(text: str, said: list[str], unsaid: list[str]) -> None:
    """A true tier heard is confirmed, a false one does not replace the merchant's own volume."""
    reply = chat(text)
    assert all(s in reply for s in said), reply
    assert not any(s in reply for s in unsaid), reply


def test_a_coming_list_is_not_told_before_it_was_announced() -> None:
    """Asked in September 2025, the Medium plan with tax is NT$840; the 2026 list was not public yet."""
    reply = chat("中用量一個月含稅多少？", at=datetime(2025, 9, 3, 11, 30, tzinfo=ZoneInfo("Asia/Taipei")))
    assert "NT$840" in reply and "NT$1050" not in reply


@pytest.mark.parametrize(("turns", "said", "unsaid"), [
    (["1/10 又被扣了 2,100 元，說是加購訊息費，這代表我12月多發了幾則？"], ["未稅是NT$2000", "10000則", "16000則"],
     ["10500則"]),  # what the card was charged includes the tax
    (["上個月帳單的加購費用是2,300，我是高用量，這樣大概發了幾則？"], ["11500則", "如果NT$2300是含5%營業稅的扣款"], []),
    (["每週推一次給600個好友，預算1,200未稅夠嗎？"], ["夠用", "NT$1000"], []),
    (["一個月剛好3000則，中用量可以嗎，還是要高用量？"], ["中用量足夠"], []),
    (["兩家店共用一個官方帳號，A店每月2,500則、B店4,000則，要多少？"], ["6500則", "NT$1500"], ["NT$2400"]),
    (["高用量 1月3萬則、2月6萬則、3月5千則，三個月總共多少？"], ["NT$19600"], []),
    (["0912345678 這支電話綁的帳號 幫我算一下費用"], ["幾位好友"], ["NT$"]),  # a phone number counts nothing
    (["高用量一季含稅多少錢"], ["NT$4410"], []),
    (["老闆只給我每月 1400 含稅的預算 能開高用量嗎"], ["不夠"], []),
    (["兩個品牌 各一個帳號 A好友5000每月1次 B好友5000每月1次 有人說合併成一個帳號比較省 真的假的"],
     ["NT$2800", "NT$2200"], []),
    (["這個月已經發多少則要去哪裡看"], ["帳務專區"], []),
    (["冰店 夏天 6-8 月每月發 4 次 冬天每月 1 次 好友 1200"], ["4800則", "NT$1400", "1200則", "NT$1000"], []),
    (["Is 3,000 messages enough for 1,400 friends sending twice a month?"], ["Mediumplanisenough"], []),
    (["好友1400 每月發2次 3000則夠嗎"], ["中用量足夠"], []),
    (["台北店好友 1800 每月 1 次", "那高雄店也要開一個 好友大概 3500 每月一次 兩個帳號一共多少"],
     ["1800則", "3500則", "NT$2400"], ["NT$2800"]),
    (["好友 1萬2 分成兩群", "A群 7000 每月一次 B群 5000 每月兩次 一個月多少"], ["17000則", "NT$3600"], ["36000則"]),
    (["高用量多少", "那我們要多少"], ["幾位好友"], []),
    (["年度預算NT$18,000含稅，中用量撐得住嗎"], ["NT$12600", "夠"], []),
    (["我們是冷飲店 夏天6~9月每個月發4次給2000人，其他月份每月發1次，明年一整年大概要花多少(未稅)"], ["NT$15200"],
     ["NT$12800"]),
    (["上個月優惠打85折、客單價350元，好友1,800人，每個月發3次，要什麼方案"], ["5400則", "NT$1400"], ["NT$350"]),
    (["這個月已經發了4500則 帳單大概會是多少"], ["4500則", "NT$1400"], []),
    (["我只對新加入的好友發漸進式訊息 每月大約新增150人 每人會收到3則 這樣用哪個方案"], ["450則", "中用量"], []),
    (["總好友6900人，其中三分之二是會員，只發會員，每月2次，多少錢"], ["4600", "9200則"], ["13800則"]),
    (["我們是補習班 家長好友600人 每個月月初發繳費通知、月中發活動、月底發成績 這樣要選哪個方案"], ["1800則"], []),
    (["We run a gym with 900 members on LINE and message them every Monday and Thursday. What's the monthly cost?"],
     ["7200", "NT$1640"], []),
    (["預算一個月5000含稅 好友3500 每個月可以發幾次"], ["6次", "21000則", "NT$4400", "NT$4620"], []),
    (["加購預算最多3000元，我是高用量，這個月最多可以發幾則"], ["21000則"], []),
    (["我設加購費用上限NT$2,000，預計要發25000則，會怎樣"], ["16000則", "9000則"], []),
    (["明年前三個月用中用量，後九個月用高用量，一年含稅多少"], ["NT$15600", "NT$16380"], ["NT$17640"]),
    (["今年整年都是中用量，含稅總共付了多少"], ["NT$10000", "NT$10500"], []),
    (["這個月：1號發全體2500人、10號發新客400人、20號發VIP 300人、月底再發全體一次，總共幾則 用哪個方案"],
     ["5700則", "NT$1400"], []),
    (["我們用POS系統發預約提醒 每月大約1500則(走push) 另外小編在後台群發每月2次給1000人 同一個帳號"],
     ["3500則", "NT$1400"], []),
    (["中用量這個月發到3000了", "那我現在升高用量，還可以再發幾則，要補多少"], ["NT$400", "還能發3000則"], []),
    (["只發給生日的客人 每月大概 150 個 免費方案可以嗎"], ["150則", "輕用量"], []),
    (["我12/10從輕用量升中用量，12/20又升高用量，12月月費總共多少？"], ["NT$710", "NT$400", "NT$1110", "6000則"], []),
    (["如果我12/3從中用量升高用量，12/20又申請降回中用量，1月開始月費多少？"], ["1/1起", "中用量每月NT$1000"], []),
    (["我在12/31晚上要辦跨年活動", "11點半發一則推播給全部好友，算在哪個月？"], ["23:30", "2027年1月"], []),
    (["高用量 這個月加購的則數剛好50000則（不含那6000則免費的）加購費要多少"], ["56000則", "NT$10000"], []),
    (["高用量 每個月光加購的部分就剛好62000則 加購費怎麼算"], ["68000則", "NT$13200"], []),
    (["I run two cafés with separate LINE accounts. Café A sends about 7,300 messages a month, Café B about 2,100. "
      "Total monthly cost before tax?"], ["NT$2660"], []),
    (["我有三个独立账号，每月分别发180、2900、6200条，总共多少钱？"], ["NT$2440"], []),
    (["I manage two LINE accounts for my salons.", "Salon A sends about 3,200 a month and Salon B about 2,700. "
      "What's my monthly total with tax?"], ["NT$2400", "NT$2520"], []),
    (["兩個帳號 一個中用量一個高用量 一個月月費總共多少"], ["NT$2400", "NT$2520"], []),
    (["A店跟B店加起來大概8000則 總共多少", "共用一個"], ["8000則", "NT$1800"], []),
    (["A店跟B店加起來大概8000則 總共多少", "各自的帳號"], ["幾位好友"], ["NT$"]),
    (["我們高用量 上個月發了7,500則 這樣刷卡會被扣多少？月費跟加購是分開扣嗎"], ["NT$300", "NT$1400", "10日"], []),
    (["高用量 12月總共發了9,000則", "那我1月會被扣哪些錢 各是幾號扣"], ["NT$600", "NT$1400", "1日"], []),
    (["一個push request可以放幾個message object"], ["5個"], []),
    (["聽說11月要漲價 我中用量不想付新價格 要怎麼辦"], ["輕用量", "10月27日"], []),
    (["高用量如果發6,500則 要多付多少（含稅）"], ["NT$100", "NT$105"], []),
    (["高用量 目前已經發了5,230則", "這個月再發一次給1,100個好友 會超過嗎 超過的要多少錢"], ["6330則", "NT$1466"], []),
    (["我高用量 後台寫這個月已發送5,900", "那今晚再推給260人 會多付多少"], ["6160則", "NT$1432"], []),
    (["我們用高用量 想說每月控制在2600以內", "是未稅喔 這樣可以發幾則"], ["12000則"], []),
    (["好友2萬 一年只發4次（每季一次） 發的那個月要多少錢"], ["20000則", "NT$4200"], ["NT$1533"]),
    (["同一個帳號 旺季11、12月每月9,000則 其他月份每月2,500則 一年大概要多少錢"], ["NT$14000"], ["11500則"]),
    (["好友4,800 每個月發兩次 一次發全部 一次只發女生大概2,900人 一個月多少"], ["7700則", "NT$1740"], ["5800則"]),
    (["每月發2次 一次3000人 加上生日訊息每月約200則"], ["6200則"], []),
    (["我信用卡11/1被刷了1050 這是什麼錢"], ["中用量", "NT$1000"], []),
    (["Someone told me that once you pass 50,000 add-on messages, ALL add-on messages get the 0.15 rate. True?"],
     ["No", "progressive"], ["56000"]),
    (["We're on the Light plan.", "What happens once we've used up the free messages?"], ["Lightplan", "can't"], []),
    (["2022年的時候高用量多少錢 跟現在比呢"], ["NT$4000", "NT$1400", "每月少NT$2600"], ["NT$-"]),
    (["如果高用量加購用到第50001則 那一則是多少錢？加購費總共多少"], ["NT$10000.15", "NT$0.15"], []),
    (["加購訊息是用多少扣多少嗎？我上限設2萬則 結果這個月高用量總共只發了14000則"], ["14000則", "NT$1600"],
     ["20000則"]),
    (["網路上說輕用量月費600 中用量4000 是真的嗎"], ["不正確", "高用量", "NT$1400"], []),
    (["老闆只給我每月 1400 含稅的預算 能開高用量嗎"], ["NT$1470", "不夠"], []),
    (["2025年中用量一個月多少", "含稅呢"], ["NT$840"], ["NT$1050"]),
    (["我有台北店和台中店 各自一個帳號", "台北好友5000每月發3次 台中好友200每月1次 一個月總共多少"],
     ["15000則", "200則", "NT$3200"], ["NT$3240", "20000則"]),
    (["台北好友5000每月發3次 台中好友200每月1次 一個月總共多少"], ["15200則"], ["20000則"]),
    (["官方帳號的月費可以用什麼付？"], ["信用卡", "LINEPay"], []),
    (["老闆說每月LINE預算5000 未稅", "高用量的話最多可以發幾則"], ["24000則"], []),
    (["If I end up with 60,000 add-on messages on High, is that just 60,000 x 0.15 = 9,000?"], ["66000", "NT$12900"],
     ["toolarge"]),
    (["Our bot's push calls started failing with 429 \"You have reached your monthly limit.\" What does that mean?"],
     ["notsent", "429"], []),
    (["用Messaging API push 一次塞5個message objects給同一個人 這樣算5則嗎"], ["只算1則"], []),
    (["We multicast the same coupon to 420 users on Monday and again to the same 420 on Friday. How many messages "
      "count?"], ["840"], ["3360"]),
    (["Our dental clinic: 3,200 friends, appointment reminders via push about 1,000/month plus one newsletter to "
      "everyone"], ["4200messages", "NT$1400"], []),
    (["If I downgrade from High to Light today, do I still have my 6,000 messages for the rest of this month?"],
     ["keep", "6000messages"], []),
    (["我2023年就開官方帳號了", "那年7月的時候高用量一個月多少錢、包含幾則？"], ["NT$4000", "25000則"], ["NT$1400"]),
    (["好友2000，每月发2次", "那一年呢"], ["NT$16800"], []),
    (["我們店下個月想換方案", "費用會變多少？"], ["哪個方案"], ["NT$"]),
    (["If I move from the free plan to High on January 1, 2027, do I pay the full NT$1,400?"], ["Yes", "NT$1400"], []),
    (["12/15從輕用量升中用量 要付全額1000元嗎"], ["不是", "NT$548"], []),
    (["我的bot要先去爬資料再回覆，大概要90秒", "這樣reply token還能用嗎？"], ["1分鐘", "Push", "計費"], []),
    (["好友 4000 人每月發 2 次", "加購一則多少", "那我剛剛那樣一個月總共多少錢"], ["8000則"], []),
    (["好友300 下個月1月想每天都發一次 會不會爆 多少錢"], ["9300則", "NT$2060"], ["NT$2000"]),
    (["I have 5,000 friends and want to send every single day in December. How much will December cost on the High "
      "plan?"], ["155000", "NT$26250"], ["NT$22350"]),
    (["好友一萬 只發給最近半年有消費的五分之一 每兩週一次 要什麼方案"], ["4000則", "NT$1400"], ["20000則"]),
    (["兩個帳號 一個好友2500 一個1200 都每月發2次"], ["NT$2400"], ["NT$2800"]),
    (["兩個帳號 一個好友3000 一個好友1000 每月各發2次"], ["NT$2400"], ["NT$2800"]),  # each 好友 named again
    (["我們bot用reply API一個月回4000次 另外push給300人各2次 總共算幾則"], ["每月600則"], ["4002"]),  # replies are free
    (["客人點圖文選單跳出的訊息 這個月被點了2000次 再加上群發1次給900人 算幾則"], ["每月900則"], ["2001", "2900"]),
    (["漸進式訊息要算錢嗎 每個新好友會收到3則 這個月新好友200人"], ["每月600則"], []),
    (["聽說封鎖的人也算 我好友2500 封鎖400 群發一次是不是算2500則"], ["2100則", "封鎖你的400人不計"], []),
    (["群發是怎麼算則數的", "好友1800 一次發3個對話框 算幾則"], ["共算1800則"], []),
    (["我是中用量", "好友1300 這個月還能群發幾次"], ["每月可以推2次"], ["每月要群發幾次"]),
    (["2023年9月改制的時候 輕用量從幾則變幾則"], ["500則", "200則"], []),  # the list before the change too
    (["聽說中用量還是可以加購 一則0.2"], ["只有高用量可以", "高用量每月NT$1400"], []),
    (["可以用LINE Pay付月費嗎 中用量每月1000是含稅嗎"], ["LINEPay", "含稅NT$1050"], []),
    (["每個月想控制在2500以內", "好友3000 每月發4次 夠嗎"], ["不夠", "NT$2600"], []),
    (["每個月含稅預算2500", "好友3000 每月發4次 夠嗎"], ["NT$2500（含稅）不夠", "NT$2730"], []),
    (["我輕用量已經發了200則 還能再發嗎 可以加買嗎"], ["升級中用量（每月NT$1000,免費3000則）"], []),
    (["這個月加購了2萬則 加購費含稅多少"], ["加購20000則:未稅NT$4000,含稅NT$4200"], []),
    (["我高用量 加購費不想超過2000元 可以設上限嗎 那最多能多發幾則"], ["加購10000則"], []),
    (["Messaging API 一般 endpoint 每秒上限多少"], ["每秒2000次"], []),
    (["我2千好友每月群發1次", "啊我忘了說 每次都發兩個對話框 這樣會變貴嗎"], ["只算1則", "中用量,每月NT$1000"], []),
    (["reply 要錢嗎", "那reply token過期改用push補發 一天大概80次 一個月30天算幾則"], ["一個月約2400則"], []),
    (["高用量加購一則含稅是多少？超過5萬則之後呢"], ["含稅NT$0.21", "含稅NT$0.1575"], []),
    (["我3月高用量月費1400 含稅實際會扣多少 哪天扣"], ["含稅NT$1470", "每月1日扣款"], []),
    (["聽說輕用量也可以付費加購訊息 我不想升級"], ["輕用量從來都不能加購"], ["升級:立即生效"]),
    (["我記得2023年8月的時候輕用量一個月可以發500則對吧？現在呢"], ["輕用量NT$0、500則", "輕用量NT$0、200則"], []),
    (["我們高用量 加購費用上限設3000元", "這樣一個月總共最多發幾則"], ["最多可發21000則"], []),
    (["聽說高用量加購超過5萬則之後整批都變0.15 我這個月要發8萬則 這樣多少錢"], ["每月NT$15000（未稅）"], ["從來不是"]),
    (["高用量超過6000則之後每則多少錢？"], ["每則NT$0.2"], ["每月6000則:建議"]),  # a price per message, not a month
    (["聽說官方公布的月費已經含稅了？"], ["不是", "另加5%營業稅"], []),
    (["我們有兩個帳號都是高用量 加起來這個月發了7萬則 加購費多少", "一個3萬則 一個4萬則"], ["合計:每月NT$14400"], []),
    (["下個月要換方案", "會差多少錢"], ["請問你現在是哪個方案"], ["NT$400"]),
    (["我高用量", "2/10扣了1,050 是加購費嗎 那我1月總共發了幾則"], ["未稅是NT$1000", "11000則"], ["11250則"]),
    (["我是高用量 1/10又被扣了2100 這是什麼錢"], ["未稅是NT$2000", "加購10000則"], []),
    (["高用量 3/10 卡扣12,705 這樣2月發了幾則"], ["加購64000則", "當月約發了70000則"], []),  # across the 50,000 tier
    (["昨天從中用量升高用量 卡片馬上刷了420 這對嗎"], ["月費差額（未稅NT$400,含稅NT$420）"], []),
    (["好友一萬二 每個月群發一次 然後新加入的歡迎訊息一個月大概500人"], ["每月12000則"], ["每月500則"]),
    (["這個月新加了400個好友 都有收到歡迎訊息 另外群發一次給全部2400人 總共扣幾則"], ["每月2400則"], ["每月400則"]),
    (["客人點圖文選單跳出的回覆 一天大概100次 再加上每月群發一次給1100人 這樣一個月算幾則"], ["每月1100則"], []),
    (["都2/1了還沒看到扣款 月費不是1號扣嗎 高用量會扣多少"], ["高用量月費NT$1400（含稅NT$1470）"], []),
    (["我是中用量", "12/1扣了多少 含稅"], ["中用量月費NT$1000（含稅NT$1050）"], []),
    (["我是中用量", "聽說超過3000則之後可以一則0.2加購 是嗎"], ["不對", "高用量每月NT$1400"], []),
    (["好友4000 每月群發2次 其中一次只發台北的1200人"], ["每月5200則"], ["9200則"]),  # one of the two, not a third
    (["VIP 300人每週推播 全體1500人每個月再發一次 哪個方案"], ["每月2700則", "中用量"], []),
    (["中用量 好友1600"], ["發給1600位好友,每月可以推1次"], []),
    (["中用量 好友1600", "為什麼才12/4就用完了 這個月才發兩次"], ["每月3200則"], []),
    (["後台帳務專區那個已發送則數 多久更新一次"], ["每天凌晨0點更新"], []),
    (["設計師說可以每月發活動 我們客人大概1300位 一個月大概發2次 費用多少"], ["每月2600則"], ["3900則"]),
    (["兩家店分開兩個帳號 一個好友180 一個好友190 都每月發一次 要付錢嗎"], ["合計:每月NT$0", "不用付錢"], []),
    (["我們兩個官方帳號 好友加起來4000 每個月各發2次 一個月總共多少", "一個3000 一個1000"], ["NT$2400"], ["NT$2800"]),
    (["我們兩個官方帳號 好友加起來4000 每個月各發2次", "A店好友3000每月2次 B店好友1000每月4次"], ["NT$2800"], []),
    (["兩個帳號 一個好友2500 一個1200 一個每月發2次 一個每月發1次", "一個好友2500每月2次 一個好友1200每月1次"],
     ["5000則", "1200則", "NT$2400"], ["NT$2800"]),
    (["我有两家店，各自的账号，一家好友1000，一家好友2500，都每月发一次", "那如果合并成一个账号呢"],
     ["3500則", "NT$1400"], []),
    (["好友 1200 還有另一個帳號 每月發一次 一共要多少", "好友2500"], ["1200則", "2500則", "NT$2000"], ["NT$1400"]),
    (["1月大概發1500則", "2月預計12000則，兩個月最少要多少"], ["NT$3600"], []),
    (["預算每月3000未稅", "好友2,000人，能推幾次"], ["7次"], []),
    (["中用量發超過3000怎麼辦", "那升級要補多少錢"], ["NT$400"], []),
    (["這個月高用量發了 60000 則", "不對，是 6 萬 5"], ["65000則"], []),
    (["我們 salon 有 1,000 friends", "每個月 push 3 次 enough for 中用量嗎?"], ["中用量足夠"], []),
    (["We run two salons with separate LINE accounts: one sends 150 messages a month, the other 7,000. "
      "Total monthly cost?"], ["NT$1600"], []),
    # two charges side by side: which fee each was, then whether the plan or the price list changed
    (["2月扣1470 3月1號扣1050 怎麼變少了"], ["NT$1470是高用量", "NT$1050是中用量", "從高用量改成中用量"], []),
    (["10/1扣1260 11/1扣1470 為什麼差了210"], ["未稅NT$1200；2023/9/1起價格", "由未稅NT$1200調整為NT$1400"],
     ["改成"]),
    (["卡費從840變1050 是多收了嗎"], ["NT$840是中用量", "不是多收"], []),
    (["高用量加購5萬則以內都是0.2嗎 那加購55000則要多少"], ["加購55000則:未稅NT$10750"], []),  # the count asked
    (["高用量 這個月發了1萬2", "含稅呢"], ["含稅:每月NT$2730"], []),  # a count sent with no unit is messages
    (["高用量 這個月已經發了6000則", "再發2500則 加購要多少"], ["每月8500則", "加購2500則×NT$0.2"], []),
    (["We're on High and have already sent 6,000 messages this month.",
      "If we send 2,500 more, what's the add-on cost?"], ["8500messagesamonth"], []),
    (["高用量現在是一個月4000塊嗎 免費可以發幾則"], ["月費NT$1400", "每月免費訊息6000則"], ["預算"]),  # a fee checked
    (["高用量 1/1扣了1470 12月我發了7000則 1/10還會再扣嗎 多少"], ["加購1000則,加購費NT$200（未稅）,含稅NT$210"], []),
    (["今天12/17從輕用量升中用量 刷了多少才對"], ["輕用量→中用量", "當月月費NT$484"], []),  # the change, not a bill
    (["輕用量 12/15 要升高用量", "這個月要付多少 可以發多少則"], ["輕用量→高用量", "當月月費"], ["請問"]),
    (["multicast 一次最多幾個 user ID", "那我要推給1200人 要打幾次 算幾則"], ["要呼叫3次", "共1200則"], []),
    (["用multicast推給1001人要打幾次"], ["要呼叫3次", "共1001則"], []),
    (["我有3間分店 各自有自己的官方帳號 每間每月大概發兩千六 總共要付多少"], ["3個帳號每月合計NT$3000"], ["請問"]),
    (["我2022年就開官方帳號了", "那時候高用量多少"], ["2022年", "高用量NT$4000"], []),  # 那時候: the year said
    (["則數用完之後 API push 還會送出去嗎 會回什麼錯誤"], ["429"], []),
    (["reply免費嗎？push給300人算幾則"], ["Reply（回覆）訊息免費", "發送1次給300人,共算300則"], ["中用量"]),
    (["Is the reply API free? If I push to 300 users, how many messages is that?"], ["counts300messages"], []),
    (["好友1萬人每月發3次要多少", "太貴了", "那如果改每月發1次呢"], ["每月10000則"], ["請問"]),  # a sigh keeps it
    (["我同事說它降價了", "我是說高用量,從 4000 元降到 1200 元那次"], ["NT$4000"], ["不是多收"]),  # a list, not a bill
])
def test_bills_budgets_and_months(turns: list[str], said: list[str], unsaid: list[str]) -> None:
    """Charges read back as messages, budgets and plans checked, months and shops summed, follow-ups kept."""
    reply = chat(*turns)
    assert all(s in reply for s in said), reply
    assert not any(s in reply for s in unsaid), reply


def test_now_in_a_months_last_half_hour_counts_to_the_next_month_in_english_too() -> None:
    """「現在馬上群發…會算這個月的嗎」 at 23:30 on 31 March, and "count for April or May?" at 23:40 on 30 April."""
    march = chat("我中用量 這個月還剩500則", "現在馬上群發給400人 會算這個月的嗎",
                 at=datetime(2027, 3, 31, 23, 30, tzinfo=AT.tzinfo))
    assert "算在2027年4月的則數" in march
    april = chat("If I broadcast right now to 2,000 friends, does it count for April or May?",
                 at=datetime(2027, 4, 30, 23, 40, tzinfo=AT.tzinfo))
    assert "countstowardMay2027" in april


def test_a_month_after_a_past_date_is_in_that_year() -> None:
    """「2023年9月初 高用量多少錢」 then 「那8月底呢」: August 2023 (NT$4,000 on the 2019 list), not this August."""
    reply = chat("2023年9月初 高用量多少錢", "那8月底呢")
    assert "高用量NT$4000" in reply and "2023年8月" in reply


def test_next_month_after_a_plans_price_is_on_next_months_list() -> None:
    """「高用量現在還是1200嗎？」 then 「那下個月呢」 in October 2026: November's list says NT$1,400."""
    october = datetime(2026, 10, 15, 9, 40, tzinfo=AT.tzinfo)
    assert "月費NT$1200" in chat("高用量現在還是1200嗎？", at=october)
    assert "月費NT$1400" in chat("高用量現在還是1200嗎？", "那下個月呢", at=october)


def test_daily_pushes_beside_free_replies_count_the_named_months_days() -> None:
    """「reply回 一個月大概3000次 另外每天固定push給20個人 這個月(1月)」: only the pushes, 20 × 31 days."""
    reply = chat("客人傳訊息我都用reply回 一個月大概3000次 另外每天固定push給20個人 這個月(1月)算幾則",
                 at=datetime(2027, 1, 5, 10, 0, tzinfo=AT.tzinfo))
    assert "每月620則" in reply


def test_a_send_at_the_months_last_minutes_counts_to_the_next_month() -> None:
    """「現在群發…會扣到1月還是2月的額度」 at 23:30 on 31 January: Japan time is already February."""
    reply = chat("現在群發給2000人 會扣到1月還是2月的額度", at=datetime(2027, 1, 31, 23, 30, tzinfo=AT.tzinfo))
    assert "算在2027年2月的則數" in reply


@pytest.mark.parametrize("text", ["這個多少", "一年要多少？", "這樣會不會超過？"])
def test_this_with_nothing_before_asks_what(text: str) -> None:
    """「這個」 with no earlier question has no referent: ask, quote no price."""
    reply = chat(text)
    assert "？" in reply and "NT$" not in reply


@pytest.mark.parametrize("text", [
    "2w 多少", "我們大概兩千多，一個月要多少", "三千五 這樣要選哪個", "每個月發3次，要升級嗎？", "高用輛划算嗎",
    "Is it cheaper?", "What's that with tax?", "它可以加購嗎？", "Is that one enough for us?",
    "漲價後我每個月總共要付多少？",
    "上個月發了好多 這個月會被扣多少", "我要加購，這個月會多付多少錢？", "只發給VIP要多少", "換成高用量要補多少錢",
])
def test_what_cannot_be_priced_yet_is_asked_back(text: str) -> None:
    """A number with no unit, a plan change from an unknown plan, "it" with nothing before: a question, no price."""
    reply = chat(text)
    assert "？" in reply or "?" in reply
    assert "NT$1400" not in reply and "NT$1000" not in reply, reply


@pytest.mark.parametrize(("turns", "said"), [
    (["好友三千，月推2"], ["6000則", "NT$1400"]),
    (["IG粉絲10萬，LINE好友500，每月發4次，要多少？"], ["2000則", "NT$1000"]),
    (["好友人數：3200／頻率：每月1次"], ["3200則"]),
    (["好友3千 每月推播2次 + 再分眾推VIP 500人 2次，這樣要多少"], ["7000則", "NT$1600"]),
    (["好友6000，每月1次，高用量需要加購嗎"], ["高用量足夠"]),
    (["我們是中用量", "這個月已經發了2800則，還要發一次給1000人，怎麼辦"], ["3800則", "NT$400"]),
    (["好友6000，每月1次", "如果多發一次給新加入的300人呢"], ["6300則", "NT$1460"]),
    (["2,000 friends, weekly", "sorry, I meant monthly"], ["2000messages", "NT$1000"]),
])
def test_terse_and_follow_up_volumes(turns: list[str], said: list[str]) -> None:
    """Terse sends, other platforms' followers, labelled fields, a segment as its own send, corrections."""
    reply = chat(*turns).replace(" ", "")
    assert all(s in reply for s in said), reply


@pytest.mark.parametrize(("turns", "said", "unsaid"), [
    (["API 推播給一堆 user ID，裡面有些 ID 已經不存在了，這些也會被扣嗎？"], ["不計入", "免費"], []),
    (["我這個月（11月）高用量會加購 3000 則，那加購費 12/10 會扣多少？含稅喔"], ["NT$630", "10日"], []),
    (["高用量加購的錢，是照我設的上限收，還是用多少收多少？我設上限 3000 元，結果只多發了 2500 則"], ["NT$500"],
     ["NT$3150"]),
    (["我中用量這個月已經發了 1800 則", "現在升高用量，還能發幾則？"], ["4200則"], []),
    (["2023 年 9 月到 2026 年 10 月中間，LINE 有沒有再調過價？"], ["沒有"], []),
    (["有篇文章寫輕用量 800、中用量 4000、高用量 10000，是新價格嗎？"], ["不正確", "NT$1400"], []),
    (["A blog says Light is NT$600 and Medium NT$4,000 per month.", "Is that right?"], ["NT$1000"], []),
    (["richmenu 的 postback data 最长多少字？"], ["300"], []),
    (["我們工程師在寫 webhook", "他問 reply token 拿到之後多久內要用掉？"], ["1分鐘"], []),
])
def test_facts_merchants_and_engineers_ask(turns: list[str], said: list[str], unsaid: list[str]) -> None:
    """Free kinds, add-on charges and their dates, used messages carried into an upgrade, history and hearsay."""
    reply = chat(*turns)
    assert all(s in reply for s in said), reply
    assert not any(s in reply for s in unsaid), reply


def test_what_to_set_before_the_coming_list() -> None:
    """Asked on 2026-10-10: before 10/27, add a secondary payment method (and the other steps for the new list)."""
    asked = datetime(2026, 10, 10, 10, tzinfo=ZoneInfo("Asia/Taipei"))
    reply = chat("LINE 說 10/27 之前要先設定什麼付款方式？", at=asked)
    assert "次要付款方式" in reply


@pytest.mark.parametrize("text", ["我這個月想換方案，什麼時候會生效？", "如果從 15 號開始用，這個月費用怎麼算？",
                                  "Upgrading today — how many messages will I have left this month?",
                                  "升到高用量之後，這個月還有幾則可以發？", "我上個月被扣了好多錢，是怎麼算出來的？"])
def test_a_change_or_start_with_no_plan_asks_which(text: str) -> None:
    """From which plan, to which plan: the answers differ, so the bot asks instead of assuming one."""
    reply = chat(text)
    assert "？" in reply or "?" in reply
    assert "NT$400" not in reply and "則可以發" not in reply, reply


@pytest.mark.parametrize(("turns", "said", "unsaid"), [
    (["我們有兩個官方帳號，一個好友2500人，一個好友700人，都是每月發一次"], ["NT$2000"], ["NT$0（"]),
    (["敬啟者：本診所好友約2,400位，預計每月發送看診提醒及衛教資訊各一次，每月費用含稅為何？"], ["4800則", "NT$1470"],
     []),
    (["好友1500人，每月發一次會員優惠給全部人，另外每月生日祝福大概發150人，總共幾則？"], ["1650則"], []),
    (["一个账号，好友2000人，每月群发2次；另外用Push API给大约500位会员发预约提醒，每人每月2次。选哪个方案？"],
     ["5000則", "NT$1400"], []),
    (["我們好友9000人，封鎖的大概1500人", "每月發一次的話，高用量會被收加購費嗎？加購多少？"], ["NT$300"], ["NT$600"]),
    (["好友3200人，每月發一次，要選哪個方案？", "啊我剛看後台，封鎖的有500人，這樣呢？"], ["2700則", "NT$1000"], []),
    (["我只想用特定對象訊息發給50個VIP，可以嗎？"], ["不夠", "100"], ["4000"]),
    (["高用量6000則用完一定要加購嗎 沒有更高的方案可以升嗎"], ["最高的方案"], []),
    (["We're on the High plan and sent 20,000 messages in January. What will the extra-message charge be, and when "
      "is it billed?"], ["NT$2800", "10"], []),
    (["一年预算12000元（未税），每个月都用中用量够吗？"], ["夠付"], []),
    (["9月9日从轻用量升级到高用量，这个月要付多少（含税）？"], ["NT$1078"], []),
    (["圖文選單最多可以切幾個區塊？postback 的 data 最長可以多少字？"], ["20", "300"], []),
])
def test_shops_parts_blocked_and_charges(turns: list[str], said: list[str], unsaid: list[str]) -> None:
    """Per-account audiences, sends of several kinds, blocked friends said later, small segments, tax on a change."""
    reply = chat(*turns, at=datetime(2027, 9, 9, 10, tzinfo=ZoneInfo("Asia/Taipei")))
    assert all(s in reply for s in said), reply
    assert not any(s in reply for s in unsaid), reply


@pytest.mark.parametrize(("turns", "said", "unsaid"), [
    (["最多可以放幾個?"], ["？"], ["13"]),
    (["最多可以放幾個?", "我是說 quick reply 的按鈕"], ["快速回覆最多13個"], []),
    (["那種回覆要算則數嗎?", "就是客人傳關鍵字,系統自動回的那種"], ["自動回應", "免費"], []),
    (["那筆費用哪天扣?", "加購的費用,11 月用的那些"], ["2026年12月10日"], []),
    (["則數用完之後再用 API 推播會怎樣?"], ["429"], []),
    (["高用量是從第幾則開始算加購?"], ["第6001則起算加購"], ["沒錯"]),
    (["On the High plan, is message number 6,000 still free and number 6,001 charged?"], ["Yes.", "6001", "NT$0.2"],
     []),
    (["聽說一對一聊天只有 24 小時內回覆才免費?"], ["不是這樣", "免費"], ["沒錯"]),
    (["聽說群發要算則數是真的嗎"], ["沒錯", "計費"], ["不是這樣"]),
    (["聽說中用量升級高用量,要再付整個月的 1400?"], ["不是這樣", "當下收NT$400"], []),
    (["聽說中用量升級高用量只要補400?"], ["沒錯:當下收NT$400"], ["不是這樣"]),
    (["webhook redelivery 預設有開嗎?"], ["預設是關閉的"], []),
    (["單一個 bubble 的 JSON 大小上限是多少?"], ["30KB"], []),
    (["我以前用高用量,每月發 8000 則,那時候要付多少?"], ["哪個時候"], ["NT$"]),
    (["我以前用高用量,每月發 8000 則,那時候要付多少?", "2022年"], ["2019/4/18起價格", "用高用量的話,每月是NT$4000"],
     []),
    (["如果這個月多發一萬則,要多付多少?"], ["？"], ["NT$"]),
    (["我的訊息額度已經用完了,怎麼辦?"], ["哪個方案"], ["NT$"]),
    (["我的訊息額度已經用完了,怎麼辦?", "中用量"], ["升級高用量"], []),
    (["我是中用量", "這個月則數快用完了，怎麼辦？"], ["升級高用量"], ["哪個方案"]),
])
def test_limits_heard_claims_and_answers_that_complete_the_question(turns: list[str], said: list[str],
                                                                     unsaid: list[str]) -> None:
    """A thing named after 'which?', what was heard confirmed or corrected, and what to do once messages run out."""
    reply = chat(*turns, at=datetime(2026, 12, 9, 10, tzinfo=ZoneInfo("Asia/Taipei")))
    assert all(s in reply for s in said), reply
    assert not any(s in reply for s in unsaid), reply


@pytest.mark.parametrize(("turns", "said", "unsaid"), [
    (["每月大概 6000 則,有時候會到 6200,用高用量的話最多多付多少?"], ["NT$1440", "+NT$40"], []),
    (["我們好友 1 萬人", "每月全體發 1 次,再對其中 1500 位 VIP 多發 2 次,這樣一個月多少?"], ["13000則", "NT$2800"],
     ["4500則"]),
    (["哈囉 我自己一個人開美甲工作室啦 line好友目前320個 我想說每個月發2次 這樣用免費的就可以嗎"], ["640則"],
     ["好友1人"]),
    (["家長加好友的大概有2300位 每個月月底會發成績單通知 這樣中用量OK嗎"], ["2300則", "中用量足夠"], []),
    (["好友 600 週末兩天都會發 六日各一則 這樣要多少"], ["好友600人×每週2次"], []),
    (["好友約莫一千二 月發二次 這樣會不會很貴"], ["2400則"], []),
    (["好友2200 月初發一次活動 月中發一次提醒 然後API推播預約提醒一個月大概300則"], ["4700則"], []),
    (["高用量超過6000則之後 每則是0.2嗎 我們大概會多發 2000 則"], ["加購NT$400", "NT$1800"], []),
    (["我們現在高用量 好友 6800", "這個月發了兩次 加購要付多少"], ["13600則", "NT$1520", "NT$2920"], []),
    (["發票開出來會是多少錢 我們是中用量 沒有多發"], ["NT$1050"], []),
    (["好友 2800 每月發一次", "要加5%的稅嗎 加完多少"], ["含稅:每月NT$1050"], ["140則"]),
    (["中用量跟高用量差多少", "那含稅差多少"], ["NT$420"], []),
    (["中用量跟高用量差在哪？", "那我該選哪個？"], ["？"], ["NT$420"]),
    (["預算 3000 夠不夠?", "好友 5000 人,每月發 2 次"], ["夠用", "NT$2200"], []),
    (["高用量發 5 萬 6 千則要多少?", "那如果再多發 4000 則呢?"], ["60000則", "NT$12000"], []),
    (["中用量這個月已經發了 2999 則,下一次群發給 300 人,發得出去嗎?"], ["3299則", "中用量不夠"], []),
    (["We're on the High plan and sent 90,000 messages in November 2026. What's the total bill with tax?"],
     ["NT$17325"], []),
])
def test_long_and_spaced_messages_and_their_follow_ups(turns: list[str], said: list[str], unsaid: list[str]) -> None:
    """Counts buried in chat, sends said by the day of the month, a busier month, tax and more messages after."""
    reply = chat(*turns, at=datetime(2026, 12, 9, 10, tzinfo=ZoneInfo("Asia/Taipei")))
    assert all(s in reply for s in said), reply
    assert not any(s in reply for s in unsaid), reply


@pytest.mark.parametrize(("at", "text", "month"), [
    (datetime(2027, 1, 31, 22, 40, tzinfo=ZoneInfo("Asia/Taipei")), "今晚10點40分群發 算1月的額度吧？", "2027年1月"),
    (datetime(2027, 1, 31, 23, 20, tzinfo=ZoneInfo("Asia/Taipei")), "今晚11點20分群發 算1月的額度吧？", "2027年2月"),
])
def test_tonight_is_today_evening_and_its_month_is_japan_times(at: datetime, text: str, month: str) -> None:
    """「今晚」 is the evening of the day asked; before 23:00 Taiwan time a send still counts to this month."""
    assert f"算在{month}的則數" in chat(text, at=at)


def test_a_price_heard_to_change_next_month_shows_both_lists() -> None:
    """「高用量現在多少錢 聽說9月要改?」 in August 2023: today's fee and the coming one."""
    said = chat("高用量現在多少錢 聽說9月要改?", at=datetime(2023, 8, 20, 10, 0, tzinfo=ZoneInfo("Asia/Taipei")))
    assert "高用量NT$4000" in said and "高用量NT$1200" in said


def test_next_months_fee_comes_from_the_list_in_force_next_month() -> None:
    """「中用量下個月多少」 on 2026/10/25: November's fee is the new list's NT$1,000, not October's NT$800."""
    october = datetime(2026, 10, 25, 10, 0, tzinfo=ZoneInfo("Asia/Taipei"))
    said = chat("中用量下個月多少", at=october)
    assert "月費NT$1000" in said and "NT$800" not in said
    assert "不夠付" in chat("每月預算1000 含稅 中用量下個月還夠嗎", at=october)
    assert "NT$1000對NT$1400" in chat("聽說下個月開始中用量變1000 是真的嗎 那輕用量也會漲嗎", at=october)


def test_line_changing_its_plans_is_no_plan_change_of_ours() -> None:
    """「聽說9月LINE要改方案」 in June 2023: the coming list's 輕用量, not how to switch plans."""
    said = chat("聽說9月LINE要改方案 輕用量會變成幾則", at=datetime(2023, 6, 12, 10, 0, tzinfo=ZoneInfo("Asia/Taipei")))
    assert "輕用量NT$0、200則" in said and "方案變更" not in said


def test_fees_after_a_coming_rise_come_from_the_coming_list() -> None:
    """「聽說11月要漲價」 then 「漲完中用量跟高用量各多少」 in September 2026: NT$1,000 and NT$1,400."""
    september = datetime(2026, 9, 20, 10, 0, tzinfo=ZoneInfo("Asia/Taipei"))
    said = chat("聽說11月要漲價", "漲完中用量跟高用量各多少", at=september)
    assert "NT$1000對NT$1400" in said and "NT$800對" not in said
