"""``Coder.explain`` and ``detente explain`` (events/explain.py), on sentences of our own:
what the explanation shows of clauses, composition and rules, that its events are the
events ``Coder.code`` gives, and that tracing changes no event."""

from __future__ import annotations

import datetime as dt
import json
import types

import pytest

from detente import cli
from detente.actors.resolver import ActorRef, DocumentMemory
from detente.coder import Coder
from detente.events import rules
from detente.events.explain import CandidateInfo, DocumentTrace, Explanation, SentenceTrace, rule_parts
from detente.events.records import Candidate
from detente.ingest import document_from_text

PUBLISHED = "2024-05-02"

# One act found through two objects: drop_duplicates keeps the first.
DUPLICATE = "Argentina condemned Uruguay and the Uruguayans."
# A wrapper verb over a coded clause: intent over resuming talks (036).
COMPOSED = "Iran agreed to resume talks with France."
# A question: questions_are_hypothetical makes the recall hypothetical, so it is not shown.
QUESTION = "Will Bolivia recall its ambassador from Quito?"
# Hosting: add_visits_of_hosted adds the guests' visit.
HOSTED = "Senegal hosted envoys from Mali."

SENTENCES = [
    DUPLICATE,
    COMPOSED,
    QUESTION,
    HOSTED,
    "Kenya said Somali militants carried out attacks.",
    "Mali's army attacked the rebels. Mali said the police arrested protesters in Bamako.",
    "Mali's president criticised Malian rebels. The army attacked the rebels near Gao.",
    "Norway did not criticise Sweden. Denmark might sanction Finland.",
    "Egypt urged Israel to ease restrictions on Gaza.",
    "Chile began to withdraw troops from Peru.",
]


@pytest.fixture(autouse=True)
def session_coder(monkeypatch: pytest.MonkeyPatch, coder: Coder) -> Coder:
    monkeypatch.setattr(Coder, "from_defaults", classmethod(lambda cls, *args, **kwargs: coder))
    return coder


def _candidates(explanation: Explanation) -> list[CandidateInfo]:
    return [c for s in explanation.sentences for c in s.candidates]


# --- what the explanation shows -------------------------------------------------------
def test_a_candidate_dropped_by_a_rule_names_the_rule(coder: Coder) -> None:
    assert "drop_duplicates" in [r.__name__ for r in rules.RULES]
    candidates = _candidates(coder.explain(DUPLICATE, PUBLISHED))
    targets = {(c.final.target.code if c.final.target else None, c.dropped_by) for c in candidates}
    assert targets == {("URY", None), ("URY", "drop_duplicates")}
    dropped = next(c for c in candidates if c.dropped_by)
    assert dropped.event_id is None and not dropped.shown
    assert dropped.final.target is not None and dropped.final.target.text == "Uruguayans"


def test_composition_shows_in_the_clause_and_the_candidate(coder: Coder) -> None:
    (sentence,) = coder.explain(COMPOSED, PUBLISHED).sentences
    words = {t.text: t.index for t in sentence.tokens}
    resume = next(c for c in sentence.clauses if c.text == "resume")
    assert resume.lexicon is not None and resume.lexicon.startswith("verbs.tsv:")
    assert (resume.family, resume.wrapper, resume.composition) == ("intent", words["agreed"], "compose:intent(agree)")
    agreed = next(c for c in sentence.clauses if c.text == "agreed")
    assert agreed.skipped is not None and "resume" in agreed.skipped
    (cand,) = sentence.candidates
    assert cand.composition == "compose:intent(agree)"
    assert cand.lexicon == resume.lexicon
    assert (cand.final.code, cand.final.source.code, cand.final.modality) == ("036", "IRN", "intended")
    assert cand.shown and cand.event_id is not None


def test_a_transparent_verb_leaves_the_event_to_its_complement(coder: Coder) -> None:
    (sentence,) = coder.explain("Chile began to withdraw troops from Peru.", PUBLISHED).sentences
    began = next(c for c in sentence.clauses if c.text == "began")
    assert began.transparent and began.lexicon is None and began.candidates == 0
    withdraw = next(c for c in sentence.clauses if c.text == "withdraw")
    assert withdraw.candidates == 1 and withdraw.lexicon is not None


def test_the_parse_and_actors_are_shown(coder: Coder) -> None:
    (sentence,) = coder.explain(COMPOSED, PUBLISHED).sentences
    iran = sentence.tokens[0]
    assert (iran.text, iran.pos, iran.dep, iran.head) == ("Iran", "PROPN", "nsubj", 1)
    assert {(a.text, a.code) for a in sentence.names} == {("Iran", "IRN"), ("France", "FRA")}
    assert {e.text for e in sentence.entities} >= {"Iran", "France"}


def test_a_rule_that_changes_a_candidate_is_named_with_the_field(coder: Coder) -> None:
    explanation = coder.explain(QUESTION, PUBLISHED)
    (cand,) = [c for c in _candidates(explanation) if c.final.code.startswith("13")]
    (change,) = cand.changes
    assert (change.step, change.fields) == ("questions_are_hypothetical", ("modality",))
    assert (change.before.modality, change.after.modality) == ("intended", "hypothetical")
    assert cand.event_id is not None and not cand.shown  # coded, but left out by its modality
    assert explanation.events == ()


def test_a_candidate_added_by_a_rule_names_the_rule(coder: Coder) -> None:
    candidates = _candidates(coder.explain(HOSTED, PUBLISHED))
    assert {(c.origin, c.final.code) for c in candidates} == {("clause", "043"), ("add_visits_of_hosted", "042")}


def test_the_home_country_step_is_shown(coder: Coder) -> None:
    # Mali is named twice in the opening sentences: "the army" is Mali's (context/home.py).
    text = "Mali's president criticised Malian rebels. The army attacked the rebels near Gao."
    changes = [ch for c in _candidates(coder.explain(text, PUBLISHED)) for ch in c.changes]
    assert [(ch.step, ch.before.source.code, ch.after.source.code) for ch in changes] == [
        ("at_home(MLI)", "---MIL", "MLIMIL")
    ]
    assert "source" in changes[0].fields


# --- the same events as code() ------------------------------------------------------
@pytest.mark.parametrize("text", SENTENCES)
def test_tracing_changes_no_event(coder: Coder, text: str) -> None:
    doc = document_from_text(text, date=dt.date.fromisoformat(PUBLISHED))
    sentences = coder.parser.parse(doc)
    plain = coder._code_parsed(doc, sentences)
    traced = coder._code_parsed(doc, sentences, trace=DocumentTrace())
    assert traced == plain
    explanation = coder.explain(text, PUBLISHED)
    assert list(explanation.events) == coder.code(text, PUBLISHED)
    every = coder.code(text, PUBLISHED, all_modalities=True)
    assert [c.event_id for c in _candidates(explanation) if c.event_id] == [e.id for e in every]


def test_the_json_round_trips_and_gives_the_events_of_code(capsys: pytest.CaptureFixture[str], coder: Coder) -> None:
    text = " ".join(SENTENCES[:4])
    assert cli.main(["explain", text, "--date", PUBLISHED, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    data = json.loads(out)
    assert data == coder.explain(text, PUBLISHED).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["events"] == [e.to_dict() for e in coder.code(text, PUBLISHED)]
    assert data["date"] == PUBLISHED
    assert [s["index"] for s in data["sentences"]] == [0, 1, 2, 3]


def test_the_text_output_has_its_sections(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["explain", f"{DUPLICATE} {COMPOSED} {QUESTION}", "--date", PUBLISHED]) == 0
    out, _ = capsys.readouterr()
    for heading in ("Sentence 0: ", "Parse", "Named entities", "Actors", "Clauses", "Candidates", "Events"):
        assert heading in out
    assert "dropped by drop_duplicates" in out
    assert "composition: compose:intent(agree)" in out
    assert "changed by questions_are_hypothetical: modality intended -> hypothetical" in out
    assert "not shown: hypothetical" in out


def test_nothing_to_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["explain", "   "]) == 0
    out, _ = capsys.readouterr()
    assert "no sentences" in out and "none" in out


def test_a_bad_date_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["explain", COMPOSED, "--date", "2024-02-30"])
    assert exit_.value.code == 2
    _, err = capsys.readouterr()
    assert "argument --date: not a date (YYYY-MM-DD): '2024-02-30'" in err


# --- following candidates through the rules -----------------------------------------
def _ref(code: str, first: int) -> ActorRef:
    return ActorRef(code, code[:3], code[3:] or None, "country", first, first + 1)


def _cand(code: str, source: str, target: str | None, modality: str = "asserted") -> Candidate:
    return Candidate(code, "verbs.tsv:1 x", (1,), _ref(source, 0), _ref(target, 2) if target else None, modality, 0.9)


def _trace(candidates: list[Candidate]) -> SentenceTrace:
    trace = SentenceTrace(0, "", None, {}, DocumentMemory())  # type: ignore[arg-type]
    trace.coded(types.SimpleNamespace(i=1), candidates)  # type: ignore[arg-type]
    return trace


def test_a_step_tells_unchanged_changed_dropped_and_added_apart() -> None:
    kept, hedged, gone = _cand("111", "CHL", "PER"), _cand("040", "CHL", "BOL"), _cand("112", "CHL", "ECU")
    trace = _trace([kept, hedged, gone])
    now_hypothetical = _cand("040", "CHL", "BOL", "hypothetical")
    added = _cand("042", "BOL", "CHL")
    trace.step("some_rule", [kept, hedged, gone], [kept, now_hypothetical, added])
    first, second, third, fourth = trace.tracked
    assert (first.changes, first.dropped_by) == ([], None)
    assert (second.changes, second.current) == ([("some_rule", hedged, now_hypothetical)], now_hypothetical)
    assert third.dropped_by == "some_rule"
    assert (fourth.origin, fourth.found) == ("some_rule", added)
    trace.step("next_rule", [kept, now_hypothetical, added], [added, kept])  # order is not identity
    assert [t.dropped_by for t in trace.tracked] == [None, "next_rule", "some_rule", None]


def test_of_two_equal_candidates_the_first_stays() -> None:
    twin = _cand("111", "CHL", "PER")
    trace = _trace([twin, twin])
    trace.step("drop_duplicates", [twin, twin], [twin])
    assert [t.dropped_by for t in trace.tracked] == [None, "drop_duplicates"]


def test_rule_parts() -> None:
    assert rule_parts("verbs.tsv:377 restart|resume|revive ~$talks compose:intent(agree)") == (
        "verbs.tsv:377 restart|resume|revive ~$talks",
        "compose:intent(agree)",
    )
    assert rule_parts("verbs.tsv:1178 recall ~envoy +future") == ("verbs.tsv:1178 recall ~envoy", None)
    assert rule_parts("compose:reject(refuse)") == (None, "compose:reject(refuse)")
    assert rule_parts("accuse:say(say)+190") == (None, None)
    assert rule_parts("") == (None, None)
