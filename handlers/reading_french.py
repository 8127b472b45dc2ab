"""French words of a report (and the Darija said beside them), in the English the reader knows before it is read.

Moroccan and Algerian subcontractors of Chinese wheel, harness and seat-frame plants (Tanger Med, Kenitra, Casablanca,
Oran: casting, machining, diamond-cut, anodising, e-coat and powder paint, stamping, welding, crimping) write the bot
in the French of the chat: accents and participle endings left to chance (`matiere arrivée`, `usinage terminer`,
`expedié`), short forms (slt, stp, svp, bcp, cde, qté, livr.), the shop's own names of its steps (usinage, fonderie,
cataphorese, sertissage, emboutissage, diamantage) and the Darija or Algerian words of the day and the state said in
Latin letters (ghda tomorrow, lbareh yesterday, daba now, wslat arrived, mazal not yet, siftna we sent, khlas
finished, makaynch there is none). Unread, such a message is a string of unknown words, and the reader asks. As
handlers/reading_portuguese.py says Portuguese, each French or Darija word of a report is said as the English word it
means, in place, and a reason or description read from it is put back in the sender's words (`as_written`):

- Days: aujourd'hui, demain, hier, avant-hier, ce matin, hier soir; ghda/ghodwa, ba3d ghda, lbareh, lyoum,
  daba/derwek; the weekdays by their names (`dernier`/`passé` last, `prochain` the coming one).
- Dates are written day first, with a slash or a dot (`23/10`, `18.12`, `20.11.2026`) and never otherwise in this
  register: said month first as the reader reads them. `le 3 dec` is a day of a month, `semaine 47`/`S47` an ISO week.
- Numbers: a space or a dot between groups of three is the thousands' (`1 200`, `1.200`), the comma the decimal mark
  (`2,5 t`).
- Greetings, blessings and address (slt, bonjour, inchallah, hamdullah, khouya) carry no fact.
- The wheel's X-ray, the leak test and the first article sent for the verdict are said by the Chinese names the reader
  knows them by (X光探伤, 气密测试, 首件送过去了), as handlers/reading_languages.py says Spanish and German.

A message is French's when it holds one of its own words that is no English, Spanish, Portuguese, German or Indonesian
word (matiere, usinage, expedié, livraison, reçu, ghda, wslat, ...) and no Chinese, Japanese, Korean, Thai, Cyrillic or
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

__all__ = ["as_written", "asks_first", "in_english", "is_french", "unread"]

_L = "A-Za-z\u00c0-\u024f"


_plain = without_accents


# (spellings, English); a word said as "" carries no fact. Each spelling is also read without its accents, and every
# spelling is matched whole, longest first, so a phrase is read before its words.
_WORDS: tuple[tuple[str, str], ...] = (
    # days and times of day, French and Darija
    ("ba3d ghda|baad ghda|ba3d ghedwa|après-demain|apres-demain|apres demain|après demain", "day after tomorrow"),
    ("avant-hier|avant hier", "day before yesterday"),
    ("demain|demin|ghda|ghedda|ghedwa|ghodwa|ghudwa", "tomorrow"),
    ("hier soir", "yesterday evening"), ("hier|lbareh|el bareh|lbarah|l'bareh", "yesterday"),
    ("aujourd'hui|aujourdhui|aujourd hui|ajd|auj|lyoum|lyouma|el youm", "today"),
    ("de ce matin", "from today"), ("ce matin", "this morning"), ("cet aprem|cet après-midi|cet apres-midi|cet apres midi", "this afternoon"),
    ("ce soir", "this evening"), ("matin", "morning"), ("daba|derwek|drk|dorka|maintenant", "now"),
    ("semaine prochaine|la semaine prochaine", "next week"), ("semaine dernière|semaine derniere", "last week"),
    ("cette semaine", "this week"), ("ce mois", "this month"), ("ces temps ci|ces temps-ci", "lately"),
    ("fin de semaine|weekend|week-end", "weekend"),
    ("jours|jour", "days"), ("une semaine", "1 week"), ("semaines|semaine", "week"),
    # not yet, under way, done
    ("mazal ma wslatch|mazal ma wsletch|mazal ma jatch|mazal ma jach|ma wslatch|ma jatch", "not yet arrived"),
    ("pas encore|pas encor|toujours pas|mazal", "not yet"), ("toujours", "still"),
    ("en cours de|en cours|en cour|rana nkhdmou|rana nkhedmou|rana f|rana fi", "in progress"),
    ("terminées|terminés|terminée|terminé|terminee|termine|terminer|finies|finis|finie|fini|finir|salina|khlas"
     "|khlass|achevé|achevée", "done"),
    ("c'est fait|ces fait|c fait", ""), ("faites|faits", "made"), ("prêtes|prêts|prête|prêt|pretes|prets|prete|pret", "ready"),
    ("faite|fait", "done"),
    ("sa y est|ça y est|ca y est", ""),
    ("commencée|commencé|commence|démarré|démarrée|demarré|demarrée|on demarre|on démarre|on attaque|on commence"
     "|on lance|lancée|lancé", "started"),
    ("passage en|passage a|passage à|on passe a|on passe à", "now"), ("passe au|passe a|passe à", ""),
    ("validée|validé|valider|validés|validées|valide|approuvé", "approved"),
    ("fai bon|fai good", "FAI ok"), ("fai ng|fai pas ok|fai refusé|fai refuse|fai rejeté", "FAI not passed"), ("refait|refaire|on refait", "again"), ("renvoyé", "sent again"),
    # the goods and their moves
    ("arrivée prevue|arrivée prévue|arrivee prevue", "ETA"), ("arrivée chez vous", "arrives at your plant"),
    ("arrive|arrivera|arrivent", "arrives"),
    ("arrivées|arrivés|arrivée|arrivé|arrivee|arrive|arivée|wslat|wslet|wslou|wsal|wasla|jat", "arrived"),
    ("rentré en stock|rentrée en stock|en stock", "in stock"),
    ("reçues|reçus|reçue|reçu|recues|recus|recue|recu|receptionné|réceptionné", "arrived"),
    ("recevoir", "receive"),
    ("expédiés|expédiées|expédié|expédiée|expediés|expedié|expediées|expediée|expedies|expedie|expedier|expédier"
     "|expediér|siftna|sifetna|siftnahom|parties|partis|partie|partit|parti|rahi partie|rahi parti|envoyés|envoyé"
     "|envoyées|envoyée|envoye", "shipped"),
    ("on expedie|on expédie|on livre|on envoie|on envoi|livrer|envoyer", "will ship"), ("part|partent", "ships"),
    ("expedition aujourd'hui|expédition aujourd'hui|livraison aujourd'hui", "will ship today"),
    ("cdes en cours|commandes en cours", "open orders"),
    ("expeditions|expéditions|expedition|expédition|expidition|exped|expé|livraison|livraision|livrasion|livr.|depart"
     "|départ", "shipment"),
    ("livrés|livrées|livrée|livré", "shipped"), ("livre", "delivered"),
    ("en route vers|en route", "in transit to"), ("chez vous", "at your plant"), ("chez nous", "at our plant"),
    ("en douane", "in customs"), ("transporteurs|transporteur", "carrier"), ("camions|camion", "trucks"),
    ("chargé|chargés", "loaded"), ("on decharge|on décharge", "unloading"),
    ("matières|matiéres|matière|matiére|matieres|matiere|matier|la marchandise|marchandise", "material"),
    ("lingots alu|lingots", "aluminium ingots"), ("profilés alu|profilés", "aluminium profiles"),
    ("tôles|toles|tôle|tole", "steel sheet"), ("tubes acier", "steel tubes"), ("fil cuivre", "copper wire"),
    ("bobines|bobine", "coils"), ("fil", "wire"), ("alu", "aluminium"),
    ("kolchi kayn|kolchi", "all"), ("tout est|tout", "all"),
    ("qté conforme|qte conforme|quantité conforme", "quantity correct"), ("tout conforme", "all ok"), ("qté|qte|quantité", "quantity"), ("conformes|conforme", "all ok"),
    ("ras", "ok"),
    # the steps, as the shop names them
    ("contrôle final|controle final|controle finale|contrôle finale|coutrole final|inspection finale", "final inspection"),
    ("premiere piece|première pièce|premiere pièce|piece type|pièce type|echantillons|échantillons", "first article"),
    ("fonderie", "casting"), ("usinée|usinées|usinés|usiné", "machining done"),
    ("usinage|usinge", "machining"), ("decoupe laser|découpe laser", "laser cutting"),
    ("decoupe fil|découpe fil", "wire cutting"), ("decoupe|découpe", "cutting"), ("pliage", "bending"),
    ("peinture poudre|poudre", "powder coating"), ("peinture|peiture|peintre", "painting"),
    ("cataphorese|cataphorèse|cata", "e-coating"), ("anodisation|anodisatoin", "anodizing"),
    ("diamantage", "diamond cutting"), ("vernis", "clear coat"), ("polissage", "polishing"),
    ("chromage", "chrome plating"), ("grenaillage", "shot blasting"), ("ebavurage|ébavurage", "deburring"),
    ("degraissage|dégraissage", "degreasing"), ("phosphatation", "phosphating"),
    ("traitement thermique", "heat treatment"), ("emboutissage", "stamping"),
    ("soudée|soudées|soudés|soudé", "welding done"), ("soudure manquante", "missing weld"), ("soudure", "welding"),
    ("serties|sertis|sertie|serti", "crimping done"), ("sertissage|sertisage", "crimping"),
    ("montage", "assembly"), ("equilibrage|équilibrage", "balancing"),
    # the checks inside the making the reader knows by their Chinese names only: leak test, X-ray
    ("test etancheite|test étanchéité|test d'etancheite|test d'étanchéité", "气密测试"), ("test electrique|test électrique", "electrical test"),
    ("radio rx|radio", "X光探伤"), ("emballage", "packing"), ("emballé|emballés|on emballe", "packed"),
    ("serie|série|la prod|prod|production", "production"), ("reglage moule|réglage moule", "mold adjustment"),
    ("reglage|réglage", "adjustment"), ("faisceaux|faisceau", "harnesses"), ("armatures", "frames"),
    ("jantes|jante", "wheels"), ("ligne", "line"),
    # late, short, broken
    ("retard d'une semaine", "1 week delay"), ("retard d'un jour", "1 day delay"), ("retard de", "delay of"),
    ("en retard", "delayed"), ("retard|retar", "delayed"),
    ("décalée|decalée|decalee|décalé|decalé|reportée|reportee|reporté|reporte|repoussée|repoussee|repoussé",
     "postponed"),
    ("au lieu de", "instead of"), ("plutôt|plutot", "instead"),
    ("nouvelle date", "new date"), ("prévue|prevue|prévu|prevu", "planned"),
    ("rupture de stock", "out of stock"), ("makaynch|makaynsh|makaynach|ma kaynch", "no"),
    ("manque de|manque d'|il manque|manque", "short of"), ("pas de", "no"),
    ("en panne|cassé|cassée|casse", "broke down"), ("machine", "machine"), ("four", "furnace"), ("moule", "mold"),
    ("coupure d'electricite|coupure d'électricité|coupure de courant|coupure d'electricité", "power outage"),
    ("coupure d'eau", "water cut"),
    ("grève|greve", "strike"), ("ferié|férié|ferie", "holiday"), ("gaz", "gas"),
    ("pas dispo", "not available"), ("a cause du|a cause de|à cause du|à cause de|a cause|à cause", "because of"),
    ("on attend|en attente", "waiting for"), ("attend", "waiting for"),
    # what went wrong
    ("rayées|rayés|rayée|rayé|rayer|rayures", "scratched"), ("bavures", "burrs"), ("coups", "dents"),
    ("bosses", "dents"), ("coulures peinture|coulures de peinture|coulures", "paint runs"), ("porosité|porosite", "porosity"), ("retassure", "shrinkage"),
    ("fissure", "crack"), ("oxydation", "oxidation"), ("ecart de teinte|écart de teinte|teinte", "color difference"),
    ("hors cote|hors côte", "out of spec"), ("hors tolerance|hors tolérance", "out of tolerance"),
    ("voile", "runout"), ("filetage", "thread"), ("fils inversés|fils inverses", "reversed wires"),
    ("continuité ng|continuite ng|continuité|continuite", "open circuit"), ("cosses mal serties|mal serties", "bad crimp"),
    ("abimés|abîmés|abimes|abimées", "damaged"), ("mis au rebut|mises au rebut|rebutées|rebutés|rebut", "scrapped"),
    ("retour pour reprise|reprise en cours|en reprise|reprise", "rework"), ("trouvé|trouvés", "found"),
    ("mises de coté|mis de coté|mises de côté|mis de côté", "set aside"), ("on les remplace", "replacing them"),
    ("remplacées|remplacés", "replaced"), ("tombées|tombés", "fell"),
    ("diam alesage|diametre alesage|diamètre alésage", "bore diameter"), ("diametre|diamètre|diam", "diameter"),
    ("epaisseur anodisation|épaisseur anodisation|epaisseur peinture|épaisseur peinture", "coating thickness"),
    ("epaisseur|épaisseur", "thickness"), ("valeurs", "values"), ("hauteur de sertissage", "crimp height"),
    ("pendant le transport", "in transit"), ("pendant l'emballage", "in packing"),
    # counts
    ("pièces|pieces|pièce|piece|pcs|pc", "pcs"), ("palettes|palette", "pallets"), ("cartons|carton", "cartons"),
    ("colis", "packages"), ("tonnes", "t"), ("la moitié|la moitie|moitié", "half"),
    ("le reste", "the rest"), ("au total|total", "total"), ("commandés|commandées", "ordered"),
    ("derniers|dernières|dernier|derniere|dernière", "last"), ("lot|lots", "lot"),
    ("cde soldée|commande soldée|cde soldee", "all shipped"), ("commandes|commande|cdes", "order"), ("cde", "PO"),
    ("les deux", "both"), ("complete|complète|complet", "complete"), ("aussi", "also"), ("seulement", "only"),
    # the words of the chat and of a question
    ("merci beaucoup|merci bcp|merci|sahit|saha|yaatik saha|ya3tik saha|baraka llahou fik|baraka allahou fik"
     "|xie xie laoban|xie xie", "thanks"),
    ("merci de l'info|merci pour l'info|merci pour l'information", "thanks"),
    ("bien recu l'info|bien reçu l'info", "noted"), ("bien reçu|bien recu|c bon recu|c bon reçu|c'est bon recu|c'est bon reçu|reçu les photos|recu les photos", "noted"),
    ("wakha|safi|d'accord|dac|hao de|c bon|c'est bon", "ok"), ("bien noté|bien note|noté", "noted"),
    ("on regarde ca|on regarde ça|on regarde|je regarde", ""), ("je verifie|je vérifie", "checking"),
    ("tenez moi au courant|tiens moi au courant|tenez-moi au courant", ""),
    ("oublie le msg d'avant|oublie le dernier msg|oublie le msg|oublie mon msg", "undo"),
    ("annule|annuler", "cancel"), ("oublie|ignore", "ignore"), ("efface", "delete"),
    ("le dernier msg|dernier msg|mon dernier msg", "last msg"), ("le msg d'avant|msg d'avant|msg precedent|msg précédent|message précédent", "previous message"),
    ("msg|message", "message"), ("erreur de frappe", "typo"), ("je me suis trompé|je me suis trompe|je corrige", "correction"),
    ("c'est le|c'est la|c'est", "it is"), ("pas le|pas la|pas", "not"), ("mauvaise|mauvais", "wrong"),
    ("fausse|faux", "wrong"), ("pas bonne|pas bon", "wrong"), ("erreur", "wrong"), ("smahli|pardon|desolé|désolé", "sorry"),
    ("rappelle moi|rappelle-moi|relance moi|relance-moi|rappel", "remind me"),
    ("comment repondre au bot|comment répondre au bot|comment utiliser", "how to use the bot"),
    ("qu'est-ce qu'on doit recevoir", "what is due"), ("on en est où|on en est ou|ça en est où|ca en est ou"
     "|ça donne quoi|ca donne quoi", "status"), ("avancement", "status"),
    ("quand", "when"), ("pourquoi", "why"), ("quels|quelles|quelle|quel", "which"), ("ou", "or"), ("où", "where"),
    ("liste des", "list of"), ("anomalies|exceptions|exception", "exceptions"), ("ouvertes|ouverts", "open"),
    ("reglé|réglé|regle", "resolved"), ("je m'en occupe|je prends", "on it"),
    ("pas possible", "not possible"), ("on peut pas|on ne peut pas", "cannot"), ("sera pas|ne sera pas", "will not be"),
    ("avant", "before"), ("confirmé|confirme|je te confirme", "confirmed"), ("normalement", "probably"),
    ("votre qualité|votre qualite", "your quality team"), ("votre QC", "your QC"), ("votre|vos", "your"), ("vous", "you"), ("tu", "you"),
    ("pas de souci|pas de soucis|pas de probleme|pas de problème", "no problem"), ("le retour|retour", "feedback"),
    ("je sais plus|je sais pas", "not sure"), ("usine", "plant"), ("bzaf de travail|bzaf dyal lkhedma", "busy"), ("travail", "work"), ("on travaille|travaille", "working"),
    ("suffisant|suffisante", "enough"), ("trous de fixation", "mounting holes"), ("trous", "holes"),
    ("compté|comptées|comptés|compte", "counted"), ("comptage", "counting"), ("fournisseurs|fournisseur", "supplier"),
    ("vous validez|validez", "approve"), ("signé|signée", "signed"), ("lente|lent", "slow"),
    ("face avant", "front face"), ("rebord", "rim"), ("blanche|blanc", "white"), ("apres|après", "after"),
    ("emballages", "packaging"), ("envoie|envoies", "send"), ("rapport", "report"),
    ("demandé|demande", "asked"), ("coulée|coulee", "heat no."), ("avec", "with"), ("sur", "of"), ("pour", "for"), ("par", "by"), ("et", ","), ("mais", "but"),
    ("vers", "to"), ("au|aux|à|a", "to"), ("en", "in"),
    ("des exceptions|des anomalies|y a des exceptions|y a des anomalies|il y a des exceptions", "any exceptions"),
    ("y a des|il y a des", "any"), ("du|des|de|d'", "of"), ("le|la|les|l'|un|une", ""),
    # wishes at the day's or the week's end, to all: small talk
    ("bon appetit|bon appétit|bonne soirée|bonne soiree|bonne fete|bonne fête|bon weekend|bon week-end|bonne nuit"
     "|bonne journée|bonne journee", "hi"), ("a tous|à tous|tout le monde|la famille", "all"),
    # address, courtesy and particles: no fact
    ("bonjour|bonsoir|slt|salut|salam|sbah lkhir|sbah el khir|stp|svp|s'il vous plait|s'il te plait|inchallah"
     "|inchaallah|incha'allah|hamdullah|hamdoulah|hamdoullah|khouya|khoya|bcp|bzaf|chwiya|rana|rahi|on|nous|je"
     "|on a|on fait|on est|j'ai|il|elle|ils|il y a|y a|est|sont|sera|a été|ce|cet|cette|ces|qui|que|qu'|tous|toutes"
     "|tout le monde", ""),
)


_MEANING = spelling_table(_WORDS)
_WEEKDAYS = {"lundi": "Monday", "mardi": "Tuesday", "mercredi": "Wednesday", "jeudi": "Thursday",
             "vendredi": "Friday", "samedi": "Saturday", "dimanche": "Sunday"}
_MONTHS = {"janvier": 1, "janv": 1, "jan": 1, "février": 2, "fevrier": 2, "fev": 2, "fév": 2, "mars": 3, "avril": 4,
           "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9, "sept": 9,
           "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "décembre": 12, "decembre": 12, "déc": 12,
           "dec": 12}
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ORDINALS = {"premier": 1, "1er": 1, "première": 1, "premiere": 1, "deuxième": 2, "deuxieme": 2, "2eme": 2, "2ème": 2,
             "2e": 2, "second": 2, "seconde": 2, "troisième": 3, "troisieme": 3, "3eme": 3, "3ème": 3, "3e": 3,
             "4eme": 4, "4ème": 4, "quatrième": 4, "quatrieme": 4, "5eme": 5, "5ème": 5}


_STEPS = [spelling for spelling, said in _MEANING.items()
          if said in ("final inspection", "casting", "machining", "laser cutting", "wire cutting", "cutting", "bending",
                      "powder coating", "painting", "e-coating", "anodizing", "diamond cutting", "clear coat",
                      "polishing", "chrome plating", "shot blasting", "deburring", "degreasing", "phosphating",
                      "heat treatment", "stamping", "welding", "crimping", "assembly", "balancing", "气密测试", "X光探伤",
                      "electrical test", "packing", "production")]
_WORD = re.compile(
    # a date, written day first with a slash or a dot: said month first
    r"(?<![\d/.,])(?P<day>\d{1,2})[/.](?P<month>\d{1,2})(?P<year>[/.]\d{2,4})?(?![\d/.,]\d|\d)"
    # a day of a month by name (`le 3 dec`, `3 décembre`)
    rf"|(?<![\d{_L}])(?P<mday>\d{{1,2}})\s+(?P<mname>{either_word(_MONTHS)})\.?(?![{_L}])"
    # an ISO week (`semaine 47`, `S48`, `fin semaine 48`)
    rf"|(?<![{_L}])(?P<end>fin\s+(?:de\s+(?:la\s+)?)?)?(?:semaine|sem\.?|s)\s*(?P<week>\d{{1,2}})(?![\d{_L}])"
    # pieces counted by what they are (`800 jantes`, `3 200 faisceaux`): pieces
    rf"|(?<![\d.,])(?P<counted>\d{{1,3}}(?:[ .]\d{{3}})+|\d+)\s+(?:jantes|faisceaux|armatures)(?![{_L}])"
    # the thousands space or dot (`1 200`, `1.200`), the decimal comma (`2,5`), thousands by K (`2K`)
    r"|(?<![\d.,])(?P<grouped>\d{1,3}(?:[ .\u00a0\u202f]\d{3})+)(?![\d.,]|\s\d{3}(?!\d))"
    r"|(?<![\d.,])(?P<whole>\d+),(?P<fraction>\d{1,3})(?![\d.,])"
    # the second lot, the 3rd delivery (`2eme lot`, `1er lot`, `3eme livraison`, `deuxieme lot`)
    rf"|(?<![{_L}\d])(?P<ordinal>{either_word(_ORDINALS)})\s+(?P<what>lot|livraison|expedition|expédition)(?![{_L}])"
    # a step under way (`en peinture`, `au controle final`, `rana f la peinture`): the step in progress
    rf"|(?<![{_L}])(?:en|au|f\s+la|fi|dans\s+la)\s+(?P<step>{either_word(_STEPS)})(?![{_L}])"
    # the first article sent for the buyer's verdict (`FAI envoyé`, `echantillons envoyés`, `FAI refait et renvoyé`):
    # said as the reader knows it, 首件送过去了 (first_process begun, awaiting its verdict, shown first)
    rf"|(?<![{_L}])(?P<fa_sent>fai|ppap|echantillons|échantillons|premi[eè]re\s+pi[eè]ce|pi[eè]ce\s+type)"
    rf"\s+(?:refait\s+et\s+)?(?:envoy[ée]e?s?|renvoy[ée]e?s?)(?![{_L}])"
    # done by a day to come (`fini jeudi`, `fini pour le 30/11`): the step's plan, not its end
    r"|(?<![A-Za-z\u00c0-\u024f])(?P<done_by>finie?s?|termin[ée]e?s?)(?=\s+(?:pour\s+)?(?:le\s+)?(?:\d{1,2}[/.]\d"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|ghda|ghodwa|demain|ba3d\s+ghda)(?![A-Za-z]))"
    # a step said ok (`sertissage ok`): the step done
    rf"|(?<![{_L}])(?P<ok_step>{either_word(_STEPS)})\s+ok(?![{_L}])"
    # a step with today and no word of its state (`poudre aujourd'hui`): today's plan of it, as the house reads
    # `今天终检` (docs/reading-corpus.md round 22a)
    rf"|(?<![{_L}])(?P<today_step>{either_word(_STEPS)})\s+(?:aujourd'hui|aujourdhui|lyoum)(?![{_L}])"
    # packages of so many each (`10 cartons de 48 pcs`, `2 bobines de 500 m`)
    rf"|(?<![\d.,])(?P<packs>\d+)\s+(?P<pack>cartons|palettes|bobines|caisses|colis|fûts|futs)\s+de\s+(?P<each>\d+)"
    rf"(?:\s*(?P<measure>m|kg|pcs|pièces|pieces|jantes|faisceaux)(?![{_L}]))?"
    # what is left (`il reste 300`, `reste 500`)
    rf"|(?<![{_L}])(?:il\s+)?reste\s+(?P<left>\d+)(?![\d.,])"
    # which orders are late, asked (`quels PO sont en retard`, `quelles cdes en retard`)
    rf"|(?<![{_L}])(?P<overdue>quel(?:le)?s\s+(?:po|cdes|commandes)(?:\s+sont)?\s+en\s+retard)(?![{_L}])"
    # a weekday, `dernier`/`passé` last, `prochain` the coming one
    rf"|(?<![{_L}])(?:(?P<this>ce)\s+)?(?P<weekday>{either_word(_WEEKDAYS)})(?:\s+(?P<relative>dernier|passé|passe|prochain))?"
    rf"(?![{_L}])"
    # a day of the month (`le 5`): the reader's `on the 5th`
    rf"|(?<![{_L}])(?:le|au)\s+(?P<date>\d{{1,2}})(?![\d/.,{_L}]|\s*(?:%|pcs|jantes|pi[eè]ces))"
    # the words of the table
    rf"|(?<![{_L}-])(?P<word>{either_word(_MEANING)})(?![{_L}\d-])"
    # an elided article or pronoun (`l'usinage`, `d'emballages`, `qu'on`): no fact
    rf"|(?<![{_L}])(?P<elided>(?:[ldjnmst]|qu)')(?=[{_L}])"
    # any other word with an accent, said without it
    rf"|(?<![{_L}])(?P<accented>[A-Za-z]*[\u00c0-\u024f][{_L}]*)",
    re.IGNORECASE)

# The words only French (or the Darija beside it) writes: no English, Spanish, Portuguese, German or Indonesian word,
# no pinyin; one marks a message.
_OWN = frozenset({
    "matiere", "matière", "matiére", "matier", "usinage", "usinée", "expedié", "expédié", "expediés", "expédiés",
    "expedition", "expédition", "livraison", "livraision", "livré", "reçu", "reçue", "recue", "recues", "reçues",
    "terminée", "terminé", "terminee", "finie", "fini", "peinture", "peiture", "soudure", "sertissage", "sertisage",
    "emboutissage", "fonderie", "cataphorese", "anodisation", "anodisatoin", "diamantage", "grenaillage", "ebavurage",
    "jantes", "faisceaux", "cde", "cdes", "qté", "ghda", "ghodwa", "lbareh", "lyoum", "daba", "derwek", "wslat",
    "wslou", "wslet", "mazal", "siftna", "khlas", "salina", "makaynch", "kolchi", "wakha", "smahli", "sahit",
    "arrivée", "arrivé", "arivée", "demain", "aujourd", "hier", "avancement", "semaine", "retard", "prevue", "prévue",
    "rayées", "bavures", "porosité", "retassure", "coulures", "controle", "contrôle", "merci", "svp", "stp", "slt",
    "bonjour", "palettes", "bobines", "toles", "tôle", "cata", "pliage", "decoupe", "découpe", "montage", "vernis",
    "emballage", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "rappelle", "relance",
    "reportée", "repoussée", "decalée", "ferié", "pièces", "partie", "parti", "partit", "rebut", "reprise",
    "échantillons", "echantillons", "polissage", "chromage", "equilibrage", "etancheite", "electrique", "envoyé",
    "expedier", "livrer", "livr", "demin", "qu'est", "où", "ça", "noté", "trompé", "désolé", "desolé",
    "fausse", "quels", "quelles", "anomalies", "ouvertes", "reglé", "réglé", "armatures", "abimés", "oxydation",
    "fissure", "rebutées", "hors", "epaisseur", "inversés", "continuité", "teinte", "bosses", "coups",
    "rayer", "usinés", "soudée", "serties", "traitement", "phosphatation", "degraissage", "commandés", "moitié",
    "lingots", "profilés", "recu", "recus", "reçus", "dac", "bcp", "sbah", "baraka", "yaatik", "laoban",
    "quand", "aussi", "validé", "validée", "valider", "refait", "renvoyé", "reglage", "réglage", "qualité", "qualite",
    "signé", "erreur", "mauvais", "mauvaise", "sont", "finies", "emballe", "retar", "jour", "jours", "coutrole",
    "prends", "occupe", "frappe", "faite", "faits", "valeurs", "soirée", "appetit", "travaille", "envoies",
    "decharge", "prêtes", "pret", "fournisseur", "rupture", "alesage", "demarre", "tout", "tous", "deux",
    "filetage", "premiere", "bonne", "fete", "corrige", "regarde", "verifie", "c'est", "reste",
    "fait", "rana", "nkhdmou", "qu'on",
})
_NOT_LATIN = re.compile(r"[\u0400-\u04ff\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u1ea0-\u1ef9ăđơưĂĐƠƯ]")
_LATIN_WORD = re.compile(r"[a-z\u00c0-\u024f]+")
_ELIDED_WORD = re.compile(r"(?<![a-z\u00c0-\u024f])(?:c|qu)'[a-z\u00c0-\u024f]+")


@lru_cache(maxsize=4096)
def is_french(text: str) -> bool:
    """Whether the message is written in the French (and Darija) of the chat: one word only it writes, no other
    script's letter."""
    if not text.isascii() and _NOT_LATIN.search(text) is not None:
        return False  # another script's letter (most messages: Chinese) is found before the words are lowered and looked up
    lowered = text.lower().replace("\u2019", "'")
    return not _OWN.isdisjoint(_LATIN_WORD.findall(lowered)) or not _OWN.isdisjoint(_ELIDED_WORD.findall(lowered))


def _english(match: re.Match[str]) -> str:  # noqa: C901 - one branch per form of the pattern, in its order
    if match["day"] is not None:
        day, month = int(match["day"]), int(match["month"])
        if 1 <= day <= 31 and 1 <= month <= 12:
            year = (match["year"] or "").replace(".", "/")
            return f"{month}/{day}{year}"
        return match.group(0)
    if match["mday"] is not None:
        return f"{_MONTH_NAMES[_MONTHS[match['mname'].lower()] - 1]} {int(match['mday'])}"
    if match["week"] is not None:
        return f"end of week {match['week']}" if match["end"] else f"week {match['week']}"
    if match["grouped"] is not None:
        return re.sub(r"\D", "", match["grouped"])
    if match["whole"] is not None:
        return f"{match['whole']}.{match['fraction']}"
    if match["step"] is not None:
        return f"{_MEANING[' '.join(match['step'].lower().split())]} in progress"
    if match["done_by"] is not None:
        return "will be done"
    if match["fa_sent"] is not None:
        return "首件送过去了"
    if match["ok_step"] is not None:
        return f"{_MEANING[' '.join(match['ok_step'].lower().split())]} done"
    if match["today_step"] is not None:
        return f"{_MEANING[' '.join(match['today_step'].lower().split())]} planned today"
    if match["packs"] is not None:
        packs, each = int(match["packs"]), int(match["each"])
        pack = _MEANING.get(match["pack"].lower(), match["pack"])
        measure = (match["measure"] or "pcs").lower()
        if measure in ("m", "kg"):
            return f"{packs} {pack}, {packs * each} {measure}"
        return f"{packs} {pack} x {each} pcs"
    if match["counted"] is not None:
        return f"{re.sub(r'[^0-9]', '', match['counted'])} pcs"
    if match["overdue"] is not None:
        return "which PO are overdue"
    if match["left"] is not None:
        return f"{match['left']} left"
    if match["ordinal"] is not None:
        return f"batch {_ORDINALS[match['ordinal'].lower()]}"
    if match["weekday"] is not None:
        weekday = _WEEKDAYS[match["weekday"].lower()]
        relative = (match["relative"] or "").lower()
        if relative in ("dernier", "passé", "passe"):
            return f"last {weekday}"
        if relative == "prochain":
            return f"next {weekday}"
        return f"this {weekday}" if match["this"] else weekday
    if match["date"] is not None:
        return f"on the {english_ordinal(int(match['date']))}"
    if match["word"] is not None:
        return _MEANING.get(" ".join(match["word"].lower().split()), "")
    if match["accented"] is not None:
        return _plain(match["accented"])
    return ""  # an elided article or pronoun


def _said(text: str) -> list[tuple[int, int, str]]:
    """Each French word of `text` as (start, end, English)."""
    return [(m.start(), m.end(), _english(m)) for m in _WORD.finditer(text)]


@lru_cache(maxsize=4096)
def in_english(text: str) -> str:
    """`text` with the French and Darija words of a report said in English and its dates month first; other text as
    it is."""
    if not is_french(text):
        return text
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'")
    return said_over(text, _said(text))


_ANY_WORD = re.compile(rf"(?<![{_L}\d])[a-z\u00c0-\u024f][{_L}]+")


@lru_cache(maxsize=4096)
def unread(text: str) -> tuple[str, ...]:
    """The lower-case words of a French message the table does not say (`gris trop clair`, `dit que`), as typed: the
    reader asks whether each is a word of its own (an English `photos` or `client` is), and shows the reading first
    where one is not, since what it says may change what the rest says. A name (capitalised) is no such word."""
    if not is_french(text):
        return ()
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'")
    read = [(m.start(), m.end()) for m in _WORD.finditer(text) if m["accented"] is None]
    return tuple(m.group(0) for m in _ANY_WORD.finditer(text)
                 if not any(start <= m.start() and m.end() <= end for start, end in read))


def as_written(value: str, original: str) -> str:
    """A reason or description read from the message said in English, in the sender's own words again: the span of
    the message it was read from, as typed (`four en panne`, not `furnace broke down`)."""
    if not value or not is_french(original):
        return value
    original = unicodedata.normalize("NFC", original).replace("\u2019", "'")
    typed = as_typed(_said(original), value, original)
    return value if typed is None else typed


_BARE_NOT = frozenset({"pas", "pas le", "pas la"})
# a day or a count said in place of another (`ba3d ghda au lieu de ghda`, `1.150 au lieu de 1.200`): French says the new
# one first, English the other way about as often, so which is meant is shown first
_IN_PLACE_OF = re.compile(r"(?<![A-Za-z])au\s+lieu\s+d", re.IGNORECASE)
# a count said against the whole (`1 800 pcs sur 2 400`, `1.800/2.400`) with no word of the step's state: what is made so
# far, the step begun or finished as the sender knows it (docs/reading-corpus.md round 22a: a bare count is split)
_COUNT_OF_WHOLE = re.compile(r"\d\s*(?:pcs\s*|pi[eè]ces\s*|jantes\s*|faisceaux\s*)?(?:/|sur\s+)\s*\d", re.IGNORECASE)
_WHOLE_SHARE = re.compile(r"(?<![\d.,])100\s*%")  # `decoupe 100%`: the step done, or the share of it checked
_SHORT_OF = re.compile(r"(?<![A-Za-z])(?:makaynch|makaynsh|manque|rupture)(?![A-Za-z])", re.IGNORECASE)
_LATE = re.compile(r"(?<![A-Za-z])(?:retard|retar)(?![A-Za-z])", re.IGNORECASE)
_DELAY_LENGTH = re.compile(r"\d+\s*(?:jours?|j)(?![A-Za-z])|d'une\s+semaine|d'un\s+jour", re.IGNORECASE)
_STATE_SAID = frozenset({"done", "made", "ready", "in progress", "machining done", "welding done", "crimping done",
                         "started", "not yet", "shipped", "arrived", "delivered"})


def asks_first(text: str) -> bool:
    """A French message shown first rather than guessed: a negation said on its own (`pas le FAI`, `25633 pas 25363`),
    outside the phrases the table says whole (`pas encore`, `pas de`, `pas possible`), where what it denies is the
    sender's to confirm, as Portuguese's `não` is; a day or count said in place of another; a count against the whole
    with no word of the step's state; a share of 100; a shortage beside a delay; a delay's length beside its day."""
    if not is_french(text):
        return False
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'")
    said = [(m, _english(m)) for m in _WORD.finditer(text)]
    if any(m["word"] is not None and " ".join(m["word"].lower().split()) in _BARE_NOT for m, _ in said):
        return True
    if _IN_PLACE_OF.search(text) or _WHOLE_SHARE.search(text):
        return True
    if _SHORT_OF.search(text) and _LATE.search(text):
        return True  # `makaynch matiere, fournisseur en retard`: the stock lacking, or the order late for it
    if _LATE.search(text) and _DELAY_LENGTH.search(text) \
            and any(m["day"] or m["mday"] or m["week"] or m["weekday"] for m, _ in said):
        return True  # `retard de 3 jours, on livre le 26.10`: the reader keeps one of the length and the day
    return _COUNT_OF_WHOLE.search(text) is not None and not any(english in _STATE_SAID for _, english in said)


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
