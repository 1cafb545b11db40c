"""The field's English words for Norwegian plan vocabulary (assistant/fieldterms.py), read between the glossary and
the dictionary by the English reader (assistant/dictionary.py) and as phrases (assistant/norwegian.py)."""

from __future__ import annotations

from pathlib import Path

from assistant.dictionary import Dictionary, EnglishReader
from assistant.fieldterms import FIELD_PHRASES, field_english
from assistant.norwegian import ENGLISH, _stem, english_phrases, lexical_english
from assistant.settings import Settings
from tests.test_dictionary import ENTRIES, write_dictd

GRANT = {"grant": "grant //ɡɹɑːnt// <n>\n1. tildeling\nthe act of granting\n2. overføring\na transfer\n"}


def test_field_words_in_their_inflected_forms() -> None:
    assert "tilskudd" in (field_english("grant") or "").split()
    assert field_english("grants") == field_english("grant")  # listed itself
    assert "tilsyn" in (field_english("supervised") or "").split()  # -ed of "supervise"
    assert "utslipp" in (field_english("emissions") or "").split()
    assert field_english("banana") is None
    assert FIELD_PHRASES["vocational colleges"] == FIELD_PHRASES["vocational college"]  # plural of a phrase
    assert FIELD_PHRASES["nursing homes"].split()[0] == "sykehjem"
    assert FIELD_PHRASES["looking after"] == FIELD_PHRASES["look after"]  # a verb phrase's -ing form
    assert (field_english("decisions") or "").split()[0] == "vedtak"  # the plans' word for a decision first


def test_a_field_phrase_is_read_as_its_norwegian_word_and_the_glossary_phrase_wins() -> None:
    text = english_phrases("Which body approves new Vocational College programmes?")
    assert "fagskole" in text.split() and "vocational" not in text
    # the longest phrase first, the glossary's phrases beside the field's
    assert english_phrases("the public health nurse").split() == ["the", "helsesykepleier"]


def test_the_field_word_comes_before_the_dictionary_senses_where_the_collection_uses_it(tmp_path: Path) -> None:
    d = Dictionary.load(write_dictd(tmp_path / "eng-nor", {**ENTRIES, **GRANT}))
    assert d is not None
    uses = {_stem(w) for w in ("tilskudd", "tildeling", "overføring")}
    read = EnglishReader(d, lambda stem: stem in uses)
    assert read("grant") == "tilskudd"  # not FreeDict's «tildeling overføring»
    # a collection without «tilskudd»: the field word cannot find a passage, the dictionary's senses are read
    without = EnglishReader(d, lambda stem: stem in uses - {_stem("tilskudd")})
    assert without("grant") == "tildeling overføring"
    # the glossary's own word first ("students" is in both)
    assert "students" in ENGLISH and read("students") == ENGLISH["students"]
    # without any dictionary the field words are still read
    assert EnglishReader(None, lambda stem: stem in uses)("grants") == "tilskudd"
    # an English function word is never translated
    assert EnglishReader(None, lambda stem: True)("the") is None


def test_an_english_question_finds_and_answers_with_the_fields_word(tmp_path: Path) -> None:
    """The real pipeline on a tiny corpus: "grant" and "vocational college" reach «tilskudd» and «fagskole»; read by
    the dictionary alone ("grant" → «tildeling») the passage about the allotment of rooms comes first."""
    from assistant.answer import ask
    from assistant.query import analyse
    from assistant.retrieve import retrieve
    from assistant.store import close_stores, open_store
    from ingest.run import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "romplan.txt").write_text(
        "Romplan for fagskolen\n\nRom\n\nTildeling av rom skjer etter søknad, og tildeling av utstyr følger "
        "rommet. Tildeling gjøres av rektor for hvert år.\n", encoding="utf-8")
    (corpus / "okonomiplan.txt").write_text(
        "Økonomiplan for fylket\n\nØkonomi\n\nFagskolen får et tilskudd på 2 millioner kroner i året "
        "fra fylkeskommunen.\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", ingest_vectors="off",
                        english_dictionary=str(write_dictd(tmp_path / "eng-nor", {**ENTRIES, **GRANT})),
                        english_wordnet="")
    question = "How large is the annual grant for the vocational college?"
    try:
        assert run([corpus], settings=settings).ok
        store = open_store(settings)
        query = analyse(question, store)
        assert "tilskudd" in query.terms and "tildeling" not in query.terms
        hits = retrieve(query, None, 2, settings, store)
        assert "tilskudd på 2 millioner" in hits[0].chunk.text
        answer = ask(question, settings=settings, store=store)
        assert answer.found and "2 millioner kroner" in answer.text
        assert "fagskole" in lexical_english(question, lambda w: None).split()  # the phrase, even without a reader
    finally:
        close_stores()


def test_a_dictionary_sense_gives_no_norwegian_light_verb(tmp_path: Path) -> None:
    """«gå om bord» (to board a ship) gives «bord», not «gå»: a light verb names nothing a passage could share."""
    from assistant.dictionary import translations

    board = {"board": "board //bɔːd// <v>\n1. gå om bord\nto get on a ship\n2. styre\na committee\n"}
    d = Dictionary.load(write_dictd(tmp_path / "eng-nor", {**ENTRIES, **board}))
    assert d is not None
    uses = {_stem(w) for w in ("gå", "bord", "styre")}
    assert translations("board", d, lambda stem: stem in uses, limit=3) == ["bord", "styre"]


def test_newly_and_a_participle_read_as_the_norwegian_ny_compound(tmp_path: Path) -> None:
    """"newly appointed managers": «ny» + «ansatt» make «nyansatt», which the collection uses (as «nyansatte»); «leder» for managers."""
    stems = {_stem(w): 2 for w in ("nyansatte", "ny", "ansatt", "leder")}
    read = EnglishReader(Dictionary({}, b""), lambda stem: stem in stems, count=lambda stem: stems.get(stem, 0))
    text = lexical_english("What does the plan offer newly appointed managers?", read, read.compounds)
    assert "nyansatt" in text.split() and "leder" in text.split()
    assert "ny" not in text.split() and "ansatt" not in text.split()


def test_the_fields_common_words_english_named_as_gaps() -> None:
    """Words most of the documents use (fag 20 of 24 documents, rapport 12, utgjør 11, lønn 6) that the common English
    word did not reach: FreeDict lacks "report" as a noun and "subject", the pivot reads "subject" as «subjekt»; a
    question about pay asks for an amount as one about «lønn» does."""
    from assistant.query import QuestionKind, question_kind

    assert field_english("reports") == "rapport rapporten"
    assert field_english("subject") == "fag" and field_english("pay") == "lønn"
    assert FIELD_PHRASES["make up"] == "utgjør utgjøre"
    assert question_kind("How large is the pay gap between women and men?", [], []) == QuestionKind.COST
    assert question_kind("Hvor stor er forskjellen i lønn mellom kvinner og menn?", [], []) == QuestionKind.COST


def test_the_thirteenth_rounds_field_words_reach_what_the_dictionaries_miss(tmp_path: Path) -> None:
    """Common English words no dictionary reads, or reads in another sense, for words the plans use: "post" is a job
    («stilling», not FreeDict's «legge ut»), "in charge of" is responsibility (not «pris», «angrep»), "bring up" a
    child is «oppdra» (not WordNet's "raise" → «øke»)."""
    d = Dictionary.load(write_dictd(tmp_path / "eng-nor", {
        **ENTRIES, "post": "post //pəʊst// <v>\nlegge ut\nto publish\n",
        "charge": "charge //tʃɑːdʒ// <n>\n1. pris\nthe price\n2. angrep\nan attack\n"}))
    assert d is not None
    read = EnglishReader(d, lambda stem: True)
    assert read("posts") == "stilling"
    assert read("online") == "nettbasert" and read("borrow") == "låne" and read("plenary") == "plenum"
    assert read("accountable") is not None and "ansvar" in read("accountable").split()
    assert "friluftsliv" in english_phrases("What title has Lier been given for outdoor recreation?").split()
    assert "ansvar" in english_phrases("How many museums is it in charge of?").split()
    assert "oppdragelse" in english_phrases("Who is responsible for bringing up children?").split()
    assert "children?" in english_phrases("Who is responsible for bringing up children?").split()  # not eaten


def test_a_guess_through_wordnet_gives_way_to_the_plans_word() -> None:
    """"effort" was read through WordNet as "attack" → «angrep», "annual" as «år» alone: the plans say «innsats»,
    «årlig» — and «år» stays second, so "annual plan" still joins as «årsplan»; "safe routes to school" is «trygg
    skolevei»."""
    read = EnglishReader(None, lambda stem: True)
    assert (read("efforts") or "").split()[0] == "innsats"
    assert (read("annual") or "").split() == ["årlig", "år"]
    assert "skolevei" in english_phrases("What does the plan say about safe routes to school?").split()
    assert (read("board") or "").split()[0] == "styre" and read("tackling") == "håndtere"


def test_english_men_is_read_as_the_noun_not_dropped_as_norwegian_but() -> None:
    """"men" is the Norwegian conjunction «men» (but), a stop word: an English question's "men" was dropped, so "How
    many men work …" counted nothing; read as the phrase «menn» it stays (what it counts: assistant/query.py)."""
    assert "menn" in english_phrases("How many men work in Sami kindergartens today?").split()
    assert "menn" in english_phrases("What will Harstad do about pay differences between men and women?").split()
    assert "menn" not in english_phrases("Mennesker og natur").split()  # a word, not a part of one


def test_need_to_before_a_verb_is_a_modal_not_a_need() -> None:
    """"Why does Lier need to look after bees?" asks why, not about a «behov»: "need to" / "supposed to" before a verb
    read as nothing; "the need for transport" keeps its noun."""
    assert "need" not in english_phrases("Why does Lier need to look after bees?").split()
    assert "supposed" not in english_phrases("When is the operation supposed to be carbon neutral?").split()
    assert "need" in english_phrases("How does Tromsø want to reduce the need for transport?").split()
