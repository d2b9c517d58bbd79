"""IO importers (OECD ICIO, WIOD 2016 WIOT, national table + layout) into the canonical io_* tables.

The ICIO fixture is the real embedded WIOD 2013 table for 2011 written in the ICIO 2023 CSV layout
(country_industry labels, final-demand columns, TLS/VA/OUT rows): importing it must give back the
same matrices, so the IO analytics on the imported table equal those on the embedded one.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import numpy as np
import pytest

import gvc
from gvc.errors import ImportValidationError
from tests.helpers import DATA, private_home

IO = DATA / "io_tables"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with private_home(tmp_path_factory.mktemp("gvc_io_import_home"), build=True) as h:
        yield h


def _open(home: Path) -> gvc.Gvc:
    return gvc.connect(home / "gvc.duckdb", data_dir=DATA)


def _icio_csv_from_wiod2013(path: Path, year: int) -> None:
    """Write the embedded WIOD 2013 table of ``year`` in the OECD ICIO CSV layout (DuckDB pivots)."""
    con = duckdb.connect()
    con.execute("set threads = 2")
    q = {
        "i": str(IO / "wiod2013_inter_1995_2011.parquet"),
        "f": str(IO / "wiod2013_final_1995_2011.parquet"),
        "o": str(IO / "wiod2013_output_1995_2011.parquet"),
        "y": year,
    }
    con.execute(
        """create table z as select replace(from_country, 'RoW', 'ROW') || '_' || from_sector
           as r, replace(to_country, 'RoW', 'ROW') || '_' || to_sector as c, value_musd as v
           from read_parquet($i) where year = $y""",
        {"i": q["i"], "y": year},
    )
    con.execute(
        """create table y as select replace(from_country, 'RoW', 'ROW') || '_' || from_sector
           as r, replace(to_country, 'RoW', 'ROW') || '_' || case fd_category
           when 'CONS_h' then 'HFCE' when 'CONS_np' then 'NPISH' when 'CONS_g' then 'GGFC'
           when 'INVEN' then 'INVNT' else fd_category end as c, value_musd as v
           from read_parquet($f) where year = $y""",
        {"f": q["f"], "y": year},
    )
    con.execute(
        """create table o as select replace(country, 'RoW', 'ROW') || '_' || sector as r,
           gross_output_musd as v from read_parquet($o) where year = $y""",
        {"o": q["o"], "y": year},
    )
    rows = [
        r[0]
        for r in con.execute(
            "select r from o order by split_part(r, '_', 1) = 'ROW', split_part(r, '_', 1),"
            " cast(substr(split_part(r, '_', 2), 2) as integer)"
        ).fetchall()
    ]
    fd = [r[0] for r in con.execute("select distinct c from y order by c").fetchall()]
    zd = {(r, c): v for r, c, v in con.execute("select * from z").fetchall()}
    yd = {(r, c): v for r, c, v in con.execute("select * from y").fetchall()}
    # OUT = intermediate + final use of each row (the embedded WIOD 2013 rows differ from the
    # published gross output by up to ~0.4%, which the importer's total check would reject).
    out = dict(
        con.execute(
            "select r, sum(v) from (select r, v from z union all select r, v from y) group by r"
        ).fetchall()
    )
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["V1", *rows, *fd, "OUT"])
        for r in rows:
            zrow = [zd.get((r, c), 0.0) for c in rows]
            yrow = [yd.get((r, c), 0.0) for c in fd]
            w.writerow([r, *zrow, *yrow, out.get(r, 0.0)])
        colsum = {c: sum(zd.get((r, c), 0.0) for r in rows) for c in rows}
        w.writerow(["TLS", *[0.0] * len(rows), *[""] * len(fd), ""])
        w.writerow(["VA", *[out.get(c, 0.0) - colsum[c] for c in rows], *[""] * len(fd), ""])
        w.writerow(["OUT", *[out.get(c, 0.0) for c in rows], *[""] * len(fd), ""])


def test_icio_round_trip_equals_embedded_table(home: Path, tmp_path: Path) -> None:
    f = tmp_path / "ICIO_WIODSHAPE_2011.csv"
    _icio_csv_from_wiod2013(f, 2011)
    con = _open(home)
    res = con.import_file("icio", f, name="icio_wiod", release="test")
    con.close()
    assert res["entries"][0]["years"] == [2011]
    con = _open(home)
    cat = con.io_tables().set_index("io_table")
    assert cat.loc["icio_wiod", "n_regions"] == 41
    assert cat.loc["icio_wiod", "n_sectors"] == 35
    sums = (
        con.store.cursor()
        .execute(
            """select io_table, sum(value) from io_intermediate where year = 2011
           and io_table in ('wiod2013', 'icio_wiod') group by 1 order by 1"""
        )
        .fetchall()
    )
    assert sums[0][1] == pytest.approx(sums[1][1], rel=1e-12)
    fsums = (
        con.store.cursor()
        .execute(
            """select io_table, sum(value) from io_final where year = 2011
           and io_table in ('wiod2013', 'icio_wiod') group by 1 order by 1"""
        )
        .fetchall()
    )
    assert fsums[0][1] == pytest.approx(fsums[1][1], rel=1e-12)
    with pytest.warns(UserWarning, match="negative gross output"):
        a = con.io("wiod2013", 2011)
    with pytest.warns(UserWarning, match="negative gross output"):
        b = con.io("icio_wiod", 2011)
    # same region and sector order (RoW last), so the matrices match element by element.
    np.testing.assert_allclose(b.x_array, a.x_array, rtol=1e-12)
    np.testing.assert_allclose(b.L_array, a.L_array, rtol=1e-9, atol=1e-12)
    # VA row = output - intermediate inputs: va_j = x_j (1 - sum_i A_ij).
    np.testing.assert_allclose(
        b.va_array, a.x_array * (1 - a.A_array.sum(axis=0)), rtol=1e-9, atol=1e-6
    )
    con.close()


def _tiny_icio(path: Path, out_a1: float = 30.0, cell: str = "2") -> None:
    # 2 regions x 1 sector, hand-checkable: rows sum to OUT, columns + VA sum to OUT.
    path.write_text(
        "V1,AAA_S1,BBB_S1,AAA_HFCE,BBB_HFCE,OUT\n"
        f"AAA_S1,5,{cell},20,3,{out_a1}\n"
        "BBB_S1,4,6,1,29,40\n"
        "TLS,1,2,,,\n"
        "VA,20,30,,,\n"
        "OUT,30,40,,,\n"
    )


def test_icio_tiny_hand_checked(home: Path, tmp_path: Path) -> None:
    f = tmp_path / "2019.csv"
    _tiny_icio(f)
    con = _open(home)
    con.import_file("icio", f, name="tiny_icio")
    con.close()
    con = _open(home)
    cur = con.store.cursor()
    z = cur.execute(
        "select from_region, to_region, value from io_intermediate where"
        " io_table = 'tiny_icio' order by 1, 2"
    ).fetchall()
    assert z == [("AAA", "AAA", 5.0), ("AAA", "BBB", 2.0), ("BBB", "AAA", 4.0), ("BBB", "BBB", 6.0)]
    va = cur.execute(
        "select region, component, value from io_value_added where"
        " io_table = 'tiny_icio' order by 1"
    ).fetchall()
    assert va == [("AAA", "VA", 20.0), ("BBB", "VA", 30.0)]
    x = cur.execute(
        "select value from io_output where io_table = 'tiny_icio' order by region"
    ).fetchall()
    assert x == [(30.0,), (40.0,)]
    system = con.io("tiny_icio", 2019)
    # A = Z / x (column-wise): [[5/30, 2/40], [4/30, 6/40]]
    np.testing.assert_allclose(system.A_array, [[5 / 30, 2 / 40], [4 / 30, 6 / 40]])
    # importing the same release again replaces it: nothing is duplicated.
    con.import_file("icio", f, name="tiny_icio")
    con.close()
    con = _open(home)
    counts = (
        con.store.cursor()
        .execute(
            """select (select count(*) from io_intermediate where io_table = 'tiny_icio'),
                  (select count(*) from io_regions where io_table = 'tiny_icio'),
                  (select count(*) from io_sectors where io_table = 'tiny_icio'),
                  (select count(*) from io_catalog where io_table = 'tiny_icio')"""
        )
        .fetchone()
    )
    assert counts == (4, 2, 1, 1)
    con.close()


def test_icio_declared_total_mismatch_rejected(home: Path, tmp_path: Path) -> None:
    f = tmp_path / "2018.csv"
    _tiny_icio(f, out_a1=35.0)
    con = _open(home)
    with pytest.raises(ImportValidationError, match="AAA_S1: row sum"):
        con.import_file("icio", f, name="bad_icio")
    con.close()


def test_icio_non_numeric_cell_named(home: Path, tmp_path: Path) -> None:
    f = tmp_path / "2017.csv"
    _tiny_icio(f, cell="n/a")
    con = _open(home)
    with pytest.raises(ImportValidationError, match=r"line 2 \(AAA_S1 x BBB_S1\): 'n/a'"):
        con.import_file("icio", f, name="bad_icio")
    con.close()


def test_io_name_of_embedded_table_refused(home: Path, tmp_path: Path) -> None:
    f = tmp_path / "2016.csv"
    _tiny_icio(f)
    con = _open(home)
    with pytest.raises(ImportValidationError, match="taken by the embedded data"):
        con.import_file("icio", f, name="wiod2013")
    con.close()


def _wiot_rows() -> list[list[str]]:
    """A 2-country x 2-industry WIOT sheet in the WIOD 2016 layout (header block, codes)."""
    rows = [
        ["World Input-Output Table 2014"] + [""] * 14,
        ["(millions of US$)"] + [""] * 14,
        [
            "",
            "",
            "",
            "",
            "Crop",
            "Mining",
            "Crop",
            "Mining",
            "Households",
            "Government",
            "GFCF",
            "Households",
            "Government",
            "GFCF",
            "Total output",
        ],
        [
            "",
            "",
            "",
            "",
            "A01",
            "B",
            "A01",
            "B",
            "CONS_h",
            "CONS_g",
            "GFCF",
            "CONS_h",
            "CONS_g",
            "GFCF",
            "GO",
        ],
        [
            "",
            "",
            "",
            "",
            "AUS",
            "AUS",
            "USA",
            "USA",
            "AUS",
            "AUS",
            "AUS",
            "USA",
            "USA",
            "USA",
            "TOT",
        ],
        ["", "", "", "", "c1", "c2", "c1", "c2", "c57", "c59", "c60", "c57", "c59", "c60", "c62"],
        ["A01", "Crop", "AUS", "r1", "10", "5", "2", "0", "30", "0", "3", "10", "0", "0", "60"],
        ["B", "Mining", "AUS", "r2", "4", "8", "6", "1", "5", "1", "10", "5", "0", "0", "40"],
        ["A01", "Crop", "USA", "r1", "1", "0", "20", "9", "2", "0", "0", "50", "3", "5", "90"],
        ["B", "Mining", "USA", "r2", "0", "3", "7", "15", "0", "0", "4", "20", "1", "10", "60"],
        ["II_fob", "Total intermediate", "TOT", "r57", "15", "16", "35", "25"] + [""] * 7,
        ["TXSP", "Taxes less subsidies", "TOT", "r58", "1", "1", "2", "1"] + [""] * 7,
        ["VA", "Value added", "TOT", "r64", "44", "23", "53", "34"] + [""] * 7,
        ["GO", "Output", "TOT", "r69", "60", "40", "90", "60"] + [""] * 7,
    ]
    return rows


def test_wiod2016_wiot_xlsx(home: Path, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in _wiot_rows():
        ws.append([float(v) if v.replace(".", "").isdigit() else v for v in r])
    f = tmp_path / "WIOT2014_Nov16_ROW.xlsx"
    wb.save(f)
    con = _open(home)
    res = con.import_file("wiod2016", f, name="wiot_test")
    con.close()
    assert res["entries"][0]["years"] == [2014]
    con = _open(home)
    cur = con.store.cursor()
    assert cur.execute(
        "select sum(value) from io_intermediate where io_table = 'wiot_test'"
    ).fetchone()[0] == pytest.approx(91.0)
    fin = cur.execute(
        "select to_region, category, sum(value) from io_final where"
        " io_table = 'wiot_test' group by all order by all"
    ).fetchall()
    assert fin == [
        ("AUS", "CONS_g", 1.0),
        ("AUS", "CONS_h", 37.0),
        ("AUS", "GFCF", 17.0),
        ("USA", "CONS_g", 4.0),
        ("USA", "CONS_h", 85.0),
        ("USA", "GFCF", 15.0),
    ]
    assert cur.execute(
        "select sum(value) from io_value_added where io_table = 'wiot_test'"
    ).fetchone()[0] == pytest.approx(154.0)
    sectors = cur.execute(
        "select sector from io_sectors where io_table = 'wiot_test' order by position"
    ).fetchall()
    assert sectors == [("A01",), ("B",)]
    con.close()


BPS_LAYOUT = """
name = "bps_test3"
year = 2016
region = "IDN"
unit = "million IDR"
source = "synthetic 3-sector table in the BPS layout (test fixture)"
label_row = 2
label_col = 1
name_col = 2
sectors = "1-3"
output_row = "210"
output_col = "600"
other_inputs = ["200"]
tolerance = 0.5

[final_demand]
301 = "household"
305 = "exports"

[value_added]
201 = "wages"
202 = "surplus"
"""


def test_national_io_with_toml_layout(home: Path, tmp_path: Path) -> None:
    # rows: 3 sectors, 190 subtotal (ignored), 200 imports (other), 201/202 VA, 210 total input
    f = tmp_path / "tabel_io_2016_3.csv"
    f.write_text(
        "Tabel Input-Output Indonesia 2016 (juta rupiah),,,,,,,,\n"
        "Kode,Uraian,1,2,3,180,301,305,600\n"
        "1,Pertanian,10,20,5,35,50,15,100\n"
        "2,Industri,15,30,25,70,100,30,200\n"
        "3,Jasa,5,10,20,35,60,5,100\n"
        "190,Jumlah input antara,30,60,50,,,,\n"
        "200,Impor,10,20,0,,,,\n"
        "201,Upah dan gaji,40,70,30,,,,\n"
        "202,Surplus usaha,20,50,20,,,,\n"
        "210,Jumlah input,100,200,100,,,,\n"
    )
    lay = tmp_path / "layout.toml"
    lay.write_text(BPS_LAYOUT)
    con = _open(home)
    con.import_file("national_io", f, layout=lay)
    con.close()
    con = _open(home)
    system = con.io("bps_test3", 2016)
    np.testing.assert_allclose(system.x_array, [100, 200, 100])
    np.testing.assert_allclose(system.A_array[:, 0], [0.10, 0.15, 0.05])
    names = (
        con.store.cursor()
        .execute("select name from io_sectors where io_table = 'bps_test3' order by position")
        .fetchall()
    )
    assert names == [("Pertanian",), ("Industri",), ("Jasa",)]
    va = (
        con.store.cursor()
        .execute(
            "select component, sum(value) from io_value_added where"
            " io_table = 'bps_test3' group by 1 order by 1"
        )
        .fetchall()
    )
    assert va == [("surplus", 90.0), ("wages", 140.0)]
    con.close()


def test_national_io_layout_errors(home: Path, tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text("a,b\n1,2\n")
    lay = tmp_path / "layout.json"
    lay.write_text(json.dumps({"name": "x", "year": 2016}))
    con = _open(home)
    with pytest.raises(ImportValidationError, match="missing key"):
        con.import_file("national_io", f, layout=lay)
    with pytest.raises(ImportValidationError, match="needs a layout"):
        con.import_file("national_io", f)
    con.close()
