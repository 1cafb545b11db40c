"""A table whose cells were set one per line (issue 13, thirteenth round) — on small texts written here.

Convention tested: a budget table read as paragraphs (a Giella / HTML table without its grid) stands as lines of a
row's name, purpose, case number, its cost alone on a line («Kr. 100.000,-») and who follows it up. Where cost cells
recur a few lines apart, each row is read back as one unit group: the cost is quoted with what it pays for and who
answers for it, and each cell is judged with the other cells of its row. And a list whose lead line a converted
document set as its first bullet («- Tiltak:») is read with that lead line.
"""

from __future__ import annotations

from collections import Counter

from assistant.compose import best_pieces, split_units
from assistant.language import Language
from assistant.models import Chunk, DocumentMeta, Hit
from assistant.query import Query, QuestionKind
from assistant.termstats import TermStats
from assistant.unitcontext import context_of
from assistant.units import UnitKind

ST = TermStats(0, Counter(), 100)  # every term equally rare

TABLE = ("Bygdelaget i Nordvik\n"
         "Språktiltak for lag og foreninger (K-sak 12/05)\n"
         "Kr. 50.000,-\n"
         "Kulturkonsulent\n"
         "Vinterfestivalen\n"
         "Merkostnader for tospråklig markedsføring av festivalen 2006 (K-sak 14/05)\n"
         "Kr. 80.000,-\n"
         "Servicekontoret\n")


def _hit(text: str) -> Hit:
    meta = DocumentMeta("plan", "plan.html", "Handlingsprogram 2006", municipality="Nordvik", has_pages=False)
    return Hit(Chunk("plan::1", "plan", 1, text, ()), meta, 1.0, 1)


def _answer(question: str, terms: tuple[str, ...], kind: QuestionKind) -> str:
    query = Query(question, Language.NB, terms, (), (), (), (), kind)
    return "\n".join(u.text for p in best_pieces(query, [_hit(TABLE)], ST) for u in p.units)


def test_cost_cells_a_few_lines_apart_make_rows() -> None:
    units = split_units(TABLE)
    assert [u.kind for u in units] == [UnitKind.ROW] * 8
    assert len({u.block for u in units[:4]}) == 1 and len({u.block for u in units[4:]}) == 1
    assert units[0].block != units[4].block
    # a cell is read with the other cells of its row, not with the row before
    assert "Vinterfestivalen" in context_of(units, 6) and "2006" in context_of(units, 6)
    assert "Bygdelaget" not in context_of(units, 6)


def test_the_cost_is_quoted_with_what_it_pays_for_and_who_answers_for_it() -> None:
    answer = _answer("Hvor mye får vinterfestivalen?", ("vinterfestival",), QuestionKind.COST)
    assert "Kr. 80.000,-" in answer and "Servicekontoret" in answer
    assert "Kr. 50.000,-" not in answer


def test_one_cost_line_is_no_table() -> None:
    text = "Festivalen får støtte til markedsføring.\nKr. 80.000,-\nSøknaden behandles i mars."
    assert UnitKind.ROW not in {u.kind for u in split_units(text)}


def test_prose_with_amounts_is_no_table() -> None:
    text = ("Kommunen fikk i 2006 kr. 3.503.000,- i tilskudd. Av dette gikk kr. 80.000,- til festivalen.\n"
            "Resten gikk til språkopplæring.")
    assert UnitKind.ROW not in {u.kind for u in split_units(text)}


def test_a_bulleted_line_ending_in_a_colon_leads_the_items_after_it() -> None:
    # a converted document sets a list's lead line as its first bullet («- Tiltak:»)
    text = ("- Tiltak:\n"
            "- Sametinget vil øke den økonomiske rammen til læremiddelproduksjon.\n"
            "- Sametinget vil skaffe en oversikt over bruken av digitale læremidler.\n")
    units = split_units(text)
    assert [u.kind for u in units] == [UnitKind.LEAD, UnitKind.ITEM, UnitKind.ITEM]
    assert len({u.block for u in units}) == 1
    assert context_of(units, 2) == "Tiltak:"
    # an item holding its own colon inside a line of several items stays an item
    assert split_units("- Mål: bedre helse")[0].kind == UnitKind.ITEM
