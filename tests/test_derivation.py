"""An English noun the dictionaries lack, read through the verb it derives from (assistant/dictionary.py
``related_translations``): WordNet relates "preservation" to "preserve"; the verb's Norwegian senses give the noun of
their act («bevare» → «bevaring») where the collection uses it — through the verb's synonyms when its own senses have
none, and through the Swedish pivot when the English–Norwegian dictionary lacks the verb. Tiny dictd and WordNet
databases written here, read by the real readers."""

from __future__ import annotations

from pathlib import Path

from assistant.dictionary import Dictionary, EnglishReader, related_translations, verbal_noun
from assistant.norwegian import _stem
from tests.test_dictionary import ENTRIES, write_dictd
from tests.test_wordnet import write_wordnet

SYNSETS = {
    "preservation": ("n", ("preservation",), (("+", "preserve", 1, 1),), "the act of keeping from harm"),
    "preserve": ("v", ("preserve", "keep up"), (("+", "preservation", 1, 1),), "keep in safety"),
    "retention": ("n", ("retention",), (("+", "retain", 1, 1),), "the act of keeping"),
    "retain": ("v", ("retain", "maintain"), (("+", "retention", 1, 1),), "hold back"),
}
SENSES = {("preservation", "n"): ["preservation"], ("preserve", "v"): ["preserve"], ("keep up", "v"): ["preserve"],
          ("retention", "n"): ["retention"], ("retain", "v"): ["retain"], ("maintain", "v"): ["retain"]}
ENTRIES = {
    "preserve": "preserve //prɪˈzɜːv// <v>\n1. beholde\nto keep\n2. bevare\nto protect\n",
    "maintain": "maintain //meɪnˈteɪn// <v>\nbevare, opprettholde\nto keep up\n",
}


def _known(*stems: str):
    return lambda stem: stem in stems


def _uses(*words: str):
    """The collection's words, as the lexical index knows them (stems)."""
    stems = {_stem(w) for w in words}
    return lambda stem: stem in stems


def test_the_noun_of_a_verbs_act() -> None:
    assert verbal_noun("bevare") == "bevaring" and verbal_noun("vurdere") == "vurdering"
    assert verbal_noun("") is None and verbal_noun("gå") is None and verbal_noun("bo") is None
    assert verbal_noun("forstå") is None  # no «-e»: its noun is another form


def test_a_noun_is_read_as_the_noun_of_its_verbs_act(tmp_path: Path) -> None:
    wordnet = write_wordnet(tmp_path / "wn", SYNSETS, SENSES)
    from assistant.wordnet import WordNet

    wn = WordNet.load(wordnet)
    d = Dictionary.load(write_dictd(tmp_path / "eng-nor", ENTRIES))
    assert wn is not None and d is not None
    known = _known("bevar", "behold", "bevaring", "opprettholding", "oppretthold")
    assert d.senses("preservation") == ()  # the dictionary lacks the noun …
    # … its verb gives «beholde» and «bevare»; the collection's noun of the verb's act is what the noun asks for
    assert related_translations("preservation", d, wn, known) == ["bevaring"]
    # without the noun in the collection: the verb's first senses, as before
    assert related_translations("preservation", d, wn, _known("bevar", "behold")) == ["behold" + "e", "bevare"]
    # "retention" → retain (no entry) → its synonym "maintain" → «bevare», «opprettholde» → both nouns
    assert related_translations("retention", d, wn, known) == ["bevaring", "opprettholding"]
    assert EnglishReader(d, known, wordnet=wn)("preservation") == "bevaring"


def test_a_verb_the_dictionary_lacks_is_read_through_the_pivot(tmp_path: Path) -> None:
    from assistant.wordnet import WordNet

    wn = WordNet.load(write_wordnet(tmp_path / "wn", SYNSETS, SENSES))
    d = Dictionary.load(write_dictd(tmp_path / "eng-nor", {"maintain": ENTRIES["maintain"]}))
    pivot = Dictionary.load(write_dictd(tmp_path / "pivot", {"preserve": ENTRIES["preserve"]}))
    assert wn is not None and d is not None and pivot is not None
    known = _known("bevar", "behold", "bevaring")
    assert related_translations("preservation", d, wn, known, pivot=pivot) == ["bevaring"]
    # the evidence reader has no pivot for its words, but reads related words through it (compounds alike)
    assert EnglishReader(d, known, wordnet=wn, related_pivot=pivot)("preservation") == "bevaring"


def test_a_noun_neither_dictionary_nor_wordnet_has_is_read_by_english_derivation(tmp_path: Path) -> None:
    from assistant.dictionary import derived_translations

    entries = {"bilingual": "bilingual //baɪˈlɪŋɡwəl// <adj>\ntospråklig\nspeaking two languages\n",
               "lonely": "lonely //ˈləʊnli// <adj>\nensom\nalone\n", **ENTRIES}
    d = Dictionary.load(write_dictd(tmp_path / "eng-nor", entries))
    assert d is not None
    known = _uses("tospråklighet", "tospråklig", "ensomhet", "bevaring", "bevare")
    assert derived_translations("bilingualism", d, known) == ["tospråklighet"]  # -ism → the adjective → «-het»
    assert derived_translations("loneliness", d, known) == ["ensomhet"]  # -iness → -y
    assert derived_translations("preservation", d, known) == ["bevaring"]  # -ation → -e → the verb → «-ing»
    # the derived noun must be the collection's: the base's own translation (a verb) is not what a noun asks for
    assert derived_translations("preservation", d, _uses("bevare")) == []
    assert derived_translations("organism", d, known) == []  # no base the dictionary reads as an adjective
    assert EnglishReader(d, known)("bilingualism") == "tospråklighet"  # without WordNet too


def test_a_negated_word_is_read_as_the_norwegian_u_word_of_its_rest(tmp_path: Path) -> None:
    """English negates with un-, in-, dis-; Norwegian with «u-»: "inequality" → equality → equal → «lik» → «ulikhet»,
    "unsafe" → «utrygg» — where the collection uses the «u-» word, and only for a word no dictionary has."""
    from assistant.dictionary import negated_translations

    d = Dictionary.load(write_dictd(tmp_path / "eng-nor", {
        **ENTRIES,
        "equal": "equal //ˈiːkwəl// <adj>\n1. lik\nthe same\n",
        "safe": "safe //seɪf// <adj>\n1. trygg\nnot in danger\n",
        "formation": "formation //fɔːˈmeɪʃən// <n>\n1. formasjon\nan arrangement\n"}))
    assert d is not None
    uses = {_stem(w) for w in ("ulikhet", "ulik", "utrygg", "likhet", "trygg")}
    read = EnglishReader(d, lambda stem: stem in uses)
    assert read("inequality") == "ulikhet" and read("inequalities") == "ulikhet"
    assert read("unsafe") == "utrygg" and read("unequal") == "ulik"
    # not where the collection lacks the «u-» word: "information" is no negated «formasjon»
    assert negated_translations("information", d, lambda stem: True) == ["uformasjon"]  # the rule alone …
    assert negated_translations("information", d, lambda stem: stem in uses) == []  # … the collection decides
    assert "utrygg" not in (read("safe") or "").split()  # the word itself is read as before
