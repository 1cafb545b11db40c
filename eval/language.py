"""python -m eval language — how `detect_language` reads the questions whose language we know.

Confusion matrices (gold → detected) for the plan and real-document question files, dev and held-out
apart (held-out: counts only, never a text), NorQuAD's Norwegian questions (a false-English check)
and the sentences below, written before the detector was last changed: English questions in a
municipal register full of Norwegian names and terms, and short bokmål / nynorsk questions. With
``--show`` it prints the dev misreads and the misread own sentences (never a held-out text).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from assistant.language import Language, detect_language
from eval.common import write_result
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
    args = parser.parse_args(argv)
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
