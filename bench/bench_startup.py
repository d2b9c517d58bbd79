"""Start-up: ``import gvc``, ``gvc --help`` and ``gvc info`` against the bare interpreter and
the libraries they cannot avoid, each in a fresh process (medians of 5, alternating)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from harness import Measure, benchmark

GVC = str(Path(sys.executable).with_name("gvc"))


def _wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def _medians(cases: dict[str, list[str]], repeat: int = 5) -> dict[str, float]:
    runs: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(repeat):  # alternate so that load changes hit every case alike
        for name, cmd in cases.items():
            runs[name].append(_wall(cmd))
    return {k: statistics.median(v) for k, v in runs.items()}


@benchmark("startup")
def bench_startup() -> list[Measure]:
    subprocess.run([GVC, "build"], check=True, capture_output=True)  # a built database
    py = sys.executable
    t = _medians({
        "python": [py, "-c", "pass"],
        "duckdb": [py, "-c", "import duckdb"],
        "import gvc": [py, "-c", "import gvc"],
        "gvc --help": [GVC, "--help"],
        "gvc info": [GVC, "info"],
    })
    return [
        Measure("import gvc (goal < 0.3 s)", t["import gvc"], t["python"],
                baseline_name="python -c pass"),
        Measure("gvc --help (goal < 0.3 s)", t["gvc --help"], t["python"],
                baseline_name="python -c pass"),
        Measure("gvc info, built database (goal < 0.6 s)", t["gvc info"], t["duckdb"],
                baseline_name="import duckdb"),
    ]
