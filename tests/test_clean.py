"""ingest.clean on snippets that mirror the seed texts and extracted plan PDFs."""

from __future__ import annotations

from pathlib import Path

from assistant.models import Page
from ingest.clean import clean_pages, clean_text

DATA = Path(__file__).parent / "data"


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def test_nfc_and_odd_spaces():
    decomposed = "Elevene trives pa\u030a skolen.\u00a0Alle\u200b er trygge."  # a + combining ring
    out = clean_text(decomposed)
    assert out == "Elevene trives p\u00e5 skolen. Alle er trygge.\n"


def test_hyphenated_word_is_joined():
    out = clean_text("Kommunen skal sikre god læ-\nring for alle elever.")
    assert out.strip() == "Kommunen skal sikre god læring for alle elever."


def test_coordination_hyphen_is_kept():
    out = clean_text("SLT (samordning av lokale rus-\nog kriminalitetsforebyggende tiltak) er viktig.")
    assert "rus- og kriminalitetsforebyggende" in out
    out = clean_text("et godt arbeids-  \nog læringsmiljø for alle\n")
    assert "arbeids- og læringsmiljø" in out
    out = clean_text("barnehage-\neller skolemiljø er trygt.")
    assert "barnehage- eller skolemiljø" in out


def test_acronym_and_compound_hyphens_are_kept():
    assert "PP-tjenesten" in clean_text("Vi samarbeider tett med PP-\ntjenesten om dette.")
    assert "voksen-ungdom-relasjonen" in clean_text("beskriver voksen-ungdom-\nrelasjonen og tryggheten.")


def test_hard_wrapped_paragraph_is_rebuilt_and_breaks_kept():
    text = (
        "Vi vet mye om hva som skal til for å gi barn og unge en god oppvekst. Trygge voksne, nære\n"
        "relasjoner og gode barnehager er noen av de viktigste elementene for alle barn i kommunen.\n"
        "De aller fleste barn og unge i Jevnaker har det slik.\n"
        "\n"
        "Du leser nå Jevnaker kommunes kvalitetsplan.\n"
    )
    lines = _lines(clean_text(text))
    assert len(lines) == 2
    assert lines[0].startswith("Vi vet mye") and lines[0].endswith("har det slik.")
    assert "nære relasjoner" in lines[0]
    assert lines[1] == "Du leser nå Jevnaker kommunes kvalitetsplan."


def test_wrap_across_spurious_blank_lines():
    # Åmot: the extractor put a blank line after every wrapped line.
    text = (
        "Barnehagen og skolen skal tenne gnisten som trengs for at barn og unge skal utvikle seg og lære, få \n"
        "\n"
        "et godt liv og bli godt rustet til utdanning og jobb.  \n"
        "\n"
        "Tidlig innsats er avgjørende. \n"
    )
    lines = _lines(clean_text(text))
    assert lines == [
        "Barnehagen og skolen skal tenne gnisten som trengs for at barn og unge skal utvikle seg og lære, "
        "få et godt liv og bli godt rustet til utdanning og jobb.",
        "Tidlig innsats er avgjørende.",
    ]


def test_dash_inside_a_sentence_is_not_a_bullet():
    text = "Målet med Handlingsplanen 2021 \n\n– 2024 er å bedre trivsel og læringsmiljø.\n"
    out = clean_text(text)
    assert "- " not in out.split("\n")[0][:2]
    assert "Handlingsplanen 2021 – 2024 er å bedre" in out


def test_heading_lines_stay_on_their_own():
    text = (
        " 1 .0 Innledning\n"
        "En god oppvekst varer livet ut.\n"
        "Mål for skole\n"
        "Lørenskogelevene er motiverte og har arbeidsglede\n"
        "\n"
        "Strategi:\n"
        "Vi jobber systematisk.\n"
        "Område 2: Ledelse\n"
        "Eier har høye ambisjoner.\n"
        "      DANNING I \n"
        "LÆREPLANEN\n"
        "«I et større perspektiv er skapende lærings-\n"
        "prosesser også en forutsetning.»\n"
        "## Markdown-overskrift\n"
        "Resultatindikatorer\n"
        "Andelen elever som trives skal øke.\n"
    )
    lines = _lines(clean_text(text))
    for heading in (
        "1.0 Innledning",
        "Mål for skole",
        "Strategi:",
        "Område 2: Ledelse",
        "DANNING I LÆREPLANEN",
        "## Markdown-overskrift",
        "Resultatindikatorer",
    ):
        assert heading in lines, heading
    assert "«I et større perspektiv er skapende læringsprosesser også en forutsetning.»" in lines


def test_bullets_of_all_glyphs_become_items():
    text = (
        "Tiltak\n"
        "•\tBarnehage\n"
        "\n"
        "•  alle barneskoler er PALS-skoler innen 2025, og PALS-prinsippene følges opp \n"
        "\n"
        "i ungdomsskolen\n"
        "\uf0b7 Kompetansebehov kartlegges\n"
        "▪ Foreldremøter holdes to ganger i året\n"
        "\tĥ Sammen utvikle trygge og robuste \n"
        "barn og unge som mestrer\n"
        "n   (Overordnet del – verdier og prinsipper)\n"
    )
    lines = _lines(clean_text(text))
    assert lines[0] == "Tiltak"
    assert lines[1:] == [
        "- Barnehage",
        "- alle barneskoler er PALS-skoler innen 2025, og PALS-prinsippene følges opp i ungdomsskolen",
        "- Kompetansebehov kartlegges",
        "- Foreldremøter holdes to ganger i året",
        "- Sammen utvikle trygge og robuste barn og unge som mestrer",
        "- (Overordnet del – verdier og prinsipper)",
    ]


def test_sub_bullets_and_o_lists():
    text = (
        "Utarbeide konkrete tiltak:\n"
        "• Tiltak både tverrfaglig og tverrsektorielt\n"
        "o Kort sikt\n"
        "o Lang sikt\n"
        "• Organisering av tiltakene\n"
    )
    lines = _lines(clean_text(text))
    assert lines[1:] == [
        "- Tiltak både tverrfaglig og tverrsektorielt",
        "  - Kort sikt",
        "  - Lang sikt",
        "- Organisering av tiltakene",
    ]
    # Jevnaker: an "o" list right under a heading is a list of its own (top level)
    text = (
        "Lærende organisasjon - kjennetegn på god praksis\n\n"
        "o Barns medvirkning et viktig bidrag i utvikling av aktiviteter\n"
        "o Synliggjøring av tjenestene overfor hverandre. Bygge ned terskler/siloer. Vi\n"
        "\n"
        "er kommunen\n"
        "o Prate med og lytte til innbyggerne\n"
    )
    lines = _lines(clean_text(text))
    assert lines[1:] == [
        "- Barns medvirkning et viktig bidrag i utvikling av aktiviteter",
        "- Synliggjøring av tjenestene overfor hverandre. Bygge ned terskler/siloer. Vi er kommunen",
        "- Prate med og lytte til innbyggerne",
    ]


def test_lone_bullet_glyph_takes_the_next_line():
    # pypdf plain mode puts the glyph on a line of its own
    out = clean_text("Tiltak\n •\nAlle skoler følger opp\nresultatene i klassene.\n•\nNeste tiltak.\n")
    assert _lines(out) == ["Tiltak", "- Alle skoler følger opp resultatene i klassene.", "- Neste tiltak."]


def test_table_rows_are_kept_whole():
    text = (
        "Tiltak                 Ansvar           Frist\n"
        "Elevundersøkelsen      Rektor           Desember 2023\n"
        "Kartlegging\tPP-tjenesten\tJuni 2024\n"
        "Hovedutvalget er bekymret for Rena skole.  På denne bakgrunn er det skeptisk.\n"
    )
    lines = _lines(clean_text(text))
    assert lines[:3] == [
        "Tiltak | Ansvar | Frist",
        "Elevundersøkelsen | Rektor | Desember 2023",
        "Kartlegging | PP-tjenesten | Juni 2024",
    ]
    assert lines[3] == "Hovedutvalget er bekymret for Rena skole. På denne bakgrunn er det skeptisk."


def test_rows_and_items_are_grouped_paragraphs_separated():
    out = clean_text("Overskrift\n• en\n• to\n\nAvsnitt her.\n")
    assert out == "Overskrift\n\n- en\n- to\n\nAvsnitt her.\n"


def test_page_numbers_are_dropped():
    for number in ("Side 9", "9", "- 9 -", "Side 1 7", "3/12", "Side 4 av 20"):
        out = clean_text(f"Første avsnitt slutter her.\n\n{number}\n\nAndre avsnitt.")
        assert _lines(out) == ["Første avsnitt slutter her.", "Andre avsnitt."], number
    # years and counts are content
    assert "2022" in clean_text("Oppstart\n\n2022\n")


def test_running_header_repeated_in_single_text_is_dropped():
    out = clean_text((DATA / "seed-utdrag.txt").read_text(encoding="utf-8"))
    assert "Jevnaker kommune," not in out
    assert "Kvalitetsplan for Oppvekst og Kultur" not in out
    assert "Side" not in out
    lines = _lines(out)
    assert lines[0] == "1.0 Innledning"
    assert "2.0 Tellinger og fortellinger" in lines
    assert "Område 2: Ledelse" in lines
    assert "Eier har høye ambisjoner på barn og unges vegne, og det gir god læring." in lines
    assert "- SLT (samordning av lokale rus- og kriminalitetsforebyggende tiltak)" in lines
    assert "  - Barns medvirkning et viktig bidrag i utvikling av aktiviteter" in lines
    assert "  - Synliggjøring av tjenestene overfor hverandre. Felles forståelse. Vi er kommunen" in lines


def test_repeated_section_labels_are_not_taken_for_headers():
    block = "3\n Mål for skole\nElevene lærer mye.\n\nStrategi\n• lærere samarbeider\n\n"
    out = clean_text(block * 3)
    assert _lines(out).count("Mål for skole") == 3
    assert _lines(out).count("Strategi") == 3
    assert "3" not in _lines(out)


def test_header_and_footer_removed_across_pages():
    pages = [
        Page(
            number=n,
            text=f"Jevnaker kommune, Kvalitetsplan 2022–2025\n{n}.1 Kapittel {n}\nTekst på side {n}.\n\nSide {n}\n",
        )
        for n in range(1, 4)
    ]
    out = clean_pages(pages)
    assert [p.number for p in out] == [1, 2, 3]
    for n, page in enumerate(out, start=1):
        assert _lines(page.text) == [f"{n}.1 Kapittel {n}", f"Tekst på side {n}."]


def test_a_lead_line_opening_every_page_is_not_a_running_header():
    pages = [Page(number=n, text=f"Plan for folkehelse\nTrekk som vektlegges:\n• Trekk nummer {n} i lista.\n\nSide {n}\n")
             for n in range(1, 4)]
    for n, page in enumerate(clean_pages(pages), start=1):
        assert _lines(page.text) == ["Trekk som vektlegges:", f"- Trekk nummer {n} i lista."]


def test_a_paragraph_after_a_line_of_inline_items_is_not_glued_to_the_last_item():
    text = ("Folkehelseplanen bygger på oversiktsdokumentet, som beskriver utfordringene i kommunen grundig og "
            "med mange tall og tabeller. Det ble valgt ut tre:\n"
            "• Demografiutfordringer • Utenforskap • Overvekt/lite fysisk aktivitet\n"
            "Folkehelseplanen 2024-2033 er den første overordna planen på folkehelseområdet i kommunen.\n"
            "• Mange eldre bor alene og har lang vei til butikk, lege og andre tjenester i\n"
            "sentrum av kommunen.\n")
    lines = _lines(clean_text(text))
    assert "- Demografiutfordringer • Utenforskap • Overvekt/lite fysisk aktivitet" in lines
    assert "Folkehelseplanen 2024-2033 er den første overordna planen på folkehelseområdet i kommunen." in lines
    # an item that wraps onto the next line still does
    assert "- Mange eldre bor alene og har lang vei til butikk, lege og andre tjenester i sentrum av kommunen." in lines


def test_pages_keep_numbers_and_labels():
    pages = [Page(number=1, text="Forord\nTekst.", label="i"), Page(number=2, text="Innhold\nMer tekst.", label="ii")]
    out = clean_pages(pages)
    assert [(p.number, p.label) for p in out] == [(1, "i"), (2, "ii")]


def test_bullet_list_without_glyphs_becomes_items():
    text = "Lovgrunnlag:\nFNs barnekonvensjon\nLov om barnehager\nRammeplan for barnehagens innhold\n\nNeste avsnitt.\n"
    lines = _lines(clean_text(text))
    assert lines == [
        "Lovgrunnlag:",
        "- FNs barnekonvensjon",
        "- Lov om barnehager",
        "- Rammeplan for barnehagens innhold",
        "Neste avsnitt.",
    ]


def test_no_content_words_lost_on_seed_like_text():
    import re
    from collections import Counter

    raw = (DATA / "seed-utdrag.txt").read_text(encoding="utf-8")
    out = clean_text(raw)
    words = lambda t: Counter(re.findall(r"[A-Za-zÆØÅæøå]{3,}", t))  # noqa: E731
    lost = set(words(raw) - words(out))
    # only the running header, the page numbers and the two halves of the hyphenated word go
    assert lost <= {"Jevnaker", "kommune", "Kvalitetsplan", "for", "Oppvekst", "Kultur", "Side", "ring"}


def test_empty_text_stays_empty():
    assert clean_text("") == ""
    assert clean_pages([]) == []


def test_lines_repeated_near_a_footer_are_kept_when_the_document_has_pages():
    """With page breaks, running headers are found across pages; a line that happens to repeat
    near one page's footer (a contact line under each measure) is content."""
    from assistant.models import Page
    from ingest.clean import clean_pages

    pages = [
        Page(1, "Plan for skolemiljø\n\nInnledning om planen og arbeidet med den.\n\nSide 1"),
        Page(2, "Plan for skolemiljø\n\nTiltak mot mobbing i alle klasser.\nKontakt: Kari Nordmann\n"
                "Tiltak for bedre overganger mellom skolene.\nKontakt: Kari Nordmann\n\nSide 2"),
        Page(3, "Plan for skolemiljø\n\nOppfølging og evaluering hvert år.\n\nSide 3"),
    ]
    text = clean_pages(pages)[1].text
    assert text.count("Kontakt: Kari Nordmann") == 2
    assert "Plan for skolemiljø" not in text and "Side 2" not in text
