"""The MSE cluster registry schema: fields, per-firm fields, the :class:`Registry` container.

A registry is one table with a row per cluster (columns in :data:`FIELDS`) and, optionally, a
second table of per-firm records (columns in :data:`FIRM_FIELDS`). It is read from CSV or Excel
(sheet ``clusters`` and optional sheet ``firms``), validated field by field, and normalised:
codes become ``;``-separated strings with their leading zeros, numbers become floats, and every
optional field the source leaves empty is listed in ``unknown_fields`` (it stays null; nothing is
imputed).

Everything here is pure (pandas in, pandas out); :mod:`gvc.clusters` adds the database checks.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pandas as pd

from gvc.analytics.certifications import CERTIFICATIONS as CERTIFICATIONS

#: Largest registry file accepted (bytes).
MAX_BYTES = 5_000_000
#: Most errors listed in one :class:`ImportValidationError` message.
MAX_ERRORS = 15
#: The work of reading a registry is bounded before and while it is parsed, not only its bytes:
#: rows and columns of a table (the template has 31 cluster and 10 firm columns), the unpacked
#: size of an Excel file, and the seconds spent reading it.
MAX_ROWS = 20_000
MAX_COLUMNS = 100
MAX_UNPACKED_BYTES = 50_000_000
MAX_PARSE_SECONDS = 10.0


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
        "KBLI 2020 codes (2-5 digits, e.g. 13134 batik) or ISIC Rev.4 codes (2-4 digits), "
        "';'-separated",
        "Kode KBLI 2020 (2-5 digit, mis. 13134 batik) atau ISIC Rev.4 (2-4 digit), dipisah ';'",
        "13134;14111",
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


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""
