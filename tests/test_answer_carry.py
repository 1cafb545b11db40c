"""What an earlier sentence names carries to a later one that refers back to it (issue 13, ninth round) — on small
texts written here (no shared data).

Convention tested: prose gives a number no lead line, so the place or thing a count or amount is said of often stands a
sentence or two before it; the number's sentence continues that subject when it repeats a word of the earlier sentence
(«… overgrepssakene i Tysfjord.» … «… 9,9 millioner kroner til oppfølging av overgrepssakene») or names the earlier
compound by its last part («læremiddelportalen» … «i portalen»). A place named in a sentence the number's sentence does
not refer back to does not carry. «Hva skal / gjør X …» asks what X does: the sentence whose subject is X (it opens with
X, after a label such as «Rollefordeling:») answers it before one naming X in passing.
"""

from __future__ import annotations

from collections import Counter

from assistant.compose import compose, split_units
from assistant.evidence import decide
from assistant.language import Language
from assistant.models import Chunk, DocumentMeta, Hit
from assistant.query import Query, QuestionKind
from assistant.termstats import TermStats
from assistant.unitcontext import carried_terms

ST = TermStats(0, Counter(), 100)  # every term equally rare


def _hit(text: str) -> Hit:
    meta = DocumentMeta("meld", "meld.html", "Melding om samisk språk", municipality="", has_pages=False)
    return Hit(Chunk("meld::1", "meld", 1, text, ()), meta, 1.0, 1)


def _query(text: str, terms: tuple[str, ...]) -> Query:
    return Query(text, Language.NB, terms, (), (), (), (), QuestionKind.NUMBER)


def _found(query: Query, text: str) -> bool:
    hits = [_hit(text)]
    comp = compose(query, hits, ST)
    return decide(query, hits, comp.piece_texts(quantity=query), ST, 0.4).found


CASES = ("Politiet har gjennomført en bred etterforskning av overgrepssakene i Tysfjord i 2016–2017. Det er etablert en "
         "styringsgruppe som ledes av Fylkesmannen. Departementet har tildelt til sammen 9,9 millioner kroner til "
         "oppfølging av overgrepssakene, hvorav 2,4 millioner kroner er til et prosjekt om tillitsbygging.")


def test_a_place_named_sentences_before_carries_to_the_number_that_refers_back_to_it() -> None:
    query = _query("Hvor mye har departementet gitt til oppfølging av overgrepssakene i Tysfjord?",
                   ("departement", "oppfølging", "overgrepssak", "tysfjord"))
    units = tuple(split_units(CASES))
    i = next(n for n, u in enumerate(units) if "9,9" in u.text)
    assert carried_terms(query.terms, units, i, ("tysfjord",)) == ("tysfjord",)
    assert _found(query, CASES)


def test_a_place_in_a_sentence_the_number_does_not_refer_back_to_does_not_carry() -> None:
    text = ("Tysfjord har mange fjorder og høye fjell. Det er etablert en styringsgruppe som ledes av Fylkesmannen. "
            "Departementet har tildelt til sammen 9,9 millioner kroner til oppfølging av overgrepssakene.")
    query = _query("Hvor mye har departementet gitt til oppfølging av overgrepssakene i Tysfjord?",
                   ("departement", "oppfølging", "overgrepssak", "tysfjord"))
    units = tuple(split_units(text))
    assert carried_terms(query.terms, units, len(units) - 1, ("tysfjord",)) == ()
    assert not _found(query, text)


def test_a_compound_named_before_carries_to_its_last_part() -> None:
    text = ("Læremiddelportalen ble i 2013 overført til Senter for samisk i opplæringen. I portalen finnes spill og "
            "filmer. Per september 2014 er det samlet nesten 4000 ulike læremidler i portalen.")
    query = _query("Hvor mange læremidler lå i læremiddelportalen i september 2014?",
                   ("læremidl", "læremiddelportal", "september", "2014"))
    units = tuple(split_units(text))
    assert "læremiddelportal" in carried_terms(query.terms, units, len(units) - 1)
    other = "Portalen ble i 2013 overført til senteret. Per september 2014 er det samlet nesten 4000 ulike læremidler."
    other_units = tuple(split_units(other))
    assert carried_terms(query.terms, other_units, len(other_units) - 1) == ()


def test_the_earlier_sentence_lends_its_place_not_what_the_number_is_said_of() -> None:
    query = Query("Hvor mye kostet etterforskningen av overgrepssakene i Tysfjord?", Language.NB,
                  ("etterforskning", "overgrepssak", "tysfjord"), (), (), (), (), QuestionKind.COST)
    units = tuple(split_units(CASES))
    i = next(n for n, u in enumerate(units) if "9,9" in u.text)
    assert carried_terms(query.terms, units, i, ("tysfjord",)) == ()  # the 9,9 millioner are for the follow-up
    assert not _found(query, CASES)


def test_a_sami_name_is_a_name_the_number_must_be_said_of() -> None:
    from assistant.asked import place_terms

    query = _query("Hvor mye fikk Árran til oppfølgingen?", ("árran", "oppfølging"))
    assert place_terms(query) == ("árran",)


def test_what_x_does_is_answered_by_the_sentence_whose_subject_is_x() -> None:
    from assistant.unitscore import opens_with_subject, score_unit

    question = "Hva skal administrasjonen gjøre i oppfølgingsarbeidet?"
    assert opens_with_subject(question, "Rollefordeling: Administrasjonen utreder og forbereder sakene.")
    assert opens_with_subject(question, "Administrasjonen legger fram saken.")
    assert not opens_with_subject(question, "Arbeidsgruppe: Medlemmene utgjør sammen med administrasjonen arbeidsgruppa.")
    assert not opens_with_subject("Hva skal det koste?", "Det koster lite.")
    text = ("Arbeidsgruppe: Medlemmene i utvalget utgjør sammen med administrasjonen arbeidsgruppa.\n"
            "Rollefordeling: Administrasjonen utreder og forbereder sakene og legger dem fram i arbeidsgruppas møter.")
    units = split_units(text)
    query = Query(question, Language.NB, ("administrasjon", "oppfølgingsarbeid"), (), (), (), (), QuestionKind.GENERAL)
    scores = [score_unit(query, units, i, "", ST) for i in range(len(units))]
    best = units[max(range(len(units)), key=scores.__getitem__)].text
    assert best.startswith("Rollefordeling")
    # a goal is asked for, not what the group does
    assert not opens_with_subject("Hva skal ansvarsgruppa oppnå?", "Ansvarsgruppa bør også ha ansvar for møter.")
    assert opens_with_subject("Hva gjør ansvarsgruppa?", "Ansvarsgruppa bør også ha ansvar for møter.")
