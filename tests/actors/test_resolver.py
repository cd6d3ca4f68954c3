"""The actor resolver: the document memory's antecedent rules, and names
found in parsed sentences (known names, titled people learnt on the way)."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.actors.resolver import ActorRef, DocumentMemory

ON = dt.date(2019, 3, 6)

COUNTRY = ActorRef("DEU", "DEU", None, "country", 0, 1)
OTHER_COUNTRY = ActorRef("FRA", "FRA", None, "country", 0, 1)
PERSON = ActorRef("DEUGOV", "DEU", "GOV", "person", 0, 2)
OTHER_PERSON = ActorRef("FRAGOV", "FRA", "GOV", "person", 0, 2)
POLICE = ActorRef("IRQCOP", "IRQ", "COP", "role", 0, 2)  # a role of people: "he" may be one
BARE_ROLE = ActorRef("---", None, None, "role", 0, 1)
# Sectors whose role nouns stand for one person (the column person of sector_codes.tsv).
PERSON_SECTORS = frozenset({"GOV", "COP"})


# --- DocumentMemory.antecedent ---------------------------------------------------------------


def test_subject_preferred_over_later_object_in_the_same_sentence() -> None:
    memory = DocumentMemory()
    memory.remember(0, 0, COUNTRY, subject=True)
    memory.remember(0, 2, OTHER_COUNTRY, subject=False)
    assert memory.antecedent("it", 1, 0, person_sectors=PERSON_SECTORS) == COUNTRY


def test_latest_subject_of_the_sentence_wins() -> None:
    memory = DocumentMemory()
    memory.remember(0, 0, COUNTRY, subject=True)
    memory.remember(0, 5, OTHER_COUNTRY, subject=True)
    assert memory.antecedent("it", 1, 0, person_sectors=PERSON_SECTORS) == OTHER_COUNTRY


def test_without_subjects_the_latest_mention_wins() -> None:
    memory = DocumentMemory()
    memory.remember(0, 1, COUNTRY, subject=False)
    memory.remember(0, 4, OTHER_COUNTRY, subject=False)
    assert memory.antecedent("it", 1, 0, person_sectors=PERSON_SECTORS) == OTHER_COUNTRY


def test_nearest_sentence_beats_a_subject_further_back() -> None:
    memory = DocumentMemory()
    memory.remember(0, 0, COUNTRY, subject=True)
    memory.remember(1, 3, OTHER_COUNTRY, subject=False)
    assert memory.antecedent("it", 2, 0, person_sectors=PERSON_SECTORS) == OTHER_COUNTRY


def test_only_mentions_before_the_pronoun_count() -> None:
    memory = DocumentMemory()
    memory.remember(0, 0, COUNTRY, subject=True)
    memory.remember(1, 6, OTHER_COUNTRY, subject=True)  # after the pronoun at (1, 2)
    assert memory.antecedent("it", 1, 2, person_sectors=PERSON_SECTORS) == COUNTRY
    assert memory.antecedent("it", 0, 0, person_sectors=PERSON_SECTORS) is None


@pytest.mark.parametrize(("sentence", "expected"), [(2, COUNTRY), (3, None)])
def test_memory_reaches_back_two_sentences(sentence: int, expected: ActorRef | None) -> None:
    memory = DocumentMemory()
    memory.remember(0, 0, COUNTRY, subject=True)
    assert memory.antecedent("it", sentence, 0, person_sectors=PERSON_SECTORS) == expected


def test_quoted_names_are_antecedents_only_inside_quotations() -> None:
    memory = DocumentMemory()
    memory.remember(0, 0, PERSON, subject=True)
    memory.remember(1, 1, OTHER_PERSON, subject=True, in_quote=True)
    assert memory.antecedent("he", 1, 8, in_quote=False, person_sectors=PERSON_SECTORS) == PERSON
    assert memory.antecedent("he", 1, 8, in_quote=True, person_sectors=PERSON_SECTORS) == OTHER_PERSON


@pytest.mark.parametrize(
    ("pronoun", "expected"),
    [
        ("he", PERSON),  # skips the later country
        ("she", PERSON),
        ("him", PERSON),
        ("it", COUNTRY),  # skips the later person
        ("they", COUNTRY),  # a plural is no single person
    ],
)
def test_pronouns_take_compatible_antecedents(pronoun: str, expected: ActorRef) -> None:
    memory = DocumentMemory()
    memory.remember(0, 0, COUNTRY, subject=True)
    memory.remember(0, 3, PERSON, subject=True)
    memory.remember(0, 6, COUNTRY, subject=True)
    got = memory.antecedent(pronoun, 1, 0, person_sectors=PERSON_SECTORS)
    assert got is not None and got.code == expected.code


def test_people_roles_count_as_persons_and_bare_roles_as_nothing_for_it() -> None:
    memory = DocumentMemory()
    memory.remember(0, 0, POLICE, subject=True)
    assert memory.antecedent("he", 1, 0, person_sectors=PERSON_SECTORS) == POLICE
    assert memory.antecedent("it", 1, 0, person_sectors=PERSON_SECTORS) is None
    bare = DocumentMemory()
    bare.remember(0, 0, BARE_ROLE, subject=True)
    assert bare.antecedent("it", 1, 0, person_sectors=PERSON_SECTORS) is None


# --- DocumentMemory.learn_person ----------------------------------------------------------------


def test_learn_person_keeps_full_name_and_name_parts() -> None:
    memory = DocumentMemory()
    memory.learn_person(["aldo", "brenvik"], PERSON)
    assert set(memory.people) == {"aldo brenvik", "aldo", "brenvik"}


def test_learn_person_skips_short_parts_and_keeps_the_first_owner() -> None:
    memory = DocumentMemory()
    memory.learn_person(["ko", "min", "jang"], PERSON)
    assert "ko" not in memory.people  # two letters: too ambiguous to stand alone
    memory.learn_person(["ilse", "jang"], OTHER_PERSON)
    assert memory.people["jang"] == PERSON
    assert memory.people["ilse jang"] == OTHER_PERSON


# --- ActorResolver.find_names on parsed sentences ------------------------------------------------


def _names(coder, text: str, on: dt.date | None = ON, memory: DocumentMemory | None = None) -> dict[str, ActorRef]:  # type: ignore[no-untyped-def]
    """Each distinct actor found, keyed by its words in the sentence."""
    doc = coder.parser.parse_text(text)
    found = coder.resolver.find_names(doc[:], on, memory if memory is not None else DocumentMemory())
    return {doc[r.first : r.last].text: r for r in set(found.values())}


def test_find_names_marks_countries_capitals_and_people(coder) -> None:  # type: ignore[no-untyped-def]
    names = _names(coder, "Angela Merkel flew from Berlin to North Korea.")
    assert {k: (v.code, v.kind) for k, v in names.items()} == {
        "Angela Merkel": ("DEUGOV", "person"),
        "Berlin": ("DEUGOV", "capital"),
        "North Korea": ("PRK", "country"),
    }


@pytest.mark.parametrize(
    ("on", "code"),
    [(dt.date(2012, 5, 10), "USAGOV"), (dt.date(2019, 3, 6), "USAELI")],
)
def test_people_are_coded_by_office_on_the_date(coder, on: dt.date, code: str) -> None:  # type: ignore[no-untyped-def]
    names = _names(coder, "Barack Obama criticised Russia.", on)
    assert names["Barack Obama"].code == code


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("Foreign Minister Aldo Brenvik of Norway met Angela Merkel in Berlin.", "Aldo Brenvik", "NORGOV"),
        ("Foreign Minister Hanna Lindqvar of Sweden arrived in Oslo.", "Hanna Lindqvar", "SWEGOV"),
        ("Kenyan Interior Minister Wanjiru Odhiambo-Kariuki met the UN envoy.", "Wanjiru Odhiambo-Kariuki", "KENGOV"),
    ],
)
def test_titled_people_are_learnt_for_the_document(coder, text: str, name: str, code: str) -> None:  # type: ignore[no-untyped-def]
    memory = DocumentMemory()
    names = _names(coder, text, memory=memory)
    assert names[name].code == code and names[name].kind == "person"
    # The surname part is kept whole when hyphenated: "odhiambo - kariuki".
    first, last = name.lower().split()[0], " - ".join(name.lower().split()[-1].split("-"))
    assert memory.people[first].code == code
    assert memory.people[last].code == code
    # A later sentence of the same document knows the surname.
    later = _names(coder, f"{name.split()[-1]} condemned Russia.", memory=memory)
    assert any(ref.code == code for ref in later.values())


def test_defence_minister_title_gives_country_from_adjective(coder) -> None:  # type: ignore[no-untyped-def]
    memory = DocumentMemory()
    names = _names(coder, "Norwegian Defence Minister Aldo Brenvik visited Kabul.", memory=memory)
    person = names["Aldo Brenvik"]
    assert person.kind == "person" and person.country == "NOR" and person.sector is not None
    assert memory.people["brenvik"] == person


def test_learnt_people_stay_in_their_document(coder) -> None:  # type: ignore[no-untyped-def]
    _names(coder, "Foreign Minister Aldo Brenvik of Norway met Angela Merkel.", memory=DocumentMemory())
    assert "Brenvik" not in _names(coder, "Brenvik condemned Russia.", memory=DocumentMemory())


def test_lower_case_words_are_not_organisation_names(coder) -> None:  # type: ignore[no-untyped-def]
    names = _names(coder, "The Islamic State attacked a strict Islamic state.")
    assert list(names) == ["Islamic State"]
    assert names["Islamic State"].sector == "REB"


def test_names_with_article_particles(coder) -> None:  # type: ignore[no-untyped-def]
    names = _names(coder, "The Trump administration criticised al-Shabab.")
    assert names["al-Shabab"].code == "SOMREB"
    assert names["Trump"].code == "USAGOV"


# --- ActorResolver.actor_at ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Iraqi police arrested them.", "IRQCOP"),
        ("Russian troops crossed the river.", "RUSMIL"),
        ("Rebels crossed the river.", "---REB"),
        ("The Chinese foreign ministry spoke.", "CHNGOV"),
        ("Dozens of Kenyan soldiers crossed the river.", "KENMIL"),
    ],
)
def test_actor_at_subject_phrase(coder, text: str, code: str) -> None:  # type: ignore[no-untyped-def]
    doc = coder.parser.parse_text(text)
    memory = DocumentMemory()
    found = coder.resolver.find_names(doc[:], ON, memory)
    (subject,) = [t for t in doc if t.dep_ == "nsubj"]
    ref = coder.resolver.actor_at(subject, found, memory, 0)
    assert ref is not None and ref.code == code


def test_first_person_pronouns_are_no_actor(coder) -> None:  # type: ignore[no-untyped-def]
    doc = coder.parser.parse_text("We condemned Russia.")
    memory = DocumentMemory()
    memory.remember(-1, 0, COUNTRY, subject=True)
    found = coder.resolver.find_names(doc[:], ON, memory)
    assert coder.resolver.actor_at(doc[0], found, memory, 0) is None


def test_expand_conjuncts_lists_coordinated_names(coder) -> None:  # type: ignore[no-untyped-def]
    doc = coder.parser.parse_text("Egypt, Jordan and Iraq condemned Israel.")
    found = coder.resolver.find_names(doc[:], ON, DocumentMemory())
    (subject,) = [t for t in doc if t.dep_ == "nsubj"]
    assert sorted(t.text for t in coder.resolver.expand_conjuncts(subject, found)) == ["Egypt", "Iraq", "Jordan"]


def test_entities_in_a_sentence_match_spacys_own_over_a_long_paragraph(coder) -> None:  # type: ignore[no-untyped-def]
    from detente.actors.resolver import _entities_in

    names = ["Kenya", "Uganda", "Ghana", "Togo", "Benin"]
    paragraph = " ".join(f"{names[i % 5]} criticised {names[(i + 2) % 5]} after Amina Odhiambo{i} of Reuters spoke." for i in range(40))
    doc = coder.parser.nlp(paragraph)
    sentences = list(doc.sents)
    assert len(sentences) > 30 and len(doc.ents) > 60
    for sentence in sentences:
        assert [(e.start, e.end, e.label_) for e in _entities_in(sentence)] == [(e.start, e.end, e.label_) for e in sentence.ents]
    # a span that cuts an entity holds none of it, as with spaCy
    long = next(e for e in doc.ents if len(e) > 1)
    for cut in (doc[long.start + 1 : len(doc)], doc[0 : long.end - 1]):
        assert [(e.start, e.end) for e in _entities_in(cut)] == [(e.start, e.end) for e in cut.ents]
        assert (long.start, long.end) not in [(e.start, e.end) for e in _entities_in(cut)]
