"""Fuzzy address matching: ``Gazetteer(records).suggest(query)``.

How a query is resolved
    1. ``parse_query`` splits it into typed parts linked by relations.
    2. Each part gets candidate records: n-gram candidates from the index scored with rapidfuzz (see
       ``scorer``), plus the kind bonus (``م`` + name prefers a square, ``مترو`` a station, ``بیمارستان``
       a hospital) and the optional region boost; the alleys of the candidate streets and, when a name
       is shared by very many places, the namesakes near the other parts' candidates are added.
    3. A beam search assigns one candidate (or nothing) to each part and rewards consistent readings:
       an alley whose parent is the named street, a street passing near the named square, two streets
       that really cross for ``تقاطع A و B``.  Distances are metres between points and polylines.
    4. Readings that differ only by the district segment of the same street are merged; when their
       scores are close the other districts are kept as ``alternatives``.
    5. A point worked out from two places (the crossing of two streets, the point of a street nearest
       the named square) is placed in the district whose boundary covers it, when the district records
       carry their ``area`` (see ``areas``); the matched segment's own district otherwise.

The query is read with the index's ``Lexicon`` (``parse``): type and relation words fused to the next
word are split off, and a ``و`` or type word inside a known name stays in it.  With no exact name, the
places of the closest names (a typo) stand in as namesakes, so a misspelt common street still pairs
with its alley anywhere in the city.

Modules: ``candidates`` (step 2), ``namesakes`` (the places found through the other parts), ``beam``
(step 3), ``assembly`` (steps 4–5), ``core`` (``Gazetteer`` itself), ``results`` (what is returned),
``limits`` (the tuning constants), ``housenumbers`` ("Mannerheimintie 12 A": a Latin-script street and house
number, placed on the address points the gazetteer is given).

Scores are on a 0–100 scale: the mean of the parts' scores (an unmatched part counts 0), plus the
consistency bonus (at most +12, at worst −40), clamped to 0–100.
"""

from gazetteer.matcher.core import Gazetteer
from gazetteer.matcher.results import DistrictAlternative, MatchedPart, Suggestion

__all__ = ["DistrictAlternative", "Gazetteer", "MatchedPart", "Suggestion"]
