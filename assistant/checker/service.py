"""Where the checker gets its plans: the index (default) or files given on the command line.
National guidance in the index (laws, white papers, NOUs) is offered as related passages."""

from __future__ import annotations

from pathlib import Path

from assistant.checker import check_plans
from assistant.models import Block, DocumentMeta, Filters, Hit
from assistant.settings import Settings, get_settings
from assistant.store import open_store

NATIONAL_KINDS = ("lov", "stortingsmelding", "NOU")


def plans_from_index(settings: Settings, doc_ids: list[str] | None = None) -> list[tuple[DocumentMeta, list[Block]]]:
    store = open_store(settings)
    docs = [d.meta for d in store.catalog.documents() if d.meta.kind not in NATIONAL_KINDS]
    if doc_ids:
        docs = [m for m in docs if m.doc_id in doc_ids]
    return [(m, store.catalog.blocks(m.doc_id)) for m in docs]


def plans_from_files(paths: list[Path]) -> list[tuple[DocumentMeta, list[Block]]]:
    from ingest.manifest import read_manifest
    from ingest.parse import parse_document

    out = []
    for p in paths:
        meta = read_manifest(p.parent).get(p.name)
        doc = parse_document(p, meta)
        out.append((doc.meta, doc.blocks))
    return out


def related_guidance(settings: Settings):
    """A function goal text → national passages, or None when no national document is indexed."""
    store = open_store(settings)
    if not any(d.meta.kind in NATIONAL_KINDS for d in store.catalog.documents()):
        return None
    from assistant.retrieve import retrieve

    def related(goal: str) -> list[Hit]:
        return retrieve(goal, Filters(kind=NATIONAL_KINDS), 3, settings, store, scope=False)

    return related


def run_check(paths: list[Path] | None = None, doc_ids: list[str] | None = None, settings: Settings | None = None):
    """Check the given plan files, or the indexed plans (all, or ``doc_ids``)."""
    settings = settings or get_settings()
    docs = plans_from_files(list(paths)) if paths else plans_from_index(settings, doc_ids)
    return check_plans(docs, related_guidance(settings))
