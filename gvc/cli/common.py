"""Helpers shared by the CLI subcommands: writing result files, printing tables.

Result files are written by :mod:`gvc.export` (atomic, spreadsheet-safe in every locale); the
names below are kept for the subcommands and for code that imported them from here.
"""

from __future__ import annotations

import pandas as pd

from gvc.export import OUTPUT_SUFFIXES, check_out, neutralise_formulas, write_frame

__all__ = ["OUTPUT_SUFFIXES", "check_out", "neutralise_formulas", "print_frame", "write_frame"]


def print_frame(df: pd.DataFrame, max_rows: int = 40) -> None:
    """Print a frame as a plain table for the terminal."""
    with pd.option_context("display.max_rows", max_rows, "display.max_columns", 20,
                           "display.width", 160, "display.max_colwidth", 60):
        print(df.to_string(index=False, max_rows=max_rows))
