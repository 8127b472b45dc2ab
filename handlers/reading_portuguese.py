"""Brazilian Portuguese words of a report, said in the English the reader knows before the message is read.

Brazilian subcontractors of Chinese plants (stamping, injection, painting, machining shops in Camaçari, Manaus and
São Paulo state) write the bot in the Portuguese of the chat: short spellings (vc, hj, blz, obg, pçs, tb, pq), accents
often left off (`amanha`, `inspecao`, `nao`), the shop's own names of its steps (estampagem, usinagem, cataforese,
zincagem) and of its papers and moves (NF, coleta, transportadora). Unread, such a message is a string of unknown
words, and the Spanish the reader knows takes its accents for Spanish's. As handlers/reading_indonesia.py says Bahasa
Indonesia, each Portuguese word of a report is said as the English word it means, in place, and a reason or
description read from it is put back in the sender's words (`as_written`). The words are the language's grammar of a
report and the trade's dictionary, not one writer's lines:

- Days: hoje/hj, amanhã, ontem, anteontem, depois de amanhã; the weekdays by their names (segunda, terça, quarta,
  quinta, sexta; `-feira` is dropped), `passada` is last, `que vem` the coming one; a time of the day is a time of day.
- Dates are written day first (`15/10`, `dia 5/11`): in a message of this language every slash date is said month first
  as the reader reads it, and one that also reads as a real date month first (`5/11`) is asked first (`asks_first`),
  as Spanish's and India's are.
- Numbers: the thousands dot and the decimal comma (`1.200 pçs`, `24,98`), `mil` a thousand (`2,5 mil`, `5 mil`),
  and the counts said in words (`duas mil`, `mil e duzentas`), `dúzias` twelve each.
- Greetings and particles of address (bom dia, pessoal, galera, chefe, kkkk) carry no fact and are said as nothing.

A message is Portuguese's when it holds one of its own words that is no English, Spanish or Indonesian word and no
pinyin (hj, amanhã, ontem, chegou, pçs, não, coleta, usinagem, ...) and no Chinese, Japanese, Korean, Thai or
Vietnamese letter: other messages are untouched.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from handlers.fast_search import quicken
from handlers.reading_languages import (
    as_typed,
    either_word,
    english_ordinal,
    said_over,
    spelling_table,
    without_accents,
)

__all__ = ["as_written", "asks_first", "in_english", "is_portuguese"]

_L = "A-Za-z\u00c0-\u024f"


_plain = without_accents


# --- the words, longest first where one holds another ---------------------------------------------------------------
# (spellings, English); a word said as "" carries no fact. Each spelling is also read without its accents.
_WORDS: tuple[tuple[str, str], ...] = (
    # days and times of day
    ("depois de amanhã|depois de amanha", "day after tomorrow"), ("anteontem|antes de ontem", "day before yesterday"),
    ("amanhã|amanha|amanah|amnh|amn", "tomorrow"), ("ontem", "yesterday"), ("hoje|hj|hje", "today"),
    ("agora pouco|agora há pouco|agorinha|agora", "now"),
    ("de manhã|pela manhã|manhã|de manha|cedo", "morning"),
    ("à tarde|a tarde|de tarde|pela tarde", "afternoon"), ("à noite|a noite|de noite", "evening"),
    ("semana que vem|próxima semana", "next week"), ("semana passada", "last week"),
    ("essa semana|esta semana", "this week"), ("esse mês|este mês|nesse mês", "this month"),
    ("fim de semana", "weekend"), ("uma semana", "1 week"), ("um dia", "1 day"),
    ("semanas|semana", "week"), ("dias", "days"), ("dia", "day"),
    # done, not yet, under way
    ("em andamento|andamento|andamneto|rodando|sendo feita|sendo feito", "in progress"), ("em produção", "in production"),
    ("concluídas|concluídos|concluída|concluído|concluida|terminada|terminado|terminadas|finalizado|finalizada"
     "|finalizados|finalizadas|pronta|pronto|prontas|prontos|feita|feito|feitas|acabado", "done"),
    ("usinado|usinados|usinadas", "machining done"),
    ("terminou|acabou|terminamos|acabamos|finalizamos|concluímos", "finished"),
    ("termina|acaba", "finishes"), ("começou|iniciada|iniciado|iniciou|começamos|começa|inicia", "started"),
    ("ainda não|ainda nao|não ainda", "not yet"), ("ainda", "still"), ("já|ja", "already"),
    ("aprovadas|aprovados|aprovada|aprovado|aprovadu", "approved"), ("reprovada|reprovado", "not approved"),
    ("passou|saiu da|saiu do", "passed"), ("foi tudo|foram todos|foram todas", "all shipped"), ("voltou", "back"),
    # the goods and their moves
    ("chegaram|chegou|chegô", "arrived"), ("chega|chegam|chegando", "arrives"), ("não veio|nao veio", "did not come"),
    ("veio", "came"), ("buscar", "to pick up"), ("vamos", "will"), ("não dá|nao da|não da|nao dá", "not possible"),
    ("recebemos|recebido|recebida|recebidos|recebi", "received"), ("dado entrada", "booked in"),
    ("entrou", "received"), ("conferido|conferi", "checked"), ("quantidade bate", "quantity correct"),
    ("tudo certo", "all ok"), ("falta conferir|falta contar", "not yet checked"), ("contei|contado", "counted"),
    ("agendada|agendado|marcada|marcado|programado|programada", "scheduled"), ("em trânsito|trânsito", "in transit"),
    ("no total", "total"), ("sistema", "system"), ("ajustando", "adjusting"), ("indo bem", "going well"),
    ("deve", "should"), ("boa|bom", "good"),
    ("saíram|saiu|embarcado|embarcados|expedido|despachado|despachados|despahcado|despachamos|enviado|enviadoo"
     "|enviados|enviadas|enviada|enviamos|mandamos", "shipped"),
    ("vai sair|vão sair|sai|saem|sair", "ships"), ("vamos enviar|enviar|entregar|mandar", "ship"),
    ("envio|despacho|embarque|entrega", "shipment"), ("vai ser entregue|vão ser entregues", "will ship"), ("entregue|entregues|entregamos", "delivered"),
    ("transportadora|tranportadora", "carrier"), ("coleta|coletas", "shipment"), ("caminhões|caminhão", "trucks"),
    ("remessa|carga", "shipment"), ("nf|nota fiscal", "invoice"), ("emitida", "issued"),
    ("matéria prima|matéria-prima|materia prima|materal", "material"), ("chapa", "steel sheet"), ("aço", "steel"),
    ("bobinas|bobina", "coil"), ("resina", "resin material"), ("granulado", "material"), ("tubo", "tube"),
    ("estoque|almoxarifado|doca", "warehouse"),
    # the steps, as the Brazilian shop names them
    ("inspeção final|inspecao final|inspeçao final|inspecao finl|inspeção", "final inspection"),
    ("primeira peça|primeira peca|primera peca|primera peça|peça piloto|peça de amostra", "first article"),
    ("estamparia progressiva|estamparia|estampagem|estampagen|estampando|estampar", "stamping"),
    ("pintura a pó|pintura eletrostática a pó|pintura eletrostática", "powder coating"),
    ("pintura|pintrua|pintando", "painting"), ("injeção|injecao|injeçao|injetando|injetamos", "injection"),
    ("solda a ponto", "spot welding"), ("soldando|solda", "welding"), ("usinagem cnc", "CNC machining"), ("usinagem|usinagen", "machining"),
    ("corte a laser", "laser cutting"), ("corte", "cutting"), ("dobra", "bending"), ("montagem", "assembly"),
    ("tratamento térmico", "heat treatment"), ("cataforese", "e-coating"), ("zincagem", "zinc plating"),
    ("galvanização", "galvanizing"), ("fosfatização", "phosphating"), ("têmpera", "hardening"),
    ("revenimento", "tempering"), ("retífica", "grinding"), ("tampografia", "pad printing"),
    ("serigrafia", "silk screen"), ("rebarbação", "deburring"), ("polimento", "polishing"),
    ("anodização", "anodize"), ("rosqueamento", "tapping"), ("acabamento", "finishing"),
    ("embalado|embalada", "packed"), ("embalagem", "packaging"), ("produção", "production"),
    ("espessura", "thickness"), ("dureza", "hardness"), ("diâmetro externo|diâmetro", "diameter"),
    ("forno", "oven"), ("laudo enviado", "report emailed"), ("laudo", "report"), ("seleção", "sorting"),
    # late, short, broken
    ("faltou energia|faltou luz|falta de energia|falta de luz", "power outage"), ("atraso de", "delayed"),
    ("vai atrasar|vão atrasar|atrasar|atraza|atrasa|atrasou|atrasado|atrasados|atrasada|atraso", "delayed"),
    ("adiada|adiado", "postponed"), ("vai pra", "goes to"), ("fica pra|ficou pra", ""),
    ("não vai dar pra|nao vai dar pra|não dá pra|nao da pra|não vai dar|nao vai dar", "delayed from"),
    ("vai ficar pronta|vai ficar pronto|vai ficar prontas|fica pronta|fica pronto", "will be done"), ("novo prazo", "new date"),
    ("prazo", "deadline"), ("previsão de chegada|previsão", "ETA"),
    ("ainda falta um pouco|falta um pouco|tá quase|ta quase", "almost there"), ("ainda faltam|faltam", "left"), ("falta de|faltou|falta|faltando", "short of"), ("sem falta", ""), ("sem", "no"),
    ("quebrou|quebrada|quebrado", "broke"), ("deu problema", "broke down"), ("energia|luz", "power"),
    ("chuva forte|chuva", "heavy rain"), ("feriado", "holiday"), ("greve", "strike"), ("prensa", "press"),
    ("ferramenta", "tool"), ("máquina", "machine"), ("operador", "operator"), ("mão de obra", "labor"),
    ("fornecedor", "supplier"), ("esperando|aguardando", "waiting for"),
    # what went wrong
    ("rebarba", "burr"), ("riscadas|riscados", "scratched"), ("risco", "scratch"), ("amassadas|amassados", "dented"),
    ("ferrugem|oxidação", "rust"), ("bolha", "bubble"), ("chupagem|rechupe", "sink mark"),
    ("marca de fluxo", "flow mark"), ("diferença de cor", "color difference"), ("falha de injeção", "short shot"),
    ("fora de medida|fora de cota", "out of dimension"), ("empenadas|empenados", "warped"),
    ("rosca danificada", "damaged thread"), ("trinca", "crack"), ("solda fria", "cold weld"),
    ("sucata", "scrap"), ("descartadas|descartados", "scrapped"),
    ("retrabalho não dá|retrabalho nao da|retrabalho não da|retrabalho nao dá", ""), ("retrabalho|retrabalhar", "rework"),
    ("refazer", "redo"), ("achamos|achei", "found"), ("separamos", "separated"),
    # counts
    ("pçs|peças|pessas|peca|peça", "pcs"), ("paletes|palete", "pallets"), ("caixas|caixa", "cartons"),
    ("conjuntos", "sets"), ("metros", "meters"), ("toneladas", "tons"), ("cada", "each"),
    ("tudo|todos|todas", "all"), ("o resto|restante|resto", "the rest"),
    ("mais ou menos|uns|umas", "about"), ("metade", "half"),
    ("lote|lotes", "lot"), ("pedidos", "orders"), ("pedido", "order"),
    # the words of the chat and of a question
    ("obrigadão|obrigado|obrigada|obg|valeu|vlw", "thanks"), ("blz|beleza|show|combinado", "ok"),
    ("entendido", "understood"), ("anotado", "noted"),
    ("digitei errado|errei|me enganei", "typo"), ("desconsidera|ignora", "ignore"), ("apaga", "delete"), ("cancela", "cancel"),
    ("cancela a última|cancela a ultima", "cancel the last one"), ("mensagem anterior|ultima msg|última msg", "previous message"), ("msg|mensagem", "message"),
    ("o certo é|o certo e|certo é", "correct is"), ("não é|nao é", "correction: not"), ("corrigindo", "correction"), ("na verdade", "actually"),
    ("errada|errado", "wrong"), ("tava", "was"),
    ("como que uso|como uso|como usar", "how to use"), ("me lembra", "remind me"), ("quais|qual", "which"), ("como está|como ta|como tá|como anda|como estão", "how is"),
    ("cadê", "where is"), ("alguma novidade", "any update"), ("exceção|exceções", "exception"),
    ("aberta|aberto|em aberto", "open"), ("resolvido|resolvida", "resolved"), ("fechada|fechado", "closed"),
    ("eu assumo", "I will handle"), ("comigo", "me"),
    ("porque|pq|por causa", "because"), ("mas", "but"), ("tb|também", "also"), ("não|nao", "not"),
    ("pra|para|pro", "to"), ("pelo|pela", "by"), ("com", ""), ("nº|n°", "no."), ("de|do|da|dos|das", "of"),
    ("em", "in"), ("no|na|nos|nas", "at"), ("e não|e nao", "not"), ("e", ","), ("é|era", "should be"), ("vc|vcs|você|vocês", "you"),
    # address, courtesy and particles: no fact
    ("bom fim de semana|bom fds|feliz natal|boas festas|feliz ano novo|a todos|qualquer coisa me chama"
     "|só|so|desculpa a demora|segue|ficou|bom dia|boa tarde|boa noite|pessoal|galera|chefe|oi|tmj|kkkkk|kkkk|kkk|ops|desculpa|foi mal|por favor"
     "|o|a|os|as|um|uma|ta|tá|está|estão|estamos|vai|vão|foi|foram|ser|sendo|tem|que|esse|essa|aquele|aquela", ""),
)


_MEANING = spelling_table(_WORDS)
_WEEKDAYS = {"segunda": "Monday", "terça": "Tuesday", "terca": "Tuesday", "quarta": "Wednesday",
             "quinta": "Thursday", "sexta": "Friday", "sexat": "Friday", "sábado": "Saturday", "sabado": "Saturday",
             "domingo": "Sunday"}
_ORDINALS = {"primeiro": 1, "primeira": 1, "segundo": 2, "segunda": 2, "terceiro": 3, "terceira": 3, "quarto": 4,
             "quarta": 4, "quinto": 5, "quinta": 5}
_NUMBERS = {"um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "tres": 3, "quatro": 4, "cinco": 5, "seis": 6,
            "sete": 7, "oito": 8, "nove": 9, "dez": 10, "cem": 100, "cento": 100, "duzentos": 200, "duzentas": 200,
            "trezentos": 300, "trezentas": 300, "quatrocentos": 400, "quatrocentas": 400, "quinhentos": 500,
            "quinhentas": 500, "seiscentos": 600, "seiscentas": 600, "setecentos": 700, "setecentas": 700,
            "oitocentos": 800, "oitocentas": 800, "novecentos": 900, "novecentas": 900}


_NUMBER_WORD = either_word([word for word in _NUMBERS if _NUMBERS[word] >= 2 or word in ("um", "uma")])
_WORD = re.compile(
    # a date, written day first: said month first
    r"(?<![\d/.,])(?P<day>\d{1,2})/(?P<month>\d{1,2})(?P<year>/\d{2,4})?(?![\d/])"
    # so many thousands (`2,5 mil`, `5 mil`), the thousands dot (`1.200`) and the decimal comma (`24,98`)
    rf"|(?<![\d.,])(?P<number>\d+(?:,\d+)?)\s*mil(?![{_L}])"
    rf"|(?<![\d.,])(?P<grouped>\d{{1,3}}(?:\.\d{{3}})+)(?![\d.,])"
    r"|(?<![\d.,])(?P<whole>\d+),(?P<fraction>\d{1,2})(?![\d.,])"
    # a count in words (`duas mil`, `mil e duzentas`)
    rf"|(?<![{_L}])(?P<words>(?:(?:{_NUMBER_WORD})\s+)?mil(?:\s+e\s+(?:{_NUMBER_WORD}))?)(?![{_L}])"
    rf"|(?<![\d.,])(?P<dozens>\d+)\s*(?:dúzias|duzias|dúzia|duzia)(?![{_L}])"
    # the second lot, the 3rd shipment (`segundo lote`, `3º lote`, `terceira remessa`, `lote 2`)
    rf"|(?<![{_L}])(?P<ordinal>{either_word(_ORDINALS)})\s+(?:lote|remessa|carga)(?![{_L}])"
    rf"|(?<![\d{_L}])(?P<nth>\d)\s*[ºª°]\s*(?:lote|remessa|carga)(?![{_L}])"
    rf"|(?<![{_L}])(?:último|ultimo|última|ultima)\s+(?P<last>lote|remessa|carga)(?![{_L}])"
    # a weekday, `-feira` dropped; `passada` last, `que vem` the coming one
    rf"|(?<![{_L}])(?:(?P<on>n[ao])\s+)?(?P<weekday>{either_word(_WEEKDAYS)})(?:-feira|\s+feira)?(?:\s+(?P<relative>passada|que\s+vem))?"
    rf"(?![{_L}])"
    # next week's weekday (`próxima semana, quarta`)
    rf"|(?<![{_L}])(?:próxima|proxima)\s+semana,?\s+(?P<next_weekday>{either_word(_WEEKDAYS)})"
    rf"(?:-feira)?(?![{_L}])"
    # a day of the month (`dia 27`): the reader's `on the 27th`
    rf"|(?<![{_L}])dia\s+(?P<date>\d{{1,2}})(?![\d/{_L}])"
    rf"|(?<![{_L}])dia(?=\s+\d)"
    # the words of the table
    rf"|(?<![{_L}])(?P<word>{either_word(_MEANING)})(?![{_L}])"
    # any other word with an accent, said without it (no Spanish read in a Portuguese `ç` or `ã`)
    rf"|(?<![{_L}])(?P<accented>[A-Za-z]*[\u00c0-\u024f][{_L}]*)",
    re.IGNORECASE)

# The words only Portuguese writes: no English, Spanish, Indonesian or Tagalog word, no pinyin; one marks a message.
_OWN = frozenset({
    "hj", "hje", "amanhã", "amanha", "amanah", "ontem", "anteontem", "hoje", "chegou", "chegaram", "chegô", "pçs",
    "peças", "peça", "não", "nao", "coleta", "transportadora", "tranportadora", "usinagem", "usinagen", "estampagem",
    "estampagen", "estamparia", "injeção", "injecao", "injeçao", "inspeção", "inspecao", "inspeçao", "concluída",
    "concluida", "concluídas", "terminou", "atrasar", "atrasou", "atraza", "blz", "obg", "vlw", "valeu",
    "obrigado", "obrigadão", "saiu", "saíram", "despachado", "despachamos", "despahcado", "expedido",
    "vcs", "vc", "cadê", "quais", "primeira", "pra", "tá", "já", "ainda", "amassadas",
    "rebarba", "riscadas", "ferrugem", "sucata", "retrabalho", "retrabalhar", "paletes", "caixas", "quinta", "sexta",
    "terça", "quarta", "semana", "andamento", "pronta", "recebemos", "recebido", "conferido", "pintrua",
    "kkkk", "kkkkk", "novidade", "desconsidera", "mensagem", "digitei", "errei", "corrigindo", "lembra", "exceção",
    "assumo", "comigo", "também", "solda", "montagem", "cataforese", "zincagem", "têmpera", "fosfatização",
    "galvanização", "anodização", "retífica", "rebarbação", "tampografia", "serigrafia", "trinca", "empenadas",
        "aprovadu", "reprovada", "previsão", "feriado", "tmj", "beleza", "combinado", "entendido", "matéria",
    "produção", "dobra", "chega", "acabou", "começou", "polimento", "usinado", "acabamento", "estoque", "dúzias",
    "injetamos", "passada", "tava", "enganei", "terceiro", "espessura", "diâmetro", "estourar", "tudo", "aquele",
    "outro", "quase", "ficou", "algum", "esse", "mês", "estão", "você", "despachados", "sexat", "uns", "pelo", "é", "pó", "sem", "prazo", "faltou", "vai", "deu", "peca", "pecas", "errada", "galera",
})
_NOT_LATIN = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u1ea0-\u1ef9ăđơưĂĐƠƯ]")
_LATIN_WORD = re.compile(r"[a-z\u00c0-\u024f]+")
# the letters Portuguese writes and Spanish does not (ã, õ, ç): one marks a message where no other script's letter is
_OWN_LETTER = re.compile(r"[ãõçÃÕÇ]")
_ORDER = re.compile(r"(?<![\w.,/-])\d{4,}(?![\w.,/%-])")
_SLASH_DATE = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\d/])")


@lru_cache(maxsize=4096)
def is_portuguese(text: str) -> bool:
    """Whether the message is written in Brazilian Portuguese: one word only it writes, no other script's letter."""
    if not text.isascii() and _NOT_LATIN.search(text) is not None:
        return False  # another script's letter (most messages: Chinese) is found before the words are lowered and looked up
    return _OWN_LETTER.search(text) is not None or not _OWN.isdisjoint(_LATIN_WORD.findall(text.lower()))


def _count_in_words(words: str) -> int:
    total, current = 0, 0
    for word in words.lower().split():
        if word == "mil":
            total += max(current, 1) * 1000
            current = 0
        elif word != "e":
            current += _NUMBERS[word]
    return total + current


def _english(match: re.Match[str]) -> str:  # noqa: C901 - one branch per form of the pattern, in its order
    if match["day"] is not None:
        day, month = int(match["day"]), int(match["month"])
        if 1 <= day <= 31 and 1 <= month <= 12:
            return f"{match['month']}/{match['day']}{match['year'] or ''}"
        return match.group(0)
    if match["number"] is not None:
        return format(round(float(match["number"].replace(",", ".")) * 1000), "d")
    if match["grouped"] is not None:
        return match["grouped"].replace(".", "")
    if match["whole"] is not None:
        return f"{match['whole']}.{match['fraction']}"
    if match["words"] is not None:
        return str(_count_in_words(match["words"]))
    if match["dozens"] is not None:
        return f"{int(match['dozens']) * 12} pcs"
    if match["ordinal"] is not None:
        return f"batch {_ORDINALS[match['ordinal'].lower()]}"
    if match["nth"] is not None:
        return f"batch {match['nth']}"
    if match["last"] is not None:
        return "last batch"
    if match["weekday"] is not None:
        weekday = _WEEKDAYS[match["weekday"].lower()]
        relative = (match["relative"] or "").lower()
        said = f"last {weekday}" if relative == "passada" else weekday
        return f"on {said}" if match["on"] else said
    if match["next_weekday"] is not None:
        return f"next week {_WEEKDAYS[match['next_weekday'].lower()]}"
    if match["date"] is not None:
        return f"on the {english_ordinal(int(match['date']))}"
    if match["word"] is not None:
        said = _MEANING.get(" ".join(match["word"].lower().split()), "")
        if said == "where is" and _ORDER.search(match.string) is None:
            return ""  # `cadê as peças???`: no order named, so none is asked after; the reader asks which
        if said == "all" and len(_ORDER.findall(match.string, 0, match.start())) >= 2:
            return "both"  # `20853, 20854 e 20855 todos despachados`: all counts the orders named, as Indonesian's semua
        return said
    if match["accented"] is not None:
        return _plain(match["accented"])
    return "on"  # `dia` before a date


def _said(text: str) -> list[tuple[int, int, str]]:
    """Each Portuguese word of `text` as (start, end, English)."""
    return [(m.start(), m.end(), _english(m)) for m in _WORD.finditer(text)]


@lru_cache(maxsize=4096)
def in_english(text: str) -> str:
    """`text` with the Portuguese words of a report said in English and its dates month first; other text as it is."""
    if not is_portuguese(text):
        return text
    text = unicodedata.normalize("NFC", text)
    return said_over(text, _said(text))


_ARTICLE_BEFORE = re.compile(r"(?:^|(?<=[\s,;:]))(?:o|a|os|as)\s+$", re.IGNORECASE)


def as_written(value: str, original: str, whole: bool = False) -> str:
    """A reason or description read from the message said in English, in the sender's own words again: the span of
    the message it was read from, as typed (`prensa quebrou`, not `press broke`). A note (`whole`) is the sender's
    sentence whole, its article with it (`o fornecedor trocou as peças`), as the reader keeps a note's words."""
    if not value or not is_portuguese(original):
        return value
    original = unicodedata.normalize("NFC", original)
    typed = as_typed(_said(original), value, original)
    if typed is None:
        return value
    at = original.find(typed)
    if whole and at > 0 and (article := _ARTICLE_BEFORE.search(original, 0, at)) is not None:
        return original[article.start():at] + typed
    return typed


_BARE_NOT = frozenset({"não", "nao", "sem"})


def _bare_negation(text: str) -> bool:
    """A negation said on its own (`não veio buscar`, `quinta não`, `sem material`), outside the phrases the table says
    whole (`ainda não`, `e não`, `não vai dar pra`): Portuguese puts it where English does not, so what it denies (the
    carrier, the day, the stock, the step) is the sender's to confirm."""
    return any(m["word"] is not None and m.group(0).lower() in _BARE_NOT for m in _WORD.finditer(text))


_CLAUSE = re.compile(r"[,;.\n]")
_STEPS = frozenset(spelling for spelling, said in _MEANING.items()
                   if said in ("stamping", "painting", "powder coating", "injection", "welding", "spot welding",
                               "machining", "CNC machining", "laser cutting", "cutting", "bending", "assembly",
                               "heat treatment", "e-coating", "zinc plating", "galvanizing", "phosphating", "hardening",
                               "tempering", "grinding", "pad printing", "silk screen", "deburring", "polishing",
                               "anodize", "tapping", "finishing", "production", "in production", "in progress"))


def _percent_of_no_step(text: str) -> bool:
    """Two orders or more, and a clause with a share done but no step (`20856 usinagem terminou, 20857 ainda em 40%`):
    whether the step is the other order's is the sender's to say."""
    if "%" not in text or len(_ORDER.findall(text)) < 2:
        return False
    return any("%" in clause and _STEPS.isdisjoint(_LATIN_WORD.findall(clause.lower()))
               and _ORDER.search(clause) is not None for clause in _CLAUSE.split(text))


def asks_first(text: str) -> bool:
    """A Portuguese message shown first rather than guessed: one holding a day-first slash date that also reads as a
    real date month first (`5/11`: 5 November or 11 May), as a Spanish one is, or a negation said on its own."""
    if not is_portuguese(text):
        return False
    if _bare_negation(unicodedata.normalize("NFC", text)):
        return True
    if _percent_of_no_step(text):
        return True
    return "/" in text and any(1 <= int(m["a"]) <= 12 and 1 <= int(m["b"]) <= 12 and m["a"].lstrip("0") != m["b"].lstrip("0")
               for m in _SLASH_DATE.finditer(text))


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
