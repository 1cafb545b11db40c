"""ingest.readers.law: Lovdata XML and Markdown laws → "# Kapittel" / "## §" / ledd paragraphs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.errors import IngestError
from ingest.clean import clean_pages
from ingest.readers import read_pages
from ingest.readers.law import chapter_heading, is_law_markdown, law_meta, paragraph_heading, short_name

DATA = Path(__file__).parent / "data"


def _copy(tmp_path: Path, name: str, as_name: str | None = None) -> Path:
    target = tmp_path / (as_name or name)
    shutil.copy(DATA / name, target)
    return target


def _blocks(text: str) -> list[str]:
    return [b.strip("\n") for b in text.split("\n\n") if b.strip()]


def test_lovdata_xml_structure(tmp_path):
    pages = read_pages(_copy(tmp_path, "lov-liten.xml"))
    assert len(pages) == 1 and pages[0].number is None
    assert _blocks(pages[0].text) == [
        "# Kapittel 12. Skolemiljøet til elevane",
        "## § 12-2. Retten til eit trygt og godt skolemiljø",
        "Alle elevar har rett til eit trygt og godt skolemiljø som fremjar helse, inkludering, trivsel og læring.",
        "Skolen skal arbeide kontinuerleg etter § 12-3 for at alle skal trivast.",
        "## § 12-4. Plikt til å lage plan",
        "Skolen skal lage ein skriftleg plan. I planen skal det stå",
        "- a. kva problem tiltaka skal løyse\n- b. når tiltaka skal evaluerast",
        "Skolen skal dokumentere arbeidet.",
    ]


def test_lovdata_xml_leaves_out_parts_notes_footnotes_and_toc(tmp_path):
    text = read_pages(_copy(tmp_path, "lov-liten.xml"))[0].text
    for left_out in ("Første del", "Endra ved lov", "Fotnote", "Innhaldsliste", "LOV-2099", "prøveskolelova)"):
        assert left_out not in text, left_out
    assert "trivast.1" not in text  # footnote reference mark dropped


def test_markdown_law_structure(tmp_path):
    pages = read_pages(_copy(tmp_path, "lov-liten.md"))
    assert _blocks(pages[0].text) == [
        "# Kapittel I. Barnehagens formål og innhold",
        "## § 1. Formål",
        "Barnehagen skal i samarbeid og forståelse med hjemmet ivareta barnas behov for omsorg og lek.",
        "Barna skal få utfolde skaperglede, undring og utforskertrang.",
        "## § 2 a. Plikt til å samarbeide med skolen",
        "Barnehagen skal samarbeide med skolen om overgangen fra barnehage til skole.",
        "# Kapittel X. Tilsyn",
        "## § 53. Kommunens tilsyn med barnehagene",
        "Kommunen skal føre tilsyn med barnehagene.",
    ]
    assert "Endret ved lov" not in pages[0].text


def test_markdown_law_detected_without_front_matter(tmp_path):
    path = tmp_path / "lov.txt"
    path.write_text(
        "# Lov om noe\n\n### § 1.Formål\n\nFørste ledd.\n\n### § 2.Virkeområde\n\nAndre.\n\n### § 3.Tilsyn\n\nTredje.\n",
        encoding="utf-8",
    )
    assert _blocks(read_pages(path)[0].text)[:2] == ["## § 1. Formål", "Første ledd."]


def test_law_text_survives_cleaning(tmp_path):
    for name in ("lov-liten.xml", "lov-liten.md"):
        pages = read_pages(_copy(tmp_path, name))
        assert clean_pages(pages)[0].text == pages[0].text, name


def test_law_meta(tmp_path):
    assert law_meta(_copy(tmp_path, "lov-liten.xml")) == ("Lov om prøveskolen (prøveskolelova)", "prøveskolelova")
    assert law_meta(_copy(tmp_path, "lov-liten.md")) == ("Lov om barnehager (barnehageloven)", "barnehageloven")
    plain = tmp_path / "plan.txt"
    plain.write_text("1.0 Innledning\nDette er en plan.\n", encoding="utf-8")
    assert law_meta(plain) is None
    assert law_meta(tmp_path / "finnes-ikke.xml") is None


def test_short_name_rules():
    assert short_name("Lov om grunnskolen og den vidaregåande opplæringa (opplæringslova)") == "opplæringslova"
    assert short_name("Lov om barnehager", "Barnehageloven – bhl") == "barnehageloven"


def test_heading_normalisation():
    assert chapter_heading("Kapittel 12 Skolemiljøet til elevane") == "Kapittel 12. Skolemiljøet til elevane"
    assert chapter_heading("Kapittel I. Barnehagens formål og innhold") == "Kapittel I. Barnehagens formål og innhold"
    assert chapter_heading("Kapittel 9 A Skolemiljø") == "Kapittel 9 A. Skolemiljø"
    assert chapter_heading("Første del – innleiande reglar") is None
    assert paragraph_heading("§ 1-1.Formålet med lova") == "§ 1-1. Formålet med lova"
    assert paragraph_heading("§ 12-2", "Retten til eit trygt og godt skolemiljø") == (
        "§ 12-2. Retten til eit trygt og godt skolemiljø"
    )
    assert paragraph_heading("§ 1a.Særlig formål") == "§ 1a. Særlig formål"
    assert paragraph_heading("§ 7 b.Krav til samlet barnehageanlegg") == "§ 7 b. Krav til samlet barnehageanlegg"


def test_plain_markdown_is_not_a_law():
    assert not is_law_markdown("# Plan\n\n## Mål\n\nAlle skal trives, jf. § 12-2 i opplæringslova.\n")


def test_xml_that_is_not_a_law(tmp_path):
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><rot><verdi>1</verdi></rot>", encoding="utf-8")
    with pytest.raises(IngestError) as info:
        read_pages(path)
    assert "ikke en lov fra Lovdata" in info.value.reason
