"""The qualifier's scope: which group of people a question and a unit of a passage speak of.

A Norwegian question restricts its subject by a qualifier — a school level («på ungdomstrinnet», «i den vidaregåande
opplæringa», «10.-klassingene»), an age group («over 45 år», «80 år og eldre», «i aldersgruppen 15–24»), a group of
people («voksne», «ungdom», «barn») — and a passage often speaks of the same noun for another group in the next
sentence («Elevar på 1. til 7. trinn …, og elevar på 8. til 10. trinn …»; «Av ungdomsskoleelever … 56 %. Av den voksne
delen av befolkningen …»). Every such qualifier is read as an interval of ages on one axis, the school levels by
their pupils' ages (1. trinn = 6 år; ungdomstrinnet = 8.–10. trinn = 13–15 år; videregående 16–19 år; barnehagen 1–5
år), so «ungdomssteget» meets «8. til 10. trinn» and «voksne» does not meet «ungdomsskoleelever».

A unit's scope is what its own text names; else its lead line / table header; else the nearest earlier sentence of
its paragraph that names a group (prose gives the group once: «Ifølge Utdanningsdirektoratet får 833 elever i
grunnskolen … 26 elever har sørsamisk som førstespråk …»); else the nearest section heading that names one (a law's
§ heading: «§ 9-1 Rett til skyss … for elevar i den vidaregåande opplæringa»). The document title is not read: it
names the document's field, not the group a sentence speaks of.

A unit whose scope meets none of the question's groups speaks of another group (``Relation.OTHER``); one that meets
one of them speaks of the asked group (``Relation.SAME``); one that names no group is not judged (``Relation.NONE``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

__all__ = ["AGE_MAX", "Group", "Relation", "applies_back", "asked_groups", "groups_in", "outside", "relation", "unit_groups"]

AGE_MAX = 120


@dataclass(frozen=True)
class Group:
    """An age interval a qualifier names (inclusive); ``exact``: given by a number or a school level, not by a word
    of loose extent («ungdom», «voksne»)."""

    low: int
    high: int
    exact: bool = True

    def meets(self, other: Group) -> bool:
        return self.low <= other.high and other.low <= self.high


class Relation(IntEnum):
    OTHER = -1  # the unit speaks of another group than the question asks about
    NONE = 0  # the question or the unit names no group
    SAME = 1  # the unit speaks of (one of) the groups the question asks about


def _grade(n: int) -> int:
    """The age of a pupil on grade ``n`` (1. trinn: 6 år; Vg1 = 11.: 16 år)."""
    return n + 5


# School levels and groups of people, by the pupils' / people's ages. Longest first: «ungdomsskoleelever» is a school
# level before it is «ungdom», «barnehagebarn» a kindergarten before it is «barn». Compounds are read by their first
# part («grunnskoleelevar», «barnehagelærarar»: the kindergarten's), so the words are matched at a word's start.
_WORDS: tuple[tuple[str, Group], ...] = (
    (r"barnehag|førskole|førskule", Group(1, 5)),
    (r"småskole|småskule|småtrinn", Group(_grade(1), _grade(4))),
    (r"mellomtrinn|mellomsteg", Group(_grade(5), _grade(7))),
    (r"barnetrinn|barnesteg|barneskole|barneskule", Group(_grade(1), _grade(7))),
    (r"ungdomstrinn|ungdomssteg|ungdomsskole|ungdomsskule|ungdomsskuleelev", Group(_grade(8), _grade(10))),
    (r"grunnskole|grunnskule", Group(_grade(1), _grade(10))),
    (r"videregående|vidaregåande|vgs\b", Group(_grade(11), _grade(13) + 1)),
    (r"voksenopplæring|vaksenopplæring", Group(20, AGE_MAX)),
    (r"unge voksne|unge vaksne", Group(18, 34, exact=False)),
    (r"ungdom|ungdommen|ungdommer|ungdommane|unge\b|ungdata", Group(13, 19, exact=False)),
    (r"voksne\b|vaksne\b|voksen\b|vaksen\b|voksenbefolkning|den voksne", Group(20, AGE_MAX, exact=False)),
    # the whole population («innbyggerne», «befolkningen») holds every group: a sentence said of it is said of them
    (r"innbygger|innbyggjar|befolkning|folketal", Group(0, AGE_MAX, exact=False)),
    (r"barn\b|barna\b|barnet\b|barns\b|barnas\b|born\b|borna\b|småbarn", Group(0, 17, exact=False)),
)
_WORD = re.compile(r"(?<![\wæøå-])(?:" + "|".join(f"(?P<w{k}>{p})" for k, (p, _) in enumerate(_WORDS)) + ")", re.I)
# «8. til 10. trinn», «1.–7. trinn», «1.-4. trinn», «5.–10. årstrinn»
_GRADES = re.compile(r"\b(\d{1,2})\.\s*(?:til|[-–])\s*(\d{1,2})\.?\s*(?:trinn|steg|klasse|årstrinn|klassetrinn)", re.I)
# «10. trinn», «7. klasse», «10. klassinger», «10.-klassingene», «Vg2»
_GRADE = re.compile(r"\b(\d{1,2})\.\s*-?\s*(?:trinn|steg|klasse|årstrinn|klassetrinn|klassing|klassinger|klassingane|"
                    r"klassingene|klassingar)\b|\bvg([1-3])\b", re.I)
# ages: «over 45 år», «45 år +», «(15+ år)», «80 år og eldre», «under 67 år», «i alderen 15–24», «0-17 år»,
# «mellom 20 og 66 år», «5-åringer», «6-årige»
_AGE_FROM = re.compile(r"\b(?:over|eldre enn|fra og med|frå og med)\s+(\d{1,3})\s*år|\b(\d{1,3})\s*(?:år\s*)?\+|"
                       r"\b(\d{1,3})\s*år\s*(?:og|eller)\s*(?:eldre|over|oppover)", re.I)
_AGE_UNDER = re.compile(r"\b(?:under|yngre enn)\s+(\d{1,3})\s*år", re.I)
_AGE_SPAN = re.compile(r"\b(?:mellom\s+)?(\d{1,3})\s*(?:[-–]|og|til)\s*(\d{1,3})\s*år\b|"
                       r"\b(?:alder(?:en|sgruppa|sgruppen|sgruppe)?|aldersgruppa|aldersgruppen)\s+(\d{1,3})\s*[-–]\s*(\d{1,3})\b",
                       re.I)
# «førsteklassingene», «på første trinn», «tiende klasse»: the grade by its ordinal word
_ORDINALS = ("første", "andre", "tredje", "fjerde", "femte", "sjette", "sjuende|syvende", "åttende", "niende", "tiende")
# («andre» is also "other": «andre trinn», «den andre klassen» — only the compound «andreklassing» is the grade)
_GRADE_WORD = re.compile(r"\b(" + "|".join(f"(?:{o})" for o in _ORDINALS if o != "andre") + r")\s*-?\s*(?:trinn|steg|klassetrinn|klasse|"
                         r"klassing\w*|årstrinn)\b|\b(andre)klassing\w*", re.I)
_AGE_ONE = re.compile(r"\b(\d{1,2})-(?:åring|åringer|åringar|åringane|åringene|årige|åringen)\b", re.I)


@lru_cache(maxsize=8192)
def groups_in(text: str) -> frozenset[Group]:
    """The groups a text names (school levels, ages, groups of people), as age intervals."""
    out: set[Group] = set()
    spans: list[tuple[int, int]] = []  # what the figures took, so «8. til 10. trinn» is not also «10. trinn»

    def add(g: Group, m: re.Match[str]) -> None:
        out.add(g)
        spans.append(m.span())

    def free(m: re.Match[str]) -> bool:
        return not any(a <= m.start() < b for a, b in spans)

    for m in _GRADES.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if 1 <= a <= b <= 13:
            add(Group(_grade(a), _grade(b)), m)
    for m in _GRADE.finditer(text):
        if free(m):
            n = int(m.group(1)) if m.group(1) else 10 + int(m.group(2))
            if 1 <= n <= 13:
                add(Group(_grade(n), _grade(n)), m)
    for m in _GRADE_WORD.finditer(text):
        if free(m):
            word = (m.group(1) or m.group(2)).lower()
            n = next(k for k, o in enumerate(_ORDINALS, 1) if re.fullmatch(o, word))
            add(Group(_grade(n), _grade(n)), m)
    for m in _AGE_SPAN.finditer(text):
        a, b = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(3)), int(m.group(4)))
        if free(m) and 0 <= a < b <= AGE_MAX:
            add(Group(a, b), m)
    for m in _AGE_FROM.finditer(text):
        n = int(next(g for g in m.groups() if g))
        if free(m) and n <= AGE_MAX:
            add(Group(n, AGE_MAX), m)
    for m in _AGE_UNDER.finditer(text):
        n = int(m.group(1))
        if free(m) and 0 < n <= AGE_MAX:
            add(Group(0, n - 1), m)
    for m in _AGE_ONE.finditer(text):
        if free(m):
            add(Group(int(m.group(1)), int(m.group(1))), m)
    for m in _WORD.finditer(text):
        if free(m):
            k = int(next(name for name, v in m.groupdict().items() if v)[1:])
            out.add(_WORDS[k][1])
    # the narrowest names the group: «innbyggerne mellom 20 og 66 år», «barn i grunnskolealder», «den voksne delen av
    # befolkningen» — a group holding another the text names is that one's noun, not a group of its own
    return frozenset(g for g in out if not any((h.low, h.high) != (g.low, g.high) and g.low <= h.low and h.high <= g.high for h in out))


def asked_groups(question: str) -> frozenset[Group]:
    """The groups a question restricts its subject to («… på ungdomstrinnet?», «… over 45 år i Hol?»)."""
    return groups_in(question)


# «Dette gjelder spesielt i kystområdene …», «Det gjelder både barn, unge, voksne og eldre»: a sentence that says
# whom or where the sentence before it holds for — its scope.
_APPLIES_BACK = re.compile(r"^\W*(?:dette|det|dei|de|disse|desse)\s+(?:gjelder|gjeld|omfatter|omfattar|rammer|rammar)\b",
                           re.I)


def applies_back(text: str) -> bool:
    """The sentence says whom or where the sentence before it holds for («Dette gjelder spesielt …»)."""
    return bool(_APPLIES_BACK.match(text))


def unit_groups(text: str, texts: tuple[str, ...], starts: tuple[int, ...], own: tuple[frozenset[Group], ...], lead: tuple[str, ...],
                section: tuple[str, ...]) -> tuple[frozenset[Group], ...]:
    """The scope of every unit of a passage (``text``; the units' texts ``texts`` and start offsets ``starts``, the
    groups their own text names ``own`` and their lead lines / headers ``lead``): its own groups, else its lead line's,
    else those of the next sentence when it says whom the unit holds for («Dette gjelder …»), else the nearest earlier
    unit's of the same paragraph (line) that names one, else the nearest section heading's that names one."""
    heading: frozenset[Group] = frozenset()
    for h in reversed(section):
        heading = groups_in(h)
        if heading:
            break
    lines = tuple(text.count("\n", 0, s) for s in starts)
    out: list[frozenset[Group]] = []
    for i, mine in enumerate(own):
        scope = (mine or groups_in(lead[i])) if lead[i] else mine
        if not scope and i + 1 < len(own) and lines[i + 1] == lines[i] and applies_back(texts[i + 1]):
            scope = own[i + 1]  # «… digitale møteplasser. Dette gjelder både barn, unge, voksne og eldre …»
        if not scope:
            for j in range(i - 1, -1, -1):
                if lines[j] != lines[i]:
                    break
                if own[j]:
                    scope = own[j]
                    break
        out.append(scope or heading)
    return tuple(out)


def relation(asked: frozenset[Group], scope: frozenset[Group]) -> Relation:
    """Whether a unit's scope is the question's group (``SAME``), another (``OTHER``) or not judged (``NONE``)."""
    if not asked or not scope:
        return Relation.NONE
    return Relation.SAME if any(a.meets(s) for a in asked for s in scope) else Relation.OTHER


def outside(asked: frozenset[Group], scope: frozenset[Group]) -> bool:
    """A number said of this scope is not the one the question asks for: every group the unit speaks of is another
    than the asked ones, or holds one of them and more — given by a number or a school level («barn (0-17 år)» for
    «barnehagebarna», «i aldersgruppen over 80 år» for «over 90 år», «15-24 år» for «mellom 15 og 19 år»). A word of
    loose extent («barn», «ungdom», «befolkningen») is not read as wider: it is said of its parts as well — unless a
    number beside it gives its extent («yngre voksne 18–49 år»: the word is the interval's noun)."""
    if not asked or not scope:
        return False
    exact = {(g.low, g.high) for g in scope if g.exact}
    scope = frozenset(g for g in scope if g.exact or not any(g.meets(h) for h in scope if h.exact))

    def answers(s: Group, a: Group) -> bool:
        wider = s.low <= a.low and a.high <= s.high and (s.low, s.high) != (a.low, a.high)
        return s.meets(a) and not (wider and (s.low, s.high) in exact)

    return not any(answers(s, a) for s in scope for a in asked)
