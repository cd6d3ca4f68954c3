"""Who did it to whom (issue 7): each construction on sentences of our own.

Every case names the event a careful coder would record, by the countries of its
source and target (the first three letters of their codes; None: no target) and its
CAMEO code or the code's leading digits. A case the coder does not yet handle is
marked ``xfail(strict=True)``, so that it fails loudly once fixed (none is, today).
"""

from __future__ import annotations

import pytest

from detente.coder import Coder

# sentence, source country, target country, CAMEO code prefix
CASES = [
    # object pronouns: them = the diplomats, never the clause's own subject
    ("Poland detained three Belarusian border guards, accusing them of smuggling.", "POL", "BLR", "112"),
    ("Turkey arrested two Swedish journalists and charged them with espionage.", "TUR", "SWE", "173"),
    ("India summoned the Pakistani envoy and warned him against interference.", "IND", "PAK", "130"),
    ("Obama met Putin and thanked him.", "USA", "RUS", "013"),
    ("Japan summoned the Chinese ambassador and told him to stop the incursions.", "JPN", "CHN", "10"),
    # telling someone to do something demands it
    ("The US told Israel to halt the offensive.", "USA", "ISR", "1056"),
    ("Egypt told Hamas to release the hostages.", "EGY", "PSE", "1053"),
    # reactions: the target is the actor of the act answered
    ("Poland closed its border with Belarus, and Minsk vowed to respond.", "BLR", "POL", "13"),
    ("Lithuania banned Russian trucks; Moscow promised to retaliate.", "RUS", "LTU", "13"),
    ("Seoul accused Pyongyang of jamming signals, and North Korea denied the charge.", "PRK", "KOR", ""),
    ("Kenya criticised Uganda's new tariffs, and Kampala dismissed the criticism.", "UGA", "KEN", ""),
    ("Sweden lifted its arms embargo. Turkey welcomed the decision.", "TUR", "SWE", "051"),
    ("Chile raised its tariffs on copper. Peru condemned the move.", "PER", "CHL", "111"),
    ("Egypt closed the Rafah crossing, and Hamas promised to retaliate.", "PSE", "EGY", "13"),
    ("Norway recalled its ambassador. Russia criticised the decision.", "RUS", "NOR", "111"),
    ("Mali accused France of spying, and Paris rejected the accusation.", "FRA", "MLI", "016"),
    # event nouns: the agent or possessor of the object event is the target
    ("Australia condemned the nuclear test conducted by North Korea.", "AUS", "PRK", "111"),
    ("Japan denounced the missile launch carried out by Pyongyang.", "JPN", "PRK", "111"),
    ("France criticised the raid staged by Malian troops.", "FRA", "MLI", "111"),
    ("Chile praised the reforms adopted by Peru.", "CHL", "PER", "051"),
    ("Athens welcomed Ankara's decision to release the fishermen.", "GRC", "TUR", "051"),
    ("Egypt praised Qatar's mediation.", "EGY", "QAT", "051"),
    # a complaint is aimed at whose act it is about, not at the body it is made to
    ("Lebanon complained to the United Nations over two Israeli air raids.", "LBN", "ISR", "114"),
    ("Greece complained to the EU about Turkish incursions.", "GRC", "TUR", "114"),
    ("India complained to the UN about attacks by Pakistan.", "IND", "PAK", "114"),
    ("Chile protested to Peru about the arrest of its fishermen.", "CHL", "PER", "114"),
    ("Kenya criticised Uganda over Somali attacks.", "KEN", "UGA", "111"),
    # the party named inside an object owned by the subject, not the owner
    ("Greece reopened its border with Albania.", "GRC", "ALB", "0872"),
    ("Bahrain cut its ties with Qatar.", "BHR", "QAT", "161"),
    ("Morocco restored its diplomatic relations with Iran.", "MAR", "IRN", "054"),
    ("Jordan reopened its border to Syrian trucks.", "JOR", "SYR", "0872"),
    # "is opposed to": a participle read as an adjective keeps its active subject
    ("Hungary is opposed to new sanctions on Russia.", "HUN", "RUS", "110"),
    ("Chile is strongly opposed to the Bolivian proposal.", "CHL", "BOL", "110"),
    ("Turkey is opposed to Swedish membership of NATO.", "TUR", "SWE", "110"),
    # place phrases
    # a curfew, martial law or a protest is aimed at its place, in the doer's own country too
    ("Turkish authorities imposed a curfew in Diyarbakir.", "TUR", "TUR", "1723"),
    ("The Ethiopian army declared martial law in Mekelle.", "ETH", "ETH", "1724"),
    ("Hundreds of Kenyan teachers protested in Mombasa.", "KEN", "KEN", "14"),
    ("Sudan lifted the state of emergency in Khartoum.", "SDN", None, "0814"),
    ("Armenia deployed troops along its border with Azerbaijan.", "ARM", "AZE", "154"),
    # statements about a third party keep their target
    ("The IAEA said Iran had enriched uranium to 60 percent.", "IGO", "IRN", "01"),
    ("Chile said Peru had underreported its fish catch.", "CHL", "PER", "010"),
    ("Norway said Russia had tampered with the data.", "NOR", "RUS", "010"),
    # shared arguments: coordinated verbs share their object; purpose clauses the partner
    ("Russian troops surrounded and shelled a Ukrainian village.", "RUS", "UKR", "194"),
    ("Russian troops surrounded and shelled a Ukrainian village.", "RUS", "UKR", "191"),
    ("Iranian forces surrounded and seized a British tanker.", "IRN", "GBR", "191"),
    ("Iranian forces surrounded and seized a British tanker.", "IRN", "GBR", "171"),
    ("Qatar sent a delegation to Gaza to deliver aid.", "QAT", "PSE", "07"),
    ("Norway sent envoys to Kenya to offer aid.", "NOR", "KEN", "033"),
    ("Macron travelled to Berlin to discuss the budget.", "FRA", "DEU", "042"),
    # victim over venue
    ("An air strike killed a Hamas leader in Beirut.", "---", "PSE", "19"),
    ("Israel and Jordan met at the United Nations.", "ISR", "JOR", "04"),
    ("Israel and Jordan met at the United Nations.", "JOR", "ISR", "04"),
    ("Kenya and Ethiopia held talks in Addis Ababa on the dam.", "ETH", "KEN", "046"),
    ("Ghana and Togo signed a deal on trade.", "TGO", "GHA", "057"),
    # a partner named as the object or with "with" stays the partner
    ("Chile and Peru met Bolivia.", "PER", "BOL", "040"),
    ("Egypt and Sudan agreed to cooperate with Ethiopia.", "SDN", "ETH", "031"),
    # recipients of giving and offering; PPs after threats and actions
    ("Rwanda offered soldiers to the Mozambican government.", "RWA", "MOZ", "03"),
    ("Denmark sent aid to Sudan.", "DNK", "SDN", "07"),
    ("China threatened to take countermeasures against Lithuania.", "CHN", "LTU", "131"),
    ("China took countermeasures against Lithuania.", "CHN", "LTU", "160"),
    ("Iran warned it would take action against Azerbaijan.", "IRN", "AZE", "131"),
    # reciprocal acts: both directions
    ("Chile and Argentina signed a border treaty.", "CHL", "ARG", "057"),
    ("Chile and Argentina signed a border treaty.", "ARG", "CHL", "057"),
    ("Kenya and Ethiopia reached a consensus on the dam.", "KEN", "ETH", "030"),
    ("Chile and Peru reached an understanding on fishing.", "PER", "CHL", "030"),
    ("Peru and Bolivia agreed to reopen the border.", "BOL", "PER", "03"),
    ("Serbia and Kosovo met in Brussels.", "XKX", "SRB", "04"),
    # coordinated targets, also after an aside
    ("Ghana sent aid to Togo, Benin and Niger.", "GHA", "NER", "07"),
    ("The EU lifted sanctions on Cuba, Venezuela and, in part, Belarus.", "IGO", "VEN", "085"),
    ("The EU lifted sanctions on Cuba, Venezuela and, in part, Belarus.", "IGO", "BLR", "085"),
    ("Ghana sent aid to Togo and, later, Benin.", "GHA", "BEN", "07"),
    ("Ghana sent aid to Togo and, later, Benin.", "GHA", "TGO", "07"),
    ("The US eased restrictions on Iran, Syria and, with conditions, Cuba.", "USA", "CUB", "081"),
    ("Chile criticised Peru and, on Monday, Bolivia.", "CHL", "BOL", "111"),
    # demands inside statements are the speaker's
    ("Britain said Iran must release the detained sailors.", "GBR", "IRN", "105"),
    ("Washington said Caracas must hold free elections.", "USA", "VEN", "10"),
    # mediators: one source for the appeal and the offer
    ("Qatar urged both sides to stop the fighting and offered to mediate.", "QAT", None, "039"),
    # a wrapper over a complement the lexicon does not know keeps its own code
    ("The rebels agreed to take part in the new assembly.", "---", None, "030"),
    ("The minister warned that the army would no longer tolerate roadblocks.", "---", None, "130"),
    ("The governor warned that the police would break up any unauthorised march.", "---", None, "130"),
    ("The general warned that his troops would respond to any provocation.", "---", None, "13"),
    # a threat whose act the lexicon does not know is aimed where that act is aimed
    ("Venezuela threatened to take tough measures against Colombia.", "VEN", "COL", "130"),
    ("Iran threatened to deliver a crushing response to Israel.", "IRN", "ISR", "130"),
    ("Moscow warned it would take unspecified steps against Estonia.", "RUS", "EST", "130"),
    ("The rebels threatened to unleash a wave of violence against the Kenyan government.", "---", "KEN", "130"),
    # a threat is aimed at whoever must meet its condition
    ("Ankara threatened to retaliate unless Greece withdrew its ships.", "TUR", "GRC", "13"),
    ("Russia threatened to stop the negotiations if the United States goes ahead with the deployment.", "RUS", "USA", "13"),
    ("Serbia threatened to walk out if Kosovo kept its new customs rules.", "SRB", "XKX", "13"),
    # an intent coded alone is aimed where its uncoded act is
    ("The unions vowed to keep up the pressure on the government.", "---", "---", "030"),
    ("Chile promised to do more for Bolivia.", "CHL", "BOL", "03"),
    # the sides an act brings together are its targets
    ("Qatar launched a mediation effort between the Emirates and Saudi Arabia.", "QAT", "ARE", "045"),
    ("Qatar launched a mediation effort between the Emirates and Saudi Arabia.", "QAT", "SAU", "045"),
    ("Egypt brokered a truce between Israel and Hamas.", "EGY", "PSE", "045"),
    ("The Kenyan envoy undertook a mediation mission between Sudan and Chad.", "KEN", "TCD", "045"),
    ("Oman started a mediation initiative between Iran and Bahrain.", "OMN", "BHR", "045"),
    ("Ghana launched a mediation bid between the junta and the opposition.", "GHA", "---", "045"),
    ("The Swiss government offered to mediate between Armenia and Azerbaijan.", "CHE", "AZE", "039"),
    ("The Vatican hosted talks among the Colombian factions.", "VAT", "COL", "043"),
    # a demand made as a noun is addressed to whom it is given
    ("Peru has issued an ultimatum to Ecuador to halt attacks across the border.", "PER", "ECU", "139"),
    # an ultimatum, as a noun or as a deadline given, is 139 whatever it demands
    ("The junta issued an ultimatum to the rebels to surrender their weapons.", "---", "---", "139"),
    ("NATO issued an ultimatum to the Serbs to withdraw their artillery.", "IGO", "SRB", "139"),
    ("The Malian army gave the Tuareg rebels until Friday to surrender.", "MLI", "---", "139"),
    ("The court granted the Kenyan government until May to reply.", "---", "KEN", "139"),
    ("Washington issued a call to the warring parties to observe the ceasefire.", "USA", "---", "02"),
    # demands and orders by institutions
    ("The Kenyan parliament demanded an explanation from the interior minister.", "KEN", "---", "101"),
    ("A Brazilian judge ordered the former president to testify.", "BRA", "---", "10"),
]


def _by_country(coder: Coder, sentence: str) -> list[tuple[str, str | None, str]]:
    """(source country, target country or None, CAMEO code) of each factual event."""
    return [
        (e.source.code[:3], e.target.code[:3] if e.target and e.target.code else None, e.cameo)
        for e in coder.code(sentence, "2024-05-01")
    ]


@pytest.mark.parametrize(("sentence", "source", "target", "code"), CASES)
def test_construction_gives_the_pair_a_coder_would_record(
    coder: Coder, sentence: str, source: str, target: str | None, code: str
) -> None:
    found = _by_country(coder, sentence)
    assert any(s == source and t == target and c.startswith(code) for s, t, c in found), (sentence, found)


@pytest.mark.parametrize(
    ("sentence", "source", "target"),
    [
        # coreference never makes an event's target its own source
        ("Poland detained three Belarusian border guards, accusing them of smuggling.", "POL", "POL"),
        ("Lithuania banned Russian trucks; Moscow promised to retaliate.", "RUS", "RUS"),
        ("Chile banned Peruvian boats; Lima vowed to respond.", "PER", "PER"),
        # a country acting in its own capital does not act on itself
        ("Sudan lifted the state of emergency in Khartoum.", "SDN", "SDN"),
        # a venue is no target
        ("Israel and Jordan met at the United Nations.", "ISR", "IGO"),
        # an attribution is no accusation against the reported clause's subject
        ("Rebels shelled the town, the military said.", "---", "---"),
        # a name after an aside joins the objects, never the subjects
        ("Chile criticised Peru and, on Monday, Bolivia.", "BOL", "PER"),
    ],
)
def test_construction_never_gives_this_pair(coder: Coder, sentence: str, source: str, target: str) -> None:
    found = _by_country(coder, sentence)
    assert not any(s == source and t == target for s, t, _ in found), (sentence, found)


@pytest.mark.parametrize(
    "sentence",
    ["The minister told reporters that Chile would reopen the border.", "He told Reuters the talks had failed."],
)
def test_telling_that_is_no_demand(coder: Coder, sentence: str) -> None:
    assert all(not e.cameo.startswith("10") for e in coder.code(sentence, "2024-05-01", all_modalities=True))
