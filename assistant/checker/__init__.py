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

from .flags import goal_flags
from .goals import extract_goals, prepare
from .layout import repair
from .links import attach, find_links
from .models import CheckResult, GoalCheck, PlanCheck, SummaryRow
from .themes import theme_view, themes_for

NO_GOALS = (
    "Fant ingen mål i dokumentet: så etter overskrifter som «Mål», «Hovedmål», «Delmål», «Mål for …», "
    "«Målsetting», nummererte mållister og merkede planmål («Målet med planen er …», «… kommune skal:»)."
)

#: Document kinds the checker is meant for (manifest ``kind``); laws, white papers and NOUs are
#: national guidance, not plans — callers filter on this before ``check_plans``.
PLAN_KINDS = ("kommunal plan", "handlingsplan", "sak")

__all__ = ["PLAN_KINDS", "check_document", "check_plans", "CheckResult", "PlanCheck", "GoalCheck", "NO_GOALS"]


def check_document(meta: DocumentMeta, blocks: list[Block]) -> PlanCheck:
    """Goals of one plan with their measures, indicators, target values and flags."""
    units = repair(prepare(blocks))
    goals, groups = extract_goals(units, meta.title)
    links = find_links(units, groups)
    checks: list[GoalCheck] = []
    goal_units = tuple(g.unit for g in goals)
    for goal in goals:
        measures, indicators, targets = attach(goal, units, links, groups, goal_units)
        checks.append(GoalCheck(
            goal=goal,
            measures=measures,
            indicators=indicators,
            target_values=targets,
            flags=goal_flags(goal, measures, indicators, targets, units),
            themes=themes_for(goal.text),
        ))
    return PlanCheck(meta=meta, goals=checks, note="" if checks else NO_GOALS)


def summary_row(plan: PlanCheck) -> SummaryRow:
    return SummaryRow(
        source=plan.meta.source,
        title=plan.meta.title,
        municipality=plan.meta.municipality,
        goals=len(plan.goals),
        with_measures=sum(1 for g in plan.goals if g.has_measure),
        with_indicators=sum(1 for g in plan.goals if g.has_indicator),
        with_targets=sum(1 for g in plan.goals if g.has_target),
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
