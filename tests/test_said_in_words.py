"""Answers Norwegian documents state in words, and names users write inside other words (issue 13, thirteenth round,
declines1) — on small texts written here: a sum in words («en million kroner»), a count in words («fjorten», «en
tredel», «hver tredje»), a count opening its line («22 lokale nettverksgrupper …»), a municipality's compound or
genitive («Krødsheradskolen», «Tromsøs»), a plan's capitalised short name («Læremiddelplanen»), a body after «fra /
frå» (a giver, not a compared party), nynorsk derivations inside compounds («tospråklegheitstilskot»).
"""

from __future__ import annotations

from assistant.namedparts import municipality_at, named_compound
from assistant.norwegian import words
from assistant.quantities import has_number, has_quantity
from assistant.query import QuestionKind, _partners, question_kind

VOCAB = {"skol": 3, "skole": 3, "barnehag": 2, "lær": 4, "middel": 2, "likestilling": 2, "plan": 9, "strand": 1}


def test_a_sum_written_in_words_is_an_amount() -> None:
    for text in ("Gjennomsnittskostnaden for en plass nærmer seg en million kroner i året.",
                 "Satsingen koster to milliarder kroner.", "Tiltaket kostar ein halv million kroner.",
                 "Det er satt av fem tusen kroner."):
        assert has_quantity(QuestionKind.COST, text), text
    for text in ("Kostnaden er høy for kommunen.", "Det er to plasser i året."):
        assert not has_quantity(QuestionKind.COST, text), text


def test_counts_and_shares_in_words() -> None:
    for text in ("Det kom fjorten søknader.", "Over en tredel av beboerne er under 67 år.",
                 "Hver tredje samisktalende kvinne har opplevd diskriminering.", "Ein firedel av elevane.",
                 "Halvdelen av kommunene har en plan."):
        assert has_number(text), text
    for text in ("Den tredje samlingen var godt besøkt.", "Kvar elev skal få tilbod."):
        assert not has_number(text), text


def test_a_count_opening_its_line_is_no_list_number() -> None:
    question = "Hvor mange lokale nettverksgrupper er det?"
    assert has_quantity(QuestionKind.NUMBER, "22 lokale nettverksgrupper møtes jevnlig.", question, "lokal")
    # a row or section number before a capitalised item stays a list number
    assert not has_number("10 Betydelig mindre bruk")
    assert not has_number("3 Mål og strategier")


def test_a_municipality_inside_a_word() -> None:
    assert municipality_at("", VOCAB) and municipality_at("s", VOCAB) and municipality_at("-planen", VOCAB)
    assert municipality_at("skolen", VOCAB) and municipality_at("sbarnehagene", VOCAB)
    assert not municipality_at("ds", VOCAB)  # English "holds" does not name Hol
    assert not municipality_at("ne", VOCAB)  # «Lierne» is another municipality than Lier


def test_compounds_that_name_what_the_collection_holds() -> None:
    munis = ["Krødsherad", "Tromsø"]
    assert named_compound("Krødsheradskolen", munis, VOCAB)
    assert named_compound("Tromsøbarnehagene", munis, VOCAB)
    assert named_compound("Læremiddelplanen", munis, VOCAB)  # a plan's short name, «lære» + «middel»
    assert named_compound("Likestillingsplanen", munis, VOCAB)
    assert not named_compound("Hamarskolen", munis, VOCAB)  # Hamar is no municipality of the collection
    assert not named_compound("Nasjonalgarden", munis, VOCAB)  # no document noun, no municipality
    assert not named_compound("Fjellplanen", munis, VOCAB)  # its first part is not a word the collection uses


def test_a_body_after_fra_is_no_compared_party() -> None:
    munis = ["Kåfjord", "Sametinget"]
    question = "Kor mykje fekk Kåfjord i tilskot frå Sametinget i 2006?"
    assert _partners(question, munis) == ["Sametinget"]
    assert question_kind(question, munis, []) != QuestionKind.COMPARE
    compared = "Hvordan er grunnskolepoengene i Løten sammenlignet med Jevnaker?"
    assert question_kind(compared, ["Løten", "Jevnaker"], []) == QuestionKind.COMPARE


def test_nynorsk_derivation_inside_a_compound() -> None:
    from assistant.questionwords import question_word

    assert [question_word(w) for w in words("tospråklegheitstilskot")] == ["tospråklighetstilskudd"]


def test_a_time_by_the_plans_own_calendar() -> None:
    question = "Når skal planen revideres?"
    for text in ("Planen skal revideres i løpet av planperioden.", "Tiltaket skal være gjennomført innen utgangen av året.",
                 "Rapporten kommer neste år.", "Arbeidet starter første halvår.", "Evalueringen skjer om to år."):
        assert has_quantity(QuestionKind.WHEN, text, question), text
    for text in ("Planen skal revideres.", "Barna skal være trygge ved skolestart.", "Vi gjør dette i dag."):
        assert not has_quantity(QuestionKind.WHEN, text, question), text


def test_nynorsk_country_name_and_multiples() -> None:
    from assistant.questionwords import question_word

    assert [question_word(w) for w in words("i Noreg")] == ["i", "norge"]
    assert has_number("Driftsutgiftene er blitt femdoblet på 40 år.".replace("40 år", "førti år"))
    assert not has_number("Andelen som minst én gang har brukt cannabis")  # «én gang» counts no one


def test_nynorsk_nouns_inside_compounds() -> None:
    from assistant.lexical import _marker_version
    from assistant.questionwords import question_word

    assert [question_word(w) for w in words("fagskuletilbod vaksenopplæring skulefråvær")] == [
        "fagskoletilbud", "voksenopplæring", "skolefravær"]
    # read on the question side only: the index-side analysis (and the indexes built with it) stays as it was
    assert words("fagskuletilbod") == ["fagskoletilbod"] and _marker_version()


def test_a_grade_named_by_its_ordinal() -> None:
    from assistant.coverage import covered_terms
    from assistant.norwegian import _stem

    first = _stem("førsteklassing")
    assert covered_terms((first,), "Elevar på 1. trinn har rett til gratis skyss.") == {first}
    assert covered_terms((first,), "Elever i første klasse får leksehjelp.") == {first}
    assert not covered_terms((first,), "Elevar på 2. trinn har rett til gratis skyss.")
