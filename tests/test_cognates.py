"""English loanwords read as their Norwegian spelling (assistant/cognates.py), only where the collection uses it, and
the English reader's use of it under the dictionary."""

from __future__ import annotations

from pathlib import Path

from assistant.cognates import cognates
from assistant.dictionary import Dictionary, EnglishReader
from assistant.norwegian import _stem
from tests.test_dictionary import write_dictd

COLLECTION = {_stem(w) for w in ("evaluert", "evaluering", "organisasjon", "nasjonalitet", "administrativ",
                                 "demokratisk", "sertifisering", "kvalifisert", "finansiell", "vocational", "akt")}


def known(word: str) -> bool:
    return _stem(word) in COLLECTION


def test_loanwords_are_spelled_the_norwegian_way() -> None:
    assert cognates("evaluated", known) == ["evaluert", "evaluere"]  # the participle first; one stem
    assert cognates("evaluation", known) == ["evaluering"]
    assert cognates("organisations", known) == ["organisasjoner"]  # same stem as «organisasjon»
    assert cognates("nationality", known) == ["nasjonalitet"]  # ti → sj, -ity → -itet
    assert cognates("administrative", known) == ["administrativ"]
    assert cognates("Democratic", known) == ["demokratisk"]  # c → k
    assert cognates("certification", known) == ["sertifisering"]
    assert cognates("qualified", known) == ["kvalifisert"]  # qu → kv
    assert cognates("financial", known) == ["finansiell"]


def test_no_cognate_without_the_collection_or_for_short_or_english_words() -> None:
    assert cognates("integrated", known) == []  # «integrert»: not in this collection
    assert cognates("vocational", known) == []  # the English word itself is not its cognate
    assert cognates("act", known) == []  # too short to trust («akt»)
    assert cognates("school", known) == []  # no loanword ending


def test_the_reader_uses_a_cognate_where_the_dictionary_has_no_word(tmp_path: Path) -> None:
    d = Dictionary.load(write_dictd(tmp_path / "eng-nor"))
    assert d is not None
    read = EnglishReader(d, lambda stem: stem in COLLECTION)
    assert read("evaluated") == "evaluert evaluere"
    assert read("shortage") is None  # a dictionary word the collection does not use: no cognate is guessed
    assert EnglishReader(None, lambda stem: stem in COLLECTION)("evaluated") is None  # the glossary alone, as before
