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
from dataclasses import dataclass, field, replace

import pandas as pd

from gvc import i18n
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
    example: str
    choices: tuple[str, ...] = ()
    firm: bool = False  # a column of the firms sheet

    def describe(self, lang: str) -> str:
        """Return what the column holds, in ``lang`` (catalog ``reg.field.*`` / ``reg.firm.*``)."""
        return i18n.text(f"reg.{'firm' if self.firm else 'field'}.{self.name}", lang)

    @property
    def description(self) -> str:
        """What the column holds, in English."""
        return self.describe("en")

    @property
    def description_id(self) -> str:
        """What the column holds, in Indonesian."""
        return self.describe("id")


FIELDS: tuple[Field, ...] = (
    Field(
        "cluster_id",
        "id",
        True,
        "",
        "example-1",
    ),
    Field("name", "text", True, "", "EXAMPLE batik cluster (replace)"),
    Field("name_id", "text", False, "", "CONTOH klaster batik (ganti)"),
    Field(
        "province",
        "text",
        True,
        "",
        "JAWA BARAT",
    ),
    Field(
        "regency",
        "text",
        False,
        "",
        "KABUPATEN GARUT",
    ),
    Field(
        "kbli",
        "kbli",
        True,
        "",
        "13134;14111",
    ),
    Field(
        "hs_products",
        "hs",
        False,
        "",
        "5208;6205;6206",
    ),
    Field(
        "size_basis",
        "enum",
        False,
        "",
        "workers",
        ("workers", "sales", "capital"),
    ),
    Field("firms_micro", "count", False, "firms", "120"),
    Field("firms_small", "count", False, "firms", "30"),
    Field("firms_medium", "count", False, "firms", "4"),
    Field("firms_large", "count", False, "firms", "0"),
    Field(
        "firms_total",
        "count",
        False,
        "firms",
        "154",
    ),
    Field("workers", "count", False, "persons", "640"),
    Field(
        "workers_micro",
        "count",
        False,
        "persons",
        "250",
    ),
    Field(
        "workers_small",
        "count",
        False,
        "persons",
        "300",
    ),
    Field(
        "workers_medium",
        "count",
        False,
        "persons",
        "90",
    ),
    Field(
        "annual_sales_idr",
        "idr",
        False,
        "IDR/year",
        "45000000000",
    ),
    Field(
        "capital_idr",
        "idr",
        False,
        "IDR",
        "9000000000",
    ),
    Field(
        "output_idr",
        "idr",
        False,
        "IDR/year",
        "52000000000",
    ),
    Field(
        "value_added_idr",
        "idr",
        False,
        "IDR/year",
        "21000000000",
    ),
    Field(
        "export_share",
        "share",
        False,
        "0-1",
        "0.08",
    ),
    Field(
        "share_exporting",
        "share",
        False,
        "0-1",
        "0.05",
    ),
    Field(
        "certifications",
        "certs",
        False,
        "",
        "HALAL;SNI",
    ),
    Field(
        "share_certified",
        "share",
        False,
        "0-1",
        "0.2",
    ),
    Field(
        "share_credit",
        "share",
        False,
        "0-1",
        "0.15",
    ),
    Field(
        "share_partnership",
        "share",
        False,
        "0-1",
        "0.1",
    ),
    Field(
        "share_internet",
        "share",
        False,
        "0-1",
        "0.45",
    ),
    Field(
        "share_innovation",
        "share",
        False,
        "0-1",
        "0.2",
    ),
    Field("year", "year", False, "", "2024"),
    Field(
        "source",
        "text",
        False,
        "",
        "Dinas Koperasi survey 2024",
    ),
    Field("notes", "text", False, "", ""),
    Field("notes_id", "text", False, "", "CONTOH catatan (ganti)"),
)

FIRM_FIELDS: tuple[Field, ...] = (
    Field("cluster_id", "id", True, "", "example-1"),
    Field("firm_id", "id", True, "", "f001"),
    Field("workers", "count", False, "persons", "6"),
    Field(
        "annual_sales_idr",
        "idr",
        False,
        "IDR/year",
        "850000000",
    ),
    Field(
        "capital_idr",
        "idr",
        False,
        "IDR",
        "300000000",
    ),
    Field(
        "exports",
        "flag",
        False,
        "0/1",
        "0",
    ),
    Field("has_credit", "flag", False, "0/1", "1"),
    Field(
        "has_partnership",
        "flag",
        False,
        "0/1",
        "0",
    ),
    Field(
        "uses_internet",
        "flag",
        False,
        "0/1",
        "1",
    ),
    Field(
        "certified",
        "flag",
        False,
        "0/1",
        "0",
    ),
)
FIRM_FIELDS = tuple(replace(f, firm=True) for f in FIRM_FIELDS)

#: Certification keys (upper case, letters and digits only) and what they are.

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,63}$")
_FIELD_BY_NAME = {f.name: f for f in FIELDS}
_FIRM_BY_NAME = {f.name: f for f in FIRM_FIELDS}
#: Optional fields a registry may leave unknown (texts and their Indonesian twins are not data).
OPTIONAL = tuple(f.name for f in FIELDS if not f.required
                 and f.name not in ("notes", "source", "name_id", "notes_id"))


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
