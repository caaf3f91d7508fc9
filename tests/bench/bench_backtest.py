"""The duplicate backtest (issue 11): NYC's 311 calls of 2013-12-25 replayed in time order into <bench db>_backtest,
each checked against what was open at its moment; a call is a repeat when an earlier open call has the same
complaint type at the same address. F1 and top-1 hit rate of our detector beside FixMyStreet's rule (fms_250m) and
the naive rule (naive_50m), as recorded and with every pin moved by up to 30 m (--jitter 30, seed 0).

One record per peer: `duplicates.backtest_f1` (and `_jitter30`, `duplicates.backtest_top1`, `_jitter30`) appears
twice, once with peer fms_250m and once with naive_50m, both from the same replay."""

import os
from pathlib import Path

DATASET = "nyc311-2013-12-25"
DEFAULT_FILE = Path(__file__).resolve().parents[3] / "shared" / "data" / "311" / "nyc311_2013-12-25_oneday.csv"
PEERS = ("fms_250m", "naive_50m")
JITTER_M = 30


def run(ctx) -> None:
    from matching.backtest.replay import backtest_run

    path = Path(os.environ.get("BACKTEST_NYC_FILE", DEFAULT_FILE))
    if not path.exists():
        print(f"   skipped: {path} not found (set BACKTEST_NYC_FILE)", flush=True)
        return
    for suffix, jitter in (("", 0), (f"_jitter{JITTER_M}", JITTER_M)):
        report = backtest_run(path, file_format="nyc311", jitter_m=jitter, seed=0)
        scores = report["detectors"]
        ours = scores["ours"]
        note = (f"{report['calls']} calls, {report['repeats']} repeats; ours p50/p95 {ours['p50_ms']:.2f}/"
                f"{ours['p95_ms']:.2f} ms per check; jitter {jitter} m seed 0")
        for figure, key in (("backtest_f1", "f1"), ("backtest_top1", "top1")):
            for peer in PEERS:
                ctx.record(f"duplicates.{figure}{suffix}", ours[key] or 0.0, "share", n=report["calls"], peer=peer,
                           peer_value=scores[peer][key], dataset=DATASET, note=note)
