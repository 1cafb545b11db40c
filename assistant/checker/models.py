"""Dataclasses of the consistency checker: plans → goals → linked measures, indicators,
target values and flags; across plans a summary and a theme view."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.models import DocumentMeta, Hit


@dataclass(frozen=True)
class Goal:
    """A goal (mål) as the plan states it. ``text`` is the plan's own wording (whitespace
    normalised). ``origin`` says how it was found: "mål-overskrift" (under a Mål/Hovedmål/
    Delmål label), "nummerert liste", "planmål" (a labelled sentence such as "Målet med
    handlingsplanen er …", "Løten kommune skal: …")."""

    text: str
    page: int | None = None
    section: str = ""
    origin: str = "mål-overskrift"
    label: str = ""  # the label it stood under: "Hovedmål", "Mål for skole", …
    group: int = -1  # index of its goal group (goals under the same label share measures)
    unit: int = -1  # index of the unit (prepared block) it was read from


@dataclass(frozen=True)
class Evidence:
    """A measure (tiltak/strategi) or an indicator linked to a goal. ``plan_wide`` marks
    items from plan-wide sections (action tables, indicator tables, follow-up chapters) that
    apply to every goal of the plan. ``how`` says which structure linked it."""

    text: str
    page: int | None = None
    section: str = ""
    plan_wide: bool = False
    how: str = ""  # "strategi under målet", "tiltakstabell", "indikatortabell", "måles ved", …
    deadline: str = ""  # measures: the deadline/period found in the row ("Vår 2021"), else ""
    responsible: str = ""  # measures: who is responsible ("Rektor"), else ""


@dataclass(frozen=True)
class Flag:
    """A finding about a goal. Worded "ikke funnet" with what was looked for and where —
    never as proof that something does not exist."""

    code: str  # "ingen_tiltak", "ingen_indikator", "ingen_maltall", "tiltak_uten_frist",
    #             "tiltak_uten_ansvar", "maltall_under_utgangspunkt"
    message: str


@dataclass
class GoalCheck:
    goal: Goal
    measures: list[Evidence] = field(default_factory=list)
    indicators: list[Evidence] = field(default_factory=list)
    target_values: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    related: list[Hit] = field(default_factory=list)

    @property
    def has_measure(self) -> bool:
        return bool(self.measures)

    @property
    def has_indicator(self) -> bool:
        return bool(self.indicators)

    @property
    def has_target(self) -> bool:
        return bool(self.target_values)


@dataclass
class PlanCheck:
    meta: DocumentMeta
    goals: list[GoalCheck] = field(default_factory=list)
    note: str = ""  # e.g. "Fant ingen mål i dokumentet …"


@dataclass(frozen=True)
class SummaryRow:
    source: str
    title: str
    municipality: str
    goals: int
    with_measures: int
    with_indicators: int
    with_targets: int

    @staticmethod
    def _pct(n: int, total: int) -> float:
        return round(100.0 * n / total, 1) if total else 0.0

    @property
    def pct_measures(self) -> float:
        return self._pct(self.with_measures, self.goals)

    @property
    def pct_indicators(self) -> float:
        return self._pct(self.with_indicators, self.goals)

    @property
    def pct_targets(self) -> float:
        return self._pct(self.with_targets, self.goals)


@dataclass(frozen=True)
class ThemeEntry:
    """One goal under a theme, with the plan it comes from."""

    meta: DocumentMeta
    goal: GoalCheck


@dataclass
class ThemeGroup:
    theme: str  # "mobbing", "tidlig innsats", …
    entries: list[ThemeEntry] = field(default_factory=list)

    def plans(self) -> list[str]:
        seen: list[str] = []
        for e in self.entries:
            if e.meta.source not in seen:
                seen.append(e.meta.source)
        return seen


@dataclass
class CheckResult:
    plans: list[PlanCheck] = field(default_factory=list)
    summary: list[SummaryRow] = field(default_factory=list)
    themes: list[ThemeGroup] = field(default_factory=list)

    def goal_checks(self) -> list[tuple[PlanCheck, GoalCheck]]:
        return [(p, g) for p in self.plans for g in p.goals]
