"""English words related to an English word (assistant/wordnet.py): a tiny WordNet written here in the distribution
format Debian's wordnet-base installs (sorted ``index.<pos>`` after licence lines, ``data.<pos>`` read at byte offsets,
``<pos>.exc``), read by the real reader; a word the dictionary cannot translate is read through its related words."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from assistant.dictionary import EnglishReader, related_translations
from assistant.settings import Settings
from assistant.wordnet import WordNet, load_wordnet, parse_synset
from tests.test_dictionary import write_dictd

LICENCE = "  1 This software and database is being provided to you, the LICENSEE, by\n  2 Princeton University\n"
POS_NAMES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}

# synset key → (pos, words, pointers as (symbol, target key, source word, target word), gloss)
SYNSETS: dict[str, tuple[str, tuple[str, ...], tuple[tuple[str, str, int, int], ...], str]] = {
    "shortage": ("n", ("shortage", "deficit", "shortfall"), (), "an acute insufficiency"),
    "dearth": ("n", ("dearth", "shortage", "famine"), (), "an insufficient quantity or number"),
    "supervision": ("n", ("supervision", "supervising"), (("+", "supervise", 1, 1),), "management by overseeing"),
    "child": ("n", ("child", "kid"), (), "a young person"),
    "fantan": ("n", ("fantan", "sevens", "parliament"), (), "a card game"),
    "parliament": ("n", ("parliament",), (), "a legislative assembly"),
    "aardvark": ("n", ("aardvark",), (), "a burrowing mammal"),
    "zebra": ("n", ("zebra",), (), "a striped horse"),
    "supervise": ("v", ("supervise", "oversee"), (("+", "supervision", 1, 1),), "watch and direct"),
    "annual": ("a", ("annual(a)", "one-year"), (), "completing its life cycle within a year"),
    "yearly": ("a", ("annual", "yearly"), (), "occurring every year"),
}
# lemma, pos → synset keys, most frequent sense first
SENSES = {
    ("aardvark", "n"): ["aardvark"], ("child", "n"): ["child"], ("dearth", "n"): ["dearth"],
    ("deficit", "n"): ["shortage"], ("famine", "n"): ["dearth"], ("fantan", "n"): ["fantan"],
    ("kid", "n"): ["child"], ("parliament", "n"): ["parliament", "fantan"], ("sevens", "n"): ["fantan"],
    ("shortage", "n"): ["shortage", "dearth"], ("shortfall", "n"): ["shortage"], ("supervision", "n"): ["supervision"],
    ("supervising", "n"): ["supervision"], ("zebra", "n"): ["zebra"], ("oversee", "v"): ["supervise"],
    ("supervise", "v"): ["supervise"], ("annual", "a"): ["annual", "yearly"], ("one-year", "a"): ["annual"],
    ("yearly", "a"): ["yearly"],
}


def write_wordnet(directory: Path, synsets: dict | None = None, senses: dict | None = None,
                  verb_exceptions: str = "oversaw oversee\n") -> Path:
    """The files of a WordNet 3.0 database in ``directory`` (these synsets and senses, or this file's): offsets are
    the byte positions of the data lines."""
    synsets = SYNSETS if synsets is None else synsets
    senses = SENSES if senses is None else senses
    directory.mkdir(parents=True, exist_ok=True)
    offsets: dict[str, int] = {}
    lines: dict[str, list[tuple[str, str]]] = {p: [] for p in POS_NAMES}
    for pos in POS_NAMES:  # offsets first: every data line's length is fixed by its fields, not by the numbers
        at = len(LICENCE.encode())
        for key, (p, words, pointers, gloss) in synsets.items():
            if p == pos:
                offsets[key] = at
                at += len(_data_line(0, p, words, pointers, gloss, {k: 0 for k in synsets}, synsets).encode())
    for pos, name in POS_NAMES.items():
        body = LICENCE
        for key, (p, words, pointers, gloss) in synsets.items():
            if p == pos:
                assert len(body.encode()) == offsets[key]
                body += _data_line(offsets[key], p, words, pointers, gloss, offsets, synsets)
        (directory / f"data.{name}").write_text(body, encoding="utf-8")
        index = [f"{lemma.replace(' ', '_')} {p} {len(keys)} 0 {len(keys)} {len(keys)} "
                 + " ".join(f"{offsets[k]:08d}" for k in keys) + "  "
                 for (lemma, p), keys in senses.items() if p == pos]
        (directory / f"index.{name}").write_text(LICENCE + "".join(f"{x}\n" for x in sorted(index)), encoding="utf-8")
        lines[pos] = []
    (directory / "noun.exc").write_text("children child\n", encoding="utf-8")
    (directory / "verb.exc").write_text(verb_exceptions, encoding="utf-8")
    (directory / "adj.exc").write_text("", encoding="utf-8")
    return directory


def _data_line(offset: int, pos: str, words: tuple[str, ...], pointers: tuple[tuple[str, str, int, int], ...],
               gloss: str, offsets: dict[str, int], synsets: dict) -> str:
    ptrs = " ".join(f"{sym} {offsets[target]:08d} {synsets[target][0]} {src:02x}{tgt:02x}"
                    for sym, target, src, tgt in pointers)
    frames = " 01 + 08 00" if pos == "v" else ""
    return (f"{offset:08d} 00 {pos} {len(words):02x} " + " ".join(f"{w.replace(' ', '_')} 0" for w in words)
            + f" {len(pointers):03d}" + (f" {ptrs}" if ptrs else "") + f"{frames} | {gloss}  \n")


@pytest.fixture()
def wordnet(tmp_path: Path) -> WordNet:
    found = WordNet.load(write_wordnet(tmp_path / "wordnet"))
    assert found is not None
    return found


def test_a_data_line_is_read_as_its_words_and_pointers() -> None:
    line = "00678024 00 a 02 annual(a) 0 one-year 0 002 + 11552806 n 0101 ! 00678221 a 0101 | lasting a year  "
    synset = parse_synset(line, "s")
    assert synset.pos == "a" and synset.words == ("annual", "one-year")  # marker «(a)» dropped, satellite = adjective
    assert synset.pointers == (("+", 11552806, "n", 1, 1), ("!", 678221, "a", 1, 1))


def test_words_are_found_in_the_sorted_index_and_inflections_read_by_morphy(wordnet: WordNet) -> None:
    assert wordnet.offsets("zebra", "n") and wordnet.offsets("aardvark", "n")  # first and last of the sorted index
    assert wordnet.offsets("shortage", "n") == [wordnet.offsets("deficit", "n")[0], wordnet.offsets("dearth", "n")[0]]
    assert wordnet.offsets("1 This", "n") == []  # the licence lines are no entries
    assert wordnet.lemmas("children") == [("child", "n")]  # the exception list
    assert wordnet.lemmas("shortages") == [("shortage", "n")]  # detachment: -s
    assert wordnet.lemmas("supervised") == [("supervise", "v")]  # -ed → -e
    assert wordnet.lemmas("oversaw") == [("oversee", "v")]
    assert wordnet.lemmas("unknownword") == []


def test_related_words_are_the_family_first_then_the_frequent_senses_synonyms(wordnet: WordNet) -> None:
    assert wordnet.related("supervise") == ["supervision", "oversee"]  # derived word before synonym
    assert wordnet.related("supervising") == ["supervision", "oversee"]  # also read as the verb (its base form)
    assert wordnet.related("shortage") == ["deficit", "shortfall", "dearth", "famine"]  # two senses
    assert wordnet.related("annual") == ["one-year", "yearly"]
    assert wordnet.related("annual", synonym_senses=1) == ["one-year"]
    assert "sevens" in wordnet.related("parliament") and "sevens" not in wordnet.related("parliament", 1)


def test_a_word_the_dictionary_lacks_is_read_through_its_related_words(tmp_path: Path, wordnet: WordNet) -> None:
    from assistant.dictionary import Dictionary

    d = Dictionary.load(write_dictd(tmp_path / "eng-nor"))
    assert d is not None

    def known(stem: str) -> bool:
        return stem == "mangel"

    assert d.senses("dearth") == ()  # FreeDict has no entry …
    assert related_translations("dearth", d, wordnet, known) == ["mangel"]  # … its synonym "shortage" has one
    read = EnglishReader(d, known, wordnet=wordnet)
    assert read("dearth") == "mangel"
    assert read("zebra") is None  # related to nothing the dictionary translates
    assert EnglishReader(d, known, wordnet=wordnet, related_words=False)("dearth") is None  # the evidence reader's way
    assert EnglishReader(d, known)("dearth") is None  # without WordNet: as before


def test_an_absent_wordnet_is_said_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="assistant.wordnet"):
        assert load_wordnet(str(tmp_path / "missing")) is None
        assert load_wordnet(str(tmp_path / "missing")) is None
    said = [r for r in caplog.records if "wordnet-base" in r.getMessage()]
    assert len(said) == 1 and "missing" in said[0].getMessage()
    assert load_wordnet("") is None and load_wordnet(None) is None
    partial = write_wordnet(tmp_path / "partial")
    (partial / "data.adv").unlink()
    assert WordNet.load(partial) is None


def test_an_english_word_only_wordnet_relates_finds_its_passage(tmp_path: Path) -> None:
    """The real pipeline on a tiny corpus: "dearth" is in neither the glossary nor the dictionary; through WordNet's
    "shortage" it is searched as «mangel» and the passage is found; without WordNet it is not read."""
    from assistant.norwegian import lexical_english
    from assistant.retrieve import retrieve
    from assistant.store import close_stores, open_store
    from ingest.run import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "omsorg.txt").write_text("Plan for omsorg\n\nLedelse\n\nDet er stor mangel på ansatte i omsorgen.\n\n"
                                       "Kultur\n\nBiblioteket er et godt sted å møtes.\n", encoding="utf-8")
    prefix = write_dictd(tmp_path / "eng-nor")
    wn = write_wordnet(tmp_path / "wordnet")
    settings = Settings(data_dir=tmp_path / "data", ingest_vectors="off", english_dictionary=str(prefix),
                        english_wordnet=str(wn))
    try:
        assert run([corpus], settings=settings).ok
        from assistant.dictionary import reader_for

        store = open_store(settings)
        assert lexical_english("Is there a dearth of staff?", reader_for(store)).split() == ["mangel", "ansatte"]
        hits = retrieve("Is there a dearth of nurses?", None, 2, settings, store)
        assert hits and "mangel på ansatte" in hits[0].chunk.text
        close_stores()
        without = settings.model_copy(update={"english_wordnet": ""})
        store = open_store(without)
        assert "mangel" not in lexical_english("Is there a dearth of staff?", reader_for(store)).split()
    finally:
        close_stores()
