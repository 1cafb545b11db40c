"""python -m assistant ask "spørsmål" [--json] [--k N] [--municipality …] [--kind …] [--batch FIL]
python -m assistant check [NAVN ...] [--format table|json|csv|xlsx|md] [--out FIL]

Thin: parse arguments, call importable functions, format. Errors are one Norwegian line each."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from assistant.answer_json import answer_json
from assistant.checker import CheckResult
from assistant.cli import NorwegianParser, bounded_int, printable
from assistant.errors import AssistantError, EmptyIndex
from assistant.models import Answer, Filters
from assistant.settings import Settings, get_settings

#: Passages a question may ask for (``--k``).
K_RANGE = (1, 100)

__all__ = ["answer_json", "format_answer", "main"]


def format_answer(answer: Answer) -> str:
    lines = [answer.text, ""]
    if answer.found:
        lines += [f"[{c.n}] {c.label}" for c in answer.citations]
        lines += sorted({c.attribution for c in answer.citations if c.attribution})  # NLOD 2.0 for law text
    else:
        lines.append("Kanskje relevant:")
        lines += [f"  - {h.meta.title} – {h.chunk.section_title}: {h.chunk.text[:160]}…" for h in answer.passages[:3]]
    return "\n".join(lines)


def check_index(settings: Settings) -> None:
    """Raise a Norwegian AssistantError when the data dir has no index or an empty one (instead of
    creating an empty index there and answering «fant ikke»)."""
    from assistant.store import Catalog

    db = settings.data_dir / "catalog.sqlite"
    if not db.exists():
        raise AssistantError(
            f"Fant ingen indeks i {printable(str(settings.data_dir))}. Kjør `python -m ingest` først, "
            "eller sett ASSISTANT_DATA_DIR til mappen der indeksen ligger.")
    catalog = Catalog(db)
    try:
        if not catalog.documents():
            raise EmptyIndex()
    finally:
        catalog.close()


def batch_problem(line: str) -> tuple[dict | None, str]:
    """(the parsed item, '') or (None, the Norwegian reason the line cannot be asked)."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"ikke gyldig JSON (tegn {exc.colno})"
    if not isinstance(item, dict):
        return None, "linjen må være et JSON-objekt som {\"id\": …, \"question\": …}"
    question = item.get("question")
    if not isinstance(question, str) or not question.strip():
        return None, "mangler «question» (en tekst som ikke er tom)"
    return item, ""


def run_batch(path: str, filters: Filters, k: int | None, out: TextIO, err: TextIO) -> int:
    """Answer every good line of a JSONL file (one JSON line out per question); one Norwegian line
    on ``err`` per bad line. Exit code 0, or 1 when a line was skipped."""
    from assistant.answer import ask

    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AssistantError(f"finner ikke filen «{printable(path)}»") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AssistantError(f"kan ikke lese «{printable(path)}» ({type(exc).__name__})") from None
    skipped = 0
    for no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        item, problem = batch_problem(line)
        if item is None:
            print(f"Linje {no}: {problem} – hoppet over.", file=err)
            skipped += 1
            continue
        ans = ask(item["question"], filters, k)
        out.write(json.dumps(answer_json(ans, item.get("id")), ensure_ascii=False) + "\n")
        out.flush()
    return 1 if skipped else 0


def _ask(args: argparse.Namespace) -> int:
    from assistant.answer import ask

    check_index(get_settings())
    filters = Filters(municipality=tuple(args.municipality or ()), kind=tuple(args.kind or ()), doc_ids=tuple(args.doc or ()))
    if args.batch:
        return run_batch(args.batch, filters, args.k, sys.stdout, sys.stderr)
    if not args.question or not args.question.strip():
        print("Feil: skriv et spørsmål, eller bruk --batch FIL.", file=sys.stderr)
        return 2
    ans = ask(args.question, filters, args.k)
    if args.json:
        print(json.dumps(answer_json(ans), ensure_ascii=False, indent=2))
    else:
        print(format_answer(ans))
    return 0


def _check(args: argparse.Namespace) -> int:
    from assistant.checker.service import doc_ids_for_files, run_check

    settings = get_settings()
    doc_ids = doc_ids_for_files([Path(p) for p in args.paths], settings) if args.paths else None
    return write_check(run_check(doc_ids=doc_ids, settings=settings), args.format, args.out)


def write_check(result: CheckResult, fmt: str, out_path: str | None) -> int:
    """Print or write a check result in the chosen format (shared with ``python -m ingest --check``)."""
    from assistant.checker import export

    if fmt == "xlsx":
        out = Path(out_path or "plansjekk.xlsx")
        export.to_xlsx(result, out)
        print(f"Skrev {printable(str(out))}")
        return 0
    text = {"table": export.to_table, "json": export.to_json, "csv": export.to_csv, "md": export.to_markdown}[fmt](result)
    if out_path:
        Path(out_path).write_text(text, encoding="utf-8")
        print(f"Skrev {printable(out_path)}")
    else:
        print(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = NorwegianParser(prog="python -m assistant", description="Spør dokumentene, eller sjekk planer.")
    sub = parser.add_subparsers(dest="command", required=True, title="kommandoer", metavar="{ask,check}")
    a = sub.add_parser("ask", help="still et spørsmål", description="Still et spørsmål til dokumentene i indeksen.")
    a.add_argument("question", nargs="?", metavar="SPØRSMÅL", help="spørsmålet (i anførselstegn)")
    a.add_argument("--json", action="store_true", help="skriv svaret som JSON")
    a.add_argument("--k", type=bounded_int(*K_RANGE), default=None, metavar="N",
                   help=f"antall tekstutdrag som hentes ({K_RANGE[0]}–{K_RANGE[1]})")
    a.add_argument("--municipality", action="append", metavar="KOMMUNE", help="bare denne kommunen (kan gjentas)")
    a.add_argument("--kind", action="append", metavar="TYPE", help="bare denne dokumenttypen (kan gjentas)")
    a.add_argument("--doc", action="append", metavar="ID", help="bare dette dokumentet (dokument-id, kan gjentas)")
    a.add_argument("--batch", metavar="FIL",
                   help="JSONL-fil med {\"id\", \"question\"}; skriver én JSON-linje per spørsmål")
    c = sub.add_parser("check", help="sjekk mål, tiltak og indikatorer i planene",
                       description="Sjekk mål, tiltak og indikatorer i planene i indeksen.")
    c.add_argument("paths", nargs="*", metavar="NAVN",
                   help="planer i indeksen, gitt ved filnavn (standard: alle planene); "
                        "en fil som ikke er lagt inn, sjekkes med «python -m ingest --check FIL»")
    c.add_argument("--format", choices=["table", "json", "csv", "xlsx", "md"], default="table", help="utformat")
    c.add_argument("--out", metavar="FIL", help="skriv til fil")
    args = parser.parse_args(argv)
    try:
        return _ask(args) if args.command == "ask" else _check(args)
    except AssistantError as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
