"""Planassistenten: the Gradio app's entry point.

    python app.py [--host 127.0.0.1] [--port 7860] [--no-auth]
    python app.py --hash-password          # prints a hash for ASSISTANT_AUTH_PASSWORD

Three tabs — Spør (ask; [n] markers and the source list open the passage, the PDF page and the
whole document at that place), Dokumenter (documents in the index, upload, remove) and Sjekk plan
(the goal checker with downloads) — a status line, and one API endpoint, ``ask`` (question text
in, the JSON of ``python -m assistant ask --json`` out).

Where things live (one file per idea): the data the user sees (rows, labels, summaries, status,
highlight spans) is shaped in ``assistant/display.py``, plain Python any front end can use; this
front end's parts are in ``ui/``: ``markup.py`` (HTML/Markdown, everything escaped),
``chat.py`` (Spør handlers and the ``ask`` API), ``documents.py`` (document table, upload,
removal, status line, start-up), ``vectors.py`` (phase 2 of ingest in the background),
``checker.py`` (Sjekk plan), ``layout.py`` (tabs, CSS, wiring) and ``context.py`` (settings,
access, the one error handler). Handlers are module-level functions of plain values
(tests/test_app*.py call them without a browser); the work itself is ``assistant.answer``,
``ingest.uploads``, ``ingest.run``, ``assistant.store`` and ``assistant.checker``.

Access (README, "Security and reliability"): on loopback the app is open to the machine's user.
Anywhere else it needs ``ASSISTANT_AUTH_USERNAME``/``ASSISTANT_AUTH_PASSWORD`` (Gradio's login on
every route, page and API alike), or ``--no-auth``, which prints a warning and makes the app
read-only: uploads and removals are refused by the handlers themselves, whatever route calls them.
Never a share link.
"""

from __future__ import annotations

import logging
import os
import sys

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home; the machine may be offline

from assistant.access import access_for, hash_password, is_loopback  # noqa: E402
from assistant.cli import NorwegianParser  # noqa: E402
from assistant.settings import get_settings  # noqa: E402
from ui.context import context, failure  # noqa: E402
from ui.layout import CSS, MARKER_JS, THEME, build_app  # noqa: E402

NOISY_LOGGERS = ("bm25s", "tantivy", "httpx", "httpcore", "urllib3", "chromadb", "gradio", "uvicorn", "uvicorn.access",
                 "asyncio", "matplotlib", "PIL", "multipart", "python_multipart", "sentence_transformers", "filelock",
                 "fsspec")


def configure_logging(stream=None) -> None:
    """INFO and above from the app, WARNING and above from libraries; the handler itself drops
    DEBUG records, so a library that sets its own logger to DEBUG (bm25s does) stays quiet."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=stream or sys.stderr, force=True)
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.INFO)
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    """Serve the app: ``python app.py [--host H] [--port P] [--no-auth]``."""
    parser = NorwegianParser(prog="python app.py", description="Start Planassistenten i nettleseren.")
    parser.add_argument("--host", help="adressen appen lytter på (standard: innstillingen host, 127.0.0.1)")
    parser.add_argument("--port", type=int, help="porten appen lytter på (standard: innstillingen port, 7860)")
    parser.add_argument("--no-auth", action="store_true",
                        help="tillat en annen adresse enn 127.0.0.1 uten innlogging (da uten opplasting og fjerning)")
    parser.add_argument("--hash-password", action="store_true",
                        help="les et passord og skriv en hash til ASSISTANT_AUTH_PASSWORD")
    args = parser.parse_args(argv)
    if args.hash_password:
        import getpass

        print(hash_password(getpass.getpass("Passord: ")))
        return 0
    configure_logging()
    settings = get_settings()
    host, port = args.host or settings.host, args.port or settings.port
    try:
        access = access_for(host, settings, args.no_auth)
        demo = build_app(settings, access)
    except Exception as exc:
        print(f"Kunne ikke starte appen: {failure(exc, 'oppstarten')}", file=sys.stderr)
        return 1
    if not access.login_required and not is_loopback(host):
        print(f"ADVARSEL: appen lytter på {host} uten innlogging (--no-auth). Alle som når maskinen kan stille "
              "spørsmål og lese dokumentene; opplasting og fjerning er slått av.", file=sys.stderr)
    demo.queue(default_concurrency_limit=4)
    print(f"Planassistenten kjører på http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}/"
          + (" (med innlogging)" if access.login_required else ""), flush=True)
    demo.launch(server_name=host, server_port=port, share=False, quiet=True, theme=THEME, css=CSS, js=MARKER_JS,
                footer_links=[], show_error=False, run_history=False, auth=access.login if access.login_required else None,
                auth_message="Logg inn for å bruke Planassistenten.", max_file_size=f"{settings.upload_max_mb}mb",
                allowed_paths=[str(context().work)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
