"""The checker's result as rows a screen or an export shows: one row per goal with badges (own /
plan-wide / none for measures, indicators and targets) and short flag lines, a detail view with the
explanations, and a summary per plan that keeps goal-specific and plan-wide backing apart.

Typed and presentation-free: no HTML, no Markdown, no Gradio — ``app.py`` and exports format these.

    goal_rows(result) -> list[GoalRow]
    goal_detail(result, row_id) -> GoalDetail | None
    plan_summaries(result) -> list[PlanSummary]
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .models import CheckResult, Evidence, FlagCode, GoalCheck, PlanCheck


class BadgeKind(StrEnum):
    MEASURE = "tiltak"
    INDICATOR = "indikator"
    TARGET = "måltall"


class Backing(StrEnum):
    """How a goal is backed for one badge."""

    OWN = "eget"  # linked to this goal by the plan's structure
    PLAN_WIDE = "planomfattende"  # only items that serve the whole plan
    ELSEWHERE = "andre dokumenter"  # the plan says they live in other documents
    DECLARED_NONE = "ingen i planen"  # the plan says it has none
    NONE = "ikke funnet"


@dataclass(frozen=True)
class Badge:
    kind: BadgeKind
    backing: Backing
    own: int  # items linked to this goal
    plan_wide: int  # items that serve the whole plan
    label: str  # "Tiltak: 4 egne", "Indikator: planomfattende (2)", "Måltall: 60 %"


@dataclass(frozen=True)
class FlagLine:
    code: FlagCode
    text: str  # one line (≤ ~100 characters)


@dataclass(frozen=True)
class GoalRow:
    row_id: str  # "<doc_id>#<n>", stable within a result
    plan_title: str
    municipality: str
    source: str
    goal: str
    page: str | None  # printed page label, else physical page; None for documents without pages
    section: str
    origin: str  # "mål-overskrift", "planstemme", "planmål", "nummerert liste", …
    inherited: bool
    badges: tuple[Badge, ...]
    flags: tuple[FlagLine, ...]
    themes: tuple[str, ...]
    targets: tuple[str, ...] = ()  # «4 % (fra 8 %)», «innen 2028»

    @property
    def location(self) -> str:
        """«s. 11, Sosial bærekraft» — page and section as a reader cites them."""
        parts = [f"s. {self.page}"] if self.page else []
        if self.section:
            parts.append(self.section.split(" / ")[-1])
        return ", ".join(parts)


@dataclass(frozen=True)
class EvidenceLine:
    text: str
    page: str | None
    section: str
    plan_wide: bool
    how: str
    deadline: str = ""
    responsible: str = ""


@dataclass(frozen=True)
class GoalDetail:
    row: GoalRow
    own_measures: tuple[EvidenceLine, ...]
    plan_wide_measures: tuple[EvidenceLine, ...]
    own_indicators: tuple[EvidenceLine, ...]
    plan_wide_indicators: tuple[EvidenceLine, ...]
    targets: tuple[str, ...]
    explanations: tuple[tuple[FlagCode, str], ...]  # each flag's explanation
    related: tuple[str, ...]  # national guidance passages' citation labels


@dataclass(frozen=True)
class PlanSummary:
    source: str
    title: str
    municipality: str
    goals: int
    with_own_measures: int
    with_only_plan_wide_measures: int
    without_measures: int
    with_own_indicators: int
    with_only_plan_wide_indicators: int
    with_targets: int
    inherited_goals: int
    plan_wide_measures: int  # distinct measures that serve the whole plan
    flags: tuple[FlagLine, ...]  # plan-wide findings
    note: str  # e.g. no goals found

    def line(self) -> str:
        """One sentence, own and plan-wide backing apart."""
        if not self.goals:
            return self.note
        return (f"{self.goals} mål: {self.with_own_measures} med egne tiltak, {self.with_only_plan_wide_measures} "
                f"bare med planomfattende tiltak ({self.plan_wide_measures} slike i planen), "
                f"{self.without_measures} uten tiltak; {self.with_own_indicators} med egne indikatorer, "
                f"{self.with_targets} med måltall.")


def _page(e: Evidence) -> str | None:
    return str(e.page) if e.page is not None else None


def _line(e: Evidence) -> EvidenceLine:
    return EvidenceLine(e.text, _page(e), e.section, e.plan_wide, e.how, e.deadline, e.responsible)


def _badge(kind: BadgeKind, own: int, plan_wide: int, plan_codes: set[FlagCode], extra: str = "") -> Badge:
    title = str(kind).capitalize()
    if own:
        backing, label = Backing.OWN, f"{title}: {own} {'egne' if own > 1 else 'eget'}"
    elif plan_wide:
        backing, label = Backing.PLAN_WIDE, f"{title}: planomfattende ({plan_wide})"
    elif kind == BadgeKind.MEASURE and FlagCode.PLAN_WITHOUT_MEASURES in plan_codes:
        backing, label = Backing.DECLARED_NONE, f"{title}: ingen i planen"
    elif kind != BadgeKind.MEASURE and FlagCode.INDICATORS_ELSEWHERE in plan_codes:
        backing, label = Backing.ELSEWHERE, f"{title}: i andre dokumenter"
    else:
        backing, label = Backing.NONE, f"{title}: ikke funnet"
    if extra and own:
        label = f"{title}: {extra}"
    return Badge(kind, backing, own, plan_wide, label)


def _row(plan: PlanCheck, n: int, g: GoalCheck) -> GoalRow:
    codes = {f.code for f in plan.flags}
    badges = (
        _badge(BadgeKind.MEASURE, len(g.own_measures), len(g.plan_wide_measures), codes),
        _badge(BadgeKind.INDICATOR, len(g.own_indicators), len(g.indicators) - len(g.own_indicators), codes),
        _badge(BadgeKind.TARGET, len(g.target_values), 0, codes, ", ".join(g.target_values[:2])),
    )
    return GoalRow(
        row_id=f"{plan.meta.doc_id}#{n}", plan_title=plan.meta.title, municipality=plan.meta.municipality,
        source=plan.meta.source, goal=g.goal.text, page=g.goal.page_display, section=g.goal.section,
        origin=g.goal.origin, inherited=g.goal.inherited, badges=badges,
        flags=tuple(FlagLine(f.code, f.message) for f in g.flags), themes=tuple(g.themes),
        targets=tuple(g.target_values),
    )


def goal_rows(result: CheckResult) -> list[GoalRow]:
    """One row per goal, plans in order."""
    return [_row(plan, n, g) for plan in result.plans for n, g in enumerate(plan.goals)]


def goal_detail(result: CheckResult, row_id: str) -> GoalDetail | None:
    """The detail view of one row: what backs the goal (own and plan-wide apart) and why each flag."""
    for plan in result.plans:
        for n, g in enumerate(plan.goals):
            if f"{plan.meta.doc_id}#{n}" != row_id:
                continue
            return GoalDetail(
                row=_row(plan, n, g),
                own_measures=tuple(_line(e) for e in g.own_measures),
                plan_wide_measures=tuple(_line(e) for e in g.plan_wide_measures),
                own_indicators=tuple(_line(e) for e in g.own_indicators),
                plan_wide_indicators=tuple(_line(e) for e in g.indicators if e.plan_wide),
                targets=tuple(g.target_values),
                explanations=tuple((f.code, f.detail or f.message) for f in g.flags)
                + tuple((f.code, f.detail or f.message) for f in plan.flags),
                related=tuple(h.chunk.section_title or h.meta.title for h in g.related),
            )
    return None


def plan_summaries(result: CheckResult) -> list[PlanSummary]:
    out = []
    for plan, row in zip(result.plans, result.summary, strict=True):
        out.append(PlanSummary(
            source=plan.meta.source, title=plan.meta.title, municipality=plan.meta.municipality,
            goals=row.goals, with_own_measures=row.with_own_measures,
            with_only_plan_wide_measures=row.with_only_plan_wide_measures,
            without_measures=row.goals - row.with_measures, with_own_indicators=row.with_own_indicators,
            with_only_plan_wide_indicators=row.with_indicators - row.with_own_indicators,
            with_targets=row.with_targets, inherited_goals=row.inherited_goals,
            plan_wide_measures=row.plan_wide_measures,
            flags=tuple(FlagLine(f.code, f.message) for f in plan.flags), note=plan.note,
        ))
    return out
