"""The page reference of the real-documents eval (eval/realdocs_pages.py) and the page metric
built on it (eval/answers.py: page_right) — on small self-made page texts, never /work/shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.models import Answer, Citation
from eval import realdocs
from eval.answers import page_right
from eval.questions import Gold, Question
from eval.realdocs_pages import paged_words, quote_pages, reference, shown_units, source_page_texts

# Page 7 ends mid-sentence, with the footer the source carries; page 8 opens with a running header.
PAGE_7 = ("4.1 Hvorfor dette er en utfordring\n"
          "Av den voksne delen av befolkningen er det kun 1 av 5 som er aktive. "
          "Skjermbruk er et nytt problem. Det er 61 % som\n\n"
          "Krødsherad kommune • Temaplan for folkehelse 2024-2033\n\n7\n")
PAGE_8 = ("Temaplan for folkehelse\n"
          "bruker skjerm mer enn 3 timer pr dag. Når det gjelder kosthold er vi dårligere til å spise fisk. "
          "Og det er 33 % som drikker sukkerholdig brus.\n")
ADULTS = "Av den voksne delen av befolkningen er det kun 1 av 5 som er aktive."
SCREENS = "Det er 61 % som bruker skjerm mer enn 3 timer pr dag."
SODA = "Og det er 33 % som drikker sukkerholdig brus."


def test_a_sentence_over_a_page_break_skips_the_footer_and_header():
    ref = paged_words(["Forside", PAGE_7, PAGE_8])
    assert ref.span([ADULTS]) == (2, 2)
    assert ref.span([SCREENS]) == (2, 3)
    assert ref.span([SODA]) == (3, 3)
    assert ref.span([ADULTS, SCREENS, SODA]) == (2, 3)
    assert ref.span([SODA, ADULTS]) == (2, 3)  # an answer may show a passage's units in its own order


def test_a_word_hyphenated_over_the_page_break_is_joined():
    ref = paged_words(["Kommunen vil styrke kompe-\n\nSide 1", "Plan 2024\ntansen til alle ansatte i skolen."])
    assert ref.span(["Kommunen vil styrke kompetansen til alle ansatte i skolen."]) == (1, 2)


def test_text_that_is_not_there_or_stands_on_two_pages_is_unplaced():
    ref = paged_words(["Hvordan tar vi neste steg? Side 9", "Annet innhold her.", "Hvordan tar vi neste steg?"])
    assert ref.span(["Dette står ikke i dokumentet i det hele tatt."]) is None
    assert ref.span(["Hvordan tar vi neste steg?"]) is None  # contents line and heading: ambiguous
    # words between two words of a sentence are only skipped at a page break
    assert paged_words(["Det er kun 1 av 5 som er aktive."]).span(["Det er kun 1 som er aktive."]) is None


def test_a_contents_line_without_its_page_number_is_found_on_its_page():
    ref = paged_words(["Innhold\nTromsøs samfunnsmål og koblingen til FNs bærekraftsmål\nSide 8\n"
                       "Overordnet arealstrategi\nSide 9", "Tekst.\nTromsøs samfunnsmål", "Overordnet arealstrategi"])
    assert ref.span(["Tromsøs samfunnsmål og koblingen til FNs bærekraftsmål Overordnet arealstrategi"]) == (1, 1)


def test_shown_units_are_the_lines_marked_with_the_citation():
    text = ("The documents say (in Norwegian):\nFørste setning. [1]\n- Et punkt i lista [2]\n"
            "Andre setning fra samme kilde. [1]\n(+ 2 punkter til i kilden)")
    assert shown_units(text, 1) == ["Første setning.", "Andre setning fra samme kilde."]
    assert shown_units(text, 2) == ["Et punkt i lista"]
    assert shown_units(text, 3) == []


def test_page_marked_source_text_gives_pages_by_marker(tmp_path):
    src = tmp_path / "plan.md"
    src.write_text("<!-- side 1 -->\nForside\n<!-- side 2 -->\nTo\n<!-- side 3 -->\nTre\n", encoding="utf-8")
    assert [t.strip() for t in source_page_texts(src) or []] == ["Forside", "To", "Tre"]
    assert source_page_texts(tmp_path / "plan.html") is None


def test_the_reference_agrees_with_a_typeset_pdf_whose_pages_are_known(tmp_path):
    pytest.importorskip("pypdfium2")
    from tests.pdfs import make_flowing_pdf

    sentences = [f"Kommunen skal arbeide med kompetanseutvikling i tiltak {n} og rapportere om framdriften "
                 f"til kommunestyret innen utgangen av {2024 + n % 5}." for n in range(1, 40)]
    path, where = make_flowing_pdf(tmp_path / "plan.pdf", [("1 Innsats", [sentences[:20], sentences[20:]])],
                                   lines_per_page=22)
    ref = paged_words(source_page_texts(path) or [])
    assert any(first != last for first, last in where.values())  # some sentences run over a page break
    assert {s: ref.span([s]) for s in sentences} == {s: where[s] for s in sentences}


def _citation(n: int, quote: str, page: int, page_end: int | None = None, passage: str = "") -> Citation:
    return Citation(n=n, chunk_id="k::1", source="krodsherad-temaplan-folkehelse-2024-2033.txt", title="Temaplan",
                    municipality="Krødsherad", page=page, page_label=str(page), section="", quote=quote,
                    passage=passage or quote, label="", page_end=page_end,
                    page_end_label=str(page_end) if page_end else None)


@pytest.fixture
def sample_source(tmp_path, monkeypatch):
    """A self-made page-marked text under the file name of a real document."""
    doc = next(d for d in realdocs.DOCS if d.name == "krodsherad-temaplan-folkehelse-2024-2033.txt")
    src = tmp_path / doc.source
    src.parent.mkdir(parents=True)
    src.write_text(f"<!-- side 1 -->\nForside\n<!-- side 2 -->\n{PAGE_7}\n<!-- side 3 -->\n{PAGE_8}", encoding="utf-8")
    monkeypatch.setattr(realdocs, "REAL_DOCS", Path(tmp_path))
    reference.cache_clear()
    yield src
    reference.cache_clear()


def test_page_right_counts_the_citations_that_quote_the_gold_and_checks_what_they_quote(sample_source):
    q = Question("r000", "Hvor mange voksne er aktive?", "nb", "number", True,
                 gold=(Gold("krodsherad-temaplan-folkehelse-2024-2033.md", ADULTS, "2"),))
    assert quote_pages("krodsherad-temaplan-folkehelse-2024-2033.txt", [ADULTS, SCREENS]) == (2, 3)
    # the gold and the next sentence, which runs onto the next page: «s. 2–3» is right
    spans = Answer(q.question, True, f"{ADULTS} [1]\n{SCREENS} [1]", [_citation(1, f"{ADULTS} {SCREENS}", 2, 3)])
    assert page_right(q, spans) == [True]
    # the gold alone cited as a range: wrong (the old «gold page is page or page_end» called it right)
    assert page_right(q, Answer(q.question, True, f"{ADULTS} [1]", [_citation(1, ADULTS, 2, 3)])) == [False]
    assert page_right(q, Answer(q.question, True, f"{ADULTS} [1]", [_citation(1, ADULTS, 3)])) == [False]
    assert page_right(q, Answer(q.question, True, f"{ADULTS} [1]", [_citation(1, ADULTS, 2)])) == [True]
    # a citation quoting another sentence of the passage that holds the gold does not count
    other = Answer(q.question, True, f"{SODA} [1]", [_citation(1, SODA, 3, passage=f"{ADULTS} {SODA}")])
    assert page_right(q, other) == []
