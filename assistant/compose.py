"""Answer composition from structure: the unit that answers, whole.

A passage is read as units (assistant/units.py: sentences, lead lines, list items and table rows
with their offsets, so a quote's page can be computed). The best-scoring unit becomes the
anchor of a *piece*, grown by the conventions of the document's layout: a lead line brings its
list, a list item brings its lead line (and, for «hvilke …» questions, its siblings), a table row
brings the table's header row, a sentence without the number the question asks for brings the
neighbour that has it. Pieces are added best first while the answer stays within about
``BUDGET`` words, from at most two documents unless the question compares; every line carries
its citation marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.asked import (
    asked_event,
    asked_recipient,
    asked_years,
    names_recipient,
    other_place,
    place_terms,
    says_event,
    year_carried,
    years_covered,
)
from assistant.citations import make_citation
from assistant.coverage import covered_terms, share
from assistant.language import Language
from assistant.models import Citation, Hit
from assistant.quantities import has_quantity
from assistant.query import QUANTITY_KINDS, Query, QuestionKind
from assistant.scope import applies_back, asked_groups, groups_in, outside, relation, unit_groups
from assistant.siblings import asked_members, other_member
from assistant.termstats import TermStats
from assistant.unitcontext import NUMBER_WINDOW, carried_terms, context_of, refers_back
from assistant.units import Unit, UnitKind, is_reference_entry, is_reference_list, may_answer, split_units
from assistant.unitscore import DEFINES_BACK, GIVES_REASON, REASON_NEXT, score_unit

if TYPE_CHECKING:
    from assistant.meaning import Meaning

__all__ = ["BUDGET", "EN_FRAME", "Composition", "Piece", "Unit", "UnitKind", "best_pieces", "compose",
           "is_reference_entry", "render", "split_units"]

BUDGET = 120  # words in an answer (a single unit longer than this is still quoted whole)
CUTOFF = 0.5  # a further piece must score at least this share of the best one (chosen on the dev split)
MAX_PIECES = 4
PIECE_SHARE = 0.6
EN_FRAME = "The documents say (in Norwegian):"
#: With the units' meaning (assistant/meaning.py; English questions): a unit's score is this share of its lexical
#: score plus its cosine's nearness to the best unit's (1 at the best, 0 at ``MEANING_SPAN`` below it) — chosen on dev
MEANING_LEXICAL = 0.3
MEANING_SPAN = 0.05
#: A unit whose scope is the group the question asks about («på ungdomstrinnet» ~ «8. til 10. trinn») scores this much
#: more, one that speaks of another group («1. til 7. trinn») this much less (assistant/scope.py; chosen on dev)
SCOPE_WEIGHT = 0.15


# A sentence announcing what follows («Etterfølgende vil vi beskrive …», «Nedenfor følger …», «I dette kapitlet
# presenteres …», «… er som følger.»): what it announces is the next unit — with its list when that is a lead line.
_ANNOUNCES = re.compile(r"^(?:etterfølgende|nedenfor|nedanfor|i det følgende|i det fylgjande|i (?:dette|neste|det neste) "
                        r"(?:kapitlet|kapittelet|kapittel|avsnittet|avsnitt|delen))\b.*\b(?:beskriv|presenter|gjør|gjer|"
                        r"omtal|vis|følg|fylgj|gjengi|redegj)\w*|\b(?:som følger|som fylgjer|følgende|fylgjande)\s*[.:]?$",
                        re.I)


# --- pieces -----------------------------------------------------------------------------------
@dataclass
class Piece:
    hit: Hit
    units: list[Unit]  # in document order
    score: float
    more: int = 0  # list items left out for the budget

    def words(self) -> int:
        return sum(len(u.text.split()) for u in self.units)


@dataclass
class Composition:
    text: str
    citations: list[Citation]
    context: str  # what the user reads plus headings and titles
    pieces: list[Piece] = field(default_factory=list)

    def piece_texts(self, whole_passage: bool = False, quantity: Query | None = None) -> list[tuple[str, str, bool]]:
        """(context, quoted, national) per piece: the quoted units with their lead line / header,
        section path, document title and short name (``whole_passage``: the passage instead of the
        quoted units); the quoted units alone; whether the document is national (no municipality).
        The evidence is judged on them. ``quantity``: a question asking for a number, amount or date
        — then each quoted unit that holds one is judged with two units either side, its lead line /
        header and section (not the document title): the number must stand where the question's words do."""
        out = []
        for p in self.pieces:
            units = split_units(p.hit.chunk.text)
            leads = {context_of(units, i) for i, u in enumerate(units) if u in p.units}
            quoted = "\n".join(u.text for u in p.units)
            national = not p.hit.meta.municipality
            if quantity is not None:
                holding = [(i, u) for i, u in enumerate(units)
                           if u in p.units and has_quantity(quantity.kind, u.text, quantity.text, quantity.counted)]
                places = place_terms(quantity)
                years = asked_years(quantity)
                groups = asked_groups(quantity.text)
                scope = scopes(p.hit, units) if groups else ()
                recipient = asked_recipient(quantity)
                members = asked_members(quantity.text) if quantity.kind in (QuestionKind.NUMBER, QuestionKind.COST) \
                    and not quantity.english else {}
                counting = 0  # holding units said of the place the question names
                texts = tuple(x.text for x in units)
                lines = tuple(p.hit.chunk.text.count("\n", 0, x.start) for x in units)
                for i, u in holding:  # with two units either side: «… til «miljøterapeut». Kr. 100.000 pr. stilling»
                    near = [units[j].text for j in range(i - NUMBER_WINDOW, i + NUMBER_WINDOW + 1)
                            if 0 <= j < len(units) and j != i]
                    # the subject an earlier sentence names carries to the number's sentence when it refers back to it
                    carried = " ".join(carried_terms(quantity.terms, tuple(units), i, places))
                    own = " ".join([u.text, context_of(units, i), *p.hit.chunk.section, p.hit.meta.title, carried])
                    # «… i Sør-Trøndelag i 2007?»: a count for another place («41 … i Norge»; dev r148) does not answer
                    # (counts and amounts only: a date is the passage's event's wherever it stands — NorQuAD «Når ble
                    # Jugendkvarteret i Trondheim bygget?»)
                    if places and covered_terms(places, own) != frozenset(places):
                        continue
                    # … and a number whose own sentence says it is counted in another place («16.200 fagskolestudenter
                    # i Norge», for «… ved Nordkapp maritime fagskole?»; dev r344) is not the asked place's: the section
                    # or a sentence before naming that place does not lend it, the number's sentence or lead line must
                    if places and other_place(places, u.text) and covered_terms(
                            places, f"{u.text} {context_of(units, i)}") != frozenset(places):
                        continue
                    # «… per eldre i 1990?»: a count for another year («I 2000 var det 4,7 …»; dev r184) does not
                    # answer — the year must stand in the number's unit, lead line / header, section or title
                    # … the document title's years (also as the top of the section path) are its period or publication,
                    # not the year a number is said of:
                    # «I 2017 og 2018 har … fått 700 000 kroner» in «Meld. St. 31 (2018–2019)» does not answer «i 2019»
                    # (dev r360)
                    # (… or in the paragraph's earlier sentence, when the number's own names none: prose gives the
                    # year once — «… skoleåret 2018/2019. … 26 elever har sørsamisk som førstespråk …»)
                    if years and not years_covered(years, " ".join([u.text, context_of(units, i), *(
                            s for s in p.hit.chunk.section if s != p.hit.meta.title), year_carried(texts, lines, i, quantity.counted)])):
                        continue
                    # «Når ble X grunnlagt?»: the date must be said with that event (its word, or for a founding any
                    # founding word) — the year X bought a simulator does not answer it (dev r340, r370)
                    event = asked_event(quantity)
                    if event and not says_event(event, f"{u.text} {context_of(units, i)}"):
                        continue
                    # «… av barnehagebarna?»: a count for a wider group («barn (0-17 år)») or another one («menn i
                    # aldersgruppen 67–74 år» for «menn over 80 år») does not answer (assistant/scope.py)
                    if quantity.kind in (QuestionKind.NUMBER, QuestionKind.COST) and groups and outside(groups, scope[i]):
                        continue
                    # «Hvor mye fikk Nord universitet …?»: an amount said of another recipient («Samisk høgskole har fått
                    # 700 000 kroner») does not answer — the unit, its lead line or section must name the one asked of
                    # (its neighbours do not lend it: «I tillegg har Nord universitet … fått midler» gives no amount)
                    if recipient and not names_recipient(recipient, " ".join([u.text, context_of(units, i), *(
                            s for s in p.hit.chunk.section if s != p.hit.meta.title)])):
                        continue
                    # «… lulesamisk som førstespråk?»: a count for another Sami language, for Sami as a whole or for
                    # second-language pupils does not answer (assistant/siblings.py)
                    if members and other_member(members, u.text, context_of(units, i),
                                                " ".join([*p.hit.chunk.section, p.hit.meta.title])):
                        continue
                    counting += 1
                    # … but only a number said of something the question names, or one that continues the sentences
                    # before it: when the unit with its lead line / header and section names none of the question's
                    # words and neither it nor the unit before it refers back («Tallene …», «Stillingen …», «20 % …»),
                    # the sentences around it do not lend it theirs («… innenfor uføretrygd.» then «Ungt utenforskap …
                    # 7,4 %»; dev r106). Counts and amounts only: a date or a name belongs to the event or role the
                    # passage tells of, wherever it stands (NorQuAD «Når angrep …?»)
                    if quantity.kind in (QuestionKind.NUMBER, QuestionKind.COST) and not (
                            covered_terms(quantity.terms, " ".join([u.text, context_of(units, i), *p.hit.chunk.section,
                                                                    carried]))
                            or refers_back(u.text) or (i > 0 and refers_back(units[i - 1].text))):
                        near = []
                    out.append((" ".join([u.text, *near, context_of(units, i), *p.hit.chunk.section, carried]), u.text,
                                national))
                if counting:
                    continue
            ctx = " ".join([p.hit.chunk.text if whole_passage else quoted, *leads, *p.hit.chunk.section, p.hit.meta.title,
                            p.hit.meta.short_name])
            # a piece whose numbers are all said of another place holds no answer
            out.append((ctx, "" if quantity is not None and holding else quoted, national))
        return out

    @property
    def quoted(self) -> str:
        """The quoted units only, one per line (no markers, headings or titles)."""
        return "\n".join(u.text for p in self.pieces for u in p.units)



def _grow(query: Query, units: list[Unit], i: int, scores: list[float], best: float, whole_list: bool) -> list[int]:
    """The unit indexes of the piece anchored at unit ``i``; ``whole_list``: the list's lead line or
    heading answers the question, so every item does — otherwise the items that answer, with the
    lead line (the others are counted: «+ N punkter til i kilden»)."""
    u = units[i]
    block = [j for j, x in enumerate(units) if u.block >= 0 and x.block == u.block]
    if u.kind == UnitKind.LEAD:
        return block or [i]
    if u.kind == UnitKind.ITEM or (u.kind == UnitKind.SENTENCE and u.block >= 0):
        lead = [j for j in block if units[j].kind == UnitKind.LEAD]
        if not lead and i > 0 and units[i - 1].kind == UnitKind.SENTENCE and units[i - 1].text.endswith(":"):
            lead = [i - 1]
        members = [j for j in block if j not in lead]
        if query.kind == QuestionKind.LIST or whole_list:
            return lead + members
        return lead + [j for j in members if j == i or scores[j] >= max(0.6 * best, 0.25)]
    if u.kind == UnitKind.ROW:
        rows = [j for j in block if units[j].kind == UnitKind.ROW]
        if not any(" | " in units[j].text for j in rows):
            return rows  # a table set one cell per line (assistant/units.py _cell_rows): the row's cells are the row
        header = [rows[0]] if rows and rows[0] != i else []
        return header + [i]
    out = [i]
    if i + 1 < len(units) and units[i + 1].kind == UnitKind.SENTENCE and applies_back(units[i + 1].text):
        out.append(i + 1)  # «Det er mangel på førskolelærere …» with «Dette gjelder spesielt i kystområdene …» (dev r1008)
    if query.kind == QuestionKind.DEFINITION and i > 0 and DEFINES_BACK.match(u.text):
        return [i - 1, i]  # «Dette betyr at …» with the sentence that names what it defines
    if query.kind == QuestionKind.WHY and not GIVES_REASON.search(u.text):
        # a reason stands beside what it explains: the sentence before («… det er en klar sammenheng mellom …» then
        # «Det er av stor betydning at …»; dev r190), or the one after that gives it («Dette skyldes …», «Fordi …»)
        if i + 1 < len(units) and units[i + 1].kind == UnitKind.SENTENCE and REASON_NEXT.match(units[i + 1].text):
            return [i, i + 1]
        if i > 0 and units[i - 1].kind == UnitKind.SENTENCE and units[i - 1].block == u.block:
            return [i - 1, i]
    if _ANNOUNCES.search(u.text) and i + 1 < len(units) and units[i + 1].kind != UnitKind.HEADING:
        nxt = units[i + 1]
        following = [j for j, x in enumerate(units) if nxt.block >= 0 and x.block == nxt.block] or [i + 1]
        return sorted(set(out + following))
    if query.kind in QUANTITY_KINDS and not has_quantity(
            query.kind, u.text, query.text, query.counted):
        for j in (i + 1, i - 1):
            if 0 <= j < len(units) and units[j].kind == UnitKind.SENTENCE and has_quantity(query.kind, units[j].text,
                                                                                             query.text, query.counted):
                out.append(j)
                break
    elif query.kind in QUANTITY_KINDS and not covered_terms(query.terms, u.text):
        # the number alone says nothing: quote from the sentence before it that names what it counts
        for j in range(i - 1, max(-1, i - NUMBER_WINDOW - 1), -1):
            if units[j].kind == UnitKind.SENTENCE and covered_terms(query.terms, units[j].text):
                out.extend(range(j, i))
                break
    elif (len(u.text.split()) < 8 and i + 1 < len(units) and units[i + 1].kind == UnitKind.SENTENCE
          and not is_reference_entry(units[i + 1].text)):
        out.append(i + 1)
    return sorted(set(out))


def _fit(idx: list[int], anchor: int, units: list[Unit], scores: list[float], budget: int) -> tuple[list[int], int]:
    """The piece's units within ``budget`` words: its lead line, the anchor, then the best-scoring
    other units — in document order; and how many list items were left out. A list is never cut
    after its lead line: the anchor stays."""
    if sum(len(units[j].text.split()) for j in idx) <= budget:
        return idx, 0
    first = [j for j in idx if units[j].kind == UnitKind.LEAD][:1]
    order = list(dict.fromkeys(first + [anchor] + sorted((j for j in idx if j != anchor and j not in first),
                                                         key=lambda j: -scores[j])))
    kept: list[int] = []
    words = 0
    for j in order:
        n = len(units[j].text.split())
        if not kept or j == anchor or words + n <= budget:
            kept.append(j)
            words += n
    return sorted(kept), len(idx) - len(kept)


def _same_text(text: str) -> str:
    return " ".join(re.sub(r"[^\w%]+", " ", text.casefold()).split())


def scopes(hit: Hit, units: list[Unit]) -> tuple[frozenset, ...]:
    """The group each unit of a passage speaks of (assistant/scope.py): its own, its lead line's, the paragraph's
    earlier sentence's, the nearest section heading's (not the document title's)."""
    section = tuple(s for s in hit.chunk.section if s != hit.meta.title)
    return unit_groups(hit.chunk.text, tuple(u.text for u in units), tuple(u.start for u in units), tuple(groups_in(u.text) for u in units),
                       tuple(context_of(units, i) for i in range(len(units))), section)


def _by_meaning(lexical: float, cosine: float | None, best: float) -> float:
    """A unit's score with its meaning: a share of the lexical score plus how near its cosine is to the best one."""
    near = 0.0 if cosine is None else max(0.0, 1.0 - (best - cosine) / MEANING_SPAN)
    return MEANING_LEXICAL * lexical + near


def best_pieces(query: Query, hits: list[Hit], st: TermStats, budget: int = BUDGET, max_docs: int = 2,
                meaning: Meaning | None = None) -> list[Piece]:
    """The pieces that answer, best first, within the word budget and from at most ``max_docs`` documents.
    ``meaning``: the cosines of the top passages' units with the question (English questions) — then the units
    nearest the question in meaning are chosen, the lexical score breaking near-ties."""
    cands: list[tuple[float, int, int, list[Unit], list[float]]] = []
    top = meaning.best if meaning and meaning.cosines else None
    asked = asked_groups(query.text)
    for hi, hit in enumerate(hits):
        units = split_units(hit.chunk.text)
        if is_reference_list(units):
            continue
        headings = {h.strip() for h in hit.chunk.section}
        heading = " ".join([*hit.chunk.section, hit.meta.title, hit.meta.short_name])
        nearest = hit.chunk.section[-1] if hit.chunk.section else ""
        scores = [score_unit(query, units, i, heading, st, nearest, hi) for i in range(len(units))]
        if meaning is not None and top is not None:
            scores = [_by_meaning(s, meaning.of(hit.chunk.id, i), top) for i, s in enumerate(scores)]
        if asked:  # «… på ungdomstrinnet?»: the unit said of that group before one said of another
            scores = [s + SCOPE_WEIGHT * relation(asked, g) for s, g in zip(scores, scopes(hit, units), strict=True)]
        for i, u in enumerate(units):
            if not may_answer(u, headings):
                continue
            cands.append((scores[i], hi, i, units, scores))
    cands.sort(key=lambda c: -c[0])
    if not cands:
        return []
    best = cands[0][0]
    pieces: list[Piece] = []
    used: set[tuple[int, int]] = set()
    quoted: set[str] = set()  # a text quoted once is not quoted again (the same item in two passages or copies)
    docs: list[str] = []
    words = 0
    for score, hi, i, units, scores in cands:
        if pieces and (score < max(CUTOFF * best, 0.2) or len(pieces) >= MAX_PIECES):
            break
        if (hi, i) in used or _same_text(units[i].text) in quoted:
            continue
        hit = hits[hi]
        if hit.meta.doc_id not in docs and len(docs) >= max_docs:
            continue
        lead = covered_terms(query.terms, context_of(units, i)) | covered_terms(query.terms, " ".join(hit.chunk.section))
        ctx = share(query.terms, lead, st)
        whole = units[i].block >= 0 and ctx >= 0.6 and ctx >= share(query.terms, covered_terms(query.terms, units[i].text), st)
        idx = [j for j in _grow(query, units, i, scores, best, whole)
               if (hi, j) not in used and (j == i or _same_text(units[j].text) not in quoted)]
        if pieces and words + min(sum(len(units[j].text.split()) for j in idx), 25) > budget:
            continue
        # one piece leaves room for others unless the question asks for a list
        cap = budget if query.kind == QuestionKind.LIST else int(PIECE_SHARE * budget)
        kept, more = _fit(idx, i, units, scores, min(cap, budget - words))
        block = units[i].block
        more += sum(1 for j, x in enumerate(units) if block >= 0 and x.block == block and x.kind == UnitKind.ITEM
                    and j not in idx and (hi, j) not in used)
        piece = Piece(hit, [units[j] for j in kept], score, more)
        used |= {(hi, j) for j in idx}
        quoted |= {_same_text(u.text) for u in piece.units}
        pieces.append(piece)
        words += piece.words()
        if hit.meta.doc_id not in docs:
            docs.append(hit.meta.doc_id)
    return pieces


# --- text and citations -----------------------------------------------------------------------
def render(groups: list[tuple[str, list[Piece]]], language: Language) -> Composition:
    """Lines with [n] markers (one citation per passage, numbered in order of first use)."""
    numbers: dict[str, int] = {}
    spans: dict[str, list[Unit]] = {}
    hits: dict[str, Hit] = {}
    parts: list[str] = []
    context: list[str] = []
    english = language == Language.EN
    for heading, pieces in groups:
        lines: list[str] = [f"{heading}:"] if heading else []
        for p in pieces:
            cid = p.hit.chunk.id
            n = numbers.setdefault(cid, len(numbers) + 1)
            hits[cid] = p.hit
            spans.setdefault(cid, []).extend(p.units)
            for u in p.units:
                lines.append(f"- {u.text} [{n}]" if u.kind == UnitKind.ITEM else f"{u.text} [{n}]")
            if p.more:
                lines.append(f"(+ {p.more} more items in the source)" if english else
                             f"(+ {p.more} punkter til i kilden)")
            context.append(" ".join([*(u.text for u in p.units), *p.hit.chunk.section, p.hit.meta.title,
                                     p.hit.meta.short_name]))
        parts.append("\n".join(lines))
    body = "\n\n".join(x for x in parts if x)
    if english and body:
        body = f"{EN_FRAME}\n{body}"
    citations = []
    for cid, n in numbers.items():
        us = sorted({(u.start, u.end, u.text) for u in spans[cid]})
        quote = " ".join(t for _, _, t in us)
        citations.append(make_citation(n, hits[cid], quote, us, language))  # with offsets: pages of these units
    return Composition(body, citations, "\n".join(context), [p for _, ps in groups for p in ps])


def compose(query: Query, hits: list[Hit], st: TermStats, groups: dict[str, list[Hit]] | None = None,
            meaning: Meaning | None = None) -> Composition:
    """The answer text and its citations; ``groups`` (municipality → its passages) for comparisons; ``meaning``
    (assistant/meaning.py) the units' cosines with the question."""
    if groups:
        per = BUDGET // max(len(groups), 1)
        return render([(muni, best_pieces(query, gh, st, budget=max(per, 40), max_docs=1))
                       for muni, gh in groups.items()], query.language)
    return render([("", best_pieces(query, hits, st, meaning=meaning))], query.language)
