"""The gazetteer on the real-source yardstick (real Tehran landmarks, metro station names and the stations' real
address lines, noised apart from the gazetteer, namesakes kept), through the product path — demo city in PostGIS →
bridge → the in-memory gazetteer — beside the simplest rival on the same tables in the same run: a pg_trgm KNN
(`ORDER BY name <-> query LIMIT 5`) over every street and landmark name and alias."""

import pytest
from django.db import connection

from addresses.bridge import gazetteer_current
from demo.city import demo_city_load
from tests.addresses.real_eval import (
    SOURCES,
    gazetteer_lookup,
    load_real_cases,
    real_report,
    score_real,
    trgm_lookup,
    trgm_table_build,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_it_has_real_queries_of_every_source_with_independent_noise_and_namesakes_kept():
    cases = load_real_cases()
    assert len(cases) >= 700 and len({c.query for c in cases}) == len(cases)
    by_source = {s: sum(c.source == s for c in cases) for s in SOURCES}
    assert by_source["landmark"] >= 400 and by_source["metro"] >= 130 and by_source["address_line"] >= 130
    noise = {op for c in cases for op in c.noise}
    assert noise >= {"typo-adjacent", "typo-drop", "typo-double", "typo-swap", "suffix-building", "arabic-letters",
                     "space-missing", "space-extra", "zwnj", "colloquial", "type-typo", "relation", "punctuation",
                     "digits-arabic", "digits-ascii", "address-truncated", "address-reordered"}
    assert sum(c.ambiguous for c in cases) >= 20  # names several places share are kept, not dropped


def test_it_beats_a_trigram_search_over_the_same_tables_for_every_source_kind():
    demo_city_load()
    gazetteer = gazetteer_current().gazetteer
    cases = load_real_cases()
    with connection.cursor() as cursor:
        trgm_table_build(cursor)
        theirs = score_real(trgm_lookup(cursor), cases)
    mine = score_real(gazetteer_lookup(gazetteer), cases)
    table = real_report(mine, theirs)
    print(table)
    for figure in ("region", "district", "within", "top5_region"):
        assert mine.overall.share(figure) > theirs.overall.share(figure), table
    for source in SOURCES:
        # top-1 region and top-5 region: never below the trigram search, on any source kind
        assert mine.by_source[source].share("region") >= theirs.by_source[source].share("region"), (source, table)
        assert mine.by_source[source].share("top5_region") >= theirs.by_source[source].share("top5_region") - 0.01, \
            (source, table)
    assert mine.by_source["landmark"].share("region") >= 0.94, table
    assert mine.by_source["metro"].share("region") >= 0.94, table
    assert mine.by_source["address_line"].share("region") >= 0.60, table
    assert mine.overall.share("top5_region") >= 0.94, table
    assert mine.overall.share("alternatives_shown") >= 0.97, table  # every namesake's region is shown
