"""Keyword and number patterns merchants use, one table for the whole understanding room."""

from __future__ import annotations

import re


def rx(pattern: str) -> re.Pattern[str]:
    """Compile a keyword pattern (the text is already case-folded)."""
    return re.compile(pattern)


# --- keyword cues -------------------------------------------------------------------------------
PLAN_WORDS = (
    ("light", rx(r"(?:用)?免費的(?=\s*(?:就|夠|可以|能|方案|行|ok))|輕(?=\s*(?:→|->|>))|(?<=→)\s*輕|不用錢的方案|不用錢的|免錢的方案|免費的那個|輕用量|輕用[亮兩涼良輛諒]|輕(?=升|降)|(?<=降)輕|免費[的ㄉ]?方案|輕量|低用量|免費方案|免費版|免費的方案|免費(?=升|改|換|轉)|(?<=從)免費|free plan|\bfree\b(?= to| plan)|"
                 r"(?<=from )free|(?<=from the )free|\bfree\b(?=\s*(?:->|→))|(?<=回)免費|light|communication plan|輕(?=[、,/跟和與]?中)")),
    ("medium", rx(r"月費\s*(?:1000|800)\s*元?的?(?:那個)?方案|中(?=\s*(?:→|->|>))|(?<=→)\s*中|(?<=->)\s*中|(?<![\d.])(?:1000|800)(?=\s*(?:跟|和|與|vs|還是))|中用量|中用[亮兩涼良輛諒]|(?<![月當期])中(?=升|降)|(?<=[升降])中(?!用)|最便宜的付費方案|cheapest paid plan|中量|(?:800|1000)元?的?方案|含稅\s*(?:840|1050)\s*元?的?方案|medium|\bmid\b(?![- ]?month)|mid plan|middle plan")),
    ("high", rx(r"月費\s*(?:1400|1200)\s*元?的?(?:那個)?方案|高(?=\s*(?:→|->|>))|(?<=→)\s*高|(?<=->)\s*高|(?<=跟|和|與)\s*(?:1400|1200)(?![\d.])|最貴的方案|most expensive plan|高用量|高用[亮兩涼良輛諒]|高(?=降)|(?<=升)高(?!用)|高量|(?:1200|1400)元?的?方案|含稅\s*(?:1260|1470)\s*元?的?方案|\bhigh\b|high plan|pro plan|premium(?: plan)?")),
)
FRIEND_UNIT = r"(?:個|位|名)?\s*(?:-?\s*members?|user ?ids?|位(?!數)|名(?!稱)|好友|粉絲|朋友|人|客人|會員|位客戶|客戶|line friends|friends?|followers?|fans|people|users|subscribers|customers|recipients|patients|clients|students|vips?|病患|患者|學員|學生|顧客)"
# 「1個好友2500」 is one account's friends, not one friend.
FRIENDS_AFTER = rx(r"(?<![\d./])(?!1\s*個\s*(?:好友|粉絲|會員|朋友)\s*(?:數|有|是|約)?\s*\d)(\d+)\s*" + FRIEND_UNIT + r"(?!\s*(?:帳號|account))(?!\s*(?:約|大約|大概)?\s*\d+\s*(?:人|位|名))")
FRIENDS_BEFORE = rx(
    r"(?:好友|粉絲|好有|朋有|朋友|會員|followers?|friends?|audience)\s*(?:數|人數|數量|總數)?\s*"
    r"(?:有|約莫|約|大約|大概|是|為|:|：|總共|一共|合計|加起來|共|快|將近|差不多|目前|現在|剛好|超過|of|=|about|around)*\s*(\d+)(?!\d|/\d)"
    r"(?!\s*(?:週(?![末一二三四五六日天1-7])|次|個月|月(?![發推傳送寄群初中底])|天|則|元|號|日|times|a |per))"
)
# 「變成1000人」: the new count, not the increase said before it.
FRIENDS_BECOME = rx(r"(?:(?:變成|改成|成為|變為|增加到|增加為|漲到|become|becomes|now)\s*(?=\d+\s*(?:個|位|名)?\s*"
                    r"(?:人|好友|friends|people|followers))|(?:好友|粉絲|會員)數?\s*(?:會)?(?:變成|變|增加到|漲到)\s*)(\d+)")
SEGMENT_TARGET = rx(r"(?:只發給|只推給|只傳給|發給其中|其中的?|only (?:send )?to|just)\s*(\d+)\s*(?:個|位|人|名|people|friends|of them)")
FRIENDS_CONTEXT = rx(r"(?:好友|加line|加好友|粉絲|客人|會員|followers|friends).{0,12}?(?<![\d/])(\d+)\s*(?:個|位|人|名)(?!月)")
PER_PERIOD_MESSAGES = rx(r"(\d+)\s*messages?\s+(?:per|a|every|each)\s+(week|month|day)")
PERIOD_WORDS = {"week": "week", "month": "month", "day": "day"}
NO_SPEND = rx(r"不想花錢|不花錢|不想付費|不付費|免費就好|零預算|沒有預算|no budget|without paying|for free")
GIVE_TO = rx(r"(?:給|發給|推給|傳給|送給|予|to)\s*(?:大約|約|大概|about|around)?\s*(\d+)\s*(?:個|位|名)?\s*(?:人|好友|位|people|friends|users)?")
SENDS = rx(r"(?<![\d./])(\d+)\s*(?:次|回|檔(?!期)|波|封(?!鎖)|times?|broadcasts?|push(?:es)?|sends?|blasts?|campaigns?|promos?|"
           r"posts?|newsletters?|reminders?|notifications?|announcements?)")
SENDS_SHORT = rx(r"(\d+)\s*(?:x\s*)?(?:/|a |per |every )\s*(month|week|day)\b|(\d+)\s*x\b(?!\s*\d)")  # "60,000 x 0.15" multiplies
SENDS_EN = rx(r"(?:send|push|broadcast|post)\w*\s+(\d+)\s*(?:times?\s*)?(?:a|per|every|each)\s+(?:month|week|day)")
MESSAGES = rx(r"(?<![\d./第])(\d+)\s*(?:則|條(?!件)|封訊息|messages?|msgs?)")  # 條: 条 in Simplified, after OpenCC
BUDGET_BEFORE = rx(
    r"(?:預算|budget|只想花|想花|能花|可以花|只花|付得起|負擔得起|能付|可以付|花|付|spend|afford|出|有|最多|控制在)\s*"
    r"(?:是|為|of|is|:|每月|每個月|1個月|一個月|大約|約|大概|抓|抓個|設|定在|含稅|未稅|不含稅|only|nt\$|\$)*\s*"
    r"(\d+(?:\.\d+)?)\s*(?:元|nt|ntd|twd|dollars?)?"
)
# 「每月 1400 含稅的預算」: the amount said before the word budget.
BUDGET_AFTER = rx(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:元|塊)?\s*(?:含稅|未稅)?\s*的?\s*(?:預算|budget)")
MONEY = rx(r"(?:nt\$|\$|ntd\s*)\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*(?:元|ntd|twd|nt\b|dollars)")
NEGATIVE = rx(r"(?<![a-z0-9])-\s*\d|負\s*\d")
PERIODS = (
    ("day", rx(r"每天|每日|一天|1天|天天|daily|a day|per day|each day|every day|/day")),
    ("week", rx(r"每個?週|一週|1週|(?<![當本這上下該])週(?!年)|weekly|a week|per week|each week|every week|/week")),
    ("month", rx(r"每個?月|一個月|1個月|一月|月|monthly|a month|per month|each month|every month|/month")),
)
SEND_VERB = rx(r"推|發|群發|傳|broadcast|send|push|post|blast|message them")
WEEKLY_WORDS = rx(r"\bweekly\b|every week|each week|每週|每個週")
DAILY_WORDS = rx(r"\bdaily\b|every day|each day|每天|每日|天天")

TAX = rx(r"含稅|含税|加稅|(?<!未)(?<!不含)稅|營業稅|vat|(?<!before )(?<!pre-)(?<!excluding )\btax")
UNTAXED = rx(r"未稅|不含稅|before tax|pre-tax|excluding tax|untaxed|ex\.? ?vat")
GREETING = rx(r"^(?:hi+\b|hello\b|hey\b|哈囉|哈嘍|哈啰|嗨|你好|您好|妳好|安安|早安|午安|晚安|早|good (?:morning|afternoon|evening)|"
              r"在嗎|請問一下|請問)(?:\s*(?:there|everyone|all|呀|啊|喔|哦|唷|耶|老闆|店長|bot))?[\s!~,.。!?~～]*")
THANKS = rx(r"謝謝|謝啦|謝了|感謝|感恩|多謝|thx|thanks|thank you|3q|tks|ty\b|好的謝|了解謝")
HELP = rx(r"你是誰|你是機器人|who are you|are you a bot|你會什麼|你能做什麼|你可以幫我做什麼|怎麼用|如何使用|選單|功能|使用說明|說明書|可以問你什麼|能問什麼|^help$|"
          r"what can you do|how do i use|^menu$|^選單$|help me|can you help|教學")
GENERAL_PRICE = rx(r"官方帳號.{0,4}月費|官方帳號.{0,6}(?:要錢|收費|費用|價格|多少錢|怎麼算|要付費)|怎麼收費|收費方式|費用怎麼算|方案價格|"
                   r"how much (?:is|does) (?:a )?line official account")
COMPARE_LOOSE = rx(r"比較|比一比|差別|差在哪|差多少|有什麼不同|不同|區別|對比|哪個比較划算|有差嗎|哪個划算|\bvs\.?\b|compare|difference")
COMPARE = rx(r"each plan|all (?:the )?plans|fees for (?:the )?(?:line )?(?:official account )?plans|[三3][種個]方案|列.{0,6}方案|what are the plans|plans and prices|price list|pricing plans|current (?:line oa )?prices|line oa prices|prices in taiwan|哪些方案|幾種方案|所有方案|方案一覽|一覽|價目表|價格表|"
             r"which plans|what plans|plans are (?:there|available)|list all plans|all plans|"
             r"輕.{0,2}中.{0,2}高|方案有哪|有哪幾種|分別是多少|每個方案|各方案|三個方案|三種方案|付費方案有")
FEE = rx(r"多少錢|多少|月費|月租|費用|價格|價錢|收費|要錢|錢|免費|how much|cost|fee|price|free")
QUOTA_ASPECT = rx(r"幾則|多少則|則數|額度|免費訊息|可以發|能發|how many|messages|quota")
ADDON = rx(r"加購|多買|額外|超過|不夠|add-?on|additional|extra|buy more|over the")
CHANGE = rx(r"降(?=輕|中|高)|升(?=輕)|停止付費|取消付費|停用付費|不想付費了|cancel (?:my )?(?:paid )?plan|stop paying|\bwant (?:to (?:go |move |switch )?(?:to )?)?(?:the )?(?=light|medium|mid|high)|想要?(?:改|換)?用?(?=輕|中|高)|升級|降級|升到|降到(?=\s*(?:輕|中|高|免費|原|light|medium|mid|high|free|方案))|升中|升高|變更方案|改方案|換方案|改回|降回|換回|降成|升成|換到|改到|降為|升為|購買.{0,6}方案|買.{0,4}方案|"
            r"purchase|buy (?:a |the )?\w* ?plan|轉成|轉到|切換|退回|取消|變更|"
            r"upgrad|downgrad|switch|change (?:my |the )?plan|move to|go (?:back )?to")
SWITCH_WORDS = rx(r"改成|換成|改|換|轉|到|升|降|→|->|\bto\b")
UPGRADE = rx(r"升級|升到|升中|升高|upgrad|改成|換成|switch to|change to|move to")
DOWNGRADE = rx(r"降級|降到(?=\s*(?:輕|中|高|免費|原|light|medium|mid|high|free|方案))|降回|換回|改回|退回|取消|downgrad|go back|back to")
PRORATE = rx(r"按天|天數|比例|當月|這個月|本月|整個月|prorat|this month|first month|pro-rat|剩下的天")
WHERE = rx(r"(?<!差)在哪|(?<!寄到)(?<!差在)哪裡|去哪|where|哪邊|哪一頁|路徑")
HOWTO = rx(r"(?:怎麼|如何|要怎樣|how do i|how to|how can i)\s*(?:知道|確認|設定|設置|改|修改|更改|換|新增|加|調整|填|看|查|找|set|change|update|"
           r"add|edit|enter|see|check|find)")
TOPICS = (
    ("cap", rx(r"上限|cap|limit on|spending limit|maximum")),
    ("usage", rx(r"已經?發送了?多少|已經?發了?多少|發了?幾則|發送了?多少則|(?<![輕中高低])用量|剩餘則數|剩下幾則|發了幾則|發了多少|用了多少|用了幾則|剩多少|剩幾則|已發送|usage|how many .* sent")),
    ("payment", rx(r"付款方式|信用卡|卡號|payment|credit card|card")),
    ("invoice", rx(r"統編|發票|invoice|tax id")),
    ("change_plan", rx(r"方案|升級|降級|plan|upgrade|downgrade")),
)
BILLING = rx(r"台灣時間|月費.{0,12}才?扣|扣.{0,4}月費|隔天|日本時間|taiwan time|\bcharge\b|jcb|visa|master ?card|刷卡|怎麼繳|繳費|繳款|怎麼付(?:錢|款)?|算\s*\d{1,2}\s*月還是|(?:算|扣)(?:到|在)?.{0,4}月還是.{0,4}月|哪個月的|算到哪個月|11:30 ?pm|11 ?pm|after 11|cut-?off|which month|count(?:s)? toward.{0,20}month|扣款|扣錢|扣.{0,6}錢|\d+號扣|扣嗎|請款|什麼時候.{0,2}扣|何時.{0,2}扣|幾號扣|哪1?天扣|哪天扣|哪1?天收|半夜|算到下個月|跨月|什麼時候收|何時收|什麼時候付|何時付|幾號收|"
             r"when .{0,20}(?:charged|billed|pay)|付款|刷卡|信用卡|line ?pay|發票|統編|帳單|日本時間|時區|幾號扣|帳務|轉帳|atm|支付|"
             r"charged|invoice|pay with|time zone|billing|bill\b|payment|收到帳單|扣款失敗|三聯|二聯|晚上11點|23點|算哪個月")
KINDS = (
    ("bubbles", rx(r"對話框|泡泡|bubbles?|訊息框|幾個框|3則訊息算|多則訊息|訊息物件|message objects?")),
    ("voom", rx(r"voom|貼文串|動態消息")),
    ("group", rx(r"群組|多人聊天|group")),
    ("welcome", rx(r"歡迎訊息|歡迎詞|歡迎語|招呼語|加入好友的訊息|加好友.{0,8}(?:訊息|詞|語)|招呼訊息|greeting message|welcome")),
    ("auto_reply", rx(r"關鍵字|自動回應|自動回覆|關鍵字回應|關鍵字回覆|關鍵字自動|ai自動|auto-?repl|auto-?respon|keyword")),
    ("rich_menu", rx(r"圖文選單|圖文菜單|rich ?menu|選單|菜單")),
    ("step", rx(r"漸進式|step messages?|階段訊息")),
    ("blocked", rx(r"封鎖|拉黑|黑名單|block|不存在|無法接收|收不到的|invalid user|cannot receive|can'?t receive")),
    ("chat", rx(r"1對1|1-on-1|一對一|手動回|聊天|真人回|客服回|one-on-one|1:1|manual(?:ly)? chat|chat with")),
    ("reply", rx(r"reply ?api|reply ?token|api\s*(?:的)?\s*回覆|回覆api|(?<!quick )(?<!quick)(?<![a-z])reply(?![a-z])|回覆api|回應api")),
    ("push", rx(r"push|multi ?cast|推送|pos|crm|第三方|外部系統|客服系統|i-so|1\.talk|api發|主動推")),
    ("broadcast", rx(r"群發|broadcast|narrow ?cast|推播")),
)
BILLING_STRONG = rx(r"算\s*\d{1,2}\s*月還是|(?:算|扣)(?:到|在)?.{0,4}月還是.{0,4}月|哪個月的|算到哪個月|11:30 ?pm|11 ?pm|after 11|cut-?off|which month|count(?:s)? toward.{0,20}month|算哪個月|算到下個月|跨月|半夜|晚上11|23點|23:00|月費|發票|統編|信用卡|line ?pay|付款|帳單|請款|幾號|哪1?天|日本時間|時區|invoice|credit card|time ?zone|which day|"
                    r"when (?:is|are|will)")
BILLED_MONEY = rx(r"錢|費|billed|charged|cost")
BILLED_CUE = rx(r"用掉|會不會用|佔用|消耗|用爆|吃掉|要錢|算錢|收費|計費|扣則數|扣額度|扣|算則數|算不算|會算|算幾則|算1則|算3則|列入|計入|免費嗎|要付費|付費嗎|"
                r"billed|count|charged|free\b|cost money|quota|收錢|算費|要算|算嗎|會被算|費用嗎")
QUOTA = rx(r"重新計算|重新計|重算|歸零|幾號.{0,4}(?:重新|重置|恢復)|爆了|爆掉|爆量|超量|用爆|發不出去|發不出|送不出去|can'?t send|cannot send|carry over|roll over|unused|用完|用光|額度|則數怎麼算|怎麼計算|怎麼算的|monthly limit|429|run out|ran out|目標好友|target friends?|重置|留到下個月|counted|"
           r"沒了|不夠用了|沒發幾次|跟我算的不一樣|後台.{0,10}(?:不一樣|對不上|不同|有落差)|後台顯示.{0,16}比.{0,10}(?:少|多)|則.{0,6}是(?:指|說).{0,10}\d+\s*次|多久更新|reset|count(?:ed)? messages|"
           r"calculated")
SEGMENT = rx(r"篩選|屬性|targeted|target (?:broadcast|message)|分眾|標籤|貼標|特定對象|segment|\btags?\b|(?<!\d)分群|tagged|依性別|打標")
# 「這幾年是怎麼變的」「從2019到現在變過幾次」 "the history of": every list, not one day's.
ALL_LISTS = rx(r"這幾年|这几年|歷年|历年|變過幾次|变过几次|改過幾次|調過幾次|調整過幾次|怎麼變的|怎么变的|history of|over the years|"
               r"how (?:have|has) .{0,30} changed")
HISTORY = rx(r"舊價格|舊價|最後適用|適用到哪|這幾年|歷年|變過幾次|改過幾次|調過幾次|怎麼變的|history of|over the years|哪[1一]?天開始|從哪天|新的價格|改價|那次|調漲|調升|年初|以前|之前|舊制|舊的|漲價|調價|調整|2019|2\.0|old prices|used to|before(?!\s*(?:or after\s*)?tax)|price change|漲了|歷史|過去|"
             r"以往|原本|when did|prices change|從800|以前的|\bwas\b|\bwere\b|改了什麼|變了什麼|起.{0,3}價格|"
             r"new prices|漲多少|去年|前年|上個?月|last year|last month|什麼時候開始|何時開始|從什麼時候|since when|line@|生活圈|"
             r"公布|公佈|宣布|宣佈|announced|改版|歷年|改過|漲了幾|漲幅")
ESTIMATE_CUE = rx(r"幾則|多少則|多少錢|多少|費用|要選|哪個方案|哪一個方案|方案|which plan|how much|cost|要錢|夠嗎|算幾則|費|plan")
BUDGET_CUE = rx(r"控制在|以內|what can i get|can i get for|get me|最多幾則|最多可以發|最多能發|可以發多少則|預算|budget|most messages|max(?:imum)? messages|不想花錢|不花錢|只想花|想花|能花|可以花|只花|afford|spend|可以發幾則|能發幾則|可以發多少|能發多少|最多發|買多少|"
                r"how many messages can")
# SMS is a telecom service, not LINE's: its price is outside what the bot knows (短信 is normalised to 簡訊).
SMS = rx(r"簡訊|\bsms\b|手機文字訊息")
OUT_OF_SCOPE_HINTS = rx(r"whatsapp|messenger|telegram|wechat|微信|instagram|facebook|\bfb\b|\big\b|貼圖|大頭貼|line bank|line points|天氣|笑話|便當|餐廳|股票|高鐵|電池|備份|盜|改名|名稱|認證|盾牌|"
                        r"尺寸|邀請|騷擾|通知|weather|joke|profile picture|kittens|"
                        r"轉帳給|給朋友|幫我們?寫|寫一篇|寫個|文案|write me|draft a|凝膠")
PRICING_WORDS = rx(r"方案|用量|則|月費|加購|官方帳號的?費|plan|messages?|quota")
FOLLOW_UP = rx(r"的話[?？]?$|可以嗎[?？]?$|行嗎[?？]?$|可以吧[?？]?$|打錯|寫錯|說錯|講錯|其實是|^(?:欸|誒|ㄟ)?\s*其實|^不好意思|^其中|^另外|^還有|^再加|[喔哦唷][?？]?$|^(?:打錯|更正|不對|sorry|抱歉|我是說|應該是|correction|i mean|那|那如果|如果|假如|改成|換成|要是|若|and|what about|how about|if|then)|呢[?？]?$|\?$|^(?:and|what if)\b")
FREE_KIND_NAMES = {"welcome", "auto_reply", "reply", "chat", "rich_menu", "voom"}
CJK = rx(r"[\u3400-\u9fff]")
LATIN = rx(r"[a-z]{2,}")

ABSURD_FRIENDS = 50_000_000
ABSURD_SENDS = {"month": 300, "week": 70, "day": 10, "fortnight": 140, "quarter": 900, "year": 3650}


CURRENT_MARK = rx(r"(?:原本|原來|現在|目前|本來|currently|i'?m on|i am on|now on|i'?m currently on)\s*(?:是|用|在用|使用|的|on|the)?\s*$")

YEAR = rx(r"(?<!\d)(20[12]\d)\s*(?:年|\b)")
CLOCK = rx(r"(早上|上午|中午|下午|晚上|今晚|凌晨)?\s*(\d{1,2})\s*(?:點|:|時)\s*(半|\d{1,2})?\s*分?\s*(am|pm)?|(\d{1,2})(?::(\d{2}))?\s*(am|pm)")
MONTH_ONLY = rx(r"(?<![\d/年])(\d{1,2})\s*月(?:份)?\s*(?:的|用的|產生的|加購|月費|用量|帳單)")
RELATIVE_YEAR = {"去年": -1, "前年": -2, "今年": 0, "last year": -1, "this year": 0}
LAST_MONTH = rx(r"上個?月|last month")
YEARLY = rx(r"(?<!\d)1\s*年(?!\d)|年費|年度|每年|整年|全年|a year|per year|annual|yearly|whole year|full year")
NOW_WORDS = rx(r"現在|目前|今天|now|today|currently")
BEFORE_AFTER = rx(r"前後|(?:這個月|現在|目前|now|(?<!\d)10\s*月).{0,16}(?:下個月|11月起?|next month)(?:呢|的話)?|(?:11月起|下個月|next month).{0,24}(?:現在|目前|這個月|now)呢?|before and after|(?:新價格|新價|新的價格|新版).{0,12}(?:貴|多)|(?:漲價|調價|之後|以後|後|起|since|after).{0,12}(?:多付|多繳|多花|貴了|pay more)|漲了多少|漲多少|漲了幾|漲幅|漲價後.{0,12}多(?:付|花)|how much more .{0,20}(?:after|since)|(?:現在|目前).{0,16}(?:(?<!\d)(?:1[0-2]|[1-9])\s*月(?:起|開始)?|之後|以後)\s*(?:就?要|會|將)\s*(?:改|漲|調)|(?:line|官方)\s*(?:要|會|將|準備)\s*(?:改|調整|更新)\s*(?:方案|價格|價錢|收費|費用).{0,16}(?:變成?|改成|會是)(?:幾|多少)")
AGAIN = rx(r"又|再|然後|接著|\bthen\b|\bagain\b")
MILESTONE_WORDS = rx(r"公告的?|什麼時候從|何時從|when did .{0,30}(?:go|change|move|drop|rise) from|公布|公佈|宣布|宣佈|announced|什麼時候開始|何時開始|從什麼時候|line@|生活圈|改過哪|哪幾次|哪1?天開始")
AMOUNT_LOOKUP = rx(r"是哪個方案|是什麼方案|哪個方案|什麼方案|會是\s*(\d+)|金額")
EXTRA_MESSAGES = rx(r"(?:另外|還有|加上|再加|plus|also|another).{0,20}?(?<![\d/])(\d+)\s*(?:則|封|messages?|pushes)")
BLOCKED_COUNT = rx(r"(?<![\d/])(\d+)\s*(?:(?:個|位|人|名)\s*(?:of them\s*)?(?:把我|已經?|都|have|had)?|(?:of them\s*)?"
                   r"(?:把我|已經?|都|have|had))\s*(?:封鎖|被封鎖|blocked)|(?:封鎖|blocked)\D{0,6}(\d+)\s*"
                   r"(?:個|位|人|名|people|friends|followers)|封鎖的?\s*(?:有|是|約|大約|大概)?\s*(\d+)(?!\s*(?:次|則|元))|"
                   r"(?:其中|有)\s*(\d+)\s*(?:個|位|人|名)?\s*(?:已經?|都)?\s*(?:封鎖|被封鎖)")
BEFORE_CHANGE = rx(r"漲價前|調價前|漲價之前|調價之前|改價前|之前的價格|以前的價格|舊的價格|舊價格|舊制|old prices?|previous prices?|"
                   r"before the (?:price )?(?:change|increase)")


FACTOR = rx(r"(\d+)\s*/\s*(\d+)\s*的?(?=人|好友|friends|of)|(\d+)\s*分之\s*(\d+)|(\d+(?:\.\d+)?)\s*倍|加倍|翻倍|\bdoubled?\b|\btripled?\b|減半|一半|少一半|\bhalf\b|\bhalved?\b")
FACTOR_WORDS = {"加倍": 2, "翻倍": 2, "double": 2, "doubled": 2, "triple": 3, "tripled": 3, "減半": 0.5, "一半": 0.5,
                "少一半": 0.5, "half": 0.5, "halve": 0.5, "halved": 0.5}
ADDON_COUNT = rx(r"加購(?:訊息)?(?!\s*(?:超過|前|後))\D{0,8}?(\d+)\s*則|(\d+)\s*(?:則)?\s*加購|(\d+)\s*add-?on messages?")
ALTERNATIVE = rx(r"(\d+)\s*(次|則|times)?\s*[,，]?\s*(?:想|要|再)?\s*(?:跟|和|與|vs\.?|versus|還是|或|改成|改為)\s*(?:發|推|群發)?\s*(?:每月|每個月|a month)?\s*(\d+)\s*(次|則|times|messages?)")
LIMIT_429 = rx(r"429|monthly limit|too many requests|(?:用完|用光|超過|爆量|額度).{0,24}(?:什麼錯誤|錯誤碼|哪個錯誤|什麼error|"
               r"error code|回什麼|回傳什麼|status code)")
API_TOPICS = (
    ("reply_token", rx(r"reply ?token.{0,20}(?:多久|幾秒|\d+\s*秒|\d+\s*分鐘|期限|有效|過期(?!.{0,12}push)|還能用|時間限制|expire|how long|valid|"
                       r"still work|seconds|minutes)|(?:多久|how long).{0,12}reply ?token")),
    ("signature", rx(r"[簽籤]章|signature|x-line-signature|驗證.{0,4}webhook|webhook.{0,8}驗證|hmac")),
    ("redelivery", rx(r"重送|redeliver|isredelivery|webhookeventid|去重|dedupe|duplicate")),
    ("limits", rx(r"multi ?cast.{0,12}(?:最多|幾個|上限|max)|how many user ?ids|user ?ids.{0,20}multi ?cast|multi ?cast.{0,20}(?:how many|take|accept)|(?:最多|幾個|上限).{0,6}user ?ids?|幾[則個]訊息物件|訊息物件.{0,6}(?:幾個|上限|最多)|(?:放|塞|帶)\s*幾個\s*message ?objects?|(?:最多|上限).{0,12}訊息物件|how many message objects|message objects? per|rate limit|速率|每秒.{0,4}(?:上限|幾|多少|最多)|(?:上限|最多).{0,6}每秒|requests? per second|\brps\b|呼叫上限|呼叫頻率|頻率限制|(?:一|1)小時.{0,6}(?:打|呼叫|調用|call)|每小時.{0,8}(?:呼叫|調用|call)|(?:呼叫|調用|call).{0,6}幾次|how many (?:calls|requests)")),
    ("quota_api", rx(r"(?:which|what) endpoint.{0,40}(?:used|usage|how many messages|quota)|api.{0,8}(?:怎麼|如何|how).{0,4}(?:查|看|check|get).{0,12}(?:用了|用掉|用量|額度|多少|how many)|(?:哪個|什麼|which|what).{0,8}(?:api|endpoint).{0,12}(?:額度|用量|用掉|用了|還剩|剩多少|quota|consumption|usage)|(?:額度|用量|用掉|已用|訊息量|quota|consumption|usage).{0,16}(?:api|endpoint|端點)|quota/consumption|message/quota|message/consumption")),
    ("flex", rx(r"alt ?text|bubble.{0,12}(?:json|多大|size|kb)|json.{0,8}(?:大小|上限|多大|size)|flex.{0,10}(?:上限|多大|幾個|limit|size|kb)|(?:size|limit).{0,20}flex|carousel.{0,12}(?:幾個|上限|大小|max)|quick ?repl(?:y|ies).{0,16}(?:幾個|上限|最多|max)|(?:max|maximum|how many).{0,24}quick ?repl")),
    ("rich_menu", rx(r"(?:rich ?menu|圖文選單).{0,30}(?:尺寸|大小|size|幾個區|區塊|areas?|pixel|px|圖片|限制|寬高|寬度|檔案)|"
                     r"standard sizes?|標準尺寸")),
    ("postback", rx(r"postback.{0,12}(?:data|資料).{0,10}(?:多長|長度|最多|最長|上限|多少字|幾個字|字數|length|max)|chat ?bar ?text|display ?text.{0,8}(?:多長|長度|最多|length)")),
    ("text_length", rx(r"(?:文字訊息|text message|一則訊息|單則訊息).{0,24}(?:長度|字數|多長|幾個字|多少字|length|characters)|"
                       r"(?:max(?:imum)?|最長).{0,10}length|最多幾個字")),
)
FIGURE_WORDS = rx(r"生效|要多少|要花多少|總共多少|take effect|費用|多少錢|幾則|多少則|則數|月費|這個月|當月|要付|cost|fee|how many|how much|price")


# --- asking back (bot/understanding/clarify.py) ------------------------------------------------------
# 「2000」「大概3000吧」「around 5000」: a number with nothing saying what it counts.
BARE_NUMBER = rx(r"^(?:我們?|我们|i have|we have|i've got|we've got|how much (?:is it )?for|what about)?\s*(?:發|推|send)?\s*(?:大概|大約|約)?\s*"
                 r"(?:每個?月|一個月|1個月|a month|per month|monthly)?\s*"
                 r"(?:有|大概|大約|大约|約|约|差不多|應該是|應該|可能|around|about|roughly|maybe|like|"
                 r"approx\.?)*\s*(\d+)\s*(?:左右|上下|多|吧|喔|啦|耶|个|個|ish)?\s*[,，]?\s*(?:這樣|那)?\s*(?:(?:1個月|每個?月)要多少錢?|要多少錢?|多少錢?|多少錢|的話|夠嗎|夠不夠|夠用嗎|要選哪個|選哪個|要哪個方案|怎麼算|要怎麼算|how much|enough)?\s*(?:呢|吧)?"
                 r"\s*[?？.。!！~～]*$")
# Sizes without a number: 「好友很多」「幾千個好友」"lots of followers" ("how many" asks, it does not size).
VAGUE = rx(r"很多|不少|一堆|蠻多|滿多|挺多|超多|好多|非常多|幾千|几千|幾百|几百|幾萬|几万|上千|上萬|上万|成千|"
           r"a lot of|lots of|(?<!how )many|tons of|thousands of|several thousand|a bunch of|plenty of")
AUDIENCE_WORDS = rx(r"好友|粉絲|朋友|會員|客人|客戶|人|訊息|則|friends?|followers?|fans|members|customers|messages")
# Choosing a plan; 「中還是高」 alone at the end of a message asks which to pick, not what differs.
CHOOSE = rx(r"比較划算|划算嗎|比較省|最省|怎麼省|省錢|夠嗎|夠不夠|夠用嗎|enough|怎麼選|如何選|哪個方案|哪一個方案|哪種方案|選哪|該選|要選|適合|用哪個方案|哪個好|哪個比較好|"
            r"哪個划算|選什麼|which plan|what plan|which one|should i (?:pick|choose|use|get)|best plan|right plan|"
            r"(?:中用量|中|高用量|高|輕用量|輕)\s*還是\s*(?:中用量|中|高用量|高|輕用量|輕)(?:好|呢|比較)?\s*[?？]?$")
FACT_WORDS = rx(r"差在哪|差別|差異|不同|比較|區別|列|一覽|多少錢|月費|幾則|多少則|加購|difference|compare|how much|"
                r"how many messages|price|fee")
COST_WORDS = rx(r"怎麼算|幫我算|算一下|多少|費用|錢|幾則|多發|划算|how much|cost|fee|more messages|\bpay\b|"
                r"how (?:is|are|will) (?:it|that|i|we) (?:be )?(?:charged|billed)|"
                r"how many (?:free )?messages")
TAX_AMOUNT = rx(r"多少|幾|how much")
SHOP_COUNT = rx(r"(?<![\d.])(\d+)\s*(?:家|間|个|個)?\s*(?:分店|門市|店面|店鋪|店|診所|分院|分校|沙龍|據點|shops?|stores?|"
                r"branches|locations|clinics|salons)|(?<![\d.高國初])(\d+)\s*家(?![人庭長屬族])")
ACCOUNT_COUNT = rx(r"(?<![\d.])(\d+)\s*(?:个|個)?\s*(?:客戶|品牌|店家|分店)?\s*(?:官方帳號|帳號|账号|line ?oas?|official accounts?|accounts)")
# Each shop on its own account (each pays its own plan) versus one account shared by all shops.
SEPARATE = rx(r"各自(?:經營|申請|有|的|開|用)?\s*(?:[1一]個)?\s*(?:官方)?(?:帳號|line)|分開(?:的)?(?:\d+\s*個)?(?:官方)?帳號|分別(?:有|開)?(?:官方)?帳號|"
              r"各有(?:[1一]個)?\s*(?:line\s*)?(?:官方)?帳號|各[1一]個\s*(?:line\s*)?(?:官方)?帳號|單獨(?:開|申請|有)?了?(?:[1一]個)?(?:官方)?帳號|各開|自己的(?:官方)?帳號|獨立(?:的)?(?:官方)?帳號|每個帳號|"
              r"(?:its|their) own (?:line )?(?:official )?accounts?|separate (?:line )?(?:official )?(?:accounts?|oas?\b)|"
              r"own accounts?")
# 「合并成一个账号」 reads 合並成1個 after OpenCC.
SHARED = rx(r"同[1一]個|(?:合併|合並|整合|併)成?\s*[1一]\s*個|同[1一]个|共用|合用|只有[1一]個帳號|只有[1一]个账号|same account|(?:1|one) (?:official )?account|shared|share (?:1|one)|"
            r"single account|共同")
MORE = rx(r"比較多次|推比較多|發比較多|多推幾次|推多一點|more times|more broadcasts|多發一點|多发一点|多發一些|多發點|發多一點|發多一些|多推一點|多推一些|多推幾次|多發幾次|增加一些|"
          r"send (?:a bit |a little )?more|more often|a few more")

# --- frequencies and send patterns (bot/understanding/spans.py) ----------------------------------------
# 「兩週一次」「隔週」: every two weeks (「每週2次」 is twice a week: the 2 must come before 週).
FORTNIGHT = rx(r"(?:每|每隔)?\s*(?<![\d.])2\s*個?\s*(?:週|周|星期|禮拜)(?!年)|隔週|隔周|雙週|双周|every other week|"
               r"every 2 weeks|bi-?weekly|fortnight(?:ly)?")
TIMES_AFTER = rx(r"\s*(?:大概|約|都)?\s*(?:推|發|傳|群發|發送|寄|送)?\s*(\d+)\s*(?:次|回|檔|波|times?)")
# 「每隔一天」「隔日」 "every other day" are every 2 days; 「每3天」 every 3.
EVERY_N_DAYS = rx(r"每(?:隔)?\s*(\d+)\s*天|every (\d+) days|(?<!\d)隔日|every other day")
EVERY_N_WEEKS = rx(r"每(?:隔)?\s*(\d+)\s*個?(?:週|周|星期|禮拜)|every (\d+) weeks")
# 「隔月」 and "every other month" are every two months; 「每1個月」 is a plain month and is left to PERIODS.
EVERY_N_MONTHS = rx(r"每(?:隔)?\s*([2-9]|1[0-2])\s*個?月|every ([2-9]|1[0-2]) months|隔月|every other month")
HALF_YEAR = rx(r"每半年|每隔半年|半年1次|every (?:6|six) months|twice a year")
# 「一季要多少錢」 is a quarter's total (MONTHS_TOTAL), not one send a quarter.
QUARTER = rx(r"(?<!第)(?:每\s*1?\s*季|每一季|(?:1|一)季(?!\s*(?:要\s*(?:多少|付|繳|花|準備)|總共|一共|合計|共|多少|的?費用|的?月費|呢)))"
             r"(?!\s*\d+\s*個月)|quarterly|every quarter|a quarter|per quarter|each quarter")
# A count of sends in a year: 「一年大概推30次」 "24 times a year" (「一年多少錢」 has no count: a yearly cost).
YEAR_COUNT = rx(r"(?:每年|(?<!\d)1年|全年|整年|a year|per year|each year|annually|yearly)(?:(?!每個?月|a month)[^。?？]){0,30}?"
                r"(?<![\d.])(\d+)\s*"
                r"(?:次|回|檔|波|times|sends|broadcasts)|(\d+)\s*(?:次|times|sends|broadcasts)\s*(?:a|per|each) year")
PART_BREAK = rx(r"[、,，;；。+＋]|另外|還有|加上|再加|\bplus\b|\band\b")
# Words that make several counts alternatives or a what-if, never a sum.
PART_ALTERNATIVES = rx(r"或|還是|\bor\b|改成|改為|\bvs\b|versus|比較|如果|假如|要是|\bif\b")
# Seasons, events and named months, each with its own send count: priced side by side, never added up.
SEASONS = rx(r"旺季|淡季|夏天|冬天|夏季|冬季|暑假|寒假|summer|winter|平常|平時|平日|節慶|節日|過年|週年慶|情人節|母親節|父親節|中秋|聖誕|耶誕|雙\s*11|雙十一|雙\s*12|春節|年節|"
             r"其他月份?|其餘月份?|其[他餘它]\s*\d+\s*個月|其他時間|other months|rest of the year|活動(?:那個?月|期間|月)|(?<![每\d/年])(?<!年 )(?:1[0-2]|[1-9])\s*月(?:份)?(?![\d份]?[的]?(?:費|帳|扣))|"
             r"peak|off-?season|holiday|usually|normally")
SEASON_MORE = rx(r"多發|多推|再多|加發|額外|extra|more")
SEASON_BREAK = rx(r"[,，、;；。]|另外|but|while|\s+(?=其他|其餘|平常|平時|淡季|旺季|other)")
# 「11月發了4萬則、12月發了9萬則」: two months' volumes.
MONTH_VOLUME = rx(r"(?<![每\d/])(?:1[0-2]|[1-9])\s*月[^\d,，、;；]{0,8}?(\d+)\s*(?:則|messages?)|"
                  r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*:?\s*(\d{3,})(?!\s*(?:friends|followers|people))")

# --- claims to check (bot/understanding/spans.py) -------------------------------------------------------
# Hearsay or doubt about a figure: 「聽說高用量要四千」「中用量1600是真的嗎」.
# 「是不是一直都1400」 "has it always been": a figure claimed for every list, not only today's.
ALWAYS = rx(r"一直|向來|從以前就|都沒變|always|ever since")
CLAIM_CUE = rx(r"聽說|听说|有人說|網路上?說|網上說|網站(?:上)?(?:說|寫)|網頁(?:上)?(?:說|寫)|朋友說|同業說|看到|看網路|據說|文章寫|文章說|部落格|"
               r"一直|記得以前|記得之前|記得.{0,14}[?？]$|说法|說法|可信|(?:業務|代理商|同事|老闆|客服|廠商)說|i heard|someone (?:said|told)|"
               r"(?:agency|rep|salesperson|friend|colleague) (?:says|said|told)|"
               r"they say|(?:a|the) (?:blog|article|post|website) says|"
               r"is it true|is that (?:right|true|correct)|right\?|correct\?|true\?|真的嗎|是真的|沒錯吧|對嗎|對不對|是嗎|"
               r"不是要|不是.{0,14}[嗎吧]|已經.{0,8}了嗎|還是.{0,10}吧|吧[?？]?$|喔[?？]|[?？]{2}")
# A plan's figure as heard: money (元/塊) or messages (則); the unit, when said, tells which.
CLAIMED_FIGURE = rx(r"(nt\$|\$)?\s*(?<![\d./])(\d{3,6})(?![\d./])\s*(?!人|位|個|名|次|好友|年|月|號|日|%|friends|people)"
                    r"(元|塊|則|(?:free )?messages?)?")
# 「推播3次就用掉4500則，算錯了嗎」: sends and the messages they used, with a doubt about the count.
USAGE_CHECK = rx(r"(?<![\d.])(\d+)\s*(?:次|回|times?)\D{0,10}?(?:用掉|扣了?|用了|花了|吃掉|消耗了?|算了?|used|took)\s*(\d+)\s*"
                 r"(?:則|封|messages?)|(?<![\d.])(\d+)\s*(?:次|回)[^?？]{0,24}?(?:顯示|變成|跳到)\s*(\d+)(?!\s*[次\d])")
USAGE_DOUBT = rx(r"算錯|正常|怎麼會|怎麼顯示|不是.{0,6}嗎|為什麼|為何|合理|對嗎|沒錯嗎|是不是|why|normal|wrong|right\?|correct")
# 「加上非會員不知道多少」: part of the audience the merchant cannot count (not 「不知道多少錢」).
UNKNOWN_COUNT = rx(r"(?:不知道|不確定|不清楚|不曉得)\s*(?:有)?\s*(?:多少|幾)\s*(?:個|位|人)?(?!\s*(?:錢|元|費|塊|則|\d))")
# 「跟上個月一樣的量」: a volume said to be last month's, without its figure.
SAME_AS_BEFORE = rx(r"(?:跟|和|與|同)\s*上個?月\s*(?:一樣|差不多|相同)|same as last month")
# A send to part of the friends: 「只推給貼了會員標籤的500人」「其中VIP有300人，只發給VIP」.
SEGMENT_ONLY = rx(r"只|僅|針對|only|just|target(?:ing|ed)?")
SEGMENT_WORDS = rx(r"標籤|貼標|tag|會員|vip|互動|active|engaged|開過|點過|買過|消費過|interacted|分眾|篩選|其中|of them|segment|特定|屬性|女性|男性|男生|女生|熟客|老客|"
                   r"新客|地區|縣市|台北|台中|高雄|members?|一部分|部分(?:的)?(?:好友|人|客人)|some of|part of")
BLOCKED_AFTER = rx(r"\s*(?:已經?|都|have|had)?\s*(?:封鎖|被封鎖|blocked)")
# 「600 tagged members」「近30天有互動的2000人」: people counted with a word between the number and the unit.
SEGMENT_COUNT = rx(r"(?<![\d.])(\d+)\s*(?:個|位|名)?\s*(?:tagged|vip|active|engaged)?\s*(?:members?|people|friends|users|"
                   r"customers|followers|of them|人|位|名|會員)")
# Asking for a price with nothing to price it on: 「幫我算」 "how much will it cost me".
COST_ASK = rx(r"^(?:那)?\s*(?:1|一)?\s*(?:季|年|個月)\s*要?\s*多少(?:錢)?\s*[?？]?$|(?:一共|總共|全部|合計)\s*要?\s*(?:付|繳)?\s*多少|(?:我們|我)\s*(?:要|得)\s*(?:付|繳|花)?\s*多少(?!則)|多(?:付|繳|收|花)多少|被收多少|會收多少|要收多少|預算要?抓多少|要準備多少|預算大概要多少|how much (?:per|a) month|how much (?:would|will|does) (?:it|that|this)|要花多少|花多少|要付多少|要繳多少|幫我算|幫忙算|算一下|算算|估一下|估算|幫我估|試算|報價|算費用|算錢|cost me|will it cost|my cost|estimate|"
              r"calculate|(?:推|發|群發|send|broadcast).{0,10}(?:多少錢|how much)")
# Seasons and events with their own send counts: 「旺季每月3次、淡季1次」「平常2次，週年慶那個月6次」.
WEEKDAY = rx(r"(?:週|周|星期|禮拜)[1-7一二三四五六日天]|(?<=[1-7一二三四五六日天])\s*[、,和跟與及]\s*[1-7一二三四五六日天](?!\d)")
EACH_TIMES = rx(r"各\s*(?:推|發|傳|群發)?\s*(\d+)\s*次")
# 「看診提醒及衛教資訊各一次」: several kinds of message, each sent that often.
ITEMS_EACH = rx(r"((?:[^\s,，。;；及和跟與、]{1,8}(?:及|和|跟|與|、)){1,4}[^\s,，。;；及和跟與、]{1,8})\s*各\s*(?:發送|發|推|傳|群發)?\s*(\d+)\s*次")
# 「沒有更高的方案可以升嗎」: a plan above the High plan, which does not exist.
HIGHER_PLAN = rx(r"更高的方案|更大的方案|比高用量更|higher plan|bigger plan|above the high plan")
# 「平日每天」「週一到週五每天」: every working day, five sends a week.
WORKING_DAYS = rx(r"平日每天|平日天天|(?:週|周)[1一]\s*(?:到|至|~|-)\s*(?:週|周)?[5五]\s*每天|工作日每天|"
                  r"every weekday|each weekday|weekdays only")
# 「月初跟月中各發一次」: named points of the month, each with its sends.
MONTH_POINTS = rx(r"月初|月中|月底|月末|上旬|中旬|下旬")
# 「第一個和第三個週六」: ordinal weekdays of the month.
# 「第2週跟第4週各推一次」: ordinal weeks of the month.
ORDINAL_WEEKS = rx(r"((?:第\s*[1-5一二三四五]\s*(?:個)?\s*(?:週|周)(?![1-7一二三四五六日天])\s*[、,和跟與及]?\s*){2,})")
ORDINAL_WEEKDAYS = rx(r"((?:第\s*[1-5一二三四五]\s*個?\s*(?:週|周)?\s*[、,和跟與及]?\s*)+)(?:週|周)[1-7一二三四五六日天]")
# 「A店好友900、B店1,200」「台北店好友 2,300、台中店 1,700」: each shop's friends, named by the shop.
SHOP_AUDIENCE = rx(r"(?:[a-z]|[\u4e00-\u9fff]{1,2})\s*(?:店|分店|館|門市)\s*的?\s*(?:好友|粉絲|會員)?\s*(?:約|大約|大概)?\s*"
                   r"(\d+)(?!\s*(?:次|則|元|%|家|間))")
# 「聽說第50001則開始是0.15，那我總共要發56000則」: hearsay said first, then the merchant's own volume to price.
HEARSAY_CLAUSE = rx(r"^(?:聽說|有人說|網路上?說|朋友說)[^,，。;；?？]*[,，。;；?？]\s*(?=那|所以|我)")
# 「只發給其中打了標籤的800人」: part of the friends named before.
SEGMENT_CUE = rx(r"只發給|只推給|只傳給|其中|貼了?標|打了?標|標籤|only (?:send )?to|just to|tagged")
# 「怎麼這麼多」: a bill that looks too high.
BILL_DOUBT = rx(r"怎麼這麼多|怎麼這麼貴|為什麼這麼多|為什麼這麼貴|怎麼會|比我想的|so (?:much|high|expensive)|why (?:so|is it)")
# 「被扣了2,100元」「帳單的加購費用是2,300」: an amount LINE charged, not a budget or a cap.
BILLED_AMOUNT = rx(r"被扣|扣了|扣款|帳單|費用是|收了|charged|billed|on my bill")
# 「這代表我多發了幾則」: a count of messages asked for, not given.
MESSAGES_ASKED = rx(r"發了幾則|多發了幾則|發了多少則|幾則|多少則|how many messages")
# 「這個月可能要發到3萬則」: the month's messages as the merchant expects them.
MONTH_AHEAD = rx(r"要發到|會發到|可能發到|總共要發|這個月(?:總共)?發了\s*\d|本月發了\s*\d|預計(?:要)?發|預估(?:要)?發|(?:我|這個月|每月)大概(?:發)?\s*\d|will send|"
                 r"expect to send|plan to send")
REFUND = rx(r"退差價|退費|退款|退錢|refund")  # 「降到中用量會退差價嗎」
# 「中用量要降回輕用量要怎麼操作」: how or where to do it.
HOW_TO = rx(r"怎麼操作|如何操作|怎麼做|怎麼弄|怎麼改|怎麼降|怎麼升|要去哪|在哪裡?(?:改|換|升|降|操作)|how do i|how to|where do i")
# 「價格都是含稅的？」 "Is the NT$1,400 including VAT?": whether a list price includes tax (it never does).
INCLUDED_ASKED = rx(r"(?:價格|月費|費用|方案)?(?:都是|是|已經?|已)含稅(?:了|的|價)?\s*(?:嗎|吧|[?？])|"
                    r"(?:including|include[sd]?) (?:vat|tax)\??|(?:vat|tax)[- ](?:is )?(?:included|inclusive)")
# 「中用量可以嗎」「夠不夠」「預算1500，每月想發8000則，可以嗎」: whether a plan or a budget is enough.
FIT_ASK = rx(r"可以嗎|夠嗎|夠不夠|夠用嗎|足夠嗎|enough")
TAXED_BUDGET = rx(r"含稅|with tax|including tax")
PRICE_ASK = rx(r"多少錢|要付多少|付多少|費用|怎麼算|帳單(?:是|有|要)?多少|how much|cost|what(?:'s| is| was) (?:the |my |our )?(?:total )?bill")
# 「目標好友數顯示1,400」: the target friends the manager shows, which sends are billed on.
TARGET_FRIENDS = rx(r"目標好友(?:數|人數)?\s*(?:顯示|只有|是|為|有|約|大約|大概)?\s*(\d+)|(\d+)\s*(?:target friends|targeted reach)")
# "about 450 of my 6,000 friends": the part of the friends a send goes to.
SEGMENT_OF_TOTAL = rx(r"(?<![\d.])(\d+)\s*(?:of|out of)\s*(?:my|our|the|all|all of (?:my|our))?\s*\d+")
# 「北部1,000人、中部800人、南部600人，每群…」: groups listed with their sizes, each sent to.
EACH_GROUP = rx(r"每群|每組|每個群組|每區|各群|各組|each group|each segment")
# 「一人一則」「每群各收到2則」: sends, said as messages per person.
PER_PERSON = rx(r"[1一]人[1一]則|每人[1一]則|each (?:person|friend) (?:gets|receives) (?:1|one)|各收到\s*(\d+)\s*則|"
                r"每人(?:各)?收到\s*(\d+)\s*則")
# 「11/5發預告、11/10發倒數」: sends listed by their dates; 「早晚各一次」 sends twice that day.
SEND_DATES = rx(r"(?<![\d/])(?:1[0-2]|[1-9])/(?:[12]\d|3[01]|[1-9])(?![\d/])")
TWICE_A_DAY = rx(r"早晚各|早上.{0,6}晚上各|morning and (?:evening|night)")
# 「剛好有五個週一」: a month with five of the weekday sent on.
WEEKDAYS_IN_MONTH = rx(r"(?<!\d)([45])\s*個\s*(?:週|周)[1-7一二三四五六日天]")
USAGE_CHECK_EN = rx(r"(\d+)\s*(?:broadcasts?|sends?|pushes|times)\D{0,30}?(\d+)\s*messages\s*(?:were|was|got)?\s*"
                    r"(?:used|counted|charged|deducted)")
# Refusing a coming price change: 「不想接受11月的新價格」.
PREPARE = rx(r"準備|要做什麼|該做什麼|要先做什麼|先做什麼|付款相關|注意什麼|注意事項|要注意|注意的|要先設定|要先新增|先新增|之前要先|受影響|影響到|affected|prepare|"
             r"what should (?:i|we) do")
REFUSE_NEW_PRICES = rx(r"avoid|避免|躲過|keep the old price|沒有同意|不同意|不想付|不要付|不想繳|要不要先降級|先降級|(?:不想|不要|不願意?)?(?:接受|同意)|不想用|不要用|拒絕|refuse|opt out|not accept|don'?t accept")
# 「10/27以後還在用中用量，就算同意新價格了？」: whether staying on a paid plan counts as accepting (it does).
ACCEPTED_BY_USE = rx(r"(?:還在用|繼續用|沒降級|沒有降級|still (?:on|using)).{0,24}(?:就算|就是|視為|算是|等於|counts? as|means?)")
NEW_PRICES = rx(r"新價格|新的價格|新價|漲價|調價|改價|價格調整|調整價格|新方案|new prices?|price (?:increase|change)")
# How many sends a plan's quota covers: 「中用量3000則，好友1000人，可以推幾次」.
HOW_MANY_SENDS = rx(r"幾次|多少次|how many (?:times|broadcasts|sends)|how often")
# The official calculator, not an estimate: 「有官方的費用試算工具嗎」.
CALCULATOR_TOOL = rx(r"(?:試算|計算|費用)的?(?:工具|網站|網頁|頁面)|計算機|calculator")
UPGRADE_QUESTION = rx(r"要升級嗎|需要升級嗎|該升級嗎|該升級了嗎|要升級了嗎|要不要升級|要不要換方案|該不該換方案|要換方案嗎|should i upgrade|"
                      r"do i need to upgrade|should i (?:change|switch) (?:my )?plan")
WANT_CHANGE = rx(r"^(?:我|我們)?(?:想|想要|要|打算)(?:換|改|變更|升級|降級)(?:一下)?(?:方案)?[?？。.!！]*$|"
                 r"^i (?:want|would like|'d like) to (?:change|switch|upgrade|downgrade)(?: my)?(?: plan)?[?.!]*$")
LEFT_WORDS = rx(r"還剩|剩下|剩幾|剩多少|還能發|還可以發|left|remaining")
AVERAGE_WORDS = rx(r"平均|換算|average|effective|per message cost|cost per message")
# A merchant correcting what they said a moment ago: 「其實只有3000人」 "sorry, actually only 3,000".
CORRECTION = rx(r"打錯|更正|不對|不是|sorry|抱歉|我是說|應該是|其實|actually|correction|i mean|\bonly\b")
CHANGED_WORDS = rx(r"從(?:幾|多少)[則元塊]?\s*(?:變|改|調)(?:成|為|到)?\s*(?:幾|多少)|有什麼改變|改變了?什麼|改版|改了哪些|變了哪些|調了哪些|改了什麼|變了什麼|調整了什麼|漲了什麼|漲過|調過|改過|漲價過|有漲|what changed|(?:rose|went up|changed) in")
# The High plan with add-on not enabled: sending stops at its free messages.
ADDON_OFF = rx(r"(?:沒|沒有|未|都沒)(?:設定|設|開|開啟).{0,24}(?:發不出去|發不出|停止|不能發)|發不出去.{0,20}加購|沒(?:有)?開(?:啟)?加購|未開(?:啟)?加購|不開(?:啟)?加購|沒有設定加購|加購(?:沒|未|沒有)開|關(?:閉|掉)加購|"
               r"add-?on (?:is )?(?:not enabled|disabled|off)|without (?:enabling )?add-?on")
# The manager's message count lags: 「後台的則數沒更新」「用量多久更新」.
COUNT_LAG = rx(r"顯示.{0,20}(?:可是|但是?|卻)|慢了?\s*1\s*天|晚了?\s*1\s*天|沒(?:有)?更新|不更新|多久更新|更新頻率|何時更新|什麼時候更新|幾點更新|延遲|"
               r"not updated|doesn'?t update|lag|how often .{0,20}update")
COUNT_WORDS = rx(r"只用了|用了\s*\d+\s*則|則數|用量|發了幾則|已發送|訊息數|額度|count|usage|messages sent")
# Words that make an unplaced message a pricing question worth asking about rather than off-topic.
PRICING_TOPIC = rx(r"方案|用量|則|月費|費用|收費|價格|價錢|多少錢|錢|加購|帳單|官方帳號|推播|群發|好友|升級|降級|"
                   r"plan|price|cost|fee|messages?|quota|broadcast|upgrade|downgrade|bill")
# 「總共6500則」: a month's total, a volume to price even next to 「超過」.
TOTAL_WORDS = rx(r"總共|合計|一共|總計|加起來|in total|total of|altogether")
# Which month a send counts toward: 「現在發會算12月還是1月」「會扣到1月還是2月的額度」 "which month does it count toward".
WHICH_MONTH = rx(r"(?:算|扣)(?:到|在)?\s*\d{1,2}\s*月還是?|算(?:在|到)?這個月(?:的)?(?:嗎|還是)|"
                 r"count(?:s|ed)? (?:for|toward|towards|in) [a-z]+ or [a-z]+|算\s*\d{1,2}\s*月的?\s*(?:額度|則數|用量|量)?\s*(?:吧|嗎|對吧|沒錯吧)|還算\s*\d{1,2}\s*月|算.{0,6}月還是?.{0,6}月|算哪個月|算到哪個月|哪個月的|which month|count(?:s)? toward (?:this|next|which|the next|december|january)")
# A share of the friends: 「四分之一」(4分之1)「25%」「四成」「一半」.
# 「1/4的人」 (四分之一 after the numeral pass): a share of the people, not the 4th of January.
# 「只發給最近半年有消費的1/5」: a fraction after 只…的 is the part sent to.
FRACTION_OF_PEOPLE = rx(r"(?<![\d/])(\d+)\s*/\s*(\d+)(?=\s*(?:是|為|都是)?\s*的?\s*(?:人|好友|粉絲|會員|客人|vip|friends|people|followers))|"
                        r"(?:只|僅|針對)[^,，。\d]{0,20}的\s*(\d)\s*/\s*(\d{1,2})(?![\d/]|\s*(?:號|日|前|後|起|開始))")
SHARE = rx(r"(\d+)\s*分之\s*(\d+)|(\d+(?:\.\d+)?)\s*(?:%|％|percent)|(?<![\d.])([1-9])\s*成(?![本交功長立為])|一半|half|"
           r"(?:佔|占|大概|大約)\s*(?:了|約|大約)?\s*(\d)\s*/\s*(\d{1,2})(?![\d/]|\s*(?:號|日|前|後|起|開始))")
# 「大概佔五分之一」「只發給有互動的 大概四分之一」 read 佔1/5 and 大概1/4: a share, not a date
BLOCKED_WORDS = rx(r"封鎖|block")
SHARE_OF_SEGMENT = rx(r"篩選|佔|占|其中|只發|只推|只給|針對|segment|only|tagged|標籤|女性|男性|會員")
# 「12個群組，每個群組5個人」: the people reached in several groups.
GROUPS = rx(r"(\d+)\s*(?:個)?\s*(?:群組|聊天室|groups?)")
PER_GROUP = rx(r"(?:每個?(?:群組|群|聊天室)|each group)\D{0,4}?(\d+)\s*(?:個|位|名)?\s*(?:人|people|members)")
# Hearsay or doubt strong enough to outrank a volume: 「中用量不是1600元可以發25000則嗎」.
STRONG_DOUBT = rx(r"聽說|听说|有人說|網路上?說|據說|不是.{0,14}[嗎吧]|是真的|真的嗎|可信|可靠|靠譜|說法|is it true|i heard|someone said")
# 「好友再多一些呢」: more, but no number.
VAGUE_MORE = rx(r"多發一點|多發幾則|多發幾次|多幾次|多發一些|more times|變多|增加了?(?:呢|的話)|多一些|多一點|再多|更多|多一些些|a few more|a bit more|some more|more friends")
# A price question about a tier, not a volume: 「0.15從第幾則開始」.
PRICE_QUESTION = rx(r"第幾則|從第|從哪[1一]?則|(?<!\d)[1一]則.{0,3}多少|每則.{0,3}多少|單價|per message|0\.\d+")
# A month's messages of one kind of send, said outright: 「預約提醒推播約600則」.
# 「push 大概 900 則」「漸進式訊息 200 則」「API推播預約提醒一個月大概300則」: messages a kind of send uses.
MESSAGES_SENT = rx(r"(?:推播|推|群發|發送|發|push|send|broadcast|漸進式訊息|step messages?)"
                   r"(?:\D|(?<!\d)1\s*個?月){0,12}?(?<![\d.])(\d+)\s*(?:則|封|messages?)")
PLAN_NAMED = rx(r"[輕中高]用量|(?:light|medium|mid|high|premium) plan")
# A follow-up that adds a send to the pattern before it: 「另外每週再發給120位」「還有每週一次給150位家長」.
ADD_PART = rx(r"^(?:那|那如果|如果|要是|假如)?\s*(?:再)?(?:另外|還有|再加|加上|而且|also|plus|and also)|^(?:what if|and if|if) we add")
# 「多發1次」「再多發2次」: sends added to the ones before, not instead of them.
MORE_SENDS = rx(r"多發\s*(\d+)\s*次|再多發\s*(\d+)\s*次|加發\s*(\d+)\s*次|多推\s*(\d+)\s*次|(\d+) more (?:sends|broadcasts|times)|"
                r"add (?:a|one|another|an extra|a (?:second|third|fourth|fifth)) (?:broadcast|send|push)")
# How to pay: 「用iPhone的app買方案是怎麼付錢」 (a payment question, not a plan change).
PAYMENT = rx(r"credit ?cards?|用什麼付|用什麼繳|可以用什麼(?:付|繳|支付)|綁哪些|綁卡|怎麼付(?:錢|款)?|如何付(?:錢|款)|付款方式|是怎麼\s*付|刷卡|信用卡|line ?pay|iphone|apple|app ?store|怎麼繳|"
             r"how (?:do|can) i pay|payment method")
# Whether a plan's price includes tax: 「月費是否已含營業稅」.
TAX_INCLUDED = rx(r"含(?:營業)?稅|未稅|不含稅|營業稅|tax (?:included|including)|including (?:tax|vat)|vat")
# 「我們有幾家分店」: several shops or accounts, how many not said.
VAGUE_SHOPS = rx(r"幾家|幾間|好幾家|好幾間|多家|幾個(?:帳號|分店|門市)|several (?:shops|stores|branches|accounts)|"
                 r"accounts [a-z] and [a-z]\b|(?<![a-z])[a-z]\s*(?:跟|和|、)\s*[a-z]\s*(?:兩個|2個)?\s*(?:帳號|店|分店)")
# 「為什麼這個月帳單比上個月多那麼多」: a bill that went up, with nothing to check it against.
BILL_UP = rx(r"(?:這個月|本月|上個月)的?帳單(?:是|會是)?多少|^(?:這個月|本月|下個?月)會?要?扣(?:我)?多少錢?[?？]?$|what'?s my bill|how much is my bill|(?:為什麼|為何|怎麼).{0,16}(?:帳單|費用|扣款|扣的|月費|錢).{0,12}(?:多|貴|高|變多)|"
             r"發了(?:好多|很多|不少|一堆|一大堆|超多).{0,12}(?:扣多少|多少錢|要付多少|帳單|費用)|被扣了?(?:好多|很多|不少)錢|"
             r"(?:帳單|費用|扣款).{0,12}(?:比.{0,6})?多(?:那麼|這麼)多|why .{0,20}bill .{0,20}(?:higher|more)")
CHANGE_PLAN_WORDS = rx(r"調整方案|換方案|改方案|變更方案|方案調整")
# Messages counted per day or week: 「每天用API推播大約60則」「每個工作天大概40則」.
PER_PERIOD_COUNT = rx(r"(每天|每日|天天|每個?工作天|每週|每個?禮拜|every day|a day|per day|daily|every week|a week|per week)"
                      r"\D{0,16}?(?<![\d.])(\d+)\s*(?:則|封|messages?)|(\d+)\s*(?:則|messages?)\s*(?:a|per|every)\s*(day|week)")
# 「共7天」「連續5天」: a daily send lasts only so many days in the month.
DAYS_TOTAL = rx(r"共\s*(\d+)\s*天|連續\s*(\d+)\s*天|for (\d+) days")
# 「11月開始」「from November」: the month a question is about, to pick its price list.
MONTH_FROM = rx(r"(?<![\d/])(1[0-2]|[1-9])\s*月\s*\)?\s*(?:開始|起|以後|之後|過後)|from (?:next )?(november|december|january)")
# Replies and chats are free: their counts are no messages to price (「每天用Reply回覆60則」).
FREE_SENDS = rx(r"reply|回覆|自動回應|自動回覆|歡迎訊息|一對一|聊天|關鍵字")
# 「被點了2000次」「回4000次」: taps on a menu and replies given, counted in times but never sent (free).
FREE_TIMES = rx(r"(?:被|客人)?點(?:了|擊)?\s*\d+\s*(?:次|下)|(?:(?<![發推傳])回(?:了|覆了?)?|reply|圖文選單|自動回應)"
                r"[^，,。；;發推傳群]{0,10}?(?<!\d)\d{2,}\s*次|\d+\s*(?:taps|clicks)")
# 「高用量會扣多少」「12/1扣了多少」: the amount a charge takes, not when.
FEE_CHARGED = rx(r"扣(?:了|掉)?多少|收(?:了)?多少|how much (?:will|did) (?:it|they) charge")
# 「一個月算22天」: the working days a daily count runs in a month.
DAYS_IN_MONTH = rx(r"(?:一|1)個?月\s*(?:算|有|大概|約)?\s*(\d+)\s*(?:個工作)?天")
# 「每家店…各約600人」: a count that applies to each shop.
EACH_SHOP = rx(r"每家|每間|每個分店|各店|各分店|each (?:shop|store|branch)")
CLAUSE_BREAK = rx(r"[,，;；。:：]")
# A month's messages said outright with 合計/共: 「合計每月約450則」.
MONTH_COUNT = rx(r"(?:合計|總共|共|一共)\D{0,4}?每月\D{0,4}?(\d+)\s*(?:則|messages?)|每月(?:合計|總共|共)\D{0,4}?(\d+)\s*則|"
                 r"^每個?月\s*(?:大約|約|大概|差不多)?\s*(\d+)\s*則(?=\s*[(（]?\s*(?:走|用|透過)\s*(?:push|api|pos|系統))|"
                 r"(?:push|reminders?|notifications?)\D{0,14}?(?<![\d.])(\d+)\s*/\s*(?:month|mo)\b")  # "about 1,000/month"
# An add-on spending cap, on top of the High plan's fee: 「加購費用上限設1萬元」.
ADDON_CAP = rx(r"加購.{0,6}(?:上限|cap)|加購(?:的)?(?:費|費用|錢)\s*(?:不想|不要|不能|最多|控制在)\s*(?:超過)?\s*\d|加購(?:的|費用)?\s*預算|(?:上限|cap).{0,6}加購|add-?on (?:spending )?(?:cap|limit)")
# 「我想重新算」: start the estimate over.
RESTART_ESTIMATE = rx(r"重新算|重算|重新試算|再算一次|重新估|start over|recalculate")
# 「月初一次、月中一次、月底再一次」: sends at parts of the month, added up.
MONTH_PARTS = rx(r"月初|月中|月底|上旬|中旬|下旬|beginning of the month|end of the month")
# 「3個月總共」: a total over several months.
MONTHS_TOTAL = rx(r"(\d+)\s*個月\s*(?:含稅|未稅)?\s*(?:總共|加起來|合計|一共|共|的?費用|的?月費|多少|呢|要)|(\d+) months? (?:in total|total|altogether)|"
                  r"這\s*(\d+)\s*個月|(?:1|一|那1?|這1?)季(?=\s*(?:含稅|未稅)?\s*(?:要|總共|共|多少|的?費用|呢))|a quarter")
RUN_OUT_WORDS = rx(r"用完|用光|發完|爆了|用爆|run out|ran out|used up")
MORE_MESSAGES = rx(r"(?:再發|還要發|還要再發|多發|再推|還要推|還要再推|another)\s*(\d+)\s*(?:則|messages?)")
# 「11/16才開始用」: starting a plan on a day, from the free plan.
# 「我有設定關鍵字自動回應」: a merchant saying what they have set up, before asking whether it costs.
SET_UP = rx(r"^我(?:們|这边|這邊)?(?:有|已經|已|都|也)?(?:設定|設|開|開啟|打開|啟用|用|使用|弄)了?|^(?:we|i) (?:have |'ve )?(?:set up|turned on|enabled|use|run)")
START_USING = rx(r"才開始用|開始用|開始使用|才用|start using|begin using")
# 「今天被扣了一筆」: a charge seen, asking what it was.
CHARGE_SEEN = rx(r"被扣|扣了|扣款|刷了|(?:was|were|got|been) charged|charged me")
# Another shop, client or brand than the one just priced: 「B店好友2000」「另一家」 "shop B".
# An account beside the one described, named without a letter: 「還有另一個帳號」 "another account".
ANOTHER_ACCOUNT = rx(r"另(?:外)?\s*[1一]?\s*個\s*(?:line\s*)?(?:官方)?帳號|another (?:line )?(?:official )?account")
OTHER_ACCOUNT = rx(r"^[a-z]\s*(?:店|客戶|校|品牌|帳號)|另一家|另一間|另外一家|第二家|第二間|shop [a-z]\b|client [a-z]\b|"
                   rf"{ANOTHER_ACCOUNT.pattern}|the other (?:shop|store|client|account)|"
                   r"(?:也要|也想|多)\s*開\s*[1一]?\s*個(?!月)|another (?:shop|store|branch)")  # 「高雄店也要開一個」
# A shop, store or client named by a letter, and the first count after it: "shop A sends about 4,000, shop B about 2,500".
LETTERED_SHOP = rx(r"(?:(?:shop|store|client|branch|account|brand|caf[eé]|salon|clinic|restaurant|gym|school)\s+[a-z]\b|(?<![a-z])[a-z]\s*(?:店|客戶|校|帳號))\D{0,30}?(\d+)")
# Asking for an estimate in so many words: 「幫我算費用」「算一下」 start the estimate wizard.
ESTIMATE_REQUEST = rx(r"幫我算|幫忙算|算一下|算算|試算|估一下|幫我估|估算|calculate|estimate my")
# 「加購的話大概要多少錢」: an add-on price asked with no count to price.
ADDON_COST = rx(r"加購費用?大概(?:會|要)?多少|加購的話.{0,8}(?:多少錢|要多少)|加購.{0,12}(?:多付多少|多付幾|會多付)|加購要多少錢.{0,4}這個月|^(?:這樣|那這樣|那)要?加購多少|加購.{0,4}(?:大概|總共)要?多少錢|add-?ons? (?:would )?cost (?:me|us)|"
                r"加購.{0,8}(?:會被|會|要)(?:收|扣)多少|加購費.{0,10}(?:會|要)?(?:扣|收)多少|(?:那我|我)這樣要付多少|"
                r"(?:my|our|the) add-?on (?:bill|charge)s? (?:be|come to)|加購.{0,4}(?:要|得)?補多少|"
                r"(?:超量|爆量|超過額度|用超過)了?.{0,8}(?:要|得|會)?(?:多付|補|多繳)多少")
# 「每次發3則」: messages in one send (bubbles), not a month's volume.
PER_SEND_COUNT = rx(r"每次(?:發|推|傳|群發)?\s*\d+\s*則|\d+\s*則\s*一次")
# 「每人會收到3則」「每個新好友會收到3則」 "each gets 3 messages": messages per friend, that is sends to each of them.
PER_PERSON_MESSAGES = rx(r"每(?:人|位|個人|(?:位|個)?新?(?:好友|會員|客人|顧客))\s*(?:每月|一個月)?\s*(?:會|大概|約)?\s*(?:收到|收|拿到|發)?\s*(\d+)\s*則|"
                         r"each (?:one |friend |person )?(?:gets|receives) (\d+) messages?")
# Add-on messages said as a month's volume: 「又加購了60000則」「要加購6萬則」.
ADDON_VOLUME = rx(r"加購了|要加購|會加購|想加購|再加購|又加購|我加購|如果加購|若加購")
# Whether unused messages carry over: 「剩下的會累積到下個月嗎」.
CARRY_OVER = rx(r"累積到下個月|累計到下個月|累積|留到下個月|保留到下個月|下個月還能用|剩下的.{0,8}下個月|carry over|roll over|rollover")
# Which clock the counting uses: 「用量統計是用台灣時間還是哪裡的時間」.
TIME_ZONE = rx(r"台灣時間|日本時間|時區|哪裡的時間|哪個時區|time ?zone|japan time|taiwan time")
# 「再群發給2000人」: one more send to so many people, that many messages.
MORE_PEOPLE = rx(r"(?:再|還要|還想|多|下1?次|接下來)\s*(?:要)?\s*(?:群發|發|推|推播)\s*(?:1次|一次)?\s*(?:給|予)?\s*(\d+)\s*"
                 r"(?:人|位|個人|people)|"
                 r"(?:再|還要|還想)\s*給\s*(\d+)\s*(?:人|位|個人)\s*(?:群發|發|推|推播)|"
                 r"(\d+)\s*more (?:friends|people|followers)")
# 「以前」「之前」 next to 「現在」: the question wants both lists.
THEN_WORDS = rx(r"以前|之前|原本|本來|before(?!\s*(?:or after\s*)?tax)|used to")  # "before or after tax" is tax
# A bill or cost asked with only the friends: 「We have 4,000 friends. What's our bill?」.
BILL_ASK = rx(r"bill|cost|how much|多少錢|費用|要付|月費")
# 「加起來多少」 "in total": several accounts' or plans' amounts added up.
TOGETHER = rx(r"加起來|合計|總共|一共|together|in total|combined")
# 「推給1200人 要打幾次」: how many API calls a send to that many people takes.
CALLS_ASKED = rx(r"打幾次|呼叫幾次|要幾次|call幾次|幾個?(?:request|請求)|how many (?:calls|requests|times)")
MULTICAST = rx(r"multi ?cast")
