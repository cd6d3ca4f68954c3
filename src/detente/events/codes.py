"""The CAMEO codes, code roots and actor sectors that the extraction singles out.

These are policy on the ontology, not words of the text, so they are code rather than
rows of data/word_classes.tsv. A root is a code's first two digits.
"""

from __future__ import annotations

# Violence: unconventional and military force, mass violence.
VIOLENCE_ROOTS = frozenset({"18", "19", "20"})
# Violence with a known victim is coded even when the doer is unknown.
UNKNOWN_SOURCE_ROOTS = VIOLENCE_ROOTS
# "government forces", "security forces": accusable even when no country is named.
STATE_FORCE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY"})
HOST_CODE, VISIT_CODE = "043", "042"
THIRD_PLACE_MEETING = "044"
RIOT_CODE = "145"
# Saying another used force (roots 18-20) is an accusation (112).
ACCUSABLE_ROOTS = VIOLENCE_ROOTS
ACCUSATION_CODE = "112"
# Roots where an event with no named target is aimed at the place it happens.
PLACE_TARGET_ROOTS = frozenset({"04", "08", "14", "15", "17", "18", "19", "20"})
# Roots whose object noun is the thing given or moved (troops, weapons), not a party.
GIVEN_THING_ROOTS = frozenset({"07", "15"})
# Sectors of non-state armed or civil actors, local to where they act.
LOCAL_SECTORS = frozenset({"REB", "OPP", "CVL", "CRM", "INS", "COP", "JUD"})
# Forces of order, of the same country as the crowd they face.
POLICE_SECTORS = frozenset({"COP"})
# Roots where sector-only actors take the country of the event's place.
PLACED_ROOTS = VIOLENCE_ROOTS | {"17"}
# Codes outside those roots that aim at a place: sympathy "for the shootings in South Carolina".
PLACE_TARGET_CODES = frozenset({"015", "018"})
# Roots where coordinated subjects with no object act with each other.
JOINT_ROOTS = frozenset({"03", "04", "05", "06", "19"})
