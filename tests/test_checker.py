"""Consistency checker: goal extraction, linking, flags, themes, exports, eval metric.

Small plans are built by hand as blocks (the shape ingest/structure.py produces) and read
from tests/data/checker through the ingest pipeline; the shipped plans in corpus/ are read
through the same pipeline."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from assistant.checker import NO_GOALS, check_document, check_plans
from assistant.checker.export import to_csv, to_json, to_markdown, to_table, to_xlsx
from assistant.checker.links import target_values
from assistant.models import Block, Chunk, DocumentMeta, Hit

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "checker"
CORPUS = ROOT / "corpus"


def meta(source: str = "plan.txt", municipality: str = "Testvik", title: str = "Testplan") -> DocumentMeta:
    return DocumentMeta(doc_id=source.rsplit(".", 1)[0], source=source, title=title, municipality=municipality)


def H(text: str, *section: str, level: int = 1) -> Block:
    return Block("heading", text, tuple(section) + (text,), 1, None, level)


def P(text: str, *section: str, page: int = 1) -> Block:
    return Block("paragraph", text, tuple(section), page)


def L(text: str, *section: str, page: int = 1) -> Block:
    return Block("list_item", text, tuple(section), page)


def T(text: str, *section: str) -> Block:
    return Block("table_row", text, tuple(section), 2)


def goals_of(plan) -> list[str]:
    return [g.goal.text for g in plan.goals]


def parse(path: Path) -> list[Block]:
    from ingest.clean import clean_pages
    from ingest.readers import read_pages
    from ingest.structure import detect_blocks

    return detect_blocks(clean_pages(read_pages(path)))


# --- goal groups: "Mål for …" + "Strategi" -----------------------------------------------------


def lorenskog_style() -> list[Block]:
    return [
        H("Status for skole"),
        P("Elevenes læringsmiljø kartlegges årlig. Skolene er i en implementeringsfase hvor målet er at alle "
          "elever har egen digital enhet.", "Status for skole"),
        H("Mål for skole"),
        P("Elevene er motiverte og opplever et godt læringsmiljø", "Mål for skole"),
        H("Strategi", "Mål for skole", level=2),
        L("- alle barneskoler er PALS-skoler innen 2025", "Mål for skole", "Strategi"),
        L("- lærere leder klassene med tydelighet", "Mål for skole", "Strategi"),
        H("Mål for barnehage"),
        P("Barnehagen har et godt og tett samarbeid med foreldre", "Mål for barnehage"),
        H("Strategi", "Mål for barnehage", level=2),
        L("- gjennomføre brukerundersøkelse som kartlegger foreldres oppfatning av samarbeidet",
          "Mål for barnehage", "Strategi"),
    ]


def test_goal_label_with_strategy_bullets_links_measures_to_that_goal_only():
    plan = check_document(meta(), lorenskog_style())
    assert goals_of(plan) == ["Elevene er motiverte og opplever et godt læringsmiljø",
                              "Barnehagen har et godt og tett samarbeid med foreldre"]
    first, second = plan.goals
    assert [m.text for m in first.measures] == ["alle barneskoler er PALS-skoler innen 2025",
                                                "lærere leder klassene med tydelighet"]
    assert all(not m.plan_wide for m in first.measures)
    assert first.measures[0].deadline == "innen 2025"
    assert first.goal.section == "Mål for skole"
    # status text ("målet er at …", "kartlegges årlig") is neither a goal nor the goal's indicator
    assert not first.indicators
    codes = {f.code for f in first.flags}
    assert {"ingen_indikator", "ingen_maltall", "tiltak_uten_ansvar"} <= codes
    assert "ingen_tiltak" not in codes
    # a strategy that surveys the goal is also an indicator for it
    assert [i.how for i in second.indicators] == ["datakilde i tiltak"]


def test_flags_are_worded_as_not_found_with_what_was_looked_for():
    plan = check_document(meta(), lorenskog_style())
    msg = {f.code: f.message for f in plan.goals[0].flags}
    detail = {f.code: f.detail for f in plan.goals[0].flags}
    assert msg["ingen_indikator"] == "Indikator ikke funnet."
    assert detail["ingen_indikator"].startswith("Indikator ikke funnet: så etter")
    assert "nasjonale prøver" in detail["ingen_indikator"]
    assert msg["ingen_maltall"].startswith("Måltall ikke funnet")
    assert "Ansvarlig ikke funnet for 2 av 2 egne tiltak" in msg["tiltak_uten_ansvar"]
    for f in plan.goals[0].flags:
        assert "mangler" not in f.message.lower() and "mangler" not in f.detail.lower()
        assert len(f.message) <= 100  # one line in a list; the explanation is in ``detail``


# --- Hovedmål list + action table + indicator table ------------------------------------------------


def action_plan() -> list[Block]:
    return [
        H("Forord"),
        P("Dessverre har kommunen store utfordringer. Målet med handlingsplanen er å bedre trivsel og "
          "læringsmiljø i skolene.", "Forord"),
        H("Utfordringsbildet"),
        P("Etter en samlet gjennomgang ser utfordringsbildet slik ut:", "Utfordringsbildet"),
        L("1. Mobbing i skolen", "Utfordringsbildet"),
        L("2. Vold og problematferd", "Utfordringsbildet"),
        H("Hovedmål"),
        P("Vi har valgt å fokusere på to målområder.", "Hovedmål"),
        L("1. Alle barn opplever trygghet og åpenhet i hverdagen.", "Hovedmål"),
        L("2. Ansatte har høy relasjonskompetanse.", "Hovedmål"),
        P("Vedlegg", "Hovedmål"),
        H("Handlingsdel"),
        T("Tiltak | Økonomi | Frist | Ansvar", "Handlingsdel"),
        T("1 Kompetanseprogram for alle ansatte | Søke midler | Høst 2021 | Sektorleder", "Handlingsdel"),
        T("2 Etablere mobbeknapp | Må utredes | | ", "Handlingsdel"),
        H("Resultatindikatorer"),
        P("Det å kunne måle om vi beveger oss mot oppsatte mål, er viktig.", "Resultatindikatorer"),
        P("1 Betydelig reduserte «mobbetall» Elevundersøkelsen, Ungdata", "Resultatindikatorer"),
        P("2 Økt trivsel i skolen Ungdata", "Resultatindikatorer"),
    ]


def test_action_table_and_indicator_table_are_plan_wide_for_every_goal():
    plan = check_document(meta(), action_plan())
    assert goals_of(plan) == [
        "Målet med handlingsplanen er å bedre trivsel og læringsmiljø i skolene.",
        "Alle barn opplever trygghet og åpenhet i hverdagen.",
        "Ansatte har høy relasjonskompetanse.",
    ]
    for g in plan.goals:
        assert [m.text for m in g.measures] == ["Kompetanseprogram for alle ansatte", "Etablere mobbeknapp"]
        assert all(m.plan_wide for m in g.measures)
        assert [i.text for i in g.indicators] == ["Betydelig reduserte «mobbetall» Elevundersøkelsen, Ungdata",
                                                  "Økt trivsel i skolen Ungdata"]
        assert all(i.plan_wide and i.how == "indikatortabell" for i in g.indicators)
    m1, m2 = plan.goals[1].measures
    assert (m1.deadline, m1.responsible) == ("Høst 2021", "Sektorleder")
    assert (m2.deadline, m2.responsible) == ("", "")
    flags = {f.code: f.message for f in plan.goals[1].flags}
    assert "Frist ikke funnet for 1 av 2 tiltak" in flags["tiltak_uten_frist"]


COLUMN_WISE_PLAN = """Hovedmål

1. Alle barn opplever trygghet og åpenhet i hverdagen.
2. Ansatte har høy relasjonskompetanse.

Handlingsdel

Tiltak Økonomi Frist periode Ansvar

1 Større tilgjengelighet til

helsestasjonen i barnehage og skole

a) Økt tilstedeværelse
b) Fast tilstedeværelse i barnehagene

Egen ramme + prosjektmidler

Jan | 2021

Avdelingsleder helsestasjon

2 Revidere plan for overganger

Egen ramme

Vår | 2021.

Rektorer

3 Etablere mobbeknapp på

kommunens hjemmeside

Må utredes 2022 Sektorleder oppvekst

Resultatindikatorer

1 Betydelig reduserte «mobbetall» Elevundersøkelsen, Ungdata
"""


def test_action_table_read_column_by_column_gives_one_measure_per_row():
    from assistant.models import Page
    from ingest.structure import detect_blocks

    blocks = detect_blocks([Page(4, COLUMN_WISE_PLAN)])
    assert [b.kind for b in blocks if b.section[-1:] == ("Handlingsdel",) and b.kind != "heading"] == \
        ["table_row"] * 4  # header + three whole rows
    plan = check_document(meta(), blocks)
    assert goals_of(plan) == ["Alle barn opplever trygghet og åpenhet i hverdagen.",
                              "Ansatte har høy relasjonskompetanse."]
    for g in plan.goals:
        assert [(m.text, m.deadline, m.responsible) for m in g.measures] == [
            # the role inside the action ("helsestasjonen") is not the responsible: the columns are read first
            ("Større tilgjengelighet til helsestasjonen i barnehage og skole a) Økt tilstedeværelse "
             "b) Fast tilstedeværelse i barnehagene", "Jan 2021", "Avdelingsleder"),
            ("Revidere plan for overganger", "Vår 2021", "Rektorer"),
            ("Etablere mobbeknapp på kommunens hjemmeside", "2022", "Sektorleder"),
        ]
        assert all(m.plan_wide and m.how == "tiltakstabell" and m.page == 4 for m in g.measures)
        assert not any(f.code in ("ingen_tiltak", "tiltak_uten_frist", "tiltak_uten_ansvar") for f in g.flags)


def test_challenge_lists_and_quotes_are_not_goals():
    blocks = action_plan() + [
        H("Godt læringsmiljø"),
        P("Professor Nordahl formidler målene slik:", "Godt læringsmiljø"),
        L("• «Alle barn og unge blir møtt med høye forventinger»", "Godt læringsmiljø"),
    ]
    texts = " ".join(goals_of(check_document(meta(), blocks)))
    assert "Mobbing i skolen" not in texts and "Vold og problematferd" not in texts
    assert "høye forventinger" not in texts


# --- plan-level goals in running text, vision, follow-up chapter ---------------------------------


def strategic_plan() -> list[Block]:
    return [
        H("Hva er en strategisk plan?"),
        P("Den nye strategiske planen er en plan for hele oppvekstområdet. Målet er å se hele barnet. "
          "Strategiplanen skal nå kommunens overordnede mål for skoleresultater på 40,0 grunnskolepoeng.",
          "Hva er en strategisk plan?"),
        H("Innledning"),
        P("Planen har utspring i kommuneplanens samfunnsdel. Tre hovedmål gir retning for framtiden:", "Innledning"),
        L("1. Testvik skal være et naturlig bovalg", "Innledning"),
        L("2. Testvik skal være et samfunn preget av livskvalitet", "Innledning"),
        P("Testvik kommune skal:", "Innledning"),
        L("• Sammen utvikle trygge og robuste barn og unge som mestrer", "Innledning"),
        H("Nå-situasjonen"),
        P("Kommunen evaluerer nå spesialundervisningen. Målet er å vurdere tiltak for å endre omfanget. "
          "Antallet grunnskolepoeng er signifikant lavere (40,1) enn landsgjennomsnittet (42,3).", "Nå-situasjonen"),
        H("Fremtidsbilde"),
        P("Testvik kommune har som mål at alle barn har det trygt og godt.", "Fremtidsbilde"),
        H("Tiltak og muligheter"),
        P("Tiltak for å nå målene er:", "Tiltak og muligheter"),
        L("• Godt tverrfaglig samarbeid", "Tiltak og muligheter"),
        P("I løpet av 2023 innføres en ny modell.", "Tiltak og muligheter"),
        L("• Nulltoleranse for mobbing", "Tiltak og muligheter"),
        H("Mål"),
        L("• Øke elevenes skolefaglige", "Mål"),
        P("prestasjoner og mestringsopplevelser.", "Mål"),
        L("• Barn og unge opplever at de blir inkludert.", "Mål"),
        H("Oppfølging"),
        P("Resultatoppnåelse for planens mål fremkommer gjennom nasjonale prøver, elevundersøkelsen og "
          "antallet grunnskolepoeng.", "Oppfølging"),
    ]


def test_labelled_plan_level_goals_are_found_and_traps_are_not():
    texts = goals_of(check_document(meta(), strategic_plan()))
    assert texts == [
        "Målet er å se hele barnet.",
        "kommunens overordnede mål for skoleresultater på 40,0 grunnskolepoeng",
        "Sammen utvikle trygge og robuste barn og unge som mestrer",
        "Øke elevenes skolefaglige prestasjoner og mestringsopplevelser.",
        "Barn og unge opplever at de blir inkludert.",
    ]
    joined = " ".join(texts)
    assert "bovalg" not in joined  # goals quoted from kommuneplanens samfunnsdel
    assert "vurdere tiltak" not in joined  # aim of an evaluation, not a plan goal
    assert "trygt og godt" not in joined  # vision text


def test_free_measure_list_links_to_adjacent_goal_group_and_plan_wide_to_plan_goals():
    plan = check_document(meta(), strategic_plan())
    by_text = {g.goal.text: g for g in plan.goals}
    group_goal = by_text["Barn og unge opplever at de blir inkludert."]
    assert [m.text for m in group_goal.measures] == [
        "Godt tverrfaglig samarbeid I løpet av 2023 innføres en ny modell.", "Nulltoleranse for mobbing"]
    assert not any(m.plan_wide for m in group_goal.measures)
    plan_goal = by_text["Målet er å se hele barnet."]
    assert plan_goal.measures and all(m.plan_wide for m in plan_goal.measures)


def test_follow_up_chapter_gives_plan_wide_indicator_to_every_goal():
    plan = check_document(meta(), strategic_plan())
    for g in plan.goals:
        assert any(i.plan_wide and i.how == "oppfølgingskapittel" and "nasjonale prøver" in i.text
                   for i in g.indicators)


def test_target_below_the_plans_own_baseline_is_flagged():
    plan = check_document(meta(), strategic_plan())
    g = next(g for g in plan.goals if "40,0" in g.goal.text)
    assert g.target_values == ["40,0 grunnskolepoeng"]
    flag = next(f for f in g.flags if f.code == "maltall_mot_utgangspunkt")
    assert "40,1" in flag.message and "42,3" not in flag.message.split("(")[1].split(" i ")[0]
    others = [f.code for x in plan.goals if x is not g for f in x.flags]
    assert "maltall_mot_utgangspunkt" not in others


@pytest.mark.parametrize("text, expected", [
    ("redusere vedtak om spesialundervisning til 5 - 7 % for kommunen", ["5–7 %"]),
    ("skoleresultater på 40,0 grunnskolepoeng innen 2025", ["40,0 grunnskolepoeng", "innen 2025"]),
    ("85 prosent skal fullføre innan utgangen av 2028", ["85 %", "innan 2028"]),
    ("Alle barn opplever trygghet", []),
])
def test_target_values(text, expected):
    assert target_values(text) == expected


def test_measured_by_sentence_after_a_plan_goal_is_goal_specific():
    blocks = [H("Oppdraget"),
              P("Med planen legges en strategi for å nå målet om best mulig resultater for elevene. "
                "Resultatene måles ved nasjonale prøver og elevundersøkelsen.", "Oppdraget")]
    plan = check_document(meta(), blocks)
    assert len(plan.goals) == 1
    ind = plan.goals[0].indicators
    assert [(i.how, i.plan_wide) for i in ind] == [("måles ved", False)]


# --- nynorsk, no goals, pipeline fixtures ------------------------------------------------------------


def test_nynorsk_plan_through_the_ingest_pipeline():
    plan = check_document(meta("nynorsk_plan.txt", "Fjellvik"), parse(DATA / "nynorsk_plan.txt"))
    texts = goals_of(plan)
    assert texts[0].startswith("Målet med planen er å gje alle born og unge")
    assert texts[1:] == ["Alle elevar opplever eit trygt skulemiljø utan mobbing.",
                         "Fleire elevar fullfører vidaregåande opplæring.",
                         "Elevane i Fjellvik skal ha gode leseferdigheiter."]
    assert not any("Fjellvik er den beste staden" in t for t in texts)
    for g in plan.goals:
        assert len(g.measures) == 2, g.goal.text
        assert len(g.indicators) == 2, g.goal.text
    assert plan.goals[1].measures[0].deadline == "innan 2025"
    assert all(m.plan_wide for m in plan.goals[0].measures)
    assert not any(m.plan_wide for m in plan.goals[1].measures)
    assert plan.goals[1].themes == ["mobbing", "læringsmiljø og trivsel"]


def test_document_without_goals_says_so(tmp_path):
    plan_meta = meta("sak_utan_mal.txt", title="Saksframlegg")
    result = check_plans([(plan_meta, parse(DATA / "sak_utan_mal.txt"))])
    assert result.plans[0].goals == [] and result.plans[0].note == NO_GOALS
    assert NO_GOALS in to_markdown(result)
    assert NO_GOALS in to_table(result)
    assert NO_GOALS in to_csv(result)
    assert json.loads(to_json(result)) == []
    out = tmp_path / "tom.xlsx"
    to_xlsx(result, out)
    from openpyxl import load_workbook

    wb = load_workbook(out)
    assert wb.sheetnames[1].startswith("Testvik")
    assert wb.worksheets[1]["E2"].value == NO_GOALS
    assert result.summary[0].goals == 0 and result.summary[0].pct_measures == 0.0


# --- across plans: summary, themes, related guidance ----------------------------------------------


def _hit(text: str) -> Hit:
    chunk = Chunk(id="meld-st-6::0", doc_id="meld-st-6", seq=0, text=text, section=("Tidlig innsats",),
                  page_start=12, page_end=12)
    return Hit(chunk=chunk, meta=DocumentMeta("meld-st-6", "meld-st-6.txt", "Meld. St. 6 Tett på", kind="stortingsmelding"),
               score=1.0, rank=1)


def test_check_plans_summary_themes_and_related():
    asked: list[str] = []

    def related(text: str) -> list[Hit]:
        asked.append(text)
        return [_hit("Tidlig innsats og inkluderende fellesskap"), _hit("b"), _hit("c"), _hit("d")]

    result = check_plans([(meta("a.txt", "Aby"), lorenskog_style()), (meta("b.txt", "Bby"), action_plan())],
                         related=related)
    s = {r.source: r for r in result.summary}
    assert (s["a.txt"].goals, s["a.txt"].with_measures, s["a.txt"].with_indicators) == (2, 2, 1)
    assert s["a.txt"].pct_indicators == 50.0
    assert (s["b.txt"].goals, s["b.txt"].pct_measures, s["b.txt"].pct_targets) == (3, 100.0, 0.0)
    assert len(asked) == 5
    assert all(len(g.related) == 3 for _, g in result.goal_checks())
    themes = {t.theme: t for t in result.themes}
    assert themes["foreldresamarbeid"].plans() == ["a.txt"]
    assert set(themes["læringsmiljø og trivsel"].plans()) == {"a.txt", "b.txt"}


# --- exports -------------------------------------------------------------------------------------------


def test_json_contract():
    result = check_plans([(meta(), strategic_plan())])
    data = json.loads(to_json(result))
    assert len(data) == 5
    for obj in data:
        assert {"source", "title", "municipality", "page", "section", "goal", "measures", "indicators",
                "target_values", "flags"} <= set(obj)
        for m in obj["measures"]:
            assert {"text", "page", "section", "plan_wide"} <= set(m)
        for i in obj["indicators"]:
            assert {"text", "page", "section", "plan_wide"} <= set(i)
    goal = next(o for o in data if "40,0" in o["goal"])
    assert goal["target_values"] == ["40,0 grunnskolepoeng"]
    assert goal["source"] == "plan.txt" and goal["municipality"] == "Testvik"
    assert "maltall_mot_utgangspunkt" in [f["code"] for f in goal["flags"]]


def test_csv_markdown_and_table():
    result = check_plans([(meta(), lorenskog_style())])
    rows = list(csv.reader(io.StringIO(to_csv(result))))
    header = rows[0]
    assert "Indikator ikke funnet" in header and "Mål" in header
    col = header.index("Indikator ikke funnet")
    assert [r[col] for r in rows[1:]] == ["ikke funnet", ""]
    md = to_markdown(result)
    assert "| Testplan | Testvik | 2 | 2 (100 %) | 1 (50 %) | 0 (0 %) |" in md
    assert "## Temaer på tvers av planene" in md
    table = to_table(result)
    assert "[T--] Elevene er motiverte" in table and "[TI-] Barnehagen" in table


def test_xlsx_is_readable_in_excel(tmp_path):
    from openpyxl import load_workbook

    result = check_plans([(meta("a.txt", "Aby", "Plan A"), lorenskog_style()),
                          (meta("b.txt", "Aby", "Plan A"), action_plan())])
    out = tmp_path / "sjekk.xlsx"
    to_xlsx(result, out)
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Sammendrag" and wb.sheetnames[-1] == "Temaer"
    assert len(wb.sheetnames) == 4 and len(set(wb.sheetnames)) == 4  # same title twice gets unique names
    plan_ws = wb.worksheets[1]
    assert plan_ws.freeze_panes == "A2"
    headers = [c.value for c in plan_ws[1]]
    assert "Tiltak ikke funnet" in headers and "Indikator ikke funnet" in headers
    goal_col = headers.index("Mål") + 1
    assert plan_ws.cell(row=2, column=goal_col).alignment.wrap_text
    assert plan_ws.column_dimensions[plan_ws.cell(row=1, column=goal_col).column_letter].width == 60
    summary = wb["Sammendrag"]
    assert summary["D2"].value == 2 and summary["H2"].value == 50.0


# --- the shipped plans -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    from ingest.manifest import read_manifest

    manifest = read_manifest(CORPUS)
    docs = [(m, parse(CORPUS / name)) for name, m in sorted(manifest.items())]
    return {p.meta.source: p for p in check_plans(docs).plans}


def test_shipped_amot_hovedmal_have_action_table_and_indicators(shipped):
    plan = shipped["amot-handlingsplan-trivsel-laeringsmiljo-2021-2024.txt"]
    hoved = [g for g in plan.goals if g.goal.label == "Hovedmål"]
    assert len(hoved) == 5
    for g in hoved:
        assert len(g.measures) >= 15 and all(m.plan_wide for m in g.measures)
        assert any("Ungdata" in i.text for i in g.indicators)
    assert any(m.responsible == "Sektorleder" and m.deadline for m in hoved[0].measures)


def test_shipped_loten_grunnskolepoeng_target_below_baseline(shipped):
    plan = shipped["loten-strategisk-plan-barn-og-unge-2022-2030.txt"]
    g = next(g for g in plan.goals if "40,0 grunnskolepoeng" in g.goal.text)
    assert any(f.code == "maltall_mot_utgangspunkt" and "40,1" in f.message for f in g.flags)
    assert all(any(i.plan_wide for i in x.indicators) for x in plan.goals)
    assert not any("bovalg" in x.goal.text for x in plan.goals)


def test_shipped_lorenskog_and_case_document(shipped):
    plan = shipped["lorenskog-kvalitet-barnehage-skole-2018-2026.txt"]
    assert len(plan.goals) == 22
    assert all(g.has_measure and not any(m.plan_wide for m in g.measures) for g in plan.goals)
    assert sum(g.has_indicator for g in plan.goals) == 1
    assert shipped["loten-oppfolging-ressursbruk-skole-2021.txt"].goals == []


# --- eval metric -----------------------------------------------------------------------------------


def test_evaluate_counts_matches_traps_and_link_accuracy(tmp_path):
    from eval.checker import evaluate, similarity

    gold = tmp_path / "gold.jsonl"
    rows = [
        {"source": "plan.txt", "goal": "Elevene er motiverte og opplever et godt læringsmiljø", "section": "",
         "has_measure": True, "has_indicator": True, "measure_quote": None, "indicator_quote": None, "note": ""},
        {"source": "plan.txt", "goal": "Et mål som sjekken ikke finner i planen", "section": "",
         "has_measure": False, "has_indicator": False, "measure_quote": None, "indicator_quote": None, "note": ""},
        {"source": "plan.txt", "goal": "Barnehagen har et godt og tett samarbeid med foreldre", "section": "",
         "has_measure": False, "has_indicator": False, "measure_quote": None, "indicator_quote": None,
         "note": "felle", "trap": True},
    ]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    report = evaluate(gold, [(meta(), lorenskog_style())])
    m = report["metrics"]
    assert (m["goal_precision"], m["goal_recall"]) == (0.5, 0.5)
    assert m["has_measure_accuracy"] == 1.0 and m["has_indicator_accuracy"] == 0.0
    assert m["trap_hits"] == 1
    assert {e["kind"] for e in report["errors"]} == {"link", "trap", "missed"}
    assert similarity("hovedmålene; Bestå videregående utdanning.", "Bestå videregående utdanning.") == 1.0


def test_verify_gold_reports_quotes_not_in_the_text(tmp_path):
    from eval.checker import GoldGoal, verify_gold

    (tmp_path / "p.txt").write_text("Alle barn skal oppleve trygg-\nhet i skolen.\n", encoding="utf-8")
    ok = GoldGoal("p.txt", "Alle barn skal oppleve trygghet i skolen.", "", True, False, None, None, "")
    bad = GoldGoal("p.txt", "Alle barn skal lese", "", True, False, "finnes ikke", None, "")
    problems = verify_gold([ok, bad], tmp_path)
    assert len(problems) == 2 and all("p.txt" in p for p in problems)


def test_shipped_gold_set_quotes_occur_in_the_plans():
    from eval.checker import GOLD, load_gold, verify_gold

    gold = load_gold(GOLD)
    assert len([g for g in gold if not g.trap]) >= 40
    assert verify_gold(gold, CORPUS) == []


def test_reference_levels_are_not_taken_as_the_plans_own_baseline():
    blocks = [H("Mål"), L("• Skoleresultater på 42,0 grunnskolepoeng.", "Mål"),
              H("Status"), P("I Testvik lå resultatet på 41,85 grunnskolepoeng. Landssnittet lå på 43,1 poeng.", "Status")]
    g = check_document(meta(), blocks).goals[0]
    assert g.target_values == ["42,0 grunnskolepoeng"]
    assert not any(f.code == "maltall_mot_utgangspunkt" for f in g.flags)
    blocks[-1] = P("I Testvik lå resultatet på 42,85 grunnskolepoeng. Landssnittet lå på 43,1 poeng.", "Status")
    g = check_document(meta(), blocks).goals[0]
    assert ["(42,85 i «" in f.detail for f in g.flags if f.code == "maltall_mot_utgangspunkt"] == [True]
