"""Run every registered benchmark and print each figure next to its same-run baseline.

Usage: ``python bench/run.py [NAME ...]`` (default: all). ``--list`` shows the names.
Results are also written to ``bench/out/results.json``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from harness import REGISTRY, Measure  # noqa: E402


def discover() -> None:
    """Import every ``bench_*.py`` module so that its benchmarks register."""
    for path in sorted(HERE.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


def fmt(v: float, unit: str) -> str:
    return f"{v:,.3f} {unit}" if abs(v) < 1000 else f"{v:,.0f} {unit}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args(argv)
    discover()
    if args.list:
        print("\n".join(sorted(REGISTRY)))
        return 0
    names = args.names or sorted(REGISTRY)
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(sorted(REGISTRY))}")
        return 2
    rows: list[tuple[str, Measure]] = []
    failed = 0
    for name in names:
        print(f"running {name} ...", flush=True)
        try:
            for m in REGISTRY[name]():
                rows.append((name, m))
        except Exception:  # a broken benchmark is reported, the others still run
            failed += 1
            traceback.print_exc()
    print()
    header = f"{'benchmark':<22} {'figure':<42} {'gvc':>16} {'baseline':>16} {'ratio':>8}  note"
    print(header)
    print("-" * len(header))
    for bench, m in rows:
        print(
            f"{bench:<22} {m.name:<42} {fmt(m.value, m.unit):>16} "
            f"{fmt(m.baseline, m.unit):>16} {m.ratio:>8.3f}  {m.baseline_name}; {m.note}"
        )
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(
        json.dumps(
            [
                {
                    "benchmark": b,
                    "figure": m.name,
                    "value": m.value,
                    "baseline": m.baseline,
                    "unit": m.unit,
                    "ratio": m.ratio,
                    "baseline_name": m.baseline_name,
                    "note": m.note,
                }
                for b, m in rows
            ],
            indent=1,
        )
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
