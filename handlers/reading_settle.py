"""The whole message's words that settle a reading once it is made (handlers/parsing.py, `_settled`).

Kept apart from the reader's own rules on purpose: the reader's account of known words (handlers/reading_account.py)
is fed by every pattern of handlers/parsing.py, and these words (a truck, papers sent, the rest of the pieces) are
known only for settling, never as words of a report.
"""

from __future__ import annotations

import re

from handlers.fast_search import fast_pattern, quicken


def _re(source: str) -> re.Pattern[str]:
    return fast_pattern(source, re.IGNORECASE)


# 铝锭还差一吨多等料, 漆包线不够 等料: stock said short, then waited for, is the shortage (AO AZ), not the stock on its
# way; `在等料` alone stays the stock not come (D L against AM)
WAITING_STOCK = _re(r"(?:还差|不够|缺|短)[^;；。]{0,6}(?:等|待)\s*(?:料|货|材料|原料|原材料)(?![到来回])")

# 在做 完成20%, 在整了 完成一半: a share said with only the bare verb of work, no step: the making (in_process) for the
# first blind writer and AF, no node for AJ AN BB BD BE (docs/reading-corpus.md, reader21's count): writers split, so
# the reading (the house's) is shown first
BARE_WORK_SHARE = _re(r"^(?:还|正|也|都)?\s*在\s*(?:做|整|搞|弄|干)\s*(?:着|了|呢|中)?[\s,，]*(?:完成了?|进度|做了|大概|差不多|已经)?\s*"
                      r"(?:\d{1,3}(?:\.\d+)?\s*[%％]|百分之\S{1,4}|一半|[一二两三四五六七八九\d]\s*成)\s*(?:了|左右|啦|咯)?$")

COUNT_BEFORE_DONE = _re(r"\d+\s*(?:件|个|套|只|根|片|台|支|条|pcs)\s*(?:都|也|已经?)?\s*[\u4e00-\u9fff]{0,4}?"
                        r"(?:好了|完了|好咗|完咗|完成了?|做完了|做好了|搞完了)")

MOVED_TO_UNREAD_DAY = _re(r"(?:延|推|改|挪|拖|顺延)(?:迟|后|期)?\s*(?:到|至)\s*\S{0,4}?(?:初[一二三四五六七八九十]|"
                          r"(?:[一二三四五六七八九十廿]+|\d{1,2})\s*(?:号|日)|正月|腊月|元宵|十五|[上中下]旬|年后|过完年)"
                          # ... or to any words at all the reader reads no day in (延迟到月地: 月底 slipped), never the
                          # time the lateness has lasted until (拖到现在) nor a week or month to come (延期到下周: read dateless, as before)
                          r"|(?:延|推|挪|顺延)(?:迟|后|期)?\s*(?:到|至)\s*(?![现今这下本])[\u4e00-\u9fff]")
# A span said as a range (晚三四天, 晚个两三天, 推迟一两周): two numbers of days the sender leaves open, so a delay by it
# records no number unasked and is shown first (CR EI: two writers of two; round 5 had read its later end)
DAYS_AS_A_RANGE = _re(r"(?<![一二三四五六七八九十\d])(?:一两|两三|三四|四五|五六|六七|七八|八九|三五)\s*个?\s*"
                      r"(?:天|日|工作日|周|星期|礼拜)")
# A season that names no single day (`元宵节后`, `过完年`, `上旬`): moved to it, a delay has no day and is no reason (DM);
# kept here, out of the parsing module's patterns, whose literal words are the words the reader knows
SEASON_NAMING_NO_DAY = _re(r"(?:元宵|元旦|春节|国庆|中秋)节?(?:前后|过后|以后|之后|后)|过完年|过了年|[上中下]旬")
# A day the works stops on (`腊月廿二放假 来不及了 要年后发`, `25号停产`): the day dates the cause, never the day the
# late node moves to, as `今天停电` is none; moved to it
# (`延期到1月8号 放假`), the day is the delay's (kept out of the parsing module's vocabulary, as above)
DATES_A_CAUSE = _re(r"(?:就|要|开始|起)?(?:放假|放年假|休息|停工|停产|停电|停水|盘点|歇业)")
MOVED_TO_IT = _re(r"(?:到|至|在|改)\s*$")
SUPPLIER_RECEIVED = _re(r"[A-Za-z]\s+received(?![A-Za-z])|[\u4e00-\u9fff]\s*(?:已经?|都|也)?\s*收到了?(?![\u4e00-\u9fff\d])")
THE_BUYERS_SIDE = _re(r"客户|你们|贵司|您|甲方|对方|(?<![A-Za-z])(?:customer|client|buyer|you)(?![A-Za-z])")

# Round 41 (r41split): constructions where blind writers split and the house's reading was recorded silently; the
# reading is kept and shown first (docs/reading-corpus.md, round 41's rulings by count).
# 首件检验合格，已开始批量 / 大货已经开始了 / 来料全检OK 已上线: the run said begun after a fact done: filed under way
# beside it (AQ G L P, 4 lines) or not (BI BT DP, and D asked, 4 lines): shown first, as the bare start (START_BARE) is;
# a step named (`开始批量车了`, `已开始下料`) stays the step under way, as the house reads it
START_SAID_BEGUN = _re(r"(?:(?:已经?|都)\s*(?:开始\s*(?:批量|量产|大货)?\s*(?:生产)?|上线|投产)|(?:大货|批量|生产)\s*已经?\s*开始"
                      r"|(?<![\u4e00-\u9fff])开始\s*(?:批量|量产|大货)\s*(?:生产)?(?=\s*[了啦咯]))\s*[了啦咯]?\s*(?:$|[,，;；。!！])")
# 钢卷不够 还差两吨, 圆钢还差3吨2: a shortage's weight: its `amount` (BF D DE, and own held-out 3) or left out (AV DH N, and
# BB BD): shown first
SHORT_BY_WEIGHT = _re(r"(?:还差|差了?|缺|短)\s*[\d一二两三四五六七八九十百千几半.]+\s*(?:吨|公斤|千克|kg|斤|t)(?![A-Za-z])")

# ... and a fastener shop's 在打 (cold heading is 打, as 打头: EQ's `还有2万在打`)
REST_UNDER_WAY = _re(r"在\s*(?:做|干|弄|搞|整|加工|生产|打(?![算听电]))|进行中|生产中")

# 首件合格 开始批量, 料到了 开干: the run or the work started with no mark that it began (了, 在, 已) and no day, after a
# fact done: announced, or under way? `开始批量` (AC AM AS G file it under way, AJ AK AZ do not) and 开干/开工 (K AK AQ
# do not) are shown first; a step named (`开始下料`) is the step under way, as the house reads it.
START_BARE = _re(r"(?:^|[\s,，;；。])(?:我们|俺们|咱们|马上|这就|就|\s)*(?:开始\s*(?:批量|量产|大货|生产)(?:生产)?|开干|开工|开搞|开整|开动)"
                 r"(?![了啦咯哒喽])\s*(?:$|[,，;；。!！])")

START_SCHEDULED = _re(r"开始排产|排产了")  # 开始排产了: production being scheduled, not begun (AT, as 电镀排好了)

START_MARKED = _re(r"开始(?!排产)\S{0,6}[了啦咯哒喽]|开[干工搞整动]\S{0,2}[了啦咯哒喽]")

# 不良挑出来了12个 其余的终检合格, 刮伤12pcs 挑出来了 其他的明天照常出货: the rest of the pieces with a fact of their own
REST_OF_PIECES = _re(r"(?:其余|其他|其它|剩下|剩余|余下)的?\s*(?P<rest>\S.*)$")

REST_PASSED_ONLY = _re(r"\s*(?:都|全部?|均)?\s*(?:合格|ok|良品|没问题|正常|好的?|可以|过了)\s*(?:了|的)?\s*")

# 发了 还没发完 都发完了: the same work said not finished and finished in one message
NOT_FINISHED_OF = _re(r"(?:没|未)(?:有)?(?P<v>[发做到焊装车])完")

# 发了三百套 剩下的月底发: the rest, uncounted, to go by the month's end after part shipped: a plan of the 31st (BP U) or
# no day, as `剩下的下周发` (BV CA): writers split 2 to 2, so the plan is shown first; a rest counted (`剩下1根月底发`: Q)
# is planned, unasked
REST_BY_MONTH_END = _re(r"(?:剩下|剩余|余下|其余|其他|其它)的\s*(?:月底|月尾|月末)")

# 3天后才能交货: a day that many days on, or a delay of that many days? (AH AK read days, AU the day): shown first
DAYS_ON_DELAY = _re(r"(?<![\d.])\d{1,2}\s*天后|[一二两三四五六七八九十]\s*天后")

# 车找好了 今天下午发: 车 of a truck found or booked is the shipping's means, not the turning
TRUCK = _re(r"(?:^|[\s,，;；。\d])(?:货)?车(?:子)?(?:已经?|也)?(?:找|叫|约|订|联系|安排|排)(?:好|到|了)")

TOMORROW_OR_NEXT = _re(r"明后[天日]|明天后天")

# 装车了 今日发, 装车哒 今天发 45件: loaded, and today's bare 发 (no 了, 出, 走): gone today, or to go today? CA's writer
# plans it, BV's records the shipment (1 to 1; `已装车 今天发出` is gone, 2 lines of P): shown first. And said the other
# way round, 今天发货，车已经装好了: today's bare 发 first, then the truck loaded (EE plans it; `今天发 车已经在装了`,
# loading under way, is DL's plan): shown first as well; goods gone (`已经装车走了`) or packages loaded (`装了六托`) are
# none of it
LOADED_GOES_TODAY = _re(r"装\s*(?:好|完)?\s*车\s*(?:了|哒|咯|啦|喽)\s*[,，;；\s]*(?:今天|今日|今儿)\s*(?:就|再)?\s*发(?![了出走掉咗哒])"
                        r"|(?:今天|今日|今儿)\s*(?:就|再)?\s*发\s*(?:货)?(?![了出走掉咗哒])[\s,，;；]*(?:货)?车\s*(?:子)?\s*"
                        r"(?:已经?|也|都)?\s*装\s*(?:好|完)\s*(?:了|哒|咯|啦|喽)\s*$")

# 发了两百个 剩下的都在做: part shipped and the rest said still being made: the making under way beside the shipment (I) or
# only what `all: false` already says (BN BU EE)? Writers split 1 to 3, the house files it (reader round 22b), so shown first
# ... so the rest said by its count and its step (`今天发了500只 剩下500还在磨`: EP's bearing-ring grinders)
REST_STILL_MADE = _re(r"(?:剩下|剩余|余下|其余|其他|其它)的?\s*(?:\d+\s*(?:件|个|只|套|支|根|片|pcs)?)?\s*(?:都|也|还)?\s*(?:都|还)?\s*"
                      r"在\s*(?:做|干|弄|搞|整|加工|生产|磨|车|冲|铣|焊|镀|锻|装配)(?![完好出])")

# 今天下午装车 明天到你们那, 17:20装车 后天到你们仓: a loading today (or at an hour of it), then the day the goods come: the
# loading is no node (as `货在装车了` is none) and the day is the buyer's receipt alone (AE AK CO DL DM DQ EE); a
# loading on a day to come (`明天装车 后天到`: L) stays its own plan
LOADED_TODAY_THEN_ARRIVES = _re(r"(?:^|[\s,，;；。])(?:今天|今日|今儿)?\s*(?:上午|下午|中午|晚上|晚黑|傍晚|\d{1,2}\s*(?:[:：]\s*\d{2}|点半?))?\s*"
                                r"装\s*(?:好)?\s*车\s*(?:了)?[\s,，;；]*(?:明天|明日|后天|大后天)\s*(?:能|就|可以)?\s*到(?![货齐料])")

# 明天发货 今天装车, 明天发 早上装车: the shipping on a day to come, then the truck loaded today (no 了): the loading is the
# shipping's own, as before the day the goods come (LOADED_TODAY_THEN_ARRIVES), no node of its own (DE EK)
SHIPS_LATER_LOADED_TODAY = _re(r"(?:明天|明日|明早|后天|大后天)\s*(?:就|再)?\s*(?:发|出|走)\s*(?:货)?(?![了出走掉咗哒])[\s,，;；]+"
                               r"(?:今天|今日|今儿)\s*(?:上午|下午|中午|晚上|晚黑|傍晚)?\s*装\s*车\s*[\s,，;；。!！]*$")

# 压伤3件 变形2件, 落脏 19个 掉角 4个, 缩松7件 冷隔2件: faults of one order, each with its own count, said one after the
# other and nothing else: a defect each (DE DH EE, 5 lines), never one
# fault's words running on into the next
FAULT_COUNTED = _re(r"(?P<fault>[\u4e00-\u9fff]{2,6}\s*\d{1,6}\s*(?:件|个|只|支|片|套|根|条|双|块|pcs|PCS|pc))[\s,，;；、。]*")

WAITING_TRUCK = _re(r"等\s*(?:车|货车|物流|司机|提货)")

# Papers sent, or promised to the one addressed (`单号明天给你`: AJ EC; Jianghuai's 把 for 给, `报告明天把你`: EN's notes):
# no goods shipped and no step planned
PAPERS_SENT = _re(r"(?:^|(?<=[\s,，;；。]))[^\s,，;；。]{0,4}(?:数据(?!线)|报告|资料|照片|图片|图纸|证书|材证|材质书|单据|发票|单号|运单|快递单)"  # 数据线: a data cable, goods
                   r"[^\s,，;；。]{0,4}(?:发(?!货)|上传|传|(?<![发传])(?:给|把)(?=你|您|我))[^\s,，;；。]{0,4}")

# 今天装车明天到: after the goods leave, the day they come is the buyer's receipt (`到你们那`), not the shipping
ARRIVAL_AFTER_SHIPPING = _re(r"(?:装车|装好车|发货|发出|出货|走货|发了|发)\S{0,3}(?:明天|后天|大后天|周.|星期.|礼拜.)\s*(?:能|就|可以)?到(?![货齐料])")

# 周六也在赶 完成65%了: a day the work goes on (也在赶, 都在做) is when it is done, not a day it will be done by
# 周六也干着, 礼拜天加班, 周末也在干, 这礼拜六也有加班: a day the shop works (overtime, weekends), said as when work
# goes on: no day any node is due (AU BN BO I; the plans beside it keep their own days)
DAY_WORKED = _re(r"(?:这个?|今天|今儿)?\s*(?:周|星期|礼拜)[一二三四五六日天末]\s*(?:也|都|还|照常|照样)?\s*有?\s*"
                 r"(?:加班|干着|赶着|干活|不休息?|在\s*(?:干|赶|做|加班)(?![完好出]))")
DAY_AT_WORK = _re(r"(?:周|星期|礼拜)[一二三四五六日天末]\s*(?:也|都|还)\s*在\s*(?:赶|做|干|加班|弄|搞)(?![完好出])")

# A defect's words that name no category of the house's lists, by their root (the ruling's roots: a carton is
# `packaging`, a thread's size `dimension`, the paint or coating's face `appearance`): `carton wet lah` (BA), `牙不良`
# (AS), `漆瘤` (AZ)
DEFECT_ROOTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("packaging", _re(r"纸箱|外箱|包装箱|(?<![A-Za-z])(?:carton|box)(?:es|s)?(?![A-Za-z])")),
    # a thread by any name, also after the part's own name (`由壬螺纹牙不良`: BP)
    ("dimension", _re(r"^\s*(?:牙|螺纹|丝口|丝牙)|螺纹|丝口|丝牙|牙(?=\s*(?:不良|不好|坏|滑|不过|乱))")),
    ("appearance", _re(r"漆|涂层|镀层")),
)

# ETD 12/1 ETA 12/4: the day it leaves is the shipping, the day it comes the receipt (O)
ETD = _re(r"(?<![A-Za-z])ETD(?![A-Za-z])|出货日")
ETA = _re(r"(?<![A-Za-z])ETA(?![A-Za-z])")

# 钢厂还在排产, 钛棒供应商那边还在排产: the stock's maker at its own work (scheduling, rolling, casting), never the
# sender's making of the order (BI BN; Q's 钢厂说在排产 is hearsay already)
THEIR_MAKING = _re(r"(?:钢厂|铜厂|铝厂|料厂|钢铁厂|供应商|厂家|对方)\S{0,4}?(?:那边)?\s*(?:还|正|也|都)?\s*在?\s*"
                   r"(?:排产|排单|排队|生产|轧|炼|冶炼|铸|拉)")
# 完成80%，明天继续, 今天先到这 明儿接着干: the work goes on on a day to come, no day it will be done
GOES_ON = _re(r"(?:明天|后天|明早|明晚|今晚|晚上|下午|(?:下个?)?(?:周|星期|礼拜)[一二三四五六日天])\s*(?:再|还|就)?\s*(?:继续|接着)"
              r"\s*(?:做|干|弄|搞|整|加工|生产)?\s*(?:[,，。!！~]|$)")
# 夜来就说到 结果今儿才到: a past day before words said (说, 讲, 答应) dates the promise, not the event (BN)
DAY_OF_WORDS = _re(r"(?:昨天|前天|大前天|昨晚|上周[一二三四五六日天]?|上礼拜[一二三四五六日天]?)\s*(?:就|都|也|已经?)?\s*"
                   r"(?=(?:说|讲|答应|承诺|保证))")
# ... and any works named at the head of its clause (铜排厂没出货, 铸造厂还没发: DC, CV, AO), never the sender's own (我们厂,
# 本厂, 咱厂), whose shipping is the order's
THEIR_SHIPPING = _re(r"(?:供应商|厂家|钢厂|那边|对方|他们)\S{0,6}发"
                     r"|(?:(?<=[\s,，。;；])|^)(?![我本咱自])[\u4e00-\u9fff]{1,3}厂(?![里内房子])[^\s,，。;；!！]{0,3}(?:发|出货)")

# (交期, 交货期: the delivery date itself names no node, docs/reading-corpus.md)
OWN_SHIPPING = _re(r"发|出货|交(?!货?期)|ship|deliver")

TAKE_BACK_WORD = _re(r"撤(?:了|掉|回|销)|作废|不算数?|删掉|删了|(?<![A-Za-z])(?:delete|ignore|cancel)(?![A-Za-z])")

# 料今天到, 原材料今天到, 今天下午到你们那: stock or goods arriving today, with no mark that they came (了, 刚, 才): today's
# plan of the arrival, as 今天发 is today's shipping (AO BZ DE EB and the house's own line)
ARRIVES_TODAY = _re(r"(?<![刚才已])今天\s*(?:上午|下午|晚上|中午|晚点)?\s*(?:就|能|会|可以)?\s*到(?:你们那边?|你们那里|你们厂|贵司)?"
                    r"(?=[\s,，。!！]*$)")

# 来料检验 那个 还没出结果: the buyer's side pointing at one order or batch it does not name, a word standing alone
# (`那个单呢` asked is the query's: handlers/parsing.py `_POINTED`); what such a message reports is of which order?
POINTED_ALONE = _re(r"(?:^|(?<=[\s,，;；。]))(?:那|这)(?:个|批|单)(?=[\s,，;；。]|$)")

# 具体数量晚上报, 明天再回你: the sender's own report or answer promised for later (not the bot asked to come back)
OWN_REPORT_LATER = _re(r"报|回复?|回覆|答复|告诉|通知|回话|回信")

# 刚才说错了 首件还没过: the last report said wrong (not sent wrong, 发错, the message itself), then the fact again:
# the report put right (BX EB), which the reader records as the take-back and the fact, shown first
SAID_WRONG_UNDO = _re(r"[说写打填报]错")
ORDER_IS = re.compile(r"(?<=\d)\s*是\s*")


# Work under way on counted defective pieces, by any verb, after the defect's words (`毛刺 15件 在打磨`, `孔位超差 1片 在扩孔`,
# `漏焊 4件 焊补中`, Cantonese `披锋 30pcs 执紧`): the pieces are being reworked. Round 27's count: 112 lines of the corpora read rework so, none other.
UNDER_WAY_AFTER = re.compile(r"\S\s+(?:正|还)?在\s*[\u4e00-\u9fff]{1,4}(?:了|着|呢)?\s*$|\S\s+[\u4e00-\u9fff]{1,4}[中紧緊]\s*$")

# The buyer's side telling what it will do itself (终检我明天早上过来看: the buyer's QC coming to look; 明天我叫仓库等到:
# the buyer telling his own warehouse to wait): no step of the supplier's is planned (DL's writer; EXC- acks of AJ and
# others read 我下午去厂里看 as the buyer's own visit too)
_OWN_ERRAND = (r"我们?\s*(?:(?:明天|后天|今天|下午|上午|早上|晚上|明早|马上|等下|等会)\s*){0,2}"
               r"(?:(?:过来|过去|来|去)\s*(?:厂里|现场|你们那边?|你们厂)?\s*(?:看|验|检|盯)"
               r"|(?:叫|让|喊|通知|安排)\s*(?:仓库|收货|库房|IQC|来料检))")
OWN_ERRAND = _re(_OWN_ERRAND)
# The same errand said on an exception (`EXC-33 我去现场看看`, `收到 我去现场看`: AJ AK BI DW EC EN M): the sender takes
# the exception on himself, as 我看看 does (`ack`), whole words taken (看看, 看一下)
EXCEPTION_LOOKED_AT = _re(_OWN_ERRAND + r"(?:看|一下|下|一眼)?")

# The supplier himself coming over to collect (晓得了 我们马上来拉: goods the buyer gives back): nothing of his order
# moves toward the buyer, no shipping (DL); a carrier coming to fetch (车来拉, 物流来拉) stays the shipping it is
OWN_PICKUP = _re(r"我们?\s*(?:(?:马上|等下|等会|明天|今天|下午|上午|现在)\s*){0,2}(?:过)?来\s*(?:拉|取|提|拿|搬)")

# Later today (今天晚黑, 今天晚上): a snooze for then keeps no date, as 下午再提醒我 (docs/reading-corpus.md)
LATER_TODAY = _re(r"(?:今天|今日|今儿个?)\s*(?:下午|晚上|晚黑|晚点|傍晚|夜里|夜晚)")


# A first article sent to the buyer's incoming check (`首件做好了 送你们IQC了`, DW): sent for its verdict, as 送检 is;
# the IQC is where it goes, never the goods received
SENT_TO_THEIR_CHECK = _re(r"(?:送|交|拿)(?:去|到|给)?\s*(?:你们|您|贵司|客户)?\s*(?:那边|的)?\s*(?:IQC|来料检验?|进料检验?)")
FIRST_ARTICLE = _re(r"首件|首检|(?<![A-Za-z])(?:FAI|first article)(?![A-Za-z])")

# The buyer's own change of an order named (`数量改成1500`, `这单取消了 后面不用做了`, EC's notes): no fact of the
# supplier's and no intent of the reader's; the bot asks what to do with it (the /change command records it), never
# shows the order's state as if asked about it
ORDER_CHANGED_BY_BUYER = _re(r"(?:这|此|该)?单\S{0,2}(?:取消|撤单|不要了|不做了)|(?:取消|撤销)(?:了|掉)?\s*(?:这|此|该)?(?:个)?(?:单|订单)"
                             r"|不用(?:再)?做了|数量\s*(?:改|调)(?:成|为|到)|(?:加|减|砍)单")
# A buyer's closing remark on an order (`这单结了 谢谢`): noted, nothing closed by it (EC's notes)
ORDER_CLOSED_REMARK = _re(r"^\s*(?:这|此|该)(?:个)?单(?:子)?\s*(?:就|算)?\s*结了\s*(?:哈|啊|吧)?[\s,，。!！]*(?:谢谢|多谢|辛苦了?|感谢)?[\s,，。!！]*$")
# An exception left with the sender (`EXC-55 先挂我这 周五去现场看`, 挂我名下, 放我这边): taken on, as 我来跟 is; what
# follows is its note
EXCEPTION_KEPT = _re(r"(?:先|就)?\s*(?:挂|放|记)(?:在)?\s*我(?:这边|这里|这儿|这|名下|头上)(?:吧|了)?")

# Goods come in and said short or wrong by no count (`到了 数量少了`, `货到了 少了几箱`, 数量对不上): the receipt, but not
# booked in whole, and how many came is not said: not done, shown first (ED's notes)
COUNT_SHORT_UNSAID = _re(r"数量\s*(?:少了|不对|不够|对不上|有出入|差了)|不够数|(?:少|短)(?:了|装了)\s*(?:几|一些|一点|点|些)\s*"
                         r"(?:箱|件|个|包|托|盒|台|套)?(?!\s*\d)")

# A buyer asking for an order's papers (`物流单号发我一下`, `OQC报告发我一下`, `首件报告发我看看`: CG CT ED): a query of the
# order, no fact of its shipping or its check
PAPERS_ASKED = _re(r"^\s*[^\s,，;；。]{0,8}?(?:单号|运单|快递单|物流单|报告|资料|照片|图片|材证|材质书|证书|发票)\s*(?:发|给|传)(?:我|过来)"
                   r"\s*(?:一下|一份|下|看看|看一下|看下)?\s*(?:吧|呢|哈)?[\s。!！?？]*$")


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)

# 到货 还在点数: goods in and still being counted with 还: the receipt not done (EP, round 38's ruling) or its done unsaid
# (DZ, on the same words): writers split, so the house's reading (no done) is shown first
STILL_COUNTING = _re(r"还\s*(?:正)?\s*在\s*(?:清点|点数|点货|复点|盘点|核数)")
