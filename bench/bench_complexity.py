"""Benchmark: full complexity run of gvc against py-ecomplexity on one synthetic world year.

The input is SYNTHETIC (generated here with a fixed seed, never real data): 230 locations x 5,000
HS6-like products, a nested capability structure so that ECI/PCI are well defined, and lognormal
values. Both implementations run on the same long frame, each once, in its own subprocess, so that
the peak memory of each is measured apart (``resource.getrusage`` maxrss minus the resident size
after the input was loaded). py-ecomplexity runs with its defaults (including its log-
supermodularity check) and takes minutes at this size; gvc's time includes building the output
frame. The agreement of the two outputs on this input is reported too (max relative difference
of ECI and PCI).

Run directly: ``.venv/bin/python bench/bench_complexity.py`` (prints a JSON summary), or through
``bench/run.py``.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
N_LOCATIONS = 230
N_PRODUCTS = 5000
SEED = 20161
COLS = {"time": "year", "loc": "location", "prod": "product", "val": "export_value"}

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Measure, benchmark  # noqa: E402


def synthetic_world(
    n_locations: int = N_LOCATIONS, n_products: int = N_PRODUCTS, seed: int = SEED
) -> pd.DataFrame:
    """Build a SYNTHETIC world export year (fixed seed): year, location, product, export_value.

    Locations have a capability ``c`` and a size, products a complexity ``q`` and a market size;
    location c exports product p with probability ``sigmoid(8 (c - q) + 1)`` and then a lognormal
    value scaled by both sizes. About half of all pairs are non-zero, as at HS6 in real data.
    """
    rng = np.random.default_rng(seed)
    cap = rng.random(n_locations)
    size = rng.lognormal(0.0, 1.5, n_locations)
    comp = rng.random(n_products)
    market = rng.lognormal(0.0, 1.2, n_products)
    prob = 1.0 / (1.0 + np.exp(-(8.0 * (cap[:, None] - comp[None, :]) + 1.0)))
    present = rng.random((n_locations, n_products)) < prob
    values = rng.lognormal(10.0, 2.0, (n_locations, n_products)) * size[:, None] * market[None, :]
    loc_idx, prod_idx = np.nonzero(present)
    return pd.DataFrame(
        {
            "year": 2016,
            "location": pd.array([f"L{i:03d}" for i in loc_idx], dtype="string"),
            "product": pd.array([f"{100000 + j:06d}" for j in prod_idx], dtype="string"),
            "export_value": np.round(values[loc_idx, prod_idx], 0),
        }
    )


def _rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _worker(impl: str, path: str, out: str) -> None:
    """Run one implementation on the parquet input; write time, memory and ECI/PCI."""
    import warnings

    frame = pd.read_parquet(path)
    if impl == "gvc":
        from gvc.analytics.complexity import complexity

        def run() -> pd.DataFrame:
            return complexity(frame).to_frame()
    else:
        from ecomplexity import ecomplexity

        def run() -> pd.DataFrame:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return ecomplexity(frame, COLS, verbose=False)

    base = _rss_bytes()
    t0 = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    eci = result.groupby("location")["eci"].first()
    pci = result.groupby("product")["pci"].first()
    pd.DataFrame({"eci": eci}).to_parquet(out + ".eci.parquet")
    pd.DataFrame({"pci": pci}).to_parquet(out + ".pci.parquet")
    Path(out).write_text(
        json.dumps({"seconds": seconds, "peak_bytes": peak - base, "rows": len(result)})
    )


def _spawn(impl: str, path: str, out: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    subprocess.run(
        [sys.executable, __file__, "--worker", impl, path, out], check=True, env=env, cwd=ROOT
    )
    return json.loads(Path(out).read_text())


def run_comparison() -> dict:
    """Run both implementations once on the synthetic year; return the figures."""
    frame = synthetic_world()
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "world.parquet")
        frame.to_parquet(path)
        gvc = _spawn("gvc", path, str(Path(tmp) / "gvc.json"))
        ref = _spawn("ecomplexity", path, str(Path(tmp) / "ref.json"))
        diffs = {}
        for what in ("eci", "pci"):
            a = pd.read_parquet(str(Path(tmp) / f"gvc.json.{what}.parquet"))[what]
            b = pd.read_parquet(str(Path(tmp) / f"ref.json.{what}.parquet"))[what].reindex(a.index)
            diffs[what] = float(np.nanmax(np.abs(a - b) / np.maximum(np.abs(b), 1e-6)))
    return {
        "input": f"SYNTHETIC {N_LOCATIONS} locations x {N_PRODUCTS} products, seed {SEED}, "
        f"{len(frame):,} non-zero rows",
        "threads": 1,
        "gvc_seconds": gvc["seconds"],
        "ecomplexity_seconds": ref["seconds"],
        "speedup": ref["seconds"] / gvc["seconds"],
        "gvc_peak_mib": gvc["peak_bytes"] / 2**20,
        "ecomplexity_peak_mib": ref["peak_bytes"] / 2**20,
        "memory_ratio": gvc["peak_bytes"] / ref["peak_bytes"],
        "max_rel_diff": diffs,
    }


@benchmark("complexity")
def bench_complexity() -> list:
    """Full complexity run, gvc vs py-ecomplexity, 230 x 5,000 synthetic year."""
    r = run_comparison()
    note = (
        f"{r['input']}; 1 BLAS thread each; max rel diff ECI {r['max_rel_diff']['eci']:.1e}, "
        f"PCI {r['max_rel_diff']['pci']:.1e}"
    )
    ref = "py-ecomplexity 0.5.3"
    return [
        Measure(
            "complexity full run time", r["gvc_seconds"], r["ecomplexity_seconds"], "s", note, ref
        ),
        Measure(
            "complexity peak memory (RSS increase)",
            r["gvc_peak_mib"],
            r["ecomplexity_peak_mib"],
            "MiB",
            note,
            ref,
        ),
    ]


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _worker(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        print(json.dumps(run_comparison(), indent=2))
