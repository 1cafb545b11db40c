"""python -m eval {retrieval|answers|checker|speed|norquad|realdocs|load|scale|language|train-units|train-decision|vector-ef} — each prints a table and writes
eval/results/<name>.json. See eval/README.md."""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "retrieval": "eval.retrieval",
    "answers": "eval.answers",
    "checker": "eval.checker",
    "speed": "eval.speed",
    "norquad": "eval.norquad",
    "realdocs": "eval.realdocs_report",
    "load": "eval.load",
    "scale": "eval.scale",
    "language": "eval.language",
    "train-units": "eval.train_units",
    "train-decision": "eval.train_decision",
    "vector-ef": "eval.vector_ef",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS:
        print(f"Bruk: python -m eval {{{'|'.join(COMMANDS)}}} [valg]", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[argv[0]])
    return module.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
