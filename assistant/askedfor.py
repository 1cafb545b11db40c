"""What a question asks for beyond its kind (assistant/query.py ``QuestionKind``), as Norwegian questions ask it, and
whether a text holds it — the not-found decision needs it in what the user reads (assistant/evidence.py):

- «Fra hvilket klassetrinn …», «Hvilket trinn …», «I hvilken alder …», «Hvor gamle …», nynorsk «Kva alder / kor
  gamle …», "what age / which grade / how old": a grade, a school level or an age (``asks_level`` / ``has_level``) —
  «på grunnskolenivå» or «i barnehagen» names a school, not the grade or the age asked for.
- «Hvem skal lede …?», «Hvem bør koordinere …?», «Kven skal leie …?», "Who should lead …?": a modal verb before the
  role verb hides that the question asks who holds a role; the answer names a person, or says who leads — the role
  verb or its agent noun («leder», «leiar», «ledes av») stands in it (``asked_role`` / ``says_role``). Without the
  modal («Hvem leder …?») the question is a person question already (query ``_WHO_Q``).
"""

from __future__ import annotations

import re

from assistant.coverage import covered_terms
from assistant.norwegian import _stem
from assistant.quantities import has_person

__all__ = ["asked_role", "asks_level", "has_level", "says_role"]


_ASKS_LEVEL = re.compile(
    r"\b(?:hvilke[nt]?|kva|which|what)\s+(?:(?:klasse|års|skole|skule)?trinn|klasse|klassesteg|årssteg|steg|alder|"
    r"aldersgruppe|skoletrinn|skuletrinn|grade|grades|age|year group)\b|"
    r"\b(?:hvor|kor)\s+gaml[ae]\b|\bhow old\b", re.I)

_ORDINAL = (r"(?:første|fyrste|andre|tredje|fjerde|femte|sjette|sjuende|syvende|åttende|niende|tiende|"
            r"første-|andre-|tredje-|fjerde-|femte-|sjette-|sjuende-|syvende-|åttende-|niende-)")
_LEVEL = re.compile(
    # «9. og 10.klassetrinn», «1.-7. trinn», «5.–7. klasse», «10. årstrinn», «8. steget»
    r"\b\d{1,2}\.\s*(?:(?:[-–]|og|til)\s*\d{1,2}\.\s*)?(?:klasse|års|skole|skule)?(?:trinn|steg|klasse)\w*|"
    rf"\b{_ORDINAL}\s*(?:(?:og|til|[-–])\s*{_ORDINAL}?\w*\s+)?(?:klasse|års|skole|skule)?(?:trinn|steg|klasse)\w*|"
    r"\b(?:\d{1,2}\.?\s*[-–]?\s*)?[a-zæøå]*klassing\w*|"  # «7.-klassingene», «førsteklassingene»
    r"\b(?:barne|småskole|småskule|mellom|ungdoms)(?:trinn|steg|skole|skule)\w*|"
    r"\b(?:vg|vk)\s?[123]\b|\b(?:videregående|vidaregåande)\s+(?:trinn|steg)\s*\d|"
    # an age: «6 år», «3–4 år», «fem år gamle», «5-årige», «seksåringene», «7-årsalderen»
    r"\b\d{1,2}\s*(?:[-–]\s*\d{1,2}\s*)?år\b(?!\w)|"
    r"\b(?:ett|eitt|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|tretten|fjorten|femten|seksten|sytten|"
    r"atten|nitten|tjue)\s+år\s+(?:gaml|og\s+eldre|og\s+yngre)|"
    # «seksåringene», «80-åring»; «-årig» of people only («5-årige barn»): «femårig prosjekt», «2-årig linje» say how long
    r"[\w-]*\d?-?åring\w*|[\w-]*\d?-?årige?\s+(?:barn|born|elev\w*|gutt\w*|jent\w*)|\b\w*årsalder\w*", re.I)


def asks_level(question: str) -> bool:
    """The question asks for a grade, a school level or an age (``_ASKS_LEVEL``)."""
    return bool(_ASKS_LEVEL.search(question))


def has_level(text: str) -> bool:
    """The text gives a grade («10. trinn», «første klasse», «ungdomstrinnet», «Vg2») or an age («6 år»,
    «seksåringene», «i 7-årsalderen»)."""
    return bool(_LEVEL.search(text))


_MODALS = r"(?:skal|skulle|bør|burde|må|måtte|vil|ville|kan|kunne|ska|should|shall|will|would|must|is\s+to|are\s+to)"
# «lede / leie / lead» and the verbs of holding a role: the words that say who leads, nynorsk and bokmål alike
_ROLE_VERBS = {
    "lede": ("led", "leie", "leiar", "leiing"), "leie": ("led", "leie", "leiar", "leiing"), "leia": ("led", "leie", "leiar", "leiing"),
    "lead": ("led", "leie", "leiar", "leiing"), "head": ("led", "leie", "leiar", "leiing"), "chair": ("led", "leie", "leiar", "leiing"),
    "koordinere": ("koordiner", "koordinator", "koordinering"), "koordinera": ("koordiner", "koordinator", "koordinering"),
    "coordinate": ("koordiner", "koordinator", "koordinering"), "styre": ("styrer", "styrar", "styreleder", "styreleiar"),
}
_ROLE_VERBS |= {noun: _ROLE_VERBS[verb] for noun, verb in (("leder", "lede"), ("leiar", "leie"), ("leader", "lead"),
                                                           ("koordinator", "koordinere"), ("coordinator", "coordinate"))}
_ASKED_ROLE = re.compile(rf"^\W*(?:hvem|kven|who)\s+{_MODALS}\s+(?:(?:være|vere|be)\s+(?:med\s+på\s+å\s+)?)?"
                         r"([a-zæøå]+)\b", re.I)


def asked_role(question: str) -> tuple[str, ...]:
    """The stems that say who holds the role a «Hvem skal / bør … lede X?» question asks about, else ()."""
    m = _ASKED_ROLE.search(question)
    return _ROLE_VERBS.get(m.group(1).lower(), ()) if m else ()


def says_role(text: str, role: tuple[str, ...]) -> bool:
    """The text names a person, or says who holds the role (a word of ``role``: «leder», «ledes av», «leiar»)."""
    return has_person(text) or bool(covered_terms(role, text)) or any(_stem(w) in role for w in re.findall(r"[a-zæøå]+", text.lower()))
