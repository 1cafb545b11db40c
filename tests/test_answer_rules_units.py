"""Answer rules of issue 13's fifth round — definitions, units of measure, the year a count is for, reference
lists — on a tiny plan written here, ingested through the real pipeline into the test's own data dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import store_with_plan

PLAN = """Plan for oppvekst i Fjellbygd kommune 2024–2028

Samarbeid med hjemmet
Barnehagen og hjemmet skal samarbeide godt om hvert barn i Fjellbygd.
Med samarbeid menes regelmessig kontakt der informasjon og begrunnelser utveksles.
Dette betyr at foreldrene skal kjenne planene for året.

Skolebygg
Skolebyggene i Fjellbygd er for små. Dette skyldes at elevtallet har økt mye siden 2015.
Kommunen innfører leksefri skole fra høsten. Dette betyr at elevene gjør skolearbeidet på skolen.

Frivillighet
Stadig flere eldre er friske lenge, og det er en klar sammenheng mellom frivillig arbeid og trivsel.
Det er derfor viktig at pensjonister som kan og vil, bidrar i frivillig arbeid.

Befolkning og lesing
I 2000 var det 4,7 personer i yrkesaktiv alder per eldre i Fjellbygd.
Barna leser i skolebiblioteket hver dag, og 30 barn har eget lånekort.

Litteraturliste
Hansen, K. (2019). Samarbeid mellom barnehage og hjem.
Olsen, P. og Berg, A. (2018). Lesing og lånekort i barnehagen.
Fylkesmannen i Vestland (2017). Barnehage og hjem i samarbeid.
Kunnskapsdepartementet (2017). Rammeplan for barnehagen.
"""


@pytest.fixture
def store(tmp_path: Path, settings):
    return store_with_plan(tmp_path, settings, PLAN)


def test_a_definition_question_gets_the_defining_sentence(store, settings) -> None:
    from assistant.answer import ask
    from assistant.query import QuestionKind, analyse

    question = "Hva menes med samarbeid mellom barnehagen og hjemmet?"
    assert analyse(question, store).kind == QuestionKind.DEFINITION
    assert analyse("What does cooperation with parents mean?", store).kind == QuestionKind.DEFINITION
    answer = ask(question, settings=settings, store=store)
    assert answer.found and answer.text.splitlines()[0].startswith("Med samarbeid menes regelmessig kontakt")
    from assistant.norwegian import _stem
    from assistant.unitscore import defines

    assert defines((_stem("samarbeid"),), "Med samarbeid menes regelmessig kontakt.")
    assert not defines((_stem("samarbeid"),), "Dette betyr at samarbeid er viktig.")  # it names it after the verb


def test_a_count_for_another_year_does_not_answer(store, settings) -> None:
    from assistant.answer import ask

    other = ask("Hvor mange personer i yrkesaktiv alder var det per eldre i 1990?", settings=settings, store=store)
    assert not other.found
    same = ask("Hvor mange personer i yrkesaktiv alder var det per eldre i 2000?", settings=settings, store=store)
    assert same.found and "4,7" in same.text


def test_years_and_periods_cover_the_year_asked_for() -> None:
    from assistant.asked import years_covered

    assert years_covered((2021,), "Plan for oppvekst 2019–2022")
    assert years_covered((2021,), "handlingsplan 2021-24")
    assert not years_covered((1990,), "I 2000 var det 4,7 personer")
    assert not years_covered((2023,), "Planperioden 2019-22")


def test_a_count_in_a_unit_of_measure_needs_a_number_in_that_unit(store, settings) -> None:
    from assistant.answer import ask
    from assistant.evidence import has_quantity
    from assistant.norwegian import _stem
    from assistant.query import QuestionKind

    minutes = _stem("minutter")
    assert has_quantity(QuestionKind.NUMBER, "Barna er ute i 90 minutter hver dag.", "", minutes)
    assert has_quantity(QuestionKind.NUMBER, "Det trengs om lag 6000 nye årsverk per år.", "", _stem("årsverk"))
    assert has_quantity(QuestionKind.NUMBER, "Barna går tur i tre timer.", "", _stem("timer"))
    assert not has_quantity(QuestionKind.NUMBER, "Barna leser hver dag, og 30 barn har eget lånekort.", "", minutes)
    # «30 barn» is a count of children, not minutes of reading
    assert not ask("Hvor mange minutter leser barna i skolebiblioteket hver dag?", settings=settings, store=store).found
    cards = ask("Hvor mange barn har eget lånekort?", settings=settings, store=store)
    assert cards.found and "30 barn" in cards.text


def test_a_law_part_is_a_reference_not_a_number() -> None:
    from assistant.evidence import has_number

    assert not has_number("Barnehageloven § 1 Formål, 1. ledd, første punktum")
    assert has_number("Barnehagen har 1 styrer og 12 ansatte.")


def test_a_reference_list_is_never_quoted(store, settings) -> None:
    from assistant.answer import ask
    from assistant.compose import is_reference_entry

    assert is_reference_entry("Johansson, I. (2002).") and is_reference_entry("Fylkesmannen i Rogaland (2006).")
    assert not is_reference_entry("Det er i dag 70 000 personer med demens (Statistisk sentralbyrå 2012).")
    answer = ask("Hva sier planen om lånekort i barnehagen?", settings=settings, store=store)
    assert answer.found and "30 barn har eget lånekort" in answer.text
    assert "(2018)" not in answer.text and "Olsen, P." not in answer.text


def test_synonyms_of_success_and_of_most_important() -> None:
    from assistant.evidence import covered_terms
    from assistant.norwegian import _stem

    text = "Den enkeltfaktor som er mest avgjørende for et vellykket samarbeid, er tid."
    assert covered_terms((_stem("lykkes"), _stem("viktigste")), text) == frozenset({_stem("lykkes"), _stem("viktigste")})


def test_a_why_question_gets_the_reason_beside_what_it_explains(store, settings) -> None:
    from assistant.answer import ask
    from assistant.query import QuestionKind, analyse

    assert analyse("Hvorfor er skolebyggene for små?", store).kind == QuestionKind.WHY
    assert analyse("Why are the school buildings too small?", store).kind == QuestionKind.WHY
    small = ask("Hvorfor er skolebyggene i Fjellbygd for små?", settings=settings, store=store)
    assert small.found and "Dette skyldes at elevtallet har økt" in small.text  # the reason after
    volunteers = ask("Hvorfor er det viktig at pensjonister gjør frivillig arbeid?", settings=settings, store=store)
    assert volunteers.found and "klar sammenheng mellom frivillig arbeid og trivsel" in volunteers.text  # … before


def test_this_means_defines_the_sentence_before_it(store, settings) -> None:
    from assistant.answer import ask

    answer = ask("Hva betyr leksefri skole?", settings=settings, store=store)
    lines = answer.text.splitlines()
    assert answer.found and lines[0].startswith("Kommunen innfører leksefri skole")
    assert lines[1].startswith("Dette betyr at elevene gjør skolearbeidet på skolen")


def test_english_words_of_white_papers_and_care_are_translated(store) -> None:
    from assistant.norwegian import english

    assert english("committee") == "utvalget utvalg" and english("interviews") == "intervjuer"
    assert english("dementia") == "demens" and english("equivalents") == "årsverk"
    assert english("governor") == "fylkesmann statsforvalter"


def test_a_run_of_short_unpunctuated_lines_is_a_list_with_its_lead_line() -> None:
    from assistant.compose import UnitKind, split_units

    text = ("FAU ønsker en klasseledelse med relasjonsfokus og uten bruk av anmerkninger.\n"
            "Oppsummerte innspill fra elevene på hva som gir et godt læringsmiljø\n"
            "Gode lærere som forstår elevene\nAlle elever er venner\nMye smil og morsomme kommentarer\n"
            "Bøkene skal være gode, og de tekniske løsningene skal fungere godt\n"
            "Skolen vil følge opp innspillene i neste skoleår.")
    kinds = [(u.kind, u.text[:20]) for u in split_units(text)]
    assert kinds[0][0] == UnitKind.SENTENCE
    assert kinds[1] == (UnitKind.LEAD, "Oppsummerte innspill")
    assert [k for k, _ in kinds[2:6]] == [UnitKind.ITEM] * 4
    assert kinds[6][0] == UnitKind.SENTENCE  # a punctuated paragraph ends the list
    # two short lines are not enough to call it a list (a heading and a subheading)
    assert UnitKind.ITEM not in {u.kind for u in split_units("Mål for skole\nDelmål lesing\nElevene skal lese mer.")}


def test_what_people_think_or_feel_frames_an_english_question(store) -> None:
    from assistant.query import query_terms

    terms = query_terms("What do parents think about information from the school?", store)
    assert "informasjon" in terms and not {"think", "men", "mener"} & set(terms)
