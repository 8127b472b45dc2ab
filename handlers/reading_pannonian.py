"""Hungarian and Serbian (Latin script) words of a report, said in the English the reader knows before it is read.

Hungarian (Debrecen, Szeged, Komárom) and Serbian (Zrenjanin, Niš, Bor) subcontractors of Chinese EV, tyre and copper
plants (machining, stamping, welding, powder coating, moulding, harness, transport) write the bot in their own
language, mostly without accents (`kesz`, `szallitas`, `gotovo`, `poslato`), with the shop's names of its steps
(hegesztés, porfestés, marás; zavarivanje, plastifikacija, brizganje), pieces as `db` and `kom` (glued to a Hungarian
case ending: `db-bol`, `db-ot`), day-first dotted dates (`12.11.`, `12.11.-én`, `10.12-ig`), the thousands dot or
space (`1.200`, `12 000`) and the decimal comma (`2,5 t`). Unread, such a message is a string of unknown words. As
handlers/reading_french.py says French, each word of a report is said as the English word it means, in place, and
a reason or description read from it is put back in the sender's words (`as_written`); a word the table does not say
is `unread`, and the reader asks rather than records.

- Days: ma/danas, holnap/sutra, holnaputan/prekosutra, tegnap/juce, tegnapelott/prekjuce; the weekdays with their
  Hungarian case endings (`hetfon` on, `hetfore` by, `hetfotol` from) or Serbian forms (`u ponedeljak`, `do petka`);
  `jovo` and `sledeci` the coming one, `mult` the last one; `48. heten` an ISO week.
- Hungarian `csak` and Serbian `tek` before a day say the step comes only then: a delay, as 才 is.
- A step with `megy` or `ide` is under way, and with a day it is the goods going (`hetfon megy`, `u ponedeljak ide roba`).

A message is Hungarian's or Serbian's when it holds one of that language's own words, no English, Spanish,
Portuguese, French, Indonesian or Tagalog word and no pinyin, and no Chinese, Japanese, Korean, Thai, Cyrillic or
Vietnamese letter: other messages are untouched.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from handlers.fast_search import quicken
from handlers.reading_languages import as_typed, either_word, said_over, spelling_table, without_accents

__all__ = ["as_written", "asks_first", "in_english", "is_pannonian", "unread"]

_L = "A-Za-z\u00c0-\u024f"

_STEP_WORDS = ("welding", "powder coating", "painting", "turning", "milling", "deburring", "stamping", "bending",
               "laser cutting", "injection molding", "assembly", "harness assembly", "sand blasting", "anodizing",
               "plating", "tin plating", "crimping", "hardening", "tapping", "packing", "pad printing", "machining",
               "punching", "cutting", "zinc plating", "nickel plating", "e-coating", "production", "final inspection")

# --- Hungarian ------------------------------------------------------------------------------------------------------
# (spellings, English); a word said as "" carries no fact. Each spelling is also read without its accents.
_HU_WORDS: tuple[tuple[str, str], ...] = (
    # days
    ("holnaputan|holnapután", "day after tomorrow"), ("tegnapelőtt|tegnapelott", "day before yesterday"),
    ("holnap reggel", "tomorrow morning"), ("holnapra|holnapig", "by tomorrow"), ("holnap|holap", "tomorrow"),
    ("tegnap", "yesterday"), ("ma reggel", "this morning"), ("ma délután|ma delutan", "today"),
    ("ma estig", "by today"), ("ma", "today"), ("most", "now"),
    ("jövő héten|jovo heten", "next week"), ("ezen a héten|ezen a heten|ezt a hetet|ezt a hetet", "this week"),
    ("egy hetet|egy hét|egy het", "1 week"), ("napot|nap", "days"), ("héten|heten", "week"),
    # done, not yet, under way
    ("kész lesz|kesz lesz|lesz kész|lesz kesz|elkészül|elkeszul", "will be done"),
    ("kész van|kesz van|kész|kesz|kezs|elkészült|elkeszult|megvan|megvolt", "done"),
    ("folyamatban|folyik", "in progress"), ("dolgozunk rajta", "working on it"),
    ("visszajött|visszajott", "back, done"), ("meg nincs kész|még nincs kész|meg nincs kesz", "not done yet"),
    ("még nem|meg nem", "not yet"),
    ("kezdjük|kezdjuk|kezdtük|kezdtuk|elindult", "started"),
    ("jóváhagyva|jovahagyva|rendben|okk", "ok"), ("minden rendben|minden ok", "all ok"),
    ("jóváhagyást|jovahagyast|jóváhagyás", "approval"),
    ("átküldtük|atkuldtuk", "sent"), ("nem ment át|nem ment at", "not passed"),
    # the goods and their moves
    ("nem jött meg|nem jott meg", "not arrived"),
    ("megjött|megjott|megjöttek|megerkezett|megérkezett|beérkezett|beerkezett|érkezett|erkezett|jött meg|jott meg"
     "|bent van|átvéve|atveve", "arrived"),
    ("úton van|uton van", "in transit"),
    ("jön a kamion|jon a kamion|jön a szállító|jon a szallito|kamion jön|kamion jon", "dispatch"), ("jön|jon", "arrives"),
    ("elküldtük|elkuldtuk|elkudltuk|elküldtünk|elkuldtunk|elküldve|elkuldve|kiszállítva|kiszallitva|ment ki|ment el"
     "|elment", "shipped"),
    ("szállítjuk|szallitjuk|szállítunk|szallitunk", "dispatch"), ("szállítás|szallitas|szalitas", "dispatch"),
    ("szállítmány|szallitmany", "shipment"), ("szállító|szallito|kamion", "truck"), ("indul", "dispatch"),
    ("kamionnal", "by truck"), ("kamion", "truck"), ("áru|aru", "goods"),
    ("alapanyag|anyag|anyga", "material"), ("lemez", "sheet"), ("granulátum|granulatum", "resin"),
    ("festékpor|festekpor", "powder"), ("festék|festek", "paint"), ("rézsín|rezsin|rézsin", "copper bar"),
    # the steps
    ("végellenőrzés|vegellenorzes|vegelenorzes|végellenőrzésen|vegellenorzesen|kimenő ellenőrzés|kimeno ellenorzes",
     "final inspection"),
    ("első darab|elso darab|első darabot|elso darabot|mintadarab|minta", "first article"),
    ("hegesztés|hegesztes|hegesztő|hegeszto", "welding"), ("porfestés|porfestes|porfesets|porfestő|porfesto", "powder coating"),
    ("festésnél|festesnel", ""), ("festés|festes|festésre|festesre|festjük|festjuk", "painting"),
    ("újrafestjük|ujrafestjuk", "repaint"),
    ("esztergálás|esztergalas", "turning"), ("marás|maras", "milling"), ("sorjázás|sorjazas|sorjátlanítás|sorjatlanitas", "deburring"),
    ("sajtolás|sajtolas", "stamping"), ("élhajlítás|elhajlitas|hajlítás|hajlitas|hajlítást|hajlitast", "bending"),
    ("lézervágás|lezervagas", "laser cutting"), ("fröccsöntés|froccsontes", "injection molding"),
    ("szerelés|szereles", "assembly"), ("kábelköteg|kabelkoteg", "harness assembly"),
    ("homokszórás|homokszoras", "sand blasting"), ("anodizálás|anodizalas", "anodizing"),
    ("galvanizálás|galvanizalas|galvanizálásra|galvanizalasra", "plating"), ("ónozás|onozas", "tin plating"),
    ("krimpelés|krimpeles", "crimping"), ("edzés|edzes", "hardening"), ("menetfúrás|menetfuras", "tapping"),
    ("csomagolás|csomagolas|csomagolunk", "packing"), ("tampon nyomás|tampon nyomas", "pad printing"),
    ("forgácsolás|forgacsolas", "machining"), ("gyártás|gyartas|gyártunk|gyartunk", "production"),
    ("mehet a sorozat?|mehet?", ""), ("sorozat", "production"), ("mehet", ""), ("után|utan", "after"), ("ujra allitjuk a gepet|újra állítjuk a gépet", "adjusting machine"), ("következik|kovetkezik|sledi", "next"), ("jó|jo", "ok"), ("volt", "was"), ("küldtünk|kuldtunk|küldtük|kuldtuk", "shipped"), ("visszük|visszuk", "sent"), ("npot", "days"), ("kemence", "oven"), ("robot", "robot"), ("javítás alatt|javitas alatt", "under repair"),
    ("leállt|leallt", "stopped"), ("áramszünet|aramszunet", "power outage"), ("cink", "zinc"),
    # late, short
    ("késünk|kesunk|késik|kesik|késnek|kesnek|csúszik|csuszik|csúszunk|csuszunk|eltolódik|eltolodik", "delayed"),
    ("nem tudjuk tartani", "not possible"), ("nem megy", "not possible"), ("tudjuk", "can"), ("csak", "only"),
    ("nincs elég|nincs eleg", "short of"), ("anyaghiány|anyaghiany", "material shortage"), ("nincs", "short of"),
    ("várunk|varunk|várjuk|varjuk", "waiting for"), ("inkább|inkabb", ""),
    # what went wrong
    ("karcos", "scratched"), ("horpadt", "dented"), ("foltos", "stained"), ("mérettúllépés|merettullepes", "oversize"),
    ("méret nem jó|meret nem jo", "dimension not ok"), ("átmérő nagy|atmero nagy", "diameter oversize"),
    ("keménység alacsony|kemenyseg alacsony", "hardness low"), ("hiányzó furat|hianyzo furat", "missing hole"),
    ("szakadt", "open circuit"), ("folytonossági teszt|folytonossagi teszt", "continuity test"), ("selejt", "scrap"),
    ("hibás|hibas", "defective"), ("kábel|kabel", "cable"),
    # counts
    ("raklaponként|raklaponkent", "per pallet"), ("raklapot|raklappal|raklap", "pallets"), ("doboz", "cartons"),
    ("darab", "pcs"), ("összesen|osszesen", "total"), ("kb|körül|korul", "about"), ("a fele|fele", "half"),
    ("a többi|a tobbi|a maradék|a maradek|maradék|maradek", "the rest"), ("mindent|az egészet|az egesz|egész|egesz", "all"),
    ("mindkettő|mindketto|mindhárom|mindharom|mindháromnál|mindharomnal", "both"),
    ("tétel|tetel|tételt", "batch"), ("tételszám|tetelszam", "lot"),
    ("utolsó tétel|utolso tetel", "last batch"), ("harmadik", "third"),
    ("mérések|meresek", "values"),
    # chat, corrections, questions
    ("köszi|köszönöm|koszi|koszonom|köszönöm szépen|koszonom szepen", "thanks"),
    ("jó reggelt|jo reggelt|jó napot|jo napot", ""), ("bocs|bocsi|elnézést|elnezest", "sorry"),
    ("rossz szám|rossz szam", "wrong number"), ("rossz rendelés|rossz rendeles", "wrong PO, should be"),
    ("dátum rossz|datum rossz", "wrong date"), ("rosszul írtam|rosszul irtam", "typo"), ("hanem", "but"),
    ("az előző üzenet nem érvényes|az elozo uzenet nem ervenyes", "ignore previous message"),
    ("töröljétek az utolsót|toroljetek az utolsot", "delete the last one"),
    ("emlékeztess|emlekeztess|szólj újra|szolj ujra", "remind me"),
    ("hogyan működik ez a bot|hogyan mukodik ez a bot|kako radi ovaj bot|kako se koristi", "help"),
    ("nem tudom pontosan|nem tudom", "not sure"), ("van szó|van szo", ""),
    ("biztos", "surely"), ("sajnos", ""), ("igen", "yes"), ("is", "also"), ("és|es", "and"), ("nem", "not"),
    ("erte|érte|rajta|lesz|van|az|a|egy|ezt|fel van rakva", ""),
)

_HU_WEEKDAY_BY_STEM = {"het": "Monday", "ked": "Tuesday", "sze": "Wednesday", "csu": "Thursday", "pen": "Friday",
                       "szo": "Saturday", "vas": "Sunday"}
# the weekday's stem and its case endings: -n/-en/-on on (the day), -re/-ra by, -tol/-tól from, -ig until
_HU_DAY = (r"(?P<hu_day>h[ée]tf[őo]|kedd|szerd|cs[üu]t[öo]rt[öo]k|p[ée]ntek|szombat|vas[áa]rnap)"
           r"(?P<hu_case>[öo]n|en|on|an|n|re|ra|nek|t[őo]l|ig|e|a)?")
_HU_OWN = frozenset({
    "kesz", "kész", "kezs", "holnap", "holap", "holnapra", "holnaputan", "tegnap", "tegnapelott", "anyag", "anyga",
    "alapanyag", "megjott", "megjött", "megerkezett", "beerkezett", "szallitas", "szállítás", "szalitas",
    "szallitjuk", "szallitunk", "szállítunk", "elkuldtuk", "elkudltuk", "elkuldtunk", "elkuldve", "elküldve",
    "hegesztes", "hegesztés", "porfestés", "porfestes", "porfesets", "festes", "festés", "esztergálás", "esztergalas",
    "marás", "maras", "sorjazas", "sajtolas", "sajtolás", "hajlitas", "gyartas", "gyártás", "folyamatban", "kesunk",
    "kesik", "kesnek", "csuszik", "csuszunk", "raklap", "raklapot", "raklappal", "db", "köszi", "koszi", "koszonom",
    "rendben", "vegellenorzes", "vegelenorzes", "végellenőrzés", "vegellenorzesen", "elso", "első", "darab", "hetfon",
    "kedden", "szerdan", "csutortokon", "penteken", "pentekre", "hetfore", "csutortokre", "hetfotol", "csutortok",
    "szerda", "pentek", "kedd", "nincs", "mindent", "elment", "megy", "karcos", "horpadt", "foltos", "selejt",
    "emlekeztess", "bocs", "hanem", "rossz", "jovo", "mult", "heten", "tetel", "tételszám", "tetelszam",
    "fröccsöntés", "froccsontes", "szereles", "lezervagas", "homokszoras", "homokszórás", "anodizalas",
    "galvanizalas", "onozas", "krimpelés", "krimpeles", "edzes", "menetfuras", "sorjátlanítás", "sorjatlanitas",
    "mintadarab", "kimeno", "ellenorzes", "mérettúllépés", "merettullepes", "kemenyseg", "hianyzo", "folytonossagi",
    "szakadt", "forgácsolás", "forgacsolas", "csomagolas", "kiszallitva", "osszesen", "ezer", "napot", "dolgozunk",
    "mukodik", "toroljetek", "elozo", "szolj", "tudom", "rézsin", "rezsin", "megvan", "visszajott", "kábelköteg",
    "kabelkoteg", "élhajlítás", "elhajlitas", "ujrafestjuk", "meresek", "kezdjuk", "elkeszult", "elkeszul", "indul",
    "ment",
})

# --- Serbian (Latin) ------------------------------------------------------------------------------------------------
_SR_WORDS: tuple[tuple[str, str], ...] = (
    # days
    ("prekosutra", "day after tomorrow"), ("prekjuče|prekjuce", "day before yesterday"),
    ("sutra|sutar", "tomorrow"), ("juče|juce", "yesterday"), ("danas", "today"),
    ("sledeće nedelje|sledece nedelje|sledeće sedmice|sledece sedmice", "next week"),
    ("ove nedelje|ovo nedelje|ovaj nedelju|ove sedmice", "this week"), ("nedelju dana|sedmicu dana", "1 week"),
    ("dana", "days"),
    # done, not yet, under way
    ("skoro gotovo|skoro gotova", "almost done"),
    ("gotovo sve|sve gotovo", "all done"),
    ("gotovo|gotova|gotov|gotvo|završeno|zavrseno|završena|zavrsena|završen|zavrsen|uradjeno|urađeno", "done"),
    ("zavareno", ""),
    ("u toku", "in progress"), ("radimo", "working on it"),
    ("jos nismo poceli|još nismo počeli", "not yet"), ("počinje|pocinje|počinjemo|pocinjemo", "starts"),
    ("nije prošao|nije prosao|nije prošla|nije prosla", "not passed"),
    ("prošao|prosao|prošla|prosla", "passed"), ("napravili smo|uradili smo", "made"),
    ("vraća se|vraca se|se vratila|se vratilo|se vratio", "back, done"),
    ("podešavamo alat|podesavamo alat", "adjusting tool"),
    # the goods and their moves
    ("nije stigao|nije stigla|nije stiglo|nisu stigli|jos nije stigao|još nije stigao|jos nije stigla", "not arrived"),
    ("stigao|stigla|stiglo|stigli|stigo|primljeno", "arrived"), ("stiže|stize", "arrives"), ("na putu", "in transit"),
    ("poslato je", "shipped is"), ("poslato|poslata|posalto|poslali smo|poslali|otpremljeno|otpremljena|isporučeno|isporuceno",
     "shipped"),
    ("šaljemo|saljemo|isporučujemo|isporucujemo", "dispatch"),
    ("isporuka|isporka|otprema", "dispatch"), ("ide roba", "dispatch"), ("roba", "goods"),
    ("materijal|materjal|materijala|sirovina", "material"), ("granulat", "resin"),
    ("bakarne šine|bakarne sine|bakar", "copper"), ("žica|zica", "wire"), ("kabla|kablovi", "cable"),
    # the steps
    ("završna kontrola|zavrsna kontrola|zavrsnu kontrolu|završnu kontrolu|zavrsna kontorla", "final inspection"),
    ("ulazna kontrola materijala|ulazna kontrola", "material check"),
    ("prvi komad|prvi komadi", "first article"),
    ("zavarivanje|varenje|varimo", "welding"), ("plastifikacija", "powder coating"), ("struganje", "turning"),
    ("glodanje", "milling"), ("brizganje|brizgnje", "injection molding"), ("montaža|montaza", "assembly"),
    ("kablovski snop", "harness"), ("prosecanje|prosecanje", "punching"), ("pakovanje|pakujemo", "packing"),
    ("savijanje", "bending"), ("sečenje|secenje", "cutting"), ("cinkovanje", "zinc plating"),
    ("lakiranje|farbanje", "painting"), ("galvanizacija", "plating"), ("niklovanje", "nickel plating"),
    ("kataforeza", "e-coating"), ("peskarenje", "sand blasting"), ("proizvodnju|proizvodnja", "production"),
    ("serija|seriju", "production"), ("kod kooperanta", "at subcontractor"), ("kod", "at"), ("ostalo", "left"), ("tek", "only"), ("dorada|doradu", "rework"),
    ("vraćamo na doradu|vracamo na doradu", "rework"),
    # late, short
    ("kasnimo|kasni|kasne", "delayed"), ("pomeramo za|pomerena za|pomereno za", "moved to"),
    ("ne stižemo|ne stizemo|ne možemo|ne mozemo|sigurno ne", "not possible"), ("umesto", "instead of"),
    ("nova je", "new date"), ("zbog", "because of"), ("pokvarila se presa", "press broke down"),
    ("nema struje", "power outage"), ("nema dovoljno", "short of"), ("nema", "short of"),
    ("nedostaje", "short of"), ("čekamo|cekamo|ceka se", "waiting for"), ("dobavljača|dobavljaca", "supplier"),
    ("praznici", "holidays"), ("kamion", "truck"), ("alata|alat", "tool"),
    # what went wrong
    ("rđa|rdja", "rust"), ("ogrebano|ogrebotne", "scratched"), ("deformisani", "deformed"),
    ("pukotinom|pukotina", "crack"), ("lunkerima|lunker", "porosity"), ("curi", "leaking"), ("napuklo", "cracked"),
    ("na testu pritiska", ""), ("posle pranja", ""),
    # counts
    ("komada|kom", "pcs"), ("palete|paleta", "pallets"), ("kutija|kutije", "cartons"), ("ukupno", "total"),
    ("cela količina|cela kolicina|kompletno|sve", "all"), ("ostatak", "the rest"), ("pola", "half"),
    ("oko", "about"), ("šarža|sarza|šaržna oznaka|sarzna oznaka", "lot"), ("druga tura", "batch 2"),
    ("poslednja tura", "last batch"), ("tura", "batch"),
    # chat, corrections, questions
    ("hvala puno|hvala", "thanks"), ("super|szuper", ""), ("važi|vazi|javim se", "ok"), ("izvinite|izvini", "sorry"),
    ("pogrešan broj|pogresan broj", "wrong number"), ("pogrešan datum|pogresan datum", "wrong date"),
    ("pogrešno|pogresno|greška|greska|ispravka", "correction"), ("treba", "should be"), ("nego", "but"),
    ("prethodnu poruku zanemarite", "ignore previous message"), ("podseti me|me podseti", "remind me"),
    ("takodje|takođe", "also"), ("sigurno", "surely"), ("imamo problem sa|ima", ""), ("poslali smo vam", "sent"), ("smo vam|vam", ""),
    ("na proveru", "for approval"), ("kod vas", "at your side"), ("jos|još", "still"), ("i", "and"), ("ne", "not"),
    ("nije", "not"), ("je|se|sa|od|za|na|u|ovo|ovaj|do", ""),
)
_SR_WEEKDAYS = {"ponedeljak": "Monday", "ponedeljka": "Monday", "utorak": "Tuesday", "utorka": "Tuesday",
                "sreda": "Wednesday", "sredu": "Wednesday", "srede": "Wednesday", "četvrtak": "Thursday",
                "cetvrtak": "Thursday", "četvrtka": "Thursday", "cetvrtka": "Thursday", "petak": "Friday",
                "petka": "Friday", "petkom": "Friday", "subota": "Saturday", "subotu": "Saturday",
                "nedelja": "Sunday", "nedelju": "Sunday"}
_SR_OWN = frozenset({
    "gotovo", "gotova", "gotov", "gotvo", "zavrseno", "završeno", "zavrsena", "završena", "sutra", "sutar", "juce",
    "juče", "danas", "prekjuce", "prekosutra", "poslato", "poslata", "posalto", "poslali", "saljemo", "šaljemo",
    "stigao", "stigla", "stiglo", "stigli", "stigo", "stize", "materijal", "materjal", "materijala", "isporuka",
    "isporka", "kom", "komada", "kasnimo", "kasni", "kasne", "zavarivanje", "varenje", "plastifikacija", "struganje",
    "glodanje", "brizganje", "brizgnje", "montaza", "toku", "hvala", "vazi", "izvinite", "ponedeljak", "ponedeljka",
    "utorak", "sredu", "sreda", "cetvrtak", "petak", "petka", "petkom", "otpremljeno", "otpremljena", "isporuceno",
    "nedostaje", "cekamo", "prvi", "komad", "zavrsna", "kontrola", "kontorla", "sirovina", "rdja", "ogrebano",
    "pukotinom", "deformisani", "curi", "lunkerima", "napuklo", "sarza", "sarzna", "tura", "pogresan", "pogresno",
    "greska", "ispravka", "zanemarite", "podseti", "cinkovanje", "lakiranje", "farbanje", "galvanizacija",
    "niklovanje", "kataforeza", "peskarenje", "savijanje", "secenje", "sečenje", "prosecanje", "pakovanje",
    "pakujemo", "radimo", "uradjeno", "uradili", "napravili", "zavareno", "palete", "kutija", "kutije", "ukupno",
    "kompletno", "kolicina", "takodje", "varimo", "pocinjemo", "pocinje", "proizvodnju", "nismo", "nije", "zica",
    "ogrebotne", "umesto", "pomerena", "pomeramo", "stizemo", "mozemo", "nedelje", "prosao", "prosla", "roba",
    "nema", "dovoljno", "bakarne",
})
_SR_DAY = r"(?P<sr_day>" + "|".join(sorted(_SR_WEEKDAYS, key=len, reverse=True)) + r")(?!\s+dana)"
_ORDINALS = {"elso": 1, "masodik": 2, "harmadik": 3, "negyedik": 4, "prva": 1, "druga": 2, "treca": 3, "cetvrta": 4}

_HU_MEANING = spelling_table(_HU_WORDS)
_SR_MEANING = spelling_table(_SR_WORDS)


# the shared forms: dates, numbers and counts, written alike in both languages
_COMMON = (
    # a date, day first with a dot and maybe its closing dot and a Hungarian case ending (`12.11.-én`, `10.12-ig`)
    r"(?<![\d/.,])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.?(?:-?(?P<date_case>[a-zA-Z\u00c0-\u024f]{1,3}))?"
    rf"(?![\d/.,]\d|\d|[{_L}])"
    # an ISO week (`48. heten`, `a 48. heten`)
    rf"|(?<![\d{_L}])(?:a\s+)?(?P<week>\d{{1,2}})\.\s*(?:h[ée]ten|h[ée]t)(?![{_L}])"
    # a lot by its order (`2. tetel`, `a 3.`)
    rf"|(?<![\d.,])(?P<nth>\d)\.\s*(?:t[ée]tel(?:t|e)?|tura|szállítmány|szallitmany)(?![{_L}])"
    rf"|(?<![{_L}])(?P<ordinal>els[őo]|m[áa]sodik|harmadik|negyedik|prva|druga|tre[ćc]a|[čc]etvrta)\s+"
    rf"(?:t[ée]tel(?:t|e)?|tura|szállítmány|szallitmany|isporuka)(?![{_L}])"
    # a whole said with its case of origin (`3.000 db-bol`, `a 2.000-bol`) or after Serbian `od` (`od 3 500 kom`):
    # out of so many, said as English `total` before it
    rf"|(?<![\d.,])(?P<of_whole>\d{{1,3}}(?:[ .]\d{{3}})+|\d+)(?P<of_pcs>\s*db)?-b[őo]l(?![{_L}])"
    rf"|(?<![{_L}])od\s+(?P<od_whole>\d{{1,3}}(?:[ .]\d{{3}})+(?![\d.,]\d|\d)|\d+(?![\d.,]\d))"
    # thousands (`2,5 ezer`), the thousands dot or space (`1.200`, `12 000`), the decimal comma (`2,5`)
    rf"|(?<![\d.,])(?P<thousands>\d+(?:,\d+)?)\s*ezer(?![{_L}])"
    r"|(?<![\d.,])(?P<grouped>\d{1,3}(?:[ .\u00a0]\d{3})+)(?![\d.,]\d|\d|\s\d{3}(?!\d))"
    r"|(?<![\d.,])(?P<whole>\d+),(?P<fraction>\d{1,3})(?![\d.,]\d|\d)"
    # so many each (`5 kutija po 120 kom`)
    rf"|(?<=[{_L}]\s)(?P<each>po)(?=\s+\d)"
    # pieces (`db`, glued to a case ending: `db-bol`, `db-ot`, `700db`) and a share with its ending (`80%-on`)
    rf"|(?<=[\d\s])(?P<pcs>db(?:-[{_L}]{{1,3}})?)(?![{_L}])"
    rf"|(?<=\d)%-[{_L}]{{1,3}}(?:\s+(?:[áa]ll|tart))?(?![{_L}])"
    # a count out of a whole (`3.000 db-bol 1.800`, handled by number order): `-bol`/`-ből` after a count
    rf"|(?<=\d)(?P<of_case>-(?:b[őo]l|r[őo]l|at|et|ot|t|as|es|nal|nel))(?![{_L}])"
)


def _language_pattern(meaning: dict[str, str], day: str) -> re.Pattern[str]:
    return re.compile(
        _COMMON
        # a weekday, the coming or the last one
        + rf"|(?<![{_L}])(?:(?P<rel>j[öo]v[őo]|m[úu]lt|sledeći|sledeci|sledece|sledeće|prošl[ia]|prosl[ia])\s+)?"
        rf"(?:(?P<on>u|do|za|tek)\s+)?{day}(?![{_L}])"
        rf"|(?<![{_L}-])(?P<word>{either_word(meaning)})(?![{_L}\d-])"
        # any other word with an accent, said without it (case-blind matching reads `i` as `İ`: not here)
        rf"|(?<![{_L}])(?P<accented>(?-i:[A-Za-z]*[\u00c0-\u024f][{_L}]*))",
        re.IGNORECASE)


_HU_WORD = _language_pattern(_HU_MEANING, _HU_DAY)
_SR_WORD = _language_pattern(_SR_MEANING, _SR_DAY)

_NOT_LATIN = re.compile(r"[\u0400-\u04ff\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u1ea0-\u1ef9ăđơưĂĐƠƯ]")
_LATIN_WORD = re.compile(r"(?<![\w])[a-z\u00c0-\u024f]+(?![\w])")
# Russian said in Latin letters writes zh, kh and shch (`zhdem`, `khorosho`), which neither language does
_TRANSLIT = re.compile(r"zh|kh|shch", re.IGNORECASE)
_CLAUSE = re.compile(r"[;!?\n]|[,.](?!\d)")  # a dot or comma between digits ends no clause (`1.100`, `11.12`)
_DAY_WORDS = frozenset({"today", "tomorrow", "day after tomorrow", "next week", "this week"})


@lru_cache(maxsize=4096)
def _language(text: str) -> str | None:
    """`hu`, `sr`, or None: which of the two the message is written in, by its own words."""
    if _NOT_LATIN.search(text) is not None or _TRANSLIT.search(text) is not None:
        return None
    words = set(_LATIN_WORD.findall(unicodedata.normalize("NFC", text).lower()))
    hungarian, serbian = len(words & _HU_OWN), len(words & _SR_OWN)
    if not hungarian and not serbian:
        return None
    return "hu" if hungarian >= serbian else "sr"


def is_pannonian(text: str) -> bool:
    """Whether the message is written in Hungarian or in Serbian (Latin script)."""
    return _language(text) is not None


def _pattern_meaning(language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    return (_HU_WORD, _HU_MEANING) if language == "hu" else (_SR_WORD, _SR_MEANING)


def _weekday(match: re.Match[str], language: str) -> str:
    if language == "hu":
        name = _HU_WEEKDAY_BY_STEM[without_accents(match["hu_day"]).lower()[:3]]
        case = (match["hu_case"] or "").lower()
        if case in ("re", "ra", "ig"):
            name = f"by {name}"
        elif case in ("tol", "tól", "től"):
            name = f"from {name}"
    else:
        name = _SR_WEEKDAYS[match["sr_day"].lower()]
        on = (match["on"] or "").lower()
        if on == "do":
            name = f"to {name}"
        elif on == "tek":
            name = f"only {name}"
        elif on in ("u", "za"):
            name = f"on {name}"
    rel = (match["rel"] or "").lower()
    if rel.startswith(("j", "s")):
        return f"next {name}"
    if rel:
        return f"last {name}"
    return name


def _english(match: re.Match[str], language: str, meaning: dict[str, str]) -> str:  # noqa: C901 - one per form
    if match["day"] is not None:
        day, month = int(match["day"]), int(match["month"])
        if 1 <= day <= 31 and 1 <= month <= 12:
            case = without_accents(match["date_case"] or "").lower()
            said = f"{month}/{day}"
            return f"by {said}" if case in ("ig", "re", "ra") else f"on {said}"
        return match.group(0)
    if match["week"] is not None:
        return f"week {match['week']}"
    if match["nth"] is not None:
        return f"batch {match['nth']}"
    if match["of_whole"] is not None:
        return f"total {re.sub(r'[^0-9]', '', match['of_whole'])}" + (" pcs" if match["of_pcs"] else "")
    if match["od_whole"] is not None:
        return f"total {re.sub(r'[^0-9]', '', match['od_whole'])}"
    if match["ordinal"] is not None:
        shipment = re.search(r"sz[áa]ll[íi]tm[áa]ny|isporuka", match.group(0), re.IGNORECASE)
        return f"batch {_ORDINALS[without_accents(match['ordinal']).lower()]}" + (" shipment" if shipment else "")
    if match["thousands"] is not None:
        return format(round(float(match["thousands"].replace(",", ".")) * 1000), "d")
    if match["grouped"] is not None:
        return re.sub(r"\D", "", match["grouped"])
    if match["whole"] is not None:
        return f"{match['whole']}.{match['fraction']}"
    if match["each"] is not None:
        return "x"
    if match["pcs"] is not None:
        return "pcs"
    if match["of_case"] is not None:
        return ""
    if match.group(0).startswith("%"):
        return "%"
    if (match["hu_day"] if language == "hu" else match["sr_day"]) is not None:
        return _weekday(match, language)
    if match["word"] is not None:
        return meaning.get(" ".join(match["word"].lower().split()), "")
    if match["accented"] is not None:
        return without_accents(match["accented"])
    return ""


def _said(text: str, language: str) -> list[tuple[int, int, str]]:
    pattern, meaning = _pattern_meaning(language)
    return [(m.start(), m.end(), _english(m, language, meaning)) for m in pattern.finditer(text)]


_GOES = re.compile(r"(?<![A-Za-z])(?:megy|ide)(?![A-Za-z])", re.IGNORECASE)
_DAYS_SAID = re.compile(r"(?<![A-Za-z])(?:today|tomorrow|day after tomorrow|next week|(?:(?:on|by|next|only|to|from) )*(?:Monday|Tuesday"
                        r"|Wednesday|Thursday|Friday|Saturday|Sunday)|on \d{1,2}/\d{1,2})(?![A-Za-z])")


def _in_clauses(text: str, said: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The words said by their clause: `megy` (Hungarian) and `ide` (Serbian), goes, are a step going on, or with a
    day in the clause the goods going; `kész`/`gotovo` with a day it is done by is a plan (`ma estig kesz`), and
    beside a count with no comma between (`sajtolas kesz 8.000 db`) the count made so far (the writers' convention)."""
    out = list(said)
    for found in _GOES.finditer(text):
        if any(start <= found.start() < end for start, end, _ in said):
            continue
        words = [word for start, end, word in said if _same_clause(text, found.start(), start)]
        dated = any(_DAYS_SAID.search(word) for word in words)
        stepped = any(word in _STEP_WORDS for word in words)
        # `holnap megy galvanizalasra`: to a step, it starts then; `hetfon megy`: the goods go then
        out.append((found.start(), found.end(), ("starts" if stepped else "dispatch") if dated else "in progress"))
    out.sort()
    for index, (start, end, word) in enumerate(out):
        if word != "done":
            continue
        if any(by.startswith("by ") for at, _, by in out if _same_clause(text, start, at)):
            out[index] = (start, end, "will be done")
        elif any(_COUNTED.fullmatch(text, at, stop) for at, stop, _ in out if _same_clause(text, start, at)) \
                and any(other in _STEP_WORDS for at, _, other in out if _same_clause(text, start, at)):
            out[index] = (start, end, "made")
    for index, (start, end, word) in enumerate(out[:-1]):
        # Hungarian says the state first (`kész a kabelkoteg`), English the step first: the two said the other way
        after = next((j for j in range(index + 1, len(out)) if out[j][2]), None)
        if word in ("done", "will be done", "made") and after is not None and out[after][2] in _STEP_WORDS \
                and _same_clause(text, start, out[after][0]) and not text[end:out[after][0]].strip(" a"):
            out[index], out[after] = (start, end, out[after][2]), (out[after][0], out[after][1], word)
    for index, (start, end, word) in enumerate(out):
        # `holnapra kesz a hegesztes`: English says the day a step will be done by after it
        if word.startswith("by "):
            done_at = next((j for j in range(index + 1, len(out))
                            if out[j][2] == "will be done" and _same_clause(text, start, out[j][0])), None)
            if done_at is not None:
                out[index] = (start, end, "")
                out[done_at] = (out[done_at][0], out[done_at][1], f"will be done {word}")
    _not_possible(text, out)
    for index, (start, end, word) in enumerate(out):
        # a step with today and no word of its state (`zavrsna kontrola danas`): today's plan of it, as the house reads
        # `今天终检` (round 22a)
        if word in _STEP_WORDS:
            clause = [other for at, _, other in out if other and _same_clause(text, start, at)]
            if sorted(clause) == sorted([word, "today"]):
                out[index] = (start, end, f"{word} planned")
    for index, (start, end, word) in enumerate(out):
        if word == "back, done" and any(_DAYS_SAID.fullmatch(other) for at, _, other in out if _same_clause(text, start, at)):
            out[index] = (start, end, "returns")  # `vraca se u cetvrtak`: it comes back on Thursday
        elif word == "only" and any(_DAYS_SAID.fullmatch(other) for at, _, other in out if at > start):
            out[index] = (start, end, "delayed to")  # `csak jovo hetfon`: only then, as 才 says
    said_words = {word for _, _, word in out}
    if "first article" in said_words and "sent" in said_words:
        # the first article sent or brought for the buyer's verdict: begun, its verdict to come (首件送过去了)
        out = [(start, end, "首件送过去了" if word == "sent" else "" if word in ("for approval", "done", "made") else word)
               for start, end, word in out]
    return out


def _not_possible(text: str, out: list[tuple[int, int, str]]) -> None:
    """`ezt a hetet nem tudjuk tartani, kedd lesz`, `ne mozemo danas, sutra`: the day they cannot keep, then the day
    they can, said as English says a delay (`delayed to Tuesday`)."""
    refused = next((i for i, (_, _, word) in enumerate(out) if word == "not possible"), None)
    if refused is None:
        return
    later = next((j for j in range(refused + 1, len(out)) if _DAYS_SAID.fullmatch(out[j][2])
                  and not _same_clause(text, out[refused][0], out[j][0])), None)
    if later is None:
        later = next((j for j in range(refused + 1, len(out)) if _DAYS_SAID.fullmatch(out[j][2])), None)
    if later is None:
        return
    for index, (start, end, word) in enumerate(out[:later]):
        if word == "not possible" or word in ("this week", "surely") or (
                _DAYS_SAID.fullmatch(word) and _same_clause(text, start, out[refused][0])):
            out[index] = (start, end, "")
    start, end, word = out[later]
    out[later] = (start, end, "delayed to " + re.sub(r"^(?:on|only|by) ", "", word))


def _same_clause(text: str, one: int, other: int) -> bool:
    low, high = min(one, other), max(one, other)
    return _CLAUSE.search(text, low, high) is None


_COUNTED = re.compile(r"db(?:-[A-Za-z\u00c0-\u024f]{1,3})?|kom(?:ada)?", re.IGNORECASE)


# `nem 28700 hanem 28701`, `nije prvi komad nego zavrsna kontrola`, `nem a 2. tetel hanem a 3.`: not this but that,
# said as English says a correction, the right one first (`correction: 28701 not 28700`)
_NOT_BUT = re.compile(r"(?<![A-Za-z])(?:nem|nije|ne)\s+(?:a\s+)?(?P<wrong>[^,;?!]+?)\s+(?:hanem|nego)\s+(?:a\s+)?"
                      r"(?P<right>[^,;?!]+?)\s*$", re.IGNORECASE)


def _said_part(text: str, language: str) -> str:
    return said_over(text, _in_clauses(text, _said(text, language)))


@lru_cache(maxsize=4096)
def _english_of(text: str) -> str:
    language = _language(text)
    if language is None:
        return text
    text = unicodedata.normalize("NFC", text)
    corrected = _NOT_BUT.search(text)
    if corrected is not None:
        wrong, right = (_said_part(corrected[name], language) for name in ("wrong", "right"))
        if wrong.startswith("batch ") and right.rstrip(".").isdigit():
            right = f"batch {right.rstrip('.')}"  # `nem a 2. tetel hanem a 3.`: the third batch
        before = _said_part(text[:corrected.start()], language)
        return f"{before} correction: {right} not {wrong}".strip(" ,")
    return _said_part(text, language)


def in_english(text: str) -> str:
    """`text` with the Hungarian or Serbian words of a report said in English and its dates month first; other
    text as it is."""
    return _english_of(text)


_ANY_WORD = re.compile(rf"(?<![{_L}\d])[a-z\u00c0-\u024f][{_L}]+")


@lru_cache(maxsize=4096)
def unread(text: str) -> tuple[str, ...]:
    """The lower-case words of the message the table does not say, as typed: the reader asks whether each is a
    word of its own, and shows the reading first where one is not."""
    language = _language(text)
    if language is None:
        return ()
    text = unicodedata.normalize("NFC", text)
    pattern, _ = _pattern_meaning(language)
    accented = {(m.start(), m.end()) for m in pattern.finditer(text) if m["accented"] is not None}
    read = [(start, end) for start, end, _ in _in_clauses(text, _said(text, language)) if (start, end) not in accented]
    return tuple(m.group(0) for m in _ANY_WORD.finditer(text)
                 if not any(start <= m.start() and m.end() <= end for start, end in read))


def as_written(value: str, original: str) -> str:
    """A reason or description read from the message said in English, in the sender's own words again."""
    language = _language(original) if value else None
    if language is None:
        return value
    original = unicodedata.normalize("NFC", original)
    typed = as_typed(_in_clauses(original, _said(original, language)), value, original)
    return value if typed is None else typed


# a day or a count said in place of another (`15.12 umesto 10.12`, `nije prvi komad nego zavrsna kontrola`): which
# is meant is shown first; a share of 100 beside a word of done (`100% kesz`): the step done, or the share of it
_IN_PLACE_OF = re.compile(r"(?<![A-Za-z])(?:umesto|helyett|nego)(?![A-Za-z])|(?<![\d.,])100\s*%", re.IGNORECASE)
# a count left or a step to come with no day (`300 kom ostalo`, `vegellenorzes kovetkezik`): what the step's state is
# the sender's to say
_UNSETTLED = re.compile(r"(?<![A-Za-z])(?:ostalo|maradt|h[áa]tra\s+van|k[öo]vetkezik|sledi|kb|k[öo]r[üu]l|oko|otprilike"
                        r"|nagyj[áa]b[óo]l)(?![A-Za-z])", re.IGNORECASE)  # and a count or share said about
# a shortage said beside a delay (`nema materijala, bakar kasni`): the stock lacking, or the order late for it
_SHORT = re.compile(r"(?<![A-Za-z])(?:nema|nincs|nedostaje|hi[áa]ny|anyaghi[áa]ny)(?![A-Za-z])", re.IGNORECASE)
_LATE = re.compile(r"(?<![A-Za-z])(?:kasni|kasnimo|kasne|k[ée]sik|k[ée]s[üu]nk|k[ée]snek|cs[úu]szik)(?![A-Za-z])",
                   re.IGNORECASE)
# Hungarian's state before its step and a count after (`kész a forgácsolás 600 db`): made so far, or the step done
_DONE_STEP_COUNT = re.compile(r"(?<![A-Za-z])k[ée]sz\s+a\s+[^,;.\d]+\d[\d .]*\s*db", re.IGNORECASE)


def asks_first(text: str) -> bool:
    """A Hungarian or Serbian message shown first rather than guessed: a day, a count or a step said in place of
    another; a share of 100; a count left or a step to come; a shortage beside a delay; a step done with a count
    after it; a day something will be done by with no step named."""
    language = _language(text)
    if language is None:
        return False
    if _IN_PLACE_OF.search(text) or _UNSETTLED.search(text) or _DONE_STEP_COUNT.search(text):
        return True
    if _SHORT.search(text) and _LATE.search(text):
        return True
    said = [word for _, _, word in _in_clauses(text, _said(unicodedata.normalize("NFC", text), language))]
    return any(word.startswith("will be done") for word in said) \
        and not any(word in _STEP_WORDS or word == "first article" for word in said)


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
