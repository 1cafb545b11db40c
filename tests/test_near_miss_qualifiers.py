"""Near misses whose qualifier is not an age (issue 13, thirteenth round) — on small texts written here (no shared data).

Conventions tested: a count restricted to one Sami language or to first / second language is not answered by the count
for another language, for Sami as a whole or for the other role («… 34 elever har lulesamisk som førstespråk, 81 som
andrespråk»; assistant/siblings.py); an amount a «Hvor mye fikk X …?» question asks of a recipient is not answered by
another body's amount beside it; a paragraph counting the same thing group after group gives the year once; a page or
note number typesetting left inside a sentence («aldersgrupper 56 samles») is no count.
"""

from __future__ import annotations

from collections import Counter

from assistant.asked import asked_recipient, names_recipient, year_carried
from assistant.compose import Composition, Piece, split_units
from assistant.language import Language
from assistant.models import Chunk, DocumentMeta, Hit
from assistant.quantities import counts_noun, has_number, has_quantity
from assistant.query import Query, QuestionKind
from assistant.siblings import WHOLE, Set, asked_members, members_in, other_member
from assistant.termstats import TermStats

ST = TermStats(0, Counter(), 100)  # every term equally rare


def _hit(text: str, title: str = "Melding om samisk språk", section: tuple[str, ...] = ()) -> Hit:
    meta = DocumentMeta("meld", "meld.html", title, municipality="", has_pages=False)
    return Hit(Chunk("meld::1", "meld", 1, text, section), meta, 1.0, 1)


def _query(text: str, terms: tuple[str, ...], counted: str = "", kind: QuestionKind = QuestionKind.NUMBER) -> Query:
    return Query(text, Language.NB, terms, (), (), (), (), kind, counted=counted)


def _answering(query: Query, hit: Hit) -> list[str]:
    """The quoted units of a one-piece composition (every unit of the passage) that hold the asked number."""
    units = split_units(hit.chunk.text)
    comp = Composition("", [], "", [Piece(hit, units, 1.0)])
    return [quoted for _, quoted, _ in comp.piece_texts(quantity=query) if quoted]


def test_sami_languages_are_read_whole_suspended_and_as_the_whole_set() -> None:
    assert members_in("34 elever har lulesamisk som førstespråk", Set.LANGUAGE) == {"lule"}
    assert members_in("rekruttering til sør- og lulesamisk lærerutdanning", Set.LANGUAGE) == {"sør", "lule"}
    assert members_in("læremidler på nord-, lule- og sørsamisk", Set.LANGUAGE) == {"nord", "lule", "sør"}
    assert members_in("914 barn mottok et samisktilbud i 2018", Set.LANGUAGE) == {WHOLE}
    assert members_in("Sametinget har to stillinger", Set.LANGUAGE) == frozenset()
    assert members_in("Tallet på fyrstespråkselevar", Set.ROLE) == {"første"}
    assert asked_members("Hvor mange elever har samisk som andrespråk?") == {Set.ROLE: {"andre"}}
    assert asked_members("Kor mange elevar har lulesamisk som førstespråk?") == {Set.LANGUAGE: {"lule"}, Set.ROLE: {"første"}}


def test_a_count_for_another_language_or_role_or_for_sami_as_a_whole_is_another_groups() -> None:
    asked = asked_members("Hvor mange elever hadde lulesamisk som førstespråk?")
    assert other_member(asked, "Av disse har 200 nordsamisk og 5 sørsamisk.", "", "")
    assert other_member(asked, "273 elever har samisk som andrespråk, hvorav 14 lulesamisk og 11 sørsamisk.", "", "")
    assert other_member(asked, "205 elever har samisk som førstespråk.", "", "Meld. St. 31 Samisk språk")
    assert not other_member(asked, "34 elever har lulesamisk som førstespråk, 81 som andrespråk.", "", "")
    assert not other_member(asked, "Skolen har 12 elever.", "", "")  # names no member: not judged
    # a South Sami plan's «samiske elever» are South Sami: the title names the asked language
    south = asked_members("Hvor mange sørsamiske elever får fjernundervisning?")
    assert not other_member(south, "I dag får 20 samiske elever fjernundervisning.", "", "Handlingsplan for sørsamisk språk")
    assert other_member(south, "I dag får 20 samiske elever fjernundervisning.", "", "Melding om samisk språk")


def test_the_composer_does_not_let_another_languages_count_answer() -> None:
    text = ("Ifølge direktoratet får 833 elever i grunnskolen all undervisning på samisk skoleåret 2018/2019. 892 elever "
            "har nordsamisk som førstespråk. 26 elever har sørsamisk som førstespråk, 85 som andrespråk.")
    south = _query("Hvor mange elever i grunnskolen hadde sørsamisk som andrespråk skoleåret 2018/2019?",
                   ("elev", "sørsamisk", "andrespråk", "2018"), counted="elev")
    assert _answering(south, _hit(text)) == ["26 elever har sørsamisk som førstespråk, 85 som andrespråk."]
    pite = _query("Hvor mange elever hadde pitesamisk som førstespråk skoleåret 2018/2019?",
                  ("elev", "pitesamisk", "førstespråk", "2018"), counted="elev")
    assert _answering(pite, _hit(text)) == []


def test_a_paragraph_counting_the_same_thing_gives_the_year_once() -> None:
    texts = ("Ifølge direktoratet får 833 elever i grunnskolen undervisning på samisk skoleåret 2018/2019.",
             "892 elever har nordsamisk som førstespråk.", "Av dem bor 75 prosent i Finnmark.")
    lines = (0, 0, 0)
    assert year_carried(texts, lines, 1, "elev") == texts[0]
    assert year_carried(texts, lines, 2, "elev") == ""  # counts no pupils: the year is not carried to a share
    assert year_carried(texts, (0, 1, 1), 1, "elev") == ""  # another paragraph
    assert year_carried(texts, lines, 1, "") == ""
    assert counts_noun("26 elever har sørsamisk", "elev")
    assert not counts_noun("Nesten 50 000 mottok andre typer tjenester som avlastning og personlig assistanse.", "person")


def test_the_recipient_an_amount_question_names_must_stand_with_the_amount() -> None:
    query = _query("Hvor mye fikk Nord universitet til rekruttering?", ("universitet", "rekruttering"),
                   kind=QuestionKind.COST)
    assert asked_recipient(query) == ("nord", "universitet")
    assert len(asked_recipient(_query("Hvor mye har Samisk høgskole fått til rekruttering?", ("rekruttering",),
                                      kind=QuestionKind.COST))) == 2  # «høgskole» as words() reads it
    assert asked_recipient(_query("Hvor mye fikk Universitetet i Tromsø til rekruttering?", ("rekruttering",),
                                  kind=QuestionKind.COST)) == ("universitetet", "tromsø")
    assert asked_recipient(_query("Hvor mye bevilges i år?", ("bevilg",), kind=QuestionKind.COST)) == ()
    # a recipient named by a noun: its head
    assert asked_recipient(_query("Hvor mye skal hvert samiske språkressurssenter få i årlig bevilgning?",
                                  ("språkressurssenter", "bevilgning"), kind=QuestionKind.COST)) == ("språkressurssenter",)
    assert asked_recipient(_query("Hvor mye av studielånet kan studentene få ettergitt?", ("studielån",),
                                  kind=QuestionKind.COST)) == ()
    # after a modal, only the subject of «få» receives (NorQuAD: «Hvor mye skal DN spare i …?» names no recipient)
    assert asked_recipient(_query("Hvor mye skal DN spare i omorganiseringen?", ("spar",), kind=QuestionKind.COST)) == ()
    # … and the thing a «hva / hvor mye koster» question prices
    priced = _query("Hvor mye kostet den nye simulatoren ved skolen?", ("simulator", "skol"), kind=QuestionKind.COST)
    assert asked_recipient(priced) == ("simulatoren",)
    assert asked_recipient(_query("Hvor mye koster det å drive en skole?", ("driv", "skol"), kind=QuestionKind.COST)) == ()
    school = _hit("Skolen investerte i ny simulator i 2008.\nTilskuddet for 2010 var på 2,3 millioner, som gikk til skolen.")
    assert _answering(priced, school) == []
    assert _answering(priced, _hit("Den nye simulatoren kostet 4 millioner kroner.")) == [
        "Den nye simulatoren kostet 4 millioner kroner."]
    assert names_recipient(("universitetet", "tromsø"), "har Universitetet i Tromsø fått 2 millioner kroner")
    assert not names_recipient(("nord", "universitet"), "har Samisk høgskole fått 700 000 kroner")
    text = ("I 2018 har Samisk høgskole fått 700 000 kroner til rekruttering. I tillegg har Nord universitet og "
            "Universitetet i Tromsø fått midler til rekruttering.")
    assert _answering(query, _hit(text)) == []
    other = _query("Hvor mye fikk Samisk høgskole til rekruttering?", ("samisk", "høyskole", "rekruttering"),
                   kind=QuestionKind.COST)
    assert _answering(other, _hit(text)) == ["I 2018 har Samisk høgskole fått 700 000 kroner til rekruttering."]


def test_a_page_number_inside_a_sentence_is_no_count() -> None:
    for page in ("I dag er det færre arenaer der folk i ulike aldersgrupper 56 samles eller har felles aktiviteter.",
                 "Senteret arbeider 53 også med forsknings- og utviklingsarbeid.",
                 "Det er viktig at resultatene av konsultasjonsmøter 66 kommuniseres godt ut.",
                 "De skal veilede det 22 øvrige personalet.", "Dette gjelder den samiske 67 skolen og barnehagen."):
        assert not has_number(page), page
    for count in ("I Telemark har vi 11 videregående skoler.", "Skolen har i dag 23 studenter.",
                  "så lenge det er 6 elever igjen i gruppa", "Av disse 5 er tre jenter.", "finnes det 30 slike virksomheter",
                  "mens 225 gikk i norske barnehager", "i samme periode 27 færre samiske barn", "de 3 kommende årene"):
        assert has_number(count), count


def test_a_debt_is_a_sum_of_money() -> None:
    from assistant.query import question_kind

    assert question_kind("Hvor stor er netto lånegjeld i Lier kommune?", [], []) == QuestionKind.COST
    assert question_kind("Hvor stor er gjelda til kommunen?", [], []) == QuestionKind.COST
    assert question_kind("Hvor mange år gjelder planen?", [], []) == QuestionKind.NUMBER  # the verb «gjelder»


def test_a_share_question_is_answered_by_a_share() -> None:
    question = "Hvor stor andel av studentene ved skolen er kvinner?"
    assert not has_quantity(QuestionKind.NUMBER, "Fagskolen har søkt om godkjenning for 2-årig linje.", question)
    assert not has_quantity(QuestionKind.NUMBER, "Skolen utdanner skipsoffiserer innen klasse D4 og D1.", question)
    for share in ("Av studentene er 40 % kvinner.", "Andel elever som har fullført var i 2020 72,86", "Nær fire av ti er kvinner.",
                  "Halvparten av studentene er kvinner.", "1 av 5 studenter er kvinner."):
        assert has_quantity(QuestionKind.NUMBER, share, question), share
    assert has_quantity(QuestionKind.NUMBER, "Skolen har 23 studenter.", "Hvor mange studenter har skolen?")


def test_a_number_said_of_another_place_in_its_own_sentence_is_not_the_asked_places() -> None:
    query = _query("Hvor mange studenter går ved Nordkapp maritime fagskole?", ("student", "nordkapp", "maritim", "fagskol"),
                   counted="student")
    hit = _hit("I 2009 var det totalt 16.200 fagskolestudenter i Norge.\nSkolen har i dag 23 studenter.",
               title="Fagskoleplan", section=("Nordkapp maritime fagskole",))
    assert _answering(query, hit) == ["Skolen har i dag 23 studenter."]


def test_a_list_of_paragraphs_and_a_span_of_grades_are_no_counts() -> None:
    assert not has_number("Foreldra kan krevje opplæring i kvensk eller finsk etter §§ 3-2 og 3-3.")
    assert not has_number("Elevar på 8. til 10. trinn vel sjølve om dei skal ha slik opplæring.")
    assert has_number("Etter § 2-2 skal 5 elever ha rett til skyss.")
    assert has_number("Skolen har 23 elever på 10. trinn.")
