"""Nynorsk read as bokmål through an installed dictionary (assistant/nynorsk.py), under the hand map: a tiny dictd
database written here in the format Debian's dict-freedict-nno-nob installs (``.index`` with base-64 offsets, gzip'ed
``.dict.dz``, entries «headword\\ntranslation\\n»), read by the real parser; homographs, words written alike in bokmål
and ambiguous words kept out; a nynorsk question finds a bokmål passage (and a bokmål question a nynorsk one) through
the real lexical index; without the files the hand map alone is used, said once."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from assistant.norwegian import STOPWORDS, _stem, _stemmer, analyzer_version, nynorsk_map, words
from assistant.nynorsk import build_map, load_map, read_pairs, source_id
from assistant.settings import get_settings
from tests.dictd import write_dictd_entries

# (nynorsk headword, bokmål translation), one dictd entry each, as FreeDict's nno–nob has them (a headword with
# several translations has several entries).
PAIRS = [
    ("byrje", "begynne"),  # kept
    ("mellombels", "midlertidig"),  # kept
    ("innhald", "innhold"),  # kept
    ("skule", "skole"), ("skule", "skule"),  # written so in bokmål too: left to the hand map
    ("bur", "bur"), ("bur", "rauting"),  # a bokmål word (cage) with another reading: left alone
    ("gjere", "foreta"), ("gjere", "gjøre"),  # two senses: which is meant is a guess
    ("best", "bast"), ("beste", "beste"),  # «best» shares its stem with bokmål «beste»: a homograph
    ("skjer", "skjær"), ("skje", "skje"),  # «skjer» is bokmål «skje» + r (happens), not a skerry
    ("ein", "en"),  # a function word: the stop list decides it
    ("leggje", "legge"), ("leggjast", "komme"),  # one stem, two readings: the words only, not their inflections
    ("elev", "elev"),  # the same word
    ("fauske", "råte"),  # kept — and a place name: a capitalised word inside a sentence is not read
]


def write_dictd(prefix: Path, pairs: list[tuple[str, str]] = PAIRS) -> Path:
    """A dictd database at ``prefix`` (.index + .dict.dz), as dictfmt writes FreeDict's nno–nob."""
    return write_dictd_entries(prefix, ((head, f"{head}\n{translation}\n") for head, translation in sorted(pairs)))


@pytest.fixture
def use_dictionary(monkeypatch: pytest.MonkeyPatch):
    """Point the ``nynorsk_dictionary`` setting at a path (the analysis reads it from the process' settings)."""
    def use(prefix: str) -> None:
        monkeypatch.setenv("ASSISTANT_NYNORSK_DICTIONARY", prefix)
        get_settings.cache_clear()
    return use


def test_the_dictd_entries_are_read_as_pairs(tmp_path: Path) -> None:
    prefix = write_dictd(tmp_path / "nno-nob")
    pairs = read_pairs(Path(f"{prefix}.index"), Path(f"{prefix}.dict.dz"))
    assert pairs["skule"] == ["skole", "skule"] and pairs["byrje"] == ["begynne"]
    assert not any(head.startswith("00") for head in pairs)


def test_the_map_keeps_nynorsk_words_and_keeps_homographs_out(tmp_path: Path) -> None:
    prefix = write_dictd(tmp_path / "nno-nob")
    m = build_map(read_pairs(Path(f"{prefix}.index"), Path(f"{prefix}.dict.dz")), _stemmer.stemWords, STOPWORDS)
    assert m.forms == {"byrje": "begynne", "mellombels": "midlertidig", "innhald": "innhold", "leggje": "legge",
                       "leggjast": "komme", "fauske": "råte"}
    for word in ("bur", "best", "skjer", "skule", "gjere", "ein", "elev"):  # bokmål words, senses, function words
        assert m.read(word, _stem) == word
    assert m.read("byrjar", _stem) == "begynne"  # an inflected form, through its stem
    assert m.read("innhaldet", _stem) == "innhold"
    assert m.read("leggjer", _stem) == "leggjer"  # «leggje» and «leggjast» read otherwise: no inflection
    counts = m.counts
    assert (counts.also_bokmal, counts.ambiguous, counts.homograph, counts.stem_clash, counts.kept) == (5, 1, 2, 1, 6)
    assert "byrje" in m.nynorsk_only and "best" not in m.nynorsk_only and "skjer" not in m.nynorsk_only


def test_words_read_nynorsk_through_the_dictionary_under_the_hand_map(tmp_path: Path, use_dictionary) -> None:
    use_dictionary(str(write_dictd(tmp_path / "nno-nob")))
    assert words("Når skal kurset byrje? Elevane får eit mellombels tilbod.") == [
        "når", "skal", "kurset", "begynne", "elevene", "får", "eit", "midlertidig", "tilbud"]
    assert words("Det skjer at dei beste bur i eit bur.") == [
        "det", "skjer", "at", "dei", "beste", "bur", "i", "eit", "bur"]
    assert words("uteskulen") == ["uteskolen"]  # the hand map's compound parts first
    # a name inside a sentence keeps its word; a sentence's, line's or list item's first word is read
    assert words("Kurset i Fauske skal byrje. Byrjar kurset?\n• Mellombels tilbod") == [
        "kurset", "i", "fauske", "skal", "begynne", "begynne", "kurset", "midlertidig", "tilbud"]


def test_without_the_files_the_hand_map_alone_is_used_and_said_once(tmp_path: Path, use_dictionary,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    missing = str(tmp_path / "no-such-dictionary")
    use_dictionary(missing)
    load_map.cache_clear()
    with caplog.at_level(logging.INFO, logger="assistant.nynorsk"):
        assert nynorsk_map() is None
        assert words("Når skal skulen byrje?") == ["når", "skal", "skolen", "byrje"]
        words("Kurset skal byrje.")
    assert sum("dict-freedict-nno-nob" in r.getMessage() for r in caplog.records) == 1
    assert source_id(missing) == "none"


def test_the_index_identity_follows_the_dictionary(tmp_path: Path, use_dictionary) -> None:
    use_dictionary("")
    without = analyzer_version()
    use_dictionary(str(write_dictd(tmp_path / "nno-nob")))
    with_one = analyzer_version()
    use_dictionary(str(write_dictd(tmp_path / "other", [*PAIRS, ("veke", "uke")])))
    assert len({without, with_one, analyzer_version()}) == 3


CORPUS = {
    "lesekurs.txt": "Lesekurs\n\nLesekurset for elever på 3. trinn skal begynne i august og gå over ti uker.\n",
    "avslutning.txt": "Avslutning\n\nLesekurset for elever på 5. trinn skal avsluttes i juni med en felles prøve.\n",
    "leksehjelp.txt": "Leksehjelp\n\nKommunen skal ha eit mellombels tilbod om leksehjelp på biblioteket.\n",
    "svomming.txt": "Svømming\n\nKommunen skal ha et fast tilbud om svømmeopplæring i hallen.\n",
}


def test_a_nynorsk_question_finds_a_bokmal_passage_through_the_lexical_index(tmp_path: Path, use_dictionary) -> None:
    """The real pipeline on a tiny corpus, built and asked with the dictionary: «byrje» is read as «begynne» on the
    query side and «mellombels» as «midlertidig» on the index side, so both standards meet in the index."""
    from assistant.query import analyse
    from assistant.retrieve import retrieve
    from assistant.settings import Settings
    from assistant.store import close_stores, open_store
    from ingest.run import run

    use_dictionary(str(write_dictd(tmp_path / "nno-nob")))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", ingest_vectors="off")
    try:
        report = run([corpus], settings=settings)
        assert report.ok, report.failed
        store = open_store(settings)
        query = analyse("Når skal lesekurset byrje?", store)
        assert _stem("begynne") in query.terms
        hits = retrieve(query, None, 3, settings, store)
        assert hits and "begynne i august" in hits[0].chunk.text
        hits = retrieve(analyse("Har kommunen et midlertidig tilbud?", store), None, 3, settings, store)
        assert hits and "mellombels tilbod" in hits[0].chunk.text
    finally:
        close_stores()
