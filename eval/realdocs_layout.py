"""Reading order on the real PDFs: hand-checked pages (the sentences below were read off the
rendered pages, top to bottom, column by column, before any extractor was compared) and the
side-graphic check on Tromsø's slides.

    python -m eval.realdocs_layout            # the product's reader (ingest/readers/pdf.py)
    python -m eval.realdocs_layout --compare  # every extraction option side by side

A page passes when every listed sentence comes out whole (whitespace aside) after cleaning and in
the listed order; list items must come out as "- item" lines; no «Side N» footer may remain. The
side-graphic check counts text lines where a word of the repeating circle graphic («Sosialt»,
«Økonomisk», «Klima- og miljømessig», «Et bærekraftig Tromsø») stands inside running text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from assistant.models import Page
from eval.realdocs import DEFAULT_WORK, prepare_real_docs

TROMSO = "tromso-kommuneplanens-samfunnsdel-2020-2032.pdf"
TELEMARK = "telemark-ungdomsrad-handlingsplan-2025.pdf"


@dataclass(frozen=True)
class PageCheck:
    file: str
    page: int
    sentences: tuple[str, ...]  # in reading order
    items: tuple[str, ...] = ()  # must each be a "- item" line


CHECKS: tuple[PageCheck, ...] = (
    PageCheck(TROMSO, 3, (
        "Tromsø kommune er Nord-Norges største kommune.",
        "Tromsø er både en moderne by og et levende distrikt.",
        "Havet har hatt en særstilling historisk sett og har både vært levebrød og ferdselsåre.",
        "Prosessen har resultert i tre samfunnsmål som skal ligge til grunn for et bærekraftig Tromsø.",
        "Samfunnsmålene er felles for kommunesamfunnet og hele kommuneorganisasjonen.",
        "Vi må finne en god balanse mellom samfunnsmålene og de ressursene vi har til rådighet.",
    ), (
        "Sosial bærekraft – det betyr at alle innbyggerne i kommunen er likeverdige, likestilt og har gode hverdagsliv.",
        "gode møteplasser bidrar til økt integrering og bedre livskvalitet.",
    )),
    PageCheck(TROMSO, 4, (
        "Kommuneplanen som du nå leser, er kommunens overordnede styringsdokument og viser hvordan Tromsø skal "
        "utvikle seg de neste 12 årene.",
        "Arealdelen viser hvor vi skal bygge nye hus og parker, tilrettelegge for infrastruktur og ha næringsaktivitet.",
        "Det overordnede målet frem mot 2032 er et bærekraftig Tromsø.",
        "Dette skal vi nå gjennom de tre samfunnsmålene sosialt, klima- og miljømessig og økonomisk bærekraft.",
        "I denne kommuneplanen kan du lese mer om hva vi legger i målet og hvordan vi skal nå det.",
    )),
    PageCheck(TROMSO, 6, (), (
        "økte forskjeller i levekår, sosial helseulikhet og samfunnsdeltakelse",
        "en kommune med strammere økonomiske rammer samtidig som oppgavemengden, kompleksiteten og forventningene "
        "til velferds- og tjenestetilbudet øker",
        "barn og unge som veivisere til framtiden",
        "en kommuneorganisasjon som videreutvikler rollen som myndighetsutøver, tjenesteleverandør og samfunnsutvikler",
    )),
    PageCheck(TROMSO, 10, (
        "For Tromsø betyr sosial bærekraft at alle innbyggerne i kommunen er likeverdige, likestilte og har gode hverdagsliv.",
        "Sosial bærekraft betyr også at vi har respekt for de globale menneskerettighetene.",
        "I 2032 opplever innbyggerne i Tromsø god livskvalitet, tilhørighet, trygghet og at de er inkludert i samfunnet.",
        "En god hverdag skapes på felles møteplasser sammen med familie og venner, i skole, barnehage, "
        "arbeidsfellesskap, sosiale nettverk, frivillighet og i gode lokalmiljø.",
        "Samisk språk, kunst og kultur har gode utviklingsvilkår.",
        "Det er høy deltakelse i arbeidslivet og frivillig arbeid.",
    )),
    PageCheck(TROMSO, 11, (
        "Tromsø vil ha aktive innbyggere som har mulighet til å ivareta egen helse, trivsel og livskvalitet gjennom hele livet",
        "Tromsø vil gi barn og unge et godt utgangspunkt for å mestre hverdagen og voksenlivet",
        "Tromsø vil ha trygge, mangfoldige og aktive lokalmiljø",
    ), (
        "fremme folkehelse gjennom tiltak som kommer levekårsutsatte grupper særlig til gode",
        "være pådriver for å videreutvikle samisk språk, kultur og kompetanse",
        "tilrettelegge for at barn og unge kan påvirke egen hverdag og framtid",
        "forebygge og bekjempe rasisme, vold, terrorisme og kriminalitet",
    )),
    PageCheck(TROMSO, 12, (
        "For Tromsø betyr klima- og miljømessig bærekraft at all utvikling skjer innenfor naturens tålegrense.",
        "Transportløsninger er utviklet i samsvar med nullvekstmålet.",
        "Dette gjør at Tromsø har redusert eget klimaavtrykk, nådd lokale utslippsmål og bidratt til å nå nasjonale "
        "og globale klimamål.",
        "Konsekvensen av kritiske hendelser er redusert ved at beredskapen fungerer optimalt.",
    )),
    PageCheck(TELEMARK, 4, (
        "Telemark ungdomsråd som et rådgivende organ burde fungere som et knutepunkt for alle organisasjoner, og "
        "grupper som ungdommer i fylket vårt deltar i.",
        "Det er viktig at vi bygger opp demokratiske verdier, og viser ungdommen vår at vi både har en viktig "
        "stemme, og et system for å bli hørt.",
    ), (
        "Det skal være godt samarbeid mellom TU, lokale råd, elevråd og andre medvirkningsinstanser",
        "Det skal være en trygg og inkluderende avgangsmarkering.",
    )),
)

#: Pages of Tromsø that carry the repeating circle graphic, and its words.
SIDE_GRAPHIC_PAGES = (4, 8, 9, 10, 12, 14, 16)
SIDE_GRAPHIC = re.compile(r"\bSosialt\b|\bØkonomisk\b|Klima-\s?og\s+miljømessig(?!\s+bærekraft)|Et bærekraftig\s+Tromsø(?!\s+(?:er|kan|skal|vil))")


def _norm(text: str) -> str:
    return " ".join(text.split())


def check_page(check: PageCheck, text: str) -> list[str]:
    """Problems on one cleaned page ([] = passes)."""
    problems: list[str] = []
    flat = _norm(text)
    pos = 0
    for sentence in check.sentences:
        at = flat.find(_norm(sentence), pos)
        if at < 0:
            problems.append(("ute av rekkefølge: " if _norm(sentence) in flat else "ikke hel: ") + sentence[:60])
        else:
            pos = at + len(_norm(sentence))
    lines = {_norm(line) for line in text.splitlines()}
    for item in check.items:
        if f"- {_norm(item)}" not in lines:
            problems.append("ikke et listepunkt: " + item[:60])
    if re.search(r"Side\s?\d{1,3}\b", text):
        problems.append("«Side N» står igjen")
    return problems


def side_graphic_intrusions(text: str) -> list[str]:
    """Lines where a side-graphic word stands inside running text (the line has more than the
    graphic's own words)."""
    out = []
    for line in text.splitlines():
        if not SIDE_GRAPHIC.search(line):
            continue
        rest = SIDE_GRAPHIC.sub(" ", line.lstrip("-# "))
        if len(re.findall(r"[A-Za-zÆØÅæøå]{2,}", rest)) >= 4:
            out.append(line.strip())
    return out


# --- extraction options (for --compare) ---------------------------------------------------------


def _pypdf(mode: Literal["plain", "layout"]) -> Callable[[Path], list[str]]:
    def run(path: Path) -> list[str]:
        from pypdf import PdfReader

        return [p.extract_text(extraction_mode=mode) or "" for p in PdfReader(path).pages]

    return run


def _plumber(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def _pdfium(path: Path) -> list[str]:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    doc = pdfium.PdfDocument(path)
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def _product(path: Path) -> list[str]:
    from ingest.readers import read_pages

    return [p.text for p in read_pages(path)]


OPTIONS: dict[str, Callable[[Path], list[str]]] = {
    "produktet (ingest/readers/pdf.py)": _product,
    "pypdf plain": _pypdf("plain"),
    "pypdf layout": _pypdf("layout"),
    "pdfplumber": _plumber,
    "pypdfium2": _pdfium,
}


def measure(folder: Path, extract: Callable[[Path], list[str]]) -> dict[str, Any]:
    """Pages passed, problems, and side-graphic intrusions for one extraction option."""
    from ingest.clean import clean_pages

    cleaned: dict[str, list[Page]] = {}
    for name in (TROMSO, TELEMARK):
        texts = extract(folder / name)
        cleaned[name] = clean_pages([Page(i + 1, t) for i, t in enumerate(texts)])
    problems = {f"{c.file[:7]} s. {c.page}": check_page(c, cleaned[c.file][c.page - 1].text) for c in CHECKS}
    intrusions = [line for n in SIDE_GRAPHIC_PAGES for line in side_graphic_intrusions(cleaned[TROMSO][n - 1].text)]
    return {
        "pages_passed": sum(1 for p in problems.values() if not p),
        "pages": len(problems),
        "sentences_whole": sum(len(c.sentences) + len(c.items) for c in CHECKS) - sum(len(p) for p in problems.values()),
        "sentences": sum(len(c.sentences) + len(c.items) for c in CHECKS),
        "side_graphic_intrusions": len(intrusions),
        "problems": {k: v for k, v in problems.items() if v},
        "intrusion_lines": intrusions[:5],
    }


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    folder = DEFAULT_WORK
    prepare_real_docs(folder)
    options = OPTIONS if "--compare" in argv else {k: v for k, v in OPTIONS.items() if k.startswith("produktet")}
    for name, extract in options.items():
        try:
            r = measure(folder, extract)
        except ImportError as exc:
            print(f"{name}: ikke installert ({exc.name})")
            continue
        print(f"{name}: sider {r['pages_passed']}/{r['pages']}, setninger/punkter hele {r['sentences_whole']}/"
              f"{r['sentences']}, sidegrafikk inne i tekst {r['side_graphic_intrusions']}")
        for page, probs in r["problems"].items():
            for p in probs:
                print(f"    {page}: {p}")
        for line in r["intrusion_lines"]:
            print(f"    sidegrafikk: {line[:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
