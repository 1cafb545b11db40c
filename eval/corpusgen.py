"""Generated corpora for ``python -m eval speed``: plan-like PDFs and scaled text copies.

Both are built from the seed texts (corpus/*.txt): their sentences are shuffled and recombined
into numbered sections with bullets, so the text is realistic Norwegian plan language, not
lorem ipsum. Both are cached under eval/work/ (gitignored), keyed by their parameters and a
hash of the seed texts, and written to a temporary folder that is renamed into place when done.

- ``pdf_corpus(spec)``: ``spec.docs`` PDFs × ``spec.pages`` pages (reportlab), with a running
  header (title, municipality) and footer (page n of N) on every page.
- ``scaled_text_corpus(factor)``: the shipped corpus ``factor`` times: copy 0 is the shipped
  text as is; copies 1… swap the municipality name, shuffle sentences within paragraphs and
  shift numbers, so every copy has its own content hash and its own manifest row.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
import shutil
import textwrap
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.settings import REPO_ROOT

WORK = REPO_ROOT / "eval" / "work"
SEED_DIR = REPO_ROOT / "corpus"
GENERATOR_VERSION = 2

#: Municipalities the generated documents are attributed to (none of them is in the shipped corpus).
MUNICIPALITIES = (
    "Ringsaker", "Elverum", "Stange", "Hamar", "Gjøvik", "Lillehammer", "Kongsvinger", "Trysil",
    "Nord-Odal", "Sør-Odal", "Gran", "Lunner", "Østre Toten", "Vestre Toten", "Nittedal", "Ullensaker",
    "Nes", "Eidsvoll", "Hurdal", "Nannestad", "Rælingen", "Enebakk", "Aurskog-Høland", "Våler",
)
SEED_MUNICIPALITIES = ("Åmot", "Jevnaker", "Lørenskog", "Løten")
PLAN_NAMES = (
    "Kvalitetsplan for oppvekst", "Strategisk plan for barn og unge", "Handlingsplan for trygt skolemiljø",
    "Plan for tidlig innsats", "Temaplan for barnehage og skole", "Kompetanseplan for oppvekst",
    "Plan for inkluderende fellesskap", "Handlingsplan mot mobbing",
)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«\"])")
_HYPHEN_BREAK = re.compile(r"(?<=[a-zæøå])-\n(?=[a-zæøå])")


@dataclass(frozen=True)
class PdfCorpusSpec:
    """What a generated PDF corpus looks like; its ``key`` names the cache folder."""

    docs: int = 40
    pages: int = 50
    seed: int = 7

    @property
    def total_pages(self) -> int:
        return self.docs * self.pages

    def key(self, seed_dir: Path = SEED_DIR) -> str:
        ident = {**asdict(self), "version": GENERATOR_VERSION, "seeds": seed_hash(seed_dir)}
        return hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()[:10]


def spec_for_pages(pages: int, pages_per_doc: int = 50, seed: int = 7) -> PdfCorpusSpec:
    """The spec with at least ``pages`` pages: ⌈pages / pages_per_doc⌉ documents."""
    per_doc = max(1, min(pages_per_doc, pages))
    return PdfCorpusSpec(docs=-(-pages // per_doc), pages=per_doc, seed=seed)


def seed_hash(seed_dir: Path = SEED_DIR) -> str:
    h = hashlib.sha256()
    for p in sorted(Path(seed_dir).glob("*.txt")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:10]


# --- seed text -------------------------------------------------------------------------------

def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs of a PDF-extracted text, line breaks joined."""
    text = _HYPHEN_BREAK.sub("", text.replace("\r\n", "\n"))
    return [" ".join(ln.strip() for ln in block.splitlines() if ln.strip())
            for block in re.split(r"\n\s*\n", text) if block.strip()]


def seed_sentences(seed_dir: Path = SEED_DIR) -> list[str]:
    """Prose sentences of the seed texts (30–300 characters, mostly letters), in file order."""
    out: list[str] = []
    for p in sorted(Path(seed_dir).glob("*.txt")):
        for para in paragraphs(p.read_text(encoding="utf-8")):
            for s in _SENTENCE_END.split(para):
                s = s.strip()
                letters = sum(ch.isalpha() for ch in s)
                if 30 <= len(s) <= 300 and letters >= 0.7 * len(s) and s[-1] in ".!?":
                    out.append(s)
    return out


def heading_from(sentence: str, rng: random.Random) -> str:
    """A short heading-like phrase: the first 2–5 words of a sentence, without punctuation."""
    words = [w.strip(",.;:!?«»\"()") for w in sentence.split()]
    words = [w for w in words if w]
    n = rng.randint(2, 5)
    while n < min(len(words), 7) and len(words[n - 1]) < 5:  # end on a content word, not "er"/"det"
        n += 1
    phrase = " ".join(words[:n])
    return phrase[:1].upper() + phrase[1:]


# --- PDF corpus ------------------------------------------------------------------------------

LINE_WIDTH = 88  # characters per body line at 10 pt Helvetica on A4 with 2.5 cm margins
LINES_PER_PAGE = 44  # ~2,600 characters of text per page, like a plan with some white space


def page_items(rng: random.Random, sentences: list[str], n_pages: int) -> list[list[tuple[str, str]]]:
    """Pages of (kind, line) with kind in heading/body/bullet/cont/blank; numbered headings run on
    across pages like a real plan ("3 Inkluderende miljø", "3.2 …")."""
    pages: list[list[tuple[str, str]]] = [[] for _ in range(n_pages)]
    chapter = section = 0
    page = 0

    def put(kind: str, lines: list[str]) -> None:
        nonlocal page
        if page < n_pages and len(pages[page]) + len(lines) > LINES_PER_PAGE and pages[page]:
            page += 1
        if page < n_pages:  # a wrapped bullet's later lines are "cont" (no bullet glyph)
            pages[page].extend((kind if i == 0 or kind != "bullet" else "cont", ln) for i, ln in enumerate(lines))

    while page < n_pages:
        r = rng.random()
        if r < 0.06 or chapter == 0:
            chapter, section = chapter + 1, 0
            put("blank", [""])
            put("heading", [f"{chapter} {heading_from(rng.choice(sentences), rng)}"])
        elif r < 0.18:
            section += 1
            put("blank", [""])
            put("heading", [f"{chapter}.{section} {heading_from(rng.choice(sentences), rng)}"])
        elif r < 0.30:
            put("body", textwrap.wrap(rng.choice(sentences).rstrip(".") + ":", LINE_WIDTH))
            for _ in range(rng.randint(2, 5)):
                put("bullet", textwrap.wrap(rng.choice(sentences), LINE_WIDTH - 4))
        else:
            para = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 6)))
            put("body", textwrap.wrap(para, LINE_WIDTH) + [""])
    return pages


def write_pdf(path: Path, title: str, municipality: str, pages: list[list[tuple[str, str]]]) -> None:
    """One PDF page per entry of ``pages``, with running header and footer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    width, height = A4
    left, top = 71, height - 80
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle(title)
    c.setAuthor(f"{municipality} kommune")
    n = len(pages)
    for number, items in enumerate(pages, start=1):
        c.setFont("Helvetica", 8)
        c.drawString(left, height - 40, f"{title} – {municipality} kommune")
        c.drawRightString(width - left, 30, f"Side {number} av {n}")
        y = top
        for kind, line in items:
            if kind == "heading":
                c.setFont("Helvetica-Bold", 12)
                c.drawString(left, y, line)
            elif kind in ("bullet", "cont"):
                c.setFont("Helvetica", 10)
                if kind == "bullet":
                    c.drawString(left + 6, y, "•")
                c.drawString(left + 18, y, line)
            else:
                c.setFont("Helvetica", 10)
                c.drawString(left, y, line)
            y -= 15
        c.showPage()
    c.save()


def _swap_municipality(text: str, municipality: str) -> str:
    for seed_muni in SEED_MUNICIPALITIES:
        text = text.replace(seed_muni, municipality)
    return text


def pdf_corpus(spec: PdfCorpusSpec, seed_dir: Path = SEED_DIR, root: Path = WORK) -> Path:
    """The folder of generated PDFs for ``spec`` (generated once, then reused from the cache)."""
    folder = Path(root) / f"pdf-corpus-{spec.docs}x{spec.pages}-{spec.key(seed_dir)}"
    if (folder / "done.json").exists():
        return folder
    sentences = seed_sentences(seed_dir)
    if not sentences:
        raise ValueError(f"fant ingen setninger i {seed_dir}")
    rng = random.Random(spec.seed)
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for i in range(spec.docs):
        muni = MUNICIPALITIES[i % len(MUNICIPALITIES)]
        start = 2018 + i % 6
        title = f"{PLAN_NAMES[i % len(PLAN_NAMES)]} {start}–{start + 4}"
        pages = [[(kind, _swap_municipality(line, muni)) for kind, line in items]
                 for items in page_items(rng, sentences, spec.pages)]
        name = f"{re.sub(r'[^a-z0-9]+', '-', muni.lower().replace('ø', 'o').replace('æ', 'ae').replace('å', 'a'))}-plan-{i + 1:03d}.pdf"
        write_pdf(tmp / name, title, muni, pages)
    (tmp / "done.json").write_text(json.dumps({**asdict(spec), "key": spec.key(seed_dir)}), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return folder


# --- scaled text corpus ----------------------------------------------------------------------

_NUMBER = re.compile(r"\b\d{2,3}\b")


def vary_text(text: str, rng: random.Random, municipality: str) -> str:
    """A copy of a seed text with another municipality, sentences shuffled inside paragraphs
    (half of them) and two-/three-digit numbers shifted. Line and page layout is kept per paragraph."""
    text = _swap_municipality(text, municipality)
    blocks = re.split(r"(\n\s*\n)", text)
    out = []
    for block in blocks:
        sentences = _SENTENCE_END.split(block)
        if len(sentences) > 2 and rng.random() < 0.5:
            rng.shuffle(sentences)
            block = " ".join(s.strip() for s in sentences)
            block = "\n".join(textwrap.wrap(block, LINE_WIDTH)) or block
        out.append(block)
    text = "".join(out)
    return _NUMBER.sub(lambda m: str(int(m.group(0)) + rng.randint(1, 9)) if rng.random() < 0.5 else m.group(0), text)


def scaled_text_corpus(factor: int, seed_dir: Path = SEED_DIR, root: Path = WORK, seed: int = 11) -> Path:
    """The shipped corpus ``factor`` times (see module doc), with a manifest.csv (cached)."""
    folder = Path(root) / f"text-corpus-x{factor}-v{GENERATOR_VERSION}-{seed_hash(seed_dir)}-{seed}"
    if (folder / "done.json").exists():
        return folder
    seed_dir = Path(seed_dir)
    rows = []
    manifest = seed_dir / "manifest.csv"
    if manifest.exists():
        with manifest.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    by_file = {r["file"]: r for r in rows}
    rng = random.Random(seed)
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    out_rows = []
    fields = list(rows[0]) if rows else ["file", "title", "municipality", "kind", "year", "has_pages"]
    for copy in range(factor):
        for src in sorted(seed_dir.glob("*.txt")):
            text = src.read_text(encoding="utf-8")
            row = dict(by_file.get(src.name, {"file": src.name, "title": src.stem, "municipality": "",
                                               "kind": "kommunal plan", "year": "", "has_pages": "false"}))
            if copy == 0:
                name = src.name
            else:
                muni = MUNICIPALITIES[(copy - 1) % len(MUNICIPALITIES)]
                text = vary_text(text, rng, muni)
                name = f"{src.stem}-kopi{copy:03d}.txt"
                row = {k: _swap_municipality(v, muni) if isinstance(v, str) else v for k, v in row.items()}
                row["title"] = f"{row.get('title', src.stem)} (kopi {copy})"
            row["file"] = name
            (tmp / name).write_text(text, encoding="utf-8")
            out_rows.append(row)
    with (tmp / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(out_rows)
    (tmp / "done.json").write_text(json.dumps({"factor": factor, "seed": seed}), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return folder
