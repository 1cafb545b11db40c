"""python -m assistant ask "spørsmål" [--json] [--k N] [--municipality …] [--kind …] [--batch FILE]
python -m assistant check [PATH ...] [--format table|json|csv|xlsx|md] [--out FILE]

Thin: parse arguments, call importable functions, format. Errors are printed in Norwegian."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.errors import AssistantError
from assistant.models import Answer, Filters


def answer_json(answer: Answer, qid: str | None = None) -> dict:
    """The stable JSON contract of an answer (see README, "JSON output")."""
    return {
        "id": qid,
        "question": answer.question,
        "found": answer.found,
        "answer": answer.text,
        "citations": [
            {"n": c.n, "source": c.source, "title": c.title, "municipality": c.municipality,
             "page": c.page_label or c.page, "page_end": c.page_end_label or c.page_end, "ocr": c.ocr,
             "section": c.section, "quote": c.quote, "attribution": c.attribution}
            for c in answer.citations
        ],
        "passages": [
            {"rank": h.rank, "source": h.meta.source, "page": (h.chunk.page_label or h.chunk.page_start) if h.meta.has_pages else None,
             "section": " > ".join(h.chunk.section), "text": h.chunk.text, "score": round(h.score, 6)}
            for h in answer.passages
        ],
    }


def format_answer(answer: Answer) -> str:
    lines = [answer.text, ""]
    if answer.found:
        lines += [f"[{c.n}] {c.label}" for c in answer.citations]
        lines += sorted({c.attribution for c in answer.citations if c.attribution})  # NLOD 2.0 for law text
    else:
        lines.append("Kanskje relevant:")
        lines += [f"  - {h.meta.title} – {h.chunk.section_title}: {h.chunk.text[:160]}…" for h in answer.passages[:3]]
    return "\n".join(lines)


def _ask(args: argparse.Namespace) -> int:
    from assistant.answer import ask

    filters = Filters(municipality=tuple(args.municipality or ()), kind=tuple(args.kind or ()), doc_ids=tuple(args.doc or ()))
    if args.batch:
        out = sys.stdout
        for line in Path(args.batch).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            ans = ask(item["question"], filters, args.k)
            out.write(json.dumps(answer_json(ans, item.get("id")), ensure_ascii=False) + "\n")
        return 0
    if not args.question:
        print("Feil: skriv et spørsmål, eller bruk --batch FIL.", file=sys.stderr)
        return 2
    ans = ask(args.question, filters, args.k)
    if args.json:
        print(json.dumps(answer_json(ans), ensure_ascii=False, indent=2))
    else:
        print(format_answer(ans))
    return 0


def _check(args: argparse.Namespace) -> int:
    from assistant.checker.service import run_check
    from assistant.checker import export

    result = run_check([Path(p) for p in args.paths])
    fmt = args.format
    if fmt == "xlsx":
        out = Path(args.out or "plansjekk.xlsx")
        export.to_xlsx(result, out)
        print(f"Skrev {out}")
        return 0
    text = {"table": export.to_table, "json": export.to_json, "csv": export.to_csv, "md": export.to_markdown}[fmt](result)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"Skrev {args.out}")
    else:
        print(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="Spør dokumentene, eller sjekk planer.")
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("ask", help="still et spørsmål")
    a.add_argument("question", nargs="?")
    a.add_argument("--json", action="store_true", help="skriv svaret som JSON")
    a.add_argument("--k", type=int, default=None, help="antall tekstutdrag som hentes")
    a.add_argument("--municipality", action="append", help="bare denne kommunen (kan gjentas)")
    a.add_argument("--kind", action="append", help="bare denne dokumenttypen (kan gjentas)")
    a.add_argument("--doc", action="append", help="bare dette dokumentet (dokument-id, kan gjentas)")
    a.add_argument("--batch", help="JSONL-fil med {\"id\", \"question\"}; skriver én JSON-linje per spørsmål")
    c = sub.add_parser("check", help="sjekk mål, tiltak og indikatorer i planene")
    c.add_argument("paths", nargs="*", help="planfiler (standard: alle planer i indeksen)")
    c.add_argument("--format", choices=["table", "json", "csv", "xlsx", "md"], default="table")
    c.add_argument("--out", help="skriv til fil")
    args = parser.parse_args(argv)
    try:
        return _ask(args) if args.command == "ask" else _check(args)
    except AssistantError as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
