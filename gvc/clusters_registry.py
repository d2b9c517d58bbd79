"""The MSE cluster registry: schema, template, validated import and the shipped example registries.

A registry is one table with a row per cluster (columns in :data:`FIELDS`) and, optionally, a
second table of per-firm records (columns in :data:`FIRM_FIELDS`). It is read from CSV or Excel
(sheet ``clusters`` and optional sheet ``firms``), validated field by field, and normalised:
codes become ``;``-separated strings with their leading zeros, numbers become floats, and every
optional field the source leaves empty is listed in ``unknown_fields`` (it stays null; nothing is
imputed).

Everything here is pure (pandas in, pandas out); :mod:`gvc.clusters` adds the database checks.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from gvc.errors import ImportValidationError, InvalidInputError

#: Largest registry file accepted (bytes).
MAX_BYTES = 5_000_000
#: Most errors listed in one :class:`ImportValidationError` message.
MAX_ERRORS = 15


@dataclass(frozen=True)
class Field:
    """One registry column."""

    name: str
    kind: str  # id, text, kbli, hs, count, idr, share, certs, enum, year
    required: bool
    unit: str
    description: str
    description_id: str
    example: str
    choices: tuple[str, ...] = ()


FIELDS: tuple[Field, ...] = (
    Field(
        "cluster_id",
        "id",
        True,
        "",
        "Unique id: letters, digits, '-', '_' (max 64)",
        "Id unik: huruf, angka, '-', '_' (maks. 64)",
        "example-1",
    ),
    Field(
        "name", "text", True, "", "Cluster name", "Nama klaster", "EXAMPLE batik cluster (replace)"
    ),
    Field(
        "province",
        "text",
        True,
        "",
        "Province (BPS name, e.g. JAWA BARAT) or INDONESIA",
        "Provinsi (nama BPS, mis. JAWA BARAT) atau INDONESIA",
        "JAWA BARAT",
    ),
    Field(
        "regency",
        "text",
        False,
        "",
        "Regency or city (kabupaten/kota)",
        "Kabupaten/kota",
        "KABUPATEN GARUT",
    ),
    Field(
        "kbli",
        "kbli",
        True,
        "",
        "KBLI 2020 / ISIC Rev.4 codes (2-5 digits), ';'-separated",
        "Kode KBLI 2020 / ISIC Rev.4 (2-5 digit), dipisah ';'",
        "1313;1410",
    ),
    Field(
        "hs_products",
        "hs",
        False,
        "",
        "HS codes of products made (4 or 6 digits), ';'-separated",
        "Kode HS produk yang dibuat (4 atau 6 digit), dipisah ';'",
        "5208;6205;6206",
    ),
    Field(
        "size_basis",
        "enum",
        False,
        "",
        "Criterion of the firms_* counts: workers (BPS bands), sales or capital (PP 7/2021)",
        "Kriteria kolom firms_*: workers (tenaga kerja BPS), sales atau capital (PP 7/2021)",
        "workers",
        ("workers", "sales", "capital"),
    ),
    Field("firms_micro", "count", False, "firms", "Micro firms", "Usaha mikro", "120"),
    Field("firms_small", "count", False, "firms", "Small firms", "Usaha kecil", "30"),
    Field("firms_medium", "count", False, "firms", "Medium firms", "Usaha menengah", "4"),
    Field("firms_large", "count", False, "firms", "Large firms", "Usaha besar", "0"),
    Field(
        "firms_total",
        "count",
        False,
        "firms",
        "All firms (sum of the classes if empty)",
        "Jumlah usaha (jumlah kelas jika kosong)",
        "154",
    ),
    Field(
        "workers", "count", False, "persons", "Persons engaged, all firms", "Tenaga kerja", "640"
    ),
    Field(
        "workers_micro",
        "count",
        False,
        "persons",
        "Persons engaged in micro firms",
        "Tenaga kerja usaha mikro",
        "250",
    ),
    Field(
        "workers_small",
        "count",
        False,
        "persons",
        "Persons engaged in small firms",
        "Tenaga kerja usaha kecil",
        "300",
    ),
    Field(
        "workers_medium",
        "count",
        False,
        "persons",
        "Persons engaged in medium firms",
        "Tenaga kerja usaha menengah",
        "90",
    ),
    Field(
        "annual_sales_idr",
        "idr",
        False,
        "IDR/year",
        "Annual sales, all firms",
        "Hasil penjualan tahunan, semua usaha",
        "45000000000",
    ),
    Field(
        "capital_idr",
        "idr",
        False,
        "IDR",
        "Business capital excl. land and buildings, all firms",
        "Modal usaha di luar tanah dan bangunan",
        "9000000000",
    ),
    Field(
        "output_idr",
        "idr",
        False,
        "IDR/year",
        "Output value, all firms",
        "Nilai output",
        "52000000000",
    ),
    Field(
        "value_added_idr",
        "idr",
        False,
        "IDR/year",
        "Value added, all firms",
        "Nilai tambah",
        "21000000000",
    ),
    Field(
        "export_share",
        "share",
        False,
        "0-1",
        "Share of output exported (direct + indirect)",
        "Pangsa output yang diekspor (langsung + tidak langsung)",
        "0.08",
    ),
    Field(
        "share_exporting",
        "share",
        False,
        "0-1",
        "Share of firms that export",
        "Pangsa usaha yang mengekspor",
        "0.05",
    ),
    Field(
        "certifications",
        "certs",
        False,
        "",
        "Certifications held in the cluster, ';'-separated (SNI, HALAL, HACCP, ISO9001, SVLK, ...)",
        "Sertifikasi yang dimiliki, dipisah ';' (SNI, HALAL, HACCP, ISO9001, SVLK, ...)",
        "HALAL;SNI",
    ),
    Field(
        "share_certified",
        "share",
        False,
        "0-1",
        "Share of firms holding any product or system certification",
        "Pangsa usaha bersertifikat",
        "0.2",
    ),
    Field(
        "share_credit",
        "share",
        False,
        "0-1",
        "Share of firms with a loan or credit access",
        "Pangsa usaha dengan pinjaman/kredit",
        "0.15",
    ),
    Field(
        "share_partnership",
        "share",
        False,
        "0-1",
        "Share of firms in partnership with medium or large firms",
        "Pangsa usaha bermitra dengan usaha menengah/besar",
        "0.1",
    ),
    Field(
        "share_internet",
        "share",
        False,
        "0-1",
        "Share of firms using the internet for business",
        "Pangsa usaha yang menggunakan internet",
        "0.45",
    ),
    Field(
        "share_innovation",
        "share",
        False,
        "0-1",
        "Share of firms that introduced a new product or process in the last two years",
        "Pangsa usaha dengan produk/proses baru (2 tahun)",
        "0.2",
    ),
    Field("year", "year", False, "", "Reference year of the figures", "Tahun data", "2024"),
    Field(
        "source",
        "text",
        False,
        "",
        "Where the figures come from",
        "Sumber data",
        "Dinas Koperasi survey 2024",
    ),
    Field("notes", "text", False, "", "Free notes", "Catatan", ""),
)

FIRM_FIELDS: tuple[Field, ...] = (
    Field(
        "cluster_id", "id", True, "", "Cluster the firm belongs to", "Klaster usaha", "example-1"
    ),
    Field("firm_id", "id", True, "", "Firm id, unique within the cluster", "Id usaha", "f001"),
    Field("workers", "count", False, "persons", "Persons engaged", "Tenaga kerja", "6"),
    Field(
        "annual_sales_idr",
        "idr",
        False,
        "IDR/year",
        "Annual sales",
        "Penjualan tahunan",
        "850000000",
    ),
    Field(
        "capital_idr",
        "idr",
        False,
        "IDR",
        "Business capital excl. land and buildings",
        "Modal usaha",
        "300000000",
    ),
    Field(
        "exports",
        "flag",
        False,
        "0/1",
        "Exports (1) or not (0)",
        "Mengekspor (1) atau tidak (0)",
        "0",
    ),
    Field("has_credit", "flag", False, "0/1", "Has a loan or credit", "Punya pinjaman", "1"),
    Field(
        "has_partnership",
        "flag",
        False,
        "0/1",
        "Partnership with a medium or large firm",
        "Bermitra dengan usaha menengah/besar",
        "0",
    ),
    Field(
        "uses_internet",
        "flag",
        False,
        "0/1",
        "Uses the internet for business",
        "Menggunakan internet",
        "1",
    ),
    Field(
        "certified",
        "flag",
        False,
        "0/1",
        "Holds a product or system certification",
        "Bersertifikat",
        "0",
    ),
)

#: Certification keys (upper case, letters and digits only) and what they are.
CERTIFICATIONS: dict[str, str] = {
    "SNI": "Standar Nasional Indonesia product certificate (SPPT-SNI)",
    "HALAL": "Halal certificate (BPJPH / MUI)",
    "HACCP": "Hazard Analysis and Critical Control Points",
    "ISO9001": "ISO 9001 quality management",
    "ISO22000": "ISO 22000 food safety management",
    "FSSC22000": "FSSC 22000 food safety scheme",
    "BRCGS": "BRCGS food safety standard",
    "GMP": "Good manufacturing practice (CPPOB)",
    "BPOM": "BPOM processed-food registration (MD)",
    "PIRT": "Home-industry food permit (SPP-IRT)",
    "SVLK": "Timber legality assurance (SVLK / V-Legal, FLEGT licence)",
    "FSC": "Forest Stewardship Council",
    "PEFC": "PEFC forest certification",
    "ORGANIC": "Organic certification (SNI organic, EU, USDA NOP, JAS)",
    "FAIRTRADE": "Fairtrade",
    "RAINFOREST": "Rainforest Alliance",
    "MSC": "Marine Stewardship Council",
    "ASC": "Aquaculture Stewardship Council",
    "ISPO": "Indonesian Sustainable Palm Oil",
    "RSPO": "Roundtable on Sustainable Palm Oil",
    "OEKOTEX": "OEKO-TEX Standard 100",
    "GOTS": "Global Organic Textile Standard",
    "KOSHER": "Kosher certificate",
    "ISO14001": "ISO 14001 environmental management",
}

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,63}$")
_FIELD_BY_NAME = {f.name: f for f in FIELDS}
_FIRM_BY_NAME = {f.name: f for f in FIRM_FIELDS}
#: Optional fields whose absence is reported in ``unknown_fields``.
OPTIONAL = tuple(f.name for f in FIELDS if not f.required and f.name not in ("notes", "source"))


@dataclass
class Registry:
    """A validated registry: clusters (one row each) and optional per-firm records."""

    clusters: pd.DataFrame
    firms: pd.DataFrame = field(default_factory=lambda: empty_firms())
    source: str = ""

    def __len__(self) -> int:
        return len(self.clusters)


def empty_firms() -> pd.DataFrame:
    """Return an empty per-firm table with the registry's firm columns."""
    return pd.DataFrame({f.name: pd.Series(dtype=_dtype(f)) for f in FIRM_FIELDS})


def _dtype(f: Field) -> str:
    return "float64" if f.kind in ("count", "idr", "share", "year", "flag") else "object"


# -- schema and template ---------------------------------------------------------------------


def schema(lang: str = "en", firms: bool = False) -> pd.DataFrame:
    """Describe the registry columns.

    Parameters
    ----------
    lang : {"en", "id"}
        Language of the descriptions.
    firms : bool
        Describe the per-firm table instead of the cluster table.

    Returns
    -------
    DataFrame
        Columns field, type, required, unit, description, example.
    """
    if lang not in ("en", "id"):
        raise InvalidInputError(f"'lang' must be 'en' or 'id' (got {lang!r})")
    rows = []
    for f in FIRM_FIELDS if firms else FIELDS:
        kind = f.kind + (f" ({'/'.join(f.choices)})" if f.choices else "")
        rows.append(
            {
                "field": f.name,
                "type": kind,
                "required": "yes" if f.required else "no",
                "unit": f.unit,
                "description": f.description_id if lang == "id" else f.description,
                "example": f.example,
            }
        )
    return pd.DataFrame(rows)


def template_frames() -> dict[str, pd.DataFrame]:
    """Return the template sheets: ``clusters`` and ``firms`` (one example row each) and ``schema``.

    The example rows are illustrations of the format, labelled as such in ``notes``/ids; they are
    not data.
    """
    example = {f.name: f.example for f in FIELDS}
    example["notes"] = "EXAMPLE ROW - replace with your cluster"
    firm = {f.name: f.example for f in FIRM_FIELDS}
    sch = schema("en")
    sch["description_id"] = schema("id")["description"]
    fsch = schema("en", firms=True)
    fsch["description_id"] = schema("id", firms=True)["description"]
    fsch.insert(0, "table", "firms")
    sch.insert(0, "table", "clusters")
    return {
        "clusters": pd.DataFrame([example], columns=[f.name for f in FIELDS]),
        "firms": pd.DataFrame([firm], columns=[f.name for f in FIRM_FIELDS]),
        "schema": pd.concat([sch, fsch], ignore_index=True),
    }


def template_bytes(fmt: str = "xlsx") -> bytes:
    """Return the registry template as CSV (cluster table only) or XLSX (all sheets) bytes."""
    frames = template_frames()
    if fmt == "csv":
        return frames["clusters"].to_csv(index=False).encode("utf-8")
    if fmt != "xlsx":
        raise InvalidInputError(f"'fmt' must be 'csv' or 'xlsx' (got {fmt!r})")
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        for name, frame in frames.items():
            frame.to_excel(xl, sheet_name=name, index=False)
    return buf.getvalue()


def write_template(path: str | Path) -> Path:
    """Write the template to ``path`` (``.csv`` or ``.xlsx``) and return the path."""
    out = Path(path)
    suffix = out.suffix.lower().lstrip(".")
    if suffix not in ("csv", "xlsx"):
        raise InvalidInputError(f"'--out' must end in .csv or .xlsx (got {str(path)!r})")
    if not out.parent.exists():
        raise InvalidInputError(f"'--out': folder {str(out.parent)!r} does not exist")
    out.write_bytes(template_bytes(suffix))
    return out


# -- reading ---------------------------------------------------------------------------------


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


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


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


# -- the shipped registries from the embedded BPS data -----------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def imk_registry(imk: pd.DataFrame, support: pd.DataFrame) -> pd.DataFrame:
    """Build one cluster per province from BPS IMK 2025 (micro and small manufacturing).

    Parameters
    ----------
    imk : DataFrame
        Table ``msme_imk_province`` (island, province, size_class, firms, workers, ...,
        output_m_idr, value_added_m_idr; million IDR).
    support : DataFrame
        Table ``msme_imk_province_support`` (internet_no/yes, firms_with_loans,
        partnership_no/yes; firm counts).

    Returns
    -------
    DataFrame
        Registry rows (columns of :data:`FIELDS`); ``size_basis`` = workers (BPS bands: micro
        1-4, small 5-19 persons engaged). Shares: internet and partnership over the firms that
        answered (yes + no), loans over all firms. Fields BPS does not publish here (sales,
        capital, HS products, certifications, export share) stay null.
    """
    wide = imk.pivot_table(
        index=["island", "province"],
        columns="size_class",
        values=["firms", "workers", "output_m_idr", "value_added_m_idr"],
        aggfunc="sum",
    )
    rows = []
    sup = support.set_index("province")
    for (_island, prov), r in wide.iterrows():
        s = sup.loc[prov]
        internet = s["internet_yes"] + s["internet_no"]
        partner = s["partnership_yes"] + s["partnership_no"]
        rows.append(
            {
                "cluster_id": f"imk2025-{_slug(prov)}",
                "name": f"Micro and small manufacturing, {prov.title()} (BPS IMK 2025)",
                "province": prov,
                "regency": None,
                "kbli": ";".join(str(d) for d in range(10, 34)),
                "hs_products": None,
                "size_basis": "workers",
                "firms_micro": float(r[("firms", "micro")]),
                "firms_small": float(r[("firms", "small")]),
                "firms_medium": None,
                "firms_large": None,
                "firms_total": float(r[("firms", "total")]),
                "workers": float(r[("workers", "total")]),
                "workers_micro": float(r[("workers", "micro")]),
                "workers_small": float(r[("workers", "small")]),
                "workers_medium": None,
                "annual_sales_idr": None,
                "capital_idr": None,
                "output_idr": float(r[("output_m_idr", "total")]) * 1e6,
                "value_added_idr": float(r[("value_added_m_idr", "total")]) * 1e6,
                "export_share": None,
                "share_exporting": None,
                "certifications": None,
                "share_certified": None,
                "share_credit": float(s["firms_with_loans"]) / float(r[("firms", "total")]),
                "share_partnership": float(s["partnership_yes"]) / partner if partner else None,
                "share_internet": float(s["internet_yes"]) / internet if internet else None,
                "share_innovation": None,
                "year": 2025.0,
                "source": "BPS, Profil Industri Mikro dan Kecil 2025 (tables by province)",
                "notes": "Whole micro and small manufacturing sector of the province (KBLI 10-33); "
                "medium/large firms are outside the IMK survey. Internet and partnership "
                "shares are over the firms counted in those tables.",
            }
        )
    return _finish(pd.DataFrame(rows))


def jabar_registry(
    jabar: pd.DataFrame, mapping: pd.DataFrame, year: int | None = None
) -> pd.DataFrame:
    """Build one cluster per West Java regency and UMKM category (Open Data Jabar).

    Parameters
    ----------
    jabar : DataFrame
        Table ``jabar_umkm`` (year, province_code, regency_code, regency, category, units).
    mapping : DataFrame
        ``data/concordances/jabar_umkm_category_to_kbli_hs.csv`` (category -> KBLI/ISIC4 and
        HS92 4-digit codes, compiled for gvc).
    year : int, optional
        The year to use (default: the latest).

    Returns
    -------
    DataFrame
        Registry rows; ``firms_total`` = the projected number of UMKM units (all size classes,
        micro to medium, not split by class in the source). Categories without a mapping row
        (JASA/LAINNYA, services and other) are left out. Every other field is unknown.
    """
    y = int(jabar["year"].max()) if year is None else int(year)
    sub = jabar[jabar["year"] == y]
    if sub.empty:
        raise InvalidInputError(f"'year': {y} not in the West Java UMKM table")
    m = mapping.set_index("category")
    rows = []
    for rec in sub.sort_values(["regency_code", "category"]).to_dict("records"):
        cat = rec["category"]
        if cat not in m.index:
            continue
        mp = m.loc[cat]
        hs = mp["hs92_4"] if isinstance(mp["hs92_4"], str) and mp["hs92_4"] else None
        note = (
            "Unit count is an official projection (Open Data Jabar, 'proyeksi jumlah "
            "UMKM'), covering micro, small and medium units. KBLI/HS mapping of the category "
            "compiled for gvc (data/concordances/jabar_umkm_category_to_kbli_hs.csv)."
        )
        if cat in ("AKSESORIS", "BATIK"):
            note += " The source's AKSESORIS and BATIK counts are identical in every row."
        if hs is None:
            note += " Food service: no traded goods."
        rows.append(
            {
                "cluster_id": f"jabar-{rec['regency_code']}-{_slug(cat)}",
                "name": f"{mp['label_en']}, {str(rec['regency']).title()}",
                "province": "JAWA BARAT",
                "regency": rec["regency"],
                "kbli": mp["kbli_isic4"],
                "hs_products": hs,
                "firms_total": float(rec["units"]),
                "year": float(y),
                "source": "Open Data Jabar, Dinas Koperasi dan Usaha Kecil Jawa Barat: "
                "proyeksi jumlah UMKM by kabupaten/kota and kategori usaha",
                "notes": note,
            }
        )
    return _finish(pd.DataFrame(rows))


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a built registry every column, numeric dtypes and ``unknown_fields``."""
    for f in FIELDS:
        if f.name not in frame.columns:
            frame[f.name] = None
        if f.kind in ("count", "idr", "share", "year"):
            frame[f.name] = pd.to_numeric(frame[f.name], errors="coerce").astype("float64")
    frame = frame[[f.name for f in FIELDS]].copy()
    frame["unknown_fields"] = [
        ";".join(n for n in OPTIONAL if _is_missing(rec[n])) for rec in frame.to_dict("records")
    ]
    frame["derived_fields"] = ""
    return frame
