"""ingest.readers: PDF (generated with reportlab), TXT/MD, DOCX, HTML and every bad-input case."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import IngestError
from assistant.models import Page
from ingest.clean import clean_pages
from ingest.readers import pdf as pdf_reader
from ingest.readers import read_pages
from tests import pdfs


def _reason(path: Path) -> str:
    with pytest.raises(IngestError) as info:
        read_pages(path)
    assert info.value.path == str(path)
    assert path.name in str(info.value)
    return info.value.reason


# --- PDF ----------------------------------------------------------------------------------------


def test_pdf_one_page_per_physical_page_without_labels(tmp_path):
    pages = read_pages(pdfs.make_plan_pdf(tmp_path / "plan.pdf", pages=3))
    assert [p.number for p in pages] == [1, 2, 3]
    assert all(p.label is None for p in pages)  # no /PageLabels: no invented labels
    assert "2.1 Mål" in pages[0].text
    assert "2.2 Inkluderende miljø" in pages[1].text
    assert "3.1 Tidlig innsats" in pages[2].text


def test_pdf_page_labels_when_defined(tmp_path):
    path = pdfs.make_plan_pdf(tmp_path / "plan.pdf", pages=4, page_labels=["i", "ii", "1", "2"])
    pages = read_pages(path)
    assert [(p.number, p.label) for p in pages] == [(1, "i"), (2, "ii"), (3, "1"), (4, "2")]


def test_pdf_clean_removes_header_footer_and_rebuilds_text(tmp_path):
    pages = clean_pages(read_pages(pdfs.make_plan_pdf(tmp_path / "plan.pdf", pages=4)))
    text = "\n".join(p.text for p in pages)
    assert pdfs.HEADER not in text
    assert "Side " not in text
    first = pages[0].text.split("\n")
    assert pdfs.HEADING_GOAL in first
    assert pdfs.GOAL_SENTENCE + " " + pdfs.GOAL_SENTENCE_2 in first  # hyphenation "læ-"/"ring" undone
    assert pdfs.HEADING_MEASURES in first
    assert "- " + pdfs.MEASURE_1 in first  # a bullet wrapped over two lines is one item
    assert "- " + pdfs.MEASURE_2 in first  # "rus-" / "og kriminalitets…" keeps "rus- og"
    assert "- " + pdfs.MEASURE_3 in first
    assert " | ".join(pdfs.TABLE_HEADER) in first
    for row in pdfs.TABLE_ROWS:
        assert " | ".join(row) in first
    second = pages[1].text.split("\n")
    assert pdfs.INCLUSION_SENTENCE in second
    assert "- " + pdfs.INDICATOR_1 in second
    assert pdfs.EARLY_SENTENCE in pages[2].text
    assert pdfs.extra_page_sentence(4) in pages[3].text


def test_pdf_options_leave_out_parts(tmp_path):
    path = pdfs.make_plan_pdf(
        tmp_path / "enkel.pdf", pages=1, header=None, footer_page_numbers=False, bullets=False, table=False, hyphenation=False
    )
    text = read_pages(path)[0].text
    assert pdfs.HEADER not in text and "Side 1" not in text
    assert "Helsesykepleier" not in text and "Kommunalsjef" not in text
    assert "læ-" not in text and "læring for alle elever" in text


def test_layout_mode_but_plain_for_two_columns(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "spalter.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    left = [
        "Elevene i Lørenskog trives gjennomgående godt på",
        "skolen. Elevenes læringsmiljø kartlegges årlig på",
        "5. til 10. trinn. Resultatene publiseres på",
        "Utdanningsdirektoratets nettside hvert år.",
    ]
    right = ["DANNING I LÆREPLANEN", "«I et større perspektiv er", "skapende læringsprosesser", "også en forutsetning»"]
    for i, line in enumerate(left):  # typeset column by column, as layout programs do
        c.drawString(60, 700 - 15 * i, line)
    for i, line in enumerate(right):
        c.drawString(360, 700 - 15 * i, line)
    c.showPage()
    c.save()
    text = read_pages(path)[0].text
    assert "Elevene i Lørenskog trives gjennomgående godt på\nskolen." in text  # columns not interleaved
    assert "Elevene i Lørenskog" in text and "DANNING I LÆREPLANEN\n«I et større perspektiv er" in text
    one_column_table = "Tiltak          Ansvar     Frist\nKartlegging     Rektor     2024\n" * 3
    assert pdf_reader.looks_multicolumn(one_column_table) is False


def test_pdf_sniffed_by_content_not_name(tmp_path):
    real = pdfs.make_plan_pdf(tmp_path / "plan.pdf", pages=1)
    renamed = tmp_path / "plan.txt"
    renamed.write_bytes(real.read_bytes())
    assert "2.1 Mål" in read_pages(renamed)[0].text


def test_encrypted_pdf(tmp_path):
    reason = _reason(pdfs.make_encrypted_pdf(tmp_path / "hemmelig.pdf"))
    assert "kryptert/passordbeskyttet" in reason


def test_truncated_pdf(tmp_path):
    reason = _reason(pdfs.make_truncated_pdf(tmp_path / "avkortet.pdf"))
    assert "ufullstendig" in reason


def test_corrupt_pdf(tmp_path):
    reason = _reason(pdfs.make_corrupt_pdf(tmp_path / "skadet.pdf"))
    assert reason == pdf_reader.CORRUPT


def test_pdf_with_only_a_header(tmp_path):
    path = tmp_path / "bare-hode.pdf"
    path.write_bytes(b"%PDF-1.7\n%%EOF\n")
    assert _reason(path) == pdf_reader.CORRUPT


def test_not_a_pdf(tmp_path):
    assert _reason(pdfs.make_fake_pdf(tmp_path / "falsk.pdf")) == "filen heter .pdf, men er ikke en PDF"


def test_scanned_pdf_without_ocr(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "ocr_available", lambda: False)
    reason = _reason(pdfs.make_image_pdf(tmp_path / "skannet.pdf"))
    assert reason == "fant ingen tekst – skannet dokument? OCR er ikke tilgjengelig (Tesseract mangler)"


def _need_tesseract() -> None:
    assert pdf_reader.ocr_available(), "tesseract mangler: installer tesseract-ocr og tesseract-ocr-nor (scripts/)"


def test_scanned_pdf_read_by_real_tesseract(tmp_path):
    """An image-only PDF (text rendered to an image) goes through the real tesseract program."""
    _need_tesseract()
    pages = read_pages(pdfs.make_image_pdf(tmp_path / "skannet.pdf"))
    assert len(pages) == 1 and pages[0].ocr
    words = " ".join(pages[0].text.split())
    for expected in ("Kommunen skal bygge en ny barnehage", "sentrum innen 2027", "helsesykepleier"):
        assert expected in words, words


def test_ocr_pages_marked_in_chunks_and_citations(tmp_path):
    _need_tesseract()
    from assistant.citations import source_label
    from assistant.models import DocumentMeta
    from ingest.chunk import chunk_blocks
    from ingest.parse import parse_document

    doc = parse_document(pdfs.make_image_pdf(tmp_path / "skannet.pdf", text_page_first=True))
    assert [p.ocr for p in doc.pages] == [False, True]
    assert doc.notes == ("side 2: lest med OCR (Tesseract)",)
    chunks = chunk_blocks("d", doc.blocks, 100, 0)
    scanned = [c for c in chunks if "barnehage" in c.text]
    assert scanned and all(c.ocr for c in scanned)
    assert not any(c.ocr for c in chunks if "Forord" in c.text)
    assert source_label(DocumentMeta("d", "skannet.pdf", "Plan", "Berg"), scanned[0]).endswith("(skannet, OCR)")


def test_scanned_page_without_tesseract_is_named_in_the_report(tmp_path, monkeypatch):
    from ingest.parse import parse_document

    monkeypatch.setattr(pdf_reader, "ocr_available", lambda: False)
    doc = parse_document(pdfs.make_image_pdf(tmp_path / "delvis.pdf", text_page_first=True))
    assert doc.notes == ("side 2: " + pdf_reader.UNREAD_SCAN,)
    assert _reason(pdfs.make_image_pdf(tmp_path / "skannet.pdf")) == pdf_reader.NO_TEXT


def test_pdf_with_drawings_only_has_no_text(tmp_path):
    reason = _reason(pdfs.make_scanned_pdf(tmp_path / "tegning.pdf"))  # boxes and lines, no image to OCR
    assert reason in (pdf_reader.NO_TEXT, pdf_reader.NO_TEXT_OCR_FAILED)


def test_empty_file(tmp_path):
    for name in ("tom.pdf", "tom.txt", "tom.docx", "tom.html"):
        path = tmp_path / name
        path.write_bytes(b"")
        assert _reason(path) == "filen er tom"
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n ", encoding="utf-8")
    assert _reason(blank) == "filen er tom"


def test_missing_file(tmp_path):
    assert _reason(tmp_path / "finnes-ikke.pdf") == "fant ikke filen"


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "regneark.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert "støttes ikke" in _reason(path)
    odd = tmp_path / "notat.rtf"
    odd.write_text("{\\rtf1 hei}", encoding="utf-8")
    assert "«.rtf»" in _reason(odd)
    old = tmp_path / "gammel.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    assert ".doc" in _reason(old)


def test_docx_that_is_not_docx(tmp_path):
    path = tmp_path / "falsk.docx"
    path.write_text("bare tekst", encoding="utf-8")
    assert "ikke et Word-dokument" in _reason(path)
    broken = tmp_path / "skadet.docx"
    broken.write_bytes(b"PK\x03\x04" + b"ikke en ekte zip" * 10)
    assert "Word-dokument" in _reason(broken)


def test_binary_named_txt(tmp_path):
    path = tmp_path / "binær.txt"
    path.write_bytes(b"\x00\x01\x02\x03" * 50)
    assert "ikke tekst" in _reason(path)


# --- TXT / MD -----------------------------------------------------------------------------------


def test_txt_utf8_is_one_page_without_number(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(" 1 .0 Innledning\nÅmot kommune har mål for læring.\n", encoding="utf-8")
    assert read_pages(path) == [Page(number=None, text=" 1 .0 Innledning\nÅmot kommune har mål for læring.\n")]


def test_txt_cp1252_fallback(tmp_path):
    path = tmp_path / "gammel.txt"
    path.write_bytes("Læringsmiljø i Åmot – «trygt» for alle.".encode("cp1252"))
    assert read_pages(path)[0].text == "Læringsmiljø i Åmot – «trygt» for alle."


def test_txt_latin1_fallback(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Skolemiljø og læring\x81".encode("latin-1"))  # \x81 is undefined in cp1252
    assert read_pages(path)[0].text.startswith("Skolemiljø og læring")


def test_txt_form_feeds_mark_pages(tmp_path):
    path = tmp_path / "sider.txt"
    path.write_text("Side en tekst.\fSide to tekst.\fSide tre tekst.\f", encoding="utf-8")
    pages = read_pages(path)
    assert [(p.number, p.text) for p in pages] == [(1, "Side en tekst."), (2, "Side to tekst."), (3, "Side tre tekst.")]


def test_markdown_plan_is_text(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text("# Plan\n\n## Mål\n\nAlle skal trives.\n", encoding="utf-8")
    assert read_pages(path) == [Page(number=None, text="# Plan\n\n## Mål\n\nAlle skal trives.\n")]


# --- DOCX ---------------------------------------------------------------------------------------


def _make_docx(path: Path, norwegian_styles: bool = False) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Handlingsplan for skolemiljø", level=1)
    document.add_paragraph("Planen gjelder alle skolene i kommunen.")
    document.add_heading("Tiltak", level=2)
    document.add_paragraph("Elevundersøkelsen følges opp hvert år", style="List Bullet")
    document.add_paragraph("Alle ansatte kjenner aktivitetsplikten", style="List Bullet")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([("Tiltak", "Ansvar", "Frist"), ("Kartlegging", "Rektor", "2024")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("Etter tabellen kommer et avsnitt.")
    if norwegian_styles:
        style = document.styles.add_style("Overskrift 3", 1)  # WD_STYLE_TYPE.PARAGRAPH
        document.add_paragraph("Norsk stil", style=style)
    document.save(str(path))
    return path


def test_docx_headings_lists_tables_in_order(tmp_path):
    pages = read_pages(_make_docx(tmp_path / "plan.docx", norwegian_styles=True))
    assert len(pages) == 1 and pages[0].number is None
    lines = [line for line in pages[0].text.split("\n") if line.strip()]
    assert lines == [
        "# Handlingsplan for skolemiljø",
        "Planen gjelder alle skolene i kommunen.",
        "## Tiltak",
        "- Elevundersøkelsen følges opp hvert år",
        "- Alle ansatte kjenner aktivitetsplikten",
        "Tiltak | Ansvar | Frist",
        "Kartlegging | Rektor | 2024",
        "Etter tabellen kommer et avsnitt.",
        "### Norsk stil",
    ]


def test_docx_survives_cleaning(tmp_path):
    pages = clean_pages(read_pages(_make_docx(tmp_path / "plan.docx")))
    lines = [line for line in pages[0].text.split("\n") if line.strip()]
    assert "# Handlingsplan for skolemiljø" in lines
    assert "- Elevundersøkelsen følges opp hvert år" in lines
    assert "Kartlegging | Rektor | 2024" in lines


def test_docx_without_text(tmp_path):
    import docx

    path = tmp_path / "tom.docx"
    docx.Document().save(str(path))
    assert "fant ingen tekst" in _reason(path)


# --- HTML ---------------------------------------------------------------------------------------

HTML = """<!DOCTYPE html><html><head><title>Plan</title><style>p {color: red}</style>
<script>var x = "skript-tekst";</script></head>
<body>
<header><a href="/">Forsiden</a> Meny-tekst</header>
<nav><ul><li>Navigasjon</li></ul></nav>
<div class="toolbar">Skriv ut Del dokument</div>
<main>
  <h1>Kvalitetsplan for skolen</h1>
  <p>Alle elever skal ha et <b>trygt</b> og godt skolemiljø.</p>
  <h2>Tiltak</h2>
  <ul><li>Elevundersøkelsen følges opp<ul><li>på hver skole</li></ul></li><li>Foreldremøter</li></ul>
  <h3>Ansvar</h3>
  <table><tr><th>Tiltak</th><th>Ansvar</th></tr><tr><td>Kartlegging</td><td>Rektor</td></tr></table>
  <div>Løs tekst i en div<br>og en linje til</div>
  <h4>Kilde</h4><p>Utdanningsdirektoratet</p>
</main>
<footer>Kontakt oss · Personvern</footer>
</body></html>"""


def test_html_structure_and_chrome_removed(tmp_path):
    path = tmp_path / "plan.html"
    path.write_text(HTML, encoding="utf-8")
    pages = read_pages(path)
    assert len(pages) == 1 and pages[0].number is None
    text = pages[0].text
    for chrome in ("skript-tekst", "color: red", "Meny-tekst", "Navigasjon", "Skriv ut", "Personvern"):
        assert chrome not in text, chrome
    lines = [line for line in text.split("\n") if line.strip()]
    assert lines == [
        "# Kvalitetsplan for skolen",
        "Alle elever skal ha et trygt og godt skolemiljø.",
        "## Tiltak",
        "- Elevundersøkelsen følges opp",
        "  - på hver skole",
        "- Foreldremøter",
        "### Ansvar",
        "Tiltak | Ansvar",
        "Kartlegging | Rektor",
        "Løs tekst i en div",
        "og en linje til",
        "#### Kilde",
        "Utdanningsdirektoratet",
    ]


def test_html_without_text(tmp_path):
    path = tmp_path / "tom.html"
    path.write_text("<html><body><script>x=1</script><nav>Meny</nav></body></html>", encoding="utf-8")
    assert "fant ingen tekst" in _reason(path)


def test_landscape_slide_side_graphic_not_interleaved(tmp_path):
    """A landscape slide: body text on the left, a graphic's labels on the right at the same
    heights (PowerPoint export). The labels must not land inside the body sentences."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    from ingest.clean import clean_pages

    path = tmp_path / "lysbilde.pdf"
    c = canvas.Canvas(str(path), pagesize=landscape(A4))
    body = [
        "I 2032 er det tatt arealgrep som sikrer naturmangfoldet i sjø og på land og",
        "trygger miljø- og naturressurser mot ødeleggelse. Transportløsninger er utviklet",
        "i samsvar med nullvekstmålet, og beredskapen fungerer godt i hele kommunen.",
    ]
    c.drawString(40, 500, "Slik vil vi ha det i 2032")
    for i, line in enumerate(body):
        c.drawString(40, 470 - 15 * i, line)
    for i, label in enumerate(["Sosialt", "Et bærekraftig", "Økonomisk"]):  # the side graphic
        c.drawString(640, 470 - 15 * i, label)
    c.drawString(40, 30, "Side 12   Kommuneplanens samfunnsdel")
    c.showPage()
    c.save()
    text = clean_pages(read_pages(path))[0].text
    flat = " ".join(text.split())
    assert ("I 2032 er det tatt arealgrep som sikrer naturmangfoldet i sjø og på land og trygger miljø- og "
            "naturressurser mot ødeleggelse.") in flat
    assert "Transportløsninger er utviklet i samsvar med nullvekstmålet, og beredskapen fungerer godt i hele kommunen." in flat


def test_private_use_bullet_glyphs_become_list_items():
    from ingest.clean import clean_text

    text = clean_text("Derfor skal vi\n\uf071 fremme folkehelse for alle\n\uf0b7 styrke møteplasser i nærmiljøet\n\uf0a7 forebygge rasisme\n")
    lines = text.splitlines()
    assert "- fremme folkehelse for alle" in lines
    assert "- styrke møteplasser i nærmiljøet" in lines
    assert "- forebygge rasisme" in lines


def test_docx_one_cell_tables_are_headings_and_labels(tmp_path):
    """Harstad's convention: every section heading and every «MÅL:»/«TILTAK:» sits in a 1×1
    table, the goal and measure text follows as ordinary paragraphs."""
    import docx

    from ingest.parse import parse_document

    document = docx.Document()
    document.add_paragraph("Denne planen gjelder hele kommunen.")
    for theme, goal, measure in (
        ("REKRUTTERING", "Kommunen skal være en attraktiv arbeidsgiver for alle.", "Stillinger lyses ut bredt."),
        ("ARBEIDSGIVERPOLITIKK", "Uønsket deltid skal reduseres.", "Fortrinnsretten brukes aktivt."),
    ):
        for label, text in ((theme, None), ("MÅL:", goal), ("TILTAK:", measure)):
            document.add_table(rows=1, cols=1).cell(0, 0).text = label
            if text:
                document.add_paragraph(text)
    box = document.add_table(rows=1, cols=1)
    box.cell(0, 0).text = "Planen ble vedtatt av kommunestyret i 2014. Den revideres hvert fjerde år."
    path = tmp_path / "plan.docx"
    document.save(str(path))
    blocks = parse_document(path).blocks
    by_text = {b.text: b for b in blocks}
    assert by_text["REKRUTTERING"].kind == "heading"
    assert by_text["Uønsket deltid skal reduseres."].section == ("ARBEIDSGIVERPOLITIKK", "MÅL")
    assert by_text["Fortrinnsretten brukes aktivt."].section == ("ARBEIDSGIVERPOLITIKK", "MÅL", "TILTAK")
    assert by_text["Stillinger lyses ut bredt."].section == ("REKRUTTERING", "MÅL", "TILTAK")
    box_block = next(b for b in blocks if "vedtatt av kommunestyret" in b.text)
    assert box_block.kind == "paragraph"  # a long 1×1 table is a text box, not a heading


def test_ingest_takes_every_file_type_the_readers_take(tmp_path):
    """One list of file types: a folder scan picks up .xhtml and .markdown like .html and .md."""
    from ingest.readers import SUPPORTED
    from ingest.run import collect

    for suffix in SUPPORTED:
        (tmp_path / f"dok{suffix.replace('.', '-')}{suffix}").write_text("x", encoding="utf-8")
    (tmp_path / "bilde.png").write_bytes(b"\x89PNG")
    files, _, _ = collect([tmp_path])
    assert sorted(f.suffix for f in files) == sorted(SUPPORTED)
    assert {".xhtml", ".markdown"} <= {f.suffix for f in files}
