"""A small benchmark harness: every figure is printed next to a baseline measured in the same run.

A benchmark module ``bench/bench_<area>.py`` defines functions decorated with
``@benchmark("name")``. Each returns a list of :class:`Measure`; ``bench/run.py`` discovers the
modules, runs them and prints one table with the ratio of each figure to its baseline.
"""

from __future__ import annotations

import gc
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

REGISTRY: dict[str, Callable[[], list[Measure]]] = {}


@dataclass
class Measure:
    """One measured figure and its baseline, both from the same run."""

    name: str
    value: float
    baseline: float
    unit: str = "s"
    note: str = ""
    baseline_name: str = "baseline"

    @property
    def ratio(self) -> float:
        """value / baseline (below 1 means faster or smaller than the baseline)."""
        return self.value / self.baseline if self.baseline else float("nan")


def benchmark(name: str) -> Callable[[Callable[[], list[Measure]]], Callable[[], list[Measure]]]:
    """Register a benchmark function under ``name``."""

    def wrap(fn: Callable[[], list[Measure]]) -> Callable[[], list[Measure]]:
        REGISTRY[name] = fn
        return fn

    return wrap


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Return the best wall time of ``repeat`` calls of ``fn`` and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def run_isolated(code: str, timeout: float = 3600) -> dict[str, float]:
    """Run Python ``code`` in a fresh interpreter; return its wall time and peak RSS (MB).

    The code runs after ``import time``; the wall time covers the whole snippet. Use this to
    compare peak memory of two implementations fairly (each in its own process).
    """
    wrapper = (
        "import time, resource, json\n"
        "_t0 = time.perf_counter()\n"
        f"{code}\n"
        "_t = time.perf_counter() - _t0\n"
        "print('__BENCH__' + json.dumps({'seconds': _t, "
        "'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper], capture_output=True, text=True, timeout=timeout, check=True
    )
    import json

    line = [ln for ln in out.stdout.splitlines() if ln.startswith("__BENCH__")][-1]
    return json.loads(line[len("__BENCH__") :])


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
