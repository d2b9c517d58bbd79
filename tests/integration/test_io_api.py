"""API and CLI of the IO area on the real database (the session ``con`` fixture)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gvc.analytics.io_linkages import IOSystem, IOTable
from gvc.cli import build_parser, main
from gvc.errors import DataNotFoundError, InvalidInputError, UnknownCodeError

DATA = Path(__file__).resolve().parents[2] / "data" / "io_tables"
NEG = r"negative gross output"


@pytest.fixture(scope="module")
def s2011(con) -> IOSystem:
    # the first build warns about LUX c5/c8 (negative output); a memoised system does not
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s = con.io("wiod2013", 2011)
    assert all(NEG in str(w.message) for w in caught)
    return s


def test_io_loads_the_same_table_as_the_parquet_files(con, s2011):
    flt = [("year", "=", 2011)]
    inter = pd.read_parquet(DATA / "wiod2013_inter_1995_2011.parquet", filters=flt)
    final = pd.read_parquet(DATA / "wiod2013_final_1995_2011.parquet", filters=flt)
    output = pd.read_parquet(DATA / "wiod2013_output_1995_2011.parquet", filters=flt)
    iso = {"ROM": "ROU", "RoW": "ROW"}  # gvc stores WIOD regions as ISO3 codes
    for frame, cols in ((inter, ["from_country", "to_country"]), (output, ["country"])):
        for col in cols:
            frame[col] = frame[col].replace(iso)
    assert (inter["from_country"] != "ROM").all()
    t = s2011.table
    assert len(t.regions) == 41
    assert len(t.sectors) == 35
    assert t.regions[-1] == "ROW"
    # every stored cell lands where its labels say
    Z = s2011.Z
    pos = pd.MultiIndex.from_arrays([inter["from_country"], inter["from_sector"]])
    cols = pd.MultiIndex.from_arrays([inter["to_country"], inter["to_sector"]])
    rows_i = Z.index.get_indexer(pos)
    cols_i = Z.columns.get_indexer(cols)
    np.testing.assert_array_equal(Z.to_numpy()[rows_i, cols_i], inter["value_musd"].to_numpy())
    assert Z.to_numpy().sum() == pytest.approx(inter["value_musd"].sum(), rel=1e-12)
    assert t.Y.sum() == pytest.approx(final["value_musd"].sum(), rel=1e-12)
    xp = pd.Series(t.x_published, index=t.labels)
    o = output.set_index(["country", "sector"])["gross_output_musd"]
    np.testing.assert_array_equal(xp.loc[o.index].to_numpy(), o.to_numpy())
    assert t.value_added is None  # wiod2013 has no VA rows: residual VA
    assert t.sector_names["c6"] == "Wood and Products of Wood and Cork"


def test_io_is_memoised_and_checks_its_input(con, s2011):
    assert con.io("wiod2013", 2011) is s2011
    with pytest.raises(DataNotFoundError, match="2020"):
        con.io("wiod2013", 2020)
    with pytest.raises(InvalidInputError, match="table"):
        con.io("wiod2099", 2011)
    with pytest.raises(UnknownCodeError, match=r"'IDX'.*IDN"):
        s2011.participation("IDX")


def test_api_measures_have_labels_and_identities(s2011):
    p = s2011.participation()
    assert len(p) == 41
    np.testing.assert_allclose(
        p["dva"] + p["fva"], p["gross_exports"], rtol=1e-9,
        atol=1e-12 * float(p["gross_exports"].abs().max()),
    )
    va = s2011.value_added_in_exports("IDN")
    assert list(va.columns[:3]) == ["region", "sector", "sector_name"]
    assert va["sector_name"].iloc[5] == "Wood and Products of Wood and Cork"
    lk = s2011.linkages("IDN")
    assert len(lk) == 35
    m = s2011.multipliers()
    live = s2011.x_array != 0  # residual VA: v L = 1' wherever there is output
    np.testing.assert_allclose(m["va_multiplier"][live], 1.0, rtol=1e-9)
    assert (m["va_multiplier"][~live] == 0).all()
    assert (m["output_multiplier"] >= 1 - 1e-12).all()
    assert s2011.output_check()["relative_residual"].max() < 1e-9


def test_region_and_sector_groups(con):
    # broad sectors absorb the two negative-output cells of the detailed table: no warning
    g = con.io(
        "wiod2013",
        2011,
        region_groups={"IDN": ["IDN"], "EU": "EU", "ROW": "*"},
        sector_groups="broad",
    )
    assert g.table.regions == ("IDN", "EU", "ROW")
    p = g.participation()
    np.testing.assert_allclose(
        p["dva"] + p["fva"], p["gross_exports"], rtol=1e-9,
        atol=1e-12 * float(p["gross_exports"].abs().max()),
    )
    # world output is unchanged by aggregation
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        full = con.io("wiod2013", 2011)
    assert g.x_array.sum() == pytest.approx(full.x_array.sum(), rel=1e-12)


def test_upstreamness_comparison_with_antras_chor(con):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cmp = con.io_upstreamness_comparison("wiod2013", 2011)
    assert len(cmp) == 41 * 35  # every region code matches the reference (ISO3 ROU, ROW)
    assert cmp["diff_u"].abs().median() < 0.003


def test_paths_through_the_api(s2011):
    df, g = s2011.paths(start=("IDN", "c6"), target="USA", kind="final_demand", top=50)
    assert len(df) == 50
    assert df["share"].sum() <= 1.0
    assert g.nodes["IDN c6"]["sector_name"] == "Wood and Products of Wood and Cork"
    assert g.graph["start"] == "IDN c6"
    assert g.graph["total"] == pytest.approx(df.attrs["total"])


def test_supplier_paths_through_the_api_and_cli(s2011, con, tmp_path):
    with pytest.warns(UserWarning, match="negative weights"):
        df, g = s2011.supplier_paths(end=("IDN", "c6"), target="IDN", top=30)
    assert len(df) == 30
    assert df["path"].str.endswith("IDN c6").all()
    assert g.nodes["IDN c6"]["sector_name"] == "Wood and Products of Wood and Cork"
    assert g.graph["end"] == "IDN c6"
    # the biggest origin of IDN wood exports' value added is IDN wood itself (the direct path)
    assert df["path"].iloc[0] == "IDN c6"
    out = tmp_path / "suppliers.csv"
    cmd = "io --year 2011 --region IDN --what supplier-paths --sector c6 --top 30 --out"
    args = build_parser().parse_args([*cmd.split(), str(out)])
    with pytest.warns(UserWarning, match="negative weights"):
        assert args.func(args, con) == 0
    got = pd.read_csv(out)
    assert got["path"].tolist() == df["path"].tolist()
    np.testing.assert_allclose(got["value"], df["value"], rtol=1e-12)


def test_cli_participation_and_paths(con, tmp_path, capsys):
    db = str(con.path)
    out = tmp_path / "p.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rc = main(
            [
                "--db",
                db,
                "io",
                "--table",
                "wiod2013",
                "--year",
                "2011",
                "--region",
                "IDN",
                "--what",
                "participation",
                "--out",
                str(out),
            ]
        )
    assert rc == 0
    got = pd.read_csv(out)
    assert got["region"].tolist() == ["IDN"]
    assert got["backward"].iloc[0] == pytest.approx(
        got["fva"].iloc[0] / got["gross_exports"].iloc[0]
    )
    # the other commands through the parser and handler on the session connection
    warnings.filterwarnings("ignore", message=".*" + NEG)  # pytest restores the filters
    out2 = tmp_path / "paths.parquet"
    args = build_parser().parse_args(
        [
            "io",
            "--year",
            "2011",
            "--region",
            "IDN",
            "--what",
            "paths",
            "--sector",
            "c6",
            "--top",
            "10",
            "--out",
            str(out2),
        ]
    )
    assert args.func(args, con) == 0
    assert len(pd.read_parquet(out2)) == 10
    args = build_parser().parse_args(["io", "--year", "2011", "--what", "linkages"])
    assert args.func(args, con) == 0
    assert "key" in capsys.readouterr().out
    args = build_parser().parse_args(
        [
            "io",
            "--year",
            "2011",
            "--group",
            "IDN=IDN",
            "--group",
            "EU=EU",
            "--group",
            "ROW=*",
            "--out",
            str(out),
        ]
    )
    assert args.func(args, con) == 0
    assert pd.read_csv(out)["region"].tolist() == ["IDN", "EU", "ROW"]
    for bad in (["--group", "EU"], ["--group", "A=IDN", "--group", "A=MEX"]):
        args = build_parser().parse_args(["io", *bad])
        with pytest.raises(InvalidInputError, match="--group"):
            args.func(args, con)
    args = build_parser().parse_args(["io", "--what", "paths", "--region", "IDN"])
    with pytest.raises(InvalidInputError, match="--sector"):
        args.func(args, con)


def test_from_positions_rejects_out_of_range():
    inter = pd.DataFrame({"row": [0, 5], "col": [0, 0], "value": [1.0, 2.0]})
    final = pd.DataFrame({"row": [0], "dest": [0], "category": ["F"], "value": [1.0]})
    with pytest.raises(InvalidInputError, match="'row' positions"):
        IOTable.from_positions(["a"], ["s1", "s2"], ["F"], inter, final)
    bad = final.assign(category=["G"])
    with pytest.raises(UnknownCodeError, match="category"):
        IOTable.from_positions(["a"], ["s1", "s2"], ["F"], inter.iloc[:1], bad)


def test_region_groups_preset_name_alone(con):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", ".*negative gross output", UserWarning)
        s = con.io("wiod2013", 2011, region_groups="EU")
    assert "EU" in s.table.regions
    assert "DEU" not in s.table.regions
    assert "IDN" in s.table.regions
    with pytest.raises(InvalidInputError, match="mapping of group name"):
        con.io("wiod2013", 2011, region_groups=["EU"])
