"""python -m ingest [PATH ...] [--rebuild] [--prune] [--rebuild-if-changed] — parse, call run(), print the report.
python -m ingest fetch [NAME ...] [--manifest FILE] — download national documents (ingest/fetch.py) and ingest them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.cli import NorwegianParser, printable
from assistant.display import VECTORS_OFF
from assistant.errors import AssistantError, IndexMismatch
from assistant.models import IngestReport
from assistant.settings import get_settings

_STATUS = {"ingested": "lagt inn", "unchanged": "uendret", "failed": "FEILET", "removed": "fjernet", "duplicate": "DUPLIKAT"}


def format_report(report: IngestReport, vectors_off: bool = False) -> str:
    lines = []
    for f in report.files:
        if f.status in ("failed", "duplicate", "removed") or f.reason:
            lines.append(f"  {_STATUS[f.status]:9} {printable(Path(f.path).name)}: {printable(f.reason)}")
    lines.append(
        f"Ferdig på {report.seconds:.1f} s: {report.count('ingested')} lagt inn, {report.count('unchanged')} uendret, "
        f"{report.count('failed') + report.count('duplicate')} feilet, {report.count('removed')} fjernet; "
        f"{report.pages} sider, {report.chunks} tekstbiter."
    )
    lines.append(vectors_line(report, vectors_off))
    return "\n".join(lines)


def vectors_line(report: IngestReport, vectors_off: bool = False) -> str:
    """When the documents became searchable, and when (or whether) their vectors were done
    (``vectors_off``: none are made, by the setting ``ingest_vectors``)."""
    line = f"Søkbare etter {report.searchable_seconds:.1f} s"
    if vectors_off:
        return f"{line}. {VECTORS_OFF}"
    if report.vectors_seconds is not None and not report.embedded_chunks:
        return line + "; alle dokumentene har vektorer for semantisk søk."
    if report.vectors_seconds is not None:
        return line + f"; vektorer for semantisk søk ferdige etter {report.vectors_seconds:.1f} s ({report.embedded_chunks} tekstbiter embeddet)."
    line += f"; {report.without_vectors} dokument(er) uten vektorer – de finnes med ordsøk, ikke med semantisk søk"
    if report.vectors_error:
        return line + f" (vektorene kunne ikke lages: {printable(report.vectors_error)}; neste innlegging prøver igjen)."
    return line + "."


def _check_files(args: argparse.Namespace) -> int:
    """Read the files with ingest's readers and hand the plans to the checker (nothing is indexed)."""
    from assistant.__main__ import write_check
    from assistant.checker.service import run_check
    from ingest.parse import read_plans

    if not args.paths:
        print("Feil: gi minst én fil å sjekke.", file=sys.stderr)
        return 2
    try:
        return write_check(run_check(plans=read_plans(args.paths)), args.format, args.out)
    except AssistantError as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 2


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["fetch"]:  # python -m ingest fetch [NAME ...] [--manifest FILE]
        from ingest.fetch import main as fetch_main

        return fetch_main(argv[1:])
    parser = NorwegianParser(prog="python -m ingest", description="Legg dokumenter inn i assistentens indeks.",
                             epilog="Nasjonale dokumenter: python -m ingest fetch [NAVN ...] [--manifest FIL]")
    parser.add_argument("paths", nargs="*", type=Path, metavar="STI", help="filer eller mapper (standard: corpus/)")
    parser.add_argument("--rebuild", action="store_true", help="slett indeksen og bygg den på nytt")
    parser.add_argument("--prune", action="store_true", help="fjern dokumenter som ikke lenger finnes i mappene")
    parser.add_argument("--rebuild-if-changed", action="store_true",
                        help="bygg indeksen på nytt (med alle dokumentene den hadde) når innstillingene er endret")
    parser.add_argument("--quiet", action="store_true", help="ingen fremdriftslinje")
    parser.add_argument("--check", action="store_true",
                        help="les filene og kjør plansjekken uten å legge dem inn i indeksen")
    parser.add_argument("--format", choices=["table", "json", "csv", "xlsx", "md"], default="table",
                        help="format for plansjekken (med --check)")
    parser.add_argument("--out", help="skriv plansjekken til fil (med --check)")
    args = parser.parse_args(argv)
    if args.check:
        return _check_files(args)

    from tqdm import tqdm

    from ingest.run import run

    bar = None if args.quiet else tqdm(total=100, unit="%", bar_format="{l_bar}{bar}| {n:.0f}% {postfix}")

    def progress(fraction: float, message: str) -> None:
        if bar is not None:
            bar.n = round(fraction * 100)
            bar.set_postfix_str(printable(message[:100]))
            bar.refresh()

    try:
        try:
            report = run(args.paths or None, progress=progress, rebuild=args.rebuild, prune=args.prune)
        except IndexMismatch as exc:
            if not args.rebuild_if_changed:
                raise
            print(f"{exc}\nBygger indeksen på nytt med alle dokumentene den hadde …", file=sys.stderr)
            report = run(args.paths or None, progress=progress, rebuild=True, prune=args.prune)
    except AssistantError as exc:
        if bar is not None:
            bar.close()
        print(f"Feil: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        if bar is not None:
            bar.close()
        print("Avbrutt. Ferdige dokumenter er søkbare; vektorer som mangler, lages ved neste innlegging.", file=sys.stderr)
        return 130
    if bar is not None:
        bar.close()
    print(format_report(report, vectors_off=get_settings().ingest_vectors == "off"))
    if report.vectors_error:
        return 2
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
