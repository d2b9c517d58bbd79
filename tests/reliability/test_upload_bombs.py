"""Uploads whose work is out of all proportion to their bytes are refused early (issue 18.2).

The bombs are generated here (synthetic): an .xlsx of ~10 KB with one cell in column XFD on each
of 1,000 rows (pandas' reader made it a 1,000 x 16,384 frame: 50 s and 833 MB), the same without
the sheet's declared dimension, a CSV whose header has 80,000 columns, tables over the row limit,
and an .xlsx that unpacks to more than the limit. Each must be refused with a message naming the
file and the bound, while tracemalloc's peak stays small (the work is bounded, not only the
bytes). Refusal times are in bench/bench_upload_bombs.py.
"""

from __future__ import annotations

import io
import re
import tomllib
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from gvc.errors import ImportValidationError
from gvc.registry import load_registry
from gvc.registry.schema import MAX_BYTES, MAX_ROWS, MAX_UNPACKED_BYTES

REPO = Path(__file__).resolve().parents[2]
HEADER = ["cluster_id", "name", "province", "kbli", "hs_products"]


def xfd_bomb(rows: int = 1000) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "clusters"
    ws.append(HEADER)
    for r in range(2, rows + 2):
        ws.cell(row=r, column=16384, value="x")
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def without_dimension(xlsx: bytes) -> bytes:
    """Rewrite an .xlsx with the <dimension> element removed from every sheet."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
            dst.writestr(info, data)
    return out.getvalue()


def refused(data: bytes, name: str, match: str, trace: bool = True) -> float:
    """Load and expect a refusal; return tracemalloc's peak in MB (0 when not traced).

    tracemalloc slows Python code several times; the long-table cases run untraced.
    """
    if not trace:
        with pytest.raises(ImportValidationError, match=match) as err:
            load_registry(data, filename=name)
        assert name in str(err.value)
        return 0.0
    tracemalloc.start()
    try:
        with pytest.raises(ImportValidationError, match=match) as err:
            load_registry(data, filename=name)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert name in str(err.value)
    assert len(str(err.value)) < 600
    return peak / 1e6


def test_xfd_bomb_is_refused_from_its_declared_dimension() -> None:
    data = xfd_bomb()
    assert len(data) < 20_000
    peak = refused(data, "bomb.xlsx", r"sheet 'clusters' uses columns up to XFD \(16,384\)")
    assert peak < 30


def test_xfd_bomb_without_a_dimension_is_refused_while_streaming() -> None:
    data = without_dimension(xfd_bomb())
    peak = refused(data, "bomb.xlsx", r"sheet .clusters. uses columns up to XFD \(16,384\)")
    assert peak < 30


def test_wide_csv_is_refused_before_pandas_reads_it() -> None:
    header = ",".join(f"c{i}" for i in range(80_000))
    data = (header + "\n" + ",".join("1" for _ in range(80_000)) + "\n").encode()
    assert len(data) < MAX_BYTES
    peak = refused(data, "wide.csv", r"the header has 80,000 columns; a registry has at most 100")
    assert peak < 30


def test_long_tables_are_refused() -> None:
    line = "a,b,JAWA BARAT,1079,2106\n"
    data = (",".join(HEADER) + "\n" + line * (MAX_ROWS + 1)).encode()
    refused(data, "long.csv", rf"a registry has at most {MAX_ROWS:,} rows", trace=False)
    book = openpyxl.Workbook()  # not write-only: that mode declares no dimension
    ws = book.active
    ws.title = "clusters"
    ws.append(HEADER)
    for i in range(MAX_ROWS + 1):
        ws.append([f"c{i}", "n", "JAWA BARAT", "1079", "2106"])
    buf = io.BytesIO()
    book.save(buf)
    sized = buf.getvalue()
    refused(sized, "long.xlsx", rf"has {MAX_ROWS + 1:,} rows; a registry has at most", trace=False)
    refused(without_dimension(sized), "long.xlsx", rf"more than {MAX_ROWS:,} rows", trace=False)


def test_xlsx_that_unpacks_past_the_limit_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/padding.xml", b" " * (MAX_UNPACKED_BYTES + 1))
    data = buf.getvalue()
    assert len(data) < 100_000
    refused(data, "zip.xlsx", r"unpacks to 50,000,001 bytes, over the limit of 50,000,000")


def test_only_the_registry_sheets_are_read() -> None:
    """A third sheet full of cells beyond the bounds is never parsed."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "clusters"
    ws.append(HEADER)
    ws.append(["c1", "Batik", "JAWA BARAT", "13134", "5208"])
    other = book.create_sheet("notes")
    other.cell(row=1, column=16384, value="x")
    buf = io.BytesIO()
    book.save(buf)
    reg = load_registry(buf.getvalue(), filename="ok.xlsx")
    assert list(reg.clusters["cluster_id"]) == ["c1"]
    assert reg.clusters.loc[0, "kbli"] == "13134"


def test_error_messages_stay_short_whatever_the_cells_hold() -> None:
    rows = "\n".join(f"c{i},Batik,JAWA BARAT,{'9' * 5000},5208" for i in range(40))
    data = (",".join(HEADER) + "\n" + rows + "\n").encode()
    with pytest.raises(ImportValidationError) as err:
        load_registry(data, filename="long_cells.csv")
    assert "40 problem(s)" in str(err.value)
    assert len(str(err.value)) < 15 * 300 + 200


def test_streamlit_upload_limit_is_gvcs_own() -> None:
    conf = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    limit = conf["server"]["maxUploadSize"] * 1024 * 1024  # Streamlit counts MiB
    assert MAX_BYTES <= limit < MAX_BYTES + 1024 * 1024
