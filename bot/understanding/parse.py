"""Turns a merchant's message (and what they asked a moment ago) into a Question."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from bot.understanding.dates import find_date
from bot.understanding.normalize import normalize
from bot.understanding.numbers import arabic
from bot.understanding.question import Question

Slots = dict[str, Any]


def rx(pattern: str) -> re.Pattern[str]:
    """Compile a keyword pattern (the text is already case-folded)."""
    return re.compile(pattern)


# --- keyword cues -------------------------------------------------------------------------------
PLAN_WORDS = (
    ("light", rx(r"輕用量|輕用[亮兩涼良]|輕(?=升|降)|(?<=降)輕|免費[的ㄉ]?方案|輕量|低用量|免費方案|免費版|免費的方案|免費(?=升|改|換|轉)|(?<=從)免費|free plan|\bfree\b(?= to| plan)|"
                 r"(?<=from )free|(?<=from the )free|(?<=回)免費|light|communication plan|輕(?=[、,/跟和與]?中)")),
    ("medium", rx(r"中用量|中用[亮兩涼良]|(?<![月當期])中(?=升|降)|(?<=[升降])中(?!用)|最便宜的付費方案|cheapest paid plan|中量|(?:800|1000)元?的?方案|medium|\bmid\b|mid plan|middle plan")),
    ("high", rx(r"高用量|高用[亮兩涼良]|高(?=降)|(?<=升)高(?!用)|高量|(?:1200|1400)元?的?方案|\bhigh\b|high plan|pro plan")),
)
FRIEND_UNIT = r"(?:個|位|名)?\s*(?:位(?!數)|名(?!稱)|好友|粉絲|朋友|人|客人|會員|位客戶|客戶|line friends|friends?|followers?|fans|people|users|subscribers|customers|recipients)"
FRIENDS_AFTER = rx(r"(?<![\d./])(\d+)\s*" + FRIEND_UNIT)
FRIENDS_BEFORE = rx(
    r"(?:好友|粉絲|好有|朋有|朋友|會員|followers?|friends?|audience)\s*(?:數|人數|數量|總數)?\s*"
    r"(?:有|約|大約|大概|是|為|:|共|快|將近|差不多|目前|現在|剛好|超過|of|=|about|around)*\s*(\d+)(?![\d/])"
    r"(?!\s*(?:週|次|個?月|天|則|元|號|日|times|a |per))"
)
FRIENDS_CONTEXT = rx(r"(?:好友|加line|加好友|粉絲|客人|會員|followers|friends).{0,12}?(?<![\d/])(\d+)\s*(?:個|位|人|名)(?!月)")
PER_PERIOD_MESSAGES = rx(r"(\d+)\s*messages?\s+(?:per|a|every|each)\s+(week|month|day)")
PERIOD_WORDS = {"week": "week", "month": "month", "day": "day"}
NO_SPEND = rx(r"不想花錢|不花錢|不想付費|不付費|免費就好|零預算|沒有預算|no budget|without paying|for free")
GIVE_TO = rx(r"(?:給|發給|推給|傳給|送給|to)\s*(\d+)\s*(?:個|位|名)?\s*(?:人|好友|位|people|friends|users)?")
SENDS = rx(r"(?<![\d./])(\d+)\s*(?:次|回|檔|波|封|times?|broadcasts?|push(?:es)?|sends?|blasts?|campaigns?|promos?|"
           r"posts?|newsletters?)")
SENDS_EN = rx(r"(?:send|push|broadcast|post)\w*\s+(\d+)\s*(?:times?\s*)?(?:a|per|every|each)\s+(?:month|week|day)")
MESSAGES = rx(r"(?<![\d./第])(\d+)\s*(?:則|封訊息|messages?|msgs?)")
BUDGET_BEFORE = rx(
    r"(?:預算|budget|只想花|想花|能花|可以花|只花|花|付|spend|afford|出|有|最多)\s*(?:是|為|of|is|:|大約|約|大概|only|nt\$|\$)*\s*"
    r"(\d+(?:\.\d+)?)\s*(?:元|nt|ntd|twd|dollars?)?"
)
MONEY = rx(r"(?:nt\$|\$|ntd\s*)\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*(?:元|ntd|twd|nt\b|dollars)")
NEGATIVE = rx(r"(?<![a-z0-9])-\s*\d|負\s*\d")
PERIODS = (
    ("day", rx(r"每天|每日|一天|1天|天天|daily|a day|per day|each day|every day|/day")),
    ("week", rx(r"每個?週|一週|1週|週|weekly|a week|per week|each week|every week|/week")),
    ("month", rx(r"每個?月|一個月|1個月|一月|月|monthly|a month|per month|each month|every month|/month")),
)
SEND_VERB = rx(r"推|發|群發|傳|broadcast|send|push|post|blast|message them")
WEEKLY_WORDS = rx(r"\bweekly\b|every week|each week|每週|每個週")
DAILY_WORDS = rx(r"\bdaily\b|every day|each day|每天|每日|天天")

TAX = rx(r"含稅|含税|加稅|稅|營業稅|vat|\btax")
GREETING = rx(r"^(?:hi+|hello|hey|哈囉|哈嘍|哈啰|嗨|你好|您好|妳好|安安|早安|午安|晚安|早|good (?:morning|afternoon|evening)|"
              r"在嗎|請問一下|請問)(?:\s*(?:there|everyone|all|呀|啊|喔|哦|唷|耶|老闆|店長|bot))?[\s!~,.。!?~～]*")
THANKS = rx(r"謝謝|謝啦|謝了|感謝|感恩|多謝|thx|thanks|thank you|3q|tks|ty\b|好的謝|了解謝")
HELP = rx(r"你是誰|你是機器人|who are you|are you a bot|你會什麼|你能做什麼|你可以幫我做什麼|怎麼用|如何使用|選單|功能|使用說明|說明書|可以問你什麼|能問什麼|^help$|"
          r"what can you do|how do i use|^menu$|^選單$|help me|can you help|教學")
GENERAL_PRICE = rx(r"官方帳號.{0,6}(?:要錢|收費|費用|價格|多少錢|怎麼算|要付費)|怎麼收費|收費方式|費用怎麼算|方案價格|"
                   r"how much (?:is|does) (?:a )?line official account")
COMPARE = rx(r"[三3][種個]方案|列.{0,6}方案|what are the plans|plans and prices|price list|pricing plans|比較|比一比|差別|差在哪|差多少|有什麼不同|不同|哪些方案|幾種方案|所有方案|方案一覽|一覽|價目表|價格表|區別|對比|"
             r"\bvs\.?\b|compare|difference|which plans|what plans|plans are (?:there|available)|list all plans|all plans|"
             r"哪個比較划算|有差嗎|輕.{0,2}中.{0,2}高|哪個划算|方案有哪|有哪幾種|分別是多少|每個方案|各方案|三個方案|三種方案|付費方案有")
FEE = rx(r"多少錢|多少|月費|月租|費用|價格|價錢|收費|要錢|錢|免費|how much|cost|fee|price|free")
QUOTA_ASPECT = rx(r"幾則|多少則|則數|額度|免費訊息|可以發|能發|how many|messages|quota")
ADDON = rx(r"加購|多買|額外|超過|不夠|add-?on|additional|extra|buy more|over the")
PLAN_INFO = rx(r"內容|包含|介紹|是什麼|what is|include")
CHANGE = rx(r"升級|降級|升到|降到|升中|升高|變更方案|改方案|換方案|改回|降回|換回|降成|升成|換到|改到|降為|升為|購買.{0,6}方案|買.{0,4}方案|"
            r"purchase|buy (?:a |the )?\w* ?plan|轉成|轉到|切換|退回|取消|變更|"
            r"upgrad|downgrad|switch|change (?:my |the )?plan|move to|go (?:back )?to")
SWITCH_WORDS = rx(r"改成|換成|改|換|轉|到|升|降|→|->|\bto\b")
UPGRADE = rx(r"升級|升到|升中|升高|upgrad|改成|換成|switch to|change to|move to")
DOWNGRADE = rx(r"降級|降到|降回|換回|改回|退回|取消|downgrad|go back|back to")
PRORATE = rx(r"按天|天數|比例|當月|這個月|本月|整個月|prorat|this month|first month|pro-rat|剩下的天")
WHERE = rx(r"(?<!差)在哪|(?<!寄到)(?<!差在)哪裡|去哪|where|哪邊|哪一頁|路徑")
HOWTO = rx(r"(?:怎麼|如何|要怎樣|how do i|how to|how can i)\s*(?:設定|設置|改|修改|更改|換|新增|加|調整|填|看|查|找|set|change|update|"
           r"add|edit|enter|see|check|find)")
TOPICS = (
    ("cap", rx(r"上限|cap|limit on|spending limit|maximum")),
    ("usage", rx(r"(?<![輕中高低])用量|剩餘則數|剩下幾則|發了幾則|發了多少|用了多少|用了幾則|剩多少|剩幾則|已發送|usage|how many .* sent")),
    ("payment", rx(r"付款方式|信用卡|卡號|payment|credit card|card")),
    ("invoice", rx(r"統編|發票|invoice|tax id")),
    ("change_plan", rx(r"方案|升級|降級|plan|upgrade|downgrade")),
)
BILLING = rx(r"扣款|扣錢|扣.{0,6}錢|\d+號扣|扣嗎|請款|什麼時候.{0,2}扣|何時.{0,2}扣|幾號扣|哪1?天扣|哪天扣|哪1?天收|半夜|算到下個月|跨月|什麼時候收|何時收|什麼時候付|何時付|幾號收|"
             r"when .{0,20}(?:charged|billed|pay)|付款|刷卡|信用卡|line ?pay|發票|統編|帳單|日本時間|時區|幾號扣|帳務|轉帳|atm|支付|"
             r"charged|invoice|pay with|time zone|billing|bill\b|payment|收到帳單|扣款失敗|三聯|二聯|晚上11點|23點|算哪個月")
KINDS = (
    ("bubbles", rx(r"對話框|泡泡|bubbles?|訊息框|幾個框|3則訊息算|多則訊息|訊息物件|message objects?")),
    ("voom", rx(r"voom|貼文串|動態消息")),
    ("group", rx(r"群組|多人聊天|group")),
    ("welcome", rx(r"歡迎訊息|歡迎詞|歡迎語|招呼語|加入好友的訊息|加好友.{0,8}(?:訊息|詞|語)|招呼訊息|greeting message|welcome")),
    ("auto_reply", rx(r"自動回應|自動回覆|關鍵字回應|關鍵字回覆|關鍵字自動|ai自動|auto-?repl|auto-?respon|keyword")),
    ("rich_menu", rx(r"圖文選單|rich ?menu|選單")),
    ("step", rx(r"漸進式|step messages?|階段訊息")),
    ("blocked", rx(r"封鎖|block")),
    ("chat", rx(r"1對1|1-on-1|一對一|手動回|聊天|真人回|客服回|one-on-one|1:1|manual(?:ly)? chat|chat with")),
    ("reply", rx(r"reply ?api|reply ?token|api\s*(?:的)?\s*回覆|回覆api|(?<![a-z])reply(?![a-z])|回覆api|回應api")),
    ("push", rx(r"push|multicast|pos|crm|第三方|外部系統|客服系統|i-so|1\.talk|api發|主動推")),
    ("broadcast", rx(r"群發|broadcast|narrowcast|推播")),
)
BILLING_STRONG = rx(r"算哪個月|算到下個月|跨月|半夜|晚上11|23點|23:00|月費|發票|統編|信用卡|line ?pay|付款|帳單|請款|幾號|哪1?天|日本時間|時區|invoice|credit card|time ?zone|which day|"
                    r"when (?:is|are|will)")
BILLED_CUE = rx(r"要錢|算錢|收費|計費|扣則數|扣額度|扣|算則數|算不算|會算|算幾則|算1則|算3則|列入|計入|免費嗎|要付費|付費嗎|"
                r"billed|count|charged|free\b|cost money|quota|收錢|算費|要算|算嗎|會被算|費用嗎")
QUOTA = rx(r"用完|用光|額度|則數怎麼算|怎麼計算|怎麼算的|monthly limit|429|run out|ran out|目標好友|target friends?|重置|留到下個月|counted|"
           r"沒了|不夠用了|沒發幾次|跟我算的不一樣|多久更新|reset|count(?:ed)? messages|calculated")
SEGMENT = rx(r"分眾|標籤|貼標|特定對象|segment|\btags?\b|分群|tagged|依性別|打標")
HISTORY = rx(r"以前|之前|舊制|舊的|漲價|調價|調整|2019|2\.0|old prices|used to|before|price change|漲了|歷史|過去|"
             r"以往|原本|when did|prices change|從800|以前的|\bwas\b|\bwere\b|改了什麼|變了什麼|起.{0,3}價格|"
             r"new prices|漲多少|去年|前年|上個?月|last year|last month")
ESTIMATE_CUE = rx(r"幾則|多少則|多少錢|多少|費用|要選|哪個方案|哪一個方案|方案|which plan|how much|cost|要錢|夠嗎|算幾則|費|plan")
BUDGET_CUE = rx(r"預算|budget|most messages|max(?:imum)? messages|不想花錢|不花錢|只想花|想花|能花|可以花|只花|afford|spend|可以發幾則|能發幾則|可以發多少|能發多少|最多發|買多少|"
                r"how many messages can")
OUT_OF_SCOPE_HINTS = rx(r"貼圖|大頭貼|line bank|line points|天氣|笑話|便當|餐廳|股票|高鐵|電池|備份|盜|改名|名稱|認證|盾牌|"
                        r"尺寸|webhook|signature|alttext|flex message|邀請|騷擾|通知|weather|joke|profile picture|kittens|"
                        r"轉帳給|給朋友")
PRICING_WORDS = rx(r"方案|用量|則|月費|加購|官方帳號的?費|plan|messages?|quota")
FOLLOW_UP = rx(r"^(?:那|那如果|如果|假如|改成|換成|要是|若|and|what about|how about|if|then)|呢[?？]?$|\?$|^(?:and|what if)\b")
FREE_KIND_NAMES = {"welcome", "auto_reply", "reply", "chat", "rich_menu", "voom"}
CJK = rx(r"[\u3400-\u9fff]")
LATIN = rx(r"[a-z]{2,}")

ABSURD_FRIENDS = 50_000_000
ABSURD_SENDS = {"month": 300, "week": 70, "day": 10}


# --- slot extraction -----------------------------------------------------------------------------
def _plans(text: str) -> list[tuple[int, int, str]]:
    """Every plan named, with where it starts and ends, in reading order."""
    found = sorted((m.start(), m.end(), plan) for plan, pattern in PLAN_WORDS for m in pattern.finditer(text))
    deduped: list[tuple[int, int, str]] = []
    for start, end, plan in found:
        if deduped and (deduped[-1][2] == plan or start < deduped[-1][1]):
            continue
        deduped.append((start, end, plan))
    return deduped


def _first_int(pattern: re.Pattern[str], text: str) -> int | None:
    """The first whole number a pattern captures."""
    m = pattern.search(text)
    if not m:
        return None
    value = next(g for g in m.groups() if g is not None)
    return int(float(value))


def _period(text: str, around: int) -> str | None:
    """The send period for a count at a position: the nearest word before it, else the nearest after."""
    before: tuple[int, str] | None = None
    after: tuple[int, str] | None = None
    for period, pattern in PERIODS:
        for m in pattern.finditer(text):
            if m.start() < around and (before is None or around - m.start() < before[0]):
                before = (around - m.start(), period)
            elif m.start() >= around and (after is None or m.start() - around < after[0]):
                after = (m.start() - around, period)
    if before and (after is None or before[0] <= 12 or after[0] > 20):
        return before[1]
    return after[1] if after else None


def _sends(text: str) -> tuple[int | None, str | None]:
    """How many sends, and per what."""
    found = list(SENDS.finditer(text)) or list(SENDS_EN.finditer(text))
    if found:
        first = found[0]
        sends, period = int(first.group(1)), _period(text, first.start()) or "month"
        if len(found) > 1 and re.search(r"另外|還想|還要|再|多發|加上|also|plus|another", text):
            extra = [int(m.group(1)) for m in found[1:] if (_period(text, m.start()) or "month") == period]
            sends += sum(extra)
        return sends, period
    if WEEKLY_WORDS.search(text) and (SEND_VERB.search(text) or FOLLOW_UP.search(text)):
        return 1, "week"
    if DAILY_WORDS.search(text) and (SEND_VERB.search(text) or FOLLOW_UP.search(text)):
        return 1, "day"
    return None, None


def _friends(text: str) -> int | None:
    """The number of target friends."""
    for pattern in (FRIENDS_AFTER, FRIENDS_BEFORE, FRIENDS_CONTEXT, GIVE_TO):
        for m in pattern.finditer(text):
            tail = text[m.end():m.end() + 2]
            if pattern is FRIENDS_AFTER and re.match(r"\s*(?:員工|staff)", text[m.start():m.end() + 3]):
                continue
            if tail.startswith(("次", "則", "元")):
                continue
            if pattern is FRIENDS_AFTER and int(m.group(1)) < 10 and re.search(r"\d\s*[位名]$", m.group(0)):
                continue
            return int(m.group(1))
    return None


def _budget(text: str) -> int | None:
    """A budget in NT$, when the text states money."""
    for pattern in (BUDGET_BEFORE, MONEY):
        for m in pattern.finditer(text):
            value = next((g for g in m.groups() if g), None)
            if value is None:
                continue
            after = text[m.end():m.end() + 3]
            if after.lstrip().startswith(("則", "次", "人", "個", "位", "%", "方案", "的方案", "元方案")):
                continue
            return int(float(value))
    return None


def _kind(text: str) -> str | None:
    """Which kind of message a billed-or-free question is about."""
    for kind, pattern in KINDS:
        if pattern.search(text):
            return kind
    return None


def _topic(text: str) -> str | None:
    """Which part of the manager a where/how question is about."""
    for topic, pattern in TOPICS:
        if pattern.search(text):
            return topic
    return None


def _aspect(text: str) -> str | None:
    """Which fact of a plan is asked: add-on, quota or fee."""
    if ADDON.search(text):
        return "addon"
    if QUOTA_ASPECT.search(text):
        return "quota"
    if FEE.search(text):
        return "fee"
    return None


CURRENT_MARK = rx(r"(?:原本|原來|現在|目前|本來|currently|i'?m on|i am on|now on)\s*(?:是|用|在用|使用|的|on|the)?\s*$")


def _marked_current(text: str, plans: list[tuple[int, int, str]]) -> str | None:
    """The plan the merchant says they are on now (現在是輕用量, 原本輕用量), if any."""
    for start, _end, plan in plans:
        if CURRENT_MARK.search(text[max(0, start - 8):start]):
            return plan
    return None


def _change_plans(text: str, plans: list[tuple[int, int, str]]) -> Slots:
    """from_plan / to_plan from 從X升級Y, X→Y, upgrade to Y, 降級到Y."""
    names = [p for _, _, p in plans]
    if len(names) >= 2:
        marked = _marked_current(text, plans)
        if marked:
            others = [p for p in names if p != marked]
            return {"from_plan": marked, "to_plan": others[0]} if others else {"from_plan": marked}
        return {"from_plan": names[0], "to_plan": names[1]}
    if not names:
        return {}
    pos, end, plan = plans[0]
    before = text[:pos]
    said_from = re.search(r"(?:從|由|from|原本的?|原來的?|目前的?|現在的?|current)\s*(?:the\s*)?$", before)
    left_from = re.search(r"^\s*(?:降級|降級後|降|取消|downgrad|升級|升到|upgrade to)", text[end:end + 6])
    if (said_from or left_from) and not re.search(r"(?:到|成|to|回)\s*$", before):
        return {"from_plan": plan}
    if re.search(r"取消\s*$", before):
        return {"from_plan": plan}
    return {"to_plan": plan}


def extract(text: str, today: date) -> tuple[Slots, list[str]]:
    """All slots the (normalised, arabic-numbered) text states, and any problems with its numbers."""
    slots: Slots = {}
    problems: list[str] = []
    if NEGATIVE.search(text):
        problems.append("negative")
    friends = _friends(text)
    sends, period = _sends(text)
    messages = _first_int(MESSAGES, text)
    if friends is not None:
        slots["friends"] = friends
    if friends is not None and sends is None and messages == 1 and GIVE_TO.search(text):
        sends, period, messages = 1, "month", None
    per_period = PER_PERIOD_MESSAGES.search(text)
    if friends is not None and sends is None and per_period and int(per_period.group(1)) <= 31:
        sends, period, messages = int(per_period.group(1)), PERIOD_WORDS[per_period.group(2)], None
    budget_zero = NO_SPEND.search(text)
    if sends is not None:
        slots["sends"], slots["period"] = sends, period
    if messages is not None and not re.search(r"幾則|多少則", text[: text.find(str(messages))]):
        slots["messages"] = messages
    budget = 0 if budget_zero and _budget(text) is None else _budget(text)
    if budget is not None:
        slots["budget"] = budget
    if TAX.search(text):
        slots["tax"] = True
    plans = _plans(text)
    if plans:
        slots["_plans"] = [p for _, _, p in plans]
    found = find_date(text, today)
    if found is not None and re.search(r"\d\s*[日號]\s*(?:漲價|調價|改價)?\s*(?:以前|之前|前)", text):
        found = found - timedelta(days=1)
    if found is not None:
        slots["date"] = found
    slots.update(_extras(text, today))
    if friends is not None and friends > ABSURD_FRIENDS:
        problems.append("absurd_friends")
    if sends is not None and period and sends > ABSURD_SENDS[period]:
        problems.append("absurd_sends")
    if friends == 0 or sends == 0:
        problems.append("zero")
    slots["_plan_positions"] = plans
    slots["_today_year"] = today.year
    return slots, problems


YEAR = rx(r"(?<!\d)(20[12]\d)\s*(?:年|\b)")
CLOCK = rx(r"(早上|上午|中午|下午|晚上|凌晨)?\s*(\d{1,2})\s*(?:點|:00|時|am|pm)")
MONTH_ONLY = rx(r"(?<![\d/年])(\d{1,2})\s*月(?:份)?\s*(?:的|用的|產生的|加購|月費|用量|帳單)")
RELATIVE_YEAR = {"去年": -1, "前年": -2, "今年": 0, "last year": -1, "this year": 0}
LAST_MONTH = rx(r"上個?月|last month")
YEARLY = rx(r"(?<!\d)1\s*年(?!\d)|年費|每年|整年|全年|a year|per year|annual|yearly")
NOW_WORDS = rx(r"現在|目前|今天|now|today|currently")
BEFORE_AFTER = rx(r"前後|before and after")
EXTRA_MESSAGES = rx(r"(?:另外|還有|加上|再加|plus|also|another).{0,20}?(?<![\d/])(\d+)\s*(?:則|封|messages?|pushes)")
BLOCKED_COUNT = rx(r"(?<![\d/])(\d+)\s*(?:個|位|人|名)?\s*(?:把我|已經?|都|have|had)?\s*(?:封鎖|被封鎖|blocked)|(?:封鎖|blocked)\D{0,6}(\d+)")
BEFORE_CHANGE = rx(r"漲價前|調價前|漲價之前|調價之前|改價前|之前的價格|以前的價格|舊的價格|舊價格|舊制|old prices?|previous prices?|"
                   r"before the (?:price )?(?:change|increase)")


def _extras(text: str, today: date) -> Slots:
    """Internal slots: a year, a clock time, a month, a 'before the price change', an audience."""
    out: Slots = {}
    m = YEAR.search(text)
    if m and not re.search(rf"{m.group(1)}\s*年\s*\d{{1,2}}\s*月", text):
        out["_year"] = int(m.group(1))
    m = CLOCK.search(text)
    if m and int(m.group(2)) <= 24:
        hour = int(m.group(2)) + (12 if m.group(1) in ("下午", "晚上") and int(m.group(2)) < 12 else 0)
        if "pm" in m.group(0) and hour < 12:
            hour += 12
        out["_hour"] = hour % 24
    m = MONTH_ONLY.search(text)
    if m and 1 <= int(m.group(1)) <= 12:
        out["_month"] = _nearest_month(int(m.group(1)), today).isoformat()
    if BEFORE_CHANGE.search(text):
        out["_before_change"] = True
    for word, offset in RELATIVE_YEAR.items():
        if word in text and "_year" not in out:
            out["_year"] = today.year + offset
    if LAST_MONTH.search(text) and "_month" not in out:
        out["_month"] = _nearest_month((today.month - 2) % 12 + 1, today).isoformat()
    if YEARLY.search(text):
        out["_yearly"] = True
    if NOW_WORDS.search(text):
        out["_now"] = True
    if BEFORE_AFTER.search(text):
        out["_before_after"] = True
    m = EXTRA_MESSAGES.search(text)
    if m:
        out["_extra_messages"] = int(m.group(1))
    m = BLOCKED_COUNT.search(text)
    if m:
        out["_blocked"] = int(m.group(1) or m.group(2))
    return out


def _nearest_month(month: int, today: date) -> date:
    """The first day of the named month nearest to today (within six months either way)."""
    year = today.year + (1 if month - today.month < -6 else -1 if month - today.month > 6 else 0)
    return date(year, month, 1)


# --- intent rules --------------------------------------------------------------------------------
def _is_volume(text: str, slots: Slots) -> bool:
    """The text gives a monthly volume to price."""
    if "friends" in slots and "sends" in slots:
        return True
    if "messages" in slots and slots["messages"] != 1:
        if re.search(r"超過|不夠|舊制|以前|之後單價|是\d+則嗎|有\d+則嗎|每則|用完|再買|多買|還想發|算在", text):
            return False
        return "date" not in slots or bool(re.search(r"每月|一個月|month", text))
    return "friends" in slots and bool(ESTIMATE_CUE.search(text)) and "budget" not in slots


def _plan_change_intent(text: str, slots: Slots) -> str | None:
    """plan_change, prorate or manager_howto/change_plan for switching questions."""
    positions = slots.get("_plan_positions", [])
    if BILLING.search(text) and not positions and "date" not in slots:
        return None
    between = text[positions[0][1]:positions[1][0]] if len(positions) >= 2 else ""
    changing = bool(CHANGE.search(text)) or bool(between and SWITCH_WORDS.search(between))
    changing = changing or (bool(positions) and bool(re.search(r"改成|換成|改回|switch", text)))
    changing = changing or bool(re.search(r"退費|退款|可以退|會退|refund", text))
    changing = changing or ("date" in slots and bool(re.search(r"可以變更|可以升級|可以降級|變更方案", text)))
    if not changing:
        return None
    change = _change_plans(text, slots.get("_plan_positions", []))
    from_free = change.get("from_plan") == "light" or bool(re.search(r"免費(?:方案)?升級|從免費|from (?:the )?free", text))
    upgrade = bool(UPGRADE.search(text)) and not DOWNGRADE.search(text)
    to_paid = change.get("to_plan") in ("medium", "high")
    if upgrade and PRORATE.search(text) and (from_free or (to_paid and "from_plan" not in change)):
        return "prorate"
    if upgrade and from_free and ("date" in slots or QUOTA_ASPECT.search(text)) and change.get("to_plan") != "light":
        return "prorate"
    if upgrade and re.search(r"按天|天數|比例|prorat", text):
        return "prorate"
    if WHERE.search(text) and not re.search(r"生效|什麼時候|何時|when|多少|幾則", text):
        return "manager_howto"
    return "plan_change"


def classify(text: str, slots: Slots) -> str:
    """The intent of a normalised message whose slots are already extracted."""
    checks: tuple[tuple[str, Callable[[], bool]], ...] = (
        ("billed", lambda: _kind(text) in ("bubbles", "group") and bool(BILLED_CUE.search(text) or "?" in text)),
        ("billed", lambda: _kind(text) in FREE_KIND_NAMES and "friends" not in slots
         and ("messages" not in slots or bool(re.search(r"算在|裡面|用完", text))) and bool(BILLED_CUE.search(text) or re.search(r"算在|還會動|還能用|嗎|\?", text))),
        ("budget", lambda: "budget" in slots and bool(BUDGET_CUE.search(text)) and "friends" not in slots
         and not ("sends" in slots and "messages" not in slots and "預算" not in text)),
        ("estimate", lambda: _is_volume(text, slots)),
    )
    for intent, test in checks:
        if test():
            return intent
    if OUT_OF_SCOPE_HINTS.search(text) and not PRICING_WORDS.search(text) and not (_kind(text) and BILLED_CUE.search(text)):
        return "out_of_scope"
    change = _plan_change_intent(text, slots)
    if change:
        return change
    return _classify_topic(text, slots)


def _classify_topic(text: str, slots: Slots) -> str:
    """Intents decided by keywords once no volume or plan change is involved."""
    plans = slots.get("_plans", [])
    if (WHERE.search(text) or HOWTO.search(text)) and _topic(text) and not re.search(r"發票怎麼開", text):
        return "manager_howto"
    kind = _kind(text)
    asks_cost = bool(BILLED_CUE.search(text) or re.search(r"嗎|\?|免費|free", text))
    about_size = kind == "rich_menu" and bool(re.search(r"尺寸|size", text))
    if kind and asks_cost and not SEGMENT.search(text) and not about_size and not BILLING_STRONG.search(text):
        return "billed"
    ordered: tuple[tuple[str, Callable[[], bool]], ...] = (
        ("plan_facts", lambda: bool(plans) and bool(re.search(r"用完|不夠|再買|多買|還想發|還要發", text))),
        ("billing", lambda: bool(BILLING.search(text))),
        ("quota", lambda: bool(QUOTA.search(text)) and not HISTORY.search(text)),
        ("segment", lambda: bool(SEGMENT.search(text))),
        ("history", lambda: bool(HISTORY.search(text)) or _is_past(slots) or slots.get("_year", 9999) < today_year(slots)),
        ("tax", lambda: "tax" in slots),
        ("compare", lambda: bool(COMPARE.search(text)) or len(set(plans)) >= 2
         or (not plans and bool(GENERAL_PRICE.search(text)))),
        ("plan_facts", lambda: bool(plans) or bool(re.search(r"加購|add-?on|超過\s*\d+\s*則|1則.{0,4}多少|每則.{0,4}多少|"
                                                              r"per message", text))),
        ("billed", lambda: bool(kind) and bool(BILLED_CUE.search(text))),
        ("estimate", lambda: "friends" in slots or ("sends" in slots and bool(re.search(r"發|推|群發|broadcast|send|push", text)))
         or bool(re.search(r"試算|估價|報價|算算看|cost estimate|estimate", text))),
        ("help", lambda: bool(HELP.search(text))),
        ("thanks", lambda: bool(THANKS.search(text))),
        ("greeting", lambda: bool(GREETING.match(text)) and len(GREETING.sub("", text).strip()) == 0),
    )
    for intent, test in ordered:
        if test():
            return intent
    return "out_of_scope"


def today_year(slots: Slots) -> int:
    """The current year, carried in the slots by extract()."""
    return int(slots.get("_today_year", 9999))


def _is_past(slots: Slots) -> bool:
    """A named date before today's price list took effect."""
    when = slots.get("date")
    return isinstance(when, date) and when < date(2026, 11, 1)


# --- assembling the question -------------------------------------------------------------------------
def _public(intent: str, text: str, slots: Slots) -> Slots:
    """Keep the slots that matter for this intent."""
    keep: dict[str, tuple[str, ...]] = {
        "estimate": ("friends", "sends", "period", "messages", "tax"),
        "budget": ("budget", "tax"),
        "plan_change": ("date",), "prorate": ("date",), "history": ("date",),
    }
    out: Slots = {k: slots[k] for k in keep.get(intent, ()) if k in slots}
    plans = slots.get("_plans", [])
    if intent == "estimate" and "messages" in out and "friends" in out and "sends" in out:
        out.pop("messages")
    if intent == "estimate" and "messages" in out:
        for key in ("friends", "sends", "period"):
            out.pop(key, None)
    if intent in ("plan_change", "prorate"):
        out.update(_change_plans(text, slots.get("_plan_positions", [])))
    elif intent == "manager_howto":
        out["topic"] = _topic(text) or "change_plan"
    elif intent == "billed":
        out["kind"] = _kind(text)
    elif intent in ("plan_facts", "tax", "history", "segment") and plans:
        out["plan"] = plans[-1] if intent != "plan_facts" else plans[0]
        if intent == "tax" and len(set(plans)) > 1:
            out.pop("plan")
    for key, intents in INTERNAL_SLOTS.items():
        if key in slots and intent in intents:
            out[key] = slots[key]
    if intent == "billed" and "friends" in slots:
        out["_audience"] = slots["friends"]
    if intent == "plan_facts":
        aspect = _aspect(text)
        if aspect:
            out["aspect"] = aspect
    if intent == "estimate" and len(set(plans)) == 1:
        out["plan"] = plans[0]
    return out


INTERNAL_SLOTS = {
    "_year": ("history",), "_before_change": ("history",), "_hour": ("plan_change", "prorate"),
    "_month": ("billing", "history"), "_yearly": ("plan_facts", "tax", "compare"), "_now": ("history",),
    "_before_after": ("history",), "_extra_messages": ("estimate",), "_blocked": ("estimate",),
}


def language(raw: str) -> str | None:
    """zh when the text has Chinese characters, en when it is Latin words only."""
    if CJK.search(raw):
        return "zh"
    if LATIN.search(raw.lower()):
        return "en"
    return None


def prepare(raw: str) -> str:
    """Normalise a message and write its numbers as digits."""
    return arabic(normalize(raw))


def strip_greeting(text: str) -> str:
    """Drop a leading hello or thanks so the real question is parsed."""
    stripped = GREETING.sub("", text, count=1)
    stripped = re.sub(r"^(?:謝謝|感謝|thanks|thank you)[!！,，.。~\s]*(?=\S)", "", stripped)
    return stripped.strip()


FAMILIES = (
    frozenset({"estimate", "tax", "plan_facts"}),
    frozenset({"budget", "tax"}),
    frozenset({"plan_change", "prorate"}),
    frozenset({"history", "plan_facts", "tax"}),
    frozenset({"segment", "plan_facts"}),
    frozenset({"tax", "plan_facts"}),
    frozenset({"billed", "help", "quota"}),
    frozenset({"manager_howto", "plan_facts"}),
    frozenset({"billing", "plan_facts"}),
)
FIGURE_WORDS = rx(r"費用|多少錢|幾則|多少則|則數|月費|這個月|當月|要付|cost|fee|how many|how much|price")
MERGEABLE = {"estimate", "budget", "plan_change", "prorate", "history", "plan_facts", "tax", "segment", "billed",
             "manager_howto", "billing"}
WEAK = {"out_of_scope", "greeting", "thanks"}


def _parse(text: str, today: date) -> tuple[str, Slots, Slots, list[str]]:
    """Intent, raw slots, the intent's public slots and problems of one prepared text."""
    slots, problems = extract(text, today)
    intent = classify(text, slots)
    return intent, slots, _public(intent, text, slots), problems


def understand(raw: str, previous: Mapping[str, Any] | None = None, today: date | None = None) -> Question:
    """Understand one message; `previous` is {"intent", "slots"} the follower asked a moment ago."""
    today = today or date.today()
    full = prepare(raw)
    rest = strip_greeting(full)
    intent, slots, public, problems = _parse(rest, today) if rest else ("out_of_scope", {}, {}, [])
    text = rest
    if intent in WEAK or not rest:
        intent, slots, public, problems = _parse(full, today)
        text = full
        if intent == "out_of_scope" and rest != full and GREETING.match(full) and len(rest) <= 3:
            intent = "greeting"
    follow_up = False
    if previous and previous.get("intent") in MERGEABLE:
        merged = _merge(previous["intent"], dict(previous.get("slots", {})), intent, text, slots, public)
        if merged is not None:
            intent, public, follow_up = merged[0], merged[1], True
    if intent in ("greeting", "thanks", "help", "out_of_scope"):
        public = {}
    return Question(intent=intent, slots=public, lang=language(raw), problems=tuple(problems), follow_up=follow_up)


def _related(a: str, b: str) -> bool:
    """Two intents a follow-up may move between."""
    return a == b or any(a in family and b in family for family in FAMILIES)


def _merge(prev_intent: str, prev: Slots, intent: str, text: str, slots: Slots,
           public: Slots) -> tuple[str, Slots] | None:
    """Continue the earlier question when the new message only changes some of its slots."""
    looks_like_follow_up = bool(FOLLOW_UP.search(text)) or len(text) <= 10
    if intent == "thanks" or not (looks_like_follow_up or intent == prev_intent):
        return None
    if not (intent in WEAK or _related(intent, prev_intent)):
        return None
    if intent == "tax" and prev_intent not in ("estimate", "budget", "tax") and "plan" not in public and prev.get("plan"):
        return "tax", {**public, "plan": prev["plan"]}
    new = _bare_number(prev_intent, prev, text, slots, _public(prev_intent, text, slots))
    if prev_intent == "history" and new.get("_now"):
        return prev_intent, {k: v for k, v in {**prev, **new}.items() if k not in ("date", "_year", "_before_change")}
    new = {k: v for k, v in new.items() if k != "topic" or _topic(text)}
    if not new:
        short_follow_up = bool(FOLLOW_UP.search(text)) and len(text) <= 12
        if intent == prev_intent or (intent in WEAK and FIGURE_WORDS.search(text)) or short_follow_up:
            return prev_intent, {**prev, **public}
        return None
    return prev_intent, _combine(prev_intent, prev, new)


def _bare_number(prev_intent: str, prev: Slots, text: str, slots: Slots, new: Slots) -> Slots:
    """A lone number in a follow-up fills the earlier question's main number."""
    if new.get("friends") or new.get("sends") or new.get("messages") or new.get("budget"):
        return new
    m = re.search(r"(?<![\d/])(\d+)(?![\d/])", text)
    if not m or "date" in slots:
        return new
    value = int(m.group(1))
    if prev_intent == "budget":
        return {**new, "budget": value}
    if prev_intent == "estimate":
        key = "messages" if "messages" in prev and "friends" not in prev else "friends"
        return {**new, key: value}
    return new


def _combine(intent: str, prev: Slots, new: Slots) -> Slots:
    """Earlier slots overridden by the new ones, keeping the estimate's volume consistent."""
    merged = {**prev, **new}
    if intent == "estimate":
        if "messages" in new:
            for key in ("friends", "sends", "period"):
                merged.pop(key, None)
        elif "friends" in new or "sends" in new:
            merged.pop("messages", None)
    changing = intent in ("plan_change", "prorate") and "to_plan" in new and "from_plan" not in new
    if changing and prev.get("from_plan") == new["to_plan"]:
        merged.pop("from_plan")
    return merged
