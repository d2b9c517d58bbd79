"""Helpers shared by the CLI subcommands: writing result files, printing tables.

Result files are written by :mod:`gvc.export` (atomic, spreadsheet-safe in every locale). The
functions here hand over to it on first use, so that building the parser (``gvc --help``) loads
neither pandas nor NumPy.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: (and OUTPUT_SUFFIXES, resolved on first use)
__all__ = [
    "check_out",
    "count",
    "neutralise_formulas",
    "print_frame",
    "print_rows",
    "write_frame",
]


def count(text: str) -> int:
    """Parse a ``--top``-like option (argparse type): a whole number of at least 1."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1 or value > 10_000_000:
        raise argparse.ArgumentTypeError(
            f"must be a whole number from 1 to 10,000,000 (got {text[:40]!r})"
        )
    return value


def __getattr__(name: str) -> Any:
    """Resolve ``OUTPUT_SUFFIXES`` from :mod:`gvc.export` when it is first asked for."""
    if name == "OUTPUT_SUFFIXES":
        from gvc import export

        return export.OUTPUT_SUFFIXES
    raise AttributeError(f"module 'gvc.cli.common' has no attribute {name!r}")


def check_out(path: str | Path, *args: Any, **kwargs: Any) -> Path:
    """Check a ``--out`` path before any long computation (:func:`gvc.export.check_out`)."""
    from gvc import export

    return export.check_out(path, *args, **kwargs)


def write_frame(df: pd.DataFrame, path: str | Path, *args: Any, **kwargs: Any) -> Path:
    """Write a result file by its suffix (:func:`gvc.export.write_frame`)."""
    from gvc import export

    return export.write_frame(df, path, *args, **kwargs)


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Make text cells safe in spreadsheets (:func:`gvc.export.neutralise_formulas`)."""
    from gvc import export

    return export.neutralise_formulas(df)


def print_frame(df: pd.DataFrame, max_rows: int = 40) -> None:
    """Print a frame as a plain table for the terminal."""
    import pandas as pd

    with pd.option_context("display.max_rows", max_rows, "display.max_columns", 20,
                           "display.width", 160, "display.max_colwidth", 60):
        print(df.to_string(index=False, max_rows=max_rows))


def print_rows(columns: list[str], rows: list) -> None:
    """Print rows as a right-aligned plain table, without pandas (for the quick ``gvc info``)."""

    def cell(v: object) -> str:
        if isinstance(v, float):
            return f"{v:.6g}" if abs(v) < 1e6 else f"{v:.6e}"
        return str(v)

    table = [[cell(v) for v in r] for r in rows]
    widths = [max([len(c), *(len(r[i]) for r in table)]) for i, c in enumerate(columns)]
    print(" ".join(c.rjust(w) for c, w in zip(columns, widths, strict=True)))
    for r in table:
        print(" ".join(v.rjust(w) for v, w in zip(r, widths, strict=True)))
