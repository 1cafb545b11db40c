"""Names the question spells otherwise than the documents (assistant/names.py): read as the same name
when the variation is one Norwegian text makes (diacritics, a letter or two in a long name), still
unknown when the name is another one."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import store_with_plan

PLAN = """Fjellbygd kommune
Oppvekstplan 2024–2028

1 Samarbeid
Kommunen har et vennskapssamarbeid med en skole på Curaçao og en skole i Storbritannia.
Elevene besøkte Berlinmuren og Nesna i fjor. Sekretariatet ligger i Kristiansand, og Sørfold er med.
"""


def test_spelling_variants_of_a_collection_name_are_known(tmp_path: Path, settings) -> None:
    from assistant.query import unknown_names

    store = store_with_plan(tmp_path, settings, PLAN)
    assert unknown_names("Hvilken skole på Curacao samarbeider kommunen med?", store) == []  # ç written as c
    assert unknown_names("Hvilken skole i Strobritannia samarbeider kommunen med?", store) == []  # two letters swapped
    assert unknown_names("Hvilken skole i Storbritanian samarbeider kommunen med?", store) == []  # two edits, 13 letters
    assert unknown_names("Når besøkte elevene Berlinermuren?", store) == []  # compound joint «-er-»


def test_other_names_stay_unknown(tmp_path: Path, settings) -> None:
    from assistant.query import unknown_names

    store = store_with_plan(tmp_path, settings, PLAN)
    assert unknown_names("Hva gjør Hamar med mobbing?", store) == ["Hamar"]  # another municipality
    assert unknown_names("Hva gjør Nes med mobbing?", store) == ["Nes"]  # short: one letter off «Nesna» is another name
    assert unknown_names("Hva gjør Kristiansund med mobbing?", store) == ["Kristiansund"]  # 12 letters: not 1 edit off
    assert unknown_names("Hva gjør Sorfold med mobbing?", store) == ["Sorfold"]  # ø is not o


def test_folding_keeps_norwegian_letters() -> None:
    from assistant.names import distance, fold, joined

    assert fold("Curaçao") == "curacao" and fold("Sénégal") == "senegal"
    assert fold("Bærum") == "bærum" and fold("Ålesund") == "ålesund" and fold("Tromsø") == "tromsø"
    assert distance("strobritannia", "storbritannia", 2) == 1
    assert distance("berlinermuren", "berlinmuren", 2) == 2
    assert distance("kristiansund", "kristiansand", 0) == 1
    assert joined("berlinermuren", "berlinmuren") and joined("kristiansandsposten", "kristiansandposten")
    assert not joined("kristiansund", "kristiansand") and not joined("nesna", "nes")  # head under 6 letters


def test_a_collection_over_the_bound_reads_no_vocabulary(tmp_path: Path, settings, monkeypatch) -> None:
    """Above ``MAX_CHUNKS`` the one pass over every chunk's text is not made (minutes at 10⁶ chunks): a name is
    known only as the documents write it; under the bound the same question is answered."""
    import assistant.names as names
    from assistant.query import unknown_names

    store = store_with_plan(tmp_path, settings, PLAN)
    monkeypatch.setattr(names, "MAX_CHUNKS", store.catalog.chunk_count() - 1)
    assert names.name_vocabulary(store) is None
    assert unknown_names("Hvilken skole på Curacao samarbeider kommunen med?", store) == ["Curacao"]
    monkeypatch.setattr(names, "MAX_CHUNKS", store.catalog.chunk_count())
    assert unknown_names("Hvilken skole på Curacao samarbeider kommunen med?", store) == []
