"""Goals that are not under a goal label: statements in the plan's voice followed by their means,
goals stated in running text, goal lists after an introducing sentence, and goals quoted from
another plan (marked inherited).

* «Tromsø vil ha aktive innbyggere …» followed by «Derfor skal vi» / «Strategier» and items: a
  goal with its own means (a :class:`GoalGroup` of origin "planstemme");
* «6.1.1 Krødsherad er et bærekraftig samfunn − a − b» (after layout repair: the goal line, a means
  label, items): a goal with its means; inherited when the chapter names another plan;
* «Det er en overordna målsetting at …», «Sametingets mål er …», «…, målet er at …», «med den
  målsetningen å …», «X har (som) mål om å …», «det er satt som mål at …» in running text;
* «De tre samfunnsmålene er:» followed by items: each item a goal.

Goals of national actors (the government, the Storting, UN, laws, framework plans) and purposes
of instruments («Målet med tilskuddet er …») are context, not goals.
"""

from __future__ import annotations

import re

from .conventions import (
    EXTRA_MEASURE_LABEL_RE,
    INSTRUMENT_RE,
    OTHER_ACTOR_RE,
    OTHER_PLAN_RE,
    QUOTED_FROM_RE,
    QUOTED_GOAL_RE,
    STATED_GOAL_RES,
    VOICE_RE,
)
from .goals import GoalGroup, Unit, in_vision, label_kind, sentences

#: A sentence that introduces goals as its subject: «De tre samfunnsmålene er:», «Følgende
#: hovedmålsetting ble satt for prosjektet:», «Planen har disse måla:» — not «For å nå målet om …:».
_GOAL_WORD = r"\w*(?:mål(?:ene|a|et)?|målsetting\w*|målsetjing\w*)"
_GOAL_LIST_INTRO_RE = re.compile(
    rf"(?:\b{_GOAL_WORD}\s+(?:er|var|blir|vert)(?:\s+følgende|\s+disse)?\s*:$|^Følgende\s+(?:\w+\s+)?{_GOAL_WORD}\b[^.]*:$|"
    rf"\b(?:disse|følgende|fire|tre|fem|seks|to|sju|syv|åtte)\s+(?:\w+\s+)?{_GOAL_WORD}\s*:$)",
    re.IGNORECASE)
_HIER_MARKER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,3}$")


def _is_means_label(u: Unit) -> bool:
    return u.kind != "list_item" and (label_kind(u.text) == "measure" or bool(EXTRA_MEASURE_LABEL_RE.match(u.text)))


def _means(units: list[Unit], start: int) -> tuple[list[Unit], int]:
    """Items after a means label at ``start``: the items, and the index after the last one. A short
    paragraph between two items belongs to the item before it; prose, a heading or a new goal ends
    the list."""
    items: list[Unit] = []
    j = start + 1
    while j < len(units):
        v = units[j]
        if items and v.section != items[-1].section and v.kind != "list_item":
            break  # a new section (a heading extraction left as a line) ends the list
        if items and v.kind == "paragraph" and v.marker.isdigit() and not items[-1].marker.isdigit():
            break  # «6 Planer som …»: a numbered chapter line after bullets, not another bullet
        if v.is_item and v.kind != "heading" and not _HIER_MARKER.match(v.marker):
            items.append(v)
        elif (items and v.kind == "paragraph" and not label_kind(v.text) and j + 1 < len(units)
              and units[j + 1].is_item and not VOICE_RE.match(v.text)) or _is_means_label(v) and not items:
            pass
        else:
            break
        j += 1
    return items, j


def names_other_plan(text: str, own_title: str) -> bool:
    """True when ``text`` names a plan other than the one being checked."""
    own = own_title.lower()
    for m in OTHER_PLAN_RE.finditer(text):
        word = m.group(0).lower()
        stem = re.sub(r"(?:ens|ets|en|et|s)$", "", word)
        if stem and stem not in own:
            return True
    return False


def voice_groups(units: list[Unit], taken: set[int], own_title: str) -> list[GoalGroup]:
    """Goals in the plan's voice or on hierarchical-numbered lines, each followed by a means label."""
    groups: list[GoalGroup] = []
    k = 0
    while k < len(units) - 1:
        u, nxt = units[k], units[k + 1]
        if k in taken or not _is_means_label(nxt):  # a goal with its means is not vision text
            k += 1
            continue
        hier = u.is_item and bool(_HIER_MARKER.match(u.marker))
        voice = u.kind in ("paragraph", "heading") and bool(VOICE_RE.match(u.text)) and not u.text.endswith(":")
        if not (hier or voice) or len(u.text) > 300:
            k += 1
            continue
        items, end = _means(units, k + 1)
        if not items:
            k += 1
            continue
        origin = "planstemme" if voice else "nummerert mål"
        grp = GoalGroup(u.text, k, end, [u], items, [], origin)
        context = " ".join(u.section[-2:])
        if hier and names_other_plan(context, own_title):
            grp.origin = "arvet"
        groups.append(grp)
        taken.update(range(k, end))
        k = end
    return groups


_HAS_GOAL_RE = re.compile(r"\bhar (?:som |et |eit )?(?:overordn\w+ )?(?:mål|målsetting|målsetjing) (?:om )?(?:å|at)\b")
_OWN_ACTOR_RE = re.compile(r"\b(?:[Kk]ommune\w*|[Ff]ylkeskommune\w*|[Vv]i|[Mm]e|[Pp]lanen)\b")


def _goal_of_sentence(s: str, owner: str = "") -> str | None:
    """The sentence when it states a goal. «X har som mål å …» states the plan's goal only when X
    is the plan's own actor (the municipality, «vi», the body that owns the plan) — a project's,
    a grant's or another organisation's aim is context."""
    hits = [p for p in STATED_GOAL_RES if p.search(s)]
    if not hits:
        return None
    m = _HAS_GOAL_RE.search(s)
    if m and len(hits) == 1:
        subject = s[:m.start()]
        if not (_OWN_ACTOR_RE.search(subject) or owner and owner.lower() in subject.lower()):
            return None
    return s


def _means_items(units: list[Unit]) -> set[int]:
    """Items of a list under a means label («Tiltak:», «Derfor skal vi»): measures, whose stated
    purpose («… med mål om å …») is not a goal of the plan."""
    out: set[int] = set()
    for k, u in enumerate(units):
        if _is_means_label(u) or u.text.endswith(":") and re.search(r"\btiltak\w*\b", u.text, re.IGNORECASE):
            j = k + 1
            while j < len(units) and units[j].is_item:
                out.add(j)
                j += 1
    return out


_PURPOSE_RE = re.compile(r"\bmed (?:den |det )?(?:målsetningen|målsettingen|målsetjinga|målet|mål) (?:om )?(?:å|at)\b")


def stated_goals(units: list[Unit], taken: set[int], own_title: str, owner: str = "") -> list[tuple[Unit, str, bool]]:
    """Goals stated in running text and goal lists after an introducing sentence:
    (unit holding the goal text, origin, inherited)."""
    out: list[tuple[Unit, str, bool]] = []
    means = _means_items(units)
    for k, u in enumerate(units):
        if k in taken or u.kind not in ("paragraph", "list_item") or in_vision(u):
            continue
        sents = sentences(u.text)
        q = QUOTED_GOAL_RE.search(u.text)
        if q and not INSTRUMENT_RE.search(u.text[:q.start("goal")]) and not OTHER_ACTOR_RE.search(u.text[:q.start("goal")]):
            inherited = names_other_plan(u.text[:q.start("goal")], own_title)
            out.append((Unit(u.idx, u.kind, q.group("goal").strip(" ,."), u.section, u.page, page_label=u.page_label),
                        "sitert mål", inherited))
            continue
        for s in sents:
            goal = _goal_of_sentence(s, owner)
            if goal is None or INSTRUMENT_RE.search(s) or s.endswith(":"):
                continue
            if k in means or (_PURPOSE_RE.search(s) and VOICE_RE.match(s)):
                continue  # a measure and its purpose («Kommunen vil … med mål om å …»)
            inherited = bool(QUOTED_FROM_RE.search(s)) and names_other_plan(s, own_title)
            if OTHER_ACTOR_RE.search(s.split(" mål")[0]) and not inherited:
                continue  # the government's / the law's goal: context
            out.append((Unit(u.idx, u.kind, goal, u.section, u.page, page_label=u.page_label), "planmål", inherited))
        # «De tre samfunnsmålene er:» / «Følgende hovedmålsetting ble satt:» → the items / line after
        last = sents[-1] if sents else ""
        if (u.kind == "paragraph" and last.endswith(":") and _GOAL_LIST_INTRO_RE.search(last)
                and not INSTRUMENT_RE.search(last) and not OTHER_ACTOR_RE.search(last)
                and not re.search(r"\b(?:tiltak\w*|strategi\w*|nå mål\w*)\b", last, re.IGNORECASE)
                and not re.search(r"\b(?:skal|vil)\s*:$", last)):
            inherited = names_other_plan(last, own_title)
            j = k + 1
            while j < len(units) and j not in taken and units[j].is_item and units[j].kind != "heading":
                out.append((units[j], "målliste", inherited))
                taken.add(j)
                j += 1
            if j == k + 1 and j < len(units) and units[j].kind == "paragraph" and j not in taken:
                first = sentences(units[j].text)[0] if units[j].text else ""
                if first:
                    nxt = units[j]
                    out.append((Unit(nxt.idx, nxt.kind, first, nxt.section, nxt.page, page_label=nxt.page_label),
                                "målliste", inherited))
                    taken.add(j)
    return out


_GOAL_COL_RE = re.compile(r"^(?:hoved|del|effekt|resultat)?mål(?:setting\w*|setjing\w*)?$|^mål\s+for\b", re.IGNORECASE)
_MEASURE_COL_RE = re.compile(r"^(?:tiltak\w*|strategi\w*|aktivitet\w*|handling\w*)$", re.IGNORECASE)
_INDICATOR_COL_RE = re.compile(r"^(?:\w*indikator\w*|måltall|måltal|måles (?:ved|gjennom)|målt ved|datakilde\w*)$",
                               re.IGNORECASE)


def table_groups(units: list[Unit], taken: set[int]) -> list[GoalGroup]:
    """Goals in a table column: a header row naming a goal column («Mål») and a measure column
    («Tiltak»); each row's goal cell is a goal, its measure cell (with the row's other cells: who,
    when, cost) that goal's measure. A row with an empty goal cell continues the goal above."""
    groups: list[GoalGroup] = []
    k = 0
    while k < len(units):
        u = units[k]
        cells = [c.strip() for c in u.text.split("|")] if u.kind == "table_row" and "|" in u.text else []
        gcol = next((i for i, c in enumerate(cells) if _GOAL_COL_RE.match(c)), None)
        mcol = next((i for i, c in enumerate(cells) if _MEASURE_COL_RE.match(c)), None)
        icol = next((i for i, c in enumerate(cells) if _INDICATOR_COL_RE.match(c)), None)
        if k in taken or gcol is None or (mcol is None and icol is None):
            k += 1
            continue
        j = k + 1
        current: GoalGroup | None = None
        while j < len(units) and units[j].kind == "table_row" and "|" in units[j].text:
            row = [c.strip() for c in units[j].text.split("|")]
            row += [""] * (len(cells) - len(row))
            goal_cell = row[gcol]
            measure_cell = row[mcol] if mcol is not None else ""
            indicator_cell = row[icol] if icol is not None else ""
            others = [c for i, c in enumerate(row) if i not in (gcol, mcol, icol) and c]
            if goal_cell:
                gu = Unit(units[j].idx, "paragraph", goal_cell, units[j].section, units[j].page,
                          page_label=units[j].page_label)
                current = GoalGroup(cells[gcol], j, j + 1, [gu], [], [], "tabellkolonne")
                groups.append(current)
            if current is not None and measure_cell:
                text = " | ".join([measure_cell, *others])
                current.measure_units.append(Unit(units[j].idx, "list_item", text, units[j].section, units[j].page,
                                                  "•", page_label=units[j].page_label))
                current.end = j + 1
            if current is not None and indicator_cell:
                current.indicator_units.append(Unit(units[j].idx, "list_item", indicator_cell, units[j].section,
                                                    units[j].page, "•", page_label=units[j].page_label))
                current.end = j + 1
            j += 1
        taken.update(range(k, j))
        k = j
    return groups
