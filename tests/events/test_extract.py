"""The event extractor, end to end through the coder, on sentences written
for these tests: one construction per test, a few sentences each.

Each test names the construction the extractor's docstring (or
docs/event-record.md) says it handles and checks the fields of the record
that construction decides: source and target codes, the CAMEO code, the
modality, the trigger, the date and its basis.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from detente.model import Event

# A Wednesday: "on Monday" is 2019-03-04, "yesterday" 2019-03-05.
PUBLISHED = "2019-03-06"


def _code(coder, text: str, date: str = PUBLISHED, *, all_modalities: bool = True) -> list[Event]:  # type: ignore[no-untyped-def]
    events: list[Event] = coder.code(text, date, all_modalities=all_modalities)
    return events


def _triples(events: Sequence[Event]) -> set[tuple[str | None, str | None, str]]:
    return {(e.source.code, e.target.code if e.target else None, e.cameo) for e in events}


def _only(events: Sequence[Event], cameo: str) -> Event:
    found = [e for e in events if e.cameo == cameo]
    assert len(found) == 1, f"expected one {cameo} event, got {[(e.source.code, e.cameo) for e in events]}"
    return found[0]


# --- plain clauses -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Germany criticised Turkey over the arrests.", "DEU", "TUR"),
        ("France condemned Russia for the attack.", "FRA", "RUS"),
        ("Chile criticized Peru on the border question.", "CHL", "PER"),
    ],
)
def test_plain_svo_disapproval(coder, text: str, source: str, target: str) -> None:  # type: ignore[no-untyped-def]
    (event,) = _code(coder, text)
    assert (event.source.code, event.target and event.target.code) == (source, target)
    assert event.root == "11"
    assert event.modality == "asserted"
    assert event.rule.startswith("verbs.tsv:")


@pytest.mark.parametrize(
    ("text", "source", "target", "root"),
    [
        ("Iran was condemned by Saudi Arabia.", "SAU", "IRN", "11"),
        ("Israel was criticised by Egypt.", "EGY", "ISR", "11"),
        ("Ukrainian villages were attacked by Russian troops.", "RUSMIL", "UKR", "19"),
    ],
)
def test_passive_agent_is_the_source(coder, text: str, source: str, target: str, root: str) -> None:  # type: ignore[no-untyped-def]
    (event,) = _code(coder, text)
    assert event.source.code == source
    assert event.target is not None and event.target.code == target
    assert event.root == root


# --- coordination ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sources", "target"),
    [
        ("France and Germany criticised Iran.", ["FRA", "DEU"], "IRN"),
        ("Egypt, Jordan and Iraq condemned Israel.", ["EGY", "JOR", "IRQ"], "ISR"),
    ],
)
def test_coordinated_subjects_give_one_event_each(coder, text: str, sources: list[str], target: str) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, text)
    assert sorted(e.source.code for e in events) == sorted(sources)
    assert {e.target.code for e in events if e.target} == {target}
    assert {e.root for e in events} == {"11"}


@pytest.mark.parametrize(
    ("text", "source", "targets"),
    [
        ("Japan condemned China and Russia.", "JPN", ["CHN", "RUS"]),
        ("Canada criticised Cuba, Venezuela and Nicaragua.", "CAN", ["CUB", "VEN", "NIC"]),
    ],
)
def test_coordinated_objects_give_one_event_each(coder, text: str, source: str, targets: list[str]) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, text)
    assert {e.source.code for e in events} == {source}
    assert sorted(e.target.code for e in events if e.target) == sorted(targets)
    assert len(events) == len(targets)


@pytest.mark.parametrize(
    ("text", "a", "b", "cameo"),
    [
        ("India and Pakistan agreed to resume talks.", "IND", "PAK", "036"),
        ("Kenya and Uganda held talks.", "KEN", "UGA", "046"),
        ("Brazil and Argentina signed a trade agreement.", "BRA", "ARG", "057"),
    ],
)
def test_joint_events_make_each_the_others_target(coder, text: str, a: str, b: str, cameo: str) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, text)
    assert _triples(events) == {(a, b, cameo), (b, a, cameo)}


# --- composition over an infinitive --------------------------------------------


@pytest.mark.parametrize(
    ("text", "source", "target", "cameo", "modality", "trigger", "family"),
    [
        ("India and Pakistan agreed to resume talks.", "IND", "PAK", "036", "intended", "agreed to resume", "intent(agree)"),
        ("Iran threatened to impose sanctions on Israel.", "IRN", "ISR", "1312", "intended", "threatened to impose", "threaten(threaten)"),
        ("Washington threatened to impose sanctions on Venezuela.", "USAGOV", "VEN", "1312", "intended", "threatened to impose", "threaten(threaten)"),
        ("Germany urged Iran to release prisoners.", "DEU", "IRN", "0253", "asserted", "urged Iran to release", "appeal(urge)"),
        ("The UN asked Myanmar to release the journalists.", "IGOUNO", "MMR", "0253", "asserted", "asked Myanmar to release", "appeal(ask)"),
        ("Russia refused to meet Ukraine.", "RUS", "UKR", "125", "asserted", "refused to meet", "reject(refuse)"),
        ("Egypt refused to meet Ethiopian officials.", "EGY", "ETHGOV", "125", "asserted", "refused to meet", "reject(refuse)"),
    ],
)
def test_wrapper_verbs_compose_over_their_complement(  # type: ignore[no-untyped-def]
    coder, text: str, source: str, target: str, cameo: str, modality: str, trigger: str, family: str
) -> None:
    event = next(e for e in _code(coder, text) if e.source.code == source)
    assert event.target is not None and event.target.code == target
    assert event.cameo == cameo
    assert event.modality == modality
    # A composed trigger runs from the wrapper verb to the clause's verb.
    assert event.trigger.text == trigger
    assert f"compose:{family}" in event.rule


def test_composed_event_replaces_the_bare_complement(coder) -> None:  # type: ignore[no-untyped-def]
    # "threatened to impose sanctions" is a threat, not the sanctions themselves (163).
    events = _code(coder, "Russia threatened to impose sanctions on Georgia.")
    assert _triples(events) == {("RUS", "GEO", "1312")}


# --- reported speech --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "doer", "victim"),
    [
        ("Germany said Russia attacked Ukraine.", "DEU", "RUS", "UKR"),
        ('"Russia attacked Ukraine," Germany said.', "DEU", "RUS", "UKR"),
        ("Japan said North Korea had attacked South Korea.", "JPN", "PRK", "KOR"),
    ],
)
def test_said_someone_attacked_is_reported_and_an_accusation(  # type: ignore[no-untyped-def]
    coder, text: str, speaker: str, doer: str, victim: str
) -> None:
    events = _code(coder, text)
    attack = _only(events, "190")
    assert (attack.source.code, attack.target and attack.target.code) == (doer, victim)
    assert attack.modality == "reported"
    accusation = _only(events, "112")
    assert (accusation.source.code, accusation.target and accusation.target.code) == (speaker, doer)
    assert accusation.trigger.text == "said"


def test_reporting_ones_own_side_is_no_accusation(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "The Russian army said Russian troops attacked Ukrainian positions.")
    assert [e.cameo for e in events] == ["190"]
    assert events[0].source.code == "RUSMIL" and events[0].modality == "reported"


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Egypt said it would hold talks with Sudan.", "EGY", "SDN"),
        ("Barack Obama said he would hold talks with Russia.", "USAGOV", "RUS"),
    ],
)
def test_speaker_announcing_own_future_act_is_an_intent(coder, text: str, source: str, target: str) -> None:  # type: ignore[no-untyped-def]
    # Obama was in office on the 2012 date.
    (event,) = _code(coder, text, "2012-05-10")
    assert (event.source.code, event.target and event.target.code) == (source, target)
    assert event.cameo == "036"
    assert event.modality == "intended"
    assert "compose:intent(say+" in event.rule


@pytest.mark.parametrize(
    ("text", "source", "target", "root"),
    [
        ("France said Russia must withdraw its troops.", "FRA", "RUS", "10"),
        ("Germany said Russia must withdraw its troops from Ukraine.", "DEU", "RUS", "10"),
        ("Israel said Iran should release the prisoners.", "ISR", "IRN", "02"),
    ],
)
def test_said_other_must_or_should_is_a_demand_or_appeal(  # type: ignore[no-untyped-def]
    coder, text: str, source: str, target: str, root: str
) -> None:
    (event,) = _code(coder, text)
    assert (event.source.code, event.target and event.target.code) == (source, target)
    assert event.root == root
    assert event.modality == "reported"


# --- negation and hypotheticals ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Germany did not condemn Turkey.", "Russia never condemned Iran.", "Russia did not attack Ukraine."],
)
def test_negated_events_are_marked_and_hidden_by_default(coder, text: str) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, text)
    assert len(events) == 1 and events[0].modality == "negated"
    assert _code(coder, text, all_modalities=False) == []


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("If Germany condemns Turkey, relations will suffer.", "DEU", "TUR"),
        ("Russia may attack Ukraine.", "RUS", "UKR"),
        ("Russia might impose sanctions on Ukraine.", "RUS", "UKR"),
        ("Did Russia attack Ukraine?", "RUS", "UKR"),
    ],
)
def test_conditionals_weak_modals_and_questions_are_hypothetical(  # type: ignore[no-untyped-def]
    coder, text: str, source: str, target: str
) -> None:
    events = [e for e in _code(coder, text) if e.source.code == source]
    assert len(events) == 1
    assert events[0].target is not None and events[0].target.code == target
    assert events[0].modality == "hypothetical"
    assert all(e.source.code != source for e in _code(coder, text, all_modalities=False))


# --- pronouns ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date", "source"),
    [
        ("Germany criticised Turkey. It also condemned Syria.", PUBLISHED, "DEU"),
        ("Angela Merkel met Emmanuel Macron. She later condemned Russia.", PUBLISHED, "DEUGOV"),
        ("Emmanuel Macron flew to Berlin. He then criticised Russia.", PUBLISHED, "FRAGOV"),
    ],
)
def test_pronoun_subject_takes_the_previous_subject(coder, text: str, date: str, source: str) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, text, date)
    last = events[-1]
    assert last.sentence_index == 1
    assert last.source.code == source
    # The span is the pronoun's; the code is the antecedent's.
    assert last.source.text in ("It", "He", "She")
    assert last.root == "11"


@pytest.mark.parametrize(
    "text",
    [
        'Shinzo Abe arrived in Paris. "North Korea has attacked Japan," he said.',
        'Shinzo Abe met Moon Jae-in. "Kim Jong Un is dangerous," he said, adding that he condemned Pyongyang.',
        'Emmanuel Macron flew to Berlin. "Angela Merkel is a friend," he said. He then criticised Russia.',
    ],
)
def test_names_inside_quotations_are_not_antecedents_outside(coder, text: str) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, text)
    pronoun_events = [e for e in events if e.source.text.lower() == "he"]
    assert pronoun_events
    speaker = events[0].source.code
    assert speaker in ("JPNGOV", "FRAGOV")
    assert {e.source.code for e in pronoun_events} == {speaker}


def test_object_pronoun_is_not_its_own_clauses_subject(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Emmanuel Macron flew to Berlin. Angela Merkel greeted him.")
    greet = next(e for e in events if e.sentence_index == 1)
    assert greet.source.code == "DEUGOV"
    assert greet.target is not None and greet.target.code == "FRAGOV"


# --- titled people learnt from their first mention -----------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Foreign Minister Aldo Brenvik of Norway arrived in Moscow. Brenvik said Norway would hold talks with Russia.",
            "NORGOV",
        ),
        ("Norwegian Defence Minister Aldo Brenvik visited Kabul. Brenvik criticised Russia.", None),
        ("Foreign Minister Hanna Lindqvar of Sweden arrived in Oslo. On Monday, Lindqvar condemned Russia.", "SWEGOV"),
    ],
)
def test_titled_person_is_known_by_surname_later(coder, text: str, code: str | None) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, text)
    first = next(e for e in events if e.sentence_index == 0)
    later = next(e for e in events if e.sentence_index == 1)
    assert first.source.text.split()[-1] == later.source.text  # full name, then the surname
    assert first.source.country in ("NOR", "SWE")
    assert first.source.sector is not None
    assert later.source.code == first.source.code
    if code is not None:
        assert first.source.code == code


def test_titled_person_missed_by_the_entity_model_is_still_learnt(coder) -> None:  # type: ignore[no-untyped-def]
    text = "Foreign Minister Ilse Varnadottir of Iceland arrived in Oslo. Varnadottir condemned Russia."
    events = _code(coder, text)
    assert [e.source.code for e in events] == ["ISLGOV", "ISLGOV"]


def test_unknown_surname_without_a_title_is_no_actor(coder) -> None:  # type: ignore[no-untyped-def]
    assert _code(coder, "Brenvik condemned Russia.") == []


def test_hyphenated_surname_is_matched_whole(coder) -> None:  # type: ignore[no-untyped-def]
    text = "Kenyan Interior Minister Wanjiru Odhiambo-Kariuki arrived in Kampala. Odhiambo-Kariuki criticised Uganda."
    later = next(e for e in _code(coder, text) if e.sentence_index == 1)
    assert later.source.code == "KENGOV"
    assert later.source.text == "Odhiambo-Kariuki"


# --- capitals and sectors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Moscow condemned Kiev.", "RUSGOV", "UKRGOV"),
        ("Tehran criticised Washington.", "IRNGOV", "USAGOV"),
        ("Beijing threatened Tokyo.", "CHNGOV", "JPNGOV"),
    ],
)
def test_capitals_stand_for_governments(coder, text: str, source: str, target: str) -> None:  # type: ignore[no-untyped-def]
    (event,) = _code(coder, text)
    assert (event.source.code, event.target and event.target.code) == (source, target)
    assert event.source.sector == "GOV" and event.source.country == source[:3]


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Iraqi police arrested Iranian protesters.", "IRQCOP", "IRNOPP"),
        ("Turkish police detained German journalists.", "TURCOP", "DEUMED"),
        ("Somali rebels attacked Kenyan troops.", "SOMREB", "KENMIL"),
        ("Rebels attacked Syrian troops.", "---REB", "SYRMIL"),
        ("The police arrested the rebels.", "---COP", "---REB"),
    ],
)
def test_role_nouns_give_sectors(coder, text: str, source: str, target: str) -> None:  # type: ignore[no-untyped-def]
    (event,) = _code(coder, text)
    assert (event.source.code, event.target and event.target.code) == (source, target)


def test_rebels_of_unknown_country_have_no_country(coder) -> None:  # type: ignore[no-untyped-def]
    (event,) = _code(coder, "Rebels attacked Syrian troops.")
    assert event.source.country is None and event.source.sector == "REB"


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Russia attacked Ukraine on Monday.", "2019-03-04"),
        ("Russia attacked Ukraine yesterday.", "2019-03-05"),
        ("Russia attacked Ukraine last month.", "2019-02"),
        ("Israel was criticised by Egypt on Monday.", "2019-03-04"),
    ],
)
def test_relative_dates_resolve_against_publication(coder, text: str, date: str) -> None:  # type: ignore[no-untyped-def]
    (event,) = _code(coder, text)
    assert (event.date, event.date_basis) == (date, "text")


def test_undated_event_takes_the_publication_date(coder) -> None:  # type: ignore[no-untyped-def]
    (event,) = _code(coder, "Russia attacked Ukraine.")
    assert (event.date, event.date_basis) == (PUBLISHED, "publication")


def test_date_belongs_to_its_own_sentence(coder) -> None:  # type: ignore[no-untyped-def]
    first, second = _code(coder, "Germany criticised Turkey on Monday. It also condemned Syria.")
    assert (first.date, first.date_basis) == ("2019-03-04", "text")
    assert (second.date, second.date_basis) == (PUBLISHED, "publication")


def test_composed_event_is_dated_by_its_wrapper_not_the_plan(coder) -> None:  # type: ignore[no-untyped-def]
    (event,) = _code(coder, "On Monday, Russia said it would hold talks with Ukraine next week.")
    assert event.cameo == "036"
    assert (event.date, event.date_basis) == ("2019-03-04", "text")


def test_future_weekday_is_not_the_date_of_an_announced_act(coder) -> None:  # type: ignore[no-untyped-def]
    (event,) = _code(coder, "Russia will attack Ukraine on Friday.")
    assert event.modality == "intended"
    assert (event.date, event.date_basis) == (PUBLISHED, "publication")


# --- character offsets -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "  Ghana   criticised\tTogo.\n\nIn a statement, Germany condemned Russia for the attack on Ukraine.",
        "\u201cRussia attacked Ukraine,\u201d Germany said on Monday. Ankara condemned Damascus.",
        "The Côte d\u2019Ivoire government criticised Mali. India and Pakistan agreed to resume talks.",
        "Foreign Minister Aldo Brenvik of Norway arrived in Moscow. He condemned Russia.",
    ],
)
def test_offsets_index_the_original_text(coder, text: str) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, text)
    assert events
    for event in events:
        spans = [event.source, event.trigger] + ([event.target] if event.target else [])
        for span in spans:
            assert text[span.start : span.end] == span.text
        assert event.sentence in text


# --- constructions added in the second pass ------------------------------------


def test_purpose_clause_is_intended_not_asserted(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Russia sent troops to attack Georgia.")
    attack = [e for e in events if e.trigger.text == "attack"]
    assert attack and all(e.modality == "intended" for e in attack)


def test_a_meetings_purpose_is_not_a_second_event(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Merkel and Macron will meet in Vienna to discuss trade.")
    assert events and not [e for e in events if e.trigger.text == "discuss"]


def test_what_is_discussed_is_a_topic_not_a_party(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Kerry met Lavrov in Geneva to discuss Syria.", "2015-08-04")
    assert not [e for e in events if e.target is not None and e.target.code == "SYR"]


def test_purpose_of_a_denied_act_is_negated(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Japan did not send troops to fight the rebels in Mali.")
    fight = [e for e in events if e.trigger.text == "fight"]
    assert fight and all(e.modality == "negated" for e in fight)


def test_intent_to_investigate_keeps_its_own_code(coder) -> None:  # type: ignore[no-untyped-def]
    event = _only(_code(coder, "IAEA inspectors want to inspect the reactors in Syria."), "090")
    assert event.modality == "intended"
    assert event.target is not None and event.target.country == "SYR"


def test_report_speaks_for_the_place_it_was_published(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "A report released on Monday in the Kenyan capital alleged that Ugandan troops killed villagers.")
    accusation = _only(events, "112")
    assert accusation.source.country == "KEN" and accusation.target is not None
    assert accusation.target.code == "UGAMIL"


def test_they_refers_to_coordinated_subjects_above(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Kishida and Yoon said they will resume talks with China.", "2023-05-01")
    assert {(e.source.code, e.target.code if e.target else None) for e in events if e.cameo == "036"} == {
        ("JPNGOV", "CHN"),
        ("KORGOV", "CHN"),
    }


def test_reversed_preposition_may_sit_on_the_object(coder) -> None:  # type: ignore[no-untyped-def]
    assert ("IRN", "---REB", "030") in _triples(_code(coder, "The rebels received guarantees from Iran."))
    assert ("USALEG", "USAGOV", "100") in _triples(_code(coder, "President Biden faces pressure from the US Congress.", "2023-05-01"))


def test_passive_object_control_wrapper_addresses_the_passive_subject(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Iran was pressured by Russia to release the sailors.")
    event = _only(events, "1053")
    assert (event.source.code, event.target.code if event.target else None) == ("RUS", "IRN")


def test_refusing_permission_is_refusing_to_yield(coder) -> None:  # type: ignore[no-untyped-def]
    event = _only(_code(coder, "Erdogan said he would not give permission to Sweden to join."), "124")
    assert event.target is not None and event.target.code == "SWE"


def test_sympathy_is_aimed_where_the_tragedy_happened(coder) -> None:  # type: ignore[no-untyped-def]
    event = _only(_code(coder, "Macron expressed condolences for the floods in Bangladesh."), "018")
    assert event.target is not None and event.target.country == "BGD"


def test_a_crash_is_nobodys_act(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Ten passengers killed by the Air India plane crash were buried in Delhi.")
    assert not [e for e in events if e.source.country == "IND" and e.root == "19"]


@pytest.mark.parametrize(
    "text, source",
    [
        ("president obama condemned the attack on Kabul.", "USAGOV"),
        ("The leaders of iSrael condemned Hamas.", "ISRGOV"),
    ],
)
def test_names_written_without_their_capital(coder, text: str, source: str) -> None:  # type: ignore[no-untyped-def]
    assert any(e.source.code == source for e in _code(coder, text, "2015-06-01"))


def test_lower_case_everyday_words_are_not_countries(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "The chef said turkey and china plates were stolen.")
    assert not [e for e in events if {e.source.country, e.target.country if e.target else None} & {"TUR", "CHN"}]


def test_insisting_on_a_fact_is_no_demand(coder) -> None:  # type: ignore[no-untyped-def]
    assert not [e for e in _code(coder, "Britain insisted that the tariffs will be cut only after France agrees.") if e.root == "10"]
    assert [e for e in _code(coder, "Britain insisted that France lift the tariffs.") if e.root == "10"]


def test_in_no_rush_denies_the_act(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Berlin is in no rush to press for sanctions on Moscow.")
    press = [e for e in events if e.trigger.text == "press"]
    assert press and all(e.modality == "negated" for e in press)


def test_weapon_named_with_a_nationality_gives_the_side(coder) -> None:  # type: ignore[no-untyped-def]
    event = _only(_code(coder, "Two soldiers were killed by a Syrian missile."), "190")
    assert event.source.country == "SYR"


def test_victims_and_local_armed_groups_take_the_place_country(coder) -> None:  # type: ignore[no-untyped-def]
    event = _only(_code(coder, "Gunmen killed five police officers near Kandahar."), "190")
    assert (event.source.code, event.target.code if event.target else None) == ("AFGREB", "AFGCOP")
    event = _only(_code(coder, "Troops killed five villagers in Mali."), "190")
    assert event.source.country is None  # an army is not assumed local
    assert event.target is not None and event.target.country == "MLI"


def test_weapon_fired_by_someone_names_the_doer(coder) -> None:  # type: ignore[no-untyped-def]
    event = _only(_code(coder, "Two children were killed by a rocket fired by Hamas."), "190")
    assert event.source.code == "PSEREB"


def test_travel_warning_lowers_relations(coder) -> None:  # type: ignore[no-untyped-def]
    event = _only(_code(coder, "Canada advised against travel to Haiti."), "160")
    assert event.target is not None and event.target.code == "HTI"


def test_pro_and_anti_do_not_make_a_nationality(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Pro-Russian separatists shelled the airport.")
    shelled = [e for e in events if e.trigger.text == "shelled"]
    assert shelled and all(e.source.country != "RUS" for e in shelled)


def test_an_embassy_is_not_of_the_host_country(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Protesters attacked the embassy in Cairo.")
    attacked = [e for e in events if e.trigger.text == "attacked"]
    assert attacked and all(e.target is None or e.target.country != "EGY" for e in attacked)


def test_armed_group_fighting_at_home_targets_its_country(coder) -> None:  # type: ignore[no-untyped-def]
    event = _only(_code(coder, "Rebels attacked a village in Darfur."), "190")
    assert (event.source.code, event.target.code if event.target else None) == ("SDNREB", "SDN")


def test_police_take_the_country_of_the_place(coder) -> None:  # type: ignore[no-untyped-def]
    event = _only(_code(coder, "Police arrested dozens of protesters in Nairobi."), "173")
    assert (event.source.code, event.target.code if event.target else None) == ("KENCOP", "KENOPP")


def test_troops_given_are_not_the_target(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Ghana will contribute 800 troops to a peacekeeping force in Mali.")
    event = _only(events, "0334")
    assert event.target is not None and event.target.country == "MLI"


def test_troops_sent_nowhere_named_have_no_target(coder) -> None:  # type: ignore[no-untyped-def]
    event = _only(_code(coder, "Russia deployed troops near the border."), "154")
    assert event.target is None


def test_bombing_with_military_weapons_is_military_force(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "The airliner was blown up by a missile fired by separatists.")
    assert [e.cameo for e in events if e.trigger.text == "blown"] == ["195"]
    assert [e.cameo for e in _code(coder, "A bomber blew up a bus in Quetta.") if e.trigger.text == "blew"] == ["183"]


def test_a_rights_group_saying_forces_killed_accuses_them(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Amnesty International said government forces killed five protesters.")
    event = _only(events, "112")
    assert event.source.code.startswith("NGO") and event.target is not None and event.target.code == "---MIL"


def test_confirming_a_plan_is_an_intent_not_a_claim(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "NATO confirmed it would tighten the blockade of Libya.")
    assert not [e for e in events if e.cameo == "015"]
    assert [e for e in events if e.root == "13" and e.target is not None and e.target.code == "LBY"]


def test_what_a_blockade_is_of_is_its_target(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Egypt eased the blockade of Gaza with Qatar's help.")
    assert events and all(e.target is not None and e.target.country == "PSE" for e in events)


def test_which_after_a_quoted_phrase_refers_to_the_phrase(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, 'Biden praised the "turn to Africa," which strengthened US ties with Kenya.')
    assert not [e for e in events if e.source.code.startswith("AFR")]


def test_a_possessor_of_a_thing_is_not_its_doer(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "The Obama administration's pivot strengthened ties with Japan.", "2015-06-01")
    assert not [e for e in events if e.trigger.text == "strengthened"]


def test_hosting_is_also_the_guests_visit(coder) -> None:  # type: ignore[no-untyped-def]
    triples = _triples(_code(coder, "Erdogan hosted Zelensky in Istanbul.", "2023-07-08"))
    assert ("TURGOV", "UKRGOV", "043") in triples and ("UKRGOV", "TURGOV", "042") in triples


def test_meeting_on_neither_sides_ground_is_a_third_location_meeting(coder) -> None:  # type: ignore[no-untyped-def]
    assert ("USAGOV", "RUSGOV", "044") in _triples(_code(coder, "Kerry met Lavrov in Geneva.", "2015-08-04"))
    assert ("USAGOV", "RUSGOV", "040") in _triples(_code(coder, "Kerry met Lavrov in Moscow.", "2015-08-04"))
    joint = _triples(_code(coder, "Obama and Putin met in Zurich.", "2015-08-04"))
    assert {("USAGOV", "RUSGOV", "044"), ("RUSGOV", "USAGOV", "044")} <= joint


def test_killing_in_an_adverbial_clause_happens_where_the_main_clause_did(coder) -> None:  # type: ignore[no-untyped-def]
    triples = _triples(_code(coder, "Russian forces shelled Kharkiv, killing three civilians."))
    assert ("RUSMIL", "UKRCVL", "190") in triples


def test_drills_near_a_country_target_it(coder) -> None:  # type: ignore[no-untyped-def]
    event = _only(_code(coder, "Chinese warships conducted drills near Taiwan."), "150")
    assert event.target is not None and event.target.code == "TWN"


def test_until_under_a_refusal_is_a_condition(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Hungary said it would not ratify the treaty until Sweden changed its stance.")
    changed = [e for e in events if e.trigger.text == "changed"]
    assert changed and all(e.modality == "hypothetical" for e in changed)


def test_police_facing_a_crowd_are_of_its_country(coder) -> None:  # type: ignore[no-untyped-def]
    triples = _triples(_code(coder, "Angry Kenyan protesters clashed with police."))
    assert ("KENOPP", "KENCOP", "190") in triples


def test_aid_amount_reaches_its_recipient_through_in(coder) -> None:  # type: ignore[no-untyped-def]
    event = _only(_code(coder, "Germany pledged 500 million euros in humanitarian aid to Sudan."), "0331")
    assert event.target is not None and event.target.code == "SDN"


def test_threat_to_use_weapons_against_someone(coder) -> None:  # type: ignore[no-untyped-def]
    event = _only(_code(coder, "Iran threatened to use missiles against Israel."), "138")
    assert event.target is not None and event.target.code == "ISR"


def test_denied_acts_are_negated(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Iran denied sending drones to Russia.")
    sent = [e for e in events if e.trigger.text == "sending"]
    assert sent and all(e.modality == "negated" for e in sent)
    assert not _code(coder, "Iran denied sending drones to Russia.", all_modalities=False)


def test_its_troops_are_the_owners_troops(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Russia denied that its troops had shelled the hospital.")
    assert [e.source.code for e in events if e.trigger.text == "shelled"] == ["RUSMIL"]


def test_talks_in_a_city_do_not_make_the_city_a_party(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Saudi Arabia and the United States suspended the talks in Jeddah.")
    assert {e.source.code for e in events if e.cameo == "164"} == {"SAU", "USA"}
    assert all(e.target is None for e in events if e.cameo == "164")


@pytest.mark.parametrize(
    "text, source, target, root",
    [
        ("China renewed its call for Britain to lift sanctions on Iran.", "CHN", "GBR", "02"),
        ("Iran rejected the US demand that it halt enrichment.", "USA", "IRN", "10"),
        ("Russia made a pledge to withdraw its troops from Georgia.", "RUS", "GEO", "03"),
    ],
)
def test_nouns_wrap_clauses_like_verbs(coder, text: str, source: str, target: str, root: str) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, text)
    assert [e for e in events if e.source.code == source and e.target and e.target.code == target and e.root == root]


def test_an_embassy_opened_abroad_targets_the_host(coder) -> None:  # type: ignore[no-untyped-def]
    event = _only(_code(coder, "Chile opened an embassy in Hanoi."), "054")
    assert event.target is not None and event.target.code == "VNM"


def test_promise_to_continue_aid_is_intent_to_give_aid(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Japan promised to continue economic aid to Laos.")
    assert [(e.cameo[:3], e.target.code if e.target else None) for e in events] == [("033", "LAO")]


def test_protesters_destroying_property_are_rioting(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Angry protesters torched government buildings in Dhaka.")
    assert [e.cameo for e in events] == ["145"]
    assert [e.cameo for e in _code(coder, "Police seized the protesters' banners.")] == ["171"]


def test_thanks_are_a_warm_comment_not_an_endorsement(coder) -> None:  # type: ignore[no-untyped-def]
    assert [e.cameo for e in _code(coder, "Kenya thanked Japan for its support.")] == ["013"]
    assert [e.cameo for e in _code(coder, "Kenya praised Japan.")] == ["051"]


def test_a_claimed_act_without_a_victim_is_only_the_accusation(coder) -> None:  # type: ignore[no-untyped-def]
    triples = _triples(_code(coder, "Kenya accused Somalia of violating the truce."))
    assert triples == {("KEN", "SOM", "112")}
    # with a victim the claimed act is an event of its own
    triples = _triples(_code(coder, "Kenya said Somali troops had shelled Ethiopia."))
    assert ("SOMMIL", "ETH", "194") in triples and ("KEN", "SOMMIL", "112") in triples


def test_reduced_relative_misparsed_as_a_main_verb(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "The activists jailed for insulting Moscow were freed yesterday by Putin himself.", "2015-06-01")
    assert [(e.source.code, e.target.code if e.target else None) for e in events if e.root == "17"] == []
    assert [e.target.text for e in events if e.root == "08" and e.target is not None] == ["activists"]


def test_a_passive_conjunct_acts_on_the_shared_subject(coder) -> None:  # type: ignore[no-untyped-def]
    triples = _triples(_code(coder, "Rebels attacked the town and were repelled by the army."))
    assert ("---MIL", "---REB", "190") in triples


def test_a_hedged_claim_is_reported(coder) -> None:  # type: ignore[no-untyped-def]
    event = _only(_code(coder, "Russian forces reportedly shelled Kharkiv."), "194")
    assert event.modality == "reported"


def test_calls_by_someone_name_whose_calls(coder) -> None:  # type: ignore[no-untyped-def]
    event = _only(_code(coder, "Japan supported calls by Seoul for a new summit."), "051")
    assert event.target is not None and event.target.code == "KORGOV"


@pytest.mark.parametrize(
    "text, cameo, modality",
    [
        ("Macron visits Beijing next week.", "036", "intended"),
        ("Blinken travels to Cairo tomorrow.", "036", "intended"),
        ("Macron visited Beijing last week.", "042", "asserted"),
    ],
)
def test_present_tense_with_a_time_to_come_is_a_plan(coder, text: str, cameo: str, modality: str) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, text, "2024-05-10")
    assert [(e.cameo, e.modality) for e in events] == [(cameo, modality)]


# --- coordinated country modifiers of one role noun ---------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "US and British activists criticised Egypt.",
            {("USAOPP", "US", "EGY"), ("GBROPP", "British", "EGY")},
        ),
        (
            "Chinese and Indian troops clashed on the border.",
            {("CHNMIL", "Chinese", "INDMIL"), ("INDMIL", "Indian", "CHNMIL")},
        ),
        (
            "Greek and Turkish diplomats met in Geneva.",
            {("GRCGOV", "Greek", "TURGOV"), ("TURGOV", "Turkish", "GRCGOV")},
        ),
    ],
)
def test_coordinated_modifiers_give_each_country_its_own_span(coder, text: str, expected: set[tuple[str, str, str]]) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, text)
    assert {(e.source.code, e.source.text, e.target.code if e.target else None) for e in events} == expected
    for event in events:  # neither side's span holds the other's
        assert event.target is not None
        assert event.source.end <= event.target.start or event.target.end <= event.source.start


# --- negative subjects and refuted reports ------------------------------------


@pytest.mark.parametrize(
    ("text", "trigger", "sources"),
    [
        ("Neither France nor Germany criticised Poland.", "criticised", ["DEU", "FRA"]),
        ("Neither Kenya nor Uganda signed the accord.", "signed", ["KEN", "UGA"]),
        ("Neither Peru nor Chile recalled its ambassador.", "recalled", ["CHL", "PER"]),
    ],
)
def test_neither_nor_subjects_deny_the_act(coder, text: str, trigger: str, sources: list[str]) -> None:  # type: ignore[no-untyped-def]
    events = [e for e in _code(coder, text) if e.trigger.text == trigger]
    assert sorted(e.source.code for e in events) == sources
    assert {e.modality for e in events} == {"negated"}
    assert not [e for e in _code(coder, text, all_modalities=False) if e.trigger.text == trigger]


def test_an_indefinite_pronoun_is_no_actor(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Ghana praised Togo. Nobody condemned the attack. Everyone welcomed the vote.")
    assert {e.source.code for e in events} == {"GHA"}


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Rumours that Egypt had expelled the ambassador proved false.", "expelled"),
        ("Reports that Chile had recalled its envoy were untrue.", "recalled"),
        ("Claims that India had shelled the village turned out to be false.", "shelled"),
        ("Cairo denied reports that it had expelled the Sudanese ambassador.", "expelled"),
        ("Claims that Kenya had closed the border were dismissed as baseless.", "closed"),
    ],
)
def test_a_report_called_false_or_refuted_is_negated(coder, text: str, trigger: str) -> None:  # type: ignore[no-untyped-def]
    events = [e for e in _code(coder, text) if e.trigger.text == trigger]
    assert events and {e.modality for e in events} == {"negated"}


def test_a_report_confirmed_stays_reported(coder) -> None:  # type: ignore[no-untyped-def]
    event = _only(_code(coder, "Reports that Chile had recalled its envoy were confirmed."), "161")
    assert event.modality == "reported"
