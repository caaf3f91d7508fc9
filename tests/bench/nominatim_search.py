"""Runs inside Nominatim's own virtual environment (var/nominatim/venv), not the project's: searches each query of
a JSON list read from stdin with nominatim-api's Python search and prints a JSON list of [lon, lat, ms] (lon and
lat null when Nominatim found nothing).

    var/nominatim/venv/bin/python tests/bench/nominatim_search.py PROJECT_DIR < queries.json
"""

import json
import sys
import time

import nominatim_api


def main() -> int:
    queries = json.load(sys.stdin)
    api = nominatim_api.NominatimAPI(sys.argv[1])
    out = []
    try:
        for query in queries[:10]:  # warm-up: the first search loads the tokenizer and opens the pool
            api.search(query, max_results=1)
        for query in queries:
            started = time.perf_counter()
            results = api.search(query, max_results=1)
            ms = (time.perf_counter() - started) * 1000
            if results:
                out.append([results[0].centroid.x, results[0].centroid.y, ms])
            else:
                out.append([None, None, ms])
    finally:
        api.close()
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
