"""Page-exact citations: pages travel with character offsets from the reader through cleaning,
structure and chunking (assistant/pages.py, contract item 1)."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.citations import source_label
from assistant.models import DocumentMeta
from assistant.pages import locate, page_map_json, page_span, quote_chunk
from ingest.chunk import chunk_blocks
from ingest.parse import parse_document
from tests import pdfs


def test_page_span_on_the_contract_json() -> None:
    pm = json.dumps([[0, "6"], [120, "7"], [300, "8"]])
    assert page_span(pm, 0, 50) == ("6", None)
    assert page_span(pm, 130, 200) == ("7", None)
    assert page_span(pm, 100, 130) == ("6", "7")
    assert page_span(pm, 119, 120) == ("6", None)  # ends on the last character of page 6
    assert page_span(pm, 310, 10_000) == ("8", None)
    assert page_span("", 0, 10) == (None, None)
    assert page_span(None, 0, 10) == (None, None)


def test_page_map_json_is_the_contract_form() -> None:
    assert json.loads(page_map_json(((0, "iv", 4), (80, "v", 5)))) == [[0, "iv"], [80, "v"]]
    assert page_map_json(()) == ""


def test_locate_follows_parts_in_order() -> None:
    text = "Første setning. Andre setning.\n- Et punkt\nTredje setning."
    assert locate(text, ["Andre setning.", "Tredje setning."]) == (16, len(text))
    assert locate(text, ["finnes ikke"]) is None
    assert locate("Ord over\nto linjer her.", ["over to linjer"]) == (4, 18)


def _chunks(path: Path, size: int = 1500):
    doc = parse_document(path)
    return doc, chunk_blocks("d", doc.blocks, size, 150)


_SUBJECTS = ("Kommunen", "Skolene", "Barnehagene", "Helsestasjonen", "Kulturskolen", "Ungdomsrådet")
_WORDS = ("kompetanseutviklingen", "læringsmiljøarbeidet", "folkehelsearbeidet", "barnehagetilbudet",
          "samarbeidsrutinene", "oppvekstsektoren")


def _sections() -> list[tuple[str, list[list[str]]]]:
    sections = []
    n = 0
    for chapter in range(1, 4):
        paragraphs = []
        for _ in range(4):
            para = []
            for _ in range(5):
                n += 1
                subject, word = _SUBJECTS[n % len(_SUBJECTS)], _WORDS[(n * 5) % len(_WORDS)]
                para.append(f"{subject} skal styrke {word} i tiltak nummer {n} og rapportere om "
                            f"resultatene til kommunestyret hvert år.")
            paragraphs.append(para)
        sections.append((f"{chapter} Kapittel om innsats {chapter}", paragraphs))
    return sections


def test_typeset_pdf_sentence_cited_on_its_own_page(tmp_path: Path) -> None:
    """Running text over several pages (running header, «Side N av M» footer, words hyphenated
    across line ends, paragraphs over page breaks): every quoted sentence is cited on the pages
    where it stands, not where its chunk began."""
    path, where = pdfs.make_flowing_pdf(tmp_path / "plan.pdf", _sections(), lines_per_page=34)
    assert max(last for _, last in where.values()) >= 4
    _, chunks = _chunks(path)
    assert any(len(c.page_map) >= 2 for c in chunks)
    meta = DocumentMeta("d", "plan.pdf", "Kvalitetsplan", "Jevnaker")
    checked = 0
    for sentence, (first, last) in where.items():
        chunk = next(c for c in chunks if sentence in c.text)  # header/footer gone, hyphens joined
        cited = quote_chunk(chunk, [sentence])
        assert (cited.page_start, cited.page_end) == (first, last if last != first else None), (sentence, chunk.page_map)
        shown = f"s. {first}" if first == last else f"s. {first}–{last}"
        assert source_label(meta, cited).endswith(shown)
        checked += 1
    assert checked == 60
    assert any(first != last for first, last in where.values())  # a sentence over a page break


def test_form_feed_text_paragraph_across_pages(tmp_path: Path) -> None:
    """A paragraph broken by a page break is one block; its sentences keep their own pages, and
    a quote over the break is a range «s. 6–7»."""
    filler = "Dette er en setning som fyller siden med vanlig tekst om planarbeidet. " * 6
    page6 = f"4 Tiltak\n\n{filler}Kommunen skal bygge en ny barnehage i sentrum og\n"
    page7 = "samtidig rehabilitere skolen på Berg innen 2027. Arbeidet følges opp hvert år av kommunestyret.\n"
    text = "Forside\n\f" + "\f".join(["Side to.\n"] * 4) + "\f" + page6 + "\f" + page7
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    doc, chunks = _chunks(path)
    assert [p.number for p in doc.pages] == [1, 2, 3, 4, 5, 6, 7]
    para = next(b for b in doc.blocks if "rehabilitere" in b.text)
    assert para.page == 6 and [p for _, p, _ in para.page_map] == [6, 7]
    chunk = next(c for c in chunks if "rehabilitere" in c.text)
    follow = quote_chunk(chunk, ["Arbeidet følges opp hvert år av kommunestyret."])
    assert (follow.page_start, follow.page_end) == (7, None)
    across = quote_chunk(chunk, ["Kommunen skal bygge en ny barnehage i sentrum og samtidig rehabilitere skolen på Berg innen 2027."])
    assert (across.page_start, across.page_end) == (6, 7)
    meta = DocumentMeta("d", "plan.txt", "Plan", "Berg")
    assert "s. 6–7" in source_label(meta, across)
    assert page_span(page_map_json(chunk.page_map), chunk.text.index("Arbeidet"), len(chunk.text)) == ("7", None)


def test_long_paragraph_split_into_sentences_keeps_pages(tmp_path: Path) -> None:
    """A paragraph longer than a chunk is split at sentences; each part starts on its own page."""
    first = " ".join(f"Setning nummer {i} handler om skolen og barnehagen i kommunen." for i in range(12))
    second = " ".join(f"Setning nummer {i} på neste side handler om helse." for i in range(12, 24))
    path = tmp_path / "lang.txt"
    path.write_text(f"1 Innledning\n\n{first}\n\f{second[0].lower()}{second[1:]}\n", encoding="utf-8")
    _, chunks = _chunks(path, size=400)
    for chunk in chunks:
        for i in range(24):
            sentence = f"nummer {i} "
            if sentence in chunk.text:
                start = chunk.text.index(sentence)
                label, _ = page_span(page_map_json(chunk.page_map), start, start + len(sentence))
                assert label == ("1" if i < 12 else "2"), (i, chunk.page_map)


def test_printed_page_labels_name_the_page(tmp_path: Path) -> None:
    labels = ["i", "ii", "1", "2", "3"]
    path, where = pdfs.make_flowing_pdf(tmp_path / "plan.pdf", _sections(), lines_per_page=34, page_labels=labels)
    _, chunks = _chunks(path)
    meta = DocumentMeta("d", "plan.pdf", "Kvalitetsplan", "Jevnaker")
    for sentence, (first, last) in where.items():
        chunk = next(c for c in chunks if sentence in c.text)
        cited = quote_chunk(chunk, [sentence])
        assert cited.page_start == first and cited.page_label == labels[first - 1]
        if last != first:
            assert cited.page_end_label == labels[last - 1]
            assert source_label(meta, cited).endswith(f"s. {labels[first - 1]}–{labels[last - 1]}")


def test_printed_page_numbers_offset_from_the_pdf_pages_become_labels(tmp_path: Path) -> None:
    """No /PageLabels, but the footer counts from the second PDF page («Side 1 av 4» on page 2):
    citations name the printed page."""
    path, where = pdfs.make_flowing_pdf(tmp_path / "plan.pdf", _sections(), lines_per_page=34, first_printed=0)
    doc, chunks = _chunks(path)
    assert [(p.number, p.label) for p in doc.pages][:3] == [(1, "forside"), (2, "1"), (3, "2")]
    for sentence, (first, _last) in where.items():
        if first < 2:
            continue
        chunk = next(c for c in chunks if sentence in c.text)
        cited = quote_chunk(chunk, [sentence])
        assert cited.page_start == first and cited.page_label == str(first - 1)


def test_printed_numbers_equal_to_pdf_pages_add_no_labels(tmp_path: Path) -> None:
    path, _ = pdfs.make_flowing_pdf(tmp_path / "plan.pdf", _sections(), lines_per_page=34)
    doc, _ = _chunks(path)
    assert all(p.label is None for p in doc.pages)


def test_a_repeated_lead_line_is_cited_on_its_own_page(tmp_path: Path) -> None:
    from assistant.citations import make_citation
    from assistant.models import Hit
    from assistant.units import split_units

    path = tmp_path / "plan.txt"
    path.write_text("Handlingsdel\n\nTrekk som vektlegges:\n- Første trekk står på den første siden.\n"
                    "\fTrekk som vektlegges:\n- Andre trekk står på den andre siden.\n", encoding="utf-8")
    doc, chunks = _chunks(path)
    chunk = next(c for c in chunks if "Andre trekk" in c.text)
    assert chunk.text.count("Trekk som vektlegges:") == 2 and chunk.page_map  # one passage over both pages
    units = split_units(chunk.text)
    second = [u for u in units if u.text == "Trekk som vektlegges:"][1]
    item = next(u for u in units if "Andre trekk" in u.text)
    meta = DocumentMeta(doc_id="d", source="plan.txt", title="Plan", has_pages=True)
    hit = Hit(chunk=chunk, meta=meta, score=1.0, rank=1)
    placed = make_citation(1, hit, "Trekk …", [(u.start, u.end, u.text) for u in (second, item)])
    assert (placed.page, placed.page_end) == (2, None)
    # by text alone the lead line is found where it first stands, on page 1
    by_text = make_citation(1, hit, "Trekk …", ["Trekk som vektlegges:", item.text])
    assert (by_text.page, by_text.page_end) == (1, 2)
    # offsets that do not hold the unit's text are not trusted
    moved = make_citation(1, hit, "…", [(0, 5, "Andre trekk står på den andre siden.")])
    assert (moved.page, moved.page_end) == (2, None)


def test_a_written_answer_is_cited_on_the_page_of_what_it_says(tmp_path: Path) -> None:
    from assistant.citations import llm_citation
    from assistant.models import Hit

    path = tmp_path / "plan.txt"
    path.write_text("Handlingsdel\n\nKommunen skal bygge en ny barnehage på Hov innen 2026. Den får seks avdelinger.\n"
                    "\fSkolen på Bråten skal rehabiliteres i 2027, og gymsalen bygges ut samme år.\n", encoding="utf-8")
    doc, chunks = _chunks(path)
    chunk = chunks[0]
    assert chunk.page_map  # one passage over both pages
    hit = Hit(chunk=chunk, meta=DocumentMeta(doc_id="d", source="plan.txt", title="Plan", has_pages=True),
              score=1.0, rank=1)
    said = "Planen sier at skolen på Bråten rehabiliteres i 2027 [1]. Gymsalen bygges også ut [2]."
    cited = llm_citation(1, hit, said)
    assert (cited.page, cited.page_end) == (2, None)
    assert cited.quote == "Skolen på Bråten skal rehabiliteres i 2027, og gymsalen bygges ut samme år."
    both = llm_citation(1, hit, "Det bygges en ny barnehage på Hov innen 2026 [1].\n- Skolen på Bråten rehabiliteres i 2027 [1]")
    assert (both.page, both.page_end) == (1, 2)
    # nothing the passage says: the passage start, as before
    vague = llm_citation(1, hit, "Kommunen har store planer for de neste årene [1].")
    assert (vague.page, vague.page_end) == (1, 2) and vague.quote == chunk.text[:300]
