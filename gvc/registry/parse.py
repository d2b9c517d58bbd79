"""Reading and validating a registry file: cells parsed and checked, errors listed by row."""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
import time
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from gvc.errors import ImportValidationError, InvalidInputError
from gvc.i18n import Joined, Message, Number
from gvc.registry.schema import (
    _FIELD_BY_NAME,
    _FIRM_BY_NAME,
    _ID,
    CERTIFICATIONS,
    FIELDS,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ERRORS,
    MAX_PARSE_SECONDS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    OPTIONAL,
    Field,
    Registry,
    _is_missing,
    empty_firms,
)


def _cell_text(value: object) -> str:
    """Text of an Excel cell as pandas' ``dtype=str`` gives it (integral floats without .0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return str(pd.Timestamp(value))
    return str(value)


def _frame(rows: list[list[str]]) -> pd.DataFrame:
    """Header row + data rows -> frame; trailing empty rows and columns dropped."""
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        return pd.DataFrame()
    width = max((i + 1 for r in rows for i, v in enumerate(r) if v), default=0)
    header = [*rows[0][:width], *[""] * (width - len(rows[0]))]
    header = [h or f"Unnamed: {i}" for i, h in enumerate(header)]
    body = [[*r[:width], *[""] * (width - len(r))] for r in rows[1:]]
    return pd.DataFrame(body, columns=pd.Index(header, dtype=object), dtype=object)


def _read_csv(data: bytes, filename: str) -> pd.DataFrame:
    # UTF-8 first; else Windows-1252, what Excel on an Indonesian or English Windows saves
    # ("…" and curly quotes are bytes 0x80-0x9F there, control characters in Latin-1); Latin-1
    # only for the five bytes Windows-1252 leaves undefined
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.split("\n", 1)[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    columns = len(next(csv.reader([first], delimiter=sep), []))
    if columns > MAX_COLUMNS:
        raise ImportValidationError(Message("err.reg.columns", file=filename, n=Number(columns, 0),
                                            max=MAX_COLUMNS, template=len(FIELDS)))
    lines = text.count("\n")
    if lines > MAX_ROWS + 1:
        raise ImportValidationError(Message("err.reg.lines", file=filename, n=Number(lines, 0),
                                            max=Number(MAX_ROWS, 0)))
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=sep)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise ImportValidationError(Message("err.reg.not_csv", file=filename,
                                            detail=str(err)[:200])) from err
    return frame


def _undeclared_width(ws: Any, deadline: float) -> int:
    """Widest column holding a cell in a sheet that declares no dimension (0 when unknown).

    openpyxl's streaming rows are dense (a row with one cell in XFD is 16,384 values), so the
    sheet is scanned with its sparse cell parser instead: the cells present, nothing filled in.
    This is openpyxl's internal reader (3.1); if it changes, the check is skipped and the rows
    are still read only up to :data:`MAX_COLUMNS` columns.
    """
    try:
        from openpyxl.worksheet._reader import WorkSheetParser

        widest = 0
        with ws._get_source() as src:
            for n, (_, cells) in enumerate(WorkSheetParser(src, []).parse(), start=1):
                if cells:
                    widest = max(widest, max(int(c["column"]) for c in cells))
                if n > MAX_ROWS + 1 or (n % 500 == 0 and time.monotonic() > deadline):
                    break
        return widest
    except Exception:  # the internal API moved: fall back to the bounded dense read
        return 0


def _read_sheet(ws: Any, filename: str, deadline: float) -> pd.DataFrame:
    """Read one read-only worksheet within the row, column and time bounds."""
    from openpyxl.utils import get_column_letter

    title = ws.title
    declared = ws.max_column if isinstance(ws.max_column, int) else 0
    if not declared:
        declared = _undeclared_width(ws, deadline)
    if declared > MAX_COLUMNS:
        raise ImportValidationError(Message(
            "err.reg.sheet_columns", file=filename, sheet=title,
            letter=get_column_letter(declared), n=Number(declared, 0), max=MAX_COLUMNS,
            template=len(FIELDS)))
    if isinstance(ws.max_row, int) and ws.max_row > MAX_ROWS + 1:
        raise ImportValidationError(Message("err.reg.sheet_rows", file=filename, sheet=title,
                                            n=Number(ws.max_row - 1, 0), max=Number(MAX_ROWS, 0)))
    rows: list[list[str]] = []
    for n, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True), start=1):
        if n > MAX_ROWS + 1:
            raise ImportValidationError(Message("err.reg.sheet_more_rows", file=filename,
                                                sheet=title, max=Number(MAX_ROWS, 0)))
        if len(row) > MAX_COLUMNS and row[MAX_COLUMNS] is not None:
            raise ImportValidationError(Message(
                "err.reg.sheet_wide_row", file=filename, sheet=title, row=Number(n, 0),
                letter=get_column_letter(MAX_COLUMNS + 1), max=MAX_COLUMNS))
        if n % 500 == 0 and time.monotonic() > deadline:
            raise ImportValidationError(Message(
                "err.reg.slow", file=filename, seconds=f"{MAX_PARSE_SECONDS:.0f}", row=Number(n, 0),
                sheet=title))
        rows.append([_cell_text(v) for v in row[:MAX_COLUMNS]])
    return _frame(rows)


def _read_xlsx(data: bytes, filename: str) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    deadline = time.monotonic() + MAX_PARSE_SECONDS
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except zipfile.BadZipFile as err:
        raise ImportValidationError(Message("err.reg.not_zip", file=filename)) from err
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportValidationError(Message("err.reg.unpacked", file=filename,
                                            n=Number(unpacked, 0),
                                            max=Number(MAX_UNPACKED_BYTES, 0)))
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        raise ImportValidationError(Message("err.reg.not_excel", file=filename,
                                            detail=str(err)[:200])) from err
    try:
        names = {k.strip().lower(): k for k in book.sheetnames}
        if not names:
            raise ImportValidationError(Message("err.reg.no_sheet", file=filename))
        main_name = names.get("clusters", book.sheetnames[0])
        try:
            main = _read_sheet(book[main_name], filename, deadline)
            firms = (
                _read_sheet(book[names["firms"]], filename, deadline) if "firms" in names else None
            )
        except ImportValidationError:
            raise
        except Exception as err:  # a damaged sheet part
            raise ImportValidationError(Message("err.reg.not_excel", file=filename,
                                                detail=str(err)[:200])) from err
    finally:
        book.close()
    return main, firms


def _read_tables(data: bytes, filename: str) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Read a registry's table(s), bounding the work before and while parsing.

    CSV: the header's columns and the number of lines are checked before pandas reads it.
    Excel: the unpacked size, then each sheet read in openpyxl's streaming (read-only) mode,
    only the ``clusters`` (else the first) and ``firms`` sheets, never more than
    :data:`MAX_COLUMNS` columns of a row, :data:`MAX_ROWS` rows or :data:`MAX_PARSE_SECONDS`.
    """
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        return _read_csv(data, filename), None
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data, filename)
    raise ImportValidationError(Message("err.reg.suffix", file=filename,
                                        suffix=suffix or Message("err.reg.no_suffix")))


def _bytes_of(
    source: bytes | str | Path, filename: str | None, max_bytes: int
) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        if not filename:
            raise InvalidInputError(Message("err.reg.filename"))
        if len(source) > max_bytes:
            raise ImportValidationError(Message("err.reg.too_big", file=filename,
                                                n=Number(len(source), 0), max=Number(max_bytes, 0)))
        return bytes(source), filename
    path = Path(source)
    if not path.is_file():
        raise InvalidInputError(Message("err.reg.no_file", path=str(path)))
    size = path.stat().st_size
    if size > max_bytes:
        raise ImportValidationError(Message("err.reg.too_big", file=path.name, n=Number(size, 0),
                                            max=Number(max_bytes, 0)))
    return path.read_bytes(), filename or path.name


def load_registry(
    source: bytes | str | Path,
    filename: str | None = None,
    firms: bytes | str | Path | None = None,
    provinces: Iterable[str] | None = None,
    max_bytes: int = MAX_BYTES,
) -> Registry:
    """Read and validate a cluster registry from a CSV or Excel file (path or bytes).

    Parameters
    ----------
    source : bytes, str or Path
        The file, or its content (then ``filename`` gives the format).
    filename : str, optional
        The file name (needed with bytes; used in error messages).
    firms : bytes, str or Path, optional
        A separate CSV of per-firm records (an Excel file can carry them in sheet ``firms``).
    provinces : iterable of str, optional
        Allowed province names (case-insensitive); ``INDONESIA`` is always allowed.
    max_bytes : int
        Size limit per file.

    Returns
    -------
    Registry
        Normalised ``clusters`` (columns of :data:`FIELDS` plus ``unknown_fields`` and
        ``derived_fields``) and ``firms``.

    Raises
    ------
    ImportValidationError
        Listing every problem found (up to :data:`MAX_ERRORS`) with its row and column.
    """
    data, name = _bytes_of(source, filename, max_bytes)
    main, firm_frame = _read_tables(data, name)
    fname = name
    if firms is not None:
        fdata, fname = _bytes_of(
            firms, None if not isinstance(firms, bytes) else "firms.csv", max_bytes
        )
        firm_frame, _ = _read_tables(fdata, fname)
    return validate_registry(main, firm_frame, provinces=provinces, source=name, firms_source=fname)


def _clean(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


class _Bounded:
    """A problem of a registry, its text bounded in length in every language.

    A cell's text is part of some messages: each is bounded, so the whole message stays short.
    """

    def __init__(self, message: Message) -> None:
        self.message = message

    def text(self, lang: str) -> str:
        msg = self.message.text(lang)
        return msg if len(msg) <= 300 else msg[:299] + "…"


class _Errors:
    def __init__(self, source: str):
        self.source = source
        self.items: list[_Bounded] = []

    def add(self, msg: Message) -> None:
        self.items.append(_Bounded(msg))

    def raise_if_any(self) -> None:
        if self.items:
            shown = self.items[:MAX_ERRORS]
            more = len(self.items) - len(shown)
            raise ImportValidationError(Message(
                "err.reg.problems", source=self.source, n=len(self.items), items=Joined(shown),
                more=Message("err.reg.more", n=more) if more > 0 else "",
            ))


def _split(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;,|\s]+", text) if p.strip()]


def parse_codes(text: str, kind: str) -> list[str]:
    """Split a code list and check each code's form; raise ``ValueError`` naming the bad code.

    ``kind`` is ``"kbli"`` (2-5 digits) or ``"hs"`` (2, 4 or 6 digits). Codes typed as numbers
    in a spreadsheet lose a leading zero; one-digit-short codes are padded (``901`` -> ``0901``).
    """
    out = []
    lengths = (2, 3, 4, 5) if kind == "kbli" else (2, 4, 6)
    for raw in _split(text):
        code = raw[:-2] if re.fullmatch(r"\d+\.0", raw) else raw  # "1079.0" from a float cell
        code = code.replace(".", "")
        if not code.isdigit():
            raise ValueError(raw)
        if (kind == "hs" and len(code) in (3, 5)) or (kind == "kbli" and len(code) == 1):
            code = "0" + code
        if len(code) not in lengths:
            raise ValueError(raw)
        out.append(code)
    return list(dict.fromkeys(out))


def parse_certifications(text: str) -> list[str]:
    """Normalise a certification list (``"ISO 9001; Halal"`` -> ``["ISO9001", "HALAL"]``)."""
    out = []
    for raw in re.split(r"[;,|]+", text):
        key = re.sub(r"[^A-Z0-9]", "", raw.upper())
        if not key:
            continue
        if key not in CERTIFICATIONS:
            raise ValueError(raw.strip())
        out.append(key)
    return list(dict.fromkeys(out))


def _number(text: str) -> float:
    t = text.replace(" ", "").replace("_", "")
    if t.endswith("%"):
        return float(t[:-1]) / 100.0
    value = float(t)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


#: Control characters no cell may hold (tab, LF and CR are text; the rest break spreadsheets,
#: terminals and CSV readers, and openpyxl refuses to write them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class _Expected(ValueError):
    """A cell that is not what its column holds: what was expected (a message)."""

    def __init__(self, key: str, /, **fields: object) -> None:
        self.expected = Message(key, **fields)
        super().__init__(str(self.expected))


def _parse_cell(f: Field, text: str) -> object:
    """Return the parsed value or raise :class:`_Expected` with what was expected."""
    bad = _CONTROL.search(text)
    if bad:
        raise _Expected("err.cell.control", code=f"{ord(bad.group()):04X}", pos=bad.start() + 1)
    if f.kind in ("text",):
        return text
    if f.kind == "id":
        if not _ID.match(text):
            raise _Expected("err.cell.id")
        return text
    if f.kind == "enum":
        low = text.lower()
        if low not in f.choices:
            raise _Expected("err.cell.enum", choices=", ".join(f.choices))
        return low
    if f.kind == "kbli":
        try:
            return ";".join(parse_codes(text, "kbli"))
        except ValueError as err:
            raise _Expected("err.cell.kbli", code=str(err)) from None
    if f.kind == "hs":
        try:
            return ";".join(parse_codes(text, "hs"))
        except ValueError as err:
            raise _Expected("err.cell.hs", code=str(err)) from None
    if f.kind == "certs":
        try:
            return ";".join(parse_certifications(text))
        except ValueError as err:
            raise _Expected("err.cell.certs", known=", ".join(CERTIFICATIONS),
                            code=str(err)) from None
    try:
        value = _number(text)
    except ValueError:
        raise _Expected("err.cell.number") from None
    if f.kind == "share":
        if not 0 <= value <= 1:
            raise _Expected("err.cell.share")
    elif f.kind == "flag":
        if value not in (0, 1):
            raise _Expected("err.cell.flag")
    elif f.kind == "year":
        if not (1900 <= value <= 2100 and value == int(value)):
            raise _Expected("err.cell.year")
    elif value < 0:
        raise _Expected("err.cell.negative")
    elif f.kind == "count" and value != int(value):
        raise _Expected("err.cell.whole")
    return value


def _parse_table(
    frame: pd.DataFrame, specs: Mapping[str, Field], errors: _Errors, table: str, key: str
) -> pd.DataFrame:
    frame = frame.rename(columns=lambda c: str(c).strip().lower())
    missing = [n for n, f in specs.items() if f.required and n not in frame.columns]
    if missing:
        errors.add(Message(
            "err.reg.missing_columns", table=table, columns=", ".join(missing),
            found=", ".join(map(str, frame.columns)) or Message("err.reg.none")))
        errors.raise_if_any()
    extra = [
        c for c in frame.columns if c not in specs and c not in ("unknown_fields", "derived_fields")
    ]
    if extra and not str(extra[0]).startswith("unnamed"):
        errors.add(Message("err.reg.unknown_columns", table=table,
                           columns=", ".join(map(str, extra))))
    rows = []
    for i, rec in enumerate(frame.to_dict("records")):
        line = i + 2  # header is line 1
        if all(_clean(v) == "" for v in rec.values()):
            continue
        label = _clean(rec.get(key)) or "?"
        out: dict[str, object] = {}
        for name, f in specs.items():
            text = _clean(rec.get(name))
            if text == "":
                if f.required:
                    errors.add(Message("err.reg.required", table=table, line=line, key=key,
                                       label=label, name=name))
                out[name] = None
                continue
            try:
                out[name] = _parse_cell(f, text)
            except _Expected as err:
                errors.add(Message("err.reg.cell", table=table, line=line, key=key, label=label,
                                   name=name, expected=err.expected, got=text))
                out[name] = None
        out["_line"] = line
        rows.append(out)
    return pd.DataFrame(rows, columns=[*specs, "_line"])


def validate_registry(
    clusters: pd.DataFrame,
    firms: pd.DataFrame | None = None,
    provinces: Iterable[str] | None = None,
    source: str = "registry",
    firms_source: str | None = None,
) -> Registry:
    """Validate and normalise registry tables (see :func:`load_registry`).

    Checks: required columns present; required cells filled; ids well formed and unique; codes
    of the right form; numbers where numbers are expected, non-negative, shares within 0-1;
    known certification names and provinces; class counts not above the total; per-firm records
    pointing at a cluster of the file. Cluster aggregates that are empty but can be counted from
    the per-firm records are filled from them and listed in ``derived_fields``.
    """
    errors = _Errors(source)
    if clusters is None or clusters.empty:
        errors.add(Message("err.reg.no_rows"))
        errors.raise_if_any()
    c = _parse_table(clusters, _FIELD_BY_NAME, errors, "clusters", "cluster_id")
    dup = c["cluster_id"].dropna()
    for cid in sorted(set(dup[dup.duplicated()])):
        lines = c.loc[c["cluster_id"] == cid, "_line"].tolist()
        errors.add(Message("err.reg.duplicate", cid=cid, rows=", ".join(map(str, lines))))
    if provinces is not None:
        allowed = {p.upper() for p in provinces} | {"INDONESIA"}
        for line, prov in zip(c["_line"], c["province"], strict=True):
            if prov and str(prov).upper() not in allowed:
                from gvc.errors import close_matches, did_you_mean

                hint = close_matches(str(prov), allowed)
                errors.add(Message("err.reg.province", line=line, province=prov,
                                   hint=did_you_mean(hint) if hint else ""))
    c["province"] = c["province"].map(lambda p: p.upper() if isinstance(p, str) else p)
    c["regency"] = c["regency"].map(lambda p: p.upper() if isinstance(p, str) else p)
    for line, rec in zip(c["_line"], c.to_dict("records"), strict=True):
        classes = [rec[k] for k in ("firms_micro", "firms_small", "firms_medium", "firms_large")]
        known = [v for v in classes if v is not None]
        if rec["firms_total"] is not None and known and sum(known) > rec["firms_total"]:
            errors.add(Message("err.reg.classes", line=line, sum=f"{sum(known):g}",
                               total=f"{rec['firms_total']:g}"))
    f = empty_firms()
    if firms is not None and not firms.empty:
        ferr = _Errors(firms_source or source)
        f = _parse_table(firms, _FIRM_BY_NAME, ferr, "firms", "firm_id")
        ids = set(c["cluster_id"].dropna())
        for line, cid in zip(f["_line"], f["cluster_id"], strict=True):
            if cid is not None and cid not in ids:
                ferr.add(Message("err.reg.firm_cluster", line=line, cid=cid))
        pair = f[["cluster_id", "firm_id"]]
        for line in f.loc[pair.duplicated(), "_line"]:
            ferr.add(Message("err.reg.firm_duplicate", line=line))
        errors.items.extend(ferr.items)
        f = f.drop(columns="_line")
    errors.raise_if_any()
    c = c.drop(columns="_line")
    for col in c.columns:
        if _FIELD_BY_NAME[col].kind in ("count", "idr", "share", "year"):
            c[col] = pd.to_numeric(c[col], errors="coerce").astype("float64")
    derived = _derive_from_firms(c, f)
    c["firms_total"] = c["firms_total"].fillna(
        c[["firms_micro", "firms_small", "firms_medium", "firms_large"]].sum(axis=1, min_count=4)
    )
    c["unknown_fields"] = [
        ";".join(n for n in OPTIONAL if _is_missing(rec[n])) for rec in c.to_dict("records")
    ]
    c["derived_fields"] = derived
    return Registry(
        clusters=c.reset_index(drop=True), firms=f.reset_index(drop=True), source=source
    )


def _derive_from_firms(c: pd.DataFrame, f: pd.DataFrame) -> list[str]:
    """Fill empty cluster aggregates that per-firm records determine; return what was filled."""
    out = []
    shares = {
        "share_exporting": "exports",
        "share_credit": "has_credit",
        "share_partnership": "has_partnership",
        "share_internet": "uses_internet",
        "share_certified": "certified",
    }
    for i, cid in enumerate(c["cluster_id"]):
        rows = f[f["cluster_id"] == cid]
        filled = []
        if rows.empty:
            out.append("")
            continue
        if _is_missing(c.loc[i, "firms_total"]):
            c.loc[i, "firms_total"] = float(len(rows))
            filled.append("firms_total")
        for col in ("workers", "annual_sales_idr", "capital_idr"):
            vals = pd.to_numeric(rows[col], errors="coerce")
            if _is_missing(c.loc[i, col]) and vals.notna().all():
                c.loc[i, col] = float(vals.sum())
                filled.append(col)
        for col, flag in shares.items():
            vals = pd.to_numeric(rows[flag], errors="coerce")
            if _is_missing(c.loc[i, col]) and vals.notna().all():
                c.loc[i, col] = float(vals.mean())
                filled.append(col)
        out.append(";".join(filled))
    return out
