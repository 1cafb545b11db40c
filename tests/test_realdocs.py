"""eval/realdocs.py: real documents → files the product reads (synthetic samples only)."""

from __future__ import annotations

import csv
from pathlib import Path

from eval.realdocs import RealDoc, giella_to_html, page_marked_to_text, prepare_real_docs
from ingest.manifest import read_manifest
from ingest.parse import parse_document

PAGE_MARKED = """# Eksempel: Plan for folkehelse 2024-2033

- Kommunenr: 9999
- Kilde: <https://example.org/plan.pdf>

<!-- side 1 -->

Plan for folkehelse

<!-- side 2 -->

1 Innledning
Kommunen skal styrke folkehelsearbeidet i alle sektorer.

<!-- side 3 -->

2 Mål
Flere barn skal være fysisk aktive hver dag.
"""

GIELLA = """<document xml:lang="nob" id="no_id"><header><title>Meld. St. 99</title></header><body>
<p type="title">Meld. St. 99</p>
<p type="title">5 Tidlig innsats</p>
<p>Barn skal få <em type="italic">hjelp</em> tidlig.</p>
<p type="title">5.2 Tidlig innsats i skolen</p>
<list><p type="listitem">Styrke leseopplæringen.</p>
<p type="listitem">Flere lærere på 1.–4. trinn.</p>
</list><p type="title">5.2.1 Lesing</p>
<p>Alle elever skal kunne lese etter 2. trinn.</p>
</body></document>
"""


def test_page_markers_become_form_feed_pages(tmp_path: Path) -> None:
    text = page_marked_to_text(PAGE_MARKED)
    assert text.count("\f") == 2
    assert "Kommunenr" not in text  # the converter's header is not document text
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    pages = parse_document(path).pages
    by_number = {p.number: p.text for p in pages}
    assert "fysisk aktive" in by_number[3]
    assert "folkehelsearbeidet" in by_number[2]


def test_giella_xml_becomes_html_with_chapter_headings() -> None:
    out = giella_to_html(GIELLA, "Meld. St. 99 (2030–2031) Prøve")
    assert "<h2>5 Tidlig innsats</h2>" in out
    assert "<h3>5.2 Tidlig innsats i skolen</h3>" in out
    assert "<h4>5.2.1 Lesing</h4>" in out
    assert "<li>Styrke leseopplæringen.</li><li>Flere lærere på 1.–4. trinn.</li>" in out
    assert "<p>Barn skal få hjelp tidlig.</p>" in out


def test_prepare_writes_files_and_manifest(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "text_with_pages").mkdir(parents=True)
    (src / "giella_xml").mkdir()
    (src / "pdf").mkdir()
    (src / "text_with_pages" / "9999_plan.md").write_text(PAGE_MARKED, encoding="utf-8")
    (src / "giella_xml" / "meld.xml").write_text(GIELLA, encoding="utf-8")
    (src / "pdf" / "x.pdf").write_bytes(b"%PDF-1.4 stub")
    docs = (
        RealDoc("text_with_pages/9999_plan.md", "eksempel-plan.txt", "Plan for folkehelse", "Eksempel", "temaplan", "2024–2033", 2024),
        RealDoc("giella_xml/meld.xml", "meld.html", "Meld. St. 99 (2030–2031) Prøve", "", "stortingsmelding", "2030–2031", 2031),
        RealDoc("pdf/x.pdf", "x.pdf", "X", "X", "handlingsplan", "2025", 2025),
        RealDoc("pdf/missing.pdf", "missing.pdf", "Mangler", "", "plan", "2025", 2025),
    )
    out = tmp_path / "work"
    files = prepare_real_docs(out, source=src, docs=docs)
    assert [f.name for f in files] == ["eksempel-plan.txt", "meld.html", "x.pdf"]
    assert (out / "x.pdf").is_symlink() and (out / "x.pdf").read_bytes().startswith(b"%PDF")
    meta = read_manifest(out)
    assert set(meta) == {"eksempel-plan.txt", "meld.html", "x.pdf"}
    assert meta["meld.html"].kind == "stortingsmelding" and meta["meld.html"].year == 2031
    assert meta["eksempel-plan.txt"].municipality == "Eksempel"
    with (out / "manifest.csv").open(encoding="utf-8") as fh:
        assert next(csv.reader(fh))[:6] == ["file", "title", "municipality", "kind", "period", "year"]
    # idempotent: a second run rewrites in place
    assert [f.name for f in prepare_real_docs(out, source=src, docs=docs)] == [f.name for f in files]
