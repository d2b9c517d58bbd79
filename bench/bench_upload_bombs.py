"""Upload bombs (issue 18.2): how fast a registry upload whose work is out of proportion to its
bytes is refused, against reading the shipped template (a valid registry) in the same run.

The bombs are the generated files of tests/reliability/test_upload_bombs.py: an .xlsx with one
cell in column XFD on 1,000 rows (with and without the declared dimension), a CSV with 80,000
header columns and a CSV of 20,001 rows. Medians of 5 runs in this process.
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time
from pathlib import Path

from harness import Measure, benchmark

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "reliability"))

from test_upload_bombs import HEADER, without_dimension, xfd_bomb

from gvc.errors import ImportValidationError
from gvc.registry import load_registry
from gvc.registry.schema import MAX_ROWS
from gvc.registry.template import template_bytes


def _median(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _refusal(data: bytes, name: str):
    def run() -> None:
        try:
            load_registry(data, filename=name)
        except ImportValidationError:
            return
        raise AssertionError(f"{name} was not refused")

    return run


@benchmark("upload_bombs")
def bench_upload_bombs() -> list[Measure]:
    template = template_bytes()
    base = _median(lambda: _refusal_or_load(template))
    xfd = xfd_bomb()
    wide = (",".join(f"c{i}" for i in range(80_000)) + "\n").encode()
    long = (",".join(HEADER) + "\n" + "a,b,JAWA BARAT,1079,2106\n" * (MAX_ROWS + 1)).encode()
    cases = {
        "xlsx, XFD on 1,000 rows (10 KB)": (xfd, "bomb.xlsx"),
        "xlsx, XFD, no dimension": (without_dimension(xfd), "bomb.xlsx"),
        "csv, 80,000 columns": (wide, "wide.csv"),
        "csv, 20,001 rows": (long, "long.csv"),
    }
    return [
        Measure(f"refuse {k} (goal < 2 s)", _median(_refusal(d, n)), base,
                baseline_name="read the template (valid)")
        for k, (d, n) in cases.items()
    ]


def _refusal_or_load(data: bytes) -> None:
    # the template's example row is a placeholder; reading it is the baseline work
    with contextlib.suppress(ImportValidationError):
        load_registry(data, filename="template.xlsx")
