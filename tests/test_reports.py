"""White papers, NOUs, bills and circulars: kind, short name and year in metadata; citations
«Meld. St. 6 (2019–2020), kap. 5.2, s. 63» from PDF and from regjeringen.no-style HTML."""

from __future__ import annotations

from pathlib import Path

from assistant.citations import source_label
from assistant.pages import quote_chunk
from assistant.reports import chapter_number, find_report
from ingest.chunk import chunk_blocks
from ingest.parse import parse_document
from tests import pdfs


def test_find_report_names_kind_and_year() -> None:
    assert find_report("Meld. St. 6 (2019–2020) Melding til Stortinget") == ("stortingsmelding", "Meld. St. 6 (2019–2020)", 2019)
    assert find_report("Meld. St. 21 (2020 - 2021) Fullføringsreformen") == ("stortingsmelding", "Meld. St. 21 (2020–2021)", 2020)
    assert find_report("Norges offentlige utredninger NOU 2019: 3 Nye sjanser") == ("NOU", "NOU 2019: 3", 2019)
    assert find_report("Prop. 57 L (2022–2023) Lov om grunnskoleopplæringa") == ("proposisjon", "Prop. 57 L (2022–2023)", 2022)
    assert find_report("Rundskriv Udir-2-2021 om skoleåret") == ("rundskriv", "Rundskriv Udir-2-2021", None)
    assert find_report("Kommuneplanens samfunnsdel 2020–2032") is None
    # the first named wins: a NOU quoted inside a white paper does not rename it
    assert find_report("Meld. St. 6 (2019–2020) … som NOU 2019: 3 viser")[1] == "Meld. St. 6 (2019–2020)"


def test_chapter_number_from_the_section_path() -> None:
    assert chapter_number(("Meld. St. 6", "5 Tidlig innsats", "5.2 Tidlig innsats i skolen")) == "5.2"
    assert chapter_number(("5 Tidlig innsats", "Boks 5.1 Eksempel")) == "5"
    assert chapter_number(("Forord",)) == ""


_WHO = ("Lærerne", "Skolene", "Kommunene", "Barnehagene", "Rektorene", "Fylkeskommunene", "Helsesykepleierne")
_WHAT = ("lesing", "regning", "skriving", "språk", "sosial kompetanse", "motorikk", "trivsel")


def _sections() -> list[tuple[str, list[list[str]]]]:
    intro = [[f"{_WHO[i % 7]} skal få bedre støtte til {_WHAT[(i * 3) % 7]} gjennom nye ordninger fra {2020 + i}."
              for i in range(8)]]
    early = [[f"{_WHO[(i + k) % 7]} skal fange opp barn som trenger hjelp med {_WHAT[(i * 2 + k) % 7]} "
              f"allerede på trinn {i} i plan {k}." for i in range(1, 9)] for k in range(3)]
    return [("Meld. St. 6 (2019–2020) Melding til Stortinget", [["Tett på – tidlig innsats og inkluderende fellesskap."]]),
            ("1 Innledning", intro), ("2 Tidlig innsats", intro[:0] + [["Kapitlet handler om tidlig innsats."]]),
            ("2.2 Tidlig innsats i skolen", early)]


def test_white_paper_pdf_cited_by_short_name_chapter_and_printed_page(tmp_path: Path) -> None:
    labels = [str(n) for n in range(60, 66)]
    path, where = pdfs.make_flowing_pdf(tmp_path / "meld-st-6.pdf", _sections(), lines_per_page=20, page_labels=labels)
    doc = parse_document(path)
    assert (doc.meta.kind, doc.meta.short_name, doc.meta.year) == ("stortingsmelding", "Meld. St. 6 (2019–2020)", 2019)
    chunks = chunk_blocks(doc.meta.doc_id, doc.blocks, 1500, 150)
    opens_in_chapter_2 = 0
    for sentence, (first, last) in where.items():
        if "fange opp" not in sentence:
            continue
        chunk = next(c for c in chunks if sentence in c.text)
        cited = quote_chunk(chunk, [sentence])
        pages = labels[first - 1] if first == last else f"{labels[first - 1]}–{labels[last - 1]}"
        # every quoted sentence stands in 2.2, also in a chunk that opens in chapter 2 (its section map)
        assert source_label(doc.meta, cited) == f"Meld. St. 6 (2019–2020), kap. 2.2, s. {pages}"
        opens_in_chapter_2 += not chunk.section[-1].startswith("2.2")
    assert opens_in_chapter_2 >= 1  # the case the section map is for occurs here
    intro = next(c for c in chunks if c.section_map)
    quoted = quote_chunk(intro, ["Kapitlet handler om tidlig innsats."])
    assert chapter_number(quoted.section) == "2"


def test_section_map_survives_the_catalog(tmp_path: Path) -> None:
    from assistant.catalog import Catalog
    from assistant.models import Block, DocumentMeta

    blocks = [Block("heading", "5 Tidlig innsats", ("5 Tidlig innsats",), level=1),
              Block("paragraph", "Kort innledning til kapitlet.", ("5 Tidlig innsats",)),
              Block("heading", "5.2 Skolen", ("5 Tidlig innsats", "5.2 Skolen"), level=2),
              Block("paragraph", "Skolen skal følge opp alle elever tett.", ("5 Tidlig innsats", "5.2 Skolen"))]
    [chunk] = chunk_blocks("d", blocks, 1500, 150)
    assert chunk.section == ("5 Tidlig innsats",) and len(chunk.section_map) == 2
    catalog = Catalog(tmp_path / "catalog.sqlite")
    try:
        meta = DocumentMeta(doc_id="d", title="Meld. St. 6 (2019–2020)", source="d.html")
        catalog.begin_document(meta, "d.html", "h")
        catalog.commit_document(meta, [chunk], blocks, 0)
        [(stored, _)] = list(catalog.iter_chunks("d"))
    finally:
        catalog.close()
    assert stored.section_map == chunk.section_map
    assert quote_chunk(stored, ["Skolen skal følge opp alle elever tett."]).section == ("5 Tidlig innsats", "5.2 Skolen")


def test_regjeringen_style_html_white_paper(tmp_path: Path) -> None:
    html = """<!DOCTYPE html><html lang="nb"><head><title>Meld. St. 21 (2020–2021) - regjeringen.no</title></head>
<body><nav class="breadcrumbs"><a href="/">Forsiden</a></nav>
<main><header><h1>Meld. St. 21 (2020–2021)</h1><p>Fullføringsreformen – med åpne dører til verden og fremtiden</p></header>
<h2>5 Et fleksibelt opplæringstilbud</h2>""" + "".join(
        f"<p>Avsnitt {i} om fleksibilitet i opplæringen beskriver hvordan fylkeskommunene kan organisere tilbudet.</p>"
        for i in range(12)) + """
<h3>5.2 Bedre overganger</h3><p>Regjeringen vil at alle elever skal få et opplæringstilbud som passer for dem.</p>
</main><footer>Regjeringen.no</footer></body></html>"""
    path = tmp_path / "meld-st-21.html"
    path.write_text(html, encoding="utf-8")
    doc = parse_document(path)
    assert (doc.meta.kind, doc.meta.short_name, doc.meta.year) == ("stortingsmelding", "Meld. St. 21 (2020–2021)", 2020)
    chunks = chunk_blocks(doc.meta.doc_id, doc.blocks, 1500, 150)
    chunk = next(c for c in chunks if "passer for dem" in c.text)
    assert chunk.section[-1] == "5.2 Bedre overganger"
    assert source_label(doc.meta, chunk) == "Meld. St. 21 (2020–2021), kap. 5.2"
