"""The entries verbs.tsv gained after the first evaluation, each checked on sentences of
our own with other words and other actors than the benchmark sentence that prompted it,
so that an entry kept there stands for a construction, not for one sentence."""

from __future__ import annotations

import pytest

from detente.coder import Coder

CASES = [
    # a fight named as the object: engage X in a gunfight / in fighting
    ("Mexican police engaged the gang in a gunfight near the border.", "MEX", "193"),
    ("Egyptian troops engaged the militants in fierce fighting.", "EGY", "190"),
    # letting people come home
    ("Hungary allowed the return of Afghan refugees.", "HUN", "084"),
    # pulling one's own staff out
    ("Australia evacuated its embassy in Kabul.", "AUS", "161"),
    # receiving from someone: the giver is the source
    ("Nepal received support from India.", "IND", "070"),
    ("Greece received investment from China.", "CHN", "071"),
    ("Laos received assurances from Vietnam.", "VNM", "030"),
    # a travel warning
    ("Canada warned against travel to Haiti.", "CAN", "160"),
    # facing someone's pressure, criticism, threats
    ("Serbia faces pressure from the European Union.", "IGO", "100"),
    ("Bolivia came under criticism from Peru.", "PER", "111"),
    ("Cuba faces threats from the United States.", "USA", "130"),
    # sharing know-how
    ("Israel shared its technology with Kenya.", "ISR", "064"),
    # lifting or shortening restrictions
    ("The governor shortened the curfew.", "---", "0813"),
    # completing a pull-out
    ("Russia completed its withdrawal from Kherson.", "RUS", "0874"),
    # sending inspectors
    ("Turkey dispatched inspectors to Cyprus.", "TUR", "090"),
    # keeping up a protest or a fight
    ("Farmers continued their protests in Paris.", "FRA", "141"),  # the place of their clause
    ("Rebels continued their attacks on Goma.", "---", "190"),
    # a blockade imposed again
    ("Israel reimposed the blockade on Gaza.", "ISR", "191"),
    # mistreating people in one's power
    ("Guards abused the prisoners in the camp.", "---", "182"),
    # cutting off news
    ("Iran imposed a blackout on the internet.", "IRN", "1721"),
    # withdrawing forces from a place: the place is the target
    ("Ethiopia withdrew its troops from Somalia.", "ETH", "0874"),
    # instituting a curfew or martial law
    ("The Peruvian government instituted a curfew in Cusco.", "PER", "1723"),
    ("Thailand's army instituted martial law across the south.", "THA", "1724"),
    ("Sri Lanka instituted a state of emergency after the riots.", "LKA", "1724"),
]


@pytest.mark.parametrize(("sentence", "country", "code"), CASES)
def test_addition_codes_sentences_of_our_own(coder: Coder, sentence: str, country: str, code: str) -> None:
    events = coder.code(sentence, "2024-05-01")
    assert events, sentence
    first = events[0]
    assert (first.source.code[:3], first.cameo) == (country, code)
    assert first.rule.startswith("verbs.tsv:")
