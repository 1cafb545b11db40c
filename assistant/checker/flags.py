"""Flags per goal. Every finding is worded as "ikke funnet" with what was looked for and
where — the checker reads layout, so a missing link is a reason to look, not proof."""

from __future__ import annotations

import re

from .conventions import INDICATORS_ELSEWHERE_RE, NO_MEASURES_RE
from .goals import Unit, sentences
from .models import Evidence, Flag, FlagCode, Goal

LOOKED_FOR_MEASURES = (
    "så etter strategi-/tiltakslister under målet, tiltakslister i samme kapittel, handlingsdel/"
    "tiltakstabell og kapitler om gjennomføring av planen"
)
LOOKED_FOR_INDICATORS = (
    "så etter indikatortabeller («Resultatindikatorer», «Indikatorer», «Måltall»), «måles ved/gjennom» "
    "og navngitte datakilder (nasjonale prøver, elevundersøkelsen, Ungdata, grunnskolepoeng, Kultur for "
    "læring, oppvekstprofil) ved målet og i oppfølgingskapitler"
)
LOOKED_FOR_TARGETS = (
    "så etter tall med enhet (poeng, %) og frister («innen 2025») i målteksten og i indikatorer knyttet til målet"
)

_NOT_BASELINE = re.compile(r"(lands\w*|nasjonal\w*|fylke\w*|hele landet|landet|snitt\w*|kommunegruppe\w*|"
                           r"Akershus|Innlandet)\W{0,3}$", re.I)
_REFERENCE = re.compile(r"lands\w*|nasjonal\w*|snitt\w*|fylke\w*|hele landet|kommunegruppe\w*", re.I)
_UP = re.compile(r"\b(øke|økt|auke|heve|bedre|høyere|fleire|flere)\b", re.I)
_DOWN = re.compile(r"\b(redusere|redusert|ned|færre|lavere|lågare|mindre)\b", re.I)


def _num(s: str) -> float:
    return float(s.replace(",", "."))


def _example(items: list[Evidence]) -> str:
    t = items[0].text
    return t if len(t) <= 80 else t[:77].rsplit(" ", 1)[0] + " …"


def baseline_conflicts(goal: Goal, targets: list[str], units: list[Unit]) -> list[Flag]:
    """A target that contradicts a level the same plan reports: a points target below the
    plan's own current score, or an increase/decrease target already passed."""
    out: list[Flag] = []
    plan_sents = [s for u in units if u.kind != "heading" for s in sentences(u.text)]
    for t in targets:
        m = re.match(r"^(\d+(?:,\d+)?)(?:–(\d+(?:,\d+)?))? (grunnskolepoeng|poeng|%)$", t)
        if not m:
            continue
        lo, hi, unit = _num(m.group(1)), _num(m.group(2) or m.group(1)), m.group(3)
        if unit == "%":
            words = [w for w in re.findall(r"[a-zæøå]{9,}", goal.text.lower())]
            direction = "down" if _DOWN.search(goal.text) else "up" if _UP.search(goal.text) else ""
            if not words or not direction:
                continue
        else:
            direction = "up"
            words = []
        for s in plan_sents:
            if goal.text in s or s in goal.text:
                continue
            low = s.lower()
            if unit != "%" and "poeng" not in low:
                continue
            if unit == "%" and not (("%" in s or "prosent" in low) and any(w in low for w in words)):
                continue
            for nm in re.finditer(r"(?<![\d,.])(\d{1,3},\d{1,2}|\d{1,3})(?![\d,.])", s):
                before = s[: nm.start()]
                if _NOT_BASELINE.search(before.rstrip(" (")) or _NOT_BASELINE.search(before):
                    continue
                ref = list(_REFERENCE.finditer(before[-45:]))
                if ref and not re.search(r"\d", before[-45:][ref[-1].end():]):
                    continue  # "Landssnittet lå på 43,1 poeng": a reference level, not the plan's own
                v = _num(nm.group(1))
                if unit != "%" and not 10 <= v <= 70:
                    continue
                if unit == "%" and not re.match(r"\s*(%|prosent)", s[nm.end():]):
                    continue
                if (direction == "up" and v > hi) or (direction == "down" and v < lo):
                    quote = s if len(s) <= 160 else s[:157].rsplit(" ", 1)[0] + " …"
                    word = "under" if direction == "up" else "over"
                    out.append(Flag(
                        FlagCode.TARGET_VS_BASELINE,
                        f"Måltallet «{t}» ligger {word} nivået planen selv oppgir ({nm.group(1).strip()}).",
                        f"Mulig inkonsistens: måltallet «{t}» ligger {word} nivået planen selv oppgir "
                        f"({nm.group(1).strip()} i «{quote}»). Sjekk om måltallet eller tallgrunnlaget er riktig.",
                    ))
                    break
            if out and out[-1].detail.find(f"«{t}»") >= 0:
                break
    return out


def goal_flags(goal: Goal, measures: list[Evidence], indicators: list[Evidence], targets: list[str],
               units: list[Unit], plan_flags: tuple[FlagCode, ...] = ()) -> list[Flag]:
    """Findings for one goal: a code, one short line and the explanation. A plan that says its
    indicators live elsewhere, or that it holds no measures, has that as a plan flag instead of
    "not found" on every goal."""
    flags: list[Flag] = []
    own = [m for m in measures if not m.plan_wide]
    if goal.inherited:
        flags.append(Flag(FlagCode.INHERITED_GOAL, "Målet er hentet fra en annen plan.",
                          "Målet er sitert fra en annen plan (f.eks. kommuneplanens samfunnsdel); tiltak og "
                          "indikatorer for det kan stå i den planen."))
    if not measures and FlagCode.PLAN_WITHOUT_MEASURES not in plan_flags:
        flags.append(Flag(FlagCode.NO_MEASURE, "Tiltak ikke funnet for målet.", f"Tiltak ikke funnet: {LOOKED_FOR_MEASURES}."))
    elif measures and not own:
        flags.append(Flag(
            FlagCode.ONLY_PLAN_WIDE_MEASURES,
            f"Bare planomfattende tiltak ({len(measures)}); ingen knyttet til dette målet.",
            "Tiltakene som er funnet gjelder hele planen (handlingsdel, tiltakstabell eller tiltak under andre "
            f"mål); ingen tiltak står under eller rett etter dette målet. {LOOKED_FOR_MEASURES[0].upper()}"
            f"{LOOKED_FOR_MEASURES[1:]}.",
        ))
    elsewhere = FlagCode.INDICATORS_ELSEWHERE in plan_flags
    if not indicators and not elsewhere:
        flags.append(Flag(FlagCode.NO_INDICATOR, "Indikator ikke funnet.", f"Indikator ikke funnet: {LOOKED_FOR_INDICATORS}."))
    if not targets and not elsewhere:
        flags.append(Flag(FlagCode.NO_TARGET, "Måltall ikke funnet.", f"Måltall ikke funnet: {LOOKED_FOR_TARGETS}."))
    checked = own or measures
    if checked:
        no_deadline = [m for m in checked if not m.deadline]
        no_owner = [m for m in checked if not m.responsible]
        kind = "egne " if own else ""
        if no_deadline:
            flags.append(Flag(
                FlagCode.MEASURE_WITHOUT_DEADLINE,
                f"Frist ikke funnet for {len(no_deadline)} av {len(checked)} {kind}tiltak.",
                f"Frist ikke funnet for {len(no_deadline)} av {len(checked)} {kind}tiltak (så etter årstall, "
                f"«vår/høst», «hele planperioden» i tiltaksteksten/-raden), f.eks. «{_example(no_deadline)}».",
            ))
        if no_owner:
            flags.append(Flag(
                FlagCode.MEASURE_WITHOUT_OWNER,
                f"Ansvarlig ikke funnet for {len(no_owner)} av {len(checked)} {kind}tiltak.",
                f"Ansvarlig ikke funnet for {len(no_owner)} av {len(checked)} {kind}tiltak (så etter roller som "
                f"rektor, styrer, sektorleder, kommunalsjef i tiltaksteksten/-raden), f.eks. «{_example(no_owner)}».",
            ))
    flags.extend(baseline_conflicts(goal, targets, units))
    return flags


def _quote(s: str, n: int = 160) -> str:
    return s if len(s) <= n else s[: n - 3].rsplit(" ", 1)[0] + " …"


def plan_flags(units: list[Unit], has_own_indicators: bool) -> list[Flag]:
    """Plan-wide findings: the plan says its indicators are developed or kept in other documents
    (only when it has none of its own), or that it holds no measures."""
    out: list[Flag] = []
    for u in units:
        if u.kind == "heading":
            continue
        for s in sentences(u.text):
            if not has_own_indicators and INDICATORS_ELSEWHERE_RE.search(s) and not any(
                    f.code == FlagCode.INDICATORS_ELSEWHERE for f in out):
                out.append(Flag(FlagCode.INDICATORS_ELSEWHERE, "Planen sier at indikatorene ligger i andre dokumenter.",
                                f"Planen har ingen egne indikatorer, og sier at de utvikles eller følges opp andre "
                                f"steder: «{_quote(s)}»" + (f" (s. {u.page_label or u.page})" if u.page else "") + "."))
            if NO_MEASURES_RE.search(s) and not any(f.code == FlagCode.PLAN_WITHOUT_MEASURES for f in out):
                out.append(Flag(FlagCode.PLAN_WITHOUT_MEASURES, "Planen sier selv at den ikke inneholder tiltak.",
                                f"«{_quote(s)}»" + (f" (s. {u.page_label or u.page})" if u.page else "")
                                + ". Strategier under målene regnes likevel med som virkemidler."))
    return out
