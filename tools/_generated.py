"""Shared by the tools that generate a data file: write it, or with ``--check`` compare it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd


def write_or_check(
    build: Callable[[], pd.DataFrame], out: Path, doc: str, summary: Callable[[pd.DataFrame], str]
) -> int:
    """Parse ``--check``; write ``build()`` as CSV to ``out`` or fail if ``out`` differs."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = ap.parse_args()
    table = build()
    text = table.to_csv(index=False, lineterminator="\n")
    if args.check:
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            print(f"{out} is out of date; run python {sys.argv[0]}", file=sys.stderr)
            return 1
        return 0
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out.name}: {summary(table)}")
    return 0
