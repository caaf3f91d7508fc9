"""The issue's accuracy targets on the labelled set, through the product path: demo city in PostGIS → bridge →
the in-memory gazetteer."""

import pytest

from addresses.bridge import gazetteer_current
from demo.city import demo_city_load
from tests.addresses.gazetteer_eval import load_cases, report, score

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_it_has_at_least_400_noisy_labelled_queries_of_every_kind():
    cases = load_cases()
    assert len(cases) >= 400 and len({c.query for c in cases}) == len(cases)
    assert {c.kind for c in cases} >= {"landmark", "metro", "square", "street", "alley", "intersection"}
    noise = {op for c in cases for op in c.noise.split(",")}
    assert noise >= {"abbreviation", "colloquial", "arabic-letters", "missing-space", "zwnj", "typo",
                     "honorific-dropped", "relation", "plaque"}


def test_it_reaches_the_issue_accuracy_on_the_labelled_set():
    demo_city_load()
    gazetteer = gazetteer_current().gazetteer

    def top1(query):
        results = gazetteer.suggest(query, limit=1)
        return (results[0].region_no, results[0].district_code, results[0].lon, results[0].lat) if results else None

    scores = score(top1)
    print(report(scores))
    assert scores.overall.share("region") >= 0.97, report(scores)
    assert scores.overall.share("district") >= 0.90, report(scores)
