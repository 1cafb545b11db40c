"""Goal extraction: blocks → goals, read from the plan's layout.

Recognised structures (bokmål and nynorsk):

* a goal label — "Mål", "Hovedmål", "Delmål", "Mål for …", "Målsetting", "Hovudmål",
  "Målsetjing" — as a heading or a short line of its own, followed by the goal(s): list
  items (one goal each) or short paragraph(s). The group ends at the next heading or label;
  "Strategi"/"Tiltak"/"Indikatorer"/"Kjernekomponenter" inside it switch to other content
  (read by links.py);
* a numbered list introduced by a sentence naming goals ("… fem hovedmål:"), unless the
  sentence cites another plan (kommuneplanens samfunnsdel, a white paper …);
* labelled plan-level goals in running text: "Målet med handlingsplanen er …", "Målet for
  kvalitetsplanen er …", "X kommune har som mål at …", "kommunens overordnede mål for … på
  40,0 grunnskolepoeng", "… for å nå målet om …" (in a sentence about the plan),
  "Målet er …" right after a sentence about the plan, "… hovedmålene; Bestå …", and the
  items after "Løten kommune skal:".

Vision text (Fremtidsbilde/Visjon) and quotations («…») are not goals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.models import Block
from assistant.norwegian import split_sentences
from assistant.vocabulary import (
    BULLET_GLYPHS,
    DASH_BULLETS,
    GOAL_LABELS,
    INDICATOR_LABELS,
    MEASURE_LABELS,
    OTHER_LABELS,
    PRIVATE_USE,
    SUB_BULLET_GLYPHS,
    VISION_LABELS,
    alternation,
)

from .conventions import EXTRA_GOAL_LABEL_RE, EXTRA_MEASURE_LABEL_RE, EXTRA_VISION_RE
from .models import Goal

# --- text helpers shared with links.py ----------------------------------------------------------

_GLYPH_RE = re.compile(rf"^(?:[{BULLET_GLYPHS}{SUB_BULLET_GLYPHS}{PRIVATE_USE}]|[{DASH_BULLETS}oĥ](?=\s))\s*")
_NUM_PREFIX_RE = re.compile(r"^(\d{1,2})[.)]?\s+(?=\S)")
_LETTER_PREFIX_RE = re.compile(r"^([a-zA-Z])[.)]\s+(?=\S)")
_SENT_END = (".", "!", "?", ":", ";", "»", "”", '"')


def clean_text(text: str) -> str:
    """Collapse whitespace and join words broken by a line-end hyphen ("kompe- tanse")."""
    text = re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()
    text = re.sub(r"(\w)- (?!og\b|eller\b|til\b)([a-zæøå])", r"\1\2", text)
    return text


def strip_bullet(text: str) -> tuple[str, str]:
    """("1", "Tekst") / ("•", "Tekst") / ("", "Tekst"): the list marker and the item text."""
    s = text.strip()
    m = _GLYPH_RE.match(s)
    if m:
        return "•", s[m.end():].strip()
    m = _NUM_PREFIX_RE.match(s)
    if m and not re.match(r"^\d{1,2}\s*(%|prosent|år|kr|poeng|timer|elever|barn)\b", s):
        return m.group(1), s[m.end():].strip()
    m = _LETTER_PREFIX_RE.match(s)
    if m:
        return m.group(1), s[m.end():].strip()
    return "", s


def norm_key(text: str) -> str:
    return re.sub(r"[^0-9a-zæøå]+", " ", text.lower()).strip()


@dataclass
class Unit:
    """A block made ready for reading: bullet stripped, continuation lines merged."""

    idx: int
    kind: str  # heading / paragraph / list_item / table_row
    text: str
    section: tuple[str, ...]
    page: int | None
    marker: str = ""  # "•", "1", "a" for list items / numbered lines
    page_label: str | None = None  # the printed page label, where the document has one

    @property
    def is_item(self) -> bool:
        return self.kind == "list_item" or bool(self.marker)

    @property
    def section_title(self) -> str:
        return self.section[-1] if self.section else ""

    def section_str(self) -> str:
        return " / ".join(self.section)


def prepare(blocks: list[Block]) -> list[Unit]:
    """Blocks → units. A paragraph that starts in lower case right after an item or paragraph
    that does not end a sentence continues it (PDF extraction breaks bullets in two)."""
    units: list[Unit] = []
    for b in blocks:
        text = clean_text(b.text)
        if not text:
            continue
        marker = ""
        if (
            units
            and b.kind == "list_item"
            and re.match(r"^[-–]\s*\d", text)
            and units[-1].kind == "paragraph"
            and re.search(r"\d$", units[-1].text)
        ):
            # "Målet med Handlingsplanen 2021" / "– 2024 er å …": a range broken at the line end
            units[-1].text = clean_text(units[-1].text + " " + text)
            continue
        if b.kind in ("list_item", "paragraph"):
            marker, text = strip_bullet(text)
            if b.kind == "paragraph" and marker and not marker.isalpha() and marker != "•":
                # "3 Vold og problematferd" as a paragraph: a numbered line
                pass
        elif b.kind == "table_row" and "|" not in text:
            # a whole row of a numbered action table read column by column ("3 Legge til rette …
            # Egen budsjettramme Hele planperioden Sektorledere"): its number is the row marker
            m = _NUM_PREFIX_RE.match(text)
            if m:
                marker, text = m.group(1), text[m.end():].strip()
        if (
            units
            and b.kind == "paragraph"
            and not marker
            and units[-1].kind in ("list_item", "paragraph")
            and text[:1].islower()
            and not units[-1].text.endswith(_SENT_END)
        ):
            units[-1].text = clean_text(units[-1].text + " " + text)
            continue
        units.append(Unit(len(units), b.kind, text, tuple(b.section), b.page, marker, b.page_label))
    return units


def sentences(text: str) -> list[str]:
    """The text's sentences, by the one sentence splitter (assistant/norwegian.py); a sentence may
    start with a number («… innen 2025. 85 % av elevene …»)."""
    return split_sentences(text, before_digits=True)


# --- labels ---------------------------------------------------------------------------------

GOAL_LABEL_RE = re.compile(
    rf"^(?:{alternation(GOAL_LABELS)})"
    r"(?:\s+\d{1,2})?(?:\s+(?:for|i|på|med)\s+[\wæøåÆØÅ/ ,-]{1,50})?\s*:?$",
    re.IGNORECASE,
)
VISION_RE = re.compile(rf"^({alternation(VISION_LABELS)})\b", re.I)
MEASURE_LABEL_RE = re.compile(
    rf"^({alternation(MEASURE_LABELS)})(?:\s+(?:for|i|på)\s+[\wæøåÆØÅ/ -]{{1,40}})?\s*:?$",
    re.IGNORECASE,
)
INDICATOR_LABEL_RE = re.compile(
    rf"^({alternation(INDICATOR_LABELS + ('Resultatmål',))})\s*:?$",
    re.IGNORECASE,
)
OTHER_LABEL_RE = re.compile(
    rf"^(?:{alternation(OTHER_LABELS)})(?:(?<=Status) for [\wæøå ]+)?\s*:?$",
    re.IGNORECASE,
)


def label_kind(text: str) -> str:
    """"goal" / "measure" / "indicator" / "other" / "vision" / "" for a short label line."""
    s = re.sub(r"^\d+(?:\.\d+)*\.?\s+", "", text.strip())  # "2.1 Mål" is a goal label too
    if len(s) > 70:
        return ""
    if VISION_RE.match(s) or EXTRA_VISION_RE.match(s):
        return "vision"
    if INDICATOR_LABEL_RE.match(s):
        return "indicator"
    if GOAL_LABEL_RE.match(s) or EXTRA_GOAL_LABEL_RE.match(s):
        return "goal"
    if MEASURE_LABEL_RE.match(s) or EXTRA_MEASURE_LABEL_RE.match(s):
        return "measure"
    if OTHER_LABEL_RE.match(s):
        return "other"
    return ""


def in_vision(unit: Unit) -> bool:
    return any(VISION_RE.match(s) or EXTRA_VISION_RE.match(s) for s in unit.section[-2:])


_OTHER_PLAN_RE = re.compile(
    r"kommuneplanens samfunnsdel|kommuneplanen|stortingsmelding|St\.\s*meld|Meld\.\s*St|regjeringen|"
    r"FNs|bærekraftsmål|reformen|rammeplan|læreplan|fagfornyelsen|nasjonale mål",
    re.IGNORECASE,
)
_PLAN_WORD_RE = re.compile(r"\bplan(en|a|ens)?\b|\w+plan(en|a)\b|strategiplan|handlingsplan", re.IGNORECASE)


# --- goal groups ------------------------------------------------------------------------------


@dataclass
class GoalGroup:
    """A goal label with what follows it: goal units, and units under inner labels."""

    label: str
    start: int  # index of the label unit
    end: int  # index after the last unit of the group
    goal_units: list[Unit]
    measure_units: list[Unit]
    indicator_units: list[Unit]
    origin: str = "mål-overskrift"


def _is_label_unit(u: Unit) -> str:
    if u.kind == "table_row" or u.is_item and u.kind == "list_item":
        return ""
    return label_kind(u.text)


def find_groups(units: list[Unit]) -> list[GoalGroup]:
    """Goal groups introduced by a goal label."""
    groups: list[GoalGroup] = []
    i = 0
    n = len(units)
    while i < n:
        u = units[i]
        if _is_label_unit(u) != "goal" or in_vision(u):
            i += 1
            continue
        grp = GoalGroup(u.text.rstrip(": "), i, i + 1, [], [], [])
        mode = "goal"
        started_items = False
        j = i + 1
        while j < n:
            v = units[j]
            lab = _is_label_unit(v)
            if lab == "goal" or lab == "vision":
                break
            if lab in ("measure", "indicator", "other"):
                if v.kind == "heading" and grp.label not in v.section:
                    break  # a heading of its own, not nested under the goal label
                mode = lab
                started_items = False
                j += 1
                continue
            if v.kind == "heading":
                break
            if mode == "goal":
                if grp.goal_units and not v.is_item and grp.goal_units[-1].is_item:
                    break  # prose after the goal bullets
                if grp.goal_units and not v.is_item and len(v.text) > 400:
                    break
                grp.goal_units.append(v)
            elif mode == "measure":
                if started_items and not v.is_item:
                    mode = "done"
                    j += 1
                    continue
                started_items = started_items or v.is_item
                grp.measure_units.append(v)
            elif mode == "indicator":
                grp.indicator_units.append(v)
            j += 1
            if mode == "done":
                break
        grp.end = j
        groups.append(grp)
        i = j
    return groups


_COMMENTARY_RE = re.compile(r"^(?:Dette|Det|Denne|Disse|Slik|Her|Da|Samtidig|I tillegg)\b|^\w*mål(?:ene|a|et)\s", re.I)


def _pick_sentence(u: Unit) -> Unit:
    """The goal in a prose paragraph under a goal label: its first sentence — or, when that
    sentence describes the situation, the first sentence in the plan's voice («Sametinget vil …»)."""
    from .conventions import VOICE_RE

    sents = sentences(u.text) or [u.text]
    pick = sents[0]
    if len(pick.split()) > 12 and not VOICE_RE.match(pick) and not re.search(r"\b(?:skal|vil|bør)\b", pick):
        pick = next((s for s in sents[1:] if VOICE_RE.match(s)), pick)
    return Unit(u.idx, u.kind, pick, u.section, u.page, page_label=u.page_label)


def _goal_texts(grp: GoalGroup) -> list[Unit]:
    """The goals of a label group: its items; else its short paragraphs (one goal each); else,
    when the goal is written as prose, one sentence of the first paragraph. Commentary after a
    goal («Dette vil …», «Målene bygger på …») is not a goal."""
    items = [u for u in grp.goal_units if u.is_item]
    if items:
        return items
    paras = [u for u in grp.goal_units if u.kind in ("paragraph", "table_row") and not u.text.endswith(":")]
    if not paras:
        return []
    first = paras[0]
    if len(first.text) > 200 and len(sentences(first.text)) > 1 or len(first.text) > 400:
        return [] if _COMMENTARY_RE.match(_pick_sentence(first).text) else [_pick_sentence(first)]
    out = [first]
    for p in paras[1:]:  # further goal lines: short, one sentence each, right after the first
        if len(p.text) > 200 or _COMMENTARY_RE.match(p.text):
            break
        out.append(p)
    return out


# --- numbered goal lists and plan-level goals in running text ------------------------------

_LIST_INTRO_RE = re.compile(r"\b(hovedmål|hovudmål|delmål|målsetting\w*|målsetjing\w*|mål(?:ene|a)?)\b[^.]*:$", re.I)


def _numbered_list_goals(units: list[Unit], taken: set[int]) -> list[tuple[Unit, str]]:
    out: list[tuple[Unit, str]] = []
    for k, u in enumerate(units):
        if u.kind != "paragraph" or not u.text.endswith(":") or in_vision(u):
            continue
        last = sentences(u.text)[-1]
        if not _LIST_INTRO_RE.search(last) or _OTHER_PLAN_RE.search(u.text):
            continue
        if re.search(r"\b(skal|kommune skal|vi skal):$", last):
            continue  # handled as "X kommune skal:"
        j = k + 1
        while j < len(units) and units[j].is_item and units[j].marker.isdigit():
            if j not in taken:
                out.append((units[j], "nummerert liste"))
            j += 1
    return out


_SHALL_RE = re.compile(r"^(?:[A-ZÆØÅ][\wæøå-]+ kommune|Kommunen|Vi)\s+(?:skal|vil)\s*:$")

_INLINE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # "Målet med handlingsplanen 2021 – 2024 er å …" / "Målet med planen er …"
    (re.compile(r"^Målet med (?:denne |den )?[\w-]*plan\w*\b[^.]*?\b(?:er|vert|blir)\b", re.I), "sentence"),
    # "Målet for kvalitetsplanen er å …" / "Målet for skolene samlet, er å …"
    (re.compile(r"^Målet for (?!reformen|meldingen|stortingsmeldingen)[^.]{2,60}?,? er (?:å|at)\b", re.I), "sentence"),
    # "Åmot kommune har som mål at …" / "Vi har som mål å …"
    (re.compile(r"\b(?:[A-ZÆØÅ][\wæøå-]+ kommune|[Kk]ommunen|[Vv]i) har (?:som (?:hoved|hovud)?mål|eit mål|et mål) (?:at|å)\b"), "sentence"),
]
_OVERALL_RE = re.compile(
    r"(?:\b[\wæøå]+s\s+)?overordn\w* mål(?:et)? (?:for|om) [^.;]*?\d+(?:,\d+)?\s*(?:grunnskolepoeng|poeng|%|prosent)",
    re.I,
)
_MAIN_GOAL_RE = re.compile(r"\b(?:hovedmål|hovudmål)(?:ene|a|et)?\s*[;:]\s*([A-ZÆØÅ][^.;]{3,200}\.?)")
_GOAL_ABOUT_RE = re.compile(r"\bnå målet om\b", re.I)
_GOAL_IS_RE = re.compile(r"^Målet (?:er|vårt er) (?:å|at)\b")


def _inline_goals(units: list[Unit], taken: set[int]) -> list[tuple[Unit, str]]:
    out: list[tuple[Unit, str]] = []
    prev_sentence = ""
    for k, u in enumerate(units):
        if u.kind == "heading":
            prev_sentence = ""
            continue
        if u.kind != "paragraph" or k in taken or in_vision(u):
            continue
        sents = sentences(u.text)
        for si, s in enumerate(sents):
            before = sents[si - 1] if si > 0 else prev_sentence
            if s.startswith(("«", '"', "“")) or ("«" in s and "»" not in s):
                continue
            found: str | None = None
            for pat, _ in _INLINE_PATTERNS:
                if pat.search(s):
                    found = s
                    break
            if found is None:
                m = _OVERALL_RE.search(s)
                if m:
                    found = m.group(0)
            if found is None:
                m = _MAIN_GOAL_RE.search(s)
                if m and not _OTHER_PLAN_RE.search(s):
                    found = m.group(1)
            if found is None and _GOAL_ABOUT_RE.search(s) and _PLAN_WORD_RE.search(s):
                found = s
            if found is None and _GOAL_IS_RE.match(s) and _PLAN_WORD_RE.search(before):
                found = s
            if found is not None and not _OTHER_PLAN_RE.search(found):
                purpose = re.match(r"^Målet (?:med|for) (?:denne |den )?[\w-]*plan", found, re.IGNORECASE)
                out.append((Unit(u.idx, u.kind, found, u.section, u.page, page_label=u.page_label),
                            "planens formål" if purpose else "planmål"))
        prev_sentence = sents[-1] if sents else ""
        # "Løten kommune skal:" → the next item(s) / line are goals
        if _SHALL_RE.match(sents[-1] if sents else ""):
            j = k + 1
            while j < len(units) and units[j].kind != "heading":
                nxt = units[j]
                text = nxt.text
                out.append((Unit(nxt.idx, nxt.kind, text, nxt.section, nxt.page), "planmål"))
                taken.add(j)
                if not (nxt.is_item and j + 1 < len(units) and units[j + 1].is_item):
                    break
                j += 1
    return out


# --- entry point ---------------------------------------------------------------------------------


def _is_chapter_name(units: list[Unit], u: Unit) -> bool:
    """A short line under a goal label that is the title of a later chapter: an overview of the
    goal areas («Samfunnsmål: Levende landskap, …»), not a goal."""
    if len(u.text.split()) > 6:
        return False
    key = norm_key(u.text)
    return any(v.kind == "heading" and v.idx > u.idx and re.sub(r"^\d+(?: \d+)*\s+", "", norm_key(v.text)) == key
               for v in units)


def _quoted_from_other_plan(text: str, own_title: str) -> bool:
    from .conventions import QUOTED_FROM_RE
    from .statements import names_other_plan

    return bool(QUOTED_FROM_RE.search(text)) and names_other_plan(text, own_title)


def _others_goals(units: list[Unit], grp: GoalGroup) -> bool:
    """A goal label group that lists national or international goals (FNs bærekraftsmål, the
    government's goals): its section title or the sentence introducing it names their owner."""
    from .conventions import OTHER_ACTOR_RE

    context = [units[grp.start].section_title]
    k = grp.start - 1
    while k >= 0 and len(context) < 3 and units[k].kind != "heading":
        if not label_kind(units[k].text):
            context.append(units[k].text[-200:])
            break
        k -= 1
    return any(OTHER_ACTOR_RE.search(c) and re.search(r"mål", c, re.I) for c in context)


def extract_goals(units: list[Unit], own_title: str = "", owner: str = "") -> tuple[list[Goal], list[GoalGroup]]:
    """The plan's goals (in reading order, de-duplicated) and the goal groups they came from.
    ``own_title`` (the plan's title) tells a goal quoted from another plan from the plan's own;
    ``owner`` (the municipality or body) tells the plan's own actor from others."""
    from .statements import stated_goals, table_groups, voice_groups

    groups = []
    excluded: GoalGroup | None = None
    for g in find_groups(units):
        # a run of «Mål» groups after national goals (one label per goal: «Mål 1: …», «Mål 2: …») is theirs too
        run = excluded is not None and g.start - excluded.end <= 1 and g.label == excluded.label
        if run or _others_goals(units, g):
            excluded = g
            continue
        groups.append(g)
    taken: set[int] = set()
    found: list[tuple[Unit, str, str, int, bool]] = []
    for grp in groups:
        taken.update(range(grp.start, grp.end))
    groups = groups + table_groups(units, taken)
    groups = groups + voice_groups(units, taken, own_title)
    for gi, grp in enumerate(groups):
        label = grp.label if grp.origin in ("mål-overskrift", "tabellkolonne") else ""
        for u in (_goal_texts(grp) if grp.origin == "mål-overskrift" else grp.goal_units):
            found.append((u, grp.origin if grp.origin != "arvet" else "nummerert mål", label, gi,
                          grp.origin == "arvet"))
    for u, origin in _numbered_list_goals(units, taken):
        found.append((u, origin, "", -1, False))
        taken.add(u.idx)
    for u, origin in _inline_goals(units, taken):
        found.append((u, origin, "", -1, False))
    for u, origin, inherited in stated_goals(units, taken, own_title, owner):
        found.append((u, origin, "", -1, inherited))
    found.sort(key=lambda t: t[0].idx)
    goals: list[Goal] = []
    seen: set[str] = set()
    quoted_seen: set[str] = set()
    for u, origin, label, gi, inherited in found:
        key = norm_key(u.text)
        if len(key) < 8 or key in seen or any(key in k or k in key for k in seen if len(k) > 30):
            continue
        if origin == "mål-overskrift" and _is_chapter_name(units, u):
            continue
        quoted = {norm_key(q) for q in re.findall(r"[«”“\"]([^«»”“\"]{12,200})[»”“\"]", u.text)}
        if quoted & quoted_seen:
            continue  # the same quoted goal restated later in the plan
        quoted_seen |= quoted
        if not inherited and _quoted_from_other_plan(u.text, own_title):
            inherited = True
        seen.add(key)
        section = " / ".join(x for x in u.section if not (VISION_RE.match(x) or EXTRA_VISION_RE.match(x)))
        goals.append(Goal(u.text, u.page, section, origin, label, gi, u.idx, page_label=u.page_label,
                          inherited=inherited))
    return goals, groups
