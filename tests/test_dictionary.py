"""The English–Norwegian dictionary under the glossary (assistant/dictionary.py): a tiny dictd database written here in
the format Debian's dict-freedict-eng-nor installs (``.index`` with base-64 offsets, gzip'ed ``.dict.dz``), read by the
real parser; translations filtered by the collection's vocabulary; an absent dictionary leaves the glossary alone."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from assistant.dictionary import Dictionary, english_reader, load_dictionary, parse_entry, translations
from assistant.norwegian import _stem, lexical_english
from assistant.settings import Settings
from tests.dictd import write_dictd_entries

# Entries as FreeDict/WikDict writes them: header «word /pron/ <pos>», then per sense the translations (numbered when
# there are several) and English glosses; « 2.» lines continue the glosses of the same translations.
ENTRIES = {
    "shortage": "shortage //ˈʃɔːtɪdʒ// <n>\nmangel, knapphet\nlack or deficiency\n",
    "child": "child //t͡ʃaɪld// <n>\nbarn 2.\nchild; daughter, son\n 3.\na minor\n",
    "place": ("place //pleɪs// <n>\n1. ståsted\nframe of mind\n2. sted 2.\nlocation, position\n 3.\nany area\n"
              "3. posisjon\nnumeric: the column\n4. plass 2.\nopen space\n 3.\narea one occupies\n"),
    "free": "free //fɹiː// <adj>\n1. fri, ledig\nunconstrained\n2. gratis\nobtainable without payment\n",
    "die": "die //daɪ// <v>\n1. dø 2.\nto become spiritually dead\n 3.\nto break down\n2. dø, døy\nto stop living\n",
    "each": "each //iːt͡ʃ// <det>\nhver, alle\nevery\n",
    "decision": "decision //dɪˈsɪʒən// <n>\navgjørelse, vedtak\n",
    "organize": "organize //ˈɔːɡənaɪz// <v>\norganisere\nto arrange in working order\n",
}


def write_dictd(prefix: Path, entries: dict[str, str] = ENTRIES) -> Path:
    """A dictd database at ``prefix`` (.index + .dict.dz), as dictfmt writes it."""
    return write_dictd_entries(prefix, sorted(entries.items()))


def test_an_entry_is_read_as_its_senses() -> None:
    entry = parse_entry(ENTRIES["place"])
    assert entry is not None and entry.head == "place"
    assert entry.senses == (("ståsted",), ("sted",), ("posisjon",), ("plass",))  # glosses and « 3.» lines are not senses
    assert parse_entry(ENTRIES["shortage"]).senses == (("mangel", "knapphet"),)  # type: ignore[union-attr]
    assert parse_entry("no header here\nmangel\n") is None


def test_the_dictd_files_are_read_and_inflected_words_found(tmp_path: Path) -> None:
    prefix = write_dictd(tmp_path / "eng-nor")
    d = Dictionary.load(prefix)
    assert d is not None
    assert set(d.offsets) == set(ENTRIES)  # the database's own header is not a word
    assert d.entry("place") == (("ståsted",), ("sted",), ("posisjon",), ("plass",))
    assert d.senses("shortages") == (("mangel", "knapphet"),)  # plural
    assert d.senses("children") == (("barn",),)  # irregular plural
    assert d.senses("Decisions") == (("avgjørelse", "vedtak"),)
    assert d.senses("died") == d.senses("die")  # -ed
    assert d.senses("organised") == d.senses("organises") == (("organisere",),)  # British spelling, inflected
    assert d.senses("unknownword") == ()


def test_translations_are_those_the_collection_uses(tmp_path: Path) -> None:
    d = Dictionary.load(write_dictd(tmp_path / "eng-nor"))
    assert d is not None
    vocabulary = {_stem(w) for w in ("sted", "plass", "gratis", "fri", "vedtak", "dø")}

    def known(stem: str) -> bool:
        return stem in vocabulary

    # «ståsted» and «posisjon» are senses no document uses; of the rest, the dictionary's order, at most the limit
    assert translations("place", d, known, limit=3) == ["sted", "plass"]
    assert translations("places", d, known, limit=1) == ["sted"]
    # a translation of a sense with fewer alternatives comes first (gratis: the only word of its sense)
    assert translations("free", d, known, limit=2) == ["gratis", "fri"]
    assert translations("decision", d, known) == ["vedtak"]  # «avgjørelse»: not in the collection
    assert translations("shortage", d, known) == []  # no translation the collection uses


def test_the_glossary_comes_first_and_function_words_are_not_translated(tmp_path: Path) -> None:
    d = Dictionary.load(write_dictd(tmp_path / "eng-nor"))

    def known(stem: str) -> bool:
        return True

    read = english_reader(d, known, limit=2)
    assert read("school") == "skole"  # the glossary's word, not the dictionary's
    assert read("shortage") == "mangel knapphet"
    assert read("each") is None  # a function word: the dictionary's «hver, alle» is not read
    assert read("plan") is None  # question filler («what does the plan say»)
    text = lexical_english("How many children die from a shortage of places?", read)
    # dictionary words (a word's translations once each), and the glossary's word for "places"
    # (every word known here, so the verbs' present tenses «dør», «døyr» too)
    assert text.split() == ["barn", "dø", "dør", "døy", "døyr", "mangel", "knapphet", "steder", "plasser"]
    # without a dictionary: the glossary alone, as before
    assert english_reader(None, known)("shortage") is None


def test_a_word_the_dictionary_has_is_not_read_as_an_inflection_of_a_glossary_word(tmp_path: Path) -> None:
    """«news» is no plural of «new»: the glossary's suffix rule would read it as «nye»; the dictionary's own entry
    («nyhet», «nyheter») wins. A plural the dictionary does not have stays the glossary's («schools» → «skole»)."""
    from assistant.norwegian import english

    entries = {**ENTRIES, "news": "news //njuːz// <n>\n1. nyhet\nnew information\n2. nyheter\nreports\n"}
    d = Dictionary.load(write_dictd(tmp_path / "eng-nor", entries))
    assert english("news") == english("new") and english("news") is not None  # the glossary's suffix rule
    read = english_reader(d, lambda stem: True, limit=2)
    assert read("news") == "nyhet nyheter"
    assert read("schools") == english("schools")
    unknown = english_reader(d, lambda stem: stem == "skol", limit=2)  # the collection uses neither «nyhet» form
    assert unknown("news") == english("new")


def test_an_absent_dictionary_is_said_once_and_changes_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="assistant.dictionary"):
        assert load_dictionary(str(tmp_path / "missing")) is None
        assert load_dictionary(str(tmp_path / "missing")) is None
    said = [r for r in caplog.records if "ordlista alene" in r.getMessage()]
    assert len(said) == 1 and "missing" in said[0].getMessage()
    assert load_dictionary("") is None and load_dictionary(None) is None
    broken = tmp_path / "broken"
    Path(f"{broken}.index").write_text("word\tA\tZZZZ\n", encoding="utf-8")
    Path(f"{broken}.dict.dz").write_bytes(b"not gzip")
    assert Dictionary.load(broken) is None  # unreadable: the glossary alone, with a warning


CORPUS = {
    "omsorg.txt": """Plan for omsorg

Ledelse

Det er stor mangel på ansatte i omsorgen. Kommunen vil rekruttere flere sykepleiere.

Barn

Over 600 barn får hjelp hvert år fra helsestasjonen.
""",
    "kultur.txt": """Kulturplan

Steder

Biblioteket er et godt sted å møtes. Kulturhuset har åpent hver dag.
""",
}


@pytest.fixture(scope="module")
def index_with_dictionary(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from assistant.store import close_stores
    from ingest.run import run

    root = tmp_path_factory.mktemp("dictionary")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    report = run([corpus], settings=Settings(data_dir=root / "data", ingest_vectors="off"))
    assert report.ok, report.failed
    close_stores()
    return root / "data", write_dictd(root / "eng-nor")


def test_an_english_word_outside_the_glossary_finds_its_passage(index_with_dictionary: tuple[Path, Path]) -> None:
    """The real pipeline on a tiny corpus: "shortage" is no glossary word; through the dictionary it is read as
    «mangel» (the index has it; «knapphet» it has not), retrieval finds the passage and the answer quotes it."""
    from assistant.answer import ask
    from assistant.query import analyse
    from assistant.retrieve import retrieve
    from assistant.store import close_stores, open_store

    data, prefix = index_with_dictionary
    question = "Is there a shortage of staff?"
    try:
        with_dictionary = Settings(data_dir=data, ingest_vectors="off", english_dictionary=str(prefix))
        store = open_store(with_dictionary)
        query = analyse(question, store)
        assert _stem("mangel") in query.terms and _stem("knapphet") not in query.terms
        hits = retrieve(query, None, 3, with_dictionary, store)
        assert hits and "mangel på ansatte" in hits[0].chunk.text
        answer = ask(question, settings=with_dictionary, store=store)
        assert answer.found and "mangel på ansatte" in answer.text
        close_stores()

        without = Settings(data_dir=data, ingest_vectors="off", english_dictionary="")
        store = open_store(without)
        assert _stem("mangel") not in analyse(question, store).terms  # the glossary alone does not read "shortage"
    finally:
        close_stores()


def test_a_short_verb_is_also_read_in_its_present_tense(tmp_path: Path) -> None:
    """«dø» → «dør»: a one-syllable Norwegian verb ending in a vowel takes «-r» in the present, which the stemmer keeps
    apart from the infinitive; a noun of the same shape is not inflected so («by», a town)."""
    entries = {**ENTRIES, "town": "town //taʊn// <n>\nby\n"}
    d = Dictionary.load(write_dictd(tmp_path / "eng-nor", entries))
    assert d is not None
    assert translations("die", d, lambda stem: stem in {"dø", "dør"}) == ["dø", "dør"]
    assert translations("dies", d, lambda stem: stem in {"dø", "dør"}, pos="v") == ["dø", "dør"]
    assert translations("die", d, lambda stem: stem == "dø") == ["dø"]  # a present tense the collection lacks
    assert translations("town", d, lambda stem: stem in {"by", "byr"}) == ["by"]
