"""English grammar in an English question (eleventh round): the part of speech a word plays (assistant/englishpos.py)
chooses the dictionary's and WordNet's senses of that part of speech; a WordNet synonym is translated in the part of
speech of the meaning it came from; a phrasal verb is read as one word; «section 27-1 of the Education Act» names a §
as «opplæringslova § 27-1» does; "how large" asks for a number as «hvor stor» does. A tiny dictd database and a tiny
WordNet are written here in the formats Debian installs (tests/test_dictionary.py, tests/test_wordnet.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.dictionary import Dictionary, EnglishReader, parse_entry, translations
from assistant.englishpos import guess_pos
from assistant.norwegian import _stem
from assistant.query import LawRef, QuestionKind, named_laws, question_kind
from assistant.settings import Settings
from assistant.wordnet import WordNet
from tests.test_dictionary import write_dictd
from tests.test_wordnet import write_wordnet

ENTRIES = {
    "bear": "bear //bɛə// <n>\nbjørn\nlarge mammal\n",
    "bear ": "bear //bɛə// <v>\nbære, føre\nto carry\n",  # FreeDict's second index line of the same headword
    "close": "close //kləʊz// <v>\n1. lukke\nclose one's eyes\n2. stenge\nobstruct (an opening)\n",
    "near": "near //nɪə// <adj>\nnær\nclose by\n",
    "offer": "offer //ˈɒfə// <n>\ntilbud\na proposal\n",
    "carry out": "carry out /kˈaɹi ˈaʊt/ <v>\nutføre\nTo fulfill\n",
    "raise": "raise //ɹeɪz// <v>\n1. heve\nto lift\n2. oppdra\nto bring up a child\n",
}
SYNSETS = {
    "wear": ("v", ("wear", "bear"), (), "have on one's body"),
    "bear_n": ("n", ("bear",), (), "a large mammal"),
    "near": ("a", ("near", "close"), (), "not far distant"),
    "shut": ("v", ("close", "shut"), (), "move so that an opening is covered"),
    "execute": ("v", ("carry out", "execute"), (), "put into effect"),
    "rear": ("v", ("rear", "raise", "bring up"), (), "bring up a child"),
    "offer": ("v", ("offer", "proffer"), (), "present for acceptance"),
    "offer_n": ("n", ("offer", "proposal"), (), "something offered"),
    "followup": ("v", ("follow up", "carry out"), (), "carry further or to a conclusion"),
}
SENSES = {
    ("wear", "v"): ["wear"], ("bear", "v"): ["wear"], ("bear", "n"): ["bear_n"], ("near", "a"): ["near"],
    ("close", "a"): ["near"], ("close", "v"): ["shut"], ("shut", "v"): ["shut"], ("carry_out", "v"): ["execute"],
    ("execute", "v"): ["execute"], ("rear", "v"): ["rear"], ("raise", "v"): ["rear"], ("bring_up", "v"): ["rear"],
    ("offer", "v"): ["offer"], ("proffer", "v"): ["offer"], ("offer", "n"): ["offer_n"], ("proposal", "n"): ["offer_n"],
    ("follow_up", "v"): ["followup"],
}
KNOWN = {_stem(w) for w in "bjørn bære føre lukke stenge nær tilbud utføre heve oppdra".split()}


@pytest.fixture()
def parts(tmp_path: Path) -> tuple[Dictionary, WordNet]:
    d = Dictionary.load(write_dictd(tmp_path / "eng-nor", ENTRIES))
    wn = WordNet.load(write_wordnet(tmp_path / "wordnet", SYNSETS, SENSES, "bringing bring\n"))
    assert d is not None and wn is not None
    return d, wn


def _reader(d: Dictionary, wn: WordNet) -> EnglishReader:
    return EnglishReader(d, lambda stem: stem in KNOWN, wordnet=wn)


def test_the_part_of_speech_is_read_from_the_neighbouring_words() -> None:
    can = {"close": "nav", "wear": "nv", "matters": "nv", "groups": "nv", "build": "nv", "cover": "nv",
           "main": "na", "shoreline": "n", "putting": "nv", "help": "nv", "work": "nv"}

    def pos(question: str) -> dict[str, str | None]:
        toks = question.lower().replace("?", "").replace("'", " ").split()
        return dict(zip(toks, guess_pos(toks, lambda w: frozenset(can.get(w, ""))), strict=True))

    assert pos("How close to the shoreline can you normally build")["close"] == "a"  # after "how"
    assert pos("How close to the shoreline can you normally build")["build"] == "v"  # subject pronoun, adverb skipped
    assert pos("Are pupils allowed to wear a face covering")["wear"] == "v"  # infinitive "to"
    assert pos("What matters most for cooperation")["matters"] == "v"  # a question word's verb
    assert pos("Which groups does Lier want to help into work")["groups"] == "n"  # … but before an auxiliary, its noun
    assert pos("Which groups does Lier want to help into work")["help"] == "v"
    assert pos("Which groups does Lier want to help into work")["work"] == "n"  # after a preposition
    assert pos("Who is responsible for putting their cooperation on the agenda")["putting"] == "v"  # before its object
    assert pos("Who has the main responsibility")["main"] is None  # adjective or noun: only the verb is ruled out
    assert pos("What do the rules cover")["cover"] is None  # no neighbour shows it: every sense, as before
    assert pos("Tell me about the shoreline")["shoreline"] is None  # one part of speech only: nothing to choose


def test_dictionary_entries_keep_their_part_of_speech(parts: tuple[Dictionary, WordNet]) -> None:
    d, _ = parts
    entry = parse_entry(ENTRIES["near"])
    assert entry is not None and entry.pos == "a" and entry.senses == (("nær",),)
    assert d.senses("bear") == (("bjørn",), ("bære", "føre"))  # both entries of the headword
    assert d.senses("bears", "v") == (("bære", "føre"),)
    assert d.senses("close", "a") == ()  # FreeDict lists only the verb
    assert translations("close", d, lambda s: s in KNOWN) == ["lukke", "stenge"]
    assert translations("close", d, lambda s: s in KNOWN, pos="a") == []


def test_a_word_is_read_as_the_part_of_speech_its_question_shows(parts: tuple[Dictionary, WordNet]) -> None:
    read = _reader(*parts)
    assert read("close") == "lukke stenge"  # no context: every sense, as before
    assert read.read("close", "a") == "nær"  # the adjective: WordNet's "near", never the verb «lukke»
    assert read.read("offers", "v") == "tilbud"  # noun and verb share a Norwegian stem («tilby», «tilbud»)
    tokens = "how close to the sea can you build".split()
    assert read.parts_of_speech(tokens)["close"] == "a"
    assert read.in_context(tokens)("close") == "nær"


def test_a_synonym_is_translated_in_the_part_of_speech_it_came_from(parts: tuple[Dictionary, WordNet]) -> None:
    """"wear" is not in the dictionary; its WordNet synonym "bear" (the verb) is — as «bære», never «bjørn»."""
    read = _reader(*parts)
    assert read("wear") == "bære føre"
    assert read.read("wear", "v") == "bære føre"
    assert "bjørn" not in (read("wears") or "")


def test_a_phrasal_verb_is_read_as_one_word(parts: tuple[Dictionary, WordNet]) -> None:
    read = _reader(*parts)
    assert read.compounds("who will carry out the evaluation".split()) == ["who", "will", "carry out", "the",
                                                                           "evaluation"]
    assert read("carry out") == "utføre"  # the dictionary's entry for the phrase
    assert "bring up" in read.compounds("who is responsible for bringing up children".split())
    assert read("bring up") == "heve oppdra"  # through WordNet's "rear, raise, bring up", read as a verb
    assert read.compounds("who will carry the box".split()) == ["who", "will", "carry", "the", "box"]  # no particle
    assert read.compounds("what is up to date".split()) == ["what", "is", "up", "to", "date"]


def test_a_section_of_a_named_law_is_its_paragraph() -> None:
    assert named_laws("What does section 27-1 of the Education Act say about advertising?") == [
        LawRef("opplæringslova", "opplæringslov", "§ 27-1")]
    assert named_laws("Under section 4 of the Kindergarten Act, who sits on the parents' council?") == [
        LawRef("barnehageloven", "barnehagelov", "§ 4")]
    assert named_laws("What does section 4 of the plan say?") == []  # a plan's section is a chapter
    assert named_laws("Hva sier paragraf 12-2 i opplæringslova?") == [LawRef("opplæringslova", "opplæringslov", "§ 12-2")]
    # «i» after a § is the preposition, not a lettered § («§ 5-4 a» is one)
    assert named_laws("Hva sier § 12-2 i opplæringslova?")[0].paragraph == "§ 12-2"
    assert named_laws("Hva sier § 5-4 a?")[0].paragraph == "§ 5-4 a"
    laws = named_laws("What does section 27-1 of the Education Act say about advertising?")
    assert question_kind("What does section 27-1 of the Education Act say about advertising?", [], laws) == \
        QuestionKind.LAW


def test_how_large_asks_for_a_number_as_hvor_stor_does() -> None:
    assert question_kind("How large is the gap between women and men?", [], []) == QuestionKind.NUMBER
    # pay is money, as «lønn» is: «Hvor stor er forskjellen i lønn?» asks for an amount (english13)
    assert question_kind("How large is the pay gap between women and men?", [], []) == QuestionKind.COST
    assert question_kind("Hvor stor er forskjellen mellom kvinner og menn?", [], []) == QuestionKind.NUMBER
    assert question_kind("How large a grant did Kåfjord receive?", [], []) == QuestionKind.COST  # money: an amount


def test_an_english_phrasal_verb_question_is_answered_with_its_norwegian_sentence(tmp_path: Path) -> None:
    """The real pipeline on a tiny corpus: "carry out" is read as «utføre», so the answer quotes the sentence that
    says who carries out the evaluation, not the other plan's sentences on evaluation; read word by word ("carry"
    alone is no dictionary word, "out" a particle) the question is left with «evaluering», and the answer quotes every
    sentence on evaluation in both plans."""
    from assistant.answer import ask
    from assistant.query import analyse
    from assistant.store import close_stores, open_store
    from ingest.run import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kvalitet.txt").write_text(
        "Plan for kvalitet\n\nEvaluering\n\nEvalueringen av planen er viktig for kvaliteten i skolen. "
        "Evalueringen skal utføres av rådmannen innen utgangen av 2025. Resultatene legges fram for kommunestyret.\n",
        encoding="utf-8")
    (corpus / "kultur.txt").write_text(
        "Kulturplan\n\nEvaluering\n\nEvaluering av kulturtilbudet ble drøftet i kommunestyret. Evalueringen var "
        "positiv.\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", ingest_vectors="off",
                        english_dictionary=str(write_dictd(tmp_path / "eng-nor", ENTRIES)),
                        english_wordnet=str(write_wordnet(tmp_path / "wordnet", SYNSETS, SENSES)))
    try:
        assert run([corpus], settings=settings).ok
        store = open_store(settings)
        question = "Who will carry out the evaluation of the plan?"
        assert _stem("utføre") in analyse(question, store).terms
        answer = ask(question, settings=settings, store=store)
        assert answer.found and answer.text.startswith("The documents say (in Norwegian):")
        lines = answer.text.splitlines()
        assert lines[1].startswith("Evalueringen skal utføres av rådmannen")  # the sentence that answers, first
        assert "kulturtilbudet" not in answer.text  # read word by word, the other plan's evaluation is quoted too
        close_stores()
        plain = settings.model_copy(update={"english_wordnet": ""})  # without WordNet no phrasal verb is read
        assert _stem("utføre") not in analyse(question, open_store(plain)).terms
    finally:
        close_stores()


def test_an_english_words_translations_weigh_as_one_term() -> None:
    """«rett|rettigh»: any translation covers the word, and it weighs as its first translation alone — two senses
    neither count twice nor are missed where the passage uses the other."""
    from assistant.coverage import coverage, covered_terms, unknown_share
    from assistant.query import _alternatives
    from assistant.termstats import TermStats

    st = TermStats(n=100, df={"tilsyn": 5, "veiledning": 20, "barnehag": 40}, generation=0)
    group = _alternatives("tilsyn", "tilsyn veiledning")
    assert group == "tilsyn|veiledning"
    assert _alternatives("tilsyn", "tilsyn") == "tilsyn"  # one translation: the word as before
    assert _alternatives("andel", "andel aksje") == "andel"  # a share is answered by a percentage, not a synonym
    text = "Kommunen gir veiledning til barnehagene."
    assert covered_terms((group, "barnehag"), text) == frozenset({group, "barnehag"})
    assert covered_terms(("tilsyn", "barnehag"), text) == frozenset({"barnehag"})  # the first sense alone misses it
    assert coverage((group, "barnehag"), text, st) == 1.0
    assert coverage((group, "barnehag"), "Barnehagene er mange.", st) == pytest.approx(
        st.idf("barnehag") / (st.idf("tilsyn") + st.idf("barnehag")))  # the group weighs as «tilsyn»
    assert unknown_share((group,), st) == 0.0


def test_which_asks_for_a_list_as_hvilke_does_and_for_one_thing_as_hvilken_does() -> None:
    assert question_kind("Which groups does Lier want to help into work?", [], []) == QuestionKind.LIST
    assert question_kind("Which children get an individual plan?", [], []) == QuestionKind.LIST  # irregular plural
    assert question_kind("Which body approves new programmes?", [], []) == QuestionKind.GENERAL  # «Hvilket organ …»
    assert question_kind("Which school is the service attached to?", [], []) == QuestionKind.GENERAL
    assert question_kind("Hvilke tiltak har Lier?", [], []) == QuestionKind.LIST
    assert question_kind("Hvilken skole er tjenesten knyttet til?", [], []) == QuestionKind.GENERAL


def test_after_be_and_its_subject_comes_what_it_is() -> None:
    """"Is it free …": after «be» and a subject pronoun, an adjective or a noun, not the verb «frigjøre» ("can you
    build" is still a verb: a modal, not «be»)."""
    can = {"free": "nav", "open": "nav", "build": "nv", "developing": "nv"}

    def pos(question: str) -> dict[str, str | None]:
        toks = question.lower().replace("?", "").split()
        return dict(zip(toks, guess_pos(toks, lambda w: frozenset(can.get(w, ""))), strict=True))

    assert pos("Is it free for families to use the halls")["free"] == "a"
    assert pos("Are they open in the summer")["open"] == "a"
    assert pos("Can you build near the sea")["build"] == "v"
    assert pos("Is it developing fast")["developing"] == "v"  # «be» + «-ing»: the progressive, a verb


def test_a_verb_the_glossary_reads_is_not_read_as_a_phrasal_verb(parts: tuple[Dictionary, WordNet]) -> None:
    """"follow up" is what the glossary's «oppfølging» for "follow" means; WordNet's reading of the phrase ("carry
    out") is not taken over it."""
    read = _reader(*parts)
    assert read.compounds("who is responsible for following up the plan".split()) == [
        "who", "is", "responsible", "for", "following", "up", "the", "plan"]
    assert read("following") == "oppfølging"
