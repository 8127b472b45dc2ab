"""What in a chat message carries no fact of the order: chat markers, money, settlement, and the
particles and everyday words of a regional Mandarin folded to the standard words the reader knows.

A supplier's line carries more than its report. A chat client writes stickers and captions as
words in brackets (`[OK]`, `[抱拳]`, `[图片]`, `[语音转文字]`); a family workshop puts the price
beside the count (`发了550件 加工费1650块`, `单价还是按2块8算`) and how it will be paid
(`月底一起结`, `运费到付`); and south-western Mandarin asks and answers in its own words
(`啷个`, `啥子`, `没得`, `不得行`, `莫来头`). None of these is a count, a date or a step of the
order, yet each used to reach the reader as one (a price read as a second count, `月底` as a
day no fact holds, a sticker as an unexplained word), so ordinary messages were asked about first.

Rather than teach the reader each phrase, the message is cleaned once, span for span (every
replacement keeps the length of what it replaces, so reasons and descriptions cut from the text as
written still line up): markers, money and settlement are blanked; a regional word becomes the
standard word of the same length. The particles and social words that stay in the text are
filler for the reading's own account (handlers/reading_account.py), listed in `FILLER_WORDS`.
"""

from __future__ import annotations

import re

from handlers.fast_search import quicken

__all__ = ["FILLER_WORDS", "blank_filler", "fold_dialect", "fold_perfective", "worked_over_day"]

# A chat client's marker: a sticker or caption written as a word in brackets, with no digit in it
# (a lot code in brackets, `[B-1206]`, stays).
_MARKER = re.compile(r"\[[^\[\]\d\n]{1,8}\]|【[^【】\d\n]{1,8}】")

_CN = "零一二两三四五六七八九十百千万"
_AMOUNT = rf"(?:\d+(?:\.\d+)?|[{_CN}]+)"
# The words that name a price or a charge; a number after one of them is money, never a count.
_MONEY_WORD = (r"(?:加工费|手工费|人工费|工费|运费|快递费|物流费|邮费|材料费|模具费|开模费|治具费|包装费|电镀费|热处理费"
               r"|单价|工价|总价|价格|价钱|报价|货款|费用|金额|税费|税点|含税价?|不含税价?|(?<![评售])价|(?<![零花])钱)")
# What stands between the word and its figure: `单价还是按2块8算`, `运费是380`, `加工费：1650`.
_MONEY_LINK = r"(?:\s|还是|也是|都是|就是|是|为|按|照|算|要|收|一共|总共|合计|共|[:：])*"
# The currency after a figure (`1650块`, `380元`, `2块8`, `¥300` before it); 元旦 and 元料 (原料 mistyped) are no money.
_CURRENCY = r"(?:块钱|块|元(?!旦|宵|材|料|器|件)|毛钱?|角|(?<![A-Za-z])(?:rmb|RMB|CNY|cny)(?![A-Za-z]))"
_JIAO = r"(?:[\d一二两三四五六七八九](?![\d.]|\s*(?:件|个|只|套|pcs)))"  # the tenths after 块 (2块8, 两块五)
_PER = r"(?:\s*(?:钱|一个|一件|一只|一套|每个|每件|/件|/个|/只|/pcs|算|计))?"
_MONEY = re.compile(
    rf"{_MONEY_WORD}{_MONEY_LINK}[¥￥]?\s*{_AMOUNT}\s*(?:{_CURRENCY}\s*{_JIAO}?)?{_PER}"
    rf"|[¥￥]\s*{_AMOUNT}(?:\s*{_CURRENCY})?"
    rf"|(?<![\d.])\d+(?:\.\d+)?\s*(?:块钱|元(?!旦|宵|材|料|器|件)|(?<![A-Za-z])(?:rmb|RMB|CNY)(?![A-Za-z]))"
    rf"|(?<![\d.])\d+\s*块\s*\d(?![\d.]|\s*(?:件|个|只|套|pcs))"
    rf"|[{_CN}]+块钱|[{_CN}]+块[一二三四五六七八九](?![{_CN}\d]|\s*(?:件|个|只|套|pcs))"
    rf"|(?:每|一)\s*(?:个|件|只|套|根|支|pcs)\s*[¥￥]?\s*{_AMOUNT}\s*{_CURRENCY}\s*{_JIAO}?"
)

# How the money is settled or carried: paid at month's end, freight collect, an invoice (`月底一起结`, `到付`).
_SETTLED = re.compile(
    r"(?:月底|月末|年底|下个?月)?\s*(?:一起|一块|统一)?\s*(?:结算|结账|对账|付款|打款|转账|开票|开发票)"
    r"|(?:月底|月末|年底)\s*(?:一起|一块|统一)?\s*结(?!束|果|论|构|实|婚)"
    r"|(?:一起|统一)\s*结(?!束|果|论|构|实|婚)"
    r"|(?:运费|快递费?|物流费?)?\s*(?:到付|寄付|现付|月结)"
)


# A season's greeting or a cheer (开工大吉 on the first day back after the New Year, 新年快乐, 冲鸭 "go for it"): a wish,
# never a step begun (开工) or a press at work (冲). 冲呀 glued to a word of the work (冲呀完了, 冲呀完成50%: AY ED) is
# 冲压 typed by its sound, no cheer: the cheer stands apart from the fact it cheers on.
# The wish is said to someone (祝大家, 各位) and often ends in its emoji (🎉, 🧧, 🎆): all of it a wish.
# A weekend's or a holiday's is wished so too (周末愉快, 假期愉快), and the address may follow it (节日快乐 各位).
_WISH = re.compile(r"(?:(?:祝|预祝)\s*)?(?:大家|各位|您们?|你们)?\s*"
                   r"(?:开工大吉|开门大吉|开工利是|(?:新年|新春|春节|节日|元宵|中秋|国庆|端午)快乐|(?:周末|假期|节日|国庆|中秋)愉快"
                   r"|新年好|过年好|恭喜发财|大吉大利|万事如意|冲鸭|冲呀(?![完好做成了\d百一二三四五六七八九十两])|冲冲冲)(?:\s*(?:大家|各位))?"
                   r"(?:\s*[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F]+)?")
_WISH_SIGN = re.compile(r"[吉乐好喜利意冲快]")


# round 32 (r32da): the internet's slang of a young merchandiser or QC (DA writes it on 33 lines, AU and BU on 13): a
# cheer, a groan or a word of address that carries no fact (yyds "the best ever", xswl "dying of laughter", hhh
# laughing, nsdd "you're right", 绝了/绝绝子 "amazing", 破防了 "I'm crushed", 芭比Q了 "it's all over", 蚌埠住了 "can't
# hold it", 救命 "help", 拿捏了 "nailed it", 家人们/宝子/集美 "folks, babe, sis"). Left in, each was a word the reading
# could not account for, a 了 of no step (拿捏了) or a clause of its own beside the fact. 绝了 after 拒, 杜, 断 or 谢 is a
# word of its own (refused, stopped, declined), and stays.
_NET_SLANG = re.compile(r"(?<![A-Za-z])(?:yyds|YYDS|xswl|XSWL|nsdd|NSDD|awsl|h{3,}|H{3,})(?![A-Za-z])|绝绝子|(?<![拒杜断谢])绝了"
                        r"|破防了?|家人们|宝子们?|集美们?|蚌埠住了|芭比[Qq]了?|救命|拿捏了?|无语子")
_NET_SLANG_SIGN = re.compile(r"[yYxXnNaAhH绝破家宝集蚌芭救拿无]")

# A day of the week worked over (`周六加班`, `这个礼拜天加班`, `这礼拜六也有加班`, `周末加班`): when the shop works, no day of
# the order's; read, the day became the plan's or the report's (`周六加班 4471 今天把剩下的都做完了` read as a plan of
# Saturday). Yesterday's or tonight's overtime (`昨天晚上加班 全部整完了`) stays: its day is the report's.
_OVERTIME_DAY = re.compile(r"(?:这个?|本)?(?:(?:周|星期|礼拜)[一二三四五六日天末]|周末)\s*(?:也|都|还)?\s*(?:有|要|得|在)?\s*加班(?:加点)?")


# One look for a character without which neither pattern can match: most messages hold none, and skip both.
_MONEY_SIGN = re.compile(r"[费价钱款元块毛角¥￥]|rmb|RMB|CNY|cny")
_SETTLED_SIGN = re.compile(r"[结付票账]")


# The QA register's paper trail, a clause of its own after the fact (`FAI 报告已上传系统`, `CoC 已盖章`, `DHR 已整理好`,
# `钝化记录已随 DHR 一起归档`, `明细见附件`, `数量与装箱单相符`): the records of the work kept, no fact of the order; a
# medical or aerospace supplier writes one after nearly every report, and read, each made the report unsure.
_PAPER_TRAIL = re.compile(
    r"(?<=[,，;；。])\s*[^\s,，;；。]{0,6}(?:报告|记录|CoC|COC|DHR|材质书|材证|证书|明细|资料|单据|装箱单|图纸|附件)"
    r"[^,，;；。]{0,12}?(?:已经?|均已|都已|也已)?\s*(?:上传(?:至|到)?\s*(?:系统)?|盖章|归档|整理好?|附上|签字|核对无误|齐全|一致|相符|见附件)"
    r"(?=\s*(?:$|[,，;；。]))", re.IGNORECASE)
# The same register's courtesies and all-clear after a fact (`请知悉`, `目前无异常`, `等待结果`, `邵氏硬度符合要求`,
# `外观、尺寸、清洁度全部合格` after a check done): no fact beside the one said.
_COURTESY = re.compile(
    r"(?<=[,，;；。])\s*(?:请知悉|特此(?:告知|说明|报告|通知|函告)|请查收|谢谢|目前无异常|一切正常|暂无异常|无异常|等待(?:检验|检测|培养)?结果"
    r"|[^,，;；。]{0,12}(?:符合要求|符合标准|全部合格|均合格|都合格))(?=\s*(?:$|[,，;；。!！]))")
# Sichuan's praise after a report (首件一次过 巴适得板: "just great", DL): the sender's pleasure, no fact; blanked so the
# report ends where its done word does
# ... and Guizhou's 板扎 (首件鉴定过了 板扎: DS, r35ds)
_PRAISE_AFTER = re.compile(r"(?<=\S)\s+(?:巴适|安逸|板扎)(?:得板|得很|惨了)?\s*$")
# r31b: a state-owned works' report heads its order with a word of address (`关于18744交货期事宜：`, `现将18465机架铸件
# 加工进度报告如下：`, `兹将`, `针对`): the subject line of a formal letter, no fact; left in, it hid the order the
# report opens with (CQ's 16 lines of 关于 and 现将 had the order found late or not at all, and were asked about).
_HEADING = re.compile(r"^\s*(?:关于|现将|兹将|兹就|针对|有关)(?=\s*(?:PO|po|订单|合同)?\s*[#:：]?\s*\d{4,12}(?![\d.%]))")

# Tagalog's particle `ng` ("of", "a": `tapos na yung taping ng harness`, `nakagawa na po kami ng 1800 pcs`), typed in
# lower case before its word, in a message holding a word only Tagalog writes: never NG, the reject label (read as it,
# fourteen of CN's Taglish lines were a defect nobody reported, ten of them written silently). NG the label is typed
# in capitals or before a count (`ng 3个`, the house's), so the house, BJ and CI keep it.
_TAGALOG_SIGN = re.compile(
    r"(?<![A-Za-z])(?:ang|yung|kami|namin|natin|lahat|mga|tapos|natapos|kahapon|bukas|kanina|nag|naka|nakapag|dumating"
    r"|kulang|sira|mali|wala|walang|bagyo)(?![A-Za-z])", re.IGNORECASE)
_TAGALOG_NG = re.compile(r"(?<![A-Za-z])ng(?=\s+[a-z0-9])")


def worked_over_day(text: str) -> bool:
    """Whether the message names a weekday worked over (`周六加班`): beside a plan's own day it is a second day, and
    which is the plan's the sender settles (the reading takes the other)."""
    return "加班" in text and _OVERTIME_DAY.search(text) is not None


def blank_filler(folded: str) -> str:
    """`folded` with chat markers, money, settlement and wishes blanked to spaces (same length)."""
    if "[" in folded or "【" in folded:
        folded = _MARKER.sub(lambda m: " " * len(m.group(0)), folded)
    if _MONEY_SIGN.search(folded):
        folded = _MONEY.sub(lambda m: " " * len(m.group(0)), folded)
    if _SETTLED_SIGN.search(folded):
        folded = _SETTLED.sub(lambda m: " " * len(m.group(0)), folded)
    if _WISH_SIGN.search(folded):
        folded = _WISH.sub(lambda m: " " * len(m.group(0)), folded)
    if _NET_SLANG_SIGN.search(folded):
        folded = _NET_SLANG.sub(lambda m: " " * len(m.group(0)), folded)
    # no sign of their own: quicken (below) searches each only in a text holding a word every match of it needs
    folded = _OVERTIME_DAY.sub(lambda m: " " * len(m.group(0)), folded)
    folded = _PAPER_TRAIL.sub(lambda m: " " * len(m.group(0)), folded)
    folded = _COURTESY.sub(lambda m: " " * len(m.group(0)), folded)
    if "巴适" in folded or "安逸" in folded or "板扎" in folded:
        folded = _PRAISE_AFTER.sub(lambda m: " " * len(m.group(0)), folded)
    folded = _HEADING.sub(lambda m: " " * len(m.group(0)), folded)
    if "ng" in folded and _TAGALOG_SIGN.search(folded):
        folded = _TAGALOG_NG.sub("  ", folded)
    return folded


# South-western Mandarin (Sichuan, Chongqing, Hubei, Guizhou) to the standard word, same length,
# applied in order. Each is a word of the register, not a phrase of one writer.
_DIALECT: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"啷个|哪个(?=样|搞|办|回事)"), "怎么"),  # how / what about
    (re.compile(r"[啥撒]子"), "什么"),  # what
    (re.compile(r"哪样(?!子)"), "什么"),  # Guizhou and Yunnan: what (今天有哪样要到货的)
    (re.compile(r"莫来头|莫得事|没得事"), "没问题"),  # no problem
    (re.compile(r"不得行"), "不行 "),  # won't do
    (re.compile(r"(?:没得|莫得|冒得)(?!到|了)"), "没有"),  # there is none / not yet (发了没得: a question)
    (re.compile(r"怕是(?=[不没要会得])"), "可能"),  # probably: 周四怕是不得行
    (re.compile(r"晓得"), "知道"),
    # the colloquial verbs of doing before a mark of done (搞了一半, 弄好了) are 做: 搞定, 弄坏, 搞错 stay (整完了 alone
    # stays the fragment it is)
    (re.compile(r"[搞弄](?=[了好完])"), "做"),
    # Guizhou and Yunnan's 整, the verb of any work, after what was worked and before its mark (挤压整完了, 氧化整了一半,
    # 明天整得完); 调整, 完整, 整改, 整理 are words of their own, and 整完了 alone stays the fragment it is
    (re.compile(r"(?<=[\u4e00-\u9fff])(?<![调完规平修齐工])整(?=\s*(?:了|好|完|喽|得完|得好))"), "做"),
    # ... and work begun with it (大货周四开整: CM's bulk run starts Thursday), as 开干 is; 展开整改, 开整形 stay theirs
    (re.compile(r"(?<=开)整(?![改理顿形体治])"), "干"),
    # 正常 between 在 and the work (冲压在正常生产, 在正常做): the work under way, as 在生产 is
    (re.compile(r"(?<=在)正常(?=\s*(?:生产|做|加工|进行|运行|冲|跑))"), "  "),
    # the die or mould set up on its press on a day or with its mark (今天上模, 已上模, 上模了: DP's stamping and moulding
    # shops) is the work loaded, as 上机 is; 上模 alone is the upper die (上模裂了) and stays
    (re.compile(r"(?:(?<=[天已在])|(?<=开始)|(?<=准备))上模(?![具板块座架仁芯])|上模(?=了|中)"), "上机"),
    # 莫 for 没 before a verb (还莫到, 还莫发完, 还莫点数): not yet
    (re.compile(r"(?<=还)莫(?=得?[到发做整点来完])"), "没"),
    # the potential complement after a day to come (明天磨得完, 礼拜三喷得完, 今天晚黑搞得完: "can finish by then") is 能
    # before the verb and its end, as the reader reads 明天能磨完 (r34dl: DL's Chongqing shops); today's (今天车得完) is
    # left, as AO's and CV's writers read it still under way, and so is 做得完 with no day (a condition, not a plan)
    (re.compile(r"((?:明天|后天|明早|明日|礼拜|星期|周|号|晚黑|晚上)[^\s,，。;；]{0,4}?)"
                r"([车铣磨钻冲镀喷焊锻抛压铸印编滚做弄搞整干装烫剪缝包])得(?=完)"), r"\1能\2"),
    # 干完, 干好: the same verb of doing; 干 that is dry (烘干, 晾干, 吹干: a step) and 干了 (paint that dried) are left
    (re.compile(r"(?<![烘晾风吹晒烤抽擦甩沥阴焙蒸])干(?=[好完])"), "做"),
)


# A particle that ends a clause says the tone, never the fact: after a step or arrival word, 咯/喽/啰/哒 are
# the 了 of the region (`搞完咯`, `到喽`); anywhere else at a clause's end the particle is blanked, so a
# question (`发了没得嘛`) or a state (`在滚齿了撒`) ends where the reader looks for its end. 吗, 呢, 吧 and
# 啦 are left: the reader reads them (a question, not yet, a hedge, done).
_PERFECTIVE = re.compile(r"(?<=[完好到发齐过走回来出定妥错坏])[咯喽啰哒](?![\u4e00-\u9fff])"
                         # the same 了 in other regions (reader20b, from the dialects' grammars): the Northwest's and
                         # Henan's 咧/嘞 (到咧, 做完嘞), Cantonese 喇 (做好喇), Gan's and Hakka's 哩 (到哩) and Wu's 哉
                         # (好哉); after a bare 好 (好咧, 好嘞: "OK") they stay the word of assent they are
                         # (a result gone wrong or broken, 日期错咧 磕坏咧, as any result: 错了, 坏了)
                         # and Wu's and the Southwest's 勒 (到勒, reader22b: Shanghainese 勒 marks the action done)
                         r"|(?<=[完到发齐过走回出定妥错坏])[咧嘞喇哩哉勒](?![\u4e00-\u9fff])"
                         r"|(?<=[做弄搞整装焊印喷镀修包]好)[咧嘞喇哩哉勒](?![\u4e00-\u9fff])")
# ... but after a day still to come in the same clause (`后天发喽`, `明天到咯`: Yunnan's and Sichuan's "will ship the
# day after tomorrow") the particle is the tone of what is promised, never a 了 of what is done: it is blanked with
# the other final particles (r31a: CM's writer, three lines; no corpus writes a day to come before a perfective 喽)
_TO_COME_IN_CLAUSE = re.compile(r"(?:明天|后天|明日|后日|听日|明早|明晚|明儿|明个|下周|下礼拜|下星期)[^\s,，。;；!！?？]*$")


def _perfective(match: re.Match[str]) -> str:
    """了 for a region's perfective particle, unless a day to come opens its clause (then the particle stays, blanked later)."""
    if _TO_COME_IN_CLAUSE.search(match.string, 0, match.start()):
        return match.group(0)
    return "了"


# Hakka's 哩 (Meizhou, Heyuan, southern Ganzhou: DZ writes it on 149 lines) is the 了 of a thing done after whatever verb
# or result it follows, not only the few above: 做好哩, 烧好哩, 回来哩, 出窑哩, 送样哩, 发错单号哩, and before the count
# done (发哩两百套, 装哩4托, 发哩大概500个). The Northwest's 哩 is its 呢 of a state still so (料还没到哩, 正浇着哩,
# 等料哩, 还差着哩: BL CR): a clause holding a mark of the work under way, waiting or not yet keeps its particle
_HAKKA_LI = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z])哩(?=\s*(?:$|[\s,，。;；!！~～]|\d|[一两二三四五六七八九十百千几半]"
                       r"|大概|大约|约|差不多))")
_LI_CLAUSE = re.compile(r"[^\s,，。;；!！?？]*$")
_STILL_SO = re.compile(r"[着著没沒未冇在正等差呢还還]")


def _hakka_li(match: re.Match[str]) -> str:
    """了 for Hakka's 哩 after a verb done, unless its clause says a state still so (the Northwest's 呢)."""
    clause = _LI_CLAUSE.search(match.string, 0, match.start())
    if clause is not None and _STILL_SO.search(clause.group(0)):
        return match.group(0)
    return _perfective(match)


def _fold_li(text: str) -> str:
    return _HAKKA_LI.sub(_hakka_li, text) if "哩" in text else text


_PARTICLES = "嘛噻撒嘞哟咧呗哈哦噢嗦咯喽啰哒喇哩哉"  # a clause's final particles, one list for both patterns below
# (after a Latin word too: `首件ok咯`, `OK哒`, as the chats of Hunan and Guangxi write it)
_FINAL_PARTICLES = re.compile(rf"(?<=[\u4e00-\u9fff\d% A-Za-z])[{_PARTICLES}]+(?=[\s,，。.!！?？~～]|$)")


_DIALECT_SIGN = re.compile(r"[啷哪啥撒莫没冒不怕晓搞弄干整模常]|得完")
_PARTICLE_SIGN = re.compile(f"[{_PARTICLES}勒]")


def fold_perfective(text: str) -> str:
    """`text` with a region's perfective particle said as 了 (车扣完咧 as 车扣完了), span for span: for the checks
    that look at the message as written, so that they see the step done a dialect writes."""
    return _PERFECTIVE.sub(_perfective, _fold_li(text)) if _PARTICLE_SIGN.search(text) else text


def fold_dialect(folded: str) -> str:
    """`folded` with the regional words replaced by the standard ones and the particles that end a clause
    folded or blanked, span for span."""
    if folded.isascii():
        return folded
    if _DIALECT_SIGN.search(folded):
        for pattern, word in _DIALECT:
            folded = pattern.sub(word, folded)
    if _PARTICLE_SIGN.search(folded):
        folded = _PERFECTIVE.sub(_perfective, _fold_li(folded))
        folded = _FINAL_PARTICLES.sub(lambda m: " " * len(m.group(0)), folded)
    return folded


# Words that carry no fact in a report, for the reading's own account: sentence particles of the
# regions, words of courtesy and of chat, a request to look, a voice input's hesitations.
FILLER_WORDS: tuple[str, ...] = (
    "嘛", "噻", "撒", "咯", "嘞", "哟", "啰", "喽", "咧", "嗦", "哒", "噢", "呗", "嘿", "哇", "咩", "嗯嗯", "哈哈", "嘿嘿",
    "呵呵", "嘻嘻", "你看", "您看", "看下", "看一下", "你瞧", "问下", "问一下", "跟你说", "告诉你", "说一下", "报一下",
    "汇报", "通知", "放心", "没事", "不好意思", "抱歉", "久等", "辛苦了", "搞快点", "快点", "赶紧", "老汉", "老妈",
    "老公", "老婆", "屋头", "这边哈", "要得", "巴适", "安逸", "好嘞", "好咧", "那个嗯", "巴适得板", "安逸得板",
    # reader20b: the particles above of more regions, and reassurance and courtesy said in any of them (莫急, 甭急 "no
    # rush"; 请知悉 "for your information"; 唔该, 多谢 "thanks"; 打扰了 "sorry to bother"): none carries a fact
    "喇", "哩", "哉", "莫急", "甭急", "别急", "勿急", "不急", "唔使急", "请知悉", "知悉", "多谢", "唔该", "感恩",
    "拜托", "打扰了", "打扰", "辛苦", "反正",
    # Malaysia's and Singapore's English: the particles (liao 了, lah, leh, lor) and ady/already after a verb done
    "liao", "lah", "leh", "lor", "ady", "already", "alr",
    # ... and their chat's `anytime` (`can ship anytime`) and Malay's buat ("make": `FAI buat already`), no fact (DJ);
    # never `only` (`only packing left`, `20% only, machine just start`) nor `confirm` (`pls confirm`): words of a fact
    "anytime", "buat",
    # r31b: the document words of a state-owned works' formal register (`订单所需原材料`, `交货期事宜`, `报告如下`, `经查`):
    # what the order needs, the matter, as follows, on checking; none is a fact (CQ writes them on 46 lines)
    "所需", "事宜", "如下", "报告如下", "经查", "现将",
    # r33df: Beijing's courtesy (您呐 after an assent: 得嘞您呐, 好嘞您呐, AR DC 8 lines; 甭操心 "don't you worry", 受累
    # "thanks for the trouble"), as 辛苦了 and 放心 above: no fact of the order
    "您呐", "甭操心", "别操心", "不用操心", "受累了", "受累",
)


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
