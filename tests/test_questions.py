"""The evaluation question set and its verifier: the real eval/questions.jsonl against the shipped
corpus/, plus normalize/quote_in/verify on small hand-made samples."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from eval.questions import (
    DEFAULT_CORPUS,
    DEFAULT_PATH,
    MIN_PER_KIND,
    REQUIRED_ABBREVIATIONS,
    Gold,
    Question,
    load_questions,
    main,
    normalize,
    quote_in,
    verify,
)

# --- the real question set -------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_questions() -> list[Question]:
    return load_questions(DEFAULT_PATH)


def test_real_question_set_has_no_problems(real_questions: list[Question]) -> None:
    assert verify(real_questions, DEFAULT_CORPUS) == []


def test_real_question_set_meets_minimum_counts(real_questions: list[Question]) -> None:
    kinds = Counter(q.kind for q in real_questions)
    for kind, minimum in MIN_PER_KIND.items():
        assert kinds[kind] >= minimum, kind
    norwegian = [q for q in real_questions if q.answerable and q.lang in ("nb", "nn")]
    assert len(norwegian) >= 80
    assert sum(q.lang == "nn" for q in real_questions) >= 5
    assert sum(q.answerable and q.lang == "en" for q in real_questions) >= 10
    assert sum(not q.answerable for q in real_questions) >= 15
    abbrev_text = " ".join(q.question for q in real_questions if q.kind == "abbrev")
    assert all(a in abbrev_text for a in REQUIRED_ABBREVIATIONS)


def test_real_question_set_covers_every_document(real_questions: list[Question]) -> None:
    used = {g.source for q in real_questions for g in q.gold}
    shipped = {p.name for p in DEFAULT_CORPUS.glob("*.txt")}
    assert shipped and used == shipped


def test_real_compare_questions_cite_two_documents(real_questions: list[Question]) -> None:
    compares = [q for q in real_questions if q.kind == "compare"]
    assert compares
    assert all(len({g.source for g in q.gold}) >= 2 for q in compares)


def test_real_unanswerable_questions_have_no_gold(real_questions: list[Question]) -> None:
    unanswerable = [q for q in real_questions if q.kind == "unanswerable"]
    assert all(not q.answerable and q.gold == () for q in unanswerable)


def test_main_reports_ok_on_real_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "kind:" in out and "OK" in out


# --- normalize / quote_in ---------------------------------------------------------------------


def test_normalize_joins_line_break_hyphenation() -> None:
    assert normalize("skapende lærings-\nprosesser") == "skapende læringsprosesser"
    assert normalize("skapende lærings- prosesser") == "skapende læringsprosesser"
    assert normalize("skapende læringsprosesser") == "skapende læringsprosesser"


def test_normalize_compound_ellipsis_same_with_or_without_line_break() -> None:
    raw = "både arbeids- \n\nog læringsmiljøet"
    assert normalize(raw) == normalize("både arbeids- og læringsmiljøet")
    # a cleaner that over-joins gives the same result too
    assert normalize(raw) == normalize("både arbeidsog læringsmiljøet")


def test_normalize_does_not_join_before_a_capitalised_word() -> None:
    # "-sammen ser vi mer- \nEtablere gruppe": the dash ends a phrase, the next line is a new sentence
    assert normalize("ser vi mer- \nEtablere gruppe") == "ser vi mer etablere gruppe"


def test_normalize_bullets_glyphs_and_cleaner_dashes_agree() -> None:
    pdf = "Strategi\n•  alle barneskoler er PALS-skoler innen 2025"
    cleaned = "Strategi - alle barneskoler er PALS-skoler innen 2025"
    word_bullet = "Strategi\no alle barneskoler er PALS-skoler innen 2025"
    assert normalize(pdf) == normalize(cleaned) == normalize(word_bullet)
    assert normalize(pdf) == "strategi alle barneskoler er palsskoler innen 2025"
    # a symbol-font bullet that extracts as a letter (Løten-planen: "ĥ Sammen utvikle")
    assert normalize("Løten kommune skal:\n\tĥ Sammen utvikle trygge") == "løten kommune skal sammen utvikle trygge"


def test_normalize_punctuation_quotes_case_and_spaces() -> None:
    a = "Løten kommunes visjon er «Løten – midtpunkt med mangfold»."
    b = 'løten kommunes visjon er "Løten - midtpunkt med mangfold"'
    assert normalize(a) == normalize(b) == "løten kommunes visjon er løten midtpunkt med mangfold"
    assert normalize("13\u00a0361 bøker,\tlånt   ut") == "13 361 bøker lånt ut"


def test_normalize_unicode_forms_and_invisible_characters() -> None:
    decomposed = unicodedata.normalize("NFD", "Åmot ungdomsskole")
    assert decomposed != "Åmot ungdomsskole"
    assert normalize(decomposed) == "åmot ungdomsskole"
    assert normalize("of\ufb01ce sam\u00adhandling") == "office samhandling"  # ligature, soft hyphen


def test_normalize_numbers_with_comma_and_percent() -> None:
    assert normalize("72,86 %") == normalize("72,86%") == "72 86"
    assert normalize("2021-22") == "2021 22"  # digits are never joined


def test_quote_in_across_line_breaks_and_hyphenation() -> None:
    chunk = (
        "Løten kommune har i snitt 5,5 barn pr. ansatte i \nbarnehagene, og 12,3 barn per barnehage-\n"
        "lærer. Alle Løtens barnehager oppfyller pedagognormen"
    )
    assert quote_in("5,5 barn pr. ansatte i barnehagene, og 12,3 barn per barnehagelærer", chunk)
    assert quote_in("I SNITT 5,5 BARN", chunk)


def test_quote_in_requires_whole_words() -> None:
    chunk = "Mobbingen skal ned. Tiltak mot mobbing i barnehagen."
    assert quote_in("mot mobbing i barnehagen", chunk)
    assert not quote_in("mobbing skal ned", chunk)  # only "Mobbingen" occurs
    assert not quote_in("tiltak mot mobb", chunk)  # partial last word


def test_quote_in_rejects_other_text_and_empty_quotes() -> None:
    chunk = "Alle elever skal ha tilgang på helsesykepleier og miljøterapeut"
    assert not quote_in("alle elever skal ha tilgang på lege", chunk)
    assert not quote_in("«» – •", chunk)


def test_question_hit_any_gold_counts() -> None:
    q = Question(
        id="q1", question="?", lang="nb", kind="fact", answerable=True, municipality=None,
        gold=(Gold("a.txt", "første sitat med fire ord"), Gold("b.txt", "andre sitat med fire ord")),
    )
    assert q.hit("Her står andre sitat med fire ord, og mer.")
    assert not q.hit("Her står ingen av dem.")


# --- verify on small samples -----------------------------------------------------------------

SAMPLE_TEXT = (
    "Mål for skole\n"
    "Strategi\n"
    "•  alle barneskoler er PALS-skoler innen 2025, og PALS-prinsippene følges opp \n\n"
    "i ungdomsskolen\n"
    "•  opplæringen vektlegger å utvikle elevenes etiske og kritiske refleksjon\n"
    "Behovet for å bestå videregående opplæring har aldri vært viktigere enn nå. Tiltak \n\n"
    "for lese-\nopplæring gis tidlig.\n"
)
OTHER_TEXT = "Andel elever som har fullført og bestått videregående innen fem år var i 2020 72,86 %.\n"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "plan.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    (d / "annen.txt").write_text(OTHER_TEXT, encoding="utf-8")
    (d / "manifest.csv").write_text(
        "file,title,municipality\nplan.txt,Plan,Lørenskog\nannen.txt,Annen,Jevnaker\n", encoding="utf-8"
    )
    return d


def _q(id: str, kind: str = "fact", gold: tuple[Gold, ...] = (), **kw) -> Question:
    answerable = kw.pop("answerable", kind != "unanswerable")
    return Question(id=id, question=kw.pop("question", f"Spørsmål {id}?"), lang=kw.pop("lang", "nb"),
                    kind=kind, answerable=answerable, municipality=kw.pop("municipality", None), gold=gold)


def test_verify_accepts_good_questions(corpus: Path) -> None:
    qs = [
        _q("q1", gold=(Gold("plan.txt", "alle barneskoler er PALS-skoler innen 2025"),), municipality="Lørenskog"),
        _q("q2", gold=(Gold("plan.txt", "PALS-prinsippene følges opp i ungdomsskolen"),)),
        _q("q3", gold=(Gold("plan.txt", "Tiltak for leseopplæring gis tidlig"),)),
        _q("q4", "compare", gold=(Gold("plan.txt", "å bestå videregående opplæring har aldri"),
                                  Gold("annen.txt", "fullført og bestått videregående innen fem år"))),
        _q("q5", "unanswerable"),
    ]
    assert verify(qs, corpus, check_counts=False) == []


def test_verify_reports_missing_short_long_and_unknown_source(corpus: Path) -> None:
    long_quote = " ".join(["ord"] * 26)
    qs = [
        _q("q1", gold=(Gold("plan.txt", "alle ungdomsskoler er PALS-skoler innen 2030"),)),
        _q("q2", gold=(Gold("plan.txt", "PALS-skoler innen 2025"),)),
        _q("q3", gold=(Gold("plan.txt", long_quote),)),
        _q("q4", gold=(Gold("finnes-ikke.txt", "alle barneskoler er PALS-skoler"),)),
    ]
    problems = verify(qs, corpus, check_counts=False)
    assert any(p.startswith("q1") and "finnes ikke i plan.txt" in p for p in problems)
    assert any(p.startswith("q2") and "for kort" in p for p in problems)
    assert any(p.startswith("q3") and "for langt" in p for p in problems)
    assert any(p.startswith("q4") and "finnes ikke" in p for p in problems)


def test_verify_reports_quote_running_over_two_list_items(corpus: Path) -> None:
    quote = "følges opp i ungdomsskolen opplæringen vektlegger å utvikle"
    qs = [_q("q1", gold=(Gold("plan.txt", quote),))]
    problems = verify(qs, corpus, check_counts=False)
    assert len(problems) == 1 and "listepunkter" in problems[0]


def test_verify_reports_inconsistent_questions(corpus: Path) -> None:
    good = Gold("plan.txt", "alle barneskoler er PALS-skoler innen 2025")
    qs = [
        _q("q1", gold=(good,)),
        _q("q1", gold=(good,), question="Et annet spørsmål?"),  # duplicate id
        _q("q2", "compare", gold=(good,)),  # one document only
        _q("q3", "unanswerable", gold=(good,)),  # unanswerable with gold
        _q("q4", "fact", gold=()),  # answerable without gold
        _q("q5", "fact", gold=(good,), answerable=False),  # kind/answerable mismatch
        _q("q6", gold=(good,), lang="de"),
        _q("q7", gold=(good,), municipality="Jevnaker"),  # gold is from Lørenskog
        _q("q8", gold=(good,), question="Spørsmål q1?"),  # same question text as q1
    ]
    problems = " | ".join(verify(qs, corpus, check_counts=False))
    for expected in ("q1: id brukt 2 ganger", "q2: sammenligning", "q3: ubesvarbart", "q4: skal ha 1–3",
                     "q5: type", "q6: ukjent språk", "q7: kilde plan.txt hører ikke til Jevnaker",
                     "samme spørsmål 2 ganger"):
        assert expected in problems, expected


def test_verify_reports_counts_below_minimums(corpus: Path) -> None:
    qs = [_q("q1", gold=(Gold("plan.txt", "alle barneskoler er PALS-skoler innen 2025"),))]
    problems = verify(qs, corpus)
    assert any("typen unanswerable" in p for p in problems)
    assert any("besvarbare norske" in p for p in problems)
    assert any("nynorske" in p for p in problems)
    assert any("abbrev-spørsmål om NAV" in p for p in problems)
    assert verify(qs, corpus, check_counts=False) == []


# --- loading ---------------------------------------------------------------------------------


def test_load_questions_reads_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    rows = [
        {"id": "q1", "question": "Hva er BTI?", "lang": "nb", "kind": "abbrev", "answerable": True,
         "municipality": "Jevnaker", "gold": [{"source": "j.txt", "quote": "BTI er en samhandlingsmodell for"}]},
        {"id": "q2", "question": "Skoleskyss?", "lang": "nb", "kind": "unanswerable", "answerable": False,
         "municipality": None, "gold": [], "note": "ikke i planene"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n", encoding="utf-8")
    qs = load_questions(path)
    assert [q.id for q in qs] == ["q1", "q2"]
    assert qs[0].gold == (Gold("j.txt", "BTI er en samhandlingsmodell for"),)
    assert qs[0].municipality == "Jevnaker" and qs[1].municipality is None
    assert qs[1].note == "ikke i planene" and qs[1].answerable is False


def test_load_questions_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "q1", "question": "x", "lang": "nb", "kind": "fact", "answerable": true}\n{ikke json\n',
                    encoding="utf-8")
    with pytest.raises(ValueError, match="linje 2"):
        load_questions(path)


def test_main_exits_1_on_problems(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"id": "q1", "question": "x?", "lang": "nb", "kind": "fact", "answerable": True,
                                "gold": [{"source": "plan.txt", "quote": "dette står ikke i planen"}]}) + "\n",
                    encoding="utf-8")
    assert main([str(path), str(corpus)]) == 1
    assert "PROBLEM q1" in capsys.readouterr().out
