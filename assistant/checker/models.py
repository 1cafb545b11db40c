"""Dataclasses of the consistency checker: plans → goals → linked measures, indicators,
target values and flags; across plans a summary and a theme view."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from assistant.models import DocumentMeta, Hit


class FlagCode(StrEnum):
    """Closed set of findings. Per goal: the first eight; per plan: the last two."""

    NO_MEASURE = "ingen_tiltak"
    ONLY_PLAN_WIDE_MEASURES = "kun_planomfattende_tiltak"
    NO_INDICATOR = "ingen_indikator"
    NO_TARGET = "ingen_maltall"
    MEASURE_WITHOUT_DEADLINE = "tiltak_uten_frist"
    MEASURE_WITHOUT_OWNER = "tiltak_uten_ansvar"
    TARGET_VS_BASELINE = "maltall_mot_utgangspunkt"
    INHERITED_GOAL = "arvet_mal"
    # plan-wide
    INDICATORS_ELSEWHERE = "indikatorer_andre_steder"
    PLAN_WITHOUT_MEASURES = "ingen_tiltak_i_planen"


@dataclass(frozen=True)
class Goal:
    """A goal (mål) as the plan states it. ``text`` is the plan's own wording (whitespace
    normalised). ``origin`` says how it was found: "mål-overskrift" (under a Mål/Hovedmål/
    Delmål label), "nummerert liste", "planens formål" (the plan's statement of purpose, «Målet med
    planen er …»), "planstemme" («Kommunen vil …» followed by its means), "tabellkolonne", "sitert mål",
    "planmål" (a goal stated in running text: "Åmot kommune har som mål at …", "Løten kommune
    skal: …")."""

    text: str
    page: int | None = None
    section: str = ""
    origin: str = "mål-overskrift"
    label: str = ""  # the label it stood under: "Hovedmål", "Mål for skole", …
    group: int = -1  # index of its goal group (goals under the same label share measures)
    unit: int = -1  # index of the unit (prepared block) it was read from
    page_label: str | None = None  # the printed page label where the document has one
    inherited: bool = False  # quoted from another plan (kommuneplanens samfunnsdel, …), not set here
    source_plan: str = ""  # for inherited goals: the plan it is quoted from, when named

    @property
    def page_display(self) -> str | None:
        """The page as a reader cites it: the printed label, else the physical page number."""
        if self.page_label:
            return self.page_label
        return str(self.page) if self.page is not None else None


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
    """A finding about a goal or a plan: a code, one short line (``message``, at most about 100
    characters, shown in lists) and the explanation on demand (``detail``: what was looked for
    and where). Worded "ikke funnet" — never as proof that something does not exist."""

    code: FlagCode
    message: str
    detail: str = ""


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
        """Backed by a measure — its own or a plan-wide one."""
        return bool(self.measures)

    @property
    def own_measures(self) -> list[Evidence]:
        return [e for e in self.measures if not e.plan_wide]

    @property
    def plan_wide_measures(self) -> list[Evidence]:
        return [e for e in self.measures if e.plan_wide]

    @property
    def has_own_measure(self) -> bool:
        return any(not e.plan_wide for e in self.measures)

    @property
    def own_indicators(self) -> list[Evidence]:
        return [e for e in self.indicators if not e.plan_wide]

    @property
    def has_own_indicator(self) -> bool:
        return any(not e.plan_wide for e in self.indicators)

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
    flags: list[Flag] = field(default_factory=list)  # plan-wide findings (indicators elsewhere, no measures)
    plan_measures: list[Evidence] = field(default_factory=list)  # measures that serve the whole plan
    plan_indicators: list[Evidence] = field(default_factory=list)
    visions: list[str] = field(default_factory=list)  # vision text (context, not goals)


@dataclass(frozen=True)
class SummaryRow:
    source: str
    title: str
    municipality: str
    goals: int
    with_measures: int
    with_indicators: int
    with_targets: int
    with_own_measures: int = 0  # goals with a measure of their own (not only plan-wide ones)
    with_own_indicators: int = 0
    plan_wide_measures: int = 0  # measures that serve the whole plan, counted once
    inherited_goals: int = 0
    plan_flags: tuple[str, ...] = ()

    @property
    def with_only_plan_wide_measures(self) -> int:
        return self.with_measures - self.with_own_measures

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

    @property
    def pct_own_measures(self) -> float:
        return self._pct(self.with_own_measures, self.goals)


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
