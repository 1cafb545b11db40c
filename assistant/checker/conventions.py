"""Phrasing conventions of Norwegian plans that the checker reads (bokmål and nynorsk): label
variants written inline («Mål: …», «Delmål 1. …», «Strategi – … – …»), phrases that introduce the
means of a goal («Derfor skal vi», «Dette vil vi gjøre»), the plan's own voice («Kommunen vil …»,
«Vi skal …»), goals stated in running text («Det er et mål at …», «… har som mål å …»), plans a goal
can be quoted from, and statements that a plan's indicators or measures live elsewhere.

Each pattern describes a convention seen across plans, never one plan's wording.
"""

from __future__ import annotations

import re

from assistant.vocabulary import (
    AREA_LABELS,
    BULLET_GLYPHS,
    GOAL_LABEL_VARIANTS,
    MEANS_PHRASES,
    PRIVATE_USE,
    VISION_PHRASES,
    alternation,
)

#: Bullet glyphs that PDF extraction leaves inside a line when several bullets run together (the
#: vocabulary's glyphs without the arrows and ticks that also stand inside sentences).
INLINE_BULLETS = "".join(g for g in BULLET_GLYPHS if g not in "→➔✓✔·◊□☐❑⁃‣") + PRIVATE_USE
#: A second-level dash used inside a line for sub-points («6.1.1 Mål − strategi − strategi»).
SUB_DASH = "−"

_INLINE_GOAL_LABEL = (r"(?:Overordn(?:et|a|ede)\s+(?:mål|målsetting|målsetjing)|OVERORDNET\s+MÅLSETTING|"
                      r"(?:Hoved|Hovud|Del|Samfunns|Effekt|Resultat)mål(?:setting|setjing)?|Mål(?:setting|setjing|setning)?|"
                      r"MÅL|DELMÅL|HOVEDMÅL)")
_INLINE_MEASURE_LABEL = r"(?:Strategi(?:er|ar)?|STRATEGI(?:ER)?|Tiltak|TILTAK)"

#: A label written at the start of a paragraph, followed by its content: «Mål: Kommunen skal …»,
#: «Delmål Legge til rette …», «Strategi – a – b», «Strategier: …». Case-sensitive: the label
#: starts with a capital.
INLINE_LABEL_RE = re.compile(
    rf"^(?P<label>{_INLINE_GOAL_LABEL}|{_INLINE_MEASURE_LABEL})"
    r"(?:\s*:\s*|\s+(?=[–-]\s)|\s+(?=[A-ZÆØÅ«\d]))(?P<rest>\S.*)$",
    re.DOTALL,
)
#: A content start that is a table header, not a labelled goal («Tiltak Ansvar Frist»).
TABLE_HEADER_START_RE = re.compile(r"^(?:Ansvar\w*|Frist|Økonomi|Kostnad\w*|Tidsplan|Tidsrom|Periode|Status|Mål|"
                                   r"Indikator\w*|Formål|Gjennomføres|Kommentar|Når|Hvem|Kven)\b")
#: «Mål 1: Trygt læringsmiljø for alle» — a numbered goal label holding its goal (often a heading).
NUMBERED_GOAL_RE = re.compile(
    r"^(?P<label>Mål|Delmål|Hovedmål|Hovudmål|Resultatmål|Effektmål|Målområde)\s+\d{1,2}(?:\.\d{1,2})?\s*[:.–-]\s*(?P<rest>[A-ZÆØÅ«].{3,})$",
    re.DOTALL,
)
#: «Tiltak 4: Tilby kurs …» — a numbered measure.
NUMBERED_MEASURE_RE = re.compile(r"^(?:Tiltak|TILTAK)\s+(\d{1,3})\s*[:.]\s*(?P<rest>\S.*)$", re.DOTALL)
#: «Innsatsområde 2. Lier skal …» — a numbered area of effort under a goal: the goal's means.
NUMBERED_AREA_RE = re.compile(
    r"^(?:Innsatsområde|Innsatsområde|Satsingsområde|Satsingsområde|Fokusområde)\s+(\d{1,2})\s*[.:]\s*(?P<rest>\S.*)$",
    re.DOTALL,
)
#: Label names that head the means of a goal beside vocabulary's measure labels: the means phrases
#: and the areas of effort under a goal («Innsatsområder»).
EXTRA_MEASURE_LABELS = MEANS_PHRASES + tuple(a for a in AREA_LABELS if a.startswith(("Innsats", "Satsing")))
EXTRA_MEASURE_LABEL_RE = re.compile(rf"^(?:{alternation(EXTRA_MEASURE_LABELS)})\s*:?$", re.IGNORECASE)
#: The same phrases closing a line («Tromsø vil ha … Derfor skal vi»).
TRAILING_MEASURE_LABEL_RE = re.compile(
    r"^(?P<text>.*\S)\s+(?P<label>Derfor (?:skal|vil) vi|Difor (?:skal|vil) vi|Dette vil vi gjøre|Dette gjør vi|"
    r"Slik når vi målet|For å nå målet skal vi)\s*:?$",
    re.DOTALL,
)
#: Goal labels beside vocabulary's: «Overordnet målsetting», «Hovedmålsetting», «Samfunnsmålene».
EXTRA_GOAL_LABEL_RE = re.compile(
    rf"^(?:{alternation(GOAL_LABEL_VARIANTS)})(?:\s+(?:for|i)\s+[\wæøåÆØÅ/ ,-]{{1,50}})?\s*:?$", re.IGNORECASE)
#: Vision phrases beside vocabulary's vision labels («Slik vil vi ha det i 2032»).
EXTRA_VISION_RE = re.compile(rf"^(?:{alternation(VISION_PHRASES)})\b", re.IGNORECASE)

#: The plan's own voice: «Tromsø vil …», «Tromsø kommune vil …», «Kommunen skal …», «Vi vil …».
VOICE_SUBJECT = (r"(?:[A-ZÆØÅ][\wæøå-]+(?:\s+(?:kommune|fylkeskommune|fylke|kommunes?\s+\w+|ungdomsråd|"
                 r"eldreråd|råd|utvalg))?|Kommunen|Fylkeskommunen|Vi|Me)")
VOICE_RE = re.compile(rf"^{VOICE_SUBJECT}\s+(?:vil|skal|ønsker å)\s+(?!derfor\b)\S")
#: A voice statement inside a longer line, at its end (the line's start is the bullet before it).
VOICE_TAIL_RE = re.compile(rf"^(?P<head>.*\S)\s+(?P<voice>{VOICE_SUBJECT}\s+vil\s+(?!derfor\b).+)$", re.DOTALL)

#: Goals stated in running text (beyond goals.py's «Målet med planen er …»).
STATED_GOAL_RES: tuple[re.Pattern[str], ...] = (
    # «Det er en overordna målsetting at …», «Det er et mål at …», «Det må fortsatt være et mål at …»
    re.compile(r"\bDet (?:er|må (?:derfor )?(?:fortsatt |også )?være) (?:en |et |eit )?(?:overordn\w+ |viktig |sentralt )?"
               r"(?:mål|målsetting|målsetjing)\w* (?:at|å)\b"),
    # «Sametingets mål er …», «Kommunens mål er …» (not the government's, see OTHER_ACTOR_RE)
    re.compile(r"^[A-ZÆØÅ][\wæøå-]+s (?:overordnede |viktigste )?(?:mål|målsetting)\w* (?:er|blir) (?:at |å )?\S"),
    # «…, målet er at …» inside a sentence; «Målsettingen er 500 …» (a number) at its start
    re.compile(r"[,;:–]\s(?:målet|målsettingen|målsetjinga|hovedmålet|hovudmålet) (?:er|blir|vert) (?:at|å)\s"),
    re.compile(r"^(?:Målet|Målsettingen|Målsetjinga|Hovedmålet|Hovudmålet) (?:er|blir|vert) (?:på |om )?\d"),
    # «Målet er at kommunen skal bli …»: a state to reach (not «Målet er å vurdere …», an activity's aim)
    re.compile(r"^(?:Målet|Målsettingen|Målsetjinga|Hovedmålet|Hovudmålet) (?:er|blir|vert) at [^.]{3,120}?\b(?:skal|blir|vert)\b"),
    # «… med den målsetningen å …», «… med mål om å …»
    re.compile(r"\bmed (?:den |det )?(?:målsetningen|målsettingen|målsetjinga|målet|mål) (?:om )?(?:å|at)\b"),
    # «X har (som) mål om å …», «X har som målsetting å …»
    re.compile(r"\bhar (?:som |et |eit )?(?:overordn\w+ )?(?:mål|målsetting|målsetjing) (?:om )?(?:å|at)\b"),
    # «det er satt som mål at …», «det er vedtatt som mål at …»
    re.compile(r"\b(?:er|blei|ble|vart)(?: det)? (?:satt|sett|vedtatt|vedteke) (?:som )?(?:et |eit )?(?:mål|målsetting) (?:at|å|om)\b"),
)
#: Actors whose goals a local plan quotes as background (not the plan's goals): state, government,
#: Storting, UN, ministries, directorates, the law.
OTHER_ACTOR_RE = re.compile(
    r"\b(?:[Rr]egjering\w*|[Ss]torting\w*|[Dd]epartement\w*|FN\w*|[Ff]orente [Nn]asjoner|[Dd]irektorat\w*|"
    r"[Ll]oven\w*|[Ll]ova|[Ff]orskrift\w*|[Ss]tatens?|[Ss]t\.\s*meld|[Mm]eld\.\s*St|EU|[Nn]asjonal\w* mål|"
    r"[Bb]ærekraftsmål\w*|[Rr]ammeplan\w*|[Ll]æreplan\w*|[Kk]ompetansemål\w*|[Dd]elmål\w* i FN)"
)
#: Things whose purpose is not a plan goal: a grant, an agreement, a portal, a project measure.
INSTRUMENT_RE = re.compile(
    r"\b(?:[Mm]ålet|[Mm]ålsettingen|[Ff]ormålet|[Hh]ensikten) med (?:dette |denne |det |den )?(?:tilskudd\w*|ordning\w*|"
    r"avtale\w*|portal\w*|tiltak\w*|prosjekt\w*|kurs\w*|stipend\w*|midl\w*|evaluering\w*|undersøkels\w*|møte\w*|"
    r"samarbeid\w*|loven|lova|forskrift\w*|kartlegging\w*|rapport\w*)"
)
#: Local plans a goal can be quoted from («… kommuneplanens samfunnsdel …», «tospråklighetsplanen»).
OTHER_PLAN_RE = re.compile(
    r"\b(?:kommuneplan\w*|samfunnsdel\w*|fylkesplan\w*|regional\w* plan\w*|planstrategi\w*|handlingsprogram\w*|"
    r"[\wæøå]+planen(?:s)?|[\wæøå]+plan for\b|overordn\w* plan\w*)",
    re.IGNORECASE,
)
#: A goal is quoted from another plan when the sentence attributes it to that plan.
QUOTED_FROM_RE = re.compile(
    r"\b(?:i|fra|etter|jf\.?|ifølge|I|Fra|Etter)\s+(?:\w+\s+){0,3}?(?:kommuneplan\w*|samfunnsdel\w*|fylkesplan\w*|"
    r"[\wæøå]+planen\w*)\b|\b(?:kommuneplan\w*|samfunnsdel\w*|[\wæøå]*planen\w*)[^.]{0,80}\b(?:er|heter det|sier|står)"
    r"\b[^.]{0,40}(?:som følger|følgende|:)",
)

#: A plan that says its indicators are set or developed in other documents.
INDICATORS_ELSEWHERE_RE = re.compile(
    r"(?:arbeider|jobber|arbeides)\s+(?:\w+\s+){0,3}med å (?:utvikle|utarbeide|etablere|lage)\s+(?:\w+\s+){0,2}"
    r"(?:måle)?indikator\w*|(?:måle)?indikator\w*[^.]{0,80}\b(?:utvikles|utarbeides|fastsettes|fastsetjast|"
    r"vil bli (?:utviklet|utarbeidet|fastsatt)|kommer|defineres|blir (?:utviklet|utarbeidet|fastsatt))\b[^.]{0,60}"
    r"\b(?:i|gjennom)\s+(?:\w+\s+){0,2}(?:handlingsprogram\w*|økonomiplan\w*|virksomhetsplan\w*|årsbudsjett\w*|"
    r"tjenesteplan\w*|delplan\w*|temaplan\w*|andre planer|underliggende planer|årsplan\w*)|"
    r"(?:måle)?indikator\w*[^.]{0,60}\b(?:ligger|finnes|står|fremgår|framgår|går fram)\s+(?:i|av)\s+(?:\w+\s+){0,2}"
    r"(?:handlingsprogram\w*|økonomiplan\w*|virksomhetsplan\w*|andre planer|underliggende planer|årsrapport\w*|vedlegg)",
    re.IGNORECASE,
)
#: A plan that says it holds no measures of its own.
NO_MEASURES_RE = re.compile(
    r"\b(?:planen|plana|[\wæøå]+planen|[\wæøå]+plana|denne planen|dokumentet)\s+(?:vil|skal)\s+ikke\s+inneholde\s+tiltak|"
    r"\b(?:planen|[\wæøå]+planen|dokumentet)\s+inneholder\s+ikke\s+(?:konkrete\s+)?tiltak|"
    r"\b(?:planen|[\wæøå]+planen)\s+(?:vil|skal)\s+ikkje\s+innehalde\s+tiltak|"
    r"\btiltak(?:ene)?\s+(?:skal|vil)\s+(?:komme\s+frem|komme\s+fram|fremgå|framgå|beskrives|konkretiseres)\s+i\s+"
    r"(?:andre|egne|underliggende)\s+(?:\w+\s+)?planer",
    re.IGNORECASE,
)

#: A goal quoted after a colon: «Hovedmålet i kommuneplanen er som følger: ”Kommunen skal …”».
QUOTED_GOAL_RE = re.compile(
    r"\b(?:\w*mål\w*|\w*målsetting\w*|\w*målsetjing\w*)\b[^:]{0,160}:\s*[«”“\"](?P<goal>[^«»”“\"]{12,300})[»”“\"]?",
    re.IGNORECASE,
)
