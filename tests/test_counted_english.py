"""What an English "how many" question counts (assistant/query.py ``counted_term``): the plural head noun of the
phrase after "how many", read with its modifiers — not the first word after it ("full-time", "male", "upper"). And
"male" of people is «menn» / «mannlige» (assistant/fieldterms.py), not FreeDict's animal «hann». Real pipeline on a
tiny corpus."""

from __future__ import annotations

from pathlib import Path

from assistant.fieldterms import field_english
from assistant.norwegian import _stem
from assistant.settings import Settings
from tests.test_dictionary import ENTRIES, write_dictd

MALE = {"male": "male //meɪl// <adj>\nhann\nof the sex that produces sperm\n"}


def test_the_plural_head_noun_is_what_is_counted(tmp_path: Path) -> None:
    from assistant.language import Language
    from assistant.query import analyse, counted_term
    from assistant.store import close_stores, open_store
    from ingest.run import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(
        "Plan for barnehagene\n\nBemanning\n\nKommunen har to hele stillinger på barnehageområdet. Det er få mannlige "
        "barnehagelærere, og vi vil ha flere menn i barnehagene. Kommunen har tre videregående skoler og fem "
        "lærere i deltid.\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", ingest_vectors="off",
                        english_dictionary=str(write_dictd(tmp_path / "eng-nor", {**ENTRIES, **MALE})),
                        english_wordnet="", english_swedish_dictionary="")
    try:
        assert run([corpus], settings=settings).ok
        store = open_store(settings)
        q = analyse("How many part-time teachers does the municipality have?", store)
        assert q.counted == _stem("lærere")  # the head noun, not «deltid» ("part-time" comes first)
        q = analyse("How many male teachers work in the kindergartens?", store)
        assert q.counted == _stem("lærere") and _stem("hann") not in " ".join(q.terms)
        assert any(_stem("menn") in t.split("|") for t in q.terms)  # "male" of people: «menn»
        # no plural noun in the phrase: the word after "how many", as a Norwegian question reads «hvor mange X»
        assert counted_term("How many teachers?", ["lærer"], store, Language.EN) == "lærer"
        assert counted_term("How many of the teachers work part-time?", [_stem("lærere")], store,
                            Language.EN) == _stem("lærere")
    finally:
        close_stores()


def test_male_of_people_is_the_plans_word() -> None:
    assert (field_english("male") or "").split()[0] == "menn"
    assert field_english("males") == field_english("male")
