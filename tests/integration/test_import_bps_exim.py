"""``gvc import bps_exim``: the BPS EXIM portal's "Ekspor HS 2 Digit" download, real file.

The fixture ``tests/fixtures/bps_exim/exim_ekspor_2025.xlsx`` is the real portal download of
/work/shared/data/trade_flows/bps_exim_raw/ (HS 84-85, January-October 2025, destination x port x
month). Its own totals (the Totals column of each chapter row) are read here with openpyxl,
independently of the importer.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from numpy.testing import assert_allclose

import gvc
from gvc.errors import ImportValidationError
from tests.helpers import DATA, private_home, table_checksums

REAL = Path(__file__).resolve().parents[1] / "fixtures/bps_exim/exim_ekspor_2025.xlsx"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private GVC_HOME with its own database, built once for this module."""
    with private_home(tmp_path_factory.mktemp("gvc_bps_home"), build=True) as h:
        yield h


def _open(home: Path) -> gvc.Gvc:
    return gvc.connect(home / "gvc.duckdb", data_dir=DATA)


def _file_totals() -> tuple[dict[str, float], float, float]:
    """Return the file's Totals per chapter, its grand total and column D (no destination)."""
    wb = openpyxl.load_workbook(REAL, read_only=True, data_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    last = max(i for i, v in enumerate(rows[1]) if v == "Totals")
    per = {str(r[0])[1:3]: float(r[last]) for r in rows[5:-1]}
    assert rows[1][3] is None  # column D has no destination name in this download
    unnamed = sum(float(r[3] or 0) for r in rows[5:-1])
    return per, float(rows[-1][last]), unnamed


def _damaged(tmp_path: Path, cell: str, value: object, name: str = "damaged.xlsx") -> Path:
    wb = openpyxl.load_workbook(REAL)
    ws = wb.worksheets[0]
    if cell == "E6" and value == -100.0:
        # a negative cell whose row, column and grand totals were edited to agree with it
        assert ws["E6"].value == 100
        for total in ("GWS6", "E8", "GWS8"):
            ws[total] = ws[total].value - 200
    ws[cell] = value
    out = tmp_path / name
    wb.save(out)
    return out


def test_real_portal_file_imports_and_matches_its_own_totals(home: Path) -> None:
    per, grand, unnamed = _file_totals()
    assert_allclose(sum(per.values()), grand, atol=1.0)
    con = _open(home)
    res = con.import_file("bps_exim", REAL)
    con.close()
    rep = res["reports"][0]
    assert rep["skipped"] == {"value cell in a column without a destination name": 1}
    assert rep["rows_written"] == 8284
    assert rep["rejected"] == {}
    assert any("2025: months 1-10" in w for w in rep["warnings"])
    con = _open(home)
    got = dict(con.store.cursor().execute(
        "select product, sum(value_usd) from trade_flows where source = 'bps_exim_exim_ekspor_2025'"
        " group by 1").fetchall())
    assert set(got) == {"84", "85"}
    for chapter, total in per.items():
        # the file's Totals include the one unnamed-destination cell (chapter 84, 19,308.94 USD)
        extra = unnamed if chapter == "84" else 0.0
        assert_allclose(got[chapter] + extra, total, atol=1.0)
    # every destination is an ISO3 code and equals the embedded summary of the same raw file
    diff = con.store.cursor().execute(
        """select count(*), coalesce(max(abs(a.v - b.v)), 0) from
           (select importer, product, sum(value_usd) v from trade_flows
            where source = 'bps_exim_exim_ekspor_2025' group by all) a
           full join (select importer, product, sum(value_usd) v from trade_flows
            where source = 'bps_exim_hs84_85' and year = 2025 group by all) b
           using (importer, product)
           where a.v is null or b.v is null or abs(a.v - b.v) > 0.01"""
    ).fetchone()
    assert diff == (0, 0)
    meta = con.store.cursor().execute(
        "select distinct hs_revision, level, exporter from trade_flows"
        " where source = 'bps_exim_exim_ekspor_2025'").fetchall()
    assert meta == [("HS22", 2, "IDN")]
    assert "BPS EXIM exim_ekspor_2025 (trade_flows)" in set(con.datasets()["name"])
    assert con.chapter_exports("85", by="destination", years=2025)["source"].unique().tolist() \
        == ["bps_exim_exim_ekspor_2025"]  # an imported release comes before the embedded file
    con.close()


@pytest.mark.parametrize(
    ("cell", "value", "match"),
    [
        ("E6", 999999.0, r"row 6 \(\[84\] 2025\): the cells sum to .* but Totals"),
        ("E2", "ATLANTIS", "unknown destination name"),
        ("E6", "12x5", "'value' is not a number"),
        ("E6", -100.0, "negative export value"),
        ("C3", "Port", "cell C3 should read 'Pelabuhan'"),
        ("A6", "84 Machinery", r"cell A6 should hold an HS code"),
    ],
)
def test_damaged_copy_is_refused_and_nothing_changes(
    home: Path, tmp_path: Path, cell: str, value: object, match: str
) -> None:
    bad = _damaged(tmp_path, cell, value)
    before = table_checksums(home / "gvc.duckdb")
    manifest = (home / "imports/manifest.json").read_bytes() if (
        home / "imports/manifest.json").is_file() else b""
    con = _open(home)
    with pytest.raises(ImportValidationError, match=match):
        con.import_file("bps_exim", bad, release="damaged")
    con.close()
    assert table_checksums(home / "gvc.duckdb") == before
    after = (home / "imports/manifest.json").read_bytes() if (
        home / "imports/manifest.json").is_file() else b""
    assert after == manifest


def test_error_names_the_cell_and_quarantine_lands_the_rest(home: Path, tmp_path: Path) -> None:
    bad = _damaged(tmp_path, "G6", "n/a", "one_bad_cell.xlsx")  # was 20,019.32 USD
    con = _open(home)
    with pytest.raises(ImportValidationError, match=r"G6"):
        con.import_file("bps_exim", bad, release="q1")
    res = con.import_file("bps_exim", bad, release="q1", quarantine=True, replace=True)
    con.close()
    rep = res["reports"][0]
    assert rep["rejected"] == {"'value' is not a number": 1}
    assert rep["rows_written"] == 8284 - 1
    rejects = Path(rep["rejects_file"]).read_text()
    assert "G6" in rejects


def test_not_a_workbook_is_a_clear_error(home: Path, tmp_path: Path) -> None:
    fake = tmp_path / "ekspor.xlsx"
    shutil.copyfile(DATA / "concordances/bps_destination_names_to_iso3.csv", fake)
    con = _open(home)
    with pytest.raises(ImportValidationError, match=r"ekspor\.xlsx: not a readable \.xlsx workbook"):
        con.import_file("bps_exim", fake)
    con.close()


def _synthetic_8digit(path: Path) -> Path:
    """Write a SYNTHETIC 8-digit portal sheet (made-up values, the real layout) for a unit test."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Ekspor HS 8 Digit Tahun 2023"])
    ws.append([None, None, "Negara", "JAPAN", None, "VIET NAM", "Totals"])
    ws.append([None, None, "Pelabuhan", "TANJUNG PRIOK", "BELAWAN", "TANJUNG PRIOK", None])
    ws.append([None, None, "Bulan", "[01] Januari", "[02] Februari", "[12] Desember", None])
    ws.append(["Kode HS", "Tahun"])
    ws.append(["[84713010] Komputer genggam", 2023, None, 10.5, None, 4.5, 15.0])
    ws.append(["[84713090] Lain-lain", 2023, None, 1.0, 2.0, None, 3.0])
    ws.append(["Totals", None, None, 11.5, 2.0, 4.5, 18.0])
    wb.save(path)
    return path


def test_8digit_layout_sums_btki_lines_to_their_hs_subheading(tmp_path: Path) -> None:
    import duckdb

    from gvc.importers import bps_exim, validation

    src = _synthetic_8digit(tmp_path / "synthetic_8digit.xlsx")
    info = bps_exim.to_records(src, src.name, tmp_path / "records.csv")
    assert info["level"] == 8
    assert info["cells"] == 4
    assert info["totals"] == {("84713010", 2023): 15.0, ("84713090", 2023): 3.0}
    assert info["months"] == {2023: [1, 2, 12]}
    spec = bps_exim.spec(["JAPAN", "VIET NAM"], ["JPN", "VNM"], 8)
    rep = validation.convert(duckdb.connect(), spec, tmp_path / "records.csv", tmp_path / "out",
                             tmp_path / "rejects.csv")
    assert rep.rows_written == 4
    got = duckdb.connect().execute(
        "select importer, product, port, sum(value_usd) from read_parquet($g,"
        " hive_partitioning = true) group by all order by all",
        {"g": str(tmp_path / "out" / "**" / "*.parquet")},
    ).fetchall()
    assert got == [("JPN", "847130", "BELAWAN", 2.0), ("JPN", "847130", "TANJUNG PRIOK", 11.5),
                   ("VNM", "847130", "TANJUNG PRIOK", 4.5)]
    # a Totals cell that disagrees is refused, naming the row and the cell
    wb = openpyxl.load_workbook(src)
    wb.active["G7"] = 5.0  # 2 USD off: more than the 1 USD the portal's rounding allows
    wb.save(src)
    with pytest.raises(ImportValidationError, match=r"row 7 \(\[84713090\] 2023\).*G7"):
        bps_exim.to_records(src, src.name, tmp_path / "records2.csv")
