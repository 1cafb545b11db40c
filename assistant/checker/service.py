"""Where the checker gets its plans: the index (default), or parsed plans handed to it.

The core never reads files itself: a caller that has files (``python -m ingest --check``) parses
them with ingest's readers and hands the result to :func:`run_check`. National guidance in the
index (laws, white papers, NOUs) is offered as related passages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from assistant.checker import CheckResult, check_plans
from assistant.errors import AssistantError
from assistant.models import Block, DocumentMeta, Filters, Hit
from assistant.settings import Settings, get_settings
from assistant.store import open_store

NATIONAL_KINDS = ("lov", "stortingsmelding", "NOU")

#: A plan as the checker reads it: what we know of the document and its structured blocks.
Plan = tuple[DocumentMeta, list[Block]]


class NotIndexed(AssistantError):
    """Files named for the checker that the index does not hold."""

    def __init__(self, names: list[str]):
        self.names = names
        listed = ", ".join(f"«{n}»" for n in names)
        super().__init__(f"{listed} er ikke lagt inn i indeksen. Legg filen inn med «python -m ingest FIL», "
                         "eller sjekk den uten å legge den inn: «python -m ingest --check FIL».")


def plans_from_index(settings: Settings, doc_ids: list[str] | None = None) -> list[Plan]:
    store = open_store(settings)
    docs = [d.meta for d in store.catalog.documents() if d.meta.kind not in NATIONAL_KINDS]
    if doc_ids:
        docs = [m for m in docs if m.doc_id in doc_ids]
    return [(m, store.catalog.blocks(m.doc_id)) for m in docs]


def doc_ids_for_files(paths: Sequence[Path], settings: Settings) -> list[str]:
    """The indexed documents behind the given file names (matched by file name or document id);
    raises :class:`NotIndexed` naming the files the index does not hold."""
    store = open_store(settings)
    by_name = {}
    for d in store.catalog.documents():
        by_name[d.meta.source] = d.meta.doc_id
        by_name[d.meta.doc_id] = d.meta.doc_id
    missing = [p.name for p in paths if p.name not in by_name and p.stem not in by_name]
    if missing:
        raise NotIndexed(missing)
    return [by_name.get(p.name) or by_name[p.stem] for p in paths]


def related_guidance(settings: Settings) -> Callable[[str], list[Hit]] | None:
    """A function goal text → national passages, or None when no national document is indexed."""
    store = open_store(settings)
    if not any(d.meta.kind in NATIONAL_KINDS for d in store.catalog.documents()):
        return None
    from assistant.retrieve import retrieve

    def related(goal: str) -> list[Hit]:
        return retrieve(goal, Filters(kind=NATIONAL_KINDS), 3, settings, store, scope=False)

    return related


def run_check(plans: Sequence[Plan] | None = None, doc_ids: list[str] | None = None,
              settings: Settings | None = None) -> CheckResult:
    """Check the given parsed plans, or the indexed plans (all, or ``doc_ids``)."""
    settings = settings or get_settings()
    docs = list(plans) if plans is not None else plans_from_index(settings, doc_ids)
    return check_plans(docs, related_guidance(settings))
