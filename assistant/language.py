"""The one language detector: bokmål, nynorsk or English, for questions and short texts.

Used by retrieval (which words to translate), answering (the frame and the not-found sentence)
and the language-model prompt (which language to answer in). It counts distinctive function
words of each written standard. Letters æ/ø/å do not rule English out: an English question
often names a Norwegian place («What does Åmot do about bullying?»).
"""

from __future__ import annotations

import re
from enum import StrEnum


class Language(StrEnum):
    NB = "nb"
    NN = "nn"
    EN = "en"


#: Function and question words that occur in English but not as Norwegian words.
_EN = frozenset("""
what how why who whom whose which where when the is are was were does do did of and in with
about say says said there any many much this these those their its will would should could can have
has been being from into than that it an a or not plan plans municipality municipalities school
schools pupils students teachers children kindergarten kindergartens measures goals goal
on after each every between within without also both other our your you we they them us if then
because while such only must may shall had according more most new
""".split())
#: Distinctive nynorsk words (not bokmål).
_NN = frozenset("""
ikkje kva korleis kvifor kven kvar kor eg dei frå vere vera ein eit berre noko nokon mykje skule
skulen skular skulane elevane heile vart medan gjer seier tilsette kommunane fleire sjå òg desse
korfor høyrer kjem hjå difor
""".split())
#: Distinctive bokmål words (not nynorsk).
_NB = frozenset("""
ikke hva hvordan hvorfor hvem hvor hvilke hvilken hvilket jeg de fra være bare noe noen mye skole
skolen skoler elevene hele ble mens gjør sier ansatte kommunene flere disse finnes
""".split())
#: Function words both written standards share and English does not have: they choose no standard
#: but count against English (an English title in a Norwegian question: «Når ble The Sound of Music
#: vist på NRK?»). «står» is here, not among the bokmål words: nynorsk writes it too.
_NO = frozenset("""
og på av til som når skal må det den er har om etter ved eller også sitt sine med blir står
""".split())
#: Words that are the same in English and Norwegian; they count for neither side.
_SHARED = frozenset("i at plan plans barnehage".split())

_WORD = re.compile(r"[a-zæøåòéâ]+")
_NAME_OR_WORD = re.compile(r"[A-Za-zÆØÅæøåòéâÁá]+")
#: Spellings Norwegian words do not have (c, q, w, x, z, th, wh, sh, ck, -tion, ou, ay, ey, gh,
#: -ying; not ea/ee/oo, which Norwegian compounds make: «realfag», «skoleelever», «koordinator»): an
#: English word the function-word lists do not know («vocational», «college»). Half a function word each, and
#: only beside at least one English function word, so a Norwegian question with a loanword
#: («Hvordan brukes coaching og workshops?») stays Norwegian.
_EN_SPELLING = re.compile(r"[cqwxz]|th|wh|sh|ck|tion|ou|ay|ey|gh|ying")
#: Question words that open a question decide between the two written standards on their own
#: («Kva sier planen?»: «kva» against «sier»): they count twice.
_NN_OPENERS = frozenset("kva korleis kvifor kven kvar kor".split())
_NB_OPENERS = frozenset("hva hvordan hvorfor hvem hvor hvilke hvilken hvilket".split())


def detect_language(text: str) -> Language:
    """The language of ``text``: English when English words outnumber the Norwegian ones (two at
    least; Norwegian words of either standard count), nynorsk when nynorsk words outnumber bokmål
    ones, bokmål otherwise."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _SHARED]
    en_function = sum(w in _EN for w in words)
    # Capitalised words after the first are names (Tromsø, Charlotte): their spelling says nothing.
    common = [w for i, w in enumerate(_NAME_OR_WORD.findall(text)) if i == 0 or not w[0].isupper()]
    spelled = sum(bool(_EN_SPELLING.search(w.lower())) for w in common if w.lower() not in _EN)
    en = en_function + (0.5 * spelled if en_function else 0.0)
    first = words[0] if words else ""
    nn = sum(w in _NN for w in words) + (first in _NN_OPENERS)
    nb = sum(w in _NB for w in words) + (first in _NB_OPENERS)
    norwegian = sum(w in _NO for w in words)
    if en >= 2 and en > nn + nb + norwegian:
        return Language.EN
    if nn > nb:
        return Language.NN
    return Language.NB
