"""Result files: one atomic write, one CSV writer and one Excel writer, safe in every locale.

Every file gvc hands to a person goes through this module: the CLI's ``--out`` files
(:func:`write_frame`), the app's downloads (:func:`to_csv_bytes`, :func:`to_xlsx_bytes`) and a
cluster's export (:func:`write_workbook`). Files are written under a temporary name in the
target's folder and renamed (:func:`atomic_write`), so a reader never sees half a file.

Spreadsheet safety ("CSV injection"):

- **CSV.** Every text field is quoted (``csv.QUOTE_NONNUMERIC``), so a field holding a CR, an LF,
  a quote or either list separator (``,`` or ``;``) stays one field whatever separator the
  spreadsheet assumes. Python's ``QUOTE_MINIMAL`` does not quote a bare CR when the line ends in
  LF, and a spreadsheet then starts a new row inside the cell. A formula prefix (``= + - @``, tab,
  CR and their full-width forms) is neutralised with an apostrophe at the start of a text and
  after every CR, LF, tab, ``;`` or ``,`` inside it (:func:`neutralise_text`): a spreadsheet that
  splits the text at one of those characters (``;`` is the list separator of Indonesian and most
  European locales) still finds no formula.
- **Excel.** Text cells are stored as strings (``t="inlineStr"``), never as formulas, with the
  original text; a text that starts with a formula prefix also gets the cell style
  ``quotePrefix`` (Excel's "typed with an apostrophe"), so editing the cell keeps it text.
  Control characters that the .xlsx format cannot hold (NUL and the other C0 controls except tab,
  LF and CR) are removed from text in both formats.
- Numbers stay numbers (a negative number is not a formula); Parquet and JSON are machine
  formats and keep the text exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from gvc import i18n
from gvc.errors import InvalidInputError

__all__ = [
    "OUTPUT_SUFFIXES",
    "atomic_write",
    "check_out",
    "clean_text",
    "neutralise_formulas",
    "neutralise_text",
    "save_csv",
    "to_csv_bytes",
    "to_xlsx_bytes",
    "write_frame",
    "write_workbook",
]

#: Suffixes :func:`write_frame` writes.
OUTPUT_SUFFIXES = (".csv", ".parquet", ".xlsx", ".json")

#: Characters that make a spreadsheet read a cell as a formula (ASCII and full-width forms).
FORMULA_PREFIXES = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
#: Characters after which a spreadsheet may start a new cell or row.
CELL_BREAKS = "\r\n\t;,"

_AFTER_BREAK = re.compile(
    "(^|[" + re.escape(CELL_BREAKS) + "])( *)(?=[" + re.escape(FORMULA_PREFIXES) + "])"
)
#: C0 controls that the .xlsx format cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

Language = Literal["en", "id"]

#: Titles of the extra workbook sheets and their columns: catalog messages ``sheet.<name>``
#: (gvc/locale, see :mod:`gvc.i18n`); ``labels=`` overrides them.
SHEET_KEYS = ("columns_sheet", "method_sheet", "sheet", "column", "description", "item", "text")


def sheet_labels(lang: str) -> dict[str, str]:
    """Return the extra sheets' titles in ``lang``."""
    return {k: i18n.text(f"sheet.{k}", lang) for k in SHEET_KEYS}


_MIN_WIDTH, _MAX_WIDTH, _WIDTH_SAMPLE = 8, 60, 2000


# -- atomic write ---------------------------------------------------------------------------------


def atomic_write(path: str | Path, writer: Callable[[Path], object], durable: bool = False) -> Path:
    """Write a file through ``writer`` under a temporary name, then rename it to ``path``.

    Parameters
    ----------
    path
        The file to (re)place. The temporary file ``.<name>.<random>.tmp`` is made in the same
        folder, so the final ``os.replace`` is atomic: a reader sees the old file or the new one,
        never a half-written one, and a failed write leaves the old file untouched.
    writer
        Called with the temporary path; it must create the file there.
    durable
        ``fsync`` the file before the rename (for state files such as a manifest).

    Returns
    -------
    Path
        ``path``.
    """
    out = Path(path)
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        writer(tmp)
        if durable:
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


# -- text safety ----------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Remove the control characters an .xlsx file cannot hold (NUL, C0 except tab, LF, CR)."""
    return _CONTROL.sub("", text)


def neutralise_text(text: str) -> str:
    r"""Return ``text`` with an apostrophe before every formula prefix a spreadsheet could see.

    A prefix is one of ``= + - @``, tab, CR (and full-width ``＝ ＋ － ＠``) at the start of the
    text or after a CR, LF, tab, ``;`` or ``,`` (spaces in between allowed). Control characters
    an .xlsx cannot hold are removed. Idempotent: a neutralised text is returned unchanged.

    Examples
    --------
    >>> neutralise_text(";=1+1;x")
    ";'=1+1;x"
    >>> neutralise_text("Batik\r=1+1")
    "Batik\r'=1+1"
    """
    return _AFTER_BREAK.sub(r"\1\2'", clean_text(text))


def _starts_formula(text: str) -> bool:
    return bool(text) and text[0] in FORMULA_PREFIXES


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``df`` with its text cells and column names neutralised.

    Every text goes through :func:`neutralise_text`; numbers, dates and missing values are left
    alone.
    """
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.StringDtype) or s.dtype == object:
            values = [neutralise_text(v) if isinstance(v, str) else v for v in s]
            out[col] = pd.Series(values, index=s.index, dtype=s.dtype)  # None stays None
    out.columns = [neutralise_text(c) if isinstance(c, str) else c for c in out.columns]
    return out


# -- CSV ------------------------------------------------------------------------------------------


def to_csv_bytes(
    df: pd.DataFrame,
    sep: str = ",",
    decimal: str = ".",
    bom: bool = False,
) -> bytes:
    """Return ``df`` as UTF-8 CSV that no spreadsheet reads as a formula, in any locale.

    Parameters
    ----------
    df
        The table (its index is not written).
    sep
        The field separator: ``","`` or ``";"`` (the list separator of Indonesian spreadsheets).
    decimal
        The decimal mark of numbers (``","`` goes with ``sep=";"`` for an Indonesian Excel).
    bom
        Start with a UTF-8 byte-order mark, so Excel on Windows reads the file as UTF-8.

    Returns
    -------
    bytes
        Every text field quoted and neutralised (:func:`neutralise_text`), numbers unquoted.
    """
    if sep not in (",", ";"):
        raise InvalidInputError(f"CSV separator must be ',' or ';' (got {sep!r})")
    if decimal not in (".", ",") or decimal == sep:
        raise InvalidInputError(
            f"CSV decimal mark must be '.' or ',' and differ from the separator (got {decimal!r})"
        )
    text = neutralise_formulas(df).to_csv(
        index=False, sep=sep, decimal=decimal, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n"
    )
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")


# -- Excel ----------------------------------------------------------------------------------------


def _cell_value(value: Any) -> Any:
    """Convert ``value`` to one openpyxl can store: a number, bool, naive datetime, text or None."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        v = float(value)
        if math.isnan(v):
            return None
        return v if math.isfinite(v) else ("inf" if v > 0 else "-inf")
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return clean_text(value)
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return clean_text(str(value))


def _sheet_title(name: str, used: set[str]) -> str:
    """Make ``name`` a valid, unique sheet name (31 characters, no ``[]:*?/`` or backslash)."""
    base = re.sub(r"[\[\]:*?/\\]", "_", clean_text(str(name))).strip("'") or "sheet"
    title, n = base[:31], 1
    while title.lower() in used:
        n += 1
        title = f"{base[: 31 - len(str(n)) - 1]}_{n}"
    used.add(title.lower())
    return title


def _width(values: Sequence[Any]) -> float:
    longest = 0
    for v in values:
        if v is None:
            continue
        text = f"{v:,.2f}" if isinstance(v, float) else str(v)
        longest = max(longest, *(len(line) for line in text.splitlines() or [""]))
    return float(min(max(longest + 2, _MIN_WIDTH), _MAX_WIDTH))


def _add_table(wb: Any, title: str, df: pd.DataFrame) -> None:
    """Write ``df`` as a sheet: bold frozen header, autofilter, widths sized to the content."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    header = [_cell_value(c) if c is not None else "" for c in df.columns]
    rows = [[_cell_value(v) for v in row] for row in df.itertuples(index=False, name=None)]
    ncol = max(len(header), 1)
    for j in range(len(header)):
        sample = [header[j], *(r[j] for r in rows[:_WIDTH_SAMPLE])]
        ws.column_dimensions[get_column_letter(j + 1)].width = _width(sample)
    ws.freeze_panes = "A2"
    if header:
        ws.auto_filter.ref = f"A1:{get_column_letter(ncol)}{len(rows) + 1}"
    bold = Font(bold=True)

    def cell(value: Any, head: bool = False) -> Any:
        c = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            c.data_type = "s"  # text, never a formula, whatever it starts with
            if _starts_formula(value):
                c.quotePrefix = True  # Excel's "typed with an apostrophe": stays text if edited
        if head:
            c.font = bold
        return c

    ws.append([cell(h if isinstance(h, str) else str(h), head=True) for h in header])
    for r in rows:
        ws.append([cell(v) for v in r])


def to_xlsx_bytes(
    sheets: Mapping[str, pd.DataFrame],
    descriptions: Mapping[str, str] | None = None,
    notes: Sequence[tuple[str, str]] | Mapping[str, str] | None = None,
    lang: Language = "en",
    labels: Mapping[str, str] | None = None,
) -> bytes:
    """Return an .xlsx workbook people can hand on.

    One sheet per table, plus a sheet of column descriptions and a method/sources sheet.

    Parameters
    ----------
    sheets
        Sheet name -> table. Names are made valid for Excel (:func:`_sheet_title`).
    descriptions
        Column name (as in the tables) -> one-sentence description. With it, a sheet lists
        every column of every table with its description (empty where none is given).
    notes
        Rows ``(item, text)`` of the method/sources sheet: method, sources, licences, date.
    lang
        ``"en"`` or ``"id"``: the language of the extra sheets' titles (:func:`sheet_labels`).
    labels
        Overrides of :func:`sheet_labels`.

    Returns
    -------
    bytes
        The workbook. Every sheet has a bold frozen header row, an autofilter and column widths
        sized to the content (8-60 characters); text cells are stored as text (see the module
        docstring); numbers stay numbers.
    """
    from openpyxl import Workbook

    if lang not in i18n.LANGUAGES:
        raise InvalidInputError(f"lang must be one of {sorted(i18n.LANGUAGES)} (got {lang!r})")
    lab = {**sheet_labels(lang), **(labels or {})}
    if not sheets:
        raise InvalidInputError("an Excel export needs at least one table (got none)")
    wb = Workbook(write_only=True)
    used: set[str] = set()
    titles = []
    for name, frame in sheets.items():
        title = _sheet_title(name, used)
        titles.append((title, frame))
        _add_table(wb, title, frame)
    if descriptions is not None:
        desc = {str(k): v for k, v in descriptions.items()}
        rows = [
            (title, str(c), desc.get(str(c), "")) for title, frame in titles for c in frame.columns
        ]
        cols = [lab["sheet"], lab["column"], lab["description"]]
        table = pd.DataFrame(rows, columns=cols)
        if len(titles) == 1:
            table = table.drop(columns=lab["sheet"])
        _add_table(wb, _sheet_title(lab["columns_sheet"], used), table)
    if notes is not None:
        items = list(notes.items()) if isinstance(notes, Mapping) else list(notes)
        table = pd.DataFrame(items, columns=[lab["item"], lab["text"]])
        _add_table(wb, _sheet_title(lab["method_sheet"], used), table)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# -- files ----------------------------------------------------------------------------------------


def check_out(path: str | Path, suffixes: Sequence[str] = OUTPUT_SUFFIXES) -> Path:
    """Return ``path`` as a Path if it names a writable result file with one of ``suffixes``."""
    out = Path(path)
    if out.suffix.lower() not in suffixes:
        choices = (
            suffixes[0]
            if len(suffixes) == 1
            else " or ".join(suffixes)
            if len(suffixes) == 2
            else f"one of {', '.join(suffixes)}"
        )
        raise InvalidInputError(
            f"'--out' must end in {choices} (got {str(path)!r})"
        )
    if not out.parent.exists():
        raise InvalidInputError(f"'--out': folder {str(out.parent)!r} does not exist")
    try:
        folder = out.is_dir()
    except OSError as err:  # e.g. a name longer than the file system allows
        raise InvalidInputError(
            f"'--out': cannot write {str(path)[:200]!r}: {err.strerror or err}"
        ) from err
    if folder:
        raise InvalidInputError(f"'--out': {str(path)!r} is a folder, expected a file name")
    return out


def _written(out: Path, writer: Callable[[Path], object]) -> Path:
    try:
        return atomic_write(out, writer)
    except OSError as err:  # a name too long, a full disk, no permission: said, not a traceback
        reason = err.strerror or type(err).__name__
        raise InvalidInputError(f"'--out': cannot write {str(out)[:200]!r}: {reason}") from err


def write_frame(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` to ``path`` as CSV, Parquet, Excel or JSON, chosen by the file's suffix.

    CSV and Excel are spreadsheet-safe (module docstring); Parquet and JSON keep the text as it
    is. The write is atomic (:func:`atomic_write`).
    """
    out = check_out(path)
    suffix = out.suffix.lower()
    if suffix == ".csv":
        return _written(out, lambda tmp: tmp.write_bytes(to_csv_bytes(df)))
    if suffix == ".xlsx":
        return _written(out, lambda tmp: tmp.write_bytes(to_xlsx_bytes({"data": df})))
    if suffix == ".parquet":
        return _written(out, lambda tmp: df.to_parquet(tmp, index=False))
    return _written(out, lambda tmp: df.to_json(tmp, orient="records", indent=1))


def write_workbook(
    sheets: Mapping[str, pd.DataFrame],
    path: str | Path,
    descriptions: Mapping[str, str] | None = None,
    notes: Sequence[tuple[str, str]] | Mapping[str, str] | None = None,
    lang: Language = "en",
    labels: Mapping[str, str] | None = None,
) -> Path:
    """Write tables to ``path``: .xlsx gets every sheet (:func:`to_xlsx_bytes`), .csv the first.

    For a cluster's export (``Cluster.export``) and any other multi-table result.
    """
    out = check_out(path, (".csv", ".xlsx"))
    if not sheets:
        raise InvalidInputError("an export needs at least one table (got none)")
    if out.suffix.lower() == ".csv":
        first = next(iter(sheets.values()))
        return _written(out, lambda tmp: tmp.write_bytes(to_csv_bytes(first)))
    data = to_xlsx_bytes(sheets, descriptions=descriptions, notes=notes, lang=lang, labels=labels)
    return _written(out, lambda tmp: tmp.write_bytes(data))


def save_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Save ``df`` as a CSV that gvc reads back (a saved registry, a state file), atomically.

    Unlike the spreadsheet writers the text is kept exactly (no apostrophes), but every text
    field is quoted, so a CR, LF, quote or separator inside a cell cannot split a row when the
    file is read again.
    """
    return atomic_write(
        path, lambda tmp: df.to_csv(tmp, index=False, quoting=csv.QUOTE_NONNUMERIC)
    )
