"""assistant/display.py: what the user is shown, as data — citations, labels, tables, status, examples."""

from __future__ import annotations

import json
from pathlib import Path

from assistant import display as view
from assistant.checker.models import CheckResult, Evidence, Flag, Goal, GoalCheck, PlanCheck
from assistant.citations import MAYBE_RELEVANT, NOT_FOUND
from assistant.errors import EmptyIndex, IngestError
from assistant.models import Answer, Block, Chunk, Citation, DocumentMeta, DocumentRecord, FileResult, Hit, IngestReport
from assistant.settings import OFFLINE_MODEL, Settings
from tests.conftest import REPO


def _meta(**kw) -> DocumentMeta:
    base = dict(doc_id="amot-plan", source="amot-plan.pdf", title="Handlingsplan for trivsel", municipality="Åmot",
                kind="handlingsplan", period="2021–2024", year=2021)
    base.update(kw)
    return DocumentMeta(**base)


def _citation(n: int = 1, passage: str = "Første setning.\nAlle skoler skal ha nulltoleranse\nmot mobbing. Siste setning.",
              quote: str = "Alle skoler skal ha nulltoleranse mot mobbing.", **kw) -> Citation:
    base = dict(n=n, chunk_id="amot-plan::3", source="amot-plan.pdf", title="Handlingsplan for trivsel",
                municipality="Åmot", page=4, page_label=None, section="3.2 Tiltak", quote=quote, passage=passage,
                label="Åmot – Handlingsplan for trivsel, 3.2 Tiltak, s. 4")
    base.update(kw)
    return Citation(**base)


def _hit(text: str, seq: int = 0) -> Hit:
    chunk = Chunk(id=f"amot-plan::{seq}", doc_id="amot-plan", seq=seq, text=text, section=("2 Mål",), page_start=2)
    return Hit(chunk=chunk, meta=_meta(), score=0.1, rank=seq + 1)


# --- escaping ---------------------------------------------------------------------------------
def test_found_answer_offers_its_own_citations():
    cites = [_citation(1), _citation(2)]
    answer = Answer("q", True, "Svar. [1] [2]", cites, [_hit("annet")])
    assert view.shown_citations(answer) == cites


def test_make_filters_none_when_nothing_chosen():
    assert view.make_filters([], None, []) is None
    f = view.make_filters(["Åmot"], ["handlingsplan"], ["amot-plan"])
    assert f is not None and f.municipality == ("Åmot",) and f.kind == ("handlingsplan",) and f.doc_ids == ("amot-plan",)


def test_citation_choices_and_lookup():
    cites = [_citation(1), _citation(2, label="Løten – Plan, 2 Mål")]
    assert view.citation_choices(cites) == [("[1] Åmot – Handlingsplan for trivsel, 3.2 Tiltak, s. 4", "1"),
                                            ("[2] Løten – Plan, 2 Mål", "2")]
    assert view.find_citation(cites, "2").label == "Løten – Plan, 2 Mål"
    assert view.find_citation(cites, None) is None
    assert view.find_citation(cites, "9") is None
    assert view.doc_id_of(cites[0]) == "amot-plan"


# --- source panel ---------------------------------------------------------------------------------
def test_highlight_spans_match_across_line_breaks():
    c = _citation()
    spans = view.highlight_spans(c.passage, c.quote)
    assert len(spans) == 1
    s, e = spans[0]
    assert c.passage[s:e] == "Alle skoler skal ha nulltoleranse\nmot mobbing."


def test_highlight_merges_overlaps_and_ignores_missing_quotes():
    passage = "En. To setninger her. Tre setninger her."
    assert view.highlight_spans(passage, "Finnes ikke i teksten.") == []
    spans = view.highlight_spans(passage, "To setninger her. Tre setninger her.")
    assert spans == [(4, len(passage))]


def test_document_rows_and_choices():
    records = [
        DocumentRecord(_meta(), "/data/uploads/amot-plan.pdf", "h1", 12, 40, "2024-05-02T08:15:00+00:00"),
        DocumentRecord(_meta(doc_id="lov", source="opplaringslova.xml", title="Opplæringslova", municipality="",
                             kind="lov", period="", has_pages=False), "/c/opplaringslova.xml", "h2", 0, 90,
                       "2024-05-01T10:00:00+00:00"),
    ]
    rows = view.document_rows(records)
    assert len(rows[0]) == len(view.DOCUMENT_COLUMNS)
    assert rows[0][:6] == ["Handlingsplan for trivsel", "Åmot", "handlingsplan", "2021–2024", 12, 40]
    assert rows[0][7] == "amot-plan.pdf"
    assert rows[0][6].startswith("02.05.2024 ")
    assert rows[1][1] == "nasjonalt" and rows[1][4] == "–"  # national last, no pages
    assert view.document_choices(records)[0] == ("Åmot – Handlingsplan for trivsel", "amot-plan")
    assert view.plan_choices(records) == [("Åmot – Handlingsplan for trivsel", "amot-plan")]  # no law
    assert view.kinds_of(records) == ["handlingsplan", "lov"]


def test_report_rows_and_summary_name_failures_and_reasons():
    report = IngestReport(files=[
        FileResult("/u/plan.pdf", "ingested", pages=3, chunks=5, doc_id="plan"),
        FileResult("/u/skannet.pdf", "failed", "PDF-en har ikke tekst (skannet?)"),
        FileResult("/u/kopi.pdf", "duplicate", "samme innhold som «plan.pdf»"),
    ], seconds=1.26)
    rows = view.report_rows(report)
    assert rows[0] == ["plan.pdf", "lagt inn", 3, 5, ""]
    assert rows[1] == ["skannet.pdf", "feilet", "", "", "PDF-en har ikke tekst (skannet?)"]
    assert rows[2][1] == "hoppet over (duplikat)"
    assert view.report_summary(report) == "3 filer: 1 lagt inn, 1 hoppet over, 1 feilet (1.3 s)."


def test_summary_says_vectors_are_off_not_missing():
    """With ``ASSISTANT_INGEST_VECTORS=off`` nothing waits for vectors: the summary (app) and the
    CLI's report say they are switched off, not that the documents lack them «ennå»."""
    from ingest.__main__ import format_report

    report = IngestReport(files=[FileResult("/u/plan.pdf", "ingested", pages=3, chunks=5, doc_id="plan")],
                          seconds=0.4, without_vectors=1)
    assert "uten vektorer ennå" in view.report_summary(report)
    off = view.report_summary(report, vectors_off=True)
    assert off.endswith(view.VECTORS_OFF) and "ennå" not in off
    assert "uten vektorer" in format_report(report)
    cli_off = format_report(report, vectors_off=True)
    assert view.VECTORS_OFF in cli_off and "uten vektorer" not in cli_off


# --- status and errors --------------------------------------------------------------------------
def test_friendly_error_uses_domain_message_and_hides_internals():
    assert view.friendly_error(EmptyIndex()).startswith("Ingen dokumenter er lagt inn")
    assert view.friendly_error(IngestError("/x/plan.pdf", "filen er tom")) == "plan.pdf: filen er tom"
    msg = view.friendly_error(KeyError("chunk_id"))
    assert msg == view.GENERIC_ERROR and "KeyError" not in msg and "Traceback" not in msg


# --- checker ------------------------------------------------------------------------------------
def _check_result() -> CheckResult:
    g1 = GoalCheck(Goal("Alle elever skal trives <i>godt</i>.", page=3, section="2 Mål"),
                   measures=[Evidence("Trivselsprogram")], indicators=[Evidence("Elevundersøkelsen")],
                   target_values=["under 5 prosent innen 2025"])
    g2 = GoalCheck(Goal("Færre skal slutte i videregående."),
                   flags=[Flag("ingen_tiltak", "Tiltak ikke funnet: så etter tiltak under målet."),
                          Flag("ingen_maltall", "Måltall ikke funnet.")])
    plan = PlanCheck(_meta(title="Plan <b>A</b>"), goals=[g1, g2])
    return CheckResult(plans=[plan, PlanCheck(_meta(doc_id="b", municipality="Løten", title="Plan B"),
                                              note="Fant ingen mål i dokumentet.")])


def test_goal_rows_show_flags_as_messages():
    rows = view.goal_rows(_check_result())
    assert len(rows) == 2 and len(rows[0]) == len(view.GOAL_COLUMNS)
    assert rows[0] == ["Åmot – Plan <b>A</b>", "Alle elever skal trives <i>godt</i>.", "3", "1 eget", "1 eget",
                       "under 5 prosent innen 2025", "–"]
    assert rows[1][2] == "" and rows[1][3] == "ikke funnet"
    assert rows[1][6] == "Tiltak ikke funnet: så etter tiltak under målet.; Måltall ikke funnet."
    assert view.flag_count(_check_result()) == 2


def test_norwegian_alphabetical_order():
    records = [DocumentRecord(_meta(doc_id=m, municipality=m), f"/{m}.txt", m, 1, 1, "") for m in
               ("Åmot", "Løten", "Jevnaker", "Lørenskog", "Ørland", "Ås")]
    assert view.municipalities_of(records) == ["Jevnaker", "Lørenskog", "Løten", "Ørland", "Åmot", "Ås"]


def test_not_found_offers_the_three_closest_passages():
    hits = [_hit("Om mobbing i barnehagen.", 0), _hit("Om trivsel.", 1), _hit("Om lesing.", 2), _hit("Om SFO.", 3)]
    shown = view.shown_citations(Answer("Hva koster en bil?", False, NOT_FOUND, [], hits))
    assert [c.n for c in shown] == [1, 2, 3]
    assert shown[0].passage == "Om mobbing i barnehagen." and shown[0].quote == ""
    assert shown[0].label == "Åmot – Handlingsplan for trivsel, 2 Mål, s. 2"
    assert MAYBE_RELEVANT in view.MAYBE_RELEVANT_LABEL


def test_mode_note_only_for_fallbacks():
    assert view.mode_note("extractive") == ""
    assert view.mode_note("llm:qwen") == ""
    assert view.mode_note("extractive (språkmodellen svarte ikke)") == "Uttrukket svar: språkmodellen svarte ikke."


def test_sources_with_the_same_document_and_section_are_told_apart_by_page_and_first_words():
    same = "Åmot – Handlingsplan for trivsel, 3.2 Tiltak"
    a = _citation(1, label=same, page=4, quote="Alle skoler skal ha nulltoleranse mot mobbing hele året.")
    b = _citation(2, label=same, page=9, quote="Skolene skal kartlegge trivsel hver høst.")
    c = _citation(3, label="Løten – Plan, 2 Mål")
    labels = [label for label, _ in view.citation_choices([a, b, c])]
    assert labels[0] == f"[1] {same}, s. 4 – «Alle skoler skal ha nulltoleranse mot …»"
    assert labels[1] == f"[2] {same}, s. 9 – «Skolene skal kartlegge trivsel hver høst.»"
    assert labels[2] == "[3] Løten – Plan, 2 Mål"  # a unique label stays short
    assert len(set(labels)) == 3


def test_locate_in_blocks_finds_the_cited_place_in_the_whole_document():
    blocks = [Block("heading", "1 Innledning", ("1 Innledning",), 1, None, 1),
              Block("paragraph", "Planen gjelder alle skoler.", ("1 Innledning",), 1),
              Block("heading", "3.2 Tiltak", ("3.2 Tiltak",), 4, None, 2),
              Block("paragraph", "Første setning.", ("3.2 Tiltak",), 4),
              Block("paragraph", "Alle skoler skal ha nulltoleranse mot mobbing. Siste setning.", ("3.2 Tiltak",), 4),
              Block("paragraph", "Neste kapittel begynner.", ("4 Evaluering",), 5)]
    passage = "3.2 Tiltak\nFørste setning.\nAlle skoler skal ha nulltoleranse\nmot mobbing. Siste setning."
    assert view.locate_in_blocks(blocks, passage) == (2, 4)
    assert view.locate_in_blocks(blocks, passage, "Alle skoler skal ha nulltoleranse mot mobbing.") == (4, 4)
    assert view.locate_in_blocks(blocks, "Tekst som ikke finnes i dokumentet.") is None


def test_example_questions_come_from_the_corpus_data_file(tmp_path: Path):
    shipped = view.load_examples(REPO / "corpus" / "examples.json")
    questions = view.example_questions(shipped, ["Åmot", "Jevnaker", "Lørenskog", "Løten"])
    assert "Hva gjør Åmot med mobbing?" in questions and len(questions) == 6
    assert any(q.startswith("Sammenlign Åmot og Løten") for q in questions)
    only_jevnaker = view.example_questions(shipped, ["Jevnaker"])
    assert all("Åmot" not in q for q in only_jevnaker) and "Hva er BTI i Jevnaker?" in only_jevnaker
    assert view.example_questions(shipped, ["Bergen"]) == shipped["general"]
    own = tmp_path / "examples.json"
    own.write_text(json.dumps({"by_municipality": {"Bergen": ["Hva gjør Bergen?"]}}), encoding="utf-8")
    assert view.example_questions(view.load_examples(own), ["Bergen"]) == ["Hva gjør Bergen?"]
    assert view.example_questions(view.load_examples(tmp_path / "mangler.json"), []) == view.FALLBACK_EXAMPLES


def test_status_items_name_model_fallback_and_answer_mode(tmp_path: Path):
    offline = view.status_of(Settings(data_dir=tmp_path, embedding_model=OFFLINE_MODEL), 5, 228)
    assert offline.offline_fallback and offline.embedding_model == OFFLINE_MODEL
    items = view.status_items(offline)
    assert items[:2] == ["5 dokumenter", "228 tekstbiter"] and "reservemodell" in items[2] and "ingen språkmodell" in items[3]
    llm = view.status_of(Settings(data_dir=tmp_path, embedding_model="intfloat/multilingual-e5-base",
                                  llm_base_url="http://localhost:11434/v1", llm_model="qwen2.5"), 1, 3)
    items = view.status_items(llm)
    assert items[0] == "1 dokument" and "reservemodell" not in items[2] and items[3] == "Svarmodus: språkmodell qwen2.5"


def test_check_summary_and_plan_bars():
    result = _check_result()
    assert view.check_summary(result).startswith("2 planer sjekket: 2 mål, 1 med flagg. 1 mål har egne tiltak, "
                                                 "0 bare tiltak som gjelder hele planen.")
    bars = view.plan_bars(result)
    assert [b[0] for b in bars] == ["Åmot – Plan <b>A</b>", "Løten – Plan B"]
    name, flags, first, note = bars[0]
    assert flags == 2 and [(b.count, b.total, b.percent) for b in first] == [(1, 2, 50), (0, 2, 0), (1, 2, 50),
                                                                              (1, 2, 50)]
    assert bars[1][2][0].percent == 0 and bars[1][3] == "Fant ingen mål i dokumentet."


def test_page_text_shows_ranges_pdf_pages_and_ocr():
    assert view.page_text(_citation(page=6, page_end=7)) == "s. 6–7"
    assert view.page_text(_citation(page=7, page_label="iv")) == "s. iv (side 7 i PDF-en)"
    assert view.page_text(_citation(page=3, ocr=True)) == "s. 3 (skannet side, lest med OCR)"
    assert view.page_text(_citation(page=None)) == ""
