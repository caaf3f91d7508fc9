import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.addresses.small_city import build_small_city

pytestmark = pytest.mark.django_db

RESULT_KEYS = {"label", "kind", "region", "district", "lon", "lat", "score", "synthetic"}


@pytest.fixture
def city():
    return build_small_city()


def run(*args) -> list[str]:
    out = StringIO()
    call_command("gazetteer", *args, stdout=out, stderr=StringIO())
    return [line for line in out.getvalue().splitlines() if line]


def test_it_prints_one_json_line_per_query_with_the_issue_fields(city):
    lines = run("suggest", "--json", "--limit", "2", "میدون ونک", "خ ولیعصر ک نیلوفر")
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["query"] == "میدون ونک" and isinstance(first["ms"], float)
    assert set(first["results"][0]) == RESULT_KEYS and len(first["results"]) <= 2
    assert first["results"][0]["label"] == "میدان ونک"
    assert first["results"][0]["region"] == {"number": 1, "name": "منطقه ۱"}
    assert second["results"][0]["district"] == {"code": "1-2", "name": "ناحیه ۲ منطقه ۱"}
    assert second["results"][0]["synthetic"] is True


def test_it_reads_many_queries_from_an_input_file(city, tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_text("مترو قلهک\n\nپهلوی\nبيمارستان رجايي\n", encoding="utf-8")
    lines = [json.loads(line) for line in run("suggest", "--json", "--input", str(queries))]
    assert [line["query"] for line in lines] == ["مترو قلهک", "پهلوی", "بيمارستان رجايي"]
    assert [line["results"][0]["label"] for line in lines] == [
        "ایستگاه مترو قلهک", "خیابان ولیعصر", "بیمارستان شهید رجایی"]


def test_it_prints_readable_text_without_json(city):
    lines = run("suggest", "م ونک")
    assert lines[0].startswith("م ونک") and "میدان ونک" in lines[1] and "1-1" in lines[1]


def test_it_reverse_geocodes_a_point(city):
    (line,) = run("reverse", "51.44", "35.7203", "--json")
    result = json.loads(line)
    assert result["street"]["name"] == "خیابان ولیعصر" and result["district"]["code"] == "1-2"


def test_it_refuses_a_bad_limit_or_no_query(city):
    with pytest.raises(CommandError, match="limit"):
        run("suggest", "--limit", "0", "ونک")
    with pytest.raises(CommandError, match="QUERY"):
        run("suggest")
    with pytest.raises(CommandError, match="cannot read"):
        run("suggest", "--input", "/nonexistent/queries.txt")
