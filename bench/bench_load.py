"""Benchmark: 20 concurrent app sessions for 60 s against a single session (same run).

See ``bench/load_app.py`` for the method. Value: the p50/p95 page-run latency under load;
baseline: the same figure for one session alone on the same server. The goal (issue 9) is no
errors and p95 under 2 s on a 2-core machine.

Environment: ``GVC_LOAD_SESSIONS`` (default 20), ``GVC_LOAD_SECONDS`` (60),
``GVC_LOAD_BASELINE_SECONDS`` (30), ``GVC_LOAD_THINK`` (mean pause between a session's page
runs, default 0: a closed-loop stress test), ``GVC_LOAD_WORKERS`` (``gvc app --workers``; default
as ``gvc app``: one per core, at most 4).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Measure, benchmark
from load_app import TARGET_P95_S, run


@benchmark("app_load")
def app_load() -> list[Measure]:
    """p50/p95 latency and errors of N concurrent sessions vs one session."""
    sessions = int(os.environ.get("GVC_LOAD_SESSIONS", "20"))
    seconds = float(os.environ.get("GVC_LOAD_SECONDS", "60"))
    base_s = float(os.environ.get("GVC_LOAD_BASELINE_SECONDS", "30"))
    think = float(os.environ.get("GVC_LOAD_THINK", "0"))
    workers = int(os.environ.get("GVC_LOAD_WORKERS", "0")) or None
    out = run(sessions, seconds, base_s, think=think, workers=workers)
    load, base = out["load"], out["baseline"]
    note = (
        f"{sessions} websocket sessions x {seconds:.0f} s, {out['workers']} app workers, "
        f"{load['runs']} page runs; "
        f"target p95 < {TARGET_P95_S} s and 0 errors: "
        f"{'met' if out['meets_target'] else 'NOT met'}"
    )
    return [
        Measure("app_load_p50", load["p50_s"], base["p50_s"], "s", note, "1 session p50"),
        Measure("app_load_p95", load["p95_s"], base["p95_s"], "s", note, "1 session p95"),
        Measure(
            "app_load_throughput",
            load["runs_per_s"],
            base["runs_per_s"],
            "runs/s",
            "page runs per second, all sessions",
            "1 session",
        ),
        Measure(
            "app_load_errors",
            float(load["errors"]),
            float(base["errors"]),
            "errors",
            "; ".join(load["error_samples"][:2]),
            "1 session errors",
        ),
    ]


if __name__ == "__main__":
    for m in app_load():
        print(f"{m.name}: {m.value:.3f} {m.unit} (baseline {m.baseline:.3f}) {m.note}")
