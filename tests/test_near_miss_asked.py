"""Near misses and answers (issue 13, eighth round) — on small texts written here (no shared data).

Conventions tested: a national text whose quoted sentence names the body a question asks about says something about
that body («… 504 millioner kroner til Sametinget»), while one that does not name it still speaks for every
municipality; a share question («hvor stor andel av mennene …») is not answered by a share of another group («41
prosent av kvinnene»); a document title's years («Meld. St. 31 (2018–2019)») are not the year a number is said of;
«Når ble X grunnlagt?» is answered by a date said with a word of coming into being («etablert»), not by the year of
another event of X (other events are not checked); a cited document («St.melding 28»), a plan's numbered label
(«Tiltak 9:»), a road («E18»), an enumerator («1)») and a contents line's page («Alta9») are not counts, a section
(«kap. 2.3.2») is not a date; «Hva gjør X mot / for å forebygge mobbing?» is answered only by text that names what
the measure is against (the rarest word after «mot / med / om / for å …» following a verb of doing or saying); an
amount said of another named body («Stortinget …») does not answer what another («Sverige») pays; «Hva mener X om …»
is answered first by the sentence saying what X thinks.
"""

from __future__ import annotations

from collections import Counter

from assistant.compose import compose
from assistant.evidence import NATIONAL_FOR_MUNICIPALITY, decide, names_any
from assistant.language import Language
from assistant.models import Chunk, DocumentMeta, Hit
from assistant.query import Query, QuestionKind
from assistant.termstats import TermStats

ST = TermStats(0, Counter(), 100)  # every term equally rare


def _hit(text: str, doc: str, municipality: str = "", rank: int = 1, title: str = "") -> Hit:
    meta = DocumentMeta(doc, f"{doc}.txt", title or f"Melding {doc}", municipality=municipality, has_pages=False)
    return Hit(Chunk(f"{doc}::{rank}", doc, rank, text, ()), meta, 1.0, rank)


def _query(text: str, terms: tuple[str, ...], kind: QuestionKind, municipalities: tuple[str, ...] = ()) -> Query:
    return Query(text, Language.NB, terms, municipalities, (), (), (), kind)


def _decide(query: Query, hits: list[Hit]):
    comp = compose(query, hits, ST)
    return decide(query, hits, comp.piece_texts(quantity=query if query.kind in (
        QuestionKind.NUMBER, QuestionKind.COST, QuestionKind.WHEN) else None), ST, 0.4)


def test_a_national_text_naming_the_body_asked_about_answers_for_it() -> None:
    budget = _hit("I statsbudsjettet er det satt av om lag 1 milliard kroner til samiske formål, hvorav 504 millioner kroner til "
                  "Sametinget. Bevilgningen fastsettes i de ordinære budsjettprosessene.", "meld")
    query = _query("Hvor mye penger fikk Sametinget på statsbudsjettet?", ("peng", "statsbudsjett"),
                   QuestionKind.COST, ("Sametinget",))
    assert _decide(query, [budget]).found
    other = _query("Hvor mye penger fikk Kautokeino på statsbudsjettet?", ("peng", "statsbudsjett"),
                   QuestionKind.COST, ("Kautokeino",))
    decision = _decide(other, [budget])
    assert not decision.found and decision.evidence <= NATIONAL_FOR_MUNICIPALITY


def test_a_name_is_a_word_of_the_text_not_a_part_of_one() -> None:
    assert names_any(("Lier",), "Liers kommuneplan sier …") and names_any(("Telemark fylkeskommune",), "i Telemark")
    assert not names_any(("Hol",), "holdningen til fysisk aktivitet") and not names_any(("Lier",), "Lierstranda")
    assert not names_any((), "Sametinget")


def test_a_share_said_of_another_group_does_not_answer_a_share_question() -> None:
    from assistant.evidence import has_quantity, share_group
    from assistant.norwegian import _stem

    assert share_group("Hvor stor andel av mennene i Karasjok hadde høyere utdanning?") == _stem("mennene")
    assert share_group("Hvor stor del av de ansatte mangler utdanning?") == _stem("ansatte")
    assert share_group("Hvor mange bor i Karasjok?") == "" and share_group("What share of the men …?") == ""
    women = "I både Karasjok og Kautokeino hadde 41 prosent av kvinnene utdanning på universitetsnivå."
    number = QuestionKind.NUMBER
    assert not has_quantity(number, women, "Hvor stor andel av mennene i Karasjok hadde høyere utdanning?")
    assert has_quantity(number, women, "Hvor stor andel av kvinnene i Karasjok hadde høyere utdanning?")
    assert has_quantity(number, "Andelen med høyere utdanning var 41 prosent.", "Hvor stor andel av mennene …?")
    # the group after «% av» is the noun, not a word after it («av mennene utdanning …»)
    assert has_quantity(number, "I 2017 hadde 41 prosent av mennene utdanning.", "Hvor stor andel av mennene …?")


def test_the_years_of_a_document_title_are_not_the_year_a_number_is_said_of() -> None:
    title = "Meld. St. 31 (2018–2019) Samisk språk og samfunnsliv"
    text = ("Institusjonene tar selv initiativ for å bedre rekrutteringen. I 2017 og 2018 har Samisk høgskole fått "
            "700 000 kroner til rekrutteringsformål over departementets budsjett.")
    meta = DocumentMeta("meld", "meld.html", title, municipality="", has_pages=False)
    hit = Hit(Chunk("meld::1", "meld", 1, text, (title, "4 Utdanning og forskning")), meta, 1.0, 1)

    def asked(year: str) -> Query:
        return _query(f"Hvor mye fikk Samisk høgskole til rekruttering i {year}?",
                      ("samisk", "høgskol", "rekruttering", year), QuestionKind.NUMBER)

    assert _decide(asked("2018"), [hit]).found
    assert not _decide(asked("2019"), [hit]).found  # 2019 stands only in the title (and the section path's top)


def test_a_date_answers_the_event_asked_about() -> None:
    from assistant.asked import asked_event

    school = ("Nordkapp maritime fagskole utdanner skipsoffiserer. Fagskolen investerte i ny simulator i 2008, "
              "og har derfor godt utstyr.")
    query = _query("Når ble Nordkapp maritime fagskole grunnlagt?", ("nordkapp", "maritim", "fagskol", "grunnlagt"),
                   QuestionKind.WHEN)
    assert asked_event(query) == "grunnlagt"
    assert not _decide(query, [_hit(school, "plan")]).found  # 2008 dates a purchase, not a founding
    founded = _hit("Nordkapp maritime fagskole ble etablert i 1975 som en del av den videregående skolen.", "plan")
    assert _decide(query, [founded]).found  # «etablert» dates a founding as «grunnlagt» does
    # other events are dated without their verb as often as with it («fra 1908»): only a founding is checked
    built = _query("Når ble Bygdeskolen bygget?", ("bygdeskol", "bygg"), QuestionKind.WHEN)
    assert asked_event(built) == ""
    assert _decide(built, [_hit("Bygdeskolen er fra 1908, og den ble pusset opp i 2010.", "plan")]).found
    assert asked_event(_query("Når skal skolen stå ferdig?", ("skol", "ferdig"), QuestionKind.WHEN)) == ""


def test_a_short_question_term_is_covered_as_the_first_part_of_a_compound() -> None:
    from assistant.evidence import covered_terms
    from assistant.norwegian import _stem

    klima = _stem("klima")
    assert len(klima) == 4  # Snowball's «klim»: too short to be looked for inside any word
    assert klima in covered_terms((klima,), "Kommunens egen drift skal være klimanøytral innen 2030.")
    assert klima not in covered_terms((klima,), "Kommunen skal kutte utslippene fra egen drift.")
    assert klima not in covered_terms((klima,), "Klimt malte portretter.")  # a short word is no compound


def test_references_labels_roads_and_enumerators_are_not_counts_nor_dates() -> None:
    from assistant.evidence import has_number, has_quantity

    for reference in ("I St.melding 28 – Om samepolitikken heter det …", "Se St.meld. nr. 44 om utdanningslinja.",
                      "Tiltak 9: Forankring av skolens rolle", "Jernbanen, E18 og Rv 7 går gjennom kommunen.",
                      "Formål: 1) Sikre samiske språk som fag", "NOU 2016: 18 Hjertespråket",
                      "Folkeuniversitetet i Alta9", "DEL 16", "St.mld. nr 44 om utdanning"):  # contents lines: page glued
        assert not has_number(reference), reference
    for count in ("Skolen har 23 studenter.", "Vi gjennomfører tiltak 3 ganger i året.", "Det er 12 mål i planen.",
                  "Tiltak 9 elever deltok i", "Skolen har 23", "Hordaland71 mill"):
        assert has_number(count), count
    when = QuestionKind.WHEN
    assert not has_quantity(when, "Det heter også under kap. 2.3.2. Sørsamiske regioner og institusjoner …")
    assert has_quantity(when, "Planen gjøres gjeldende fra 28.05.2014.")


def test_what_a_measure_is_against_must_be_in_the_answer() -> None:
    from assistant.evidence import asked_topic

    plan = _hit("Kommunen skal forebygge utenforskap blant unge. Vi skal redusere frafallet i skolen gjennom "
                "tett oppfølging, og forebygge rus gjennom samarbeid med politiet.", "plan", municipality="Fjellbygd")
    bullying = _query("Hva gjør Fjellbygd for å forebygge mobbing i skolen?", ("forebygg", "mobbing", "skol"),
                      QuestionKind.GENERAL, ("Fjellbygd",))
    assert asked_topic(bullying, ST) in ("mobbing", "skol")
    rare = TermStats(2, Counter({"mobbing": 1, "skol": 2, "forebygg": 2}), 100)  # «mobbing» the rarer word
    assert asked_topic(bullying, rare) == "mobbing"
    comp = compose(bullying, [plan], rare)
    assert not decide(bullying, [plan], comp.piece_texts(whole_passage=True), rare, 0.4).found
    drugs = _query("Hva gjør Fjellbygd for å forebygge rus?", ("forebygg", "rus"), QuestionKind.GENERAL, ("Fjellbygd",))
    comp = compose(drugs, [plan], rare)
    assert decide(drugs, [plan], comp.piece_texts(whole_passage=True), rare, 0.4).found
    # «med» inside a noun phrase and «sørge for at …» name no topic
    assert asked_topic(_query("Hva skal ansvarsgruppa rundt et barn med særskilte behov oppnå?",
                              ("ansvarsgrupp", "barn", "særskilt", "behov", "oppnå"), QuestionKind.GENERAL), rare) == ""
    assert asked_topic(_query("Hvordan skal Fjellbygd sørge for at planen faktisk blir gjennomført?",
                              ("sørg", "plan", "faktisk", "gjennomført"), QuestionKind.GENERAL), rare) == ""


def test_an_amount_said_of_another_named_body_does_not_answer() -> None:
    text = ("Sámi Giellagáldu er et felles nordisk språkorgan. Stortinget vedtok i 2015 å øke Sametingets budsjett med "
            "2 millioner kroner årlig til den norske delen av finansieringen av Sámi Giellagáldu.")
    hit = _hit(text, "meld")
    sweden = _query("Hvor mye betaler Sverige til Sámi Giellagáldu hvert år?", ("betal", "sver", "sámi", "giellagáldu"),
                    QuestionKind.NUMBER)
    assert not _decide(sweden, [hit]).found  # the 2 millioner are Norway's
    parliament = _query("Hvor mye betaler Stortinget til Sámi Giellagáldu hvert år?",
                        ("betal", "storting", "sámi", "giellagáldu"), QuestionKind.NUMBER)
    assert _decide(parliament, [hit]).found


def test_what_a_body_thinks_is_answered_by_the_sentence_saying_what_it_thinks() -> None:
    from assistant.compose import split_units
    from assistant.unitscore import score_unit

    text = ("Sametinget vil bidra til at fjernundervisning i samisk får styrkede ressurser. Sametinget vurderer "
            "fjernundervisning i samisk som en alternativ opplæringsform når vanlig opplæring ikke er mulig.")
    units = split_units(text)
    assert len(units) == 2
    terms = ("fjernundervisning", "samisk")
    opinion = _query("Hva mener Sametinget om fjernundervisning i samisk?", terms, QuestionKind.GENERAL)
    plain = _query("Hva sier meldingen om fjernundervisning i samisk?", terms, QuestionKind.GENERAL)
    assert score_unit(opinion, units, 1, "", ST) > score_unit(opinion, units, 0, "", ST)  # «vurderer» says what it thinks
    assert score_unit(plain, units, 1, "", ST) == score_unit(plain, units, 0, "", ST)
