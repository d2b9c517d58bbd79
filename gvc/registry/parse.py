"""Reading and validating a registry file: cells parsed and checked, errors listed by row."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from gvc.errors import ImportValidationError, InvalidInputError
from gvc.registry.schema import (
    _FIELD_BY_NAME,
    _FIRM_BY_NAME,
    _ID,
    CERTIFICATIONS,
    MAX_BYTES,
    MAX_ERRORS,
    OPTIONAL,
    Field,
    Registry,
    _is_missing,
    empty_firms,
)


def _read_tables(data: bytes, filename: str) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        sep = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=sep)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
            raise ImportValidationError(f"{filename}: not a readable CSV file ({err})") from err
        return frame, None
    if suffix in (".xlsx", ".xlsm"):
        try:
            sheets = pd.read_excel(
                io.BytesIO(data),
                sheet_name=None,
                dtype=str,
                engine="openpyxl",
                keep_default_na=False,
            )
        except Exception as err:  # openpyxl raises many kinds for a damaged file
            raise ImportValidationError(f"{filename}: not a readable Excel file ({err})") from err
        names = {k.strip().lower(): k for k in sheets}
        main = sheets[names["clusters"]] if "clusters" in names else next(iter(sheets.values()))
        firms = sheets[names["firms"]] if "firms" in names else None
        return main, firms
    raise ImportValidationError(
        f"{filename}: registry files must be .csv or .xlsx (got {suffix or 'no suffix'!r})"
    )


def _bytes_of(
    source: bytes | str | Path, filename: str | None, max_bytes: int
) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        if not filename:
            raise InvalidInputError("'filename' is needed with bytes (it gives the format)")
        if len(source) > max_bytes:
            raise ImportValidationError(
                f"{filename}: file is {len(source):,} bytes, over the limit of {max_bytes:,}"
            )
        return bytes(source), filename
    path = Path(source)
    if not path.is_file():
        raise InvalidInputError(f"registry file {str(path)!r} does not exist")
    size = path.stat().st_size
    if size > max_bytes:
        raise ImportValidationError(
            f"{path.name}: file is {size:,} bytes, over the limit of {max_bytes:,}"
        )
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


class _Errors:
    def __init__(self, source: str):
        self.source = source
        self.items: list[str] = []

    def add(self, msg: str) -> None:
        self.items.append(msg)

    def raise_if_any(self) -> None:
        if self.items:
            shown = self.items[:MAX_ERRORS]
            more = len(self.items) - len(shown)
            tail = f"; and {more} more" if more > 0 else ""
            raise ImportValidationError(
                f"{self.source}: {len(self.items)} problem(s): " + "; ".join(shown) + tail
            )


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


def _parse_cell(f: Field, text: str) -> object:
    """Return the parsed value or raise ValueError with the reason."""
    if f.kind in ("text",):
        return text
    if f.kind == "id":
        if not _ID.match(text):
            raise ValueError("letters, digits, '-' or '_' (max 64 characters)")
        return text
    if f.kind == "enum":
        low = text.lower()
        if low not in f.choices:
            raise ValueError(f"one of {', '.join(f.choices)}")
        return low
    if f.kind == "kbli":
        try:
            return ";".join(parse_codes(text, "kbli"))
        except ValueError as err:
            raise ValueError(f"KBLI/ISIC codes of 2-5 digits (bad code {err})") from None
    if f.kind == "hs":
        try:
            return ";".join(parse_codes(text, "hs"))
        except ValueError as err:
            raise ValueError(f"HS codes of 2, 4 or 6 digits (bad code {err})") from None
    if f.kind == "certs":
        try:
            return ";".join(parse_certifications(text))
        except ValueError as err:
            raise ValueError(
                f"known certifications ({', '.join(CERTIFICATIONS)}); unknown {err}"
            ) from None
    try:
        value = _number(text)
    except ValueError:
        raise ValueError("a number") from None
    if f.kind == "share":
        if not 0 <= value <= 1:
            raise ValueError("a share between 0 and 1 (or a percentage such as 35%)")
    elif f.kind == "flag":
        if value not in (0, 1):
            raise ValueError("0 or 1")
    elif f.kind == "year":
        if not (1900 <= value <= 2100 and value == int(value)):
            raise ValueError("a year such as 2024")
    elif value < 0:
        raise ValueError("a non-negative number")
    elif f.kind == "count" and value != int(value):
        raise ValueError("a whole number")
    return value


def _parse_table(
    frame: pd.DataFrame, specs: Mapping[str, Field], errors: _Errors, table: str, key: str
) -> pd.DataFrame:
    frame = frame.rename(columns=lambda c: str(c).strip().lower())
    missing = [n for n, f in specs.items() if f.required and n not in frame.columns]
    if missing:
        errors.add(
            f"{table}: missing required column(s) {', '.join(missing)} "
            f"(found: {', '.join(map(str, frame.columns)) or 'none'})"
        )
        errors.raise_if_any()
    extra = [
        c for c in frame.columns if c not in specs and c not in ("unknown_fields", "derived_fields")
    ]
    if extra and not str(extra[0]).startswith("unnamed"):
        errors.add(
            f"{table}: unknown column(s) {', '.join(map(str, extra))} "
            f"(see the template's schema sheet)"
        )
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
                    errors.add(f"{table} row {line} ({key} {label!r}): '{name}' is required")
                out[name] = None
                continue
            try:
                out[name] = _parse_cell(f, text)
            except ValueError as err:
                errors.add(
                    f"{table} row {line} ({key} {label!r}): '{name}' must be {err} (got {text!r})"
                )
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
        errors.add("the cluster table has no rows")
        errors.raise_if_any()
    c = _parse_table(clusters, _FIELD_BY_NAME, errors, "clusters", "cluster_id")
    dup = c["cluster_id"].dropna()
    for cid in sorted(set(dup[dup.duplicated()])):
        lines = c.loc[c["cluster_id"] == cid, "_line"].tolist()
        errors.add(f"clusters: duplicate cluster_id {cid!r} on rows {', '.join(map(str, lines))}")
    if provinces is not None:
        allowed = {p.upper() for p in provinces} | {"INDONESIA"}
        for line, prov in zip(c["_line"], c["province"], strict=True):
            if prov and str(prov).upper() not in allowed:
                from gvc.errors import close_matches

                hint = close_matches(str(prov), allowed)
                tip = f"; did you mean {' or '.join(map(repr, hint))}?" if hint else ""
                errors.add(f"clusters row {line}: unknown province {prov!r}{tip}")
    c["province"] = c["province"].map(lambda p: p.upper() if isinstance(p, str) else p)
    c["regency"] = c["regency"].map(lambda p: p.upper() if isinstance(p, str) else p)
    for line, rec in zip(c["_line"], c.to_dict("records"), strict=True):
        classes = [rec[k] for k in ("firms_micro", "firms_small", "firms_medium", "firms_large")]
        known = [v for v in classes if v is not None]
        if rec["firms_total"] is not None and known and sum(known) > rec["firms_total"]:
            errors.add(
                f"clusters row {line}: firms by class add to {sum(known):g}, more than "
                f"firms_total {rec['firms_total']:g}"
            )
    f = empty_firms()
    if firms is not None and not firms.empty:
        ferr = _Errors(firms_source or source)
        f = _parse_table(firms, _FIRM_BY_NAME, ferr, "firms", "firm_id")
        ids = set(c["cluster_id"].dropna())
        for line, cid in zip(f["_line"], f["cluster_id"], strict=True):
            if cid is not None and cid not in ids:
                ferr.add(f"firms row {line}: cluster_id {cid!r} is not in the cluster table")
        pair = f[["cluster_id", "firm_id"]]
        for line in f.loc[pair.duplicated(), "_line"]:
            ferr.add(f"firms row {line}: duplicate firm_id within its cluster")
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
