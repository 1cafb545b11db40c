"""English open compounds read as the Norwegian compound the collection uses (assistant/compounds.py): the join
itself, runs of words, the reader's use of it (dictionary senses, glossary, the word itself), and the real pipeline:
"part-time work" finds and answers with «deltid», which neither "part" nor "time" would."""

from __future__ import annotations

from pathlib import Path

from assistant.compounds import compound, join_compounds
from assistant.dictionary import Dictionary, EnglishReader
from assistant.norwegian import _stem, lexical_english
from assistant.settings import Settings
from tests.test_dictionary import ENTRIES, write_dictd

MORE = {
    "part": "part //pɑːt// <n>\n1. del\nfraction of a whole\n2. rolle\nan actor's role\n",
    "time": "time //taɪm// <n>\n1. tid\nthe flow of events\n2. gang\nan instance\n",
    "youth": "youth //juːθ// <n>\nungdom\n",
    "gas": "gas //ɡæs// <n>\ngass\n",
    "council": "council //ˈkaʊnsəl// <n>\nråd\n",
}


def _counter(words: dict[str, int]):
    counts = {_stem(w): n for w, n in words.items()}
    return lambda word: counts.get(_stem(word), 0)


def test_the_compound_the_collection_uses_is_chosen() -> None:
    count = _counter({"deltid": 5, "rolletid": 0, "ungdomsråd": 8, "ungdområd": 0, "tidsrolle": 0})
    assert compound(["del", "rolle"], ["tid", "gang"], count) == "deltid"  # the collection picks the senses
    assert compound(["ungdom"], ["råd"], count) == "ungdomsråd"  # with the linking «s»
    assert compound(["tid"], ["rolle"], count) is None  # order matters: no «tidrolle»
    assert compound(["del"], ["e"], _counter({"dele": 9})) is None  # too short to be more than chance
    most = _counter({"læremateriell": 3, "læremateriale": 1})
    assert compound(["lære"], ["materiell", "materiale"], most) == "læremateriell"  # the most used one


def test_runs_of_words_are_joined_without_overlap() -> None:
    translations = {"greenhouse": ["drivhus"], "gas": ["gass"], "emissions": ["utslipp"], "youth": ["ungdom"],
                    "council": ["råd"], "the": ["den"]}
    count = _counter({"drivhusgass": 2, "drivhusgassutslipp": 1, "ungdomsråd": 4, "denungdom": 1})

    def joinable(token: str) -> bool:
        return token != "the"

    tokens = ["the", "youth", "council", "and", "greenhouse", "gas", "emissions"]
    runs = join_compounds(tokens, lambda w: translations.get(w, []), count, joinable)
    assert runs == [(1, 3, "ungdomsråd"), (4, 7, "drivhusgassutslipp")]  # «the» never joins; a run of three


def test_the_reader_joins_what_the_collection_knows(tmp_path: Path) -> None:
    d = Dictionary.load(write_dictd(tmp_path / "eng-nor", {**ENTRIES, **MORE}))
    assert d is not None
    stems = {_stem(w): 3 for w in ("deltid", "ungdomsråd", "årsplan", "del", "tid", "arbeid")}
    read = EnglishReader(d, lambda stem: stem in stems, count=lambda stem: stems.get(stem, 0))
    assert read.compounds(["involuntary", "part", "time", "work"]) == ["involuntary", "deltid", "work"]
    assert read("deltid") == "deltid"  # a compound read once is passed through as Norwegian
    # the glossary's «ungdom» + the dictionary's «råd» (the glossary reads "council" as «kommunestyret»)
    assert read.compounds(["youth", "council"]) == ["ungdomsråd"]
    assert read.compounds(["each", "part", "of", "time"]) == ["each", "part", "of", "time"]  # not neighbours
    text = lexical_english("What is the aim for part-time work?", read, read.compounds)
    assert "deltid" in text.split() and "del" not in text.split() and "rolle" not in text.split()
    assert EnglishReader(None, lambda stem: True).compounds(["part", "time"]) == ["part", "time"]  # glossary alone


def test_an_open_compound_finds_and_answers_with_the_norwegian_compound(tmp_path: Path) -> None:
    """The real pipeline: «deltid» is a term of the question's analysis, retrieval puts its passage first and the
    answer quotes it; word by word ("part", "time": «del», «rolle», «tid», «gang») the passage about the
    municipality's part in the project comes first."""
    from assistant.answer import ask
    from assistant.query import analyse
    from assistant.retrieve import retrieve
    from assistant.store import close_stores, open_store
    from ingest.run import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "personal.txt").write_text(
        "Plan for arbeidsgiverpolitikk\n\nArbeidstid\n\nUønsket deltid skal reduseres innen 2026.\n\n"
        "Prosjekt\n\nKommunens del av prosjektet tar lang tid, og rollen er uklar en gang til.\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", ingest_vectors="off",
                        english_dictionary=str(write_dictd(tmp_path / "eng-nor", {**ENTRIES, **MORE})),
                        english_wordnet="")
    question = "What does the plan say about involuntary part-time work?"
    try:
        assert run([corpus], settings=settings).ok
        store = open_store(settings)
        query = analyse(question, store)
        assert "deltid" in query.terms and "del" not in query.terms
        hits = retrieve(query, None, 2, settings, store)
        assert "Uønsket deltid" in hits[0].chunk.text
        answer = ask(question, settings=settings, store=store)
        assert answer.found and "Uønsket deltid skal reduseres" in answer.text
    finally:
        close_stores()
