"""The sentence rules (events/rules.py), each on sentences of our own: what the sentence
codes with every rule, and what it codes with that one rule left out."""

from __future__ import annotations

import pytest

from detente.events import rules

Triple = tuple[str, str | None, str, str]


def coded(text: str) -> list[Triple]:  # type: ignore[no-untyped-def]
    events = coder.code(text, "2020-01-01", all_modalities=True)
    found = {(e.source.code, e.target.code if e.target else None, e.cameo, e.modality) for e in events}
    return sorted(found, key=str)


CASES = [
    (
        rules.questions_are_hypothetical,
        "Will Chile recall its ambassador from Lima?",
        [("CHL", "PERGOV", "1313", "hypothetical")],
        [("CHL", "PERGOV", "1313", "intended")],
    ),
    (
        rules.accuse_users_of_force,
        "Kenya said Somali militants had shelled Mandera.",
        [("KEN", "SOMREB", "112", "asserted"), ("SOMREB", "KEN", "194", "reported")],
        [("SOMREB", "KEN", "194", "reported")],
    ),
    (
        rules.drop_claims_held_by_accusations,
        "Kenya said Somali militants carried out attacks.",
        [("KEN", "SOMREB", "112", "asserted")],
        [("KEN", "SOMREB", "112", "asserted"), ("SOMREB", None, "190", "reported")],
    ),
    (
        rules.add_visits_of_hosted,
        "Ghana hosted envoys from Togo.",
        [("GHA", "TGOGOV", "043", "asserted"), ("TGOGOV", "GHA", "042", "asserted")],
        [("GHA", "TGOGOV", "043", "asserted")],
    ),
    (
        rules.drop_purpose_echoes,
        "Chile and Peru will meet in Quito to discuss fishing rights.",
        [("CHL", "PER", "036", "intended"), ("PER", "CHL", "036", "intended")],
        [
            ("CHL", "PER", "036", "intended"),
            ("CHL", "PER", "040", "intended"),
            ("PER", "CHL", "036", "intended"),
            ("PER", "CHL", "040", "intended"),
        ],
    ),
    (
        rules.drop_vaguer_targets,
        "Chile criticised Peru and the Peruvian navy.",
        [("CHL", "PERMIL", "111", "asserted")],
        [("CHL", "PER", "111", "asserted"), ("CHL", "PERMIL", "111", "asserted")],
    ),
    (
        rules.drop_targetless_twins,
        "Chile's foreign minister met Peru's foreign minister and then met reporters.",
        [("CHLGOV", "PERGOV", "040", "asserted")],
        [("CHLGOV", "---MED", "040", "asserted"), ("CHLGOV", "PERGOV", "040", "asserted")],
    ),
    (
        rules.drop_bare_statements,
        "Kenya said Somali militants had shelled Mandera.",
        [("KEN", "SOMREB", "112", "asserted"), ("SOMREB", "KEN", "194", "reported")],
        [("KEN", "SOMREB", "010", "asserted"), ("KEN", "SOMREB", "112", "asserted"), ("SOMREB", "KEN", "194", "reported")],
    ),
    (
        rules.purpose_clauses_inherit_the_partner,
        "Qatar sent a delegation to Gaza to deliver aid.",
        [("QAT", "PSE", "042", "asserted"), ("QAT", "PSE", "070", "intended")],
        [("QAT", "PSE", "042", "asserted"), ("QAT", None, "070", "intended")],
    ),
    (
        rules.pair_joint_subjects,
        "Chile and Peru met at the United Nations.",
        [("CHL", "PER", "040", "asserted"), ("PER", "CHL", "040", "asserted")],
        [("CHL", "IGOUNO", "040", "asserted"), ("PER", "IGOUNO", "040", "asserted")],
    ),
    (rules.drop_bare_statements, "Chile hoped for calm.", [], [("CHL", None, "013", "asserted")]),
]


@pytest.mark.parametrize(("rule", "text", "with_rule", "without_rule"), CASES, ids=[c[1] for c in CASES])
def test_each_rule_does_what_its_docstring_says(  # type: ignore[no-untyped-def]
    coded, monkeypatch: pytest.MonkeyPatch, rule: rules.Rule, text: str, with_rule: list[Triple], without_rule: list[Triple]
) -> None:
    assert coded(text) == sorted(with_rule, key=str)
    monkeypatch.setattr(rules, "RULES", tuple(r for r in rules.RULES if r is not rule))
    assert coded(text) == sorted(without_rule, key=str)


def test_duplicates_are_one_event(coder, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    text = "Chile condemned Peru and the Peruvians."
    assert len(coder.code(text, "2020-01-01")) == 1
    monkeypatch.setattr(rules, "RULES", tuple(r for r in rules.RULES if r is not rules.drop_duplicates))
    assert len(coder.code(text, "2020-01-01")) == 2


def test_a_statement_about_a_third_party_is_kept_when_nothing_else_says_it(coder) -> None:  # type: ignore[no-untyped-def]
    for text, speaker, about in [
        ("Chile said Peru had underreported its fish catch.", "CHL", "PER"),
        ("Norway said Russia had tampered with the data.", "NOR", "RUS"),
        ("The IAEA said Iran had enriched uranium to 60 percent.", "IGOUNOIAE", "IRN"),
    ]:
        found = {(e.source.code, e.target.code if e.target else None, e.cameo) for e in coder.code(text, "2020-01-01", all_modalities=True)}
        assert (speaker, about, "010") in found, (text, found)
    # the third party's own act, when coded, says it
    found = coder.code("Chile said Peru had seized a trawler.", "2020-01-01", all_modalities=True)
    assert [e.cameo for e in found] == ["171"]
    # an attribution after its clause speaks about no one
    found = coder.code("Rebels shelled the town, the military said.", "2020-01-01", all_modalities=True)
    assert all(e.cameo != "010" for e in found)


def test_reporting_ones_own_side_is_no_accusation(coder) -> None:  # type: ignore[no-untyped-def]
    assert all(e.cameo != "112" for e in coder.code("The Kenyan army said Kenyan troops had shelled Somali positions.", "2020-01-01"))


def test_every_rule_runs_once_in_the_documented_order() -> None:
    assert [r.__name__ for r in rules.RULES] == [
        "questions_are_hypothetical",
        "accuse_users_of_force",
        "drop_claims_held_by_accusations",
        "add_visits_of_hosted",
        "purpose_clauses_inherit_the_partner",
        "drop_purpose_echoes",
        "aim_reactions_at_the_act_answered",
        "pair_joint_subjects",
        "drop_duplicates",
        "drop_vaguer_targets",
        "drop_targetless_twins",
        "drop_bare_statements",
    ]
    assert all(r.__doc__ for r in rules.RULES)


def test_pairing_joint_subjects_drops_every_venue_target_itself(coded, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # Without the later rule that drops targetless twins, no venue event may survive the pairing.
    monkeypatch.setattr(rules, "RULES", tuple(r for r in rules.RULES if r is not rules.drop_targetless_twins))
    assert coded("Israel and Jordan met at the United Nations.") == [
        ("ISR", "JOR", "040", "asserted"),
        ("JOR", "ISR", "040", "asserted"),
    ]
