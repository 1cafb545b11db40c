"""python -m eval language — how `detect_language` reads the questions whose language we know.

Confusion matrices (gold → detected) for the plan and real-document question files, dev and held-out
apart (held-out: counts only, never a text), NorQuAD's Norwegian questions (a false-English check)
and the sentences below, written before the detector was last changed: English questions in a
municipal register full of Norwegian names and terms, and short bokmål / nynorsk questions. With
``--show`` it prints the dev misreads and the misread own sentences (never a held-out text).

``--dictionary`` reports the nynorsk → bokmål map the analysis reads under the hand map (assistant/nynorsk.py, the
``nynorsk_dictionary`` setting): what the dictionary gave and why pairs were left out; how many word tokens it changes
in each document (the real documents that are not held out and the national laws: opplæringslova 2023 is nynorsk, the
rest bokmål — a change in a bokmål text is a homograph risk, printed with its word); and whether the dictionary's
nynorsk-only headwords would be a nynorsk signal for the detector (dev questions and NorQuAD, counts only).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from assistant.language import Language, detect_language
from assistant.norwegian import _stem, nynorsk_map, words
from eval.common import WORK, write_result
from eval.norquad import DEFAULT_DATA, load_split
from eval.questions import DEFAULT_PATH, REALDOCS_PATH, split_of

OWN_ENGLISH = [
    "What does the Sametinget say about Sami language in kindergartens?",
    "How many barnehage places does Tromsø plan for in 2025?",
    "Does the kommuneplan for Lier mention flood risk?",
    "Which measures in Hol's oppvekstplan address bullying?",
    "Is there a goal for reading skills in Krødsherad?",
    "Who is responsible for the SFO offer in Harstad?",
    "Are pupils in Telemark offered free school meals?",
    "Why did Åmot change its skolebruksplan?",
    "When must the kommunestyre adopt the budget?",
    "Has Fylkesrådet approved the new upper secondary structure?",
    "Do teachers in Vestfold get further education?",
    "Should every barnehage have a pedagogisk leder?",
    "Give me the indicators for early intervention in Bodø.",
    "List the goals in Tromsø's kvalitetsplan.",
    "Tell me what Meld. St. 21 says about apprenticeships.",
    "Under opplæringslova, who decides on special education?",
    "Explain the role of PPT in Nordre Follo.",
    "According to Tett på, what should kindergartens do?",
    "Summarise the main priorities of Fullføringsreformen.",
    "Is Statsforvalteren involved in school supervision?",
    "What is the dropout rate in Vestland fylkeskommune?",
    "Are there targets for sick leave among ansatte in Hol?",
    "Find the section on universal design in the kommuneplanens samfunnsdel.",
    "Which schools in Skien take part in Inkluderende barnehage- og skolemiljø?",
    "What do Udir and Utdanningsdirektoratet recommend about homework?",
    "How is Ungdata used in Kongsberg?",
    "Does Nesbyen have a plan for newly arrived refugees?",
    "Show measures for digital competence in Nord-Aurdal.",
    "What happens if a pupil leaves videregående skole early?",
    "Is leksehjelp free in Gol?",
    "Who pays for skyss to school in Flå?",
    "How often is the Elevundersøkelsen carried out?",
    "Does the plan mention barnevern and helsestasjon cooperation?",
    "Can parents complain to the Foreldreutvalget?",
    "Where is the voksenopplæring located in Hemsedal?",
    "What are the aims for Norwegian and mathematics at barnetrinnet?",
    "Are nynorsk pupils given textbooks in their own language?",
    "Mention the deadline for applying to kulturskolen.",
    "Compare the goals for ungdomstrinnet in Lier and Drammen.",
    "Describe how Sametinget cooperates with Troms og Finnmark fylkeskommune.",
]
OWN_NORWEGIAN = [
    ("nb", "Hva sier kommuneplanen om flom?"),
    ("nb", "Hvilke tiltak har Lier mot mobbing?"),
    ("nb", "Står det noe om skolemat i planen?"),
    ("nb", "Når skal budsjettet vedtas?"),
    ("nb", "Er det mål for lesing på barnetrinnet?"),
    ("nb", "Tiltak for tidlig innsats i barnehagen"),
    ("nb", "Har Tromsø en plan for digital kompetanse?"),
    ("nb", "Gir planen indikatorer for trivsel?"),
    ("nn", "Kva seier kommuneplanen om flaum?"),
    ("nn", "Kva tiltak har Hol mot mobbing?"),
    ("nn", "Står det noko om skulemat i planen?"),
    ("nn", "Når skal budsjettet vedtakast?"),
    ("nn", "Er det mål for lesing på barnesteget?"),
    ("nn", "Korleis følgjer skulen opp elevar som ikkje trivst?"),
    ("nn", "Har Tromsø ein plan for digital kompetanse?"),
    ("nn", "Gjev planen indikatorar for trivsel?"),
]


def matrix(pairs: list[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """gold → detected → count, for the (gold, detected) pairs."""
    counts = Counter(pairs)
    return {g.value: {d.value: counts[(g.value, d.value)] for d in Language if counts[(g.value, d.value)]}
            for g in Language if any(gold == g.value for gold, _ in pairs)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval language")
    parser.add_argument("--show", action="store_true", help="print dev misreads and misread own sentences")
    parser.add_argument("--norquad", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--dictionary", action="store_true", help="report the nynorsk dictionary layer (see above)")
    args = parser.parse_args(argv)
    if args.dictionary:
        return dictionary_report(args.norquad)
    result: dict[str, object] = {}
    for name, path in (("plans", DEFAULT_PATH), ("realdocs", REALDOCS_PATH)):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for split in ("dev", "held-out"):
            pairs = []
            for row in rows:
                if split_of(row["id"]) != split:
                    continue
                got = detect_language(row["question"]).value
                pairs.append((row["lang"], got))
                if args.show and split == "dev" and got != row["lang"]:
                    print(f"  {row['id']} {row['lang']} → {got}: {row['question']}")
            result[f"{name} {split}"] = matrix(pairs)
    norquad: Counter[str] = Counter()
    if args.norquad.exists():
        for split in ("test", "validation"):
            norquad.update(detect_language(item["question"]).value for item in load_split(args.norquad, split))
    result["norquad (all Norwegian)"] = dict(norquad)
    own = [("en", q) for q in OWN_ENGLISH] + OWN_NORWEGIAN
    own_pairs = [(gold, detect_language(q).value) for gold, q in own]
    if args.show:
        for (gold, q), (_, got) in zip(own, own_pairs, strict=True):
            if got != gold:
                print(f"  own {gold} → {got}: {q}")
    result["own sentences"] = matrix(own_pairs)
    for key, value in result.items():
        print(f"{key:26} {value}")
    print(f"→ {write_result('language', result)}")
    return 0


def dictionary_report(norquad_dir: Path) -> int:
    """``--dictionary``: the map's counts, the tokens it changes per document, its headwords as a language signal."""
    from eval.answers import NATIONAL
    from eval.realdocs import DEFAULT_WORK, DOCS, prepare_real_docs
    from ingest.readers import read_pages

    m = nynorsk_map()
    if m is None:
        print("Ingen nynorsk–bokmål-ordbok (nynorsk_dictionary): den innebygde ordlista alene")
        return 1
    result: dict[str, object] = {"map": vars(m.counts), "stems": len(m.stems), "nynorsk only": len(m.nynorsk_only)}
    print(f"map: {vars(m.counts)}; {len(m.stems)} stems read through inflections")
    held = {d.name for d in DOCS if d.held_out}
    paths = [p for p in prepare_real_docs(DEFAULT_WORK) if p.name not in held]
    paths += [p for p in (NATIONAL / "opplaeringslova-2023.xml", NATIONAL / "barnehageloven.xml") if p.exists()]
    changed: dict[str, object] = {}
    texts = {path.name: " ".join(page.text for page in read_pages(path)) for path in paths}
    norquad_corpus = WORK / "norquad" / "corpus"  # written by python -m eval norquad
    if norquad_corpus.is_dir():
        texts["NorQuAD passages (bokmål)"] = " ".join(p.read_text(encoding="utf-8")
                                                      for p in sorted(norquad_corpus.glob("*.txt")))
    for name, text in texts.items():
        read, plain = words(text), without_dictionary(text)
        counts = Counter((w, r) for w, r in zip(plain, read, strict=True) if w != r)
        share = sum(counts.values()) / max(len(read), 1)
        most = [f"{w}→{r} ×{n}" for (w, r), n in counts.most_common(8)]
        changed[name] = {"tokens": len(read), "changed": sum(counts.values()), "share": round(share, 4), "most": most}
        print(f"{name[:60]:60} {len(read):7} tokens, {sum(counts.values()):5} changed ({share:.2%}): {', '.join(most)}")
    result["documents"] = changed
    nn_stems = {_stem(h) for h in m.nynorsk_only}

    def signal(text: str) -> bool:
        return any(len(w) >= 3 and (w in m.nynorsk_only or _stem(w) in nn_stems) for w in words_raw(text))
    questions = [json.loads(line) for path in (DEFAULT_PATH, REALDOCS_PATH)
                 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    dev = [q for q in questions if split_of(q["id"]) == "dev" and q["lang"] in ("nb", "nn")]
    by_lang = {lang: f"{sum(signal(q['question']) for q in dev if q['lang'] == lang)}"
                     f"/{sum(q['lang'] == lang for q in dev)}" for lang in ("nn", "nb")}
    norquad = [item["question"] for split in ("test", "validation") for item in load_split(norquad_dir, split)] \
        if norquad_dir.exists() else []
    result["nynorsk-only headword in question"] = {**by_lang, "norquad (bokmål)": f"{sum(map(signal, norquad))}"
                                                                                 f"/{len(norquad)}"}
    print(f"a nynorsk-only headword in the question: {result['nynorsk-only headword in question']}")
    print(f"→ {write_result('language-dictionary', result)}")
    return 0


def without_dictionary(text: str) -> list[str]:
    """``words`` with the hand map alone (the ``nynorsk_dictionary`` setting emptied for the call)."""
    import os

    from assistant.settings import get_settings

    before = os.environ.get("ASSISTANT_NYNORSK_DICTIONARY")
    os.environ["ASSISTANT_NYNORSK_DICTIONARY"] = ""
    get_settings.cache_clear()
    try:
        return words(text)
    finally:
        if before is None:
            del os.environ["ASSISTANT_NYNORSK_DICTIONARY"]
        else:
            os.environ["ASSISTANT_NYNORSK_DICTIONARY"] = before
        get_settings.cache_clear()


def words_raw(text: str) -> list[str]:
    """Word tokens as ``words`` splits them, before any nynorsk map (the hand map's own words are left out above)."""
    from assistant import norwegian

    return [part for w in norwegian._WORD.findall(text.lower())
            for part in (w.split("-") if "-" in w and not w[0].isdigit() else [w]) if part and not part[0].isdigit()]
