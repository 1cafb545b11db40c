"""National reports — white papers (Meld. St.), official studies (NOU), bills (Prop.) and
circulars (rundskriv): their short names and chapter numbers, for metadata and citations
(«Meld. St. 6 (2019–2020), kap. 5.2, s. 63»)."""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Document kinds cited by short name and chapter.
REPORT_KINDS = ("stortingsmelding", "NOU", "proposisjon", "rundskriv")

_SESSION = r"\(\s*(\d{4})\s*[–-]\s*(\d{4})\s*\)"
#: (kind, pattern of the short name); group 1.. as used by ``short_name``
_NAMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("stortingsmelding", re.compile(rf"\bMeld\.\s*St\.\s*(\d{{1,3}})\s*{_SESSION}")),
    ("stortingsmelding", re.compile(rf"\bSt\.\s*meld\.\s*nr\.\s*(\d{{1,3}})\s*{_SESSION}")),
    ("NOU", re.compile(r"\bNOU\s+(\d{4})\s*:\s*(\d{1,3})\b")),
    ("proposisjon", re.compile(rf"\bProp\.\s*(\d{{1,3}})\s*([LS]|LS)\s*{_SESSION}")),
    ("rundskriv", re.compile(r"\b[Rr]undskriv\s+((?:Udir|F|Q|H|R|G|I|A)-?\s?\d{1,3}[-/]\d{2,4})\b")),
)
_CHAPTER = re.compile(r"^(?:Kapittel\s+|Kap\.\s*)?(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+\S")


def find_report(text: str) -> tuple[str, str, int | None] | None:
    """(kind, short name, year) of the first report named in ``text``: («stortingsmelding»,
    «Meld. St. 6 (2019–2020)», 2019), («NOU», «NOU 2019: 3», 2019); None when none is named."""
    best: tuple[int, str, str, int | None] | None = None
    for kind, rx in _NAMES:
        m = rx.search(text)
        if not m or (best is not None and m.start() >= best[0]):
            continue
        g = m.groups()
        if kind == "stortingsmelding":
            name, year = f"Meld. St. {g[0]} ({g[1]}–{g[2]})", int(g[1])
            if "meld" in m.group(0).lower() and "St." in m.group(0) and "nr" in m.group(0):
                name = f"St.meld. nr. {g[0]} ({g[1]}–{g[2]})"
        elif kind == "NOU":
            name, year = f"NOU {g[0]}: {g[1]}", int(g[0])
        elif kind == "proposisjon":
            name, year = f"Prop. {g[0]} {g[1]} ({g[2]}–{g[3]})", int(g[2])
        else:
            name, year = f"Rundskriv {g[0].replace(' ', '')}", None
        best = (m.start(), kind, name, year)
    return (best[1], best[2], best[3]) if best else None


def chapter_number(section: Sequence[str]) -> str:
    """The chapter number of the innermost numbered heading in a section path («5.2»), '' when
    none is numbered."""
    for title in reversed(section):
        m = _CHAPTER.match(title.strip())
        if m:
            return m.group(1)
    return ""
