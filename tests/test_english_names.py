"""English names of bodies and the senses the collection associates (twelfth round, english13): a title-case name's
common words are read, not refused as unknown names, and weigh as one evidence term; a word's sense is the translation
the question's other words share passages with more than by chance (assistant/senses.py)."""

from __future__ import annotations

import math
from pathlib import Path

from assistant.norwegian import _stem
from assistant.senses import order_senses
from assistant.settings import Settings
from tests.test_dictionary import ENTRIES, write_dictd

# Passages of a small collection: «rett» (right, straight, a meal's course) stands in most of them; «kurs» in few.
PASSAGES = [{"rett", "fagskole", "kurs"}, {"rett", "fagskole"}, {"rett", "fagskole"}, {"rett", "elev"},
            {"rett", "barn"}, {"rett", "lov"}, {"kurs", "fagskole"}, {"barn"}, {"elev"}, {"lov"}]


def _cooccur(a: str, b: str) -> int:
    return sum(a in p and b in p for p in PASSAGES)


def _df(w: str) -> int:
    return sum(w in p for p in PASSAGES)


def test_a_frequent_word_sharing_passages_by_chance_is_not_the_sense() -> None:
    candidates = [("course", ["rett", "kurs"]), ("college", ["fagskole"])]
    # raw counts: «rett» shares 3 passages with «fagskole», «kurs» 2 — the frequent word wins
    assert order_senses(candidates, _cooccur) == {"course": ["rett", "kurs"]}
    # by association: «rett» stands with «fagskole» no more than chance (3·10 < 6·4), «kurs» more (2·10 > 2·4)
    assert order_senses(candidates, _cooccur, _df, len(PASSAGES)) == {"course": ["kurs", "rett"]}
    # nothing associated: the dictionary's order stands
    assert order_senses([("course", ["rett", "kurs"]), ("pupil", ["elev"])], _cooccur, _df,
                        len(PASSAGES)) == {"course": ["rett", "kurs"]}
    from assistant.senses import _lift
    assert _lift(2, 2, 4, 10) == math.log(2.5) and _lift(0, 2, 4, 10) == 0.0


def test_a_title_case_names_words_weigh_as_one_term() -> None:
    from assistant.query import _one_per_name, _title_words

    title = _title_words("How many completed the certificate at Sámi University of Applied Sciences in 2018?")
    assert {"university", "applied", "sciences"} <= title and "certificate" not in title and "of" not in title
    assert "how" not in _title_words("How many completed it?")  # the question's first word is no name
    terms = _one_per_name(["fullføre", "universitet", "søke|anvend", "vitenskap"],
                          ["completed", "university", "applied", "sciences"], title)
    assert terms == ["fullføre", f"{_stem('universitet')}|søke|anvend|{_stem('vitenskap')}"]
    # one word of a name, or none: the terms as they were
    assert _one_per_name(["fullføre", "universitet"], ["completed", "university"], title) == ["fullføre", "universitet"]


def test_common_words_of_an_english_title_are_read_not_refused(tmp_path: Path) -> None:
    """"Applied Sciences" is no place the collection lacks: the English reader translates both words into words the
    documents use. A name the reader cannot translate (Hamar) is still refused."""
    from assistant.query import analyse, unknown_names
    from assistant.store import close_stores, open_store
    from ingest.run import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hogskole.txt").write_text(
        "Plan for høgskolen\n\nForskning\n\nHøgskolen driver anvendt forskning og vitenskap for lærere. I 2018 "
        "fullførte fem studenter utdanningen.\n", encoding="utf-8")
    entries = {**ENTRIES, "applied": "applied //əˈplaɪd// <adj>\nanvendt\n",
               "science": "science //ˈsaɪəns// <n>\nvitenskap\n"}
    settings = Settings(data_dir=tmp_path / "data", ingest_vectors="off",
                        english_dictionary=str(write_dictd(tmp_path / "eng-nor", entries)), english_wordnet="",
                        english_swedish_dictionary="")
    try:
        assert run([corpus], settings=settings).ok
        store = open_store(settings)
        question = "What research does the College of Applied Sciences do?"
        assert unknown_names(question, store) == []
        assert unknown_names("What does the Hamar Applied Sciences plan say?", store) == ["Hamar"]
        terms = analyse(question, store).terms
        assert f"høgskol|{_stem('anvendt')}|{_stem('vitenskap')}" in terms  # the name's words ("college": the glossary's): one term
        close_stores()
        plain = settings.model_copy(update={"english_dictionary": ""})  # without a reader the words stay unknown
        assert {"Applied", "Sciences"} <= set(unknown_names(question, open_store(plain)))
    finally:
        close_stores()


def test_the_accented_english_spelling_of_sami_is_the_same_word() -> None:
    """"the Sámi Parliament" (its own English spelling) is «sametinget» as "the Sami Parliament" is — not
    "parliament" read alone (the Storting)."""
    from assistant.norwegian import english_phrases

    assert "sametinget" in english_phrases("How much does the Sámi Parliament give?").split()
    assert english_phrases("Sámi kindergartens").split() == english_phrases("Sami kindergartens").split()
    assert "sápmi" in english_phrases("Sápmi").split()  # another word: left as written
