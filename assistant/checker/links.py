"""Linking goals to measures (tiltak), indicators and target values (måltall).

Measures:
* strategy/measure items under the goal's own label group ("Strategi", "Tiltak");
* free measure lists ("Tiltak og muligheter …", "Tiltak for å nå målene er:") — linked to the
  nearest goal group, and plan-wide to plan-level goals;
* action tables and realisation chapters (Handlingsdel, "Tiltak | Økonomi | Frist | Ansvar",
  "Realisering av planen") — plan-wide, with deadline and responsible read from the row (in a
  row read column by column, from the columns after the action first).

Indicators:
* indicator labels/tables ("Resultatindikatorer", "Indikatorar", "Måltall") — under a goal
  label for that goal, elsewhere plan-wide;
* "måles ved/gjennom", "fremkommer gjennom" and named data sources with a metric (nasjonale
  prøver, elevundersøkelsen, Ungdata, grunnskolepoeng, Kultur for læring,
  Folkehelseinstituttets oppvekstprofil …) — in the goal's own text/paragraph for that goal,
  in a follow-up chapter ("Oppfølging", "Evaluering") plan-wide;
* a measure that is itself a survey of the goal ("gjennomføre brukerundersøkelse som
  kartlegger …").

Target values: numbers with a unit ("40,0 grunnskolepoeng", "5–7 %") and dates ("innen
2025") in the goal text and its goal-specific indicators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .conventions import EXTRA_MEASURE_LABEL_RE, VOICE_SUBJECT
from .goals import GoalGroup, Unit, label_kind, sentences
from .models import Evidence, Goal

DATA_SOURCE_RE = re.compile(
    r"\b(?:(?i:nasjonale? prøve\w*|elevundersøkel\w*|elevundersøking\w*|ungdata\w*|grunnskolepoeng|"
    r"oppvekstprofil\w*|folkehelseprofil\w*|folkehelsebarometer\w*|folkehelseoversikt\w*|"
    r"brukerundersøkel\w*|brukarundersøking\w*|foreldreundersøkel\w*|foreldreundersøking\w*|"
    r"medarbeiderundersøkel\w*|trivselsundersøkel\w*|kartleggingsprøve\w*|sosiogram\w*|"
    r"skoleporten|kommunebarometer\w*|gjennomføringsindikator\w*|fullføringsgrad|ssb|kostra|"
    r"læringsmiljøundersøkel\w*|foreldreundersøkelsen i barnehage|mobbetall)|"
    r"Kultur for læring|Spekter)\b"
)
MEASURED_BY_RE = re.compile(
    r"\b(?:måles|målast|vert målt|blir målt|følges opp|vurderes|evalueres|dokumenteres)\s+(?:ved|gjennom|med|i)\b|"
    r"\b(?:fremkommer|framkommer|kjem fram|kommer fram)\s+(?:gjennom|av|i)\b|\bindikator\w*\b|"
    r"\bkartlegger\b|\bmåler\b",
    re.IGNORECASE,
)
_PLAN_FOLLOWUP_RE = re.compile(
    r"(resultatoppnåelse|måloppnåelse|måloppnåing|oppnåelse av målene|planens mål|målene i (denne )?planen|"
    r"måla i planen)[^.]{0,120}?(fremkommer|framkommer|måles|målast|vurderes|kjem fram|vert målt|følges opp|"
    r"rapporteres)",
    re.IGNORECASE,
)
FOLLOWUP_HEAD_RE = re.compile(
    r"^(?:\d[\d. ]*\s*)?(Oppfølging|Oppfylging|Evaluering|Rapportering|Måloppnåelse|Resultatoppfølging|"
    r"Oppfølging og evaluering|Evaluering og rapportering)\b",
    re.IGNORECASE,
)
ACTION_HEAD_RE = re.compile(
    r"^(?:\d[\d. ]*\s*)?(Handlingsdel|Handlingsdelen|Handlingsplan|Tiltaksplan|Tiltaksdel|Tiltaksoversikt|"
    r"Realisering|Gjennomføring av planen|Tiltak og ansvar|Tiltakstabell)\b",
    re.IGNORECASE,
)
_TABLE_HEADER_WORDS = ("tiltak", "økonomi", "frist", "ansvar", "ansvarlig", "periode", "kostnad",
                       "tidsplan", "tidsperiode", "ressurs", "tidsramme", "når", "kven", "hvem")
_FREE_INTRO_RE = re.compile(r"(^(Tiltak|Tiltaka)\b)|\btiltak\w*\b[^.]*:$", re.I)
#: The plan's voice introducing what it will do: «Sametinget vil i planperioden prioritere følgende:»,
#: «Ungdom vil jobbe mot disse målene med:», «Kommunen skal:».
_VOICE_INTRO_RE = re.compile(rf"^{VOICE_SUBJECT}(?:\s+[a-zæøå][\wæøå-]+)?\s+(?:vil|skal|trenger|ønsker)\b[^.:]+:$")

DEADLINE_RE = re.compile(
    r"\b(?:19|20)\d{2}\b|\b(?:vår|høst|haust|sommer|jan\w*|feb\w*|mar\w*|apr\w*|mai|jun\w*|jul\w*|aug\w*|"
    r"sep\w*|okt\w*|nov\w*|des\w*)\b\.?\s*(?:(?:19|20)\d{2})?|\bhele (?:plan)?perioden\b|\bheile (?:plan)?perioden\b|"
    r"\b\d+\s*år\b|\bløpende\b|\bårlig\b|\bårleg\b|\bskoleåret\b|\binn[ae]n\s+(?:\w+\s+)?(?:19|20)\d{2}\b|"
    r"\bplanperioden\b",
    re.IGNORECASE,
)
RESPONSIBLE_RE = re.compile(
    r"\b(?:\w+(?:leder|ledere|lederne|leiar|leiarar|sjef|sjefen)|ledere|lederne|leiarar|rektor(?:en|er|ene)?|styrer(?:e|ne)?|styrar(?:ar)?|"
    r"koordinator(?:en)?|kommunedirektør(?:en)?|rådmann(?:en)?|ansvarlig|ansvarleg|helsestasjon(?:en)?|"
    r"kontaktlærer(?:e|ne)?|oppvekstkontoret|PPT|PP-tjenesten|skoleeier|barnehageeier|"
    r"barneverntjenesten|virksomhetene)\b",
    re.IGNORECASE,
)
_ECON_CUT_RE = re.compile(
    r"\s(?=(?:Søke eksterne|Egen (?:budsjett)?ramme|Eget? ramme|Kr\.\s?\d|Fond ?midler|Må utredes|Innenfor ramme|"
    r"Ingen kostnad)\b)"
)

TARGET_NUM_RE = re.compile(
    r"(?<![\d,])(\d{1,3}(?:,\d+)?)(?:\s*(?:-|–|til)\s*(\d{1,3}(?:,\d+)?))?\s*(%|prosent|grunnskolepoeng|poeng)",
    re.IGNORECASE,
)
TARGET_DATE_RE = re.compile(r"\b(innen|innan|i løpet av|før|senest)\s+(?:utgangen av\s+)?((?:19|20)\d{2})\b", re.I)


_FROM_TO_RE = re.compile(
    r"\bfra\s+(\d{1,3}(?:,\d+)?)\s*(%|prosent|grunnskolepoeng|poeng)?\s+til\s+(\d{1,3}(?:,\d+)?)\s*"
    r"(%|prosent|grunnskolepoeng|poeng)", re.IGNORECASE)
#: «Målsettingen er 500 arbeidsplasser», «målet er 40 nye lærlingeplasser»: a count as the goal.
_GOAL_COUNT_RE = re.compile(r"\b(?:mål\w*|målsetting\w*|målsetjing\w*)\s+(?:er|om|på)\s+(?:å\s+\w+\s+)?"
                            r"(?:minst\s+|over\s+|under\s+)?(\d[\d  ]*\d|\d)\s+((?:[a-zæøå]{2,6}\s+)?[a-zæøå][\wæøå-]{3,})",
                            re.IGNORECASE)


def target_values(text: str) -> list[str]:
    """Numeric targets and target dates in a text, normalised: "40,0 grunnskolepoeng", "5–7 %",
    "4 % (fra 8 %)", "500 arbeidsplasser", "innen 2025"."""
    out: list[str] = []
    for m in _FROM_TO_RE.finditer(text):
        unit = (m.group(4) or "").lower()
        unit = "%" if unit in ("%", "prosent") else unit
        base_unit = (m.group(2) or m.group(4) or "").lower()
        base_unit = "%" if base_unit in ("%", "prosent") else base_unit
        out.append(f"{m.group(3)} {unit} (fra {m.group(1)} {base_unit})")
        text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    for m in _GOAL_COUNT_RE.finditer(text):
        out.append(f"{m.group(1).replace(' ', ' ').strip()} {m.group(2).lower()}")
    for m in TARGET_NUM_RE.finditer(text):
        unit = m.group(3).lower()
        unit = "%" if unit in ("%", "prosent") else unit
        value = m.group(1) + (f"–{m.group(2)}" if m.group(2) else "")
        out.append(f"{value} {unit}")
    for m in TARGET_DATE_RE.finditer(text):
        out.append(f"{m.group(1).lower()} {m.group(2)}")
    return list(dict.fromkeys(out))


# --- plan-level structures ------------------------------------------------------------------------


@dataclass
class PlanLinks:
    """Everything links.py found in a plan, before it is attached to goals."""

    group_measures: dict[int, list[Evidence]] = field(default_factory=dict)
    group_indicators: dict[int, list[Evidence]] = field(default_factory=dict)
    free_lists: list[tuple[int, list[Evidence]]] = field(default_factory=list)  # (unit idx, items)
    plan_measures: list[Evidence] = field(default_factory=list)
    # action tables inside one goal group's chapter: (group index, rows) — that group's own measures
    chapter_measures: list[tuple[int, list[Evidence]]] = field(default_factory=list)
    plan_indicators: list[Evidence] = field(default_factory=list)


def _ev(u: Unit, text: str, how: str, plan_wide: bool = False, deadline: str = "", responsible: str = "") -> Evidence:
    return Evidence(text, u.page, u.section_str(), plan_wide, how, deadline, responsible)


def _measure_ev(u: Unit, how: str, plan_wide: bool = False) -> Evidence:
    # a table row «tiltak | ansvar | frist»: who and when are read from the cells after the measure first
    cells = u.text.split(" | ")
    order = [" | ".join(cells[1:]), cells[0]] if len(cells) > 1 else [u.text]
    d = next((m for m in (DEADLINE_RE.search(t) for t in order) if m), None)
    r = next((m for m in (RESPONSIBLE_RE.search(t) for t in order) if m), None)
    return _ev(u, u.text, how, plan_wide, d.group(0).strip() if d else "", r.group(0) if r else "")


def _is_table_header(text: str) -> bool:
    words = re.findall(r"[a-zæøå]+", text.lower())
    return len(words) <= 12 and sum(1 for w in set(words) if w in _TABLE_HEADER_WORDS) >= 3


def _region_end(units: list[Unit], start: int) -> int:
    """A table/chapter region runs to the next goal/indicator label, follow-up heading or
    numbered/structural heading (level ≤ 2 with a number)."""
    j = start + 1
    while j < len(units):
        u = units[j]
        lab = label_kind(u.text) if u.kind != "list_item" else ""
        if lab in ("goal", "indicator", "vision"):
            break
        if u.kind == "heading" and (re.match(r"^\d", u.text) or FOLLOWUP_HEAD_RE.match(u.text)):
            break
        j += 1
    return j


def _numbered_rows(units: list[Unit], lo: int, hi: int) -> list[tuple[Unit, str]]:
    """Rows of a table region read from flowing text: a row starts at the next row number
    ("1 Kompetanseprogram …", then 2, 3 … allowing a gap of two); everything else (other
    columns, sub-items, role lists) continues the row before it. Text before row 1 is the
    table's introduction and is left out."""
    rows: list[tuple[Unit, str]] = []
    last = 0
    for u in units[lo:hi]:
        if u.kind == "heading" and label_kind(u.text):
            continue
        if _is_table_header(u.text):
            continue
        num = int(u.marker) if u.marker.isdigit() else None
        if num is not None and last < num <= last + 3:
            rows.append((u, u.text))
            last = num
        elif rows:
            sub = f"{u.marker}) " if u.marker.isalpha() else ""
            rows[-1] = (rows[-1][0], rows[-1][1] + " " + sub + u.text)
    return rows


def _rows(units: list[Unit], lo: int, hi: int) -> list[tuple[Unit, str]]:
    """Rows of a table region: numbered rows when there are at least two, else each table row,
    list item or paragraph."""
    numbered = _numbered_rows(units, lo, hi)
    if len(numbered) >= 2:
        return numbered
    rows: list[tuple[Unit, str]] = []
    for u in units[lo:hi]:
        if u.kind == "heading" and label_kind(u.text) or _is_table_header(u.text):
            continue
        if u.kind == "table_row":
            rows.append((u, " | ".join(c.strip() for c in u.text.split("|") if c.strip())))
        elif u.is_item or not rows:
            rows.append((u, u.text))
        else:
            rows[-1] = (rows[-1][0], rows[-1][1] + " " + u.text)
    return rows


def _column_table(units: list[Unit], lo: int, hi: int, how: str) -> list[Evidence] | None:
    """A real table (cells joined by " | ") with a header naming the columns."""
    header: list[str] | None = None
    out: list[Evidence] = []
    for u in units[lo - 1:hi]:
        if u.kind != "table_row" or "|" not in u.text:
            continue  # rows without cells (read column by column) are numbered rows
        cells = [c.strip() for c in u.text.split("|")]
        if header is None:
            if _is_table_header(u.text):
                header = [c.lower() for c in cells]
            continue

        def col(*names: str) -> str:
            for k, h in enumerate(header or []):
                if any(n in h for n in names) and k < len(cells):
                    return cells[k]
            return ""

        text = col("tiltak", "aktivitet", "handling") or cells[0]
        text = re.sub(r"^\d{1,2}[.)]?\s+", "", text)
        if text:
            out.append(Evidence(text, u.page, u.section_str(), True, how, col("frist", "periode", "når", "tid"),
                                col("ansvar", "hvem", "kven")))
    return out if header is not None else None


def _lettered_items(units: list[Unit], lo: int, hi: int) -> list[tuple[Unit, str]]:
    """Items of a chapter written as "a. …" with "- …" sub-items: one measure per lettered
    item, its sub-items appended."""
    rows: list[tuple[Unit, str]] = []
    for u in units[lo:hi]:
        if u.marker.isalpha() and u.marker != "•":
            rows.append((u, u.text))
        elif rows and u.is_item and not u.marker.isdigit():
            sep = " " if rows[-1][1].endswith(":") else "; "
            rows[-1] = (rows[-1][0], rows[-1][1] + sep + u.text)
        elif u.marker.isdigit() or u.kind == "heading":
            continue
    return rows


def _action_region(units: list[Unit], lo: int, hi: int, how: str) -> list[Evidence]:
    table = _column_table(units, lo, hi, how)
    if table is not None:
        return table
    out: list[Evidence] = []
    lettered = _lettered_items(units, lo, hi) if how != "tiltakstabell" else []
    for u, text in lettered if len(lettered) >= 2 else _rows(units, lo, hi):
        parts = _ECON_CUT_RE.split(text, maxsplit=1)
        head = parts[0].strip()
        # the columns after the action (economy, deadline, responsible) are read first, so a
        # role named in the action itself ("… Helsestasjonen i bhg og skole") is not the responsible
        cells = parts[1] if len(parts) > 1 else ""
        d = DEADLINE_RE.search(cells) or DEADLINE_RE.search(text)
        r = RESPONSIBLE_RE.search(cells) or RESPONSIBLE_RE.search(text)
        if len(head) > 300:
            head = head[:297].rsplit(" ", 1)[0] + " …"
        if len(head) < 4:
            continue
        out.append(Evidence(head, u.page, u.section_str(), True, how, d.group(0).strip() if d else "",
                            r.group(0) if r else ""))
    return out


def find_links(units: list[Unit], groups: list[GoalGroup]) -> PlanLinks:
    links = PlanLinks()
    in_group: set[int] = set()
    for gi, grp in enumerate(groups):
        in_group.update(range(grp.start, grp.end))
        links.group_measures[gi] = [_measure_ev(u, "strategi/tiltak under målet") for u in grp.measure_units
                                    if len(u.text) > 3 and not u.text.endswith(":")]
        inds = [_ev(u, u.text, "indikator under målet") for u in grp.indicator_units if len(u.text) > 3]
        for u in grp.goal_units:  # "måles ved …" in the goal's own text
            for s in sentences(u.text):
                if MEASURED_BY_RE.search(s) and DATA_SOURCE_RE.search(s):
                    inds.append(_ev(u, s, "måles ved"))
        for u in grp.measure_units:  # a measure that surveys the goal
            if DATA_SOURCE_RE.search(u.text):
                inds.append(_ev(u, u.text, "datakilde i tiltak"))
        links.group_indicators[gi] = inds

    used: set[int] = set(in_group)
    n = len(units)
    # action tables and realisation chapters
    for i, u in enumerate(units):
        if i in used:
            continue
        if (u.kind == "heading" and ACTION_HEAD_RE.match(u.text)) or _is_table_header(u.text):
            end = _region_end(units, i)
            rows = _action_region(units, i + 1, end, "tiltakstabell" if _is_table_header(u.text) or
                                  "handlingsdel" in u.text.lower() else "plankapittel om gjennomføring")
            owner = _chapter_owner(units, i, groups) if _is_table_header(u.text) else -1
            if owner >= 0:
                links.chapter_measures.append((owner, [_own(e, "tiltakstabell i målets kapittel") for e in rows]))
            else:
                links.plan_measures.extend(rows)
            used.update(range(i, end))
    # indicator tables / labels outside goal groups
    for i, u in enumerate(units):
        if i in used or u.kind == "list_item":
            continue
        if label_kind(u.text) == "indicator":
            end = _region_end(units, i)
            for row_u, text in _rows(units, i + 1, end):
                if len(text) > 3 and not text.endswith(":"):
                    links.plan_indicators.append(_ev(row_u, text[:400], "indikatortabell", True))
            used.update(range(i, end))
    # free measure lists: an intro ("Tiltak …", "… tiltak … er:") followed by items
    i = 0
    while i < n:
        u = units[i]
        if i in used or (u.kind == "list_item" or u.marker) and not u.text.endswith(":"):
            i += 1
            continue
        intro = u.text if u.kind == "heading" else (sentences(u.text) or [""])[-1]
        starts = u.text if u.kind != "heading" else u.text
        if (label_kind(u.text) == "measure" or _FREE_INTRO_RE.search(intro) or re.match(r"^(Tiltak|Tiltaka)\b", starts)
                or EXTRA_MEASURE_LABEL_RE.match(u.text) or _VOICE_INTRO_RE.search(intro)):
            j = i + 1
            # skip a short intro paragraph between the heading and the items
            while j < n and j not in used and not units[j].is_item and units[j].kind == "paragraph" and j - i <= 2:
                j += 1
            items: list[Evidence] = []
            while j < n and j not in used:
                v = units[j]
                if v.is_item and v.kind != "heading":
                    items.append(_measure_ev(v, "tiltaksliste"))
                elif (items and v.kind == "paragraph" and not label_kind(v.text) and j + 1 < n
                      and units[j + 1].is_item and units[j + 1].kind != "heading"):
                    # a paragraph between two bullets belongs to the bullet before it
                    last = items[-1]
                    items[-1] = _measure_ev(Unit(v.idx, "list_item", last.text + " " + v.text, v.section, last.page),
                                            "tiltaksliste")
                else:
                    break
                j += 1
            if items:
                links.free_lists.append((i, items))
                used.update(range(i, j))
                i = j
                continue
        i += 1
    # plan-wide follow-up sentences and data sources in follow-up chapters
    for u in units:
        if u.kind == "heading":
            continue
        in_followup = any(FOLLOWUP_HEAD_RE.match(s) for s in u.section)
        for s in sentences(u.text):
            if _PLAN_FOLLOWUP_RE.search(s) or (in_followup and DATA_SOURCE_RE.search(s) and MEASURED_BY_RE.search(s)) or in_followup and DATA_SOURCE_RE.search(s) and re.search(r"\bindikator", s, re.I):
                links.plan_indicators.append(_ev(u, s, "oppfølgingskapittel", True))
    return links


def _chapter(units: list[Unit], grp: GoalGroup) -> tuple[str, ...]:
    """The chapter a goal group stands in: the section path above its label heading."""
    label = units[grp.start]
    return tuple(label.section[:-1]) if label.kind == "heading" else tuple(label.section)


def _chapter_owner(units: list[Unit], idx: int, groups: list[GoalGroup]) -> int:
    """The goal group whose chapter (a numbered or named section holding exactly one goal group)
    an action table at ``idx`` stands in, else -1 (the table serves the whole plan)."""
    path = tuple(units[idx].section)
    owners = [gi for gi, g in enumerate(groups)
              if (ch := _chapter(units, g)) and path[:len(ch)] == ch and g.start < idx]
    chapters = {_chapter(units, groups[gi]) for gi in owners}
    if len(owners) != 1 or any(sum(1 for g in groups if _chapter(units, g) == ch) > 1 for ch in chapters):
        return -1
    return owners[0]


def _own(e: Evidence, how: str) -> Evidence:
    return Evidence(e.text, e.page, e.section, False, how, e.deadline, e.responsible)


def _plan_wide(items: list[Evidence]) -> list[Evidence]:
    return [Evidence(e.text, e.page, e.section, True, e.how, e.deadline, e.responsible) for e in items]


_OVERALL_LABEL_RE = re.compile(r"overordn|hoved|hovud|samfunnsmål|visjon", re.IGNORECASE)


def attach(goal: Goal, units: list[Unit], links: PlanLinks, groups: list[GoalGroup],
           goal_units: tuple[int, ...] = ()) -> tuple[list[Evidence], list[Evidence], list[str]]:
    """Measures, indicators and target values of one goal. ``goal_units``: the units every goal of
    the plan was read from (a measure list right after a goal in running text is that goal's own)."""
    measures: list[Evidence] = []
    indicators: list[Evidence] = []
    inherited: list[Evidence] = []  # plan-wide indicators that give the goal no target values of its own
    if goal.group >= 0:
        measures.extend(links.group_measures.get(goal.group, []))
        for gi, rows in links.chapter_measures:
            if gi == goal.group:
                measures.extend(rows)
        indicators.extend(links.group_indicators.get(goal.group, []))
        for idx, items in links.free_lists:
            if _nearest_group(idx, groups) == goal.group:
                measures.extend(items)
        if not measures and _OVERALL_LABEL_RE.search(goal.label):
            # an overall goal («Overordnet målsetting») is served by the measures of the goals under it
            for gi in sorted(links.group_measures):
                measures.extend(_plan_wide(links.group_measures[gi]))
    else:
        own = _following_list(goal, units, links, goal_units)
        for idx, items in links.free_lists:
            measures.extend(items if idx in own else _plan_wide(items))
        # the plan's own goal ("Målet med planen er …") is served by every goal group's measures
        # and followed up by their indicators
        for gi in sorted(links.group_measures):
            measures.extend(_plan_wide(links.group_measures[gi]))
        for _gi, rows in links.chapter_measures:
            measures.extend(_plan_wide(rows))
        inherited = [e for gi in sorted(links.group_indicators) for e in _plan_wide(links.group_indicators[gi])]
        # "Resultatene måles ved …" after a plan-level goal in the same paragraph
        for u in units[goal.unit:goal.unit + 1] if goal.unit >= 0 else []:
            sents = sentences(u.text)
            hit = [k for k, s in enumerate(sents) if goal.text in s or s in goal.text]
            if hit:
                for s in sents[hit[0] + 1:hit[0] + 3]:
                    if MEASURED_BY_RE.search(s) and DATA_SOURCE_RE.search(s):
                        indicators.append(_ev(u, s, "måles ved"))
    measures.extend(links.plan_measures)
    targets = target_values(goal.text)
    if any(not t.startswith(("innen", "innan", "i løpet", "før", "senest")) for t in targets):
        # a numeric target in the goal itself («60 % innen 2030») is how the goal is measured
        indicators.insert(0, Evidence(goal.text, goal.page, goal.section, False, "måltall i målet"))
    specific = list(indicators)
    indicators.extend(inherited)
    indicators.extend(links.plan_indicators)
    for e in specific:
        for t in target_values(e.text):
            if t not in targets:
                targets.append(t)
    return _dedupe(measures), _dedupe(indicators), targets


def _following_list(goal: Goal, units: list[Unit], links: PlanLinks, goal_units: tuple[int, ...]) -> set[int]:
    """Free measure lists that follow a goal stated in running text, in the same section, before
    the next goal: the goal's own measures."""
    if goal.unit < 0:
        return set()
    later = [g for g in goal_units if g > goal.unit]
    stop = min(later) if later else len(units)
    section = units[goal.unit].section if goal.unit < len(units) else ()
    return {idx for idx, _ in links.free_lists
            if goal.unit < idx < stop and idx - goal.unit <= 6 and units[idx].section == section}


def _nearest_group(idx: int, groups: list[GoalGroup]) -> int:
    best, best_d = -1, 10**9
    for gi, g in enumerate(groups):
        d = g.start - idx if idx < g.start else idx - (g.end - 1)
        if d < best_d or (d == best_d and g.start < idx):
            best, best_d = gi, d
    return best


def _dedupe(items: list[Evidence]) -> list[Evidence]:
    seen: set[tuple[str, bool]] = set()
    out: list[Evidence] = []
    for e in items:
        key = (e.text, e.plan_wide)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
