"""Validation of the model's text: the model never decides what a citation points to.

The prompt numbers the passages, the model writes ``[n]`` markers, and :func:`validate_answer`
keeps only the sentences that cite a passage that was actually given, with markers for passages
that were not given removed. Sentences come from :func:`assistant.norwegian.split_sentences`, the
project's one splitter (one abbreviation list)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.citations import NOT_FOUND
from assistant.norwegian import split_sentences

_REF = r"(?:(?:kilde|source|utdrag)\s*)?\d+(?:\s*[-–]\s*\d+)?"
_MARKERS = rf"\[\s*{_REF}(?:\s*[,;]\s*{_REF})*\s*\]"
_MARKER = re.compile(rf"(\s*)\[\s*({_REF}(?:\s*[,;]\s*{_REF})*)\s*\]", re.IGNORECASE)
_LEADING_MARKERS = re.compile(rf"^(?:\s*{_MARKERS})+", re.IGNORECASE)
#: "… seg. [2] Neste" — markers written after the full stop belong to the sentence before it
_MARKERS_AFTER_STOP = re.compile(rf"([.!?…])((?:\s*{_MARKERS})+)", re.IGNORECASE)
_THINK = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL | re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")


@dataclass(frozen=True)
class ValidatedAnswer:
    """The model's text reduced to its cited sentences, and the passages cited (in order of first use).
    ``text`` is NOT_FOUND when the model said so, empty when nothing it wrote cited a given passage."""

    text: str
    cited: list[int]


def _marker_numbers(inner: str) -> list[int]:
    out: list[int] = []
    for ref in re.split(r"[,;]", inner):
        nums = [int(x) for x in re.findall(r"\d+", ref)]
        if len(nums) == 2 and re.search(r"[-–]", ref) and 0 <= nums[1] - nums[0] <= 20:
            out.extend(range(nums[0], nums[1] + 1))
        else:
            out.extend(nums)
    return out


def _is_not_found(sentence: str) -> bool:
    core = _MARKER.sub("", sentence).strip().strip(".!\"'«»”").strip().casefold()
    return core == NOT_FOUND.rstrip(".").casefold()


@dataclass
class _Unit:
    sentence: str
    line: int
    paragraph: int
    prefix: str  # the line's bullet ("- ", "1. ") for its first sentence


def _units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    paragraph = 0
    for line_no, line in enumerate(text.splitlines()):
        if not line.strip():
            paragraph += 1
            continue
        m = _BULLET.match(line)
        prefix = m.group(0).strip() + " " if m else ""
        body = _MARKERS_AFTER_STOP.sub(lambda mm: " " + mm.group(2).strip() + mm.group(1), line[m.end():] if m else line)
        for sentence in split_sentences(body, before_digits=True):
            lead = _LEADING_MARKERS.match(sentence)
            if lead and units:  # a line that starts with markers: they belong to the sentence before
                units[-1].sentence = units[-1].sentence.rstrip() + " " + lead.group(0).strip()
                sentence = sentence[lead.end():].strip()
                if not sentence:
                    continue
            units.append(_Unit(sentence, line_no, paragraph, prefix))
    return units


def _keep_valid_markers(sentence: str, valid_ns: set[int]) -> tuple[str, list[int]]:
    """The sentence with markers reduced to given passages, and those passages' numbers."""
    found: list[int] = []

    def keep(m: re.Match[str]) -> str:
        ns = [n for n in dict.fromkeys(_marker_numbers(m.group(2))) if n in valid_ns]
        found.extend(ns)
        return f"{m.group(1)}[{', '.join(map(str, ns))}]" if ns else ""

    return _MARKER.sub(keep, sentence).strip(), found


def validate_answer(text: str, valid_ns: set[int]) -> ValidatedAnswer:
    """Keep the sentences that cite at least one given passage; strip markers for passages that
    were not given; drop a ``<think>`` block. The not-found sentence on its own comes back as
    ``NOT_FOUND``; an answer with no valid citation comes back empty, so the caller can fall
    back to the extractive answer."""
    text = _THINK.sub("", text or "").strip()
    cited: list[int] = []
    out = ""
    prev: tuple[int, int] | None = None  # (line, paragraph) of the last kept sentence
    saw_not_found = False
    for unit in _units(text):
        if _is_not_found(unit.sentence):
            saw_not_found = True
            continue
        cleaned, found = _keep_valid_markers(unit.sentence, valid_ns)
        if not found:
            continue
        cited.extend(n for n in dict.fromkeys(found) if n not in cited)
        if prev is None:
            out = unit.prefix + cleaned
        elif prev[0] == unit.line:
            out += " " + cleaned
        else:
            out += ("\n\n" if prev[1] != unit.paragraph else "\n") + unit.prefix + cleaned
        prev = (unit.line, unit.paragraph)

    if not out:
        return ValidatedAnswer(NOT_FOUND if saw_not_found else "", [])
    return ValidatedAnswer(out, cited)
