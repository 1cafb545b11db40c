"""What a question asks for beyond its kind (assistant/askedfor.py): a grade or an age, who holds a role — and the
decision that needs it in what the user reads (assistant/evidence.py ``holds_asked``)."""

from assistant.askedfor import asked_role, asks_level, has_level, says_role
from assistant.evidence import holds_asked


def test_level_questions_bokmal_nynorsk_english() -> None:
    for q in ("Fra hvilket klassetrinn starter opplæringen?", "Hvilket trinn gjelder det?", "I hvilken alder begynner barna?",
              "Hvor gamle er barna?", "Kva alder har borna?", "Frå kva trinn gjeld det?", "At what age do children start?",
              "Which grade is it for?", "How old are the pupils?"):
        assert asks_level(q), q
    for q in ("Hvilke tiltak gjelder for ungdomstrinnet?", "Hvor mange elever går på 10. trinn?", "Hva er målet?"):
        assert not asks_level(q), q


def test_a_grade_or_an_age_is_given() -> None:
    for t in ("fritatt på 9. og 10.klassetrinn", "matematikk 1.-7. trinn", "5.–7. klasse", "fra første klasse",
              "elevar på ungdomssteget", "ungdomstrinnet", "Vg2", "barn på 3-4 år", "fem år gamle", "seksåringene",
              "fem- seksåringene", "i 7-årsalderen", "5-årige barn", "7.-klassingene"):
        assert has_level(t), t
    # a school named, not the grade; a duration, not an age
    for t in ("fortsette prosjektet på grunnskolenivå", "i barnehagen og skolen", "et femårig utviklingsprosjekt",
              "2-årig linje skipsteknisk drift", "planen gjelder 2021-2033"):
        assert not has_level(t), t


def test_a_modal_before_the_role_verb_still_asks_who_holds_the_role() -> None:
    for q in ("Hvem skal lede Samisk språkråd?", "Hvem bør lede gruppa?", "Kven skal leie arbeidet?",
              "Kven skal vere leiar for SFO?", "Who should lead the group?", "Hvem skal være koordinator?"):
        assert asked_role(q), q
    for q in ("Hvem leder utvalget?", "Hvem har ansvaret for driften?", "Hvem skal Lier prioritere?", "Hvem må godkjenne planen?"):
        assert not asked_role(q), q
    role = asked_role("Hvem skal lede utvalget?")
    assert says_role("Utvalget ledes av ordføreren.", role)
    assert says_role("Rektor er leiar for SFO.", asked_role("Kven skal vere leiar for SFO?"))
    assert says_role("Kontaktperson: Kari Nordmann", role)
    assert not says_role("Utvalget skal ha ansvar for oppfølgingen av planen.", role)


def test_the_decision_needs_what_was_asked_in_the_quoted_units() -> None:
    assert not holds_asked("Fra hvilket klassetrinn fortsatte prosjektet?", "Barna skulle fortsette på grunnskolenivå.")
    assert holds_asked("Fra hvilket klassetrinn fortsatte prosjektet?", "Prosjektet fortsatte fra 5. trinn.")
    assert not holds_asked("Hvem skal lede rådet?", "Rådet skal arbeide med språkutvikling og terminologi.")
    assert holds_asked("Hva er målet?", "Målet er god folkehelse.")


def test_a_footnote_number_or_an_article_is_no_count() -> None:
    from assistant.quantities import has_number

    assert not has_number("jf. erfaringer fra språkmotiveringsprosjektet ved Elgå skole i Engerdal.15")
    assert not has_number("Sametinget viser til erfaringene.3 Arbeidet fortsetter")
    assert not has_number("artikkel 29 omhandler formålet med utdanningen")
    assert not has_number("jf. artiklene 24 og 25 i forslaget")
    for counted in ("Skolen har i dag 23 studenter.", "Om lag 10 000 personer rammes årlig.", "Det var 15. Neste år flere."):
        assert has_number(counted), counted
