"""Peoples and names: a people of the country it lives in, names listed in capitals,
and an alias that is only the start of another person's name. Sentences of our own."""

from __future__ import annotations

import pytest


def _sources(coder, text: str, date: str = "2000-06-01") -> set[str]:  # type: ignore[no-untyped-def]
    return {e.source.code for e in coder.code(text, date)}


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Bosnian Serbs attacked the town.", "BIH"),  # the country's adjective before a people's name
        ("Iraqi Kurds protested in Erbil.", "IRQ"),
        ("Kosovo Albanians demanded independence.", "XKX"),
        ("Ethnic Albanians in Macedonia demanded more rights.", "MKD"),  # "ethnic ... in"
        ("Ethnic Russians in Estonia protested.", "EST"),
        ("The Albanians of southern Serbia demanded autonomy.", "SRB"),  # "of" alone
        ("Turkish Cypriots rejected the plan.", "CYP"),  # listed: the country comes second
    ],
)
def test_a_people_takes_the_country_it_lives_in(coder, text: str, source: str) -> None:  # type: ignore[no-untyped-def]
    assert _sources(coder, text) == {source}


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Albanians demanded elections.", "ALB"),  # no place: the people's own country
        ("Serbs protested in Belgrade.", "SRB"),  # in their own country
        ("Russian troops in Syria attacked rebels.", "RUSMIL"),  # an army, not a people: "in" says where
    ],
)
def test_a_people_or_an_army_named_without_a_residence_keeps_its_country(coder, text: str, source: str) -> None:  # type: ignore[no-untyped-def]
    assert _sources(coder, text) == {source}


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Yoruba leaders met in Ibadan.", "NGAGOV"),
        ("Uighur activists protested in Istanbul.", "CHNOPP"),
        ("Chechen rebels attacked a convoy.", "RUSREB"),
        ("Zulu chiefs criticized the land law.", "ZAF"),
    ],
)
def test_a_people_of_one_country_names_it(coder, text: str, source: str) -> None:  # type: ignore[no-untyped-def]
    assert any(s.startswith(source) for s in _sources(coder, text, "2015-03-01")), _sources(coder, text, "2015-03-01")


def test_a_name_listed_in_capitals_matches_only_capitals(coder) -> None:  # type: ignore[no-untyped-def]
    # "GIA" (Algeria's Armed Islamic Group) is not the surname "Gia"
    assert _sources(coder, "The GIA attacked a village near Blida.", "1996-06-01") == {"DZAREB"}
    names = coder.actors("Deputy Minister Tran Van Gia met Thai officials.", "1996-06-01")
    assert all(not m.code.startswith("DZA") for m in names.mentions), names.mentions
    hts = coder.actors("Officials of the Hts family farm spoke.", "2020-06-01")
    assert all(m.code != "SYRREB" for m in hts.mentions)


def test_an_alias_that_starts_a_longer_name_is_not_that_person(coder) -> None:  # type: ignore[no-untyped-def]
    # "Chadli" is Chadli Bendjedid's alias; "Chadli Klibi" is someone else
    klibi = coder.actors("Arab League Secretary General Chadli Klibi praised Syria.", "1985-06-01")
    assert not any(m.code.startswith("DZA") for m in klibi.mentions), klibi.mentions
    bendjedid = coder.actors("Chadli said the talks would go on.", "1985-06-01")
    assert any(m.code == "DZAGOV" for m in bendjedid.mentions), bendjedid.mentions


def test_an_office_title_in_the_text_names_the_office_reported(coder) -> None:  # type: ignore[no-untyped-def]
    # On a date the knowledge base has Petraeus at the CIA, the text calls him a commander.
    text = "The US commander in Iraq, General David Petraeus, met Iraqi officials."
    names = {m.text: m.code for m in coder.actors(text, "2012-11-08").mentions}
    assert names["David Petraeus"] == "USAMIL", names
    # a rank alone says less than the row: "General" Sisi was president in 2015
    sisi = {m.text: m.code for m in coder.actors("General Abdel Fattah el-Sisi opened a canal.", "2015-06-01").mentions}
    assert sisi["Abdel Fattah el-Sisi"] == "EGYGOV", sisi
    # an office of another country's does not change a person's code
    pompeo = {m.text: m.code for m in coder.actors("Mike Pompeo met the Saudi foreign minister.", "2019-03-01").mentions}
    assert pompeo["Mike Pompeo"] == "USAGOV", pompeo


@pytest.mark.parametrize(
    "text",
    ["Jordan Peterson criticized Canada.", "Georgia Meloni praised Ukraine.", "Chad Miller met Malian officials."],
)
def test_a_country_that_starts_a_persons_name_is_no_country(coder, text: str) -> None:  # type: ignore[no-untyped-def]
    first = text.split()[0]
    names = {m.text: m.code for m in coder.actors(text, "2022-06-01").mentions}
    assert first not in names, names


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Amir Tabriz, the Arab League envoy, arrived in Beirut.", "Tabriz"),
        ("Carlos Lima, the UN coordinator, met the mayor.", "Lima"),
    ],
)
def test_a_place_that_ends_a_persons_name_is_no_place(coder, text: str, place: str) -> None:  # type: ignore[no-untyped-def]
    names = {m.text: m.code for m in coder.actors(text, "2022-06-01").mentions}
    assert place not in names, names
    # the same place on its own is still the place
    alone = {m.text: m.code for m in coder.actors(f"The envoy arrived in {place}.", "2022-06-01").mentions}
    assert place in alone, alone


def test_a_person_between_two_terms_is_a_former_holder_but_not_while_in_office_under_another_row(kb_default) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    between = kb_default.lookup("Trump", dt.date(2022, 6, 1))
    assert between is not None and between.code == "USAELI"
    # Jordan's king is called "King Abdullah" only when no other King Abdullah reigns;
    # in between he is still king, so the name stays unresolved rather than "former"
    assert kb_default.lookup("King Abdullah", dt.date(2010, 1, 1)) is None


@pytest.fixture(scope="module")
def kb_default():  # type: ignore[no-untyped-def]
    from detente.actors.kb import KnowledgeBase

    return KnowledgeBase.from_defaults()
