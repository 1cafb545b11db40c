"""Themes: which goals of which plans are about mobbing, tidlig innsats, lesing, … — a
keyword reading of the goal text (bokmål and nynorsk stems)."""

from __future__ import annotations

import re

from assistant.models import DocumentMeta

from .models import PlanCheck, ThemeEntry, ThemeGroup

THEMES: dict[str, tuple[str, ...]] = {
    "mobbing": (r"mobb", r"krenk", r"trakass", r"erting", r"nulltoleranse"),
    "tidlig innsats": (r"tidlig innsats", r"tidleg innsats", r"rett hjelp til rett tid", r"fange opp",
                       r"tidlig\b", r"tidleg\b"),
    "lesing": (r"\bles(e|ing)", r"leseferd", r"språk", r"grunnleggende ferdigheter", r"grunnleggjande"),
    "fullføring": (r"fullfør", r"fullført", r"videregående", r"vidaregåande", r"frafall", r"bestå",
                   r"13-årige"),
    "psykisk helse": (r"psykisk", r"livsmestring", r"følelses", r"selvbilde", r"sjølvbilete", r"helsefremm",
                      r"trygge og robuste", r"robuste"),
    "foreldresamarbeid": (r"foreld", r"foresatt", r"\bhjem\b", r"heim", r"familie"),
    "læringsmiljø og trivsel": (r"læringsmiljø", r"trivsel", r"trives", r"trygghet", r"tryggleik",
                                r"skolemiljø", r"skulemiljø", r"\btrygt\b", r"arbeidsglede"),
    "inkludering": (r"inklud", r"utenforskap", r"utanforskap", r"like muligheter", r"mangfold",
                    r"diskriminering", r"særlige behov", r"vennskap", r"tilhørighet"),
    "faglige resultater": (r"skolefaglig", r"resultat", r"grunnskolepoeng", r"prestasjon", r"kompetanse for",
                           r"faglig", r"spesialundervisning"),
    "ledelse og kompetanse": (r"\bleder", r"ledelse", r"leiing", r"rekrutter", r"relasjonskompetanse",
                              r"kompetente", r"bemanning"),
    "overganger og samarbeid": (r"overgang", r"samarbeid", r"tverrfaglig", r"på tvers"),
    "fritid og møteplasser": (r"møteplass", r"fritid", r"kultur", r"aktivitet"),
}
_COMPILED = {t: [re.compile(p, re.IGNORECASE) for p in pats] for t, pats in THEMES.items()}


def themes_for(text: str) -> list[str]:
    """Themes a goal text is about (may be several, may be none)."""
    return [t for t, pats in _COMPILED.items() if any(p.search(text) for p in pats)]


def theme_view(plans: list[PlanCheck]) -> list[ThemeGroup]:
    """Goals of all plans grouped by theme, themes in the order of THEMES; empty themes left out.
    Goals with no theme are grouped under "annet"."""
    groups = {t: ThemeGroup(t) for t in list(THEMES) + ["annet"]}
    for plan in plans:
        meta: DocumentMeta = plan.meta
        for g in plan.goals:
            for t in g.themes or ["annet"]:
                groups[t].entries.append(ThemeEntry(meta, g))
    return [g for g in groups.values() if g.entries]
