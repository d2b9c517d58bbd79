"""Trade importers (BACI, UN Comtrade, Atlas): formats, validation, atomicity, idempotence.

Fixtures are written by the tests in the exact public formats; the BACI ones are cut from the
shipped real BACI HS17 sample, so round-trip totals are checked against the real file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

import gvc
from gvc.errors import ImportValidationError, InvalidInputError
from gvc.importers import baci, validation
from tests.helpers import DATA, baci_csv, private_home

CODES = DATA / "trade_flows/baci_country_codes_V202301.csv"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private GVC_HOME with its own database, built once for this module."""
    with private_home(tmp_path_factory.mktemp("gvc_import_home"), build=True) as h:
        yield h


def _manifest_bytes(home: Path) -> bytes:
    path = home / "imports/manifest.json"
    return path.read_bytes() if path.is_file() else b""


def _open(home: Path) -> gvc.Gvc:
    return gvc.connect(home / "gvc.duckdb", data_dir=DATA)


def _convert(tmp_path: Path, text: str, quarantine: bool = False) -> validation.Report:
    csv = tmp_path / "BACI_HS17_Y2020_V202301.csv"
    csv.write_text(text)
    lut = baci.country_lut(duckdb.connect(), CODES, [])
    return validation.convert(
        duckdb.connect(),
        baci.spec(2020, lut),
        csv,
        tmp_path / "out",
        tmp_path / "rejects.csv",
        quarantine,
    )


GOOD = "t,i,j,k,v,q\n2020,4,36,71120,0.727,0.308\n2020,4,36,80211,2.404,\n2020,4,381,80620,1.5,NA\n"


def test_baci_validation_good_rows_convert(tmp_path: Path) -> None:
    rep = _convert(tmp_path, GOOD)
    assert (rep.rows_read, rep.rows_written, rep.rejected) == (3, 3, {})
    got = duckdb.execute(
        "select exporter, importer, product, value_usd, quantity from read_parquet($g,"
        " hive_partitioning = true) order by product",
        {"g": str(tmp_path / "out/**/*.parquet")},
    ).fetchall()
    # thousand USD -> USD; 381 is Italy; NA and empty quantities are missing; HS6 zero-padded.
    assert got == [
        ("AFG", "AUS", "071120", 727.0, 0.308),
        ("AFG", "AUS", "080211", 2404.0, None),
        ("AFG", "ITA", "080620", 1500.0, None),
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("2020,4,36,80212,abc,1", "'v' is not a number"),
        ("2020,4,36,80212,-5,1", "negative value 'v'"),
        ("2020,4,999,80212,5,1", "unknown importer code 'j'"),
        ("2020,4,36,8021X,5,1", "malformed HS code 'k'"),
        ("2020,4,36,71120,5,1", "duplicate key"),
        ("2019,4,36,80212,5,1", "'t' differs from the year in the file name"),
        ("2020,4,36,80212,5,1,7", "more fields than the 6 columns"),
        ("2020,4,36,,5,1", "'k' is empty"),
        # the fast pass folds its checks into one test (baci.FAST_VERDICT): every way a parsed
        # value can be bad still stops it, and the explain pass names the same reason
        ("2020,4,36,80212,nan,1", "'v' is not a finite number"),
        ("2020,4,36,80212,inf,1", "'v' is not a finite number"),
        ("2020,4,36,80212,,1", "'v' is empty"),
        ("2020,4,36,80212,5,-1", "negative quantity 'q'"),
        ("2020,4,36,80212,5,nan", "'q' is not a finite number"),
        ("2020,4,36,80212,5,-inf", "'q' is not a finite number"),
        ("2020,,36,80212,5,1", "'i' is empty"),
        ("2020,4,36,80212.5,5,1", "malformed HS code 'k'"),
        ("2020,4,36,8021,5,1", "malformed HS code 'k'"),
        ("2020,4,36,1000000,5,1", "malformed HS code 'k'"),
        ("2020,4,36,-80212,5,1", "malformed HS code 'k'"),
        (",4,36,80212,5,1", "'t' is empty"),
    ],
)
def test_baci_bad_rows_are_rejected_with_line_numbers(
    tmp_path: Path, line: str, reason: str
) -> None:
    with pytest.raises(ImportValidationError, match="line 5") as err:
        _convert(tmp_path, GOOD + line + "\n")
    msg = str(err.value)
    assert "BACI_HS17_Y2020_V202301.csv" in msg
    assert reason in msg
    assert "1 of 4 rows rejected" in msg or "2 of 4 rows rejected" in msg


def test_baci_hs_codes_as_cepii_writes_them(tmp_path: Path) -> None:
    # six digits, five (leading zero lost), padded, and a whole number written with a decimal
    # point are the same codes; the fast pass reads k as a number (no text check per row)
    text = GOOD + "2020,4,36,010110,1,1\n2020,4,36,  80212,1,1\n2020,4,36,80213.0,1,1\n"
    rep = _convert(tmp_path, text)
    assert (rep.rows_written, rep.rejected, rep.warnings) == (6, {}, [])
    got = duckdb.execute(
        "select product from read_parquet($g) order by 1", {"g": str(tmp_path / "out/**/*.parquet")}
    ).fetchall()
    assert [g[0] for g in got] == ["010110", "071120", "080211", "080212", "080213", "080620"]


def test_baci_quarantine_lands_good_rows_and_writes_rejects(tmp_path: Path) -> None:
    bad = "2020,4,36,80212,-5,1\n2020,4,36,80213,x,1\n2020,4,36,80214,5,1\n"
    rep = _convert(tmp_path, GOOD + bad, quarantine=True)
    assert rep.rows_read == 6
    assert rep.rows_written == 4
    assert rep.rejected == {"negative value 'v'": 1, "'v' is not a number": 1}
    rej = duckdb.execute(
        "select line, reason, record from read_csv($p) order by line", {"p": rep.rejects_file}
    ).fetchall()
    assert rej == [
        (5, "negative value 'v'", "2020,4,36,80212,-5,1"),
        (6, "'v' is not a number", "2020,4,36,80213,x,1"),
    ]


def test_baci_grouping_codes_are_skipped_and_counted(tmp_path: Path) -> None:
    # 697 "Europe EFTA, nes" has ISO3 N/A in the BACI list: not a country, counted as skipped.
    rep = _convert(tmp_path, GOOD + "2020,4,697,80212,5,1\n")
    assert (rep.rows_read, rep.rows_written) == (4, 3)
    assert rep.skipped == {"exporter or importer is a grouping, not a country (ISO3 N/A)": 1}


def test_baci_padded_fields_are_read_by_the_fast_pass(tmp_path: Path) -> None:
    # BACI releases pad numbers and NA with spaces: the fast pass reads "   NA" as missing
    # (tests/test_import_layouts.py checks every layout without the explain pass).
    rep = _convert(
        tmp_path,
        "t,i,j,k,v,q\n2020,4,36,71120,   0.727,         NA\n2020,4,36,80211,  2.404,  1.5\n",
    )
    assert (rep.rows_written, rep.rejected) == (2, {})
    got = duckdb.execute(
        "select product, value_usd, quantity from read_parquet($g,"
        " hive_partitioning = true) order by 1",
        {"g": str(tmp_path / "out/**/*.parquet")},
    ).fetchall()
    assert got == [("071120", 727.0, None), ("080211", 2404.0, 1.5)]


def test_baci_missing_column_is_named(tmp_path: Path) -> None:
    with pytest.raises(ImportValidationError, match=r"missing column.*'q'"):
        _convert(tmp_path, "t,i,j,k,v\n2020,4,36,71120,1\n")


def test_baci_extra_column_rejected_unless_quarantine(tmp_path: Path) -> None:
    text = "t,i,j,k,v,q,z\n2020,4,36,71120,1,2,3\n"
    with pytest.raises(ImportValidationError, match=r"unexpected column.*'z'"):
        _convert(tmp_path, text)
    rep = _convert(tmp_path, text, quarantine=True)
    assert rep.rows_written == 1
    assert "ignored" in rep.warnings[0]


def test_baci_import_round_trip_and_idempotence(home: Path, tmp_path: Path) -> None:
    rel = tmp_path / "rel"
    rel.mkdir()
    n, v = baci_csv(rel / "BACI_HS17_Y2020_V202301.csv", 2020)
    con = _open(home)
    res = con.import_file("baci", rel / "BACI_HS17_Y2020_V202301.csv")
    assert res["reports"][0]["rows_written"] == n
    # the old snapshot keeps its data; a fresh one sees the import.
    assert (
        con.store.cursor()
        .execute("select count(*) from trade_flows where source = 'baci_hs17_V202301'")
        .fetchone()[0]
        == 0
    )
    con.close()
    con = _open(home)
    got = (
        con.store.cursor()
        .execute(
            "select count(*), sum(value_usd) from trade_flows where source = 'baci_hs17_V202301'"
        )
        .fetchone()
    )
    assert got[0] == n
    assert got[1] == pytest.approx(v * 1000, rel=1e-12)
    # the imported flows equal the embedded copy of the same sample, row for row.
    diff = (
        con.store.cursor()
        .execute(
            """select count(*) from (
             select year, exporter, importer, product, value_usd from trade_flows
             where source = 'baci_hs17_V202301'
             except
             select year, exporter, importer, product, value_usd from trade_flows
             where source = 'baci_hs17_sample' and year = 2020)"""
        )
        .fetchone()[0]
    )
    assert diff == 0
    con.close()
    # the same release again: replaced, not duplicated.
    con = _open(home)
    con.import_file("baci", rel / "BACI_HS17_Y2020_V202301.csv")
    con.close()
    con = _open(home)
    assert (
        con.store.cursor()
        .execute("select count(*) from trade_flows where source = 'baci_hs17_V202301'")
        .fetchone()[0]
        == n
    )
    assert len(con.imports()) == 1
    assert "BACI HS17 V202301 (trade_flows)" in set(con.datasets()["name"])
    # a newer release for the same year needs replace=True.
    newer = tmp_path / "BACI_HS17_Y2020_V202401.csv"
    n2, _ = baci_csv(newer, 2020, "i = 4")
    with pytest.raises(InvalidInputError, match="already provides 2020"):
        con.import_file("baci", newer)
    con.import_file("baci", newer, replace=True)
    con.close()
    con = _open(home)
    by_source = dict(
        con.store.cursor()
        .execute(
            "select source, count(*) from trade_flows where source like 'baci_hs17_V2%' group by 1"
        )
        .fetchall()
    )
    assert by_source == {"baci_hs17_V202401": n2}
    con.close()


def test_baci_zip_release_with_country_codes(home: Path, tmp_path: Path) -> None:
    csv = tmp_path / "BACI_HS17_Y2021_V202301.csv"
    n, v = baci_csv(csv, 2021, "i = 710")
    zpath = tmp_path / "BACI_HS17_V202301.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(csv, "BACI_HS17_Y2021_V202301.csv")
        zf.write(CODES, "country_codes_V202301.csv")
        zf.writestr("Readme.txt", "BACI")
    con = _open(home)
    res = con.import_file("baci", zpath)
    con.close()
    assert res["reports"][0]["rows_written"] == n
    con = _open(home)
    got = (
        con.store.cursor()
        .execute(
            "select count(*), sum(value_usd), min(exporter), max(exporter) from trade_flows"
            " where source = 'baci_hs17_V202301' and year = 2021"
        )
        .fetchone()
    )
    assert got[0] == n
    assert got[1] == pytest.approx(v * 1000, rel=1e-12)
    assert got[2] == got[3] == "ZAF"
    con.close()


def test_zip_bomb_is_refused(home: Path, tmp_path: Path) -> None:
    zpath = tmp_path / "BACI_HS92_V202301.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("BACI_HS92_Y2020_V202301.csv", "t,i,j,k,v,q\n" + "0" * 5_000_000)
    con = _open(home)
    with pytest.raises(ImportValidationError, match="zip bomb"):
        con.import_file("baci", zpath)
    con.close()
    assert not list((home / "imports").glob(".tmp-*"))


KILL_SCRIPT = """
import os, signal, sys
import gvc
from gvc.importers import manifest
def die(*a, **k):
    os.kill(os.getpid(), signal.SIGKILL)
manifest.save = die
con = gvc.connect(sys.argv[1], data_dir=sys.argv[2])
con.import_file("baci", sys.argv[3], replace=True)
"""


def test_import_killed_during_write_leaves_previous_data(home: Path, tmp_path: Path) -> None:
    con = _open(home)
    before = (
        con.store.cursor()
        .execute("select source, count(*), sum(value_usd) from trade_flows group by 1 order by 1")
        .fetchall()
    )
    con.close()
    manifest_before = _manifest_bytes(home)
    csv = tmp_path / "BACI_HS17_Y2020_V202501.csv"
    baci_csv(csv, 2020)
    proc = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, str(home / "gvc.duckdb"), str(DATA), str(csv)],
        env={**os.environ, "GVC_HOME": str(home)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == -9, proc.stderr
    assert _manifest_bytes(home) == manifest_before
    con = _open(home)
    after = (
        con.store.cursor()
        .execute("select source, count(*), sum(value_usd) from trade_flows group by 1 order by 1")
        .fetchall()
    )
    assert after == before
    con.close()
    # the killed import's scratch folder is removed by the next import.
    assert len(list((home / "imports").glob(".tmp-*"))) == 1


def test_ctrl_c_during_conversion_cleans_up(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv = tmp_path / "BACI_HS17_Y2020_V202601.csv"
    baci_csv(csv, 2020, "i = 4")
    manifest_before = _manifest_bytes(home)

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("gvc.imports.convert", interrupt)
    monkeypatch.setattr("gvc.importers.validation.convert", interrupt)  # baci.run's import
    con = _open(home)
    with pytest.raises(KeyboardInterrupt):
        con.import_file("baci", csv, replace=True)
    con.close()
    assert _manifest_bytes(home) == manifest_before
    assert len(list((home / "imports").glob(".tmp-*"))) == 0


# --- UN Comtrade -----------------------------------------------------------------------------

CURRENT = [
    (
        "typeCode,freqCode,refYear,reporterCode,reporterISO,flowCode,partnerCode,partnerISO,"
        "partner2Code,classificationCode,cmdCode,customsCode,motCode,netWgt,primaryValue,isAggregate"
    ),
    # Indonesia's coffee exports: three partners and the World total (100 + 50 + 65 = 215)
    "C,A,2020,360,IDN,X,0,W00,0,H5,090111,C00,0,34,215,true",
    "C,A,2020,360,IDN,X,842,USA,0,H5,090111,C00,0,20,100,false",
    "C,A,2020,360,IDN,X,392,JPN,0,H5,090111,C00,0,10,50,false",
    "C,A,2020,360,IDN,X,276,DEU,0,H5,090111,C00,0,4,65,false",
    # a transport-mode breakdown of the USA flow (kept out, counted)
    "C,A,2020,360,IDN,X,842,USA,0,H5,090111,C00,1000,20,100,false",
    # Germany reports imports from Indonesia (already reported by IDN: not mirrored) and from
    # Viet Nam, which reported nothing: mirrored
    "C,A,2020,276,DEU,M,360,IDN,0,H5,090111,C00,0,5,70,false",
    "C,A,2020,276,DEU,M,704,VNM,0,H5,090111,C00,0,6,80,false",
    "C,A,2020,276,DEU,M,0,W00,0,H5,090111,C00,0,11,150,true",
    # a re-export (kept out, counted)
    "C,A,2020,276,DEU,RX,360,IDN,0,H5,090111,C00,0,1,9,false",
]
LEGACY = [
    (
        '"Classification","Year","Period","Trade Flow Code","Trade Flow","Reporter Code","Reporter",'
        '"Reporter ISO","Partner Code","Partner","Partner ISO","Commodity Code","Commodity",'
        '"Netweight (kg)","Trade Value (US$)","Flag"'
    ),
    'H3,2010,2010,2,"Export",76,"Brazil","BRA",0,"World","WLD",090111,"Coffee",300,1000,0',
    'H3,2010,2010,2,"Export",76,"Brazil","BRA",840,"USA","USA",090111,"Coffee",200,600,0',
    'H3,2010,2010,2,"Export",76,"Brazil","BRA",899,"Areas, nes","",090111,"Coffee",100,400,0',
]


def test_comtrade_current_names_exports_and_mirrors(home: Path, tmp_path: Path) -> None:
    f = tmp_path / "TradeData_coffee_2020.csv"
    f.write_text("\n".join(CURRENT) + "\n")
    con = _open(home)
    res = con.import_file("comtrade", f, release="api2020")
    con.close()
    rep = res["reports"][0]
    assert rep["rows_read"] == 9
    assert rep["skipped"] == {
        "breakdown by customs procedure, transport mode or 2nd partner": 1,
        "partner World (declared total, checked)": 2,
        "re-exports, re-imports and other flows": 1,
    }
    con = _open(home)
    got = (
        con.store.cursor()
        .execute(
            "select source, exporter, importer, hs_revision, product, value_usd, quantity,"
            " quantity_unit from trade_flows where source like 'comtrade_api2020%' order by all"
        )
        .fetchall()
    )
    con.close()
    # IDN -> DEU is taken from IDN's export report (65), not DEU's import report (70).
    assert got == [
        ("comtrade_api2020", "IDN", "DEU", "HS17", "090111", 65.0, 4.0, "kg"),
        ("comtrade_api2020", "IDN", "JPN", "HS17", "090111", 50.0, 10.0, "kg"),
        ("comtrade_api2020", "IDN", "USA", "HS17", "090111", 100.0, 20.0, "kg"),
        ("comtrade_api2020_mirror", "VNM", "DEU", "HS17", "090111", 80.0, 6.0, "kg"),
    ]


def test_comtrade_legacy_names(home: Path, tmp_path: Path) -> None:
    f = tmp_path / "comtrade_legacy_2010.csv"
    f.write_text("\n".join(LEGACY) + "\n")
    con = _open(home)
    res = con.import_file("comtrade", f, name="legacy")
    con.close()
    assert res["reports"][0]["skipped"] == {
        "partner World (declared total, checked)": 1,
        "partner area that is not a country": 1,
    }
    con = _open(home)
    got = (
        con.store.cursor()
        .execute(
            "select exporter, importer, hs_revision, value_usd from trade_flows"
            " where source like 'comtrade_legacy_%'"
        )
        .fetchall()
    )
    con.close()
    assert got == [("BRA", "USA", "HS07", 600.0)]


def test_comtrade_world_total_must_match_partners(home: Path, tmp_path: Path) -> None:
    rows = list(CURRENT)
    rows[1] = rows[1].replace(",34,215,", ",34,290,")
    f = tmp_path / "TradeData_bad_total.csv"
    f.write_text("\n".join(rows) + "\n")
    con = _open(home)
    with pytest.raises(ImportValidationError, match=r"declared total differs.*line 2"):
        con.import_file("comtrade", f, name="bad")
    con.close()


def test_comtrade_real_coffee_file_round_trip(home: Path, tmp_path: Path) -> None:
    """The shipped real Comtrade extract, written back as CSV (its own snake_case names), imports
    to exactly the embedded comtrade_coffee rows; 3 World totals disagree with their partners."""
    f = tmp_path / "comtrade_coffee.csv"
    duckdb.execute(
        f"copy (select * from read_parquet($p)) to '{f}' (header)",
        {
            "p": str(
                DATA / "trade_flows/comtrade_hs0901_green_coffee_bilateral_exports_2005_2010_"
                "2015.parquet"
            )
        },
    )
    con = _open(home)
    with pytest.raises(InvalidInputError, match="used by the embedded data"):
        con.import_file("comtrade", f, release="coffee", quarantine=True)
    with pytest.raises(ImportValidationError, match="3 of 8152 rows rejected"):
        con.import_file("comtrade", f, release="coffee2024")
    res = con.import_file("comtrade", f, release="coffee2024", quarantine=True)
    con.close()
    rep = res["reports"][0]
    assert (rep["rows_read"], rep["rows_written"]) == (8152, 7467)
    assert rep["rejected"] == {"declared total differs from the sum of its parts": 3}
    rej = duckdb.execute(
        "select line, record from read_csv($p) order by line", {"p": rep["rejects_file"]}
    ).fetchall()
    assert [r[0] for r in rej] == [1998, 2995, 4755]
    assert '"Coffee, not roasted, decaffeinated"' in rej[0][1]
    con = _open(home)
    cols = "year, exporter, importer, hs_revision, product, value_usd, quantity"
    for a, b in (
        ("comtrade_coffee", "comtrade_coffee2024"),
        ("comtrade_coffee2024", "comtrade_coffee"),
    ):
        diff = (
            con.store.cursor()
            .execute(
                f"select count(*) from (select {cols} from trade_flows where source = $a except all"
                f" select {cols} from trade_flows where source = $b)",
                {"a": a, "b": b},
            )
            .fetchone()
        )
        assert diff[0] == 0
    con.close()


# --- Atlas -----------------------------------------------------------------------------------


def test_atlas_country_product_year_from_real_sample(home: Path, tmp_path: Path) -> None:
    src = DATA / "trade_flows/atlas_hs92_country_hs4_exports_2016.parquet"
    f = tmp_path / "hs92_country_product_year_4.csv"
    duckdb.execute(
        f"copy (select row_number() over () as country_id, exporter_iso3 as country_iso3_code,"
        f" 1 as product_id, hs92_4 as product_hs92_code, year, export_value_usd as export_value,"
        f" 0 as import_value from read_parquet($s) where hs92_4 <> '5209|5211'"
        f" union all select 0, 'IDN', 2, 'travel', 2016, 5, 0)"
        f" to '{f}' (header, delimiter ',')",
        {"s": str(src)},
    )
    # Atlas code 9999 ("unspecified") is not an HS good: counted as skipped, like 'travel'.
    n, v, n9999 = duckdb.execute(
        "select count(*) filter (where export_value_usd <> 0 and hs92_4 <> '9999'),"
        " sum(export_value_usd) filter (where hs92_4 <> '9999'),"
        " count(*) filter (where hs92_4 = '9999')"
        " from read_parquet($s) where hs92_4 <> '5209|5211'",
        {"s": str(src)},
    ).fetchone()
    con = _open(home)
    res = con.import_file("atlas", f, release="2024")
    con.close()
    rep = res["reports"][0]
    assert rep["rows_written"] == n
    assert rep["skipped"]["not an HS good (services, unspecified)"] == n9999 + 1
    con = _open(home)
    got = (
        con.store.cursor()
        .execute(
            "select count(*), sum(value_usd), min(level), max(level) from exports"
            " where source = 'atlas_hs92_cpy_2024'"
        )
        .fetchone()
    )
    con.close()
    assert got[0] == n
    assert got[1] == pytest.approx(v, rel=1e-12)
    assert got[2] == got[3] == 4


def test_atlas_country_country_product(home: Path, tmp_path: Path) -> None:
    f = tmp_path / "hs92_country_country_product_year_6_2020.csv"
    f.write_text(
        "country_id,country_iso3_code,partner_country_id,partner_iso3_code,product_id,"
        "product_hs92_code,year,export_value,import_value\n"
        "1,IDN,2,USA,10,090111,2020,1000,0\n"
        "1,IDN,3,JPN,10,090111,2020,0,500\n"
        "1,IDN,3,JPN,11,090112,2020,250,0\n"
    )
    con = _open(home)
    res = con.import_file("atlas", f)
    con.close()
    assert res["reports"][0]["skipped"] == {"zero or empty export value": 1}
    con = _open(home)
    got = (
        con.store.cursor()
        .execute(
            "select exporter, importer, product, level, value_usd from trade_flows"
            " where source like 'atlas_hs92_ccpy%' order by product"
        )
        .fetchall()
    )
    con.close()
    assert got == [("IDN", "USA", "090111", 6, 1000.0), ("IDN", "JPN", "090112", 6, 250.0)]


def test_manifest_is_valid_json_listing_live_releases(home: Path) -> None:
    data = json.loads((home / "imports/manifest.json").read_text())
    assert {e["dataset"] for e in data["entries"]} >= {"atlas_hs92_cpy", "atlas_hs92_ccpy"}
    for e in data["entries"]:  # stored relative to the imports folder (GVC_HOME can move)
        assert not Path(e["path"]).is_absolute()
        assert (home / "imports" / e["path"]).is_dir()


def test_cli_import_and_list(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from gvc.cli import main

    f = tmp_path / "BACI_HS92_Y2018_V202301.csv"
    f.write_text(GOOD.replace("2020", "2018") + "2018,4,36,80212,-5,1\n")
    db = str(home / "gvc.duckdb")
    assert main(["--db", db, "--data-dir", str(DATA), "import", "baci", str(f)]) == 2
    err = capsys.readouterr().err
    assert "line 5" in err
    assert "negative value 'v'" in err
    assert (
        main(["--db", db, "--data-dir", str(DATA), "import", "baci", str(f), "--quarantine"]) == 0
    )
    out = capsys.readouterr()
    assert "3 written" in out.out
    assert "REJECTED 1 negative value 'v'" in out.out
    assert "[####################] 1/1" in out.err
    assert main(["--db", db, "--data-dir", str(DATA), "imports", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    row = next(r for r in listed if r["dataset"] == "baci_hs92")
    assert (row["rows"], row["rejected"]) == (3, 1)
