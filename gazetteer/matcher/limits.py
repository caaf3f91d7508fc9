"""The matcher's tuning: how many candidates, how wide the beam, which bonuses and penalties."""

from __future__ import annotations

from gazetteer import scorer
from gazetteer.index import KIND_CODES
from gazetteer.records import LINEAR_KINDS

LINEAR_CODES = frozenset(KIND_CODES[k] for k in LINEAR_KINDS)
STREETISH_CODES = frozenset(KIND_CODES[k] for k in scorer.STREETISH)
# the kinds a typed part agrees with (scorer.kind_adjustment does not contradict them)
KIND_FAMILY_CODES: dict[str, frozenset[int]] = {
    kind: (STREETISH_CODES if kind in scorer.STREETISH else frozenset({KIND_CODES[kind]})) for kind in KIND_CODES
}

CANDIDATE_LIMIT = 80  # distinct names taken from the n-gram counts per part
NEAR_MISS_LIMIT = 24  # ... when the name also exists exactly as typed
NEAR_MISS_BUDGET = 4_000  # posting ids counted in that case
EXACT_CAP = 150  # records kept per name when a name is very common
PART_WIDTH = 6  # distinct streets/places kept per part in multi-part queries
BEAM_WIDTH = 12
BEAM_OPTIONS = 10  # candidates per part tried by the beam
MAX_ALTERNATIVES = 4
MAX_NAMESAKES_SHOWN = 6  # places of the same name in other regions shown with a suggestion
FAR_M = 2500.0  # beyond this bounding-box gap, exact geometry is not computed
CONTAINER_FANOUT = 6  # candidate streets whose alleys are examined
NEAR_FANOUT = 3
MAX_NEAR_PROBES = 80  # exactly named places probed for namesakes of the neighbouring part
MAX_EXACT_CONTAINERS = 400  # streets sharing an exact name examined for an exactly named alley
NEAR_RADIUS_M = 500.0
ALTERNATIVE_MARGIN = 3.0
ALIAS_PENALTY = 1.0
SEGMENT_PENALTY = 4.0  # a piece of a name ("صادقیه" of "تهران (صادقیه)") ranks below whole names
SPLIT_PENALTY = 4.0
# a record marked synthetic (the demo's generated streets) ranks this far below a real one of equal name match:
# a tie-break, less than one typo (a real city's own data carries no such mark)
SYNTHETIC_PENALTY = 1.0
TYPE_WORD_LEFT_OUT = 0.5  # an untyped part matching a name only without its type word (a tie-break)
OUTSIDE_PENALTY = 1.0  # the same for a place outside every region of the city, at equal name match
# What a part left unmatched adds to a reading's part scores: a weak or far-fetched record for a trailing or
# secondary part (ساختمان سبز after an exact landmark, a namesake 9 km from the other part) must not beat leaving
# that part out.
UNMATCHED_PART_SCORE = 60.0
WHOLE_NAME_FLOOR = 94.0  # the whole query matches one record's name this well (one slip at most) ...
WHOLE_NAME_BONUS = 8.0  # ... and ranks this much above its own score
# a pairing's proximity bonus counts in full only for a part matched this well; it fades to nothing at
# scorer.MIN_NAME_SCORE (a 64 % fuzzy match beside the named street is no evidence)
GOOD_PART_SCORE = 88.0
ADJACENT_M = 150.0  # a street passing farther than this from the place it is beside gives way to that place's point
CROSSING_SEARCH_M = 300.0  # segments of a street this near the other place are searched for the meeting point
NEAR_NAMES = 3  # with no exact name, the closest names whose places count as namesakes ...
NEAR_NAME_FLOOR = 85.0  # ... if they score at least this
NEAR_NAME_MARGIN = 6.0  # ... and within this of the best
