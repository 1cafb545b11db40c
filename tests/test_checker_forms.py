"""The checker on the forms real plans take, written here as small samples in each format the
product reads: page-marked text, a PDF made in the test, a DOCX whose labels are 1×1 tables, and
blocks as ingest/structure.py produces them.

Forms: goals in the plan's voice followed by their means («Kommunen vil … Derfor skal vi»),
«Mål:» written inline, numbered innsatsområder as a goal's means, overall goals, goals stated in
running text, goals quoted from another plan (inherited), visions as context, numeric targets
(«fra 8 % til 4 % innen 2028»), plans that keep indicators elsewhere or hold no measures, and
plan-wide measures counted apart (rows, badges, summaries)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.checker import FlagCode, check_document, check_plans
from assistant.checker.links import target_values
from assistant.checker.rows import (
    Backing,
    BadgeKind,
    goal_detail,
    goal_rows,
    plan_summaries,
)
from assistant.models import Block, DocumentMeta

BULLET = "\uf0b7"  # the Symbol-font bullet PDF exports leave in the text


def meta(source: str = "plan.txt", title: str = "Temaplan for oppvekst 2024–2030") -> DocumentMeta:
    return DocumentMeta(doc_id=source.rsplit(".", 1)[0], source=source, title=title, municipality="Testvik")


def parsed(path: Path, title: str = "Temaplan for oppvekst 2024–2030"):
    from ingest.parse import parse_document

    doc = parse_document(path, meta(path.name, title))
    return check_document(doc.meta, doc.blocks)


def by_start(plan, start: str):
    hits = [g for g in plan.goals if g.goal.text.startswith(start)]
    assert hits, f"no goal starting {start!r} in {[g.goal.text for g in plan.goals]}"
    return hits[0]


# --- page-marked text: voice goals, vision, inherited goals, plan flags --------------------------

VOICE_PAGES = (
    "Kommuneplanens samfunnsdel 2024–2036\n\nInnledning\n\nPlanen viser retning for kommunesamfunnet.\n",
    ("Slik vil vi ha det i 2036\n\nI 2036 opplever alle innbyggerne god livskvalitet og trygghet.\n\n"
    "Testvik vil gi barn og unge et godt utgangspunkt for å mestre hverdagen\n"
    "Derfor skal vi\n"
    f"{BULLET} arbeide for en inkluderende barnehage og skole {BULLET} gi barn og unge trygge møteplasser\n"
    f"{BULLET} sikre at alle kan delta i fritidsaktiviteter\n\n"
    "Testvik vil ha trygge og aktive lokalmiljø\n"
    "Derfor skal vi\n"
    f"{BULLET} legge til rette for frivillighet {BULLET} styrke møteplasser som skaper tilhørighet\n"),
    ("Hvordan følger vi opp?\n\nKommunen arbeider kontinuerlig med å utvikle gode måleindikatorer som viser om vi går "
     "i ønsket retning. Kommunens årsrapport gir en samlet vurdering av måloppnåelse.\n"),
)
VOICE_PLAN = "\f".join(VOICE_PAGES)


def test_voice_goals_with_their_means_pages_and_vision_as_context(tmp_path):
    path = tmp_path / "testvik-samfunnsdel.txt"
    path.write_text(VOICE_PLAN, encoding="utf-8")
    plan = parsed(path, "Kommuneplanens samfunnsdel 2024–2036")
    texts = [g.goal.text for g in plan.goals]
    assert texts == ["Testvik vil gi barn og unge et godt utgangspunkt for å mestre hverdagen",
                     "Testvik vil ha trygge og aktive lokalmiljø"]
    first, second = plan.goals
    assert [m.text for m in first.own_measures] == [
        "arbeide for en inkluderende barnehage og skole", "gi barn og unge trygge møteplasser",
        "sikre at alle kan delta i fritidsaktiviteter"]
    assert [m.text for m in second.own_measures] == [
        "legge til rette for frivillighet", "styrke møteplasser som skaper tilhørighet"]
    assert first.goal.page_display == "2" and first.goal.origin == "planstemme"
    assert "I 2036" not in " ".join(texts)  # the vision is context, kept apart
    assert plan.visions == ["I 2036 opplever alle innbyggerne god livskvalitet og trygghet."]
    # indicators are being developed elsewhere: a plan flag, not «not found» on every goal
    assert [f.code for f in plan.flags] == [FlagCode.INDICATORS_ELSEWHERE]
    for g in plan.goals:
        assert FlagCode.NO_INDICATOR not in {f.code for f in g.flags}


INHERITED_PAGES = (
    ("Temaplan for folkehelse 2024–2033\n\n1 Innledning\n\nFolkehelseplanen vil ikke inneholde tiltak, da tiltak skal "
    "komme frem i andre kommunale planer.\n\n2 Innsatsområde for utenforskap\n\n2.1 Mål\n\n"
    "• Øke deltakelsen i lokalsamfunnet • Redusere antallet unge utenfor utdanning og arbeid\n\n2.2 Strategier\n\n"
    "• Legge til rette for møteplasser på tvers av generasjoner\n• Gi støtte til lavinntektsfamilier\n"),
    ("3 Kommuneplanens samfunnsdel og folkehelse\n\nKommuneplanens samfunnsdel gir retning for utviklingen:\n\n"
    "• 6.2.1 I Testvik har alle innbyggere god livskvalitet − Utvikler gode møteplasser − Oppfordrer til "
    "helsefremmende livsstil\n• 6.2.2 Det er godt å være gammel i Testvik − Tilbyr et trygt omsorgstilbud\n"),
)
INHERITED_PLAN = "\f".join(INHERITED_PAGES)


def test_goals_under_a_numbered_label_bullets_on_one_line_and_inherited_goals(tmp_path):
    path = tmp_path / "testvik-folkehelse.txt"
    path.write_text(INHERITED_PLAN, encoding="utf-8")
    plan = parsed(path, "Temaplan for folkehelse 2024–2033")
    own = [g for g in plan.goals if not g.goal.inherited]
    inherited = [g for g in plan.goals if g.goal.inherited]
    assert [g.goal.text for g in own] == ["Øke deltakelsen i lokalsamfunnet",
                                          "Redusere antallet unge utenfor utdanning og arbeid"]
    for g in own:  # the strategies of the same innsatsområde (a sibling heading) are its means
        assert [m.text for m in g.own_measures] == ["Legge til rette for møteplasser på tvers av generasjoner",
                                                   "Gi støtte til lavinntektsfamilier"]
    assert [g.goal.text for g in inherited] == ["I Testvik har alle innbyggere god livskvalitet",
                                                "Det er godt å være gammel i Testvik"]
    assert [m.text for m in inherited[0].own_measures] == ["Utvikler gode møteplasser",
                                                           "Oppfordrer til helsefremmende livsstil"]
    assert FlagCode.INHERITED_GOAL in {f.code for f in inherited[0].flags}
    assert inherited[0].goal.page_display == "2"
    # the plan says it holds no measures: a plan flag, and no «no measures» flag per goal
    assert FlagCode.PLAN_WITHOUT_MEASURES in {f.code for f in plan.flags}


# --- a PDF made here: «Mål:» inline, numbered innsatsområder, a target with baseline ---------------


def _write_pdf(path: Path, pages: list[list[str]]) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from tests.pdfs import _font

    font = _font()
    c = canvas.Canvas(str(path), pagesize=A4)
    for lines in pages:
        y = A4[1] - 80
        for line in lines:
            c.setFont(font, 14 if line.startswith("#") else 11)
            c.drawString(60, y, line.lstrip("# "))
            y -= 22 if line.startswith("#") else 16
        c.showPage()
    c.save()
    return path


def test_pdf_inline_goal_label_numbered_innsatsomrader_and_target_with_baseline(tmp_path):
    path = _write_pdf(tmp_path / "samfunnsdel.pdf", [
        ["# 1 Innledning", "Samfunnsdelen viser kommunens langsiktige utfordringer og mål."],
        ["# 2 Levende lokalsamfunn",
         "Mål: Kommunen skal redusere andelen unge utenfor skole og arbeid fra 8 % til 4 % innen 2028.",
         "Innsatsområde 1. Kommunen skal styrke samarbeidet mellom skole og NAV.",
         "Innsatsområde 2. Kommunen skal gi flere unge sommerjobb.",
         "# 3 Klima",
         "Mål: Testvik skal bli et lavutslippssamfunn.",
         "Innsatsområde 1. Kommunen skal prioritere gange, sykkel og kollektivtransport."]])
    plan = parsed(path, "Kommuneplanens samfunnsdel 2024–2036")
    young = by_start(plan, "Kommunen skal redusere andelen unge")
    assert young.goal.page_display == "2" and young.goal.section.endswith("Levende lokalsamfunn")
    assert [m.text for m in young.own_measures] == ["Kommunen skal styrke samarbeidet mellom skole og NAV.",
                                                    "Kommunen skal gi flere unge sommerjobb."]
    assert "4 % (fra 8 %)" in young.target_values and "innen 2028" in young.target_values
    assert young.has_indicator  # the numeric target is how the goal is measured
    climate = by_start(plan, "Testvik skal bli et lavutslippssamfunn")
    assert [m.text for m in climate.own_measures] == ["Kommunen skal prioritere gange, sykkel og kollektivtransport."]
    assert not climate.has_indicator


# --- a DOCX whose labels are 1×1 tables ------------------------------------------------------------


def _docx_with_table_labels(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("Denne planen er et strategisk styrende dokument for kommunen.")

    def label(text: str) -> None:
        d.add_table(rows=1, cols=1).cell(0, 0).text = text

    label("OVERORDNET MÅLSETTING")
    d.add_paragraph("Fremme likestilling og hindre diskriminering i alle virksomheter.")
    label("REKRUTTERING")
    label("MÅL:")
    d.add_paragraph("Ansatte fra begge kjønn på alle arbeidssteder.")
    d.add_paragraph("Uønsket deltid skal reduseres.")
    label("TILTAK:")
    d.add_paragraph("Stillingsutlysninger skal utformes bredt. Ansvar: rådmannen.")
    d.add_paragraph("Intern utlysning før ekstern utlysning.")
    d.save(str(path))
    return path


def test_docx_labels_in_one_cell_tables_and_an_overall_goal_backed_plan_wide(tmp_path):
    plan = parsed(_docx_with_table_labels(tmp_path / "likestilling.docx"), "Plan for likestilling 2024–2026")
    texts = [g.goal.text for g in plan.goals]
    assert "Ansatte fra begge kjønn på alle arbeidssteder." in texts
    assert "Uønsket deltid skal reduseres." in texts
    staff = by_start(plan, "Ansatte fra begge kjønn")
    assert [m.text for m in staff.own_measures][:1] == ["Stillingsutlysninger skal utformes bredt. Ansvar: rådmannen."]
    overall = by_start(plan, "Fremme likestilling og hindre diskriminering")
    assert overall.measures and not overall.own_measures  # backed by the goals under it: plan-wide
    assert FlagCode.ONLY_PLAN_WIDE_MEASURES in {f.code for f in overall.flags}
    assert overall.goal.page is None  # a DOCX has no pages; the section is the location


# --- blocks: plan-wide measures counted apart (rows, badges, summaries) ---------------------------


def H(text: str, level: int = 1) -> Block:
    return Block("heading", text, (text,), 1, None, level)


def P(text: str, section: str, page: int = 1) -> Block:
    return Block("paragraph", text, (section,), page)


def L(text: str, section: str, page: int = 1) -> Block:
    return Block("list_item", text, (section,), page)


def T(text: str, section: str, page: int = 3) -> Block:
    return Block("table_row", text, (section,), page)


def quality_plan() -> list[Block]:
    """Goals under «Mål» with no measures of their own, and one action table for the whole plan."""
    return [
        H("Mål for skolen"),
        L("• Elevene opplever et trygt og godt skolemiljø.", "Mål for skolen", 2),
        L("• Elevene mestrer grunnleggende ferdigheter.", "Mål for skolen", 2),
        H("Handlingsdel"),
        T("Tiltak | Ansvar | Frist", "Handlingsdel"),
        T("Kompetanseprogram for lærere | Rektor | Høst 2025", "Handlingsdel"),
        T("Leseløft på mellomtrinnet | Kommunalsjef | 2026", "Handlingsdel"),
    ]


def test_plan_wide_measures_are_reported_as_plan_wide_and_counted_apart():
    result = check_plans([(meta(), quality_plan())])
    plan = result.plans[0]
    assert len(plan.goals) == 2
    for g in plan.goals:
        assert g.has_measure and not g.has_own_measure  # served only by the plan's action table
        assert FlagCode.ONLY_PLAN_WIDE_MEASURES in {f.code for f in g.flags}
    row = result.summary[0]
    assert (row.with_measures, row.with_own_measures, row.with_only_plan_wide_measures) == (2, 0, 2)
    assert row.plan_wide_measures == 2  # the two rows of the action table, counted once
    (summary,) = plan_summaries(result)
    assert "0 med egne tiltak, 2 bare med planomfattende tiltak (2 slike i planen)" in summary.line()
    rows = goal_rows(result)
    measure_badge = next(b for b in rows[0].badges if b.kind == BadgeKind.MEASURE)
    assert measure_badge.backing == Backing.PLAN_WIDE and measure_badge.label == "Tiltak: planomfattende (2)"
    assert rows[0].page == "2" and rows[0].location == "s. 2, Mål for skolen"
    assert all(len(f.text) <= 100 for r in rows for f in r.flags)
    detail = goal_detail(result, rows[0].row_id)
    assert detail is not None and not detail.own_measures
    assert [(m.text, m.responsible, m.deadline) for m in detail.plan_wide_measures] == [
        ("Kompetanseprogram for lærere", "Rektor", "Høst 2025"), ("Leseløft på mellomtrinnet", "Kommunalsjef", "2026")]
    assert any(code == FlagCode.ONLY_PLAN_WIDE_MEASURES and "hele planen" in text for code, text in detail.explanations)


def test_goal_column_table_gives_each_goal_its_own_measures():
    blocks = [
        H("Handlingsplan"),
        T("Mål | Tiltak | Ansvar | Frist", "Handlingsplan"),
        T("Færre elever opplever mobbing | Trivselsledere på alle skoler | Rektor | 2025", "Handlingsplan"),
        T(" | Felles rutine for aktivitetsplikten | Kommunalsjef | 2026", "Handlingsplan"),
        T("Flere elever fullfører videregående | Losordning for unge | NAV | 2027", "Handlingsplan"),
    ]
    plan = check_document(meta(), blocks)
    assert [g.goal.text for g in plan.goals] == ["Færre elever opplever mobbing", "Flere elever fullfører videregående"]
    first, second = plan.goals
    assert [m.text.split(" | ")[0] for m in first.own_measures] == ["Trivselsledere på alle skoler",
                                                                    "Felles rutine for aktivitetsplikten"]
    assert first.own_measures[0].responsible == "Rektor" and first.own_measures[0].deadline == "2025"
    assert [m.text.split(" | ")[0] for m in second.own_measures] == ["Losordning for unge"]


def test_goals_stated_in_running_text_and_what_is_not_a_goal():
    blocks = [
        H("Innledning"),
        P("Det er en overordnet målsetting at alle tjenester skal være tilgjengelige på samisk.", "Innledning"),
        P("Regjeringens mål er full barnehagedekning og lav pris.", "Innledning"),
        P("Formålet med tilskuddet er å dekke merutgifter til tospråklighet.", "Innledning"),
        P("Prosjektet har som mål å kartlegge behovet for læremidler.", "Innledning"),
        P("I kommuneplanen er det vedtatt som mål at «alle barn i Testvik skal ha en trygg og god oppvekst».",
          "Innledning"),
        H("Tiltak"),
        P("Tiltak:", "Tiltak"),
        L("• Kommunen vil tilby kurs i samisk med mål om å øke antall ansatte som snakker samisk.", "Tiltak"),
        H("Oppsummering"),
        P("Planens overordnede mål er fortsatt at «alle barn i Testvik skal ha en trygg og god oppvekst».",
          "Oppsummering"),
    ]
    plan = check_document(meta(title="Handlingsprogram for samisk språk 2025"), blocks)
    texts = [g.goal.text for g in plan.goals]
    assert texts[0] == "Det er en overordnet målsetting at alle tjenester skal være tilgjengelige på samisk."
    assert len(texts) == 2 and "alle barn i Testvik skal ha en trygg og god oppvekst" in texts[1]  # restated once
    assert plan.goals[1].goal.inherited and not plan.goals[0].goal.inherited
    joined = " ".join(texts)
    assert "Regjeringens" not in joined and "tilskuddet" not in joined and "kurs i samisk" not in joined
    assert "Prosjektet" not in joined  # a project's aim, not the plan's goal


def test_nynorsk_voice_goal_with_difor_skal_vi():
    blocks = [
        H("Oppvekst"),
        P("Kommunen vil at alle barn skal oppleve meistring i barnehage og skule", "Oppvekst"),
        P("Difor skal vi", "Oppvekst"),
        L("• styrkje samarbeidet mellom heim og skule", "Oppvekst"),
        L("• gje tidleg hjelp til barn som treng det", "Oppvekst"),
    ]
    plan = check_document(meta(), blocks)
    assert [g.goal.text for g in plan.goals] == ["Kommunen vil at alle barn skal oppleve meistring i barnehage og skule"]
    assert [m.text for m in plan.goals[0].own_measures] == ["styrkje samarbeidet mellom heim og skule",
                                                           "gje tidleg hjelp til barn som treng det"]


@pytest.mark.parametrize("text, expected", [
    ("Andelen skal reduseres fra 8 % til 4 % innen 2028.", ["4 % (fra 8 %)", "innen 2028"]),
    ("Klimagassutslippene skal ned med 60 prosent innen 2030.", ["60 %", "innen 2030"]),
    ("Målsettingen er 300 nye lærlingplasser.", ["300 nye lærlingplasser"]),
])
def test_numeric_targets_with_baseline_and_deadline(text, expected):
    assert target_values(text)[:len(expected)] == expected


def test_action_table_in_a_goals_chapter_is_that_goals_own():
    def blk(kind: str, text: str, *section: str, level: int = 0) -> Block:
        return Block(kind, text, tuple(section), 4, None, level)  # type: ignore[arg-type]

    blocks = [
        blk("heading", "2 Trygt skolemiljø", "2 Trygt skolemiljø", level=1),
        blk("heading", "2.1 Mål", "2 Trygt skolemiljø", "2.1 Mål", level=2),
        blk("list_item", "• Ingen elever opplever mobbing.", "2 Trygt skolemiljø", "2.1 Mål"),
        blk("heading", "2.2 Tiltak", "2 Trygt skolemiljø", "2.2 Tiltak", level=2),
        blk("table_row", "Tiltak | Ansvar | Frist", "2 Trygt skolemiljø", "2.2 Tiltak"),
        blk("table_row", "Trivselsprogram | Rektor | 2025", "2 Trygt skolemiljø", "2.2 Tiltak"),
        blk("heading", "3 Lesing", "3 Lesing", level=1),
        blk("heading", "3.1 Mål", "3 Lesing", "3.1 Mål", level=2),
        blk("list_item", "• Flere elever leser på høyt nivå.", "3 Lesing", "3.1 Mål"),
        blk("heading", "3.2 Tiltak", "3 Lesing", "3.2 Tiltak", level=2),
        blk("table_row", "Tiltak | Ansvar | Frist", "3 Lesing", "3.2 Tiltak"),
        blk("table_row", "Leseløft | Kommunalsjef | 2026", "3 Lesing", "3.2 Tiltak"),
    ]
    plan = check_document(meta(), blocks)
    safe, reading = plan.goals
    assert [m.text for m in safe.own_measures] == ["Trivselsprogram"] and not safe.plan_wide_measures
    assert [m.text for m in reading.own_measures] == ["Leseløft"] and not reading.plan_wide_measures


def test_numbered_goal_headings_and_a_goal_table_with_indicators():
    blocks = [
        H("Mål 1: Alle elever opplever et trygt skolemiljø"),
        P("Skolene har i dag for mange elever som opplever mobbing.", "Mål 1: Alle elever opplever et trygt skolemiljø"),
        H("Tiltak"),
        L("• Trivselsprogram på alle skoler", "Tiltak"),
        H("Oppfølging"),
        T("Mål | Indikator | Nå | Ambisjon 2027", "Oppfølging"),
        T("Elevene trives på skolen | Trivsel i Elevundersøkelsen | 4,1 | 4,4", "Oppfølging"),
    ]
    plan = check_document(meta(), blocks)
    first = by_start(plan, "Alle elever opplever et trygt skolemiljø")
    assert first.goal.origin == "mål-overskrift"
    table_goal = by_start(plan, "Elevene trives på skolen")
    assert [i.text for i in table_goal.own_indicators] == ["Trivsel i Elevundersøkelsen"]


def test_inline_numbered_goal_list_after_a_label_gives_one_goal_each():
    blocks = [H("Næring"), P("Delmål 1. Flere lærlingplasser i privat sektor.2. Et felles opplæringskontor for "
                             "regionen. 3. Bedre rådgivning om yrkesfag.", "Næring")]
    plan = check_document(meta(), blocks)
    assert [g.goal.text for g in plan.goals] == ["Flere lærlingplasser i privat sektor.",
                                                 "Et felles opplæringskontor for regionen.",
                                                 "Bedre rådgivning om yrkesfag."]


ACTIVITY_PLAN = """Handlingsplan for fysisk aktivitet 2024–2030

1 Innledning

Planen bygger på kommuneplanens samfunnsdel.

2 Mål og strategier

Mål I kommuneplanens samfunnsdel er det vedtatt som mål at Testvik skal være «en kommune der alle kan være i bevegelse hele livet».
Strategier Strategiene for å nå målet er følgende:
o gi barn gode vaner tidlig o gjøre turområder tilgjengelige for alle o samarbeide med idrettslagene

3 Tiltak

3.1 Gi barn gode vaner tidlig

Tiltak Daglig fysisk aktivitet i skolen
Ansvar Rektor
Gjennomføres Fra høsten 2025
"""


def test_strategies_are_means_not_goals_and_action_rows_read_as_label_value_lines(tmp_path):
    """The issue's Hol form, in our words: one inherited goal, strategies as «o» bullets after
    «Strategier» joined to the goal's line, and an action table read as «Tiltak …/Ansvar …» lines."""
    path = tmp_path / "aktivitet.txt"
    path.write_text(ACTIVITY_PLAN, encoding="utf-8")
    plan = parsed(path, "Handlingsplan for fysisk aktivitet 2024–2030")
    (goal,) = plan.goals
    assert "«en kommune der alle kan være i bevegelse hele livet»" in goal.goal.text and goal.goal.inherited
    assert [m.text for m in goal.own_measures][:3] == ["gi barn gode vaner tidlig",
                                                       "gjøre turområder tilgjengelige for alle",
                                                       "samarbeide med idrettslagene"]
    row = goal.own_measures[-1]
    assert (row.text, row.responsible) == ("Daglig fysisk aktivitet i skolen | Rektor | Fra høsten 2025", "Rektor")


@pytest.mark.parametrize("sentence, code", [
    ("Indikatorer for målene utarbeides i handlingsprogrammet.", FlagCode.INDICATORS_ELSEWHERE),
    ("Måleindikatorer vil bli fastsatt i virksomhetsplanene.", FlagCode.INDICATORS_ELSEWHERE),
    ("Temaplanen vil ikke inneholde tiltak.", FlagCode.PLAN_WITHOUT_MEASURES),
    ("Tiltakene skal konkretiseres i andre kommunale planer.", FlagCode.PLAN_WITHOUT_MEASURES),
])
def test_plan_flags_for_indicators_elsewhere_and_no_measures(sentence, code):
    blocks = [H("Mål"), L("• Alle barn opplever trygghet.", "Mål"), H("Oppfølging"), P(sentence, "Oppfølging")]
    plan = check_document(meta(), blocks)
    assert [f.code for f in plan.flags] == [code]
    goal_codes = {f.code for f in plan.goals[0].flags}
    missing = FlagCode.NO_INDICATOR if code == FlagCode.INDICATORS_ELSEWHERE else FlagCode.NO_MEASURE
    assert missing not in goal_codes  # one plan flag, not «not found» on every goal
    assert len(plan.flags[0].message) <= 100 and sentence in plan.flags[0].detail


def test_a_plan_with_its_own_indicators_is_not_flagged_as_keeping_them_elsewhere():
    blocks = [H("Mål"), L("• Alle barn opplever trygghet.", "Mål"), H("Indikatorer"),
              L("• Andel elever som trives (Elevundersøkelsen)", "Indikatorer"), H("Oppfølging"),
              P("Flere indikatorer utarbeides i handlingsprogrammet.", "Oppfølging")]
    plan = check_document(meta(), blocks)
    assert FlagCode.INDICATORS_ELSEWHERE not in {f.code for f in plan.flags}
