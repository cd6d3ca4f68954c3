"""The CAMEO code roots the extraction treats alike: structure of the ontology.

A root is a code's first two digits. These sets say which kinds of event a rule applies
to (violence, coercion, meetings ...); they are categories of the CAMEO codebook rather
than choices of one code, so they stay code. The codes the rules choose in a situation
(an accusation is 112, protesters' coercion is rioting, 145) are data: the code
policies of data/code_policies.tsv (policies.py). The classes of actor sector the rules
single out (state forces, local actors, the police) are columns of the sector table,
data/sector_codes.tsv (actors/kb.py, SectorCodes).
"""

from __future__ import annotations

# Violence: unconventional and military force, mass violence.
VIOLENCE_ROOTS = frozenset({"18", "19", "20"})
# Violence with a known victim is coded even when the doer is unknown.
UNKNOWN_SOURCE_ROOTS = VIOLENCE_ROOTS
# Saying another used force (roots 18-20) is an accusation (the code policy "accusation").
ACCUSABLE_ROOTS = VIOLENCE_ROOTS
# Roots where an event with no named target is aimed at the place it happens.
PLACE_TARGET_ROOTS = frozenset({"04", "08", "14", "15", "16", "17", "18", "19", "20"})
# Of those, the roots of acts aimed at the place even in the doer's own country: a curfew
# or a protest in Algiers is aimed at Algeria, whoever imposes or holds it.
DOMESTIC_PLACE_ROOTS = frozenset({"08", "14", "17"})
# Roots whose object noun is the thing given or moved (troops, weapons), not a party.
GIVEN_THING_ROOTS = frozenset({"07", "15"})
# Roots of taking people or things away (yielding, 08; reducing relations, 16): the place
# or party they are taken from is the target, "withdrew its engineers from Somalia".
REMOVAL_ROOTS = frozenset({"08", "16"})
# Roots where an embassy or consulate as the object is aimed at its host country:
# "opened an embassy in Tehran" (cooperation, 05), "closed its consulate in Basra" (16).
EMBASSY_ROOTS = frozenset({"05", "16"})
# Roots of acts only a state's authorities do to people in their power (investigating, 09;
# coercing, 17): done in the passive with no doer named, they are the authorities' of the
# place, "was arrested in Lebanon", "were put under investigation in Italy".
AUTHORITY_ROOTS = frozenset({"09", "17"})
# Roots where sector-only actors take the country of the event's place.
PLACED_ROOTS = VIOLENCE_ROOTS | {"17"}
# Codes outside those roots that aim at a place: sympathy "for the shootings in South Carolina".
PLACE_TARGET_CODES = frozenset({"015", "018"})
# Protest: an unnamed crowd protesting in a place is that place's (extract.py).
PROTEST_ROOTS = frozenset({"14"})
# Acts that say what a protest wants or is against: an appeal (02), a demand (10), a
# complaint (11), a rejection (12), a protest (14). A protest that names no target is
# aimed at whom its purpose clause of such an act names: "marched to demand the
# resignation of X", "rallied, calling for the removal of X".
AIM_ROOTS = frozenset({"02", "10", "11", "12", "14"})
# Roots where coordinated subjects with no object act with each other.
JOINT_ROOTS = frozenset({"03", "04", "05", "06", "19"})
