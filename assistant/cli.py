"""What the command lines share: an argument parser that speaks Norwegian (help and errors), a
range-checked integer type, and file names printed safely (control and bidi characters escaped,
so a file name cannot move the cursor, recolour the terminal or reverse the text)."""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from typing import NoReturn

_HELP_WORDS = [
    ("usage: ", "bruk: "),
    ("positional arguments:", "argumenter:"),
    ("options:", "valg:"),
    ("optional arguments:", "valg:"),
]
_ERROR_WORDS = [
    (r"the following arguments are required: (.+)", r"disse argumentene mangler: \1"),
    (r"argument (\S+): invalid choice: (.+) \(choose from (.+)\)", r"\1: ugyldig valg \2 (velg blant \3)"),
    (r"argument (\S+): invalid (\w+) value: (.+)", r"\1: ugyldig verdi \3"),
    (r"argument (\S+): expected one argument", r"\1 trenger en verdi"),
    (r"unrecognized arguments: (.+)", r"ukjente argumenter: \1"),
    (r"argument (\S+): (.+)", r"\1: \2"),
]


class NorwegianParser(argparse.ArgumentParser):
    """argparse with Norwegian help headings, a Norwegian -h/--help and Norwegian error lines."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="vis denne hjelpen og avslutt")

    def format_help(self) -> str:
        return _translate(super().format_help())

    def format_usage(self) -> str:
        return _translate(super().format_usage())

    def error(self, message: str) -> NoReturn:
        for pattern, repl in _ERROR_WORDS:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, repl, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: feil: {message}\n")


def _translate(text: str) -> str:
    for en, nb in _HELP_WORDS:
        text = text.replace(en, nb)
    return text


def bounded_int(low: int, high: int):
    """An argparse type: an integer from ``low`` to ``high``, else a Norwegian error."""

    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"«{value}» er ikke et heltall") from None
        if not low <= n <= high:
            raise argparse.ArgumentTypeError(f"må være mellom {low} og {high}, fikk {n}")
        return n

    return parse


def printable(name: str) -> str:
    """A file name for the terminal: control, format (bidi, zero-width) and other invisible
    characters written as \\xNN / \\uNNNN escapes; everything else as it is."""
    out = []
    for ch in name:
        if unicodedata.category(ch)[0] == "C":
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)
