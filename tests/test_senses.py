"""A dictionary word's sense chosen by the other words of its question (assistant/senses.py): the order itself, the
reader's use of it, and the real pipeline, where the collection's co-occurrence counts pick «kurs» for "course"."""

from __future__ import annotations

from pathlib import Path

from assistant.dictionary import Dictionary, EnglishReader
from assistant.norwegian import _stem
from assistant.senses import order_senses
from assistant.settings import Settings
from tests.test_dictionary import ENTRIES, write_dictd

PASSAGES = [{"kurs", "nettbasert", "fagskole"}, {"kurs", "fagskole"}, {"rute", "buss"}, {"organ", "godkjenne"}]


def cooccur(a: str, b: str) -> int:
    return sum(a in p and b in p for p in PASSAGES)


def test_the_sense_the_other_words_share_passages_with_comes_first() -> None:
    order = order_senses([("course", ["rute", "skift", "kurs"]), ("online", ["nettbasert"]),
                          ("college", ["fagskole"])], cooccur)
    assert order == {"course": ["kurs", "rute", "skift"]}  # «kurs» meets both other words; the rest keep their order
    # a word alone, or words that share nothing: the dictionary's order stands
    assert order_senses([("course", ["rute", "kurs"])], cooccur) == {}
    assert order_senses([("course", ["rute", "kurs"]), ("tree", ["tre"])], cooccur) == {"course": ["rute", "kurs"]}
    # more context words met beats more passages with one: «rute» shares 1 with «buss»; «kurs» 1 each with two words
    assert order_senses([("course", ["rute", "kurs"]), ("bus", ["buss"]), ("online", ["nettbasert"]),
                         ("college", ["fagskole"])], cooccur)["course"] == ["kurs", "rute"]


def test_the_reader_reads_a_question_in_context(tmp_path: Path) -> None:
    entries = {**ENTRIES, "course": "course //kɔːs// <n>\n1. rute\nroute\n2. skift\nshift\n3. kurs\nclass\n",
               "online": "online //ˈɒnlaɪn// <adj>\nnettbasert\n", "college": "college //ˈkɒlɪdʒ// <n>\nfagskole\n"}
    d = Dictionary.load(write_dictd(tmp_path / "eng-nor", entries))
    stems = {_stem(w) for p in PASSAGES for w in p}
    by_stem = [{_stem(w) for w in p} for p in PASSAGES]
    read = EnglishReader(d, lambda stem: stem in stems, limit=1,
                         cooccur=lambda a, b: sum(a in p and b in p for p in by_stem))
    assert read("course") == "rute"  # alone: the dictionary's first sense
    assert read.in_context(["online", "college", "course"])("course") == "kurs"
    assert read.in_context(["course"])("course") == "rute"
    assert EnglishReader(d, lambda stem: stem in stems, limit=1).in_context(["online", "course"])("course") == "rute"


def test_a_question_finds_the_passage_of_its_sense(tmp_path: Path) -> None:
    """The real pipeline: "course" alone reads as «rute» (the dictionary's first sense, a bus route); with "online"
    and "college" in the question, the collection's passages choose «kurs»."""
    from assistant.query import analyse
    from assistant.retrieve import retrieve
    from assistant.store import close_stores, open_store
    from ingest.run import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(
        "Plan for utdanning\n\nFagskole\n\nFagskolen tilbyr et nettbasert kurs i ledelse for 40 studenter.\n\n"
        "Samferdsel\n\nBussen kjører en ny rute til skolen. Ruten går hver time.\n", encoding="utf-8")
    entries = {**ENTRIES, "course": "course //kɔːs// <n>\n1. rute\nroute\n2. skift\nshift\n3. kurs\nclass\n",
               "online": "online //ˈɒnlaɪn// <adj>\nnettbasert\n", "college": "college //ˈkɒlɪdʒ// <n>\nfagskole\n"}
    settings = Settings(data_dir=tmp_path / "data", ingest_vectors="off", english_wordnet="",
                        english_dictionary=str(write_dictd(tmp_path / "eng-nor", entries)))
    try:
        assert run([corpus], settings=settings).ok
        store = open_store(settings)
        query = analyse("Which online course does the college offer?", store)
        # the evidence term of "course" is its sense in this context first (the search's second sense, «rute», may
        # stand beside it as an alternative: one English word, one term — tests/test_english_grammar.py)
        assert [t.split("|")[0] for t in query.terms if _stem("kurs") in t.split("|")] == [_stem("kurs")]
        hits = retrieve(query, None, 2, settings, store)
        assert "nettbasert kurs" in hits[0].chunk.text
        # another context, another sense: «ny» shares its passage with «rute»
        other = analyse("What does the plan say about the new course for the bus?", store)
        assert [t.split("|")[0] for t in other.terms if _stem("rute") in t.split("|")] == [_stem("rute")]
    finally:
        close_stores()
