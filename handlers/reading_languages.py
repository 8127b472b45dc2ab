"""The words of a report in another language, said in Chinese before the message is read, one table per language.

A supervisor who writes the bot in his own language (Vietnamese learners of the Chinese of work, Mexican
supervisors in Spanish or Spanglish) says the same few things: done, not yet, today, tomorrow, the goods left or
arrived, so many pieces or cartons, what went wrong. Unread, such a message is a string of unknown words. Each
language's table says those words as the Chinese they mean, so the whole message is read (and its reason or
description shown) as the Chinese the reader knows; `as_written` puts a reason back in the sender's words. A
message is read so only when it is that language's: a letter only it writes, or a word of its grammar, so Chinese,
English and pinyin messages are untouched. The words come from each language's dictionary of the trade.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from handlers.fast_search import quicken
from handlers.reading_memo import once

__all__ = ["GERMAN", "LANGUAGES", "SPANISH", "VIETNAMESE", "Language", "as_typed", "as_written", "as_written_in", "asks_first", "in_chinese", "past_participle", "said_in_chinese", "said_over"]

_LETTER = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_SPACED = re.compile(r"(?<=[\u4e00-\u9fff])[ \t]+(?=[\u4e00-\u9fff])")


@dataclass(frozen=True)
class Language:
    """One language's reading: whether a message is its own, and its words of a report as Chinese."""

    name: str
    is_own: Callable[[str], bool]
    word: re.Pattern[str]
    say: Callable[[re.Match[str]], str]


def clause_around(match: re.Match[str], marks: re.Pattern[str]) -> str:
    """The clause of the message a match stands in, between the marks that end clauses in its register: its own
    verb says its tense or aspect, not another clause's."""
    text = match.string
    start = max((m.end() for m in marks.finditer(text, 0, match.start())), default=0)
    end = next((m.start() for m in marks.finditer(text, match.end())), len(text))
    return text[start:end]


def day_by_tense(day: str, text: str, future: re.Pattern[str], past: re.Pattern[str]) -> str | None:
    """Hindi and Urdu say `kal` for tomorrow and for yesterday, `parson` for the day after and the day before: the
    tense of the verb says which. None where the text holds no tense, or both: which day is the sender's to say."""
    is_future, is_past = future.search(text) is not None, past.search(text) is not None
    if is_future == is_past:
        return None
    two = day.lower() != "kal"
    if is_future:
        return "day after tomorrow" if two else "tomorrow"
    return "day before yesterday" if two else "yesterday"


def past_participle(verb: str) -> str:
    """An English verb of the shop in its past participle (`rework` reworked, `scrap` scrapped): Indonesian's
    passive (`di-rework`) and Tagalog's completed aspect (`na-ship`) say a borrowed verb so."""
    lowered = verb.lower()
    if lowered.endswith(("ed", "ing")):
        return verb
    if lowered.endswith("e"):
        return verb + "d"
    if len(re.findall(r"[aeiou]+", lowered)) == 1 and re.search(r"[^aeiou][aeiou][b-df-hj-np-tvz]$", lowered):
        return verb + verb[-1] + "ed"  # one syllable ending consonant, vowel, consonant: the last doubled
    return verb + "ed"


def without_accents(word: str) -> str:
    """A word without its accents (`expédié` expedie, `concluída` concluida, `pçs` pcs): chats in French and Portuguese
    type both, and often a wrong one."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))


def english_ordinal(number: int) -> str:
    """`21st`, `12th`: a day or a batch said in English by a module that reads another language into it."""
    if 11 <= number % 100 <= 13:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th')}"


def either_word(words: Iterable[str]) -> str:
    """A language's words as one alternation, longest first (a phrase wins over its first word), any run of space
    between a phrase's words."""
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(words, key=len, reverse=True))


def spelling_table(words: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Each spelling of a language's table of `(spellings, meaning)`, and the same without its accents, to its meaning:
    the first entry holding a spelling wins."""
    said: dict[str, str] = {}
    for spellings, meaning in words:
        for spelling in spellings.split("|"):
            said.setdefault(spelling, meaning)
            said.setdefault(without_accents(spelling), meaning)
    return said


def _table(words: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return {word: chinese for spellings, chinese in words for word in spellings.split("|")}


def _alternatives(words: tuple[tuple[str, str], ...]) -> str:
    return "|".join(f"(?:{spellings})" for spellings, _ in words)


# --- Vietnamese ---------------------------------------------------------------------------------------------------
# Words whose letters without their tone marks are other words (`hỏng` broken and `Hồng`, a name; `đang` and the
# pinyin dang) are read only with their marks.

_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]|(?<![A-Za-z])(?:xong|chua|ngay mai|hom nay|hom qua)(?![A-Za-z])"
                         r"|(?<![A-Za-z\u00c0-\u024f])(?:ngày|hàng|cái|về|giao|lô|thứ|tháng)(?![A-Za-z\u00c0-\u024f])",
                         re.IGNORECASE)

_VI_WEEKDAYS = {"2": "一", "hai": "一", "3": "二", "ba": "二", "4": "三", "tư": "三", "tu": "三", "5": "四", "năm": "四",
                "nam": "四", "6": "五", "sáu": "五", "sau": "五", "7": "六", "bảy": "六", "bay": "六"}

_VI_WORDS: tuple[tuple[str, str], ...] = (
    ("ngày mai|ngay mai", "明天"), ("ngày kia|ngay kia", "后天"), ("hôm kia|hom kia", "前天"), ("hôm nay|hom nay", "今天"),
    ("hôm qua|hom qua", "昨天"),
    ("tuần sau|tuan sau", "下周"), ("tuần này|tuan nay", "本周"), ("cuối tháng|cuoi thang", "月底"),
    ("chủ nhật|chu nhat", "周日"),
    ("nguyên vật liệu|nguyên liệu|vật liệu|nguyen vat lieu|nguyen lieu|vat lieu", "原料"),
    ("kiểm tra xuất hàng|kiem tra xuat hang", "出货检验"), ("kiểm tra|kiem tra", "检验"),
    ("xuất hàng|giao hàng|xuat hang|giao hang", "发货"), ("nhập kho|nhap kho", "入库"), ("xuất kho|xuat kho", "出库"),
    ("mất điện|cúp điện|mat dien|cup dien", "停电"), ("bão", "台风"), ("xe", "车"), ("trầy xước|trầy", "划伤"),
    ("xong rồi|xong roi|xong|hết rồi", "完了"), ("hết", "完"), ("chưa|chua", "还没"), ("đã", "已"), ("đang", "在"),
    ("rồi|roi", "了"), ("hàng", "货"), ("giao|gửi", "发"), ("đến|về", "到"), ("nhận", "收到"), ("thiếu|thieu", "缺"),
    ("lắp ráp", "组装"), ("lỗi", "不良"), ("hỏng", "坏"), ("cái|chiếc", "个"), ("thùng", "箱"), ("mỗi", "每"), ("đếm", "点数"), ("sai", "错了"),
)
_VI_WORD = re.compile(
    rf"(?<![{_LETTER}])lô\s*(?:thứ\s*)?(?P<lot>[1-9])(?![\d{_LETTER}])"
    rf"|(?<![{_LETTER}])(?:thứ|thu)\s*(?P<day>[2-7]|hai|ba|tư|tu|năm|nam|sáu|sau|bảy|bay)(?![{_LETTER}\d])"
    rf"|(?<![{_LETTER}])(?P<word>" + _alternatives(_VI_WORDS) + rf")(?![{_LETTER}])",
    re.IGNORECASE)
_VI_MEANING = _table(_VI_WORDS)


def _vietnamese_chinese(match: re.Match[str]) -> str:
    if match["lot"] is not None:
        return f"第{match['lot']}批"  # lô thứ 2: the second lot
    if match["day"] is not None:
        return f"周{_VI_WEEKDAYS[match['day'].lower()]}"
    return _VI_MEANING[match["word"].lower()]


def _is_vietnamese(text: str) -> bool:
    return not (text.isascii() and "xong" not in text.lower() and "chua" not in text.lower()) \
        and _VIETNAMESE.search(text) is not None


VIETNAMESE = Language("vi", _is_vietnamese, _VI_WORD, _vietnamese_chinese)

# --- Spanish (Mexico) ---------------------------------------------------------------------------------------------
# Supervisors in Monterrey and Saltillo write with or without accents: each word is listed in both spellings. A
# message is Spanish when it holds ñ, an accented vowel, or two words of Spanish grammar or of the shop
# (`ya`, `las`, `piezas`); one English word such as `no` or `a` proves nothing.

_ES_GRAMMAR = re.compile(
    r"(?<![A-Za-z\u00c0-\u024f])(?:ya|el|la|los|las|del|de|que|se|no ha|todavia|todavía|hoy|mañana|manana|ayer|antier"
    r"|lote|pieza|piezas|pzas|pzs|cajas|aprobada|aprobado|llegaron|quedaron|retrabajo|rebaba|tarimas|listo|lista|listos|listas|terminado|terminada|terminados|llego|llegó|embarque"
    r"|embarcado|embarcamos|enviado|enviamos|pendiente|retrabajo|soldadura|estampado|pintura|primera|para|con|por"
    r"|estamos|soldando|estampando|pintando|crimpando|quedo|quedó|está|esta|están|tenemos|faltan|falta|salio|salió|sale)(?![A-Za-z\u00c0-\u024f])", re.IGNORECASE)
_ES_MARK = re.compile(r"[ñÑáéíóúÁÉÍÓÚ¿¡]")
# a word of the shop that is no English word and no pinyin: one is enough (`crimpado terminado`, `soldadura 60%`)
_ES_SHOP = re.compile(
    r"(?<![A-Za-z\u00c0-\u024f])(?:soldadura|soldando|estampado|estampando|troquelado|pintura|pintando|crimpado"
    r"|crimpando|barrenado|doblez|ensamble|terminad[oa]s?|list[oa]s|embarcad[oa]s?|enviad[oa]s?|embarque|pendiente"
    r"|piezas|pzas|pzs|tarimas|cajas|retrabajo|mañana|manana|antier|ayer|hoy|recibid[oa]s?|aprobad[oa]s?"
    r"|liberad[oa]s?|mandamos|deformad[oa]s|rayad[oa]s|golpead[oa]s|oxidad[oa]s|faltan|terminales|conectores"
    r"|completo|completa|embarcamos|enviamos|llegaron|soldadas|soldados|pintadas|pintados)(?![A-Za-z\u00c0-\u024f])", re.IGNORECASE)
_NOT_SPANISH = re.compile(r"[\u4e00-\u9fff\u0e00-\u0e7f\u1ea0-\u1ef9ăâđêôơưĂÂĐÊÔƠƯ]")

_ES_WORDS: tuple[tuple[str, str], ...] = (
    # days: `en la mañana` is this morning, `mañana` alone tomorrow
    ("mañana en la mañana|manana en la manana|mañana temprano|manana temprano", "明天上午"),
    ("se recorre la entrega al|se recorre la entrega para el|se recorre el embarque al"
     "|se recorre el embarque para el", "发货改到"),
    # a time of this day names no date: said as nothing, the rest of the message is read as it stands
    ("hoy en la mañana|hoy en la manana|en la mañana|en la manana|por la mañana|por la manana|hoy en la tarde"
     "|en la tarde|por la tarde", ""),
    ("pasado mañana|pasado manana", "后天"), ("mañana|manana", "明天"), ("hoy", "今天"),
    ("antier|anteayer|antes de ayer", "前天"), ("ayer", "昨天"),
    ("la próxima semana|la proxima semana|la semana que entra|semana próxima|semana proxima", "下周"),
    ("esta semana", "本周"), ("fin de mes", "月底"),
    ("lunes", "周一"), ("martes", "周二"), ("miércoles|miercoles", "周三"), ("jueves", "周四"), ("viernes", "周五"),
    ("sábado|sabado", "周六"), ("domingo", "周日"),
    ("reprogramado para el|reprogramado para|reprogramada para el|reprogramada para|se recorre al|se recorre para el"
     "|se recorre para|se pasa para el|se pasa al|se mueve al|cambia al|cambió al|cambio al", "改到"),
    # done, not yet
    ("ya quedó|ya quedo|ya quedaron|ya está lista|ya esta lista|ya está listo|ya esta listo|ya están listas"
     "|ya estan listas|ya están listos|ya estan listos|ya está|ya esta|ya se terminó|ya se termino"
     "|ya terminamos|ya terminó|ya termino", "完了"),
    ("listos|listas|listo|lista|terminados|terminadas|terminado|terminada|completado|completada|completo|completa",
     "完了"),
    ("todavía no|todavia no|aún no|aun no|no ha|no han|pendiente|pendientes", "还没"),
    # a delay: Mexican `hasta` is not until (`sale hasta el lunes`, it leaves no sooner than Monday)
    ("se retrasa hasta el|se atrasa hasta el|retrasado hasta el|retrasada hasta el|queda hasta el|sale hasta el"
     "|hasta el", "推迟到"),
    ("se retrasa|se retrasó|se retraso|se atrasa|se atrasó|se atraso|se nos atrasó|se nos atraso|retrasado|retrasada"
     "|atrasado|atrasada|retraso de|retraso", "延期"),
    ("falta de", "缺"), ("días|dias", "天"),
    # the goods and their moves
    ("se embarcaron|se enviaron|se mandaron|se fueron|se fue|se embarcó|se embarco|se envió|se envio|mandamos",
     "已发货"),
    ("se embarca|se embarcan|se envía|se envia|se envían|se envian", "发货"),
    ("ya se embarcó|ya se embarco|ya se envió|ya se envio|ya salió|ya salio|embarcados|embarcadas|embarcado"
     "|embarcada|enviados|enviadas|enviado|enviada|salió|salio", "已发货"),
    # `embarcamos` is we ship and we shipped alike: said as the bare verb, the day or the count says which
    ("arrancamos|arranca|arrancan|empezamos|empieza|iniciamos|inicia", "开始"),
    ("embarque|embarcar|embarcamos|enviar|enviamos|entrega|entregar|entregamos|sale|salen", "发货"),
    ("ya llegó|ya llego|ya llegaron|llegó|llego|llegaron|recibimos|recibido|recibida", "到了"),
    ("llegado|llega|llegan|llegar", "到"),
    ("materia prima|material", "原料"), ("láminas|lámina|laminas|lamina", "钢板"), ("acero", "钢材"),
    ("rollos|rollo", "卷料"), ("alambre|cable", "线材"), ("terminales", "端子"), ("conectores", "连接器"),
    ("todo el pedido|todo", "全部"),
    # checked, made
    ("primera pieza|primer pieza|primeras piezas|muestra inicial", "首件"),
    ("inspección final|inspeccion final", "终检"), ("pasó|paso", "合格"),
    ("en proceso", "在做"), ("ya estamos en|estamos en|seguimos en|ya estamos|estamos|seguimos", "在"),
    ("se liberó|se libero|liberó|libero", "合格"),
    ("aprobada|aprobado|aprobadas|aprobados|liberada|liberado|liberadas|liberados", "合格"),
    ("rechazada|rechazado|rechazadas|rechazados", "不合格"),
    ("retrabajo", "返工"), ("scrap|desperdicio", "报废"),
    # the steps, as noun and gerund (a bare participle with a count, `800 soldadas`, names no step: left as written)
    ("soldadura|soldando", "焊接"), ("estampado|troquelado|estampando|troquelando", "冲压"),
    ("pintura|pintando", "喷涂"), ("e-coat|ecoat", "电泳"), ("crimpado|crimpando", "压接"),
    ("corte de cable", "裁线"), ("corte de lámina|corte de lamina", "下料"),
    ("ensamble|armado|ensamblando|armando", "组装"), ("barrenado", "钻孔"), ("doblez|doblado", "折弯"),
    ("desbarbado", "去毛刺"), ("zincado", "镀锌"),
    # counts
    ("piezas|pieza|pzas|pzs|pza", "件"), ("lote", "批次"), ("cajas|caja", "箱"), ("tarimas|tarima", "托"),
    ("faltan|falta|faltaron|faltó|falto", "缺"), ("defectos|defecto", "不良"),
    # what went wrong
    ("porosidad|poros", "气孔"), ("fisuras|fisura|grietas|grieta", "裂纹"), ("rebabas|rebaba", "毛刺"),
    ("rayadas|rayados|rayones|rayón|rayon", "划伤"), ("golpeadas|golpeados|golpes", "碰伤"),
    ("oxidadas|oxidados|óxido|oxido", "生锈"), ("deformadas|deformados|deformación|deformacion", "变形"),
    ("fuera de dimensión|fuera de dimension|fuera de medida", "尺寸超差"), ("circuito abierto", "断路"),
    ("nos faltan|nos falta", "缺"), ("insuficiente", "不够"),
    # a word of the chat
    ("gracias", "谢谢"), ("ok enterado|enterado", "收到"),
)
_ES_LATE = ("embarque|entrega|primera pieza|soldadura|estampado|troquelado|pintura|e-coat|ecoat|crimpado|ensamble"
            "|armado|barrenado|doblez|inspección final|inspeccion final|material|materia prima")
_ES_GOODS = ("materia prima|material|láminas|lámina|laminas|lamina|acero|rollos|rollo|alambre|cable|terminales"
             "|conectores")
_ES_STEP_VERBS = ("soldar|estampar|troquelar|pintar|crimpar|ensamblar|armar|barrenar|doblar|soldadura|estampado"
                  "|troquelado|pintura|e-coat|ecoat|crimpado|ensamble|armado|barrenado|doblez")
_ES_STEP_VERB = {"soldar": "焊接", "estampar": "冲压", "troquelar": "冲压", "pintar": "喷涂", "crimpar": "压接",
                 "ensamblar": "组装", "armar": "组装", "barrenar": "钻孔", "doblar": "折弯"}
_ES_ORDINALS = {"primer": 1, "primero": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercer": 3, "tercero": 3,
                "tercera": 3, "cuarto": 4, "cuarta": 4, "quinto": 5, "quinta": 5}
_ES_UNITS = {"un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
             "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15, "veinte": 20, "treinta": 30,
             "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90}
_ES_HUNDREDS = {"cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200, "trescientos": 300,
                "trescientas": 300, "cuatrocientos": 400, "cuatrocientas": 400, "quinientos": 500, "quinientas": 500,
                "seiscientos": 600, "seiscientas": 600, "setecientos": 700, "setecientas": 700, "ochocientos": 800,
                "ochocientas": 800, "novecientos": 900, "novecientas": 900}
_ES_NUMBER_WORD = "|".join(sorted((*_ES_UNITS, *_ES_HUNDREDS, "mil"), key=len, reverse=True))
# a number said in words has a hundred or a thousand in it (`mil doscientas`, `quinientas`): a bare `una` or `dos`
# is left as written (`una caja`, `las dos`)
_ES_NUMBER = rf"(?:(?:{_ES_NUMBER_WORD})(?:\s+(?:y\s+)?(?:{_ES_NUMBER_WORD}))*)"
_ES_WORD = re.compile(
    rf"(?<![{_LETTER}])(?P<ordinal>" + "|".join(_ES_ORDINALS) + r")\s+(?:embarque|envío|envio|lote|entrega)"
    rf"(?![{_LETTER}])"
    # `se atrasa la soldadura`: Spanish puts the verb first, Chinese the step (焊接延期)
    rf"|(?<![{_LETTER}])se\s+(?:nos\s+)?(?:atrasa|atrasó|atraso|retrasa|retrasó|retraso)\s+(?:el|la|los|las)\s+"
    rf"(?P<late>{_ES_LATE})(?![{_LETTER}])"
    rf"|(?<![{_LETTER}])(?:ya\s+)?(?:nos\s+)?(?:llegó|llego|llegaron)\s+(?:el|la|los|las)\s+"
    rf"(?P<came>{_ES_GOODS})(?![{_LETTER}])"  # `llegaron los conectores`: 连接器到了
    # `ya terminamos de soldar`, `se terminó el e-coat`: the step done, as Chinese says it (焊接完了)
    rf"|(?<![{_LETTER}])(?:ya\s+)?(?:terminamos|acabamos)\s+(?:de\s+)?(?:el\s+|la\s+)?(?P<finished>{_ES_STEP_VERBS})"
    rf"(?![{_LETTER}])"
    rf"|(?<![{_LETTER}])(?:ya\s+)?se\s+(?:terminó|termino|acabó|acabo)\s+(?:el|la)\s+(?P<ended>{_ES_LATE})(?![{_LETTER}])"
    # `en soldadura`, `en e-coat`: at that step now
    rf"|(?<![{_LETTER}])(?P<at>en)\s+(?=(?:{_ES_LATE})(?![{_LETTER}]))"
    # `al lunes`, `al 28`: to that day
    rf"|(?<![{_LETTER}])(?P<to>al)\s+(?=(?:lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo"
    rf"|\d{{1,2}})(?![{_LETTER}\d]|\s*%|\s*por\s+ciento))"
    rf"|(?<![{_LETTER}])(?P<because>por)\s+(?=falta)"  # `por falta de gas`: because gas is short
    rf"|(?<![{_LETTER}])lote\s*(?P<lot>[1-9])(?![\d{_LETTER}])"  # `lote 3`: the third lot, as `lô 3` is
    rf"|(?<![{_LETTER}])(?:último|ultimo|última|ultima)\s+(?P<last>embarque|envío|envio|lote|entrega)(?![{_LETTER}])"
    # `30 cajas de 50 pzas`: so many pieces in each package
    rf"|(?<![{_LETTER}])(?P<package>cajas|tarimas)\s+(?:de|con)\s+(?P<each>\d+)\s*(?:piezas|pzas|pzs)(?![{_LETTER}])"
    rf"|(?<![{_LETTER}])(?P<number>{_ES_NUMBER})(?![{_LETTER}])"
    rf"|(?<![{_LETTER}])(?P<word>" + _alternatives(_ES_WORDS) + rf")(?![{_LETTER}])",
    re.IGNORECASE)
_ES_MEANING = _table(_ES_WORDS)


def _spanish_number(words: str) -> int | None:
    """`mil doscientas` 1200, `dos mil quinientos` 2500; None when no hundred or thousand is said."""
    total = current = 0
    said_large = False
    for word in words.lower().split():
        if word == "y":
            continue
        if word == "mil":
            total += (current or 1) * 1000
            current, said_large = 0, True
        elif word in _ES_HUNDREDS:
            current += _ES_HUNDREDS[word]
            said_large = True
        else:
            current += _ES_UNITS[word]
    return total + current if said_large else None


def _spanish_chinese(match: re.Match[str]) -> str:
    if match["ordinal"] is not None:
        return f"第{_ES_ORDINALS[match['ordinal'].lower()]}批"
    if match["late"] is not None:
        return _ES_MEANING[" ".join(match["late"].lower().split())] + "延期"
    if match["finished"] is not None:
        step = match["finished"].lower()
        return (_ES_STEP_VERB.get(step) or _ES_MEANING[step]) + "完了"
    if match["ended"] is not None:
        return _ES_MEANING[" ".join(match["ended"].lower().split())] + "完了"
    if match["at"] is not None:
        return "在"
    if match["came"] is not None:
        return _ES_MEANING[match["came"].lower()] + "到了"
    if match["because"] is not None:
        return "因为"
    if match["to"] is not None:
        return "到"
    if match["lot"] is not None:
        return f"第{match['lot']}批"
    if match["last"] is not None:
        return "最后一批"
    if match["package"] is not None:
        unit = _ES_MEANING[match["package"].lower()]
        return f"{unit} 每{unit}{match['each']}件"
    if match["number"] is not None:
        value = _spanish_number(match["number"])
        return match["number"] if value is None else str(value)
    return _ES_MEANING[" ".join(match["word"].lower().split())]


def _is_spanish(text: str) -> bool:
    if _NOT_SPANISH.search(text):
        return False  # Chinese with a Spanish shop word (`3托 tarimas`) is read as the Chinese it is
    return _ES_MARK.search(text) is not None or _ES_SHOP.search(text) is not None \
        or len(_ES_GRAMMAR.findall(text)) >= 2


SPANISH = Language("es", _is_spanish, _ES_WORD, _spanish_chinese)

# --- German (the German-owned plants of Taicang and Kunshan) --------------------------------------------------------
# Engineers and buyers at a German plant mix the German words of the trade into their Chinese or English (Termin,
# Liefertermin, Versand, Endkontrolle, EMPB, Erstmuster, Charge, Stück), and German expats write short German. A
# message is German's when it holds a letter only German writes (ä ö ü ß) or one of its words of the trade that is no
# English word and no pinyin; Chinese around them is read as it is, so unlike Spanish a Chinese message may be German's.

_DE = "A-Za-z\u00c0-\u024f"
_DE_OWN = frozenset({
    "liefertermin", "lieferung", "liefern", "lieferdatum", "versand", "verschoben", "endkontrolle", "erstmuster", "muster",
    "empb", "freigegeben", "wareneingang", "stück", "stk", "morgen", "heute", "gestern", "danke", "passt", "erledigt",
    "serienstart", "welche", "falsche", "richtig", "gewinde", "durch", "verschickt", "versendet", "termin", "charge",
    "kommt", "sind"})
_DE_TOKEN = re.compile(r"[a-zäöüß]+")

_DE_LETTER = re.compile(r"[A-Za-zäöüßÄÖÜ]")
_DE_UMLAUTS = frozenset("äöüß")

_DE_WORDS: tuple[tuple[str, str], ...] = (
    ("lieferung kommt an|lieferung kommt|ware kommt", "到货"),
    ("liefertermin|lieferdatum", "交货"), ("liefern wir|wir liefern|liefern|lieferung|versand|auslieferung", "发货"),
    ("verschoben auf|verschoben nach|verschoben", "推迟到"),
    ("endkontrolle|warenausgangskontrolle", "终检"),
    ("erstmusterprüfbericht|erstmuster|empb|muster", "首件"),
    ("nicht i\\.o\\.?|n\\.i\\.o\\.?|abgelehnt", "不良"), ("freigegeben|freigabe erteilt|i\\.o\\.", "合格"),
    ("material ist da|material da|material angekommen|material ist angekommen", "原材料到了"),
    ("wareneingang", "收货验收"), ("serienstart|serienproduktion|serie", "批量"),
    ("stück|stk", "件"), ("übermorgen", "后天"), ("morgen", "明天"), ("heute", "今天"), ("gestern", "昨天"),
    ("vielen dank|danke", "谢谢"), ("passt", "好的"), ("erledigt", "关闭"),
    ("welche pos sind überfällig", "哪些单延期了"), ("überfällig", "延期了"),
    ("falsche po|falsche bestellnummer", "PO错了"), ("richtig ist", "是"),
    ("gewinde", "螺纹"), ("durch", "过了"), ("verschickt|versendet|versandt", "已寄出"),
    ("charge", "批号"), ("stand", "进度"),
)
_DE_WORD = re.compile(rf"(?<![{_DE}])(?P<word>" + _alternatives(_DE_WORDS) + rf")(?![{_DE}])", re.IGNORECASE)
_DE_MEANING = tuple((re.compile(rf"(?:{spellings})", re.IGNORECASE), chinese) for spellings, chinese in _DE_WORDS)


def _german_chinese(match: re.Match[str]) -> str:
    word = " ".join(match["word"].split())
    return next((chinese for spellings, chinese in _DE_MEANING if spellings.fullmatch(word)), match["word"])


def _is_german(text: str) -> bool:
    if _DE_LETTER.search(text) is None:
        return False  # most messages: no letter at all, one fast scan
    lowered = text.lower()
    if not _DE_UMLAUTS.isdisjoint(lowered):
        return True
    words = set(_DE_TOKEN.findall(lowered))
    return not _DE_OWN.isdisjoint(words) or "nicht i.o" in lowered or {"material", "da"} <= words


GERMAN = Language("de", _is_german, _DE_WORD, _german_chinese)

LANGUAGES: tuple[Language, ...] = (VIETNAMESE, SPANISH, GERMAN)


def _own(text: str) -> Language | None:
    # asked of the same message by in_chinese, asks_first and as_written (for each reason): once a reading
    return next((language for language in LANGUAGES if once(language.is_own, text)), None)


def in_chinese(text: str) -> str:
    """`text` with the words of a report in its own language said in Chinese; any other text as it is."""
    language = _own(text)
    return text if language is None else said_in_chinese(language, text)


def said_in_chinese(language: Language, text: str) -> str:
    """`text` (in `language`) with its words of a report said in Chinese."""
    # a learner spaces every word (`hàng 明天 发`); said in Chinese, the words run on as Chinese writes them
    return _SPACED.sub("", language.word.sub(language.say, unicodedata.normalize("NFC", text)))


def as_written(value: str, original: str) -> str:
    """A reason or description read from the message said in Chinese, in the sender's own words again
    (`停电` back to `mất điện`): the record keeps what was written, the reading what it meant."""
    language = _own(original)
    return value if language is None else as_written_in(language, value, original)


def as_written_in(language: Language, value: str, original: str) -> str:
    """`value`, read from `original` (in `language`) with its words said in another language, in the sender's own
    words again, word for word in the order written."""
    cursor = 0
    for match in language.word.finditer(unicodedata.normalize("NFC", original)):
        chinese = language.say(match)
        at = value.find(chinese, cursor)
        if at < 0 or not chinese or chinese == match.group(0):
            continue
        before = " " if at > 0 and not value[at - 1].isspace() else ""
        after = " " if at + len(chinese) < len(value) and not value[at + len(chinese)].isspace() else ""
        value = value[:at] + before + match.group(0) + after + value[at + len(chinese):]
        cursor = at + len(before) + len(match.group(0))
    return value



_DOUBLED_SPACE = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_MARK = re.compile(r"[ \t]+(?=[,.;!?])")


def said_over(text: str, said: list[tuple[int, int, str]]) -> str:
    """`text` with each of its words at (start, end) said as given (a language module's `_said`), the spaces a word
    said as nothing leaves doubled or before a mark taken out: how a message of another language is read in English."""
    out, at = [], 0
    for start, end, word in said:
        out.append(text[at:start])
        out.append(word)
        at = end
    out.append(text[at:])
    return _SPACE_BEFORE_MARK.sub("", _DOUBLED_SPACE.sub(" ", "".join(out))).strip(" ,")


def as_typed(said: list[tuple[int, int, str]], value: str, original: str) -> str | None:
    """`value`, read from `original` with each of its words in `said` (start, end, the word said in English) said so,
    as the span of `original` it was read from, as typed (`mesin injection rusak`, `sira yung crimping machine`, not
    `machine injection broken`): a word said as nothing inside the span (a particle) is kept where it stood. None where
    `value` is no run of the words as said."""
    pieces: list[tuple[int, int, int, int]] = []  # (start, end) in the English, (start, end) in the original
    english, at = "", 0
    for start, end, word in said:
        if start > at:
            pieces.append((len(english), len(english) + start - at, at, start))
            english += original[at:start]
        pieces.append((len(english), len(english) + len(word), start, end))
        english += word
        at = end
    pieces.append((len(english), len(english) + len(original) - at, at, len(original)))
    english += original[at:]
    found = re.search(r"(?<![A-Za-z0-9])" + r"\s+".join(map(re.escape, value.split())) + r"(?![A-Za-z0-9])", english,
                      re.IGNORECASE)
    if found is None:
        return None

    def original_at(position: int, closing: bool) -> int:
        for e_start, e_end, o_start, o_end in pieces:
            if e_start <= position < e_end or closing and e_start < position <= e_end:
                if english[e_start:e_end] == original[o_start:o_end]:
                    return o_start + position - e_start  # a stretch as typed: the same place in it
                return o_end if closing else o_start  # a word said in English: the whole word as typed
        return len(original) if closing else 0
    return original[original_at(found.start(), False):original_at(found.end(), True)].strip(" ,")


_SLASH_DATE = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\d/])")


_ES_UNSURE = re.compile(r"(?<![A-Za-z\u00c0-\u024f])(?:no sé|no se sabe|no sabemos|quién sabe|quien sabe|sin fecha)"
                        r"(?![A-Za-z\u00c0-\u024f])", re.IGNORECASE)


def asks_first(text: str) -> bool:
    """A Spanish message whose reading is shown first rather than guessed: a day/month date that reads as two real
    dates (`3/11`: 3 November or 11 March; docs/reading-corpus.md keeps month first elsewhere), or a sender who says
    he does not know (`no sé para cuándo`)."""
    if not once(_is_spanish, text):  # SPANISH.is_own, as _own asked it of this message
        return False
    if _ES_UNSURE.search(text):
        return True
    return any(1 <= int(m["a"]) <= 12 and 1 <= int(m["b"]) <= 12 and m["a"].lstrip("0") != m["b"].lstrip("0")
               for m in _SLASH_DATE.finditer(text))


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
