"""The real documents nobody on the team wrote (``/work/shared/real_docs``, see its SOURCES.md),
made into files the product reads — the conversion lives here, not in the product:

- page-marked text (``<!-- side N -->``) → ``.txt`` with a form feed before every page after the
  first (the text reader numbers pages by form feeds); the converter's metadata header is dropped;
- Giella XML (``<p type="title">`` chapters, ``<list>`` items) → regjeringen.no-style HTML
  (``<h2>5 …</h2>``, ``<h3>5.2 …</h3>``, ``<ul><li>``);
- PDF and DOCX as they are (symlinked);

plus a ``manifest.csv`` in the corpus manifest format (title, municipality, kind, period, year).

    prepare_real_docs(work_dir) -> list[Path]   # the prepared document files
    ensure_real_index(settings)                  # prepare + ingest into settings.data_dir

``python -m eval.realdocs [DIR]`` prepares them (default ``eval/work/realdocs``) and prints the list.
"""

from __future__ import annotations

import csv
import html
import os
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ingest.manifest import MANIFEST

REAL_DOCS = Path(os.environ.get("REAL_DOCS_DIR", "/work/shared/real_docs"))
DEFAULT_WORK = Path(__file__).resolve().parent / "work" / "realdocs"

_MANIFEST_FIELDS = ["file", "title", "municipality", "kind", "period", "year", "adopted", "short_name", "has_pages"]


@dataclass(frozen=True)
class RealDoc:
    """One source file and the name/metadata it gets in the prepared folder."""

    source: str  # path under REAL_DOCS
    name: str  # file name in the prepared folder
    title: str
    municipality: str
    kind: str
    period: str
    year: int
    adopted: str = ""
    short_name: str = ""
    held_out: bool = False  # not read while writing rules; figures reported separately


DOCS: tuple[RealDoc, ...] = (
    RealDoc("pdf/tromso-kommuneplanens-samfunnsdel-2020-2032.pdf", "tromso-kommuneplanens-samfunnsdel-2020-2032.pdf",
            "«Tromsø vil» – Kommuneplanens samfunnsdel med arealstrategi 2020–2032", "Tromsø",
            "kommuneplanens samfunnsdel", "2020–2032", 2020, "kommunestyret 17.07.2020, sak 76/20"),
    RealDoc("pdf/telemark-ungdomsrad-handlingsplan-2025.pdf", "telemark-ungdomsrad-handlingsplan-2025.pdf",
            "Telemark ungdomsråd – Handlingsplan 2025", "Telemark fylkeskommune", "handlingsplan", "2025", 2025,
            held_out=True),
    RealDoc("docx/harstad-plan-likestilling-mangfold-diskriminering-2014-2016.docx",
            "harstad-plan-likestilling-mangfold-diskriminering-2014-2016.docx",
            "Plan for likestilling, mangfold og mot diskriminering 2014–2016", "Harstad", "handlingsplan",
            "2014–2016", 2014, "28.05.2014"),
    RealDoc("text_with_pages/3318_krodsherad_temaplan_folkehelse_2024-2033.md",
            "krodsherad-temaplan-folkehelse-2024-2033.txt", "Temaplan for folkehelse 2024–2033", "Krødsherad",
            "temaplan", "2024–2033", 2024, "07.11.2024"),
    RealDoc("text_with_pages/3330_hol_handlingsplan_folkehelse_2021-2033.md",
            "hol-handlingsplan-folkehelse-2021-2033.txt", "Handlingsplan for folkehelse 2021–2033", "Hol",
            "handlingsplan", "2021–2033", 2021, "kommunestyret 17.06.2021, sak 48/2021", held_out=True),
    RealDoc("text_with_pages/3312_lier_samfunnsdel_2019-2028.VISIBLE-TEXT-ONLY.md",
            "lier-kommuneplanens-samfunnsdel-2019-2028.txt", "Kommuneplanens samfunnsdel 2019–2028", "Lier",
            "kommuneplanens samfunnsdel", "2019–2028", 2019, "21.05.2019"),
    RealDoc("giella_xml/kafjord-handlingsprogram-tospraklighetstilskudd-2006.xml",
            "kafjord-handlingsprogram-tospraklighetstilskudd-2006.html", "Handlingsprogram – tospråklighetstilskudd 2006",
            "Kåfjord", "handlingsprogram", "2006", 2006),
    RealDoc("giella_xml/sametinget-strategisk-plan-samiske-barnehager-2008-2011.xml",
            "sametinget-strategisk-plan-samiske-barnehager-2008-2011.html",
            "Strategisk plan for samiske barnehager 2008–2011", "Sametinget", "strategisk plan", "2008–2011", 2008),
    RealDoc("giella_xml/sametinget-handlingsplan-laeremiddelutvikling-2015-2018.xml",
            "sametinget-handlingsplan-laeremiddelutvikling-2015-2018.html",
            "Handlingsplan for utvikling av samiske læremidler 2015–2018", "Sametinget", "handlingsplan",
            "2015–2018", 2015, held_out=True),
    RealDoc("giella_xml/sametingsmelding-opplaering-og-utdanning-2011.xml",
            "sametingsmelding-opplaering-og-utdanning-2011.html", "Sametingsmelding om opplæring og utdanning",
            "Sametinget", "sametingsmelding", "2011", 2011),
    RealDoc("giella_xml/ntfk-regional-handlingsplan-sorsamisk-sprak-kultur-2013-2017.xml",
            "ntfk-regional-handlingsplan-sorsamisk-sprak-kultur-2013-2017.html",
            "Regional handlingsplan for sørsamisk språk og kultur 2013–2017", "Nord-Trøndelag fylkeskommune",
            "handlingsplan", "2013–2017", 2013),
    RealDoc("giella_xml/finnmark-fk-fagskoleplan-2011-2014.xml", "finnmark-fk-fagskoleplan-2011-2014.html",
            "Fagskoleplan 2011–2014 – strategisk plan for fagskoleutdanning i Finnmark", "Finnmark fylkeskommune",
            "strategisk plan", "2011–2014", 2011, held_out=True),
    RealDoc("giella_xml/udir-rammeplan-barnehagens-innhold-og-oppgaver-2011.xml",
            "udir-rammeplan-barnehagens-innhold-og-oppgaver-2011.html",
            "Rammeplan for barnehagens innhold og oppgaver (2011)", "", "forskrift", "2011", 2011),
    RealDoc("giella_xml/kd-veileder-fra-eldst-til-yngst-barnehage-skole.xml",
            "kd-veileder-fra-eldst-til-yngst-barnehage-skole.html",
            "Fra eldst til yngst – samarbeid og sammenheng mellom barnehage og skole", "", "veileder", "2008", 2008),
    RealDoc("giella_xml/meld-st-31-2018-2019-samisk-sprak-kultur-samfunnsliv.xml",
            "meld-st-31-2018-2019-samisk-sprak-kultur-samfunnsliv.html",
            "Meld. St. 31 (2018–2019) Samisk språk, kultur og samfunnsliv", "", "stortingsmelding", "2018–2019", 2019,
            short_name="Meld. St. 31 (2018–2019)"),
    RealDoc("giella_xml/meld-st-29-2012-2013-morgendagens-omsorg.xml", "meld-st-29-2012-2013-morgendagens-omsorg.html",
            "Meld. St. 29 (2012–2013) Morgendagens omsorg", "", "stortingsmelding", "2012–2013", 2013,
            short_name="Meld. St. 29 (2012–2013)", held_out=True),
    RealDoc("giella_xml/nou-2016-18-hjertespraket-sammendrag.xml", "nou-2016-18-hjertespraket-sammendrag.html",
            "NOU 2016: 18 Hjertespråket (sammendrag)", "", "NOU", "2016", 2016, short_name="NOU 2016: 18"),
)

_MARKER = re.compile(r"^\s*<!--\s*side\s+(\d+)\s*-->\s*$", re.MULTILINE)


def page_marked_to_text(text: str) -> str:
    """``<!-- side N -->``-marked text → pages joined by form feeds, in marker order; whatever stands
    before the first marker (the converter's metadata header) is dropped. Text without markers is
    returned unchanged."""
    marks = list(_MARKER.finditer(text))
    if not marks:
        return text
    pages = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        pages.append(text[m.end():end].strip("\n") + "\n")
    return "\f".join(pages)


_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+\S")
_CAPTION = re.compile(r"^(Figur|Tabell|Boks|Kilde)\b")


def giella_to_html(xml_text: str, title: str = "") -> str:
    """Giella corpus XML → HTML: ``<p type="title">`` → a heading whose level follows the chapter
    number («5» h2, «5.2» h3, «5.2.1» h4; unnumbered titles h5; «Figur …»/«Tabell …» captions
    ``<p>``), ``<list>`` → ``<ul>``, other ``<p>`` → ``<p>``; inline markup keeps its text."""
    root = ET.fromstring(xml_text)
    body = root.find("body")
    out = ["<!DOCTYPE html>", '<html lang="nb"><head><meta charset="utf-8">',
           f"<title>{html.escape(title)}</title></head><body><main>"]
    if title:
        out.append(f"<h1>{html.escape(title)}</h1>")

    def text_of(el: ET.Element) -> str:
        return html.escape(" ".join("".join(el.itertext()).split()))

    def para(el: ET.Element) -> None:
        text = text_of(el)
        if not text:
            return
        kind = el.get("type", "")
        if kind == "title":
            m = _NUMBERED.match(text)
            if m:
                level = min(4, 2 + m.group(1).count("."))
            elif _CAPTION.match(text):  # «Figur 1.1», «Tabell 3.2 …», «Boks 2.1 …»: captions
                out.append(f"<p>{text}</p>")
                return
            else:  # unnumbered titles are box and sub-headings, below the numbered chapters
                level = 5
            out.append(f"<h{level}>{text}</h{level}>")
        elif kind == "listitem":
            out.append(f"<ul><li>{text}</li></ul>")
        else:
            out.append(f"<p>{text}</p>")

    for el in (body if body is not None else []):
        if el.tag == "list":
            items = [text_of(p) for p in el if text_of(p)]
            if items:
                out.append("<ul>" + "".join(f"<li>{t}</li>" for t in items) + "</ul>")
        elif el.tag == "p":
            para(el)
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def prepare_real_docs(work_dir: Path, source: Path | None = None, docs: tuple[RealDoc, ...] = DOCS) -> list[Path]:
    """Write the real documents into ``work_dir`` as files the product reads, plus ``manifest.csv``.
    Missing sources are skipped (named on stderr). Returns the prepared files, in ``docs`` order."""
    source = Path(source or REAL_DOCS)
    work_dir = Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    prepared: list[Path] = []
    rows: list[dict[str, str]] = []
    for doc in docs:
        src = source / doc.source
        if not src.is_file():
            print(f"Mangler {src} – hoppet over", file=sys.stderr)
            continue
        dest = work_dir / doc.name
        suffix = src.suffix.lower()
        if suffix == ".md":
            _write(dest, page_marked_to_text(src.read_text(encoding="utf-8")))
        elif suffix == ".xml":
            _write(dest, giella_to_html(src.read_text(encoding="utf-8"), doc.title))
        else:
            if dest.is_symlink() or dest.exists():
                dest.unlink()
            dest.symlink_to(src.resolve())
        prepared.append(dest)
        rows.append({
            "file": doc.name, "title": doc.title, "municipality": doc.municipality, "kind": doc.kind,
            "period": doc.period, "year": str(doc.year), "adopted": doc.adopted, "short_name": doc.short_name,
            "has_pages": "true" if suffix in (".md", ".pdf") else "false",
        })
    tmp = work_dir / (MANIFEST + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=_MANIFEST_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(work_dir / MANIFEST)
    return prepared


def ensure_real_index(settings, work_dir: Path = DEFAULT_WORK):
    """Prepare the real documents and ingest them into ``settings.data_dir`` (incremental; rebuilt
    when the index was made with other settings). Returns the IngestReport."""
    from assistant.errors import IndexMismatch
    from ingest.run import run

    prepare_real_docs(work_dir)
    try:
        return run([work_dir], settings=settings, prune=True)
    except IndexMismatch:  # an eval workspace: rebuild it for the current settings
        return run([work_dir], settings=settings, prune=True, rebuild=True)


def held_out_names(docs: tuple[RealDoc, ...] = DOCS) -> set[str]:
    """File names of the held-out real documents."""
    return {d.name for d in docs if d.held_out}


def _write(dest: Path, text: str) -> None:
    if dest.is_symlink():
        dest.unlink()
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(dest)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    work = Path(argv[0]) if argv else DEFAULT_WORK
    for path in prepare_real_docs(work):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
