"""corpus/manifest.csv → DocumentMeta, and metadata inferred for files not in a manifest."""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from pathlib import Path

from assistant.models import DocumentMeta, Page
from assistant.reports import find_report

MANIFEST = "manifest.csv"


def doc_id_for(path: Path) -> str:
    """Stable document id from the file name: lower-case stem, [a-z0-9æøå-]."""
    stem = path.stem.lower()
    return re.sub(r"[^a-z0-9æøå]+", "-", stem).strip("-") or "dokument"


def read_manifest(folder: Path) -> dict[str, DocumentMeta]:
    """The folder's manifest.csv as {file name: DocumentMeta}; {} when there is none."""
    path = folder / MANIFEST
    if not path.exists():
        return {}
    out: dict[str, DocumentMeta] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name = row["file"].strip()
            year = row.get("year", "").strip()
            out[name] = DocumentMeta(
                doc_id=doc_id_for(Path(name)),
                source=name,
                title=row.get("title", "").strip() or Path(name).stem,
                municipality=row.get("municipality", "").strip(),
                kind=row.get("kind", "").strip() or "kommunal plan",
                period=row.get("period", "").strip(),
                year=int(year) if year.isdigit() else None,
                adopted=row.get("adopted", "").strip(),
                short_name=row.get("short_name", "").strip(),
                has_pages=row.get("has_pages", "true").strip().lower() not in ("false", "0", "nei", "no"),
            )
    return out


_KIND_PATTERNS = (
    ("stortingsmelding", re.compile(r"\bMeld\.\s*St\.|\bstortingsmelding|\bSt\.\s*meld", re.I)),
    ("NOU", re.compile(r"\bNOU\s+\d{4}", re.I)),
    ("handlingsplan", re.compile(r"\bhandlingsplan|\bhandlingsdel", re.I)),
    ("sak", re.compile(r"\bsaksframlegg|\bsaksnummer|\bforslag til vedtak", re.I)),
)
_MUNICIPALITY = re.compile(r"\b([A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?) kommune\b")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def infer_meta(path: Path, pages: list[Page], law: tuple[str, str] | None = None) -> DocumentMeta:
    """Metadata for a document without a manifest row: title from the first heading-like line
    (or the file name), kind from tell-tale words, municipality from "X kommune", year from the name."""
    text = "\n".join(p.text for p in pages[:3])
    has_pages = any(p.number is not None for p in pages)
    doc_id = doc_id_for(path)
    if law is not None:
        title, short = law
        return DocumentMeta(doc_id, path.name, title, "", "lov", "", None, "", short, has_pages)
    first = next((ln.strip("# ").strip() for ln in text.splitlines() if len(ln.strip()) > 3), "")
    numbered = re.match(r"^\d+(?:\.\d+)*\.?\s", first)  # "2.1 Mål" is a section, not the title
    title = pdf_title(path) or (first if 3 < len(first) <= 120 and not numbered else path.stem.replace("-", " ").replace("_", " "))
    head = text[:4000]
    report = find_report(f"{title}\n{head[:1500]}")
    if report is not None:  # a white paper, NOU, bill or circular: its short name, kind and year
        kind, short, year = report
        session = re.search(r"\((\d{4})–(\d{4})\)", short)
        period = f"{session.group(1)}–{session.group(2)}" if session else (str(year) if year else "")
        return DocumentMeta(doc_id, path.name, title, "", kind, period, year, "", short, has_pages)
    kind = next((k for k, rx in _KIND_PATTERNS if rx.search(head)), "kommunal plan")
    m = _MUNICIPALITY.search(head)
    years = [int(y.group(0)) for y in _YEAR.finditer(path.stem)] or [int(y.group(0)) for y in _YEAR.finditer(head[:500])]
    year = min(years) if years else None
    period = f"{min(years)}–{max(years)}" if len(set(years)) > 1 else (str(year) if year else "")
    return DocumentMeta(doc_id, path.name, title, m.group(1) if m else "", kind, period, year, "", "", has_pages)


def pdf_title(path: Path) -> str:
    """The Title in a PDF's document information, when it is a real title."""
    if path.suffix.lower() != ".pdf":
        return ""
    try:
        from pypdf import PdfReader

        metadata = PdfReader(path).metadata
        title = (metadata.get("/Title") if metadata is not None else "") or ""
    except Exception:  # metadata is a nicety; the reader reports real problems
        return ""
    title = re.sub(r"^Microsoft (?:Word|PowerPoint) - ", "", str(title)).strip()
    return title if 3 < len(title) <= 150 and title.lower() not in ("untitled", "(anonymous)") else ""


def with_source(meta: DocumentMeta, path: Path, doc_id: str) -> DocumentMeta:
    return replace(meta, source=path.name, doc_id=doc_id)
