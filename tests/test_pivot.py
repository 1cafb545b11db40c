"""English → Swedish → Norwegian under the English–Norwegian dictionary (assistant/pivot.py): tiny dictd databases
written here in the formats Debian's dict-freedict-eng-swe (older FreeDict: no part of speech in the header) and
dict-freedict-swe-nor (WikDict) install, read by the real parser; the collection's filter; absent files change
nothing."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from assistant.dictionary import Dictionary, EnglishReader, translations
from assistant.norwegian import _stem
from assistant.pivot import PivotDictionary, PlainDictionary, load_pivot
from assistant.settings import Settings
from tests.test_dictionary import write_dictd

# English–Swedish as FreeDict's Ergane-based dictionary writes it: «word /pron/», then the (numbered) senses.
ENG_SWE = {
    "accountable": "accountable /əkauntəbl/\n1. förklarlig\n2. ansvarig\n",
    "liable": "liable /laiəbl/\n1. förklarlig\n2. ansvarig\n",
    "group": "group /gruːp/\n1. flock, grupp, hjord\n",
    "fill": "fill /fil/\nfylla, uppfylla\n",
    "shortage": "shortage /ʃɔːtɪdʒ/\nbrist\n",
    "receive": "receive /risiːv/\nfå, erhålla\n",
}
# Swedish–Norwegian as WikDict writes it: «word /pron/ <pos>», translations, Swedish glosses.
SWE_NOR = {
    "ansvarig": "ansvarig /ˈansvɑːrˌɪɡ/ <adj>\nansvarlig\n",
    "förklarlig": "förklarlig /fœrˈklɑːrlɪɡ/ <adj>\nforklarlig\nsom kan förklaras\n",
    "grupp": "grupp /ɡrˈɵp/ <n, ut>\ngruppe\nflera objekt som kan uppfattas som en enhet\n",
    "hjord": "hjord /jˈuːɖ/ <n, ut>\nhjord, flokk\n",
    "fylla": "fylla /fˈyla/ <n, ut>\nfyll\nalkoholberusning\n",
    "brist": "brist /brˈɪst/ <n, ut>\nbrist\n",
    "få": "få /fˈoː/ <v>\n1. få\nerhålla\n2. måtte\nvara tvungen\n",
}
ENG_NOR = {"shortage": "shortage //ˈʃɔːtɪdʒ// <n>\nmangel, knapphet\nlack or deficiency\n"}


def _pivot(tmp_path: Path) -> PivotDictionary:
    pivot = load_pivot(write_dictd(tmp_path / "eng-swe", ENG_SWE), write_dictd(tmp_path / "swe-nor", SWE_NOR))
    assert pivot is not None
    return pivot


def test_an_english_word_is_read_through_swedish(tmp_path: Path) -> None:
    pivot = _pivot(tmp_path)
    assert PlainDictionary.load(tmp_path / "eng-swe") is not None
    assert Dictionary.load(tmp_path / "eng-swe").entry("group") == ()  # type: ignore[union-attr]  # the header has no <pos>
    # each English sense: the Norwegian words of its Swedish words; a Swedish word swe-nor lacks gives none
    assert pivot.senses("accountable") == (("forklarlig",), ("ansvarlig",))
    assert pivot.senses("groups") == (("gruppe", "hjord", "flokk"),)  # English inflection as the dictionary reads it
    assert pivot.senses("fill") == (("fyll",),)  # «uppfylla»: swe-nor lacks it
    assert pivot.senses("fill", "v") == (("fyll",),)  # «fylla» has no verb sense here: its other senses are read
    # a Swedish light verb («få»: «få», «måtte») gives nothing — its other senses are noise ("receive" is no «måtte»)
    assert pivot.senses("receive") == ()
    # the collection's filter: only Norwegian words whose stem the index knows, at most ``limit``
    known = {_stem("ansvarlig"), _stem("gruppe")}
    assert translations("accountable", pivot, lambda s: s in known) == ["ansvarlig"]
    assert translations("group", pivot, lambda s: s in known) == ["gruppe"]  # «hjord», «flokk»: no document uses them
    assert translations("group", pivot, lambda s: True, limit=2) == ["gruppe", "hjord"]


def test_the_pivot_reads_only_what_the_english_norwegian_dictionary_cannot(tmp_path: Path) -> None:
    pivot = _pivot(tmp_path)
    eng_nor = Dictionary.load(write_dictd(tmp_path / "eng-nor", ENG_NOR))
    assert eng_nor is not None
    known = {_stem(w) for w in ("mangel", "brist", "gruppe")}
    reader = EnglishReader(eng_nor, lambda s: s in known, pivot=pivot)
    assert reader("shortage") == "mangel"  # eng-nor translates it: the pivot's «brist» is not read
    assert reader("groups") == "gruppe"
    without = EnglishReader(eng_nor, lambda s: s in known)
    assert without("groups") is None  # no pivot: as before ("accountable", once read here, is a field word since
    # the thirteenth round: assistant/fieldterms.py)


def test_absent_pivot_files_are_said_once_and_change_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    swe_nor = write_dictd(tmp_path / "swe-nor", SWE_NOR)
    with caplog.at_level(logging.INFO, logger="assistant.pivot"):
        assert load_pivot(tmp_path / "missing", swe_nor) is None
        assert load_pivot(tmp_path / "missing", swe_nor) is None
    said = [r for r in caplog.records if "dict-freedict-eng-swe" in r.getMessage()]
    assert len(said) == 1 and "missing" in said[0].getMessage()
    assert load_pivot("", swe_nor) is None and load_pivot(None, None) is None


CORPUS = {
    "skole.txt": """Plan for skolen

Ansvar

Rektor er ansvarlig for at elevene får god opplæring. Hver gruppe har en kontaktlærer.
""",
    "kultur.txt": """Kulturplan

Steder

Biblioteket er et godt sted å møtes. Kulturhuset har åpent hver dag.
""",
}


def test_an_english_word_outside_eng_nor_finds_its_passage_through_swedish(tmp_path: Path) -> None:
    """The real pipeline on a tiny corpus: "liable" is in no glossary and not in eng-nor; through Swedish
    («ansvarig») it is read as «ansvarlig», which the index has (its «forklarlig» it has not), and retrieval finds the
    passage. Without the pivot files the word is not read."""
    from assistant.dictionary import reader_for
    from assistant.norwegian import lexical_english
    from assistant.retrieve import retrieve
    from assistant.store import close_stores, open_store
    from ingest.run import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    dictionaries = {"english_dictionary": str(write_dictd(tmp_path / "eng-nor", ENG_NOR)), "english_wordnet": "",
                    "english_swedish_dictionary": str(write_dictd(tmp_path / "eng-swe", ENG_SWE)),
                    "swedish_dictionary": str(write_dictd(tmp_path / "swe-nor", SWE_NOR))}
    settings = Settings(data_dir=tmp_path / "data", ingest_vectors="off", **dictionaries)
    report = run([corpus], settings=settings)
    assert report.ok, report.failed
    question = "Who is liable?"  # not "accountable": a field word since the thirteenth round (assistant/fieldterms.py)
    try:
        store = open_store(settings)
        read = lexical_english(question, reader_for(store)).split()
        assert "ansvarlig" in read and "forklarlig" not in read  # the collection does not use «forklarlig»
        hits = retrieve(question, None, 3, settings, store)
        assert hits and "Rektor er ansvarlig" in hits[0].chunk.text
        close_stores()

        without = settings.model_copy(update={"english_swedish_dictionary": str(tmp_path / "absent")})
        store = open_store(without)
        assert "ansvarlig" not in lexical_english(question, reader_for(store)).split()
    finally:
        close_stores()


def test_a_word_read_through_swedish_gets_no_present_tense(tmp_path: Path) -> None:
    """Through Swedish the part of speech is the Swedish word's, not the English one's ("town" → stad → «by», a noun):
    no «-r» present tense is made from it (assistant/dictionary.py translations)."""
    from assistant.dictionary import translations

    eng_swe = {**ENG_SWE, "town": "town /taun/\nstad\n"}
    swe_nor = {**SWE_NOR, "stad": "stad /stɑːd/ <n, ut>\nby\n"}
    pivot = load_pivot(write_dictd(tmp_path / "eng-swe", eng_swe), write_dictd(tmp_path / "swe-nor", swe_nor))
    assert pivot is not None and not pivot.tagged
    assert translations("town", pivot, lambda stem: stem in {"by", "byr"}) == ["by"]
