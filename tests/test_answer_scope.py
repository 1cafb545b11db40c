"""The qualifier's scope (issue 13, twelfth round) — on small texts written here (no shared data).

Conventions tested: a question restricts its subject by a school level, an age group or a group of people; the unit
that speaks of that group answers before one that speaks of the same noun for another group — the group named in the
unit, its lead line, a following «Dette gjelder …» sentence, an earlier sentence of its paragraph or its § heading.
School levels are read by their pupils' ages (ungdomstrinnet = 8.–10. trinn). «Hvem …?» is answered by the cleft
«Det er X som …»; a suspended compound («fritids-, kultur- og idrettsaktiviteter») says each of its compounds.
"""

from __future__ import annotations

from collections import Counter

from assistant.compose import Composition, Piece, best_pieces, scopes, split_units
from assistant.coverage import covered_terms
from assistant.language import Language
from assistant.models import Chunk, DocumentMeta, Hit
from assistant.quantities import has_quantity
from assistant.query import Query, QuestionKind
from assistant.scope import Group, Relation, applies_back, asked_groups, groups_in, outside, relation
from assistant.termstats import TermStats
from assistant.unitscore import names_who, suspended_terms

ST = TermStats(0, Counter(), 100)  # every term equally rare


def _hit(text: str, section: tuple[str, ...] = ()) -> Hit:
    meta = DocumentMeta("lov", "lov.xml", "Lov om opplæring", municipality="", has_pages=False)
    return Hit(Chunk("lov::1", "lov", 1, text, section), meta, 1.0, 1)


def _quoted(question: str, terms: tuple[str, ...], text: str, kind: QuestionKind = QuestionKind.GENERAL) -> str:
    """The best piece's text."""
    query = Query(question, Language.NN, terms, (), (), (), (), kind)
    return " ".join(u.text for u in best_pieces(query, [_hit(text)], ST)[0].units)


def test_school_levels_are_read_by_the_pupils_ages() -> None:
    assert asked_groups("Kor lenge kan ein elev på ungdomssteget bli vist bort?") == {Group(13, 15)}
    assert groups_in("elevar på 8. til 10. trinn") == {Group(13, 15)}
    assert groups_in("Andelen 10. klassinger som trives") == {Group(15, 15)}
    assert groups_in("I aldersgruppen 45 år + er andelen") == {Group(45, 120)}
    assert groups_in("planen gjelder de neste 12 årene") == frozenset()
    assert asked_groups("Kor langt frå skulen må ein førsteklassing bu?") == {Group(6, 6)}
    assert groups_in("elevar på første trinn") == {Group(6, 6)}
    assert groups_in("den andre klassen") == frozenset()  # «andre» is also "other"
    # the narrowest group is the text's: «innbyggerne mellom 20 og 66 år», «barn i grunnskolealder»
    assert groups_in("innbyggerne mellom 20 og 66 år") == {Group(20, 66)}
    assert groups_in("samiske barn i grunnskolealder") == {Group(6, 15)}
    assert relation(asked_groups("… på ungdomstrinnet?"), groups_in("elevar på 1. til 7. trinn")) == Relation.OTHER
    assert relation(asked_groups("Hvor mange voksne …?"), groups_in("Av ungdomsskoleelever …")) == Relation.OTHER
    assert relation(asked_groups("… på ungdomstrinnet?"), groups_in("i grunnskolen")) == Relation.SAME
    assert relation(asked_groups("Hva er målet?"), groups_in("i grunnskolen")) == Relation.NONE


def test_the_unit_said_of_the_asked_school_level_answers() -> None:
    text = ("Ein elev kan ikkje visast bort dersom mindre inngripande tiltak er tilstrekkelege.\n"
            "Foreldra skal få melding før ein elev på 1. til 7. trinn blir vist bort for resten av dagen. "
            "Elevar på 8. til 10. trinn kan visast bort for opp til tre dagar.")
    quoted = _quoted("Kor lenge kan ein elev på ungdomssteget bli vist bort?", ("elev", "bort"), text)
    assert "8. til 10. trinn" in quoted
    assert "1. til 7. trinn" not in quoted


def test_a_number_takes_its_group_from_an_earlier_sentence_of_its_paragraph_or_its_heading() -> None:
    text = ("Ifølge direktoratet får 833 elever i grunnskolen all undervisning på samisk. 26 elever har sørsamisk som "
            "førstespråk.\nI videregående skole har 205 elever samisk som førstespråk. Av disse har 5 sørsamisk.")
    hit = _hit(text)
    units = split_units(text)
    groups = scopes(hit, units)
    at = {u.text[:10]: g for u, g in zip(units, groups, strict=True)}
    assert at["26 elever "] == {Group(6, 15)}  # from the paragraph's first sentence
    assert at["Av disse h"] == {Group(16, 19)}  # not from the paragraph before
    law = _hit("Elevar har rett til gratis skyss dersom dei bur meir enn seks kilometer frå skolen.",
               ("Kapittel 9", "§ 9-1 Rett til skyss for elevar i den vidaregåande opplæringa"))
    assert scopes(law, split_units(law.chunk.text)) == ({Group(16, 19)},)


def test_a_sentence_saying_whom_the_one_before_holds_for_is_its_scope_and_is_quoted_with_it() -> None:
    assert applies_back("Dette gjelder spesielt i kystområdene.")
    assert not applies_back("Det er mangel på lærere.")
    text = ("Det er stor mangel på førskolelærere med samisk. Dette gjelder spesielt i kystområdene. "
            "Sametinget har to stillinger.")
    quoted = _quoted("Hvor er mangelen på førskolelærere størst?", ("mangel", "førskolelær"), text)
    assert "kystområdene" in quoted
    units = split_units("Kommunen skal gi tilbud om digitale møteplasser. Dette gjelder både barn, unge og voksne.")
    assert scopes(_hit(""), units)[0] == {Group(0, 17, exact=False), Group(13, 19, exact=False),
                                          Group(20, 120, exact=False)}


def test_who_is_answered_by_the_cleft() -> None:
    assert names_who("Hvem bestemmer at en elev skal bortvises?", "Det er rektor sjølv som vedtar bortvising.")
    assert not names_who("Hvem bestemmer?", "Det er viktig at eleven får vite det.")
    assert not names_who("Hva er bortvising?", "Det er rektor som vedtar bortvising.")


def test_a_suspended_compound_says_each_of_its_compounds() -> None:
    text = "sikre at alle barn og unge kan delta i fritids-, kultur- og idrettsaktiviteter"
    assert suspended_terms(("barn", "fritidsaktivitet", "kulturaktivitet"), text) == {"fritidsaktivitet",
                                                                                      "kulturaktivitet"}
    assert suspended_terms(("fritidsaktivitet",), "fritids- og kulturtilbud") == frozenset()
    assert suspended_terms(("barneskol",), "barne- og ungdomsskoler") == {"barneskol"}
    # the answer evidence reads it too (coverage.covered_terms), not only the unit score
    assert covered_terms(("barn", "fritidsaktivitet", "kulturaktivitet"), text) == {"barn", "fritidsaktivitet",
                                                                                    "kulturaktivitet"}
    assert "fritidsaktivitet" not in covered_terms(("fritidsaktivitet",), "fritids- og kulturtilbud")


def test_a_superlative_question_prefers_the_unit_that_says_which_is_most() -> None:
    text = ("Stedene skal utvikles i tråd med kommunens identitet. "
            "De viktigste stedene som skal utvikles, er Lierbyen, Lierstranda og Gullaug.")
    quoted = _quoted("Hvilke steder skal utvikles mest?", ("sted", "utvikl"), text)
    assert "viktigste" in quoted


def test_a_number_for_a_wider_or_other_group_does_not_answer() -> None:
    # a number given for a wider group (by a number or a school level) or another one is not the asked group's
    assert outside(asked_groups("Hvor stor andel av barnehagebarna bor trangt?"), groups_in("Andelen barn (0-17 år) som bor trangt"))
    assert outside(asked_groups("Hvor mange personer over 90 år mottok tjenester?"), groups_in("I aldersgruppen over 80 år var det"))
    assert outside(asked_groups("Hvor mye tid bruker menn over 80 år?"), groups_in("menn i aldersgruppen 67–74 år"))
    assert outside(asked_groups("… mellom 30 og 49 år?"), groups_in("yngre voksne 18–49 år (54 prosent)"))
    # the asked group itself, a part of it, or a word of loose extent answers
    assert not outside(asked_groups("Hvor mange ungdomsskoleelever trener?"), groups_in("Av ungdomsskoleelever er 56 %"))
    assert not outside(asked_groups("Hvor mange voksne over 45 år bor alene?"), groups_in("personer (45 år +) som leier"))
    assert not outside(asked_groups("Hvor stor andel av 10.-klassingene trives?"), groups_in("Mange barn trives"))
    assert not outside(asked_groups("Hvor mange barn (0-17 år) bor trangt?"), groups_in("blant 10. klassinger 12 %"))


def test_the_composer_does_not_let_a_wider_groups_number_answer() -> None:
    text = "Andelen barn (0-17 år) som bor trangt er 12 %. Kommunen har mange barnehager."
    hit = _hit(text)
    units = split_units(text)
    query = Query("Hvor stor andel av barnehagebarna bor trangt?", Language.NB, ("barnehagebarn", "trang"), (), (), (), (),
                  QuestionKind.NUMBER)
    comp = Composition("", [], "", [Piece(hit, units[:1], 1.0)])
    assert all(quoted == "" for _, quoted, _ in comp.piece_texts(quantity=query))
    asked_children = Query("Hvor stor andel av barna bor trangt?", Language.NB, ("barn", "trang"), (), (), (), (),
                           QuestionKind.NUMBER)
    assert any("12 %" in quoted for _, quoted, _ in comp.piece_texts(quantity=asked_children))


def test_a_share_of_them_is_a_share_of_the_group_named_before() -> None:
    # «Av ungdomsskoleelever … 56 % av dem …»: the pronoun refers back to the group (dev r1140)
    line = "Av ungdomsskoleelever i Krødsherad er det kun 56 % av dem som opplyser å være fysisk aktive."
    assert has_quantity(QuestionKind.NUMBER, line, "Hvor stor andel av ungdomsskoleelevene er fysisk aktive?")
    assert not has_quantity(QuestionKind.NUMBER, "15 % av ungdommen er aktive.", "Hvor stor andel av de eldre er aktive?")
