"""Structure detection on small samples in the cleaner's output format."""

from __future__ import annotations

from assistant.models import Block, Page
from ingest.structure import detect_blocks


def _blocks(text: str, number: int | None = 1) -> list[Block]:
    return detect_blocks([Page(number, text)])


def _headings(blocks: list[Block]) -> list[tuple[str, int]]:
    return [(b.text, b.level) for b in blocks if b.kind == "heading"]


def _block(blocks: list[Block], start: str) -> Block:
    return next(b for b in blocks if b.text.startswith(start))


PLAN = """1 .0 Innledning

En god oppvekst varer livet ut. Vi vet mye om hva som skal til.

På bakgrunn av styringsdokumentene er det valgt ut fire utviklingsområder. Disse er:

1. Sektoren og virksomhetene som lærende organisasjoner
2. Inkluderende miljø
3. Tidlig innsatskompetanse
4. Helsefremmende møteplasser

1.1 Verdigrunnlag
Jevnaker kommune har en felles verdiplattform.

4 Utviklingsområder for kompetanseutvikling

Fire områder er valgt.

4.1 Lærende organisasjon

En lærende organisasjon kjennetegnes ved engasjement.

4.1.1 Strategisk og mestringsorientert ledelse

Ledelsen skal sørge for felles forståelse.

4.2 Inkluderende miljø

Inkluderende miljø handler om å høre til.

Mål

Alle opplever og bidrar til et inkluderende miljø.

Tiltak

- Alle opplever tilhørighet.
- Alle ansatte tar ansvar.
  - Også vikarer.
"""


def test_numbered_headings_get_level_from_depth_and_are_normalised():
    heads = _headings(_blocks(PLAN))
    assert ("1.0 Innledning", 1) in heads
    assert ("1.1 Verdigrunnlag", 2) in heads
    assert ("4 Utviklingsområder for kompetanseutvikling", 1) in heads
    assert ("4.1 Lærende organisasjon", 2) in heads
    assert ("4.1.1 Strategisk og mestringsorientert ledelse", 3) in heads


def test_section_paths_follow_the_heading_stack():
    blocks = _blocks(PLAN)
    assert _block(blocks, "Ledelsen skal").section == (
        "4 Utviklingsområder for kompetanseutvikling",
        "4.1 Lærende organisasjon",
        "4.1.1 Strategisk og mestringsorientert ledelse",
    )
    # 4.2 pops 4.1.1 and 4.1
    assert _block(blocks, "Inkluderende miljø handler").section == (
        "4 Utviklingsområder for kompetanseutvikling",
        "4.2 Inkluderende miljø",
    )
    # a heading's own section ends with itself
    heading = next(b for b in blocks if b.kind == "heading" and b.text == "1.1 Verdigrunnlag")
    assert heading.section == ("1.0 Innledning", "1.1 Verdigrunnlag")
    assert _block(blocks, "En god oppvekst").section == ("1.0 Innledning",)


def test_label_headings_sit_inside_the_numbered_section():
    blocks = _blocks(PLAN)
    goal = _block(blocks, "Alle opplever og bidrar")
    assert goal.kind == "paragraph"
    assert goal.section == ("4 Utviklingsområder for kompetanseutvikling", "4.2 Inkluderende miljø", "Mål")
    item = _block(blocks, "- Alle ansatte")
    assert item.section[:2] == ("4 Utviklingsområder for kompetanseutvikling", "4.2 Inkluderende miljø")
    assert item.section[-1] == "Tiltak"
    assert ("Mål", 3) in _headings(blocks)


def test_numbered_list_is_not_a_heading():
    blocks = _blocks(PLAN)
    item = _block(blocks, "2. Inkluderende miljø")
    assert item.kind == "list_item"
    assert item.section == ("1.0 Innledning",)
    items = [b for b in blocks if b.text[:3] in ("1. ", "2. ", "3. ", "4. ")]
    assert [b.kind for b in items] == ["list_item"] * 4


def test_list_items_and_sub_items_stay_whole():
    blocks = _blocks(PLAN)
    items = [b.text for b in blocks if b.kind == "list_item" and b.text.lstrip().startswith("-")]
    assert items == ["- Alle opplever tilhørighet.", "- Alle ansatte tar ansvar.", "  - Også vikarer."]


def test_table_rows_are_blocks_of_their_own():
    text = "Handlingsdel\n\nTiltak | Økonomi | Frist | Ansvar\n1 Kompetanseprogram for alle | Eksterne midler | 3 år | Sektorleder\n"
    blocks = _blocks(text)
    rows = [b for b in blocks if b.kind == "table_row"]
    assert [r.text for r in rows] == [
        "Tiltak | Økonomi | Frist | Ansvar",
        "1 Kompetanseprogram for alle | Eksterne midler | 3 år | Sektorleder",
    ]
    assert rows[0].section == ("Handlingsdel",)


def test_markdown_law_headings():
    text = (
        "# Kapittel 12. Skolemiljø\n\n"
        "## § 12-2. Retten til eit trygt og godt skolemiljø\n\n"
        "Elevane har rett til eit trygt og godt skolemiljø.\n\n"
        "Skolen skal arbeide kontinuerleg.\n\n"
        "## § 12-3.Nulltoleranse og førebyggjande arbeid\n\n"
        "Skolen skal ha nulltoleranse mot krenking.\n"
    )
    blocks = _blocks(text, number=None)
    assert _headings(blocks) == [
        ("Kapittel 12. Skolemiljø", 1),
        ("§ 12-2 Retten til eit trygt og godt skolemiljø", 2),
        ("§ 12-3 Nulltoleranse og førebyggjande arbeid", 2),
    ]
    ledd = [b for b in blocks if b.kind == "paragraph"]
    assert [b.section[-1] for b in ledd] == [
        "§ 12-2 Retten til eit trygt og godt skolemiljø",
        "§ 12-2 Retten til eit trygt og godt skolemiljø",
        "§ 12-3 Nulltoleranse og førebyggjande arbeid",
    ]
    assert all(b.page is None for b in blocks)


def test_area_headings_title_lines_and_goal_labels():
    text = (
        "Område 2: Ledelse\n\n"
        "Barnehage\n\n"
        "Status for barnehage\n\n"
        "Barnehageadministrasjonen organiserer nettverk for ledere.\n\n"
        "Mål for barnehage\n\n"
        "Barnehageeier rekrutterer og utvikler høyt kompetente ledere\n\n"
        "Strategi\n\n"
        "- legge til rette for kunnskapsdeling\n\n"
        "Mål for barnehage\n\n"
        "Ledere utvikler barnehagen\n"
    )
    blocks = _blocks(text)
    assert _block(blocks, "Barnehageadministrasjonen").section == (
        "Område 2: Ledelse", "Barnehage", "Status for barnehage",
    )
    # the line after a goal label is the goal, not a heading
    goal = _block(blocks, "Barnehageeier rekrutterer")
    assert goal.kind == "paragraph"
    assert goal.section == ("Område 2: Ledelse", "Mål for barnehage")
    assert _block(blocks, "- legge til").section == ("Område 2: Ledelse", "Mål for barnehage", "Strategi")
    # the second goal replaces the first and its strategy
    assert _block(blocks, "Ledere utvikler").section == ("Område 2: Ledelse", "Mål for barnehage")


def test_sentences_and_lowercase_lines_are_not_headings():
    text = (
        "2.1 Tellinger\n\n"
        "Dette er en setning som slutter med punktum.\n\n"
        "og dette starter med liten bokstav\n\n"
        "Denne linjen har altfor mange ord til å kunne være en kort overskrift i planen\n\n"
        "Avslutning av avsnittet.\n"
    )
    blocks = _blocks(text)
    assert _headings(blocks) == [("2.1 Tellinger", 2)]


def test_run_of_short_lines_is_a_list_not_headings():
    text = (
        "1.4 Planens forankring\n\n"
        "Lovgrunnlag:\nFNs barnekonvensjon\nLov om barnehager\nKunnskapsløftet 2020\nRammeplan SFO\n\n"
        "Lokale føringer:\n\n- Kultur for framtida\n- Folkehelseoversikt 2020\n\n"
        "Oppvekstreformen\nOppvekstreformen trer i kraft 1. januar 2022.\n"
    )
    blocks = _blocks(text)
    assert _headings(blocks) == [("1.4 Planens forankring", 2), ("Oppvekstreformen", 3)]
    laws = _block(blocks, "Lovgrunnlag:")
    assert laws.kind == "paragraph"
    assert laws.text.split("\n") == [
        "Lovgrunnlag:", "FNs barnekonvensjon", "Lov om barnehager", "Kunnskapsløftet 2020", "Rammeplan SFO",
    ]


def test_short_title_and_caps_lines_are_headings_below_numbered():
    text = (
        "3.0 Kvalitet\n\n"
        "Forskning beskriver god kvalitet.\n\n"
        "Hva er en strategisk plan?\n\n"
        "En strategisk plan er et styringsdokument.\n\n"
        "DANNING I LÆREPLANEN\n\n"
        "Skolen skal verdsette elevenes vitebegjær.\n"
    )
    blocks = _blocks(text)
    assert _headings(blocks) == [
        ("3.0 Kvalitet", 1),
        ("Hva er en strategisk plan?", 2),
        ("DANNING I LÆREPLANEN", 2),
    ]
    assert _block(blocks, "Skolen skal").section == ("3.0 Kvalitet", "DANNING I LÆREPLANEN")


def test_pages_and_labels_are_carried_and_sections_span_pages():
    pages = [
        Page(1, "2.2 Fortellinger\n\nDet har vært gjennomført en rekke prosesser.\n", "8"),
        Page(2, "Datamengden er stor og oppsummeres i et vedlegg.\n", "9"),
    ]
    blocks = detect_blocks(pages)
    second = _block(blocks, "Datamengden")
    assert (second.page, second.page_label) == (2, "9")
    assert second.section == ("2.2 Fortellinger",)
    assert _block(blocks, "2.2 Fortellinger").page_label == "8"


def test_paragraph_broken_by_page_break_is_joined():
    pages = [
        Page(1, "1 Innledning\n\nReformen regulerer først og fremst\n"),
        Page(2, "barnevernet, men målene nås gjennom hele sektoren.\n"),
    ]
    blocks = detect_blocks(pages)
    paras = [b for b in blocks if b.kind == "paragraph"]
    assert len(paras) == 1
    assert paras[0].text == "Reformen regulerer først og fremst barnevernet, men målene nås gjennom hele sektoren."
    assert paras[0].page == 1


def test_table_of_contents_lines_are_not_headings():
    text = "Innhold\n\n1.1 Verdigrunnlag 4\n1.2 Bedre tverrfaglig innsats 5\n1.3 Planens innhold 6\n\n1.1 Verdigrunnlag\n\nTekst om verdier.\n"
    blocks = _blocks(text)
    heads = [h for h, _ in _headings(blocks)]
    assert heads.count("1.1 Verdigrunnlag") == 1
    assert "1.2 Bedre tverrfaglig innsats 5" not in heads


def test_page_breaks_between_paragraphs_do_not_change_the_structure():
    """The same plan on one page or broken into pages at paragraph boundaries gives the same
    blocks and section paths; only the page numbers differ, and each block keeps its own page."""
    one = _blocks(PLAN)
    parts = PLAN.split("\n\n")
    cut = [len(parts) // 3, 2 * len(parts) // 3]
    pages = [Page(1, "\n\n".join(parts[: cut[0]])), Page(2, "\n\n".join(parts[cut[0]: cut[1]])),
             Page(3, "\n\n".join(parts[cut[1]:]))]
    paged = detect_blocks(pages)
    assert [(b.kind, b.text, b.section) for b in paged] == [(b.kind, b.text, b.section) for b in one]
    assert {b.page for b in paged} == {1, 2, 3}
    for b in paged:
        key = " ".join(b.text.split()[1:4])  # headings are normalised ("1 .0" → "1.0")
        holders = {p.number for p in pages if key in " ".join(p.text.split())}
        assert b.page in holders, key


def test_wrapped_numbered_heading_is_joined():
    text = (
        "4.0 Utviklingsområder for kompetanseutvikling 2022-\n2025\n\n"
        "Med utgangspunkt i forankringsdelen er det valgt ut fire områder.\n\n"
        "4.2.2 Alle opplever og bidrar til trygghet, vennskap og følelse av\negenverd\n\n"
        "Barn og unge trenger sosiale ferdigheter.\n"
    )
    heads = _headings(_blocks(text))
    assert heads == [
        ("4.0 Utviklingsområder for kompetanseutvikling 2022-2025", 1),
        ("4.2.2 Alle opplever og bidrar til trygghet, vennskap og følelse av egenverd", 3),
    ]


def test_stray_numbered_line_out_of_sequence_is_not_a_heading():
    text = (
        "Vi ønsker å fokusere på to hovedområder i planen\n"
        "1. Trygt og godt oppvekstmiljø i Løten kommune\n"
        "med vekt på livsmestring\n"
        "2. Faglig mestring og utvikling\n"
        "Innspillsgruppene har arbeidet med fremtidsbilder.\n"
    )
    assert _headings(_blocks(text)) == []


def test_wrapped_prose_lines_are_not_titles():
    text = (
        "Løten kommune er organisert i tre kommunalområder.\n"
        "Barnehagene i Løten kommune skal fra 2022 til\n"
        "2030 jobbe med språk.\n"
        "Tiltak for å gjennomføre strategien gjenspeiles i\n"
        "økonomiplanens handlingsdel.\n"
    )
    assert _headings(_blocks(text)) == []


def test_heading_run_into_its_paragraph_is_split():
    text = (
        "4.4.3 Alle har mulighet til å delta på digitale møteplasser. Digitale medier spiller i dag en sentral "
        "rolle i manges hverdagsliv. Dette gjelder både barn, unge, voksne og eldre, og de unge er i en særstilling.\n"
    )
    blocks = _blocks(text)
    assert _headings(blocks) == [("4.4.3 Alle har mulighet til å delta på digitale møteplasser.", 3)]
    para = _block(blocks, "Digitale medier")
    assert para.kind == "paragraph"
    assert para.section == ("4.4.3 Alle har mulighet til å delta på digitale møteplasser.",)


def test_short_lines_under_a_measures_label_are_table_cells_not_titles():
    text = (
        "Handlingsdel\n\nTiltak\n\n"
        "Videreutvikle samarbeid med kulturskolen og biblioteket.\n\n"
        "Egen ramme Hele planperioden\n\n- Rektor\n- Enhetsleder kultur\n\n"
        "Resultatindikatorer\n\nDet å kunne måle om vi beveger oss mot målene, er viktig.\n"
    )
    blocks = _blocks(text)
    assert [h for h, _ in _headings(blocks)] == ["Handlingsdel", "Tiltak", "Resultatindikatorer"]
    assert _block(blocks, "Egen ramme").section[-1] == "Tiltak"


NYNORSK = """1 Trygt og godt skulemiljø

Skulane skal arbeide systematisk med skulemiljøet.

Hovudmål

Alle elevar opplever eit trygt og godt skulemiljø.

Strategiar

- Skulane nyttar felles rutinar mot krenking.

Indikatorar

- Del elevar som svarer at dei blir mobba, Elevundersøkinga.
"""


def test_nynorsk_labels_are_label_headings():
    blocks = _blocks(NYNORSK)
    heads = _headings(blocks)
    # as in bokmål: measures and indicators directly under a goal label sit below it
    assert heads == [("1 Trygt og godt skulemiljø", 1), ("Hovudmål", 2), ("Strategiar", 3), ("Indikatorar", 3)]
    assert _block(blocks, "Alle elevar").section == ("1 Trygt og godt skulemiljø", "Hovudmål")
    assert _block(blocks, "- Skulane nyttar").section == ("1 Trygt og godt skulemiljø", "Hovudmål", "Strategiar")
    assert _block(blocks, "- Del elevar").section[-1] == "Indikatorar"


# --- action tables whose text came out column by column ------------------------------------------

ACTION_TABLE = """Handlingsdel

Tiltak Økonomi Frist periode Ansvar

1 Kompetanseprogram for alle

ansatte i barnehage og skole.

Søke eksterne midler

3 år Sektorleder

Oppvekst

2 Økt tverrfaglig kompetanse i

skolen.

- Endre kompetansekrav for to stillinger.

Kr. 100.000 | pr. stilling

Rektor

3 Større tilgjengelighet til helsestasjonen

a) Økt tilstedeværelse
b) Fast tilstedeværelse i barnehagene

Egen ramme

Vår | 2021.

Avdelingsleder helsestasjon

5 Etablere mobbeknapp på

kommunens hjemmeside

Må utredes 2022 Sektorleder

Resultatindikatorer

Det å kunne måle om vi beveger oss mot målene, er viktig.
"""


def test_column_wise_action_table_becomes_one_block_per_row():
    blocks = _blocks(ACTION_TABLE)
    rows = [b for b in blocks if b.kind == "table_row"]
    assert [r.text for r in rows] == [
        "Tiltak Økonomi Frist periode Ansvar",
        # "3 år Sektorleder" is a cell of row 1, not row 3 (row 2 follows)
        "1 Kompetanseprogram for alle ansatte i barnehage og skole. Søke eksterne midler 3 år Sektorleder Oppvekst",
        "2 Økt tverrfaglig kompetanse i skolen. - Endre kompetansekrav for to stillinger. "
        "Kr. 100.000 pr. stilling Rektor",
        "3 Større tilgjengelighet til helsestasjonen a) Økt tilstedeværelse b) Fast tilstedeværelse i barnehagene "
        "Egen ramme Vår 2021. Avdelingsleder helsestasjon",
        # one missing row number (4) is tolerated
        "5 Etablere mobbeknapp på kommunens hjemmeside Må utredes 2022 Sektorleder",
    ]
    assert all(r.section == ("Handlingsdel",) for r in rows)
    assert not [b for b in blocks if b.kind in ("list_item", "paragraph") and b.section == ("Handlingsdel",)]
    # the label heading after the table ends it
    assert [h for h, _ in _headings(blocks)] == ["Handlingsdel", "Resultatindikatorer"]
    assert _block(blocks, "Det å kunne måle").kind == "paragraph"


def test_action_table_ends_at_running_text():
    text = ACTION_TABLE.split("Resultatindikatorer")[0] + (
        "Planen rulleres hvert år. Sektorleder legger fram en rapport om status for tiltakene for hovedutvalget, "
        "og hovedutvalget vurderer om tiltakene skal videreføres, endres eller avsluttes i neste planperiode.\n"
    )
    blocks = _blocks(text)
    last = [b for b in blocks if b.kind == "table_row"][-1]
    assert last.text == "5 Etablere mobbeknapp på kommunens hjemmeside Må utredes 2022 Sektorleder"
    assert _block(blocks, "Planen rulleres").kind == "paragraph"


def test_nynorsk_action_table_header():
    text = (
        "Handlingsdel\n\nTiltak Kostnad Tidspunkt Ansvarleg\n\n"
        "1 Felles rutinar mot krenking\n\ni alle skular.\n\nInnanfor ramma\n\nHaust 2025\n\nRektor\n\n"
        "2 Leselærar på kvar skule\n\n- Kurs for leselærarane.\n\n200 000 kr\n\n2026\n\nKommunalsjef\n\n"
        "Indikatorar\n\n- Del elevar som svarer at dei blir mobba.\n"
    )
    blocks = _blocks(text)
    assert [b.text for b in blocks if b.kind == "table_row"] == [
        "Tiltak Kostnad Tidspunkt Ansvarleg",
        "1 Felles rutinar mot krenking i alle skular. Innanfor ramma Haust 2025 Rektor",
        "2 Leselærar på kvar skule - Kurs for leselærarane. 200 000 kr 2026 Kommunalsjef",
    ]
    assert _block(blocks, "- Del elevar").kind == "list_item"


def test_numbered_lists_and_headings_are_not_action_tables():
    # the sample plan: numbered headings and a numbered list stay as they were
    blocks = _blocks(PLAN)
    assert not [b for b in blocks if b.kind == "table_row"]
    assert ("4 Utviklingsområder for kompetanseutvikling", 1) in _headings(blocks)
    # column words in a sentence or a title are no header: the numbered lines stay list items/headings
    text = (
        "Tiltak, ansvar og frist for hvert mål:\n\n1. Alle skoler bruker Olweus\n2. Alle barnehager har "
        "foreldremøter\n3. Status rapporteres årlig\n\n"
        "Mål, tiltak og ansvar\n\n1 Innledning\n\nPlanen gjelder for alle skoler.\n\n2 Bakgrunn\n\n"
        "Kommunen har tre skoler.\n"
    )
    blocks = _blocks(text)
    assert not [b for b in blocks if b.kind == "table_row"]
    assert [b.kind for b in blocks if b.text[:2] in ("1.", "2.", "3.")] == ["list_item"] * 3
    assert ("1 Innledning", 1) in _headings(blocks) and ("2 Bakgrunn", 1) in _headings(blocks)
    # a header whose rows do not start at 1 is left alone
    blocks = _blocks("Tiltak Økonomi Frist Ansvar\n\n4 Revidere planen\n\nEgen ramme\n\n5 Etablere team\n")
    assert not [b for b in blocks if b.kind == "table_row"]


def test_action_table_ends_at_a_title_opening_the_next_page():
    first = ACTION_TABLE.split("Resultatindikatorer")[0]
    second = (
        "Oppfølging av planen\n\n"
        "Planen rulleres hvert år. Sektorleder legger fram en rapport om status for tiltakene for hovedutvalget, "
        "og hovedutvalget vurderer om tiltakene skal videreføres, endres eller avsluttes i neste planperiode.\n"
    )
    blocks = detect_blocks([Page(7, first), Page(8, second)])
    rows = [b for b in blocks if b.kind == "table_row"]
    assert rows[-1].text == "5 Etablere mobbeknapp på kommunens hjemmeside Må utredes 2022 Sektorleder"
    assert rows[-1].page == 7
    assert [h for h, _ in _headings(blocks)] == ["Handlingsdel", "Oppfølging av planen"]
    assert _block(blocks, "Planen rulleres").section == ("Oppfølging av planen",)


def test_action_table_goes_on_after_a_repeated_header_and_ends_at_a_numbered_heading():
    page1 = "Handlingsdel\n\nTiltak Økonomi Frist Ansvar\n\n1 Kompetanseprogram\n\nEgen ramme\n\n2021 Rektor\n\n" \
            "2 Økt tverrfaglig kompetanse\n\nEgen ramme"
    page2 = "Tiltak Økonomi Frist Ansvar\n\n3 Etablere team\n\nMå utredes\n\n2022 Sektorleder\n\n" \
            "5.1 Evaluering\n\nPlanen evalueres hvert år.\n"
    blocks = detect_blocks([Page(1, page1), Page(2, page2)])
    assert [(b.text, b.page) for b in blocks if b.kind == "table_row"] == [
        ("Tiltak Økonomi Frist Ansvar", 1),
        ("1 Kompetanseprogram Egen ramme 2021 Rektor", 1),
        ("2 Økt tverrfaglig kompetanse Egen ramme", 1),
        ("Tiltak Økonomi Frist Ansvar", 2),
        ("3 Etablere team Må utredes 2022 Sektorleder", 2),
    ]
    assert _block(blocks, "Planen evalueres").section[-1] == "5.1 Evaluering"


def test_an_action_table_row_running_onto_the_next_page_carries_both_pages():
    from assistant.pages import quote_chunk
    from ingest.chunk import chunk_blocks

    page1 = "Handlingsdel\n\nTiltak Økonomi Frist Ansvar\n\n1 Kompetanseprogram\n\nEgen ramme\n\n2021 Rektor\n\n" \
            "2 Økt tverrfaglig kompetanse\n\nEgen ramme"
    page2 = "2022 Sektorleder\n\n3 Etablere team\n\nMå utredes\n\n2023 Rektor\n\n" \
            "5.1 Evaluering\n\nPlanen evalueres hvert år.\n"
    blocks = detect_blocks([Page(1, page1, "11"), Page(2, page2, "12")])
    rows = {b.text: b for b in blocks if b.kind == "table_row"}
    split = rows["2 Økt tverrfaglig kompetanse Egen ramme 2022 Sektorleder"]
    assert (split.page, split.page_label) == (1, "11")
    assert split.page_map == ((0, 1, "11"), (split.text.index("2022"), 2, "12"))
    assert rows["1 Kompetanseprogram Egen ramme 2021 Rektor"].page_map == ()
    assert rows["3 Etablere team Må utredes 2023 Rektor"].page == 2
    # a citation quoting the row names both pages; one quoting row 3 (same chunk) names page 12 alone
    chunk = chunk_blocks("plan", blocks, 1500, 150)[0]
    cited = quote_chunk(chunk, [split.text])
    assert (cited.page_label, cited.page_end_label) == ("11", "12")
    cited = quote_chunk(chunk, ["3 Etablere team Må utredes 2023 Rektor"])
    assert (cited.page_label, cited.page_end_label) == ("12", None)


def test_a_list_item_broken_by_a_page_break_is_one_item_with_both_pages():
    from ingest.clean import clean_pages

    pages = clean_pages([
        Page(4, "Tiltak\n\n• Øke antall nattbusser i helgene for å sikre et trygt hjem-\n\nSide 4"),
        Page(5, "reisealternativ for ungdom i hele fylket\n• Flere avganger på kveldstid.\n\n"
                "• Billigere busskort for alle under 20 år.\n\nSide 5"),
        Page(6, "Dette er en ny side med et nytt avsnitt som begynner med stor bokstav.\n\nSide 6"),
    ])
    blocks = detect_blocks(pages)
    items = [b for b in blocks if b.kind == "list_item"]
    assert [b.text for b in items] == [
        "- Øke antall nattbusser i helgene for å sikre et trygt hjemreisealternativ for ungdom i hele fylket",
        "- Flere avganger på kveldstid.",
        "- Billigere busskort for alle under 20 år.",
    ]
    assert items[0].page == 4 and items[0].page_map == ((0, 4, None), (items[0].text.index("reisealternativ"), 5, None))
    assert items[1].page == 5 and items[1].page_map == ()
    # an item that ends its sentence does not swallow the next page's paragraph
    assert _block(blocks, "Dette er en ny side").kind == "paragraph"
    assert not [b for b in blocks if b.text.startswith("reisealternativ")]
