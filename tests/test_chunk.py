"""Structure-aware chunking on hand-made blocks and on detected structure."""

from __future__ import annotations

from assistant.fingerprint import CHUNKER_VERSION
from assistant.models import Block, Page
from ingest.chunk import chunk_blocks, split_sentences
from ingest.structure import detect_blocks

S1 = ("4 Utviklingsområder",)
S42 = ("4 Utviklingsområder", "4.2 Inkluderende miljø")


def _h(text: str, section: tuple[str, ...], level: int, page: int | None = 1) -> Block:
    return Block("heading", text, section, page, None, level)


def _p(text: str, section: tuple[str, ...], page: int | None = 1, kind: str = "paragraph") -> Block:
    return Block(kind, text, section, page)


def _sentences(n: int, start: int = 0) -> str:
    return " ".join(f"Setning nummer {i} handler om trivsel og læringsmiljø i skolen." for i in range(start, start + n))


def test_chunker_version_is_part_of_the_index_identity(monkeypatch, tmp_path):
    """Bumping the chunker version changes the index fingerprint, so an index built with other
    chunks is rebuilt instead of mixed."""
    import assistant.settings
    from assistant.settings import Settings

    settings = Settings(data_dir=tmp_path)
    before = settings.fingerprint()
    assert before["chunker"] == CHUNKER_VERSION
    monkeypatch.setattr(assistant.settings, "CHUNKER_VERSION", CHUNKER_VERSION + "-neste")
    assert settings.fingerprint() != before


def test_ids_are_sequential_and_deterministic():
    blocks = [_h("4 Utviklingsområder", S1, 1)] + [_p(_sentences(5, i * 5), S1) for i in range(6)]
    first = chunk_blocks("plan", blocks, 400, 80)
    second = chunk_blocks("plan", blocks, 400, 80)
    assert first == second
    assert [c.id for c in first] == [f"plan::{i}" for i in range(len(first))]
    assert [c.seq for c in first] == list(range(len(first)))
    assert all(c.doc_id == "plan" for c in first)
    assert len(first) > 1


def test_chunks_respect_the_size_limit():
    blocks = [_h("4 Utviklingsområder", S1, 1)] + [_p(_sentences(4, i * 4), S1) for i in range(10)]
    chunks = chunk_blocks("plan", blocks, 500, 100)
    assert all(len(c.text) <= 500 for c in chunks)
    # nothing is lost: every sentence is somewhere
    joined = "\n".join(c.text for c in chunks)
    for i in range(40):
        assert f"Setning nummer {i} " in joined


def test_long_paragraph_is_split_at_sentence_boundaries():
    long = _sentences(30)  # ~1900 characters
    chunks = chunk_blocks("plan", [_h("4 Utviklingsområder", S1, 1), _p(long, S1)], 600, 0)
    assert len(chunks) >= 4
    for c in chunks:
        assert len(c.text) <= 600
        body = c.text.removeprefix("4 Utviklingsområder\n")
        assert body.startswith("Setning nummer") and body.endswith("skolen.")


def test_heading_is_never_the_last_line_of_a_chunk():
    blocks = [
        _h("4 Utviklingsområder", S1, 1),
        _p(_sentences(6), S1),
        _h("4.2 Inkluderende miljø", S42, 2),
        _p(_sentences(6, 10), S42),
    ]
    chunks = chunk_blocks("plan", blocks, 450, 0)
    for c in chunks:
        assert c.text.split("\n")[-1] not in ("4 Utviklingsområder", "4.2 Inkluderende miljø")
    start = next(c for c in chunks if "4.2 Inkluderende miljø" in c.text)
    assert start.text.startswith("4.2 Inkluderende miljø\nSetning nummer 10")
    assert start.section == S42


def test_chunk_that_begins_a_section_starts_with_its_heading():
    blocks = [_h("1 Innledning", ("1 Innledning",), 1), _p("Kort innledning.", ("1 Innledning",))]
    chunks = chunk_blocks("plan", blocks)
    assert len(chunks) == 1
    assert chunks[0].text == "1 Innledning\nKort innledning."
    assert chunks[0].section == ("1 Innledning",)


def test_top_level_sections_are_not_mixed():
    a, b = ("1 Innledning",), ("2 Mål",)
    blocks = [_h("1 Innledning", a, 1), _p("Kort tekst om bakgrunn.", a), _h("2 Mål", b, 1), _p("Kort tekst om mål.", b)]
    chunks = chunk_blocks("plan", blocks, 900, 150)
    assert [c.text for c in chunks] == ["1 Innledning\nKort tekst om bakgrunn.", "2 Mål\nKort tekst om mål."]
    assert [c.section for c in chunks] == [a, b]


def test_small_subsections_are_packed_together_under_their_common_section():
    goal = S42 + ("Mål",)
    measures = S42 + ("Tiltak",)
    blocks = [
        _h("4.2 Inkluderende miljø", S42, 2),
        _h("Mål", goal, 3),
        _p("Alle opplever tilhørighet.", goal),
        _h("Tiltak", measures, 3),
        _p("- Klassemiljøarbeid", measures, kind="list_item"),
    ]
    chunks = chunk_blocks("plan", blocks)
    assert len(chunks) == 1
    assert chunks[0].text == "4.2 Inkluderende miljø\nMål\nAlle opplever tilhørighet.\nTiltak\n- Klassemiljøarbeid"
    assert chunks[0].section == S42


def test_list_items_and_table_rows_are_never_split():
    items = [_p(f"- Tiltak {i}: " + "styrke samarbeidet mellom hjem og skole " * 3, S1, kind="list_item") for i in range(12)]
    rows = [_p(f"{i} | Kompetanseprogram for alle ansatte | Eksterne midler | 3 år", S1, kind="table_row") for i in range(12)]
    blocks = [_h("4 Utviklingsområder", S1, 1)] + items + rows
    chunks = chunk_blocks("plan", blocks, 400, 120)
    lines = [line for c in chunks for line in c.text.split("\n")]
    whole = {b.text for b in items + rows}
    assert all(line in whole or line == "4 Utviklingsområder" for line in lines)
    assert whole <= set(lines)
    # an item longer than the chunk size still stays whole
    huge = _p("- " + "veldig langt punkt " * 40, S1, kind="list_item")
    big = chunk_blocks("plan", [_h("4 Utviklingsområder", S1, 1), huge], 300, 50)
    assert any(huge.text in c.text for c in big)


def test_overlap_is_whole_sentences_from_the_same_section_only():
    blocks = [_h("4 Utviklingsområder", S1, 1)] + [_p(_sentences(3, i * 3), S1) for i in range(8)]
    chunks = chunk_blocks("plan", blocks, 500, 150)
    assert len(chunks) >= 3
    for prev, cur in zip(chunks, chunks[1:]):
        first_line = cur.text.split("\n")[0]
        first_sentence = split_sentences(first_line)[0]
        assert first_sentence in prev.text  # carried over
        carried = [s for s in split_sentences(cur.text.replace("\n", " ")) if s in prev.text]
        assert 0 < sum(len(s) for s in carried) <= 150

    # no overlap across a section change
    other = ("5 Realisering",)
    blocks2 = [_h("4 Utviklingsområder", S1, 1), _p(_sentences(8), S1), _h("5 Realisering", other, 1), _p(_sentences(8, 20), other)]
    chunks2 = chunk_blocks("plan", blocks2, 600, 150)
    real = next(c for c in chunks2 if c.section == other)
    assert real.text.startswith("5 Realisering\n")
    assert "Setning nummer 7 " not in real.text


def test_zero_overlap_repeats_nothing():
    blocks = [_h("4 Utviklingsområder", S1, 1)] + [_p(_sentences(3, i * 3), S1) for i in range(8)]
    chunks = chunk_blocks("plan", blocks, 500, 0)
    text = "\n".join(c.text for c in chunks)
    for i in range(24):
        assert text.count(f"Setning nummer {i} ") == 1


def test_law_one_chunk_per_paragraph_and_long_paragraph_split_by_ledd():
    text = (
        "# Kapittel 12. Skolemiljø\n\n"
        "## § 12-2. Retten til eit trygt og godt skolemiljø\n\n"
        "Elevane har rett til eit trygt og godt skolemiljø.\n\n"
        "## § 12-3. Nulltoleranse og førebyggjande arbeid\n\n"
        "Skolen skal ha nulltoleranse mot krenking.\n\n"
        "## § 12-4. Aktivitetsplikt\n\n"
        + "\n\n".join(f"Ledd {i}: " + "Alle som arbeider på skolen, skal følgje med. " * 6 for i in range(5))
        + "\n"
    )
    blocks = detect_blocks([Page(None, text)])
    chunks = chunk_blocks("opplaringslova", blocks, 700, 150)
    para_of = [next((s for s in c.section if s.startswith("§")), None) for c in chunks]
    assert para_of[0] == "§ 12-2 Retten til eit trygt og godt skolemiljø"
    assert chunks[0].text.startswith("Kapittel 12. Skolemiljø\n§ 12-2")
    assert "§ 12-3" not in chunks[0].text
    assert chunks[1].text == "§ 12-3 Nulltoleranse og førebyggjande arbeid\nSkolen skal ha nulltoleranse mot krenking."
    parts = [c for c, p in zip(chunks, para_of) if p and p.startswith("§ 12-4")]
    assert len(parts) >= 2
    for c in chunks:
        # never two §§ in one chunk
        assert sum(line.startswith("§ ") for line in c.text.split("\n")) <= 1
        assert c.page_start is None and c.page_end is None
    for c in parts[1:]:
        assert c.text.split("\n")[-1].startswith("Ledd")
        assert len(c.text) <= 700


def test_pages_and_labels_come_from_the_blocks():
    blocks = [
        Block("heading", "2.2 Fortellinger", ("2.2 Fortellinger",), 3, "8", 2),
        Block("paragraph", "Første avsnitt.", ("2.2 Fortellinger",), 3, "8"),
        Block("paragraph", "Andre avsnitt.", ("2.2 Fortellinger",), 4, "9"),
    ]
    [chunk] = chunk_blocks("plan", blocks)
    assert (chunk.page_start, chunk.page_end, chunk.page_label) == (3, 4, "8")


def test_structure_and_chunks_from_cleaned_text(tmp_path):
    text = (
        "4.2 Inkluderende miljø\n\n"
        + _sentences(10)
        + "\n\nMål\n\nAlle opplever og bidrar til et inkluderende miljø.\n\nTiltak\n\n"
        + "\n".join(f"- Tiltak {i} for bedre klassemiljø" for i in range(30))
        + "\n"
    )
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    blocks = detect_blocks([Page(None, path.read_text(encoding="utf-8"))])
    chunks = chunk_blocks("plan", blocks, 500, 100)
    assert all(len(c.text) <= 500 for c in chunks)
    assert all(c.section[0] == "4.2 Inkluderende miljø" for c in chunks)
    goal = next(c for c in chunks if "Alle opplever og bidrar" in c.text)
    assert "Mål\nAlle opplever og bidrar" in goal.text
    assert any(c.section[-1] == "Tiltak" for c in chunks)


def test_sentence_splitter_keeps_abbreviations():
    text = "Se Meld. St. 6 (2019–2020) om tidlig innsats. Tiltak gjelder bl.a. skolen. Ny setning her!"
    assert split_sentences(text) == [
        "Se Meld. St. 6 (2019–2020) om tidlig innsats.",
        "Tiltak gjelder bl.a. skolen.",
        "Ny setning her!",
    ]


def test_empty_input_gives_no_chunks():
    assert chunk_blocks("plan", []) == []


def test_lead_in_line_stays_with_what_it_introduces():
    s = ("4.1 Lærende organisasjon",)
    blocks = [_h("4.1 Lærende organisasjon", s, 2), _p(_sentences(9), s), _p("Dette betyr for den enkelte at:", s),
              _p("- Bruker er aktiv medskaper.", s, kind="list_item")]
    assert len(_sentences(9)) + len("4.1 Lærende organisasjon\nDette betyr for den enkelte at:\n") < 630
    chunks = chunk_blocks("plan", blocks, 630, 0)
    assert len(chunks) == 2
    assert not chunks[0].text.endswith("at:")
    assert chunks[1].text == "Dette betyr for den enkelte at:\n- Bruker er aktiv medskaper."


def test_each_goal_with_its_strategies_gets_its_own_chunk():
    area = ("Område 2: Ledelse",)
    text = "Område 2: Ledelse\n\n" + "\n\n".join(
        f"Mål for barnehage\n\nLedere utvikler barnehage nummer {i} videre\n\nStrategi\n\n"
        + "\n".join(f"- strategi {i}.{k} for bedre ledelse i barnehagen" for k in range(4))
        for i in range(3)
    ) + "\n"
    chunks = chunk_blocks("plan", detect_blocks([Page(None, text)]), 900, 150)
    goals = [c for c in chunks if "Ledere utvikler" in c.text]
    assert len(goals) == 3
    for i, c in enumerate(goals):
        assert c.text.count("Ledere utvikler") == 1
        assert f"- strategi {i}.3 for bedre ledelse i barnehagen" in c.text
        assert c.section == area + ("Mål for barnehage",)


def test_table_continued_in_a_new_chunk_repeats_its_header_row():
    section = ("3 Tiltak",)
    header = "Tiltak | Ansvar | Frist"
    rows = [f"Tiltak nummer {i} for bedre skolemiljø i kommunen | Rektor ved skole {i} | Desember 202{i % 10}"
            for i in range(20)]
    blocks = [_h("3 Tiltak", section, 1), Block("table_row", header, section, 1)]
    blocks += [Block("table_row", r, section, 1 + i // 10) for i, r in enumerate(rows)]
    chunks = chunk_blocks("plan", blocks, 400, 0)
    assert len(chunks) > 2
    for chunk in chunks:
        table_lines = [ln for ln in chunk.text.splitlines() if " | " in ln]
        assert table_lines[0] == header, chunk.text
    # every data row still appears exactly once as a data row
    data = [ln for c in chunks for ln in c.text.splitlines() if " | " in ln and ln != header]
    assert data == rows
