"""The shipped question files themselves: every id names one question, across all sets.

Several writers add questions to the same files in parallel; a reused id would make the
per-question outcomes in eval/results (and the dev/held-out split, which is decided by the id)
silently mix two questions. The check reads only ids and question texts, never answers.
"""

from __future__ import annotations

from collections import Counter

from eval.questions import (
    DEFAULT_PATH,
    FRESH2_PATH,
    FRESH3_PATH,
    FRESH4_PATH,
    FRESH5_PATH,
    FRESH6_PATH,
    FRESH7_PATH,
    FRESH_PATH,
    REALDOCS_PATH,
    load_questions,
)

QUESTION_FILES = (DEFAULT_PATH, REALDOCS_PATH, FRESH_PATH, FRESH2_PATH, FRESH3_PATH, FRESH4_PATH,
                  FRESH5_PATH, FRESH6_PATH, FRESH7_PATH)


def test_every_question_id_is_used_once_across_all_files() -> None:
    ids = Counter(q.id for path in QUESTION_FILES for q in load_questions(path))
    reused = sorted(i for i, n in ids.items() if n > 1)
    assert reused == [], f"id brukt flere ganger: {reused}"


def test_no_question_text_is_asked_twice_in_one_file() -> None:
    for path in QUESTION_FILES:
        texts = Counter(" ".join(q.question.lower().split()) for q in load_questions(path))
        repeated = [t for t, n in texts.items() if n > 1]
        assert repeated == [], f"{path.name}: samme spørsmål flere ganger: {len(repeated)}"
