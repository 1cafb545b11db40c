"""The one vocabulary of Norwegian plan structure, bokmål and nynorsk: the label words that head goals,
measures and indicators, the section words, action-table column names, list glyphs and the file
types we read.

Cleaning (ingest/clean.py), structure detection (ingest/structure.py) and the checker
(assistant/checker/) build their patterns from these lists, so a label added here is known to all
three. Each list describes a convention of Norwegian plans, never one plan's wording.
"""

from __future__ import annotations

import re

# --- label words (a label heads a block: «Mål», «Tiltak:», «Indikatorar») --------------------------

#: Goal labels. Compounds are written whole («Hovedmål»); «Overordnet mål» as two words.
GOAL_LABELS: tuple[str, ...] = (
    "Mål", "Hovedmål", "Hovudmål", "Delmål", "Effektmål", "Resultatmål", "Samfunnsmål", "Overordnet mål",
    "Overordna mål", "Overordnede mål", "Målsetting", "Målsettinger", "Målsetjing", "Målsetjingar",
    "Målsetning", "Målsetninger", "Våre mål", "Mål og strategier", "Mål og strategiar",
)
#: Vision labels: context for the goals under them, not goals.
VISION_LABELS: tuple[str, ...] = (
    "Fremtidsbilde", "Framtidsbilde", "Fremtidsbilete", "Framtidsbilete", "Visjon",
)
#: Measure labels (what the plan will do).
MEASURE_LABELS: tuple[str, ...] = (
    "Tiltak", "Tiltaka", "Tiltakene", "Strategi", "Strategier", "Strategiar", "Aktiviteter", "Aktivitetar",
    "Handling", "Handlinger", "Handlingar", "Virkemidler", "Verkemiddel", "Slik gjør vi det", "Slik gjer vi det",
    "Hva gjør vi", "Kva gjer vi",
)
#: Indicator labels (how the plan measures).
INDICATOR_LABELS: tuple[str, ...] = (
    "Indikator", "Indikatorer", "Indikatorar", "Resultatindikator", "Resultatindikatorer", "Resultatindikatorar",
    "Måleindikator", "Måleindikatorer", "Måleindikatorar", "Kvalitetsindikator", "Kvalitetsindikatorer",
    "Kvalitetsindikatorar", "Måltall", "Måltal", "Slik måler vi", "Korleis måler vi", "Hvordan måler vi", "Måling",
)
#: Areas that group goals and measures («Innsatsområder», «Satsingsområde 2»).
AREA_LABELS: tuple[str, ...] = (
    "Satsingsområde", "Satsingsområder", "Satsningsområde", "Satsningsområder", "Innsatsområde",
    "Innsatsområder", "Fokusområde", "Fokusområder", "Hovedområde", "Utviklingsområde", "Område", "Kapittel",
    "Del", "Tema",
)
#: Other labels of plan sections (background, core components).
OTHER_LABELS: tuple[str, ...] = (
    "Kjernekomponenter", "Kjernekomponentar", "Bakgrunn", "Status", "Utfordringer", "Utfordringar",
)
#: Phrases that introduce a goal's means in the plan's voice («Tromsø vil … Derfor skal vi» + items).
#: The checker reads them as measure labels; they are phrases, not headings.
MEANS_PHRASES: tuple[str, ...] = (
    "Derfor skal vi", "Derfor vil vi", "Difor skal vi", "Difor vil vi", "Dette vil vi gjøre", "Dette gjør vi",
    "Dette gjer vi", "Slik når vi målet", "Slik når vi måla", "Slik skal vi nå målet", "For å nå målet skal vi",
    "Strategier og tiltak", "Tiltak og strategier",
)
#: Goal labels written as compounds or phrases beside GOAL_LABELS («Overordnet målsetting»).
GOAL_LABEL_VARIANTS: tuple[str, ...] = (
    "Overordnet målsetting", "Overordnet målsettinger", "Overordna målsetjing", "Overordna målsetjingar",
    "Overordnede målsettinger", "Hovedmålsetting", "Hovedmålsettinger", "Hovudmålsetjing", "Samfunnsmålene",
    "Samfunnsmåla", "Delmålene", "Delmåla", "Mål og delmål", "Hovedmål og delmål",
)
#: Vision phrases beside VISION_LABELS: text under them is context for the goals, not goals.
VISION_PHRASES: tuple[str, ...] = (
    "Slik vil vi ha det", "Slik skal vi ha det", "Slik vil me ha det", "Vår visjon", "Visjonen",
)

#: Words that name a plan section; a line holding only one of them is a heading.
SECTION_WORDS: frozenset[str] = frozenset({
    "forord", "innledning", "bakgrunn", "sammendrag", "oppsummering", "konklusjon", "vedlegg",
    "handlingsdel", "evaluering", "oppfølging", "kilder", "referanser", "litteratur", "formål",
    "målgruppe", "innhold", "innholdsfortegnelse", "vedtak", "saksopplysninger", "vurdering",
    # nynorsk
    "føreord", "innleiing", "samandrag", "kjelder", "referansar", "føremål", "innhald",
    "innhaldsliste", "saksopplysningar",
})


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of the words, longest first (so «Målsetting» wins over «Mål»)."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


# --- list glyphs -----------------------------------------------------------------------------------

#: First-level bullet glyphs, including the private-use glyphs of Symbol/Wingdings fonts that PDF and
#: Word exports leave in the text (U+F0B7 is Symbol's bullet).
BULLET_GLYPHS = "•●▪■◾◼▸►▶➢➤✓✔❖◆◊□☐❑➔→∙·⁃‣\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0e0\uf0f0\uf02d"
#: Second-level bullet glyphs.
SUB_BULLET_GLYPHS = "◦○"
#: Dashes and stars used as bullets when followed by a space.
DASH_BULLETS = "-–—*"
#: Any private-use code point (symbol fonts) at the start of a line is a bullet.
PRIVATE_USE = "\ue000-\uf8ff"

# --- file types ------------------------------------------------------------------------------------

#: Every file type the readers accept (lower-case suffixes). ingest/run.py, the app's upload and the
#: readers all use this one list.
SUPPORTED_SUFFIXES: tuple[str, ...] = (
    ".pdf", ".docx", ".html", ".htm", ".xhtml", ".txt", ".md", ".markdown", ".xml",
)
