"""Generate real PDFs for tests with reportlab (and pypdf for page labels and encryption).

``make_plan_pdf`` writes a small municipal plan: a running header and a "Side N" footer on every
page, numbered headings ("2.1 Mål"), a word hyphenated across two lines ("læ-" / "ring"), a
"rus-" / "og kriminalitetsforebyggende" wrap that must NOT be joined, bullet lists whose items
wrap over two lines, and a small three-column table. The exact sentences are module constants
so other tests can ask questions about them and check the answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

HEADER = "Jevnaker kommune, Kvalitetsplan 2022–2025"

# --- page 1: 2.1 Mål / Tiltak / table -----------------------------------------------------------
HEADING_GOAL = "2.1 Mål"
GOAL_SENTENCE = (
    "Alle barn og unge i kommunen skal oppleve et trygt og inkluderende læringsmiljø der de får "
    "utvikle seg faglig og sosialt."
)
GOAL_SENTENCE_2 = (
    "Kommunen skal styrke det tverrfaglige samarbeidet om tidlig innsats og sikre god læring for alle elever."
)
HYPHENATED_WORD = "læring"  # printed as "læ-" at a line end and "ring" on the next line
HEADING_MEASURES = "Tiltak"
MEASURE_1 = "Alle skoler gjennomfører elevundersøkelsen hvert år og følger opp resultatene i klassene."
MEASURE_2 = "Kommunen etablerer et felles ressursteam for rus- og kriminalitetsforebyggende arbeid blant ungdom."
MEASURE_3 = "Helsesykepleier er til stede på alle skoler minst tre dager i uka."
TABLE_HEADER = ("Tiltak", "Ansvar", "Frist")
TABLE_ROWS = (
    ("Elevundersøkelsen", "Rektor", "Desember 2023"),
    ("Ressursteam", "Kommunalsjef", "Juni 2024"),
)

# --- page 2: 2.2 Inkluderende miljø / Resultatindikatorer ---------------------------------------
HEADING_INCLUSION = "2.2 Inkluderende miljø"
INCLUSION_SENTENCE = (
    "Barnehagene og skolene skal arbeide systematisk mot mobbing, og alle ansatte skal kjenne "
    "aktivitetsplikten etter opplæringslova."
)
HEADING_INDICATORS = "Resultatindikatorer"
INDICATOR_1 = "Andelen elever som oppgir at de blir mobbet, skal være under 5 prosent innen 2025."
INDICATOR_2 = "Alle barnehager har en plan for et trygt og godt barnehagemiljø."

# --- page 3: 3.1 Tidlig innsats ------------------------------------------------------------------
HEADING_EARLY = "3.1 Tidlig innsats"
EARLY_SENTENCE = (
    "Kommunen skal fange opp barn som trenger ekstra hjelp så tidlig som mulig, og alle barnehager "
    "skal bruke BTI-modellen i samarbeidet med foreldrene."
)

# Each page is a list of (kind, lines): kind "h" heading, "p" paragraph lines, "b" one bullet
# item (its lines; continuation lines are indented), "t" table rows, "s" space.
_PAGE_1 = [
    ("h", [HEADING_GOAL]),
    (
        "p",
        [
            "Alle barn og unge i kommunen skal oppleve et trygt og inkluderende",
            "læringsmiljø der de får utvikle seg faglig og sosialt. Kommunen skal styrke",
            "det tverrfaglige samarbeidet om tidlig innsats og sikre god læ-",
            "ring for alle elever.",
        ],
    ),
    ("s", []),
    ("h", [HEADING_MEASURES]),
    ("b", ["Alle skoler gjennomfører elevundersøkelsen hvert år og følger opp", "resultatene i klassene."]),
    ("b", ["Kommunen etablerer et felles ressursteam for rus-", "og kriminalitetsforebyggende arbeid blant ungdom."]),
    ("b", ["Helsesykepleier er til stede på alle skoler minst tre dager i uka."]),
    ("s", []),
    ("t", [TABLE_HEADER, *TABLE_ROWS]),
]
_UNHYPHENATED = {  # hyphenation=False: the same paragraph without the "læ-" / "ring" break
    "det tverrfaglige samarbeidet om tidlig innsats og sikre god læ-": "det tverrfaglige samarbeidet om tidlig innsats og sikre god",
    "ring for alle elever.": "læring for alle elever.",
}
_PAGE_2 = [
    ("h", [HEADING_INCLUSION]),
    (
        "p",
        [
            "Barnehagene og skolene skal arbeide systematisk mot mobbing, og alle ansatte skal",
            "kjenne aktivitetsplikten etter opplæringslova.",
        ],
    ),
    ("s", []),
    ("h", [HEADING_INDICATORS]),
    ("b", ["Andelen elever som oppgir at de blir mobbet, skal være under 5 prosent", "innen 2025."]),
    ("b", ["Alle barnehager har en plan for et trygt og godt barnehagemiljø."]),
]
_PAGE_3 = [
    ("h", [HEADING_EARLY]),
    (
        "p",
        [
            "Kommunen skal fange opp barn som trenger ekstra hjelp så tidlig som mulig, og alle",
            "barnehager skal bruke BTI-modellen i samarbeidet med foreldrene.",
        ],
    ),
]


def extra_page_sentence(n: int) -> str:
    """The sentence on generated page ``n`` (4, 5, …) when more than three pages are asked for."""
    return f"Dette er side {n} i planen, og den beskriver oppfølgingen av tiltakene i kapittel {n}."


def _extra_page(n: int) -> list:
    words = extra_page_sentence(n).split(" ")
    half = len(words) // 2
    return [("h", [f"{n}.1 Oppfølging {n}"]), ("p", [" ".join(words[:half]), " ".join(words[half:])])]


def _font() -> str:
    """A TrueType font with Norwegian letters when one is installed, else Helvetica (WinAnsi has æøå)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for candidate in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    ):
        if Path(candidate).exists():
            try:
                pdfmetrics.registerFont(TTFont("DejaVu", candidate))
                return "DejaVu"
            except Exception:
                break
    return "Helvetica"


def make_plan_pdf(
    path: Path,
    pages: int = 3,
    header: str | None = HEADER,
    footer_page_numbers: bool = True,
    hyphenation: bool = True,
    bullets: bool = True,
    table: bool = True,
    page_labels: list[str] | None = None,
) -> Path:
    """Write a plan PDF with ``pages`` pages (at least 1) to ``path`` and return the path."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = Path(path)
    font = _font()
    layouts: list[Any] = [_PAGE_1, _PAGE_2, _PAGE_3] + [_extra_page(n) for n in range(4, max(pages, 3) + 1)]
    layouts = layouts[: max(1, pages)]
    width, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Kvalitetsplan for oppvekst og kultur 2022–2025")
    for number, layout in enumerate(layouts, start=1):
        if header:
            c.setFont(font, 9)
            c.drawString(60, height - 40, header)
        y = height - 90
        for kind, lines in layout:
            if kind == "h":
                c.setFont(font, 14)
                c.drawString(60, y, lines[0])
                y -= 24
            elif kind == "p":
                c.setFont(font, 11)
                if not hyphenation:
                    lines = [_UNHYPHENATED.get(line, line) for line in lines]
                for line in lines:
                    c.drawString(60, y, line)
                    y -= 15
            elif kind == "b":
                if not bullets:
                    continue
                c.setFont(font, 11)
                c.drawString(66, y, "•")
                for line in lines:
                    c.drawString(80, y, line)
                    y -= 15
            elif kind == "t":
                if not table:
                    continue
                c.setFont(font, 10)
                for row in lines:
                    for x, cell in zip((60, 240, 380), row):
                        c.drawString(x, y, cell)
                    y -= 16
            elif kind == "s":
                y -= 12
        if footer_page_numbers:
            c.setFont(font, 9)
            c.drawString(width / 2 - 15, 30, f"Side {number}")
        c.showPage()
    c.save()
    if page_labels:
        _write_page_labels(path, page_labels)
    return path


def _write_page_labels(path: Path, labels: list[str]) -> None:
    """Write /PageLabels: one range per page whose prefix is the wanted label."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(path))
    for i, label in enumerate(labels[: len(writer.pages)]):
        if label.isdigit():
            writer.set_page_label(i, i, style="/D", start=int(label))  # type: ignore[arg-type]
        else:
            writer.set_page_label(i, i, prefix=label)
    with open(path, "wb") as fh:
        writer.write(fh)


def make_scanned_pdf(path: Path) -> Path:
    """A one-page PDF with only drawings (boxes and lines, like a scan): no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = Path(path)
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFillGray(0.8)
    c.rect(50, 400, 400, 300, fill=1, stroke=1)
    for i in range(20):
        c.line(70, 420 + i * 12, 420, 420 + i * 12)
    c.showPage()
    c.save()
    return path


def make_encrypted_pdf(path: Path, password: str = "hemmelig") -> Path:
    """A plan PDF that needs a user password to open."""
    from pypdf import PdfWriter

    path = Path(path)
    plain = path.with_name(path.stem + "-ukryptert.pdf")
    make_plan_pdf(plain, pages=1)
    writer = PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password=password, owner_password=password + "-eier", algorithm="RC4-128")
    with open(path, "wb") as fh:
        writer.write(fh)
    plain.unlink()
    return path


def make_truncated_pdf(path: Path, keep: float = 0.5) -> Path:
    """A plan PDF cut off after ``keep`` of its bytes (an interrupted download)."""
    path = Path(path)
    make_plan_pdf(path, pages=2)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def make_corrupt_pdf(path: Path) -> Path:
    """Starts like a PDF and ends with %%EOF, but the body is garbage."""
    path = Path(path)
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R\n" + b"\x00garbage" * 50 + b"\n%%EOF\n")
    return path


def make_fake_pdf(path: Path) -> Path:
    """A text file named .pdf."""
    path = Path(path)
    path.write_text("Dette er ikke en PDF, bare vanlig tekst.\n", encoding="utf-8")
    return path


def make_flowing_pdf(
    path: Path,
    sections: list[tuple[str, list[list[str]]]],
    header: str = HEADER,
    lines_per_page: int = 38,
    width_chars: int = 78,
    page_labels: list[str] | None = None,
    first_printed: int = 1,
) -> tuple[Path, dict[str, tuple[int, int]]]:
    """A typeset plan: ``sections`` = [(heading, [paragraph = [sentence, …], …]), …] set as
    running text wrapped at ``width_chars``, long words hyphenated across line ends ("kompetanse-"
    / "utvikling"), paragraphs flowing over page breaks, a running header and a «Side N av M»
    footer on every page (numbered from ``first_printed`` on page 1; no footer on pages numbered
    below 1, like an unnumbered cover). Returns the path and, per sentence, (first page, last
    page) where its characters stand (1-based physical pages)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    # lay out lines: (kind, text, [(sentence, is_first_piece, is_last_piece)])
    lines: list[tuple[str, str, list[tuple[str, bool, bool]]]] = []
    for heading, paragraphs in sections:
        lines.append(("s", "", []))
        lines.append(("h", heading, []))
        for para in paragraphs:
            current, owners = "", []
            for sentence in para:
                words = sentence.split(" ")
                for k, word in enumerate(words):
                    first, last = k == 0, k == len(words) - 1
                    candidate = f"{current} {word}" if current else word
                    if len(candidate) <= width_chars:
                        current = candidate
                        owners.append((sentence, first, last))
                        continue
                    room = width_chars - len(current) - 2
                    if len(word) >= 12 and room >= 5 and word.isalpha() and word[room:room + 1].islower():
                        current = f"{current} {word[:room]}-"  # hyphenate across the line end
                        owners.append((sentence, first, False))
                        lines.append(("p", current, owners))
                        current, owners = word[room:], [(sentence, False, last)]
                    else:
                        lines.append(("p", current, owners))
                        current, owners = word, [(sentence, first, last)]
            if current:
                lines.append(("p", current, owners))
            lines.append(("s", "", []))
    if lines_per_page > 41:
        raise ValueError("at most 41 lines fit on an A4 page above the footer")
    pages = [lines[i:i + lines_per_page] for i in range(0, len(lines), lines_per_page)]
    where: dict[str, list[int]] = {}
    font = _font()
    width, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    for number, page in enumerate(pages, start=1):
        c.setFont(font, 9)
        c.drawString(60, height - 40, header)
        y = height - 80
        for kind, text, owners in page:
            if kind == "h":
                c.setFont(font, 13)
                c.drawString(60, y, text)
            elif kind == "p":
                c.setFont(font, 10)
                c.drawString(60, y, text)
                for sentence, _, _ in owners:
                    where.setdefault(sentence, []).append(number)
            y -= 17
        printed = number - 1 + first_printed
        if printed >= 1:
            c.setFont(font, 9)
            c.drawString(width / 2 - 25, 30, f"Side {printed} av {len(pages) - 1 + first_printed}")
        c.showPage()
    c.save()
    if page_labels:
        _write_page_labels(path, page_labels)
    return Path(path), {s: (min(p), max(p)) for s, p in where.items()}


SCANNED_LINES = (
    "Kommunen skal bygge en ny barnehage",
    "i sentrum innen 2027.",
    "Alle skoler skal ha helsesykepleier.",
)


def make_image_pdf(path: Path, lines: tuple[str, ...] = SCANNED_LINES, text_page_first: bool = False) -> Path:
    """A scanned plan: each page is one image of rendered text (Pillow), no text layer. With
    ``text_page_first`` a normal text page comes first (a partly scanned document)."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    font_path = next((p for p in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                  "/usr/share/fonts/dejavu/DejaVuSans.ttf") if Path(p).exists()), None)
    font = ImageFont.truetype(font_path, 44) if font_path else ImageFont.load_default(size=44)
    image = Image.new("L", (1700, 120 + 80 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((80, 60 + 80 * i), line, fill=0, font=font)
    width, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    if text_page_first:
        c.setFont(_font(), 12)
        c.drawString(60, height - 100, "Forord: denne planen har en side med tekst og en skannet side.")
        c.showPage()
    c.drawImage(ImageReader(image), 40, height - 60 - image.height * 0.3, width=image.width * 0.3,
                height=image.height * 0.3)
    c.showPage()
    c.save()
    return Path(path)
