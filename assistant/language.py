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
skolen skoler elevene hele ble mens gjør sier ansatte kommunene flere disse finnes står
""".split())
#: Words that are the same in English and Norwegian; they count for neither side.
_SHARED = frozenset("i at plan plans barnehage".split())

_WORD = re.compile(r"[a-zæøåòéâ]+")


def detect_language(text: str) -> Language:
    """The language of ``text``: English when English function words outnumber the Norwegian
    ones (two at least), nynorsk when nynorsk words outnumber bokmål ones, bokmål otherwise."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _SHARED]
    en = sum(w in _EN for w in words)
    nn = sum(w in _NN for w in words)
    nb = sum(w in _NB for w in words)
    if en >= 2 and en > nn + nb:
        return Language.EN
    if nn > nb:
        return Language.NN
    return Language.NB
