"""Sibling qualifiers: which member of a closed set a count question and a unit of a passage name.

Norwegian plans on Sami matters count by language and by the language's place in the pupil's schooling, one member
after another in the same paragraph: «892 elever har nordsamisk som førstespråk … 26 elever har sørsamisk som
førstespråk, 85 som andrespråk. 34 elever har lulesamisk …»; «273 elever … har samisk som andrespråk, hvorav 14
lulesamisk, 248 nordsamisk og 11 sørsamisk». A question restricts its count to one member («Hvor mange elever har
lulesamisk som førstespråk?»), and a number said of another member — or of Sami as a whole, which holds the asked
language and more — is not the number that answers. Two sets:

- the Sami languages (nord-, sør-, lule-, pite-, ume-, skolte-, enaresamisk; written whole or suspended: «sør- og
  lulesamisk», «nord-, lule- og sørsamisk»), with «samisk» alone as the whole set (``LANGUAGE``);
- the language's place: first or second language («førstespråk», nynorsk «fyrstespråk», «andrespråk»; ``ROLE``).

A unit's member is what its own text names, else its lead line's; a unit naming only Sami as a whole («914 barn …
mottok et samisktilbud», «205 elever … samisk som førstespråk») speaks of the whole set unless its section or document
title names the asked language (a South Sami plan's «samiske elever» are South Sami). A unit naming no member is not
judged. Like assistant/scope.py for ages and school levels, this is checked on the numbers of count and amount
questions only (assistant/compose.py).
"""

from __future__ import annotations

import re
from enum import Enum

__all__ = ["Set", "asked_members", "members_in", "other_member"]


class Set(Enum):
    LANGUAGE = "language"
    ROLE = "role"


_PREFIXES = ("nord", "sør", "lule", "pite", "ume", "skolte", "enare")
_PREFIX = "|".join(_PREFIXES)
# «sørsamisk», «lulesamiske», «nordsamisk»; nynorsk alike
_WHOLE = re.compile(rf"\b({_PREFIX})samisk\w*", re.I)
# «sør- og lulesamisk», «nord-, lule- og sørsamisk», «sør-, lule-, og nordsamisk»: the suspended prefixes
_SUSPENDED = re.compile(rf"\b((?:(?:{_PREFIX})\s*[-–]\s*(?:,\s*)?(?:(?:og|eller|og/eller)\s+)?)+)(?:{_PREFIX})samisk", re.I)
# «samisk», «samiske», «samisktilbud», «samiskopplæring» — Sami as a whole (not «samer», «Sametinget»)
_GENERIC = re.compile(r"(?<![\wæøå-])samisk\w*", re.I)
_ROLES = (("første", re.compile(r"\b(?:første|fyrste)språk\w*", re.I)),
          ("andre", re.compile(r"\bandrespråk\w*", re.I)))
#: Sami as a whole: the member a unit names when it names only «samisk»
WHOLE = "*"


def members_in(text: str, kind: Set) -> frozenset[str]:
    """The members of ``kind`` a text names; for ``LANGUAGE``, «*» when it names Sami only as a whole."""
    if kind is Set.ROLE:
        return frozenset(name for name, pattern in _ROLES if pattern.search(text))
    found = {m.group(1).lower() for m in _WHOLE.finditer(text)}
    for m in _SUSPENDED.finditer(text):
        found |= {p.lower() for p in re.findall(_PREFIX, m.group(1), re.I)}
    if found:
        return frozenset(found)
    return frozenset({WHOLE}) if _GENERIC.search(text) else frozenset()


def asked_members(question: str) -> dict[Set, frozenset[str]]:
    """The members a question restricts its count to, per set (a set it names nothing of, or only Sami as a whole,
    is left out)."""
    out = {}
    for kind in Set:
        named = members_in(question, kind) - {WHOLE}
        if named:
            out[kind] = named
    return out


def other_member(asked: dict[Set, frozenset[str]], own: str, lead: str, context: str) -> bool:
    """A number in a unit whose own text (else its lead line) names another member of an asked set, and not the asked
    one — or names Sami only as a whole while its section and title (``context``) do not name the asked language —
    is said of another group than the question's."""
    for kind, wanted in asked.items():
        named = members_in(own, kind) or members_in(lead, kind)
        if not named:
            continue
        if named & wanted:
            continue
        if named == {WHOLE}:
            around = members_in(context, kind)
            if around & wanted:
                continue
        return True
    return False
