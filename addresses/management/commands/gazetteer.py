"""`python manage.py gazetteer suggest [--limit N] [--json] [--input FILE] [QUERY …]` and
`python manage.py gazetteer reverse LON LAT`.

With --json, suggest prints one JSON object per query per line:
{"query": …, "ms": …, "results": [{"label", "kind", "region": {"number", "name"}, "district": {"code", "name"},
"lon", "lat", "score", "synthetic"}]}. --input reads one query per line ("-" for standard input), so thousands
of queries run in one process against one index.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from addresses import lookup
from addresses.bridge import gazetteer_current


class Command(BaseCommand):
    help = "Look addresses up in the gazetteer: suggest places for loose Persian text, or reverse-geocode a point."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        suggest = sub.add_parser("suggest", help="suggest places for address fragments")
        suggest.add_argument("queries", nargs="*", metavar="QUERY")
        suggest.add_argument("--limit", type=int, default=5, help="results per query (1–50, default 5)")
        suggest.add_argument("--region", type=int, default=None, help="prefer this region's places")
        suggest.add_argument("--json", action="store_true", help="one JSON object per query per line")
        suggest.add_argument("--input", metavar="FILE", help='read one query per line from FILE ("-" = stdin)')
        reverse = sub.add_parser("reverse", help="nearest street/landmark, region and district of a point")
        reverse.add_argument("lon", type=float)
        reverse.add_argument("lat", type=float)
        reverse.add_argument("--json", action="store_true", help="print JSON (default: readable text)")

    def handle(self, *args, **options):
        if options["action"] == "suggest":
            return self.suggest(options)
        return self.reverse(options)

    def _queries(self, options):
        yield from options["queries"]
        path = options.get("input")
        if path:
            try:
                handle = sys.stdin if path == "-" else open(path, encoding="utf-8")
            except OSError as error:
                raise CommandError(f"cannot read {path}: {error.strerror}") from error
            with handle:
                for line in handle:
                    line = line.strip()
                    if line:
                        yield line

    def suggest(self, options):
        limit = options["limit"]
        if not 1 <= limit <= lookup.MAX_LIMIT:
            raise CommandError(f"--limit must be between 1 and {lookup.MAX_LIMIT}")
        if not options["queries"] and not options.get("input"):
            raise CommandError("give at least one QUERY or --input FILE")
        cached = gazetteer_current()
        if not options["json"]:
            self.stderr.write(f"gazetteer: {cached.record_count} records (built in {cached.build_ms:.0f} ms)")
        for query in self._queries(options):
            answer = lookup.address_suggest(query=query, limit=limit, region=options["region"])
            if options["json"]:
                self.stdout.write(json.dumps(lookup.answer_json(answer), ensure_ascii=False))
                continue
            self.stdout.write(f"{query}   ({answer.ms:.1f} ms)")
            if not answer.suggestions:
                self.stdout.write("   —")
            for s in answer.suggestions:
                where = f"منطقه {s.region_no or '?'} / ناحیه {s.district_code or '?'}"
                flag = "  [synthetic]" if s.synthetic else ""
                self.stdout.write(f"   {s.score:5.1f}  {s.label}  ({s.kind}; {where}; {s.lon:.5f},{s.lat:.5f}){flag}")

    def reverse(self, options):
        lon, lat = options["lon"], options["lat"]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise CommandError("LON must be within -180..180 and LAT within -90..90")
        result = lookup.address_reverse(lon=lon, lat=lat)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(result["label"] or "—")
        self.stdout.write(f"region {result['region']['number']} {result['region']['name']}; "
                          f"district {result['district']['code']} {result['district']['name']}; "
                          f"neighbourhood {result['neighbourhood']['name']}")
        for key in ("street", "landmark"):
            near = result[key]
            if near:
                self.stdout.write(f"{key}: {near['name']} ({near['distance_m']:.0f} m)")
