"""Benchmark: MSE cluster opportunities and registry validation.

Real data: a database built from ``data/`` into a temporary folder (not timed). Figures:

* one cluster's opportunities with the country context already built (what the app pays per
  click), for a West Java batik cluster (made products known) and a BPS IMK province (activity
  products), against ``con.growth_opportunities("IDN", 2016)`` (the Atlas-style country ranking,
  cached) as the baseline of an interactive ranking;
* building the country context once per process (complexity frame, product space, WIOD links,
  requirements) against reading the cached complexity frame alone;
* validating a synthetic registry of 2,000 clusters (seeded, labelled synthetic) against a bare
  ``pandas.read_csv`` of the same bytes.

Run directly: ``.venv/bin/python bench/bench_clusters.py`` or through ``bench/run.py``.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Measure, benchmark, timed  # noqa: E402

import gvc  # noqa: E402
from gvc import clusters_registry as reg  # noqa: E402
from gvc import opportunities as opp  # noqa: E402


def synthetic_registry(n: int, seed: int = 7) -> bytes:
    """Return a SYNTHETIC registry CSV of ``n`` clusters (random but valid values)."""
    rng = np.random.default_rng(seed)
    kbli = ["1079", "1410", "1313", "1629", "3100", "1071"]
    hs = ["2106", "6205", "5208", "4420", "9403", "1905"]
    rows = []
    for i in range(n):
        k = int(rng.integers(len(kbli)))
        micro, small = (int(v) for v in rng.integers(1, 500, 2))
        rows.append(
            {
                "cluster_id": f"synthetic-{i}",
                "name": f"SYNTHETIC cluster {i}",
                "province": "JAWA BARAT",
                "kbli": kbli[k],
                "hs_products": hs[k],
                "size_basis": "workers",
                "firms_micro": micro,
                "firms_small": small,
                "workers": micro * 2 + small * 8,
                "share_credit": round(float(rng.random()), 3),
                "share_internet": round(float(rng.random()), 3),
                "certifications": "HALAL;SNI",
                "notes": "synthetic benchmark data",
            }
        )
    return pd.DataFrame(rows).to_csv(index=False).encode()


@benchmark("clusters")
def bench_clusters() -> list[Measure]:
    out: list[Measure] = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["GVC_HOME"] = tmp
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            con = gvc.connect(Path(tmp) / "g.duckdb", data_dir=ROOT / "data")
            con.complexity(2016, "HS92", 4)  # fill the Parquet cache (not timed)
            con.proximity(2016, "HS92", 4)
            inputs = con.services.clusters.inputs  # what gvc.opportunities reads
            t_ctx, _ = timed(lambda: opp.build_context(inputs), repeat=1)
            t_cx, _ = timed(lambda: con.complexity(2016, "HS92", 4), repeat=3)
            out.append(
                Measure(
                    "opportunity context (once per process)",
                    t_ctx,
                    t_cx,
                    note="complexity + product space + WIOD links + requirements",
                    baseline_name="read cached complexity frame",
                )
            )
            opp.get_context(inputs)
            con.growth_opportunities("IDN", 2016)
            t_base, _ = timed(lambda: con.growth_opportunities("IDN", 2016), repeat=3)
            for cid in ("jabar-3205-batik", "imk2025-jawa-barat"):
                rec = con.cluster(cid).record
                opp.opportunities(inputs, rec)  # structural paths memoised (first click)
                t, df = timed(lambda rec=rec: opp.opportunities(inputs, rec), repeat=3)
                out.append(
                    Measure(
                        f"opportunities {cid}",
                        t,
                        t_base,
                        note=f"{len(df)} candidates ranked and explained",
                        baseline_name="growth_opportunities IDN (cached)",
                    )
                )
        con.close()
    data = synthetic_registry(2000)
    t_val, r = timed(lambda: reg.load_registry(data, filename="s.csv"), repeat=3)
    t_read, _ = timed(lambda: pd.read_csv(io.BytesIO(data), dtype=str), repeat=3)
    out.append(
        Measure(
            "validate registry, 2,000 clusters",
            t_val,
            t_read,
            note=f"{len(r)} clusters (synthetic)",
            baseline_name="pandas read_csv",
        )
    )
    return out


if __name__ == "__main__":
    for m in bench_clusters():
        print(
            f"{m.name:<45} {m.value:8.3f} {m.unit}  vs {m.baseline_name}: "
            f"{m.baseline:8.3f} {m.unit}  ratio {m.ratio:6.2f}  {m.note}"
        )
