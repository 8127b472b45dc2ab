"""Regional Mandarin folded to the words the reader knows: Minnan-flavoured Fujian, Hebei, Hunan and Wu speech.

Line leaders in Jinjiang and Putian write Mandarin with Minnan words (好势 "sorted", 袂赴 "can't make it",
拢 "all", 嘛 "also", 歹去 "broken", 拜三 for 礼拜三); owners of Yongnian fastener shops write northern
colloquial (俺 "I", 完事 "finished", 弄着呢 "at it", 正回火呢 "tempering now"). Each rule is a rule of the
speech, not a phrase of a corpus, and every replacement is as long as what it replaces (the folded text
only), so the reasons and descriptions cut from the text as written still line up. `FILLER` lists the
words that carry no fact (歹势 "sorry", 有影 "really", 跟你讲 "look"), so the reading accounts for them.
"""

from __future__ import annotations

import re

from handlers.fast_search import quicken
from handlers.reading_register import fold_rules, same_length_rules

__all__ = ["FILLER", "fold_regional"]

# A day to come just before (明天, 后天, 礼拜一, 周三, 8号; 天光日 is 明天 and a space by now), for the 正 of "only then"
_DAY_BEFORE = r"(?:(?<=明天)|(?<=后天)|(?<=明天 )|(?<=后天 )|(?<=[拜期周][一二三四五六日天])|(?<=[\d号]号)|(?<=\d日))"

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Words every region has its own form of, written from the grammars of the dialects rather than from any corpus
    # (reader20b): a register the reader has not met still asks "how", "how many" and "when", says "not yet",
    # "done" and "gone to", and names its days. Each is folded to the Mandarin word of the same length.
    # "How": Hubei 么样 (搞得么样), Hakka and Henan 恁样 (before 恁 "you" below), Southwest 咋个, Hubei 哪门,
    # Taiwanese 安怎; "what": Hubei 么斯, Hunan 么子, the Northeast's 嘎哈/干哈; "how many": 几多 of Cantonese,
    # Hakka, Gan and Hubei alike
    (re.compile(r"恁么样"), "怎么样"),
    (re.compile(r"恁样"), "怎样"),
    (re.compile(r"(?<![什怎这那多要甚为咋])[么幺]样"), "怎样"),
    (re.compile(r"[么幺]斯"), "什么"),
    (re.compile(r"(?<![什怎这那多要甚为咋])[么幺]子(?=\s*(?:[?？]|$|事|东西|情况|问题|时候))"), "什么"),
    # ... and before what is asked about (还有么子单冇发, 今天有么子要到货的: BV), as 什么 stands there
    (re.compile(r"(?<=有)[么幺]子(?=\s*(?:单|订单|货|要|该|会|没|冇))"), "什么"),
    (re.compile(r"哪门(?=\s*(?:搞|弄|办|回事|样|个))"), "怎么"),
    (re.compile(r"咋个"), "怎么"),
    (re.compile(r"安怎"), "怎样"),
    (re.compile(r"嘎哈|干哈"), "干啥"),
    # "Is there / has it": 有冇 of Cantonese, Hakka and Hubei (冇 is 没 by now) and the south's 有没 before a verb ask,
    # as 是否 does (8520 有冇发, 今晡有冇到货的); 还有没发的 states what is left, and stays
    (re.compile(r"(?<![还都也只])有没(?!有)(?=\s*(?:到|发|做|来|出|收|交|完))"), "是否"),
    # 好在 at a clause's head is "fortunately" in Hakka, Cantonese, Hubei and the Southwest (好在冇事, 好在赶出来了),
    # never 好 (done) then 在 (under way)
    (re.compile(r"(?:^|(?<=[\s,，。!！\d]))好在(?=[\u4e00-\u9fff])"), "幸好"),
    # Hubei 么事 after 有 is "what" (今天有么事要到货的)
    (re.compile(r"(?<=有)[么幺]事(?=\s*(?:要|该|到|发|单|货))"), "什么"),
    (re.compile(r"几多时候|几多时间"), "什么时候"),  # when (Hakka, Cantonese): 几多时候来拉货
    (re.compile(r"几多(?!年|时)"), "多少"),
    # Hakka's 𠊎 is "I" (𠊎等下安排开料), 麼个 "what" (麼个用法, 麼个时候: 麼 is 么 by now; never 这么个, 怎么个), and its 个
    # after 剩下/余下 the 的 that makes "the rest" (剩下个都发走哩, 剩下个下礼拜再发: DZ), never a measure word there
    (re.compile(r"𠊎"), "我"),
    # 冇料 with its mark of a change (冇料哩, 冇料哒: DZ's Hakka, BV's Xiang; 冇 is 没 by now) is the stock run out, 缺料,
    # a shortage; 没料 with none (晚三天 冇料, 烟期到周五 没料) stays the reason it is
    (re.compile(r"没料(?=[了哩哒咯啦喽])"), "缺料"),
    # ... and Hakka's and Cantonese's 晏 "late" before a span of days (要晏两日, 发货要晏一日: DZ), as 迟 is
    # (reading_register); 晏昼 (the afternoon) is folded above
    # 发唔走 (唔 is 不 by now: DZ's 拜五发唔走 要下礼拜一) is the goods that cannot go out, as 发不了
    (re.compile(r"(?<=[发出])不走"), "不了"),
    (re.compile(r"晏(?=\s*(?:\d+|[一两二三四五六七八九十几半])\s*(?:日|天|个?星期|个?礼拜))"), "晚"),
    (re.compile(r"(?<![什怎这那多要甚为咋])[么幺]个(?=\s*[\u4e00-\u9fff])"), "什么"),
    (re.compile(r"(?<=[剩余]下)个(?=\s*(?:都|全|也|就|再|今|明|后|下|过|礼拜|星期|周))"), "的"),
    # "Gone to": Hubei's 去 is said 克 (送过克了, 拉克电泳, 发出克了); never the gram (500克, 克重)
    (re.compile(r"(?<=[送拉发过回出进拿运寄带搬])克(?![重数拉])"), "去"),
    # Fuzhou (Min Dong: Fuzhou, Fu'an, Mawei), typed in Mandarin: 伓 is 不 (伓够 "not enough", 伓曾做完 "not done yet",
    # 伓得闲 "no time"), folded before 不曾 below so 伓曾 is read as it is; 旦 is the day (明旦 tomorrow, 今旦 today), 暝
    # the night (昨暝 last night, 今暝 tonight, 明暝 tomorrow night), 上昼/下昼 the morning and afternoon; 野 before a word
    # of how it is, is "very" (野好, 野快), never 野外
    # ... and 还伓到 ending its clause is "not come yet" (Puxian, CP: 大底还伓到), as 伓曾 is "not yet"
    (re.compile(r"(?<=还)伓(?=到\s*(?:$|[\s,，。!！;；]))"), "没"),
    (re.compile(r"伓"), "不"),
    (re.compile(r"明旦"), "明天"),
    (re.compile(r"今旦"), "今天"),
    (re.compile(r"昨暝"), "昨晚"),
    (re.compile(r"今暝"), "今晚"),
    (re.compile(r"明暝"), "明晚"),
    (re.compile(r"上昼"), "上午"),
    (re.compile(r"下昼"), "下午"),
    (re.compile(r"(?<![\u4e00-\u9fff])野(?=[好快慢多忙急])"), "很"),
    # "Not yet": Hakka 吂 (还吂到), Wu 朆 and 呒/嘸 (呒没 "there is none"), Minnan 犹未, and the 不曾/未曾 of Wu,
    # Jianghuai and Cantonese (唔曾 is 不曾 by now)
    (re.compile(r"[吂朆]"), "没"),
    # Wu of Qihai and Tongtai (CU): 辣海 before the work is 正在 (抛丸辣海弄), 才将 is 刚刚 (才将面料送到了), and goods
    # 家来 are come back (镀锌件家来了); never 大家来
    (re.compile(r"辣海(?=\s*[\u4e00-\u9fff])"), "正在"),
    (re.compile(r"才将(?=\s*[\u4e00-\u9fff])"), "刚刚"),
    (re.compile(r"(?<![大全])家来(?=了|哉)"), "回来"),
    (re.compile(r"[呒嘸]没"), "没有"),
    (re.compile(r"[呒嘸](?=\s*(?:到|做|发|来|好|完|有|问题))"), "没"),
    (re.compile(r"犹未|猶未"), "还没"),
    (re.compile(r"[不未勿]曾(?=\s*(?:到|做|发|来|好|完|开|出|弄|搞|动|收|交))"), "没有"),
    # "Done": Sichuan's 归一 after the verb (搞归一了), Minnan's 煞 (做煞了)
    (re.compile(r"(?<=[搞弄做整])归一"), "完毕"),
    (re.compile(r"(?<=做)煞(?=了|\s|$)"), "完"),
    # ... and Hakka's 做净 (做淨哩, 镀镍做淨哩: "done clean", r36dz: DZ's Meizhou and Ganzhou shops), as 做完 is
    (re.compile(r"(?<=做)[净淨]"), "完"),
    # Hakka's 正 "only then" between a day to come and the shipping verb that ends its clause (还冇发 天光日正发: DZ), as
    # 才 is; Mandarin's 正 there is never "now" (that is 正在). Its 先 of the same sense (下礼拜一先发得) stays a plan shown
    # first, as the house reads AI's and AP's Cantonese 周六先发得 (docs/reading-corpus.md)
    *((re.compile(rf"{_DAY_BEFORE}正(?={verb}\s*(?:$|[\s,，。!！]))"), "才") for verb in "发出交送"),
    # ... and Jianghuai's 歇 after a step or a verb of work (焊歇了, 搓丝歇了, 都发歇了, 还没搞歇: r35ds, DU's Yancheng and
    # Huai'an shops), as 完 is; never a rest (今天歇了, 厂里歇了, 休歇), 歇业, 歇菜, nor Wu's 等歇 (later)
    (re.compile(r"(?<=[\u4e00-\u9fff])(?<![天日里们人厂都就先也还要去休停等小稍暂间午晚上下他她我])歇"
                r"(?=\s*(?:了|$|[\s,，。!！]))"), "完"),
    # Jianghuai (r35ds, DU; as Wu and Hefei say it): 可 before the verb asks yes or no (27720可到了, 那批货可发了?), read as
    # 到了吗; never 还可, 也可, 就可 (may), nor a 吗 already written
    *((re.compile(rf"(?<![还也就都才算真不宁许认即尚])可{verb}了(?=\s*(?:[?？啊呀]|$))"), f"{verb}了吗") for verb in "到发"),
    # ... 做不赢 is the making that cannot be done in time (这礼拜做不赢), read as 做不完; 照 standing alone is OK (照 晓得了,
    # 嗯嗯 照的), and 照了 after a check is passed (首件照了); never 照常, 照片, 拍照, 按照; 逗 before a verb is 就
    # (一刻逗弄, 明个逗发), never 逗留; a voice slip types 终检 as 中间 before its verdict (中间过了), never 中间漆, 中间检验
    (re.compile(r"(?<=做)不赢"), "不完"),
    (re.compile(r"(?:^|(?<=[\s,，]))照(?=\s|$|的\s*$)"), "好"),
    (re.compile(r"(?<=首件|终检|检验|质检)照(?=了)"), "过"),
    (re.compile(r"(?<=[\u4e00-\u9fff\s])逗(?=[发开弄做搞等来到去送拉装能])"), "就"),
    (re.compile(r"(?:^|(?<=[\s\d]))中间(?=\s*(?:过了|合格|和格|做完|做歇|歇了))"), "终检"),
    # Days and times of day: the Northeast, Shandong, Jianghuai and the Northwest say 明个/今个/昨个/后个 and
    # Shaanxi 夜个 (yesterday); Cantonese 听朝/听晚 (tomorrow morning/evening), 琴晚/寻晚 (last night), 朝早 and
    # 晏昼/下晏 (morning, afternoon), 落礼拜 (next week); Minnan 昨昏 (yesterday), 下晡 and 暗时 (afternoon, evening);
    # Wu and Southwest 上半日/下半日, 上半天/下半天; the north's 下晌, 头午, 晌午, 擦黑/傍黑 (dusk)
    # today named with its weekday (今日星期六都開工, 今天周六也加班): the day it is, never a day to come
    (re.compile(r"(?<=今天)\s*(?:星期|礼拜|周)[一二三四五六日天]"), ""),
    (re.compile(r"明个(?![儿月])"), "明天"),
    (re.compile(r"今个(?![儿月]|星期|礼拜|年)"), "今天"),
    (re.compile(r"昨个(?!儿)"), "昨天"),
    (re.compile(r"(?<![最之然以落随往背前])后个(?=\s*(?:[发到交出做完能要再就才送开干弄搞整装]|上午|下午|晚上))"), "后天"),
    (re.compile(r"(?<![跟眼之以面门提先目从上往])前个(?![月礼星周儿])"), "前天"),  # Henan and the north: 前个发的
    (re.compile(r"(?<![半])夜个(?!儿)"), "昨天"),
    (re.compile(r"听朝"), "明早"),
    (re.compile(r"听晚"), "明晚"),
    (re.compile(r"[琴寻尋]晚"), "昨晚"),
    (re.compile(r"朝早"), "上午"),
    (re.compile(r"晏昼|下晏"), "下午"),
    (re.compile(r"落(?=个?礼拜|个?星期)"), "下"),
    (re.compile(r"昨昏"), "昨天"),
    (re.compile(r"下晡"), "下午"),
    (re.compile(r"暗时"), "晚上"),
    (re.compile(r"上半[日天]"), "上午 "),
    (re.compile(r"下半[日天]"), "下午 "),
    (re.compile(r"下晌"), "下午"),
    (re.compile(r"头午"), "上午"),
    (re.compile(r"晌午"), "中午"),
    (re.compile(r"[擦傍]黑"), "晚上"),
    # Minnan
    (re.compile(r"好势(?=了)"), "已好"),        # 移印好势了: done
    (re.compile(r"好势"), "好了"),
    (re.compile(r"袂赴|袂赶"), "延误"),      # can't make it: late
    (re.compile(r"拢总"), "总共"),
    (re.compile(r"(?<![靠拉合围聚收])拢(?=\s*(?:在|做|过|好|发|完|是|已|都|齐|到))"), "都"),
    (re.compile(r"嘛是"), "也是"),
    # Tianjin: 嘛 after 有 or 干 is "what" (今儿有嘛该到货的, 干嘛呢), never Minnan's "also", which follows its subject
    (re.compile(r"(?<=[有干])嘛(?=\s*(?:要|该|得|单|货|事|活|问题|情况|[?？]|$))"), "啥"),
    (re.compile(r"(?<=[\u4e00-\u9fff\d])嘛(?=\s*(?:到|发|过|好|做|完|有|在|齐))"), "也"),
    (re.compile(r"(?<=[还都也仲尚])无(?=\s*(?:做|点|到|发|来|齐|收|好|完|开|出|回|弄|搞|动))"), "没"),  # 还无点数, 还无做完: not yet
    # ... and a check not passed (首件无通过, r31a: CT's Leizhou Min), the 没 of 料无到 (AW BZ CA) before a verdict
    (re.compile(r"(?<=[\u4e00-\u9fff])无(?=通过|通過)"), "没"),
    # ... and after what has not come or not passed (钢卷无到, 首件无过, 船无开, 无问题: AW CA DF, Minnan, Leizhou and
    # Hainanese alike), where Mandarin's own 无 never stands before a verb; never 无过错, 无过失, 无开票
    (re.compile(r"(?<=[\u4e00-\u9fff\s])无(?=到|过(?![错失])|开(?=\s|$|了)|问题)|^无(?=问题)"), "没"),
    # 有无 before a verb asks, as 有没 does above (有无发货, 今日有无异常: DF's Hainanese and written Mandarin)
    (re.compile(r"有无(?=\s*(?:到|发|做|来|出|收|交|完|异常|问题))"), "是否"),
    # Minnan 无 is 不 before 够 (阀芯无够, 料无够: not enough), 欠 after 还/都 is 差 (铜棒都还欠, 还欠一半: still short),
    # 讲 is 说 in 讲错 (数量讲错, 刚才讲错了: said wrong), as in every southern speech
    # ... and Cantonese 冇 before 够 (料冇够: CZ; folded to 没 with the traditional forms before these rules), the same
    # negative of a quantity: 没够 is no Mandarin of its own
    (re.compile(r"无(?=够|夠|行(?!程|李|业|情|动|为|驶))|没(?=够|夠)"), "不"),
    # ... and between a verb of work and its result (做无完, 赶无及, 发无出: can't get it done), Minnan's potential negative
    # as Mandarin's 做不完
    # ... and before 了 (喷无了漆, 发无了: Hainanese, can't), Mandarin's 喷不了
    (re.compile(r"(?<=[做干弄搞赶焊装车磨冲啤喷镀整发交])无(?=完|好|及|出|齐|了)"), "不"),
    # Cantonese 话 after the one who says it is 说 (厂家话11点先出车, 供应商话后日送: CO, CZ), so the clause is their word,
    # hearsay; never 电话, 说话, 讲话, nor a 话 a noun ends (话题, 话费)
    (re.compile(r"(?<=商|傅|板|家|边|库|流|机|佢|他|她|户|司)(?<!电话|对话)话(?![题费筒术语])"), "说"),
    # ... and so is Cantonese 未 (料未够, 人手未够: not enough yet, a shortage)
    (re.compile(r"(?<=[\u4e00-\u9fff])未(?=够|夠)"), "不"),
    (re.compile(r"(?<=[还還都也仲])欠(?![款钱債债账賬费費条條])"), "差"),
    (re.compile(r"讲错|講錯"), "说错"),
    # Taiwanese and Minnan 有 before a verb marks it happened (料有到, 出货检验有过, 有发出去了): 已, never 有没有's
    (re.compile(r"(?<=[\u4e00-\u9fffA-Za-z])(?<![没还是否都也木冇无唔么幺])有(?=过|過|到(?!期|时|底)|发出|發出)"), "已"),
    (re.compile(r"会使"), "可以"),
    # Teochew and Minnan 着 is "must" before what is to be done (着下礼拜一, 今日着催, 模具着修): it leads its clause or
    # follows a day, where Mandarin's aspect 着 never stands (it follows its verb: 干着, 等着)
    (re.compile(r"(?:(?<=^)|(?<=[\s,，;；。])|(?<=今日|明日|后日|今天|明天|后天))着(?=\s*[\u4e00-\u9fff])(?!急|凉|火|落|实)"), "要"),
    # (never after a verb of keeping, whose 着 is Mandarin's aspect: 留着修, 放着修 are kept back to be repaired)
    (re.compile(r"(?<![留放搁摆存压扣等拿挂堆])着(?=[修调换改补催][\s,，;；。]|[修调换改补催]$)"), "要"),
    # Teochew and Minnan 底 is "which" before a count of things (底几单, 底个: which orders, which one), never a month's
    # or a coat's 底 (月底, 底漆), which no count follows
    (re.compile(r"(?<![月年到彻兜心眼老打保见])底(?=\s*(?:几|个)\s*(?:单|个|批|张|家|位|款|样))"), "哪"),
    (re.compile(r"按怎"), "怎样"),
    (re.compile(r"歹去"), "坏了"),
    (re.compile(r"甲伊"), "跟他"),
    # Min's "you" and "he" (Minnan, Teochew, Leizhou, Hainanese: 等汝确认, 送去汝那边, 等伊车来, 伊讲明日到: AW DF): 汝 is
    # 你; 伊 is 他 only where a person stands, after a verb that takes one or before a verb of saying (never Wu's 伊个
    # "that", 伊拉 "they", nor a name: 伊川, 伊朗, 伊利)
    (re.compile(r"汝(?![州阳南城宁])"), "你"),  # never a place: 汝州, 汝阳, 汝南 (Henan's works), 汝城
    (re.compile(r"(?<=[等给跟叫问催让找同])伊(?![拉朗斯犁利春甸川个])|伊(?=讲|说|话)"), "他"),
    # the Min morning and night (早起 of Minnan and Hainan: 今日早起到了, 明日早起发; 暗暝 the night: BO DF), never 早起来
    (re.compile(r"早起(?![来床])"), "早上"),
    (re.compile(r"暗暝"), "晚上"),
    # Hainanese 发去 is sent off (发去了, 发去海口: DF, CG) and 拉来 is brought in (钢板拉来了, 明日拉来), never Wu's 侬拉来
    # or 阿拉来 ("you/we come")
    (re.compile(r"发去(?=了|\s*$)"), "发走"),
    (re.compile(r"发去(?=[\u4e00-\u9fff])"), "发往"),
    (re.compile(r"(?<![阿侬伊他])拉来(?=了|\s*$)"), "运到"),
    (re.compile(r"好否(?=\s*$|[?？。!！])"), "好吗"),
    (re.compile(r"(?<=下)里(?=拜[一二三四五六日天])"), "礼"),     # 下里拜三: a pinyin slip of 下礼拜三
    (re.compile(r"(?<![礼禮做])拜(?=[一二三四五六日天])"), "周"),  # 拜三 is 礼拜三
    # Hebei and the north
    # Henan: 咋着 is how (表现咋着, 到底咋着了), 木有 is 没有, 恁 is you (首件送恁那了 等恁确认), and a check 中了 is passed
    # (首件中了, 出货检验中了: 中 is "good"; 检验中 alone stays under way)
    (re.compile(r"咋着(?!也)"), "怎样"),
    (re.compile(r"木有"), "没有"),
    (re.compile(r"(?<![^\s\d,，。等送给找问催跟叫让])恁(?![么样])"), "你"),
    (re.compile(r"(?<=首件|样品|检验|检查|验货|终检|首检|试样|打样)中了"), "过了"),
    # Jin (Shanxi, Inner Mongolia, north Shaanxi): 甚 is what (今儿有甚要到货的, 做甚嘞), never 甚至 or 甚么's 甚 of old
    # books; 闹 is the verb of any work before its end (镀镍闹不完, 机加闹完了), never 热闹, 吵闹, 闹钟
    (re.compile(r"(?<![至太过])甚(?![至么是多好少为大深于])"), "啥"),
    (re.compile(r"(?<![热吵胡瞎])闹(?=\s*(?:不完|不出来|完|好了|得完|出来了))|(?<=在)闹(?![钟事])"), "做"),
    (re.compile(r"(?<![\u4e00-\u9fff])外个(?=\s*(?:单|批|货|订单))"), "那个"),  # Jin 外个 is that (外个单呢)
    # The north's cry of "what now" (咋整, 咋办) beside a fact it stands on (料不够了 咋整, 1536 咋整 料不够了, 咋整啊 压力机坏了
    # 得晚三天: M, BZ, DH) asks the buyer nothing the fact does not already say, as 怎么办 there does not: blanked, so the
    # fact is read; alone or after the goods pointed at (那批货咋整啊, 咋整 完了) it still asks
    (re.compile(r"(?:(?<=[\u4e00-\u9fff]\s)|(?<=[\u4e00-\u9fff][,，。!！]))咋(?:整|办)(?:啊|呀|呢|嘞|咧)?(?=\s*[?？!！。]*\s*$)"
                r"|(?<=\d\s)咋(?:整|办)(?:啊|呀|呢|嘞|咧)?(?=\s+[\u4e00-\u9fff])"), ""),
    (re.compile(r"俺们"), "我们"),
    (re.compile(r"俺(?!们)"), "我"),
    # Shaanxi and the northwest: 额 is 我, leading its clause or after a verb that takes a person (额再催一哈, 再问额);
    # never 金额, 数额, 超额, 额度
    (re.compile(r"(?<=[问找给叫])额(?![度外定])|(?<![\u4e00-\u9fff])额(?=们|[再先就也这都还去来正在看问催马明今说想要刚])"), "我"),
    (re.compile(r"完事(?!了)"), "完了"),
    (re.compile(r"明儿"), "明天"),                                    # 明儿, 赶明儿: tomorrow
    (re.compile(r"拉走"), "发走"),
    (re.compile(r"咋(?:着|样|地)也(?=\s*(?:得|要|只能|才))"), "反正也"),  # 咋着也得下周一发: whatever happens, not a question                                    # 4托 拉走了: hauled away, shipped
    (re.compile(r"催过了|催过"), ""),                                 # 胶料跟他催过了 后天到: chased, nothing done
    (re.compile(r"(?:弄|搞|干|做|整)着呢"), "进行中"),
    # ... ending the message it is the making under way, as 在做 (大货在整: DH); before more words it stays 弄, as it was read
    (re.compile(r"(?<=在)整(?=\s*$)"), "做"),
    (re.compile(r"(?<=在)整(?![形改理顿体批车箱个套])"), "弄"),     # 弯管在整, 正在整: the north's verb of any work, under way
    (re.compile(r"(?<=[\s\d])正(?=[\u4e00-\u9fff]{1,4}呢)"), "在"),  # 正回火呢, 正磨端面呢: under way
    # Tianjin and Hebei: 么 (folded to 幺 by then) is 没 before a verb or 问题 (铝管还么到, 终检还么做呢, 还么回来, 么问题), as
    # 木 and 冒 are; never 什么, 怎么, 这么, 那么, 要么, 多么
    (re.compile(r"(?<![什怎这那多要甚为咋])[么幺](?=\s*(?:到|做|发|有|来|弄|干|交|开|出|过|完|回|点|收|问题))"), "没"),
    # 线材没到呢, 首件还没做呢: a not-yet ending on 呢 states it, it asks nothing
    (re.compile(r"(?:(?<=[没未][\u4e00-\u9fff])|(?<=[没未][\u4e00-\u9fff]{2}))呢(?=\s*$)"), "啊"),
    # 呢 after a lasting state (晾着呢, 封着呢, 趴着呢) or a wait (等料呢, 还在排队呢) states that it goes on, as Mandarin's
    # 呢 of a continuing state does; it asks nothing (BN BP)
    (re.compile(r"(?:(?<=着)|(?<=等[\u4e00-\u9fff])|(?<=排队))呢(?=\s*$|[\s,，。!！~])"), "啊"),
    (re.compile(r"^中(?=\s|[,，]|$)"), "好"),                           # 中 知道了: fine, noted
    (re.compile(r"中不中"), "行不行"),                                  # 后天中不中: will the day after do?
    (re.compile(r"不中(?![间午心国文标频用])"), "不行"),                 # 赶明儿肯定不中: tomorrow won't do
    # Shandong: the day words (夜来 yesterday, 前儿 the day before, 今儿/明儿 today/tomorrow, 后儿 the day after,
    # 头晌/前晌 the morning, 过晌/后晌 the afternoon); 以后儿, 跟前儿 and 夜来香 are other words
    # Qingdao and the northeast: 杠好 is 很好 (外观杠好, 终检过了 杠好: BN DG), never a rod's 丝杠 or 拉杠 done (丝杠好了)
    (re.compile(r"(?<![丝螺拉撑横连推顶扛])杠好(?![了啦])"), "很好"),
    (re.compile(r"(?<![今昨])夜来(?!香)"), "昨天"),
    (re.compile(r"(?<![跟眼之以面门提先目从])前儿(?!个)"), "前天"),
    (re.compile(r"(?<![以然之最背过往落随先])后儿(?!个)"), "后天"),
    (re.compile(r"今儿(?!个)"), "今天"),
    (re.compile(r"昨儿(?!个)"), "昨天"),
    (re.compile(r"头晌|前晌"), "上午"),
    # Beijing and Sichuan: the day word with its 儿 (明天儿, 昨天儿, 后天儿) is the day word
    (re.compile(r"(?<=[今明昨后前]天)儿"), ""),
    (re.compile(r"过晌|后晌"), "下午"),
    # Shandong and Henan: 木 is 没 before a verb or 有 (还木到, 木有, 钢厂木货); never 木材, 木箱, 实木, 红木
    (re.compile(r"(?<![实红原松杉柚橡枕积伐苗树乔灌桃楠檀榆柳椴榉樱枫柏竹草花林土麻])木"
                r"(?=有|到|发|做|交|找|货|问题|来|弄|干|过|出|开|完)"), "没"),
    # 恁 is you (恁放心, 等恁确认, 恁们质检)
    (re.compile(r"恁"), "你"),
    # Any Mandarin: a heat treatment's verb split by its aspect (淬完火, 回好火) is the step then the aspect
    # Any Mandarin: a leak test (气密测试, 气密试验, 气密检测) is the sealing test of the work (密封试验, a step as 打压 is):
    # AX and BT file it in_process, none the final check
    (re.compile(r"气密(?:测试|试验|检测)(?!\s*(?:不|没|未|漏|失败|NG|ng))"), "密封试验"),  # 气密测试不过: a defect
    (re.compile(r"淬完火"), "淬火完"),
    (re.compile(r"淬好火"), "淬火好"),
    (re.compile(r"回完火"), "回火完"),
    (re.compile(r"退完火"), "退火完"),
    (re.compile(r"(?<=[完好到发过])[乐勒](?=\s*$|[\s,，。!！~])"), "了"),  # 注塑完乐, 原料到勒: 了 slipped by its sound
    # Wu (Zhoushan, Ningbo, Yongkang): 弗 is 不 (走弗了, 同心度弗好, 弗是7606), 弗来事 won't do, 清爽 clear;
    # 弗兰, 弗里 and the like are names
    (re.compile(r"弗来事"), "不行了"),
    (re.compile(r"弗(?![兰里洛吉雷莱朗拉罗])"), "不"),
    (re.compile(r"(?<=[不弗])清爽"), "清楚"),
    (re.compile(r"侬"), "你"),
    (re.compile(r"阿拉(?=\s*[\u4e00-\u9fff])"), "我们"),  # 阿拉来处理: we
    (re.compile(r"(?<=[\u4e00-\u9fff])伐(?=\s*[?？]*\s*$)"), "吗"),  # 到了伐, 准时伐: the question's particle
    (re.compile(r"(?<=[那这哪几一两])只(?=\s*单)"), "个"),  # 那只单子, 哪几只单: the measure word of an order
    (re.compile(r"上趟"), "上次"),
    # Hunan: 好哒 leading a message, with no order or step before it, is assent, "OK" (好哒 晓得哒), as 好的 is; after a
    # step (扣压好哒) or an order (6767 好哒) it is the step done, and the rule below leaves it to the 了 of done
    (re.compile(r"^\s*好哒(?=\s|$|[,，。!！~])"), "好的"),
    # Hunan (Xiang) and Gan: 冒 is 没 before a verb (还冒到, 终检还冒做完, 还冒点数, 冒发): not yet; never 冒口 (the
    # riser), 冒坯, 冒烟, 冒泡, 感冒, 假冒
    (re.compile(r"(?:(?<=[还都也又就并])|(?<![\u4e00-\u9fff]))冒(?=\s*(?:到|做|发|有|点|交|开|弄|搞|整|完|收|动|回|送|检|装|包|齐))"),
     "没"),
    # Sichuan: 要得不 ending a plan asks leave as 行不行 does (礼拜五发 要得不: DL), before 不 is read as 吗 below
    (re.compile(r"要得不(?=\s*[?？]*\s*$)"), "行不行"),
    # Hunan, the Southwest and the north: 不 ending a message asks, as 吗 does (今天能发不, SOP前能到不, 靠谱不, 有货不):
    # all nine such lines of the corpora (AG AK AQ AY BU BV M N) are questions
    (re.compile(r"(?<=[\u4e00-\u9fff])(?<![要还差])不(?=\s*[?？]*\s*$)"), "吗"),
    # Hunan: 港 is 讲, to say, after the party who says it (钢厂港下周一发, 师傅港还要两天, 他们港): hearsay, as 讲 is; never
    # a port (厦门港, 到港, 港口, 港区)
    (re.compile(r"(?<=[厂家边们他她傅板商司头])港(?![口区务澳台币湾])(?=\s*[\u4e00-\u9fff\d])"), "讲"),
    # Xiang (Changde): 哪 is said lan, and typed so before the day asked about (兰天花货: when does it ship?)
    (re.compile(r"(?<![\u4e00-\u9fff])兰天(?=\s*[\u4e00-\u9fff])"), "哪天"),
    # Xiang (Changde, Yiyang): f before a is said hu, and typed so by pinyin (花货 for 发货, 荒案 方案); the keyword slips
    # (handlers/reading_words.py) take 花货, and 花 alone before the perfective or 完 (花哒 三百套, 元旦前花完) is 发
    # where it heads its clause or follows a day or an adverb; never 贴花 (a decal), 刮花, 发花, 电火花, money spent
    (re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=[天日号前后都已先再才就要冇没定]))花(?=[哒完](?![成全整]))"), "发"),
    # Hunan: 哒 after a verb is the perfective 了 (喷完漆哒, 到哒, 搞定哒); 好哒 alone is "OK", left as it is
    (re.compile(r"(?<=[\u4e00-\u9fff])(?<!好)哒(?=\s|$|[,，。!！~])"), "了"),
    # ... and before the count of what was done (发哒两百套, 做好哒380套: AJ BV), as 了 stands there
    (re.compile(r"(?<=[\u4e00-\u9fff])哒(?=\s*[\d一二两三四五六七八九十百千几])"), "了"),
    # Hunan: 好久 before a verb is "when" (好久发货: when does it ship?), not "for a long time" (好久没发)
    # Guizhou (r35ds, DS): 默到 is "I thought", a hedge before what the sender believes is done (我默到是发了的)
    (re.compile(r"默到(?=\s*是?\s*(?:已经?)?[发到做好完过])"), "好像"),
    (re.compile(r"好久(?=\s*(?:能|可以|会|才|就)?\s*(?:重新|再)?\s*(?:发|到|交|做|好|出|完|送|搞|弄|整|来|拉))"), "多久"),
    # Sichuan and Chongqing (r34dl, DL's writer and the region's speech): 勒个 is 这个 (勒个单呢, 勒个月), 拖起了 is gone late
    # (哪几个单拖起了), 二天 leading its clause is some later day (二天再说: 改天; never 晚二天, 推迟二天, a count of days),
    # and 好多 before what is counted, or ending a question, asks how many (发了好多件喃, 异常单还有好多个, 超期的单子有好多:
    # DL, AT, BH); 还差好多 (still short by a lot) is left
    (re.compile(r"勒个(?=[\u4e00-\u9fff])"), "这个"),
    (re.compile(r"拖起(?=了|的)"), "逾期"),
    # ... and 在搞 bare after the order is the work under way, as 在做 (26966 在搞 搞了一半了: DS, r35ds); 在搞哪样 asks
    (re.compile(r"(?:^|(?<=[\s\d]))在搞(?=\s|$|[,，。])"), "在做"),
    (re.compile(r"(?:(?<![\u4e00-\u9fff\d])|(?<=的))二天(?![后内以之])"), "改天"),
    (re.compile(r"(?<!差)好多(?=\s*(?:单|个|件|套|只|根|箱|托|[喃嘛呢?？])|\s*$)"), "多少"),
    # Sichuan and Chongqing: 切 is said for 去 after a verb of carrying (送过切了 "sent over", 拉切喷塑 "hauled off to
    # be sprayed": DL); never the cut (切割, 切边, 过切 the overcut of a tool, 切料)
    (re.compile(r"(?<=[送拉拿运寄搬]过)切(?=\s*了|\s*$|\s)|(?<=[送拉拿运寄搬])切(?![割削边料管断口槽头])(?=[\u4e00-\u9fff])"), "去"),
    # Wu, beside the rules above: 勿 after a verb is 不 too (弄勿来, 勿来事), 伊拉 is 他们, 落雨 下雨, and 格 after an order
    # or a person is 的 (7463格铝件, 阿拉格: the folds above have made them 我们, 你 by now)
    (re.compile(r"勿来事"), "不行了"),
    (re.compile(r"(?<=[弄搞做])勿(?=[了好完来])"), "不"),
    # Shanghainese (DD): 光 after a verb of work is its end, as 完 is: said done (做光了, 发光了 all shipped) or said can or
    # can't (做勿光, 喷得光); never 抛光 (polishing), 激光 (the laser), 发光 before what shines. A bare 做光 after a day
    # (礼拜五做光) is left as written: the reader already reads it as the plan it is
    (re.compile(r"(?:(?<=[做弄搞干装焊喷])|(?<=(?<![A-Za-z灯电珠管屏])发))光(?=\s*(?:了|勒|哉))"
                r"|(?<=[做弄搞干发装焊喷][得勿不])光"), "完"),  # never a lamp lit: LED发光了, 灯珠发光了
    # ... 勿 is 不 wherever it stands in Wu (勿够, 勿是, 勿曾, 交勿出: DD's 22 lines), never the written "do not" of 请勿,
    # 切勿, 勿忘 (the soothing 勿急 is filler, read as it is written)
    (re.compile(r"(?<![请切务])勿(?![忘急])"), "不"),
    # ... 脱 after the shipping verb completes it as 掉 does (发脱了 400套: shipped), and 辰光 is the time (啥辰光: when;
    # CE and DD)
    (re.compile(r"(?<=[发卖])脱(?=\s*了|\s*$|\s*\d)"), "走"),
    (re.compile(r"辰光"), "时候"),
    # ... 额 after a verb or 好 ending its clause is 的 (发额 280套, 老好额, 拎得清额: CE and DD), never Shaanxi's 额 (我),
    # which leads its clause or follows 问, 找, 给, 叫, 提醒
    (re.compile(r"(?<=[好清发到做])额(?=\s*(?:$|[\s,，。!！~]))"), "的"),
    (re.compile(r"伊拉"), "他们"),
    (re.compile(r"落雨"), "下雨"),
    # Wu (Taizhou): 掉 after the shipping verb completes it, as in 卖掉 (最后一批500只发掉了: CL's five lines), so 发掉 is 发走
    # ... but by a day or season (`腊月十五前发掉`, `小年前发掉`, DM) with no 了 it is the shipping promised, 发
    (re.compile(r"(?<=前发)掉(?!\s*了)"), ""),
    (re.compile(r"(?<!开)发掉(?=\s*了|\s*$)"), "发走"),
    (re.compile(r"(?<=[\d们你])格(?=\s*[\u4e00-\u9fff])(?![式子外局])"), "的"),
    # The trades' own names of a step, as the step the reader knows (reader27, BV's and BW's shops): a hydraulic hose
    # crimped (扣压) is 压接, a plate's edge bevelled for welding (坡口) is cut, a connecting rod split by fracture
    # (涨断, 胀断) machined; 扣压 of goods held back (扣压货款) is left
    (re.compile(r"扣压(?!货|款|资金|证件)"), "压接"),
    # ... and a ceramics works' kiln is its furnace: ware put into it (进窑, 入窑, 装窑) is being fired, ware out of it
    # (出窑) fired, as 进炉 and 出炉 are a heat treater's (DH's sanitary ware; 窑炉 the kiln itself is left)
    (re.compile(r"(?<=[进入装出])窑|(?<=在)窑(?=里)"), "炉"),
    # ... and the non-destructive tests named 检测 (荧光检测, 磁粉检测, 渗透检测: DS's aerospace shops, r35ds) are the
    # making's 探伤, never the final inspection
    (re.compile(r"(?<=荧光|磁粉|渗透|着色|涡流|超声)检测"), "探伤"),
    (re.compile(r"(?<![开打])坡口(?=\s*(?:[好完做在已都也]|中|\d))|(?<=[在开])坡口"), "切割"),
    (re.compile(r"[涨胀]断(?=\s*(?:[好完了中]|\d))|(?<=在)[涨胀]断"), "加工"),
    # Korean and Japanese business words of clerks writing Chinese: 出荷 is 出货 (出荷检查 the check before it, 今日出荷
    # 150EA), 纳品 is 交货 (明天纳品)
    (re.compile(r"出荷"), "出货"),
    (re.compile(r"[纳納]品"), "交货"),
    # The Northwest (Shaanxi, Gansu, Ningxia, Qinghai): 麻达 is trouble, a problem (没麻达 "no problem", 出麻达了 "something
    # went wrong"): folded to 问题, so a trouble still reads as one and its denial as the all-clear it is
    # Xinjiang: a learner's verb-final order puts the denial after its noun (麻达没有 "no problem" is 没有麻达)
    (re.compile(r"麻达没有(?=\s|$|[,，。!！])"), "没有问题"),
    (re.compile(r"麻达"), "问题"),
    # Xinjiang Mandarin's words from Uyghur, used by Han and Uyghur writers alike: 亚克西 and 杰克斯 "good" (a check
    # 亚克西 is passed, 亚克西 alone OK), 海买斯 "all of it", 拉合麦特/热合买提 "thank you"; 阿达西 "friend", an address, is blanked
    (re.compile(r"亚克西|杰克斯"), "没问题"),
    (re.compile(r"海买斯"), "全部都"),
    (re.compile(r"拉合麦特|热合买提"), "多谢多谢"),
    (re.compile(r"阿达西"), ""),
    # Jiaodong and Shandong: 忒 "too" (活儿忒多), 焦 and 血 "very" before a word of how it feels (焦累, 血急, 焦慢); never
    # 焦炭, 焊缝烧焦, 血 of anything else
    (re.compile(r"忒(?=[多少慢快忙急累难大小贵])"), "太"),
    (re.compile(r"(?<![烧烤炭])[焦血](?=[累慢忙急困热冷贵])"), "很"),
    # The Northeast and Tangshan: 贼 and 贼拉 "very" before a word of how it is (贼快, 贼多, 贼次, 贼拉忙: AH BZ DH M); never
    # the thief, which no such word follows
    (re.compile(r"贼拉(?=[\u4e00-\u9fff])"), "非常"),
    (re.compile(r"贼(?=[快慢多少忙累沉重亮顺次好差难贵急大小冷热])"), "很"),
    # Minnan: 知影 is know (我知影了: noted)
    (re.compile(r"知影"), "知道"),
    # stickers typed as words ([抱拳], [强], [OK]): blanked, they carry no fact
    (re.compile(r"\[(?!图片|照片|相片|视频|语音|文件|图)[\u4e00-\u9fffA-Za-z]{1,4}\]"), ""),
)

FILLER: tuple[str, ...] = (
    "歹势", "有影", "跟你讲", "跟你说", "我跟你讲", "确实", "跟他", "催过", "老板", "我们",
    "大底", "中底", "鞋垫", "鞋底", "大货",
    "你放心", "您放心", "放心吧", "放心",  # 料都来了 恁放心: reassurance, no fact
    # Hui courtesies of the Northwest (色俩目/赛俩目 the greeting, 托靠主 "God willing", 祝您平安 "peace be with you"),
    # the shop's work (活儿忒多 "too much work") and its days at work or off (礼拜六也有加班, 礼拜日休息): no fact of the order
    "色俩目", "赛俩目", "色兰", "托靠主", "托主的福", "平安", "活儿", "加班", "休息",
    # the family a child or wife types for in a Fujian shop (帮我阿公回一下, 依伯讲, 我跟阿爸讲): who speaks, no fact
    "阿公", "阿爸", "阿伯", "依伯", "依公", "依姆", "依妈", "阿妈", "阿嬷", "我爸", "老爸", "我妈", "回一下",
    # the ferry over the Qiongzhou Strait that Hainan's goods take (早起上的轮渡, 赶第一班轮渡: DF), as a carrier's name is
    # no fact of the order; the shipping is read from its own words
    "轮渡", "班轮渡", "头班轮渡",
)


# 在回火呢: the particle 呢 after a step under way states it (read as 在回火中), it asks nothing.
_UNDER_WAY_NE = re.compile(r"(?<![\u4e00-\u9fff])在(?P<step>[\u4e00-\u9fff]{1,4}?)呢(?=\s*$|[\s,，。!！])")


# 呢 closing a message whose 在 says where the work or the goods are or what is going on (`在龙门铣上铣底面呢`,
# `在那疙瘩喷涂呢`, `在热处理 炉子里呢`: AG M EN, as `在路上呢`, `在批量整呢` of nine corpora more) states it, as 在…呢
# does in Mandarin; it asks nothing. Not 现在, 实在, 存在 or 所在, and never where a word between asks (在哪呢, 在干嘛呢).
_GOING_ON_NE = re.compile(r"(?P<said>(?<![现实存所自好])在[^哪啥谁几怎咋么嘛什吗?？呢]{1,10}?)呢(?=\s*[。!！~～]*\s*$)")


# Every rule's pattern in one, so a message of none of these words costs one search.
_ANY = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _RULES))


_REPLACEMENTS = same_length_rules(_RULES)


def fold_regional(folded: str) -> str:
    """`folded` with regional words replaced by the Mandarin the reader knows, span for span."""
    if "呢" in folded:
        folded = _UNDER_WAY_NE.sub(lambda m: f"在{m['step']}中", folded) if "在" in folded else folded
    if not _ANY.search(folded):
        return _going_on(folded)
    folded = fold_rules(folded, _REPLACEMENTS)
    if "呢" in folded:  # 正回火呢 is 在回火呢 only now
        folded = _UNDER_WAY_NE.sub(lambda m: f"在{m['step']}中", folded)
    return _going_on(folded)


def _going_on(folded: str) -> str:
    """`folded` with the 呢 of a thing going on (`在那疙瘩喷涂呢`) read as the statement it is."""
    if "呢" in folded and "在" in folded:
        return _GOING_ON_NE.sub(lambda m: f"{m['said']}啊", folded)
    return folded


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
