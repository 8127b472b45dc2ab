"""Bahasa Indonesia words of a report, said in the English the reader knows before the message is read.

Indonesian supervisors and admins at subcontractors of Chinese plants in Batam and Cikarang write the bot in Bahasa
Indonesia with the English words of the shop in it (`injection sdh selesai`, `material blm datang`, `kirim besok`,
`NG 35pcs baret`, `delay 2 hari, mesin rusak`), in the chat's short spellings (sdh, blm, lg, msh, tgl, dtg, yg, gak).
The carrier of such a message is English, so, as handlers/reading_thai.py says Thai and handlers/reading_india.py
says Hindi, each Indonesian word of a report is said as the English word it means, in place, and the reason or
description read from it is put back in the sender's words (`as_written`). The words are those of the language's
grammar of a report and the trade's dictionary, not one writer's lines:

- Indonesian has no tense: an aspect word before a verb carries it (`sdh kirim` shipped, `blm datang` not arrived,
  `baru mulai` just started, `lagi molding` molding now), so an aspect word and its verb are said together as the
  English perfect; a bare verb is said as the base verb, and the day beside it (`besok kirim`) says when: with only a
  day gone in the message (`masuk kemarin sore`) it is said in the past, and a done word with a day to come in its
  clause (`estimasi selesai minggu depan`) is a finish planned.
- Days: besok, lusa, kemarin, kemarin lusa; a weekday after `hari`, or with `depan` (next) or `kemarin` (last);
  `minggu` is the week (`minggu depan`) and Sunday only after `hari`.
- Dates are written day first (`tgl 22/10`, `2/1/2027`): in a message of this language every slash date is said
  month first, as the reader reads it (handlers/reading_india.py turns India's register so).
- Numbers: `rb`/`ribu` a thousand, `jt`/`juta` a million (`2 rb pcs`, `1,5 jt`), with the decimal comma and the
  thousands dot of Indonesian (`1.500 pcs`).
- Particles of address and politeness (pak, bos, ya, deh) carry no fact and are said as nothing; `-nya` (the) is
  dropped from the word it ends.

A message is Indonesian's when it holds one of its own words that is no English, German or Spanish word and no pinyin
(sdh, belum, kirim, besok, selesai, ...), no mark of Malaysia's and Singapore's English (liao, ady, lor: its own
register, handlers/reading_register.py) and no Chinese, Thai or Vietnamese letter: other messages are untouched.
"""

from __future__ import annotations

import re
from functools import lru_cache

from handlers.fast_search import quicken
from handlers.reading_india import as_written as india_as_written
from handlers.reading_languages import (
    Language,
    as_typed,
    as_written_in,
    clause_around,
    either_word,
    english_ordinal,
    past_participle,
    said_over,
)

__all__ = ["INDONESIAN", "as_written", "in_english", "is_indonesian"]

_L = "A-Za-z\u00c0-\u024f"

# --- the words, longest first where one holds another ---------------------------------------------------------------
# (spellings, English); a word said as "" carries no fact.
_WORDS: tuple[tuple[str, str], ...] = (
    # days and times of day
    ("kemarin lusa|kmrn lusa|kemaren lusa", "day before yesterday"), ("lusa", "day after tomorrow"),
    ("besok|bsk|besuk|esok", "tomorrow"), ("kemarin|kmrn|kemaren|kmarin", "yesterday"),
    ("hari ini|hr ini|hri ini", "today"), ("sekarang|skrg|skrang|skr", "now"),
    ("tadi pagi|td pagi|pagi tadi|tadi siang|td siang|siang tadi", "this morning"),
    ("tadi sore|td sore|sore tadi|sore ini|nanti sore|ntar sore", "this afternoon"),
    ("tadi malam|td malam|semalam|malam ini|nanti malam", "tonight"),
    ("pagi", "morning"), ("siang", "noon"), ("sore", "afternoon"), ("malam", "evening"),
    ("minggu depan|mgg depan|minggu dpn|pekan depan", "next week"), ("minggu ini|pekan ini", "this week"),
    ("minggu lalu|minggu kemarin|pekan lalu", "last week"),
    ("akhir minggu ini|akhir minggu|akhir pekan", "end of this week"), ("awal minggu depan", "early next week"),
    ("bulan depan|bln depan", "next month"), ("akhir bulan|akhir bln", "end of month"), ("bulan ini", "this month"),
    ("minggu|mgg|pekan", "week"), ("bulan|bln", "month"), ("hari|hr", "days"),
    ("januari", "January"), ("februari|pebruari", "February"), ("maret", "March"), ("mei", "May"),
    ("juni", "June"), ("juli", "July"), ("agustus", "August"), ("oktober", "October"), ("desember", "December"),
    ("nanti|ntar", "later"),
    # done, not yet, under way
    ("lagi jalan|lg jalan|msh jalan|masih jalan|sedang jalan|sdg jalan|lagi proses|lg proses|msh proses"
     "|masih proses|sedang proses|sdg proses|dalam proses|dlm proses|lagi dikerjakan|sedang dikerjakan"
     "|msh dikerjakan|masih dikerjakan|lagi dikerjain|lg dikerjain|on proses|onproses", "in progress"),
    ("selesai|slesai|seleai|selesei|selsai|kelar|beres|rampung", "done"),
    ("lolos|lulus", "passed"), ("tidak lolos|gak lolos|ga lolos|gagal", "failed"),
    ("lagi|lg|sedang|sdg|msh|masih|masi", "still"),
    ("siap kirim|siap dikirim|siap di kirim|siap krim", "ready to ship"),
    ("mulai", "start"), ("baru", "just"), ("proses", "process"), ("siap", "ok"),
    # the goods and their moves
    ("di jalan|dijalan|dalam perjalanan|dlm perjalanan|otw", "on the way"),
    ("masuk gudang|msk gudang|sampai gudang|di gudang", "arrived in warehouse"),
    ("kirim lagi|krim lagi|kirim lg", "ship again"), ("ingatkan lagi|ingetin lagi|ingatin lagi", "remind me again"),
    ("ingatkan saya|ingetin saya|ingatkan|ingetin|ingatin", "remind me"),
    ("pengiriman|pengirimannya|kiriman|pengirman", "shipping"),
    ("dikirim|terkirim|dikrim", "shipped"), ("kirim|krim|kirm|krm|ngirim|kirimkan", "ship"),
    ("datang|dtg|dateng|tiba|nyampe", "arrive"), ("sampai|sampe", "until"), ("masuk|msk", "arrive"),
    ("diterima", "received"),
    ("barang|brg", "goods"), ("bahan baku|bahan|bhn|biji plastik", "material"),
    ("tembaga", "copper"), ("besi", "iron"), ("baja", "steel"), ("kabel", "cable"),
    ("dibuat|jadi", "made"), ("keluar|klr", "out"), ("hasil", "result"),
    ("tunggu approve|nunggu approve|tunggu approval|nunggu approval|tunggu persetujuan", "waiting approval"),
    ("tunggu|nunggu|menunggu|nungguin", "waiting"), ("tinggal", "waiting for"),
    ("surat jalan", "DO"),
    # the steps, as Indonesian names them (and electroplating, its word for plating)
    ("injeksi", "injection"), ("pengecatan|pengecetan", "painting"), ("pengelasan|las", "welding"),
    ("perakitan|rakit", "assembly"), ("pengemasan|pengepakan", "packing"), ("potong", "cutting"),
    ("tekuk", "bending"), ("bubut", "turning"), ("krom", "chrome"), ("nikel", "nickel"), ("seng", "zinc"),
    ("electroplating|elektroplating|pelapisan", "plating"),
    ("cek|dicek|periksa|diperiksa", "check"), ("ditolak|tolak", "rejected"), ("revisi|direvisi", "revise"),
    ("estimasi|estimasinya|perkiraan|diperkirakan", "expected"),
    # short, late, broken
    ("kekurangan", "shortage"), ("kurang", "short"), ("habis", "used up"),
    ("terlambat|telat|lambat|tlat", "late"),
    ("diundur|mundur|ditunda|tertunda|undur", "delayed"),
    ("rusak|patah", "broken"), ("mesin", "machine"),
    ("listrik padam|listrik mati|mati listrik|pemadaman listrik|pemadaman", "power outage"),
    ("banjir", "flood"), ("macet", "traffic jam"), ("libur|liburan", "holiday"), ("cuti", "leave"),
    ("antri|antre|antrian|antrean", "queue"), ("truk|mobil", "truck"),
    ("pabrik", "factory"), ("gudang", "warehouse"), ("natal", "Christmas"), ("lebaran", "Eid"),
    # what went wrong
    ("tergores|baret|gores|goresan|lecet", "scratch"), ("berkarat|karat|karatan", "rust"),
    ("retak|retakan", "crack"), ("penyok|peyok|pesok", "dent"), ("bengkok", "bent"),
    ("gompal|cuil|gumpil", "chipping"), ("cacat", "defect"),
    ("warna beda|beda warna|warna tidak sama|warna belang", "color difference"),
    ("cat belang", "paint colour difference"),
    ("cat meleleh", "paint sagging"), ("mengelupas|ngelupas|terkelupas|kelupas", "peeling"),
    ("kotor", "dirty"), ("gelembung", "bubble"), ("bolong|berlubang", "hole"),
    ("dimensi over|dimensi lebih|dimensi kurang|dimensi tidak masuk|dimensi gak masuk|dimensi ng|dimensi out"
     "|ukuran over|ukuran tidak masuk", "out of dimension"),
    ("dimensi", "dimension"), ("ukuran", "size"), ("ketemu|ditemukan|temukan|nemu", "found"),
    ("dipisah|dipisahkan|disortir", "separated"), ("diperbaiki", "repaired"),
    ("tebal|ketebalan", "thickness"), ("kekerasan", "hardness"), ("ukur|diukur", "measure"),
    ("panjang", "length"), ("lebar", "width"), ("tinggi", "height"),
    # counts
    ("karton|kardus|dus|dos", "cartons"), ("rol|gulung", "rolls"), ("palet", "pallets"),
    ("semua|smua|semuanya|seluruhnya", "all"), ("lengkap|komplit", "complete"),
    ("sisanya|sisa", "其余"),
    # words of the chat
    ("terima kasih banyak|terimakasih banyak|makasih banyak", "thanks"),
    ("terima kasih|terimakasih|makasih|mksh|trims", "thanks"),
    ("siap laksanakan|siap dilaksanakan", "will do"), ("sip|oke|okey", "ok"),
    ("dimengerti|mengerti|paham", "understood"),
    ("saya handle|saya tangani|saya urus|saya yg handle|saya follow up|sy handle|aku handle", "on it"),
    ("cara pakainya gimana|cara pakai gimana|cara pakainya bagaimana|cara pakai bagaimana|gimana cara pakainya"
     "|gimana cara pakai|bagaimana cara pakainya|bagaimana cara pakai|cara pakainya|cara pakai|cara menggunakan",
     "how to use"),
    ("salah ketik|salah tulis", "typo"), ("salah input", "wrong input"), ("salah kirim", "sent by mistake"),
    ("yg benar|yang benar|yg bener|yang bener", "correct is"),
    ("harusnya|seharusnya|hrsnya|mestinya", "should be"), ("hrs|harus", "must"),
    ("pesan tadi|pesan sebelumnya|pesan sblmnya|yg tadi|yang tadi", "previous message"),
    ("tadi|td", "earlier"),
    ("ralat|koreksi", "更正"), ("batalkan|dibatalkan", "cancel"), ("hapus", "delete"),
    ("abaikan", "ignore"), ("salah", "wrong"),
    ("saya|sy|aku", "I"),
    ("gimana|gmn|bagaimana|bgmn", "how"), ("kapan", "when"), ("apa aja|apa saja", "what"), ("apa", "what"),
    # unable (`blm bisa kirim`): the step not done, never done
    ("belum bisa|blm bisa|blm bs|belum bs|tidak bisa|gak bisa|ga bisa|nggak bisa|tdk bisa|gk bisa|gak bs|tdk bs",
     "unable to"), ("bisa", "can"),
    ("tidak ada|gak ada|ga ada|nggak ada|tdk ada|gk ada", "not available"),
    ("tidak|gak|nggak|enggak|tdk|gk|ngga", "not"),
    ("bukan", "not"), ("tapi|tp", "but"), ("juga|jg", "also"), ("dan", "and"), ("atau", "or"),
    ("dari", "from"), ("ke", "to"), ("sama", "by"), ("untuk|utk", "for"), ("di", "at"),
    ("banyak", "many"), ("sudah|sdh|udah|udh|sdah|dah|telah", "already"), ("belum|blm|blum|belom", "not yet"),
    ("ada", "there is"), ("pelanggan", "customer"),
    ("karena|krn|karna|soalnya|gara-gara|gara2|akibat", "because"), ("kami|kita", "we"), ("produksi", "production"),
    ("sakit", "sick"), ("penuh", "full"), ("jadwal", "schedule"), ("info|informasi", "info"),
    # address, courtesy and particles: no fact
    ("tolong|mohon maaf|mohon|maaf|sori|pak|bu|bos|mas|mbak|kak|bang|gan|bapak|ibu|ya|yah|yaa|deh|dong|sih|nih|kok"
     "|lho|loh|kah|aja|saja|yg|yang|itu|ini", ""),
)

# An aspect word straight before a verb: said together as the English perfect (`sdh kirim` already shipped). A bare
# verb in a message whose only day is gone (`masuk kemarin sore`) is said in the past as well.
_ASPECT = {"sudah": "already", "sdh": "already", "udah": "already", "udh": "already", "sdah": "already",
           "dah": "already", "telah": "already", "belum": "not yet", "blm": "not yet", "blum": "not yet",
           "belom": "not yet", "baru": "just"}
_PERFECT = {"kirim": "shipped", "krim": "shipped", "kirm": "shipped", "krm": "shipped", "dikirim": "shipped",
            "ngirim": "shipped",
            "datang": "arrived", "dtg": "arrived", "dateng": "arrived", "tiba": "arrived", "sampai": "arrived",
            "sampe": "arrived", "nyampe": "arrived", "masuk": "arrived", "msk": "arrived", "jadi": "made",
            "dibuat": "made", "mulai": "started", "keluar": "out", "cek": "checked", "dicek": "checked",
            "diterima": "received", "jalan": "started", "siap": "ready"}
_PAST = re.compile(r"(?<![A-Za-z])(?:kemarin|kmrn|kemaren|tadi|td|lalu)(?![A-Za-z])", re.IGNORECASE)
_TO_COME = re.compile(r"(?<![A-Za-z])(?:besok|bsk|lusa|depan|nanti|ntar|akan|mau|rencana|jadwal|estimasi|est|perkiraan"
                      r"|hari ini|hr ini)(?![A-Za-z])", re.IGNORECASE)
# A day to come in the clause of a done word, with no aspect word before it: the finish is planned, not made.
_FINISH_TO_COME = re.compile(rf"(?<![A-Za-z])(?:besok|bsk|lusa|depan|dpn|nanti|ntar|akan|mau|rencana|rencananya|jadwal"
                             rf"|estimasi|estimasinya|est|target|targetnya|perkiraan|diperkirakan|tgl|tanggal"
                             rf"|(?:{'|'.join(d for d in ('senin', 'selasa', 'rabu', 'kamis', 'jumat', 'sabtu'))})"
                             rf"(?!\s+(?:kemarin|kmrn|lalu)))(?![A-Za-z])", re.IGNORECASE)
_DONE_ASPECT = re.compile(r"(?<![A-Za-z])(?:sudah|sdh|udah|udh|sdah|dah|telah)\s+\S*\s*$", re.IGNORECASE)
_CLAUSE_MARK = re.compile(r"[,;.!?\n]")


_ORDER = re.compile(r"(?<![\w.,/-])\d{4,}(?![\w.,/%-])")
_CORRECTING = frozenset({"harusnya", "seharusnya", "hrsnya", "mestinya"})
_NOT_THIS = re.compile(r"(?<![A-Za-z])bukan(?![A-Za-z])", re.IGNORECASE)
_WEEKDAYS = {"senin": "Monday", "selasa": "Tuesday", "rabu": "Wednesday", "kamis": "Thursday", "jumat": "Friday",
             "jum'at": "Friday", "jumaat": "Friday", "sabtu": "Saturday", "minggu": "Sunday", "ahad": "Sunday"}
_RELATIVE = {"depan": "next", "dpn": "next", "kemarin": "last", "kmrn": "last", "kemaren": "last", "lalu": "last",
             "ini": "this"}
_ORDINAL_WORD = {"pertama": "first", "kesatu": "first", "kedua": "second", "ketiga": "third", "keempat": "fourth",
                 "kelima": "fifth", "terakhir": "last"}
# a lot or a shipment counted (`kiriman ke-2`, `pengiriman pertama`): a batch, as the reader counts lots (第2批)
_SEQ_WORD = {"batch": "batch", "lot": "lot", "tahap": "batch", "gelombang": "batch", "kiriman": "batch shipped",
             "pengiriman": "batch shipped", "sample": "sample", "sampel": "sample", "contoh": "sample"}
_MULT = {"rb": 1_000, "ribu": 1_000, "rebu": 1_000, "jt": 1_000_000, "juta": 1_000_000}
_HALF_DAY = {"pagi": "am", "siang": "pm", "sore": "pm", "malam": "pm"}

_MEANING = {spelling: said for spellings, said in _WORDS for spelling in spellings.split("|")}


_DAYS = either_word(day for day in _WEEKDAYS if day != "minggu")
_FAULTS = either_word(spelling for spelling, said in _MEANING.items()
                  if said in ("scratch", "rust", "crack", "dent", "bent", "chipping", "defect", "color difference",
                              "paint colour difference", "peeling", "dirty", "bubble", "hole"))
_UNITS = r"(?:pcs|pc|unit|kg|set|karton|dus|box|lembar|buah|biji)"

_OUT_OF = r"\s*,?\s+(?:(?:sdh|sudah|udh|udah)\s+)?(?:jadi|selesai|kelar|dibuat)"
_WORD = re.compile(
    # a date, written day first: said month first (`tgl 1/12 kemarin`: the first of December just gone)
    r"(?<![\d/.,])(?P<day>\d{1,2})/(?P<month>\d{1,2})(?P<year>/\d{2,4})?(?![\d/])"
    r"(?:\s+(?:kemarin|kmrn|lalu)(?![A-Za-z]))?"
    # so many thousands (`2 rb`), dozens (`12 lusin`), with the decimal comma and the thousands dot
    rf"|(?<![\d.,])(?P<number>\d+(?:[.,]\d+)?)\s*(?P<mult>rb|ribu|rebu|jt|juta)(?![{_L}])"
    rf"|(?<![\d.,])(?P<dozens>\d+)\s*lusin(?![{_L}])"
    rf"|(?<![\d.,])(?P<grouped>\d{{1,3}}(?:\.\d{{3}})+)(?=\s*{_UNITS}(?![{_L}]))"
    # so many in each package (`@200pcs`, `isi 250`)
    rf"|(?:@\s*|(?<![{_L}])isi\s+)(?P<each>\d+)(?:\s*{_UNITS})?(?![\d{_L}])"
    # what is left (`sisa 400pcs`), and a count out of the whole (`dari 3000pcs sdh jadi 2600`)
    rf"|(?<![{_L}])(?:sisa|sisanya)\s+(?P<left>\d+\s*(?:pcs|pc)?)(?![\d{_L}])"
    rf"|(?<![{_L}])dari\s+(?P<whole>\d+\s*(?:pcs|pc)?){_OUT_OF}\s+(?P<part>\d+\s*(?:pcs|pc)?)(?![\d{_L}])"
    # a first article sent (`FA sdh kirim ke customer`): submitted for the buyer's verdict, no goods shipped
    rf"|(?<![{_L}])(?P<sample>FAI|FA|first\s+article|first\s+piece|sample|sampel|contoh)\s+(?P<first>pertama\s+)?"
    rf"(?:(?:sdh|sudah|udh|udah|telah)\s+)?(?:di)?(?:kirim|krim|krm)(?![{_L}])"
    # the second shipment, batch 3, the first sample (`kiriman ke-2`, `batch ke 4`, `sample pertama`)
    rf"|(?<![{_L}])(?P<seq_word>batch|lot|kiriman|pengiriman|tahap|gelombang)\s+ke[-\s]?(?P<seq>\d{{1,2}})(?![\d{_L}])"
    rf"|(?<![{_L}])(?P<counted>batch|lot|kiriman|pengiriman|tahap|gelombang|sample|sampel|contoh)\s+"
    rf"(?P<ordinal>pertama|kesatu|kedua|ketiga|keempat|kelima|terakhir)(?![{_L}])"
    # a weekday: after `hari`, or with `depan`, `kemarin`; Sunday (`minggu`) only after `hari`
    rf"|(?<![{_L}])(?:hari\s+|hr\s+)?(?P<weekday>{_DAYS})(?:\s+(?P<relative>{either_word(_RELATIVE)}))?(?![{_L}])"
    rf"|(?<![{_L}])(?:hari|hr)\s+(?P<sunday>minggu)(?:\s+(?P<sunday_relative>{either_word(_RELATIVE)}))?(?![{_L}])"
    # a time of day by the clock (`jam 3 sore`)
    rf"|(?<![{_L}])(?:jam|jm|pukul|pkl)\s*(?P<hour>\d{{1,2}})(?:[.:](?P<minute>\d{{2}}))?"
    rf"(?:\s+(?P<half>pagi|siang|sore|malam))?"
    rf"(?![\d{_L}])"
    # the shipping date (`tgl kirim`), a noun: a date said by its number (`tgl 22/10`), `ke tgl` to that day
    rf"|(?<![{_L}])(?P<ship_date>tgl|tanggal|tg)\.?\s+(?:kirim|pengiriman|delivery|krim)(?![{_L}])"
    rf"|(?<![{_L}])(?P<on>(?:(?P<to>ke|sampai|sampe)\s+|(?P<from>dari)\s+)?(?:tgl|tanggal|tg))\.?(?![{_L}])"
    # the delivery order out (`DO sdh keluar`): the goods have left with it
    rf"|(?<![{_L}])(?P<delivery_order>DO|surat\s+jalan)\s+(?:(?:sdh|sudah|udh|udah)\s+)?(?:keluar|terbit)(?![{_L}])"
    # a count out of another (`sdh jadi 1200 dari 2000pcs`)
    rf"|(?<=\d)(?:\s*pcs)?\s+(?P<of>dari)(?=\s+\d)(?!\s+\d+\s*(?:pcs|pc)?{_OUT_OF})"
    # `bukan 13211 tp 13212`: the one put right, after the one it replaces
    rf"|(?<![{_L}])bukan\s+(?P<wrong>[\w/.%-]+)\s*,?\s+(?:tp|tapi|tetapi|melainkan)\s+(?P<right>[\w/.%-]+)"
    # `13340 jg selesai`: a later order likewise, said as `also` alone where its words are the first clause's
    rf"|(?<=\d)\s+(?P<likewise>jg|juga)\s+(?P<same>[{_L}]+(?:\s+[{_L}]+)?)(?=\s*(?:[,.;!?]|$))"
    # a message taken back (`batalkan pesan tadi`, `hapus yg tadi`), as India's shorthand says it
    rf"|(?<![{_L}])(?P<undo>batalkan|batal|hapus|cancel|abaikan|delete)\s+(?:pesan\s+(?:yg\s+|yang\s+)?tadi"
    rf"|pesan\s+sebelumnya|pesan\s+sblmnya|yg\s+tadi|yang\s+tadi|chat\s+tadi)(?![{_L}])"
    # a thing found (`ada karat 15pcs`, `ada 7pcs bengkok`)
    rf"|(?<![{_L}])(?P<found>ada)(?=\s+(?:\d|(?:{_FAULTS})(?![{_L}])))"
    # `di-rework`: the passive of an English verb of the shop
    rf"|(?<![{_L}])di(?:-|\s+(?=(?:rework|scrap|repair|approve|reject|sort|check|pack)(?![{_L}])))"
    rf"(?P<passive>[{_L}]+)(?![{_L}])"
    # an aspect word and its verb: the English perfect
    rf"|(?<![{_L}])(?P<aspect>{either_word(_ASPECT)})\s+(?P<verb>{either_word(_PERFECT)})(?:-?nya)?(?![{_L}])"
    # the words of the table, `-nya` (the) dropped from any of them
    # (never a code's letters: `TP-1005` is a lot, not `tapi`)
    rf"|(?<![{_L}])(?P<word>{either_word(_MEANING)})(?:-?nya)?(?![{_L}])(?!-\d)"
    # `-nya` on any other word (`progressnya`, `NG nya`), never a word that ends so (hanya, punya)
    rf"|(?<![{_L}])(?P<stem>(?!(?:ha|pu|ta|berta|dita|na)nya(?![{_L}]))[{_L}]{{2,}}?)-?nya(?![{_L}])"
    rf"|(?<=[\s\d])(?P<bare_nya>nya)(?![{_L}])"
    # a mark of feeling between two clauses (`QC pass 👍 kirim besok`) ends the first, as a comma does
    r"|(?<=\S)\s*(?P<mark>[\U0001F300-\U0001FAFF\u2600-\u27bf]+)\s*(?=\S)",
    re.IGNORECASE)

# The words only Indonesian writes: each word of the table that is no English word, no pinyin and no word of another
# language the reader knows; one marks a message as Indonesian.
_SHARED = frozenset({
    "di", "ke", "dan", "ya", "yaa", "bu", "mas", "bang", "gan", "mei", "dong", "las", "dos", "mana", "apa", "sama",
    "pagi", "sore", "juli", "juni", "maret", "agustus", "oktober", "desember", "januari", "februari", "ok", "sy",
    "ini", "itu", "aja", "dah", "mobil", "seng", "tiba", "hr", "lot", "batch", "sample", "td", "lg", "gk",
    "bos", "kak", "om", "ibu", "loh", "sih", "nih", "kok", "lho", "kah", "tg", "est", "cancel", "delete", "rol",
    "jadi", "baru", "masi", "yah", "bapak", "saja", "yang", "jam", "jm", "isi", "cat", "msk",
    "electroplating", "otw", "okey", "ga", "ng", "up", "on", "out", "over", "input", "handle", "follow",
    # words of English, German or Spanish besides (approval, Karton, Kabel, Plastik, baja, cara, pesan)
    "approval", "approve", "info", "informasi", "karton", "kabel", "plastik", "baja", "cara", "pesan", "palet",
    "trims", "oke", "bs", "dus", "mati", "natal",
})
_OWN = frozenset(
    word for word in (*(word for spelling in _MEANING for word in spelling.split()), *_ASPECT, *_PERFECT, *_WEEKDAYS,
                      "tgl", "tanggal", "lusin", "rb", "ribu", "juta", "sisanya", "pertama", "kedua", "terakhir")
    if word not in _SHARED and word.isalpha())
_NOT_LATIN = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u1ea0-\u1ef9ăâđêôơưĂÂĐÊÔƠƯ]")
_LATIN_WORD = re.compile(r"[a-z\u00c0-\u024f]+")
_BEFORE_MARK = re.compile(r"[ \t]+(?=[,.;!?])")


_CHAT_LG = re.compile(r"(?<![A-Za-z])lg(?![A-Za-z])")  # `lg` (lagi) in lower case: `LG` is a maker's name


# Malaysia's and Singapore's chat English borrows Malay words (`siap`, `sudah`) but marks a thing done with its own
# particles (handlers/reading_register.py): a message holding one is that register's, read as it reads it.
_MALAYSIAN_MARK = frozenset({"liao", "liaw", "ady", "alr", "alrdy", "oredi", "orredi", "lor", "leh", "hor", "wor"})


# A code of letters and digits joined by a hyphen (`TP-1005`, `RY-26`): a lot's or a part's name, no word.
_CODE = re.compile(r"(?<![A-Za-z])[A-Za-z]+-\d[\w-]*")


def is_indonesian(text: str) -> bool:
    """Whether the message is written in Bahasa Indonesia: one word only it writes, no mark of Malaysia's and
    Singapore's English, and no other language's letter."""
    if not text.isascii() and _NOT_LATIN.search(text) is not None:
        return False  # another script's letter (most messages: Chinese) is found before the words are lowered and looked up
    words = set(_LATIN_WORD.findall(_CODE.sub(" ", text.lower())))
    return (not _OWN.isdisjoint(words) or _CHAT_LG.search(text) is not None) and _MALAYSIAN_MARK.isdisjoint(words)


def _count(said: str) -> str:
    number = said.lower().replace("pcs", "").replace("pc", "").strip()
    return f"{number}pcs"


def _english(match: re.Match[str]) -> str:  # noqa: C901 - one branch per form of the pattern, in its order
    if match["day"] is not None:
        day, month = int(match["day"]), int(match["month"])
        if 1 <= day <= 31 and 1 <= month <= 12:
            return f"{match['month']}/{match['day']}{match['year'] or ''}"
        return match.group(0)
    if match["number"] is not None:
        return format(round(float(match["number"].replace(",", ".")) * _MULT[match["mult"].lower()]), "d")
    if match["dozens"] is not None:
        return f"{int(match['dozens']) * 12} pcs"
    if match["grouped"] is not None:
        return match["grouped"].replace(".", "")
    if match["each"] is not None:
        return f"{match['each']} pcs each"
    if match["left"] is not None:
        return f"{_count(match['left'])} left"
    if match["whole"] is not None:
        return f"made {_count(match['part'])} of {_count(match['whole'])}"
    if match["sample"] is not None:
        return f"{'first ' if match['first'] else ''}{match['sample']} submitted"
    if match["seq"] is not None:
        return f"{english_ordinal(int(match['seq']))} {_SEQ_WORD[match['seq_word'].lower()]}"
    if match["counted"] is not None:
        return f"{_ORDINAL_WORD[match['ordinal'].lower()]} {_SEQ_WORD[match['counted'].lower()]}"
    if match["weekday"] is not None or match["sunday"] is not None:
        weekday = _WEEKDAYS[(match["weekday"] or match["sunday"]).lower()]
        relative = match["relative"] or match["sunday_relative"]
        return f"{_RELATIVE[relative.lower()]} {weekday}" if relative else weekday
    if match["hour"] is not None:
        minute = match["minute"] or "00"
        half = _HALF_DAY.get((match["half"] or "").lower(), "")
        hour = int(match["hour"]) + (12 if half == "pm" and int(match["hour"]) < 12 else 0)
        return f"at {hour}:{minute}"
    if match["ship_date"] is not None:
        return "date ship"
    if match["on"] is not None:
        return "to" if match["to"] else "from" if match["from"] else "on"
    if match["wrong"] is not None:
        return f"should be {match['right']} not {match['wrong']}"
    if match["likewise"] is not None:
        same = match["same"].lower().split()
        earlier = set(_LATIN_WORD.findall(match.string[:match.start()].lower()))
        if set(same) <= earlier:
            return " also"
        return " also " + " ".join(filter(None, (_MEANING.get(word, word) for word in same)))
    if match["delivery_order"] is not None:
        return "DO issued"
    if match["of"] is not None:
        return " of"
    if match["undo"] is not None:
        return "previous message cancel"
    if match["found"] is not None:
        return "found"
    if match["passive"] is not None:
        return past_participle(match["passive"])
    if match["aspect"] is not None:
        return f"{_ASPECT[match['aspect'].lower()]} {_PERFECT[match['verb'].lower()]}"
    if match["word"] is not None:
        word = " ".join(match["word"].lower().split())
        if word in _PERFECT and _MEANING[word] not in ("ok", "until") and _PAST.search(match.string) \
                and not _TO_COME.search(match.string):
            return _PERFECT[word]  # no tense in Indonesian: a day gone says the verb's
        if _MEANING[word] == "done" and _FINISH_TO_COME.search(clause_around(match, _CLAUSE_MARK)) and not _DONE_ASPECT.search(
                match.string, 0, match.start()):
            return "will finish"  # `estimasi selesai minggu depan`, `selesai hari Jumat`: done by a day to come
        if _MEANING[word] == "all" and len(_ORDER.findall(match.string, 0, match.start())) >= 2:
            return "both"  # `13331 13332 sdh kirim semua`: all counts the orders named, as India's `all three` does
        if word in _CORRECTING and _NOT_THIS.search(match.string):
            return "correction: " + _MEANING[word]  # `harusnya 80% bukan 60%`: the figure put right
        return _MEANING[word]
    if match["stem"] is not None:
        return _MEANING.get(match["stem"].lower(), match["stem"])
    if match["mark"] is not None:
        return ", "
    return ""


def _said(text: str) -> list[tuple[int, int, str]]:
    """Each Indonesian word of `text` as (start, end, English)."""
    return [(m.start(), m.end(), _english(m)) for m in _WORD.finditer(text)]


@lru_cache(maxsize=4096)
def in_english(text: str) -> str:
    """`text` with the Indonesian words of a report said in English and its dates month first; other text as it is."""
    if not is_indonesian(text):
        return text
    return said_over(text, _said(text))


INDONESIAN = Language("id", is_indonesian, _WORD, _english)


def as_written(value: str, original: str) -> str:
    """A reason or description read from the message said in English, in the sender's own words again: the span of
    the message it was read from, as typed (`mesin injection rusak`, not `machine injection broken`); where it was
    read from words apart, each word as typed in its place."""
    if not value or not is_indonesian(original):
        return value
    # India's shorthand said over ours (`short` as 缺料) undone first
    value = _BEFORE_MARK.sub("", india_as_written(value, in_english(original)))
    typed = as_typed(_said(original), value, original)
    return as_written_in(INDONESIAN, value, original) if typed is None else typed


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
