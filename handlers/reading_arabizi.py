"""Arabizi and Arabic words of a report, said in the English the reader knows before the message is read.

Egyptian (10th of Ramadan, Sokhna), Saudi and Emirati subcontractors of Chinese fibreglass, cable, steel-structure
and appliance-part plants write the bot in the English of the chat mixed with their Arabic typed in Latin letters,
a digit standing for a letter Latin has not (Arabizi: 2 ء, 3 ع, 5 خ, 6 ط, 7 ح, 8 ق, 9 ص: `5alast`, `3ayena`, `7etta`),
now and then in Arabic script, with Eastern digits (٠-٩) in counts and dates. Unread, such a word is worse than an
unknown word: its digit is taken for a count, an order or a day (`5lsna el la7m` read as 7 m). As
handlers/reading_russian.py says Russian, each Arabizi word of a report is said as the English word it means, in
place, and a reason or description read from it is put back in the sender's words (`as_written`). The words are the
dialects' grammar of a report and the trade's dictionary (Egyptian and Gulf spellings both), not one writer's lines:

- Days: el naharda / al yom (today), bokra / bukra (tomorrow), ba3d bokra, embare7 / ams (yesterday), the weekdays
  (el 7ad, el etnein, el talat, el arba3, el 5amees, el gom3a, el sabt), `el gai` the coming one.
- Done and not yet: 5eles / 5elset / 5ala9 (finished), lesa (not yet), sha3'al (under way), bada2na (started);
  the goods: wesel / wa9al (arrived), etsha7an / tal3et (shipped), nesha7en (we will ship), el shohna (the shipment).
- The steps: la7am (welding), 8a9 / 2a6 (cutting), sanfara / ramleya (sandblasting), dehan (painting), 5arm
  (drilling), kabs (pressing), 7a2n (injection), tagmee3 (assembly), sa7b (drawing), 3azl (insulation), ghelaf
  (sheathing); el 3ayena (the sample) is the first article, el fa7s el nehaey the final inspection.
- Counts: 7etta (pieces), `fel miya` per cent, the thousands said in words (alf, alfein, talat alaf); Eastern digits
  are said as the digits the reader reads.
- Greetings and courtesy (sba7 el 5eer, ya basha, inshallah, 3ala rasi) carry no fact.

A message is read so only when it holds an Arabic letter or a word only Arabizi writes (`is_arabizi`): a digit inside
Latin letters of a table word, or bokra, naharda, mafeesh and their like. In such a message a word whose digit is a
letter and which the table does not say is left as written, and the reading is then shown first (`asks_first`):
never a count, an order or a day recorded silently from a letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from handlers.fast_search import quicken
from handlers.reading_languages import as_typed, said_over

__all__ = ["as_written", "asks_first", "in_english", "is_arabizi"]

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_L = "A-Za-z0-9'\u0600-\u06ff"  # a word's letters: digits and the apostrophe (sha3'al) are letters in Arabizi
_EASTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩٪٫،", "0123456789%.,")

_EL = r"(?:(?:el|al|il|l)\s+)?"  # the article, said as nothing before a word of the table

# (spellings, English), each spelling a pattern of a word; a word said as "" carries no fact. Longer phrases first.
_WORDS: tuple[tuple[str, str], ...] = (
    (r"(?:el|al)\s+yom\s+(?:el|al)\s+wa6ani|(?:el|al)\s+yawm\s+(?:el|al)\s+wa6ani", "national day"),
    # --- greetings and courtesy: no fact ------------------------------------------------------------------------
    (r"(?:sba7|saba7|sabah)\s+(?:el|al)\s+(?:5eer|5air|kheir|kheer|ful|fol|noor|nour)|صباح\s+الخير"
     r"|masa2\s+el\s+5eer", "good morning"),
    (r"السلام\s+عليكم|(?:el\s+)?salamo?\s+3alaykom|salam\s+3aleikom", "hello"),
    (r"(?:gom3a|jum3a|jom3a)\s+mubaraka?", "good morning"),
    (r"ya\s+6awil\s+al\s+3omr|ya\s+(?:basha|handasa|regala|gama3a|rayes|akhi|a5i|habibi|m3allem|ma3allem|bashmohandes"
     r"|bro|ostaz|ostaza)|7ayak(?:om|um)?(?:\s+allah)?|habibi", ""),
    (r"in\s*sha2?\s*a?\s*allah|in\s+shaa2?\s+allah|inshall?ah?|insha2allah|insha'?allah|in\s+sha'allah", ""),
    (r"ya3teek\s+el\s+3afya|ya3tik\s+al\s+3afia|مشكور(?:\s+يا\s+\S+(?:\s+\S+)?)?|shokran|mashkoor|mashkour"
     r"|tislam|teslam", "thanks"),
    (r"3ala\s+rasi|3la\s+rasi|ابشر|abshir|abshar|7ader|7adr|7a4er|tamam|tmam|mashy|mashi|maashi|ma3lesh|ma3leesh"
     r"|ma3lish|motabe2", "ok"),
    (r"aywa|aiwa", "yes"), (r"la2", "no"),
    # --- corrections, cancels, help, snooze -------------------------------------------------------------------------
    (r"2elghi|elghi|2lghi|imsa7|emsa7", "cancel"), (r"(?:el\s+)?resala\s+elly\s+fatet|a5er\s+resala", "last message"),
    (r"ezay\s+asta5dem", "how to use"), (r"fakarni|fakkarni|fakarny|dhakirni", "remind me"),
    (r"(?:el\s+)?ra2am\s+ghalat", "the number is wrong"), (r"(?:el\s+)?tareekh\s+ghalat", "wrong date"),
    (r"ana\s+(?:katabt\s+)?(?:ghalat|ghalatt|8ala6t)|katabt\s+ghalat", "I wrote wrong"),
    (r"ghalat|ghalatt|8ala6t?|3'ala6", "wrong"), (r"katabt", "I wrote"), (r"badal", "instead of"),
    (r"howa|hya|hiya", "it is"), (r"mo(?=\s+\d)", "not"),
    # --- days and times ---------------------------------------------------------------------------------------------
    (r"awel\s+embare7|awel\s+ams", "day before yesterday"),
    (r"ba3d\s+bokra|ba3d\s+bukra|b3d\s+bkra|ba3d\s+bkra|b3d\s+bokra|ba3d\s+bokrah", "day after tomorrow"),
    (r"bokra|bukra|bkra|bokrah|bukrah", "tomorrow"),
    (r"(?:el\s+)?naharda|(?:el\s+)?nharda|(?:al|el)\s+yom|(?:al|el)\s+yawm|al\s+youm", "today"),
    (r"embare7|embar7|imbari7|embareh|(?<!\w)ams", "yesterday"),
    (r"delwa2ty|delwa2ti|dlw2ty|al7een|alhin|7alyan|7alan", "now"),
    (r"(?:el|al)\s+(?:sob7|sub7|sabah)|(?:el\s+)?dohr", "morning"), (r"bel\s+leil|bil\s+lail", "evening"),
    (r"ba3d\s+el\s+3asr", "afternoon"), (r"ba3d\s+shewaya|ba3d\s+shwaya", "later"),
    (r"(?:el|al)\s+(?:esbo3|usbu3|esboo3)\s+(?:el|al)\s+(?:gai|gay|jai|qadim|gayy)", "next week"),
    (r"esbo3|esboo3|usbu3", "1 week"), (r"yomein|yomain|yomin|youmein", "2 days"), (r"ayam|ayyam", "days"),
    (r"bel\s+kteer|bil\s+kteer", ""), (r"(?:el|al)\s+sa3a", "at"),
    (r"fadel|baqi|ba2y\s+3ala", "in"),
    # --- done, under way, not yet -----------------------------------------------------------------------------------
    (r"lesa\s+(?:ma\s*)?(?:ma3adednahomsh|ma3adednash|3adednash)", "not yet counted"),
    (r"lesa\s+(?:ma\s*)?(?:fata7nahomsh|mafata7nahomsh|fata7nahash)", "not yet opened"),
    (r"lesa\s+(?:ma\s*)?(?:mat5alasch|mat5alassh|ma5elsetsh|ma5elessh|5elset?sh)", "not finished yet"),
    (r"lesa\s+(?:ma\s*)?(?:mat3amalsh|ma\s*et3amaletsh|et3amaletsh|ma3amalnahash)", "not yet done"),
    (r"lesa\s+ma\s*wesletsh\s+(?:el|al)\s+3arabeya", "truck not yet"),
    (r"lesa\s+(?:ma\s*)?(?:wesletsh|weslitsh|wesleetsh|waslitsh)|ma\s*wesletsh|ma\s+wa9alat|ma\s+wa9al", "not arrived yet"),
    (r"lesa\s+(?:el\s+)?qc\s+ma\s+shafhash", ""),
    (r"lesa\s+(?=fel|fi|fe)", "still "), (r"lesa\s+mestanyeen|lesa\s+mestany", "still waiting"), (r"lesa", "not yet"),
    (r"5alasna\s+(?:el\s+)?3adad\s+kolo", "finished the whole quantity"), (r"5alasna|5alast|5lsna|5alasnah|khalasna", "finished"),
    (r"5eles|5elset|5elso|5elsat|5ala9|5ala9at|5al9at|5lst|5les|5elst|5alsa|5alsin|5alseen|kelset|khalas|خلص|خلصت",
     "done"),
    (r"y5la9|y5alas|n5alas|ye5las|te5las|yekhlas", "finish"), (r"8areeb", "almost"),
    (r"sha3'al(?:a|in|een|een)?|sha3al(?:a|in)?|shaghal(?:a|in)?|shaghaleen", "in progress"),
    (r"bada2na|bda2na|bdena|bada2t|ibtadena", "started"), (r"hanebda2|hanbda2", "will start"), (r"nbda2|nebda2|tbda2|yebda2", "start"),
    (r"et3amalet|et3amal|3amalna|et3amalo|sawwena", "done"), (r"ne3mel|han3mel|hane3mel", "do"),
    (r"et2eblet|et2ebel|et2ablet|et2eblo|et2ebelt|et3tamadet|et3tamad", "approved"),
    (r"et7atet|et7at", "applied"), (r"et2a6a3o|et2at3o|et2ata3", "cut done"), (r"et3aba|et3abet", "packed"),
    (r"rege3|rje3|rg3", "back"), (r"yrja3|yrg3|yerga3|yerg3", "return"), (r"yo5rog|te5rog", "out on"),
    (r"(?:ra7\s+|han)?ne3mel\s+repair", "will rework"), (r"ra7\s+ne3mel|ra7\s+n3mel", "will do"), (r"ra7et|ra7|raa7et", "gone"), (r"han3adel\s+(?:el|al)\s+forma", "will fix the mold"), (r"neb3at\s+3ayena\s+tanya", "send first article again"), (r"neb3at|hanb3at|hab3at|hab3atlak|ab3atlak", "will send"),
    (r"ba3atna|ba3tna", "shipped"), (r"sa7abna", "drew"), (r"3adadna", "counted"), (r"et3adet|et3ad", "counted"),
    (r"la2ena|la2eena|l2ena", "found"),
    # --- the goods and their moves ----------------------------------------------------------------------------------
    (r"(?:el|al)\s+(?:shohna|sho7na|shi7na|sh7na|shipment)|الشحنة", "the shipment"), (r"shohna|shi7na", "shipment"),
    (r"etsha7anet|etsha7ant|etsha7an|etsha7ano|etsha7anu|sha7anna|sha7ana|etsh7nt|اتشحنت|اتشحن",
     "shipped"),
    (r"tal3et|tal3o|tal3at|6al3at|6ala3|6ala3at|tl3t|tel3et", "shipped"),
    (r"nesha7en|nsha7en|nsh7n|nesh7an|hanesha7en|hanesh7an|nesha7an|hatetla3|hanetla3", "will ship"),
    (r"(?:el|al)\s+shahn|lel\s+shahn", "for shipping"),
    (r"wesle|wesel|wesla|weslet|wesslet|wslt|wasal|wa9al|wa9alat|wa9lat|wasalat|وصلت|وصل", "arrived"),
    (r"hatewsal|tewsal|t9al|hatwsal|tuwsal|yewsal", "will arrive"),
    (r"(?:el|al)\s+(?:5ama|5amaa)\s+5elset", "out of material"), (r"(?:el|al)\s+(?:5ama|5amaa|khama|5amat)|5ama|khama", "material"),
    (r"(?:el|al)\s+(?:mtrial|matrial)|mtrial", "material"),
    (r"(?:el|al)\s+3ay[e]?na\s+(?:el\s+)?(?:tanya|ola)|(?:el|al)\s+3ay[e]?na|3ay[e]?na(?:\s+tanya)?|3ayyena", "first article"),
    (r"(?:el|al)\s+fa7s\s+(?:el|al)\s+nehaey|(?:el|al)\s+qc\s+(?:el|al)\s+nihaei|fa7s\s+nehaey", "final inspection"),
    (r"(?:el|al)\s+fa7s\s+bta3kom|fa7s", "inspection"),
    (r"(?:el|al)\s+3arabeya|3arabeya|3arabeyat", "truck"), (r"fel\s+taree2|3al\s+taree2|fi\s+al\s+taree2", "on the way"),
    (r"(?:el|al)\s+(?:mowared|mowarid|mored|supplier)\s+by2ool", "the supplier says"),
    (r"(?:el|al)\s+(?:mowared|mowarid)", "the supplier"),
    (r"da5alet\s+el\s+ma5zan|et2ayed(?:o|et)?\s+fel\s+system|et2ayed(?:o|et)?", "booked in"),
    (r"(?:el|al)\s+ma5zan|ma5zan", "warehouse"), (r"(?:el|al)\s+3adad\s+mazboot", "quantity correct"),
    (r"(?:el|al)\s+3adad", "quantity"), (r"mazboot", "correct"),
    (r"gahez|gahza|gahzeen|jahiz|jahza|ykon\s+gahez", "ready"),
    (r"mafeesh|mafish|mafesh", "no"), (r"mesh\s+kefaya|mesh\s+kfaya|msh\s+kefaya|mesh\s+kifaya|mo\s+kafi", "not enough"),
    (r"na2esna|na2eshom|na2es|na2sa|na8is|na2s|ناقص", "short of"),
    (r"mestanyeen|mestany|mestaneen|nintather|ntatheer|nantazer|mstnyeen", "waiting"),
    (r"3ayzeen|3ayz|na7tag|ne7tag", "need"), (r"ta2reeban|ta2riban|7awaly|7awali|taqreeban", "about"),
    (r"hanet2a5ar|hanta2a5ar|hayet2a5aro|hayet2a5ar|et2a5arna|ta2a5arna|nta2a5ar|et2a5aret|et2a5ar|bt2a5ar|yt2a5ar"
     r"|ta2a5ar|yet2a5ar|b\s+yt2a5ar", "delayed"),
    (r"mesh\s+hanl72|mesh\s+hayl72|mesh\s+hanel72|mesh\s+hayenfa3|mesh\s+hyenfa3|mesh\s+mumkin|msh\s+mumkin", "not possible"),
    (r"3ashan|3shan|ashan|bsabab", "because"), (r"agaza|ijaza|ajazat|agazat|3otla", "holiday"),
    (r"3atlana|3atlan|3ayan|3ayana|etkasaret|etkasar|kharbana|5arbana", "broken"),
    (r"(?:el|al)\s+gamarek|gamarek", "customs"), (r"(?:el|al)\s+meena|meena", "port"), (r"za7ma", "congested"),
    (r"mawgood|mawgooda", "available"), (r"(?:el|al)\s+soo2", "the market"), (r"(?:el|al)\s+sowar|sowar", "photos"),
    # --- the shop's steps ---------------------------------------------------------------------------------------------
    (r"fail\s+fel\s+(?:el\s+)?spark\s+test", "failed in spark test"), (r"bakara\s+wa7da", "1 reel"),
    (r"fadi|fadya", "empty"),
    (r"(?:el|al)\s+masna3|masna3", "factory"), (r"(?:el|al)\s+mawke3|mawke3|(?:el|al)\s+mawqi3", "site"),
    (r"(?:hard|harod|hrd|nrd|narod|hanrod)\s+3aleek|(?:hard|nrd)\s+3alek", "will reply"),
    (r"(?:el|al)\s+galvani[sz]e", "galvanizing"), (r"(?:el|al)\s+container", "the container shipment"),
    (r"(?:el|al)\s+(?:la7am|la7m|le7am)|la7am|la7m|اللحام|لحام", "welding"),
    (r"(?:el|al)\s+(?:8a9|2a6|2at3|ta9nee3)\s+bil\s+plasma|(?:el|al)\s+(?:8a9|2a6|2at3)|8a9|2a6", "cutting"),
    (r"(?:el|al)\s+ta9nee3|ta9nee3", "fabrication"),
    (r"(?:el|al)\s+(?:sanfara|snfara|ramleya|ramleyya)|sanfara|snfara|ramleya", "sandblasting"),
    (r"(?:el|al)\s+(?:dehan|9abgh|sabgh)|dehan|9abgh", "painting"), (r"(?:el|al)\s+5arm|5arm", "drilling"),
    (r"(?:el|al)\s+kabs|kabs", "pressing"), (r"(?:el|al)\s+7a2n|7a2n", "injection molding"),
    (r"(?:el|al)\s+(?:tagmee3|tajmee3)|tagmee3", "assembly"),
    (r"(?:el|al)\s+tarkeeb\s+(?:el|al)\s+tagreeby", "trial assembly"),
    (r"(?:el|al)\s+ta7zeem|ta7zeem", "stranding"), (r"(?:el|al)\s+3azl|3azl", "insulation"),
    (r"(?:el|al)\s+ghelaf|ghelaf", "sheathing"), (r"(?:el|al)\s+sa7b|sa7b", "wire drawing"),
    (r"(?:el|al)\s+tane|tane", "bending"), (r"(?:el|al)\s+tashteeb|tashteeb", "grinding"),
    (r"(?:el|al)\s+tagleef|tagleef", "packing"), (r"(?:el|al)\s+ma3joon|ma3joon", "putty"),
    (r"(?:el|al)\s+tab2at|tab2at", "layers"), (r"(?:el|al)\s+forma|forma", "mold"), (r"(?:el|al)\s+forn|forn", "oven"),
    (r"(?:el|al)\s+sho8l|sho8l|shoghl", "work"),
    (r"(?:el|al)\s+(?:dof3a|dof3aa)\s+(?:el|al)\s+(?:ola|oula)|الدفعة\s+الأولى", "first batch"),
    (r"(?:el|al)\s+(?:dof3a|dof3aa)\s+(?:el|al)\s+(?:tanya|tania)|الدفعة\s+التانية", "second batch"),
    (r"(?:el|al)\s+(?:dof3a|dof3aa)\s+(?:el|al)\s+(?:talta|talet)|الدفعة\s+التالتة", "third batch"),
    (r"a5er\s+dof3a|(?:el|al)\s+dof3a\s+(?:el|al)\s+a5eera|(?:el|al)\s+shohna\s+(?:el|al)\s+a5eera", "last shipment"),
    (r"dof3a|dof3aa|(?:el|al)\s+dof3a", "batch"),
    # --- defects ------------------------------------------------------------------------------------------------------
    (r"5adsh|5dsh|5odoosh", "scratches"), (r"sada|9ada", "rust"), (r"ma3wog(?:een|a)?|ma3woog(?:een|a)?", "deformed"),
    (r"mashroo5a?|sha2", "cracked"), (r"fa2a3at", "blisters"), (r"mablol(?:a|een)?", "wet"),
    (r"metba2een|mdghoot", "crushed"), (r"(?:fi\s+)?(?:moshkela|mushkila|mushkela)", "defect"), (r"nesyna", "missing operation"),
    (r"bne3adelhom|bne3adelha|han3adel|bne3adel|hanesla7hom|hanesla7|hanekamelo|bne3id|ne3id", "rework"),
    (r"mesh\s+fel\s+makan", "out of place"), (r"mesh\s+kamel", "missing operation"), (r"mesh\s+kamla", "not complete"),
    # --- units and counts ---------------------------------------------------------------------------------------------
    (r"7etta|7tt|7eta|7ettah|حتة|قطعة", "pcs"), (r"barameel|barmeel", "drums"), (r"kartonat|kartona", "cartons"),
    (r"loo7", "sheets"), (r"selk", "wire"), (r"metr|meter", "m"),
    (r"alf\s+w\s+5omsomiya|alf\s+w\s+5omsomeya", "1500"), (r"talat\s+alaf", "3000"), (r"alfein", "2000"),
    (r"nos\s+el\s+kameya|nos\s+el\s+kamya", "50%"), (r"fel\s+miya|fil\s+miya|fel\s+meya|bel\s+miya", "%"),
    (r"wa7da|wa7ed", "1"), (r"tanyeen", "more"),
    # --- little words ----------------------------------------------------------------------------------------------------
    (r"kolohom|kollohom", "they"), (r"kolaha|kolo|kollo|kilha|kolha|kol\s+el|kil\s+shay", "all"), (r"kol", "each"),
    (r"(?:el|al)\s+ba2y|ba2y", "the rest"), (r"a5er|a5eer", "last"), (r"kaman", "more"),
    (r"(?:el|al)\s+order\s+da", "this order"), (r"(?:el|al)\s+bot\s+da", "this bot"),
    (r"men\s+(?:el|al)\s+qc\s+bta3kom", "by your QC"), (r"bta3kom|ta3kom", "your"), (r"bta3et|bta3hom|bta3na|bta3", "of"), (r"3andena|3indna|3andna|3andoko|3andkom", ""),
    (r"lel|lil", "to"), (r"men|min", "of"), (r"fel\s+gamarek", "in customs"), (r"fel|fil", "under"), (r"fe|fi", ""), (r"feha|fiha|fehom|fihom|feh|fih", ""),
    (r"bas", "only"), (r"mesh|msh|mish", "not"), (r"w(?=\s+(?:el|al)\s)", ","), (r"w(?=\s)|wel|we|و", "and"), (r"keda", "so"),
    (r"(?:el|al)\s+gai|(?:el|al)\s+gay|(?:el|al)\s+jai|(?:el|al)\s+qadim", "next"),
    (r"(?:el|al)\s+lot\s+raqam|lot\s+raqam", "lot"), (r"raqam|ra2am", "number"),
    (r"el|al|il|ana|eh|da|di|3ala|3al|3and|3ind|bel|bil|b(?=\s)|l(?=\s)|le(?=\s)|ya", ""),
)
_WEEKDAYS: tuple[tuple[str, str], ...] = (
    (r"7ad|a7ad|ahad", "Sunday"), (r"etnein|itnein|ithnain|ethnein|etnin", "Monday"),
    (r"talat|talata|thulatha|tholatha", "Tuesday"), (r"arba3|arba3a|arb3a", "Wednesday"),
    (r"5amees|5ames|khamees|5amis", "Thursday"), (r"gom3a|jum3a|jom3a|gum3a", "Friday"), (r"sabt", "Saturday"),
)
_ON = r"(?:(?:l|le|li|lel)\s+)?(?:(?:yom|yawm|youm)\s+)?(?:(?:el|al|il)\s+)?"
_NEXT = r"\s+(?:el|al)\s+(?:gai|gay|jai|qadim)"


_STEPS = frozenset({"welding", "cutting", "fabrication", "sandblasting", "painting", "drilling", "pressing",
                    "injection molding", "assembly", "stranding", "insulation", "sheathing", "wire drawing", "bending",
                    "grinding", "packing", "galvanizing", "final inspection", "first article"})


def _either(patterns: Iterable[str]) -> str:
    return "|".join(f"(?:{pattern})" for pattern in patterns)


# `a7ad` alone is someone (Gulf `tarsloon a7ad`, send someone): Sunday only after the article or `yom`
_ON_SUNDAY = r"(?:(?:l|le|li|lel)\s+)?(?:(?:(?:yom|yawm|youm)\s+)?(?:el|al|il)\s+|(?:yom|yawm|youm)\s+)"
# `el 7ad el gai`, the coming Sunday, is the next such day, as the weekday alone is (not English's `next Sunday`)
_DAY_TABLE = tuple((rf"{_ON_SUNDAY if day == 'Sunday' else _ON}(?:{pattern})(?:{_NEXT})?", day)
                   for pattern, day in _WEEKDAYS)
_TABLE = _DAY_TABLE + _WORDS
_EACH = tuple(re.compile(rf"(?:{pattern})(?![{_L}])", re.IGNORECASE) for pattern, _ in _TABLE)
_WORD = re.compile(rf"(?<![{_L}])(?P<word>{_either(pattern for pattern, _ in _TABLE)})(?![{_L}])", re.IGNORECASE)

# The words only Arabizi writes: any table word with a digit for a letter, and a few of its own without one.
_DIGIT_LETTER = re.compile(r"(?<![A-Za-z0-9'])(?=[a-z0-9']*[a-z])[a-z']*[235789][a-z0-9']*(?![A-Za-z0-9'])")
_OWN = re.compile(r"(?<![A-Za-z0-9'])(?:bokra|bukra|bkra|naharda|mafeesh|delwa2ty|embare7|lesa|sha3'al\w*|7etta"
                  r"|5eles|5elset|5elso|5ala9|wesle|ya\s+basha|ya\s+handasa|el\s+5ama|el\s+shohna|fakarni"
                  r"|yomein|mestanyeen|gahez|gahza|fel|wesel|wasal|bakara|bakarat|sob7)(?![A-Za-z0-9'])", re.IGNORECASE)
_DIGIT_LETTER_ANY_CASE = re.compile(r"(?<![A-Za-z0-9'])(?=[A-Za-z0-9']*[A-Za-z])[A-Za-z']*[235789][A-Za-z0-9']*"
                                    r"(?![A-Za-z0-9'])")
_IN_WORD = re.compile(r"[A-Za-z'][235789]|[235789][A-Za-z]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f\u0400-\u04ff]")
# A digit before letters that is a count and its unit or an ordinal, not a letter (`2mm`, `40ft`, `3rd`, `2K`)
_UNIT_AFTER = re.compile(r"\d+(?:st|nd|rd|th|pcs?|mm|cm|m|km|kg|t|ton|tons|ft|k|pm|am|h|hrs?|days?|x|d|w|mt)",
                         re.IGNORECASE)


@lru_cache(maxsize=4096)
def is_arabizi(text: str) -> bool:
    """Whether the message holds an Arabic letter, or a word only Arabizi writes (a digit for a letter in a word of
    the table, bokra, naharda, ...), and no letter of a script another module reads: only such a message is said in
    English here."""
    if _CJK.search(text) is not None:
        return False
    if _ARABIC.search(text) is not None or _OWN.search(text) is not None:
        return True
    if _DIGIT_LETTER_ANY_CASE.search(text) is None:
        return False
    # a word or phrase of the table with a digit for a letter (`5eles`, `Gom3a mubaraka`, `sabah el 5eer`)
    return any(_IN_WORD.search(said) is not None and not _UNIT_AFTER.fullmatch(said)
               for said in (text[start:end] for start, end, _ in _words(text)))


def _words(text: str) -> list[tuple[int, int, str]]:
    """Each word of the table in `text` as (start, end, English), the longest the table holds where one starts (`el
    shohna el a5eera` the last shipment, not `el shohna` and a word left over)."""
    found, at = [], 0
    while (match := _WORD.search(text, at)) is not None:
        start = match.start()
        end, said = max(((m.end(), said) for (_, said), each in zip(_TABLE, _EACH, strict=True)
                         if (m := each.match(text, start)) is not None), key=lambda pair: pair[0],
                        default=(match.end(), match.group(0)))
        found.append((start, end, said))
        at = max(end, start + 1)
    return found


_SLASH_DATE = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\d/])")
_WEEKDAY = re.compile(r"(?<![A-Za-z0-9'])(?:" + "|".join(pattern for pattern, _ in _WEEKDAYS) + r")(?![A-Za-z0-9'])"
                      r"|(?<![A-Za-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*(?![A-Za-z])",
                      re.IGNORECASE)


def _month_first(match: re.Match[str]) -> str:
    """A slash date written day first (`25/10`, `٢٩/١٠`) said month first as the reader reads one; one that is no date
    day first (`11/15`) is the sender's month first and kept."""
    day, month = int(match["a"]), int(match["b"])
    return f"{match['b']}/{match['a']}" if 1 <= day <= 31 and 1 <= month <= 12 else match.group(0)


def _said(text: str) -> list[tuple[int, int, str]]:
    """Each Arabizi or Arabic word of `text` as (start, end, English); Eastern digits as the digits the reader reads."""
    original, text = text, text.translate(_EASTERN)  # one character for one: the spans are the original's
    said = _words(text)
    said += [(m.start(), m.end(), _month_first(m)) for m in _SLASH_DATE.finditer(text)
             if not any(start <= m.start() < end for start, end, _ in said)]
    said.sort()
    for i in range(1, len(said)):
        # `el dehan el naharda`: a step and a day with no verb between is the step's day (Arabic says no `is`);
        # tomorrow and a weekday the reader takes as the plan already, today it would take as done
        (_, end, step), (start, after, day) = said[i - 1], said[i]
        if day == "today" and step in _STEPS and not text[end:start].strip() \
                and re.match(r"\s*(?:[,.]|$)", text[after:]) is not None \
                and re.search(r"(?:^|[,.]|\d|\bw)\s*$", text[:said[i - 1][0]]) is not None:  # the step opens its clause
            said[i] = (start, after, "plan today")
    eastern = [(m.start(), m.end(), m.group(0).translate(_EASTERN))
               for m in re.finditer(r"[٠-٩٪٫،]+", original)]
    return sorted(said + [e for e in eastern if not any(s <= e[0] < t for s, t, _ in said)])


# `wa7da tal3et w wa7da la2` (one went out and the other not), no order named: the one and the other are orders the
# sender has not said, so nothing is read of it and the reader asks what the message is about
_ONE_AND_OTHER = re.compile(r"(?<![A-Za-z0-9'])wa7da\s.*\sw\s+(?:el\s+)?(?:wa7da|tanya|tanyeen)(?![A-Za-z0-9'])",
                            re.IGNORECASE)
_NUMBER = re.compile(r"(?<![A-Za-z0-9'])[0-9٠-٩]+(?![A-Za-z'])")


@lru_cache(maxsize=4096)
def in_english(text: str) -> str:
    """`text` with its Arabizi and Arabic words of a report said in English; other text as is."""
    if not is_arabizi(text) or _ONE_AND_OTHER.search(text) is not None and _NUMBER.search(text) is None:
        return text
    return said_over(text, _said(text))


# The register's hedges (notes: about, hearsay, a time of day, a need awaiting your word, days left read as a day)
# and, beside the plant's own delays (hanet2a5ar, et2a5arna), `ta2a5ar`, someone else's lateness (the supplier's), which
# gives the order no day; a count said ready (neither made for sure nor shipped)
_HEDGE = re.compile(r"(?<![A-Za-z0-9'])(?:ta2reeban|ta2riban|7awaly|7awali|by2ool|bey2ool|(?:el|al)\s+sa3a|3ayzeen|fadel"
                    r"|ta2a5ar|(?<=7etta\s)gahzeen)"
                    r"(?![A-Za-z0-9'])", re.IGNORECASE)
# A sample made or sent and not yet approved: whether its step is done is the buyer's QC's word, so it is shown first
_SAMPLE_SENT = re.compile(r"(?<![A-Za-z0-9'])3ay[e]?na\b(?!.*\bet2eblet)(?=.*\b(?:ra7et|et3amalet|mestanyeen))",
                          re.IGNORECASE)

# `kol bakara 1000 metr`: a length or weight in each package, which the reader does not multiply out: shown first
_EACH_MEASURE = re.compile(r"(?<![A-Za-z0-9'])kol\s+\S+\s+\d[\d.,]*\s*(?:metr|meter|m|km|kg|ton|t)(?![A-Za-z])",
                           re.IGNORECASE)
# `hanebda2 el mass production`: a start to come with no day said is no plan, and not begun either: shown first
_WILL_START = re.compile(r"(?<![A-Za-z0-9'])(?:hanebda2|hanbda2|nbda2|nebda2|tbda2|yebda2)(?![A-Za-z0-9'])", re.IGNORECASE)
_DAY = re.compile(r"(?<![A-Za-z0-9'])(?:bokra|bukra|bkra|naharda|al\s+yom|el\s+yom|ba3d|embare7|ams|el\s+7ad|a7ad"
                  r"|etnein|thulatha|talat|arba3|5amees|sabt)(?![A-Za-z0-9'])|\d{1,2}/\d{1,2}", re.IGNORECASE)


@lru_cache(maxsize=4096)
def asks_first(text: str) -> bool:
    """An Arabizi message that still holds a word whose digit is a letter once its words are said: that digit may be
    read as a count, an order or a day, so the reading is shown first."""
    if not is_arabizi(text):
        return False
    plain = text.translate(_EASTERN)
    if "/" in plain and _WEEKDAY.search(plain) is None and any(
            1 <= int(m["a"]) <= 12 and 1 <= int(m["b"]) <= 12 and m["a"].lstrip("0") != m["b"].lstrip("0")
            for m in _SLASH_DATE.finditer(plain)):
        return True  # `10/9`: 10 September or 9 October, no weekday or month word beside it to say which
    if _HEDGE.search(text) is not None or _SAMPLE_SENT.search(text) is not None or _EACH_MEASURE.search(text) \
            or _WILL_START.search(text) is not None and _DAY.search(text) is None:
        return True
    english = in_english(text)
    return any(not _UNIT_AFTER.fullmatch(m.group(0)) for m in _DIGIT_LETTER.finditer(english))


def _spanning(said: list[tuple[int, int, str]], value: str, original: str) -> str | None:
    """The stretch of `original` from the first to the last word of `value`, each found in order as said (`resin in
    customs` read from `el resin et2a5ar fel gamarek`): the reader's reason left a said word out, so it is no run."""
    words: list[tuple[str, int, int]] = []  # each English word with the span of the original it stands for
    at = 0
    for start, end, english in [*said, (len(original), len(original), "")]:
        words += [(m.group(0).lower(), at + m.start(), at + m.end())
                  for m in re.finditer(r"[^\s,.;:!?]+", original[at:start])]
        words += [(word.lower(), start, end) for word in english.split()]
        at = end
    spans, index = [], 0
    for word in value.lower().split():
        word = word.strip(",.;:!?")
        index = next((i for i in range(index, len(words)) if words[i][0].strip(",.;:!?") == word), -1)
        if index < 0:
            return None
        spans.append(words[index][1:])
        index += 1
    return original[min(s for s, _ in spans):max(e for _, e in spans)].strip(" ,") if spans else None


def as_written(value: str, original: str) -> str:
    """A reason or description read from the message said in English, in the sender's own words again."""
    if not value or not is_arabizi(original):
        return value
    said = _said(original)
    typed = as_typed(said, value, original)
    if typed is None:
        typed = _spanning(said, value, original)
    if typed is None:
        return value
    at = original.find(typed)
    article = re.search(r"(?<![A-Za-z0-9'])(?:el|al)\s+$", original[:at]) if at > 0 else None
    return typed if article is None else original[article.start():at] + typed  # `el galvanizer`: its article too


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
