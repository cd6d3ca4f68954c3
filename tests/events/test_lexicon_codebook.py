"""Entries added by walking the CAMEO codebook code by code (issue 7), each checked on
sentences of our own, with several actors and wordings per construction, so that an
entry stands for how news says the act and not for one benchmark sentence."""

from __future__ import annotations

import pytest

from detente.coder import Coder

# sentence, source code, target code (None: no target), CAMEO code
CASES = [
    # 045: mediation named by a noun, a container noun seen through
    ("Kuwait launched a mediation effort between Qatar and its neighbours.", "KWT", "QAT", "045"),
    ("Algeria began mediation between Mali and the Tuareg rebels.", "DZA", "MLI", "045"),
    # 170: removing a government or a leader
    ("Mutinous soldiers overthrew the government of Guinea.", "---MIL", "GINGOV", "170"),
    ("The junta toppled the elected president of Myanmar.", "---MIL", "MMRGOV", "170"),
    ("Parliament ousted the Peruvian president on Wednesday.", "---LEG", "PERGOV", "170"),
    ("Colonels deposed the king of Greece.", "---MIL", "GRCGOV", "170"),
    # 0841 / 0842: returning people and property to another party
    ("France returned the looted artefacts to Benin.", "FRA", "BEN", "0842"),
    ("The Netherlands handed back the bronzes to Nigeria.", "NLD", "NGA", "0842"),
    ("Russia returned the seized tanker to Greece.", "RUS", "GRC", "0842"),
    ("Belarus repatriated the Lithuanian prisoners.", "BLR", "LTUCVL", "0841"),
    ("Poland sent back the Belarusian migrants.", "POL", "BLRREF", "0841"),
    # 160: leaving a body or a treaty, not a military retreat or a resignation
    ("Burundi left the International Criminal Court.", "BDI", "IGOJUDICC", "160"),
    ("Venezuela withdrew from the Organization of American States.", "VEN", "IGOAMROAS", "160"),
    ("Nicaragua quit the Organization of American States.", "NIC", "IGOAMROAS", "160"),
    ("Britain left the European Union.", "GBR", "IGOEUREEC", "160"),
    # 07: approving and paying out loans and aid
    ("The Asian Development Bank approved a loan to Sri Lanka.", "IGOASAADB", "LKA", "071"),
    ("The World Bank disbursed funds to Ghana.", "IGOUNOWBK", "GHA", "071"),
    ("Germany approved aid for Syria.", "DEU", "SYR", "070"),
    ("Qatar raised money for Palestinian refugees.", "QAT", "PSEREF", "071"),
    # 057: agreements announced, sealed, struck
    ("Kenya and Somalia announced an agreement on the border.", "KEN", "SOM", "057"),
    ("Kenya and Somalia announced an agreement on the border.", "SOM", "KEN", "057"),
    ("Egypt and Sudan sealed a deal on the Nile.", "EGY", "SDN", "057"),
    ("Ukraine struck a deal with Turkey on grain.", "UKR", "TUR", "057"),
    # 0871: a ceasefire declared
    ("The rebels declared a ceasefire on Monday.", "---REB", None, "0871"),
    # 138: a threat to destroy is a threat of force
    ("Iran threatened to destroy Israel.", "IRN", "ISR", "138"),
    ("Pakistan vowed to destroy the militant camps.", "PAK", "---REB", "138"),
    ("The militia threatened to destroy the bridge.", "---REB", None, "138"),
    # 164 / 160: talks and meetings put off
    ("Serbia postponed talks with Kosovo.", "SRB", "XKX", "164"),
    ("Bolivia put off talks with Chile.", "BOL", "CHL", "164"),
    ("Guatemala put off negotiations with Belize.", "GTM", "BLZ", "164"),
    ("Hungary put off the meeting with Ukraine.", "HUN", "UKR", "160"),
    ("The Czech president postponed his visit to China.", "CZEGOV", "CHN", "160"),
    # 042: a delegation sent to a party
    ("Chile sent a delegation to Bolivia.", "CHL", "BOL", "042"),
    ("Japan dispatched envoys to Beijing.", "JPN", "CHNGOV", "042"),
    # 062: exercises held with another party
    ("Australia held exercises with Indonesia.", "AUS", "IDN", "062"),
    ("Vietnam held drills with India.", "VNM", "IND", "062"),
    # 143: going on strike
    ("Teachers went on strike in Nigeria.", "NGAEDU", "NGA", "143"),
    ("Doctors in Britain went on strike over pay.", "GBRHLH", None, "143"),
    # 0842: returning property, weapons included
    ("The militia returned the seized rifles to the police.", "---REB", "---COP", "0842"),
    ("Russia handed back the captured tanks to Ukraine.", "RUS", "UKR", "0842"),
    # 142: a hunger strike is not a labour strike (143), whichever verb starts or keeps it
    ("Jailed activists began a hunger strike in Cairo.", "EGYOPP", "EGY", "142"),
    ("The prisoners continued their hunger strike for a third week.", "---CVL", None, "142"),
    ("Dock workers staged a strike in Antwerp.", "BELLAB", "BEL", "143"),
    # 0813: easing a curfew
    ("Authorities shortened the curfew in Mandalay by two hours.", "---GOV", "MMR", "0813"),
    ("The army relaxed the curfew in Srinagar.", "---MIL", "IND", "0813"),
    ("The junta shortened the nightly curfew in Yangon.", "---MIL", "MMR", "0813"),
    # 150: starting exercises is a show of force
    ("The Chinese navy launched exercises near Taiwan.", "CHNMIL", "TWN", "150"),
    ("Turkey began naval drills in the Aegean.", "TUR", None, "150"),
    # 090: a court's hearing into an affair
    ("The constitutional court opened a hearing into the disputed election.", "---JUD", None, "090"),
    # quantities of time are seen through: "three days of talks"
    ("The rebels held three days of talks with the government.", "---REB", "---GOV", "046"),
    ("Protesters staged two weeks of demonstrations in Minsk.", "BLROPP", "BLR", "141"),
    # a hyphenated verb is the lexicon's unhyphenated one
    ("Greece decided to re-open the border crossing.", "GRC", None, "0356"),
    # an event noun as the subject of a verb of occurring is the event
    ("Armenian protests against the Azerbaijani blockade intensified.", "ARM", "AZE", "141"),
    ("Bolivian riots against the Peruvian border closure continued.", "BOL", "PER", "145"),
    ("Serbian riots against Kosovo police continued on Monday.", "SRB", "XKXCOP", "145"),
    # protests with no named crowd are the place's
    ("Protests erupted in Minsk against the election result.", "BLROPP", None, "141"),
    ("Riots continued in Nairobi for a third day.", "KENOPP", None, "145"),
    ("Protests in Tbilisi intensified on Sunday.", "GEOOPP", None, "141"),
    # 152: forces put on alert (their own military is the target)
    ("Russia put its nuclear forces on high alert.", "RUS", "RUSMIL", "152"),
    ("Pakistan put its air force on alert.", "PAK", "PAKMIL", "152"),
]


@pytest.mark.parametrize(("sentence", "source", "target", "code"), CASES)
def test_codebook_entry_codes_sentences_of_our_own(
    coder: Coder, sentence: str, source: str, target: str | None, code: str
) -> None:
    events = coder.code(sentence, "2024-05-01")
    found = [(e.source.code, e.target.code if e.target else None, e.cameo) for e in events]
    assert (source, target, code) in found, (sentence, found)


@pytest.mark.parametrize(
    "sentence",
    [
        # exercises alone show force; only "with" a partner is cooperation
        "China staged exercises near the Taiwan Strait.",
        # leaving a place is no reduction of relations
        "Russia withdrew its troops from the city.",
    ],
)
def test_codebook_entries_keep_their_neighbours_codes(coder: Coder, sentence: str) -> None:
    codes = {e.cameo for e in coder.code(sentence, "2024-05-01")}
    assert codes and not codes & {"062", "160"}, (sentence, codes)


@pytest.mark.parametrize(
    "sentence",
    ["Rwanda took part in the peace talks.", "The rebels agreed to take part in the new assembly.", "Chad will take part in the summit."],
)
def test_taking_part_is_no_occupation(coder: Coder, sentence: str) -> None:
    assert all(e.cameo != "192" for e in coder.code(sentence, "2024-05-01", all_modalities=True))


@pytest.mark.parametrize(
    "sentence", ["Prices continued to rise in Minsk.", "The talks continued in Geneva.", "The storm intensified over Manila."]
)
def test_only_event_nouns_occur(coder: Coder, sentence: str) -> None:
    """A verb of occurring codes nothing of its own: only its event-noun subject does."""
    assert coder.code(sentence, "2024-05-01", all_modalities=True) == []
