"""Consistency checker: which goals (mål) of a plan have measures (tiltak), indicators and
target values (måltall), read from the plan's layout — and, across plans, which themes are
backed where.

Entry points: ``check_document(meta, blocks) -> PlanCheck`` and
``check_plans(docs, related=None) -> CheckResult``; exports in ``assistant.checker.export``.
Rule-based; no language model is needed.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.models import Block, DocumentMeta, Hit

from .flags import goal_flags, plan_flags
from .goals import extract_goals, in_vision, prepare
from .layout import repair
from .links import attach, find_links
from .models import CheckResult, FlagCode, GoalCheck, PlanCheck, SummaryRow
from .themes import theme_view, themes_for

NO_GOALS = (
    "Fant ingen mål i dokumentet: så etter overskrifter som «Mål», «Hovedmål», «Delmål», «Mål for …», "
    "«Målsetting», nummererte mållister og merkede planmål («Målet med planen er …», «… kommune skal:»)."
)

#: Document kinds the checker is meant for (manifest ``kind``); laws, white papers and NOUs are
#: national guidance, not plans — callers filter on this before ``check_plans``.
PLAN_KINDS = ("kommunal plan", "handlingsplan", "sak")

__all__ = [
    "NO_GOALS",
    "PLAN_KINDS",
    "CheckResult",
    "FlagCode",
    "GoalCheck",
    "PlanCheck",
    "check_document",
    "check_plans",
]


def check_document(meta: DocumentMeta, blocks: list[Block]) -> PlanCheck:
    """Goals of one plan with their measures, indicators, target values and flags."""
    units = repair(prepare(blocks))
    goals, groups = extract_goals(units, meta.title, meta.municipality)
    links = find_links(units, groups)
    attached = []
    goal_units = tuple(g.unit for g in goals)
    for goal in goals:
        attached.append((goal, *attach(goal, units, links, groups, goal_units)))
    has_own_indicators = any(e.how != "måltall i målet" and not e.plan_wide for _, _, inds, _ in attached
                             for e in inds) or bool(links.plan_indicators)
    pflags = plan_flags(units, has_own_indicators)
    codes = tuple(f.code for f in pflags)
    checks = [
        GoalCheck(goal=goal, measures=measures, indicators=indicators, target_values=targets,
                  flags=goal_flags(goal, measures, indicators, targets, units, codes), themes=themes_for(goal.text))
        for goal, measures, indicators, targets in attached
    ]
    goal_idx = set(goal_units)
    visions = [u.text for u in units if u.kind == "paragraph" and in_vision(u) and len(u.text) > 40
               and u.idx not in goal_idx][:5]
    return PlanCheck(meta=meta, goals=checks, note="" if checks else NO_GOALS, flags=pflags,
                     plan_measures=list(links.plan_measures), plan_indicators=list(links.plan_indicators),
                     visions=visions)


def summary_row(plan: PlanCheck) -> SummaryRow:
    """Counts of one plan, goal-specific and plan-wide backing apart."""
    plan_wide = {e.text for g in plan.goals for e in g.measures if e.plan_wide}
    return SummaryRow(
        source=plan.meta.source,
        title=plan.meta.title,
        municipality=plan.meta.municipality,
        goals=len(plan.goals),
        with_measures=sum(1 for g in plan.goals if g.has_measure),
        with_indicators=sum(1 for g in plan.goals if g.has_indicator),
        with_targets=sum(1 for g in plan.goals if g.has_target),
        with_own_measures=sum(1 for g in plan.goals if g.has_own_measure),
        with_own_indicators=sum(1 for g in plan.goals if g.has_own_indicator),
        plan_wide_measures=len(plan_wide),
        inherited_goals=sum(1 for g in plan.goals if g.goal.inherited),
        plan_flags=tuple(str(f.code) for f in plan.flags),
    )


def check_plans(
    docs: list[tuple[DocumentMeta, list[Block]]],
    related: Callable[[str], list[Hit]] | None = None,
    related_k: int = 3,
) -> CheckResult:
    """Check every plan; summary per plan and a theme view across plans. ``related`` (optional)
    returns national-guidance passages for a goal text; the best ``related_k`` are kept."""
    plans = [check_document(meta, blocks) for meta, blocks in docs]
    if related is not None:
        for plan in plans:
            for g in plan.goals:
                g.related = list(related(g.goal.text))[:related_k]
    return CheckResult(plans=plans, summary=[summary_row(p) for p in plans], themes=theme_view(plans))
