"""Near misses by general conventions of Norwegian questions (issue 13, tenth round) — on small texts written here.

Conventions tested: «hvor mange …» asks for a count, and a sum of money («100 mill til kartlegging») is no count of
anything but kroner; «Når skal X evalueres?» asks for the date of a planned event, which a plan gives with the doing
(the year the project started does not date its evaluation); «Hvor ofte …?» asks for a frequency («hvert 4. år»,
«årlig», «to ganger i året»), and the unit saying it answers first.
"""

from __future__ import annotations

from assistant.evidence import has_quantity
from assistant.query import QuestionKind

NUMBER = QuestionKind.NUMBER


def test_a_sum_of_money_does_not_answer_how_many() -> None:
    question = "Hvor mange arbeider i mineralindustrien i Finnmark?"
    money = "Regjeringen har i statsbudsjett for 2011 satt av 100 mill til kartlegging av mineralforekomster."
    assert not has_quantity(NUMBER, money, question)
    assert not has_quantity(NUMBER, "Staten gir 2,5 millioner kroner og kr 40 000 per elev.", question)
    # a count stays a count, also beside an amount and in millions of people
    assert has_quantity(NUMBER, "Næringa sysselsetter om lag 2800 personer og fikk 100 mill.", question)
    assert has_quantity(NUMBER, "Regionen har 2 millioner innbyggere.", question)
    # a question asking for money, or for how many kroner, is answered by the amount
    assert has_quantity(NUMBER, money, "Hvor stor var bevilgningen til kartlegging?")
    assert has_quantity(NUMBER, "Tilskuddet er 500 kroner per time.", "Hvor mange kroner får de per time?", "kron")


def _hit(text: str, doc: str = "plan", rank: int = 1):
    from assistant.models import Chunk, DocumentMeta, Hit

    meta = DocumentMeta(doc, f"{doc}.txt", f"Plan {doc}", municipality="Lier", has_pages=False)
    return Hit(Chunk(f"{doc}::{rank}", doc, rank, text, ()), meta, 1.0, rank)


def _decide(question: str, terms: tuple[str, ...], kind: QuestionKind, hits: list):
    from collections import Counter

    from assistant.compose import compose
    from assistant.evidence import decide
    from assistant.language import Language
    from assistant.query import QUANTITY_KINDS, Query
    from assistant.termstats import TermStats

    st = TermStats(0, Counter(), 100)  # every term equally rare
    query = Query(question, Language.NB, terms, (), (), (), (), kind)
    comp = compose(query, hits, st)
    return comp, decide(query, hits, comp.piece_texts(whole_passage=kind not in QUANTITY_KINDS,
                                                      quantity=query if kind in QUANTITY_KINDS else None), st, 0.4)


def test_a_planned_event_is_dated_with_its_doing() -> None:
    from assistant.asked import asked_event
    from assistant.language import Language
    from assistant.query import Query

    project = ("Sametingsrådet har i 2010 igangsatt et pilotprosjekt, Verdde-prosjektet, om hospitering. "
               "Pilotprosjektet skal evalueres når det foreligger grunnlag for slik evaluering.")
    question = "Når skal Verdde-prosjektet evalueres?"
    terms = ("verdde", "prosjekt", "evaluer")
    assert asked_event(Query(question, Language.NB, terms, (), (), (), (), QuestionKind.WHEN)) == "evaluer"
    # 2010 dates the start, not the evaluation
    assert not _decide(question, terms, QuestionKind.WHEN, [_hit(project)])[1].found
    dated = "Verdde-prosjektet startet i 2010. Prosjektet skal evalueres i 2013 av et eksternt miljø."
    assert _decide(question, terms, QuestionKind.WHEN, [_hit(dated)])[1].found
    # an event asked in the past tense is not checked (news and histories date events without their verb)
    past = Query("Når ble prosjektet evaluert?", Language.NB, ("prosjekt", "evaluer"), (), (), (), (), QuestionKind.WHEN)
    assert asked_event(past) == ""


def test_how_often_is_answered_by_a_frequency() -> None:
    from assistant.evidence import asks_frequency, has_frequency

    assert asks_frequency("Hvor ofte rulleres tiltaksdelen?") and asks_frequency("Kor ofte skal utvalet møtast?")
    assert asks_frequency("How often is the plan evaluated?") and not asks_frequency("Hvor mange møter har utvalget?")
    for said in ("Oversiktsdokumentet skal utarbeides hvert 4. år.", "Planen evalueres årlig.",
                 "Utvalget møtes to ganger i året.", "Handlingsdelen rulleres hvert fjerde år."):
        assert has_frequency(said), said
    assert not has_frequency("Planen ble vedtatt i 2020 og gjelder til 2028.")
    terms = ("samarbeidsutvalg", "møt")
    question = "Hvor ofte skal samarbeidsutvalget ha møter?"
    council = _hit("Hver barnehage skal ha et samarbeidsutvalg. Samarbeidsutvalget skal ha møter med foreldrene.")
    assert not _decide(question, terms, QuestionKind.GENERAL, [council])[1].found  # the topic, not how often
    often = _hit("Samarbeidsutvalget skal ha møter med foreldrene. Samarbeidsutvalget har møter fire ganger i året.")
    comp, decision = _decide(question, terms, QuestionKind.GENERAL, [often])
    assert decision.found and "fire ganger i året" in comp.text.splitlines()[0]


def test_a_short_noun_in_the_definite_form_is_covered_by_its_base() -> None:
    from assistant.evidence import covered_terms
    from assistant.norwegian import _stem

    # the stemmer leaves «sjøen», «byen», «året» whole (no stem region to cut)
    assert _stem("sjøen") == "sjøen" and _stem("byen") == "byen"
    assert covered_terms((_stem("sjøen"),), "Kommunens alminnelige byggegrense mot sjø er 100 meter.")
    assert covered_terms((_stem("byen"),), "Når byen vokser, skal flere gå og sykle.")
    assert covered_terms((_stem("by"),), "Byen vokser.") and covered_terms((_stem("året"),), "hvert år")
    # … not a longer word, nor another short word with the same start
    assert not covered_terms((_stem("sjøen"),), "Sjøfolk og sjømat.")
    assert not covered_terms((_stem("byen"),), "Byggingen starter.")


def test_a_short_verbs_strong_past_is_covered_by_its_weak_forms() -> None:
    from assistant.evidence import covered_terms
    from assistant.norwegian import _stem

    # «grue seg» has both pasts, «grudde» and «gruet»; the stemmer leaves the short verb's forms whole
    assert _stem("grudde") == "grudd" and _stem("gruet") == "gruet"
    assert covered_terms((_stem("grudde"),), "24 % som gruet seg til skolen.")
    assert covered_terms((_stem("gruer"),), "Mange grudde seg til skolen.")
    # … not another word with the same start, nor a two-letter verb («nådde» is not «når», "when")
    assert not covered_terms((_stem("grudde"),), "Gruppen møtes hver uke.")
    assert not covered_terms((_stem("nådde"),), "Når skolen starter.")


def test_a_latin_noun_is_covered_by_its_forms_without_um() -> None:
    from assistant.evidence import covered_terms
    from assistant.norwegian import _stem
    from assistant.quantities import counts

    # «museum», «museer»: the stemmer keeps them apart («museum», «muse»)
    assert _stem("museum") != _stem("museer")
    assert covered_terms((_stem("museum"),), "seks konsoliderte samiske museer")
    assert covered_terms((_stem("museer"),), "Sametingets museum i Karasjok")
    assert covered_terms((_stem("kriterium"),), "tre kriterier for tildeling")
    # so a count in words names what a «how many museums» question counts
    assert counts("Sametinget har forvaltningsansvaret for seks konsoliderte samiske museer.", _stem("museum"))
    # … not a short stem («forum» is not «for»), nor another word with the same start
    assert not covered_terms((_stem("forum"),), "for alle")
    assert not covered_terms((_stem("museum"),), "musikk og kultur")


def test_a_number_of_years_in_the_definite_plural_counts_years() -> None:
    from assistant.norwegian import _stem

    question = "Hvor mange år fram i tid gjelder kommuneplanen?"
    years = "Kommuneplanen viser hvordan byen skal utvikle seg de neste 12 årene."
    assert has_quantity(NUMBER, years, question, _stem("år"))
    assert not has_quantity(NUMBER, "Kommuneplanen har 12 mål.", question, _stem("år"))


def test_a_share_set_as_a_target_is_no_count_of_those_there_now() -> None:
    from assistant.norwegian import _stem

    target = "Flere menn i barnehagene – 20% menn i barnehagene innen utgangen av 2007."
    men = _stem("menn")
    assert not has_quantity(NUMBER, target, "How many men work in Sami kindergartens today?", men)
    assert not has_quantity(NUMBER, target, "Hvor mange menn jobber i samiske barnehager?", men)
    # … unless the question asks for the target
    assert has_quantity(NUMBER, target, "What is the target for men in kindergartens?", men)
    assert has_quantity(NUMBER, target, "Hva er målet for andelen menn i barnehagene?", men)
    # a share said of now still answers
    assert has_quantity(NUMBER, "Det er 9 % menn i barnehagene i dag.", "How many men work in kindergartens?", men)


def test_a_heading_or_list_number_glued_to_the_text_is_no_count() -> None:
    from assistant.norwegian import _stem

    men = _stem("menn")
    # the next heading's number glued after a sentence ending in a year, a list's first number after its lead's colon
    assert not has_quantity(NUMBER, "Flere menn i barnehagene innen utgangen av 2007.2.", "How many men work there?", men)
    assert not has_quantity(NUMBER, "Departementet fastslår to hovedmål for likestillingsarbeidet i barnehagene:1.",
                            "How many men work there?", men)
    # a figure after a label's colon stays a figure, and so does a count after a year
    assert has_quantity(NUMBER, "Antall menn:12", "How many men work there?", men)
    assert has_quantity(NUMBER, "I 2007 jobbet 12 menn i barnehagene.", "How many men work there?", men)
