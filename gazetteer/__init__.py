"""The gazetteer's matching core: pure Python, no Django.

Fed plain ``GazetteerRecord``s, it normalises Persian address text, parses loose operator queries
(``خ ولیعصر نرسیده به م ونک ک نیلوفر``) into typed, related parts, fuzzy-matches them against an
in-memory n-gram index, resolves multi-part addresses hierarchically and geometrically, and answers
"what is near this point".  The database bridge lives in ``addresses/``.

Public API::

    from gazetteer import Gazetteer, GazetteerRecord, ReverseGeocoder, parse_query, normalize
    gz = Gazetteer(records)
    gz.suggest("میدون انقلاب", limit=10, region=None) -> list[Suggestion]
    ReverseGeocoder(records).nearest(lon, lat, k=5) -> list[ReverseHit]
"""

from gazetteer.index import GazetteerIndex
from gazetteer.matcher import DistrictAlternative, Gazetteer, MatchedPart, Suggestion
from gazetteer.normalize import canonical_tokens, compact_key, fold, normalize
from gazetteer.parse import ParsedQuery, QueryPart, parse_query
from gazetteer.records import GazetteerRecord, record_label
from gazetteer.reverse import ReverseGeocoder, ReverseHit

__all__ = [
    "DistrictAlternative",
    "Gazetteer",
    "GazetteerIndex",
    "GazetteerRecord",
    "MatchedPart",
    "ParsedQuery",
    "QueryPart",
    "ReverseGeocoder",
    "ReverseHit",
    "Suggestion",
    "canonical_tokens",
    "compact_key",
    "fold",
    "normalize",
    "parse_query",
    "record_label",
]
