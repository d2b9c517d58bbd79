"""Generators of bad input files for the reliability tests (all SYNTHETIC, deterministic).

Each importer format is described by a :class:`Format`: a file name the importer accepts, a
header and a few good rows, and which columns hold the value, the HS code, the country and the
year. The corruptions below turn that into a bad file; :func:`stream_csv` writes arbitrarily large
files from a row generator without holding them in memory; :func:`zip_bomb` and
:func:`zip_with_member` build hostile archives.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Format:
    """A small valid file of one importer's format and the columns the corruptions target."""

    kind: str
    filename: str
    header: list[str]
    rows: list[list[str]]
    value: str  # numeric value column
    code: str | None = None  # HS code column
    country: str | None = None  # ISO3 or numeric country column
    unknown_country: str = "XXX"
    required: str | None = None  # a required column (default: the value column)
    unknown_cells: tuple[tuple[str, str], ...] = ()  # cells that make an unknown country
    import_kwargs: dict[str, object] = field(default_factory=dict)

    def col(self, name: str) -> int:
        return self.header.index(name)

    def text(
        self, rows: Iterable[list[str]] | None = None, sep: str = ",", header: bool = True
    ) -> str:
        lines = [sep.join(self.header)] if header else []
        lines += [sep.join(r) for r in (self.rows if rows is None else rows)]
        return "\n".join(lines) + "\n"

    def with_cell(self, row: int, column: str, value: str) -> list[list[str]]:
        """The good rows with one cell replaced."""
        out = [list(r) for r in self.rows]
        out[row][self.col(column)] = value
        return out


# -- the formats (shapes follow the public files; values are SYNTHETIC) -------------------------

BACI = Format(
    kind="baci",
    filename="BACI_HS17_Y2020_V202301.csv",
    header=["t", "i", "j", "k", "v", "q"],
    rows=[
        ["2020", "4", "36", "071120", "0.727", "0.308"],
        ["2020", "4", "36", "080211", "2.404", ""],
        ["2020", "4", "381", "080620", "1.5", "NA"],
    ],
    value="v",
    code="k",
    country="j",
    unknown_country="999",
)

COMTRADE = Format(
    kind="comtrade",
    filename="TradeData_badinput_2020.csv",
    header=[
        "typeCode",
        "freqCode",
        "refYear",
        "reporterCode",
        "reporterISO",
        "flowCode",
        "partnerCode",
        "partnerISO",
        "partner2Code",
        "classificationCode",
        "cmdCode",
        "customsCode",
        "motCode",
        "netWgt",
        "primaryValue",
        "isAggregate",
    ],
    rows=[
        [
            "C",
            "A",
            "2020",
            "360",
            "IDN",
            "X",
            "842",
            "USA",
            "0",
            "H5",
            "090111",
            "C00",
            "0",
            "20",
            "100",
            "false",
        ],
        [
            "C",
            "A",
            "2020",
            "360",
            "IDN",
            "X",
            "392",
            "JPN",
            "0",
            "H5",
            "090111",
            "C00",
            "0",
            "10",
            "50",
            "false",
        ],
    ],
    value="primaryValue",
    code="cmdCode",
    country="partnerISO",
    unknown_country="XXX",
    unknown_cells=(("partnerCode", "998"),),
    import_kwargs={"name": "badinput"},
)

ATLAS = Format(
    kind="atlas",
    filename="hs92_country_country_product_year_6_2020.csv",
    header=[
        "country_id",
        "country_iso3_code",
        "partner_country_id",
        "partner_iso3_code",
        "product_id",
        "product_hs92_code",
        "year",
        "export_value",
        "import_value",
    ],
    rows=[
        ["1", "IDN", "2", "USA", "10", "090111", "2020", "1000", "0"],
        ["1", "IDN", "3", "JPN", "11", "090112", "2020", "250", "0"],
    ],
    value="export_value",
    code="product_hs92_code",
    country="country_iso3_code",
    import_kwargs={"name": "badinput"},
)

ICIO = Format(
    kind="icio",
    filename="2019.csv",
    header=["V1", "AAA_S1", "BBB_S1", "AAA_HFCE", "BBB_HFCE", "OUT"],
    rows=[
        ["AAA_S1", "5", "2", "20", "3", "30"],
        ["BBB_S1", "4", "6", "1", "29", "40"],
        ["TLS", "1", "2", "", "", ""],
        ["VA", "20", "30", "", "", ""],
        ["OUT", "30", "40", "", "", ""],
    ],
    value="BBB_S1",
    import_kwargs={"name": "badinput_icio"},
)

CLUSTERS = Format(
    kind="clusters",
    filename="badinput_clusters.csv",
    header=["cluster_id", "name", "province", "kbli", "hs_products", "firms_micro", "share_credit"],
    rows=[
        ["b1", "Kopi Garut", "JAWA BARAT", "1079", "0901", "10", "0.25"],
        ["b2", "Batik Garut", "JAWA BARAT", "1313", "5208", "4", "0.5"],
    ],
    value="firms_micro",
    code="hs_products",
    country="province",
    unknown_country="ATLANTIS",
    required="province",
)

TRADE_FORMATS = (BACI, COMTRADE, ATLAS)
ALL_FORMATS = (BACI, COMTRADE, ATLAS, ICIO, CLUSTERS)


# -- corruptions: each returns the bytes of a bad file -------------------------------------------


def empty(fmt: Format) -> bytes:
    return b""


def header_only(fmt: Format) -> bytes:
    return (",".join(fmt.header) + "\n").encode()


def truncated(fmt: Format) -> bytes:
    """The file cut in the middle of its last record (as by an interrupted download)."""
    text = fmt.text().encode()
    last = text.rstrip(b"\n").rfind(b"\n")
    return text[: last + 1 + max(2, (len(text) - last) // 3)]


def wrong_delimiter(fmt: Format) -> bytes:
    return fmt.text(sep="\t").encode()


def semicolon_delimiter(fmt: Format) -> bytes:
    return fmt.text(sep=";").encode()


def with_bom(fmt: Format) -> bytes:
    return b"\xef\xbb\xbf" + fmt.text().encode()


def latin1(fmt: Format) -> bytes:
    """Latin-1 bytes (not UTF-8) inside a text cell of the first row."""
    target = fmt.country or fmt.header[0]
    return fmt.text(fmt.with_cell(0, target, "C\xf4te")).encode("latin-1")


def binary_garbage(fmt: Format) -> bytes:
    """Bytes that are no text at all (an xlsx or a picture renamed .csv)."""
    return b"PK\x03\x04" + bytes(range(256)) * 16


def huge_number(fmt: Format) -> bytes:
    """A value that overflows a double (1e400 -> inf)."""
    return fmt.text(fmt.with_cell(0, fmt.value, "1e400")).encode()


def long_digits(fmt: Format) -> bytes:
    return fmt.text(fmt.with_cell(0, fmt.value, "9" * 400)).encode()


def nan_value(fmt: Format) -> bytes:
    return fmt.text(fmt.with_cell(0, fmt.value, "NaN")).encode()


def inf_value(fmt: Format) -> bytes:
    return fmt.text(fmt.with_cell(0, fmt.value, "inf")).encode()


def negative_value(fmt: Format) -> bytes:
    return fmt.text(fmt.with_cell(0, fmt.value, "-5")).encode()


def duplicate_rows(fmt: Format) -> bytes:
    return fmt.text([*fmt.rows, fmt.rows[0]]).encode()


def unknown_country(fmt: Format) -> bytes:
    rows = fmt.with_cell(0, fmt.country, fmt.unknown_country)
    for column, value in fmt.unknown_cells:
        rows[0][fmt.col(column)] = value
    return fmt.text(rows).encode()


def lost_leading_zeros(fmt: Format) -> bytes:
    """HS codes as a spreadsheet writes them after reading them as numbers ('090111' -> 90111)."""
    rows = [list(r) for r in fmt.rows]
    for r in rows:
        r[fmt.col(fmt.code)] = r[fmt.col(fmt.code)].lstrip("0")
    return fmt.text(rows).encode()


def mixed_hs_revisions(fmt: Format) -> bytes:
    """Comtrade rows classified in two HS revisions (H5 and H4) in one file."""
    return fmt.text(fmt.with_cell(1, "classificationCode", "H4")).encode()


def quote_never_closed(fmt: Format) -> bytes:
    rows = fmt.with_cell(0, fmt.header[1], '"unterminated')
    return fmt.text(rows).encode()


def missing_column(fmt: Format) -> bytes:
    keep = [i for i, h in enumerate(fmt.header) if h != (fmt.required or fmt.value)]
    rows = [[r[i] for i in keep] for r in fmt.rows]
    return (
        "\n".join([",".join(fmt.header[i] for i in keep), *[",".join(r) for r in rows]]) + "\n"
    ).encode()


CORRUPTIONS: dict[str, Callable[[Format], bytes]] = {
    "empty": empty,
    "header_only": header_only,
    "truncated": truncated,
    "tab_delimiter": wrong_delimiter,
    "semicolon_delimiter": semicolon_delimiter,
    "binary_garbage": binary_garbage,
    "latin1": latin1,
    "huge_number": huge_number,
    "long_digits": long_digits,
    "nan": nan_value,
    "inf": inf_value,
    "negative": negative_value,
    "duplicate_key": duplicate_rows,
    "unknown_country": unknown_country,
    "quote_never_closed": quote_never_closed,
    "missing_column": missing_column,
}


# -- large files and archives --------------------------------------------------------------------


def stream_csv(
    path: Path, header: list[str], rows: Iterator[list[str]], chunk: int = 10_000
) -> int:
    """Write ``rows`` (a generator) to ``path`` in chunks; return the number of rows written."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(header) + "\n")
        buf: list[str] = []
        for row in rows:
            buf.append(",".join(row))
            n += 1
            if len(buf) >= chunk:
                fh.write("\n".join(buf) + "\n")
                buf.clear()
        if buf:
            fh.write("\n".join(buf) + "\n")
    return n


def baci_rows(
    n: int, year: int = 2020, bad_at: int | None = None, bad_value: str = "-1"
) -> Iterator[list[str]]:
    """``n`` distinct, valid BACI rows (exporter 4 = AFG, importer among 20 countries); row
    ``bad_at`` (0-based) gets ``bad_value`` as its value."""
    importers = [
        36,
        40,
        56,
        76,
        124,
        156,
        251,
        276,
        699,
        360,
        392,
        410,
        458,
        484,
        528,
        643,
        702,
        764,
        826,
        842,
    ]
    for r in range(n):
        j = importers[r % len(importers)]
        k = 10000 + r // len(importers)  # 5-digit codes, as CEPII writes HS chapters 01-09
        v = bad_value if r == bad_at else f"{1 + r % 97}.5"
        yield [str(year), "4", str(j), str(k), v, ""]


def zip_bomb(path: Path, member: str, header: str, size: int = 20_000_000) -> Path:
    """A zip whose one member expands ~1000x (a run of zeros after a valid header)."""
    info = zipfile.ZipInfo(member)
    info.compress_type = zipfile.ZIP_DEFLATED
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open(info, "w", force_zip64=True) as fh,
    ):
        fh.write((header + "\n").encode())
        block = b"0" * 1_000_000
        for _ in range(size // len(block)):
            fh.write(block)
    return path


def zip_with_member(path: Path, member: str, data: bytes) -> Path:
    """A zip holding ``data`` under the member name ``member`` (e.g. ``../../evil.csv``)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, data)
    return path
